// SPDX-License-Identifier: Apache-2.0
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "load/limits.hpp"
#include "load/yaml_loader.hpp"
#include "model/node.hpp"
#include "model/scalar.hpp"
#include "schema/validator.hpp"
#include "support/catch.hpp"

namespace {

using ssmpf::Error;
using ssmpf::model::NodeRef;
using ssmpf::schema::ErrorKind;
using ssmpf::schema::SchemaSet;
using ssmpf::schema::ValidationError;
using ssmpf::schema::ValueView;

// One parsed input. Neither copied nor moved: NodeRefs point into the document.
class Input {
 public:
  explicit Input(std::string text, ssmpf::model::Schema schema = ssmpf::model::Schema::yaml11) {
    const ssmpf::FileId id = m_sources.add("input.yaml", "/input.yaml", std::move(text));
    m_parsed = ssmpf::load::parse_yaml(m_sources.file(id), id, schema, ssmpf::load::Limits{},
                                       m_diagnostics);
  }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;
  Input(Input&&) = delete;
  Input& operator=(Input&&) = delete;
  ~Input() = default;

  [[nodiscard]] NodeRef root() const { return m_parsed.document.root(); }
  [[nodiscard]] bool clean() const {
    return !m_parsed.failed && m_diagnostics.items().empty() && root().valid();
  }

 private:
  ssmpf::SourceManager m_sources;
  ssmpf::Diagnostics m_diagnostics;
  ssmpf::load::ParsedDocument m_parsed;
};

// Validates an input and keeps it alive with the errors.
class Run {
 public:
  Run(const SchemaSet& set, std::string_view name, std::string text,
      const ValueView& view = ValueView{},
      ssmpf::model::Schema schema = ssmpf::model::Schema::yaml11)
      : m_input(std::move(text), schema) {
    REQUIRE(m_input.clean());
    auto result = set.validate(name, m_input.root(), view);
    if (!result.ok()) {
      FAIL("schema error: " << result.error().message);
    }
    errors = std::move(result).value();
  }

  [[nodiscard]] NodeRef root() const { return m_input.root(); }

  // "/path: message" per error.
  [[nodiscard]] std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const ValidationError& e : errors) {
      out.push_back("/" + e.path + ": " + e.message);
    }
    return out;
  }

  std::vector<ValidationError> errors;

 private:
  Input m_input;
};

using Lines = std::vector<std::string>;

Lines check(const SchemaSet& set, std::string_view name, std::string text,
            const ValueView& view = ValueView{}) {
  const Run run(set, name, std::move(text), view);
  return run.lines();
}

SchemaSet single(std::string text) {
  SchemaSet set;
  set.add("s", std::move(text));
  return set;
}

// The configuration error a broken schema gives.
Error schema_error(const SchemaSet& set, std::string_view name) {
  const Input input("a: 1\n");
  auto result = set.validate(name, input.root(), ValueView{});
  REQUIRE_FALSE(result.ok());
  return result.error();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string sarif_schema() {
  return read_file(std::string(SSMPF_SOURCE_DIR) + "/tests/fixtures/sarif/sarif-schema-2.1.0.json");
}

// Substitutes `{{name}}` references like a parameter set does; `{{resolve:...}}` stays a
// runtime token whose value is unknown.
class Substituting final : public ValueView {
 public:
  explicit Substituting(std::vector<std::pair<std::string, std::string>> values)
      : m_values(std::move(values)) {}

  [[nodiscard]] std::optional<std::string> string_value(const NodeRef& node) const override {
    std::optional<std::string> text = ValueView::string_value(node);
    if (!text) {
      return text;
    }
    if (text->find("{{resolve:") != std::string::npos) {
      return std::nullopt;
    }
    for (const auto& [name, value] : m_values) {
      const std::string token = "{{" + name + "}}";
      for (std::size_t pos = text->find(token); pos != std::string::npos;
           pos = text->find(token, pos + value.size())) {
        text->replace(pos, token.size(), value);
      }
    }
    return text;
  }

 private:
  std::vector<std::pair<std::string, std::string>> m_values;
};

}  // namespace

TEST_CASE("the default ValueView returns the text of string scalars only", "[schema]") {
  const Input input("a: text\nb: 'quoted 42'\nc: 42\nd: true\ne: 2020-01-01\nf:\ng: [x]\n");
  REQUIRE(input.clean());
  const NodeRef root = input.root();
  const ValueView view;
  CHECK(view.string_value(root.get("a")) == "text");
  CHECK(view.string_value(root.get("b")) == "quoted 42");
  CHECK_FALSE(view.string_value(root.get("c")).has_value());
  CHECK_FALSE(view.string_value(root.get("d")).has_value());
  CHECK_FALSE(view.string_value(root.get("e")).has_value());
  CHECK_FALSE(view.string_value(root.get("f")).has_value());
  CHECK_FALSE(view.string_value(root.get("g")).has_value());
  CHECK_FALSE(view.string_value(root).has_value());
}

TEST_CASE("type maps nodes to JSON types", "[schema]") {
  const SchemaSet set = single(R"({
    "type": "object",
    "properties": {
      "s": {"type": "string"}, "i": {"type": "integer"}, "n": {"type": "number"},
      "b": {"type": "boolean"}, "z": {"type": "null"}, "a": {"type": "array"},
      "o": {"type": "object"}, "l": {"type": ["array", "null"]},
      "in": {"type": ["integer", "number"]}
    }
  })");

  SECTION("matching values") {
    CHECK(check(set, "s",
                "s: hello\ni: 42\nn: 1.5\nb: true\nz: null\na: [1]\no: {x: 1}\nl: ~\nin: 3\n")
              .empty());
    CHECK(check(set, "s", "i: 3.0\nn: 7\nb: yes\nz:\nl: []\ni2: whatever\n").empty());
    CHECK(check(set, "s", "i: 0x1F\nn: -0.5\n").empty());
  }
  SECTION("mismatches") {
    CHECK(check(set, "s", "s: 2020-01-01\n") ==
          Lines{"/s: expected a string, found the date 2020-01-01; quote it to make it a string"});
    CHECK(check(set, "s", "s: true\n") ==
          Lines{"/s: expected a string, found the boolean true; quote it to make it a string"});
    CHECK(check(set, "s", "s: 42\n") ==
          Lines{"/s: expected a string, found the integer 42; quote it to make it a string"});
    CHECK(check(set, "s", "s: ~\n") == Lines{"/s: expected a string, found null"});
    CHECK(check(set, "s", "s: !!binary aGVsbG8=\n") ==
          Lines{"/s: expected a string, found binary data"});
    CHECK(check(set, "s", "i: 1.5\n") == Lines{"/i: expected an integer, found the number 1.5"});
    CHECK(check(set, "s", "n: abc\n") == Lines{"/n: expected a number, found the string 'abc'"});
    CHECK(check(set, "s", "a: {}\n") == Lines{"/a: expected a list, found a mapping"});
    CHECK(check(set, "s", "o: []\n") == Lines{"/o: expected a mapping, found a list"});
    CHECK(check(set, "s", "z: 0\n") == Lines{"/z: expected null, found the integer 0"});
    CHECK(check(set, "s", "b: 1\n") == Lines{"/b: expected a boolean, found the integer 1"});
    CHECK(check(set, "s", "l: x\n") == Lines{"/l: expected a list or null, found the string 'x'"});
    CHECK(check(set, "s", "in: x\n") == Lines{"/in: expected a number, found the string 'x'"});
    CHECK(check(set, "s", "[1, 2]\n") == Lines{"/: expected a mapping, found a list"});
  }
  SECTION("the error names the value node") {
    const Run run(set, "s", "i: x\n");
    REQUIRE(run.errors.size() == 1);
    CHECK(run.errors[0].kind == ErrorKind::wrong_type);
    CHECK(run.errors[0].node == run.root().get("i"));
    CHECK(run.errors[0].path == "i");
    CHECK(run.errors[0].suggestion.empty());
  }
}

