// SPDX-License-Identifier: Apache-2.0
// The acceptance scenarios: mistakes made in a copy of the seed example are reported at the
// line and column to edit, the same in text and SARIF.
#include <filesystem>
#include <set>

#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;

namespace {

// A copy of the seed example with `edit` applied to one file.
fs::path seed_copy(const std::string& name, const std::string& file, const std::string& from,
                   const std::string& to) {
  const fs::path dir = scratch_dir("acceptance/" + name);
  fs::copy(source_dir() / "examples/seed-parameter-set", dir,
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  if (!file.empty()) {
    std::string text = read_text(dir / file);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    write_text(dir / file, text);
  }
  return dir;
}

std::vector<Finding> check(const fs::path& dir) {
  const CliResult sarif = run_cli({"check", "--format", "sarif", dir.string()});
  const CliResult text = run_cli({"check", "--format", "text", dir.string()});
  const auto findings = parse_sarif(sarif.out);
  CHECK(sarif_schema_problems(sarif.out).empty());
  // Text and SARIF agree on every location.
  for (const Finding& f : findings) {
    const std::string path = fs::path(f.uri).lexically_relative(
        fs::relative(fs::path(dir), source_dir()).parent_path()).generic_string();
    const std::string where = ":" + std::to_string(f.line) + ":" + std::to_string(f.column) +
                              ": " + f.level + ": " + f.message + " [" + f.rule + "]";
    CHECK(text.out.find(where) != std::string::npos);
  }
  return findings;
}

}  // namespace

TEST_CASE("the seed example is clean") {
  const auto findings = check(seed_copy("clean", "", "", ""));
  CHECK(findings.empty());
}

TEST_CASE("a misspelt reference: PS001 at the reference with the closest path") {
  const auto findings =
      check(seed_copy("ps001", "ec2_ssm.yaml", "pwork_pri_subnet_az1.attr_subnet_id",
                      "pwork_pri_subnet_az9.attr_subnet_id"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "PS001");
  CHECK(findings[0].uri.ends_with("ec2_ssm.yaml"));
  CHECK(findings[0].line == 59);
  CHECK(findings[0].column == 19);
  CHECK(findings[0].end_column == 19 + 53);  // the whole {{...}}
  CHECK(findings[0].message.find(
            "did you mean '{{pwork.subnets.pwork_pri_subnet_az1.attr_subnet_id}}'?") !=
        std::string::npos);
}

TEST_CASE("a group that repeats security_group_ingress: LD002") {
  const auto findings = check(seed_copy(
      "ld002", "ssm_vpcendpoint.yaml", "      vpc_id: \"{{pwork.vpcs.pworkvpc.vpc_id}}\"\n      tags:",
      "      security_group_ingress:\n        - ip_protocol: \"tcp\"\n"
      "          cidr_ip: \"10.0.3.0/24\"\n          from_port: 443\n          to_port: 443\n"
      "      vpc_id: \"{{pwork.vpcs.pworkvpc.vpc_id}}\"\n      tags:"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "LD002");
  CHECK(findings[0].line == 14);
  CHECK(findings[0].column == 7);
  CHECK(findings[0].message.find("drops the one at line 8") != std::string::npos);
}

TEST_CASE("two files both defining pwork: PS004") {
  const fs::path dir = seed_copy("ps004", "stacks.yaml", "  - \"ssm_vpcendpoint.yaml\"",
                                 "  - \"pwork_more.yaml\"\n  - \"ssm_vpcendpoint.yaml\"");
  write_text(dir / "pwork_more.yaml", "---\npwork:\n  vpcs:\n    pworkvpc2:\n      cidr_block: \"10.1.0.0/16\"\n");
  const auto findings = check(dir);
  std::size_t replaced = 0;
  for (const Finding& f : findings) {
    if (f.rule == "PS004") {
      ++replaced;
      CHECK(f.uri.ends_with("pwork_more.yaml"));
      CHECK(f.line == 2);
      CHECK(f.column == 1);
      CHECK(f.message.find("11 resources") != std::string::npos);
    } else {
      // What it loses shows up where it is used: the references into the replaced module.
      CHECK(f.rule == "PS001");
      CHECK(f.message.find("replaces") != std::string::npos);
    }
  }
  CHECK(replaced == 1);
}

TEST_CASE("a misspelt property: PS006 with the right name") {
  const auto findings = check(seed_copy("ps006", "ssm_vpcendpoint.yaml", "security_group_ingress:",
                                        "security_group_ingres:"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "PS006");
  CHECK(findings[0].line == 8);
  CHECK(findings[0].column == 7);
  CHECK(findings[0].message.find("did you mean 'security_group_ingress'?") != std::string::npos);
}

TEST_CASE("a port that is not a number: PS007") {
  const auto findings =
      check(seed_copy("ps007", "ssm_vpcendpoint.yaml", "from_port: 443", "from_port: \"https\""));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "PS007");
  CHECK(findings[0].line == 11);
  CHECK(findings[0].column == 22);
  CHECK(findings[0].message.find("expected an integer, found the string 'https'") !=
        std::string::npos);
}

TEST_CASE("the broken example shows every loading and parameter-set rule") {
  const CliResult r = run_cli({"check", "--format", "sarif", "examples/broken-parameter-set"});
  CHECK(r.exit_code == 1);
  std::set<std::string> rules;
  for (const Finding& f : parse_sarif(r.out)) {
    rules.insert(f.rule);
  }
  const CliResult list = run_cli({"rules"});
  for (const std::string id : {"LD001", "LD002", "LD003", "LD004", "LD005", "PS001", "PS002",
                               "PS003", "PS004", "PS005", "PS006", "PS007", "PS008"}) {
    INFO(id);
    CHECK(rules.contains(id));
  }
}
