// SPDX-License-Identifier: Apache-2.0
#include "report/reporters.hpp"

namespace ssmpf::report {

namespace {

// The escaping of GitHub's own toolkit (@actions/core command.ts).
std::string escape_data(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (const char c : escape_data(s)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view command(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "notice";
  }
  return "error";
}

}  // namespace

void write_github(const RunResult& run, std::ostream& out) {
  for (const Diagnostic& d : run.diagnostics) {
    if (d.suppression) {
      continue;
    }
    const SourceFile& file = run.sources->file(d.range.file);
    const Position start = file.position(d.range.begin);
    const Position end = file.position(std::max(d.range.begin, d.range.end));
    const std::string path = root_relative_path(file.absolute_path(), run.uri_root);
    out << "::" << command(d.severity) << " file=" << escape_property(path)
        << ",line=" << start.line << ",endLine=" << end.line;
    // Columns only when the range is on one line (the toolkit's rule).
    if (start.line == end.line) {
      out << ",col=" << start.column << ",endColumn=" << end.column;
    }
    out << ",title=" << escape_property(d.rule_id) << "::" << escape_data(d.message) << '\n';
  }
  for (const Notification& n : run.notifications) {
    out << "::" << command(n.level) << " title=ssm-preflight::" << escape_data(n.message) << '\n';
  }
}

}  // namespace ssmpf::report
