// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "engine/registry.hpp"

namespace ssmpf::report {

// Everything a reporter needs: a finished, sorted, deduplicated run. Reporters are pure
// functions of this value.
struct RunResult {
  std::string tool_version;
  std::string information_uri;
  std::string docs_base_url;  // helpUri = <docs_base_url>/<ID>.md
  const engine::Registry* registry = nullptr;
  const SourceManager* sources = nullptr;
  std::vector<Diagnostic> diagnostics;  // sorted
  std::vector<Notification> notifications;
  std::string uri_root;  // absolute folder that artifact URIs are relative to
  std::size_t files_checked = 0;
  std::size_t baseline_matches = 0;  // findings left out because the baseline holds them
  std::string automation_id;         // SARIF runs[].automationDetails.id, when set
  bool execution_successful = true;  // false after an internal error
};

// The artifact URI of a file: relative to `root` with forward slashes and percent-encoding,
// or an absolute file:// URI when the file lies outside it.
[[nodiscard]] std::string artifact_uri(const std::string& absolute_path, const std::string& root);
// The plain path relative to `root` with forward slashes (no encoding), or the absolute path
// when the file lies outside it.
[[nodiscard]] std::string root_relative_path(const std::string& absolute_path,
                                             const std::string& root);

}  // namespace ssmpf::report
