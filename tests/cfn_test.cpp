// SPDX-License-Identifier: Apache-2.0
// CloudFormation templates and cloud assemblies: the synthesized corpus of tests/cdk/ gives the
// verdicts written in tests/fixtures/cdk/expectations.yaml; JSON, short-tag YAML and long-form
// YAML give identical findings; the seed parameter set and its CloudFormation rendering give the
// same rule ids; hostile assemblies and templates give LD/CF findings, never a crash or a hang.
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/source.hpp"
#include "load/yaml_loader.hpp"
#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string k_corpus = "tests/fixtures/cdk/corpus";
const std::string k_renderings = "tests/fixtures/cdk/renderings";

// A YAML file as JSON, read with the project's own loader.
json yaml_to_json(const ssmpf::model::NodeRef& n) {
  if (n.is_mapping()) {
    json out = json::object();
    for (std::size_t i = 0; i < n.size(); ++i) {
      const auto m = n.member(i);
      out[std::string(m.key.scalar())] = yaml_to_json(m.value);
    }
    return out;
  }
  if (n.is_sequence()) {
    json out = json::array();
    for (std::size_t i = 0; i < n.size(); ++i) {
      out.push_back(yaml_to_json(n.item(i)));
    }
    return out;
  }
  if (n.type() == ssmpf::model::ScalarType::integer) {
    return std::stoll(std::string(n.scalar()));
  }
  return std::string(n.scalar());
}

json read_yaml(const fs::path& path) {
  ssmpf::SourceManager sources;
  const ssmpf::FileId id = sources.add(path.string(), path.string(), read_text(path));
  ssmpf::Diagnostics diags;
  const auto parsed = ssmpf::load::parse_yaml(sources.file(id), id, ssmpf::model::Schema::yaml11,
                                              ssmpf::load::Limits{}, diags);
  REQUIRE_FALSE(parsed.failed);
  return yaml_to_json(parsed.document.root());
}

const json& expectations() {
  static const json e = read_yaml(source_dir() / "tests/fixtures/cdk/expectations.yaml");
  return e;
}

std::vector<Finding> check_sarif(std::vector<std::string> args, int expected_exit = -1) {
  // With an expected exit code, the default fail level decides it; otherwise it is not checked.
  args.insert(args.begin(), {"check", "--format", "sarif"});
  if (expected_exit < 0) {
    args.insert(args.begin() + 3, {"--fail-level", "none"});
  }
  const CliResult r = run_cli(args);
  INFO("stderr: " << r.err);
  if (expected_exit >= 0) {
    CHECK(r.exit_code == expected_exit);
  }
  CHECK(sarif_schema_problems(r.out).empty());
  return parse_sarif(r.out);
}

bool blocking(const Finding& f) {
  return f.level == "error" || f.level == "warning";
}

std::set<std::string> rule_ids(const std::vector<Finding>& findings, bool all_levels = false) {
  std::set<std::string> out;
  for (const Finding& f : findings) {
    if (all_levels || blocking(f)) {
      out.insert(f.rule);
    }
  }
  return out;
}

std::set<std::string> as_set(const json& list) {
  std::set<std::string> out;
  for (const json& v : list) {
    out.insert(v.get<std::string>());
  }
  return out;
}

// Template file name -> stack, from manifest.json and the nested stacks' aws:asset:path.
std::map<std::string, std::string> stacks_by_file() {
  std::map<std::string, std::string> out;
  const json manifest = json::parse(read_text(source_dir() / k_corpus / "manifest.json"));
  for (const auto& [name, artifact] : manifest.at("artifacts").items()) {
    const auto type = artifact.find("type");
    if (type == artifact.end() || *type != "aws:cloudformation:stack") {
      continue;
    }
    const std::string file = artifact.at("properties").at("templateFile");
    out[file] = name;
    const json t = json::parse(read_text(source_dir() / k_corpus / file));
    for (const auto& [id, resource] : t.at("Resources").items()) {
      if (resource.contains("Metadata") && resource["Metadata"].contains("aws:asset:path")) {
        out[resource["Metadata"]["aws:asset:path"].get<std::string>()] = name;
      }
    }
  }
  return out;
}

