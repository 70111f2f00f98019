// SPDX-License-Identifier: Apache-2.0
// Intrinsic-function evaluation of the CloudFormation front end, one function at a time.
#include "cfn/template_scope.hpp"
#include "load/yaml_loader.hpp"
#include "support/catch.hpp"

using namespace ssmpf;
using Kind = model::Value::Kind;

namespace {

// One template; `value(id, property)` evaluates a property of a resource.
class Template {
 public:
  explicit Template(const std::string& text, std::optional<std::string> region = std::nullopt,
                    std::map<std::string, std::string> parameters = {},
                    model::Schema schema = model::Schema::yaml11) {
    const FileId id = m_sources.add("t.yaml", "/t.yaml", text);
    m_parsed = load::parse_yaml(m_sources.file(id), id, schema, load::Limits{}, m_diags);
    REQUIRE_FALSE(m_parsed.failed);
    std::vector<cfn::StackInput> stacks{cfn::StackInput{
        "Stack", &m_parsed.document, std::move(region), "123456789012", false, {}, {}}};
    m_scope = std::make_unique<cfn::TemplateScope>(std::move(stacks), std::nullopt,
                                                   std::move(parameters), m_diags);
  }

  [[nodiscard]] const model::Resource* resource(std::string_view id) const {
    for (const model::Resource& r : m_scope->resources()) {
      if (r.name == id) {
        return &r;
      }
    }
    return nullptr;
  }

  [[nodiscard]] model::Value value(std::string_view id, std::string_view property) const {
    const model::Resource* r = resource(id);
    REQUIRE(r != nullptr);
    return m_scope->get(*r, property);
  }

  [[nodiscard]] std::vector<std::string> rule_ids() {
    std::vector<std::string> out;
    for (const Diagnostic& d : m_diags.take()) {
      out.emplace_back(d.rule_id);
    }
    return out;
  }

  [[nodiscard]] const cfn::TemplateScope& scope() const { return *m_scope; }

 private:
  SourceManager m_sources;
  Diagnostics m_diags;
  load::ParsedDocument m_parsed;
  std::unique_ptr<cfn::TemplateScope> m_scope;
};

std::string text_of(const model::Value& v) {
  INFO("kind " << static_cast<int>(v.kind) << ", reason: " << v.reason);
  REQUIRE(v.kind == Kind::string);
  return v.text;
}

}  // namespace

TEST_CASE("Ref and GetAtt: graph edges, or the property an attribute copies") {
  Template t(R"(
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !GetAtt Vpc.CidrBlock
      AvailabilityZone: !GetAtt [Vpc, DefaultSecurityGroup]
      Tags: [{Key: a, Value: {"Fn::GetAtt": [Vpc, VpcId]}}]
)");
  const model::Value ref = t.value("Subnet", "VpcId");
  REQUIRE(ref.kind == Kind::reference);
  CHECK(t.scope().resources()[ref.resource].name == "Vpc");
  CHECK(ref.attribute == "Ref");
  CHECK(text_of(t.value("Subnet", "CidrBlock")) == "10.0.0.0/16");
  const model::Value att = t.value("Subnet", "AvailabilityZone");
  REQUIRE(att.kind == Kind::reference);
  CHECK(att.attribute == "DefaultSecurityGroup");
  CHECK(t.rule_ids().empty());
}

TEST_CASE("Fn::Sub: variables, maps, literals and pseudo parameters") {
  Template known(R"(
Parameters:
  Env: {Type: String, Default: prod}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Sub "${Env}-${AWS::Region}-${AWS::Partition}-${AWS::AccountId}"
      Ipv4IpamPoolId: !Sub ["${Name}.${!Literal}", {Name: !Ref Env}]
      InstanceTenancy: !Sub "${Vpc}"
      Ipv4NetmaskLength: !Sub "vpc ${Vpc} of ${Env}"
)",
                 "cn-north-1");
  CHECK(text_of(known.value("Vpc", "CidrBlock")) == "prod-cn-north-1-aws-cn-123456789012");
  CHECK(text_of(known.value("Vpc", "Ipv4IpamPoolId")) == "prod.${Literal}");
  CHECK(known.value("Vpc", "InstanceTenancy").kind == Kind::reference);  // "${Vpc}" alone
  const model::Value embedded = known.value("Vpc", "Ipv4NetmaskLength");
  CHECK(embedded.kind == Kind::unknown);
  CHECK(embedded.reason.find("known only at deployment") != std::string::npos);

  // Without an environment the region and partition stay symbolic.
  Template symbolic(R"(
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Sub "com.amazonaws.${AWS::Region}.ssm"
      InstanceTenancy: !Join ["", ["arn:", !Ref AWS::Partition, ":iam::aws:policy/X"]]
)");
  CHECK(text_of(symbolic.value("Vpc", "CidrBlock")) == "com.amazonaws.${AWS::Region}.ssm");
  CHECK(text_of(symbolic.value("Vpc", "InstanceTenancy")) ==
        "arn:${AWS::Partition}:iam::aws:policy/X");
}

