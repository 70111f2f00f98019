// SPDX-License-Identifier: Apache-2.0
#include "engine/selection.hpp"

#include <algorithm>

#include "base/text.hpp"

namespace ssmpf::engine {

namespace {

constexpr int k_no_match = -1;

// How specifically `selector` names `rule`: -1 no match, 0 ALL, 1+ prefix length, 1000 exact.
int specificity(std::string_view selector, const RuleMeta& rule) noexcept {
  if (selector == "ALL") {
    return 0;
  }
  if (selector == rule.id || selector == rule.name ||
      std::find(rule.aliases.begin(), rule.aliases.end(), selector) != rule.aliases.end()) {
    return 1000;
  }
  if (starts_with(rule.id, selector)) {
    return static_cast<int>(selector.size());
  }
  return k_no_match;
}

int best_match(const std::vector<std::string>& selectors, const RuleMeta& rule) noexcept {
  int best = k_no_match;
  for (const std::string& s : selectors) {
    best = std::max(best, specificity(s, rule));
  }
  return best;
}

std::optional<Error> check_selector(const Registry& registry, const std::string& selector,
                                    const char* option) {
  if (auto problem = selector_problem(registry, selector)) {
    return Error{Error::Kind::usage, std::string(option) + ": " + *problem, {}};
  }
  return std::nullopt;
}

}  // namespace

bool selector_matches(std::string_view selector, const RuleMeta& rule) noexcept {
  return specificity(selector, rule) != k_no_match;
}

std::optional<std::string> selector_problem(const Registry& registry, std::string_view selector) {
  for (const RuleMeta& r : registry.rules()) {
    if (specificity(selector, r) != k_no_match) {
      return std::nullopt;
    }
  }
  std::vector<std::string_view> candidates;
  for (const RuleMeta& r : registry.rules()) {
    candidates.push_back(r.id);
    candidates.push_back(r.name);
  }
  std::string message = "'" + std::string(selector) + "' matches no rule";
  if (const auto near = closest_match(selector, candidates)) {
    message += "; did you mean '" + std::string(*near) + "'?";
  } else {
    message += " (see `ssm-preflight rules`)";
  }
  return message;
}

RuleSet RuleSet::all(const Registry& registry) {
  RuleSet set;
  set.m_registry = &registry;
  for (const RuleMeta& r : registry.rules()) {
    set.m_entries.push_back(Entry{true, r.severity});
  }
  return set;
}

Result<RuleSet> RuleSet::resolve(const Registry& registry, const SelectionRequest& request) {
  for (const std::string& s : request.select) {
    if (auto e = check_selector(registry, s, "--select")) {
      return *e;
    }
  }
  for (const std::string& s : request.ignore) {
    if (auto e = check_selector(registry, s, "--ignore")) {
      return *e;
    }
  }
  for (const auto& [s, severity] : request.severities) {
    if (auto e = check_selector(registry, s, "--severity")) {
      return *e;
    }
  }
  RuleSet set = all(registry);
  const auto rules = registry.rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const RuleMeta& rule = rules[i];
    const int selected = request.select.empty() ? 0 : best_match(request.select, rule);
    const int ignored = best_match(request.ignore, rule);
    const bool enabled = selected != k_no_match && (ignored == k_no_match || selected > ignored);
    if (rule.family == "LD") {
      // Loading rules are always on: a file that cannot be read is never a silent pass.
      if (ignored >= 1000) {
        return Error{Error::Kind::usage,
                     "--ignore: " + std::string(rule.id) +
                         " cannot be ignored: loading rules (LD) are always on",
                     {}};
      }
      set.m_entries[i].enabled = true;
    } else {
      set.m_entries[i].enabled = enabled;
    }
    int best_severity = k_no_match;
    for (const auto& [s, severity] : request.severities) {
      const int spec = specificity(s, rule);
      if (spec != k_no_match && spec >= best_severity) {
        best_severity = spec;
        set.m_entries[i].severity = severity;
      }
    }
  }
  return set;
}

const RuleSet::Entry* RuleSet::entry(std::string_view id) const noexcept {
  if (m_registry == nullptr) {
    return nullptr;
  }
  const RuleMeta* rule = m_registry->find(id);
  if (rule == nullptr) {
    return nullptr;
  }
  return &m_entries[m_registry->index_of(*rule)];
}

bool RuleSet::enabled(std::string_view id) const noexcept {
  const Entry* e = entry(id);
  return e != nullptr && e->enabled;
}

Severity RuleSet::severity(std::string_view id) const noexcept {
  const Entry* e = entry(id);
  return e != nullptr ? e->severity : Severity::error;
}

}  // namespace ssmpf::engine
