// SPDX-License-Identifier: Apache-2.0
#include "paramset/references.hpp"

#include "base/text.hpp"

namespace ssmpf::paramset {

namespace {

bool in_reference_class(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == '[' || c == ']';
}

}  // namespace

std::vector<ReferenceMatch> find_references(std::string_view text) {
  std::vector<ReferenceMatch> out;
  std::size_t i = text.find("{{");
  while (i != std::string_view::npos && i + 1 < text.size()) {
    std::size_t j = i + 2;
    while (j < text.size() && in_reference_class(text[j])) {
      ++j;
    }
    if (j > i + 2 && j + 1 < text.size() && text[j] == '}' && text[j + 1] == '}') {
      out.push_back(ReferenceMatch{i, j + 2, text.substr(i + 2, j - i - 2)});
      i = text.find("{{", j + 2);
    } else {
      i = text.find("{{", i + 1);
    }
  }
  return out;
}

std::vector<std::string_view> split_path(std::string_view path) {
  return split(path, '.');
}

SourceRange locate_in_scalar(const model::NodeRef& node, std::string_view file_text,
                             std::size_t offset, std::size_t length) {
  const SourceRange whole = node.range();
  const std::string_view value = node.scalar();
  if (offset + length > value.size() || whole.end > file_text.size() || whole.begin > whole.end) {
    return whole;
  }
  const std::string_view source = file_text.substr(whole.begin, whole.end - whole.begin);
  // Skip node properties (tag, anchor) before the value.
  std::size_t content = 0;
  while (content < source.size() && (source[content] == '!' || source[content] == '&')) {
    while (content < source.size() && source[content] != ' ' && source[content] != '\t' &&
           source[content] != '\n') {
      ++content;
    }
    while (content < source.size() && (source[content] == ' ' || source[content] == '\t' ||
                                       source[content] == '\n' || source[content] == '\r')) {
      ++content;
    }
  }
  const model::ScalarStyle style = node.style();
  if (style == model::ScalarStyle::single_quoted || style == model::ScalarStyle::double_quoted) {
    ++content;
  }
  if (source.substr(content, value.size()) == value) {
    const auto begin = static_cast<std::uint32_t>(whole.begin + content + offset);
    return SourceRange{whole.file, begin, begin + static_cast<std::uint32_t>(length)};
  }
  // Escapes or folding changed the text: find the same occurrence in the source.
  const std::string_view needle = value.substr(offset, length);
  std::size_t occurrence = 0;
  for (std::size_t p = value.find(needle); p != std::string_view::npos && p < offset;
       p = value.find(needle, p + 1)) {
    ++occurrence;
  }
  std::size_t p = source.find(needle, content);
  for (std::size_t k = 0; k < occurrence && p != std::string_view::npos; ++k) {
    p = source.find(needle, p + 1);
  }
  if (p == std::string_view::npos) {
    return whole;
  }
  const auto begin = static_cast<std::uint32_t>(whole.begin + p);
  return SourceRange{whole.file, begin, begin + static_cast<std::uint32_t>(length)};
}

}  // namespace ssmpf::paramset
