// SPDX-License-Identifier: Apache-2.0
// SSM011 instance-egress-blocks-https: metadata and docs in rules/ssm/SSM011.yaml.
#include <algorithm>

#include "base/text.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

struct Cause {
  UniqueList<Index> instances;
  UniqueList<Index> endpoints;  // empty entries stand for the internet path
  bool internet = false;
  bool partial = true;  // every failure is a partial one (demoted)
  std::vector<Related> near;
  std::vector<FlowStep> flow;
  const facts::SecurityGroup* group = nullptr;
};

class InstanceEgressBlocksHttps final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    Grouped<std::vector<Index>, Cause> causes;  // keyed by the instance's groups
    for (const facts::Instance& instance : f.instances) {
      if (!instance.vpc) {
        continue;
      }
      std::optional<facts::InternetPath> internet;
      for (const std::string& service : f.agent_services()) {
        // No target at all is SSM001's finding.
        for (const facts::Endpoint* e : session_targets(f, instance, service, internet)) {
          const facts::EgressCheck out = facts::instance_egress(f, instance, e);
          if (out.verdict == facts::Verdict::yes || out.ambiguous) {
            continue;  // allowed, or SSM012's ambiguity
          }
          if (out.verdict == facts::Verdict::unknown) {
            const std::string to = e != nullptr ? "endpoint " + f.name(e->resource)
                                                : std::string("the internet (0.0.0.0/0)");
            report_unknowns(
                sink, out.unknowns,
                "that instance " + f.name(instance.resource) + " may send TCP 443 to " + to);
            continue;
          }
          std::vector<Index> key;
          for (const facts::GroupRef& g : instance.groups) {
            key.push_back(g.group);
          }
          Cause& cause = causes.at(key);
          const bool first = cause.instances.empty();
          add_unique(cause.instances, instance.resource);
          if (e != nullptr) {
            add_unique(cause.endpoints, e->resource);
          } else {
            cause.internet = true;
          }
          cause.partial = cause.partial && out.partial;
          for (const facts::SgRule* rule : out.near_misses) {
            const SourceRange range = rule->node.range();
            if (std::any_of(cause.near.begin(), cause.near.end(),
                            [&](const Related& n) { return n.range == range; })) {
              continue;
            }
            std::string why = "this rule allows " + rule->describe();
            if (rule->carries_https() && e != nullptr) {
              why += out.partial && rule == out.allowing
                         ? ", which covers only some of the endpoint's subnets"
                         : ", which does not reach the endpoint";
            }
            cause.near.push_back(Related{range, std::move(why)});
          }
          if (first) {
            cause.group = out.deciding_groups.empty() ? nullptr : out.deciding_groups.front();
            cause.flow = session_flow(f, instance, e, &out, nullptr);
          }
        }
      }
    }
    for (const auto& [key, cause] : causes.items()) {
      const facts::Instance* first = f.instance(cause.instances.front());
      const SourceRange at =
          cause.group != nullptr
              ? key_or_resource(f, cause.group->egress_property, cause.group->resource)
              : f.key_range(first->resource);
      std::vector<std::string> destinations;
      if (!cause.endpoints.empty()) {
        destinations.push_back("endpoint" + std::string(cause.endpoints.size() > 1 ? "s " : " ") +
                               names(f, cause.endpoints));
      }
      if (cause.internet) {
        destinations.emplace_back("the internet (0.0.0.0/0)");
      }
      bool placeholder = false;
      if (cause.group != nullptr) {
        for (const facts::SgRule& r : cause.group->egress) {
          placeholder = placeholder || r.placeholder;
        }
      }
      std::string message =
          (cause.group != nullptr
               ? "the egress rules of security group " + f.name(cause.group->resource)
               : std::string("the security groups of instance ") + f.name(first->resource)) +
          (cause.partial ? " allow TCP 443 to only some subnets of " : " allow no TCP 443 to ") +
          join_words(destinations, "or") + " for instance" +
          (cause.instances.size() > 1 ? "s " : " ") + names(f, cause.instances);
      if (placeholder) {
        message += " (its only rule is CDK's placeholder that allows nothing)";
      }
      if (cause.partial) {
        message += "; sessions fail whenever DNS answers with an address in the others";
      }
      std::vector<Related> related;
      for (const Index i : cause.instances) {
        related.push_back(Related{f.key_range(i), "instance " + f.name(i)});
      }
      for (const Index ep : cause.endpoints) {
        const facts::Endpoint* e = f.endpoint(ep);
        related.push_back(Related{key_or_resource(f, e->subnets_property, ep),
                                  "the subnets of endpoint " + f.name(ep)});
      }
      related.insert(related.end(), cause.near.begin(), cause.near.end());
      std::vector<Fix> fixes = allow_fix(ctx, cause);
      if (cause.partial) {
        sink.report_demoted(at, message, std::move(related), cause.flow, std::move(fixes));
      } else {
        sink.report(at, message, std::move(related), cause.flow, std::move(fixes));
      }
    }
  }

 private:
  // The egress rule that lets TCP 443 out to every endpoint behind the finding, appended to the
  // inline egress list of the group the finding points at (rules of an instance's groups add
  // up): to the one security group every endpoint carries, else to the VPC's CIDR block when it
  // contains every endpoint subnet's block. Only when that list is a literal list and no
  // standalone egress rule targets the group, and never for the internet path (which
  // destination the public endpoints need is not the linter's to choose).
  static std::vector<Fix> allow_fix(const Context& ctx, const Cause& cause) {
    const facts::Facts& f = ctx.facts;
    const facts::SecurityGroup* g = cause.group;
    if (g == nullptr || cause.internet || cause.endpoints.empty() || !g->inline_egress ||
        g->standalone_egress || !g->egress_property.value.is_sequence()) {
      return {};
    }
    const auto editor = editor_for(ctx, g->egress_property.value);
    if (!editor) {
      return {};
    }
    // The groups every endpoint carries, and the VPC they are in.
    std::optional<std::vector<Index>> shared;
    std::optional<Index> vpc;
    for (const Index i : cause.endpoints) {
      const facts::Endpoint* e = f.endpoint(i);
      if (e == nullptr || !e->vpc.resource || (vpc && *vpc != *e->vpc.resource)) {
        return {};
      }
      vpc = e->vpc.resource;
      std::vector<Index> carried;
      for (const facts::GroupRef& ref : e->groups) {
        if (ref.kind == facts::GroupRef::Kind::group) {
          add_unique(carried, ref.group);
        }
      }
      if (!shared) {
        shared = carried;
      } else {
        std::erase_if(*shared, [&](Index x) {
          return std::find(carried.begin(), carried.end(), x) == carried.end();
        });
      }
    }
    std::optional<fix::Value> destination;
    std::string key;
    std::string target;
    if (shared && shared->size() == 1) {
      destination = group_id_value(ctx, editor->style(), g->resource, shared->front());
      key = f.label("DestinationSecurityGroupId");
      target = "security group " + f.name(shared->front());
    }
    if (!destination) {
      const facts::Vpc* v = f.vpc(vpc);
      if (v == nullptr || !v->cidr || v->cidr->v6) {
        return {};
      }
      for (const Index i : cause.endpoints) {
        const facts::Endpoint* e = f.endpoint(i);
        if (e->subnets.empty()) {
          return {};
        }
        for (const facts::Link& l : e->subnets) {
          const facts::Subnet* s = f.subnet(l.resource);
          if (s == nullptr || !s->cidr || !v->cidr->contains(*s->cidr)) {
            return {};
          }
        }
      }
      destination =
          cidr_value(ctx, editor->style(), g->resource, v->resource, v->cidr_property, *v->cidr);
      key = f.label("CidrIp");
      target = v->cidr->to_string();
    }
    if (!destination) {
      return {};
    }
    const fix::Value rule = fix::Value::mapping({{f.label("IpProtocol"), fix::Value::string("tcp")},
                                                 {key, std::move(*destination)},
                                                 {f.label("FromPort"), fix::Value::integer(443)},
                                                 {f.label("ToPort"), fix::Value::integer(443)}});
    return fix_of("allow TCP 443 out to " + target,
                  add_to_list(ctx, g->resource, g->egress_property, "SecurityGroupEgress", {rule}));
  }
};

}  // namespace

std::unique_ptr<const Rule> make_instance_egress_blocks_https() {
  return std::make_unique<InstanceEgressBlocksHttps>();
}

}  // namespace ssmpf::rules::ssm
