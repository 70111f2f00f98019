// SPDX-License-Identifier: Apache-2.0
// The whole `check` pipeline through app::run with --format sarif: the input is split at
// "#%file NAME" lines into files of a temporary folder (one per process, emptied before each
// input and removed at exit), which is checked as a whole. The exit code must be 0, 1 or 2 and
// stdout must be one JSON document (it may be empty only on exit code 2, a usage or
// configuration error).
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "app/exit_code.hpp"
#include "app/run.hpp"
#include "fuzz_support.hpp"

using namespace ssmpf;
namespace fs = std::filesystem;

namespace {

// Never destroyed, so that the exit handler can still name it.
const fs::path& scratch() {
  static const fs::path* const dir = [] {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) {
      base = "/tmp";
    }
    // Folders left by processes that died on a crash (libFuzzer skips exit handlers then).
    const std::string prefix = "ssmpf-fuzz-check-";
    for (const fs::directory_entry& e : fs::directory_iterator(base, ec)) {
      const std::string name = e.path().filename().string();
      if (name.starts_with(prefix)) {
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
          std::error_code ignored;
          fs::remove_all(e.path(), ignored);
        }
      }
    }
    fs::path d = base / (prefix + std::to_string(::getpid()));
    fs::remove_all(d, ec);
    fs::create_directories(d, ec);
    if (ec) {
      fuzz::fail("cannot create the temporary folder");
    }
    return new fs::path(std::move(d));
  }();
  static const bool cleanup = [] {
    return std::atexit([] {
             std::error_code ignored;
             fs::remove_all(scratch(), ignored);
           }) == 0;
  }();
  (void)cleanup;
  return *dir;
}

void empty_folder(const fs::path& dir) {
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    fs::remove_all(e.path(), ec);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const fs::path& dir = scratch();
  empty_folder(dir);
  bool config = false;
  for (const fuzz::InputFile& f : fuzz::split_files(input, "params.yaml")) {
    const fs::path path = dir / f.name;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec || fs::is_directory(path, ec)) {
      continue;  // "a" and "a/b" both named: the later one loses
    }
    std::ofstream(path, std::ios::binary | std::ios::trunc) << f.text;
    config = config || f.name == ".ssm-preflight.yaml";
  }

  std::vector<std::string> args{"check", "--format", "sarif"};
  if (config) {
    args.emplace_back("--config");
    args.push_back((dir / ".ssm-preflight.yaml").string());
  } else {
    args.emplace_back("--no-config");
  }
  args.push_back(dir.string());
  const app::Environment env{dir.string(), true, false, false};
  std::ostringstream out;
  std::ostringstream err;
  const auto code = static_cast<int>(app::run(args, out, err, env));
  if (code != 0 && code != 1 && code != 2) {
    fuzz::fail("exit code other than 0, 1 or 2");
  }
  const std::string sarif = out.str();
  if (sarif.empty()) {
    if (code != 2) {
      fuzz::fail("no SARIF log on stdout");
    }
  } else {
    bool sarif_log = false;
    try {
      const nlohmann::json log = nlohmann::json::parse(sarif);
      sarif_log = log.is_object() && log.contains("runs");
    } catch (const nlohmann::json::exception&) {
      fuzz::fail("stdout is not JSON");
    }
    if (!sarif_log) {
      fuzz::fail("stdout is not a SARIF log");
    }
  }
  empty_folder(dir);
  return 0;
}
