// SPDX-License-Identifier: Apache-2.0
// SSM016 instance-profile-broken: metadata and docs in rules/ssm/SSM016.yaml.
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class InstanceProfileBroken final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    std::vector<Index> checked;
    for (const facts::Instance& instance : f.instances) {
      if (!instance.profile_written) {
        continue;  // SSM013
      }
      const SourceRange at = value_or_resource(f, instance.profile_property, instance.resource);
      if (!instance.profile.known()) {
        sink.unverifiable(
            at, "the instance profile of instance " + f.name(instance.resource),
            instance.profile.why_unknown(f.label("IamInstanceProfile"), "instance profile"));
        continue;
      }
      // A launch template's IamInstanceProfile takes Arn or Name; the instance's takes a name.
      if (instance.profile.attribute == "Arn" && !instance.profile_from_template) {
        sink.report_demoted(
            at,
            "instance " + f.name(instance.resource) + " refers to instance profile " +
                f.name(*instance.profile.resource) + " by ARN; " + f.label("IamInstanceProfile") +
                " takes the profile's name (its Ref)",
            {Related{f.key_range(*instance.profile.resource), "the profile"}});
      }
      const facts::InstanceProfile* p = f.profile(instance.profile.resource);
      bool seen = false;
      for (const Index c : checked) {
        seen = seen || c == p->resource;
      }
      if (seen) {
        continue;
      }
      checked.push_back(p->resource);
      check_profile(ctx, sink, *p, instance);
    }
  }

 private:
  static void check_profile(const Context& ctx, Sink& sink, const facts::InstanceProfile& p,
                            const facts::Instance& instance) {
    const facts::Facts& f = ctx.facts;
    const std::vector<Related> used{
        Related{f.key_range(instance.resource),
                "instance " + f.name(instance.resource) + " uses this profile"}};
    if (p.roles.empty()) {
      sink.report(key_or_resource(f, p.roles_property, p.resource),
                  "instance profile " + f.name(p.resource) +
                      " holds no role, so its instances get no credentials",
                  used);
      return;
    }
    if (p.roles.size() > 1) {
      sink.report(p.roles[1].value.range_or(f.key_range(p.resource)),
                  "instance profile " + f.name(p.resource) + " lists " +
                      std::to_string(p.roles.size()) + " roles; an instance profile holds one",
                  used);
      return;
    }
    const facts::Link& role = p.roles.front();
    if (role.known() && role.attribute == "Arn") {
      sink.report(role.value.range_or(f.key_range(p.resource)),
                  "instance profile " + f.name(p.resource) + " names role " +
                      f.name(*role.resource) + " by ARN; " + f.label("Roles") +
                      " takes role names (the role's Ref), and the deployment fails",
                  used);
      return;
    }
    if (!role.known()) {
      if (role.value.is_reference()) {
        sink.report(role.value.range_or(f.key_range(p.resource)),
                    "instance profile " + f.name(p.resource) + " names " +
                        f.name(role.value.resource) + ", which is not an IAM role",
                    used);
      } else {
        sink.unverifiable(role.value.range_or(f.key_range(p.resource)),
                          "the role of instance profile " + f.name(p.resource),
                          role.why_unknown(f.label("Roles"), "role"));
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_instance_profile_broken() {
  return std::make_unique<InstanceProfileBroken>();
}

}  // namespace ssmpf::rules::ssm
