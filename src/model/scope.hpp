// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/node.hpp"
#include "model/parameter_set.hpp"

namespace ssmpf::model {

// What a property value is, as far as the inputs determine it.
struct Value {
  enum class Kind : std::uint8_t {
    absent,  // the property is not written
    null,
    string,
    integer,
    number,
    boolean,
    list,
    map,
    reference,  // another resource's attribute (Ref, GroupId, Arn...): an edge of the graph
    unknown,    // written, but not determined by the inputs; `reason` says why
  };
  Kind kind = Kind::absent;
  NodeRef node;                // where it is written (invalid when absent or computed)
  std::string text;            // string, or the literal of a number/boolean
  std::uint32_t resource = 0;  // reference: index into Scope::resources()
  std::string attribute;       // reference: "Ref", "GroupId", "Arn", ...
  std::string reason;          // unknown: why
  std::vector<Value> items;    // list

  [[nodiscard]] bool absent() const noexcept { return kind == Kind::absent; }
  [[nodiscard]] bool is_string() const noexcept { return kind == Kind::string; }
  [[nodiscard]] bool is_reference() const noexcept { return kind == Kind::reference; }
  [[nodiscard]] bool is_unknown() const noexcept { return kind == Kind::unknown; }
  [[nodiscard]] std::optional<std::int64_t> as_int() const noexcept;
  [[nodiscard]] std::optional<bool> as_bool() const noexcept;
  // The location to point at: the node, or `fallback` when the value is absent.
  [[nodiscard]] SourceRange range_or(const SourceRange& fallback) const noexcept {
    return node.valid() ? node.range() : fallback;
  }
};

// What a node is before a front end evaluates it: absent, null, a map, a list (its items left to
// the caller, which evaluates each), or a scalar of its resolved type with its text.
[[nodiscard]] Value literal(const NodeRef& node);

// A deployment scope as the facts layer sees it: resources with CloudFormation types whose
// properties are read by CloudFormation name and evaluated to Values. A parameter set is one
// scope; a set of templates that reference each other is another.
class Scope {
 public:
  Scope() = default;
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
  Scope(Scope&&) = delete;
  Scope& operator=(Scope&&) = delete;
  virtual ~Scope() = default;

  [[nodiscard]] virtual std::span<const Resource> resources() const = 0;
  // A resource property (key and value nodes), by CloudFormation name ("SecurityGroupIngress").
  [[nodiscard]] virtual Member property_member(const Resource& resource,
                                               std::string_view cfn_name) const = 0;
  // A field of a property struct (an ingress rule's "IpProtocol"), by CloudFormation name.
  [[nodiscard]] virtual Member field_member(const NodeRef& mapping,
                                            std::string_view cfn_name) const = 0;
  // What a node evaluates to.
  [[nodiscard]] virtual Value value(const NodeRef& node) const = 0;
  // The deployment region when the inputs or the options give it.
  [[nodiscard]] virtual std::optional<std::string> region() const = 0;
  // The region `resource` deploys to (the stacks of one cloud assembly may differ).
  [[nodiscard]] virtual std::optional<std::string> region_of(const Resource& resource) const {
    (void)resource;
    return region();
  }
  // Where the region comes from, for messages ("common.region", "--region").
  [[nodiscard]] virtual std::string region_source() const = 0;
  // How to give the region when it is not known, for messages.
  [[nodiscard]] virtual std::string region_hint() const = 0;
  // A property name as the inputs spell it, for messages ("SubnetId" -> "subnet_id").
  [[nodiscard]] virtual std::string label(std::string_view cfn_name) const = 0;
  // Whether several threads may call the const members at once (a scope that evaluates lazily
  // into caches may not).
  [[nodiscard]] virtual bool concurrent_reads() const noexcept { return false; }

  [[nodiscard]] NodeRef property(const Resource& resource, std::string_view cfn_name) const {
    return property_member(resource, cfn_name).value;
  }
  [[nodiscard]] NodeRef field(const NodeRef& mapping, std::string_view cfn_name) const {
    return field_member(mapping, cfn_name).value;
  }

  // Convenience: property(...) then value(...).
  [[nodiscard]] Value get(const Resource& resource, std::string_view cfn_name) const {
    return value(property(resource, cfn_name));
  }
  [[nodiscard]] Value get_field(const NodeRef& mapping, std::string_view cfn_name) const {
    return value(field(mapping, cfn_name));
  }
};

}  // namespace ssmpf::model
