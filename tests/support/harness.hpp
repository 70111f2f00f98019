// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ssmpf::test {

// The repository root (tests run with it as the working folder).
[[nodiscard]] const std::filesystem::path& source_dir();
// A scratch folder under the build tree, emptied on first use in each process.
[[nodiscard]] std::filesystem::path scratch_dir(const std::string& name);
// Where tests leave the SARIF they produce, for the schema and Multitool checks.
[[nodiscard]] std::filesystem::path sarif_out_dir();

struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Runs the command line in-process with a fixed environment (no colour, not a terminal).
[[nodiscard]] CliResult run_cli(const std::vector<std::string>& args, bool terminal = false,
                                bool no_color = false);

// One result of a SARIF log, flattened.
struct Finding {
  std::string rule;
  std::string level;
  std::string uri;
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
  std::string message;
  struct Place {
    std::string uri;
    int line = 0;
    std::string message;
  };
  std::vector<Place> related;
  std::vector<Place> flow;  // codeFlows[0].threadFlows[0].locations
};

// Parses results[] of a SARIF log, leaving out suppressed results (throws on malformed JSON).
[[nodiscard]] std::vector<Finding> parse_sarif(const std::string& sarif);

// Validates a SARIF log against the official 2.1.0 schema; returns the problems.
[[nodiscard]] std::vector<std::string> sarif_schema_problems(const std::string& sarif);

[[nodiscard]] std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

}  // namespace ssmpf::test
