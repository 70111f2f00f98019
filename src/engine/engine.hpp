// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "engine/selection.hpp"

namespace ssmpf::engine {

// Applies the rule set (drops disabled rules, stamps the severity in effect), drops exact
// duplicates and sorts by file, position, rule id and message. Deterministic.
[[nodiscard]] std::vector<Diagnostic> finalize(std::vector<Diagnostic> diagnostics,
                                               const RuleSet& rules, const SourceManager& sources);

}  // namespace ssmpf::engine
