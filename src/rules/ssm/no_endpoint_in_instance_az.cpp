// SPDX-License-Identifier: Apache-2.0
// SSM020 no-endpoint-in-instance-az: metadata and docs in rules/ssm/SSM020.yaml.
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class NoEndpointInInstanceAz final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    Grouped<std::pair<Index, std::string>, UniqueList<Index>> causes;  // (endpoint, AZ)
    for (const facts::Instance& instance : f.instances) {
      if (!instance.vpc || !instance.az) {
        continue;
      }
      for (const std::string& service : f.agent_services()) {
        for (const facts::Endpoint* e : facts::endpoints_for(f, instance.vpc, service)) {
          if (e->type != facts::EndpointType::interface || e->subnets.empty()) {
            continue;
          }
          bool covered = false;
          const facts::Link* unknown = nullptr;
          for (const facts::Link& l : e->subnets) {
            const facts::Subnet* s = f.subnet(l.resource);
            if (s == nullptr || !s->az) {
              unknown = unknown != nullptr ? unknown : &l;
            } else if (*s->az == *instance.az) {
              covered = true;
            }
          }
          if (covered) {
            continue;
          }
          if (unknown != nullptr) {
            const facts::Subnet* s = f.subnet(unknown->resource);
            sink.unverifiable(
                unknown->value.range_or(f.key_range(e->resource)),
                "that endpoint " + f.name(e->resource) + " has a subnet in " + *instance.az,
                s == nullptr
                    ? unknown->why_unknown(f.label("SubnetIds"), "subnet")
                    : "subnet " + f.name(s->resource) + " has no availability zone written");
            continue;
          }
          add_unique(causes.at({e->resource, *instance.az}), instance.resource);
        }
      }
    }
    for (const auto& [key, instances] : causes.items()) {
      const facts::Endpoint* e = f.endpoint(key.first);
      std::vector<Related> related;
      for (const Index i : instances) {
        related.push_back(Related{f.key_range(i), "instance " + f.name(i) + " in " + key.second});
      }
      sink.report(key_or_resource(f, e->subnets_property, e->resource),
                  "endpoint " + f.name(e->resource) + " has no subnet in " + key.second +
                      ", where instance" + (instances.size() > 1 ? "s " : " ") +
                      names(f, instances) + (instances.size() > 1 ? " run" : " runs") +
                      ": sessions cross availability zones and stop when the endpoint's zone fails",
                  std::move(related));
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_no_endpoint_in_instance_az() {
  return std::make_unique<NoEndpointInInstanceAz>();
}

}  // namespace ssmpf::rules::ssm