TEST_CASE("a quoted value that reads as the expected type says to drop the quotes", "[schema]") {
  const SchemaSet set = single(R"({"properties": {
    "i": {"type": "integer"}, "n": {"type": "number"}, "b": {"type": "boolean"}
  }})");
  CHECK(check(set, "s", "i: \"443\"\n") ==
        Lines{"/i: expected an integer, found the string '443'; write it without quotes"});
  CHECK(check(set, "s", "i: '2.0'\n") ==
        Lines{"/i: expected an integer, found the string '2.0'; write it without quotes"});
  CHECK(check(set, "s", "n: \"1.5\"\n") ==
        Lines{"/n: expected a number, found the string '1.5'; write it without quotes"});
  CHECK(check(set, "s", "b: \"True\"\n") ==
        Lines{"/b: expected a boolean, found the string 'True'; write it without quotes"});
  CHECK(check(set, "s", "b: 'yes'\n") ==
        Lines{"/b: expected a boolean, found the string 'yes'; write it without quotes"});
  CHECK(check(set, "s", "b: \"false\"\n") ==
        Lines{"/b: expected a boolean, found the string 'false'; write it without quotes"});
  // No hint when the text would not be of the expected type, or is not quoted.
  CHECK(check(set, "s", "i: '1.5'\n") == Lines{"/i: expected an integer, found the string '1.5'"});
  CHECK(check(set, "s", "i: https\n") ==
        Lines{"/i: expected an integer, found the string 'https'"});
  CHECK(check(set, "s", "b: \"maybe\"\n") ==
        Lines{"/b: expected a boolean, found the string 'maybe'"});
  CHECK(check(set, "s", "b: \"443\"\n") == Lines{"/b: expected a boolean, found the string '443'"});
}

TEST_CASE("additionalProperties false reports unknown keys with suggestions", "[schema]") {
  const SchemaSet set = single(R"({
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "security_group_ingress": {"type": "array"},
      "security_group_egress": {"type": "array"},
      "zeta1": {}, "zeta0": {},
      "rules": {"type": "array", "items": {"type": "object", "additionalProperties": false,
                                          "properties": {"port": {}}}}
    }
  })");

  SECTION("a near name is suggested") {
    const Run run(set, "s", "security_group_ingres: []\nfoo: 1\n");
    REQUIRE(run.errors.size() == 2);
    const ValidationError& e = run.errors[0];
    CHECK(e.kind == ErrorKind::unknown_property);
    CHECK(e.node == run.root().member(0).key);
    CHECK(e.node.range().begin == 0);
    CHECK(e.path == "security_group_ingres");
    CHECK(e.suggestion == "security_group_ingress");
    CHECK(e.message ==
          "unknown property 'security_group_ingres'; did you mean 'security_group_ingress'?");
    const ValidationError& f = run.errors[1];
    CHECK(f.kind == ErrorKind::unknown_property);
    CHECK(f.node == run.root().member(1).key);
    CHECK(f.message == "unknown property 'foo'");
    CHECK(f.suggestion.empty());
  }
  SECTION("ties go to the first name in schema order") {
    const Run run(set, "s", "zeta2: 1\n");
    REQUIRE(run.errors.size() == 1);
    CHECK(run.errors[0].suggestion == "zeta1");
  }
  SECTION("nested paths") {
    CHECK(check(set, "s", "rules:\n  - port: 1\n  - prot: 2\n") ==
          Lines{"/rules/1/prot: unknown property 'prot'; did you mean 'port'?"});
  }
  SECTION("known keys pass") {
    CHECK(check(set, "s", "security_group_ingress: []\nrules: [{port: 1}]\n").empty());
  }
}

TEST_CASE("additionalProperties as a schema and patternProperties", "[schema]") {
  const SchemaSet set = single(R"({
    "properties": {"name": {"type": "string"}},
    "patternProperties": {"^x-": {"type": "string"}, "tag": {"type": "string"}},
    "additionalProperties": {"type": "integer"}
  })");
  CHECK(check(set, "s", "name: a\nx-foo: b\ncount: 3\nmy-tag-1: t\n").empty());
  CHECK(check(set, "s", "x-foo: 1\n") ==
        Lines{"/x-foo: expected a string, found the integer 1; quote it to make it a string"});
  // Unanchored patterns match anywhere in the name.
  CHECK(check(set, "s", "the-tags: 1\n") ==
        Lines{"/the-tags: expected a string, found the integer 1; quote it to make it a string"});
  CHECK(check(set, "s", "count: abc\n") ==
        Lines{"/count: expected an integer, found the string 'abc'"});
  // Accepted by the additional schema: not reported even when close to a declared name.
  CHECK(check(set, "s", "nam: 5\n").empty());
  // Rejected and close to a declared name: most likely a misspelling.
  const Run run(set, "s", "nam: abc\n");
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].kind == ErrorKind::unknown_property);
  CHECK(run.errors[0].message == "unknown property 'nam'; did you mean 'name'?");
  CHECK(run.errors[0].suggestion == "name");
}

TEST_CASE("required properties", "[schema]") {
  const SchemaSet set = single(R"({
    "type": "object", "required": ["port", "name"],
    "properties": {"name": {"type": "string"}, "port": {"type": "integer"}}
  })");
  const Run run(set, "s", "name: a\n");
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].kind == ErrorKind::missing_property);
  CHECK(run.errors[0].node == run.root());
  CHECK(run.errors[0].path.empty());
  CHECK(run.errors[0].message == "missing required property 'port'");
  CHECK(check(set, "s", "other: 1\n") ==
        Lines{"/: missing required property 'name'", "/: missing required property 'port'"});
  CHECK(check(set, "s", "name: a\nport: 1\n").empty());
  // A present key with a null value is present.
  CHECK(check(set, "s", "name: a\nport:\n") == Lines{"/port: expected an integer, found null"});
}

