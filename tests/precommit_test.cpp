// SPDX-License-Identifier: Apache-2.0
// Files named one by one, as pre-commit passes them, are checked in their parameter sets: the
// nearest manifest that lists a file brings in its whole set, once, whatever the order.
#include <algorithm>
#include <filesystem>
#include <ostream>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "load/limits.hpp"
#include "paramset/inputs.hpp"
#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;
namespace paramset = ssmpf::paramset;

namespace {

const std::string k_sg = "examples/broken/endpoint-sg-no-inbound-443";
const std::string k_nested = "tests/fixtures/precommit/nested";
const std::string k_loose = "the files named on the command line";

// One input set as discovery made it: its label and its files (display paths), in merge order.
struct Set {
  std::string label;
  std::vector<std::string> files;
  friend bool operator==(const Set&, const Set&) = default;
};

std::ostream& operator<<(std::ostream& os, const Set& set) {
  os << set.label << ": [";
  for (const std::string& f : set.files) {
    os << ' ' << f;
  }
  return os << " ]";
}

struct Discovered {
  std::vector<Set> sets;
  std::vector<std::string> rules;  // findings made while loading
  std::size_t errors = 0;
};

Discovered discover(const std::vector<std::string>& paths) {
  (void)source_dir();
  ssmpf::SourceManager sources;
  const ssmpf::load::Limits limits;
  paramset::Loader loader(sources, limits);
  ssmpf::Diagnostics diags;
  const paramset::Discovery d = paramset::discover(paths, loader, diags);
  Discovered out;
  for (const paramset::InputSet& s : d.sets) {
    Set set{s.label, {}};
    for (const paramset::SetFile& f : s.files) {
      set.files.push_back(sources.file(f.file).path());
    }
    out.sets.push_back(std::move(set));
  }
  for (const ssmpf::Diagnostic& diag : diags.items()) {
    out.rules.push_back(diag.rule_id);
  }
  out.errors = d.errors.size();
  return out;
}

std::vector<Finding> findings_of(const std::vector<std::string>& paths) {
  std::vector<std::string> args{"check", "--format", "sarif"};
  args.insert(args.end(), paths.begin(), paths.end());
  const CliResult r = run_cli(args);
  INFO(r.err);
  CHECK(sarif_schema_problems(r.out).empty());
  return parse_sarif(r.out);
}

// Everything a finding shows, to compare runs.
std::vector<std::string> shown(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    out.push_back(f.uri + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
                  f.rule + " " + f.message);
  }
  return out;
}

// A work tree root (a folder holding .git) under the build tree, with a copy of `example`.
fs::path work_tree(const std::string& name, const std::string& example = {}) {
  const fs::path root = scratch_dir("precommit/" + name);
  fs::create_directories(root / ".git");
  if (!example.empty()) {
    fs::copy(source_dir() / example, root / "set", fs::copy_options::recursive);
  }
  return root;
}

std::string p(const fs::path& path) {
  return path.string();
}

}  // namespace

TEST_CASE("pre-commit grouping: one file of a set reports the findings of the whole set") {
  // Only pwork_vpc.yaml changed; the broken group is in ssm_vpcendpoint.yaml.
  const auto findings = findings_of({k_sg + "/pwork_vpc.yaml"});
  const auto ssm009 = std::find_if(findings.begin(), findings.end(),
                                   [](const Finding& f) { return f.rule == "SSM009"; });
  REQUIRE(ssm009 != findings.end());
  CHECK(ssm009->uri == k_sg + "/ssm_vpcendpoint.yaml");
  CHECK(ssm009->line == 4);
  // Exactly what naming the manifest reports.
  CHECK(shown(findings) == shown(findings_of({k_sg + "/stacks.yaml"})));
  CHECK(shown(findings) == shown(findings_of({k_sg})));

  const Discovered d = discover({k_sg + "/pwork_vpc.yaml"});
  REQUIRE(d.sets.size() == 1);
  CHECK(d.sets[0] == Set{k_sg + "/stacks.yaml",
                         {k_sg + "/common.yaml", k_sg + "/pwork_vpc.yaml",
                          k_sg + "/ssm_vpcendpoint.yaml", k_sg + "/ec2_ssm.yaml"}});

  // The exit code and the text report of the hook's command line.
  const CliResult text = run_cli({"check", k_sg + "/pwork_vpc.yaml"});
  CHECK(text.exit_code == 1);
  CHECK(text.out.find(k_sg + "/ssm_vpcendpoint.yaml:4:5: error:") != std::string::npos);
}

