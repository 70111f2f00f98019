// SPDX-License-Identifier: Apache-2.0
// Where users run it: the configuration file, inline suppressions, baselines and SARIF identity.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

const std::string k_seed = "examples/seed-parameter-set";
const std::string k_no_443 = "examples/broken/endpoint-sg-no-inbound-443";

// Runs with the working folder set to `dir` (configuration discovery starts there).
class InFolder {
 public:
  explicit InFolder(const fs::path& dir) : m_previous(fs::current_path()) {
    fs::current_path(dir);
  }
  InFolder(const InFolder&) = delete;
  InFolder& operator=(const InFolder&) = delete;
  InFolder(InFolder&&) = delete;
  InFolder& operator=(InFolder&&) = delete;
  ~InFolder() { fs::current_path(m_previous); }

 private:
  fs::path m_previous;
};

fs::path copy_example(const std::string& example, const std::string& scratch) {
  const fs::path dir = scratch_dir(scratch);
  fs::create_directories(dir / "git-root" / ".git");  // a work tree: URIs relative to it
  const fs::path target = dir / "git-root" / "infra";
  fs::copy(source_dir() / example, target, fs::copy_options::recursive);
  return target;
}

std::set<std::string> rules_of(const std::vector<Finding>& findings) {
  std::set<std::string> out;
  for (const Finding& f : findings) {
    out.insert(f.rule);
  }
  return out;
}

Json results_of(const std::string& sarif) {
  return Json::parse(sarif).at("runs").at(0).at("results");
}

std::string fingerprint(const Json& result) {
  return result.at("partialFingerprints").at("ssmPreflightResourcePath/v1").get<std::string>();
}

// Inserts a comment and a blank line above every line that names a resource (indented by four)
// and re-indents nothing: every finding moves down, none changes.
void insert_lines_above_resources(const fs::path& dir) {
  const std::regex resource("^    [A-Za-z0-9_-]+:\\s*$");
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") {
      continue;
    }
    std::string in = read_text(entry.path());
    std::string out;
    std::size_t start = 0;
    while (start < in.size()) {
      std::size_t end = in.find('\n', start);
      end = end == std::string::npos ? in.size() : end + 1;
      const std::string line = in.substr(start, end - start);
      if (std::regex_search(line.substr(0, line.find('\n')), resource)) {
        out += "    # moved down by this comment\n\n";
      }
      out += line;
      start = end;
    }
    write_text(entry.path(), out);
  }
}

}  // namespace

TEST_CASE("configuration: found above the working folder; selects, ignores, sets severities") {
  const fs::path infra = copy_example(k_no_443, "config-walk");
  const fs::path root = infra.parent_path();
  fs::create_directories(root / "deep" / "er");
  write_text(root / ".ssm-preflight.yaml",
             "# project settings\n"
             "select: [SSM]\n"
             "ignore: [SSM002]\n"
             "severity:\n"
             "  SSM009: warning\n"
             "fail_level: error\n");
  InFolder cwd(root / "deep" / "er");
  const CliResult r = run_cli({"check", "--format", "sarif", "../../infra"});
  INFO(r.err);
  const auto findings = parse_sarif(r.out);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "SSM009");
  CHECK(findings[0].level == "warning");
  CHECK(r.exit_code == 0);  // fail_level error: a warning passes

  // The command line wins: --fail-level, --select, --severity.
  CHECK(run_cli({"check", "--fail-level", "warning", "../../infra"}).exit_code == 1);
  const CliResult selected =
      run_cli({"check", "--format", "sarif", "--select", "SSM002", "../../infra"});
  CHECK(rules_of(parse_sarif(selected.out)) == std::set<std::string>{});  // still ignored
  const CliResult severity =
      run_cli({"check", "--format", "sarif", "--severity", "SSM009=error", "../../infra"});
  REQUIRE(parse_sarif(severity.out).size() == 1);
  CHECK(parse_sarif(severity.out)[0].level == "error");
  CHECK(severity.exit_code == 1);
  // --no-config: the defaults.
  const CliResult plain = run_cli({"check", "--format", "sarif", "--no-config", "../../infra"});
  CHECK(rules_of(parse_sarif(plain.out)) == std::set<std::string>{"SSM002", "SSM009"});
}

