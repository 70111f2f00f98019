// SPDX-License-Identifier: Apache-2.0
#include "paramset/builtin.hpp"

#include "base/assert.hpp"
#include "base/text.hpp"
#include "engine/rule_meta.hpp"
#include "load/yaml_loader.hpp"

namespace ssmpf::paramset {

KindTable builtin_kinds() {
  SourceManager sources;
  Diagnostics diags;
  const FileId id = sources.add("rules/kinds.yaml", "rules/kinds.yaml",
                                std::string(data::embedded_file("rules/kinds.yaml")));
  const load::ParsedDocument parsed =
      load::parse_yaml(sources.file(id), id, model::Schema::yaml11, load::Limits{}, diags);
  KindTable table;
  table.merge(parsed.document.root(), diags);
  SSMPF_ASSERT(diags.items().empty() && parsed.duplicates.empty(),
               "the built-in kinds table is invalid (the registry test checks it)");
  return table;
}

schema::SchemaSet builtin_schemas() {
  schema::SchemaSet set;
  constexpr std::string_view k_prefix = "schemas/parameter-set/";
  for (const engine::EmbeddedFile& f : data::embedded_files()) {
    if (starts_with(f.path, k_prefix)) {
      set.add(std::string(f.path.substr(k_prefix.size())), std::string(f.content));
    }
  }
  return set;
}

}  // namespace ssmpf::paramset
