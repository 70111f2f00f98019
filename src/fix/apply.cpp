// SPDX-License-Identifier: Apache-2.0
#include "fix/apply.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "load/reader.hpp"
#include "load/yaml_loader.hpp"

namespace ssmpf::fix {

namespace fs = std::filesystem;

namespace {

bool overlaps(const TextEdit& a, const TextEdit& b) {
  if (a.range.file != b.range.file) {
    return false;
  }
  // Two insertions at one point do not overlap; an insertion inside a replaced range does.
  if (a.range.begin == a.range.end || b.range.begin == b.range.end) {
    return (a.range.begin > b.range.begin && a.range.begin < b.range.end) ||
           (b.range.begin > a.range.begin && b.range.begin < a.range.end);
  }
  return a.range.begin < b.range.end && b.range.begin < a.range.end;
}

bool is_json(std::string_view path) {
  return path.size() >= 5 && path.substr(path.size() - 5) == ".json";
}

// Strict JSON syntax (RFC 8259): the YAML parser accepts JSON-like text that JSON tools refuse
// (`{"a": }`, trailing commas, comments), and a template must stay JSON.
class JsonSyntax {
 public:
  explicit JsonSyntax(std::string_view text) : m_text(text) {}
  [[nodiscard]] bool valid() {
    skip_bom();
    if (!value(0)) {
      return false;
    }
    space();
    return m_at == m_text.size();
  }

 private:
  static constexpr int k_max_depth = 512;

  void skip_bom() {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
      m_at = 3;
    }
  }
  void space() {
    while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' ||
                                    m_text[m_at] == '\n' || m_text[m_at] == '\r')) {
      ++m_at;
    }
  }
  bool eat(char c) {
    space();
    if (m_at < m_text.size() && m_text[m_at] == c) {
      ++m_at;
      return true;
    }
    return false;
  }
  bool word(std::string_view w) {
    if (m_text.substr(m_at, w.size()) == w) {
      m_at += w.size();
      return true;
    }
    return false;
  }
  bool digits() {
    const std::size_t from = m_at;
    while (m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9') {
      ++m_at;
    }
    return m_at > from;
  }
  bool number() {
    if (m_at < m_text.size() && m_text[m_at] == '-') {
      ++m_at;
    }
    if (m_at < m_text.size() && m_text[m_at] == '0') {
      ++m_at;
    } else if (!digits()) {
      return false;
    }
    if (m_at < m_text.size() && m_text[m_at] == '.') {
      ++m_at;
      if (!digits()) {
        return false;
      }
    }
    if (m_at < m_text.size() && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
      ++m_at;
      if (m_at < m_text.size() && (m_text[m_at] == '+' || m_text[m_at] == '-')) {
        ++m_at;
      }
      return digits();
    }
    return true;
  }
  bool string() {
    if (!eat('"')) {
      return false;
    }
    while (m_at < m_text.size()) {
      const auto c = static_cast<unsigned char>(m_text[m_at++]);
      if (c == '"') {
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c == '\\') {
        if (m_at >= m_text.size()) {
          return false;
        }
        const char e = m_text[m_at++];
        if (e == 'u') {
          for (int i = 0; i < 4; ++i) {
            if (m_at >= m_text.size() ||
                std::isxdigit(static_cast<unsigned char>(m_text[m_at++])) == 0) {
              return false;
            }
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
      }
    }
    return false;
  }
  bool value(int depth) {
    if (depth > k_max_depth) {
      return false;
    }
    space();
    if (m_at >= m_text.size()) {
      return false;
    }
    const char c = m_text[m_at];
    if (c == '{') {
      ++m_at;
      if (eat('}')) {
        return true;
      }
      do {
        if (!string() || !eat(':') || !value(depth + 1)) {
          return false;
        }
      } while (eat(','));
      return eat('}');
    }
    if (c == '[') {
      ++m_at;
      if (eat(']')) {
        return true;
      }
      do {
        if (!value(depth + 1)) {
          return false;
        }
      } while (eat(','));
      return eat(']');
    }
    if (c == '"') {
      return string();
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    return word("true") || word("false") || word("null");
  }

  std::string_view m_text;
  std::size_t m_at = 0;
};

// Writes `text` next to `path` and renames it over `path`, keeping the mode bits.
std::string write_atomically(const std::string& path, const std::string& text) {
  struct stat st {};
  const bool have_mode = ::stat(path.c_str(), &st) == 0;
  const std::string temporary = path + ".ssm-preflight-fix." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(temporary, ec);
      return "cannot write a temporary file beside it";
    }
  }
  if (have_mode) {
    ::chmod(temporary.c_str(), st.st_mode & 07777);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::error_code ec;
    fs::remove(temporary, ec);
    return "cannot replace it";
  }
  return {};
}

}  // namespace

