// SPDX-License-Identifier: Apache-2.0
#include "facts/facts.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "base/assert.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"

namespace ssmpf::facts {

namespace {

using model::Member;
using model::NodeRef;
using model::Value;
using Kind = model::Value::Kind;

constexpr std::string_view k_vpc = "AWS::EC2::VPC";
constexpr std::string_view k_subnet = "AWS::EC2::Subnet";
constexpr std::string_view k_route_table = "AWS::EC2::RouteTable";
constexpr std::string_view k_route = "AWS::EC2::Route";
constexpr std::string_view k_association = "AWS::EC2::SubnetRouteTableAssociation";
constexpr std::string_view k_igw = "AWS::EC2::InternetGateway";
constexpr std::string_view k_nat = "AWS::EC2::NatGateway";
constexpr std::string_view k_eip = "AWS::EC2::EIP";
constexpr std::string_view k_sg = "AWS::EC2::SecurityGroup";
constexpr std::string_view k_sg_ingress = "AWS::EC2::SecurityGroupIngress";
constexpr std::string_view k_sg_egress = "AWS::EC2::SecurityGroupEgress";
constexpr std::string_view k_endpoint = "AWS::EC2::VPCEndpoint";
constexpr std::string_view k_instance = "AWS::EC2::Instance";
constexpr std::string_view k_launch_template = "AWS::EC2::LaunchTemplate";
constexpr std::string_view k_profile = "AWS::IAM::InstanceProfile";
constexpr std::string_view k_role = "AWS::IAM::Role";
constexpr std::string_view k_policy = "AWS::IAM::Policy";
constexpr std::string_view k_managed_policy = "AWS::IAM::ManagedPolicy";

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

class Builder {
 public:
  Builder(const model::Scope& scope, const Options& options, Facts& facts)
      : m_scope(scope), m_facts(facts) {
    m_facts.scope = &scope;
    m_facts.options = options;
  }

  void run() {
    const auto resources = m_scope.resources();
    m_position.assign(resources.size(), -1);
    classify(resources);
    // Order matters: later kinds look up earlier ones.
    for (Index i = 0; i < resources.size(); ++i) {
      switch (m_kind[i]) {
        case ResourceKind::vpc:
          add_vpc(i);
          break;
        case ResourceKind::route_table:
          add_route_table(i);
          break;
        case ResourceKind::group:
          add(m_facts.groups, i);
          break;
        case ResourceKind::role:
          add_role(i);
          break;
        default:
          break;
      }
    }
    // Security groups and instances are the bulk of a large set, and each is read on its own:
    // each fills its own slot, on all cores when the scope may be read from several threads.
    // Making room for the instances (which depends on nothing) is one more item beside the
    // groups: on a large set, it is mostly the first touch of fresh memory.
    (void)names();  // built before, not during, the concurrent parts
    const unsigned jobs = m_scope.concurrent_reads() ? m_facts.options.jobs : 1;
    parallel_for(m_facts.groups.size() + 1, jobs, [&](std::size_t n) {
      if (n == 0) {
        for (Index i = 0; i < resources.size(); ++i) {
          if (m_kind[i] == ResourceKind::instance &&
              !is_excluded(resources[i], m_facts.options.exclude)) {
            add(m_facts.instances, i);
          }
        }
      } else {
        fill_group(m_facts.groups[n - 1]);
      }
    });
    for (Index i = 0; i < resources.size(); ++i) {
      switch (m_kind[i]) {
        case ResourceKind::subnet:
          add_subnet(i);
          break;
        case ResourceKind::route:
          add_route(i);
          break;
        case ResourceKind::group_ingress:
        case ResourceKind::group_egress:
          add_standalone_rule(i, m_kind[i] == ResourceKind::group_egress);
          break;
        case ResourceKind::profile:
          add_profile(i);
          break;
        case ResourceKind::policy:
          attach_policy_resource(i);
          break;
        default:
          break;
      }
    }
    for (Index i = 0; i < resources.size(); ++i) {
      if (m_kind[i] == ResourceKind::association) {
        add_association(i);
      }
    }
    for (Index i = 0; i < resources.size(); ++i) {
      if (m_kind[i] == ResourceKind::endpoint) {
        add_endpoint(i);
      }
    }
    parallel_for(m_facts.instances.size(), jobs,
                 [this](std::size_t n) { fill_instance(m_facts.instances[n]); });
    for (Index i = 0; i < resources.size(); ++i) {
      if (m_kind[i] == ResourceKind::eip) {
        attach_eip(i);
      }
    }
  }

  [[nodiscard]] std::vector<std::int32_t> take_positions() { return std::move(m_position); }

