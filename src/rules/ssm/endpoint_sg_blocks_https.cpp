// SPDX-License-Identifier: Apache-2.0
// SSM009 endpoint-sg-blocks-https: metadata and docs in rules/ssm/SSM009.yaml.
#include <algorithm>
#include <cctype>

#include "base/text.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

// Why a rule that almost matched does not admit the instance.
std::string near_miss(const facts::Facts& f, const facts::SgRule& rule,
                      const facts::Instance& instance) {
  if (!rule.carries_https()) {
    return "this rule admits " + rule.describe() + ", which does not carry TCP 443";
  }
  const facts::Subnet* s = f.subnet(instance.subnet.resource);
  if (rule.peer.kind == facts::Peer::Kind::cidr && s != nullptr && s->cidr) {
    return "this rule admits TCP 443 from " + rule.peer.text + ", which does not contain " +
           s->cidr->to_string();
  }
  if (rule.peer.kind == facts::Peer::Kind::group) {
    return "this rule admits TCP 443 from group " + f.name(rule.peer.group) + ", which instance " +
           f.name(instance.resource) + " does not carry";
  }
  return "this rule admits " + rule.describe();
}

struct Cause {
  UniqueList<Index> endpoints;
  UniqueList<Index> instances;
  std::vector<Related> near;  // near misses, once per rule
  std::vector<FlowStep> flow;
};

