// SPDX-License-Identifier: Apache-2.0
// SSM007 duplicate-private-dns-endpoint: metadata and docs in rules/ssm/SSM007.yaml.
#include <map>

#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class DuplicatePrivateDnsEndpoint final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    // The VPC: a resource of the inputs, or a literal id (the same id is the same VPC).
    std::map<std::pair<std::string, std::string>, const facts::Endpoint*> first;
    for (const facts::Endpoint& e : f.endpoints) {
      if (!e.service_name || !e.private_dns || e.type != facts::EndpointType::interface) {
        continue;
      }
      std::string vpc;
      if (e.vpc.known()) {
        vpc = "#" + std::to_string(*e.vpc.resource);
      } else if (e.vpc.value.is_string()) {
        vpc = e.vpc.value.text;
      } else {
        continue;
      }
      const auto [it, inserted] = first.try_emplace({vpc, *e.service_name}, &e);
      if (inserted) {
        continue;
      }
      sink.report(f.key_range(e.resource),
                  "endpoint " + f.name(e.resource) + " repeats " + *e.service_name +
                      " with private DNS in VPC " +
                      (e.vpc.known() ? f.name(*e.vpc.resource) : "'" + e.vpc.value.text + "'") +
                      ", which endpoint " + f.name(it->second->resource) +
                      " already serves: the second endpoint fails to create (conflicting DNS "
                      "domain)",
                  {Related{f.key_range(it->second->resource),
                           "the first endpoint for " + *e.service_name}});
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_duplicate_private_dns_endpoint() {
  return std::make_unique<DuplicatePrivateDnsEndpoint>();
}

}  // namespace ssmpf::rules::ssm
