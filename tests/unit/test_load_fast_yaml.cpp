// SPDX-License-Identifier: Apache-2.0
// The fast path of the YAML/JSON loader against the yaml-cpp path: whenever the fast path
// returns a document, it must be the very document yaml-cpp builds (every node field, the
// strings, the tags, the root) with the same duplicate keys.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "load/fast_yaml.hpp"
#include "load/yaml_loader.hpp"
#include "model/scalar.hpp"
#include "support/catch.hpp"

using namespace ssmpf;
namespace fs = std::filesystem;

namespace {

struct Outcome {
  bool fast = false;    // the fast path returned a document
  bool same = true;     // ... identical to yaml-cpp's
  bool failed = false;  // yaml-cpp failed (or reported something)
  std::string detail;   // what differs
};

std::string describe_node(const model::NodeRef& n) {
  std::ostringstream s;
  const SourceRange r = n.range();
  s << "#" << n.index() << " kind=" << static_cast<int>(n.kind())
    << " style=" << static_cast<int>(n.style()) << " type=" << static_cast<int>(n.type()) << " ["
    << r.begin << "," << r.end << ") tag='" << n.tag() << "' value='" << n.scalar()
    << "' size=" << n.size();
  return s.str();
}

// The first difference between two documents, for the failure message.
std::string difference(const model::Document& a, const model::Document& b) {
  if (a.node_count() != b.node_count()) {
    return "node count " + std::to_string(a.node_count()) + " (fast) vs " +
           std::to_string(b.node_count()) + " (yaml-cpp)";
  }
  for (std::uint32_t i = 0; i < a.node_count(); ++i) {
    const std::string x = describe_node(model::NodeRef(&a, i));
    const std::string y = describe_node(model::NodeRef(&b, i));
    if (x != y) {
      return "fast " + x + "\n yaml-cpp " + y;
    }
  }
  return "root, children order, strings or tags table";
}

Outcome compare(const std::string& text, model::Schema schema, load::Limits limits = {}) {
  SourceManager sources;
  const FileId id = sources.add("t.yaml", "/t.yaml", text);
  const SourceFile& file = sources.file(id);
  Outcome o;
  std::optional<load::ParsedDocument> fast = load::parse_fast(file, id, schema, limits);
  Diagnostics diags;
  const load::ParsedDocument ref =
      load::detail::parse_yaml_reference(file, id, schema, limits, diags);
  o.failed = ref.failed || !diags.items().empty();
  if (!fast) {
    return o;
  }
  o.fast = true;
  if (o.failed) {
    o.same = false;
    o.detail = "yaml-cpp failed where the fast path succeeded";
  } else if (!(fast->document == ref.document)) {
    o.same = false;
    o.detail = difference(fast->document, ref.document);
  } else if (fast->duplicates != ref.duplicates) {
    o.same = false;
    o.detail = "duplicate keys differ";
  } else if (fast->failed) {
    o.same = false;
    o.detail = "the fast path marked its result failed";
  }
  return o;
}

// Taken by the fast path, with the yaml-cpp result.
bool taken(const std::string& text, model::Schema schema = model::Schema::yaml11,
           load::Limits limits = {}) {
  const Outcome o = compare(text, schema, limits);
  INFO(text);
  INFO(o.detail);
  CHECK(o.same);
  return o.fast && o.same;
}

bool refused(const std::string& text, model::Schema schema = model::Schema::yaml11,
             load::Limits limits = {}) {
  const Outcome o = compare(text, schema, limits);
  INFO(text);
  INFO(o.detail);
  CHECK(o.same);
  return !o.fast;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool corpus_file(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

model::Schema schema_for(const fs::path& p) {
  return p.extension() == ".json" ? model::Schema::json : model::Schema::yaml11;
}

}  // namespace

TEST_CASE("fast YAML path: every corpus file it takes parses exactly as yaml-cpp parses it") {
  const fs::path root(SSMPF_SOURCE_DIR);
  std::vector<fs::path> files;
  std::vector<fs::path> roots = {root / "tests/fixtures", root / "examples", root / "rules",
                                 root / "schemas"};
  // Generated inputs (bench/generate.py) when a folder of them is named.
  if (const char* extra = std::getenv("SSMPF_FAST_YAML_CORPUS")) {
    roots.emplace_back(extra);
  }
  for (const fs::path& dir : roots) {
    if (!fs::is_directory(dir)) {
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file() && corpus_file(entry.path()) &&
          entry.file_size() <= (16U << 20U)) {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 100);

  std::size_t fast = 0;
  std::size_t fast_bytes = 0;
  std::size_t bytes = 0;
  std::vector<std::string> taken_paths;
  const bool verbose = std::getenv("SSMPF_FAST_YAML_VERBOSE") != nullptr;
  for (const fs::path& p : files) {
    const std::string text = read_file(p);
    const Outcome o = compare(text, schema_for(p));
    INFO(p.string());
    INFO(o.detail);
    CHECK(o.same);
    bytes += text.size();
    if (o.fast) {
      ++fast;
      fast_bytes += text.size();
      taken_paths.push_back(fs::relative(p, root).generic_string());
    } else if (verbose) {
      std::printf("left to yaml-cpp: %s\n", p.string().c_str());
    }
  }
  std::printf("fast YAML path: %zu of %zu corpus files (%.1f%%), %zu of %zu bytes (%.1f%%)\n", fast,
              files.size(), 100.0 * static_cast<double>(fast) / static_cast<double>(files.size()),
              fast_bytes, bytes,
              100.0 * static_cast<double>(fast_bytes) / static_cast<double>(bytes));

  // The files the product reads most must keep taking the fast path.
  auto was_taken = [&](const std::string& rel) {
    return std::find(taken_paths.begin(), taken_paths.end(), rel) != taken_paths.end();
  };
  std::vector<std::string> required = {"rules/kinds.yaml", "rules/managed-policies.yaml"};
  for (const auto& entry : fs::directory_iterator(root / "examples/seed-parameter-set")) {
    if (entry.path().extension() == ".yaml") {
      required.push_back(fs::relative(entry.path(), root).generic_string());
    }
  }
  std::size_t templates = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root / "tests/fixtures/cdk")) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 14 && name.ends_with(".template.json")) {
      required.push_back(fs::relative(entry.path(), root).generic_string());
      ++templates;
    }
  }
  CHECK(templates >= 10);
  for (const std::string& rel : required) {
    INFO(rel);
    CHECK(was_taken(rel));
  }
  CHECK(static_cast<double>(fast) >= 0.5 * static_cast<double>(files.size()));
}

