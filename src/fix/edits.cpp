// SPDX-License-Identifier: Apache-2.0
#include "fix/edits.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace ssmpf::fix {

using model::NodeKind;
using model::NodeRef;
using model::ScalarStyle;
using model::ScalarType;

Value::Value() = default;

Value Value::raw(std::string text) {
  Value v;
  v.kind = Kind::raw;
  v.text = std::move(text);
  return v;
}

Value Value::string(std::string text) {
  Value v;
  v.kind = Kind::string;
  v.text = std::move(text);
  return v;
}

Value Value::integer(std::int64_t number) {
  Value v;
  v.kind = Kind::integer;
  v.text = std::to_string(number);
  return v;
}

Value Value::boolean(bool value) {
  Value v;
  v.kind = Kind::boolean;
  v.flag = value;
  return v;
}

Value Value::mapping(std::vector<std::pair<std::string, Value>> members) {
  Value v;
  v.kind = Kind::mapping;
  v.members = std::move(members);
  return v;
}

Value Value::sequence(std::vector<Value> items) {
  Value v;
  v.kind = Kind::sequence;
  v.items = std::move(items);
  return v;
}

namespace {

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '"';
  return out;
}

// Whether a string can be written as a plain YAML 1.1 scalar and still read back as that string.
bool plain_safe(std::string_view s, bool in_flow) {
  if (s.empty()) {
    return false;
  }
  const auto first = static_cast<unsigned char>(s.front());
  if (std::isalnum(first) == 0 && s.front() != '/') {
    return false;
  }
  bool numeric_looking = std::isdigit(first) != 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    const bool always = std::isalnum(u) != 0 || c == '.' || c == '_' || c == '/' || c == '-';
    const bool block_only = c == ':' || c == '$' || c == '{' || c == '}';
    if (!always && !(block_only && !in_flow)) {
      return false;
    }
    if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) {
      return false;
    }
    if (std::isdigit(u) == 0 && c != '.' && c != '_' && c != ':' && c != '-' && c != 'e' &&
        c != 'E') {
      numeric_looking = false;
    }
  }
  static constexpr std::array<std::string_view, 11> k_words{
      "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan"};
  const std::string l = lower(s);
  return !numeric_looking &&
         std::find(k_words.begin(), k_words.end(), std::string_view(l)) == k_words.end();
}

std::string spaces(std::size_t n) {
  return std::string(n, ' ');
}

}  // namespace

