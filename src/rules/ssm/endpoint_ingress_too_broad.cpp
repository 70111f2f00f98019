// SPDX-License-Identifier: Apache-2.0
// SSM025 endpoint-ingress-too-broad: metadata and docs in rules/ssm/SSM025.yaml.
#include <algorithm>

#include "base/text.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class EndpointIngressTooBroad final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    const auto services = f.agent_services();
    // Rule -> the subnets of the instances that use the endpoints behind it.
    Grouped<const facts::SgRule*, UniqueList<Index>> uses;
    std::vector<std::pair<const facts::SgRule*, const facts::Vpc*>> rules;
    for (const facts::Instance& instance : f.instances) {
      const facts::Subnet* subnet = f.subnet(instance.subnet.resource);
      if (!instance.vpc || subnet == nullptr || !subnet->cidr) {
        continue;
      }
      for (const std::string& service : services) {
        for (const facts::Endpoint* e : facts::endpoints_for(f, instance.vpc, service)) {
          if (e->type != facts::EndpointType::interface) {
            continue;
          }
          // Every rule that admits the instance by CIDR, not only the first.
          for (const facts::GroupRef& g : e->groups) {
            const facts::SecurityGroup* sg =
                g.kind == facts::GroupRef::Kind::group ? f.group(g.group) : nullptr;
            if (sg == nullptr) {
              continue;
            }
            for (const facts::SgRule& rule : sg->ingress) {
              if (!rule.carries_https() || rule.peer.kind != facts::Peer::Kind::cidr ||
                  rule.peer.cidr->v6 || !rule.peer.cidr->contains(*subnet->cidr)) {
                continue;
              }
              UniqueList<Index>& subnets = uses.at(&rule);
              if (subnets.empty()) {
                rules.emplace_back(&rule, f.vpc(instance.vpc));
              }
              add_unique(subnets, subnet->resource);
            }
          }
        }
      }
    }
    for (const auto& [rule, vpc] : rules) {
      const std::vector<Index>& subnets = uses.at(rule);
      const Cidr& admitted = *rule->peer.cidr;
      std::vector<std::string> narrow;
      narrow.reserve(subnets.size());
      for (const Index s : subnets) {
        narrow.push_back(f.subnet(s)->cidr->to_string());
      }
      const std::string suggestion =
          "the instances that use it sit in " + join_words(narrow, "and");
      if (admitted.prefix == 0) {
        sink.report(rule->node.range(), "the endpoint group admits TCP 443 from " +
                                            admitted.to_string() + ", the whole internet; " +
                                            suggestion);
        continue;
      }
      if (vpc == nullptr || !vpc->cidr) {
        continue;
      }
      if (admitted.contains(*vpc->cidr) && !(admitted == *vpc->cidr)) {
        sink.report(rule->node.range(), "the endpoint group admits TCP 443 from " +
                                            admitted.to_string() + ", wider than VPC " +
                                            f.name(vpc->resource) + " (" + vpc->cidr->to_string() +
                                            "); " + suggestion);
        continue;
      }
      // The whole VPC, when a few subnets would do.
      std::size_t subnets_in_vpc = 0;
      for (const facts::Subnet& s : f.subnets) {
        subnets_in_vpc += s.vpc.resource == vpc->resource ? 1U : 0U;
      }
      if (admitted == *vpc->cidr && subnets.size() < subnets_in_vpc) {
        sink.report(rule->node.range(), "the endpoint group admits TCP 443 from the whole VPC " +
                                            f.name(vpc->resource) + " (" + admitted.to_string() +
                                            "); " + suggestion + " (" +
                                            std::to_string(subnets.size()) + " of " +
                                            std::to_string(subnets_in_vpc) + " subnets)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_endpoint_ingress_too_broad() {
  return std::make_unique<EndpointIngressTooBroad>();
}

}  // namespace ssmpf::rules::ssm
