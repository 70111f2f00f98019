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

// The findings of a folder, checking that text and SARIF agree on every location. `select`
// narrows the rules (the foundation's scenarios look at the LD and PS rules only).
std::vector<Finding> check(const fs::path& dir, const std::string& select = "ALL") {
  const CliResult sarif = run_cli({"check", "--format", "sarif", "--select", select, dir.string()});
  const CliResult text = run_cli({"check", "--format", "text", "--select", select, dir.string()});
  const auto findings = parse_sarif(sarif.out);
  CHECK(sarif_schema_problems(sarif.out).empty());
  // Text and SARIF agree on every location.
  for (const Finding& f : findings) {
    const std::string path =
        fs::path(f.uri)
            .lexically_relative(fs::relative(fs::path(dir), source_dir()).parent_path())
            .generic_string();
    const std::string where = ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
                              f.level + ": " + f.message + " [" + f.rule + "]";
    CHECK(text.out.find(where) != std::string::npos);
  }
  return findings;
}

}  // namespace

TEST_CASE("the seed example is clean of loading and parameter-set findings") {
  const auto findings = check(seed_copy("clean", "", "", ""), "LD,PS");
  CHECK(findings.empty());
}

TEST_CASE("a misspelt reference: PS001 at the reference with the closest path") {
  const auto findings =
      check(seed_copy("ps001", "ec2_ssm.yaml", "pwork_pri_subnet_az1.attr_subnet_id",
                      "pwork_pri_subnet_az9.attr_subnet_id"),
            "LD,PS");
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
  const auto findings = check(
      seed_copy(
          "ld002", "ssm_vpcendpoint.yaml",
          "      vpc_id: \"{{pwork.vpcs.pworkvpc.vpc_id}}\"\n      tags:",
          "      security_group_ingress:\n        - ip_protocol: \"tcp\"\n"
          "          cidr_ip: \"10.0.3.0/24\"\n          from_port: 443\n          to_port: 443\n"
          "      vpc_id: \"{{pwork.vpcs.pworkvpc.vpc_id}}\"\n      tags:"),
      "LD,PS");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "LD002");
  CHECK(findings[0].line == 14);
  CHECK(findings[0].column == 7);
  CHECK(findings[0].message.find("drops the one at line 8") != std::string::npos);
}

TEST_CASE("two files both defining pwork: PS004") {
  const fs::path dir = seed_copy("ps004", "stacks.yaml", "  - \"ssm_vpcendpoint.yaml\"",
                                 "  - \"pwork_more.yaml\"\n  - \"ssm_vpcendpoint.yaml\"");
  write_text(dir / "pwork_more.yaml",
             "---\npwork:\n  vpcs:\n    pworkvpc2:\n      cidr_block: \"10.1.0.0/16\"\n");
  const auto findings = check(dir, "LD,PS");
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
  const auto findings = check(seed_copy("ps006", "ssm_vpcendpoint.yaml",
                                        "security_group_ingress:", "security_group_ingres:"),
                              "LD,PS");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "PS006");
  CHECK(findings[0].line == 8);
  CHECK(findings[0].column == 7);
  CHECK(findings[0].message.find("did you mean 'security_group_ingress'?") != std::string::npos);
}

TEST_CASE("a port that is not a number: PS007") {
  const auto findings =
      check(seed_copy("ps007", "ssm_vpcendpoint.yaml", "from_port: 443", "from_port: \"https\""),
            "LD,PS");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "PS007");
  CHECK(findings[0].line == 11);
  CHECK(findings[0].column == 22);
  CHECK(findings[0].message.find("expected an integer, found the string 'https'") !=
        std::string::npos);
}

TEST_CASE("the broken example shows every loading and parameter-set rule") {
  const CliResult r =
      run_cli({"check", "--format", "sarif", "examples/broken/parameter-set-mistakes"});
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

TEST_CASE("Session Manager verdicts on the seed example") {
  // Clean of errors and warnings: its only finding is the SSM002 note.
  const CliResult r = run_cli({"check", "--format", "sarif", "examples/seed-parameter-set"});
  CHECK(r.exit_code == 0);
  const auto findings = parse_sarif(r.out);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "SSM002");
  CHECK(findings[0].level == "note");

  // With an agent older than 3.3.40.0 the missing ec2messages endpoint breaks the path.
  const CliResult old = run_cli(
      {"check", "--format", "sarif", "--agent-version", "3.2.0.0", "examples/seed-parameter-set"});
  CHECK(old.exit_code == 1);
  const auto old_findings = parse_sarif(old.out);
  REQUIRE(old_findings.size() == 1);
  CHECK(old_findings[0].rule == "SSM001");
  CHECK(old_findings[0].message.find("ec2messages") != std::string::npos);
  CHECK(sarif_schema_problems(old.out).empty());
}

TEST_CASE("the instance moved to the az3 subnet: one SSM009 at the endpoint group's ingress") {
  const auto dir = seed_copy("ssm009", "ec2_ssm.yaml", "pwork_pri_subnet_az1.attr_subnet_id",
                             "pwork_pri_subnet_az3.attr_subnet_id");
  const CliResult r = run_cli({"check", "--format", "sarif", dir.string()});
  CHECK(r.exit_code == 1);
  CHECK(sarif_schema_problems(r.out).empty());
  write_text(sarif_out_dir() / "acceptance_ssm009.sarif", r.out);
  std::vector<Finding> errors;
  for (const Finding& f : check(dir)) {
    if (f.level != "note") {
      errors.push_back(f);
    }
  }
  REQUIRE(errors.size() == 1);
  const Finding& f = errors[0];
  CHECK(f.rule == "SSM009");
  CHECK(f.uri.ends_with("ssm_vpcendpoint.yaml"));
  CHECK(f.line == 8);  // security_group_ingress:
  bool instance = false;
  bool cidr = false;
  for (const Finding::Place& p : f.related) {
    instance = instance || (p.uri.ends_with("ec2_ssm.yaml") &&
                            p.message.find("pwork_instance_ssm") != std::string::npos);
    cidr = cidr || (p.uri.ends_with("pwork_vpc.yaml") &&
                    p.message.find("10.0.3.0/24") != std::string::npos);
  }
  CHECK(instance);
  CHECK(cidr);
  CHECK(f.flow.size() >= 3);
}

TEST_CASE("each broken example shows its mistake and nothing else") {
  for (const auto& entry : fs::directory_iterator(source_dir() / "examples/broken")) {
    const std::string readme = read_text(entry.path() / "README.md");
    const auto at = readme.find("Expected finding: ");
    if (at == std::string::npos) {
      continue;  // parameter-set-mistakes: one of each LD and PS rule, tested above
    }
    const std::string rule = readme.substr(at + 18, readme.find('\n', at) - at - 18);
    const std::string path = fs::relative(entry.path(), source_dir()).generic_string();
    INFO(path);
    const CliResult r = run_cli({"check", "--format", "sarif", path});
    CHECK(r.exit_code == 1);
    std::set<std::string> found;
    for (const Finding& f : parse_sarif(r.out)) {
      if (f.level != "note") {
        found.insert(f.rule);
      }
    }
    CHECK(found == std::set<std::string>{rule});
  }
}