TEST_CASE("minProperties and maxProperties", "[schema]") {
  const SchemaSet set = single(R"({"minProperties": 1, "maxProperties": 2})");
  CHECK(check(set, "s", "{}\n") == Lines{"/: expected at least 1 property, found 0"});
  CHECK(check(set, "s", "{a: 1, b: 2, c: 3}\n") ==
        Lines{"/: expected at most 2 properties, found 3"});
  CHECK(check(set, "s", "{a: 1}\n").empty());
}

TEST_CASE("mapping keys must be scalars", "[schema]") {
  const SchemaSet set = single(R"({"properties": {"a": {}}})");
  const Run run(set, "s", "? [x, y]\n: 1\na: 2\n");
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].kind == ErrorKind::invalid_value);
  CHECK(run.errors[0].message == "a mapping key must be a string");
  CHECK(run.errors[0].node == run.root().member(0).key);
  CHECK(run.errors[0].node.is_sequence());
}

TEST_CASE("items, tuples, minItems and maxItems", "[schema]") {
  const SchemaSet set = single(R"({
    "properties": {
      "list": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
      "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}],
               "additionalItems": false},
      "one": {"items": [{}], "additionalItems": false},
      "head": {"items": [{"type": "string"}], "additionalItems": {"type": "integer"}}
    }
  })");
  CHECK(check(set, "s", "list: []\n") == Lines{"/list: expected at least 1 item, found 0"});
  CHECK(check(set, "s", "list: [1, 2, 3, 4]\n") ==
        Lines{"/list: expected at most 3 items, found 4"});
  CHECK(check(set, "s", "list: [1, x]\n") ==
        Lines{"/list/1: expected an integer, found the string 'x'"});
  CHECK(check(set, "s", "pair: [a, 1]\nhead: [a, 1, 2]\n").empty());
  CHECK(check(set, "s", "pair: [1, a, 2]\n") ==
        Lines{"/pair/0: expected a string, found the integer 1; quote it to make it a string",
              "/pair/1: expected an integer, found the string 'a'",
              "/pair/2: unexpected item; at most 2 items are allowed"});
  CHECK(check(set, "s", "one: [a, b]\n") ==
        Lines{"/one/1: unexpected item; at most 1 item is allowed"});
  CHECK(check(set, "s", "head: [a, b]\n") ==
        Lines{"/head/1: expected an integer, found the string 'b'"});
}

TEST_CASE("uniqueItems compares structurally", "[schema]") {
  const SchemaSet set = single(R"({"type": "array", "uniqueItems": true})");
  CHECK(check(set, "s", "[1, 2, 3]\n").empty());
  CHECK(check(set, "s", "[1, '1', [1, 2], [2, 1], {a: 1}, {a: 2}, true, null, a]\n").empty());
  CHECK(check(set, "s", "[1, 2, 1]\n") == Lines{"/2: repeats item 0; the items must be unique"});
  CHECK(check(set, "s", "[{a: 1, b: [x]}, {b: [x], a: 1}]\n") ==
        Lines{"/1: repeats item 0; the items must be unique"});
  CHECK(check(set, "s", "[1, 1.0]\n") == Lines{"/1: repeats item 0; the items must be unique"});
  CHECK(check(set, "s", "[0x10, 16]\n") == Lines{"/1: repeats item 0; the items must be unique"});
  CHECK(check(set, "s", "[true, yes]\n") == Lines{"/1: repeats item 0; the items must be unique"});
  CHECK(check(set, "s", "[null, ~]\n") == Lines{"/1: repeats item 0; the items must be unique"});
  CHECK(check(set, "s", "[a, b, a, a]\n") == Lines{"/2: repeats item 0; the items must be unique",
                                                   "/3: repeats item 0; the items must be unique"});
  const Run run(set, "s", "[x, y, x]\n");
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].node == run.root().item(2));
  CHECK(run.errors[0].kind == ErrorKind::invalid_value);
  // uniqueItems: false and large lists.
  CHECK(check(single(R"({"uniqueItems": false})"), "s", "[1, 1]\n").empty());
  std::string many = "[";
  for (int i = 0; i < 3000; ++i) {
    many += std::to_string(i) + ", ";
  }
  many += "7]\n";
  CHECK(check(set, "s", many) == Lines{"/3000: repeats item 7; the items must be unique"});
}

TEST_CASE("enum and const compare with JSON semantics", "[schema]") {
  SECTION("strings, with a suggestion and at most 8 listed values") {
    const SchemaSet set = single(R"({"enum": ["Interface", "Gateway", "Instance", "NatGateway",
      "NetworkInterface", "VpcPeering", "TransitGateway", "Egress", "Local"]})");
    const Run run(set, "s", "Interfac\n");
    REQUIRE(run.errors.size() == 1);
    CHECK(run.errors[0].kind == ErrorKind::invalid_value);
    CHECK(run.errors[0].message ==
          "'Interfac' is not one of 'Interface', 'Gateway', 'Instance', 'NatGateway', "
          "'NetworkInterface', 'VpcPeering', 'TransitGateway', 'Egress', ...; "
          "did you mean 'Interface'?");
    CHECK(check(set, "s", "Local\n").empty());
    CHECK(check(set, "s", "local\n") ==
          Lines{"/: 'local' is not one of 'Interface', 'Gateway', 'Instance', 'NatGateway', "
                "'NetworkInterface', 'VpcPeering', 'TransitGateway', 'Egress', ...; "
                "did you mean 'Local'?"});
  }
  SECTION("short lists and single values") {
    CHECK(check(single(R"({"enum": ["tcp", "udp"]})"), "s", "icmp\n") ==
          Lines{"/: 'icmp' is not one of 'tcp', 'udp'"});
    CHECK(check(single(R"({"enum": ["2.1.0"]})"), "s", "'2.0.0'\n") ==
          Lines{"/: '2.0.0' is not '2.1.0'"});
    CHECK(check(single(R"({"const": "x"})"), "s", "y\n") == Lines{"/: 'y' is not 'x'"});
    CHECK(check(single(R"({"const": "x"})"), "s", "x\n").empty());
    CHECK(check(single(R"({"const": 5})"), "s", "5.0\n").empty());
  }
  SECTION("numbers, booleans, null and structures") {
    const SchemaSet numbers = single(R"({"enum": [1, 2, 3]})");
    CHECK(check(numbers, "s", "2\n").empty());
    CHECK(check(numbers, "s", "2.0\n").empty());
    CHECK(check(numbers, "s", "'2'\n") == Lines{"/: '2' is not one of 1, 2, 3"});
    CHECK(check(numbers, "s", "4\n") == Lines{"/: 4 is not one of 1, 2, 3"});
    const SchemaSet mixed = single(R"({"enum": [true, null, 1.5]})");
    CHECK(check(mixed, "s", "true\n").empty());
    CHECK(check(mixed, "s", "~\n").empty());
    CHECK(check(mixed, "s", "1.50\n").empty());
    CHECK(check(mixed, "s", "false\n") == Lines{"/: false is not one of true, null, 1.5"});
    const SchemaSet structures = single(R"({"enum": [{"a": 1, "b": [1, "x"]}]})");
    CHECK(check(structures, "s", "{b: [1, x], a: 1}\n").empty());
    CHECK(check(structures, "s", "{a: 1, b: [1, y]}\n") ==
          Lines{"/: a mapping is not {\"a\":1,\"b\":[1,\"x\"]}"});
    CHECK(check(structures, "s", "[1]\n") == Lines{"/: a list is not {\"a\":1,\"b\":[1,\"x\"]}"});
  }
  SECTION("a YAML date is not a string") {
    const SchemaSet set = single(R"({"enum": ["2020-01-01"]})");
    CHECK(check(set, "s", "'2020-01-01'\n").empty());
    CHECK(check(set, "s", "2020-01-01\n") == Lines{"/: 2020-01-01 is not '2020-01-01'"});
  }
}

