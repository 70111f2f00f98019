// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "model/node.hpp"
#include "model/scope.hpp"

namespace ssmpf::cfn {

// One template of a deployment scope.
struct StackInput {
  std::string name;  // the stack (artifact) name, or the file's stem
  const model::Document* document = nullptr;
  std::optional<std::string> region;  // from the assembly's environment
  std::optional<std::string> account;
  // A nested stack: the stack and the logical id of the AWS::CloudFormation::Stack resource that
  // creates it. Its parameters are what that resource passes; the parent's Fn::GetAtt
  // Resource.Outputs.Name reads its outputs.
  bool nested = false;
  std::string parent;
  std::string parent_resource;
};

// Templates that reference each other (a stack, or every stack of a cloud assembly), seen as a
// deployment scope. Intrinsic functions are evaluated as far as the templates determine them:
// Ref and Fn::GetAtt to resources become graph edges (or the property they name, for
// CidrBlock-like attributes), parameters give their defaults (or --parameter values), pseudo
// parameters come from the environment and stay symbolic (`${AWS::Region}`) when it is not
// known, Fn::Join / Fn::Sub / Fn::Select / Fn::Split / Fn::If / Fn::FindInMap / Fn::Base64 fold
// known values, Fn::ImportValue follows the exports of the other templates; everything else is
// unknown with a reason.
class TemplateScope final : public model::Scope {
 public:
  // Reads the templates and reports their structural problems (LD004, CF001-CF003) into `out`,
  // which must outlive the scope: values whose evaluation exceeds its budget are LD005 there.
  // `region_fallback` is the region of stacks without an environment (the configuration's
  // assume.region); `region_override` (--region) replaces every stack's.
  TemplateScope(std::vector<StackInput> stacks, std::optional<std::string> region_override,
                std::map<std::string, std::string> parameter_values, Diagnostics& out,
                std::optional<std::string> region_fallback = std::nullopt);

  [[nodiscard]] std::span<const model::Resource> resources() const override { return m_resources; }
  [[nodiscard]] model::Member property_member(const model::Resource& resource,
                                              std::string_view cfn_name) const override;
  [[nodiscard]] model::Member field_member(const model::NodeRef& mapping,
                                           std::string_view cfn_name) const override;
  [[nodiscard]] model::Value value(const model::NodeRef& node) const override;
  [[nodiscard]] std::optional<std::string> region() const override;
  [[nodiscard]] std::optional<std::string> region_of(
      const model::Resource& resource) const override;
  [[nodiscard]] std::string region_source() const override;
  [[nodiscard]] std::string region_hint() const override {
    return "give the stack an environment with a region, or pass --region";
  }
  [[nodiscard]] std::string label(std::string_view cfn_name) const override {
    return std::string(cfn_name);
  }

 private:
  struct Stack {
    StackInput input;
    model::NodeRef root;
    model::NodeRef resources;
    model::NodeRef parameters;
    model::NodeRef conditions;
    model::NodeRef mappings;
    model::NodeRef outputs;
    std::map<std::string, std::uint32_t, std::less<>> by_logical_id;  // -> resource index
    std::set<std::string_view> logical_ids;  // every key of Resources, analysed or not
    std::optional<std::size_t> parent;       // nested: the parent stack
    model::NodeRef passed;                   // nested: the Parameters its parent passes
  };
  struct Export {
    std::size_t stack = 0;
    model::NodeRef value;
  };

  [[nodiscard]] const Stack* stack_of(const model::NodeRef& node) const;
  [[nodiscard]] model::Value eval(const model::NodeRef& node, const Stack& stack, bool skip_tag,
                                  int depth) const;
  [[nodiscard]] model::Value intrinsic(std::string_view function, const model::NodeRef& argument,
                                       const model::NodeRef& site, const Stack& stack,
                                       int depth) const;
  [[nodiscard]] model::Value ref(std::string_view name, const model::NodeRef& site,
                                 const Stack& stack, int depth) const;
  [[nodiscard]] model::Value get_att(std::string_view logical_id, std::string_view attribute,
                                     const model::NodeRef& site, const Stack& stack,
                                     int depth) const;
  [[nodiscard]] model::Value sub(const model::NodeRef& argument, const model::NodeRef& site,
                                 const Stack& stack, int depth) const;
  [[nodiscard]] std::optional<bool> condition(const Stack& stack, std::string_view name,
                                              int depth) const;
  [[nodiscard]] std::optional<bool> condition_value(const model::NodeRef& node, const Stack& stack,
                                                    int depth) const;
  [[nodiscard]] std::optional<std::string> pseudo(std::string_view name, const Stack& stack) const;

  void start_work() const;
  void finish_work(const model::NodeRef& site) const;
  void report_condition_cycles(const Stack& stack, Diagnostics& out) const;
  void link_nested_stacks();
  [[nodiscard]] const Stack* nested_stack(const Stack& parent, std::string_view logical_id) const;
  void read_stack(std::size_t index, Diagnostics& out);
  void validate(const Stack& stack, Diagnostics& out) const;
  void validate_node(const model::NodeRef& node, const Stack& stack, Diagnostics& out,
                     int depth) const;

  std::vector<Stack> m_stacks;
  std::vector<model::Resource> m_resources;
  std::map<const model::Document*, std::size_t> m_stack_of_document;
  std::map<std::string, Export, std::less<>> m_exports;
  std::optional<std::string> m_region_override;
  std::optional<std::string> m_region_fallback;
  std::map<std::string, std::string> m_parameter_values;
  // Evaluation is bounded (values whose evaluation exceeds the budget are unknown, LD005): the
  // work of the current value() call, the nodes known to exceed it, and the findings' sink.
  struct Work {
    std::size_t steps = 0;
    std::size_t bytes = 0;
    [[nodiscard]] bool exhausted() const noexcept;
  };
  mutable Work m_work;
  mutable std::set<std::pair<const model::Document*, std::uint32_t>> m_too_costly;
  mutable std::map<std::pair<const Stack*, std::string>, std::optional<bool>, std::less<>>
      m_conditions;  // decided conditions (undecided while being decided: a cycle)
  Diagnostics* m_out = nullptr;
};

// Whether a node is an intrinsic function call (long form or short tag), and which.
struct Intrinsic {
  std::string function;     // "Ref", "Fn::GetAtt", "Fn::Sub", "Condition"...
  model::NodeRef argument;  // the argument node (for a short tag, the tagged node itself)
  bool short_form = false;
};
[[nodiscard]] std::optional<Intrinsic> as_intrinsic(const model::NodeRef& node);

}  // namespace ssmpf::cfn
