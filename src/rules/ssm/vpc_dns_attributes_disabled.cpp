// SPDX-License-Identifier: Apache-2.0
// SSM006 vpc-dns-attributes-disabled: metadata and docs in rules/ssm/SSM006.yaml.
#include <algorithm>

#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class VpcDnsAttributesDisabled final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    const auto services = f.agent_services();
    for (const facts::Vpc& vpc : f.vpcs) {
      // The first private-DNS agent endpoint in the VPC.
      const facts::Endpoint* endpoint = nullptr;
      for (const facts::Endpoint& e : f.endpoints) {
        if (e.vpc.resource == vpc.resource && e.private_dns &&
            e.type == facts::EndpointType::interface &&
            std::find(services.begin(), services.end(), e.service) != services.end()) {
          endpoint = &e;
          break;
        }
      }
      if (endpoint == nullptr) {
        continue;
      }
      const std::vector<Related> related{
          Related{f.key_range(endpoint->resource),
                  "endpoint " + f.name(endpoint->resource) + " relies on private DNS"}};
      check_attribute(ctx, sink, vpc, vpc.dns_support_property, vpc.dns_support,
                      vpc.dns_support_known, f.label("EnableDnsSupport"), true, related);
      check_attribute(ctx, sink, vpc, vpc.dns_hostnames_property, vpc.dns_hostnames,
                      vpc.dns_hostnames_known, f.label("EnableDnsHostnames"), false, related);
    }
  }

 private:
  static void check_attribute(const Context& ctx, Sink& sink, const facts::Vpc& vpc,
                              const model::Member& property, bool value, bool known,
                              const std::string& name, bool default_value,
                              const std::vector<Related>& related) {
    const facts::Facts& f = ctx.facts;
    const SourceRange at = value_or_resource(f, property, vpc.resource);
    if (!known) {
      sink.unverifiable(at, "that VPC " + f.name(vpc.resource) + " has " + name + " on",
                        why_not_known(ctx.scope.value(property.value)));
      return;
    }
    if (value) {
      return;
    }
    const bool written = property.key.valid();
    sink.report(
        at,
        name + " is off on VPC " + f.name(vpc.resource) +
            (written ? std::string()
                     : std::string(" (not written; CloudFormation's default is ") +
                           (default_value ? "true" : "false") + ")") +
            ": private DNS for its endpoints needs DNS support and DNS hostnames on, and "
            "the endpoint fails to create without them",
        related, {},
        fix_of("turn " + std::string(default_value ? "DNS support" : "DNS hostnames") + " on",
               set_true(ctx, vpc.resource, property,
                        default_value ? "EnableDnsSupport" : "EnableDnsHostnames")));
  }
};

}  // namespace

std::unique_ptr<const Rule> make_vpc_dns_attributes_disabled() {
  return std::make_unique<VpcDnsAttributesDisabled>();
}

}  // namespace ssmpf::rules::ssm