Editor::Editor(const SourceFile& file, FileId id, const model::Document& document)
    : m_text(file.text()), m_file(id) {
  if (m_text.find("\r\n") != std::string_view::npos) {
    m_style.newline = "\r\n";
  }
  const NodeRef root = document.root();
  m_style.json =
      root.valid() && root.range().begin < m_text.size() && m_text[root.range().begin] == '{';
  std::size_t quoted = 0;
  std::size_t plain = 0;
  std::size_t capital = 0;
  std::size_t small = 0;
  bool step_known = false;
  bool sequence_known = false;
  std::vector<bool> is_key(document.node_count(), false);
  for (std::uint32_t i = 0; i < document.node_count(); ++i) {
    const NodeRef node(&document, i);
    for (std::size_t k = 0; node.is_mapping() && k < node.size(); ++k) {
      is_key[node.member(k).key.index()] = true;
    }
  }
  for (std::uint32_t i = 0; i < document.node_count(); ++i) {
    const NodeRef node(&document, i);
    const std::string_view tag = node.tag();
    if (tag.size() > 1 && tag.front() == '!' && tag[1] != '!') {
      m_style.short_tags = true;
    }
    // Strings that are values, not keys, decide the quoting; true/false decide their case.
    if (node.is_string() && tag.empty() && !is_key[i]) {
      quoted += node.style() == ScalarStyle::double_quoted ? 1U : 0U;
      plain += node.style() == ScalarStyle::plain ? 1U : 0U;
    }
    if (node.is_scalar() && node.type() == ScalarType::boolean &&
        node.style() == ScalarStyle::plain) {
      const std::string l = lower(text_of(node));
      if (l == "true" || l == "false") {
        const bool upper = std::isupper(static_cast<unsigned char>(text_of(node).front())) != 0;
        capital += upper ? 1U : 0U;
        small += upper ? 0U : 1U;
      }
    }
    if (node.is_mapping() && !is_flow(node)) {
      for (std::size_t k = 0; k < node.size(); ++k) {
        const model::Member m = node.member(k);
        const auto key_column = block_column(m.key.range().begin);
        if (!key_column) {
          continue;
        }
        if (!step_known && m.value.is_mapping() && !is_flow(m.value) && m.value.size() > 0) {
          const auto child = block_column(m.value.member(0).key.range().begin);
          if (child && *child > *key_column) {
            m_style.step = *child - *key_column;
            step_known = true;
          }
        }
        if (!sequence_known && m.value.is_sequence() && !is_flow(m.value) && m.value.size() > 0) {
          // The dash of the first item: the last '-' before the item on its line.
          const std::uint32_t begin = m.value.item(0).range().begin;
          const std::uint32_t start = line_start(begin);
          std::uint32_t p = begin;
          while (p > start && m_text[p] != '-') {
            --p;
          }
          if (m_text[p] == '-' && p - start >= *key_column) {
            m_style.sequence_indent = p - start - *key_column;
            sequence_known = true;
          }
        }
      }
    }
  }
  m_style.quoted_strings = quoted > plain;
  m_style.capital_booleans = capital > small;
  if (m_style.json && root.is_mapping() && root.size() > 0) {
    // JSON: the indentation of the root's members is one step.
    const std::uint32_t key = root.member(0).key.range().begin;
    const std::uint32_t start = line_start(key);
    if (start > root.range().begin) {
      std::uint32_t p = start;
      while (p < key && is_space(m_text[p])) {
        ++p;
      }
      if (p == key && key > start) {
        m_style.step = key - start;
      }
    }
  }
}

std::string_view Editor::text_of(const NodeRef& node) const {
  const SourceRange r = node.range();
  if (r.begin > r.end || r.end > m_text.size()) {
    return {};
  }
  return m_text.substr(r.begin, r.end - r.begin);
}

bool Editor::is_flow(const NodeRef& collection) const {
  const std::uint32_t begin = collection.range().begin;
  return begin < m_text.size() && (m_text[begin] == '{' || m_text[begin] == '[');
}

std::uint32_t Editor::line_start(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
  while (offset > 0 && m_text[offset - 1] != '\n') {
    --offset;
  }
  return offset;
}

std::uint32_t Editor::line_end(std::uint32_t offset) const {
  const std::size_t nl = m_text.find('\n', offset);
  std::size_t end = nl == std::string_view::npos ? m_text.size() : nl;
  if (end > offset && m_text[end - 1] == '\r') {
    --end;
  }
  return static_cast<std::uint32_t>(end);
}

std::optional<std::size_t> Editor::block_column(std::uint32_t offset) const {
  const std::uint32_t start = line_start(offset);
  for (std::uint32_t p = start; p < offset; ++p) {
    const char c = m_text[p];
    if (c != ' ' && !(c == '-' && p + 1 < m_text.size() && m_text[p + 1] == ' ')) {
      return std::nullopt;
    }
  }
  return offset - start;
}