 private:
  // The kinds of resource the facts read, so that each pass over a large set reads one byte
  // per resource instead of comparing its type name.
  enum class ResourceKind : std::uint8_t {
    vpc,
    subnet,
    route_table,
    group,
    endpoint,
    instance,
    profile,
    role,
    route,
    association,
    group_ingress,
    group_egress,
    policy,
    eip,
    other
  };

  // Classifies every resource, and makes room for every resource of each kind at once: a large
  // set's facts are not moved around as the vectors grow.
  void classify(std::span<const model::Resource> resources) {
    static constexpr std::array<std::pair<std::string_view, ResourceKind>, 15> k_kinds = {{
        {k_vpc, ResourceKind::vpc},
        {k_subnet, ResourceKind::subnet},
        {k_route_table, ResourceKind::route_table},
        {k_sg, ResourceKind::group},
        {k_endpoint, ResourceKind::endpoint},
        {k_instance, ResourceKind::instance},
        {k_profile, ResourceKind::profile},
        {k_role, ResourceKind::role},
        {k_route, ResourceKind::route},
        {k_association, ResourceKind::association},
        {k_sg_ingress, ResourceKind::group_ingress},
        {k_sg_egress, ResourceKind::group_egress},
        {k_policy, ResourceKind::policy},
        {k_managed_policy, ResourceKind::policy},
        {k_eip, ResourceKind::eip},
    }};
    std::array<std::size_t, static_cast<std::size_t>(ResourceKind::other) + 1> counts{};
    m_kind.assign(resources.size(), ResourceKind::other);
    for (std::size_t i = 0; i < resources.size(); ++i) {
      for (const auto& [type, kind] : k_kinds) {
        if (resources[i].type == type) {
          m_kind[i] = kind;
          break;
        }
      }
      ++counts[static_cast<std::size_t>(m_kind[i])];
    }
    const auto count = [&](ResourceKind k) { return counts[static_cast<std::size_t>(k)]; };
    m_facts.vpcs.reserve(count(ResourceKind::vpc));
    m_facts.subnets.reserve(count(ResourceKind::subnet));
    m_facts.route_tables.reserve(count(ResourceKind::route_table));
    m_facts.groups.reserve(count(ResourceKind::group));
    m_facts.endpoints.reserve(count(ResourceKind::endpoint));
    m_facts.instances.reserve(count(ResourceKind::instance));
    m_facts.profiles.reserve(count(ResourceKind::profile));
    m_facts.roles.reserve(count(ResourceKind::role));
  }

  const model::Resource& res(Index i) const { return m_scope.resources()[i]; }
  Value get(Index i, std::string_view property) const { return m_scope.get(res(i), property); }
  Member member(Index i, std::string_view property) const {
    return m_scope.property_member(res(i), property);
  }

  // A reference to a resource of `type`; literals and references to other types do not resolve.
  Link link(Value value, std::string_view type) const {
    Link l;
    if (const auto target = resolve_link(value, type)) {
      l.resource = target->first;
      l.attribute = target->second;
    }
    l.value = std::move(value);
    return l;
  }

  // The resource `value` names and the attribute it reads, when it names one of `type`.
  std::optional<std::pair<Index, std::string_view>> resolve_link(const Value& value,
                                                                 std::string_view type) const {
    if (value.is_reference() && res(value.resource).type == type) {
      return std::make_pair(value.resource, std::string_view(value.attribute));
    }
    if (value.is_string()) {
      // A literal may name a resource of the inputs by the name the inputs give it (role,
      // instance profile and security group names).
      const auto it = names().find(std::make_pair(std::string(type), value.text));
      if (it != names().end()) {
        return std::make_pair(it->second, std::string_view("Ref"));
      }
    }
    return std::nullopt;
  }

  // (type, name) -> resource, for the names the inputs set; built once.
  const std::map<std::pair<std::string, std::string>, Index>& names() const {
    if (!m_names) {
      m_names.emplace();
      for (Index i = 0; i < m_scope.resources().size(); ++i) {
        const std::string& type = res(i).type;
        const char* property = type == k_role              ? "RoleName"
                               : type == k_profile         ? "InstanceProfileName"
                               : type == k_sg              ? "GroupName"
                               : type == k_launch_template ? "LaunchTemplateName"
                                                           : nullptr;
        if (property == nullptr) {
          continue;
        }
        const Value v = get(i, property);
        if (v.is_string()) {
          m_names->try_emplace(std::make_pair(type, v.text), i);
        }
      }
    }
    return *m_names;
  }

  // The element of `list` (a vector of facts, const or not) for `resource`, if it has one.
  template <typename List>
  auto find(List& list, std::optional<Index> resource) const -> decltype(&list.front()) {
    if (!resource || m_position[*resource] < 0) {
      return nullptr;
    }
    auto& item = list[static_cast<std::size_t>(m_position[*resource])];
    return item.resource == *resource ? &item : nullptr;
  }

