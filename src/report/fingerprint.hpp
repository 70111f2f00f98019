// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/result.hpp"
#include "base/source.hpp"
#include "model/node.hpp"

namespace ssmpf::report {

// The partialFingerprints key ssm-preflight writes and matches baselines on.
inline constexpr std::string_view k_fingerprint_key = "ssmPreflightResourcePath/v1";

// Where `range` sits in the structure of `document`, as a JSON pointer of keys and list indexes
// ("/Resources/EndpointSG/Properties/SecurityGroupIngress", "/pwork/vpcs/pworkvpc"): the
// deepest node that contains the range. Independent of lines, indentation and comments.
[[nodiscard]] std::string structural_path(const model::Document& document, SourceRange range);

// Gives every diagnostic its fingerprint: a hash of the rule id, the file's root-relative path
// and the structural path of the primary location (for a file without a parsed document, the
// primary line's text without blanks), then ":<n>" counting earlier diagnostics with the same
// hash, in the run's order. `documents` maps FileId indexes to parsed documents.
void assign_fingerprints(std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                         const std::map<std::uint32_t, const model::Document*>& documents,
                         const std::string& uri_root);

// (rule id, fingerprint) of every result of a SARIF log written by ssm-preflight.
using Baseline = std::set<std::pair<std::string, std::string>>;
[[nodiscard]] Result<Baseline> read_baseline(std::string_view sarif_text);

}  // namespace ssmpf::report
