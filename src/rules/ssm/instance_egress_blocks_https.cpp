// SPDX-License-Identifier: Apache-2.0
// SSM011 instance-egress-blocks-https: metadata and docs in rules/ssm/SSM011.yaml.
#include "base/text.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

struct Cause {
  std::vector<Index> instances;
  std::vector<Index> endpoints;  // empty entries stand for the internet path
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
          const std::string to = e != nullptr ? "endpoint " + f.name(e->resource)
                                              : std::string("the internet (0.0.0.0/0)");
          if (out.verdict == facts::Verdict::yes || out.ambiguous) {
            continue;  // allowed, or SSM012's ambiguity
          }
          if (out.verdict == facts::Verdict::unknown) {
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
            std::string why = "this rule allows " + rule->describe();
            if (rule->carries_https() && e != nullptr) {
              why += out.partial && rule == out.allowing
                         ? ", which covers only some of the endpoint's subnets"
                         : ", which does not reach the endpoint";
            }
            bool seen = false;
            for (const Related& n : cause.near) {
              seen = seen || n.range == rule->node.range();
            }
            if (!seen) {
              cause.near.push_back(Related{rule->node.range(), why});
            }
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
      if (cause.partial) {
        sink.report_demoted(at, message, std::move(related), cause.flow);
      } else {
        sink.report(at, message, std::move(related), cause.flow);
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_instance_egress_blocks_https() {
  return std::make_unique<InstanceEgressBlocksHttps>();
}

}  // namespace ssmpf::rules::ssm