TEST_CASE("configuration: severity off, --config, assumptions, groups and parameters") {
  const fs::path dir = scratch_dir("config-options");
  write_text(dir / "off.yaml", "severity:\n  SSM002: off\n");
  const CliResult off =
      run_cli({"check", "--format", "sarif", "--config", (dir / "off.yaml").string(), k_seed});
  CHECK(parse_sarif(off.out).empty());

  // assume.agent_version: an older agent needs ec2messages (SSM001 on the seed).
  write_text(dir / "agent.yaml", "assume:\n  agent_version: 3.2.0.0\n");
  const CliResult agent =
      run_cli({"check", "--format", "sarif", "--config", (dir / "agent.yaml").string(), k_seed});
  CHECK(rules_of(parse_sarif(agent.out)).count("SSM001") == 1);

  // assume.dhmc: an instance without a profile is fine.
  const std::string profile_missing = "tests/fixtures/rules/SSM013/plain.yaml";
  write_text(dir / "dhmc.yaml", "assume:\n  dhmc: true\n");
  const CliResult without = run_cli({"check", "--format", "sarif", "--select", "SSM013",
                                     "--fail-level", "none", profile_missing});
  CHECK(rules_of(parse_sarif(without.out)).count("SSM013") == 1);
  const CliResult with =
      run_cli({"check", "--format", "sarif", "--select", "SSM013", "--fail-level", "none",
               "--config", (dir / "dhmc.yaml").string(), profile_missing});
  CHECK(parse_sarif(with.out).empty());

  // assume.region: the region of inputs that do not give one; never over common.region or a
  // stack's environment (--region is the override).
  write_text(dir / "region.yaml", "assume:\n  region: eu-west-1\n");
  const std::string region_config = (dir / "region.yaml").string();
  const CliResult lone = run_cli({"check", "--format", "sarif", "--fail-level", "none",
                                  "--config", region_config,
                                  "tests/fixtures/cdk/renderings/ClosedEndpointGroup.template.json"});
  const auto lone_findings = parse_sarif(lone.out);
  REQUIRE(rules_of(lone_findings).count("SSM004") == 1);
  for (const Finding& f : lone_findings) {
    if (f.rule == "SSM004") {
      CHECK(f.message.find("the deployment region is 'eu-west-1' (the stack's environment, else "
                           "assume.region in the configuration)") != std::string::npos);
    }
  }
  const CliResult assembly = run_cli({"check", "--format", "sarif", "--fail-level", "none",
                                      "--config", region_config, "tests/fixtures/cdk/corpus"});
  CHECK(rules_of(parse_sarif(assembly.out)).count("SSM004") == 0);
  const CliResult seed_region =
      run_cli({"check", "--format", "sarif", "--config", region_config, k_seed});
  CHECK(rules_of(parse_sarif(seed_region.out)).count("SSM004") == 0);
  const CliResult seed_override = run_cli({"check", "--format", "sarif", "--config", region_config,
                                           "--region", "eu-west-1", k_seed});
  CHECK(rules_of(parse_sarif(seed_override.out)).count("SSM004") == 1);

  // groups: the same mapping as a --kinds file.
  write_text(dir / "set.yaml",
             "pwork:\n  gateways_for_nat:\n    natgw:\n      subnet_id: subnet-1\n"
             "      connectivity_typ: public\n");
  write_text(dir / "groups.yaml", "groups:\n  gateways_for_nat: AWS::EC2::NatGateway\n");
  const CliResult groups = run_cli({"check", "--format", "sarif", "--config",
                                    (dir / "groups.yaml").string(), (dir / "set.yaml").string()});
  CHECK(rules_of(parse_sarif(groups.out)) == std::set<std::string>{"PS006"});

  // parameters: template parameter values; --parameter wins.
  write_text(dir / "template.yaml",
             "Parameters:\n  Dns:\n    Type: String\n    AllowedValues: ['true', 'false']\n"
             "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n"
             "      CidrBlock: 10.0.0.0/16\n      EnableDnsHostnames: true\n"
             "  Ssm:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n"
             "      VpcId: !Ref Vpc\n      ServiceName: !Sub com.amazonaws.${AWS::Region}.ssm\n"
             "      VpcEndpointType: Interface\n      PrivateDnsEnabled: !Ref Dns\n");
  write_text(dir / "params.yaml", "parameters:\n  Dns: 'false'\n");
  const std::string params = (dir / "params.yaml").string();
  const std::string tmpl = (dir / "template.yaml").string();
  CHECK(rules_of(parse_sarif(
                     run_cli({"check", "--format", "sarif", "--config", params, tmpl}).out))
            .count("SSM005") == 1);
  CHECK(rules_of(parse_sarif(run_cli({"check", "--format", "sarif", "--config", params,
                                      "--parameter", "Dns=true", tmpl})
                                 .out))
            .count("SSM005") == 0);
}

