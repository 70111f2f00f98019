// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace ssmpf::app {

enum class ExitCode : int {
  clean = 0,     // nothing at or above the fail level
  findings = 1,  // findings at or above the fail level
  error = 2,     // usage, configuration, I/O or internal error
};

}  // namespace ssmpf::app
