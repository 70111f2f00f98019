// SPDX-License-Identifier: Apache-2.0
// The event handler that turns parser events into a model::Document, shared by the yaml-cpp
// parse and the fast path (load/fast_yaml.cpp), which feeds it the same events yaml-cpp would.
// Internal to src/load/.
#pragma once

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/emitterstyle.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/source.hpp"
#include "load/limits.hpp"
#include "load/yaml_loader.hpp"
#include "model/node.hpp"
#include "model/scalar.hpp"

namespace ssmpf::load::detail {

using model::NodeKind;
using model::ScalarStyle;
using model::ScalarType;

// Thrown from the event handler to stop the parse with a diagnostic.
struct Stop {
  const char* rule;
  std::uint32_t offset;
  std::string message;
};

inline bool is_space(char c) noexcept {
  return c == ' ' || c == '\t';
}
inline bool is_break(char c) noexcept {
  return c == '\n' || c == '\r';
}
inline bool is_blank(char c) noexcept {
  return is_space(c) || is_break(c);
}
inline bool is_flow_indicator(char c) noexcept {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// Scans source text to find where nodes end: yaml-cpp reports only where they start.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : m_text(text) {}

  [[nodiscard]] std::uint32_t size() const noexcept {
    return static_cast<std::uint32_t>(m_text.size());
  }
  [[nodiscard]] char at(std::uint32_t i) const noexcept {
    return i < m_text.size() ? m_text[i] : '\0';
  }

  // Skips node properties (tag, anchor) and the blanks after them.
  [[nodiscard]] std::uint32_t skip_properties(std::uint32_t pos) const noexcept {
    while (pos < size() && (at(pos) == '!' || at(pos) == '&')) {
      while (pos < size() && !is_blank(at(pos)) && !is_flow_indicator(at(pos))) {
        ++pos;
      }
      pos = skip_blanks_and_comments(pos);
    }
    return pos;
  }

  [[nodiscard]] std::uint32_t skip_blanks_and_comments(std::uint32_t pos) const noexcept {
    while (pos < size()) {
      if (is_blank(at(pos))) {
        ++pos;
      } else if (at(pos) == '#' && (pos == 0 || is_blank(at(pos - 1)))) {
        pos = line_end(pos);
      } else {
        break;
      }
    }
    return pos;
  }

  [[nodiscard]] std::uint32_t line_end(std::uint32_t pos) const noexcept {
    while (pos < size() && !is_break(at(pos))) {
      ++pos;
    }
    return pos;
  }
  [[nodiscard]] std::uint32_t line_begin(std::uint32_t pos) const noexcept {
    while (pos > 0 && !is_break(at(pos - 1))) {
      --pos;
    }
    return pos;
  }
  [[nodiscard]] std::uint32_t next_line(std::uint32_t pos) const noexcept {
    pos = line_end(pos);
    if (at(pos) == '\r') {
      ++pos;
    }
    if (at(pos) == '\n') {
      ++pos;
    }
    return pos;
  }
  [[nodiscard]] std::uint32_t indent_of_line(std::uint32_t line_start) const noexcept {
    std::uint32_t i = line_start;
    while (at(i) == ' ') {
      ++i;
    }
    return i - line_start;
  }

  // End of the scalar that starts (after its properties) at `pos`.
  [[nodiscard]] std::uint32_t scalar_end(std::uint32_t pos, std::string_view value,
                                         bool in_flow) const noexcept {
    const char c = at(pos);
    if (c == '"') {
      std::uint32_t i = pos + 1;
      while (i < size()) {
        if (at(i) == '\\') {
          i += 2;
        } else if (at(i) == '"') {
          return i + 1;
        } else {
          ++i;
        }
      }
      return size();
    }
    if (c == '\'') {
      std::uint32_t i = pos + 1;
      while (i < size()) {
        if (at(i) == '\'') {
          if (at(i + 1) == '\'') {
            i += 2;
            continue;
          }
          return i + 1;
        }
        ++i;
      }
      return size();
    }
    if (c == '|' || c == '>') {
      return block_scalar_end(pos);
    }
    return plain_end(pos, value, in_flow);
  }

  [[nodiscard]] std::uint32_t block_scalar_end(std::uint32_t pos) const noexcept {
    const std::uint32_t parent_indent = indent_of_line(line_begin(pos));
    std::uint32_t end = trim_comment(pos, line_end(pos));
    std::uint32_t line = next_line(pos);
    while (line < size()) {
      const std::uint32_t indent = indent_of_line(line);
      const std::uint32_t content = line + indent;
      const std::uint32_t eol = line_end(line);
      const bool blank = std::all_of(m_text.begin() + content, m_text.begin() + eol, is_space);
      if (!blank) {
        if (indent <= parent_indent) {
          break;
        }
        end = eol;
        while (end > content && is_space(at(end - 1))) {
          --end;
        }
      }
      line = next_line(line);
    }
    return end;
  }

  // End of a plain scalar: up to a comment, a `: ` (a key), a flow indicator in flow
  // context; continuation lines while the folded value is longer than what was seen.
  [[nodiscard]] std::uint32_t plain_end(std::uint32_t pos, std::string_view value,
                                        bool in_flow) const noexcept {
    std::uint32_t end = plain_line_end(pos, in_flow);
    std::size_t seen = end - pos;
    if (seen >= value.size()) {
      return end;  // on one line: do not scan the rest of a long line for every scalar
    }
    std::uint32_t line = next_line(pos);
    while (seen < value.size() && line < size()) {
      std::uint32_t content = line;
      while (is_space(at(content))) {
        ++content;
      }
      if (is_break(at(content)) || content >= size()) {
        seen += 1;  // an empty line folds into a line break
        line = next_line(line);
        continue;
      }
      const std::uint32_t e = plain_line_end(content, in_flow);
      if (e == content) {
        break;
      }
      seen += 1 + (e - content);
      end = e;
      line = next_line(line);
    }
    return end;
  }

  [[nodiscard]] std::uint32_t plain_line_end(std::uint32_t pos, bool in_flow) const noexcept {
    std::uint32_t i = pos;
    while (i < size()) {
      const char c = at(i);
      if (is_break(c)) {
        break;
      }
      if (c == '#' && i > pos && is_space(at(i - 1))) {
        break;
      }
      if (c == ':' &&
          (is_blank(at(i + 1)) || i + 1 >= size() || (in_flow && is_flow_indicator(at(i + 1))))) {
        break;
      }
      if (in_flow && is_flow_indicator(c)) {
        break;
      }
      ++i;
    }
    while (i > pos && is_space(at(i - 1))) {
      --i;
    }
    return i;
  }

  [[nodiscard]] std::uint32_t trim_comment(std::uint32_t pos, std::uint32_t eol) const noexcept {
    std::uint32_t i = pos;
    while (i < eol) {
      if (at(i) == '#' && i > pos && is_space(at(i - 1))) {
        break;
      }
      ++i;
    }
    while (i > pos && is_space(at(i - 1))) {
      --i;
    }
    return i;
  }

  // After the last child of a flow collection, the closing bracket, if it is there.
  [[nodiscard]] std::uint32_t flow_close(std::uint32_t pos, char bracket) const noexcept {
    std::uint32_t i = pos;
    while (i < size()) {
      i = skip_blanks_and_comments(i);
      if (at(i) == ',') {
        ++i;
        continue;
      }
      break;
    }
    return at(i) == bracket ? i + 1 : pos;
  }

 private:
  std::string_view m_text;
};

class Builder final : public YAML::EventHandler {
 public:
  Builder(std::string_view text, std::uint32_t bom, FileId file, model::Schema schema,
          const Limits& limits)
      : m_scan(text),
        m_text(text),
        m_bom(bom),
        m_schema(schema),
        m_limits(limits),
        m_builder(file) {}

