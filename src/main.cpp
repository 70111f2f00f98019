// SPDX-License-Identifier: Apache-2.0
#include <iostream>
#include <string>
#include <vector>

#include "app/run.hpp"

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    ssmpf::app::Environment env = ssmpf::app::current_environment();
    env.exit_when_done = true;
    const auto code = ssmpf::app::run(args, std::cout, std::cerr, env);
    std::cout.flush();
    return static_cast<int>(code);
  } catch (const std::exception& e) {
    std::cerr << "ssm-preflight: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "ssm-preflight: internal error\n";
  }
  return static_cast<int>(ssmpf::app::ExitCode::error);
}
