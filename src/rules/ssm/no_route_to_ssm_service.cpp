// SPDX-License-Identifier: Apache-2.0
// SSM001 no-route-to-ssm-service: metadata and docs in rules/ssm/SSM001.yaml.
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class NoRouteToSsmService final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    for (const facts::Instance& instance : f.instances) {
      if (!instance.vpc) {
        const std::string prerequisite =
            "a path from instance " + f.name(instance.resource) + " to Systems Manager";
        if (const facts::Subnet* s = f.subnet(instance.subnet.resource)) {
          sink.unverifiable(s->vpc.value.range_or(f.key_range(s->resource)), prerequisite,
                            s->vpc.why_unknown(f.label("VpcId"), "VPC"));
        } else {
          sink.unverifiable(instance.subnet_node.range(), prerequisite,
                            instance.subnet.why_unknown(f.label("SubnetId"), "subnet"));
        }
        continue;
      }
      std::optional<facts::InternetPath> internet;
      for (const std::string& service : f.agent_services()) {
        if (!facts::endpoints_for(f, instance.vpc, service).empty()) {
          continue;
        }
        if (!internet) {
          internet = facts::internet_path(f, instance);
        }
        if (internet->verdict == facts::Verdict::yes) {
          continue;
        }
        const std::string needed = service_name(f, service, instance.resource);
        // An endpoint whose service is not known may be the one for this service.
        const auto& unnamed = f.endpoints_in(*instance.vpc, "");
        if (!unnamed.empty()) {
          const facts::Endpoint* e = unnamed.front();
          sink.unverifiable(value_or_resource(f, e->service_property, e->resource),
                            "that instance " + f.name(instance.resource) + " reaches " + needed,
                            "the service of endpoint " + f.name(e->resource) + " is not known: " +
                                why_not_known(ctx.scope.value(e->service_property.value)));
          continue;
        }
        if (internet->verdict == facts::Verdict::unknown) {
          report_unknowns(sink, internet->unknowns,
                          "that instance " + f.name(instance.resource) + " reaches " + needed);
          continue;
        }
        std::string message = "instance " + f.name(instance.resource) + " has no path to " +
                              needed + ": VPC " + f.name(*instance.vpc) +
                              " has no endpoint for it and " + internet->description;
        std::vector<Related> related;
        related.push_back(Related{f.key_range(*instance.vpc), "VPC " + f.name(*instance.vpc) +
                                                                  ", which needs an interface "
                                                                  "endpoint for " +
                                                                  needed});
        // An endpoint for the service elsewhere is the likely intent.
        for (const facts::Endpoint& e : f.endpoints) {
          if (e.service == service && e.vpc.resource != instance.vpc) {
            message += "; endpoint " + f.name(e.resource) + " serves it in another VPC";
            related.push_back(Related{f.key_range(e.resource),
                                      "endpoint " + f.name(e.resource) + " for " + service +
                                          " is in another VPC, whose private DNS does not "
                                          "answer for this one"});
            break;
          }
        }
        std::vector<FlowStep> flow = session_flow(f, instance, nullptr, nullptr, nullptr);
        const facts::Subnet* subnet = f.subnet(instance.subnet.resource);
        const SourceRange route_at =
            internet->route != nullptr                 ? f.key_range(internet->route->resource)
            : subnet != nullptr && subnet->route_table ? f.key_range(*subnet->route_table)
                                                       : f.key_range(*instance.vpc);
        flow.push_back(FlowStep{route_at, internet->description});
        flow.push_back(FlowStep{f.key_range(*instance.vpc),
                                "VPC " + f.name(*instance.vpc) + " has no endpoint for " + needed});
        sink.report(f.key_range(instance.resource), message, std::move(related), std::move(flow));
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_no_route_to_ssm_service() {
  return std::make_unique<NoRouteToSsmService>();
}

}  // namespace ssmpf::rules::ssm
