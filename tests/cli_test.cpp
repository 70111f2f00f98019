// SPDX-License-Identifier: Apache-2.0
// The command line: exit codes, options, formats.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;

namespace {
const std::string k_seed = "examples/seed-parameter-set";
const std::string k_broken = "tests/fixtures/cli/broken";  // PS001 (error) and PS004 (warning)
}  // namespace

TEST_CASE("exit code 0 on a clean parameter set") {
  const CliResult r = run_cli({"check", k_seed});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);  // its one finding is a note, and notes never fail by default
  CHECK(r.err.find("5 files checked: 1 note") != std::string::npos);
  const CliResult quiet = run_cli({"check", "--select", "LD,PS", k_seed});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.find("5 files checked: no problems found") != std::string::npos);
  CHECK(run_cli({"check", "--fail-level", "note", k_seed}).exit_code == 1);
}

TEST_CASE("exit code 1 on findings at or above the fail level") {
  CHECK(run_cli({"check", k_broken}).exit_code == 1);
  CHECK(run_cli({"check", "--fail-level", "error", k_broken}).exit_code == 1);
  CHECK(run_cli({"check", "--fail-level", "none", k_broken}).exit_code == 0);
  // Only the warning left: fails at warning, passes at error.
  CHECK(run_cli({"check", "--select", "PS004", k_broken}).exit_code == 1);
  CHECK(run_cli({"check", "--select", "PS004", "--fail-level", "error", k_broken}).exit_code == 0);
  // Severity overrides count for the exit code.
  CHECK(run_cli({"check", "--select", "PS004", "--severity", "PS004=note", k_broken}).exit_code ==
        0);
  CHECK(run_cli({"check", "--select", "PS004", "--severity", "PS004=note", "--fail-level", "note",
                 k_broken})
            .exit_code == 1);
}

TEST_CASE("exit code 2 on usage errors") {
  CHECK(run_cli({}).exit_code == 2);
  CHECK(run_cli({"check", "--format", "xml", k_seed}).exit_code == 2);
  CHECK(run_cli({"check", "--no-such-option", k_seed}).exit_code == 2);
  CHECK(run_cli({"frobnicate"}).exit_code == 2);
  const CliResult sel = run_cli({"check", "--select", "PS01", k_seed});
  CHECK(sel.exit_code == 2);
  CHECK(sel.err.find("'PS01' matches no rule") != std::string::npos);
  const CliResult typo = run_cli({"check", "--ignore", "unresolved-referense", k_seed});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean 'unresolved-reference'?") != std::string::npos);
  CHECK(run_cli({"check", "--ignore", "LD001", k_seed}).exit_code == 2);
  CHECK(run_cli({"check", "--severity", "PS004=fatal", k_seed}).exit_code == 2);
  CHECK(run_cli({"explain", "PS999"}).exit_code == 2);
}