TEST_CASE("fast YAML path: block YAML it takes") {
  CHECK(taken("a: 1\nb: two\n"));
  CHECK(taken("a: 1  # comment\nb: two # another\n# full line\n"));
  CHECK(taken("key:\nother: 1\n"));
  CHECK(taken("key:\n"));
  CHECK(taken("key:   \n  # comment\nnext:\n"));
  CHECK(taken("- - a\n  - b\n- c\n"));
  CHECK(taken("- key: v\n  other: w\n- x\n"));
  CHECK(taken("-\n  a: 1\n-\n- b\n"));
  CHECK(taken("list:\n- a\n- b\nafter: 1\n"));
  CHECK(taken("list:\n- a: 1\n  b: 2\n- c\nafter: 1\n"));
  CHECK(taken("outer:\n  inner:\n    - 1\n    - 2\n  x: y\n"));
  CHECK(taken("\"quoted key\": 1\n'single': 2\nkey with spaces: 3\n"));
  CHECK(taken("url: http://example.com/a#b\nc: a:b\n"));
  CHECK(taken("s: 'it''s'\nd: \"a\\\"b\\\\c\\n\\t\\u00e9\\u20ac\"\n"));
  CHECK(taken("e: {}\nf: []\ng: [a, 'b', \"c\", 1, 2.5, true, null, ~]\nh: {x: 1, 'y': [2]}\n"));
  CHECK(taken("text: héllo wörld ✓ 日本語\n"));
  CHECK(taken("just a scalar\n"));
  CHECK(taken("42"));
  CHECK(taken("null\n"));
  CHECK(taken(""));
  CHECK(taken("\n\n"));
  CHECK(taken("# only\n  # comments\n"));
  CHECK(taken("a: 1   \nb: 2 \n"));
  CHECK(taken("a: 1\r\nb:\r\n  - x\r\n"));
  CHECK(
      taken("\xEF\xBB\xBF"
            "a: 1\nb: 2\n"));
  CHECK(taken("a: 1\na: 2\nb: {c: 1, c: 2}\n"));
  CHECK(taken("a: yes\nb: 0o17\nc: 010\nd: 1:30\ne: 2024-01-02\nf: .inf\ng: -1\nh: +2\n"));
  CHECK(taken("R: !Ref Name\nS: !Sub 'arn:${AWS::Partition}'\nJ: !Join ['', [a, !Ref b]]\n"));
  CHECK(taken("G: !GetAtt\n  - A\n  - B\nI: !If\n  - c\n  - x\n"));
  CHECK(taken("M: !Foo\n  a: 1\n"));
  CHECK(taken("Fn::GetAtt: [a, b]\n"));
  CHECK(taken("  indented: 1\n  top: 2\n"));
  CHECK(taken("a:\n  b:\n    c:\n      d: 1\n"));
  CHECK(taken("<<: {a: 1}\nb: 2\n"));
  CHECK(taken("---\na: 1\n"));
  CHECK(taken("# c\n--- # c\n- a\n"));
  CHECK(
      taken("a: >-\n  folded text\n  on lines\nb: |\n  literal\n  # not a comment\n\n"
            "c: !Sub |-\n  x\nd: >\n  y\n"));
  CHECK(taken("- |\n  a\n  b\n- >\n   c\n"));
  CHECK(taken("a: |\n  x\n\n    more indented\n  z\n\nb: >-\n  p\n\n\n  q\n  r\n"));
  CHECK(taken("a: |\n  x\n\n  y\n"));
  CHECK(taken("a: |\n  x"));
  CHECK(taken("a: >\n  x\n  y"));
  CHECK(taken("a: |-\n  x"));
  CHECK(taken("- :iam::aws:policy/x\n- a: [arn:aws:s3:::b, c:d]\n- {e:f: g}\n"));
}

