// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "engine/selection.hpp"
#include "model/node.hpp"

namespace ssmpf::engine {

// One request to not count findings, written by the user next to what it concerns:
//   # ssm-preflight: ignore SSM009[, SSM010...] -- reason        (this line and the next)
//   # ssm-preflight: ignore-file [SSM009...] -- reason           (the whole file)
// or, in a CloudFormation template, a resource's Metadata entry:
//   Metadata: {ssm-preflight: {ignore: [{rule: SSM009, reason: ...}]}}   (the resource)
struct Directive {
  enum class Reach : std::uint8_t { lines, file, range };
  Reach reach = Reach::lines;
  SourceRange at;                // the comment or the Metadata entry
  std::uint32_t first_line = 0;  // lines: the comment's line and the one below it
  std::uint32_t last_line = 0;
  SourceRange range;                     // range: the resource
  std::vector<std::string> rules;        // selectors (ids, names, prefixes); empty: every rule
  std::vector<SourceRange> rule_ranges;  // where each selector is written
  std::string reason;
};

class Suppressions {
 public:
  // Reads the directives in the comments of a YAML file. `document` (may be null) lets the
  // scanner skip `#` inside quoted and block scalars. Malformed directives (no rule, unknown
  // rule, no reason) are reported as SP002 and not honoured.
  void scan_comments(const SourceFile& file, FileId id, const model::Document* document,
                     const Registry& registry, Diagnostics& out);
  // Reads the `Metadata: ssm-preflight: ignore:` entries of a template's resources.
  void scan_template(const model::Document& document, const Registry& registry, Diagnostics& out);
  // Files whose rules did not all run (a set with a file that failed to load): their unused
  // directives are not reported.
  void mark_unanalysed(FileId file) { m_unanalysed.insert(file.index); }

  // Marks the findings a directive covers as suppressed and reports SP001 for each selector
  // that covers no finding of a rule that ran.
  void apply(std::vector<Diagnostic>& diagnostics, const RuleSet& rules, const Registry& registry,
             const SourceManager& sources, Diagnostics& out) const;

  [[nodiscard]] std::size_t size() const noexcept { return m_directives.size(); }

 private:
  std::vector<Directive> m_directives;
  std::set<std::uint32_t> m_unanalysed;
};

}  // namespace ssmpf::engine