TEST_CASE("pre-commit grouping: several files of one set make one set") {
  const Discovered one = discover({k_sg + "/stacks.yaml"});
  REQUIRE(one.sets.size() == 1);
  const Discovered two = discover({k_sg + "/ec2_ssm.yaml", k_sg + "/pwork_vpc.yaml"});
  CHECK(two.sets == one.sets);
  const Discovered all = discover({k_sg + "/common.yaml", k_sg + "/ec2_ssm.yaml",
                                   k_sg + "/pwork_vpc.yaml", k_sg + "/ssm_vpcendpoint.yaml"});
  CHECK(all.sets == one.sets);
  CHECK(all.errors == 0);
}

TEST_CASE("pre-commit grouping: a manifest named with its files is checked once") {
  const Discovered manifest_first =
      discover({k_sg + "/stacks.yaml", k_sg + "/pwork_vpc.yaml", k_sg + "/ec2_ssm.yaml"});
  const Discovered manifest_last = discover({k_sg + "/pwork_vpc.yaml", k_sg + "/stacks.yaml"});
  const Discovered with_folder = discover({k_sg + "/pwork_vpc.yaml", k_sg});
  const Discovered twice = discover({k_sg + "/stacks.yaml", k_sg + "/stacks.yaml"});
  REQUIRE(manifest_first.sets.size() == 1);
  CHECK(manifest_last.sets == manifest_first.sets);
  CHECK(with_folder.sets == manifest_first.sets);
  CHECK(twice.sets == manifest_first.sets);
  CHECK(manifest_first.sets[0].files.size() == 4);
}

TEST_CASE("pre-commit grouping: results do not depend on the order of the files", "[heavy]") {
  std::vector<std::string> files{k_sg + "/common.yaml", k_sg + "/ec2_ssm.yaml",
                                 k_sg + "/pwork_vpc.yaml", k_sg + "/stacks.yaml"};
  const auto expected = shown(findings_of(files));
  const Discovered first = discover(files);
  REQUIRE_FALSE(expected.empty());
  while (std::next_permutation(files.begin(), files.end())) {
    INFO(files[0] << " " << files[1] << " " << files[2] << " " << files[3]);
    CHECK(discover(files).sets == first.sets);
    CHECK(shown(findings_of(files)) == expected);
  }
}

TEST_CASE("pre-commit grouping: files no manifest lists form one set in the order given") {
  const Discovered d =
      discover({k_nested + "/app/scratch.yaml", "tests/fixtures/cli/no-manifest/b_network.yaml",
                "tests/fixtures/cli/no-manifest/a_common.yaml"});
  REQUIRE(d.sets.size() == 1);
  CHECK(d.sets[0] ==
        Set{k_loose,
            {k_nested + "/app/scratch.yaml", "tests/fixtures/cli/no-manifest/b_network.yaml",
             "tests/fixtures/cli/no-manifest/a_common.yaml"}});
  // Together with a file of a manifest's set: that set, and the loose files on their own.
  const Discovered mixed =
      discover({"tests/fixtures/cli/no-manifest/b_network.yaml", k_sg + "/pwork_vpc.yaml"});
  REQUIRE(mixed.sets.size() == 2);
  CHECK(mixed.sets[0].label == k_sg + "/stacks.yaml");
  CHECK(mixed.sets[1] == Set{k_loose, {"tests/fixtures/cli/no-manifest/b_network.yaml"}});
}

TEST_CASE("pre-commit grouping: the nearest manifest that lists the file wins") {
  const Discovered endpoints = discover({k_nested + "/app/endpoints.yaml"});
  REQUIRE(endpoints.sets.size() == 1);
  CHECK(endpoints.sets[0] ==
        Set{k_nested + "/app/stacks.yaml",
            {k_nested + "/app/common.yaml", k_nested + "/app/endpoints.yaml"}});
  // app/stacks.yaml does not list instance.yaml: the search goes on to the parent folder.
  const Discovered instance = discover({k_nested + "/app/instance.yaml"});
  REQUIRE(instance.sets.size() == 1);
  CHECK(instance.sets[0] ==
        Set{k_nested + "/stacks.yaml",
            {k_nested + "/common.yaml", k_nested + "/network.yaml",
             k_nested + "/app/endpoints.yaml", k_nested + "/app/instance.yaml"}});
  // Both: each set once.
  const Discovered both = discover({k_nested + "/app/instance.yaml",
                                    k_nested + "/app/endpoints.yaml", k_nested + "/network.yaml"});
  REQUIRE(both.sets.size() == 2);
  CHECK(both.sets[0] == instance.sets[0]);
  CHECK(both.sets[1] == endpoints.sets[0]);
  // Files that are not manifests were read but not reported on (app/notes.yaml has `stacks:`).
  CHECK(both.rules.empty());
  CHECK(both.errors == 0);
}

