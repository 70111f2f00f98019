// SPDX-License-Identifier: Apache-2.0
#include "engine/engine.hpp"

#include <algorithm>
#include <tuple>

#include "base/assert.hpp"

namespace ssmpf::engine {

std::vector<Diagnostic> finalize(std::vector<Diagnostic> diagnostics, const RuleSet& rules,
                                 const SourceManager& sources) {
  std::vector<Diagnostic> kept;
  kept.reserve(diagnostics.size());
  for (Diagnostic& d : diagnostics) {
    SSMPF_ASSERT(rules.registry() == nullptr || rules.registry()->find(d.rule_id) != nullptr,
                 "a diagnostic names a rule without metadata");
    if (!rules.enabled(d.rule_id)) {
      continue;
    }
    d.severity = rules.severity(d.rule_id);
    if (d.demoted && d.severity != Severity::note) {
      d.severity = d.severity == Severity::error ? Severity::warning : Severity::note;
    }
    kept.push_back(std::move(d));
  }
  auto key = [&](const Diagnostic& d) {
    const std::string_view path =
        d.range.file.valid() ? std::string_view(sources.file(d.range.file).path()) : "";
    return std::make_tuple(path, d.range.begin, d.range.end, std::string_view(d.rule_id),
                           std::string_view(d.message));
  };
  std::stable_sort(kept.begin(), kept.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  kept.erase(
      std::unique(kept.begin(), kept.end(),
                  [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
      kept.end());
  return kept;
}

}  // namespace ssmpf::engine
