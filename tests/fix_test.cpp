// SPDX-License-Identifier: Apache-2.0
// check --fix: the certain fixes of the broken examples (examples/broken/*) and of the template
// and parameter-set cases under tests/fixtures/fix/ are applied to a copy, remove their
// findings, keep every comment, and give exactly the files under tests/fixtures/fix/expected/
// (UPDATE_GOLDEN=1 rewrites them). Files are written only when nothing changed them since they
// were read and their new text parses, with their permissions and no temporary file left.
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "fix/apply.hpp"
#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;

namespace {

// The rules that attach fixes.
const std::set<std::string> k_fixable{"SSM001", "SSM003", "SSM005", "SSM006",
                                      "SSM009", "SSM011", "SSM014"};

struct Case {
  std::string name;  // the expected files live in tests/fixtures/fix/expected/<name>/
  fs::path input;    // a file or a folder, relative to the repository root
  std::set<std::string> rules;
  std::vector<std::string> options;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  const std::regex expected(R"(Expected finding: (SSM[0-9]{3}))");
  for (const auto& entry : fs::directory_iterator(source_dir() / "examples/broken")) {
    std::smatch m;
    const std::string readme = read_text(entry.path() / "README.md");
    if (std::regex_search(readme, m, expected) && k_fixable.count(m[1].str()) > 0) {
      const std::string name = entry.path().filename().string();
      out.push_back(Case{"examples/" + name, fs::path("examples/broken") / name, {m[1].str()}, {}});
    }
  }
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests/fixtures/fix/templates")) {
    const std::string name = entry.path().filename().string();
    std::string rule = "SSM" + name.substr(3, 3);  // ssm005-... -> SSM005
    out.push_back(Case{"templates",
                       fs::path("tests/fixtures/fix/templates") / name,
                       {rule},
                       {"--region", "ap-northeast-1"}});
  }
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests/fixtures/fix/paramsets")) {
    const std::string name = entry.path().filename().string();
    out.push_back(
        Case{"paramsets/" + name, fs::path("tests/fixtures/fix/paramsets") / name, k_fixable, {}});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.input < b.input; });
  return out;
}

// Every file of a case: the file itself, or the folder's files, by name.
std::map<std::string, fs::path> files_of(const fs::path& path) {
  std::map<std::string, fs::path> out;
  if (fs::is_regular_file(path)) {
    out[path.filename().string()] = path;
    return out;
  }
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.is_regular_file()) {
      out[entry.path().filename().string()] = entry.path();
    }
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

std::set<std::string> rules_found(const std::vector<std::string>& options, const fs::path& path) {
  std::vector<std::string> args{"check", "--format", "sarif", "--fail-level", "none"};
  args.insert(args.end(), options.begin(), options.end());
  args.push_back(path.string());
  std::set<std::string> out;
  for (const Finding& f : parse_sarif(run_cli(args).out)) {
    out.insert(f.rule);
  }
  return out;
}

void compare_golden(const fs::path& golden, const std::string& actual) {
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    fs::create_directories((source_dir() / golden).parent_path());
    write_text(source_dir() / golden, actual);
  }
  INFO("expected file " << golden.generic_string() << " (UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(fs::exists(source_dir() / golden));
  CHECK(read_text(source_dir() / golden) == actual);
}

fs::perms perms_of(const fs::path& p) {
  return fs::status(p).permissions();
}

}  // namespace

