// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>

#include "report/run_result.hpp"

namespace ssmpf::report {

struct TextStyle {
  bool color = false;
  bool snippets = true;
};

// path:line:col: severity: message [ID], then the source line with a caret under the range,
// related locations and path steps as note: lines.
void write_text(const RunResult& run, const TextStyle& style, std::ostream& out);

// The one-line summary printed on stderr.
[[nodiscard]] std::string summary_line(const RunResult& run);

// SARIF 2.1.0, one run, full rules[] metadata, columns in UTF-16 code units.
void write_sarif(const RunResult& run, std::ostream& out);

// GitLab Code Quality report (the Code Climate issue subset GitLab reads): one issue per
// finding that is not suppressed, with path, lines, severity and a stable fingerprint.
void write_gitlab(const RunResult& run, std::ostream& out);

// GitHub Actions workflow commands (::error file=...,line=...::message).
void write_github(const RunResult& run, std::ostream& out);

}  // namespace ssmpf::report