TEST_CASE("minimum, maximum, exclusive bounds and multipleOf", "[schema]") {
  const SchemaSet ports = single(R"({"type": "integer", "minimum": -1, "maximum": 65535})");
  CHECK(check(ports, "s", "443000\n") == Lines{"/: 443000 is above the maximum 65535"});
  CHECK(check(ports, "s", "-2\n") == Lines{"/: -2 is below the minimum -1"});
  CHECK(check(ports, "s", "65535\n").empty());
  CHECK(check(ports, "s", "-1\n").empty());
  // Type errors are not followed by value errors on the same node.
  CHECK(check(ports, "s", "https\n") == Lines{"/: expected an integer, found the string 'https'"});

  const SchemaSet draft4 = single(
      R"({"minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})");
  CHECK(check(draft4, "s", "0\n") == Lines{"/: 0 is not above the exclusive minimum 0"});
  CHECK(check(draft4, "s", "10\n") == Lines{"/: 10 is not below the exclusive maximum 10"});
  CHECK(check(draft4, "s", "5\n").empty());

  const SchemaSet draft6 = single(R"({"exclusiveMinimum": 0, "exclusiveMaximum": 10})");
  CHECK(check(draft6, "s", "10\n") == Lines{"/: 10 is not below the exclusive maximum 10"});
  CHECK(check(draft6, "s", "0.0\n") == Lines{"/: 0.0 is not above the exclusive minimum 0"});
  CHECK(check(draft6, "s", "9.5\n").empty());

  CHECK(check(single(R"({"maximum": 1.5})"), "s", "2\n") == Lines{"/: 2 is above the maximum 1.5"});
  CHECK(check(single(R"({"maximum": 9007199254740993})"), "s", "9007199254740994\n") ==
        Lines{"/: 9007199254740994 is above the maximum 9007199254740993"});
  // Bounds do not apply to other types.
  CHECK(check(single(R"({"minimum": 5})"), "s", "abc\n").empty());

  const SchemaSet five = single(R"({"multipleOf": 5})");
  CHECK(check(five, "s", "10\n").empty());
  CHECK(check(five, "s", "7\n") == Lines{"/: 7 is not a multiple of 5"});
  const SchemaSet half = single(R"({"multipleOf": 0.5})");
  CHECK(check(half, "s", "1.5\n").empty());
  CHECK(check(half, "s", "1.25\n") == Lines{"/: 1.25 is not a multiple of 0.5"});
}

TEST_CASE("minLength and maxLength count characters", "[schema]") {
  const SchemaSet set = single(R"({"type": "string", "minLength": 2, "maxLength": 4})");
  CHECK(check(set, "s", "\"\xC3\xA9\"\n") ==
        Lines{"/: '\xC3\xA9' is shorter than the minimum length 2"});
  CHECK(check(set, "s", "\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"\n").empty());
  CHECK(check(set, "s", "abcde\n") == Lines{"/: 'abcde' is longer than the maximum length 4"});
}

TEST_CASE("pattern searches with re2", "[schema]") {
  const SchemaSet set = single(R"js({"properties": {
    "anchored": {"pattern": "^(tcp|udp)$"},
    "unanchored": {"pattern": "cp"},
    "protocol": {
      "type": "string",
      "pattern": "^(tcp|udp|icmp|icmpv6|-1|[0-9]{1,3})$",
      "x-expected": "an IP protocol (tcp, udp, icmp, icmpv6, -1 or 0-255)"
    }
  }})js");
  CHECK(check(set, "s", "anchored: https\n") ==
        Lines{"/anchored: 'https' does not match the pattern '^(tcp|udp)$'"});
  CHECK(check(set, "s", "anchored: tcp\nunanchored: xtcpx\nprotocol: icmpv6\n").empty());
  CHECK(check(set, "s", "protocol: https\n") ==
        Lines{"/protocol: 'https' is not an IP protocol (tcp, udp, icmp, icmpv6, -1 or 0-255)"});
  // Patterns apply to strings only.
  CHECK(check(set, "s", "anchored: 5\n").empty());
  // A pattern is compiled once even when it appears in many places.
  const SchemaSet shared = single(R"({"properties": {
    "a": {"pattern": "^x+$"}, "b": {"pattern": "^x+$"}
  }})");
  CHECK(check(shared, "s", "a: xx\nb: y\n") == Lines{"/b: 'y' does not match the pattern '^x+$'"});
}

TEST_CASE("format ipv4-cidr and ipv6-cidr", "[schema]") {
  const SchemaSet set = single(R"({"properties": {
    "v4": {"type": "string", "format": "ipv4-cidr"},
    "v6": {"type": "string", "format": "ipv6-cidr"},
    "uri": {"type": "string", "format": "uri"},
    "named": {"format": "ipv4-cidr", "x-expected": "an IPv4 network such as 10.0.0.0/16"}
  }})");
  CHECK(check(set, "s", "v4: 10.0.0.0/16\nv6: 2001:db8::/32\nuri: not a uri\n").empty());
  CHECK(check(set, "s", "v4: 10.0.0.0/33\n") ==
        Lines{"/v4: '10.0.0.0/33' is not a valid IPv4 CIDR block"});
  CHECK(check(set, "s", "v4: 10.0.0.0\n") ==
        Lines{"/v4: '10.0.0.0' is not a valid IPv4 CIDR block"});
  CHECK(check(set, "s", "v4: ::/0\n") == Lines{"/v4: '::/0' is not a valid IPv4 CIDR block"});
  CHECK(check(set, "s", "v6: 10.0.0.0/8\n") ==
        Lines{"/v6: '10.0.0.0/8' is not a valid IPv6 CIDR block"});
  CHECK(check(set, "s", "named: x\n") ==
        Lines{"/named: 'x' is not an IPv4 network such as 10.0.0.0/16"});
}

