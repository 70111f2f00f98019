// SPDX-License-Identifier: Apache-2.0
#include "base/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace ssmpf::detail {

void assertion_failed(const char* condition, const char* message, const char* file, int line,
                      const char* function) noexcept {
  std::fprintf(stderr, "ssm-preflight: internal error: %s (%s) at %s:%d in %s\n", message,
               condition, file, line, function);
  std::abort();
}

}  // namespace ssmpf::detail
