// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/source.hpp"
#include "base/text.hpp"
#include "model/node.hpp"
#include "model/node_table.hpp"

namespace ssmpf::model {

// One resource of a deployment scope: a parameter set's module.group.name -> properties, or a
// template's logical id -> Properties.
struct Resource {
  std::string path;    // "PWorkSSMEndpoint.securitygrps.pwork_endpoint_sg", "Stack/LogicalId"
  std::string module;  // parameter set: the module; template: the stack
  std::string group;
  std::string name;            // the resource name or logical id
  std::string type;            // CloudFormation type; empty when the group maps to no kind (PS005)
  NodeRef key;                 // the resource name (where "add a property" findings point)
  NodeRef body;                // the mapping of properties
  std::string construct_path;  // Metadata aws:cdk:path, when a CDK app wrote the template
  std::string condition;       // a template condition the linter cannot decide, if any
};

// A `{{module.group.name.attr}}` left in a string because the attribute exists only once the
// resource is created: an edge of the resource graph.
struct RuntimeReference {
  std::uint32_t resource = 0;  // index into ParameterSet::resources()
  std::string attribute;       // "attr_group_id", "ref", ...
  std::uint32_t offset = 0;    // where `{{...}}` sits in ResolvedString::text
  std::uint32_t length = 0;
};

// A string after the consumer's textual substitution.
struct ResolvedString {
  std::string text;                       // runtime references stay as `{{...}}`
  std::vector<RuntimeReference> runtime;  // in text order
  bool broken = false;                    // a reference failed (PS001/PS002/PS003/LD005)
  std::vector<NodeRef> sources;           // the string values that were substituted in

  // Known text: nothing left to resolve at deploy time.
  [[nodiscard]] bool known() const noexcept { return !broken && runtime.empty(); }
  // The whole string is one runtime reference ("{{x.securitygrps.sg.attr_group_id}}").
  [[nodiscard]] const RuntimeReference* sole_reference() const noexcept {
    return !broken && runtime.size() == 1 && runtime[0].offset == 0 &&
                   runtime[0].length == text.size()
               ? runtime.data()
               : nullptr;
  }
};

// A merged, resolved parameter set: what the CDK app will see.
class ParameterSet {
 public:
  std::string label;                  // manifest or folder, for messages
  std::vector<FileId> files;          // in merge order
  NodeRef common;                     // the merged `common` module, if any
  std::optional<std::string> region;  // common.region when it is a known string

  [[nodiscard]] const std::vector<Resource>& resources() const noexcept { return m_resources; }
  [[nodiscard]] std::optional<std::uint32_t> find_resource(std::string_view path) const;

  // The substituted value of a string node that holds references; nullptr for any other node.
  [[nodiscard]] const ResolvedString* resolved(const NodeRef& node) const;
  // The text a string node will have at deploy time, when known.
  [[nodiscard]] std::optional<std::string> known_string(const NodeRef& node) const;

  // Building (front end only).
  std::uint32_t add_resource(Resource resource);
  const ResolvedString& set_resolved(const NodeRef& node, ResolvedString value);

 private:
  std::vector<Resource> m_resources;
  StringMap<std::uint32_t> m_by_path;
  NodeTable<ResolvedString> m_resolved;
};

}  // namespace ssmpf::model