std::optional<std::uint32_t> Editor::content_end(const NodeRef& node) const {
  switch (node.kind()) {
    case NodeKind::scalar:
      if (node.style() == ScalarStyle::literal || node.style() == ScalarStyle::folded) {
        return std::nullopt;  // a block scalar runs to its last line; not worth guessing
      }
      return node.range().end;
    case NodeKind::null:
      return std::nullopt;
    case NodeKind::mapping: {
      if (is_flow(node)) {
        return node.range().end;
      }
      if (node.size() == 0) {
        return std::nullopt;
      }
      const model::Member last = node.member(node.size() - 1);
      if (last.value.is_null()) {
        return last.key.range().end;
      }
      return content_end(last.value);
    }
    case NodeKind::sequence:
      if (is_flow(node)) {
        return node.range().end;
      }
      if (node.size() == 0) {
        return std::nullopt;
      }
      return content_end(node.item(node.size() - 1));
  }
  return std::nullopt;
}

std::string Editor::scalar(const Value& value) const {
  switch (value.kind) {
    case Value::Kind::raw:
    case Value::Kind::integer:
      return value.text;
    case Value::Kind::boolean:
      if (!m_style.json && m_style.capital_booleans) {
        return value.flag ? "True" : "False";
      }
      return value.flag ? "true" : "false";
    case Value::Kind::string:
      if (m_style.json || m_style.quoted_strings || !plain_safe(value.text, false)) {
        return double_quoted(value.text);
      }
      return value.text;
    case Value::Kind::mapping:
    case Value::Kind::sequence:
      return flow(value);
  }
  return value.text;
}

std::string Editor::key_text(std::string_view key, bool quoted) const {
  return quoted || m_style.json ? double_quoted(key) : std::string(key);
}

// Flow style: {a: 1, b: [x, y]}, or JSON's {"a": 1} in a JSON file.
std::string Editor::flow(const Value& value) const {
  if (value.kind == Value::Kind::mapping) {
    std::string out = "{";
    for (std::size_t i = 0; i < value.members.size(); ++i) {
      const std::string& key = value.members[i].first;
      out += (i > 0 ? ", " : "") + key_text(key, !plain_safe(key, true)) + ": " +
             flow(value.members[i].second);
    }
    return out + "}";
  }
  if (value.kind == Value::Kind::sequence) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.items.size(); ++i) {
      out += (i > 0 ? ", " : "") + flow(value.items[i]);
    }
    return out + "]";
  }
  if (value.kind == Value::Kind::string && !m_style.json && !m_style.quoted_strings &&
      !plain_safe(value.text, true)) {
    return double_quoted(value.text);
  }
  return scalar(value);
}

// JSON over several lines, members one step deeper than `indent`.
std::string Editor::json(const Value& value, const std::string& indent) const {
  const std::string inner = indent + spaces(m_style.step);
  if (value.kind == Value::Kind::mapping && !value.members.empty()) {
    std::string out = "{";
    for (std::size_t i = 0; i < value.members.size(); ++i) {
      out += (i > 0 ? "," : "") + m_style.newline + inner + double_quoted(value.members[i].first) +
             ": " + json(value.members[i].second, inner);
    }
    return out + m_style.newline + indent + "}";
  }
  if (value.kind == Value::Kind::sequence && !value.items.empty()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.items.size(); ++i) {
      out += (i > 0 ? "," : "") + m_style.newline + inner + json(value.items[i], inner);
    }
    return out + m_style.newline + indent + "]";
  }
  return flow(value);
}

// What follows "key:" in block YAML, for a key at `column`.
std::string Editor::after_key(const Value& value, std::size_t column) const {
  if (value.kind == Value::Kind::mapping && !value.members.empty()) {
    std::string out;
    for (const auto& [k, v] : value.members) {
      out += m_style.newline + spaces(column + m_style.step) + k + ":" +
             after_key(v, column + m_style.step);
    }
    return out;
  }
  if (value.kind == Value::Kind::sequence && !value.items.empty()) {
    std::string out;
    const std::size_t dash = column + m_style.sequence_indent;
    for (const Value& item : value.items) {
      out += m_style.newline + spaces(dash) + "- " + item_body(item, dash + 2, false);
    }
    return out;
  }
  return " " + scalar(value);
}

