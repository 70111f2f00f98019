// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "model/node.hpp"

namespace ssmpf::model {

// How plain scalars are typed.
enum class Schema : std::uint8_t {
  yaml11,  // PyYAML's resolver (safe_load): yes/no/on/off booleans, 0o17 octal, 1:30 sexagesimal
  json,    // JSON: only JSON numbers, true, false and null are not strings
};

// The type of an untagged plain scalar under `schema`.
[[nodiscard]] ScalarType resolve_plain(std::string_view value, Schema schema);
// The type named by an explicit tag (`!!int`, `tag:yaml.org,2002:str`...), if it is a core tag.
[[nodiscard]] std::optional<ScalarType> core_tag_type(std::string_view tag) noexcept;

// Value conversions that follow the resolver's forms (underscores, 0x/0o/0b, sexagesimal).
[[nodiscard]] std::optional<std::int64_t> parse_int(std::string_view value) noexcept;
[[nodiscard]] std::optional<double> parse_float(std::string_view value) noexcept;
[[nodiscard]] std::optional<bool> parse_bool(std::string_view value) noexcept;

}  // namespace ssmpf::model