TEST_CASE("fast YAML path: YAML it leaves to yaml-cpp") {
  CHECK(refused("a: &x 1\nb: *x\n"));
  CHECK(refused("---\n"));
  CHECK(refused("--- a\n"));
  CHECK(refused("a: 1\n---\nb: 2\n"));
  CHECK(refused("a: |+\n  x\n"));
  CHECK(refused("a: |2\n  x\n"));
  CHECK(refused("a: >\n  x\n    y\n"));
  CHECK(refused("a: |\n  x \n"));
  CHECK(refused("a: | # c\n  x\n"));
  CHECK(refused("a: 1\n...\n"));
  CHECK(refused("%YAML 1.1\n---\na: 1\n"));
  CHECK(refused("? a\n: b\n"));
  CHECK(refused("a: multi\n  line\n"));
  CHECK(refused("- multi\n  line\n"));
  CHECK(refused("a: 'multi\n  line'\n"));
  CHECK(refused("a:\n\tb: 1\n"));
  CHECK(refused("a: !!str 1\n"));
  CHECK(refused("a: !<tag:x> 1\n"));
  CHECK(refused("a: b: c\n"));
  CHECK(refused("a: 1\n  b: 2\n"));
  CHECK(refused("a: \x01\n"));
  CHECK(refused("a: \xFF\n"));
  CHECK(refused("a: 1\rb: 2\n"));
  CHECK(refused("a: [1,\n  2]\n"));
  CHECK(refused("a: {b}\n"));
  CHECK(refused("a: [b, ]\n"));
  CHECK(refused("a: \"\\x41\"\n"));
  CHECK(refused("a: \"\\ud83d\\ude00\"\n"));
  CHECK(refused("a: !Ref\nb: 1\n"));
  CHECK(refused("a:\nnull : 1\n"));
  CHECK(refused("[a]: b\n"));
  CHECK(refused("a: @x\n"));
  CHECK(refused("a: `x`\n"));
  CHECK(refused("- a\nb: 1\n"));
  CHECK(refused("a: 1\n- b\n"));
  CHECK(refused("<<: 1\n"));
  CHECK(refused("a: -\n"));
  CHECK(refused(">-\nat column 0\n"));
  CHECK(refused("a: |\n  x\n  \n  y\n"));
  CHECK(refused("a: [b:]\n"));
  CHECK(refused("a: [b:[c]]\n"));
}

TEST_CASE("fast YAML path: JSON") {
  const auto json = model::Schema::json;
  CHECK(taken("{}", json));
  CHECK(taken("[]", json));
  CHECK(taken("{\"a\": 1, \"b\": [1, [2, [3, []]], {}], \"c\": {\"d\": null}}\n", json));
  CHECK(
      taken("{\n  \"a\": \"x\\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\uFFFD\",\n"
            "  \"n\": [-1, 0, 1.5, -2.5e10, 1E-3, true, false, null]\n}\n",
            json));
  CHECK(taken("{\"a\":1,\"b\":{\"c\":[true,false]}}", json));
  CHECK(taken("{\"a\": 1, \"a\": 2}", json));
  CHECK(taken("\xEF\xBB\xBF{\"a\": 1}\r\n", json));
  CHECK(taken("[\"unicode ✓ 日本\"]", json));
  CHECK(refused("{\"a\": 1,}", json));
  CHECK(refused("{\"a\":\t1}", json));
  CHECK(refused("{\"a\": \"\\ud83d\\ude00\"}", json));
  CHECK(refused("{\"a\": 1} # c\n{}", json));
  CHECK(refused("{\"a\": 1}\n---\n{}", json));
  CHECK(refused("{\"a\": [1, 2", json));
}

TEST_CASE("fast YAML path: nesting at and over the depth limit") {
  load::Limits limits;
  limits.max_depth = 8;
  auto nested = [](int n) {
    return std::string(static_cast<std::size_t>(n), '[') +
           std::string(static_cast<std::size_t>(n), ']');
  };
  CHECK(taken(nested(8), model::Schema::json, limits));
  CHECK(refused(nested(9), model::Schema::json, limits));
  // n nested mappings around a scalar: n + 1 levels of nodes.
  auto block = [](int n) {
    std::string text;
    for (int i = 0; i < n; ++i) {
      text += std::string(static_cast<std::size_t>(2 * i), ' ') + (i + 1 < n ? "k:\n" : "k: 1\n");
    }
    return text;
  };
  CHECK(taken(block(7), model::Schema::yaml11, limits));
  CHECK(refused(block(8), model::Schema::yaml11, limits));
}
