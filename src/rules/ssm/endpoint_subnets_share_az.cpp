// SPDX-License-Identifier: Apache-2.0
// SSM008 endpoint-subnets-share-az: metadata and docs in rules/ssm/SSM008.yaml.
#include <map>

#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class EndpointSubnetsShareAz final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    for (const facts::Endpoint& e : f.endpoints) {
      if (e.type != facts::EndpointType::interface) {
        continue;
      }
      // Zones by name (ap-northeast-1a) and by id (apne1-az1): names and ids cannot be
      // compared with each other, each kind only with its own.
      std::map<std::string, const facts::Link*> by_az;
      for (const facts::Link& l : e.subnets) {
        const facts::Subnet* s = f.subnet(l.resource);
        if (s == nullptr || (!s->az && !s->az_id)) {
          continue;  // the AZ is chosen at deployment: nothing to compare
        }
        const std::string zone = s->az ? *s->az : *s->az_id;
        const auto [it, inserted] = by_az.try_emplace((s->az ? "name:" : "id:") + zone, &l);
        if (inserted || it->second->resource == l.resource) {
          continue;
        }
        sink.report(l.value.range_or(f.key_range(e.resource)),
                    "endpoint " + f.name(e.resource) + " lists subnets " +
                        f.name(*it->second->resource) + " and " + f.name(s->resource) +
                        ", both in " + zone +
                        ": an interface endpoint takes one subnet per availability zone "
                        "(DuplicateSubnetsInSameZone)",
                    {Related{it->second->value.range_or(f.key_range(e.resource)),
                             "the other subnet in " + zone}});
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_endpoint_subnets_share_az() {
  return std::make_unique<EndpointSubnetsShareAz>();
}

}  // namespace ssmpf::rules::ssm
