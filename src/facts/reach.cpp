// SPDX-License-Identifier: Apache-2.0
#include "facts/reach.hpp"

#include <algorithm>
#include <array>

namespace ssmpf::facts {

namespace {

bool is_default_route(const Route& r) noexcept {
  return r.destination && !r.destination->v6 && r.destination->prefix == 0;
}

// Whether a CIDR is private address space (RFC 1918), where no public endpoint lives.
bool is_private(const Cidr& c) noexcept {
  static constexpr std::array<std::string_view, 3> k_private{"10.0.0.0/8", "172.16.0.0/12",
                                                             "192.168.0.0/16"};
  return std::any_of(k_private.begin(), k_private.end(),
                     [&](std::string_view block) { return Cidr::parse(block)->contains(c); });
}

SourceRange key_range_of(const Facts& facts, const Endpoint& endpoint) {
  return facts.key_range(endpoint.resource);
}

}  // namespace

const std::vector<const Endpoint*>& endpoints_for(const Facts& facts, std::optional<Index> vpc,
                                                  std::string_view service) {
  static const std::vector<const Endpoint*> k_none;
  return vpc ? facts.endpoints_in(*vpc, service) : k_none;
}

bool carries(const Instance& instance, const GroupRef& group) noexcept {
  return std::any_of(instance.groups.begin(), instance.groups.end(),
                     [&](const GroupRef& g) { return same(g, group); });
}

namespace {

// Whether the union of `blocks` covers every address of `target` (IPv4): a block contains it,
// or both halves are covered. Rules are few, so the recursion stays shallow.
bool union_covers(const std::vector<Cidr>& blocks, const Cidr& target) {
  bool overlaps = false;
  for (const Cidr& b : blocks) {
    if (b.contains(target)) {
      return true;
    }
    overlaps = overlaps || target.contains(b);
  }
  if (!overlaps || target.prefix >= target.max_prefix()) {
    return false;
  }
  Cidr low = target;
  low.prefix = static_cast<std::uint8_t>(target.prefix + 1);
  Cidr high = low;
  const unsigned bit = (target.v6 ? 0U : 96U) + target.prefix;
  high.address[bit / 8] = static_cast<std::uint8_t>(high.address[bit / 8] | (0x80U >> (bit % 8)));
  return union_covers(blocks, low) && union_covers(blocks, high);
}

// The instance's groups that are not known (literal ids...), as unknowns.
std::vector<Unknown> unknown_instance_groups(const Facts& facts, const Instance& instance) {
  std::vector<Unknown> out;
  for (const GroupRef& g : instance.groups) {
    if (g.kind == GroupRef::Kind::unknown) {
      out.push_back(Unknown{g.value.range_or(facts.key_range(instance.resource)),
                            "a security group of instance " + facts.name(instance.resource) +
                                " is not known: " + g.reason});
    }
  }
  return out;
}

}  // namespace

IngressCheck endpoint_admits(const Facts& facts, const Instance& instance,
                             const Endpoint& endpoint) {
  IngressCheck check;
  const Subnet* subnet = facts.subnet(instance.subnet.resource);
  const std::optional<Cidr> source = subnet != nullptr ? subnet->cidr : std::nullopt;
  const std::vector<Unknown> instance_unknowns = unknown_instance_groups(facts, instance);
  bool unknown = false;
  bool source_reported = false;
  bool groups_reported = false;
  auto unknown_source = [&] {
    unknown = true;
    if (!source_reported) {
      source_reported = true;
      check.unknowns.push_back(Unknown{
          instance.subnet_node.range(),
          "the CIDR block of instance " + facts.name(instance.resource) +
              "'s subnet is not known (" +
              (subnet == nullptr ? instance.subnet.why_unknown(facts.label("SubnetId"), "subnet")
                                 : "the subnet has no " + facts.label("CidrBlock")) +
              ")"});
    }
  };
  // An unknown group of the instance might be the one a rule or the default group names.
  auto unknown_groups = [&] {
    unknown = true;
    if (!groups_reported) {
      groups_reported = true;
      check.unknowns.insert(check.unknowns.end(), instance_unknowns.begin(),
                            instance_unknowns.end());
    }
  };
  std::vector<Cidr> https_blocks;
  const SgRule* first_block_rule = nullptr;
  const GroupRef* first_block_group = nullptr;
  for (const GroupRef& g : endpoint.groups) {
    if (g.kind == GroupRef::Kind::unknown) {
      unknown = true;
      check.unknowns.push_back(Unknown{g.value.range_or(facts.key_range(endpoint.resource)),
                                       "a security group of endpoint " +
                                           facts.name(endpoint.resource) +
                                           " is not known: " + g.reason});
      continue;
    }
    if (g.kind == GroupRef::Kind::default_group) {
      // The default group admits its own members only.
      if (carries(instance, g)) {
        check.verdict = Verdict::yes;
        check.admitting_group = &g;
        return check;
      }
      if (!instance_unknowns.empty()) {
        unknown_groups();
      }
      continue;
    }
    const SecurityGroup* sg = facts.group(g.group);
    if (sg == nullptr) {
      continue;
    }
    for (const SgRule& rule : sg->ingress) {
      const bool https = rule.carries_https();
      bool from_instance = false;
      switch (rule.peer.kind) {
        case Peer::Kind::cidr:
          if (rule.peer.cidr->v6) {
            break;  // the agent connects over IPv4
          }
          if (https) {
            https_blocks.push_back(*rule.peer.cidr);
            if (first_block_rule == nullptr) {
              first_block_rule = &rule;
              first_block_group = &g;
            }
          }
          if (source) {
            from_instance = rule.peer.cidr->contains(*source);
          } else if (https) {
            unknown_source();
          }
          break;
        case Peer::Kind::group:
          from_instance =
              std::any_of(instance.groups.begin(), instance.groups.end(), [&](const GroupRef& ig) {
                return ig.kind == GroupRef::Kind::group && ig.group == rule.peer.group;
              });
          if (!from_instance && https && !instance_unknowns.empty()) {
            unknown_groups();
          }
          break;
        case Peer::Kind::prefix_list:
        case Peer::Kind::unknown:
          if (https) {
            unknown = true;
            check.unknowns.push_back(Unknown{rule.node.range(), rule.peer.reason});
          }
          break;
        case Peer::Kind::default_group:
        case Peer::Kind::none:
          break;
      }
      if (https && from_instance) {
        check.verdict = Verdict::yes;
        check.admitting = &rule;
        check.admitting_group = &g;
        return check;
      }
      if (https != from_instance && (https || rule.peer.kind != Peer::Kind::none)) {
        check.near_misses.push_back(&rule);
      }
    }
  }
  // Several rules may admit the subnet together (two /25 halves of a /24).
  if (source && union_covers(https_blocks, *source)) {
    check.verdict = Verdict::yes;
    check.admitting = first_block_rule;
    check.admitting_group = first_block_group;
    check.near_misses.clear();
    return check;
  }
  check.verdict = unknown ? Verdict::unknown : Verdict::no;
  return check;
}

EgressCheck instance_egress(const Facts& facts, const Instance& instance,
                            const Endpoint* endpoint) {
  EgressCheck check;
  // The destinations: every endpoint subnet's CIDR (all must be reachable), or the internet.
  // A subnet whose CIDR is not known lies somewhere in its VPC: the VPC's CIDR stands for it.
  std::vector<Cidr> targets;
  bool targets_known = true;
  if (endpoint != nullptr) {
    const Vpc* vpc = facts.vpc(endpoint->vpc.resource);
    for (const Link& l : endpoint->subnets) {
      const Subnet* s = facts.subnet(l.resource);
      if (s != nullptr && s->cidr) {
        targets.push_back(*s->cidr);
        continue;
      }
      check.unknowns.push_back(
          Unknown{l.value.range_or(facts.key_range(endpoint->resource)),
                  "the CIDR block of a subnet of endpoint " + facts.name(endpoint->resource) +
                      " is not known (" +
                      (s == nullptr ? l.why_unknown(facts.label("SubnetIds"), "subnet")
                                    : "the subnet has no " + facts.label("CidrBlock")) +
                      ")"});
      if (vpc != nullptr && vpc->cidr) {
        targets.push_back(*vpc->cidr);
      } else {
        targets_known = false;
      }
    }
    if (endpoint->subnets.empty()) {
      targets_known = false;
      check.unknowns.push_back(Unknown{key_range_of(facts, *endpoint),
                                       "endpoint " + facts.name(endpoint->resource) + " lists no " +
                                           facts.label("SubnetIds") +
                                           ", so where its network interfaces are is not known"});
    }
  }
  std::vector<bool> covered(targets.size(), false);
  bool unknown = !targets_known;
  bool any_ambiguous = false;
  for (const GroupRef& g : instance.groups) {
    if (g.kind == GroupRef::Kind::unknown) {
      unknown = true;
      check.unknowns.push_back(Unknown{g.value.range_or(facts.key_range(instance.resource)),
                                       "a security group of instance " +
                                           facts.name(instance.resource) +
                                           " is not known: " + g.reason});
      continue;
    }
    if (g.kind == GroupRef::Kind::default_group) {
      check.verdict = Verdict::yes;  // the default group allows all outbound traffic
      check.default_allows = true;
      check.unknowns.clear();
      return check;
    }
    const SecurityGroup* sg = facts.group(g.group);
    if (sg == nullptr) {
      continue;
    }
    if (sg->default_egress()) {
      check.verdict = Verdict::yes;
      check.default_allows = true;
      check.unknowns.clear();
      return check;
    }
    check.deciding_groups.push_back(sg);
    any_ambiguous = any_ambiguous || (sg->standalone_egress && !sg->inline_egress);
    for (const SgRule& rule : sg->egress) {
      const bool https = rule.carries_https();
      bool useful = false;
      switch (rule.peer.kind) {
        case Peer::Kind::cidr:
          if (rule.peer.cidr->v6) {
            break;
          }
          if (endpoint == nullptr) {
            if (https && rule.peer.cidr->prefix == 0) {
              check.verdict = Verdict::yes;
              check.allowing = &rule;
              check.unknowns.clear();
              return check;
            }
            if (https && !is_private(*rule.peer.cidr)) {
              unknown = true;
              check.unknowns.push_back(
                  Unknown{rule.node.range(), "egress to " + rule.peer.text +
                                                 " may or may not cover the public Systems Manager "
                                                 "endpoints' addresses"});
            }
          } else {
            for (std::size_t t = 0; t < targets.size(); ++t) {
              if (rule.peer.cidr->contains(targets[t])) {
                useful = true;
                if (https) {
                  covered[t] = true;
                }
              }
            }
          }
          break;
        case Peer::Kind::group:
          if (endpoint != nullptr && std::any_of(endpoint->groups.begin(), endpoint->groups.end(),
                                                 [&](const GroupRef& eg) {
                                                   return eg.kind == GroupRef::Kind::group &&
                                                          eg.group == rule.peer.group;
                                                 })) {
            useful = true;
            if (https) {
              check.verdict = Verdict::yes;
              check.allowing = &rule;
              check.unknowns.clear();
              return check;
            }
          }
          break;
        case Peer::Kind::prefix_list:
        case Peer::Kind::unknown:
          if (https) {
            unknown = true;
            check.unknowns.push_back(Unknown{rule.node.range(), rule.peer.reason});
          }
          break;
        case Peer::Kind::default_group:
        case Peer::Kind::none:
          break;
      }
      if (https && useful && check.allowing == nullptr) {
        check.allowing = &rule;
      }
      if (!rule.placeholder && (https || useful)) {
        check.near_misses.push_back(&rule);
      }
    }
  }
  const auto covered_count =
      static_cast<std::size_t>(std::count(covered.begin(), covered.end(), true));
  if (endpoint != nullptr && targets_known && !targets.empty() && covered_count == targets.size()) {
    // The rules together reach every subnet of the endpoint.
    check.verdict = Verdict::yes;
    check.near_misses.clear();
    return check;
  }
  if (unknown) {
    check.verdict = Verdict::unknown;
    return check;
  }
  check.partial = covered_count > 0;
  check.ambiguous = any_ambiguous;
  check.verdict = Verdict::no;
  return check;
}

InternetPath internet_path(const Facts& facts, const Instance& instance) {
  InternetPath path;
  const Subnet* subnet = facts.subnet(instance.subnet.resource);
  if (subnet == nullptr) {
    path.verdict = Verdict::unknown;
    path.description = "the instance's subnet is not in the inputs";
    path.unknowns.push_back(
        Unknown{instance.subnet_node.range(),
                instance.subnet.why_unknown(facts.label("SubnetId"), "subnet")});
    return path;
  }
  if (subnet->route_table_unknown) {
    path.verdict = Verdict::unknown;
    path.description = "the subnet's route table is not in the inputs";
    path.unknowns.push_back(*subnet->route_table_unknown);
    return path;
  }
  const RouteTable* table = facts.route_table(subnet->route_table);
  if (table == nullptr) {
    // The VPC's main route table: created with the local route only.
    path.verdict = Verdict::no;
    path.description =
        "the subnet has no route table of its own, and the VPC's main route "
        "table holds only the local route";
    return path;
  }
  for (const Route& r : table->routes) {
    if (!is_default_route(r)) {
      continue;
    }
    path.route = &r;
    switch (r.target) {
      case Route::Target::nat_gateway:
        path.verdict = Verdict::yes;
        path.description = "0.0.0.0/0 goes to NAT gateway " + facts.name(*r.target_resource);
        return path;
      case Route::Target::internet_gateway:
        if (instance.public_ip) {
          path.verdict = Verdict::yes;
          path.description = "0.0.0.0/0 goes to internet gateway " +
                             facts.name(*r.target_resource) + " and the instance has a public IP";
        } else {
          path.verdict = Verdict::no;
          path.description = "0.0.0.0/0 goes to internet gateway " +
                             facts.name(*r.target_resource) +
                             ", but the instance gets no public IPv4 address";
        }
        return path;
      case Route::Target::other:
      case Route::Target::unknown:
        path.verdict = Verdict::unknown;
        path.description = "0.0.0.0/0 goes to " +
                           (r.target_text.empty() ? std::string("a target") : r.target_text) +
                           ", whose path to the internet cannot be verified";
        path.unknowns.push_back(Unknown{facts.key_range(r.resource), path.description});
        return path;
    }
  }
  path.verdict = Verdict::no;
  path.description = "route table " + facts.name(table->resource) + " has no 0.0.0.0/0 route";
  return path;
}

}  // namespace ssmpf::facts
