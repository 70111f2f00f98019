// SPDX-License-Identifier: Apache-2.0
// A parser for the common subset of YAML and JSON that emits the events yaml-cpp would emit for
// the same text (same order, marks, tags and values) into the same detail::Builder, so the
// Document is identical by construction. Whatever it is not sure of, it refuses: parse_yaml
// then parses the text with yaml-cpp.
#include "load/fast_yaml.hpp"

#include <yaml-cpp/emitterstyle.h>
#include <yaml-cpp/mark.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/text.hpp"
#include "load/yaml_builder.hpp"

namespace ssmpf::load {

namespace {

// Thrown when the text leaves the subset.
struct Refuse {};

[[noreturn]] void refuse() {
  throw Refuse{};
}

// Below yaml-cpp's own recursion limit (500 nested nodes) whatever Limits::max_depth says.
constexpr std::uint32_t k_max_nesting = 400;
// Longer implicit keys are left to yaml-cpp (YAML limits them to 1024 characters).
constexpr std::uint32_t k_max_key = 1000;

const std::string& plain_tag() {
  static const std::string tag = "?";  // yaml-cpp's non-specific tag of plain scalars
  return tag;
}
const std::string& quoted_tag() {
  static const std::string tag = "!";  // ... and of quoted ones
  return tag;
}

bool starts_line_marker(std::string_view t, std::size_t i) {
  return t.compare(i, 3, "---") == 0 || t.compare(i, 3, "...") == 0 || t.compare(i, 1, "%") == 0;
}

// Valid UTF-8 of printable characters and line breaks (LF, CRLF) only: no tab, control, C1
// control, byte-order mark after the first, line or paragraph separator or noncharacter, and
// no line that starts like a document marker or a directive.
// The line at `allowed` (the document's leading `---`) is exempt.
bool regular_text(std::string_view t, std::size_t from, std::size_t allowed) {
  const std::size_t n = t.size();
  std::size_t i = from;
  if (i < n && i != allowed && starts_line_marker(t, i)) {
    return false;
  }
  while (i < n) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (c == '\r') {
        if (i + 1 >= n || t[i + 1] != '\n') {
          return false;
        }
        ++i;
      }
      ++i;
      if (i < n && i != allowed && starts_line_marker(t, i)) {
        return false;
      }
      continue;
    }
    if (c < 0x80) {
      return false;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1FU;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0FU;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07U;
    } else {
      return false;
    }
    if (i + len > n) {
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(t[i + k]);
      if ((b & 0xC0U) != 0x80U) {
        return false;
      }
      cp = (cp << 6U) | (b & 0x3FU);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp <= 0x9F || cp == 0xFEFF || cp == 0x2028 ||
        cp == 0x2029 || cp == 0xFFFE || cp == 0xFFFF) {
      return false;
    }
    i += len;
  }
  return true;
}

bool is_tag_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0U | (cp >> 6U));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else {
    out += static_cast<char>(0xE0U | (cp >> 12U));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  }
}

class Parser {
 public:
  Parser(std::string_view text, std::uint32_t bom, detail::Builder& builder)
      : m_t(text), m_n(static_cast<std::uint32_t>(text.size())), m_bom(bom), m_b(builder) {}

  // Where a leading `---` line (after blank and comment lines only) is, or UINT32_MAX.
  [[nodiscard]] std::uint32_t document_marker() const noexcept {
    const Line first = content(m_bom);
    const std::uint32_t p = first.start + first.indent;
    if (first.indent == 0 && m_t.compare(p, 3, "---") == 0) {
      return p;
    }
    return UINT32_MAX;
  }

