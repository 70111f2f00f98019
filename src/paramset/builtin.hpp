// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "paramset/kinds.hpp"
#include "schema/validator.hpp"

namespace ssmpf::paramset {

// A file compiled into the binary (rules/kinds.yaml, schemas/...), or empty.
[[nodiscard]] std::string_view embedded_file(std::string_view repository_path) noexcept;

// The built-in group -> type table (rules/kinds.yaml).
[[nodiscard]] KindTable builtin_kinds();

// The per-type property schemas (schemas/parameter-set/), named by file.
[[nodiscard]] schema::SchemaSet builtin_schemas();

}  // namespace ssmpf::paramset
