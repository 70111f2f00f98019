// SPDX-License-Identifier: Apache-2.0
#include "support/annotations.hpp"

#include <algorithm>
#include <sstream>

#include "support/harness.hpp"

namespace ssmpf::test {

namespace fs = std::filesystem;

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) {
    s.pop_back();
  }
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
    ++i;
  }
  return s.substr(i);
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = trim(item);
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

// Parses "[COL] ID [\"text\"]".
bool parse_body(const std::string& body, Annotation& a) {
  std::string rest = trim(body);
  std::size_t i = 0;
  while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
    ++i;
  }
  if (i > 0) {
    a.column = std::stoi(rest.substr(0, i));
    rest = trim(rest.substr(i));
  }
  std::size_t id_end = 0;
  while (id_end < rest.size() && rest[id_end] != ' ' && rest[id_end] != '"') {
    ++id_end;
  }
  a.rule = rest.substr(0, id_end);
  rest = trim(rest.substr(id_end));
  if (!rest.empty()) {
    if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"') {
      return false;
    }
    a.text = rest.substr(1, rest.size() - 2);
  }
  return !a.rule.empty();
}

void read_file_annotations(const fs::path& file, Fixture& fixture) {
  const std::string text = read_text(source_dir() / file);
  std::vector<std::string> lines;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    lines.push_back(line);
  }
  static const std::pair<const char*, Annotation::Kind> k_markers[] = {
      {"# todo-expect:", Annotation::Kind::todo_expect},
      {"# todo-ok:", Annotation::Kind::todo_ok},
      {"# expect:", Annotation::Kind::expect},
      {"# ok:", Annotation::Kind::ok},
  };
  std::vector<Annotation> pending;  // own-line annotations waiting for their line
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string& l = lines[n];
    const int line_no = static_cast<int>(n) + 1;
    if (const auto pos = l.find("# fixture-rules:"); pos != std::string::npos) {
      fixture.rules = split_list(l.substr(pos + 16));
      continue;
    }
    if (const auto pos = l.find("# fixture-args:"); pos != std::string::npos) {
      std::stringstream args(l.substr(pos + 15));
      std::string arg;
      while (args >> arg) {
        fixture.args.push_back(arg);
      }
      continue;
    }
    bool found = false;
    for (const auto& [marker, kind] : k_markers) {
      const std::size_t pos = l.find(marker);
      if (pos == std::string::npos) {
        continue;
      }
      found = true;
      Annotation a;
      a.kind = kind;
      a.file = file.generic_string();
      a.annotation_line = line_no;
      if (!parse_body(l.substr(pos + std::string(marker).size()), a)) {
        fixture.problems.push_back(a.file + ":" + std::to_string(line_no) +
                                   ": malformed annotation");
        break;
      }
      const bool own_line = trim(l.substr(0, pos)).empty();
      if (own_line) {
        pending.push_back(a);
      } else {
        a.line = line_no;
        fixture.annotations.push_back(a);
      }
      break;
    }
    if (!found && !pending.empty()) {
      for (Annotation& a : pending) {
        a.line = line_no;
        fixture.annotations.push_back(a);
      }
      pending.clear();
    }
  }
  for (const Annotation& a : pending) {
    fixture.problems.push_back(a.file + ":" + std::to_string(a.annotation_line) +
                               ": annotation applies to no line");
  }
}

}  // namespace

Fixture read_fixture(const fs::path& path, const std::string& default_rule) {
  Fixture fixture;
  fixture.path = path;
  fixture.rules = {default_rule};
  const fs::path abs = source_dir() / path;
  if (fs::is_directory(abs)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(abs)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
        files.push_back(fs::relative(entry.path(), source_dir()));
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      read_file_annotations(f, fixture);
    }
  } else {
    read_file_annotations(path, fixture);
  }
  return fixture;
}

}  // namespace ssmpf::test
