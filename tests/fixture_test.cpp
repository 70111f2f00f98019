// SPDX-License-Identifier: Apache-2.0
// The data-driven fixture test: every file or folder under tests/fixtures/rules/<ID>/ is checked
// with only its rules (plus the always-on LD family) and must produce exactly the findings its
// annotations expect: a missing finding fails, and so does an unclaimed one.
//   run one:  fixture_test -c "tests/fixtures/rules/PS001/misspelt.yaml"
#include <algorithm>
#include <filesystem>
#include <sstream>

#include "support/annotations.hpp"
#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> all_fixtures() {
  std::vector<fs::path> out;
  const fs::path root = source_dir() / "tests/fixtures/rules";
  for (const auto& rule_dir : fs::directory_iterator(root)) {
    if (!rule_dir.is_directory()) {
      continue;
    }
    for (const auto& entry : fs::directory_iterator(rule_dir.path())) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_directory() || ext == ".yaml" || ext == ".yml") {
        out.push_back(fs::relative(entry.path(), source_dir()));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool matches(const Annotation& a, const Finding& f) {
  return f.uri == a.file && f.line == a.line && f.rule == a.rule &&
         (!a.column || *a.column == f.column) &&
         (a.text.empty() || f.message.find(a.text) != std::string::npos);
}

std::string describe(const Finding& f) {
  return f.uri + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule +
         " " + f.message;
}

std::string describe(const Annotation& a) {
  std::string s = a.file + ":" + std::to_string(a.line);
  if (a.column) {
    s += ":" + std::to_string(*a.column);
  }
  s += " " + a.rule;
  if (!a.text.empty()) {
    s += " \"" + a.text + "\"";
  }
  return s + " (annotation at line " + std::to_string(a.annotation_line) + ")";
}

}  // namespace

TEST_CASE("rule fixtures") {
  const auto fixtures = all_fixtures();
  REQUIRE_FALSE(fixtures.empty());
  for (const fs::path& path : fixtures) {
    DYNAMIC_SECTION(path.generic_string()) {
      const std::string rule = path.parent_path().filename().string();
      const Fixture fx = read_fixture(path, rule);
      for (const std::string& p : fx.problems) {
        FAIL_CHECK(p);
      }
      std::string select;
      for (const std::string& r : fx.rules) {
        select += (select.empty() ? "" : ",") + r;
      }
      std::vector<std::string> args{"check", "--format", "sarif", "--fail-level",
                                    "none",  "--select", select};
      args.insert(args.end(), fx.args.begin(), fx.args.end());
      args.push_back(path.generic_string());
      const CliResult result = run_cli(args);
      INFO("stderr: " << result.err);
      REQUIRE(result.exit_code == 0);
      const std::vector<Finding> findings = parse_sarif(result.out);
      std::vector<bool> claimed(findings.size(), false);
      std::ostringstream report;
      for (const Annotation& a : fx.annotations) {
        if (a.kind == Annotation::Kind::ok || a.kind == Annotation::Kind::todo_ok) {
          continue;
        }
        bool found = false;
        for (std::size_t i = 0; i < findings.size(); ++i) {
          if (!claimed[i] && matches(a, findings[i])) {
            claimed[i] = true;
            found = true;
            break;
          }
        }
        if (a.kind == Annotation::Kind::expect && !found) {
          report << "missing    " << describe(a) << "\n";
        }
        if (a.kind == Annotation::Kind::todo_expect && found) {
          report << "now fires  " << describe(a) << " (promote the todo-expect to expect)\n";
        }
      }
      for (const Annotation& a : fx.annotations) {
        if (a.kind != Annotation::Kind::ok && a.kind != Annotation::Kind::todo_ok) {
          continue;
        }
        bool fired = false;
        for (std::size_t i = 0; i < findings.size(); ++i) {
          if (findings[i].uri == a.file && findings[i].line == a.line &&
              findings[i].rule == a.rule) {
            fired = true;
            claimed[i] = claimed[i] || a.kind == Annotation::Kind::todo_ok;
          }
        }
        if (a.kind == Annotation::Kind::ok && fired) {
          report << "not ok     " << describe(a) << "\n";
        }
        if (a.kind == Annotation::Kind::todo_ok && !fired) {
          report << "now quiet  " << describe(a) << " (promote the todo-ok to ok)\n";
        }
      }
      for (std::size_t i = 0; i < findings.size(); ++i) {
        if (!claimed[i]) {
          report << "unexpected " << describe(findings[i]) << "\n";
        }
      }
      INFO(report.str());
      CHECK(report.str().empty());
      // Every SARIF log the fixtures produce must be valid.
      const auto problems = sarif_schema_problems(result.out);
      INFO(result.out.substr(0, 2000));
      CHECK(problems.empty());
      std::string name = path.generic_string();
      std::replace(name.begin(), name.end(), '/', '_');
      write_text(sarif_out_dir() / ("fixture_" + name + ".sarif"), result.out);
    }
  }
}
