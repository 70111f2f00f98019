// SPDX-License-Identifier: Apache-2.0
#include "engine/suppressions.hpp"

#include <algorithm>

#include "base/text.hpp"

namespace ssmpf::engine {

namespace {

constexpr std::string_view k_marker = "ssm-preflight:";

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool is_suppression_rule(std::string_view id) noexcept {
  return id.size() > 2 && id.substr(0, 2) == "SP" && id[2] >= '0' && id[2] <= '9';
}

// Checks the selectors of a directive; reports the bad ones. True when all are usable.
bool check_rules(const Directive& d, const Registry& registry, Diagnostics& out) {
  bool ok = true;
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    if (auto problem = selector_problem(registry, d.rules[i])) {
      out.report("SP002", d.rule_ranges[i], "this suppression names no rule: " + *problem);
      ok = false;
    } else if (is_suppression_rule(d.rules[i])) {
      out.report("SP002", d.rule_ranges[i],
                 "suppression findings cannot be suppressed; remove or fix the directive instead");
      ok = false;
    }
  }
  return ok;
}

}  // namespace

void Suppressions::scan_comments(const SourceFile& file, FileId id, const model::Document* document,
                                 const Registry& registry, Diagnostics& out) {
  const std::string_view text = file.text();
  if (text.find(k_marker) == std::string_view::npos) {
    return;  // the common case: one search per file
  }
  // Ranges of quoted and block scalars, where `#` does not start a comment.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> strings;
  if (document != nullptr) {
    for (std::uint32_t i = 0; i < document->node_count(); ++i) {
      const model::NodeRef n(document, i);
      if (n.is_scalar() && n.style() != model::ScalarStyle::plain) {
        strings.emplace_back(n.range().begin, n.range().end);
      }
    }
  }
  auto in_string = [&](std::uint32_t offset) {
    return std::any_of(strings.begin(), strings.end(),
                       [&](const auto& r) { return offset >= r.first && offset < r.second; });
  };
  for (std::uint32_t line = 1; line <= file.line_count(); ++line) {
    const std::string_view content = file.line_text(line);
    const std::size_t marker = content.find(k_marker);
    if (marker == std::string_view::npos) {
      continue;
    }
    // `#`, optional blanks, the marker; the `#` starts the line or follows a blank.
    std::size_t hash = marker;
    while (hash > 0 && is_space(content[hash - 1])) {
      --hash;
    }
    if (hash == 0 || content[hash - 1] != '#') {
      continue;
    }
    --hash;
    if (hash > 0 && !is_space(content[hash - 1])) {
      continue;
    }
    const std::uint32_t start = file.line_start(line);
    const auto offset = [&](std::size_t column) {
      return static_cast<std::uint32_t>(start + column);
    };
    if (in_string(offset(hash))) {
      continue;
    }
    Directive d;
    d.at = SourceRange{id, offset(hash), offset(content.size())};
    std::string_view rest = content.substr(marker + k_marker.size());
    std::size_t cursor = marker + k_marker.size();
    auto skip_blanks = [&]() {
      while (!rest.empty() && is_space(rest.front())) {
        rest.remove_prefix(1);
        ++cursor;
      }
    };
    skip_blanks();
    std::size_t verb_end = 0;
    while (verb_end < rest.size() && !is_space(rest[verb_end])) {
      ++verb_end;
    }
    const std::string_view verb = rest.substr(0, verb_end);
    if (verb == "ignore") {
      d.reach = Directive::Reach::lines;
      d.first_line = line;
      d.last_line = line + 1;
    } else if (verb == "ignore-file") {
      d.reach = Directive::Reach::file;
    } else {
      out.report("SP002", SourceRange{id, offset(cursor), offset(cursor + verb.size())},
                 "unknown directive '" + std::string(verb) +
                     "': write `ssm-preflight: ignore RULE -- reason` or `ssm-preflight: "
                     "ignore-file RULE -- reason`");
      continue;
    }
    rest.remove_prefix(verb.size());
    cursor += verb.size();
    const std::size_t dashes = rest.find("--");
    const std::string_view list = dashes == std::string_view::npos ? rest : rest.substr(0, dashes);
    // Selectors: separated by commas and blanks.
    std::size_t i = 0;
    while (i < list.size()) {
      if (is_space(list[i]) || list[i] == ',') {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < list.size() && !is_space(list[j]) && list[j] != ',') {
        ++j;
      }
      d.rules.emplace_back(list.substr(i, j - i));
      d.rule_ranges.push_back(SourceRange{id, offset(cursor + i), offset(cursor + j)});
      i = j;
    }
    if (dashes != std::string_view::npos) {
      d.reason = std::string(trim(rest.substr(dashes + 2)));
    }
    if (d.rules.empty() && d.reach == Directive::Reach::lines) {
      out.report("SP002", d.at,
                 "this suppression names no rule: write `ssm-preflight: ignore RULE -- reason`");
      continue;
    }
    if (d.reason.empty()) {
      out.report("SP002", d.at,
                 "this suppression gives no reason: write ` -- ` and why the finding does not "
                 "apply");
      continue;
    }
    if (!check_rules(d, registry, out)) {
      continue;
    }
    m_directives.push_back(std::move(d));
  }
}

