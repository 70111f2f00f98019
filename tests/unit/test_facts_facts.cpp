// SPDX-License-Identifier: Apache-2.0
#include "facts/facts.hpp"
#include "facts/reach.hpp"
#include "paramset/builtin.hpp"
#include "paramset/front_end.hpp"
#include "paramset/scope.hpp"
#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf;
using facts::Verdict;

namespace {

// A parameter set from one YAML text, with its scope and facts.
class World {
 public:
  explicit World(const std::string& name, const std::string& yaml, facts::Options options = {}) {
    const auto dir = test::scratch_dir("facts/" + name);
    test::write_text(dir / "set.yaml", yaml);
    static const paramset::KindTable kinds = paramset::builtin_kinds();
    static const schema::SchemaSet schemas = paramset::builtin_schemas();
    const std::vector<std::string> paths{(dir / "set.yaml").string()};
    const paramset::Discovery d = paramset::discover(paths, m_loader, m_diags);
    REQUIRE(d.sets.size() == 1);
    m_set = paramset::build(
        d.sets[0], paramset::FrontEndContext{m_sources, kinds, schemas, m_limits}, m_diags);
    m_scope = std::make_unique<paramset::ParameterSetScope>(m_set, std::nullopt);
    m_facts = facts::Facts::build(*m_scope, options);
  }
  [[nodiscard]] const facts::Facts& f() const { return m_facts; }
  [[nodiscard]] facts::Index index(const std::string& path) const {
    const auto i = m_set.find_resource(path);
    REQUIRE(i.has_value());
    return *i;
  }
  [[nodiscard]] const facts::Instance& instance(const std::string& path) const {
    const facts::Instance* i = m_facts.instance(index(path));
    REQUIRE(i != nullptr);
    return *i;
  }
  [[nodiscard]] const facts::Endpoint& endpoint(const std::string& path) const {
    const facts::Endpoint* e = m_facts.endpoint(index(path));
    REQUIRE(e != nullptr);
    return *e;
  }
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return m_diags.items(); }

 private:
  SourceManager m_sources;
  load::Limits m_limits;
  paramset::Loader m_loader{m_sources, m_limits};
  Diagnostics m_diags;
  model::ParameterSet m_set;
  std::unique_ptr<paramset::ParameterSetScope> m_scope;
  facts::Facts m_facts;
};

const std::string k_network = R"(common:
  region: ap-northeast-1
n:
  vpcs:
    vpc: {cidr_block: 10.0.0.0/16, enable_dns_hostnames: true}
  subnets:
    a: {vpc_id: "{{n.vpcs.vpc.vpc_id}}", cidr_block: 10.0.1.0/24, availability_zone: ap-northeast-1a}
    b: {vpc_id: "{{n.vpcs.vpc.vpc_id}}", cidr_block: 10.0.2.0/24, availability_zone: ap-northeast-1c}
)";

}  // namespace

TEST_CASE("CloudFormation defaults of VPCs and endpoints") {
  const World w("defaults", k_network + R"(  vpcendpoints:
    ssm: {vpc_id: "{{n.vpcs.vpc.vpc_id}}", service_name: com.amazonaws.ap-northeast-1.ssm}
)");
  const facts::Endpoint& e = w.endpoint("n.vpcendpoints.ssm");
  CHECK(e.type == facts::EndpointType::gateway);  // VpcEndpointType defaults to Gateway
  CHECK_FALSE(e.private_dns);                     // PrivateDnsEnabled defaults to false
  CHECK(e.service == "ssm");
  CHECK(e.name_region == "ap-northeast-1");
  CHECK(e.name_well_formed);
  REQUIRE(e.groups.size() == 1);
  CHECK(e.groups[0].kind == facts::GroupRef::Kind::default_group);  // the VPC's default group
  const facts::Vpc* vpc = w.f().vpc(w.index("n.vpcs.vpc"));
  REQUIRE(vpc != nullptr);
  CHECK(vpc->dns_support);    // EnableDnsSupport defaults to true
  CHECK(vpc->dns_hostnames);  // written
}