class EndpointSgBlocksHttps final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    // One finding per endpoint group set: every instance and endpoint behind it is named.
    Grouped<std::vector<Index>, Cause> causes;
    for (const facts::Instance& instance : f.instances) {
      if (!instance.vpc) {
        continue;
      }
      for (const std::string& service : f.agent_services()) {
        for (const facts::Endpoint* e : facts::endpoints_for(f, instance.vpc, service)) {
          if (e->type != facts::EndpointType::interface || !e->groups_written) {
            continue;  // SSM003 / SSM010
          }
          const facts::IngressCheck in = facts::endpoint_admits(f, instance, *e);
          if (in.verdict == facts::Verdict::yes) {
            continue;
          }
          if (in.verdict == facts::Verdict::unknown) {
            report_unknowns(sink, in.unknowns,
                            "that endpoint " + f.name(e->resource) + " admits TCP 443 from " +
                                "instance " + f.name(instance.resource));
            continue;
          }
          std::vector<Index> key;
          for (const facts::GroupRef& g : e->groups) {
            key.push_back(g.kind == facts::GroupRef::Kind::group ? g.group : e->resource);
          }
          Cause& cause = causes.at(key);
          add_unique(cause.endpoints, e->resource);
          const bool first_instance = cause.instances.empty();
          add_unique(cause.instances, instance.resource);
          for (const facts::SgRule* rule : in.near_misses) {
            const SourceRange range = rule->node.range();
            const bool seen = std::any_of(cause.near.begin(), cause.near.end(),
                                          [&](const Related& n) { return n.range == range; });
            if (!seen) {
              cause.near.push_back(Related{range, near_miss(f, *rule, instance)});
            }
          }
          if (first_instance) {
            const facts::EgressCheck out = facts::instance_egress(f, instance, e);
            cause.flow = session_flow(f, instance, e, &out, nullptr);
            const facts::SecurityGroup* g = first_group(f, *e);
            if (g != nullptr) {
              cause.flow.push_back(FlowStep{
                  key_or_resource(f, g->ingress_property, g->resource),
                  "no ingress rule of group " + f.name(g->resource) + " admits TCP 443 from it"});
            }
          }
        }
      }
    }
    for (const auto& [key, cause] : causes.items()) {
      const facts::Endpoint* e = f.endpoint(cause.endpoints.front());
      const facts::SecurityGroup* g = first_group(f, *e);
      const SourceRange at = g != nullptr ? key_or_resource(f, g->ingress_property, g->resource)
                                          : f.key_range(e->resource);
      std::vector<std::string> sources;
      for (const Index i : cause.instances) {
        const facts::Instance* inst = f.instance(i);
        const facts::Subnet* s = f.subnet(inst->subnet.resource);
        sources.push_back(f.name(i) + (s != nullptr && s->cidr ? " (" + s->cidr->to_string() + ")"
                                                               : std::string()));
      }
      std::string message =
          (e->groups.size() == 1 && g != nullptr ? "security group " + f.name(g->resource)
                                                 : std::string("the security groups")) +
          " of endpoint" + (cause.endpoints.size() > 1 ? "s " : " ") + names(f, cause.endpoints) +
          " admit" + (e->groups.size() == 1 ? "s" : "") + " no TCP 443 from instance" +
          (cause.instances.size() > 1 ? "s " : " ") + join_words(sources, "and");
      std::vector<Related> related;
      for (const Index i : cause.instances) {
        add_instance(f, *f.instance(i), related);
      }
      for (const Index ep : cause.endpoints) {
        related.push_back(Related{f.key_range(ep), "endpoint " + f.name(ep) + " uses this group"});
      }
      related.insert(related.end(), cause.near.begin(), cause.near.end());
      sink.report(at, message, std::move(related), cause.flow,
                  g != nullptr ? admit_fix(ctx, *g, cause.instances) : std::vector<Fix>{});
    }
  }

 private:
  // The ingress rule that admits the instances: from their VPC's block when every subnet of the
  // VPC holds an instance that uses the group (anything narrower would leave some out), else
  // from each instance subnet's block, so SSM025 has nothing to say about it either. Only when
  // every block is known exactly.
  static std::vector<Fix> admit_fix(const Context& ctx, const facts::SecurityGroup& g,
                                    const std::vector<Index>& instances) {
    const facts::Facts& f = ctx.facts;
    std::optional<Index> vpc;
    std::vector<const facts::Subnet*> subnets;
    for (const Index i : instances) {
      const facts::Instance* inst = f.instance(i);
      const facts::Subnet* s = inst != nullptr ? f.subnet(inst->subnet.resource) : nullptr;
      if (s == nullptr || !inst->vpc || !s->cidr || s->cidr->v6 || (vpc && *vpc != *inst->vpc)) {
        return {};
      }
      vpc = inst->vpc;
      add_unique(subnets, s);
    }
    const facts::Vpc* v = f.vpc(vpc);
    if (v == nullptr || g.vpc.resource != vpc) {
      return {};
    }
    // The subnets of every instance that reaches an agent endpoint carrying this group.
    UniqueList<Index> used;
    for (const facts::Instance& inst : f.instances) {
      if (inst.vpc != vpc || !inst.subnet.resource) {
        continue;
      }
      for (const std::string& service : f.agent_services()) {
        for (const facts::Endpoint* e : facts::endpoints_for(f, vpc, service)) {
          for (const facts::GroupRef& ref : e->groups) {
            if (ref.kind == facts::GroupRef::Kind::group && ref.group == g.resource) {
              add_unique(used, *inst.subnet.resource);
            }
          }
        }
      }
    }
    std::size_t in_vpc = 0;
    for (const facts::Subnet& s : f.subnets) {
      in_vpc += s.vpc.resource == vpc ? 1U : 0U;
    }
    const auto editor = editor_for(ctx, f.resource(g.resource).body);
    if (!editor) {
      return {};
    }
    std::vector<std::pair<fix::Value, std::string>> sources;  // CidrIp, and the block it names
    if (v->cidr && !v->cidr->v6 && used.size() >= in_vpc) {
      if (auto source = cidr_value(ctx, editor->style(), g.resource, v->resource, v->cidr_property,
                                   *v->cidr)) {
        sources.emplace_back(std::move(*source), v->cidr->to_string());
      }
    }
    if (sources.empty()) {
      for (const facts::Subnet* s : subnets) {
        auto source =
            cidr_value(ctx, editor->style(), g.resource, s->resource, s->cidr_property, *s->cidr);
        if (!source) {
          return {};
        }
        sources.emplace_back(std::move(*source), s->cidr->to_string());
      }
    }
    std::vector<fix::Value> rules;
    std::vector<std::string> blocks;
    for (auto& [source, block] : sources) {
      rules.push_back(fix::Value::mapping({{f.label("IpProtocol"), fix::Value::string("tcp")},
                                           {f.label("CidrIp"), std::move(source)},
                                           {f.label("FromPort"), fix::Value::integer(443)},
                                           {f.label("ToPort"), fix::Value::integer(443)}}));
      blocks.push_back(block);
    }
    return fix_of("admit TCP 443 from " + join_words(blocks, "and"),
                  add_to_list(ctx, g.resource, g.ingress_property, "SecurityGroupIngress", rules));
  }

  static const facts::SecurityGroup* first_group(const facts::Facts& f, const facts::Endpoint& e) {
    for (const facts::GroupRef& g : e.groups) {
      if (g.kind == facts::GroupRef::Kind::group) {
        return f.group(g.group);
      }
    }
    return nullptr;
  }
};

}  // namespace

std::unique_ptr<const Rule> make_endpoint_sg_blocks_https() {
  return std::make_unique<EndpointSgBlocksHttps>();
}

}  // namespace ssmpf::rules::ssm
