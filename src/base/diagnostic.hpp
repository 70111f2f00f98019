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

// One replacement in a file: the bytes [range.begin, range.end) become `replacement`; an empty
// range is an insertion. Offsets are bytes of the file as read.
struct TextEdit {
  SourceRange range;
  std::string replacement;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

// A repair that is certain: applying all its edits together removes the finding and changes
// nothing else. Rules attach one only when the inputs determine the edit exactly.
struct Fix {
  std::string description;  // "turn private DNS on", imperative, no trailing period
  std::vector<TextEdit> edits;
};

// Why a finding is not counted: an in-source comment or template Metadata entry.
struct Suppression {
  SourceRange at;  // the comment or the Metadata entry
  std::string justification;
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
  std::vector<Fix> fixes;
  std::optional<Suppression> suppression;  // set by the engine
  // Identity across runs (rule, file, position in the document's structure; not line numbers):
  // SARIF partialFingerprints and baselines. Set after sorting.
  std::string fingerprint;
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
    Diagnostic d;
    d.rule_id = std::string(rule_id);
    d.message = std::move(message);
    d.range = at;
    d.related = std::move(related);
    m_items.push_back(std::move(d));
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
