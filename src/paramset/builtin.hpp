// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "paramset/kinds.hpp"
#include "schema/validator.hpp"

namespace ssmpf::paramset {

// The built-in group -> type table (rules/kinds.yaml).
[[nodiscard]] KindTable builtin_kinds();

// The per-type property schemas (schemas/parameter-set/), named by file.
[[nodiscard]] schema::SchemaSet builtin_schemas();

}  // namespace ssmpf::paramset
