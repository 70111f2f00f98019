// SPDX-License-Identifier: Apache-2.0
// Text edits that change or extend a YAML or JSON document in the document's own style: the
// indentation of sibling keys, block or flow collections, quoting, the spelling of booleans and
// the line ending. Only the bytes that must change are touched, so comments and formatting
// elsewhere survive. Rules build their fixes from these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "model/node.hpp"

namespace ssmpf::fix {

// A value to write, rendered in the style of the file it goes into.
struct Value {
  enum class Kind : std::uint8_t { raw, string, integer, boolean, mapping, sequence };
  Kind kind = Kind::raw;
  std::string text;   // raw: written as is (`!GetAtt Vpc.CidrBlock`); string; integer
  bool flag = false;  // boolean
  std::vector<std::pair<std::string, Value>> members;
  std::vector<Value> items;

  // Defined out of line: clang cannot define it implicitly while the class is incomplete in
  // std::pair<std::string, Value>.
  Value();
  [[nodiscard]] static Value raw(std::string text);
  [[nodiscard]] static Value string(std::string text);
  [[nodiscard]] static Value integer(std::int64_t number);
  [[nodiscard]] static Value boolean(bool value);
  [[nodiscard]] static Value mapping(std::vector<std::pair<std::string, Value>> members);
  [[nodiscard]] static Value sequence(std::vector<Value> items);
  [[nodiscard]] bool is_collection() const noexcept {
    return kind == Kind::mapping || kind == Kind::sequence;
  }
};

// How a document writes things, learned from its text.
struct Style {
  bool json = false;                // a JSON document: every key and string in double quotes
  bool quoted_strings = false;      // YAML: strings are written in double quotes ("tcp")
  bool capital_booleans = false;    // YAML: True/False rather than true/false
  bool short_tags = false;          // YAML template: !Ref, !GetAtt rather than Ref:, Fn::GetAtt:
  std::size_t step = 2;             // spaces per nesting level
  std::size_t sequence_indent = 2;  // block sequence under a key: its dashes' column - the key's
  std::string newline = "\n";
};

// Edits one file, given its text and the document parsed from it.
class Editor {
 public:
  Editor(const SourceFile& file, FileId id, const model::Document& document);

  [[nodiscard]] const Style& style() const noexcept { return m_style; }
  // The bytes a node spans.
  [[nodiscard]] std::string_view text_of(const model::NodeRef& node) const;
  // Whether a collection is written in flow style ({a: 1}, [x, y], JSON).
  [[nodiscard]] bool is_flow(const model::NodeRef& collection) const;

  // A scalar, rendered as this file writes it ("true"/True, "tcp"/tcp, 443).
  [[nodiscard]] std::string scalar(const Value& value) const;
  // Replaces the bytes of a node.
  [[nodiscard]] TextEdit replace(const model::NodeRef& node, std::string replacement) const;
  // Replaces a scalar with a string, keeping its quotes: "Gateway" -> "Interface".
  [[nodiscard]] std::optional<TextEdit> replace_string(const model::NodeRef& scalar,
                                                       std::string_view text) const;
  // Replaces a false boolean scalar with true, keeping its spelling: False -> True, false ->
  // true, "false" -> "true".
  [[nodiscard]] std::optional<TextEdit> replace_with_true(const model::NodeRef& scalar) const;
  // Adds `key: value` after the last member of a mapping, with the indentation of its keys
  // (block YAML) or after a comma in the layout of its members (flow YAML, JSON). Nothing when
  // the mapping's layout is not one these edits understand.
  [[nodiscard]] std::optional<TextEdit> add_member(const model::NodeRef& mapping,
                                                   std::string_view key, const Value& value) const;
  // Appends items after the last item of a sequence, in the style of that item.
  [[nodiscard]] std::optional<TextEdit> append_items(const model::NodeRef& sequence,
                                                     const std::vector<Value>& items) const;
  // Replaces the end of a string scalar where it is written, keeping its quotes and tag:
  // "com.amazonaws.{{common.region}}.ssm" or `!Sub com.amazonaws.${AWS::Region}.ssm` end in
  // `ssmmessages` instead of `ssm`. Only the bytes of the old end change. Nothing when the value
  // does not end with `old_suffix` spelled literally (not through an escape sequence), or when
  // `new_suffix` cannot be written in the scalar's style.
  [[nodiscard]] std::optional<TextEdit> replace_suffix(const model::NodeRef& node,
                                                       std::string_view old_suffix,
                                                       std::string_view new_suffix) const;
  // Inserts a copy of member `index` of a mapping right after that member, with the same
  // indentation: its key becomes `key` (quoted as the original key is), the bytes of `changes`
  // (edits inside the member, such as replace_suffix's) are replaced, and its comments are left
  // out. Block YAML: after the member's last line and the comment lines indented under it,
  // after a blank line when a blank line separates the member from its neighbours; flow YAML
  // and JSON: after a comma, on a line of its own when the members are. Nothing when the layout
  // is not one these edits understand (a block scalar at the end, a member that shares its line
  // with a sequence dash, a change outside the member).
  [[nodiscard]] std::optional<TextEdit> copy_member(const model::NodeRef& mapping,
                                                    std::size_t index, std::string_view key,
                                                    std::vector<TextEdit> changes) const;

 private:
  [[nodiscard]] std::uint32_t line_start(std::uint32_t offset) const;
  [[nodiscard]] std::uint32_t line_end(std::uint32_t offset) const;
  // The spaces before `offset` on its line, when only spaces and "- " precede it.
  [[nodiscard]] std::optional<std::size_t> block_column(std::uint32_t offset) const;
  // Where a block node's last character is (not its trailing comments or blank lines).
  [[nodiscard]] std::optional<std::uint32_t> content_end(const model::NodeRef& node) const;
  // Whether the line that holds `offset` has nothing but blanks.
  [[nodiscard]] bool blank_line(std::uint32_t offset) const;
  // The text of [from, to) with `changes` applied and its comments removed (a line left with
  // only blanks by that goes too). `changes` are sorted and lie inside the range.
  [[nodiscard]] std::string without_comments(const model::Document& document, std::uint32_t from,
                                             std::uint32_t to,
                                             const std::vector<TextEdit>& changes) const;
  [[nodiscard]] std::string key_text(std::string_view key, bool quoted) const;
  [[nodiscard]] std::string flow(const Value& value) const;
  [[nodiscard]] std::string json(const Value& value, const std::string& indent) const;
  [[nodiscard]] std::string after_key(const Value& value, std::size_t column) const;
  [[nodiscard]] std::string item_body(const Value& value, std::size_t column, bool flow) const;

  std::string_view m_text;
  FileId m_file;
  Style m_style;
};

// The mapping that holds `key` as one of its keys, and the position of that member; an invalid
// node when `key` is no mapping key.
[[nodiscard]] std::pair<model::NodeRef, std::size_t> member_of(const model::NodeRef& key);

}  // namespace ssmpf::fix