// What must be identical between renderings: everything but the locations.
std::vector<std::string> comparable(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    std::ostringstream s;
    s << f.rule << ' ' << f.level << ' ' << f.message << " | related";
    for (const auto& r : f.related) {
      s << " [" << r.message << ']';
    }
    s << " | flow";
    for (const auto& r : f.flow) {
      s << " [" << r.message << ']';
    }
    out.push_back(s.str());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("cloud assembly: every stack of the corpus gives its expected verdict") {
  const auto files = stacks_by_file();
  const std::vector<Finding> findings = check_sarif({k_corpus});
  REQUIRE_FALSE(findings.empty());
  std::map<std::string, std::set<std::string>> ids;
  std::map<std::string, std::map<std::string, int>> counts;
  for (const Finding& f : findings) {
    const std::string file = fs::path(f.uri).filename().string();
    INFO(f.rule << " in " << f.uri << ": " << f.message);
    REQUIRE(files.count(file) == 1);
    const std::string& stack = files.at(file);
    // Every finding names the construct path of its resource.
    CHECK(f.message.find("(" + stack + "/") != std::string::npos);
    if (blocking(f)) {
      ids[stack].insert(f.rule);
      ++counts[stack][f.rule];
    }
  }
  const json& corpus = expectations().at("corpus");
  std::set<std::string> stacks;
  for (const auto& [file, stack] : files) {
    stacks.insert(stack);
  }
  for (const std::string& stack : stacks) {
    INFO("stack " << stack);
    REQUIRE(corpus.contains(stack));  // every stack has its verdict written down
    CHECK(ids[stack] == as_set(corpus.at(stack)));
  }
  for (const auto& [stack, expected] : expectations().at("counts").items()) {
    for (const auto& [rule, n] : expected.items()) {
      INFO("stack " << stack << ", rule " << rule);
      CHECK(counts[stack][rule] == n.get<int>());
    }
  }
}

TEST_CASE("cloud assembly: SeedL1Az3 points into the template with the construct path") {
  std::vector<Finding> findings;
  for (const Finding& f : check_sarif({k_corpus, "--select", "SSM009"})) {
    if (f.uri.find("SeedL1Az3") != std::string::npos) {
      findings.push_back(f);
    }
  }
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.uri.ends_with("corpus/SeedL1Az3.template.json"));
  // The endpoint group's SecurityGroupIngress key: where the missing rule goes.
  const std::string text = read_text(source_dir() / k_corpus / "SeedL1Az3.template.json");
  std::istringstream lines(text);
  std::string line;
  for (int n = 1; n < f.line; ++n) {
    std::getline(lines, line);
  }
  std::getline(lines, line);
  CHECK(line.find("\"SecurityGroupIngress\"") != std::string::npos);
  CHECK(f.message.find("'pworkendpointsg' (SeedL1Az3/pwork_endpoint_sg)") != std::string::npos);
  CHECK(f.message.find("'pworkinstancessm' (SeedL1Az3/pwork_instance_ssm)") != std::string::npos);
  bool subnet_cidr = false;
  for (const auto& r : f.related) {
    subnet_cidr = subnet_cidr || r.message.find("10.0.3.0/24") != std::string::npos;
  }
  CHECK(subnet_cidr);
  CHECK(f.flow.size() >= 3);
}

TEST_CASE("renderings: JSON, short-tag YAML and long-form YAML give identical findings") {
  const json& expected = expectations().at("renderings");
  for (const std::string stack : {"GoodL1Endpoints", "ClosedEndpointGroup"}) {
    std::vector<std::vector<std::string>> seen;
    for (const std::string form : {".template.json", ".long.yaml", ".short.yaml"}) {
      const std::string file = stack + form;
      INFO(file);
      const auto findings = check_sarif({k_renderings + "/" + file, "--region", "ap-northeast-1"});
      CHECK(rule_ids(findings) == as_set(expected.at(file)));
      seen.push_back(comparable(findings));
    }
    INFO(stack);
    CHECK(seen[0] == seen[1]);
    CHECK(seen[0] == seen[2]);
    // The rendering's JSON and the assembly's template are the same template.
    CHECK(seen[0] == comparable(check_sarif({k_corpus + "/" + stack + ".template.json", "--region",
                                             "ap-northeast-1"})));
  }
  const auto shortforms = check_sarif({k_renderings + "/ShortForms.short.yaml"});
  CHECK(rule_ids(shortforms) == as_set(expected.at("ShortForms.short.yaml")));
}

TEST_CASE("parity: the seed parameter set and its CloudFormation rendering give the same ids") {
  const std::string seed_l1 = k_corpus + "/SeedL1.template.json";
  const std::string seed_l1_az3 = k_corpus + "/SeedL1Az3.template.json";
  const auto seed = rule_ids(check_sarif({"examples/seed-parameter-set"}), true);
  CHECK(seed == std::set<std::string>{"SSM002"});
  CHECK(rule_ids(check_sarif({seed_l1, "--region", "ap-northeast-1"}), true) == seed);
  // The broken variant: the instance moved to the az3 subnet.
  const auto az3 = rule_ids(check_sarif({"tests/fixtures/rules/SSM009/seed-az3"}), true);
  CHECK(az3 == std::set<std::string>{"SSM002", "SSM009"});
  CHECK(rule_ids(check_sarif({seed_l1_az3, "--region", "ap-northeast-1"}), true) == az3);
  // An old agent needs ec2messages in both.
  const auto old =
      rule_ids(check_sarif({"examples/seed-parameter-set", "--agent-version", "3.2.0.0"}), true);
  CHECK(old == std::set<std::string>{"SSM001"});
  CHECK(rule_ids(check_sarif({seed_l1, "--region", "ap-northeast-1", "--agent-version", "3.2.0.0"}),
                 true) == old);
}