  template <typename T>
  T& add(std::vector<T>& list, Index i) {
    m_position[i] = static_cast<std::int32_t>(list.size());
    list.emplace_back();
    list.back().resource = i;
    return list.back();
  }

  static std::optional<Cidr> cidr_of(const Value& v) {
    return v.is_string() ? Cidr::parse(v.text) : std::nullopt;
  }

  // A boolean property with a CloudFormation default; `known` false when not determined.
  static bool boolean(const Value& v, bool fallback, bool& known) {
    known = true;
    if (v.absent() || v.kind == Kind::null) {
      return fallback;
    }
    if (const auto b = v.as_bool()) {
      return *b;
    }
    if (v.is_string()) {
      const std::string lower = to_lower_ascii(v.text);
      if (lower == "true" || lower == "false") {
        return lower == "true";
      }
    }
    known = false;
    return fallback;
  }

  void add_vpc(Index i) {
    Vpc& v = add(m_facts.vpcs, i);
    v.cidr_property = member(i, "CidrBlock");
    v.cidr = cidr_of(m_scope.value(v.cidr_property.value));
    v.dns_support_property = member(i, "EnableDnsSupport");
    v.dns_hostnames_property = member(i, "EnableDnsHostnames");
    v.dns_support = boolean(m_scope.value(v.dns_support_property.value), true, v.dns_support_known);
    v.dns_hostnames =
        boolean(m_scope.value(v.dns_hostnames_property.value), false, v.dns_hostnames_known);
  }

  void add_subnet(Index i) {
    Subnet& s = add(m_facts.subnets, i);
    s.vpc = link(get(i, "VpcId"), k_vpc);
    s.cidr_property = member(i, "CidrBlock");
    s.cidr = cidr_of(m_scope.value(s.cidr_property.value));
    s.az_property = member(i, "AvailabilityZone");
    const Value az = m_scope.value(s.az_property.value);
    if (az.is_string()) {
      s.az = az.text;
    }
    s.az_id_property = member(i, "AvailabilityZoneId");
    const Value az_id = m_scope.value(s.az_id_property.value);
    if (az_id.is_string()) {
      s.az_id = az_id.text;
    }
    bool known = true;
    s.map_public_ip = boolean(get(i, "MapPublicIpOnLaunch"), false, known);
  }

  void add_route_table(Index i) { add(m_facts.route_tables, i); }

  void add_route(Index i) {
    const Link table = link(get(i, "RouteTableId"), k_route_table);
    RouteTable* rt = find(m_facts.route_tables, table.resource);
    if (rt == nullptr) {
      return;
    }
    Route r;
    r.resource = i;
    r.destination = cidr_of(get(i, "DestinationCidrBlock"));
    const Value gateway = get(i, "GatewayId");
    const Value nat = get(i, "NatGatewayId");
    auto describe_target = [&](std::string_view property, const Value& v) {
      std::string text = m_scope.label(property);
      if (v.is_string()) {
        text += " '" + v.text + "'";
      } else if (v.is_reference()) {
        text += " " + quoted(res(v.resource).name);
      }
      return text;
    };
    if (!gateway.absent()) {
      const Link g = link(gateway, k_igw);
      r.target = g.known() ? Route::Target::internet_gateway : Route::Target::unknown;
      r.target_resource = g.resource;
      r.target_text = describe_target("GatewayId", gateway);
    } else if (!nat.absent()) {
      const Link n = link(nat, k_nat);
      r.target = n.known() ? Route::Target::nat_gateway : Route::Target::unknown;
      r.target_resource = n.resource;
      r.target_text = describe_target("NatGatewayId", nat);
    } else {
      r.target = Route::Target::other;
      for (const char* other : {"TransitGatewayId", "VpcPeeringConnectionId", "NetworkInterfaceId",
                                "InstanceId", "VpcEndpointId", "EgressOnlyInternetGatewayId",
                                "LocalGatewayId", "CarrierGatewayId", "CoreNetworkArn"}) {
        const Value v = get(i, other);
        if (!v.absent()) {
          r.target_text = describe_target(other, v);
        }
      }
    }
    rt->routes.push_back(std::move(r));
  }

  void add_association(Index i) {
    const Link subnet = link(get(i, "SubnetId"), k_subnet);
    const Link table = link(get(i, "RouteTableId"), k_route_table);
    if (Subnet* s = find(m_facts.subnets, subnet.resource); s != nullptr) {
      s->association = i;
      if (table.known()) {
        s->route_table = table.resource;
      } else {
        s->route_table_unknown =
            Unknown{table.value.range_or(res(i).key.range()),
                    table.why_unknown(m_scope.label("RouteTableId"), "route table")};
      }
    }
  }

