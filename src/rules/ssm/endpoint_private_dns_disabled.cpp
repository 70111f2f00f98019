// SPDX-License-Identifier: Apache-2.0
// SSM005 endpoint-private-dns-disabled: metadata and docs in rules/ssm/SSM005.yaml.
#include <algorithm>

#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class EndpointPrivateDnsDisabled final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    const auto services = f.agent_services();
    for (const facts::Endpoint& e : f.endpoints) {
      if (std::find(services.begin(), services.end(), e.service) == services.end() ||
          e.type != facts::EndpointType::interface) {
        continue;
      }
      const SourceRange at = value_or_resource(f, e.private_dns_property, e.resource);
      if (!e.private_dns_known) {
        sink.unverifiable(at, "that endpoint " + f.name(e.resource) + " has private DNS on",
                          why_not_known(ctx.scope.value(e.private_dns_property.value)));
        continue;
      }
      if (e.private_dns) {
        continue;
      }
      const bool written = e.private_dns_property.key.valid();
      sink.report(at,
                  "private DNS is off on endpoint " + f.name(e.resource) + " for " + e.service +
                      (written ? std::string()
                               : " (" + f.label("PrivateDnsEnabled") +
                                     " is not written and CloudFormation's default is false)") +
                      ": the agent resolves " + e.service + "." +
                      ctx.scope.region_of(f.resource(e.resource)).value_or("<region>") +
                      ".amazonaws.com to the public service, not to the endpoint",
                  {}, {},
                  fix_of("turn private DNS on",
                         set_true(ctx, e.resource, e.private_dns_property, "PrivateDnsEnabled")));
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_endpoint_private_dns_disabled() {
  return std::make_unique<EndpointPrivateDnsDisabled>();
}

}  // namespace ssmpf::rules::ssm