TEST_CASE("check --fix repairs every fixable example and fixture") {
  const auto all = cases();
  REQUIRE(all.size() >= 15);
  for (const Case& c : all) {
    DYNAMIC_SECTION(c.input.generic_string()) {
      const fs::path work = scratch_dir("fix/" + c.input.generic_string());
      const auto originals = files_of(source_dir() / c.input);
      for (const auto& [name, from] : originals) {
        fs::copy_file(from, work / name, fs::copy_options::overwrite_existing);
      }
      const fs::path target =
          fs::is_regular_file(source_dir() / c.input) ? work / c.input.filename() : work;
      // The finding is there before.
      const auto before = rules_found(c.options, target);
      for (const std::string& rule : c.rules) {
        if (c.rules.size() == 1) {
          CHECK(before.count(rule) == 1);
        }
      }
      // Files keep their permissions.
      for (const auto& [name, from] : originals) {
        fs::permissions(work / name,
                        fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
      }
      // A fix can reveal a finding the first one hid (private DNS on -> the VPC's DNS
      // attributes are checked): fix until nothing changes.
      int runs = 0;
      for (; runs < 3; ++runs) {
        std::vector<std::string> args{"check", "--fix", "--fail-level", "none"};
        args.insert(args.end(), c.options.begin(), c.options.end());
        args.push_back(target.string());
        const CliResult r = run_cli(args);
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.find("unchanged") == std::string::npos);
        if (r.err.find("ssm-preflight: fixed") == std::string::npos) {
          break;
        }
      }
      CHECK(runs >= 1);
      // (a) the findings are gone, and the new rules admit no more than needed (SSM025).
      const auto after = rules_found(c.options, target);
      for (const std::string& rule : c.rules) {
        INFO("rule " << rule);
        CHECK(after.count(rule) == 0);
      }
      CHECK(after.count("SSM025") == 0);
      CHECK(after.count("SSM099") == before.count("SSM099"));
      for (const auto& [name, from] : originals) {
        const std::string old_text = read_text(from);
        const std::string new_text = read_text(work / name);
        // (b) every comment line survives.
        const auto new_lines = lines_of(new_text);
        for (const std::string& line : lines_of(old_text)) {
          const auto first = line.find_first_not_of(' ');
          if (first != std::string::npos && line[first] == '#') {
            INFO(name << ": " << line);
            CHECK(std::find(new_lines.begin(), new_lines.end(), line) != new_lines.end());
          }
        }
        // (c) the changed files are exactly the expected ones.
        const fs::path golden = fs::path("tests/fixtures/fix/expected") / c.name / name;
        if (new_text != old_text || fs::exists(source_dir() / golden)) {
          compare_golden(golden, new_text);
        }
        // (f) permissions kept.
        CHECK(perms_of(work / name) ==
              (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
      }
      // (f) no temporary file left behind.
      for (const auto& entry : fs::directory_iterator(work)) {
        INFO(entry.path().string());
        CHECK(entry.path().filename().string().find(".ssm-preflight-fix") == std::string::npos);
      }
      for (const auto& entry : fs::directory_iterator(work)) {
        fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add);
      }
    }
  }
}

TEST_CASE("every fix is a SARIF fix") {
  for (const std::string& path :
       {std::string("examples/broken/endpoint-sg-no-inbound-443"),
        std::string("examples/broken/instance-egress-http-only"),
        std::string("examples/broken/missing-ssmmessages-endpoint"),
        std::string("tests/fixtures/fix/templates/ssm001-endpoint.short.yaml"),
        std::string("tests/fixtures/fix/templates/ssm011-egress.long.yaml"),
        std::string("tests/fixtures/fix/templates/ssm014-role.json"),
        std::string("tests/fixtures/fix/paramsets/flow-style")}) {
    const CliResult r = run_cli(
        {"check", "--format", "sarif", "--fail-level", "none", "--region", "ap-northeast-1", path});
    INFO(path);
    CHECK(r.out.find("\"fixes\"") != std::string::npos);
    CHECK(r.out.find("\"artifactChanges\"") != std::string::npos);
    CHECK(r.out.find("\"insertedContent\"") != std::string::npos);
    for (const auto& p : sarif_schema_problems(r.out)) {
      FAIL_CHECK(p);
    }
    std::string name = fs::path(path).filename().string();
    write_text(sarif_out_dir() / ("fix_" + name + ".sarif"), r.out);
  }
}

namespace {

// The fixes of each result of a rule in a SARIF log, in result order.
std::vector<nlohmann::json> fixes_of(const std::string& sarif, const std::string& rule) {
  std::vector<nlohmann::json> out;
  const nlohmann::json log = nlohmann::json::parse(sarif);
  for (const nlohmann::json& r : log["runs"][0]["results"]) {
    if (r["ruleId"] == rule) {
      out.push_back(r.value("fixes", nlohmann::json::array()));
    }
  }
  return out;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("several findings with one repair carry the same fix and it is applied once") {
  // Two instances miss the same ssmmessages endpoint: one copy of the ssm endpoint is added.
  const fs::path input = source_dir() / "tests/fixtures/fix/templates/ssm001-endpoint.short.yaml";
  const CliResult r = run_cli({"check", "--format", "sarif", "--fail-level", "none", "--region",
                               "ap-northeast-1", input.string()});
  const auto fixes = fixes_of(r.out, "SSM001");
  REQUIRE(fixes.size() == 2);
  REQUIRE(fixes[0].size() == 1);
  CHECK(fixes[0] == fixes[1]);
  const fs::path work = scratch_dir("fix-identical");
  fs::copy_file(input, work / "t.yaml", fs::copy_options::overwrite_existing);
  const CliResult fixed = run_cli({"check", "--fix", "--fail-level", "none", "--region",
                                   "ap-northeast-1", (work / "t.yaml").string()});
  INFO(fixed.out << fixed.err);
  CHECK(fixed.err.find("fixed 1 finding") != std::string::npos);
  CHECK(count_of(read_text(work / "t.yaml"), "VpcEndpointSSMMessages:") == 1);
  const auto after = rules_found({"--region", "ap-northeast-1"}, work / "t.yaml");
  CHECK(after.count("SSM001") == 0);
  CHECK(after.count("SSM007") == 0);
  CHECK(after.count("LD002") == 0);
}

TEST_CASE("two missing endpoints are copies with names of their own") {
  // Under an old agent, ssmmessages and ec2messages are both missing: two copies of the ssm
  // endpoint, each with its own name and construct id.
  const fs::path work = scratch_dir("fix-two-copies");
  for (const auto& entry :
       fs::directory_iterator(source_dir() / "examples/broken/missing-ssmmessages-endpoint")) {
    fs::copy_file(entry.path(), work / entry.path().filename(),
                  fs::copy_options::overwrite_existing);
  }
  const std::vector<std::string> old_agent{"--agent-version", "3.2.0.0"};
  CHECK(rules_found(old_agent, work).count("SSM001") == 1);
  const CliResult fixed = run_cli(
      {"check", "--fix", "--fail-level", "none", "--agent-version", "3.2.0.0", work.string()});
  INFO(fixed.out << fixed.err);
  CHECK(fixed.err.find("fixed 2 findings") != std::string::npos);
  const std::string text = read_text(work / "ssm_vpcendpoint.yaml");
  CHECK(count_of(text, "\n    ssmmessages:\n      id: \"pwork_endpoint_ssmmessages\"") == 1);
  CHECK(count_of(text, "\n    ec2messages:\n      id: \"pwork_endpoint_ec2messages\"") == 1);
  CHECK(count_of(text, "com.amazonaws.{{common.region}}.ec2messages\"") == 1);
  const auto after = rules_found(old_agent, work);
  CHECK(after.count("SSM001") == 0);
  CHECK(after.count("LD002") == 0);
  CHECK(after.count("SSM007") == 0);
}

TEST_CASE("repairs that are not certain carry no fix") {
  const fs::path dir = scratch_dir("fix-uncertain");
  // A network whose private subnet has no way out; each case adds what it needs.
  const std::string network =
      "Resources:\n"
      "  Vpc:\n"
      "    Type: AWS::EC2::VPC\n"
      "    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsHostnames: true}\n"
      "  Subnet:\n"
      "    Type: AWS::EC2::Subnet\n"
      "    Properties: {CidrBlock: 10.0.1.0/24, VpcId: !Ref Vpc, AvailabilityZone: x-1a}\n"
      "  Table:\n"
      "    Type: AWS::EC2::RouteTable\n"
      "    Properties: {VpcId: !Ref Vpc}\n"
      "  Association:\n"
      "    Type: AWS::EC2::SubnetRouteTableAssociation\n"
      "    Properties: {RouteTableId: !Ref Table, SubnetId: !Ref Subnet}\n"
      "  EndpointGroup:\n"
      "    Type: AWS::EC2::SecurityGroup\n"
      "    Properties:\n"
      "      GroupDescription: endpoints\n"
      "      VpcId: !Ref Vpc\n"
      "      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: "
      "10.0.1.0/24}]\n"
      "  Instance:\n"
      "    Type: AWS::EC2::Instance\n"
      "    Properties:\n"
      "      ImageId: ami-1\n"
      "      SubnetId: !Ref Subnet\n"
      "      SecurityGroupIds: [!GetAtt InstanceGroup.GroupId]\n";
  const auto endpoint = [](const std::string& id, const std::string& service,
                           const std::string& extra) {
    return "  " + id +
           ":\n"
           "    Type: AWS::EC2::VPCEndpoint\n" +
           extra +
           "    Properties:\n"
           "      VpcId: !Ref Vpc\n"
           "      ServiceName: " +
           service +
           "\n"
           "      VpcEndpointType: Interface\n"
           "      PrivateDnsEnabled: true\n"
           "      SubnetIds: [!Ref Subnet]\n"
           "      SecurityGroupIds: [!GetAtt EndpointGroup.GroupId]\n";
  };
  const std::string open_group =
      "  InstanceGroup:\n"
      "    Type: AWS::EC2::SecurityGroup\n"
      "    Properties: {GroupDescription: instance, VpcId: !Ref Vpc}\n";
  const std::string ssm = "!Sub com.amazonaws.${AWS::Region}.ssm";
  const std::string messages = "!Sub com.amazonaws.${AWS::Region}.ssmmessages";
  struct Uncertain {
    std::string name;
    std::string rule;
    std::string text;
    bool fixed = false;
  };
  const std::vector<Uncertain> cases{
      // The controls: the same designs with a certain repair.
      {"control: a plain endpoint to copy", "SSM001",
       network + open_group + endpoint("SsmEndpoint", ssm, ""), true},
      {"control: inline egress only", "SSM011",
       network + endpoint("SsmEndpoint", ssm, "") + endpoint("MessagesEndpoint", messages, "") +
           "  InstanceGroup:\n"
           "    Type: AWS::EC2::SecurityGroup\n"
           "    Properties:\n"
           "      GroupDescription: instance\n"
           "      VpcId: !Ref Vpc\n"
           "      SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: "
           "0.0.0.0/0}]\n",
       true},
      {"the endpoint to copy has a condition", "SSM001",
       "Conditions:\n  Always: !Equals [a, a]\n" + network + open_group +
           endpoint("SsmEndpoint", ssm, "    Condition: Always\n")},
      {"something else refers to the endpoint to copy", "SSM001",
       network + open_group + endpoint("SsmEndpoint", ssm, "") +
           "Outputs:\n  Endpoint:\n    Value: !Ref SsmEndpoint\n"},
      {"the service name comes from a parameter", "SSM001",
       "Parameters:\n  Service:\n    Type: String\n    Default: "
       "com.amazonaws.ap-northeast-1.ssm\n" +
           network + open_group + endpoint("SsmEndpoint", "!Ref Service", "")},
      {"the endpoint to copy names another region", "SSM001",
       network + open_group + endpoint("SsmEndpoint", "com.amazonaws.us-east-1.ssm", "")},
      {"the endpoint to copy has private DNS off", "SSM001",
       network + open_group +
           endpoint("SsmEndpoint", ssm, "")
               .replace(endpoint("SsmEndpoint", ssm, "").find("true"), 4, "false")},
      {"standalone egress rules target the instance's group", "SSM011",
       network + endpoint("SsmEndpoint", ssm, "") + endpoint("MessagesEndpoint", messages, "") +
           "  InstanceGroup:\n"
           "    Type: AWS::EC2::SecurityGroup\n"
           "    Properties:\n"
           "      GroupDescription: instance\n"
           "      VpcId: !Ref Vpc\n"
           "      SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: "
           "0.0.0.0/0}]\n"
           "  Extra:\n"
           "    Type: AWS::EC2::SecurityGroupEgress\n"
           "    Properties: {GroupId: !GetAtt InstanceGroup.GroupId, IpProtocol: tcp, FromPort: "
           "22, ToPort: 22, CidrIp: 10.0.0.0/16}\n"},
      {"the instance goes out through the internet", "SSM011",
       network + "  Nat:\n"
                 "    Type: AWS::EC2::NatGateway\n"
                 "    Properties: {SubnetId: !Ref Subnet, AllocationId: eipalloc-1}\n"
                 "  Default:\n"
                 "    Type: AWS::EC2::Route\n"
                 "    Properties: {RouteTableId: !Ref Table, DestinationCidrBlock: 0.0.0.0/0, "
                 "NatGatewayId: !Ref Nat}\n"
                 "  InstanceGroup:\n"
                 "    Type: AWS::EC2::SecurityGroup\n"
                 "    Properties:\n"
                 "      GroupDescription: instance\n"
                 "      VpcId: !Ref Vpc\n"
                 "      SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: "
                 "0.0.0.0/0}]\n"},
  };
  for (const Uncertain& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const fs::path file = dir / "t.yaml";
      write_text(file, c.text);
      const CliResult r = run_cli({"check", "--format", "sarif", "--fail-level", "none", "--region",
                                   "ap-northeast-1", file.string()});
      INFO(c.text << r.out << r.err);
      const auto fixes = fixes_of(r.out, c.rule);
      REQUIRE_FALSE(fixes.empty());
      for (const nlohmann::json& f : fixes) {
        CHECK(f.empty() != c.fixed);
      }
    }
  }
}

TEST_CASE("fixes leave a file alone when it changed after it was read") {
  const fs::path dir = scratch_dir("fix-changed");
  const fs::path file = dir / "a.yaml";
  write_text(file, "a: 1\n");
  ssmpf::SourceManager sources;
  const ssmpf::FileId id = sources.add("a.yaml", file.string(), "a: 1\n");
  ssmpf::Diagnostic d;
  d.rule_id = "SSM005";
  d.range = ssmpf::SourceRange{id, 0, 1};
  d.fixes.push_back(ssmpf::Fix{"add b", {ssmpf::TextEdit{{id, 4, 4}, "\nb: 2"}}});
  write_text(file, "a: 1\n# edited meanwhile\n");
  const ssmpf::fix::Outcome outcome = ssmpf::fix::apply_fixes({d}, sources, {});
  REQUIRE(outcome.files.size() == 1);
  CHECK_FALSE(outcome.files[0].written);
  CHECK(outcome.files[0].problem == "it changed on disk while it was checked");
  CHECK(outcome.applied == 0);
  CHECK_FALSE(outcome.ok());
  CHECK(read_text(file) == "a: 1\n# edited meanwhile\n");
}

TEST_CASE("fixes are refused when their result would not parse") {
  const fs::path dir = scratch_dir("fix-unparsable");
  const fs::path file = dir / "t.json";
  const std::string text = "{\n \"a\": true\n}\n";
  write_text(file, text);
  ssmpf::SourceManager sources;
  const ssmpf::FileId id = sources.add("t.json", file.string(), text);
  ssmpf::Diagnostic d;
  d.rule_id = "SSM005";
  d.range = ssmpf::SourceRange{id, 0, 1};
  d.fixes.push_back(ssmpf::Fix{"break it", {ssmpf::TextEdit{{id, 13, 13}, ",\n \"b\": "}}});
  const ssmpf::fix::Outcome outcome = ssmpf::fix::apply_fixes({d}, sources, {});
  REQUIRE(outcome.files.size() == 1);
  CHECK_FALSE(outcome.files[0].written);
  CHECK(outcome.files[0].problem == "the fixed text would not parse");
  CHECK(read_text(file) == text);
  // YAML that stops parsing.
  const fs::path yaml = dir / "p.yaml";
  write_text(yaml, "a:\n  b: 1\n");
  const ssmpf::FileId yid = sources.add("p.yaml", yaml.string(), "a:\n  b: 1\n");
  ssmpf::Diagnostic y;
  y.rule_id = "SSM005";
  y.range = ssmpf::SourceRange{yid, 0, 1};
  y.fixes.push_back(ssmpf::Fix{"break it", {ssmpf::TextEdit{{yid, 10, 10}, "\n  c: [1"}}});
  const ssmpf::fix::Outcome broken = ssmpf::fix::apply_fixes({y}, sources, {});
  REQUIRE(broken.files.size() == 1);
  CHECK(broken.files[0].problem == "the fixed text would not parse");
  CHECK(read_text(yaml) == "a:\n  b: 1\n");
  for (const auto& entry : fs::directory_iterator(dir)) {
    CHECK(entry.path().filename().string().find(".ssm-preflight-fix") == std::string::npos);
  }
}