  Peer peer(const NodeRef& rule, bool egress) const {
    Peer p;
    // Read in the order they are decided: a rule names one peer, and most name a CIDR block.
    const Value cidr = m_scope.get_field(rule, "CidrIp");
    if (!cidr.absent()) {
      p.text = cidr.text;
      if (cidr.is_string()) {
        p.cidr = Cidr::parse(cidr.text);
      }
      p.kind = p.cidr ? Peer::Kind::cidr : Peer::Kind::unknown;
      if (!p.cidr) {
        p.reason = cidr.is_unknown()
                       ? cidr.reason
                       : m_scope.label("CidrIp") + " " + quoted(cidr.text) + " is not a CIDR block";
      }
      return p;
    }
    const Value cidr6 = m_scope.get_field(rule, "CidrIpv6");
    if (!cidr6.absent()) {
      p.text = cidr6.text;
      p.cidr = cidr6.is_string() ? Cidr::parse(cidr6.text) : std::nullopt;
      p.kind = p.cidr ? Peer::Kind::cidr : Peer::Kind::unknown;
      p.reason = cidr6.is_unknown() ? cidr6.reason : "an IPv6 source that is not a CIDR block";
      return p;
    }
    const Value group =
        m_scope.get_field(rule, egress ? "DestinationSecurityGroupId" : "SourceSecurityGroupId");
    const Value group_name =
        egress || !group.absent() ? Value() : m_scope.get_field(rule, "SourceSecurityGroupName");
    if (!group.absent() || !group_name.absent()) {
      const Value& g = group.absent() ? group_name : group;
      const Link l = link(g, k_sg);
      p.text = g.is_reference() ? quoted(res(g.resource).name) : quoted(g.text);
      if (l.known()) {
        p.kind = Peer::Kind::group;
        p.group = *l.resource;
      } else {
        p.kind = Peer::Kind::unknown;
        p.reason =
            l.why_unknown(egress ? "destination_security_group_id" : "source_security_group_id",
                          "security group");
      }
      return p;
    }
    const Value prefix =
        m_scope.get_field(rule, egress ? "DestinationPrefixListId" : "SourcePrefixListId");
    if (!prefix.absent()) {
      p.kind = Peer::Kind::prefix_list;
      p.text = prefix.is_string() ? quoted(prefix.text) : "a prefix list";
      p.reason = "the prefix list " + p.text + " has entries the inputs do not show";
    } else {
      p.kind = Peer::Kind::none;
    }
    return p;
  }

  SgRule rule(const NodeRef& node, bool egress, std::optional<Index> standalone) const {
    SgRule r;
    r.egress = egress;
    r.node = node;
    r.standalone = standalone;
    const Value protocol = m_scope.get_field(node, "IpProtocol");
    if (protocol.is_string() || protocol.kind == Kind::integer) {
      r.protocol = Protocol::parse(protocol.text);
    }
    r.ports.from = m_scope.get_field(node, "FromPort").as_int();
    r.ports.to = m_scope.get_field(node, "ToPort").as_int();
    r.peer = peer(node, egress);
    r.placeholder = egress && r.peer.kind == Peer::Kind::cidr &&
                    r.peer.text == "255.255.255.255/32" && r.protocol &&
                    r.protocol->kind == Protocol::Kind::icmp && r.ports.from == 252 &&
                    r.ports.to == 86;
    return r;
  }

  void fill_group(SecurityGroup& g) const {
    const Index i = g.resource;
    g.vpc = link(get(i, "VpcId"), k_vpc);
    g.ingress_property = member(i, "SecurityGroupIngress");
    g.egress_property = member(i, "SecurityGroupEgress");
    // An empty list declares nothing: CloudFormation adds its allow-all rule as when it is left
    // out (CDK writes a deny-all placeholder rule for "no egress" for that reason).
    g.inline_egress = g.egress_property.value.is_sequence() && g.egress_property.value.size() > 0;
    for (const bool egress : {false, true}) {
      const NodeRef list = egress ? g.egress_property.value : g.ingress_property.value;
      if (!list.is_sequence()) {
        continue;
      }
      for (std::size_t k = 0; k < list.size(); ++k) {
        (egress ? g.egress : g.ingress).push_back(rule(list.item(k), egress, std::nullopt));
      }
    }
  }