// A sequence item after its "- ", its first character at `column`.
std::string Editor::item_body(const Value& value, std::size_t column, bool flow_item) const {
  if (value.kind == Value::Kind::mapping && !value.members.empty() && !flow_item) {
    std::string out;
    for (std::size_t i = 0; i < value.members.size(); ++i) {
      const auto& [k, v] = value.members[i];
      out += (i > 0 ? m_style.newline + spaces(column) : std::string()) + k + ":" +
             after_key(v, column);
    }
    return out;
  }
  if (value.is_collection()) {
    return flow(value);
  }
  return scalar(value);
}

TextEdit Editor::replace(const NodeRef& node, std::string replacement) const {
  return TextEdit{node.range(), std::move(replacement)};
}

std::optional<TextEdit> Editor::replace_string(const NodeRef& node, std::string_view text) const {
  if (!node.is_scalar() || !node.tag().empty()) {
    return std::nullopt;
  }
  switch (node.style()) {
    case ScalarStyle::double_quoted:
      return replace(node, double_quoted(text));
    case ScalarStyle::single_quoted:
      if (text.find('\'') != std::string_view::npos) {
        return std::nullopt;
      }
      return replace(node, "'" + std::string(text) + "'");
    case ScalarStyle::plain:
      if (m_style.json || !plain_safe(text, false)) {
        return replace(node, double_quoted(text));
      }
      return replace(node, std::string(text));
    default:
      return std::nullopt;
  }
}

std::optional<TextEdit> Editor::replace_with_true(const NodeRef& node) const {
  if (!node.is_scalar() || !node.tag().empty()) {
    return std::nullopt;
  }
  const std::string_view raw = text_of(node);
  std::string_view word = raw;
  std::string open;
  if (node.style() == ScalarStyle::double_quoted || node.style() == ScalarStyle::single_quoted) {
    if (raw.size() < 2) {
      return std::nullopt;
    }
    open = std::string(1, raw.front());
    word = raw.substr(1, raw.size() - 2);
  } else if (node.style() != ScalarStyle::plain) {
    return std::nullopt;
  }
  std::string spelled;
  if (word == "false") {
    spelled = "true";
  } else if (word == "False") {
    spelled = "True";
  } else if (word == "FALSE") {
    spelled = "TRUE";
  } else if (open.empty() && node.type() == ScalarType::boolean) {
    spelled = scalar(Value::boolean(true));  // no, off, n: the file's own spelling of true
  } else {
    return std::nullopt;
  }
  return replace(node, open + spelled + open);
}

std::optional<TextEdit> Editor::add_member(const NodeRef& mapping, std::string_view key,
                                           const Value& value) const {
  if (!mapping.is_mapping() || mapping.find(key).key.valid()) {
    return std::nullopt;
  }
  const SourceRange range = mapping.range();
  if (is_flow(mapping)) {
    const bool yaml_flow = !m_style.json;
    if (mapping.size() == 0) {
      // {} -> {key: value}
      if (range.begin + 1 >= range.end || m_text[range.begin] != '{') {
        return std::nullopt;
      }
      return TextEdit{SourceRange{m_file, range.begin + 1, range.begin + 1},
                      key_text(key, false) + ": " + flow(value)};
    }
    const model::Member last = mapping.member(mapping.size() - 1);
    if (!last.value.valid() || last.value.is_null()) {
      return std::nullopt;
    }
    const bool quoted_keys = last.key.style() == ScalarStyle::double_quoted;
    const std::uint32_t at = last.value.range().end;
    const std::uint32_t key_at = last.key.range().begin;
    const bool multi_line = line_start(key_at) > range.begin;
    std::string insert = ",";
    if (multi_line) {
      const std::uint32_t start = line_start(key_at);
      for (std::uint32_t p = start; p < key_at; ++p) {
        if (!is_space(m_text[p])) {
          return std::nullopt;  // members share lines: a layout not worth guessing
        }
      }
      const std::string indent(m_text.substr(start, key_at - start));
      insert += m_style.newline + indent + key_text(key, quoted_keys) + ": " +
                (yaml_flow ? flow(value) : json(value, indent));
    } else {
      insert += " " + key_text(key, quoted_keys) + ": " + flow(value);
    }
    return TextEdit{SourceRange{m_file, at, at}, insert};
  }
  if (mapping.size() == 0) {
    return std::nullopt;
  }
  const model::Member last = mapping.member(mapping.size() - 1);
  const auto column = block_column(last.key.range().begin);
  const auto end = content_end(last.value.is_null() ? last.key : last.value);
  if (!column || !end) {
    return std::nullopt;
  }
  // After the last member's line, keeping any comment on it where it is.
  const std::uint32_t at = line_end(*end);
  return TextEdit{
      SourceRange{m_file, at, at},
      m_style.newline + spaces(*column) + std::string(key) + ":" + after_key(value, *column)};
}

