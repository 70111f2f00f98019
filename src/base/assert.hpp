// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <source_location>

namespace ssmpf::detail {
[[noreturn]] void assertion_failed(const char* condition, const char* message,
                                   const std::source_location& where) noexcept;
}  // namespace ssmpf::detail

// Bugs trip asserts; user-input problems are diagnostics, environment problems are Result.
#define SSMPF_ASSERT(cond, msg)                                                        \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      ::ssmpf::detail::assertion_failed(#cond, msg, std::source_location::current()); \
    }                                                                                  \
  } while (false)
