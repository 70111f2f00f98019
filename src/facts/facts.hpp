// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/cidr.hpp"
#include "facts/iam.hpp"
#include "facts/network.hpp"
#include "model/scope.hpp"

namespace ssmpf::facts {

// Index of a resource in Scope::resources().
using Index = std::uint32_t;

struct Options {
  AgentVersion agent_version = k_ssmmessages_agent;  // the oldest agent assumed
  bool assume_dhmc = false;                          // Default Host Management Configuration is on
  std::vector<std::string> exclude;                  // resources not analysed (see is_excluded)
  unsigned jobs = 1;  // threads for the per-instance facts (0: one per core), when the scope
                      // may be read concurrently
};

// Whether an `exclude` entry names `resource`: its parameter-set path (module.group.name), its
// template logical id or Stack/LogicalId, or its CDK construct path or an ancestor of that path.
[[nodiscard]] bool is_excluded(const model::Resource& resource,
                               const std::vector<std::string>& exclude);

// A value the inputs do not determine: where it is written and why it is not known.
struct Unknown {
  SourceRange at;
  std::string what;  // "subnet_id 'subnet-0abc' names no subnet in the inputs"
};

// A reference to another resource, resolved as far as the inputs allow.
struct Link {
  std::optional<Index> resource;  // the resource named, when it is in the inputs
  model::Value value;             // what is written
  std::string attribute;          // the attribute referred to ("Ref", "Arn", ...)
  [[nodiscard]] bool known() const noexcept { return resource.has_value(); }
  // Why it does not resolve (for SSM099), when it does not.
  [[nodiscard]] std::string why_unknown(std::string_view property, std::string_view kind) const;
};

// The other side of a security group rule.
struct Peer {
  enum class Kind : std::uint8_t { cidr, group, default_group, prefix_list, none, unknown };
  Kind kind = Kind::none;
  std::optional<Cidr> cidr;
  Index group = 0;     // group: the AWS::EC2::SecurityGroup resource
  std::string text;    // as written, for messages
  std::string reason;  // unknown / prefix_list: why it is not known
};

// One security group rule, inline or standalone.
struct SgRule {
  bool egress = false;
  std::optional<Protocol> protocol;  // nullopt: unreadable
  PortRange ports;
  Peer peer;
  model::NodeRef node;              // the rule mapping, or the standalone resource's key
  std::optional<Index> standalone;  // the SecurityGroupIngress/Egress resource
  bool placeholder = false;         // CDK's deny-all rule (255.255.255.255/32, icmp 252-86)

  [[nodiscard]] bool carries_https() const noexcept;
  // "tcp 443 from 10.0.2.0/24"
  [[nodiscard]] std::string describe() const;
};

struct SecurityGroup {
  Index resource = 0;
  Link vpc;
  std::vector<SgRule> ingress;
  std::vector<SgRule> egress;
  bool inline_egress = false;      // SecurityGroupEgress is written on the group
  bool standalone_egress = false;  // an AWS::EC2::SecurityGroupEgress targets the group
  model::Member ingress_property;
  model::Member egress_property;
  // No egress declared anywhere: CloudFormation's default allow-all applies.
  [[nodiscard]] bool default_egress() const noexcept {
    return !inline_egress && !standalone_egress;
  }
};

// A security group carried by an instance or an endpoint.
struct GroupRef {
  enum class Kind : std::uint8_t { group, default_group, unknown };
  Kind kind = Kind::unknown;
  Index group = 0;           // group: the SecurityGroup resource
  std::optional<Index> vpc;  // default_group: the VPC whose default group it is
  model::Value value;        // what is written (absent for an implied default group)
  std::string reason;        // unknown: why
  friend bool same(const GroupRef& a, const GroupRef& b) noexcept {
    if (a.kind != b.kind) {
      return false;
    }
    if (a.kind == Kind::group) {
      return a.group == b.group;
    }
    return a.kind == Kind::default_group && a.vpc && a.vpc == b.vpc;
  }
};

struct Vpc {
  Index resource = 0;
  std::optional<Cidr> cidr;
  model::Member cidr_property;
  bool dns_support = true;     // CloudFormation default: true
  bool dns_hostnames = false;  // CloudFormation default: false
  bool dns_support_known = true;
  bool dns_hostnames_known = true;
  model::Member dns_support_property;
  model::Member dns_hostnames_property;
};

struct Subnet {
  Index resource = 0;
  Link vpc;
  std::optional<Cidr> cidr;
  model::Member cidr_property;
  std::optional<std::string> az;
  model::Member az_property;
  bool map_public_ip = false;
  std::optional<Index> route_table;            // from a SubnetRouteTableAssociation in the inputs
  std::optional<Index> association;            // that association
  std::optional<Unknown> route_table_unknown;  // associated with a table not in the inputs
  std::optional<std::string> az_id;            // AvailabilityZoneId (apne1-az1)
  model::Member az_id_property;
};

struct Route {
  Index resource = 0;
  std::optional<Cidr> destination;
  enum class Target : std::uint8_t { internet_gateway, nat_gateway, other, unknown };
  Target target = Target::unknown;
  std::optional<Index> target_resource;
  std::string target_text;  // for messages
};

struct RouteTable {
  Index resource = 0;
  std::vector<Route> routes;
};

enum class EndpointType : std::uint8_t { interface, gateway, other, unknown };

struct Endpoint {
  Index resource = 0;
  Link vpc;
  model::Member service_property;
  std::optional<std::string> service_name;    // the full name, when known
  std::string service;                        // "ssm", "ssmmessages"...: the last part
  std::optional<std::string> name_region;     // the region written in the name
  std::string name_prefix;                    // "com.amazonaws", "cn.com.amazonaws", ...
  bool name_well_formed = false;              // <prefix>.<region>.<service>
  EndpointType type = EndpointType::gateway;  // CloudFormation default: Gateway
  model::Member type_property;
  bool private_dns = false;  // CloudFormation default: false
  bool private_dns_known = true;
  model::Member private_dns_property;
  std::vector<Link> subnets;
  model::Member subnets_property;
  std::vector<GroupRef> groups;  // the VPC's default group when none is written
  bool groups_written = false;
  model::Member groups_property;
  model::NodeRef policy;
};

struct InstanceProfile {
  Index resource = 0;
  std::vector<Link> roles;
  model::Member roles_property;
};

struct Role {
  Index resource = 0;
  model::Member trust_property;             // AssumeRolePolicyDocument
  model::Member managed_policies_property;  // ManagedPolicyArns
  std::vector<Statement> statements;        // from every policy that applies
  bool complete = true;                     // every policy behind the role is known in full
  std::vector<Unknown> unknown_policies;    // policies that cannot be evaluated
  // Managed policy ARNs that name a deprecated AWS policy (node, policy).
  std::vector<std::pair<model::NodeRef, const ManagedPolicy*>> deprecated;
  bool permissions_boundary = false;
};

struct Instance {
  Index resource = 0;
  Link subnet;
  model::NodeRef subnet_node;  // where the subnet is written (top level or primary interface)
  std::optional<Index> vpc;
  std::optional<std::string> az;
  std::vector<GroupRef> groups;  // the VPC's default group when none is written
  bool groups_written = false;
  model::NodeRef groups_node;
  bool public_ip = false;  // a public IPv4 address (interface, subnet or EIP)
  Link profile;
  bool profile_written = false;
  bool profile_from_template = false;  // from its launch template (Name or Arn, both valid)
  model::Member profile_property;
  std::optional<Unknown> template_unknown;  // a launch template that is not in the inputs
  model::NodeRef metadata_options;
};

// Everything the rules read, computed once per scope.
class Facts {
 public:
  [[nodiscard]] static Facts build(const model::Scope& scope, const Options& options);

