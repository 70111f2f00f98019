// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace ssmpf::detail {
[[noreturn]] void assertion_failed(const char* condition, const char* message, const char* file,
                                   int line, const char* function) noexcept;
}  // namespace ssmpf::detail

// Bugs trip asserts; user-input problems are diagnostics, environment problems are Result.
// (__FILE__ and __LINE__ rather than std::source_location, which clang 14 cannot compile with
// libstdc++ 12.)
// NOLINTNEXTLINE(cppcoreguidelines-macro-usage): must capture #cond, __FILE__ and __LINE__.
#define SSMPF_ASSERT(cond, msg)                                              \
  do {                                                                       \
    if (!(cond)) {                                                           \
      ::ssmpf::detail::assertion_failed(#cond, msg, __FILE__, __LINE__,      \
                                        static_cast<const char*>(__func__)); \
    }                                                                        \
  } while (false)
