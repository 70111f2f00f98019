// SPDX-License-Identifier: Apache-2.0
// SSM017 deprecated-ssm-policy: metadata and docs in rules/ssm/SSM017.yaml.
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class DeprecatedSsmPolicy final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    for (const facts::Role& role : f.roles) {
      for (const auto& [node, policy] : role.deprecated) {
        sink.report(node.range(), "role " + f.name(role.resource) + " relies on " + policy->name +
                                      ": " + policy->deprecated +
                                      "; use AmazonSSMManagedInstanceCore instead");
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_deprecated_ssm_policy() {
  return std::make_unique<DeprecatedSsmPolicy>();
}

}  // namespace ssmpf::rules::ssm
