// SPDX-License-Identifier: Apache-2.0
// Shared by the fuzz targets: splitting one input into several files, and the invariants every
// target checks on what the product returns (ranges inside their files).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "model/node.hpp"

namespace ssmpf::fuzz {

// A line of this form starts a new file; NAME is optional.
inline constexpr std::string_view k_separator = "#%file";

struct InputFile {
  std::string name;  // relative, forward slashes, no "." or ".." components
  std::string text;
};

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::fflush(stderr);
  std::abort();
}

// The file name the fuzzer wrote when it is a harmless relative path (at most three components
// of [A-Za-z0-9._-], none "." or ".."), else an empty string.
[[nodiscard]] inline std::string safe_name(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) {
    name.remove_prefix(1);
  }
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t' || name.back() == '\r')) {
    name.remove_suffix(1);
  }
  if (name.empty() || name.size() > 64) {
    return {};
  }
  std::size_t components = 0;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = name.find('/', start);
    const std::string_view part = name.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == ".." || ++components > 3) {
      return {};
    }
    for (const char c : part) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
      if (!ok) {
        return {};
      }
    }
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return std::string(name);
}

// Splits `data` at lines that start with k_separator ("#%file stacks.yaml"). The text before
// the first separator is a file named `first_name` (left out when empty and followed by a
// separator). Files without a usable name are called file<N>.yaml. At most `max_files`.
[[nodiscard]] inline std::vector<InputFile> split_files(std::string_view data,
                                                        std::string_view first_name,
                                                        std::size_t max_files = 16) {
  std::vector<InputFile> files;
  InputFile current{std::string(first_name), {}};
  bool first = true;
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t nl = data.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? data.size() : nl + 1;
    const std::string_view line = data.substr(pos, end - pos);
    if (line.starts_with(k_separator) && files.size() + 1 < max_files) {
      if (!first || !current.text.empty()) {
        files.push_back(std::move(current));
      }
      first = false;
      std::string_view rest = line.substr(k_separator.size());
      if (rest.ends_with('\n')) {
        rest.remove_suffix(1);
      }
      std::string name = safe_name(rest);
      if (name.empty()) {
        name = "file" + std::to_string(files.size()) + ".yaml";
      }
      current = InputFile{std::move(name), {}};
    } else {
      current.text.append(line);
    }
    pos = end;
  }
  files.push_back(std::move(current));
  return files;
}

// Every range the product hands out lies inside its file.
inline void check_range(const SourceManager& sources, const SourceRange& range) {
  if (!range.valid()) {
    return;
  }
  if (range.file.index >= sources.size()) {
    fail("range names a file that does not exist");
  }
  const SourceFile& file = sources.file(range.file);
  if (range.begin > range.end || range.end > file.text().size()) {
    fail("range outside its file");
  }
  (void)file.position(range.begin);
  (void)file.position(range.end);
}

inline void check_diagnostics(const SourceManager& sources, const std::vector<Diagnostic>& items) {
  for (const Diagnostic& d : items) {
    if (d.rule_id.empty() || d.message.empty()) {
      fail("diagnostic without rule or message");
    }
    check_range(sources, d.range);
    for (const Related& r : d.related) {
      check_range(sources, r.range);
    }
    for (const FlowStep& s : d.flow) {
      check_range(sources, s.range);
    }
    for (const Fix& f : d.fixes) {
      for (const TextEdit& e : f.edits) {
        check_range(sources, e.range);
      }
    }
  }
}

// Walks a node tree checking that every node lies inside the file; returns the nodes seen.
inline std::size_t walk(const model::NodeRef& node, const SourceManager& sources,
                        std::size_t budget) {
  if (!node.valid() || budget == 0) {
    return 0;
  }
  check_range(sources, node.range());
  std::size_t seen = 1;
  switch (node.kind()) {
    case model::NodeKind::scalar:
      (void)node.scalar();
      (void)node.as_int();
      (void)node.as_double();
      (void)node.as_bool();
      break;
    case model::NodeKind::sequence:
      for (std::size_t i = 0; i < node.size() && seen < budget; ++i) {
        seen += walk(node.item(i), sources, budget - seen);
      }
      break;
    case model::NodeKind::mapping:
      for (std::size_t i = 0; i < node.size() && seen < budget; ++i) {
        const model::Member m = node.member(i);
        seen += walk(m.key, sources, budget - seen);
        if (seen < budget) {
          seen += walk(m.value, sources, budget - seen);
        }
      }
      break;
    case model::NodeKind::null:
      break;
  }
  return seen;
}

}  // namespace ssmpf::fuzz
