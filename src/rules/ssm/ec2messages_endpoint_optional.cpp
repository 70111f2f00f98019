// SPDX-License-Identifier: Apache-2.0
// SSM002 ec2messages-endpoint-optional: metadata and docs in rules/ssm/SSM002.yaml.
#include <set>

#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class Ec2messagesEndpointOptional final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    if (f.old_agent()) {
      return;  // then ec2messages is required: SSM001 reports its absence
    }
    UniqueList<Index> vpcs;
    for (const facts::Instance& i : f.instances) {
      if (i.vpc) {
        add_unique(vpcs, *i.vpc);
      }
    }
    for (const Index vpc : vpcs) {
      const auto ssm = facts::endpoints_for(f, vpc, "ssm");
      const auto messages = facts::endpoints_for(f, vpc, "ssmmessages");
      if (ssm.empty() || messages.empty() || !facts::endpoints_for(f, vpc, "ec2messages").empty()) {
        continue;
      }
      std::vector<Related> related{
          Related{f.key_range(ssm.front()->resource), "the ssm endpoint"},
          Related{f.key_range(messages.front()->resource), "the ssmmessages endpoint"}};
      sink.report(f.key_range(vpc),
                  "VPC " + f.name(vpc) + " has ssm and ssmmessages endpoints but none for " +
                      service_name(f, "ec2messages", vpc) + ": SSM Agent " +
                      facts::k_ssmmessages_agent.to_string() +
                      " and later do not need it; older agents do (--agent-version)",
                  std::move(related));
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_ec2messages_endpoint_optional() {
  return std::make_unique<Ec2messagesEndpointOptional>();
}

}  // namespace ssmpf::rules::ssm