  void add_standalone_rule(Index i, bool egress) {
    const Link target = link(get(i, "GroupId"), k_sg);
    Link by_name;
    if (!target.known() && !egress) {
      by_name = link(get(i, "GroupName"), k_sg);
    }
    const std::optional<Index> owner = target.known() ? target.resource : by_name.resource;
    SecurityGroup* g = find(m_facts.groups, owner);
    if (g == nullptr) {
      return;
    }
    SgRule r = rule(res(i).body, egress, i);
    r.node = res(i).key;
    (egress ? g->egress : g->ingress).push_back(std::move(r));
    if (egress) {
      g->standalone_egress = true;
    }
  }

  std::vector<GroupRef> group_refs(Value list) const {
    std::vector<GroupRef> out;
    out.reserve(list.items.size() + (list.is_unknown() ? 1 : 0));
    for (Value& item : list.items) {
      GroupRef ref;
      if (const auto target = resolve_link(item, k_sg)) {
        ref.kind = GroupRef::Kind::group;
        ref.group = target->first;
      } else if (item.is_reference() && item.attribute == "DefaultSecurityGroup" &&
                 res(item.resource).type == k_vpc) {
        ref.kind = GroupRef::Kind::default_group;  // Fn::GetAtt VPC.DefaultSecurityGroup
        ref.vpc = item.resource;
      } else {
        ref.kind = GroupRef::Kind::unknown;
        ref.reason = link(item, k_sg).why_unknown("security group", "security group");
      }
      ref.value = std::move(item);
      out.push_back(std::move(ref));
    }
    if (list.is_unknown()) {
      GroupRef ref;
      ref.reason = list.reason;
      list.items.clear();
      ref.value = std::move(list);
      out.push_back(std::move(ref));
    }
    return out;
  }

  void add_endpoint(Index i) {
    Endpoint& e = add(m_facts.endpoints, i);
    e.vpc = link(get(i, "VpcId"), k_vpc);
    e.service_property = member(i, "ServiceName");
    const Value name = m_scope.value(e.service_property.value);
    if (name.is_string()) {
      e.service_name = name.text;
      parse_service_name(name.text, e);
    }
    e.type_property = member(i, "VpcEndpointType");
    const Value type = m_scope.value(e.type_property.value);
    if (type.absent() || type.kind == Kind::null) {
      e.type = EndpointType::gateway;
    } else if (type.is_string()) {
      const std::string lower = to_lower_ascii(type.text);
      e.type = lower == "interface" ? EndpointType::interface
               : lower == "gateway" ? EndpointType::gateway
                                    : EndpointType::other;
    } else {
      e.type = EndpointType::unknown;
    }
    e.private_dns_property = member(i, "PrivateDnsEnabled");
    e.private_dns =
        boolean(m_scope.value(e.private_dns_property.value), false, e.private_dns_known);
    e.subnets_property = member(i, "SubnetIds");
    const Value subnets = m_scope.value(e.subnets_property.value);
    for (const Value& s : subnets.items) {
      e.subnets.push_back(link(s, k_subnet));
    }
    e.groups_property = member(i, "SecurityGroupIds");
    const Value groups = m_scope.value(e.groups_property.value);
    e.groups = group_refs(groups);
    e.groups_written = !e.groups.empty();  // an empty list means the default group too
    if (e.groups.empty()) {
      GroupRef def;
      def.kind = GroupRef::Kind::default_group;
      def.vpc = e.vpc.resource;
      if (!e.vpc.known()) {
        def.kind = GroupRef::Kind::unknown;
        def.reason =
            "the endpoint's VPC is not in the inputs, so its default security group is "
            "not either";
      }
      e.groups.push_back(def);
    }
    e.policy = m_scope.property(res(i), "PolicyDocument");
  }

  static void parse_service_name(const std::string& name, Endpoint& e) {
    // <prefix>.<region>.<service>, where the prefix is com.amazonaws (or a partition's own
    // prefix such as cn.com.amazonaws).
    const std::size_t last = name.rfind('.');
    e.service = last == std::string::npos ? name : name.substr(last + 1);
    if (last == std::string::npos) {
      return;
    }
    const std::size_t before = name.rfind('.', last - 1);
    if (before == std::string::npos || before == 0) {
      return;
    }
    e.name_region = name.substr(before + 1, last - before - 1);
    e.name_prefix = name.substr(0, before);
    e.name_well_formed = !e.name_region->empty() && !e.service.empty() &&
                         (e.name_prefix == "com.amazonaws" || e.name_prefix == "cn.com.amazonaws");
  }