  const model::Scope* scope = nullptr;
  Options options;
  std::vector<Vpc> vpcs;
  std::vector<Subnet> subnets;
  std::vector<RouteTable> route_tables;
  std::vector<SecurityGroup> groups;
  std::vector<Endpoint> endpoints;
  std::vector<Instance> instances;
  std::vector<InstanceProfile> profiles;
  std::vector<Role> roles;

  [[nodiscard]] const Vpc* vpc(std::optional<Index> resource) const noexcept;
  [[nodiscard]] const Subnet* subnet(std::optional<Index> resource) const noexcept;
  [[nodiscard]] const RouteTable* route_table(std::optional<Index> resource) const noexcept;
  [[nodiscard]] const SecurityGroup* group(Index resource) const noexcept;
  [[nodiscard]] const InstanceProfile* profile(std::optional<Index> resource) const noexcept;
  [[nodiscard]] const Role* role(std::optional<Index> resource) const noexcept;
  [[nodiscard]] const Endpoint* endpoint(Index resource) const noexcept;
  [[nodiscard]] const Instance* instance(Index resource) const noexcept;
  // The endpoints of a service in a VPC, in document order (indexed once).
  [[nodiscard]] const std::vector<const Endpoint*>& endpoints_in(Index vpc,
                                                                 std::string_view service) const;

  [[nodiscard]] const model::Resource& resource(Index index) const;
  // The resource's name key: where "add something" findings point.
  [[nodiscard]] SourceRange key_range(Index index) const;
  // "'pwork_endpoint_sg'" style name for messages.
  [[nodiscard]] std::string name(Index index) const;
  // A property as the inputs spell it ("SubnetId" -> "subnet_id" in parameter sets).
  [[nodiscard]] std::string label(std::string_view cfn_name) const {
    return scope->label(cfn_name);
  }

  // The agent endpoint services: ssm and ssmmessages, and ec2messages for agents older than
  // 3.3.40.0.
  [[nodiscard]] const std::vector<std::string>& agent_services() const;
  [[nodiscard]] bool old_agent() const noexcept {
    return options.agent_version < k_ssmmessages_agent;
  }

 private:
  std::vector<std::int32_t> m_position;  // resource index -> position in its kind's vector
  // VPC -> (service, its endpoints in document order); a VPC has few services.
  std::unordered_map<Index, std::vector<std::pair<std::string, std::vector<const Endpoint*>>>>
      m_by_service;
};

// The SSM-family services whose endpoints must be interface endpoints.
[[nodiscard]] bool is_ssm_family(std::string_view service) noexcept;

}  // namespace ssmpf::facts