TEST_CASE("exit code 2 on a missing path keeps the findings already made") {
  const CliResult r = run_cli({"check", k_broken, "does/not/exist.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("[PS001]") != std::string::npos);
  CHECK(r.err.find("cannot read 'does/not/exist.yaml'") != std::string::npos);
  const CliResult sarif = run_cli({"check", "--format", "sarif", k_broken, "missing.yaml"});
  CHECK(sarif.exit_code == 2);
  CHECK(sarif.out.find("toolExecutionNotifications") != std::string::npos);
  CHECK(parse_sarif(sarif.out).size() == 2);
  CHECK(sarif_schema_problems(sarif.out).empty());
}

TEST_CASE("select and ignore take ids, prefixes and names") {
  auto rules_of = [](const std::vector<std::string>& extra) {
    std::vector<std::string> args{"check", "--format", "sarif", "--fail-level", "none"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(k_broken);
    std::set<std::string> out;
    for (const Finding& f : parse_sarif(run_cli(args).out)) {
      out.insert(f.rule);
    }
    return out;
  };
  using Set = std::set<std::string>;
  CHECK(rules_of({}) == Set{"PS001", "PS004"});
  CHECK(rules_of({"--select", "PS001"}) == Set{"PS001"});
  CHECK(rules_of({"--select", "unresolved-reference"}) == Set{"PS001"});
  CHECK(rules_of({"--ignore", "PS00"}) == Set{});
  CHECK(rules_of({"--ignore", "PS", "--select", "PS004"}) == Set{"PS004"});  // more specific wins
  CHECK(rules_of({"--select", "PS001,PS004"}) == Set{"PS001", "PS004"});
  CHECK(rules_of({"--select", "ALL", "--ignore", "module-replaced"}) == Set{"PS001"});
}

TEST_CASE("the output option writes the report to a file") {
  const fs::path out = scratch_dir("cli-output") / "report.sarif";
  const CliResult r = run_cli({"check", "--format", "sarif", "--output", out.string(), k_broken});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(parse_sarif(read_text(out)).size() == 2);
  const CliResult bad = run_cli({"check", "--output", "/nonexistent-dir/x.txt", k_broken});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("colour only on a terminal and never with NO_COLOR") {
  CHECK(run_cli({"check", k_broken}).out.find("\x1b[") == std::string::npos);
  CHECK(run_cli({"check", k_broken}, true).out.find("\x1b[") != std::string::npos);
  CHECK(run_cli({"check", k_broken}, true, true).out.find("\x1b[") == std::string::npos);
  CHECK(run_cli({"check", "--color", "never", k_broken}, true).out.find("\x1b[") ==
        std::string::npos);
  CHECK(run_cli({"check", "--color", "always", k_broken}).out.find("\x1b[") != std::string::npos);
}

TEST_CASE("quiet drops the summary line") {
  CHECK(run_cli({"check", k_seed}).err.find("checked") != std::string::npos);
  CHECK(run_cli({"check", "--quiet", k_seed}).err.empty());
}

TEST_CASE("rules, explain and version") {
  const CliResult rules = run_cli({"rules"});
  CHECK(rules.exit_code == 0);
  CHECK(rules.out.find("PS001   unresolved-reference") != std::string::npos);
  const CliResult md = run_cli({"rules", "--format", "markdown"});
  CHECK(md.out.find("| [PS001](docs/rules/PS001.md) | `unresolved-reference` | error |") !=
        std::string::npos);
  const CliResult explain = run_cli({"explain", "PS001"});
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("Flagged:") != std::string::npos);
  const CliResult version = run_cli({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.find("ssm-preflight " SSMPF_VERSION) != std::string::npos);
  const CliResult help = run_cli({"check", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--fail-level") != std::string::npos);
}

TEST_CASE("github annotations") {
  const CliResult r = run_cli({"check", "--format", "github", k_broken});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("::error file=tests/fixtures/cli/broken/") != std::string::npos);
  CHECK(r.out.find("::warning file=tests/fixtures/cli/broken/") != std::string::npos);
  CHECK(r.out.find(",title=PS001::unresolved reference") != std::string::npos);
}

TEST_CASE("a folder without a manifest is one set; loose files merge in order") {
  const CliResult folder = run_cli(
      {"check", "--format", "sarif", "--fail-level", "none", "tests/fixtures/cli/no-manifest"});
  CHECK(folder.exit_code == 0);
  CHECK(parse_sarif(folder.out).empty());  // references across files resolve
  const CliResult files = run_cli({"check", "--format", "sarif", "--fail-level", "none",
                                   "tests/fixtures/cli/no-manifest/b_network.yaml",
                                   "tests/fixtures/cli/no-manifest/a_common.yaml"});
  CHECK(parse_sarif(files.out).empty());
  const CliResult alone = run_cli({"check", "--format", "sarif", "--fail-level", "none",
                                   "tests/fixtures/cli/no-manifest/b_network.yaml"});
  const auto findings = parse_sarif(alone.out);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "PS001");
}

TEST_CASE("kinds files name further groups; a bad one is a configuration error") {
  const fs::path dir = scratch_dir("cli-kinds");
  write_text(dir / "set.yaml",
             "pwork:\n  gateways_for_nat:\n    natgw:\n      subnet_id: subnet-1\n"
             "      connectivity_typ: public\n");
  write_text(dir / "kinds.yaml",
             "kinds:\n  AWS::EC2::NatGateway:\n    groups: [gateways_for_nat]\n");
  const CliResult without = run_cli({"check", "--format", "sarif", (dir / "set.yaml").string()});
  const auto plain = parse_sarif(without.out);
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].rule == "PS005");
  // With the mapping the resources are checked (and the misspelt property is found).
  const CliResult with = run_cli({"check", "--format", "sarif", "--kinds",
                                  (dir / "kinds.yaml").string(), (dir / "set.yaml").string()});
  const auto mapped = parse_sarif(with.out);
  REQUIRE(mapped.size() == 1);
  CHECK(mapped[0].rule == "PS006");
  CHECK(mapped[0].message.find("did you mean 'connectivity_type'?") != std::string::npos);

  write_text(dir / "bad.yaml",
             "kinds:\n  NotAType:\n    groups: [x]\n  AWS::EC2::EIP:\n    grups: [y]\n");
  const CliResult bad =
      run_cli({"check", "--kinds", (dir / "bad.yaml").string(), (dir / "set.yaml").string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad.yaml:2:3: error: expected a CloudFormation resource type") !=
        std::string::npos);
  CHECK(bad.err.find("bad.yaml:5:5: error: unknown field 'grups'") != std::string::npos);
  CHECK(run_cli({"check", "--kinds", "no/such/kinds.yaml", k_seed}).exit_code == 2);
}

TEST_CASE("files read and parsed on several threads give the report of a serial run") {
  // Several files per folder, manifest and assembly, with problems of every kind: file ids,
  // the order of findings and every message must not depend on the threads.
  const fs::path dir = scratch_dir("cli-jobs");
  write_text(dir / "a_common.yaml", "common:\n  region: ap-northeast-1\n");
  write_text(dir / "b_broken.yaml", "network:\n  vpc: [unclosed\n");
  write_text(dir / "c_dup.yaml", "m:\n  g:\n    a: {}\n    a: {}\n");
  write_text(dir / "d_bin.yaml", std::string("x: \0y\n", 6));
  write_text(dir / "e_utf8.yaml", "x: \"\xC3\x28\"\n");
  write_text(dir / "f_tab.yaml", "x:\n\t- y\n");
  for (int i = 0; i < 12; ++i) {
    write_text(dir / ("g" + std::to_string(10 + i) + ".yaml"),
               "mod" + std::to_string(i) +
                   ":\n  group:\n    item:\n      value: " + std::to_string(i) + "\n");
  }
  write_text(dir / "t.json", R"({"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",
    "Properties": {"CidrBlock": "10.0.0.0/16"}, "Properties": {}}}})");
  for (const std::string& input : {dir.string(), k_seed, std::string("tests/fixtures/cdk/corpus"),
                                   std::string("examples/broken/parameter-set-mistakes")}) {
    INFO(input);
    for (const std::string format : {"sarif", "text"}) {
      const CliResult serial = run_cli({"check", "--format", format, "-j", "1", input});
      for (const std::string jobs : {"0", "2", "7"}) {
        const CliResult parallel = run_cli({"check", "--format", format, "-j", jobs, input});
        CHECK(parallel.exit_code == serial.exit_code);
        CHECK(parallel.out == serial.out);
        CHECK(parallel.err == serial.err);
      }
    }
  }
  const CliResult bad = run_cli({"check", "-j", "-1", k_seed});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("facts and rules computed on several threads give the report of a serial run",
          "[heavy]") {
  // Parameter sets build their instances' and groups' facts and run their rules side by side;
  // every finding, related location and SSM099 merge must come out as one thread makes them.
  // (370 runs: left out under valgrind, like the other [heavy] cases; tsan-check.sh runs the
  // same inputs under ThreadSanitizer.)
  std::vector<std::string> inputs;
  for (const auto& entry : fs::directory_iterator("examples/broken")) {
    inputs.push_back(entry.path().generic_string());
  }
  for (const auto& entry : fs::recursive_directory_iterator("tests/fixtures/rules")) {
    const std::string path = entry.path().generic_string();
    if (entry.path().extension() == ".yaml" && path.find("/SSM") != std::string::npos) {
      inputs.push_back(path);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  REQUIRE(inputs.size() > 100);
  std::size_t with_findings = 0;
  for (const std::string& input : inputs) {
    INFO(input);
    const CliResult serial = run_cli({"check", "--format", "sarif", "-j", "1", input});
    const CliResult parallel = run_cli({"check", "--format", "sarif", "-j", "3", input});
    CHECK(parallel.exit_code == serial.exit_code);
    CHECK(parallel.out == serial.out);
    CHECK(parallel.err == serial.err);
    if (serial.out.find("\"ruleId\"") != std::string::npos) {
      ++with_findings;
    }
  }
  CHECK(with_findings > 100);
}

TEST_CASE("a finding about thousands of instances names a few and keeps SARIF within limits") {
  const fs::path dir = scratch_dir("cli-many-instances");
  fs::copy("examples/broken/endpoint-sg-no-inbound-443", dir, fs::copy_options::recursive);
  std::string more;
  for (int i = 0; i < 1100; ++i) {
    const std::string id = "extra" + std::to_string(i);
    more += "    " + id + ":\n      id: \"" + id +
            "\"\n      iam_instance_profile: "
            "\"{{PWorkInstSSM.instanceprofiles.pwork_instance_ssm_prof.ref}}\"\n"
            "      image_id: \"ami-09cd9fdbf26acc6b4\"\n      instance_type: \"t2.micro\"\n"
            "      security_group_ids:\n"
            "        - \"{{PWorkInstSSM.securitygrps.pwork_instance_ssm_sg.attr_group_id}}\"\n"
            "      subnet_id: \"{{pwork.subnets.pwork_pri_subnet_az1.attr_subnet_id}}\"\n";
  }
  std::ofstream(dir / "ec2_ssm.yaml", std::ios::app) << "\n" << more;
  const CliResult sarif = run_cli({"check", "--format", "sarif", dir.string()});
  CHECK(sarif.exit_code == 1);
  const nlohmann::json log = nlohmann::json::parse(sarif.out);
  bool seen = false;
  for (const auto& result : log["runs"][0]["results"]) {
    if (result["ruleId"] == "SSM009") {
      seen = true;
      // 1,101 instances (two locations each), two endpoints: GitHub refuses more than 1,000
      // locations per result.
      CHECK(result["relatedLocations"].size() == 1000);
      const std::string text = result["message"]["text"];
      CHECK(text.find(" and 1093 more") != std::string::npos);
      CHECK(text.size() < 1000);
    }
  }
  CHECK(seen);
  const CliResult text = run_cli({"check", "--format", "text", dir.string()});
  CHECK(text.out.find("note: 2194 more related locations (--format sarif lists them)") !=
        std::string::npos);
  CHECK(text.out.size() < 20000);
}
