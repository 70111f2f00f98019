// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "model/node.hpp"

namespace ssmpf::schema {

// How the validator sees string values. Parameter sets substitute `{{...}}` references into
// strings before the value is used, so constraints apply to the substituted text; a string
// that still holds a runtime token is not known and skips value constraints (its type is
// still checked).
class ValueView {
 public:
  ValueView() = default;
  ValueView(const ValueView&) = default;
  ValueView& operator=(const ValueView&) = default;
  ValueView(ValueView&&) = default;
  ValueView& operator=(ValueView&&) = default;
  virtual ~ValueView() = default;
  // The string value of a string scalar as it will be used; nullopt when not known.
  [[nodiscard]] virtual std::optional<std::string> string_value(const model::NodeRef& node) const;
};

enum class ErrorKind : std::uint8_t {
  unknown_property,  // additionalProperties: false (node = the key)
  missing_property,  // required (node = the mapping)
  wrong_type,        // type (node = the value)
  invalid_value,     // enum, const, pattern, format, minimum/maximum, lengths, items, uniqueItems
};

struct ValidationError {
  ErrorKind kind = ErrorKind::invalid_value;
  model::NodeRef node;
  std::string message;  // lower-case start, no trailing period
  std::string
      path;  // slash-separated path below the validated node: "security_group_ingress/0/from_port"
  std::string suggestion;  // unknown_property: the closest allowed name, when one is near
};

// A set of JSON Schema documents (draft-04/06/07 subset) addressed by name for `$ref`.
// Supported: type, properties, patternProperties, additionalProperties, required, items
// (schema or array), minItems, maxItems, uniqueItems, enum, const, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern (re2), format
// (ipv4-cidr, ipv6-cidr; others ignored), anyOf, oneOf, allOf, not, $ref (local JSON pointers
// and other documents of the set), definitions/$defs. Annotations are ignored.
// Also: additionalItems, minProperties, maxProperties, multipleOf, boolean schemas, and the
// `x-expected` extension (what a valid value is, e.g. "an IP protocol (...)"), which replaces
// the pattern or format in messages. Keywords beside `$ref` are ignored (draft-04 to 07).
class SchemaSet {
 public:
  SchemaSet();
  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;
  SchemaSet(SchemaSet&& other) noexcept;
  SchemaSet& operator=(SchemaSet&& other) noexcept;
  ~SchemaSet();

  // Registers a schema document under `name` (the target of `"$ref": "<name>"`). The text is
  // parsed and compiled when first used.
  void add(std::string name, std::string text);
  [[nodiscard]] bool contains(std::string_view name) const;

  // Validates `node` against the document `name`. Returns an error if the schema itself is
  // broken (unparsable JSON, dangling $ref, invalid pattern); otherwise the list of problems
  // in document order (empty when valid).
  [[nodiscard]] Result<std::vector<ValidationError>> validate(std::string_view name,
                                                              const model::NodeRef& node,
                                                              const ValueView& view) const;

  // A string annotation at a JSON pointer inside a document ("/properties/vpc_id/x-cfn-name"),
  // if present. Used to read x-cfn-name, x-cfn-type and similar extensions.
  [[nodiscard]] std::optional<std::string> annotation(std::string_view name,
                                                      std::string_view pointer) const;

  // The names under `properties` of the root schema of document `name` (following a root
  // `$ref`), in schema order; empty when the document is unknown, unparsable or has none.
  [[nodiscard]] std::vector<std::string> property_names(std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace ssmpf::schema