void Suppressions::scan_template(const model::Document& document, const Registry& registry,
                                 Diagnostics& out) {
  const model::NodeRef resources = document.root().get("Resources");
  if (!resources.is_mapping()) {
    return;
  }
  for (std::size_t r = 0; r < resources.size(); ++r) {
    const model::Member resource = resources.member(r);
    const model::Member entry = resource.value.get("Metadata").find("ssm-preflight");
    if (!entry.key.valid()) {
      continue;
    }
    const model::NodeRef ignore = entry.value.get("ignore");
    if (!entry.value.is_mapping() || !ignore.is_sequence()) {
      out.report("SP002", entry.value.valid() ? entry.value.range() : entry.key.range(),
                 "expected `ignore:` with a list of {rule: ID, reason: TEXT} entries");
      continue;
    }
    const SourceRange body = resource.value.range();
    for (std::size_t i = 0; i < ignore.size(); ++i) {
      const model::NodeRef item = ignore.item(i);
      const model::NodeRef rule = item.get("rule");
      const model::NodeRef reason = item.get("reason");
      Directive d;
      d.reach = Directive::Reach::range;
      d.at = item.range();
      d.range = SourceRange{body.file, resource.key.range().begin, body.end};
      if (!item.is_mapping() || !rule.is_string()) {
        out.report("SP002", item.range(),
                   "expected a mapping with `rule` (a rule id) and `reason`, found " +
                       model::describe(item));
        continue;
      }
      d.rules.emplace_back(rule.scalar());
      d.rule_ranges.push_back(rule.range());
      d.reason = std::string(trim(reason.is_string() ? reason.scalar() : std::string_view()));
      if (d.reason.empty()) {
        out.report("SP002", item.range(),
                   "this suppression gives no reason: add `reason:` saying why the finding does "
                   "not apply");
        continue;
      }
      if (!check_rules(d, registry, out)) {
        continue;
      }
      m_directives.push_back(std::move(d));
    }
  }
}

void Suppressions::apply(std::vector<Diagnostic>& diagnostics, const RuleSet& rules,
                         const Registry& registry, const SourceManager& sources,
                         Diagnostics& out) const {
  if (m_directives.empty()) {
    return;
  }
  // used[directive][selector]
  std::vector<std::vector<bool>> used(m_directives.size());
  for (std::size_t i = 0; i < m_directives.size(); ++i) {
    used[i].assign(std::max<std::size_t>(m_directives[i].rules.size(), 1), false);
  }
  for (Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.suppression || !diagnostic.range.valid() ||
        is_suppression_rule(diagnostic.rule_id)) {
      continue;
    }
    const RuleMeta* meta = registry.find(diagnostic.rule_id);
    if (meta == nullptr) {
      continue;
    }
    const std::uint32_t line =
        sources.file(diagnostic.range.file).position(diagnostic.range.begin).line;
    for (std::size_t i = 0; i < m_directives.size(); ++i) {
      const Directive& d = m_directives[i];
      if (d.at.file != diagnostic.range.file) {
        continue;
      }
      const bool covers =
          d.reach == Directive::Reach::file ||
          (d.reach == Directive::Reach::lines && line >= d.first_line && line <= d.last_line) ||
          (d.reach == Directive::Reach::range && diagnostic.range.begin >= d.range.begin &&
           diagnostic.range.end <= d.range.end);
      if (!covers) {
        continue;
      }
      bool matched = false;
      if (d.rules.empty()) {
        used[i][0] = true;
        matched = true;
      }
      for (std::size_t s = 0; s < d.rules.size(); ++s) {
        if (selector_matches(d.rules[s], *meta)) {
          used[i][s] = true;
          matched = true;
        }
      }
      if (matched) {
        diagnostic.suppression = Suppression{d.at, d.reason};
        break;
      }
    }
  }
  for (std::size_t i = 0; i < m_directives.size(); ++i) {
    const Directive& d = m_directives[i];
    if (m_unanalysed.count(d.at.file.index) != 0) {
      continue;
    }
    const std::string where = d.reach == Directive::Reach::lines  ? "on this line or the next"
                              : d.reach == Directive::Reach::file ? "in this file"
                                                                  : "in this resource";
    if (d.rules.empty()) {
      if (!used[i][0]) {
        out.report("SP001", d.at, "this suppression matches no finding " + where);
      }
      continue;
    }
    for (std::size_t s = 0; s < d.rules.size(); ++s) {
      if (used[i][s]) {
        continue;
      }
      // A selector whose rules are all off cannot be judged by this run.
      const bool any_enabled =
          std::any_of(registry.rules().begin(), registry.rules().end(), [&](const RuleMeta& r) {
            return selector_matches(d.rules[s], r) && rules.enabled(r.id);
          });
      if (any_enabled) {
        out.report("SP001", d.rule_ranges[s],
                   "suppression of " + d.rules[s] + " matches no finding " + where +
                       ": remove it, or it will hide a future finding");
      }
    }
  }
}

}  // namespace ssmpf::engine
