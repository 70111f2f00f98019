// SPDX-License-Identifier: Apache-2.0
#include "facts/iam.hpp"
#include "load/yaml_loader.hpp"
#include "support/catch.hpp"

using namespace ssmpf;
using namespace ssmpf::facts;

namespace {

// Statements of a policy document written as YAML.
struct Policy {
  SourceManager sources;
  Diagnostics diags;
  load::ParsedDocument parsed;
  std::vector<Statement> statements;
  explicit Policy(std::string yaml) {
    const FileId id = sources.add("p.yaml", "/p.yaml", std::move(yaml));
    parsed = load::parse_yaml(sources.file(id), id, model::Schema::yaml11, load::Limits{}, diags);
    statements = read_policy_document(parsed.document.root(), "test policy");
  }
};

Grant grant(const Policy& p, std::string_view action, bool complete = true) {
  return evaluate(p.statements, complete, action).grant;
}

}  // namespace

TEST_CASE("IAM action wildcards") {
  CHECK(action_matches("ssm:*", "ssm:UpdateInstanceInformation"));
  CHECK(action_matches("ssm:Update*", "ssm:UpdateInstanceInformation"));
  CHECK(action_matches("*", "ssmmessages:OpenDataChannel"));
  CHECK(action_matches("SSM:updateinstanceinformation", "ssm:UpdateInstanceInformation"));
  CHECK(action_matches("ssmmessages:*Channel", "ssmmessages:OpenControlChannel"));
  CHECK(action_matches("ssmmessages:Open?ataChannel", "ssmmessages:OpenDataChannel"));
  CHECK_FALSE(action_matches("ssm:*", "ssmmessages:OpenDataChannel"));
  CHECK_FALSE(action_matches("ssm:Update", "ssm:UpdateInstanceInformation"));
  CHECK_FALSE(action_matches("ssm:Get*", "ssm:UpdateInstanceInformation"));
  CHECK(action_matches("s*:*Instance*", "ssm:UpdateInstanceInformation"));
}

TEST_CASE("policy evaluation: Allow, NotAction, explicit Deny, conditions") {
  const Policy allow(
      "Version: '2012-10-17'\nStatement:\n"
      "  - {Effect: Allow, Action: ['ssm:*', 'ssmmessages:Create*'], Resource: '*'}\n");
  CHECK(grant(allow, "ssm:UpdateInstanceInformation") == Grant::allowed);
  CHECK(grant(allow, "ssmmessages:CreateDataChannel") == Grant::allowed);
  CHECK(grant(allow, "ssmmessages:OpenDataChannel") == Grant::not_granted);
  CHECK(grant(allow, "ssmmessages:OpenDataChannel", false) == Grant::unknown);

  const Policy not_action("Statement:\n  Effect: Allow\n  NotAction: ['iam:*']\n  Resource: '*'\n");
  CHECK(grant(not_action, "ssmmessages:OpenDataChannel") == Grant::allowed);
  CHECK(grant(not_action, "iam:PassRole") == Grant::not_granted);

  const Policy deny(
      "Statement:\n"
      "  - {Effect: Allow, Action: '*', Resource: '*'}\n"
      "  - {Effect: Deny, Action: 'ssmmessages:Open*', Resource: '*'}\n");
  CHECK(grant(deny, "ssm:UpdateInstanceInformation") == Grant::allowed);
  CHECK(grant(deny, "ssmmessages:OpenControlChannel") == Grant::denied);
  // An explicit Deny wins even when other policies are unknown.
  CHECK(grant(deny, "ssmmessages:OpenControlChannel", false) == Grant::denied);

  const Policy conditional(
      "Statement:\n"
      "  - {Effect: Allow, Action: 'ssm:*', Resource: '*', Condition: {Bool: {aws:SecureTransport: "
      "'true'}}}\n"
      "  - {Effect: Allow, Action: 'ssmmessages:*', Resource: '*'}\n"
      "  - {Effect: Deny, Action: 'ssmmessages:CreateDataChannel', Resource: '*', Condition: "
      "{StringEquals: {aws:RequestedRegion: eu-west-1}}}\n");
  CHECK(grant(conditional, "ssm:UpdateInstanceInformation") == Grant::unknown);
  CHECK(grant(conditional, "ssmmessages:OpenDataChannel") == Grant::allowed);
  CHECK(grant(conditional, "ssmmessages:CreateDataChannel") == Grant::unknown);

  const Policy unreadable("Statement:\n  - {Effect: Allow, Action: {not: a list}}\n");
  CHECK(grant(unreadable, "ssm:UpdateInstanceInformation") == Grant::unknown);
}

TEST_CASE("AWS managed policy ARNs in every partition") {
  const auto a = parse_aws_managed_arn("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
  REQUIRE(a);
  CHECK(a->partition == "aws");
  CHECK(a->path == "/");
  CHECK(a->name == "AmazonSSMManagedInstanceCore");
  const auto b =
      parse_aws_managed_arn("arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM");
  REQUIRE(b);
  CHECK(b->partition == "aws-us-gov");
  CHECK(b->path == "/service-role/");
  CHECK_FALSE(parse_aws_managed_arn("arn:aws:iam::123456789012:policy/Mine"));
  CHECK_FALSE(parse_aws_managed_arn("AmazonSSMManagedInstanceCore"));

  const ManagedPolicyTable& table = ManagedPolicyTable::builtin();
  for (const char* arn : {"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
                          "arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore",
                          "arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore",
                          "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"}) {
    INFO(arn);
    const ManagedPolicy* p = table.find_arn(arn);
    REQUIRE(p != nullptr);
    CHECK(evaluate(p->statements, p->complete, "ssmmessages:OpenDataChannel").grant ==
          Grant::allowed);
    CHECK(evaluate(p->statements, p->complete, "ec2messages:GetMessages").grant == Grant::allowed);
    CHECK(evaluate(p->statements, p->complete, "s3:PutObject").grant == Grant::not_granted);
  }
  // The path is part of the name: AmazonEC2RoleforSSM lives under service-role/.
  CHECK(table.find_arn("arn:aws:iam::aws:policy/AmazonEC2RoleforSSM") == nullptr);
  const ManagedPolicy* old =
      table.find_arn("arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM");
  REQUIRE(old != nullptr);
  CHECK_FALSE(old->deprecated.empty());
  const ManagedPolicy* read_only =
      table.find_arn("arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess");
  REQUIRE(read_only != nullptr);
  CHECK(
      evaluate(read_only->statements, read_only->complete, "ssm:UpdateInstanceInformation").grant ==
      Grant::not_granted);
  const ManagedPolicy* full = table.find_arn("arn:aws:iam::aws:policy/AmazonSSMFullAccess");
  REQUIRE(full != nullptr);
  CHECK(evaluate(full->statements, full->complete, "ssmmessages:OpenDataChannel").grant ==
        Grant::unknown);  // listed only in part
  const ManagedPolicy* power = table.find_arn("arn:aws:iam::aws:policy/PowerUserAccess");
  REQUIRE(power != nullptr);
  CHECK(evaluate(power->statements, power->complete, "ssmmessages:OpenDataChannel").grant ==
        Grant::allowed);
  CHECK(evaluate(power->statements, power->complete, "iam:PassRole").grant == Grant::unknown);
}