TEST_CASE("effective security group rules: inline, standalone, default, placeholder") {
  const World w("rules", k_network + R"(  securitygrps:
    open: {group_description: d, vpc_id: "{{n.vpcs.vpc.vpc_id}}"}
    closed:
      group_description: d
      security_group_egress:
        - {ip_protocol: icmp, from_port: 252, to_port: 86, cidr_ip: 255.255.255.255/32}
    only_standalone: {group_description: d}
  securitygrp_ingresses:
    extra: {group_id: "{{n.securitygrps.open.attr_group_id}}", ip_protocol: tcp, from_port: 443, to_port: 443, cidr_ip: 10.0.0.0/16}
  securitygrp_egresses:
    out: {group_id: "{{n.securitygrps.only_standalone.attr_group_id}}", ip_protocol: tcp, from_port: 80, to_port: 80, cidr_ip: 0.0.0.0/0}
)");
  const facts::SecurityGroup* open = w.f().group(w.index("n.securitygrps.open"));
  REQUIRE(open != nullptr);
  CHECK(open->default_egress());
  REQUIRE(open->ingress.size() == 1);
  CHECK(open->ingress[0].standalone.has_value());
  CHECK(open->ingress[0].carries_https());
  const facts::SecurityGroup* closed = w.f().group(w.index("n.securitygrps.closed"));
  REQUIRE(closed->egress.size() == 1);
  CHECK(closed->egress[0].placeholder);
  CHECK_FALSE(closed->egress[0].carries_https());
  CHECK_FALSE(closed->default_egress());
  const facts::SecurityGroup* standalone = w.f().group(w.index("n.securitygrps.only_standalone"));
  CHECK(standalone->standalone_egress);
  CHECK_FALSE(standalone->inline_egress);
  CHECK_FALSE(standalone->default_egress());
}

TEST_CASE("instances: groups from the primary interface, default group, AZ from the subnet") {
  const World w("instances", k_network + R"(  securitygrps:
    sg: {group_description: d}
  instances:
    nic:
      image_id: ami-1
      network_interfaces:
        - device_index: "0"
          subnet_id: "{{n.subnets.b.attr_subnet_id}}"
          group_set: ["{{n.securitygrps.sg.attr_group_id}}"]
          associate_public_ip_address: true
    bare: {image_id: ami-1, subnet_id: "{{n.subnets.a.attr_subnet_id}}"}
    outside: {image_id: ami-1, subnet_id: subnet-0123456789abcdef0}
)");
  const facts::Instance& nic = w.instance("n.instances.nic");
  CHECK(nic.subnet.resource == w.index("n.subnets.b"));
  CHECK(nic.vpc == w.index("n.vpcs.vpc"));
  CHECK(nic.az == "ap-northeast-1c");
  CHECK(nic.public_ip);
  REQUIRE(nic.groups.size() == 1);
  CHECK(nic.groups[0].group == w.index("n.securitygrps.sg"));
  const facts::Instance& bare = w.instance("n.instances.bare");
  REQUIRE(bare.groups.size() == 1);
  CHECK(bare.groups[0].kind == facts::GroupRef::Kind::default_group);
  CHECK_FALSE(bare.public_ip);
  const facts::Instance& outside = w.instance("n.instances.outside");
  CHECK_FALSE(outside.subnet.known());
  CHECK_FALSE(outside.vpc.has_value());
  CHECK(outside.subnet.why_unknown("subnet_id", "subnet") ==
        "subnet_id 'subnet-0123456789abcdef0' names no subnet in the inputs");
}

