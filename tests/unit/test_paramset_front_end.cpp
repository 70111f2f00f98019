// SPDX-License-Identifier: Apache-2.0
#include <memory>

#include "paramset/builtin.hpp"
#include "paramset/front_end.hpp"
#include "paramset/inputs.hpp"
#include "paramset/references.hpp"
#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf;
namespace fs = std::filesystem;

namespace {

const paramset::KindTable& kinds() {
  static const paramset::KindTable table = paramset::builtin_kinds();
  return table;
}
const schema::SchemaSet& schemas() {
  static const schema::SchemaSet set = paramset::builtin_schemas();
  return set;
}

// A parameter set built from in-memory files, merged in the order given.
class Built {
 public:
  Built(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
    const fs::path dir = test::scratch_dir("front-end/" + name);
    std::vector<std::string> paths;
    for (const auto& [file, text] : files) {
      test::write_text(dir / file, text);
      paths.push_back((dir / file).string());
    }
    const paramset::Discovery d = paramset::discover(paths, m_loader, m_diags);
    REQUIRE(d.errors.empty());
    REQUIRE(d.sets.size() == 1);
    const paramset::FrontEndContext ctx{m_sources, kinds(), schemas(), m_limits};
    m_set = paramset::build(d.sets[0], ctx, m_diags);
  }

  [[nodiscard]] const model::ParameterSet& set() const { return m_set; }
  [[nodiscard]] std::vector<std::string> rules() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : m_diags.items()) {
      out.push_back(d.rule_id);
    }
    return out;
  }
  [[nodiscard]] const model::Resource& resource(const std::string& path) const {
    const auto index = m_set.find_resource(path);
    REQUIRE(index.has_value());
    return m_set.resources()[*index];
  }
  [[nodiscard]] model::NodeRef property(const std::string& path, const std::string& name) const {
    return resource(path).body.get(name);
  }

 private:
  SourceManager m_sources;
  load::Limits m_limits;
  paramset::Loader m_loader{m_sources, m_limits};
  Diagnostics m_diags;
  model::ParameterSet m_set;
};

}  // namespace

TEST_CASE("reference pattern: the consumer's exact character class") {
  const auto refs = paramset::find_references("a {{x.y-z_1[0]}} {{ bad }} {{}} {{{q}}} {{a.b}}");
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].path == "x.y-z_1[0]");
  CHECK(refs[1].path == "q");  // "{{{q}}}": the match starts at the second brace
  CHECK(refs[2].path == "a.b");
  CHECK(paramset::find_references("{{a.b}").empty());
  CHECK(paramset::split_path("a..b").size() == 3);
}

TEST_CASE("embedded references substitute textually and repeat until settled") {
  const Built b("embedded", {{"a.yaml",
                              "common:\n"
                              "  region: ap-northeast-1\n"
                              "  key: region\n"
                              "  prefix: \"com.amazonaws.{{common.region}}\"\n"
                              "  dynamic: \"{{common.{{common.key}}}}\"\n"
                              "ep:\n"
                              "  vpcendpoints:\n"
                              "    ssm:\n"
                              "      vpc_id: vpc-1\n"
                              "      service_name: \"{{common.prefix}}.ssm\"\n"}});
  CHECK(b.rules().empty());
  const model::NodeRef service = b.property("ep.vpcendpoints.ssm", "service_name");
  CHECK(b.set().known_string(service) == "com.amazonaws.ap-northeast-1.ssm");
  const model::ResolvedString* r = b.set().resolved(service);
  REQUIRE(r != nullptr);
  REQUIRE(r->sources.size() == 1);
  CHECK(r->sources[0].scalar() == "com.amazonaws.{{common.region}}");
  CHECK(b.set().known_string(b.set().common.get("dynamic")) == "ap-northeast-1");
  CHECK(b.set().region == "ap-northeast-1");
  CHECK(b.resource("ep.vpcendpoints.ssm").type == "AWS::EC2::VPCEndpoint");
}

