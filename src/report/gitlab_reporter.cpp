// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <nlohmann/json.hpp>

#include "report/reporters.hpp"

namespace ssmpf::report {

namespace {

using Json = nlohmann::ordered_json;

// GitLab's scale is info, minor, major, critical, blocker; an error is proven broken, which
// GitLab ranks as major (critical and blocker are for security and outages).
std::string_view gitlab_severity(Severity s) {
  switch (s) {
    case Severity::error:
      return "major";
    case Severity::warning:
      return "minor";
    case Severity::note:
      return "info";
  }
  return "minor";
}

}  // namespace

void write_gitlab(const RunResult& run, std::ostream& out) {
  Json issues = Json::array();
  for (const Diagnostic& d : run.diagnostics) {
    if (d.suppression || !d.range.valid()) {
      continue;
    }
    const SourceFile& file = run.sources->file(d.range.file);
    const Position start = file.position(d.range.begin);
    const Position end = file.position(std::max(d.range.begin, d.range.end));
    // Unique per issue (GitLab keeps only the first issue of a fingerprint) and stable across
    // moved lines, like the SARIF partial fingerprint it is made from.
    std::string fingerprint = d.rule_id + "-" + d.fingerprint;
    std::replace(fingerprint.begin(), fingerprint.end(), ':', '-');
    issues.push_back(
        Json{{"type", "issue"},
             {"check_name", d.rule_id},
             {"description", d.message + " [" + d.rule_id + "]"},
             {"categories", Json::array({"Bug Risk"})},
             {"severity", gitlab_severity(d.severity)},
             {"fingerprint", fingerprint},
             {"location",
              {{"path", root_relative_path(file.absolute_path(), run.uri_root)},
               {"lines", {{"begin", start.line}, {"end", std::max(start.line, end.line)}}}}}});
  }
  out << issues.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace ssmpf::report
