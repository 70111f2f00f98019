// SPDX-License-Identifier: Apache-2.0
// The parameter-set front end: one or more in-memory files (split at "#%file NAME" lines)
// merged in order, groups mapped to types, `{{...}}` references resolved, properties checked
// against the built-in schemas; then the scope, the facts and every native rule over it.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "engine/engine.hpp"
#include "engine/registry.hpp"
#include "engine/selection.hpp"
#include "facts/facts.hpp"
#include "fuzz_support.hpp"
#include "load/reader.hpp"
#include "load/yaml_loader.hpp"
#include "paramset/builtin.hpp"
#include "paramset/front_end.hpp"
#include "paramset/inputs.hpp"
#include "paramset/scope.hpp"
#include "rules/rule.hpp"

using namespace ssmpf;

namespace {

const paramset::KindTable& kinds() {
  static const paramset::KindTable table = paramset::builtin_kinds();
  return table;
}
const schema::SchemaSet& schemas() {
  static const schema::SchemaSet set = paramset::builtin_schemas();
  return set;
}
const engine::RuleSet& all_rules() {
  static const engine::RuleSet set = engine::RuleSet::all(engine::Registry::builtin());
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const load::Limits limits;
  SourceManager sources;
  Diagnostics diags;
  std::deque<load::ParsedDocument> documents;  // stable addresses, as the Loader keeps them
  paramset::InputSet set;
  set.kind = paramset::SetKind::parameter_set;
  set.label = "params";
  for (fuzz::InputFile& f : fuzz::split_files(input, "params.yaml")) {
    const bool bad = load::check_text(f.text).has_value();
    const FileId id = sources.add(f.name, "/fuzz/" + f.name, std::move(f.text));
    if (bad) {
      set.incomplete = true;
      continue;
    }
    documents.push_back(
        load::parse_yaml(sources.file(id), id, model::Schema::yaml11, limits, diags));
    const load::ParsedDocument& parsed = documents.back();
    if (parsed.failed) {
      set.incomplete = true;
      continue;
    }
    const paramset::DocumentKind kind = paramset::classify(parsed.document);
    if (kind != paramset::DocumentKind::parameter_set && kind != paramset::DocumentKind::empty) {
      set.incomplete = true;  // what a manifest entry naming such a file gives
      continue;
    }
    set.files.push_back(paramset::SetFile{id, &parsed, {}, {}, {}, false, {}, {}});
  }

  const paramset::FrontEndContext context{sources, kinds(), schemas(), limits};
  const model::ParameterSet model = paramset::build(set, context, diags);
  for (const model::Resource& r : model.resources()) {
    fuzz::check_range(sources, r.key.valid() ? r.key.range() : SourceRange{});
  }
  if (!set.incomplete) {
    const paramset::ParameterSetScope scope(model, std::nullopt);
    const facts::Facts facts = facts::Facts::build(scope, facts::Options{});
    rules::run(rules::Context{scope, facts, &sources}, all_rules(), diags);
  }
  fuzz::check_diagnostics(sources, diags.items());
  const std::vector<Diagnostic> final = engine::finalize(diags.take(), all_rules(), sources);
  fuzz::check_diagnostics(sources, final);
  return 0;
}