TEST_CASE("configuration: exclude by parameter-set path, logical id and construct path") {
  const fs::path dir = scratch_dir("config-exclude");
  // The only instance behind the closed group is excluded: no SSM009.
  write_text(dir / "instance.yaml", "exclude: [PWorkInstSSM.instances.pwork_instance_ssm]\n");
  const CliResult paramset = run_cli({"check", "--format", "sarif", "--config",
                                      (dir / "instance.yaml").string(), k_no_443});
  INFO(paramset.err);
  CHECK(rules_of(parse_sarif(paramset.out)).count("SSM009") == 0);

  const std::string tmpl = "tests/fixtures/cdk/corpus/PrivateDnsOff.template.json";
  // How many findings name the ssm endpoint, under the configuration `text`.
  auto about_ssm_endpoint = [&](const std::string& text) {
    write_text(dir / "t.yaml", text);
    const CliResult r = run_cli({"check", "--format", "sarif", "--region", "ap-northeast-1",
                                 "--config", (dir / "t.yaml").string(), tmpl});
    int n = 0;
    for (const Finding& f : parse_sarif(r.out)) {
      n += f.message.find("'VpcSsmEndpointC46DB833'") != std::string::npos ? 1 : 0;
    }
    return n;
  };
  REQUIRE(about_ssm_endpoint("{}\n") == 1);
  // By logical id, by construct path and by an ancestor of it.
  CHECK(about_ssm_endpoint("exclude: [VpcSsmEndpointC46DB833]\n") == 0);
  CHECK(about_ssm_endpoint("exclude: [PrivateDnsOff/Vpc/SsmEndpoint/Resource]\n") == 0);
  CHECK(about_ssm_endpoint("exclude: [PrivateDnsOff/Vpc/SsmEndpoint]\n") == 0);
  // A construct path is matched by whole segments only; other resources stay.
  CHECK(about_ssm_endpoint("exclude: [PrivateDnsOff/Vpc/SsmEndp]\n") == 1);
  CHECK(about_ssm_endpoint("exclude: [PrivateDnsOff/Vpc/SsmMessagesEndpoint]\n") == 1);

  // In a cloud assembly, where logical ids repeat across stacks, Stack/LogicalId picks one.
  write_text(dir / "stack.yaml", "exclude: [PrivateDnsOff/VpcSsmEndpointC46DB833]\n");
  const CliResult assembly = run_cli({"check", "--format", "sarif", "--fail-level", "none",
                                      "--config", (dir / "stack.yaml").string(),
                                      "tests/fixtures/cdk/corpus"});
  int ssm_endpoint = 0;
  int messages_endpoint = 0;
  for (const Finding& f : parse_sarif(assembly.out)) {
    ssm_endpoint += f.message.find("(PrivateDnsOff/Vpc/SsmEndpoint/") != std::string::npos;
    messages_endpoint +=
        f.message.find("(PrivateDnsOff/Vpc/SsmMessagesEndpoint/") != std::string::npos;
  }
  CHECK(ssm_endpoint == 0);
  CHECK(messages_endpoint == 1);
}

