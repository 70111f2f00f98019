// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/source.hpp"

namespace ssmpf {

// The three SARIF levels; "off" exists only in configuration.
enum class Severity : unsigned char { note, warning, error };

[[nodiscard]] std::string_view to_string(Severity severity) noexcept;
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view text) noexcept;

// The other side of a finding: a definition, the instance affected, the rule that almost matched.
struct Related {
  SourceRange range;
  std::string message;
};

// One step of a path finding (SARIF codeFlows, text `note:` lines).
struct FlowStep {
  SourceRange range;
  std::string message;
};

struct Diagnostic {
  std::string rule_id;
  Severity severity = Severity::error;  // stamped by the engine from metadata and overrides
  std::string message;                  // lower-case start, no trailing period
  SourceRange range;
  std::vector<Related> related;
  std::vector<FlowStep> flow;
  // Reported one level below the rule's severity (a partial failure: error -> warning).
  bool demoted = false;
};

// A problem of the run itself rather than of the inputs (SARIF tool notifications).
struct Notification {
  Severity level = Severity::error;
  std::string message;
  std::string path;  // the file concerned, as shown to the user; may be empty
};

// Where stages and rules report. The engine stamps severities later.
class Diagnostics {
 public:
  void report(std::string_view rule_id, SourceRange at, std::string message,
              std::vector<Related> related = {}) {
    m_items.push_back(Diagnostic{std::string(rule_id),
                                 Severity::error,
                                 std::move(message),
                                 at,
                                 std::move(related),
                                 {},
                                 false});
  }
  void add(Diagnostic diagnostic) { m_items.push_back(std::move(diagnostic)); }
  void append(std::vector<Diagnostic> more) {
    for (Diagnostic& d : more) {
      m_items.push_back(std::move(d));
    }
  }
  [[nodiscard]] const std::vector<Diagnostic>& items() const noexcept { return m_items; }
  [[nodiscard]] std::vector<Diagnostic> take() noexcept { return std::exchange(m_items, {}); }

 private:
  std::vector<Diagnostic> m_items;
};

}  // namespace ssmpf
