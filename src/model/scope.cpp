// SPDX-License-Identifier: Apache-2.0
#include "model/scope.hpp"

namespace ssmpf::model {

std::optional<std::int64_t> Value::as_int() const noexcept {
  return kind == Kind::integer && node.valid() ? node.as_int() : std::nullopt;
}

std::optional<bool> Value::as_bool() const noexcept {
  return kind == Kind::boolean && node.valid() ? node.as_bool() : std::nullopt;
}

}  // namespace ssmpf::model
