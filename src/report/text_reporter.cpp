// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include "base/text.hpp"
#include "report/reporters.hpp"

namespace ssmpf::report {

namespace {

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_red = "\x1b[1;31m";
constexpr std::string_view k_magenta = "\x1b[1;35m";
constexpr std::string_view k_cyan = "\x1b[1;36m";
constexpr std::string_view k_green = "\x1b[1;32m";
constexpr std::size_t k_max_snippet = 160;  // code points shown of a long line

class Painter {
 public:
  explicit Painter(bool on) : m_on(on) {}
  [[nodiscard]] std::string paint(std::string_view text, std::string_view color) const {
    if (!m_on) {
      return std::string(text);
    }
    return std::string(color) + std::string(text) + std::string(k_reset);
  }

 private:
  bool m_on;
};

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::error:
      return k_red;
    case Severity::warning:
      return k_magenta;
    case Severity::note:
      return k_cyan;
  }
  return k_red;
}

// One code point of a source line as shown: control characters and bad bytes become '?'.
struct Shown {
  std::string text;
  int width = 1;
};

Shown shown(std::string_view line, std::size_t& pos) {
  const std::size_t start = pos;
  const char32_t cp = decode_utf8(line, pos);
  if (cp == '\t') {
    return Shown{"\t", 1};
  }
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFD) {
    return Shown{"?", 1};
  }
  return Shown{std::string(line.substr(start, pos - start)), display_width(cp)};
}

// Prints the source line of `range` and a caret line under it.
void write_snippet(const SourceManager& sources, const SourceRange& range, const Painter& p,
                   std::ostream& out) {
  const SourceFile& file = sources.file(range.file);
  if (file.text().empty()) {
    return;
  }
  const Position start = file.position(range.begin);
  const Position end = file.position(std::max(range.begin, range.end));
  const std::string_view line = file.line_text(start.line);
  const std::uint32_t line_start = file.line_start(start.line);
  const std::size_t col_byte = std::min<std::size_t>(range.begin - line_start, line.size());
  std::size_t end_byte = end.line == start.line
                             ? std::min<std::size_t>(range.end - line_start, line.size())
                             : line.size();
  if (end_byte < col_byte) {
    end_byte = col_byte;
  }
  // A window over long lines, keeping the range in view.
  std::size_t from = 0;
  std::size_t to = line.size();
  std::size_t count = 0;
  for (std::size_t i = 0; i < line.size(); (void)decode_utf8(line, i)) {
    ++count;
  }
  if (count > k_max_snippet) {
    std::size_t cp_index = 0;
    std::size_t col_cp = 0;
    for (std::size_t i = 0; i < col_byte; (void)decode_utf8(line, i)) {
      ++col_cp;
    }
    const std::size_t first = col_cp > 40 ? col_cp - 40 : 0;
    const std::size_t last = first + k_max_snippet;
    from = line.size();
    to = line.size();
    for (std::size_t i = 0; i < line.size();) {
      if (cp_index == first) {
        from = i;
      }
      if (cp_index == last) {
        to = i;
        break;
      }
      (void)decode_utf8(line, i);
      ++cp_index;
    }
    from = std::min(from, col_byte);
  }
  const std::string number = std::to_string(start.line);
  const std::string gutter(std::max<std::size_t>(number.size(), 4), ' ');
  std::string shown_line;
  std::string caret_pad;
  std::string carets;
  if (from > 0) {
    shown_line += "...";
    caret_pad += "   ";
  }
  for (std::size_t i = from; i < to;) {
    const std::size_t at = i;
    const Shown s = shown(line, i);
    shown_line += s.text;
    if (at < col_byte) {
      caret_pad +=
          s.text == "\t" ? std::string("\t") : std::string(static_cast<std::size_t>(s.width), ' ');
    } else if (at < end_byte) {
      const auto width = static_cast<std::size_t>(s.width);
      if (carets.empty()) {
        carets = "^" + std::string(width > 0 ? width - 1 : 0, '~');
      } else {
        carets += std::string(width, '~');
      }
    }
  }
  if (to < line.size()) {
    shown_line += "...";
  }
  if (carets.empty()) {
    carets = "^";
  }
  out << ' ' << std::string(gutter.size() - number.size(), ' ') << number << " | " << shown_line
      << '\n';
  out << ' ' << gutter << " | " << caret_pad << p.paint(carets, k_green) << '\n';
}

