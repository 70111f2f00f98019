// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "engine/rule_meta.hpp"

namespace ssmpf::engine {

// The rules known to this build, sorted by id.
class Registry {
 public:
  explicit Registry(std::span<const RuleMeta> rules) noexcept : m_rules(rules) {}
  // The rules compiled into the binary.
  [[nodiscard]] static const Registry& builtin() noexcept;

  [[nodiscard]] std::span<const RuleMeta> rules() const noexcept { return m_rules; }
  // By id, name or former name; nullptr when none.
  [[nodiscard]] const RuleMeta* find(std::string_view id_or_name) const noexcept;
  [[nodiscard]] std::size_t index_of(const RuleMeta& rule) const noexcept {
    return static_cast<std::size_t>(&rule - m_rules.data());
  }

 private:
  std::span<const RuleMeta> m_rules;
};

}  // namespace ssmpf::engine