TEST_CASE("runtime attributes are graph edges, not text") {
  const Built b("runtime", {{"a.yaml",
                             "m:\n"
                             "  securitygrps:\n"
                             "    sg:\n"
                             "      group_description: d\n"
                             "  instances:\n"
                             "    vm:\n"
                             "      image_id: ami-1\n"
                             "      security_group_ids: [\"{{m.securitygrps.sg.attr_group_id}}\"]\n"
                             "      key_name: \"key-{{m.securitygrps.sg.attr_group_id}}\"\n"}});
  CHECK(b.rules().empty());
  const model::NodeRef ids = b.property("m.instances.vm", "security_group_ids");
  const model::ResolvedString* r = b.set().resolved(ids.item(0));
  REQUIRE(r != nullptr);
  const model::RuntimeReference* edge = r->sole_reference();
  REQUIRE(edge != nullptr);
  CHECK(b.set().resources()[edge->resource].path == "m.securitygrps.sg");
  CHECK(edge->attribute == "attr_group_id");
  CHECK_FALSE(b.set().known_string(ids.item(0)).has_value());
  const model::ResolvedString* embedded =
      b.set().resolved(b.property("m.instances.vm", "key_name"));
  REQUIRE(embedded != nullptr);
  CHECK(embedded->sole_reference() == nullptr);
  REQUIRE(embedded->runtime.size() == 1);
  CHECK(embedded->runtime[0].offset == 4);
}

TEST_CASE("the later file replaces a module wholesale") {
  const Built b("merge", {{"a.yaml", "pwork:\n  vpcs:\n    a: {cidr_block: 10.0.0.0/16}\n"},
                          {"b.yaml", "pwork:\n  vpcs:\n    b: {cidr_block: 10.1.0.0/16}\n"}});
  CHECK(b.rules() == std::vector<std::string>{"PS004"});
  CHECK_FALSE(b.set().find_resource("pwork.vpcs.a").has_value());
  CHECK(b.set().find_resource("pwork.vpcs.b").has_value());
}

TEST_CASE("a repeated key keeps the last value in the model") {
  const Built b("duplicate",
                {{"a.yaml",
                  "m:\n  securitygrps:\n    sg:\n      group_description: d\n"
                  "      security_group_ingress: [{ip_protocol: tcp, cidr_ip: 10.0.1.0/24}]\n"
                  "      security_group_ingress: [{ip_protocol: udp, cidr_ip: 10.0.2.0/24}]\n"}});
  CHECK(b.rules() == std::vector<std::string>{"LD002"});
  const model::NodeRef ingress = b.property("m.securitygrps.sg", "security_group_ingress");
  CHECK(ingress.item(0).get("ip_protocol").scalar() == "udp");
}

TEST_CASE("groups: named, recognised from properties, or unknown") {
  const Built b("kinds", {{"a.yaml",
                           "m:\n"
                           "  my_endpoints:\n"
                           "    e: {service_name: com.amazonaws.ap-northeast-1.ssm, vpc_id: vpc-1, "
                           "vpc_endpoint_type: Interface}\n"
                           "  trust_me:\n"
                           "    r: {assume_role_policy_document: {}}\n"
                           "  nothing_fits:\n"
                           "    x: {flux_capacitor: true}\n"}});
  CHECK(b.resource("m.my_endpoints.e").type == "AWS::EC2::VPCEndpoint");
  CHECK(b.resource("m.trust_me.r").type == "AWS::IAM::Role");
  CHECK(b.resource("m.nothing_fits.x").type.empty());
  CHECK(b.rules() == std::vector<std::string>{"PS005"});
}

TEST_CASE("YAML 1.1 merge keys reach the model") {
  const Built b(
      "merge-keys",
      {{"a.yaml",
        "common:\n  dns: &d\n    enable_dns_support: true\n    enable_dns_hostnames: true\n"
        "m:\n  vpcs:\n    v:\n      <<: *d\n      cidr_block: 10.0.0.0/16\n"}});
  const model::NodeRef hostnames = b.property("m.vpcs.v", "enable_dns_hostnames");
  CHECK(hostnames.as_bool() == true);
  CHECK(b.rules().empty());
}

TEST_CASE("dotted property paths") {
  CHECK(paramset::dotted_path("security_group_ingress/0/from_port") ==
        "security_group_ingress[0].from_port");
  CHECK(paramset::schema_name("AWS::EC2::VPC") == "AWS-EC2-VPC.schema.json");
}
