// SPDX-License-Identifier: Apache-2.0
// SSM015 role-trust-excludes-ec2: metadata and docs in rules/ssm/SSM015.yaml.
#include <optional>

#include "facts/iam.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/iam_common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

enum class Trust { yes, no, unknown };

// The text of a string as deployed (references substituted), or nullopt.
std::optional<std::string> text(const model::Scope& scope, const model::NodeRef& node) {
  const model::Value v = scope.value(node);
  return v.is_string() ? std::optional<std::string>(v.text) : std::nullopt;
}

// Whether a statement's Principal names the EC2 service (or anyone).
Trust principal_is_ec2(const model::Scope& scope, const model::NodeRef& principal) {
  if (!principal.valid()) {
    return Trust::no;  // NotPrincipal and friends: not a grant to EC2 we can see
  }
  if (principal.is_scalar()) {
    const auto t = text(scope, principal);
    return !t ? Trust::unknown : *t == "*" ? Trust::yes : Trust::no;
  }
  if (!principal.is_mapping()) {
    return Trust::unknown;
  }
  const model::NodeRef service = principal.get("Service");
  if (!service.valid()) {
    return Trust::no;
  }
  std::vector<model::NodeRef> names;
  if (service.is_sequence()) {
    for (std::size_t i = 0; i < service.size(); ++i) {
      names.push_back(service.item(i));
    }
  } else {
    names.push_back(service);
  }
  Trust result = Trust::no;
  for (const model::NodeRef& n : names) {
    const auto t = text(scope, n);
    if (!t) {
      result = Trust::unknown;
    } else if (*t == "ec2.amazonaws.com" || *t == "ec2.amazonaws.com.cn") {
      return Trust::yes;
    }
  }
  return result;
}

Trust trusts_ec2(const model::Scope& scope, const model::NodeRef& document) {
  const auto items = facts::statement_nodes(document);
  if (!items) {
    return Trust::unknown;
  }
  Trust result = Trust::no;
  bool denied_maybe = false;
  for (const model::NodeRef& s : *items) {
    if (!s.is_mapping()) {
      result = Trust::unknown;
      continue;
    }
    const auto effect = text(scope, s.get("Effect"));
    facts::Statement st;
    const model::NodeRef action = s.get("Action");
    std::vector<model::NodeRef> actions;
    if (action.is_sequence()) {
      for (std::size_t i = 0; i < action.size(); ++i) {
        actions.push_back(action.item(i));
      }
    } else {
      actions.push_back(action);
    }
    bool readable = effect.has_value();
    for (const model::NodeRef& a : actions) {
      const auto t = text(scope, a);
      readable = readable && t.has_value();
      if (t) {
        st.actions.push_back(*t);
      }
    }
    if (!readable) {
      result = result == Trust::yes ? Trust::yes : Trust::unknown;
      continue;
    }
    if (!st.matches("sts:AssumeRole")) {
      continue;
    }
    const Trust p = principal_is_ec2(scope, s.get("Principal"));
    const bool conditional = s.get("Condition").valid();
    if (*effect == "Deny" && p != Trust::no) {
      if (p == Trust::yes && !conditional) {
        return Trust::no;
      }
      denied_maybe = true;
      continue;
    }
    if (*effect == "Allow") {
      if (p == Trust::yes && !conditional) {
        result = Trust::yes;
      } else if (p != Trust::no && result == Trust::no) {
        result = Trust::unknown;
      }
    }
  }
  if (result == Trust::yes && denied_maybe) {
    return Trust::unknown;
  }
  return result;
}

class RoleTrustExcludesEc2 final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    for (const RoleUse& use : roles_in_use(f)) {
      const facts::Role& role = *use.role;
      const model::NodeRef doc = role.trust_property.value;
      if (!doc.valid()) {
        continue;  // a missing trust policy is PS008
      }
      const Trust t = trusts_ec2(ctx.scope, doc);
      if (t == Trust::yes) {
        continue;
      }
      const SourceRange at = key_or_resource(f, role.trust_property, role.resource);
      const std::string principal =
          ctx.scope.region_of(f.resource(role.resource)).value_or("").starts_with("cn-")
              ? "ec2.amazonaws.com.cn"
              : "ec2.amazonaws.com";
      if (t == Trust::unknown) {
        sink.unverifiable(at, "that role " + f.name(role.resource) + " trusts " + principal,
                          doc.is_mapping()
                              ? "its trust policy holds conditions, references or principals "
                                "that the inputs do not determine"
                              : "its trust policy is " + model::describe(doc) +
                                    ", not a policy document the rule can read");
        continue;
      }
      std::vector<Related> related;
      for (const Index i : use.instances) {
        related.push_back(Related{f.key_range(i), "instance " + f.name(i)});
      }
      sink.report(at,
                  "the trust policy of role " + f.name(role.resource) +
                      " does not let the EC2 service (" + principal + ") assume it, so instance" +
                      (use.instances.size() > 1 ? "s " : " ") + names(f, use.instances) +
                      (use.instances.size() > 1 ? " get" : " gets") + " no credentials",
                  std::move(related));
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_role_trust_excludes_ec2() {
  return std::make_unique<RoleTrustExcludesEc2>();
}

}  // namespace ssmpf::rules::ssm