TEST_CASE("configuration: mistakes exit 2 with the file, line and column") {
  const fs::path dir = scratch_dir("config-bad");
  auto check = [&](const std::string& text, const std::string& expected) {
    write_text(dir / "c.yaml", text);
    const CliResult r = run_cli({"check", "--config", (dir / "c.yaml").string(), k_seed});
    INFO(text << "\n---\n" << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(expected) != std::string::npos);
  };
  check("selct: [SSM]\n", "c.yaml:1:1: error: unknown property 'selct'; did you mean 'select'?");
  check("select: SSM\n", "c.yaml:1:9: error: select: ");
  check("select: [SSM, PX9]\n", "c.yaml:1:15: error: select: 'PX9' matches no rule");
  check("ignore:\n  - unresolved-referense\n",
        "c.yaml:2:5: error: ignore: 'unresolved-referense' matches no rule; did you mean "
        "'unresolved-reference'?");
  check("severity:\n  SSM009: fatal\n", "c.yaml:2:11: error: severity/SSM009: ");
  check("assume:\n  agent_version: three\n",
        "c.yaml:2:18: error: assume/agent_version: 'three' is not a version such as 3.3.40.0");
  check("assume:\n  dhmc: maybe\n", "c.yaml:2:9: error: assume/dhmc: ");
  check("groups:\n  nat: AWS::EC2\n", "c.yaml:2:8: error: groups/nat: 'AWS::EC2' is not a");
  check("fail_level: warning\nfail_level: error\n", "c.yaml:2:1: error: 'fail_level' is set twice");
  check("select: [SSM\n", "c.yaml:2:1: error: ");
  check("\x01binary", "c.yaml:1:1: error: a configuration file must be UTF-8 text");
  const CliResult missing = run_cli({"check", "--config", (dir / "none.yaml").string(), k_seed});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("cannot read configuration") != std::string::npos);
  // An empty file is every default.
  write_text(dir / "empty.yaml", "# nothing yet\n");
  CHECK(run_cli({"check", "--config", (dir / "empty.yaml").string(), k_seed}).exit_code == 0);
}

TEST_CASE("suppressions: listed in SARIF with their reason, left out of text and exit code") {
  const fs::path infra = copy_example(k_no_443, "suppress");
  std::string text = read_text(infra / "ssm_vpcendpoint.yaml");
  const std::string anchor = "    pwork_endpoint_sg:\n";
  REQUIRE(text.find(anchor) != std::string::npos);
  text.replace(text.find(anchor), anchor.size(),
               "    # ssm-preflight: ignore SSM009 -- admitted by the transit firewall\n" + anchor);
  write_text(infra / "ssm_vpcendpoint.yaml", text);

  const CliResult sarif = run_cli({"check", "--format", "sarif", infra.string()});
  CHECK(sarif.exit_code == 0);
  const Json results = results_of(sarif.out);
  int suppressed = 0;
  for (const Json& r : results) {
    if (r.contains("suppressions")) {
      ++suppressed;
      CHECK(r.at("ruleId") == "SSM009");
      const Json& s = r.at("suppressions").at(0);
      CHECK(s.at("kind") == "inSource");
      CHECK(s.at("justification") == "admitted by the transit firewall");
      CHECK(s.at("location").at("physicalLocation").at("region").at("startLine") == 4);
    }
  }
  CHECK(suppressed == 1);
  write_text(sarif_out_dir() / "suppressed.sarif", sarif.out);

  const CliResult plain = run_cli({"check", infra.string()});
  CHECK(plain.exit_code == 0);
  CHECK(plain.out.find("[SSM009]") == std::string::npos);
  CHECK(plain.err.find("(1 suppressed)") != std::string::npos);
  const CliResult github = run_cli({"check", "--format", "github", infra.string()});
  CHECK(github.out.find("SSM009") == std::string::npos);
  const CliResult gitlab = run_cli({"check", "--format", "gitlab", infra.string()});
  const Json issues = Json::parse(gitlab.out);
  REQUIRE(issues.is_array());
  for (const Json& issue : issues) {
    CHECK(issue.at("check_name") != "SSM009");
  }

  // ignore-file, with a rule list, covers the whole file.
  write_text(infra / "ssm_vpcendpoint.yaml",
             "# ssm-preflight: ignore-file SSM009 -- reviewed in change 1234\n" +
                 read_text(source_dir() / k_no_443 / "ssm_vpcendpoint.yaml"));
  const CliResult file_wide = run_cli({"check", infra.string()});
  CHECK(file_wide.exit_code == 0);
  CHECK(file_wide.err.find("(1 suppressed)") != std::string::npos);
}