TEST_CASE("templates: the region comes from the assembly, --region, or stays symbolic") {
  // A lone template has no environment: literal service names cannot be compared ...
  const auto lone = check_sarif({k_renderings + "/ClosedEndpointGroup.template.json"});
  int unverifiable = 0;
  for (const Finding& f : lone) {
    unverifiable += f.rule == "SSM099" && f.message.find("--region") != std::string::npos ? 1 : 0;
  }
  CHECK(unverifiable == 2);
  // ... while names built from AWS::Region need no region.
  CHECK(rule_ids(check_sarif({k_renderings + "/GoodL1Endpoints.template.json"})).empty());
  // --region overrides the assembly's environment: the literal names no longer match.
  const auto other = check_sarif({k_corpus, "--region", "eu-west-1", "--select", "SSM004"});
  CHECK_FALSE(other.empty());
  for (const Finding& f : other) {
    CHECK(f.message.find("the deployment region is 'eu-west-1' (--region)") != std::string::npos);
  }
}

TEST_CASE("templates: --parameter gives a parameter its value") {
  const fs::path dir = scratch_dir("cfn-parameter");
  const std::string text =
      read_text(source_dir() / "tests/fixtures/rules/SSM099/template-values.yaml");
  write_text(dir / "stack.yaml", text);
  const auto before = check_sarif({(dir / "stack.yaml").string(), "--select", "SSM009,SSM099"});
  bool unknown = false;
  for (const Finding& f : before) {
    unknown =
        unknown || f.message.find("parameter 'AllowedCidr' has no default") != std::string::npos;
  }
  CHECK(unknown);
  // A CIDR that does not hold the instance subnet: proven broken once the value is given. The
  // instance subnet's CIDR comes from Parameter Store, so it stays unverifiable.
  const auto given = check_sarif({(dir / "stack.yaml").string(), "--select", "SSM009,SSM099",
                                  "--parameter", "AllowedCidr=10.0.0.0/16"});
  for (const Finding& f : given) {
    CHECK(f.message.find("AllowedCidr") == std::string::npos);
  }
  const CliResult bad =
      run_cli({"check", "--parameter", "AllowedCidr", (dir / "stack.yaml").string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--parameter: expected NAME=VALUE") != std::string::npos);
}

TEST_CASE("templates: a folder of templates is one scope; exports resolve across files") {
  const fs::path dir = scratch_dir("cfn-folder");
  fs::copy_file(source_dir() / k_corpus / "SharedEndpoints.template.json",
                dir / "SharedEndpoints.template.json");
  fs::copy_file(source_dir() / k_corpus / "AppOnSharedEndpoints.template.json",
                dir / "AppOnSharedEndpoints.template.json");
  write_text(dir / "package.json", "{\"name\": \"not-a-template\"}\n");
  const auto both = check_sarif({dir.string(), "--region", "ap-northeast-1"}, 0);
  CHECK(rule_ids(both).empty());
  // Without the exporting stack, the instance's network is not in the inputs: unverifiable,
  // never a guess.
  const auto alone = check_sarif(
      {(dir / "AppOnSharedEndpoints.template.json").string(), "--region", "ap-northeast-1"});
  CHECK(rule_ids(alone) == std::set<std::string>{"SSM099"});
  bool named = false;
  for (const Finding& f : alone) {
    named = named || f.message.find("export 'SharedEndpoints:ExportsOutput") != std::string::npos;
  }
  CHECK(named);
}

TEST_CASE("templates: duplicate keys keep the last value, as CloudFormation does") {
  const fs::path dir = scratch_dir("cfn-duplicates");
  write_text(
      dir / "stack.json",
      "{\"Resources\": {\n"
      "  \"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": "
      "\"10.0.0.0/16\"}},\n"
      "  \"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": \"10.1.0.0/16\"}}\n"
      "}}\n");
  const auto findings = check_sarif({(dir / "stack.json").string()}, 1);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "LD002");
  CHECK(findings[0].line == 3);
  CHECK(findings[0].message.find("CloudFormation keeps this value and drops the one at line 2") !=
        std::string::npos);
}

TEST_CASE("hostile assemblies and templates: a finding with a location, never a crash") {
  const fs::path dir = scratch_dir("cfn-hostile");
  auto assembly = [&](const std::string& name, const std::string& manifest) {
    const fs::path a = dir / name;
    fs::create_directories(a);
    write_text(a / "manifest.json", manifest);
    return a;
  };
  auto stack_artifact = [](const std::string& file) {
    return "{\"version\": \"55.0.0\", \"artifacts\": {\"App\": {\"type\": "
           "\"aws:cloudformation:stack\", \"environment\": "
           "\"aws://unknown-account/unknown-region\", "
           "\"properties\": {\"templateFile\": \"" +
           file + "\"}}}}\n";
  };
  SECTION("a template file outside the assembly") {
    write_text(dir / "outside.template.json", "{\"Resources\": {}}\n");
    const fs::path a = assembly("escape", stack_artifact("../outside.template.json"));
    const auto f = check_sarif({a.string()}, 1);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "LD003");
    CHECK(f[0].uri.ends_with("escape/manifest.json"));
    CHECK(f[0].message.find("lies outside the cloud assembly") != std::string::npos);
  }
  SECTION("an absolute template path") {
    const fs::path a = assembly("absolute", stack_artifact("/etc/hostname"));
    const auto f = check_sarif({a.string()}, 1);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "LD003");
  }
  SECTION("a template the assembly lists but does not hold") {
    const fs::path a = assembly("missing", stack_artifact("App.template.json"));
    const auto f = check_sarif({a.string()}, 1);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "LD003");
    CHECK(f[0].line == 1);
  }
  SECTION("artifacts that are not a mapping") {
    const fs::path a = assembly("list", "{\"version\": \"55.0.0\", \"artifacts\": [1, 2]}\n");
    const auto f = check_sarif({a.string()}, 1);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "LD004");
  }
  SECTION("a nested template outside the assembly") {
    const fs::path a = assembly("nested-escape", stack_artifact("App.template.json"));
    write_text(a / "App.template.json",
               "{\"Resources\": {\"Child\": {\"Type\": \"AWS::CloudFormation::Stack\", "
               "\"Metadata\": {\"aws:asset:path\": \"../../secret.json\"}, "
               "\"Properties\": {\"TemplateURL\": \"https://example.com/t.json\"}}}}\n");
    const auto f = check_sarif({a.string()}, 1);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "LD003");
    CHECK(f[0].uri.ends_with("App.template.json"));
  }
  SECTION("a template that is a list") {
    write_text(dir / "list.json", "[{\"Resources\": {}}]\n");
    const auto f = check_sarif({(dir / "list.json").string()}, 1);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "LD004");
  }
  SECTION("a template larger than the file-size limit") {
    std::string big = "{\"Resources\": {}, \"Metadata\": {\"Padding\": \"";
    big.append(20U << 20U, 'x');
    big += "\"}}\n";
    write_text(dir / "big.template.json", big);
    const auto f = check_sarif({(dir / "big.template.json").string()}, 1);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "LD005");
  }
  SECTION("exports that import each other, and a nested stack that feeds its parent") {
    const fs::path a = dir / "cycles";
    fs::create_directories(a);
    write_text(a / "A.template.json",
               "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": "
               "{\"CidrBlock\": {\"Fn::ImportValue\": \"b\"}}}},"
               " \"Outputs\": {\"O\": {\"Value\": {\"Fn::ImportValue\": \"b\"}, \"Export\": "
               "{\"Name\": \"a\"}}}}\n");
    write_text(
        a / "B.template.json",
        "{\"Resources\": {\"Subnet\": {\"Type\": \"AWS::EC2::Subnet\", \"Properties\": "
        "{\"VpcId\": {\"Fn::ImportValue\": \"a\"}, \"CidrBlock\": {\"Fn::ImportValue\": \"a\"}}}},"
        " \"Outputs\": {\"O\": {\"Value\": {\"Fn::ImportValue\": \"a\"}, \"Export\": {\"Name\": "
        "\"b\"}}}}\n");
    const auto start = std::chrono::steady_clock::now();
    const auto f = check_sarif({a.string()}, 0);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK(rule_ids(f).empty());
  }
}

TEST_CASE("templates: the root of a CDK app means its cdk.out") {
  const fs::path app = scratch_dir("cfn-cdk-app");
  write_text(app / "cdk.json", "{\"app\": \"node bin/app.js\"}\n");
  const CliResult before = run_cli({"check", app.string()});
  CHECK(before.exit_code == 2);
  CHECK(before.err.find("run `cdk synth` first") != std::string::npos);
  fs::copy(source_dir() / k_corpus, app / "cdk.out", fs::copy_options::recursive);
  const auto findings = check_sarif({app.string()});
  bool ssm009 = false;
  for (const Finding& f : findings) {
    ssm009 = ssm009 || (f.rule == "SSM009" && f.uri.ends_with("cdk.out/SeedL1Az3.template.json"));
  }
  CHECK(ssm009);
}