std::optional<TextEdit> Editor::append_items(const NodeRef& sequence,
                                             const std::vector<Value>& items) const {
  if (!sequence.is_sequence() || items.empty()) {
    return std::nullopt;
  }
  const SourceRange range = sequence.range();
  if (is_flow(sequence)) {
    std::string insert;
    if (sequence.size() == 0) {
      if (range.begin + 1 >= range.end || m_text[range.begin] != '[') {
        return std::nullopt;
      }
      for (std::size_t i = 0; i < items.size(); ++i) {
        insert += (i > 0 ? ", " : "") + flow(items[i]);
      }
      return TextEdit{SourceRange{m_file, range.begin + 1, range.begin + 1}, insert};
    }
    const NodeRef last = sequence.item(sequence.size() - 1);
    const std::uint32_t item_at = last.range().begin;
    const bool multi_line = line_start(item_at) > range.begin;
    std::string indent;
    if (multi_line) {
      const std::uint32_t start = line_start(item_at);
      for (std::uint32_t p = start; p < item_at; ++p) {
        if (!is_space(m_text[p])) {
          return std::nullopt;
        }
      }
      indent = std::string(m_text.substr(start, item_at - start));
    }
    for (const Value& item : items) {
      insert += multi_line ? "," + m_style.newline + indent +
                                 (m_style.json ? json(item, indent) : flow(item))
                           : ", " + flow(item);
    }
    return TextEdit{SourceRange{m_file, last.range().end, last.range().end}, insert};
  }
  if (sequence.size() == 0) {
    return std::nullopt;
  }
  const NodeRef last = sequence.item(sequence.size() - 1);
  // The last item's dash: the item starts at it or after it and spaces.
  std::uint32_t dash = last.range().begin;
  const std::uint32_t start = line_start(dash);
  if (!(dash < m_text.size() && m_text[dash] == '-')) {
    while (dash > start && is_space(m_text[dash - 1])) {
      --dash;
    }
    if (dash == start || m_text[dash - 1] != '-') {
      return std::nullopt;
    }
    --dash;
  }
  const auto column = block_column(dash);
  const auto end = content_end(last);
  if (!column || !end) {
    return std::nullopt;
  }
  const bool flow_items = (last.is_mapping() || last.is_sequence()) && is_flow(last);
  std::string insert;
  for (const Value& item : items) {
    insert += m_style.newline + spaces(*column) + "- " + item_body(item, *column + 2, flow_items);
  }
  const std::uint32_t at = line_end(*end);
  return TextEdit{SourceRange{m_file, at, at}, insert};
}