TEST_CASE("suppressions: a JSON template's resource Metadata") {
  const fs::path dir = scratch_dir("suppress-json");
  const std::string tmpl = R"({
  "Resources": {
    "Vpc": {"Type": "AWS::EC2::VPC",
            "Properties": {"CidrBlock": "10.0.0.0/16", "EnableDnsHostnames": true}},
    "Ssm": {
      "Type": "AWS::EC2::VPCEndpoint",
      "Metadata": {"ssm-preflight": {"ignore": [
        {"rule": "SSM005", "reason": "the hub resolver answers for ssm"}]}},
      "Properties": {"VpcId": {"Ref": "Vpc"}, "VpcEndpointType": "Interface",
                     "ServiceName": "com.amazonaws.eu-west-1.ssm", "PrivateDnsEnabled": false}
    }
  }
}
)";
  write_text(dir / "t.json", tmpl);
  const CliResult r =
      run_cli({"check", "--format", "sarif", "--region", "eu-west-1", (dir / "t.json").string()});
  CHECK(r.exit_code == 0);
  const Json results = results_of(r.out);
  REQUIRE(results.size() == 1);
  CHECK(results[0].at("ruleId") == "SSM005");
  CHECK(results[0].at("suppressions").at(0).at("justification") ==
        "the hub resolver answers for ssm");
  CHECK(results[0].at("suppressions").at(0).at("location").at("physicalLocation").at("region").at(
            "startLine") == 8);
  // Without the reason it is SP002 and the finding stays.
  std::string bad = tmpl;
  bad.replace(bad.find(", \"reason\": \"the hub resolver answers for ssm\""),
              std::string(", \"reason\": \"the hub resolver answers for ssm\"").size(), "");
  write_text(dir / "t.json", bad);
  const CliResult b =
      run_cli({"check", "--format", "sarif", "--region", "eu-west-1", (dir / "t.json").string()});
  CHECK(b.exit_code == 1);
  CHECK(rules_of(parse_sarif(b.out)) == std::set<std::string>{"SP002", "SSM005"});
}

TEST_CASE("baseline: moved lines give no new result; a newly broken resource gives one") {
  const fs::path infra = copy_example(k_no_443, "baseline");
  const fs::path baseline = infra.parent_path() / "baseline.sarif";
  const CliResult written =
      run_cli({"check", "--write-baseline", baseline.string(), infra.string()});
  INFO(written.err);
  CHECK(written.exit_code == 0);  // writing a baseline accepts what it records
  const Json recorded = results_of(read_text(baseline));
  REQUIRE(recorded.size() == 2);

  insert_lines_above_resources(infra);
  const CliResult moved =
      run_cli({"check", "--format", "sarif", "--baseline", baseline.string(), infra.string()});
  INFO(moved.err);
  CHECK(results_of(moved.out).empty());
  CHECK(moved.exit_code == 0);
  CHECK(moved.err.find("(2 in the baseline)") != std::string::npos);
  // Same fingerprints, different lines.
  const CliResult all = run_cli({"check", "--format", "sarif", infra.string()});
  const Json now = results_of(all.out);
  REQUIRE(now.size() == 2);
  std::set<std::string> before;
  std::set<std::string> after;
  for (std::size_t i = 0; i < 2; ++i) {
    before.insert(fingerprint(recorded[i]));
    after.insert(fingerprint(now[i]));
  }
  CHECK(before == after);
  CHECK(now[0].at("locations").at(0).at("physicalLocation").at("region").at("startLine") !=
        recorded[0].at("locations").at(0).at("physicalLocation").at("region").at("startLine"));

  // Break another resource: exactly one new result.
  std::string vpc = read_text(infra / "pwork_vpc.yaml");
  const std::string on = "enable_dns_hostnames: True";
  REQUIRE(vpc.find(on) != std::string::npos);
  vpc.replace(vpc.find(on), on.size(), "enable_dns_hostnames: False");
  write_text(infra / "pwork_vpc.yaml", vpc);
  const CliResult broken =
      run_cli({"check", "--format", "sarif", "--baseline", baseline.string(), infra.string()});
  const auto fresh = parse_sarif(broken.out);
  REQUIRE(fresh.size() == 1);
  CHECK(fresh[0].rule == "SSM006");
  CHECK(broken.exit_code == 1);
}

TEST_CASE("baseline: an unreadable or foreign baseline is a usage error") {
  const fs::path dir = scratch_dir("baseline-bad");
  CHECK(run_cli({"check", "--baseline", (dir / "none.sarif").string(), k_seed}).exit_code == 2);
  write_text(dir / "junk.sarif", "not json");
  const CliResult junk = run_cli({"check", "--baseline", (dir / "junk.sarif").string(), k_seed});
  CHECK(junk.exit_code == 2);
  CHECK(junk.err.find("is not JSON") != std::string::npos);
  write_text(dir / "other.sarif", "{\"version\": \"2.1.0\"}");
  CHECK(run_cli({"check", "--baseline", (dir / "other.sarif").string(), k_seed}).exit_code == 2);
}

