// SPDX-License-Identifier: Apache-2.0
// SSM014 role-lacks-session-permissions: metadata and docs in rules/ssm/SSM014.yaml.
#include "base/text.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/iam_common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

std::vector<std::string> required_actions(const facts::Facts& f) {
  std::vector<std::string> out{"ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
                               "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
                               "ssmmessages:OpenDataChannel"};
  if (f.old_agent()) {
    for (const char* a : {"AcknowledgeMessage", "DeleteMessage", "FailMessage", "GetEndpoint",
                          "GetMessages", "SendReply"}) {
      out.push_back(std::string("ec2messages:") + a);
    }
  }
  return out;
}

class RoleLacksSessionPermissions final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    const auto actions = required_actions(f);
    for (const RoleUse& use : roles_in_use(f)) {
      const facts::Role& role = *use.role;
      std::vector<std::string> missing;
      std::vector<std::string> denied;
      std::vector<Related> related;
      bool unknown = false;
      const facts::Statement* uncertain = nullptr;
      for (const std::string& action : actions) {
        const facts::Evaluation e = facts::evaluate(role.statements, role.complete, action);
        switch (e.grant) {
          case facts::Grant::allowed:
            break;
          case facts::Grant::denied:
            denied.push_back(action);
            if (related.empty() || related.back().range != e.decided_by->at) {
              related.push_back(Related{e.decided_by->at, "this statement denies " + action});
            }
            break;
          case facts::Grant::not_granted:
            missing.push_back(action);
            break;
          case facts::Grant::unknown:
            unknown = true;
            uncertain = uncertain != nullptr ? uncertain : e.uncertain;
            break;
        }
      }
      const std::string who = "role " + f.name(role.resource) + " of instance" +
                              (use.instances.size() > 1 ? "s " : " ") + names(f, use.instances);
      if (!denied.empty()) {
        sink.report(related.front().range,
                    who + " explicitly denies " + join_words(denied, "and") +
                        ", which the SSM Agent needs for sessions",
                    related);
        continue;
      }
      const std::string prerequisite = "the session permissions of role " + f.name(role.resource);
      // A missing action is a finding even when other actions are uncertain.
      if (unknown && missing.empty()) {
        for (const facts::Unknown& u : role.unknown_policies) {
          sink.unverifiable(u.at, prerequisite, u.what);
        }
        if (uncertain != nullptr) {
          const std::string why =
              !uncertain->actions_known ? uncertain->why_unknown
              : uncertain->conditional
                  ? "a statement of " + uncertain->source + " has a Condition that may not hold"
                  : "a statement of " + uncertain->source +
                        " applies to a narrower Resource than \"*\"";
          sink.unverifiable(uncertain->at, prerequisite, why);
        } else if (role.unknown_policies.empty()) {
          sink.unverifiable(key_or_resource(f, role.managed_policies_property, role.resource),
                            prerequisite,
                            "a managed policy whose actions are known only in part decides them");
        }
        continue;
      }
      if (missing.empty() && role.permissions_boundary) {
        sink.unverifiable(
            value_or_resource(
                f, ctx.scope.property_member(f.resource(role.resource), "PermissionsBoundary"),
                role.resource),
            prerequisite, "a permissions boundary may take them away");
        continue;
      }
      if (missing.empty()) {
        continue;
      }
      std::vector<Related> rel;
      for (const Index i : use.instances) {
        rel.push_back(Related{f.key_range(i), "instance " + f.name(i)});
      }
      if (use.profile != nullptr) {
        rel.push_back(Related{f.key_range(use.profile->resource),
                              "instance profile " + f.name(use.profile->resource)});
      }
      std::string list = missing.size() <= 2 ? join_words(missing, "and")
                                             : missing.front() + " and " +
                                                   std::to_string(missing.size() - 1) + " more";
      sink.report(key_or_resource(f, role.managed_policies_property, role.resource),
                  who + " does not allow " + list +
                      ", which the SSM Agent needs for sessions (attach "
                      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore)",
                  std::move(rel));
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_role_lacks_session_permissions() {
  return std::make_unique<RoleLacksSessionPermissions>();
}

}  // namespace ssmpf::rules::ssm
