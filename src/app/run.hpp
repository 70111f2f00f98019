// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "app/exit_code.hpp"

namespace ssmpf::app {

// What the process sees of its environment, passed in so tests can set it.
struct Environment {
  std::string cwd;             // absolute working folder
  bool no_color = false;       // NO_COLOR is set and not empty
  bool dumb_terminal = false;  // TERM=dumb
  bool stdout_is_terminal = false;
  // `check` ends the process itself once its report is written, without freeing what it built
  // (main() sets it; in-process callers such as the tests get the exit code back).
  bool exit_when_done = false;
};

[[nodiscard]] Environment current_environment();

// Runs the command line `args` (without the program name).
[[nodiscard]] ExitCode run(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err, const Environment& env);

}  // namespace ssmpf::app