TEST_CASE("anyOf reports one useful error", "[schema]") {
  SECTION("every branch wants another type") {
    const SchemaSet set = single(R"({"anyOf": [{"type": "string"}, {"type": "object"}]})");
    const Run run(set, "s", "[1]\n");
    REQUIRE(run.errors.size() == 1);
    CHECK(run.errors[0].kind == ErrorKind::wrong_type);
    CHECK(run.errors[0].node == run.root());
    CHECK(run.errors[0].message == "expected a string or a mapping, found a list");
    CHECK(check(set, "s", "x\n").empty());
    CHECK(check(set, "s", "{a: 1}\n").empty());
  }
  SECTION("nested alternatives merge their types") {
    const SchemaSet set = single(R"({"anyOf": [
      {"type": "integer"},
      {"anyOf": [{"type": "boolean"}, {"$ref": "#/definitions/nothing"}]}
    ], "definitions": {"nothing": {"type": "null"}}})");
    CHECK(check(set, "s", "x\n") ==
          Lines{"/: expected an integer, a boolean, or null, found the string 'x'"});
    CHECK(check(set, "s", "\"5\"\n") ==
          Lines{"/: expected an integer, a boolean, or null, found the string '5'; "
                "write it without quotes"});
  }
  SECTION("the branch whose type matched explains") {
    const SchemaSet set = single(R"({"anyOf": [
      {"type": "string"},
      {"type": "object", "properties": {"port": {"type": "integer"}}, "required": ["port"]}
    ]})");
    const Run run(set, "s", "port: abc\n");
    REQUIRE(run.errors.size() == 1);
    CHECK(run.errors[0].path == "port");
    CHECK(run.errors[0].message == "expected an integer, found the string 'abc'");
    CHECK(run.errors[0].node == run.root().get("port"));
  }
  SECTION("the branch that got deepest explains") {
    const SchemaSet set = single(R"({"anyOf": [
      {"type": "object", "required": ["a"]},
      {"type": "object", "required": ["b"],
       "properties": {"b": {"properties": {"c": {"type": "integer"}}}}}
    ]})");
    CHECK(check(set, "s", "b: {c: x}\n") ==
          Lines{"/b/c: expected an integer, found the string 'x'"});
  }
  SECTION("then the branch with the fewest problems") {
    const SchemaSet set = single(R"({"anyOf": [
      {"type": "object", "required": ["a", "b"]},
      {"type": "object", "required": ["c"]}
    ]})");
    CHECK(check(set, "s", "{x: 1}\n") == Lines{"/: missing required property 'c'"});
  }
  SECTION("then the first branch") {
    const SchemaSet set = single(R"({"anyOf": [
      {"properties": {"a": {"type": "integer"}}},
      {"properties": {"a": {"type": "boolean"}}}
    ]})");
    CHECK(check(set, "s", "a: x\n") == Lines{"/a: expected an integer, found the string 'x'"});
  }
  SECTION("alternatives that each need a property are named together") {
    const SchemaSet set = single(R"({"anyOf": [
      {"required": ["startLine"]}, {"required": ["charOffset"]}, {"required": ["byteOffset"]}
    ]})");
    const Run run(set, "s", "endLine: 3\n");
    REQUIRE(run.errors.size() == 1);
    CHECK(run.errors[0].kind == ErrorKind::missing_property);
    CHECK(run.errors[0].node == run.root());
    CHECK(run.errors[0].message ==
          "missing one of the required properties 'startLine', 'charOffset', or 'byteOffset'");
    CHECK(check(set, "s", "charOffset: 3\n").empty());
  }
}

TEST_CASE("oneOf, allOf, not and boolean schemas", "[schema]") {
  const SchemaSet one = single(R"({"oneOf": [{"type": "integer"}, {"type": "number"}]})");
  CHECK(check(one, "s", "1.5\n").empty());
  CHECK(check(one, "s", "5\n") ==
        Lines{"/: the integer 5 matches more than one alternative (1 and 2); "
              "exactly one must match"});
  CHECK(check(one, "s", "x\n") == Lines{"/: expected a number, found the string 'x'"});
  const SchemaSet graphs = single(R"({"oneOf": [
    {"required": ["runGraphIndex"]}, {"required": ["resultGraphIndex"]}
  ]})");
  CHECK(check(graphs, "s", "{}\n") ==
        Lines{"/: missing one of the required properties 'runGraphIndex' or 'resultGraphIndex'"});
  CHECK(check(graphs, "s", "{runGraphIndex: 1}\n").empty());

  const SchemaSet all = single(R"({"allOf": [{"type": "object"}, {"required": ["a"]},
                                            {"properties": {"b": {"type": "string"}}}]})");
  CHECK(check(all, "s", "b: 1\n") ==
        Lines{"/: missing required property 'a'",
              "/b: expected a string, found the integer 1; quote it to make it a string"});
  CHECK(check(all, "s", "a: 1\n").empty());

  const SchemaSet negated = single(R"({"not": {"type": "string"}})");
  CHECK(check(negated, "s", "x\n") == Lines{"/: the string 'x' is not allowed here"});
  CHECK(check(negated, "s", "5\n").empty());

  const SchemaSet booleans = single(R"({"properties": {"legacy": false, "any": true}})");
  CHECK(check(booleans, "s", "legacy: 1\n") == Lines{"/legacy: the integer 1 is not allowed here"});
  CHECK(check(booleans, "s", "any: [1, {a: b}]\n").empty());
}

