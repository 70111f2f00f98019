// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the Session Manager rules.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "facts/facts.hpp"
#include "facts/reach.hpp"
#include "fix/edits.hpp"
#include "rules/rule.hpp"

namespace ssmpf::rules::ssm {

using facts::Index;

// "'a'", "'a' and 'b'", "'a', 'b' and 3 more".
[[nodiscard]] std::string names(const facts::Facts& facts, const std::vector<Index>& resources,
                                std::size_t shown = 3);

// The full service name an endpoint needs: com.amazonaws.<region>.<service>.
[[nodiscard]] std::string service_name(const facts::Facts& facts, std::string_view service,
                                       Index at);

// Related locations for an instance: the instance and its subnet's CIDR block.
void add_instance(const facts::Facts& facts, const facts::Instance& instance,
                  std::vector<Related>& related);

// The range of a property (its key) or, when not written, of the resource's name.
[[nodiscard]] SourceRange key_or_resource(const facts::Facts& facts, const model::Member& property,
                                          Index resource);
// The range of a property's value or, when not written, of the resource's name.
[[nodiscard]] SourceRange value_or_resource(const facts::Facts& facts,
                                            const model::Member& property, Index resource);

// The path of a session, step by step: instance -> its subnet -> its egress -> the endpoint ->
// the endpoint's ingress (as far as the checks given know it). Callers add the failing step.
[[nodiscard]] std::vector<FlowStep> session_flow(const facts::Facts& facts,
                                                 const facts::Instance& instance,
                                                 const facts::Endpoint* endpoint,
                                                 const facts::EgressCheck* egress,
                                                 const facts::IngressCheck* ingress);

// Where the instance's traffic for `service` goes: its VPC's interface endpoints for it, or,
// with none but an internet path, the internet (a null entry). Empty when there is no path
// (SSM001's finding). `internet` caches the instance's internet path across services.
[[nodiscard]] std::vector<const facts::Endpoint*> session_targets(
    const facts::Facts& facts, const facts::Instance& instance, std::string_view service,
    std::optional<facts::InternetPath>& internet);

// Why a value that should be a literal is not known ("'{{x.attr}}' is ..." or its reason).
[[nodiscard]] std::string why_not_known(const model::Value& value);

// Reports the unknowns behind an "unknown" verdict as SSM099.
void report_unknowns(Sink& sink, const std::vector<facts::Unknown>& unknowns,
                     const std::string& prerequisite);

// Fixes. Rules attach one only when the inputs determine the edit exactly.

// The editor of the file that holds `node`, when the file's text is at hand.
[[nodiscard]] std::optional<fix::Editor> editor_for(const Context& ctx, const model::NodeRef& node);
// Whether the scope reads CloudFormation templates (PascalCase properties) rather than a
// parameter set.
[[nodiscard]] bool is_template(const Context& ctx);
// A fix made of `edit`, or none without one.
[[nodiscard]] std::vector<Fix> fix_of(std::string description, std::optional<TextEdit> edit);
// Turns a boolean property on: the literal false written there becomes true, or the property,
// when it is not written, is added to the resource's properties. Nothing when the value is not
// a literal (a reference, a parameter, an Fn::If...).
[[nodiscard]] std::optional<TextEdit> set_true(const Context& ctx, Index resource,
                                               const model::Member& property,
                                               std::string_view cfn_name);
// Adds `values` to a list property: items appended in the list's style, or the property added
// with them when it is not written. Nothing when the property is not a literal list.
[[nodiscard]] std::optional<TextEdit> add_to_list(const Context& ctx, Index resource,
                                                  const model::Member& property,
                                                  std::string_view cfn_name,
                                                  const std::vector<fix::Value>& values);
// Whether `a` and `b` are written in one document (a template can refer only to its own
// resources with Ref and Fn::GetAtt).
[[nodiscard]] bool same_document(const facts::Facts& facts, Index a, Index b);
// `Fn::GetAtt [LogicalId, Attribute]` in the style of the template that will hold it.
[[nodiscard]] fix::Value get_att(const fix::Style& style, std::string_view logical_id,
                                 std::string_view attribute);

// How a property of a rule in `holder` names the CIDR block of `owner` (a VPC or subnet) exactly:
// Fn::GetAtt [Owner, CidrBlock] when both are in one template, the block itself when the
// owner's block is written as a literal elsewhere; in a parameter set a reference to the owner's
// cidr_block (`{{pwork.vpcs.pworkvpc.cidr_block}}`), or the block itself when that path cannot
// be written. Nothing when the block cannot be named exactly.
[[nodiscard]] std::optional<fix::Value> cidr_value(const Context& ctx, const fix::Style& style,
                                                   Index holder, Index owner,
                                                   const model::Member& cidr_property,
                                                   const Cidr& cidr);
// How a property of `holder` names the id of security group `group`: Fn::GetAtt [Group, GroupId]
// in one template; in a parameter set the group's runtime attribute
// (`{{PWorkSSMEndpoint.securitygrps.pwork_endpoint_sg.attr_group_id}}`). Nothing across
// templates or when the path cannot be written.
[[nodiscard]] std::optional<fix::Value> group_id_value(const Context& ctx, const fix::Style& style,
                                                       Index holder, Index group);

// Collects findings that share a cause (a security group, a role...) so one diagnostic names
// every instance behind it. Keys keep first-seen order.
template <typename Key, typename Value>
class Grouped {
 public:
  Value& at(const Key& key) {
    auto [it, inserted] = m_index.try_emplace(key, m_items.size());
    if (inserted) {
      m_items.emplace_back(key, Value{});
    }
    return m_items[it->second].second;
  }
  [[nodiscard]] const std::vector<std::pair<Key, Value>>& items() const noexcept { return m_items; }
  // The items, moved out; the group is empty afterwards.
  [[nodiscard]] std::vector<std::pair<Key, Value>> take() noexcept {
    m_index.clear();
    return std::exchange(m_items, {});
  }

 private:
  std::map<Key, std::size_t> m_index;
  std::vector<std::pair<Key, Value>> m_items;
};

template <typename T>
void add_unique(std::vector<T>& list, const T& value) {
  for (const T& v : list) {
    if (v == value) {
      return;
    }
  }
  list.push_back(value);
}

// A list in insertion order that holds each value once, for the instances (and endpoints,
// subnets, VPCs) behind one finding: past a few items, membership is a hash lookup, so a cause
// shared by 100,000 instances costs no quadratic scan. Add only through add_unique.
template <typename T>
class UniqueList : public std::vector<T> {
 public:
  void add(const T& value) {
    if (m_seen.empty()) {
      if (std::find(this->begin(), this->end(), value) != this->end()) {
        return;
      }
      this->push_back(value);
      if (this->size() > k_scanned) {
        m_seen.insert(this->begin(), this->end());
      }
      return;
    }
    if (m_seen.insert(value).second) {
      this->push_back(value);
    }
  }

 private:
  static constexpr std::size_t k_scanned = 16;
  std::unordered_set<T> m_seen;
};

template <typename T>
void add_unique(UniqueList<T>& list, const T& value) {
  list.add(value);
}

}  // namespace ssmpf::rules::ssm
