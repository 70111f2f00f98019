// SPDX-License-Identifier: Apache-2.0
#include "facts/iam.hpp"

#include <algorithm>

#include "base/assert.hpp"
#include "base/text.hpp"
#include "engine/rule_meta.hpp"
#include "load/yaml_loader.hpp"

namespace ssmpf::facts {

namespace {

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Glob matching with * and ?, case-insensitive; iterative with one backtrack point.
bool glob(std::string_view pattern, std::string_view text) noexcept {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

// The text of a string node as it will be deployed (references substituted), or nullopt.
std::optional<std::string> text_of(const model::NodeRef& node, const model::Scope* scope,
                                   std::string& why) {
  if (!node.is_string()) {
    why = "a value is " + model::describe(node) + ", not a string";
    return std::nullopt;
  }
  if (scope == nullptr) {
    return std::string(node.scalar());
  }
  const model::Value v = scope->value(node);
  if (v.is_string()) {
    return v.text;
  }
  why = v.is_unknown() ? v.reason : "'" + std::string(node.scalar()) + "' is not a literal";
  return std::nullopt;
}

// Strings of a node that is a string or a list of strings; false (with why) otherwise.
bool read_strings(const model::NodeRef& node, std::vector<std::string>& out,
                  const model::Scope* scope, std::string& why) {
  if (node.is_sequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      const auto t = text_of(node.item(i), scope, why);
      if (!t) {
        return false;
      }
      out.push_back(*t);
    }
    return true;
  }
  const auto t = text_of(node, scope, why);
  if (!t) {
    return false;
  }
  out.push_back(*t);
  return true;
}

bool read_strings(const model::NodeRef& node, std::vector<std::string>& out) {
  std::string why;
  return read_strings(node, out, nullptr, why);
}

}  // namespace

bool action_matches(std::string_view pattern, std::string_view action) noexcept {
  return glob(pattern, action);
}

bool Statement::matches(std::string_view action) const noexcept {
  bool any = false;
  for (const std::string& p : actions) {
    if (action_matches(p, action)) {
      any = true;
      break;
    }
  }
  return not_action ? !any : any;
}

std::optional<std::vector<model::NodeRef>> statement_nodes(const model::NodeRef& document) {
  const model::NodeRef statements =
      document.is_mapping() ? document.get("Statement") : model::NodeRef();
  std::vector<model::NodeRef> items;
  if (statements.is_mapping()) {
    items.push_back(statements);
  } else if (statements.is_sequence()) {
    for (std::size_t i = 0; i < statements.size(); ++i) {
      items.push_back(statements.item(i));
    }
  } else {
    return std::nullopt;
  }
  return items;
}

std::vector<Statement> read_policy_document(const model::NodeRef& document,
                                            const std::string& source, const model::Scope* scope) {
  std::vector<Statement> out;
  const model::NodeRef statements =
      document.is_mapping() ? document.get("Statement") : model::NodeRef();
  auto unreadable = [&](const model::NodeRef& at, std::string why) {
    Statement s;
    s.actions_known = false;
    s.why_unknown = std::move(why);
    s.at = at.valid() ? at.range() : document.range();
    s.source = source;
    out.push_back(std::move(s));
  };
  if (!statements.valid()) {
    if (document.valid()) {
      unreadable(document, source + " has no Statement");
    }
    return out;
  }
  const auto items = statement_nodes(document);
  if (!items) {
    unreadable(statements, "the Statement of " + source + " is " + model::describe(statements));
    return out;
  }
  for (const model::NodeRef& item : *items) {
    if (!item.is_mapping()) {
      unreadable(item, "a statement of " + source + " is " + model::describe(item));
      continue;
    }
    Statement s;
    s.at = item.range();
    s.source = source;
    std::string why;
    const auto effect = text_of(item.get("Effect"), scope, why);
    if (!effect || (*effect != "Allow" && *effect != "Deny")) {
      s.actions_known = false;
      s.why_unknown = "a statement of " + source + " has an Effect that is not Allow or Deny" +
                      (effect ? " ('" + *effect + "')" : std::string());
    } else {
      s.allow = *effect == "Allow";
    }
    const model::NodeRef action = item.get("Action");
    const model::NodeRef not_action = item.get("NotAction");
    if (action.valid() || not_action.valid()) {
      s.not_action = !action.valid();
      if (!read_strings(action.valid() ? action : not_action, s.actions, scope, why)) {
        s.actions_known = false;
        s.why_unknown = "the actions of a statement of " + source + " are not known: " + why;
      }
    } else if (s.actions_known) {
      s.actions_known = false;
      s.why_unknown = "a statement of " + source + " has no Action";
    }
    s.conditional = item.get("Condition").valid();
    // Resource "*" applies everywhere; anything narrower may not cover the instance.
    std::vector<std::string> resources;
    const model::NodeRef resource = item.get("Resource");
    if (item.get("NotResource").valid()) {
      s.all_resources = false;
    } else if (resource.valid()) {
      s.all_resources = read_strings(resource, resources, scope, why) &&
                        std::find(resources.begin(), resources.end(), "*") != resources.end();
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<AwsManagedArn> parse_aws_managed_arn(std::string_view arn) {
  // arn:<partition>:iam::aws:policy/<path/>name
  if (!starts_with(arn, "arn:")) {
    return std::nullopt;
  }
  // The partition may be a placeholder such as ${AWS::Partition}, which holds colons.
  std::size_t partition_end = arn.find(':', 4);
  if (arn.substr(4, 2) == "${") {
    const std::size_t close = arn.find('}', 4);
    partition_end = close == std::string_view::npos ? close : arn.find(':', close);
  }
  if (partition_end == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view rest = arn.substr(partition_end);
  constexpr std::string_view k_middle = ":iam::aws:policy/";
  if (!starts_with(rest, k_middle)) {
    return std::nullopt;
  }
  const std::string_view tail = rest.substr(k_middle.size() - 1);  // "/path/name"
  const std::size_t last = tail.rfind('/');
  AwsManagedArn out;
  out.partition = std::string(arn.substr(4, partition_end - 4));
  out.path = std::string(tail.substr(0, last + 1));
  out.name = std::string(tail.substr(last + 1));
  if (out.name.empty()) {
    return std::nullopt;
  }
  return out;
}

const ManagedPolicyTable& ManagedPolicyTable::builtin() {
  static const ManagedPolicyTable table = [] {
    ManagedPolicyTable t;
    SourceManager sources;
    Diagnostics diags;
    const FileId id = sources.add("rules/managed-policies.yaml", "rules/managed-policies.yaml",
                                  std::string(data::embedded_file("rules/managed-policies.yaml")));
    const load::ParsedDocument parsed =
        load::parse_yaml(sources.file(id), id, model::Schema::yaml11, load::Limits{}, diags);
    SSMPF_ASSERT(diags.items().empty(), "rules/managed-policies.yaml does not parse");
    const model::NodeRef policies = parsed.document.root().get("policies");
    for (std::size_t i = 0; i < policies.size(); ++i) {
      const model::Member m = policies.member(i);
      ManagedPolicy p;
      p.name = std::string(m.key.scalar());
      p.path = std::string(m.value.get("path").scalar());
      p.complete = m.value.get("complete").as_bool().value_or(false);
      p.deprecated = std::string(m.value.get("deprecated").scalar());
      for (const char* key : {"allow", "allow_not"}) {
        const model::NodeRef list = m.value.get(key);
        if (!list.valid()) {
          continue;
        }
        Statement s;
        s.not_action = std::string_view(key) == "allow_not";
        s.source = p.name;
        const bool ok = read_strings(list, s.actions);
        SSMPF_ASSERT(ok, "managed policy actions must be strings");
        p.statements.push_back(std::move(s));
      }
      t.m_policies.push_back(std::move(p));
    }
    return t;
  }();
  return table;
}

const ManagedPolicy* ManagedPolicyTable::find_arn(std::string_view arn) const noexcept {
  const auto parsed = parse_aws_managed_arn(arn);
  if (!parsed) {
    return nullptr;
  }
  for (const ManagedPolicy& p : m_policies) {
    if (p.name == parsed->name && p.path == parsed->path) {
      return &p;
    }
  }
  return nullptr;
}

Evaluation evaluate(const std::vector<Statement>& statements, bool complete,
                    std::string_view action) {
  const Statement* allow = nullptr;
  const Statement* uncertain_allow = nullptr;
  const Statement* uncertain_deny = nullptr;
  for (const Statement& s : statements) {
    if (!s.actions_known) {
      uncertain_allow = uncertain_allow != nullptr ? uncertain_allow : &s;
      uncertain_deny = uncertain_deny != nullptr ? uncertain_deny : &s;
      continue;
    }
    if (!s.matches(action)) {
      continue;
    }
    if (!s.allow) {
      if (!s.uncertain()) {
        return Evaluation{Grant::denied, &s, nullptr};
      }
      uncertain_deny = uncertain_deny != nullptr ? uncertain_deny : &s;
    } else if (s.uncertain()) {
      uncertain_allow = uncertain_allow != nullptr ? uncertain_allow : &s;
    } else if (allow == nullptr) {
      allow = &s;
    }
  }
  if (allow != nullptr) {
    return uncertain_deny != nullptr ? Evaluation{Grant::unknown, allow, uncertain_deny}
                                     : Evaluation{Grant::allowed, allow, nullptr};
  }
  if (uncertain_allow != nullptr || !complete) {
    return Evaluation{Grant::unknown, nullptr, uncertain_allow};
  }
  return Evaluation{Grant::not_granted, nullptr, nullptr};
}

}  // namespace ssmpf::facts