TEST_CASE("pre-commit grouping: display paths follow the path given") {
  const fs::path cwd = fs::current_path();
  fs::current_path(source_dir() / k_nested / "app");
  const Discovered d = discover({"instance.yaml"});
  const Discovered dotted = discover({"./../app/instance.yaml"});
  const Discovered absolute = discover({p(source_dir() / k_nested / "app/instance.yaml")});
  fs::current_path(cwd);
  // Files the manifest brings in are shown relative to it, a file named as it was named.
  REQUIRE(d.sets.size() == 1);
  CHECK(d.sets[0] ==
        Set{"../stacks.yaml",
            {"../common.yaml", "../network.yaml", "../app/endpoints.yaml", "instance.yaml"}});
  REQUIRE(dotted.sets.size() == 1);
  CHECK(dotted.sets[0] == Set{"../stacks.yaml",
                              {"../common.yaml", "../network.yaml", "../app/endpoints.yaml",
                               "../app/instance.yaml"}});
  REQUIRE(absolute.sets.size() == 1);
  CHECK(absolute.sets[0].label == p(source_dir() / k_nested / "stacks.yaml"));
}

TEST_CASE("pre-commit grouping: the search stops at the work tree root") {
  const fs::path outer = scratch_dir("precommit/outer");
  fs::remove_all(outer / "repo");
  write_text(outer / "stacks.yaml", "stacks:\n  - \"repo/a.yaml\"\n  - \"repo/b.yaml\"\n");
  write_text(outer / "repo/a.yaml", "common:\n  region: eu-west-1\n");
  write_text(outer / "repo/b.yaml", "pwork:\n  vpcs: {}\n");
  // Without .git anywhere up to the filesystem root, the outer manifest is found.
  const Discovered found = discover({p(outer / "repo/a.yaml")});
  REQUIRE(found.sets.size() == 1);
  CHECK(found.sets[0].label == p(outer / "stacks.yaml"));
  // repo/ is a work tree: the manifest above it is not read.
  fs::create_directories(outer / "repo/.git");
  const Discovered bounded = discover({p(outer / "repo/a.yaml")});
  REQUIRE(bounded.sets.size() == 1);
  CHECK(bounded.sets[0] == Set{k_loose, {p(outer / "repo/a.yaml")}});
  // A .git file (a linked worktree or a submodule) marks a root too.
  fs::remove_all(outer / "repo/.git");
  write_text(outer / "repo/.git", "gitdir: ../.git/worktrees/repo\n");
  CHECK(discover({p(outer / "repo/a.yaml")}).sets == bounded.sets);
  // The root folder itself is searched.
  write_text(outer / "repo/stacks.yaml", "stacks:\n  - \"b.yaml\"\n  - \"a.yaml\"\n");
  const Discovered at_root = discover({p(outer / "repo/a.yaml")});
  REQUIRE(at_root.sets.size() == 1);
  CHECK(at_root.sets[0] ==
        Set{p(outer / "repo/stacks.yaml"), {p(outer / "repo/b.yaml"), p(outer / "repo/a.yaml")}});
}

TEST_CASE("pre-commit grouping: every manifest of the nearest folder that lists the file") {
  const fs::path root = work_tree("two-manifests");
  write_text(root / "prod.yaml", "common: \"common.yaml\"\nstacks:\n  - \"vpc.yaml\"\n");
  write_text(root / "dev.yaml", "{\"common\": \"common.yaml\", \"stacks\": [\"vpc.yaml\"]}\n");
  write_text(root / "other.yaml", "stacks:\n  - \"vpc.yaml\"\npwork: {}\n");  // not a manifest
  write_text(root / "common.yaml", "common:\n  region: eu-west-1\n");
  write_text(root / "vpc.yaml", "pwork:\n  vpcs: {}\n");
  const Discovered d = discover({p(root / "common.yaml")});
  REQUIRE(d.sets.size() == 2);
  CHECK(d.sets[0].label == p(root / "dev.yaml"));
  CHECK(d.sets[1].label == p(root / "prod.yaml"));
  CHECK(d.rules.empty());
}

