// SPDX-License-Identifier: Apache-2.0
// SSM013 instance-profile-missing: metadata and docs in rules/ssm/SSM013.yaml.
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class InstanceProfileMissing final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    if (f.options.assume_dhmc) {
      return;
    }
    for (const facts::Instance& instance : f.instances) {
      if (instance.profile_written) {
        continue;
      }
      if (instance.template_unknown) {
        sink.unverifiable(instance.template_unknown->at,
                          "that instance " + f.name(instance.resource) + " has an instance profile",
                          instance.template_unknown->what + ", and it may set one");
        continue;
      }
      sink.report(f.key_range(instance.resource),
                  "instance " + f.name(instance.resource) + " has no " +
                      f.label("IamInstanceProfile") +
                      ", so the SSM Agent has no identity to register with (unless Default Host "
                      "Management Configuration is on: --assume-dhmc)");
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_instance_profile_missing() {
  return std::make_unique<InstanceProfileMissing>();
}

}  // namespace ssmpf::rules::ssm
