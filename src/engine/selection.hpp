// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/result.hpp"
#include "engine/registry.hpp"

namespace ssmpf::engine {

// What the user asked for: selectors are rule ids (SSM009), names (endpoint-sg-blocks-https),
// id prefixes (SSM, PS00) or ALL.
struct SelectionRequest {
  std::vector<std::string> select;  // empty: every rule
  std::vector<std::string> ignore;
  std::vector<std::pair<std::string, Severity>> severities;  // selector -> severity
};

// Why `selector` (an id, name, id prefix or ALL) names no rule, with a did-you-mean; nullopt when
// it names at least one.
[[nodiscard]] std::optional<std::string> selector_problem(const Registry& registry,
                                                          std::string_view selector);

// Whether `selector` (an id, name, alias, id prefix or ALL) names `rule`.
[[nodiscard]] bool selector_matches(std::string_view selector, const RuleMeta& rule) noexcept;

// Which rules run and at which severity. The more specific selector wins when --select and
// --ignore both match a rule (an id beats a prefix, a longer prefix beats a shorter one); on a
// tie --ignore wins. LD rules are always on.
class RuleSet {
 public:
  RuleSet() = default;
  [[nodiscard]] static Result<RuleSet> resolve(const Registry& registry,
                                               const SelectionRequest& request);
  // Every rule, at its default severity.
  [[nodiscard]] static RuleSet all(const Registry& registry);

  [[nodiscard]] bool enabled(std::string_view id) const noexcept;
  [[nodiscard]] Severity severity(std::string_view id) const noexcept;
  [[nodiscard]] const Registry* registry() const noexcept { return m_registry; }

 private:
  struct Entry {
    bool enabled = true;
    Severity severity = Severity::error;
  };
  [[nodiscard]] const Entry* entry(std::string_view id) const noexcept;

  const Registry* m_registry = nullptr;
  std::vector<Entry> m_entries;  // parallel to registry->rules()
};

}  // namespace ssmpf::engine
