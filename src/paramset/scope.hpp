// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "model/parameter_set.hpp"
#include "model/scope.hpp"

namespace ssmpf::paramset {

// The Python name that a CDK L1 construct gives a CloudFormation property: jsii's snake_case
// ("SecurityGroupIngress" -> "security_group_ingress", "SSMAssociations" ->
// "ssm_associations"), with Python keywords escaped ("From" -> "from_").
[[nodiscard]] std::string python_name(std::string_view cfn_name);

// A parameter set seen as a deployment scope.
class ParameterSetScope final : public model::Scope {
 public:
  // `region_override` (--region) wins over common.region.
  // `region_override` replaces common.region; `region_fallback` applies when common.region is
  // not set (the configuration's assume.region).
  ParameterSetScope(const model::ParameterSet& set, std::optional<std::string> region_override,
                    std::optional<std::string> region_fallback = std::nullopt);

  [[nodiscard]] std::span<const model::Resource> resources() const override {
    return m_set.resources();
  }
  [[nodiscard]] model::Member property_member(const model::Resource& resource,
                                              std::string_view cfn_name) const override;
  [[nodiscard]] model::Member field_member(const model::NodeRef& mapping,
                                           std::string_view cfn_name) const override;
  [[nodiscard]] model::Value value(const model::NodeRef& node) const override;
  [[nodiscard]] std::optional<std::string> region() const override;
  [[nodiscard]] std::string region_source() const override;
  [[nodiscard]] std::string region_hint() const override { return "set common.region or --region"; }
  [[nodiscard]] std::string label(std::string_view cfn_name) const override {
    return python_name(cfn_name);
  }
  // Reads only the frozen parameter set (the property-name cache is per thread).
  [[nodiscard]] bool concurrent_reads() const noexcept override { return true; }

 private:
  const model::ParameterSet& m_set;
  std::optional<std::string> m_region_override;
  std::string m_region_source;
};

}  // namespace ssmpf::paramset