std::string location(const SourceManager& sources, const SourceRange& range) {
  const SourceFile& file = sources.file(range.file);
  const Position pos = file.position(range.begin);
  return file.path() + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

}  // namespace

void write_text(const RunResult& run, const TextStyle& style, std::ostream& out) {
  const Painter p(style.color);
  const SourceManager& sources = *run.sources;
  for (const Diagnostic& d : run.diagnostics) {
    if (d.suppression) {
      continue;  // counted in the summary; SARIF lists them with their justification
    }
    out << p.paint(location(sources, d.range) + ":", k_bold) << ' '
        << p.paint(std::string(to_string(d.severity)) + ":", severity_color(d.severity)) << ' '
        << d.message << " [" << d.rule_id << "]\n";
    if (style.snippets) {
      write_snippet(sources, d.range, p, out);
    }
    for (const Fix& fix : d.fixes) {
      out << p.paint(location(sources, d.range) + ":", k_bold) << ' ' << p.paint("note:", k_cyan)
          << " fix available: " << fix.description << " (--fix applies it)\n";
    }
    for (std::size_t i = 0; i < d.flow.size(); ++i) {
      const FlowStep& step = d.flow[i];
      out << p.paint(location(sources, step.range) + ":", k_bold) << ' ' << p.paint("note:", k_cyan)
          << " step " << (i + 1) << ": " << step.message << '\n';
    }
    // A finding about thousands of instances lists the first few; SARIF has them all.
    constexpr std::size_t k_related_shown = 10;
    for (std::size_t i = 0; i < d.related.size() && i < k_related_shown; ++i) {
      const Related& r = d.related[i];
      out << p.paint(location(sources, r.range) + ":", k_bold) << ' ' << p.paint("note:", k_cyan)
          << ' ' << r.message << '\n';
      if (style.snippets) {
        write_snippet(sources, r.range, p, out);
      }
    }
    if (d.related.size() > k_related_shown) {
      out << p.paint(location(sources, d.range) + ":", k_bold) << ' ' << p.paint("note:", k_cyan)
          << ' ' << plural(d.related.size() - k_related_shown, "more related location")
          << " (--format sarif lists them)\n";
    }
  }
}

std::string summary_line(const RunResult& run) {
  std::size_t counts[3] = {0, 0, 0};
  std::size_t suppressed = 0;
  std::size_t fixable = 0;
  for (const Diagnostic& d : run.diagnostics) {
    if (d.suppression) {
      ++suppressed;
      continue;
    }
    ++counts[static_cast<int>(d.severity)];
    fixable += d.fixes.empty() ? 0U : 1U;
  }
  std::string out = "ssm-preflight: " + plural(run.files_checked, "file") + " checked: ";
  if (counts[0] + counts[1] + counts[2] == 0) {
    out += "no problems found";
  } else {
    std::vector<std::string> parts;
    if (counts[2] > 0) {
      parts.push_back(plural(counts[2], "error"));
    }
    if (counts[1] > 0) {
      parts.push_back(plural(counts[1], "warning"));
    }
    if (counts[0] > 0) {
      parts.push_back(plural(counts[0], "note"));
    }
    out += join_words(parts, "and");
  }
  std::vector<std::string> extra;
  if (fixable > 0) {
    extra.push_back(std::to_string(fixable) + " fixable with --fix");
  }
  if (suppressed > 0) {
    extra.push_back(std::to_string(suppressed) + " suppressed");
  }
  if (run.baseline_matches > 0) {
    extra.push_back(std::to_string(run.baseline_matches) + " in the baseline");
  }
  if (!extra.empty()) {
    out += " (" + join_words(extra, "and") + ")";
  }
  return out;
}

}  // namespace ssmpf::report