  void fill_instance(Instance& inst) const {
    const Index i = inst.resource;
    // The primary network interface (DeviceIndex 0) carries subnet and groups when written.
    NodeRef primary;
    const Value interfaces = get(i, "NetworkInterfaces");
    for (const Value& nic : interfaces.items) {
      const Value index = m_scope.get_field(nic.node, "DeviceIndex");
      if ((index.is_string() || index.kind == Kind::integer) && index.text == "0") {
        primary = nic.node;
      }
    }
    // A launch template in the inputs supplies what the instance does not write.
    NodeRef template_data;
    const NodeRef lt = m_scope.property(res(i), "LaunchTemplate");
    if (lt.is_mapping()) {
      std::optional<Unknown> missing;
      for (const char* key : {"LaunchTemplateId", "LaunchTemplateName"}) {
        const Value v = m_scope.get_field(lt, key);
        if (v.absent()) {
          continue;
        }
        const Link l = link(v, k_launch_template);
        if (l.known()) {
          template_data = m_scope.property(res(*l.resource), "LaunchTemplateData");
        } else if (!missing) {
          missing = Unknown{v.range_or(res(i).key.range()),
                            l.why_unknown(m_scope.label(key), "launch template")};
        }
      }
      if (!template_data.valid()) {
        inst.template_unknown = missing;
      }
    }

    const Member subnet_member = member(i, "SubnetId");
    Value subnet = m_scope.value(subnet_member.value);
    inst.subnet_node = subnet_member.value.valid() ? subnet_member.value : res(i).key;
    if (subnet.absent() && primary.valid()) {
      subnet = m_scope.get_field(primary, "SubnetId");
      inst.subnet_node = subnet.node.valid() ? subnet.node : primary;
    }
    inst.subnet = link(std::move(subnet), k_subnet);
    const Subnet* s = find(m_facts.subnets, inst.subnet.resource);
    if (s != nullptr) {
      inst.vpc = s->vpc.resource;
      inst.az = s->az;
      inst.public_ip = s->map_public_ip;
    }
    const Value az = get(i, "AvailabilityZone");
    if (az.is_string() && !inst.az) {
      inst.az = az.text;
    }

    // Groups: SecurityGroupIds / SecurityGroups, or the primary interface's GroupSet, or the
    // launch template's; none at all means the VPC's default group.
    for (const char* property : {"SecurityGroupIds", "SecurityGroups"}) {
      const Member m = member(i, property);
      auto refs = group_refs(m_scope.value(m.value));
      if (!refs.empty()) {
        inst.groups_written = true;
        inst.groups_node = m.key;
        if (inst.groups.empty()) {
          inst.groups = std::move(refs);
        } else {
          inst.groups.insert(inst.groups.end(), std::make_move_iterator(refs.begin()),
                             std::make_move_iterator(refs.end()));
        }
      }
    }
    if (!inst.groups_written && primary.valid()) {
      const Member m = m_scope.field_member(primary, "GroupSet");
      inst.groups = group_refs(m_scope.value(m.value));
      if (!inst.groups.empty()) {
        inst.groups_written = true;
        inst.groups_node = m.key;
      }
    }
    if (!inst.groups_written && template_data.valid()) {
      const Member m = m_scope.field_member(template_data, "SecurityGroupIds");
      inst.groups = group_refs(m_scope.value(m.value));
      if (!inst.groups.empty()) {
        inst.groups_written = true;
        inst.groups_node = m.key;
      }
    }
    if (inst.groups.empty()) {
      GroupRef def;
      def.kind = inst.vpc ? GroupRef::Kind::default_group : GroupRef::Kind::unknown;
      def.vpc = inst.vpc;
      def.reason = "the instance's VPC is not known, so neither is its default security group";
      inst.groups.push_back(def);
    }
    if (primary.valid()) {
      // Written on the interface, it overrides the subnet's MapPublicIpOnLaunch.
      const Value associate = m_scope.get_field(primary, "AssociatePublicIpAddress");
      bool known = true;
      const bool value = boolean(associate, false, known);
      if (!associate.absent() && known) {
        inst.public_ip = value;
      }
    }

    inst.profile_property = member(i, "IamInstanceProfile");
    Value profile = m_scope.value(inst.profile_property.value);
    // A null value is left out by the CDK app, as if it were not written.
    inst.profile_written = !profile.absent() && profile.kind != Kind::null;
    if (!inst.profile_written && template_data.valid()) {
      const NodeRef ip = m_scope.field(template_data, "IamInstanceProfile");
      for (const char* key : {"Name", "Arn"}) {
        const Member m = m_scope.field_member(ip, key);
        if (m.key.valid()) {
          inst.profile_written = true;
          inst.profile_from_template = true;
          inst.profile_property = m;
          profile = m_scope.value(m.value);
        }
      }
    }
    inst.profile = link(std::move(profile), k_profile);
    inst.metadata_options = m_scope.property(res(i), "MetadataOptions");
    if (!inst.metadata_options.valid() && template_data.valid()) {
      inst.metadata_options = m_scope.field(template_data, "MetadataOptions");
    }
  }

