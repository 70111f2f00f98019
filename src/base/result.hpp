// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "base/assert.hpp"

namespace ssmpf {

// An environment, configuration or usage problem: these end the run with exit code 2.
struct Error {
  enum class Kind { usage, io, config, internal };
  Kind kind = Kind::internal;
  std::string message;
  std::string path;  // the file concerned, if any
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_value(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : m_value(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const noexcept { return m_value.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] T& value() & {
    SSMPF_ASSERT(ok(), "value() on an error Result");
    return std::get<0>(m_value);
  }
  [[nodiscard]] const T& value() const& {
    SSMPF_ASSERT(ok(), "value() on an error Result");
    return std::get<0>(m_value);
  }
  [[nodiscard]] T&& value() && {
    SSMPF_ASSERT(ok(), "value() on an error Result");
    return std::get<0>(std::move(m_value));
  }
  [[nodiscard]] const Error& error() const {
    SSMPF_ASSERT(!ok(), "error() on a successful Result");
    return std::get<1>(m_value);
  }

 private:
  std::variant<T, Error> m_value;
};

}  // namespace ssmpf
