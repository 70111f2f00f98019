// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssmpf::test {

// An inline fixture annotation:
//   value   # expect: PS001                 a PS001 finding starts on this line
//   # expect: 22 PS001 "closest"            (own line) ... on the next line that is not an
//                                           annotation; optional 1-based column and message text
//   value   # ok: PS001                     no PS001 finding on this line
//   # todo-expect: / # todo-ok:             known gaps: they fail once the rule changes
// Header lines: `# fixture-rules: PS001,PS002` (rules to run; default: the fixture's folder
// name) and `# fixture-args: --flag value` (extra command-line arguments).
struct Annotation {
  enum class Kind { expect, ok, todo_expect, todo_ok };
  Kind kind = Kind::expect;
  std::string file;  // repository-relative, forward slashes
  int line = 0;      // the line it applies to
  int annotation_line = 0;
  std::optional<int> column;
  std::string rule;
  std::string text;
};

struct Fixture {
  std::filesystem::path path;  // file or folder, repository-relative
  std::vector<Annotation> annotations;
  std::vector<std::string> rules;
  std::vector<std::string> args;
  std::vector<std::string> problems;  // malformed annotations
};

[[nodiscard]] Fixture read_fixture(const std::filesystem::path& repo_relative_path,
                                   const std::string& default_rule);

}  // namespace ssmpf::test