std::optional<TextEdit> Editor::replace_suffix(const NodeRef& node, std::string_view old_suffix,
                                               std::string_view new_suffix) const {
  if (!node.is_string() || old_suffix.empty() || node.range().file != m_file) {
    return std::nullopt;
  }
  const std::string_view value = node.scalar();
  if (value.size() < old_suffix.size() ||
      value.substr(value.size() - old_suffix.size()) != old_suffix) {
    return std::nullopt;
  }
  std::uint32_t close = 0;  // the closing quote
  switch (node.style()) {
    case ScalarStyle::plain:
      if (!std::all_of(new_suffix.begin(), new_suffix.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' ||
                   c == '-' || c == '/';
          })) {
        return std::nullopt;
      }
      break;
    case ScalarStyle::single_quoted:
    case ScalarStyle::double_quoted:
      close = 1;
      if (std::any_of(new_suffix.begin(), new_suffix.end(), [](char c) {
            return c == '\'' || c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
          })) {
        return std::nullopt;
      }
      break;
    default:
      return std::nullopt;
  }
  const std::string_view raw = text_of(node);
  if (raw.size() < close + old_suffix.size()) {
    return std::nullopt;
  }
  const std::string_view body = raw.substr(0, raw.size() - close);
  if (body.substr(body.size() - old_suffix.size()) != old_suffix) {
    return std::nullopt;
  }
  const std::uint32_t end = node.range().end - close;
  const auto begin = static_cast<std::uint32_t>(end - old_suffix.size());
  // An escape right before it would take its first character (\e in "...\ec2messages").
  if (node.style() == ScalarStyle::double_quoted && begin > 0 && m_text[begin - 1] == '\\') {
    return std::nullopt;
  }
  return TextEdit{SourceRange{m_file, begin, end}, std::string(new_suffix)};
}

bool Editor::blank_line(std::uint32_t offset) const {
  const std::uint32_t start = line_start(offset);
  const std::uint32_t end = line_end(start);
  for (std::uint32_t p = start; p < end; ++p) {
    if (!is_space(m_text[p])) {
      return false;
    }
  }
  return true;
}

std::string Editor::without_comments(const model::Document& document, std::uint32_t from,
                                     std::uint32_t to, const std::vector<TextEdit>& changes) const {
  // A '#' is a comment only outside scalars (a quoted "#", a block scalar's line).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> scalars;
  for (std::uint32_t i = 0; i < document.node_count(); ++i) {
    const NodeRef node(&document, i);
    const SourceRange r = node.range();
    if (node.is_scalar() && r.end > from && r.begin < to) {
      scalars.emplace_back(r.begin, r.end);
    }
  }
  const auto in_scalar = [&](std::uint32_t p) {
    return std::any_of(scalars.begin(), scalars.end(),
                       [p](const auto& r) { return r.first <= p && p < r.second; });
  };
  std::string out;
  std::size_t line_out = 0;  // where the current line starts in `out`
  bool had_comment = false;
  std::size_t next = 0;
  for (std::uint32_t p = from; p < to;) {
    if (next < changes.size() && changes[next].range.begin == p) {
      out += changes[next].replacement;
      p = std::max(p, changes[next].range.end);
      ++next;
      continue;
    }
    const char c = m_text[p];
    if (c == '\n') {
      const std::string_view line = std::string_view(out).substr(line_out);
      if (had_comment &&
          std::all_of(line.begin(), line.end(), [](char b) { return is_space(b) || b == '\r'; })) {
        out.resize(line_out);  // a comment line: dropped with its line break
      } else {
        out += c;
      }
      line_out = out.size();
      had_comment = false;
      ++p;
      continue;
    }
    if (c == '#' && (p == 0 || is_space(m_text[p - 1]) || m_text[p - 1] == '\n') && !in_scalar(p)) {
      had_comment = true;
      while (out.size() > line_out && is_space(out.back())) {
        out.pop_back();
      }
      p = std::min(line_end(p), to);
      continue;
    }
    out += c;
    ++p;
  }
  return out;
}