  void attach_eip(Index i) {
    const Link instance = link(get(i, "InstanceId"), k_instance);
    if (Instance* inst = find(m_facts.instances, instance.resource)) {
      inst->public_ip = true;
    }
  }

  void add_profile(Index i) {
    InstanceProfile& p = add(m_facts.profiles, i);
    p.roles_property = member(i, "Roles");
    const Value roles = m_scope.value(p.roles_property.value);
    for (const Value& r : roles.items) {
      p.roles.push_back(link(r, k_role));
    }
  }

  void add_role(Index i) {
    Role& r = add(m_facts.roles, i);
    r.trust_property = member(i, "AssumeRolePolicyDocument");
    r.managed_policies_property = member(i, "ManagedPolicyArns");
    r.permissions_boundary = !get(i, "PermissionsBoundary").absent();
    // Inline policies.
    const Value policies = get(i, "Policies");
    for (const Value& p : policies.items) {
      const Value name = m_scope.get_field(p.node, "PolicyName");
      add_document(r, m_scope.field(p.node, "PolicyDocument"),
                   "inline policy " + (name.is_string() ? quoted(name.text) : std::string("")),
                   p.node);
    }
    // Managed policies by ARN.
    const Value arns = m_scope.value(r.managed_policies_property.value);
    for (const Value& arn : arns.items) {
      add_managed_arn(r, arn);
    }
  }

  void add_document(Role& r, const NodeRef& document, const std::string& source,
                    const NodeRef& fallback) {
    if (!document.is_mapping()) {
      r.complete = false;
      r.unknown_policies.push_back(Unknown{document.valid() ? document.range() : fallback.range(),
                                           "the policy document of " + source + " cannot be read"});
      return;
    }
    auto statements = read_policy_document(document, source, &m_scope);
    for (Statement& s : statements) {
      r.statements.push_back(std::move(s));
    }
  }

  void add_managed_arn(Role& r, const Value& arn) {
    if (arn.is_reference() && res(arn.resource).type == k_managed_policy) {
      return;  // attached when the managed policy resource is read
    }
    if (arn.is_string()) {
      if (const ManagedPolicy* p = ManagedPolicyTable::builtin().find_arn(arn.text)) {
        for (Statement s : p->statements) {
          s.at = arn.node.range();
          r.statements.push_back(std::move(s));
        }
        r.complete = r.complete && p->complete;
        if (!p->deprecated.empty()) {
          r.deprecated.emplace_back(arn.node, p);
        }
        return;
      }
      r.complete = false;
      r.unknown_policies.push_back(
          Unknown{arn.node.range(), "the managed policy " + quoted(arn.text) +
                                        " is neither a known AWS managed policy nor defined in "
                                        "the inputs"});
      return;
    }
    r.complete = false;
    r.unknown_policies.push_back(
        Unknown{arn.node.valid() ? arn.node.range() : res(r.resource).key.range(),
                arn.is_unknown() ? arn.reason : "a managed policy ARN is not a string"});
  }

  // AWS::IAM::Policy (Roles: [...]) and AWS::IAM::ManagedPolicy (Roles, or referenced from a
  // role's ManagedPolicyArns) add their statements to the roles they name.
  void attach_policy_resource(Index i) {
    const bool managed = res(i).type == k_managed_policy;
    const NodeRef document = m_scope.property(res(i), "PolicyDocument");
    const std::string source =
        std::string(managed ? "managed policy " : "policy ") + quoted(res(i).name);
    std::vector<Index> targets;
    for (const Value& r : get(i, "Roles").items) {
      if (const Link l = link(r, k_role); l.known()) {
        targets.push_back(*l.resource);
      }
    }
    if (managed) {
      for (Role& role : m_facts.roles) {
        for (const Value& arn : m_scope.value(role.managed_policies_property.value).items) {
          if (arn.is_reference() && arn.resource == i) {
            targets.push_back(role.resource);
          }
        }
      }
    }
    for (const Index t : targets) {
      if (Role* role = find(m_facts.roles, t)) {
        add_document(*role, document, source, res(i).key);
      }
    }
  }