TEST_CASE("fingerprints: per rule and resource, stable across reformatting") {
  const CliResult a = run_cli({"check", "--format", "sarif", "--fail-level", "none",
                               "examples/broken/parameter-set-mistakes"});
  const Json results = results_of(a.out);
  REQUIRE(results.size() > 5);
  std::set<std::string> seen;
  for (const Json& r : results) {
    const std::string print = fingerprint(r);
    CHECK(std::regex_match(print, std::regex("[0-9a-f]{16}:[0-9]+")));
    CHECK(seen.insert(r.at("ruleId").get<std::string>() + print).second);  // unique
  }
  // A second run gives the same values.
  CHECK(run_cli({"check", "--format", "sarif", "--fail-level", "none",
                 "examples/broken/parameter-set-mistakes"})
            .out == a.out);
}

TEST_CASE("SARIF: automationDetails carries the category") {
  const CliResult def = run_cli({"check", "--format", "sarif", k_seed});
  CHECK(Json::parse(def.out).at("runs").at(0).at("automationDetails").at("id") ==
        "ssm-preflight/");
  const CliResult named =
      run_cli({"check", "--format", "sarif", "--category", "templates", k_seed});
  CHECK(Json::parse(named.out).at("runs").at(0).at("automationDetails").at("id") ==
        "templates/");
}

TEST_CASE("SARIF: every artifact URI resolves from the repository root, wherever it runs") {
  // The VS Code SARIF viewer and code scanning resolve %SRCROOT% URIs against the workspace
  // (repository) root; the run happens in a subfolder.
  const fs::path infra = copy_example(k_no_443, "uris");
  const fs::path root = infra.parent_path();
  std::string text = read_text(infra / "ssm_vpcendpoint.yaml");
  text.replace(text.find("    ssmmessages:\n"), 0,
               "    # ssm-preflight: ignore SSM005 -- nothing to hide: reported as unused\n");
  write_text(infra / "ssm_vpcendpoint.yaml", text);
  fs::create_directories(infra / "sub");
  InFolder cwd(infra / "sub");
  const CliResult r = run_cli({"check", "--format", "sarif", "--fail-level", "none", ".."});
  INFO(r.err);
  const Json log = Json::parse(r.out);
  std::vector<const Json*> artifacts;
  std::vector<const Json*> stack{&log};
  while (!stack.empty()) {
    const Json* node = stack.back();
    stack.pop_back();
    if (node->is_object()) {
      for (const auto& [key, value] : node->items()) {
        if (key == "artifactLocation") {
          artifacts.push_back(&value);
        }
        stack.push_back(&value);
      }
    } else if (node->is_array()) {
      for (const Json& value : *node) {
        stack.push_back(&value);
      }
    }
  }
  CHECK(artifacts.size() > 10);  // locations, related locations, code flows, fixes
  for (const Json* a : artifacts) {
    const std::string uri = a->at("uri").get<std::string>();
    INFO(uri);
    CHECK(a->at("uriBaseId") == "%SRCROOT%");
    CHECK(uri.rfind("infra/", 0) == 0);
    CHECK(fs::is_regular_file(root / uri));
  }
  CHECK(log.at("runs").at(0).at("originalUriBaseIds").contains("%SRCROOT%"));
  write_text(sarif_out_dir() / "subfolder-run.sarif", r.out);
}

TEST_CASE("configuration: the documented example is valid") {
  const CliResult r =
      run_cli({"check", "--config", "examples/config/.ssm-preflight.yaml", k_seed});
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("the output option writes into a FIFO and never replaces it") {
  // `-o /dev/null` or `-o /dev/stdout` must write into the device; renaming a temporary file
  // over it (as for regular files) would replace the node itself.
  const fs::path fifo = scratch_dir("output-fifo") / "report.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(fifo, std::ios::binary);
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      received.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
  });
  const CliResult r = run_cli({"check", "--format", "sarif", "-o", fifo.string(), k_seed});
  reader.join();
  CHECK(r.exit_code == 0);
  CHECK(fs::is_fifo(fifo));
  CHECK(Json::parse(received).at("version") == "2.1.0");
  CHECK_FALSE(fs::exists(fifo.string() + ".tmp"));
  const CliResult folder =
      run_cli({"check", "-o", scratch_dir("output-fifo").string(), k_seed});
  CHECK(folder.exit_code == 2);
  CHECK(folder.err.find("it is a folder") != std::string::npos);
}
