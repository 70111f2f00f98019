// SPDX-License-Identifier: Apache-2.0
// SSM010 endpoint-uses-default-sg: metadata and docs in rules/ssm/SSM010.yaml.
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class EndpointUsesDefaultSg final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    Grouped<Index, UniqueList<Index>> causes;  // endpoint -> instances outside the default group
    for (const facts::Instance& instance : f.instances) {
      if (!instance.vpc) {
        continue;
      }
      for (const std::string& service : f.agent_services()) {
        for (const facts::Endpoint* e : facts::endpoints_for(f, instance.vpc, service)) {
          if (e->groups_written || e->type != facts::EndpointType::interface) {
            continue;
          }
          const facts::IngressCheck in = facts::endpoint_admits(f, instance, *e);
          if (in.verdict == facts::Verdict::no) {
            add_unique(causes.at(e->resource), instance.resource);
          } else if (in.verdict == facts::Verdict::unknown) {
            report_unknowns(sink, in.unknowns,
                            "that instance " + f.name(instance.resource) +
                                " is in the default security group that endpoint " +
                                f.name(e->resource) + " falls back to");
          }
        }
      }
    }
    for (const auto& [endpoint, instances] : causes.items()) {
      const facts::Endpoint* e = f.endpoint(endpoint);
      std::vector<Related> related;
      for (const Index i : instances) {
        related.push_back(Related{
            f.key_range(i), "instance " + f.name(i) + " is not in the default security group"});
      }
      if (e->vpc.resource) {
        related.push_back(
            Related{f.key_range(*e->vpc.resource),
                    "VPC " + f.name(*e->vpc.resource) + ", whose default group applies"});
      }
      sink.report(f.key_range(endpoint),
                  "endpoint " + f.name(endpoint) + " has no " + f.label("SecurityGroupIds") +
                      ", so it gets its VPC's default security group, "
                      "which admits only its own members; instance" +
                      (instances.size() > 1 ? "s " : " ") + names(f, instances) +
                      (instances.size() > 1 ? " are" : " is") + " not one",
                  std::move(related));
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_endpoint_uses_default_sg() {
  return std::make_unique<EndpointUsesDefaultSg>();
}

}  // namespace ssmpf::rules::ssm