  const model::Scope& m_scope;
  Facts& m_facts;
  std::vector<std::int32_t> m_position;
  mutable std::optional<std::map<std::pair<std::string, std::string>, Index>> m_names;
  std::vector<ResourceKind> m_kind;  // per resource
};

}  // namespace

std::string Link::why_unknown(std::string_view property, std::string_view kind) const {
  const char first = kind.empty() ? 'x' : kind.front();
  const std::string a =
      (first == 'a' || first == 'e' || first == 'i' || first == 'o' || first == 'u') ? "an " : "a ";
  if (value.is_unknown()) {
    return value.reason;
  }
  if (value.is_reference()) {
    return std::string(property) + " refers to a resource that is not " + a + std::string(kind);
  }
  if (value.is_string()) {
    return std::string(property) + " '" + value.text + "' names no " + std::string(kind) +
           " in the inputs";
  }
  if (value.absent()) {
    return std::string(property) + " is not written";
  }
  return std::string(property) + " is " + model::describe(value.node) + ", not " + a +
         std::string(kind);
}

bool SgRule::carries_https() const noexcept {
  return protocol && carries_tcp(*protocol, ports, 443);
}

std::string SgRule::describe() const {
  std::string out = protocol ? describe_rule(*protocol, ports) : std::string("an unreadable rule");
  out += egress ? " to " : " from ";
  out += peer.text.empty() ? "nowhere" : peer.text;
  return out;
}

bool is_excluded(const model::Resource& resource, const std::vector<std::string>& exclude) {
  const bool in_template = resource.path.find('/') != std::string::npos;
  const std::string& c = resource.construct_path;
  return std::any_of(exclude.begin(), exclude.end(), [&](const std::string& e) {
    return e == resource.path || (in_template && e == resource.name) ||
           (!c.empty() && c.size() >= e.size() && c.compare(0, e.size(), e) == 0 &&
            (c.size() == e.size() || c[e.size()] == '/'));
  });
}

Facts Facts::build(const model::Scope& scope, const Options& options) {
  Facts facts;
  Builder builder(scope, options, facts);
  builder.run();
  facts.m_position = builder.take_positions();
  for (const Endpoint& e : facts.endpoints) {
    if (!e.vpc.resource) {
      continue;
    }
    auto& services = facts.m_by_service[*e.vpc.resource];
    auto it = std::find_if(services.begin(), services.end(),
                           [&](const auto& s) { return s.first == e.service; });
    if (it == services.end()) {
      it = services.emplace(services.end(), e.service, std::vector<const Endpoint*>());
    }
    it->second.push_back(&e);
  }
  return facts;
}

namespace {

template <typename T>
const T* lookup(const std::vector<T>& list, const std::vector<std::int32_t>& position,
                std::optional<Index> resource) {
  if (!resource || *resource >= position.size() || position[*resource] < 0) {
    return nullptr;
  }
  const T& item = list[static_cast<std::size_t>(position[*resource])];
  return item.resource == *resource ? &item : nullptr;
}

}  // namespace

const Vpc* Facts::vpc(std::optional<Index> r) const noexcept {
  return lookup(vpcs, m_position, r);
}
const Subnet* Facts::subnet(std::optional<Index> r) const noexcept {
  return lookup(subnets, m_position, r);
}
const RouteTable* Facts::route_table(std::optional<Index> r) const noexcept {
  return lookup(route_tables, m_position, r);
}
const SecurityGroup* Facts::group(Index r) const noexcept {
  return lookup(groups, m_position, r);
}
const InstanceProfile* Facts::profile(std::optional<Index> r) const noexcept {
  return lookup(profiles, m_position, r);
}
const Role* Facts::role(std::optional<Index> r) const noexcept {
  return lookup(roles, m_position, r);
}

const Endpoint* Facts::endpoint(Index r) const noexcept {
  return lookup(endpoints, m_position, r);
}
const Instance* Facts::instance(Index r) const noexcept {
  return lookup(instances, m_position, r);
}

const std::vector<const Endpoint*>& Facts::endpoints_in(Index vpc, std::string_view service) const {
  static const std::vector<const Endpoint*> k_none;
  const auto it = m_by_service.find(vpc);
  if (it != m_by_service.end()) {
    for (const auto& [name, list] : it->second) {
      if (name == service) {
        return list;
      }
    }
  }
  return k_none;
}

const model::Resource& Facts::resource(Index index) const {
  return scope->resources()[index];
}

SourceRange Facts::key_range(Index index) const {
  return resource(index).key.range();
}

std::string Facts::name(Index index) const {
  const model::Resource& r = resource(index);
  std::string out = "'" + r.name + "'";
  if (!r.construct_path.empty()) {
    out += " (" + r.construct_path + ")";
  }
  if (!r.condition.empty()) {
    out += " (if condition '" + r.condition + "' holds)";
  }
  return out;
}

const std::vector<std::string>& Facts::agent_services() const {
  static const std::vector<std::string> k_current{"ssm", "ssmmessages"};
  static const std::vector<std::string> k_old{"ssm", "ssmmessages", "ec2messages"};
  return old_agent() ? k_old : k_current;
}

bool is_ssm_family(std::string_view service) noexcept {
  return service == "ssm" || service == "ssmmessages" || service == "ec2messages" ||
         service == "kms" || service == "logs";
}

}  // namespace ssmpf::facts