TEST_CASE("reachability: ingress by CIDR or group, egress, the internet path") {
  const World w("reach", k_network + R"(  securitygrps:
    instance_sg:
      group_description: d
      security_group_egress:
        - {ip_protocol: tcp, from_port: 443, to_port: 443, cidr_ip: 10.0.1.0/24}
    endpoint_sg:
      group_description: d
      security_group_ingress:
        - {ip_protocol: tcp, from_port: 442, to_port: 442, cidr_ip: 10.0.0.0/16}
        - {ip_protocol: tcp, from_port: 443, to_port: 443, source_security_group_id: "{{n.securitygrps.instance_sg.attr_group_id}}"}
  route_tables:
    rt: {vpc_id: "{{n.vpcs.vpc.vpc_id}}"}
  igws:
    igw: {}
  routes:
    default: {route_table_id: "{{n.route_tables.rt.attr_route_table_id}}", destination_cidr_block: 0.0.0.0/0, gateway_id: "{{n.igws.igw.attr_internet_gateway_id}}"}
  subnet-routes:
    b_rt: {subnet_id: "{{n.subnets.b.attr_subnet_id}}", route_table_id: "{{n.route_tables.rt.attr_route_table_id}}"}
  vpcendpoints:
    ssm:
      vpc_id: "{{n.vpcs.vpc.vpc_id}}"
      service_name: com.amazonaws.ap-northeast-1.ssm
      vpc_endpoint_type: Interface
      private_dns_enabled: true
      subnet_ids: ["{{n.subnets.a.attr_subnet_id}}", "{{n.subnets.b.attr_subnet_id}}"]
      security_group_ids: ["{{n.securitygrps.endpoint_sg.attr_group_id}}"]
  instances:
    vm: {image_id: ami-1, subnet_id: "{{n.subnets.b.attr_subnet_id}}", security_group_ids: ["{{n.securitygrps.instance_sg.attr_group_id}}"]}
    other: {image_id: ami-1, subnet_id: "{{n.subnets.a.attr_subnet_id}}"}
)");
  const facts::Instance& vm = w.instance("n.instances.vm");
  const facts::Endpoint& ssm = w.endpoint("n.vpcendpoints.ssm");
  const facts::IngressCheck in = facts::endpoint_admits(w.f(), vm, ssm);
  CHECK(in.verdict == Verdict::yes);  // by group reference
  REQUIRE(in.admitting != nullptr);
  CHECK(in.admitting->peer.kind == facts::Peer::Kind::group);
  const facts::IngressCheck other =
      facts::endpoint_admits(w.f(), w.instance("n.instances.other"), ssm);
  CHECK(other.verdict == Verdict::no);  // 442 from the VPC is a near miss
  CHECK(other.near_misses.size() == 2);
  // Egress covers the endpoint's subnet a but not b: partial.
  const facts::EgressCheck out = facts::instance_egress(w.f(), vm, &ssm);
  CHECK(out.verdict == Verdict::no);
  CHECK(out.partial);
  // The default group lets everything out.
  CHECK(facts::instance_egress(w.f(), w.instance("n.instances.other"), &ssm).verdict ==
        Verdict::yes);
  // b routes 0.0.0.0/0 to an internet gateway, but vm has no public address.
  const facts::InternetPath path = facts::internet_path(w.f(), vm);
  CHECK(path.verdict == Verdict::no);
  CHECK(path.description.find("no public IPv4") != std::string::npos);
  // a has no route table of its own: the main route table has no internet route.
  CHECK(facts::internet_path(w.f(), w.instance("n.instances.other")).verdict == Verdict::no);
}

TEST_CASE("roles: managed policies, inline policies and policy resources") {
  const World w("roles", k_network + R"(  roles:
    core: {assume_role_policy_document: {}, managed_policy_arns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]}
    custom: {assume_role_policy_document: {}, managed_policy_arns: ["arn:aws:iam::123456789012:policy/Mine"]}
    inline:
      assume_role_policy_document: {}
      policies:
        - policy_name: p
          policy_document: {Statement: [{Effect: Allow, Action: "ssm*:*", Resource: "*"}]}
  policies:
    attached:
      policy_name: attached
      roles: ["{{n.roles.custom.ref}}"]
      policy_document: {Statement: [{Effect: Deny, Action: "ssmmessages:*", Resource: "*"}]}
)");
  const facts::Role* core = w.f().role(w.index("n.roles.core"));
  REQUIRE(core != nullptr);
  CHECK(core->complete);
  CHECK(facts::evaluate(core->statements, core->complete, "ssmmessages:OpenDataChannel").grant ==
        facts::Grant::allowed);
  const facts::Role* custom = w.f().role(w.index("n.roles.custom"));
  CHECK_FALSE(custom->complete);
  REQUIRE(custom->unknown_policies.size() == 1);
  CHECK(
      facts::evaluate(custom->statements, custom->complete, "ssmmessages:OpenDataChannel").grant ==
      facts::Grant::denied);  // the attached policy's explicit Deny
  CHECK(facts::evaluate(custom->statements, custom->complete, "ssm:UpdateInstanceInformation")
            .grant == facts::Grant::unknown);
  const facts::Role* in = w.f().role(w.index("n.roles.inline"));
  CHECK(facts::evaluate(in->statements, in->complete, "ssmmessages:CreateDataChannel").grant ==
        facts::Grant::allowed);
}