TEST_CASE("pre-commit grouping: files in parent folders are read quietly and confined") {
  const fs::path root = work_tree("quiet", "examples/seed-parameter-set");
  // Broken or odd YAML next to the files: never reported, never part of a set.
  write_text(root / "set/broken.yaml", "stacks: [\n");
  write_text(root / "set/binary.yaml", std::string("stacks:\0\n", 9));
  write_text(root / "set/list.yaml", "- stacks: []\n");
  write_text(root / "deep.yml", std::string(4000, '[') + "stacks:");
  const auto findings = findings_of({p(root / "set/ec2_ssm.yaml")});
  for (const Finding& f : findings) {
    CHECK(f.uri.find("broken") == std::string::npos);
    CHECK(f.rule != "LD001");
    CHECK(f.rule != "LD003");
  }
  const Discovered d = discover({p(root / "set/ec2_ssm.yaml")});
  REQUIRE(d.sets.size() == 1);
  CHECK(d.sets[0].label == p(root / "set/stacks.yaml"));
  CHECK(d.rules.empty());
  const CliResult r = run_cli({"check", p(root / "set/ec2_ssm.yaml")});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("5 files checked") != std::string::npos);
}

TEST_CASE("pre-commit grouping: a manifest linked from outside the work tree is not read") {
  const fs::path root = work_tree("linked");
  const fs::path outside = scratch_dir("precommit/linked-outside");
  write_text(outside / "stacks.yaml", "stacks:\n  - \"sub/a.yaml\"\n");
  write_text(root / "sub/a.yaml", "common:\n  region: eu-west-1\n");
  fs::create_symlink(outside / "stacks.yaml", root / "linked.yaml");
  const Discovered d = discover({p(root / "sub/a.yaml")});
  REQUIRE(d.sets.size() == 1);
  CHECK(d.sets[0] == Set{k_loose, {p(root / "sub/a.yaml")}});
  // The same manifest copied inside the work tree lists the file.
  write_text(root / "stacks.yaml", read_text(outside / "stacks.yaml"));
  const Discovered inside = discover({p(root / "sub/a.yaml")});
  REQUIRE(inside.sets.size() == 1);
  CHECK(inside.sets[0].label == p(root / "stacks.yaml"));
}

TEST_CASE("pre-commit grouping: a listed file that does not parse makes its set incomplete") {
  const fs::path root = work_tree("unparsable", "examples/seed-parameter-set");
  write_text(root / "set/pwork_vpc.yaml", "pwork:\n  vpcs: [\n");
  const Discovered d = discover({p(root / "set/pwork_vpc.yaml"), p(root / "set/ec2_ssm.yaml")});
  REQUIRE(d.sets.size() == 1);
  CHECK(d.sets[0].label == p(root / "set/stacks.yaml"));
  CHECK(std::count(d.rules.begin(), d.rules.end(), "LD001") == 1);
  const CliResult r = run_cli({"check", p(root / "set/pwork_vpc.yaml")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("Session Manager rules skipped for " + p(root / "set/stacks.yaml")) !=
        std::string::npos);
}

TEST_CASE("pre-commit grouping: templates named one by one are unchanged") {
  const fs::path root = work_tree("templates");
  write_text(root / "stacks.yaml", "stacks:\n  - \"a.yaml\"\n");
  write_text(root / "a.yaml", "common:\n  region: eu-west-1\n");
  write_text(root / "net.template",
             "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": "
             "{\"CidrBlock\": \"10.0.0.0/16\"}}}}\n");
  const Discovered d = discover({p(root / "net.template")});
  REQUIRE(d.sets.size() == 1);
  CHECK(d.sets[0] == Set{p(root / "net.template"), {p(root / "net.template")}});
}

TEST_CASE("the files of a folder, a manifest and a cloud assembly are read on several threads") {
  struct Case {
    std::string path;
    std::size_t prefetched;  // files parsed ahead on other threads
  };
  for (const Case& c :
       {Case{"examples/seed-parameter-set", 4}, Case{"tests/fixtures/cli/no-manifest", 2},
        Case{"tests/fixtures/cdk/corpus", 19}}) {
    INFO(c.path);
    for (const unsigned jobs : {1U, 2U, 4U}) {
      ssmpf::SourceManager sources;
      const ssmpf::load::Limits limits;
      paramset::Loader loader(sources, limits, jobs);
      ssmpf::Diagnostics diags;
      const std::vector<std::string> paths{c.path};
      (void)paramset::discover(paths, loader, diags);
      CHECK(loader.files_prefetched() == (jobs == 1 ? 0 : c.prefetched));
      CHECK(loader.files_read() > 0);
    }
  }
}
