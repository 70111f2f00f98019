// SPDX-License-Identifier: Apache-2.0
#include "base/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace ssmpf::detail {

void assertion_failed(const char* condition, const char* message,
                      const std::source_location& where) noexcept {
  std::fprintf(stderr, "ssm-preflight: internal error: %s (%s) at %s:%u in %s\n", message,
               condition, where.file_name(), static_cast<unsigned>(where.line()),
               where.function_name());
  std::abort();
}

}  // namespace ssmpf::detail
