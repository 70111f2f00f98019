// SPDX-License-Identifier: Apache-2.0
#include <string>

#include "load/reader.hpp"
#include "load/yaml_loader.hpp"
#include "model/scalar.hpp"
#include "support/catch.hpp"

using namespace ssmpf;
using model::NodeRef;

namespace {

struct Loaded {
  SourceManager sources;
  Diagnostics diags;
  load::ParsedDocument parsed;
  FileId id;

  explicit Loaded(std::string text, model::Schema schema = model::Schema::yaml11,
                  load::Limits limits = {}) {
    id = sources.add("t.yaml", "/t.yaml", std::move(text));
    parsed = load::parse_yaml(sources.file(id), id, schema, limits, diags);
  }
  [[nodiscard]] NodeRef root() const { return parsed.document.root(); }
  [[nodiscard]] std::string text(const NodeRef& n) const {
    const auto r = n.range();
    return std::string(sources.file(id).text().substr(r.begin, r.end - r.begin));
  }
  [[nodiscard]] Position start(const NodeRef& n) const {
    return sources.file(id).position(n.range().begin);
  }
};

}  // namespace

TEST_CASE("scalars get exact ranges in every style") {
  const Loaded l(
      "a: plain value  # comment\n"
      "b: \"double \\\"quoted\\\"\"\n"
      "c: 'single ''quoted'''\n"
      "d: |\n"
      "  line one\n"
      "  line two\n"
      "e: !Ref Logical\n"
      "f: &anchor anchored\n"
      "g: [1, \"two\", {h: i}]\n");
  REQUIRE(l.diags.items().empty());
  const NodeRef root = l.root();
  REQUIRE(root.is_mapping());
  CHECK(l.text(root.get("a")) == "plain value");
  CHECK(root.get("a").scalar() == "plain value");
  CHECK(l.text(root.get("b")) == "\"double \\\"quoted\\\"\"");
  CHECK(root.get("b").scalar() == "double \"quoted\"");
  CHECK(root.get("b").style() == model::ScalarStyle::double_quoted);
  CHECK(l.text(root.get("c")) == "'single ''quoted'''");
  CHECK(l.text(root.get("d")) == "|\n  line one\n  line two");
  CHECK(root.get("d").scalar() == "line one\nline two\n");
  CHECK(l.text(root.get("e")) == "!Ref Logical");
  CHECK(root.get("e").tag() == "!Ref");
  CHECK(root.get("e").scalar() == "Logical");
  CHECK(l.text(root.get("f")) == "&anchor anchored");
  CHECK(l.text(root.get("g")) == "[1, \"two\", {h: i}]");
  CHECK(l.text(root.get("g").item(2)) == "{h: i}");
  CHECK(l.text(root.find("g").key) == "g");
}

TEST_CASE("YAML 1.1 types as PyYAML resolves them") {
  const Loaded l(
      "t: True\nf: off\ny: yes\ni: 443\no: 0o17\noct: 017\nx: 0x1F\ns: 1:30\nfl: 1.5\n"
      "e: 1e3\nn: ~\nempty:\nq: \"443\"\nstr: !!str 12\nd: 2024-01-02\nneg: -1\n");
  const NodeRef r = l.root();
  CHECK(r.get("t").as_bool() == true);
  CHECK(r.get("f").as_bool() == false);
  CHECK(r.get("y").as_bool() == true);
  CHECK(r.get("i").as_int() == 443);
  CHECK(r.get("o").type() == model::ScalarType::string);  // 0o is YAML 1.2, a string in 1.1
  CHECK(r.get("oct").as_int() == 15);
  CHECK(r.get("x").as_int() == 31);
  CHECK(r.get("s").as_int() == 90);
  CHECK(r.get("fl").type() == model::ScalarType::floating);
  CHECK(r.get("e").type() == model::ScalarType::string);  // PyYAML floats need a dot
  CHECK(r.get("n").is_null());
  CHECK(r.get("empty").is_null());
  CHECK(r.get("q").is_string());
  CHECK(r.get("str").is_string());
  CHECK(r.get("d").type() == model::ScalarType::timestamp);
  CHECK(r.get("neg").as_int() == -1);
}

TEST_CASE("JSON typing") {
  const Loaded l("{\"a\": 1e3, \"b\": 2, \"c\": true, \"d\": null, \"e\": \"x\"}",
                 model::Schema::json);
  const NodeRef r = l.root();
  CHECK(r.get("a").type() == model::ScalarType::floating);
  CHECK(r.get("b").as_int() == 2);
  CHECK(r.get("c").as_bool() == true);
  CHECK(r.get("d").is_null());
  CHECK(r.get("e").is_string());
}

