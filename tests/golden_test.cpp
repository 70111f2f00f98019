// SPDX-License-Identifier: Apache-2.0
// Golden reporter outputs: tests/fixtures/report/<case>/ is checked in every format and the
// output compared byte for byte with <case>.txt, <case>.sarif, <case>.github and <case>.gitlab.
// UPDATE_GOLDEN=1 rewrites them (the only expectations that are ever regenerated).
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;

namespace {

// The version changes with every release; goldens hold a placeholder.
std::string normalise(std::string text) {
  const std::string version = SSMPF_VERSION;
  for (const std::string& from : {"\"" + version + "\"", "ssm-preflight " + version}) {
    const std::string to = from.front() == '"' ? "\"VERSION\"" : "ssm-preflight VERSION";
    for (std::size_t p = text.find(from); p != std::string::npos; p = text.find(from, p)) {
      text.replace(p, from.size(), to);
      p += to.size();
    }
  }
  return text;
}

void compare(const fs::path& golden, const std::string& actual) {
  const bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
  if (update) {
    write_text(source_dir() / golden, actual);
  }
  INFO("golden file " << golden.generic_string() << " (UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(fs::exists(source_dir() / golden));
  const std::string expected = read_text(source_dir() / golden);
  CHECK(expected == actual);
}

}  // namespace

TEST_CASE("golden reporter outputs") {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests/fixtures/report")) {
    if (entry.is_directory()) {
      cases.push_back(fs::relative(entry.path(), source_dir()));
    }
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE_FALSE(cases.empty());
  for (const fs::path& c : cases) {
    DYNAMIC_SECTION(c.generic_string()) {
      for (const char* format : {"text", "sarif", "github", "gitlab"}) {
        const CliResult r = run_cli({"check", "--format", format, c.generic_string()});
        INFO(r.err);
        CHECK((r.exit_code == 0 || r.exit_code == 1));
        const std::string ext = std::string(format) == "text" ? ".txt" : "." + std::string(format);
        compare(c.generic_string() + ext, normalise(r.out));
        if (std::string(format) == "sarif") {
          const auto problems = sarif_schema_problems(r.out);
          for (const auto& p : problems) {
            FAIL_CHECK(p);
          }
          std::string name = c.filename().string();
          write_text(sarif_out_dir() / ("golden_" + name + ".sarif"), r.out);
        }
        if (std::string(format) == "text") {
          compare(c.generic_string() + ".stderr", normalise(r.err));
        }
      }
    }
  }
}

TEST_CASE("text and SARIF agree on every location") {
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests/fixtures/report")) {
    if (!entry.is_directory()) {
      continue;
    }
    const std::string path = fs::relative(entry.path(), source_dir()).generic_string();
    INFO(path);
    const CliResult text = run_cli({"check", "--format", "text", path});
    const CliResult sarif = run_cli({"check", "--format", "sarif", path});
    const auto findings = parse_sarif(sarif.out);
    for (const Finding& f : findings) {
      const std::string head = f.uri + ":" + std::to_string(f.line) + ":" +
                               std::to_string(f.column) + ": " + f.level + ": " + f.message + " [" +
                               f.rule + "]\n";
      CHECK(text.out.find(head) != std::string::npos);
    }
  }
}