TEST_CASE("$ref within a document", "[schema]") {
  SECTION("definitions, $defs and escaped names") {
    const SchemaSet set = single(R"({
      "definitions": {"port": {"type": "integer", "minimum": 0}, "a/b~c": {"type": "string"},
                      "with space": {"type": "boolean"}},
      "$defs": {"name": {"type": "string", "minLength": 1}},
      "properties": {
        "from": {"$ref": "#/definitions/port"},
        "name": {"$ref": "#/$defs/name"},
        "odd": {"$ref": "#/definitions/a~1b~0c"},
        "spaced": {"$ref": "#/definitions/with%20space"},
        "items": {"items": [{"$ref": "#/properties/from"}]}
      }
    })");
    CHECK(check(set, "s", "from: -1\n") == Lines{"/from: -1 is below the minimum 0"});
    CHECK(check(set, "s", "name: ''\n") == Lines{"/name: '' is shorter than the minimum length 1"});
    CHECK(check(set, "s", "odd: 1\n") ==
          Lines{"/odd: expected a string, found the integer 1; quote it to make it a string"});
    CHECK(check(set, "s", "spaced: 1\n") ==
          Lines{"/spaced: expected a boolean, found the integer 1"});
    CHECK(check(set, "s", "items: [-5]\n") == Lines{"/items/0: -5 is below the minimum 0"});
  }
  SECTION("keywords beside $ref are ignored (draft-04 to 07)") {
    const SchemaSet set = single(R"({"$ref": "#/definitions/x", "type": "string",
                                      "definitions": {"x": {"type": "integer"}}})");
    CHECK(check(set, "s", "5\n").empty());
  }
  SECTION("recursive schemas") {
    const SchemaSet set = single(R"({
      "type": "object", "additionalProperties": false,
      "properties": {"name": {"type": "string"},
                     "children": {"type": "array", "items": {"$ref": "#"}}}
    })");
    CHECK(check(set, "s",
                "name: a\nchildren:\n  - name: b\n    children:\n"
                "      - name: c\n      - nam: d\n") ==
          Lines{"/children/0/children/1/nam: unknown property 'nam'; did you mean 'name'?"});
    const SchemaSet defs = single(R"({
      "$ref": "#/definitions/node",
      "definitions": {"node": {"type": ["integer", "array"],
                               "items": {"$ref": "#/definitions/node"}}}
    })");
    CHECK(check(defs, "s", "[1, [2, [3, [x]]]]\n") ==
          Lines{"/1/1/1/0: expected an integer or a list, found the string 'x'"});
  }
}

TEST_CASE("$ref across documents", "[schema]") {
  SchemaSet set;
  set.add("common.schema.json", R"({
    "type": "string",
    "definitions": {"cidr": {"type": "string", "format": "ipv4-cidr"}}
  })");
  set.add("main.schema.json", R"({"properties": {
    "a": {"$ref": "common.schema.json#/definitions/cidr"},
    "b": {"$ref": "common.schema.json"},
    "c": {"$ref": "./common.schema.json#/definitions/cidr"},
    "d": {"$ref": "https://example.com/schemas/by-id.json#/definitions/flag"},
    "tree": {"$ref": "tree.schema.json"}
  }})");
  set.add("by-id", R"({"$id": "https://example.com/schemas/by-id.json",
                      "definitions": {"flag": {"type": "boolean"}}})");
  // Mutually recursive documents.
  set.add("tree.schema.json", R"({"type": "object", "additionalProperties": false,
    "properties": {"leaf": {"type": "integer"}, "sub": {"$ref": "forest.schema.json"}}})");
  set.add("forest.schema.json", R"({"type": "array", "items": {"$ref": "tree.schema.json"}})");

  CHECK(set.contains("main.schema.json"));
  CHECK_FALSE(set.contains("missing.schema.json"));
  CHECK(check(set, "main.schema.json", "a: 10.0.0.0/8\nb: x\nc: 10.0.0.0/8\nd: true\n").empty());
  CHECK(check(set, "main.schema.json", "a: 10.0.0.0/40\n") ==
        Lines{"/a: '10.0.0.0/40' is not a valid IPv4 CIDR block"});
  CHECK(check(set, "main.schema.json", "b: 5\n") ==
        Lines{"/b: expected a string, found the integer 5; quote it to make it a string"});
  CHECK(check(set, "main.schema.json", "c: x\n") ==
        Lines{"/c: 'x' is not a valid IPv4 CIDR block"});
  CHECK(check(set, "main.schema.json", "d: 1\n") ==
        Lines{"/d: expected a boolean, found the integer 1"});
  CHECK(check(set, "main.schema.json", "tree: {sub: [{leaf: 1}, {sub: [{leaf: x}]}]}\n") ==
        Lines{"/tree/sub/1/sub/0/leaf: expected an integer, found the string 'x'"});
  // The referenced documents also validate on their own.
  CHECK(check(set, "forest.schema.json", "[{leaf: 1}, {leaf: 2, extra: 3}]\n") ==
        Lines{"/1/extra: unknown property 'extra'"});
}