  [[nodiscard]] model::Document finish() { return m_builder.finish(); }
  [[nodiscard]] std::vector<DuplicateKey> take_duplicates() { return std::move(m_duplicates); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++m_documents > 1) {
      throw Stop{"LD001", offset(mark),
                 "a second YAML document starts here; PyYAML's safe_load and CloudFormation "
                 "read exactly one document per file"};
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    std::uint32_t pos = m_scan.skip_properties(offset(mark));
    const std::string_view rest = m_text.substr(std::min(pos, m_scan.size()));
    std::uint32_t word = 0;
    for (const std::string_view w : {"~", "null", "Null", "NULL"}) {
      if (rest.substr(0, w.size()) == w &&
          (rest.size() == w.size() || is_blank(rest[w.size()]) || rest[w.size()] == ',' ||
           rest[w.size()] == ']' || rest[w.size()] == '}' || rest[w.size()] == '#')) {
        word = static_cast<std::uint32_t>(w.size());
        break;
      }
    }
    std::uint32_t begin = pos;
    std::uint32_t end = pos + word;
    if (word == 0) {
      // An empty value: yaml-cpp marks the next token; point just after the previous node.
      begin = end = empty_position(pos);
    }
    const std::uint32_t index = m_builder.add_null(begin, end, "");
    attach(index, 1, 1, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = m_anchors.find(anchor);
    if (it == m_anchors.end()) {
      throw Stop{"LD001", offset(mark), "an alias refers to an anchor that is not complete here"};
    }
    const Anchored a = it->second;
    m_alias_nodes += a.expanded;
    if (m_alias_nodes > m_limits.max_alias_nodes) {
      throw Stop{"LD005", offset(mark),
                 "alias expansion exceeds the limit of " +
                     std::to_string(m_limits.max_alias_nodes) +
                     " nodes (nested aliases repeat data exponentially)"};
    }
    attach(a.index, a.expanded, a.height, 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const std::uint32_t start = offset(mark);
    const std::uint32_t pos = m_scan.skip_properties(start);
    const bool in_flow = !m_stack.empty() && m_stack.back().flow;
    const std::uint32_t end = std::max(pos, m_scan.scalar_end(pos, value, in_flow));
    ScalarStyle style = ScalarStyle::plain;
    switch (m_scan.at(pos)) {
      case '"':
        style = ScalarStyle::double_quoted;
        break;
      case '\'':
        style = ScalarStyle::single_quoted;
        break;
      case '|':
        style = ScalarStyle::literal;
        break;
      case '>':
        style = ScalarStyle::folded;
        break;
      default:
        break;
    }
    std::string_view explicit_tag;
    ScalarType type = ScalarType::string;
    if (tag == "?") {
      type = model::resolve_plain(value, m_schema);
    } else if (tag != "!") {
      explicit_tag = tag;
      type = model::core_tag_type(tag).value_or(ScalarType::string);
    }
    const std::uint32_t index = m_builder.add_scalar(start, end, value, explicit_tag, style, type);
    attach(index, 1, 1, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(NodeKind::sequence, mark, tag, anchor, style);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(NodeKind::mapping, mark, tag, anchor, style);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    std::uint32_t index = 0;
    NodeKind kind = NodeKind::sequence;
    bool flow = false;
    YAML::anchor_t anchor = 0;
    std::vector<std::uint32_t> children;
    std::uint64_t expanded = 1;
    std::uint32_t height = 1;
  };
  struct Anchored {
    std::uint32_t index = 0;
    std::uint64_t expanded = 1;
    std::uint32_t height = 1;
  };

  [[nodiscard]] std::uint32_t offset(const YAML::Mark& mark) const noexcept {
    if (mark.pos < 0) {
      return m_bom;
    }
    return std::min<std::uint32_t>(static_cast<std::uint32_t>(mark.pos) + m_bom, m_scan.size());
  }

  // Where an empty (null) value sits: right after the node before it in its parent.
  [[nodiscard]] std::uint32_t empty_position(std::uint32_t fallback) const noexcept {
    if (!m_stack.empty() && !m_stack.back().children.empty()) {
      return m_builder.node(m_stack.back().children.back()).end;
    }
    if (!m_stack.empty()) {
      return m_builder.node(m_stack.back().index).begin;
    }
    return std::min(fallback, m_scan.size());
  }

  void open(NodeKind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            YAML::EmitterStyle::value style) {
    if (m_stack.size() >= m_limits.max_depth) {
      throw Stop{"LD005", offset(mark),
                 "nesting deeper than " + std::to_string(m_limits.max_depth) + " levels"};
    }
    Open o;
    o.index = m_builder.open(kind, offset(mark), tag == "?" || tag == "!" ? "" : tag);
    o.kind = kind;
    o.flow = style == YAML::EmitterStyle::Flow;
    o.anchor = anchor;
    m_stack.push_back(std::move(o));
  }

  void close() {
    Open o = std::move(m_stack.back());
    m_stack.pop_back();
    std::uint32_t end = m_builder.node(o.index).begin;
    if (!o.children.empty()) {
      end = std::max(end, m_builder.node(o.children.back()).end);
    }
    if (o.flow) {
      const std::uint32_t from = o.children.empty() ? m_builder.node(o.index).begin + 1 : end;
      const std::uint32_t closed = m_scan.flow_close(from, o.kind == NodeKind::mapping ? '}' : ']');
      end = std::max(end, closed);
    }
    if (o.kind == NodeKind::mapping) {
      find_duplicates(o.children);
      if (m_schema == model::Schema::yaml11) {
        apply_merge_keys(o.children);
      }
    }
    m_builder.close(o.index, end, o.children);
    attach(o.index, o.expanded, o.height, o.anchor);
  }

  void attach(std::uint32_t index, std::uint64_t expanded, std::uint32_t height,
              YAML::anchor_t anchor) {
    if (anchor != 0) {
      m_anchors[anchor] = Anchored{index, expanded, height};
    }
    if (m_stack.empty()) {
      m_builder.set_root(index);
      return;
    }
    Open& parent = m_stack.back();
    parent.children.push_back(index);
    parent.expanded = std::min<std::uint64_t>(parent.expanded + expanded, UINT64_MAX / 2);
    parent.height = std::max(parent.height, height + 1);
    if (parent.height + m_stack.size() > m_limits.max_depth + 1) {
      throw Stop{"LD005", m_builder.node(index).begin,
                 "nesting deeper than " + std::to_string(m_limits.max_depth) +
                     " levels once aliases are expanded"};
    }
  }

  [[nodiscard]] bool is_merge_key(std::uint32_t key) const {
    const model::NodeRef k = m_builder.ref(key);
    return k.is_scalar() && k.style() == ScalarStyle::plain && k.tag().empty() &&
           k.scalar() == "<<";
  }

  void find_duplicates(const std::vector<std::uint32_t>& children) {
    const std::size_t members = children.size() / 2;
    if (members < 2) {
      return;
    }
    auto key_text = [&](std::size_t i) -> std::optional<std::string_view> {
      const model::NodeRef k = m_builder.ref(children[2 * i]);
      if (!k.is_scalar() && !k.is_null()) {
        return std::nullopt;
      }
      if (is_merge_key(children[2 * i])) {
        return std::nullopt;
      }
      return k.scalar();
    };
    std::unordered_map<std::string_view, std::size_t> last;
    last.reserve(members);
    for (std::size_t i = 0; i < members; ++i) {
      const auto key = key_text(i);
      if (!key) {
        continue;
      }
      const auto [it, inserted] = last.try_emplace(*key, i);
      if (!inserted) {
        const std::size_t prev = it->second;
        m_duplicates.push_back(DuplicateKey{children[2 * prev], children[2 * prev + 1],
                                            children[2 * i], children[2 * i + 1]});
        it->second = i;
      }
    }
  }

  // YAML 1.1 merge keys (`<<: *defaults`) as PyYAML applies them: explicit keys win over
  // merged ones, and among merged mappings the first listed wins.
  void apply_merge_keys(std::vector<std::uint32_t>& children) {
    bool any = false;
    for (std::size_t i = 0; i < children.size(); i += 2) {
      any = any || is_merge_key(children[i]);
    }
    if (!any) {
      return;
    }
    std::vector<std::uint32_t> merged;
    std::vector<std::uint32_t> explicit_members;
    auto merge_from = [&](std::uint32_t source) {
      const model::NodeRef m = m_builder.ref(source);
      if (!m.is_mapping()) {
        throw Stop{"LD001", m_builder.node(source).begin,
                   "a merge key ('<<') needs a mapping or a list of mappings"};
      }
      for (std::size_t j = 0; j < m.size(); ++j) {
        const model::Member member = m.member(j);
        merged.push_back(member.key.index());
        merged.push_back(member.value.index());
      }
    };
    for (std::size_t i = 0; i < children.size(); i += 2) {
      if (!is_merge_key(children[i])) {
        explicit_members.push_back(children[i]);
        explicit_members.push_back(children[i + 1]);
        continue;
      }
      const model::NodeRef value = m_builder.ref(children[i + 1]);
      if (value.is_sequence()) {
        for (std::size_t j = value.size(); j-- > 0;) {
          merge_from(value.item(j).index());
        }
      } else {
        merge_from(children[i + 1]);
      }
    }
    // Keep, for each key, the member that PyYAML's dict ends with.
    std::unordered_map<std::string_view, std::size_t> winner;
    std::vector<std::uint32_t> all = merged;
    all.insert(all.end(), explicit_members.begin(), explicit_members.end());
    for (std::size_t i = 0; i < all.size(); i += 2) {
      const model::NodeRef k = m_builder.ref(all[i]);
      if (k.is_scalar()) {
        winner[k.scalar()] = i;
      }
    }
    std::vector<std::uint32_t> result;
    for (std::size_t i = 0; i < all.size(); i += 2) {
      const model::NodeRef k = m_builder.ref(all[i]);
      if (k.is_scalar() && winner[k.scalar()] != i && i < merged.size()) {
        continue;  // overridden
      }
      result.push_back(all[i]);
      result.push_back(all[i + 1]);
    }
    children = std::move(result);
  }

  Scanner m_scan;
  std::string_view m_text;
  std::uint32_t m_bom;
  model::Schema m_schema;
  const Limits& m_limits;
  model::DocumentBuilder m_builder;
  std::vector<Open> m_stack;
  std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
  std::vector<DuplicateKey> m_duplicates;
  std::uint64_t m_alias_nodes = 0;
  int m_documents = 0;
};

}  // namespace ssmpf::load::detail