  // `from`: where the document starts (after the BOM, or after a leading `---` line).
  void run(std::uint32_t marker) {
    std::uint32_t from = m_bom;
    if (marker != UINT32_MAX) {
      // Only `---` and a comment on its line; the document must not be empty.
      rest_blank(marker + 3);
      from = next_line(marker);
    }
    m_cur = content(from);
    if (at_end() && marker != UINT32_MAX) {
      refuse();
    }
    if (at_end()) {
      return;  // no document: yaml-cpp reports no event either
    }
    const std::uint32_t p = m_cur.start + m_cur.indent;
    m_b.OnDocumentStart(mark(p));
    if (at(p) == '[' || at(p) == '{') {
      // JSON, or YAML that is one flow collection: it may span lines.
      const std::uint32_t end = flow_collection(p, p, nullptr, true);
      rest_blank(end);
      m_cur = content(next_line(end));
    } else {
      block_node(p, m_cur.indent, -1, Mode::any);
    }
    if (!at_end()) {
      refuse();
    }
    m_b.OnDocumentEnd();
  }

 private:
  // What a block node may be where it starts.
  enum class Mode : std::uint8_t {
    any,           // top level, or after "- " on the entry's line
    next_line,     // on the lines after "key:" or "-": a collection only
    inline_value,  // after "key: " on the key's line: no sequence, no mapping
  };

  // A line with content (not blank, not only a comment); start == size at the end.
  struct Line {
    std::uint32_t start = 0;
    std::uint32_t indent = 0;
  };

  [[nodiscard]] char at(std::uint32_t i) const noexcept { return i < m_n ? m_t[i] : '\0'; }
  [[nodiscard]] bool eol(std::uint32_t i) const noexcept {
    return i >= m_n || m_t[i] == '\n' || m_t[i] == '\r';
  }
  [[nodiscard]] bool at_end() const noexcept { return m_cur.start >= m_n; }
  [[nodiscard]] YAML::Mark mark(std::uint32_t pos) const noexcept {
    YAML::Mark m;
    m.pos = static_cast<int>(pos - m_bom);
    return m;
  }
  [[nodiscard]] std::uint32_t skip_spaces(std::uint32_t i) const noexcept {
    while (at(i) == ' ') {
      ++i;
    }
    return i;
  }
  [[nodiscard]] std::uint32_t next_line(std::uint32_t i) const noexcept {
    while (!eol(i)) {
      ++i;
    }
    if (at(i) == '\r') {
      ++i;
    }
    if (at(i) == '\n') {
      ++i;
    }
    return i;
  }
  // The first line from `line` on with content.
  [[nodiscard]] Line content(std::uint32_t line) const noexcept {
    while (line < m_n) {
      const std::uint32_t i = skip_spaces(line);
      if (i >= m_n) {
        break;
      }
      if (!eol(i) && m_t[i] != '#') {
        return Line{line, i - line};
      }
      line = next_line(i);
    }
    return Line{m_n, 0};
  }
  [[nodiscard]] bool seq_entry(std::uint32_t p) const noexcept {
    return at(p) == '-' && (eol(p + 1) || at(p + 1) == ' ');
  }
  // After a node on its line: only spaces and a comment may follow.
  void rest_blank(std::uint32_t i) const {
    const std::uint32_t j = skip_spaces(i);
    if (eol(j) || (at(j) == '#' && j > i)) {
      return;
    }
    refuse();
  }
  // The `:` of a key that ends at `e`, or 0.
  [[nodiscard]] std::uint32_t key_colon(std::uint32_t e) const noexcept {
    const std::uint32_t j = skip_spaces(e);
    return at(j) == ':' && (eol(j + 1) || at(j + 1) == ' ') ? j : 0;
  }

  // A node on one line ended at `i`: the rest of the line must be empty, and the next content
  // line may not be more indented than the collection holding the node (that would continue a
  // multi-line scalar, or be an error).
  void end_inline(std::uint32_t i, int parent_col) {
    rest_blank(i);
    m_cur = content(next_line(i));
    if (!at_end() && static_cast<int>(m_cur.indent) > parent_col) {
      refuse();
    }
  }

