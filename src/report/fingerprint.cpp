// SPDX-License-Identifier: Apache-2.0
#include "report/fingerprint.hpp"

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "report/run_result.hpp"

namespace ssmpf::report {

namespace {

bool contains(const SourceRange& outer, const SourceRange& inner) {
  return inner.begin >= outer.begin && inner.end <= outer.end;
}

// RFC 6901 escaping of one pointer segment.
void append_segment(std::string& path, std::string_view segment) {
  path += '/';
  for (const char c : segment) {
    if (c == '~') {
      path += "~0";
    } else if (c == '/') {
      path += "~1";
    } else {
      path += c;
    }
  }
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::string structural_path(const model::Document& document, SourceRange range) {
  std::string path;
  model::NodeRef node = document.root();
  // Bounded by the document's depth, which the loader limits.
  while (node.valid()) {
    model::NodeRef next;
    if (node.is_mapping()) {
      for (std::size_t i = 0; i < node.size() && !next.valid(); ++i) {
        const model::Member m = node.member(i);
        if (contains(m.key.range(), range)) {
          append_segment(path, m.key.scalar());
          return path;
        }
        if (m.value.valid() && contains(m.value.range(), range)) {
          append_segment(path, m.key.scalar());
          next = m.value;
        }
      }
    } else if (node.is_sequence()) {
      for (std::size_t i = 0; i < node.size() && !next.valid(); ++i) {
        if (contains(node.item(i).range(), range)) {
          append_segment(path, std::to_string(i));
          next = node.item(i);
        }
      }
    }
    if (!next.valid() || next == node) {
      break;
    }
    node = next;
  }
  return path;
}

void assign_fingerprints(std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                         const std::map<std::uint32_t, const model::Document*>& documents,
                         const std::string& uri_root) {
  std::map<std::uint64_t, unsigned> seen;
  for (Diagnostic& d : diagnostics) {
    std::uint64_t hash = fnv1a(d.rule_id);
    hash = fnv1a(std::string_view("\0", 1), hash);
    if (d.range.valid()) {
      const SourceFile& file = sources.file(d.range.file);
      hash = fnv1a(root_relative_path(file.absolute_path(), uri_root), hash);
      hash = fnv1a(std::string_view("\0", 1), hash);
      const auto doc = documents.find(d.range.file.index);
      if (doc != documents.end() && !doc->second->empty()) {
        hash = fnv1a(structural_path(*doc->second, d.range), hash);
      } else {
        const std::string_view line = file.line_text(file.position(d.range.begin).line);
        for (const char c : line) {
          if (c != ' ' && c != '\t' && c != '\r') {
            hash = fnv1a(std::string_view(&c, 1), hash);
          }
        }
      }
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    d.fingerprint = std::string(hex) + ":" + std::to_string(++seen[hash]);
  }
}

Result<Baseline> read_baseline(std::string_view sarif_text) {
  const nlohmann::json log = nlohmann::json::parse(sarif_text, nullptr, false);
  if (log.is_discarded() || !log.is_object()) {
    return Error{Error::Kind::usage, "is not JSON", {}};
  }
  const auto runs = log.find("runs");
  if (runs == log.end() || !runs->is_array()) {
    return Error{Error::Kind::usage, "is not a SARIF log (no runs)", {}};
  }
  Baseline baseline;
  for (const auto& run : *runs) {
    const auto results = run.find("results");
    if (!run.is_object() || results == run.end() || !results->is_array()) {
      continue;
    }
    for (const auto& result : *results) {
      if (!result.is_object()) {
        continue;
      }
      const auto rule = result.find("ruleId");
      const auto prints = result.find("partialFingerprints");
      if (rule == result.end() || !rule->is_string() || prints == result.end() ||
          !prints->is_object()) {
        continue;
      }
      const auto print = prints->find(std::string(k_fingerprint_key));
      if (print != prints->end() && print->is_string()) {
        baseline.emplace(rule->get<std::string>(), print->get<std::string>());
      }
    }
  }
  return baseline;
}

}  // namespace ssmpf::report
