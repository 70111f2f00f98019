// SPDX-License-Identifier: Apache-2.0
#include "paramset/scope.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>

#include "base/text.hpp"

namespace ssmpf::paramset {

namespace {

bool is_upper(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) noexcept {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// The CloudFormation attribute a runtime attribute name stands for.
std::string cfn_attribute(std::string_view runtime_name) {
  if (runtime_name == "ref") {
    return "Ref";
  }
  constexpr std::string_view k_prefix = "attr_";
  if (!starts_with(runtime_name, k_prefix)) {
    return "Ref";  // vpc_id, gateway_id...: the resource's own id
  }
  std::string out;
  bool upper = true;
  for (const char c : runtime_name.substr(k_prefix.size())) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper && is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

}  // namespace

std::string python_name(std::string_view cfn_name) {
  // What jsii-pacmak does (codemaker's toSnakeCase): the binary-unit abbreviations KiB, MiB and
  // GiB count as one word; a word starts at a capital after a lower-case letter or digit, and
  // at the last capital of a run of capitals followed by lower-case letters; then all is
  // lowered, and Python keywords get a trailing underscore.
  std::string text(cfn_name);
  for (const std::string_view abbreviation : {"KiB", "MiB", "GiB"}) {
    for (std::size_t p = text.find(abbreviation); p != std::string::npos;
         p = text.find(abbreviation, p + 1)) {
      const std::size_t end = p + abbreviation.size();
      if ((p == 0 || !is_upper(text[p - 1])) && (end == text.size() || !is_lower(text[end]))) {
        text[p + 2] = 'b';
      }
    }
  }
  std::string split;
  for (std::size_t i = 0; i < text.size(); ++i) {
    split += text[i];
    if (i + 1 < text.size() && (is_lower(text[i]) || is_digit(text[i])) && is_upper(text[i + 1])) {
      split += '_';
    }
  }
  std::string out;
  for (std::size_t i = 0; i < split.size();) {
    if (i + 2 < split.size() && is_upper(split[i]) && is_upper(split[i + 1]) &&
        is_lower(split[i + 2])) {
      out += split[i];
      out += '_';
      std::size_t j = i + 1;
      out += split[j++];
      while (j < split.size() && is_lower(split[j])) {
        out += split[j++];
      }
      i = j;
      continue;
    }
    out += split[i++];
  }
  for (char& c : out) {
    c = is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  }
  static constexpr std::array<std::string_view, 35> k_python_keywords = {
      "and",  "as",     "assert", "async",  "await",  "break",   "class",    "continue", "def",
      "del",  "elif",   "else",   "except", "false",  "finally", "for",      "from",     "global",
      "if",   "import", "in",     "is",     "lambda", "none",    "nonlocal", "not",      "or",
      "pass", "raise",  "return", "true",   "try",    "while",   "with",     "yield"};
  if (std::find(k_python_keywords.begin(), k_python_keywords.end(), out) !=
      k_python_keywords.end()) {
    out += '_';
  }
  return out;
}

ParameterSetScope::ParameterSetScope(const model::ParameterSet& set,
                                     std::optional<std::string> region_override,
                                     std::optional<std::string> region_fallback)
    : m_set(set),
      m_region_override(std::move(region_override)),
      m_region_source(m_region_override ? "--region" : "common.region") {
  if (!m_region_override && !m_set.region && region_fallback) {
    m_region_override = std::move(region_fallback);
    m_region_source = "assume.region in the configuration";
  }
}

namespace {

// python_name() of the property names the rules ask for, which are few: computed once each.
// Callers pass string literals, millions of times on a large set: a small table indexed by
// where the name lives answers most calls with one comparison, before hashing the name.
const std::string& cached_python_name(std::string_view cfn_name) {
  struct Recent {
    std::string cfn;
    const std::string* python = nullptr;
  };
  constexpr std::size_t k_recent = 64;
  thread_local StringMap<std::string> cache;
  thread_local std::array<Recent, k_recent> recent;
  const std::size_t where = std::hash<const char*>{}(cfn_name.data());
  Recent& slot = recent[((where >> 3U) ^ cfn_name.size()) % k_recent];
  if (slot.python != nullptr && slot.cfn == cfn_name) {
    return *slot.python;
  }
  auto it = cache.find(cfn_name);
  if (it == cache.end()) {
    it = cache.emplace(std::string(cfn_name), python_name(cfn_name)).first;
  }
  slot.cfn = it->first;
  slot.python = &it->second;
  return it->second;
}

}  // namespace

model::Member ParameterSetScope::property_member(const model::Resource& resource,
                                                 std::string_view cfn_name) const {
  return resource.body.is_mapping() ? resource.body.find(cached_python_name(cfn_name))
                                    : model::Member();
}

model::Member ParameterSetScope::field_member(const model::NodeRef& mapping,
                                              std::string_view cfn_name) const {
  return mapping.is_mapping() ? mapping.find(cached_python_name(cfn_name)) : model::Member();
}

model::Value ParameterSetScope::value(const model::NodeRef& node) const {
  using Kind = model::Value::Kind;
  model::Value v = model::literal(node);
  if (v.kind == Kind::list) {
    v.items.reserve(node.size());
    for (std::size_t i = 0; i < node.size(); ++i) {
      v.items.push_back(value(node.item(i)));
    }
    return v;
  }
  if (v.kind != Kind::string) {
    return v;
  }
  const model::ResolvedString* r = m_set.resolved(node);
  if (r == nullptr) {
    return v;
  }
  if (r->broken) {
    v.kind = Kind::unknown;
    v.reason = "a reference in '" + abbreviate(v.text, 80) + "' does not resolve";
    return v;
  }
  if (const model::RuntimeReference* edge = r->sole_reference()) {
    v.kind = Kind::reference;
    v.resource = edge->resource;
    v.attribute = cfn_attribute(edge->attribute);
    v.text = r->text;
    return v;
  }
  if (!r->runtime.empty()) {
    v.kind = Kind::unknown;
    v.reason = "'" + abbreviate(v.text, 80) + "' holds the runtime value of '" +
               m_set.resources()[r->runtime[0].resource].path + "' inside other text";
    return v;
  }
  v.text = r->text;
  return v;
}

std::optional<std::string> ParameterSetScope::region() const {
  return m_region_override ? m_region_override : m_set.region;
}

std::string ParameterSetScope::region_source() const {
  return m_region_source;
}

}  // namespace ssmpf::paramset
