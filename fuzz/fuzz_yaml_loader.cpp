// SPDX-License-Identifier: Apache-2.0
// The YAML/JSON loader: load::check_text, then load::parse_yaml with the YAML 1.1 and the JSON
// schema and the default limits, as the input loader calls them; duplicate keys reported as
// both consumers would.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "load/limits.hpp"
#include "load/reader.hpp"
#include "load/yaml_loader.hpp"

using namespace ssmpf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto problem = load::check_text(text);
  if (problem) {
    if (problem->offset > text.size()) {
      fuzz::fail("check_text offset past the end");
    }
    return 0;  // the loader reports LD001/LD003 and never parses such text
  }
  const load::Limits limits;
  for (const model::Schema schema : {model::Schema::yaml11, model::Schema::json}) {
    SourceManager sources;
    const bool json = schema == model::Schema::json;
    const FileId id = sources.add(json ? "input.json" : "input.yaml",
                                  json ? "/fuzz/input.json" : "/fuzz/input.yaml", text);
    Diagnostics diags;
    const load::ParsedDocument parsed =
        load::parse_yaml(sources.file(id), id, schema, limits, diags);
    load::report_duplicate_keys(parsed, sources, json ? "CloudFormation" : "PyYAML", diags);
    if (parsed.failed && diags.items().empty()) {
      fuzz::fail("a failed parse reported nothing");
    }
    if (!parsed.document.empty()) {
      // Aliases share their anchor's nodes: walking the tree expands them, within the limit.
      const std::size_t most = parsed.document.node_count() + limits.max_alias_nodes;
      if (fuzz::walk(parsed.document.root(), sources, most + 1) > most) {
        fuzz::fail("alias expansion beyond the limit");
      }
    }
    fuzz::check_diagnostics(sources, diags.items());
  }
  return 0;
}