bool Outcome::ok() const noexcept {
  return std::all_of(files.begin(), files.end(),
                     [](const FileOutcome& f) { return f.problem.empty(); });
}

std::string apply_edits(std::string_view text, std::vector<TextEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.range.begin < b.range.begin;
  });
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (const TextEdit& e : edits) {
    const std::size_t begin = std::min<std::size_t>(e.range.begin, text.size());
    const std::size_t end =
        std::min<std::size_t>(std::max<std::size_t>(e.range.end, begin), text.size());
    if (begin < at) {
      continue;  // overlapping: callers never pass these
    }
    out.append(text.substr(at, begin - at));
    out.append(e.replacement);
    at = end;
  }
  out.append(text.substr(at));
  return out;
}

Outcome apply_fixes(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                    const load::Limits& limits) {
  Outcome outcome;
  // Per file: the edits taken and how many fixes they came from.
  std::map<std::uint32_t, std::pair<std::vector<TextEdit>, std::size_t>> plan;
  std::vector<TextEdit> taken;
  for (const Diagnostic& d : diagnostics) {
    if (d.suppression) {
      continue;
    }
    for (const Fix& fix : d.fixes) {
      // The same edit offered twice (two findings, one repair) is applied once.
      std::vector<TextEdit> fresh;
      bool clash = false;
      for (const TextEdit& e : fix.edits) {
        if (std::find(taken.begin(), taken.end(), e) != taken.end() ||
            std::find(fresh.begin(), fresh.end(), e) != fresh.end()) {
          continue;
        }
        clash = clash || std::any_of(taken.begin(), taken.end(),
                                     [&](const TextEdit& t) { return overlaps(t, e); });
        fresh.push_back(e);
      }
      if (clash) {
        ++outcome.skipped;
        continue;
      }
      if (fresh.empty()) {
        continue;
      }
      std::map<std::uint32_t, bool> files;
      for (const TextEdit& e : fresh) {
        plan[e.range.file.index].first.push_back(e);
        files[e.range.file.index] = true;
        taken.push_back(e);
      }
      for (const auto& [file, unused] : files) {
        ++plan[file].second;
      }
      ++outcome.applied;
    }
  }
  for (auto& [index, work] : plan) {
    const SourceFile& file = sources.file(FileId{index});
    FileOutcome result;
    result.path = file.path();
    result.fixes = work.second;
    // Never write over a file that changed since it was read.
    const load::ReadOutcome now = load::read_file(file.absolute_path(), limits);
    if (now.status != load::ReadStatus::ok || now.text != file.text()) {
      result.problem = "it changed on disk while it was checked";
    } else {
      std::string text = apply_edits(file.text(), std::move(work.first));
      // The new text must still parse; otherwise the file is left as it was.
      SourceManager scratch;
      const FileId id = scratch.add(file.path(), file.absolute_path(), text);
      Diagnostics parse_problems;
      const load::ParsedDocument parsed = load::parse_yaml(
          scratch.file(id), id, is_json(file.path()) ? model::Schema::json : model::Schema::yaml11,
          limits, parse_problems);
      if (parsed.failed || (is_json(file.path()) && !JsonSyntax(text).valid())) {
        result.problem = "the fixed text would not parse";
      } else {
        result.problem = write_atomically(file.absolute_path(), text);
        result.written = result.problem.empty();
      }
    }
    if (!result.problem.empty()) {
      outcome.applied -= std::min(outcome.applied, result.fixes);
    }
    outcome.files.push_back(std::move(result));
  }
  return outcome;
}

}  // namespace ssmpf::fix