TEST_CASE("broken schemas give configuration errors", "[schema]") {
  SchemaSet set;
  set.add("dangling", R"({"properties": {"a": {"$ref": "#/definitions/missing"}}})");
  set.add("unknown-doc", R"({"$ref": "nope.schema.json#/definitions/x"})");
  set.add("bad-json", R"({"type": "object",)");
  set.add("uses-bad-json", R"({"items": {"$ref": "bad-json"}})");
  set.add("bad-pattern", R"js({"pattern": "(?=x)"})js");
  set.add("bad-type", R"({"type": "strung"})");
  set.add("bad-required", R"({"required": "a"})");
  set.add("circular", R"({"$ref": "#/definitions/a",
    "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}})");
  set.add("left-recursive", R"({"anyOf": [{"$ref": "#"}]})");
  set.add("anchor", R"({"$ref": "#foo"})");
  set.add("fine", R"({"type": "object", "properties": {"a": {"$ref": "#/definitions/a"}},
                     "definitions": {"a": {"type": "integer"}}})");

  const auto expect = [&](std::string_view name, std::string_view fragment) {
    const Error error = schema_error(set, name);
    CHECK(error.kind == Error::Kind::config);
    CHECK(error.path == name);
    CHECK_THAT(error.message, Catch::Contains(std::string(fragment)));
  };
  expect("dangling",
         "schema 'dangling': dangling $ref '#/definitions/missing' at "
         "'#/properties/a'");
  expect("unknown-doc", "names an unknown schema document");
  expect("bad-json", "schema 'bad-json' is not valid JSON: ");
  expect("uses-bad-json", "schema 'bad-json' is not valid JSON");
  expect("bad-pattern", "invalid pattern '(?=x)'");
  expect("bad-type", "unknown type \"strung\"");
  expect("bad-required", "'required' must be a list of strings");
  expect("circular", "circular $ref");
  expect("left-recursive", "recurses too deeply");
  expect("anchor", "plain-name fragment");
  expect("nothing-by-this-name", "unknown schema 'nothing-by-this-name'");
  // The failure is remembered, and does not affect other documents.
  expect("dangling", "dangling $ref");
  CHECK(check(set, "fine", "a: x\n") == Lines{"/a: expected an integer, found the string 'x'"});
  // Replacing a document recompiles.
  set.add("dangling", R"({"properties": {"a": {"type": "string"}}})");
  CHECK(check(set, "dangling", "a: 1\n") ==
        Lines{"/a: expected a string, found the integer 1; quote it to make it a string"});
  CHECK(check(set, "fine", "a: 1\n").empty());
}

TEST_CASE("the ValueView decides string values", "[schema]") {
  const SchemaSet set = single(R"({"properties": {
    "protocol": {"type": "string", "pattern": "^(tcp|udp)$"},
    "cidr": {"type": "string", "format": "ipv4-cidr"},
    "kind": {"enum": ["a", "b"]},
    "name": {"type": "string", "minLength": 3}
  }})");
  const Substituting view(
      {{"proto", "https"}, {"ok", "tcp"}, {"net", "10.0.0.0/99"}, {"k", "zzz"}, {"short", "x"}});
  SECTION("a runtime token skips value constraints but not the type") {
    CHECK(check(set, "s",
                "protocol: '{{resolve:ssm:/proto}}'\ncidr: '{{resolve:ssm:/net}}'\n"
                "kind: '{{resolve:ssm:/k}}'\nname: '{{resolve:ssm:/n}}'\n",
                view)
              .empty());
    CHECK(check(set, "s", "protocol: 5\n", view) ==
          Lines{"/protocol: expected a string, found the integer 5; quote it to make it a string"});
  }
  SECTION("substituted values are checked") {
    CHECK(check(set, "s", "protocol: '{{proto}}'\n", view) ==
          Lines{"/protocol: 'https' does not match the pattern '^(tcp|udp)$'"});
    CHECK(check(set, "s", "protocol: '{{ok}}'\n", view).empty());
    CHECK(check(set, "s", "cidr: '{{net}}'\n", view) ==
          Lines{"/cidr: '10.0.0.0/99' is not a valid IPv4 CIDR block"});
    CHECK(check(set, "s", "kind: '{{k}}'\n", view) == Lines{"/kind: 'zzz' is not one of 'a', 'b'"});
    CHECK(check(set, "s", "name: '{{short}}'\n", view) ==
          Lines{"/name: 'x' is shorter than the minimum length 3"});
  }
  SECTION("without the view the text itself is checked") {
    CHECK(check(set, "s", "protocol: '{{resolve:ssm:/proto}}'\n") ==
          Lines{"/protocol: '{{resolve:ssm:/proto}}' does not match the pattern '^(tcp|udp)$'"});
  }
}

TEST_CASE("errors come in document order", "[schema]") {
  const SchemaSet set = single(R"({
    "type": "object", "additionalProperties": false, "required": ["zz"],
    "properties": {"c": {"type": "integer"}, "a": {"type": "integer"},
                   "b": {"type": "array", "items": {"type": "string"}}, "zz": {}}
  })");
  const Run run(set, "s", "b: [1, x, 2]\nc: x\nqqq: 1\na: x\n");
  CHECK(run.lines() ==
        Lines{"/: missing required property 'zz'",
              "/b/0: expected a string, found the integer 1; quote it to make it a string",
              "/b/2: expected a string, found the integer 2; quote it to make it a string",
              "/c: expected an integer, found the string 'x'", "/qqq: unknown property 'qqq'",
              "/a: expected an integer, found the string 'x'"});
  for (std::size_t i = 1; i < run.errors.size(); ++i) {
    CHECK(run.errors[i - 1].node.range().begin <= run.errors[i].node.range().begin);
  }
}

TEST_CASE("annotations are read by JSON pointer", "[schema]") {
  SchemaSet set;
  set.add("d", R"({
    "title": "T",
    "n": 5,
    "list": ["zero", "one"],
    "properties": {
      "vpc_id": {"x-cfn-name": "VpcId", "x-cfn-type": "AWS::EC2::VPC::Id"},
      "a/b": {"x~y": "slash and tilde"}
    }
  })");
  set.add("broken", "{");
  CHECK(set.annotation("d", "/properties/vpc_id/x-cfn-name") == "VpcId");
  CHECK(set.annotation("d", "/properties/vpc_id/x-cfn-type") == "AWS::EC2::VPC::Id");
  CHECK(set.annotation("d", "/properties/a~1b/x~0y") == "slash and tilde");
  CHECK(set.annotation("d", "/list/1") == "one");
  CHECK(set.annotation("d", "#/title") == "T");
  CHECK(set.annotation("d", "/title") == "T");
  CHECK_FALSE(set.annotation("d", "/n").has_value());
  CHECK_FALSE(set.annotation("d", "").has_value());
  CHECK_FALSE(set.annotation("d", "/list/2").has_value());
  CHECK_FALSE(set.annotation("d", "/list/01").has_value());
  CHECK_FALSE(set.annotation("d", "/properties/missing/x-cfn-name").has_value());
  CHECK_FALSE(set.annotation("d", "/properties/a~2b").has_value());
  CHECK_FALSE(set.annotation("d", "title").has_value());
  CHECK_FALSE(set.annotation("broken", "/title").has_value());
  CHECK_FALSE(set.annotation("missing", "/title").has_value());
}

TEST_CASE("a SchemaSet moves and validates from many threads", "[schema]") {
  SchemaSet original;
  original.add("s", R"({"type": "object", "properties": {"port": {"type": "integer",
                        "maximum": 10}, "tree": {"$ref": "#/definitions/t"}},
                        "definitions": {"t": {"type": "array",
                                              "items": {"$ref": "#/definitions/t"}}}})");
  const SchemaSet set = std::move(original);
  const Input input("port: 11\ntree: [[], [[]], [[x]]]\n");
  REQUIRE(input.clean());
  const Lines expected{"/port: 11 is above the maximum 10",
                       "/tree/2/0/0: expected a list, found the string 'x'"};
  std::vector<Lines> results(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto result = set.validate("s", input.root(), ValueView{});
        Lines lines;
        if (result.ok()) {
          for (const ValidationError& e : result.value()) {
            lines.push_back("/" + e.path + ": " + e.message);
          }
        }
        results[t] = std::move(lines);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (const Lines& lines : results) {
    CHECK(lines == expected);
  }
}

