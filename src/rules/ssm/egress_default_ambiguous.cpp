// SPDX-License-Identifier: Apache-2.0
// SSM012 egress-default-ambiguous: metadata and docs in rules/ssm/SSM012.yaml.
#include <algorithm>

#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

// Whether a security group of the instance has standalone egress rules and no inline ones: the
// only case in which instance_egress() can find the verdict ambiguous.
bool carries_standalone_only_group(const facts::Facts& f, const facts::Instance& instance) {
  return std::any_of(instance.groups.begin(), instance.groups.end(),
                     [&](const facts::GroupRef& ref) {
                       const facts::SecurityGroup* g =
                           ref.kind == facts::GroupRef::Kind::group ? f.group(ref.group) : nullptr;
                       return g != nullptr && g->standalone_egress && !g->inline_egress;
                     });
}

class EgressDefaultAmbiguous final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    Grouped<Index, UniqueList<Index>> causes;  // group -> instances whose verdict depends on it
    for (const facts::Instance& instance : f.instances) {
      if (!instance.vpc || !carries_standalone_only_group(f, instance)) {
        continue;  // no group whose default allow-all is in doubt: never ambiguous
      }
      std::optional<facts::InternetPath> internet;
      for (const std::string& service : f.agent_services()) {
        for (const facts::Endpoint* e : session_targets(f, instance, service, internet)) {
          const facts::EgressCheck out = facts::instance_egress(f, instance, e);
          if (out.verdict != facts::Verdict::no || !out.ambiguous) {
            continue;
          }
          // The groups whose default allow-all may or may not survive: standalone egress only.
          for (const facts::SecurityGroup* g : out.deciding_groups) {
            if (g->standalone_egress && !g->inline_egress) {
              add_unique(causes.at(g->resource), instance.resource);
            }
          }
        }
      }
    }
    for (const auto& [group, instances] : causes.items()) {
      const facts::SecurityGroup* g = f.group(group);
      // Point at the first standalone egress rule: that is what makes the default uncertain.
      SourceRange at = f.key_range(group);
      std::vector<Related> related;
      bool first = true;
      for (const facts::SgRule& r : g->egress) {
        if (!r.standalone) {
          continue;
        }
        if (first) {
          at = f.key_range(*r.standalone);
          first = false;
        } else {
          related.push_back(Related{f.key_range(*r.standalone), "another standalone egress rule"});
        }
      }
      related.push_back(
          Related{f.key_range(group), "group " + f.name(group) + " declares no egress of its own"});
      for (const Index i : instances) {
        related.push_back(Related{f.key_range(i), "instance " + f.name(i)});
      }
      sink.report(at,
                  "security group " + f.name(group) +
                      " has no inline egress, and its standalone egress rules do not allow TCP "
                      "443 to Systems Manager for instance" +
                      (instances.size() > 1 ? "s " : " ") + names(f, instances) +
                      ": whether CloudFormation's default allow-all egress survives them is not "
                      "visible, so write the egress rules on the group",
                  std::move(related));
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_egress_default_ambiguous() {
  return std::make_unique<EgressDefaultAmbiguous>();
}

}  // namespace ssmpf::rules::ssm
