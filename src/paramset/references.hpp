// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/source.hpp"
#include "model/node.hpp"

namespace ssmpf::paramset {

// One `{{path}}` in a string.
struct ReferenceMatch {
  std::size_t begin = 0;  // offset of "{{"
  std::size_t end = 0;    // offset after "}}"
  std::string_view path;  // the text between the braces
};

// Finds references exactly as the consumer does: the pattern \{\{[a-zA-Z0-9.\-_\[\]]+\}\},
// scanned left to right without overlap.
[[nodiscard]] std::vector<ReferenceMatch> find_references(std::string_view text);

// Splits "a.b.c" on dots, as the consumer does (empty segments are kept).
[[nodiscard]] std::vector<std::string_view> split_path(std::string_view path);

// The source range of `length` bytes at `offset` in the decoded value of a string scalar.
// Exact for plain and quoted scalars without escapes; otherwise the n-th occurrence of the
// same text in the node's source; otherwise the whole node.
[[nodiscard]] SourceRange locate_in_scalar(const model::NodeRef& node, std::string_view file_text,
                                           std::size_t offset, std::size_t length);

}  // namespace ssmpf::paramset