std::optional<TextEdit> Editor::copy_member(const NodeRef& mapping, std::size_t index,
                                            std::string_view key,
                                            std::vector<TextEdit> changes) const {
  if (!mapping.is_mapping() || index >= mapping.size() || key.empty() ||
      mapping.document() == nullptr) {
    return std::nullopt;
  }
  const model::Member m = mapping.member(index);
  if (!m.key.is_scalar() || !m.key.tag().empty() || !m.value.valid() ||
      m.key.range().file != m_file) {
    return std::nullopt;
  }
  const bool flow_parent = is_flow(mapping);
  std::string new_key;
  switch (m.key.style()) {
    case ScalarStyle::double_quoted:
      new_key = double_quoted(key);
      break;
    case ScalarStyle::single_quoted:
      if (key.find('\'') != std::string_view::npos) {
        return std::nullopt;
      }
      new_key = "'" + std::string(key) + "'";
      break;
    case ScalarStyle::plain:
      new_key =
          m_style.json || !plain_safe(key, flow_parent) ? double_quoted(key) : std::string(key);
      break;
    default:
      return std::nullopt;
  }
  changes.push_back(TextEdit{m.key.range(), new_key});
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::uint32_t at = 0;
  std::string lead;
  if (flow_parent) {
    if (m.value.is_null()) {
      return std::nullopt;
    }
    from = m.key.range().begin;
    to = m.value.range().end;
    at = to;
    const std::uint32_t start = line_start(from);
    if (start > mapping.range().begin) {
      for (std::uint32_t p = start; p < from; ++p) {
        if (!is_space(m_text[p])) {
          return std::nullopt;  // members share lines: a layout not worth guessing
        }
      }
      lead = "," + m_style.newline + std::string(m_text.substr(start, from - start));
    } else {
      lead = ", ";
    }
  } else {
    const std::uint32_t start = line_start(m.key.range().begin);
    for (std::uint32_t p = start; p < m.key.range().begin; ++p) {
      if (m_text[p] != ' ') {
        return std::nullopt;  // "- key:" or a tab: the copy would need another layout
      }
    }
    const std::size_t column = m.key.range().begin - start;
    const auto end = content_end(m.value.is_null() ? m.key : m.value);
    if (!end) {
      return std::nullopt;
    }
    from = start;
    to = *end;
    at = line_end(to);
    // Comment lines right under the member and indented deeper (a commented-out property)
    // stay with it.
    bool blank_after = false;
    for (std::size_t nl = m_text.find('\n', at); nl != std::string_view::npos;
         nl = m_text.find('\n', nl + 1)) {
      const auto line = static_cast<std::uint32_t>(nl + 1);
      if (line >= m_text.size()) {
        break;
      }
      if (blank_line(line)) {
        blank_after = index + 1 < mapping.size();
        break;
      }
      std::uint32_t p = line;
      while (p < m_text.size() && m_text[p] == ' ') {
        ++p;
      }
      if (m_text[p] != '#' || p - line <= column) {
        break;
      }
      at = line_end(line);
    }
    const bool blank_before = index > 0 && start > 0 && blank_line(start - 1);
    lead = m_style.newline + (blank_before || blank_after ? m_style.newline : std::string());
  }
  std::sort(changes.begin(), changes.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.range.begin < b.range.begin; });
  std::uint32_t last = from;
  for (const TextEdit& c : changes) {
    if (c.range.file != m_file || c.range.begin < last || c.range.end < c.range.begin ||
        c.range.end > to) {
      return std::nullopt;
    }
    last = c.range.end;
  }
  return TextEdit{SourceRange{m_file, at, at},
                  lead + without_comments(*mapping.document(), from, to, changes)};
}

std::pair<NodeRef, std::size_t> member_of(const NodeRef& key) {
  const model::Document* document = key.document();
  if (document == nullptr) {
    return {};
  }
  for (std::uint32_t i = 0; i < document->node_count(); ++i) {
    const NodeRef node(document, i);
    for (std::size_t k = 0; node.is_mapping() && k < node.size(); ++k) {
      if (node.member(k).key == key) {
        return {node, k};
      }
    }
  }
  return {};
}

}  // namespace ssmpf::fix