TEST_CASE("SARIF 2.1.0 logs against the official draft-04 schema", "[schema][sarif]") {
  SchemaSet set;
  set.add("sarif-schema-2.1.0.json", sarif_schema());
  CHECK(set.annotation("sarif-schema-2.1.0.json", "/$schema") ==
        "http://json-schema.org/draft-04/schema#");

  const std::string valid = R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "ssm-preflight",
          "version": "0.1.0",
          "semanticVersion": "0.1.0",
          "informationUri": "https://github.com/ssm-preflight/ssm-preflight",
          "rules": [
            {
              "id": "SG001",
              "name": "IngressOpenToWorld",
              "shortDescription": {"text": "Ingress is open to the world"},
              "fullDescription": {"text": "A security group rule allows 0.0.0.0/0."},
              "helpUri": "https://example.com/docs/rules/SG001.md",
              "defaultConfiguration": {"level": "error"},
              "properties": {"tags": ["security"]}
            }
          ]
        }
      },
      "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///home/dev/project/"}},
      "artifacts": [{"location": {"uri": "params/dev.yaml", "uriBaseId": "%SRCROOT%"}}],
      "columnKind": "utf16CodeUnits",
      "invocations": [
        {
          "executionSuccessful": true,
          "toolExecutionNotifications": [
            {"level": "warning", "message": {"text": "a file was skipped"}}
          ]
        }
      ],
      "results": [
        {
          "ruleId": "SG001",
          "ruleIndex": 0,
          "level": "error",
          "message": {"text": "port 22 is open to 0.0.0.0/0"},
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {"uri": "params/dev.yaml", "uriBaseId": "%SRCROOT%",
                                     "index": 0},
                "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 20}
              }
            }
          ],
          "relatedLocations": [
            {"id": 1, "message": {"text": "defined here"},
             "physicalLocation": {"artifactLocation": {"uri": "params/dev.yaml"},
                                  "region": {"startLine": 1}}}
          ],
          "partialFingerprints": {"primaryLocationLineHash": "5e2f:1"}
        }
      ]
    }
  ]
})";
  {
    const Run run(set, "sarif-schema-2.1.0.json", valid, ValueView{}, ssmpf::model::Schema::json);
    CHECK(run.lines().empty());
  }

  const std::string invalid = R"({
  "version": "2.1.0",
  "runs": [
    {
      "tool": {"driver": {"name": "ssm-preflight"}},
      "results": [
        {
          "ruleId": "SG001",
          "level": "fatal",
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {"uri": "params/dev.yaml"},
                "region": {"startLine": 0, "startColumn": 1}
              }
            }
          ]
        }
      ]
    }
  ]
})";
  const Run run(set, "sarif-schema-2.1.0.json", invalid, ValueView{}, ssmpf::model::Schema::json);
  CHECK(run.lines() ==
        Lines{"/runs/0/results/0: missing required property 'message'",
              "/runs/0/results/0/level: 'fatal' is not one of 'none', 'note', 'warning', 'error'",
              "/runs/0/results/0/locations/0/physicalLocation/region/startLine: "
              "0 is below the minimum 1"});
  REQUIRE(run.errors.size() == 3);
  CHECK(run.errors[0].kind == ErrorKind::missing_property);
  CHECK(run.errors[0].node.is_mapping());
  CHECK(run.errors[2].kind == ErrorKind::invalid_value);

  // A misspelt property, a wrong version and a region without any start.
  const std::string more = R"({
  "version": "2.0.0",
  "runs": [{"tool": {"driver": {"name": "x", "rulez": []}},
            "results": [{"message": {"text": "m"},
                         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"},
                                                             "region": {"endLine": 2}}}]}]}]
})";
  const Run run2(set, "sarif-schema-2.1.0.json", more, ValueView{}, ssmpf::model::Schema::json);
  CHECK(run2.lines() ==
        Lines{"/version: '2.0.0' is not '2.1.0'",
              "/runs/0/tool/driver/rulez: unknown property 'rulez'; did you mean 'rules'?",
              "/runs/0/results/0/locations/0/physicalLocation/region: missing one of the "
              "required properties 'startLine', 'charOffset', or 'byteOffset'"});
}

TEST_CASE("property_names lists the root properties in schema order", "[schema]") {
  SchemaSet set;
  set.add("direct", R"({"properties": {"zeta": {}, "alpha": {}, "mid": {}}})");
  set.add("via-ref", R"({"$ref": "#/definitions/r",
                         "definitions": {"r": {"properties": {"b": {}, "a": {}}}}})");
  set.add("other-doc", R"({"$ref": "via-ref"})");
  set.add("none", R"({"type": "string"})");
  set.add("loop", R"({"$ref": "#"})");
  set.add("broken", "[");
  CHECK(set.property_names("direct") == std::vector<std::string>{"zeta", "alpha", "mid"});
  CHECK(set.property_names("via-ref") == std::vector<std::string>{"b", "a"});
  CHECK(set.property_names("other-doc") == std::vector<std::string>{"b", "a"});
  CHECK(set.property_names("none").empty());
  CHECK(set.property_names("loop").empty());
  CHECK(set.property_names("broken").empty());
  CHECK(set.property_names("missing").empty());
}

TEST_CASE("deep values and absent nodes", "[schema]") {
  const SchemaSet set = single(R"({"anyOf": [{"type": "integer"},
                                            {"type": "array", "items": {"$ref": "#"}}]})");
  std::string deep;
  constexpr int k_depth = 200;
  for (int i = 0; i < k_depth; ++i) {
    deep += '[';
  }
  deep += "x";
  for (int i = 0; i < k_depth; ++i) {
    deep += ']';
  }
  deep += '\n';
  const Run run(set, "s", deep);
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].message == "expected an integer or a list, found the string 'x'");
  CHECK(run.errors[0].path.size() == 2 * k_depth - 1);

  auto result = set.validate("s", NodeRef(), ValueView{});
  REQUIRE(result.ok());
  CHECK(result.value().empty());
}

TEST_CASE("schemas are read as JSON reads them: order kept, a repeated key's last value",
          "[schema]") {
  SchemaSet set;
  // Small and large objects (past eight members the repeats are found by hashing).
  set.add("small", R"({"properties": {"b": {}, "a": {"type": "string"}, "b": {"type": "integer"},
                                      "c": {}}})");
  std::string large = R"({"properties": {"k0": {})";
  for (int i = 1; i < 20; ++i) {
    large += ", \"k" + std::to_string(i) + "\": {}";
  }
  large += R"(, "k3": {"type": "integer"}, "k20": {}}})";
  set.add("large", large);
  CHECK(set.property_names("small") == std::vector<std::string>{"b", "a", "c"});
  std::vector<std::string> names;
  for (int i = 0; i <= 20; ++i) {
    names.push_back("k" + std::to_string(i));
  }
  CHECK(set.property_names("large") == names);
  // The last "b" ({"type": "integer"}) is the one kept.
  const Lines small = check(set, "small", "b: x\n");
  REQUIRE(small.size() == 1);
  CHECK_THAT(small[0], Catch::Contains("integer"));
  const Lines repeated = check(set, "large", "k3: x\nk4: y\n");
  REQUIRE(repeated.size() == 1);
  CHECK_THAT(repeated[0], Catch::Contains("integer"));
  // A syntax error keeps the parser's message.
  set.add("truncated", R"({"properties": {"a": )");
  CHECK_THAT(schema_error(set, "truncated").message,
             Catch::Equals("schema 'truncated' is not valid JSON: parse error at line 1, column "
                           "22: syntax error while parsing value - unexpected end of input; "
                           "expected '[', '{', or a literal"));
}
