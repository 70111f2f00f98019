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

constexpr std::string_view k_core = ":iam::aws:policy/AmazonSSMManagedInstanceCore";

// How a template builds ARNs from AWS::Partition, if it does: Fn::Sub "arn:${AWS::Partition}..."
// or Fn::Join ["", ["arn:", {"Ref": "AWS::Partition"}, ...]].
enum class PartitionForm : std::uint8_t { none, sub, join };

PartitionForm partition_form(const model::Document& document) {
  PartitionForm form = PartitionForm::none;
  for (std::uint32_t i = 0; i < document.node_count(); ++i) {
    const model::NodeRef node(&document, i);
    if (node.is_scalar() && node.scalar().find("${AWS::Partition}") != std::string_view::npos) {
      return PartitionForm::sub;
    }
    if (node.is_scalar() && node.scalar() == "AWS::Partition") {
      form = PartitionForm::join;
    }
  }
  return form;
}

// The partition of a region, for the ARNs of AWS managed policies; none for the isolated
// partitions, whose names this linter does not track.
std::optional<std::string> partition_of(std::string_view region) {
  if (starts_with(region, "cn-")) {
    return "aws-cn";
  }
  if (starts_with(region, "us-gov-")) {
    return "aws-us-gov";
  }
  if (region.find("-iso") != std::string_view::npos) {
    return std::nullopt;
  }
  return "aws";
}

// Attaches AmazonSSMManagedInstanceCore, which grants every action the agent needs, when
// nothing else can take them away again: no explicit Deny (reported above), no permissions
// boundary, no policy the inputs do not show, and room in the managed policy list (20).
std::vector<Fix> attach_core(const Context& ctx, const facts::Role& role) {
  const facts::Facts& f = ctx.facts;
  if (!role.complete || !role.unknown_policies.empty() || role.permissions_boundary) {
    return {};
  }
  const model::Member& property = role.managed_policies_property;
  if (property.key.valid() && (!property.value.is_sequence() || property.value.size() >= 20)) {
    return {};
  }
  const model::Resource& r = f.resource(role.resource);
  const auto editor = editor_for(ctx, property.key.valid() ? property.value : r.body);
  if (!editor) {
    return {};
  }
  const auto region = ctx.scope.region_of(r);
  const auto partition = region ? partition_of(*region) : std::nullopt;
  std::optional<fix::Value> arn;
  if (is_template(ctx) && r.key.document() != nullptr) {
    const PartitionForm form = partition_form(*r.key.document());
    const std::string sub = "arn:${AWS::Partition}" + std::string(k_core);
    if (form == PartitionForm::none && partition) {
      arn = fix::Value::string("arn:" + *partition + std::string(k_core));
    } else if (editor->style().short_tags) {
      arn = fix::Value::raw("!Sub " + sub);
    } else if (!editor->style().json || form == PartitionForm::sub) {
      arn = fix::Value::mapping({{"Fn::Sub", fix::Value::string(sub)}});
    } else {
      arn = fix::Value::mapping(
          {{"Fn::Join",
            fix::Value::sequence(
                {fix::Value::string(""),
                 fix::Value::sequence(
                     {fix::Value::string("arn:"),
                      fix::Value::mapping({{"Ref", fix::Value::string("AWS::Partition")}}),
                      fix::Value::string(std::string(k_core))})})}});
    }
  } else if (partition) {
    arn = fix::Value::string("arn:" + *partition + std::string(k_core));
  }
  if (!arn) {
    return {};
  }
  return fix_of("attach AmazonSSMManagedInstanceCore",
                add_to_list(ctx, role.resource, property, "ManagedPolicyArns", {*arn}));
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
                  std::move(rel), {}, attach_core(ctx, role));
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_role_lacks_session_permissions() {
  return std::make_unique<RoleLacksSessionPermissions>();
}

}  // namespace ssmpf::rules::ssm
