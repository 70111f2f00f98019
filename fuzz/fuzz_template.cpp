// SPDX-License-Identifier: Apache-2.0
// The CloudFormation front end: one or more in-memory templates (split at "#%file NAME" lines;
// JSON when the name ends in .json, or when an unnamed first file starts with '{') read into a
// TemplateScope with intrinsic evaluation, then the facts and every native rule over it.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "cfn/template_scope.hpp"
#include "engine/engine.hpp"
#include "engine/registry.hpp"
#include "engine/selection.hpp"
#include "facts/facts.hpp"
#include "fuzz_support.hpp"
#include "load/reader.hpp"
#include "load/yaml_loader.hpp"
#include "paramset/inputs.hpp"
#include "rules/rule.hpp"

using namespace ssmpf;

namespace {

const engine::RuleSet& all_rules() {
  static const engine::RuleSet set = engine::RuleSet::all(engine::Registry::builtin());
  return set;
}

std::string_view first_name(std::string_view input) {
  const std::size_t start = input.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && input[start] == '{' ? "template.json" : "template.yaml";
}

std::string stem(const std::string& name) {
  const std::size_t slash = name.rfind('/');
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  const std::size_t dot = base.rfind('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const load::Limits limits;
  SourceManager sources;
  Diagnostics diags;
  std::deque<load::ParsedDocument> documents;
  std::vector<cfn::StackInput> stacks;
  bool incomplete = false;
  for (fuzz::InputFile& f : fuzz::split_files(input, first_name(input))) {
    const bool json = f.name.ends_with(".json");
    const bool bad = load::check_text(f.text).has_value();
    const std::string name = f.name;
    const FileId id = sources.add(f.name, "/fuzz/" + f.name, std::move(f.text));
    if (bad) {
      incomplete = true;
      continue;
    }
    documents.push_back(load::parse_yaml(
        sources.file(id), id, json ? model::Schema::json : model::Schema::yaml11, limits, diags));
    const load::ParsedDocument& parsed = documents.back();
    if (parsed.failed) {
      incomplete = true;
      continue;
    }
    if (paramset::classify(parsed.document) != paramset::DocumentKind::cfn_template) {
      continue;  // a folder scan leaves other documents out of the template set
    }
    load::report_duplicate_keys(parsed, sources, "CloudFormation", diags);
    cfn::StackInput stack;
    stack.name = stem(name);
    stack.document = &parsed.document;
    if (!stacks.empty() && (size & 1U) != 0) {
      stack.region = "eu-west-1";  // stacks of one assembly may have their own environments
      stack.account = "123456789012";
    }
    stacks.push_back(std::move(stack));
  }
  if (stacks.empty()) {
    fuzz::check_diagnostics(sources, diags.items());
    return 0;
  }

  const std::map<std::string, std::string> parameters{{"Env", "prod"}, {"VpcCidr", "10.0.0.0/16"}};
  const std::optional<std::string> region =
      (size & 2U) != 0 ? std::optional<std::string>("ap-northeast-1") : std::nullopt;
  const cfn::TemplateScope scope(std::move(stacks), region, parameters, diags, "us-east-1");
  for (const model::Resource& r : scope.resources()) {
    if (r.key.valid()) {
      fuzz::check_range(sources, r.key.range());
    }
  }
  if (!incomplete) {
    const facts::Facts facts = facts::Facts::build(scope, facts::Options{});
    rules::run(rules::Context{scope, facts, &sources}, all_rules(), diags);
  }
  fuzz::check_diagnostics(sources, diags.items());
  const std::vector<Diagnostic> final = engine::finalize(diags.take(), all_rules(), sources);
  fuzz::check_diagnostics(sources, final);
  return 0;
}