  void open(bool mapping, std::uint32_t mark_pos, const std::string* tag, bool flow) {
    if (++m_depth > k_max_nesting) {
      refuse();
    }
    const std::string& t = tag != nullptr ? *tag : plain_tag();
    const auto style = flow ? YAML::EmitterStyle::Flow : YAML::EmitterStyle::Block;
    if (mapping) {
      m_b.OnMapStart(mark(mark_pos), t, 0, style);
    } else {
      m_b.OnSequenceStart(mark(mark_pos), t, 0, style);
    }
  }
  void close(bool mapping) {
    --m_depth;
    if (mapping) {
      m_b.OnMapEnd();
    } else {
      m_b.OnSequenceEnd();
    }
  }

  // The scalar in m_value, starting (with its tag, if any) at `pos`.
  void emit_scalar(std::uint32_t pos, const std::string* tag, bool quoted) {
    if (tag != nullptr) {
      m_b.OnScalar(mark(pos), *tag, 0, m_value);
    } else if (quoted) {
      m_b.OnScalar(mark(pos), quoted_tag(), 0, m_value);
    } else if (m_value == "~" || m_value == "null" || m_value == "Null" || m_value == "NULL") {
      m_b.OnNull(mark(pos), 0);
    } else {
      m_b.OnScalar(mark(pos), plain_tag(), 0, m_value);
    }
  }

  // An empty value; yaml-cpp marks the next token, at `next`. The builder places the null after
  // the previous node unless a null word or node properties stand at that mark: left to yaml-cpp.
  void emit_empty(std::uint32_t next) {
    if (next < m_n) {
      const char c = m_t[next];
      if (c == '!' || c == '&') {
        refuse();
      }
      for (const std::string_view w : {"~", "null", "Null", "NULL"}) {
        if (m_t.compare(next, w.size(), w) == 0) {
          const char after = at(next + static_cast<std::uint32_t>(w.size()));
          if (after == '\0' || after == ' ' || after == '\n' || after == '\r' || after == ',' ||
              after == ']' || after == '}' || after == '#') {
            refuse();
          }
        }
      }
    }
    m_b.OnNull(mark(next), 0);
  }

  // A local tag (`!Ref`) at `i`, into `tag`; returns where it ends (at a space or line end).
  std::uint32_t scan_tag(std::uint32_t i, std::string& tag) const {
    std::uint32_t j = i + 1;
    while (j < m_n && is_tag_char(m_t[j])) {
      ++j;
    }
    if (j == i + 1 || !(eol(j) || at(j) == ' ')) {
      refuse();
    }
    tag.assign(m_t.substr(i, j - i));
    return j;
  }

  // A single-quoted scalar on one line at `p` into m_value; returns its end.
  std::uint32_t scan_single(std::uint32_t p) {
    m_value.clear();
    std::uint32_t i = p + 1;
    while (true) {
      std::uint32_t j = i;
      while (!eol(j) && m_t[j] != '\'') {
        ++j;
      }
      m_value.append(m_t.substr(i, j - i));
      if (eol(j)) {
        refuse();
      }
      if (at(j + 1) == '\'') {
        m_value += '\'';
        i = j + 2;
        continue;
      }
      return j + 1;
    }
  }

