// SPDX-License-Identifier: Apache-2.0
#include <nlohmann/json.hpp>

#include "engine/rule_meta.hpp"
#include "paramset/scope.hpp"
#include "support/catch.hpp"

using namespace ssmpf;

namespace {

// Every (CloudFormation name, Python name) pair of a generated schema.
void collect(const nlohmann::json& node, std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_object()) {
    if (node.contains("x-cdk-passthrough")) {
      return;  // passed to CloudFormation verbatim: CloudFormation names
    }
    if (node.contains("properties") && node["properties"].is_object()) {
      for (const auto& [python, property] : node["properties"].items()) {
        if (property.is_object() && property.contains("x-cfn-name")) {
          out.emplace_back(property["x-cfn-name"].get<std::string>(), python);
        }
      }
    }
    for (const auto& [key, child] : node.items()) {
      collect(child, out);
    }
  } else if (node.is_array()) {
    for (const auto& child : node) {
      collect(child, out);
    }
  }
}

}  // namespace

TEST_CASE("python_name follows jsii for every property of every generated schema") {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const engine::EmbeddedFile& f : data::embedded_files()) {
    if (f.path.find("schemas/parameter-set/AWS-") == 0) {
      collect(nlohmann::json::parse(f.content), pairs);
    }
  }
  REQUIRE(pairs.size() > 500);
  for (const auto& [cfn, python] : pairs) {
    INFO(cfn);
    CHECK(paramset::python_name(cfn) == python);
  }
  CHECK(paramset::python_name("SSMAssociations") == "ssm_associations");
  CHECK(paramset::python_name("CidrIpv6") == "cidr_ipv6");
  CHECK(paramset::python_name("Ipv6CidrBlock") == "ipv6_cidr_block");
  CHECK(paramset::python_name("From") == "from_");
  CHECK(paramset::python_name("MemoryMiB") == "memory_mib");
  CHECK(paramset::python_name("MemoryGiBPerVCpu") == "memory_gib_per_v_cpu");
  CHECK(paramset::python_name("ABCDef") == "abc_def");
}
