// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "load/limits.hpp"
#include "model/node.hpp"
#include "model/scalar.hpp"

namespace ssmpf::load {

// A key repeated in one mapping: `previous` is the earlier occurrence, `key` the later one.
// Node indices into the parsed Document (handles would dangle while the Document moves).
struct DuplicateKey {
  std::uint32_t previous_key = 0;
  std::uint32_t previous_value = 0;
  std::uint32_t key = 0;
  std::uint32_t value = 0;
  friend bool operator==(const DuplicateKey&, const DuplicateKey&) = default;
};

struct ParsedDocument {
  model::Document document;  // empty when the file holds no document or could not be parsed
  std::vector<DuplicateKey> duplicates;
  bool failed = false;  // a syntax error or a limit stopped the parse (LD001/LD005 reported)
};

// Parses one YAML (or JSON) document into a located node tree. Syntax errors become LD001,
// exceeded limits LD005; duplicate keys are returned for the caller to report with the
// semantics of its format. Text in the common subset that load/fast_yaml.hpp reads takes that
// path; everything else (and every error) goes through yaml-cpp.
[[nodiscard]] ParsedDocument parse_yaml(const SourceFile& file, FileId id, model::Schema schema,
                                        const Limits& limits, Diagnostics& out);

namespace detail {
// parse_yaml through yaml-cpp only, without the fast path (load/fast_yaml.hpp): the reference
// the fast path is tested against.
[[nodiscard]] ParsedDocument parse_yaml_reference(const SourceFile& file, FileId id,
                                                  model::Schema schema, const Limits& limits,
                                                  Diagnostics& out);
}  // namespace detail

// Reports each repeated key as LD002 at the later occurrence, with the earlier one (whose value
// is lost) as a related location. `keeper` names who keeps the last value ("PyYAML",
// "CloudFormation").
void report_duplicate_keys(const ParsedDocument& parsed, const SourceManager& sources,
                           std::string_view keeper, Diagnostics& out);

}  // namespace ssmpf::load
