// SPDX-License-Identifier: Apache-2.0
#include "model/node.hpp"

#include "base/text.hpp"
#include "model/scalar.hpp"

namespace ssmpf::model {

std::string_view to_string(ScalarType type) noexcept {
  switch (type) {
    case ScalarType::null:
      return "null";
    case ScalarType::boolean:
      return "boolean";
    case ScalarType::integer:
      return "integer";
    case ScalarType::floating:
      return "float";
    case ScalarType::string:
      return "string";
    case ScalarType::timestamp:
      return "timestamp";
    case ScalarType::binary:
      return "binary";
  }
  return "string";
}

NodeRef Document::root() const noexcept {
  return m_root ? NodeRef(this, *m_root) : NodeRef();
}

SourceRange NodeRef::range() const noexcept {
  if (!valid()) {
    return {};
  }
  const NodeData& d = data();
  return SourceRange{m_doc->m_file, d.begin, d.end};
}

std::string_view NodeRef::tag() const noexcept {
  if (!valid()) {
    return {};
  }
  return m_doc->m_tags[data().tag];
}

std::string_view NodeRef::scalar() const noexcept {
  if (!valid()) {
    return {};
  }
  const NodeData& d = data();
  return std::string_view(m_doc->m_strings).substr(d.value_begin, d.value_size);
}

std::optional<bool> NodeRef::as_bool() const noexcept {
  if (!is_scalar() || type() != ScalarType::boolean) {
    return std::nullopt;
  }
  return parse_bool(scalar());
}

std::optional<std::int64_t> NodeRef::as_int() const noexcept {
  if (!is_scalar() || type() != ScalarType::integer) {
    return std::nullopt;
  }
  return parse_int(scalar());
}

std::optional<double> NodeRef::as_double() const noexcept {
  if (!is_scalar()) {
    return std::nullopt;
  }
  if (type() == ScalarType::integer) {
    if (const auto i = parse_int(scalar())) {
      return static_cast<double>(*i);
    }
    return std::nullopt;
  }
  if (type() == ScalarType::floating) {
    return parse_float(scalar());
  }
  return std::nullopt;
}

std::size_t NodeRef::size() const noexcept {
  if (!valid()) {
    return 0;
  }
  const NodeData& d = data();
  if (d.kind == NodeKind::mapping) {
    return d.children_count / 2;
  }
  if (d.kind == NodeKind::sequence) {
    return d.children_count;
  }
  return 0;
}

NodeRef NodeRef::item(std::size_t i) const noexcept {
  const NodeData& d = data();
  return {m_doc, m_doc->m_children[d.children_begin + i]};
}

Member NodeRef::member(std::size_t i) const noexcept {
  const NodeData& d = data();
  return Member{NodeRef(m_doc, m_doc->m_children[d.children_begin + 2 * i]),
                NodeRef(m_doc, m_doc->m_children[d.children_begin + 2 * i + 1])};
}

Member NodeRef::find(std::string_view key) const noexcept {
  if (!is_mapping()) {
    return {};
  }
  // Straight over the children: this is the lookup behind every property read.
  const NodeData& d = data();
  const std::uint32_t* children = m_doc->m_children.data() + d.children_begin;
  for (std::size_t i = d.children_count / 2; i-- > 0;) {
    const NodeData& k = m_doc->m_nodes[children[2 * i]];
    if (k.kind == NodeKind::scalar && k.value_size == key.size() &&
        std::string_view(m_doc->m_strings).substr(k.value_begin, k.value_size) == key) {
      return Member{NodeRef(m_doc, children[2 * i]), NodeRef(m_doc, children[2 * i + 1])};
    }
  }
  return {};
}

NodeRef NodeRef::get(std::string_view key) const noexcept {
  return find(key).value;
}

std::uint32_t DocumentBuilder::intern_tag(std::string_view tag) {
  if (tag.empty()) {
    return 0;
  }
  const auto [it, added] = m_tag_index.try_emplace(std::string(tag), 0);
  if (added) {
    it->second = static_cast<std::uint32_t>(m_doc.m_tags.size());
    m_doc.m_tags.emplace_back(tag);
  }
  return it->second;
}

std::uint32_t DocumentBuilder::add_scalar(std::uint32_t begin, std::uint32_t end,
                                          std::string_view value, std::string_view tag,
                                          ScalarStyle style, ScalarType type) {
  NodeData d;
  d.begin = begin;
  d.end = end;
  d.value_begin = static_cast<std::uint32_t>(m_doc.m_strings.size());
  d.value_size = static_cast<std::uint32_t>(value.size());
  m_doc.m_strings.append(value);
  d.tag = intern_tag(tag);
  d.kind = NodeKind::scalar;
  d.style = style;
  d.type = type;
  m_doc.m_nodes.push_back(d);
  return static_cast<std::uint32_t>(m_doc.m_nodes.size() - 1);
}

std::uint32_t DocumentBuilder::add_null(std::uint32_t begin, std::uint32_t end,
                                        std::string_view tag) {
  NodeData d;
  d.begin = begin;
  d.end = end;
  d.tag = intern_tag(tag);
  d.kind = NodeKind::null;
  d.type = ScalarType::null;
  m_doc.m_nodes.push_back(d);
  return static_cast<std::uint32_t>(m_doc.m_nodes.size() - 1);
}

std::uint32_t DocumentBuilder::open(NodeKind kind, std::uint32_t begin, std::string_view tag) {
  NodeData d;
  d.begin = begin;
  d.end = begin;
  d.tag = intern_tag(tag);
  d.kind = kind;
  m_doc.m_nodes.push_back(d);
  return static_cast<std::uint32_t>(m_doc.m_nodes.size() - 1);
}

void DocumentBuilder::close(std::uint32_t index, std::uint32_t end,
                            const std::vector<std::uint32_t>& children) {
  NodeData& d = m_doc.m_nodes[index];
  d.end = end;
  d.children_begin = static_cast<std::uint32_t>(m_doc.m_children.size());
  d.children_count = static_cast<std::uint32_t>(children.size());
  m_doc.m_children.insert(m_doc.m_children.end(), children.begin(), children.end());
}

std::string describe(const NodeRef& node) {
  if (!node.valid()) {
    return "nothing";
  }
  switch (node.kind()) {
    case NodeKind::null:
      return "null";
    case NodeKind::sequence:
      return "a list";
    case NodeKind::mapping:
      return "a mapping";
    case NodeKind::scalar:
      break;
  }
  const std::string value = abbreviate(node.scalar(), 40);
  switch (node.type()) {
    case ScalarType::null:
      return "null";
    case ScalarType::boolean:
      return "the boolean " + value;
    case ScalarType::integer:
      return "the integer " + value;
    case ScalarType::floating:
      return "the number " + value;
    case ScalarType::timestamp:
      return "the date " + value;
    case ScalarType::binary:
      return "binary data";
    case ScalarType::string:
      return "the string '" + value + "'";
  }
  return "a value";
}

}  // namespace ssmpf::model