TEST_CASE("Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::If and AWS::NoValue") {
  Template t(R"(
Parameters:
  Stage: {Type: String, Default: dev}
  Subnets: {Type: CommaDelimitedList, Default: "a,b,c"}
Mappings:
  Cidrs:
    dev: {Vpc: 10.1.0.0/16}
Conditions:
  IsDev: !Equals [!Ref Stage, dev]
  IsProd: !Not [!Condition IsDev]
  Both: !And [!Condition IsDev, !Condition IsProd]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !FindInMap [Cidrs, !Ref Stage, Vpc]
      InstanceTenancy: !Select [1, !Split [",", "x,y,z"]]
      Ipv4IpamPoolId: !Select [2, !Ref Subnets]
      Ipv4NetmaskLength: !Select [5, !Ref Subnets]
      EnableDnsSupport: !If [IsDev, true, false]
      EnableDnsHostnames: !If [Both, true, false]
      Tags:
        - !Join ["-", [a, !Ref Stage, b]]
        - !If [IsProd, x, !Ref AWS::NoValue]
  ProdOnly:
    Type: AWS::EC2::VPC
    Condition: IsProd
)");
  CHECK(text_of(t.value("Vpc", "CidrBlock")) == "10.1.0.0/16");
  CHECK(text_of(t.value("Vpc", "InstanceTenancy")) == "y");
  CHECK(text_of(t.value("Vpc", "Ipv4IpamPoolId")) == "c");
  const model::Value out_of_range = t.value("Vpc", "Ipv4NetmaskLength");
  CHECK(out_of_range.kind == Kind::unknown);
  CHECK(out_of_range.reason.find("out of range") != std::string::npos);
  CHECK(t.value("Vpc", "EnableDnsSupport").as_bool() == true);
  CHECK(t.value("Vpc", "EnableDnsHostnames").as_bool() == false);
  const model::Value tags = t.value("Vpc", "Tags");
  REQUIRE(tags.items.size() == 1);  // the NoValue item is dropped
  CHECK(text_of(tags.items[0]) == "a-dev-b");
  CHECK(t.resource("ProdOnly") == nullptr);  // its condition is false: not created
}

TEST_CASE("what the template does not determine is unknown with a reason") {
  Template t(R"(
Parameters:
  NoDefault: {Type: String}
  FromStore: {Type: "AWS::SSM::Parameter::Value<String>", Default: /a/b}
  Stage: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref NoDefault
      InstanceTenancy: !Ref FromStore
      Ipv4IpamPoolId: !ImportValue shared-vpc-cidr
      Ipv4NetmaskLength: !Select [0, !GetAZs ""]
      EnableDnsSupport: !If [IsProd, true, false]
  Maybe:
    Type: AWS::EC2::VPC
    Condition: IsProd
)");
  auto reason = [&](std::string_view property) {
    const model::Value v = t.value("Vpc", property);
    CHECK(v.kind == Kind::unknown);
    return v.reason;
  };
  CHECK(reason("CidrBlock").find("--parameter NoDefault=VALUE") != std::string::npos);
  CHECK(reason("InstanceTenancy").find("Parameter Store") != std::string::npos);
  CHECK(reason("Ipv4IpamPoolId").find("export 'shared-vpc-cidr' is not in the inputs") !=
        std::string::npos);
  CHECK(reason("Ipv4NetmaskLength").find("availability zones") != std::string::npos);
  CHECK(reason("EnableDnsSupport").find("condition 'IsProd'") != std::string::npos);
  const model::Resource* maybe = t.resource("Maybe");
  REQUIRE(maybe != nullptr);  // undecided: analysed as present
  CHECK(maybe->condition == "IsProd");
}

TEST_CASE("parameter values given on the command line override defaults") {
  Template t(R"(
Parameters:
  Cidr: {Type: String, Default: 10.0.0.0/16}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref Cidr}
)",
             std::nullopt, {{"Cidr", "10.9.0.0/16"}});
  CHECK(text_of(t.value("Vpc", "CidrBlock")) == "10.9.0.0/16");
}

TEST_CASE("JSON templates and long forms evaluate like short tags") {
  Template t(R"({"Resources": {
  "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
  "Subnet": {"Type": "AWS::EC2::Subnet", "Metadata": {"aws:cdk:path": "App/Subnet"},
             "Properties": {"VpcId": {"Ref": "Vpc"},
                            "CidrBlock": {"Fn::GetAtt": ["Vpc", "CidrBlock"]},
                            "AvailabilityZone": {"Fn::Sub": "${AWS::Region}a"}}}}})",
             "eu-west-1", {}, model::Schema::json);
  CHECK(t.value("Subnet", "VpcId").kind == Kind::reference);
  CHECK(text_of(t.value("Subnet", "CidrBlock")) == "10.0.0.0/16");
  CHECK(text_of(t.value("Subnet", "AvailabilityZone")) == "eu-west-1a");
  CHECK(t.resource("Subnet")->construct_path == "App/Subnet");
}

TEST_CASE("self-referencing values stop at the nesting limit") {
  Template t(R"(
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !GetAtt Vpc.CidrBlock
)");
  const model::Value v = t.value("Vpc", "CidrBlock");
  CHECK(v.kind == Kind::reference);  // not a loop: the attribute stays an edge
}
