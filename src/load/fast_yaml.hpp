// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>

#include "base/source.hpp"
#include "load/limits.hpp"
#include "load/yaml_loader.hpp"
#include "model/scalar.hpp"

namespace ssmpf::load {

// Reads the common subset of YAML and JSON without yaml-cpp, which costs over a thousand
// instructions per byte: JSON (objects, arrays, strings, numbers, literals) and block YAML
// (mappings and sequences by indentation, single-line plain, quoted and flow values, simple
// literal and folded block scalars, comments, local tags such as !Ref, a leading `---` line, a
// BOM, CRLF). The result is exactly what parse_yaml would build through yaml-cpp: the same parser
// events go through the same document builder.
//
// Returns std::nullopt for anything outside that subset or anything irregular (anchors,
// aliases, multi-line flow collections inside block YAML, multi-line plain or quoted scalars,
// directives, other document markers, tabs, control characters, invalid UTF-8, nesting beyond
// the limits, errors of any kind); the caller then parses with yaml-cpp, which also reports
// every error. Never reports a diagnostic.
[[nodiscard]] std::optional<ParsedDocument> parse_fast(const SourceFile& file, FileId id,
                                                       model::Schema schema, const Limits& limits);

}  // namespace ssmpf::load