TEST_CASE("duplicate keys are detected and the last value wins") {
  const Loaded l("a: 1\nb: 2\na: 3\na: 4\n");
  REQUIRE(l.parsed.duplicates.size() == 2);
  CHECK(l.root().get("a").as_int() == 4);
  const NodeRef first(&l.parsed.document, l.parsed.duplicates[0].previous_key);
  const NodeRef second(&l.parsed.document, l.parsed.duplicates[0].key);
  CHECK(l.start(first).line == 1);
  CHECK(l.start(second).line == 3);
}

TEST_CASE("merge keys follow PyYAML") {
  const Loaded l(
      "base: &base {a: 1, b: 2}\nother: &other {b: 20, c: 30}\n"
      "m:\n  <<: [*base, *other]\n  a: 100\n");
  const NodeRef m = l.root().get("m");
  CHECK(m.get("a").as_int() == 100);  // explicit wins
  CHECK(m.get("b").as_int() == 2);    // the first merged mapping wins
  CHECK(m.get("c").as_int() == 30);
  CHECK(m.size() == 3);
  CHECK(l.parsed.duplicates.empty());
}

TEST_CASE("positions with non-ASCII text, CRLF and a BOM") {
  const Loaded l(
      "\xEF\xBB\xBF"
      "k\xC3\xA9y: \xE6\x97\xA5\xE6\x9C\xAC\r\nnext: \"v\"\r\n");
  REQUIRE(l.diags.items().empty());
  const NodeRef r = l.root();
  CHECK(l.start(r.find("k\xC3\xA9y").key) == Position{1, 1});
  CHECK(l.start(r.get("k\xC3\xA9y")) == Position{1, 6});
  CHECK(l.text(r.get("k\xC3\xA9y")) == "\xE6\x97\xA5\xE6\x9C\xAC");
  CHECK(l.start(r.get("next")) == Position{2, 7});
  CHECK(l.text(r.get("next")) == "\"v\"");
}

TEST_CASE("tabs inside values and indentation errors") {
  const Loaded ok("a:\t\"x\"\n");
  CHECK(ok.diags.items().empty());
  const Loaded bad("a:\n\t- x\n");
  REQUIRE(bad.diags.items().size() == 1);
  CHECK(bad.diags.items()[0].rule_id == "LD001");
  CHECK(bad.parsed.failed);
}

TEST_CASE("syntax errors become LD001 with a position") {
  const Loaded l("a: [1, 2\nb: 3\n");
  REQUIRE(l.diags.items().size() == 1);
  const Diagnostic& d = l.diags.items()[0];
  CHECK(d.rule_id == "LD001");
  CHECK_FALSE(d.message.empty());
  CHECK(l.parsed.failed);
}

TEST_CASE("a second document is LD001") {
  const Loaded l("---\na: 1\n---\nb: 2\n");
  REQUIRE(l.diags.items().size() == 1);
  CHECK(l.diags.items()[0].rule_id == "LD001");
  CHECK(l.sources.file(l.id).position(l.diags.items()[0].range.begin).line == 3);
}

TEST_CASE("an empty file has no document") {
  const Loaded l("# only a comment\n");
  CHECK(l.diags.items().empty());
  CHECK(l.parsed.document.empty());
}

TEST_CASE("deep nesting stops at the limit with LD005") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const Loaded l(deep);
  REQUIRE(l.diags.items().size() == 1);
  CHECK(l.diags.items()[0].rule_id == "LD005");
}

TEST_CASE("an alias bomb stops at the expansion limit with LD005") {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) {
      bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
    }
    bomb += "]\n";
  }
  const Loaded l(bomb);
  REQUIRE(l.diags.items().size() == 1);
  CHECK(l.diags.items()[0].rule_id == "LD005");
}

TEST_CASE("aliases share the anchored node") {
  const Loaded l("a: &x {k: v}\nb: *x\n");
  CHECK(l.root().get("b").get("k").scalar() == "v");
  CHECK(l.root().get("a") == l.root().get("b"));
}

TEST_CASE("text checks: NUL, invalid UTF-8, control characters") {
  using load::TextProblem;
  CHECK(load::check_text(std::string("a\0b", 3))->kind == TextProblem::Kind::binary);
  CHECK(load::check_text("a: \xFF")->kind == TextProblem::Kind::invalid_utf8);
  CHECK(load::check_text("a: \x07")->kind == TextProblem::Kind::control_character);
  CHECK(load::check_text("a: \xC2\x80")->kind == TextProblem::Kind::control_character);
  CHECK_FALSE(load::check_text("\xEF\xBB\xBF"
                               "a: b\t\r\n")
                  .has_value());
}
