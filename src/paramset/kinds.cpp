// SPDX-License-Identifier: Apache-2.0
#include "paramset/kinds.hpp"

#include <algorithm>

namespace ssmpf::paramset {

namespace {

void add_unique(std::vector<std::string>& list, std::string_view value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.emplace_back(value);
  }
}

// A list of strings, or a report.
bool read_strings(const model::NodeRef& node, std::vector<std::string>& out, Diagnostics& diags) {
  if (!node.is_sequence()) {
    diags.report("PS007", node.range(), "expected a list of names, found " + model::describe(node));
    return false;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const model::NodeRef item = node.item(i);
    if (!item.is_string()) {
      diags.report("PS007", item.range(), "expected a name, found " + model::describe(item));
      continue;
    }
    add_unique(out, item.scalar());
  }
  return true;
}

}  // namespace

void KindTable::add_group(const std::string& group, const std::string& type) {
  Kind* target = nullptr;
  for (Kind& k : m_kinds) {
    std::erase(k.groups, group);
    if (k.type == type) {
      target = &k;
    }
  }
  if (target == nullptr) {
    m_kinds.push_back(Kind{type, {}, {}, {}});
    target = &m_kinds.back();
  }
  target->groups.push_back(group);
}

void KindTable::merge(const model::NodeRef& root, Diagnostics& out) {
  const model::NodeRef kinds = root.get("kinds");
  if (!root.is_mapping() || !kinds.is_mapping()) {
    out.report("PS007", root.valid() ? root.range() : SourceRange{},
               "a kinds file needs a top-level 'kinds' mapping of resource types");
    return;
  }
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const model::Member m = kinds.member(i);
    if (!m.key.is_string() || m.key.scalar().find("::") == std::string_view::npos) {
      out.report("PS007", m.key.range(),
                 "expected a CloudFormation resource type such as 'AWS::EC2::VPC', found " +
                     model::describe(m.key));
      continue;
    }
    if (!m.value.is_mapping()) {
      out.report("PS007", m.value.range(),
                 "expected a mapping with groups, runtime_attributes and signature, found " +
                     model::describe(m.value));
      continue;
    }
    Kind* kind = nullptr;
    for (Kind& k : m_kinds) {
      if (k.type == m.key.scalar()) {
        kind = &k;
      }
    }
    if (kind == nullptr) {
      m_kinds.push_back(Kind{std::string(m.key.scalar()), {}, {}, {}});
      kind = &m_kinds.back();
    }
    for (std::size_t j = 0; j < m.value.size(); ++j) {
      const model::Member field = m.value.member(j);
      const std::string_view name = field.key.scalar();
      if (name == "groups") {
        std::vector<std::string> groups;
        read_strings(field.value, groups, out);
        for (const std::string& g : groups) {
          // A group names one type: a later entry moves it.
          for (Kind& other : m_kinds) {
            std::erase(other.groups, g);
          }
          add_unique(kind->groups, g);
        }
      } else if (name == "runtime_attributes") {
        read_strings(field.value, kind->runtime_attributes, out);
      } else if (name == "signature") {
        std::vector<std::string> signature;
        if (read_strings(field.value, signature, out)) {
          kind->signature = std::move(signature);
        }
      } else {
        out.report("PS006", field.key.range(),
                   "unknown field '" + std::string(name) +
                       "' in a kinds entry (expected groups, runtime_attributes or signature)");
      }
    }
  }
}

const Kind* KindTable::by_group(std::string_view group) const noexcept {
  for (const Kind& k : m_kinds) {
    if (std::find(k.groups.begin(), k.groups.end(), group) != k.groups.end()) {
      return &k;
    }
  }
  return nullptr;
}

const Kind* KindTable::by_type(std::string_view type) const noexcept {
  for (const Kind& k : m_kinds) {
    if (k.type == type) {
      return &k;
    }
  }
  return nullptr;
}

bool KindTable::is_runtime_attribute(const Kind& kind, std::string_view name) noexcept {
  return std::find(kind.runtime_attributes.begin(), kind.runtime_attributes.end(), name) !=
         kind.runtime_attributes.end();
}

}  // namespace ssmpf::paramset