  // A double-quoted scalar on one line at `p` into m_value; returns its end.
  std::uint32_t scan_double(std::uint32_t p) {
    m_value.clear();
    std::uint32_t i = p + 1;
    while (true) {
      std::uint32_t j = i;
      while (!eol(j) && m_t[j] != '"' && m_t[j] != '\\') {
        ++j;
      }
      m_value.append(m_t.substr(i, j - i));
      if (eol(j)) {
        refuse();
      }
      if (m_t[j] == '"') {
        return j + 1;
      }
      const char e = at(j + 1);
      i = j + 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          m_value += e;
          break;
        case 'b':
          m_value += '\b';
          break;
        case 'f':
          m_value += '\f';
          break;
        case 'n':
          m_value += '\n';
          break;
        case 'r':
          m_value += '\r';
          break;
        case 't':
          m_value += '\t';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          for (std::uint32_t k = 0; k < 4; ++k) {
            const int h = hex_digit_value(at(j + 2 + k));
            if (h < 0) {
              refuse();
            }
            cp = cp * 16 + static_cast<std::uint32_t>(h);
          }
          if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            refuse();
          }
          append_utf8(m_value, cp);
          i = j + 6;
          break;
        }
        default:
          refuse();
      }
    }
  }

  // A scalar in block context at `p` (quoted, or plain up to a comment, a `: ` or the line end)
  // into m_value; returns its end. Anything else there (indicators) is refused.
  std::uint32_t scan_block_scalar(std::uint32_t p, bool& quoted) {
    const char c = at(p);
    quoted = true;
    if (c == '"') {
      return scan_double(p);
    }
    if (c == '\'') {
      return scan_single(p);
    }
    quoted = false;
    if (eol(p) || std::string_view(",[]{}#&*!|>'\"%@`?").find(c) != std::string_view::npos ||
        ((c == '-' || c == ':') && (eol(p + 1) || at(p + 1) == ' '))) {
      refuse();
    }
    std::uint32_t i = p;
    std::uint32_t last = p;
    while (!eol(i)) {
      const char ch = m_t[i];
      if (ch == ':' && (eol(i + 1) || at(i + 1) == ' ')) {
        break;
      }
      if (ch == '#' && m_t[i - 1] == ' ') {
        break;
      }
      if (ch != ' ') {
        last = i + 1;
      }
      ++i;
    }
    m_value.assign(m_t.substr(p, last - p));
    return last;
  }

  // A block node at `p` (column `col`) in a collection at `parent_col` (-1 at the top level).
  // Leaves m_cur at the next content line after it.
  void block_node(std::uint32_t p, std::uint32_t col, int parent_col, Mode mode) {
    if (seq_entry(p)) {
      if (mode == Mode::inline_value) {
        refuse();
      }
      block_sequence(p, col, false, p, nullptr);
      return;
    }
    if (at(p) == '!') {
      tagged_node(p, parent_col, mode);
      return;
    }
    if (at(p) == '[' || at(p) == '{') {
      if (mode == Mode::next_line) {
        refuse();
      }
      end_inline(flow_collection(p, p, nullptr, false), parent_col);
      return;
    }
    if (at(p) == '|' || at(p) == '>') {
      if (mode == Mode::next_line) {
        refuse();
      }
      block_scalar(p, p, nullptr, parent_col);
      return;
    }
    bool quoted = false;
    const std::uint32_t e = scan_block_scalar(p, quoted);
    if (const std::uint32_t colon = key_colon(e)) {
      if (mode == Mode::inline_value || e - p > k_max_key) {
        refuse();
      }
      block_mapping(p, col, colon, quoted, p, nullptr);
      return;
    }
    if (mode == Mode::next_line) {
      refuse();
    }
    emit_scalar(p, nullptr, quoted);
    end_inline(e, parent_col);
  }

  void tagged_node(std::uint32_t p, int parent_col, Mode mode) {
    std::string tag;
    const std::uint32_t q = skip_spaces(scan_tag(p, tag));
    if (eol(q) || at(q) == '#') {
      // A tagged collection on the following lines.
      m_cur = content(next_line(q));
      if (at_end() || static_cast<int>(m_cur.indent) <= parent_col) {
        refuse();
      }
      const std::uint32_t c = m_cur.start + m_cur.indent;
      if (seq_entry(c)) {
        block_sequence(c, m_cur.indent, false, p, &tag);
        return;
      }
      bool quoted = false;
      const std::uint32_t e = scan_block_scalar(c, quoted);
      const std::uint32_t colon = key_colon(e);
      if (colon == 0 || e - c > k_max_key) {
        refuse();
      }
      block_mapping(c, m_cur.indent, colon, quoted, p, &tag);
      return;
    }
    if (mode == Mode::next_line || at(q) == '!') {
      refuse();
    }
    if (at(q) == '[' || at(q) == '{') {
      end_inline(flow_collection(q, p, &tag, false), parent_col);
      return;
    }
    if (at(q) == '|' || at(q) == '>') {
      block_scalar(q, p, &tag, parent_col);
      return;
    }
    bool quoted = false;
    const std::uint32_t e = scan_block_scalar(q, quoted);
    if (key_colon(e) != 0) {
      refuse();  // a tagged key
    }
    emit_scalar(p, &tag, quoted);
    end_inline(e, parent_col);
  }

  // A literal or folded block scalar whose header (`|`, `|-`, `>`, `>-` alone on the line) is at
  // `p`, its tag, if any, at `mark_pos`; not at the top level. The indentation is the first
  // line's; empty lines may not carry spaces at that indentation, content lines may not end in a
  // space, and folded scalars may not have more-indented lines. No indentation indicator and no
  // keep chomping (`+`).
  void block_scalar(std::uint32_t p, std::uint32_t mark_pos, const std::string* tag,
                    int parent_col) {
    const bool folded = at(p) == '>';
    std::uint32_t i = p + 1;
    const bool strip = at(i) == '-';
    if (strip) {
      ++i;
    }
    if (parent_col < 0 || !eol(skip_spaces(i))) {
      refuse();
    }
    std::uint32_t line = next_line(i);
    const std::uint32_t indent = skip_spaces(line) - line;
    if (line >= m_n || eol(line + indent) || static_cast<int>(indent) <= parent_col) {
      refuse();
    }
    m_value.clear();
    std::size_t blanks = 0;  // empty lines since the last content line
    bool first = true;
    bool last_break = true;  // the last content line ends with a line break
    while (line < m_n) {
      const std::uint32_t j = skip_spaces(line);
      if (eol(j)) {
        if (j != line && j - line >= indent) {
          refuse();
        }
        ++blanks;
        line = next_line(j);
        continue;
      }
      if (j - line < indent) {
        break;
      }
      if (folded && j - line > indent) {
        refuse();
      }
      std::uint32_t e = j;
      while (!eol(e)) {
        ++e;
      }
      if (m_t[e - 1] == ' ') {
        refuse();
      }
      if (!first) {
        if (!folded) {
          m_value.append(blanks + 1, '\n');
        } else if (blanks == 0) {
          m_value += ' ';
        } else {
          m_value.append(blanks, '\n');
        }
      }
      first = false;
      blanks = 0;
      m_value.append(m_t.substr(line + indent, e - line - indent));
      last_break = e < m_n;
      line = next_line(e);
    }
    if (!strip && last_break) {
      m_value += '\n';
    }
    m_b.OnScalar(mark(mark_pos), tag != nullptr ? *tag : quoted_tag(), 0, m_value);
    m_cur = content(line);
    if (!at_end() && static_cast<int>(m_cur.indent) > parent_col) {
      refuse();
    }
  }

  // A block mapping at column `col` whose first key, at `p`, is in m_value and ends with the
  // `:` at `colon`.
  void block_mapping(std::uint32_t p, std::uint32_t col, std::uint32_t colon, bool quoted,
                     std::uint32_t mark_pos, const std::string* tag) {
    open(true, mark_pos, tag, false);
    while (true) {
      emit_scalar(p, nullptr, quoted);
      const std::uint32_t i = skip_spaces(colon + 1);
      if (eol(i) || at(i) == '#') {
        m_cur = content(next_line(i));
        const std::uint32_t next = m_cur.start + m_cur.indent;
        if (at_end() || m_cur.indent < col) {
          emit_empty(next);
        } else if (m_cur.indent == col) {
          if (seq_entry(next)) {
            block_sequence(next, col, true, next, nullptr);  // `key:` then `- item` at its column
          } else {
            emit_empty(next);
          }
        } else {
          block_node(next, m_cur.indent, static_cast<int>(col), Mode::next_line);
        }
      } else {
        block_node(i, col + (i - p), static_cast<int>(col), Mode::inline_value);
      }
      if (at_end() || m_cur.indent < col) {
        break;
      }
      if (m_cur.indent > col) {
        refuse();
      }
      p = m_cur.start + col;
      if (seq_entry(p) || at(p) == '[' || at(p) == '{' || at(p) == '!') {
        refuse();
      }
      const std::uint32_t e = scan_block_scalar(p, quoted);
      colon = key_colon(e);
      if (colon == 0 || e - p > k_max_key) {
        refuse();
      }
    }
    close(true);
  }

  // A block sequence at column `col` whose first entry's `-` is at `p`. An indentless sequence
  // (the value of a key at the same column) ends at the first line that is not an entry.
  void block_sequence(std::uint32_t p, std::uint32_t col, bool indentless, std::uint32_t mark_pos,
                      const std::string* tag) {
    open(false, mark_pos, tag, false);
    while (true) {
      const std::uint32_t i = skip_spaces(p + 1);
      if (eol(i) || at(i) == '#') {
        m_cur = content(next_line(i));
        const std::uint32_t next = m_cur.start + m_cur.indent;
        if (at_end() || m_cur.indent <= col) {
          emit_empty(next);
        } else {
          block_node(next, m_cur.indent, static_cast<int>(col), Mode::next_line);
        }
      } else {
        block_node(i, col + (i - p), static_cast<int>(col), Mode::any);
      }
      if (at_end() || m_cur.indent < col) {
        break;
      }
      if (m_cur.indent > col) {
        refuse();
      }
      p = m_cur.start + col;
      if (!seq_entry(p)) {
        if (indentless) {
          break;
        }
        refuse();
      }
    }
    close(false);
  }

  // Spaces (and line breaks when `multiline`) between flow tokens; comments are refused.
  [[nodiscard]] std::uint32_t flow_space(std::uint32_t i, bool multiline) const {
    while (true) {
      i = skip_spaces(i);
      if (i < m_n && (m_t[i] == '\n' || m_t[i] == '\r')) {
        if (!multiline) {
          refuse();
        }
        i = next_line(i);
        continue;
      }
      if (at(i) == '#') {
        refuse();
      }
      return i;
    }
  }

  // A plain scalar in flow context at `p` into m_value; returns its end. A key ends at its `:`.
  std::uint32_t scan_flow_plain(std::uint32_t p, bool key) {
    const char c = at(p);
    if (eol(p) || std::string_view(",[]{}#&*!|>'\"%@`?").find(c) != std::string_view::npos ||
        (c == '-' && (eol(p + 1) || at(p + 1) == ' ')) || (c == ':' && !inner_colon(p))) {
      refuse();
    }
    std::uint32_t i = p;
    std::uint32_t last = p;
    while (!eol(i)) {
      const char ch = m_t[i];
      if (ch == ',' || ch == ']' || ch == '}') {
        break;
      }
      if (ch == ':' && !inner_colon(i)) {
        if (key && at(i + 1) == ' ') {
          break;
        }
        refuse();
      }
      if (ch == '[' || ch == '{' || ch == '?' || (ch == '#' && m_t[i - 1] == ' ')) {
        refuse();
      }
      if (ch != ' ') {
        last = i + 1;
      }
      ++i;
    }
    m_value.assign(m_t.substr(p, last - p));
    return last;
  }

  // A `:` inside a plain scalar in flow context: followed by neither a blank nor a flow
  // indicator.
  [[nodiscard]] bool inner_colon(std::uint32_t i) const noexcept {
    const char n = at(i + 1);
    return !eol(i + 1) && n != ' ' && n != ',' && n != '[' && n != ']' && n != '{' && n != '}';
  }

  // A flow node at `i`; returns its end.
  std::uint32_t flow_node(std::uint32_t i, bool multiline) {
    std::string tag;
    const std::string* tag_ptr = nullptr;
    const std::uint32_t mark_pos = i;
    if (at(i) == '!') {
      const std::uint32_t j = scan_tag(i, tag);
      if (at(j) != ' ') {
        refuse();
      }
      i = skip_spaces(j);
      tag_ptr = &tag;
      if (at(i) == '!') {
        refuse();
      }
    }
    const char c = at(i);
    if (c == '[' || c == '{') {
      return flow_collection(i, mark_pos, tag_ptr, multiline);
    }
    std::uint32_t end = 0;
    bool quoted = true;
    if (c == '"') {
      end = scan_double(i);
    } else if (c == '\'') {
      end = scan_single(i);
    } else {
      quoted = false;
      end = scan_flow_plain(i, false);
    }
    emit_scalar(mark_pos, tag_ptr, quoted);
    return end;
  }

  // A flow collection at `p` (`[` or `{`), its tag, if any, at `mark_pos`; returns its end.
  std::uint32_t flow_collection(std::uint32_t p, std::uint32_t mark_pos, const std::string* tag,
                                bool multiline) {
    const bool mapping = at(p) == '{';
    const char closing = mapping ? '}' : ']';
    open(mapping, mark_pos, tag, true);
    std::uint32_t i = flow_space(p + 1, multiline);
    if (at(i) == closing) {
      close(mapping);
      return i + 1;
    }
    while (true) {
      if (mapping) {
        const std::uint32_t k = i;
        std::uint32_t e = 0;
        bool quoted = true;
        if (at(k) == '"') {
          e = scan_double(k);
        } else if (at(k) == '\'') {
          e = scan_single(k);
        } else {
          quoted = false;
          e = scan_flow_plain(k, true);
        }
        if (e - k > k_max_key) {
          refuse();
        }
        emit_scalar(k, nullptr, quoted);
        const std::uint32_t colon = skip_spaces(e);
        // A plain key needs `: `; after a quoted key (JSON) the value may follow directly.
        if (at(colon) != ':' || eol(colon + 1) || (!quoted && at(colon + 1) != ' ')) {
          refuse();
        }
        i = flow_space(colon + 1, multiline);
        if (at(i) == ',' || at(i) == closing || at(i) == ']' || at(i) == '}' || i >= m_n) {
          refuse();  // an empty value
        }
      }
      i = flow_space(flow_node(i, multiline), multiline);
      if (at(i) == ',') {
        i = flow_space(i + 1, multiline);
        if (at(i) == closing || at(i) == ',') {
          refuse();  // a trailing or doubled comma
        }
        continue;
      }
      if (at(i) == closing) {
        close(mapping);
        return i + 1;
      }
      refuse();
    }
  }

  std::string_view m_t;
  std::uint32_t m_n;
  std::uint32_t m_bom;
  detail::Builder& m_b;
  std::uint32_t m_depth = 0;
  Line m_cur;
  std::string m_value;  // the decoded value of the last scalar scanned
};

}  // namespace

std::optional<ParsedDocument> parse_fast(const SourceFile& file, FileId id, model::Schema schema,
                                         const Limits& limits) {
  const std::string_view text = file.text();
  const std::uint32_t bom = file.bom_size();
  if (text.size() >= static_cast<std::size_t>(INT_MAX)) {
    return std::nullopt;
  }
  detail::Builder builder(text, bom, id, schema, limits);
  try {
    Parser parser(text, bom, builder);
    const std::uint32_t marker = parser.document_marker();
    if (!regular_text(text, bom, marker)) {
      return std::nullopt;
    }
    parser.run(marker);
  } catch (const Refuse&) {
    return std::nullopt;
  } catch (const detail::Stop&) {
    return std::nullopt;  // a limit or an error the builder found: yaml-cpp reports it
  }
  ParsedDocument result;
  result.document = builder.finish();
  result.duplicates = builder.take_duplicates();
  return result;
}

}  // namespace ssmpf::load
