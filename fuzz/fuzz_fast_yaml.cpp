// SPDX-License-Identifier: Apache-2.0
// The fast path of the YAML/JSON loader against yaml-cpp: whenever load::parse_fast returns a
// document, the yaml-cpp parse of the same text must succeed and build the identical document
// (every node, string, tag and the root) with the same duplicate keys. YAML 1.1 and JSON
// schema, the default limits and a small nesting limit.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "load/fast_yaml.hpp"
#include "load/limits.hpp"
#include "load/yaml_loader.hpp"

using namespace ssmpf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  load::Limits shallow;
  shallow.max_depth = 4;
  for (const model::Schema schema : {model::Schema::yaml11, model::Schema::json}) {
    for (const load::Limits& limits : {load::Limits{}, shallow}) {
      SourceManager sources;
      const FileId id = sources.add("input.yaml", "/fuzz/input.yaml", text);
      const SourceFile& file = sources.file(id);
      const std::optional<load::ParsedDocument> fast = load::parse_fast(file, id, schema, limits);
      if (!fast) {
        continue;
      }
      Diagnostics diags;
      const load::ParsedDocument ref =
          load::detail::parse_yaml_reference(file, id, schema, limits, diags);
      if (ref.failed || !diags.items().empty()) {
        fuzz::fail("the fast path took text that yaml-cpp refuses");
      }
      if (fast->failed) {
        fuzz::fail("the fast path returned a failed parse");
      }
      if (!(fast->document == ref.document)) {
        fuzz::fail("the fast path built a different document");
      }
      if (fast->duplicates != ref.duplicates) {
        fuzz::fail("the fast path found different duplicate keys");
      }
      if (!fast->document.empty()) {
        (void)fuzz::walk(fast->document.root(), sources, fast->document.node_count() + 1);
      }
    }
  }
  return 0;
}
