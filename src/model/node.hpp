// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/assert.hpp"
#include "base/source.hpp"

namespace ssmpf::model {

enum class NodeKind : std::uint8_t { null, scalar, sequence, mapping };
enum class ScalarStyle : std::uint8_t {
  plain,
  single_quoted,
  double_quoted,
  literal,
  folded,
  flow
};

// What a scalar means once resolved (YAML 1.1 as PyYAML reads it, or JSON).
enum class ScalarType : std::uint8_t {
  null,
  boolean,
  integer,
  floating,
  string,
  timestamp,
  binary
};

[[nodiscard]] std::string_view to_string(ScalarType type) noexcept;

class Document;
class NodeRef;

struct Member;

// Storage of one node. Children live in Document::m_children; a mapping stores key, value pairs.
struct NodeData {
  std::uint32_t begin = 0;  // byte range in the file, half-open
  std::uint32_t end = 0;
  std::uint32_t value_begin = 0;  // scalar value in Document::m_strings
  std::uint32_t value_size = 0;
  std::uint32_t children_begin = 0;
  std::uint32_t children_count = 0;
  std::uint32_t tag = 0;  // index into Document::m_tags; 0 = no explicit tag
  NodeKind kind = NodeKind::null;
  ScalarStyle style = ScalarStyle::plain;
  ScalarType type = ScalarType::null;
  friend bool operator==(const NodeData&, const NodeData&) = default;
};

// A located, immutable node tree of one YAML or JSON document.
class Document {
 public:
  Document() = default;
  explicit Document(FileId file) : m_file(file) { m_tags.emplace_back(); }

  [[nodiscard]] FileId file() const noexcept { return m_file; }
  // Moves the document to the file `file` (a document parsed before its file had an id).
  void rebind(FileId file) noexcept { m_file = file; }
  [[nodiscard]] NodeRef root() const noexcept;
  [[nodiscard]] std::size_t node_count() const noexcept { return m_nodes.size(); }
  [[nodiscard]] bool empty() const noexcept { return !m_root.has_value(); }
  // Equal in every field: nodes, children, strings, tags and root.
  friend bool operator==(const Document&, const Document&) = default;

 private:
  friend class NodeRef;
  friend class DocumentBuilder;

  FileId m_file;
  std::optional<std::uint32_t> m_root;
  std::vector<NodeData> m_nodes;
  std::vector<std::uint32_t> m_children;
  std::string m_strings;
  std::vector<std::string> m_tags;
};

// A cheap handle to a node of a Document. Default-constructed handles are "absent".
class NodeRef {
 public:
  NodeRef() = default;
  NodeRef(const Document* doc, std::uint32_t index) : m_doc(doc), m_index(index) {}

  [[nodiscard]] bool valid() const noexcept { return m_doc != nullptr; }
  explicit operator bool() const noexcept { return valid(); }
  [[nodiscard]] const Document* document() const noexcept { return m_doc; }
  [[nodiscard]] std::uint32_t index() const noexcept { return m_index; }

  // Accessors are safe on an absent node: it reads as null, empty and without range.
  [[nodiscard]] NodeKind kind() const noexcept { return valid() ? data().kind : NodeKind::null; }
  [[nodiscard]] bool is_null() const noexcept { return valid() && kind() == NodeKind::null; }
  [[nodiscard]] bool is_scalar() const noexcept { return valid() && kind() == NodeKind::scalar; }
  [[nodiscard]] bool is_sequence() const noexcept {
    return valid() && kind() == NodeKind::sequence;
  }
  [[nodiscard]] bool is_mapping() const noexcept { return valid() && kind() == NodeKind::mapping; }
  // A scalar whose resolved type is string.
  [[nodiscard]] bool is_string() const noexcept {
    return is_scalar() && data().type == ScalarType::string;
  }

  [[nodiscard]] SourceRange range() const noexcept;
  [[nodiscard]] ScalarStyle style() const noexcept {
    return valid() ? data().style : ScalarStyle::plain;
  }
  [[nodiscard]] ScalarType type() const noexcept {
    return valid() ? data().type : ScalarType::null;
  }
  [[nodiscard]] std::string_view tag() const noexcept;
  // The decoded scalar value (empty for collections and nulls).
  [[nodiscard]] std::string_view scalar() const noexcept;

  [[nodiscard]] std::optional<bool> as_bool() const noexcept;
  [[nodiscard]] std::optional<std::int64_t> as_int() const noexcept;
  [[nodiscard]] std::optional<double> as_double() const noexcept;

  // Number of items (sequence) or members (mapping).
  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] NodeRef item(std::size_t i) const noexcept;
  [[nodiscard]] Member member(std::size_t i) const noexcept;
  // The value of the last member whose key is the scalar `key` (PyYAML: the last one wins).
  [[nodiscard]] NodeRef get(std::string_view key) const noexcept;
  [[nodiscard]] Member find(std::string_view key) const noexcept;

  friend bool operator==(const NodeRef& a, const NodeRef& b) noexcept {
    return a.m_doc == b.m_doc && a.m_index == b.m_index;
  }

 private:
  [[nodiscard]] const NodeData& data() const noexcept {
    SSMPF_ASSERT(m_doc != nullptr, "use of an absent node");
    return m_doc->m_nodes[m_index];
  }

  const Document* m_doc = nullptr;
  std::uint32_t m_index = 0;
};

struct Member {
  NodeRef key;
  NodeRef value;
};

// Builds a Document bottom-up. Used by the loaders only.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(FileId file) : m_doc(file) {}

  std::uint32_t add_scalar(std::uint32_t begin, std::uint32_t end, std::string_view value,
                           std::string_view tag, ScalarStyle style, ScalarType type);
  std::uint32_t add_null(std::uint32_t begin, std::uint32_t end, std::string_view tag);
  // Opens a collection; its children are attached by close().
  std::uint32_t open(NodeKind kind, std::uint32_t begin, std::string_view tag);
  void close(std::uint32_t index, std::uint32_t end, const std::vector<std::uint32_t>& children);
  void set_root(std::uint32_t index) { m_doc.m_root = index; }

  [[nodiscard]] const NodeData& node(std::uint32_t index) const { return m_doc.m_nodes[index]; }
  [[nodiscard]] NodeRef ref(std::uint32_t index) const { return {&m_doc, index}; }
  [[nodiscard]] std::size_t node_count() const noexcept { return m_doc.m_nodes.size(); }
  [[nodiscard]] Document finish() { return std::move(m_doc); }

 private:
  std::uint32_t intern_tag(std::string_view tag);
  Document m_doc;
  std::unordered_map<std::string, std::uint32_t> m_tag_index;  // tag -> its index in m_tags
};

// Describes a node's kind for messages: "a string", "the integer 443", "a list"...
[[nodiscard]] std::string describe(const NodeRef& node);

}  // namespace ssmpf::model
