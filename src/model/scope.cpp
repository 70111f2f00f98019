// SPDX-License-Identifier: Apache-2.0
#include "model/scope.hpp"

namespace ssmpf::model {

std::optional<std::int64_t> Value::as_int() const noexcept {
  return kind == Kind::integer && node.valid() ? node.as_int() : std::nullopt;
}

std::optional<bool> Value::as_bool() const noexcept {
  return kind == Kind::boolean && node.valid() ? node.as_bool() : std::nullopt;
}

Value literal(const NodeRef& node) {
  Value v;
  v.node = node;
  if (!node.valid()) {
    return v;
  }
  switch (node.kind()) {
    case NodeKind::null:
      v.kind = Value::Kind::null;
      return v;
    case NodeKind::mapping:
      v.kind = Value::Kind::map;
      return v;
    case NodeKind::sequence:
      v.kind = Value::Kind::list;
      return v;
    case NodeKind::scalar:
      break;
  }
  v.text = std::string(node.scalar());
  switch (node.type()) {
    case ScalarType::null:
      v.kind = Value::Kind::null;
      break;
    case ScalarType::boolean:
      v.kind = Value::Kind::boolean;
      break;
    case ScalarType::integer:
      v.kind = Value::Kind::integer;
      break;
    case ScalarType::floating:
      v.kind = Value::Kind::number;
      break;
    case ScalarType::string:
    case ScalarType::timestamp:
    case ScalarType::binary:
      v.kind = Value::Kind::string;
      break;
  }
  return v;
}

}  // namespace ssmpf::model
