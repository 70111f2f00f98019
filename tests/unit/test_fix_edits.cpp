// SPDX-License-Identifier: Apache-2.0
#include <string>

#include "fix/apply.hpp"
#include "fix/edits.hpp"
#include "load/yaml_loader.hpp"
#include "model/scalar.hpp"
#include "support/catch.hpp"

using namespace ssmpf;
using fix::Value;
using model::NodeRef;

namespace {

struct Loaded {
  SourceManager sources;
  Diagnostics diags;
  load::ParsedDocument parsed;
  FileId id;

  explicit Loaded(std::string text, model::Schema schema = model::Schema::yaml11) {
    id = sources.add("t.yaml", "/t.yaml", std::move(text));
    parsed = load::parse_yaml(sources.file(id), id, schema, load::Limits{}, diags);
  }
  [[nodiscard]] NodeRef root() const { return parsed.document.root(); }
  [[nodiscard]] fix::Editor editor() const {
    return fix::Editor(sources.file(id), id, parsed.document);
  }
  // The text after one edit, which must parse again.
  [[nodiscard]] std::string after(const std::optional<TextEdit>& edit) const {
    REQUIRE(edit.has_value());
    std::string text = fix::apply_edits(sources.file(id).text(), {*edit});
    const Loaded again(text, json() ? model::Schema::json : model::Schema::yaml11);
    INFO(text);
    CHECK_FALSE(again.parsed.failed);
    return text;
  }
  [[nodiscard]] bool json() const {
    return !sources.file(id).text().empty() && sources.file(id).text().front() == '{';
  }
};

Value ingress_rule(std::string cidr) {
  return Value::mapping({{"ip_protocol", Value::string("tcp")},
                         {"cidr_ip", Value::string(std::move(cidr))},
                         {"from_port", Value::integer(443)},
                         {"to_port", Value::integer(443)}});
}

}  // namespace

TEST_CASE("apply_edits applies replacements and insertions in file order") {
  const FileId f{0};
  CHECK(fix::apply_edits("abcdef", {}) == "abcdef");
  CHECK(fix::apply_edits("abcdef", {TextEdit{{f, 4, 5}, "E"}, TextEdit{{f, 1, 2}, "B"}}) ==
        "aBcdEf");
  // Insertions at one point keep the order they were given in.
  CHECK(fix::apply_edits("ab", {TextEdit{{f, 1, 1}, "1"}, TextEdit{{f, 1, 1}, "2"}}) == "a12b");
  CHECK(fix::apply_edits("ab", {TextEdit{{f, 2, 2}, "!"}}) == "ab!");
  CHECK(fix::apply_edits("abc", {TextEdit{{f, 0, 3}, ""}}).empty());
  // Overlapping edits are never passed; the later one is dropped rather than corrupting text.
  CHECK(fix::apply_edits("abcdef", {TextEdit{{f, 1, 4}, "X"}, TextEdit{{f, 2, 3}, "Y"}}) == "aXef");
}

TEST_CASE("a file's style is learned from its text") {
  const Loaded params(
      "pwork:\n"
      "    vpcs:\n"
      "        v:\n"
      "            enable_dns_support: True\n"
      "            cidr_block: \"10.0.0.0/16\"\n"
      "            tags:\n"
      "            -   key: a\n");
  const fix::Style s = params.editor().style();
  CHECK_FALSE(s.json);
  CHECK(s.step == 4);
  CHECK(s.sequence_indent == 0);
  CHECK(s.capital_booleans);
  CHECK(s.quoted_strings == false);  // one quoted string, one plain
  const Loaded cfn("Resources:\n  A:\n    Properties:\n      X: !Ref B\n      Y: true\r\n");
  CHECK(cfn.editor().style().short_tags);
  CHECK_FALSE(cfn.editor().style().capital_booleans);
  CHECK(cfn.editor().style().newline == "\r\n");
  const Loaded json("{\n \"Resources\": {\n  \"A\": {}\n }\n}\n", model::Schema::json);
  CHECK(json.editor().style().json);
  CHECK(json.editor().style().step == 1);
}

TEST_CASE("a scalar is replaced in its own spelling and quotes") {
  const Loaded l(
      "a: False  # keep\n"
      "b: \"false\"\n"
      "c: no\n"
      "d: \"Gateway\"\n"
      "e: 'Gateway'\n"
      "f: Gateway\n"
      "g: !Ref Param\n"
      "h: ok\n");
  const fix::Editor e = l.editor();
  const NodeRef r = l.root();
  CHECK(l.after(e.replace_with_true(r.get("a"))).find("a: True  # keep\n") != std::string::npos);
  CHECK(l.after(e.replace_with_true(r.get("b"))).find("b: \"true\"\n") != std::string::npos);
  CHECK(l.after(e.replace_with_true(r.get("c"))).find("c: True\n") != std::string::npos);
  CHECK_FALSE(e.replace_with_true(r.get("g")).has_value());  // not a literal
  CHECK_FALSE(e.replace_with_true(r.get("h")).has_value());  // not false
  CHECK(l.after(e.replace_string(r.get("d"), "Interface")).find("d: \"Interface\"\n") !=
        std::string::npos);
  CHECK(l.after(e.replace_string(r.get("e"), "Interface")).find("e: 'Interface'\n") !=
        std::string::npos);
  CHECK(l.after(e.replace_string(r.get("f"), "Interface")).find("f: Interface\n") !=
        std::string::npos);
  CHECK_FALSE(e.replace_string(r.get("g"), "Interface").has_value());
}

TEST_CASE("a member is added to a block mapping with its keys' indentation") {
  const Loaded l(
      "top:\n"
      "  endpoint:\n"
      "    id: \"x\"\n"
      "    subnet_ids:\n"
      "      - \"a\"\n"
      "      - \"b\"  # last\n"
      "    #tags:\n"
      "    #  - key: \"module\"\n"
      "\n"
      "  other: 1\n");
  const fix::Editor e = l.editor();
  const NodeRef endpoint = l.root().get("top").get("endpoint");
  CHECK(l.after(e.add_member(endpoint, "private_dns_enabled", Value::boolean(true))) ==
        "top:\n"
        "  endpoint:\n"
        "    id: \"x\"\n"
        "    subnet_ids:\n"
        "      - \"a\"\n"
        "      - \"b\"  # last\n"
        "    private_dns_enabled: true\n"
        "    #tags:\n"
        "    #  - key: \"module\"\n"
        "\n"
        "  other: 1\n");
  // A list of mappings, in the file's quoting (strings quoted here).
  CHECK(l.after(e.add_member(endpoint, "security_group_ingress",
                             Value::sequence({ingress_rule("10.0.2.0/24")}))) ==
        "top:\n"
        "  endpoint:\n"
        "    id: \"x\"\n"
        "    subnet_ids:\n"
        "      - \"a\"\n"
        "      - \"b\"  # last\n"
        "    security_group_ingress:\n"
        "      - ip_protocol: \"tcp\"\n"
        "        cidr_ip: \"10.0.2.0/24\"\n"
        "        from_port: 443\n"
        "        to_port: 443\n"
        "    #tags:\n"
        "    #  - key: \"module\"\n"
        "\n"
        "  other: 1\n");
  // A key that is already there is not added twice.
  CHECK_FALSE(e.add_member(endpoint, "id", Value::string("y")).has_value());
}

TEST_CASE("a member is added to the last mapping of a file without a final newline") {
  const Loaded l("a:\n  b: 1");
  CHECK(l.after(l.editor().add_member(l.root().get("a"), "c", Value::boolean(true))) ==
        "a:\n  b: 1\n  c: true");
}

TEST_CASE("flow mappings and sequences get a comma and the new member") {
  const Loaded l(
      "v: {id: \"x\", cidr_block: \"10.0.0.0/16\"}  # vpc\n"
      "l: [\"a\", \"b\"]\n"
      "e: []\n"
      "m: {}\n");
  const fix::Editor e = l.editor();
  const NodeRef r = l.root();
  CHECK(l.after(e.add_member(r.get("v"), "enable_dns_hostnames", Value::boolean(true)))
            .find("v: {id: \"x\", cidr_block: \"10.0.0.0/16\", enable_dns_hostnames: true}  # "
                  "vpc\n") != std::string::npos);
  CHECK(
      l.after(e.append_items(r.get("l"), {Value::string("c")})).find("l: [\"a\", \"b\", \"c\"]") !=
      std::string::npos);
  CHECK(l.after(e.append_items(r.get("e"), {Value::string("c"), Value::string("d")}))
            .find("e: [\"c\", \"d\"]") != std::string::npos);
  CHECK(l.after(e.add_member(r.get("m"), "k", Value::integer(1))).find("m: {k: 1}") !=
        std::string::npos);
  // A flow mapping item follows the style of the items before it.
  const Loaded items("rules:\n  - {ip_protocol: tcp, from_port: 80}\n");
  CHECK(items.after(items.editor().append_items(items.root().get("rules"),
                                                {ingress_rule("10.0.2.0/24")})) ==
        "rules:\n"
        "  - {ip_protocol: tcp, from_port: 80}\n"
        "  - {ip_protocol: tcp, cidr_ip: 10.0.2.0/24, from_port: 443, to_port: 443}\n");
}

TEST_CASE("block sequence items are appended at the dash column") {
  const Loaded l(
      "arns:\n"
      "- \"arn:aws:iam::aws:policy/A\"\r\n"
      "# trailing comment\r\n"
      "next: 1\r\n");
  CHECK(l.after(l.editor().append_items(l.root().get("arns"),
                                        {Value::string("arn:aws:iam::aws:policy/B")})) ==
        "arns:\n"
        "- \"arn:aws:iam::aws:policy/A\"\r\n"
        "- \"arn:aws:iam::aws:policy/B\"\r\n"
        "# trailing comment\r\n"
        "next: 1\r\n");
  const Loaded nested(
      "rules:\n"
      "  - ip_protocol: tcp\n"
      "    cidr_ip:\n"
      "      Fn::GetAtt: [Vpc, CidrBlock]\n");
  CHECK(
      nested.after(nested.editor().append_items(
          nested.root().get("rules"),
          {Value::mapping(
              {{"IpProtocol", Value::string("tcp")},
               {"CidrIp", Value::mapping({{"Fn::GetAtt",
                                           Value::sequence({Value::string("S"),
                                                            Value::string("CidrBlock")})}})}})})) ==
      "rules:\n"
      "  - ip_protocol: tcp\n"
      "    cidr_ip:\n"
      "      Fn::GetAtt: [Vpc, CidrBlock]\n"
      "  - IpProtocol: tcp\n"
      "    CidrIp:\n"
      "      Fn::GetAtt:\n"
      "        - S\n"
      "        - CidrBlock\n");
}

TEST_CASE("JSON members and items follow the layout of their siblings") {
  const Loaded l(
      "{\n"
      " \"Resources\": {\n"
      "  \"Role\": {\n"
      "   \"Properties\": {\n"
      "    \"Path\": \"/\",\n"
      "    \"ManagedPolicyArns\": [\n"
      "     \"arn:aws:iam::aws:policy/A\"\n"
      "    ]\n"
      "   }\n"
      "  }\n"
      " }\n"
      "}\n",
      model::Schema::json);
  const fix::Editor e = l.editor();
  const NodeRef props = l.root().get("Resources").get("Role").get("Properties");
  CHECK(l.after(e.append_items(
            props.get("ManagedPolicyArns"),
            {Value::mapping({{"Fn::Sub", Value::string("arn:${AWS::Partition}:x")}})})) ==
        "{\n"
        " \"Resources\": {\n"
        "  \"Role\": {\n"
        "   \"Properties\": {\n"
        "    \"Path\": \"/\",\n"
        "    \"ManagedPolicyArns\": [\n"
        "     \"arn:aws:iam::aws:policy/A\",\n"
        "     {\n"
        "      \"Fn::Sub\": \"arn:${AWS::Partition}:x\"\n"
        "     }\n"
        "    ]\n"
        "   }\n"
        "  }\n"
        " }\n"
        "}\n");
  CHECK(l.after(e.add_member(props, "Tags", Value::sequence({}))) ==
        "{\n"
        " \"Resources\": {\n"
        "  \"Role\": {\n"
        "   \"Properties\": {\n"
        "    \"Path\": \"/\",\n"
        "    \"ManagedPolicyArns\": [\n"
        "     \"arn:aws:iam::aws:policy/A\"\n"
        "    ],\n"
        "    \"Tags\": []\n"
        "   }\n"
        "  }\n"
        " }\n"
        "}\n");
  const Loaded inline_json("{\"A\": {\"B\": true}}", model::Schema::json);
  CHECK(inline_json.after(inline_json.editor().add_member(inline_json.root().get("A"), "C",
                                                          Value::boolean(true))) ==
        "{\"A\": {\"B\": true, \"C\": true}}");
}

TEST_CASE("layouts the edits do not understand give no edit") {
  const Loaded l(
      "a: |\n"
      "  literal\n"
      "b:\n"
      "  c: |\n"
      "    block scalar last\n");
  CHECK_FALSE(l.editor().add_member(l.root().get("b"), "d", Value::integer(1)).has_value());
  CHECK_FALSE(l.editor().append_items(l.root().get("a"), {Value::integer(1)}).has_value());
}

TEST_CASE("the end of a string is replaced where it is written") {
  const Loaded l(
      "a: \"com.amazonaws.{{common.region}}.ssm\"\n"
      "b: 'com.amazonaws.x.ssm'\n"
      "c: com.amazonaws.x.ssm  # keep\n"
      "d: !Sub com.amazonaws.${AWS::Region}.ssm\n"
      "e: \"com.amazonaws.x.\\x73sm\"\n"
      "f: com.amazonaws.x.ec2\n"
      "g: [a, b]\n");
  const fix::Editor e = l.editor();
  const NodeRef r = l.root();
  CHECK(l.after(e.replace_suffix(r.get("a"), "ssm", "ssmmessages"))
            .find("a: \"com.amazonaws.{{common.region}}.ssmmessages\"\n") != std::string::npos);
  CHECK(l.after(e.replace_suffix(r.get("b"), "ssm", "ssmmessages"))
            .find("b: 'com.amazonaws.x.ssmmessages'\n") != std::string::npos);
  CHECK(l.after(e.replace_suffix(r.get("c"), "ssm", "ec2messages"))
            .find("c: com.amazonaws.x.ec2messages  # keep\n") != std::string::npos);
  CHECK(l.after(e.replace_suffix(r.get("d"), "ssm", "ssmmessages"))
            .find("d: !Sub com.amazonaws.${AWS::Region}.ssmmessages\n") != std::string::npos);
  // Only the old end's bytes change.
  const auto edit = e.replace_suffix(r.get("a"), "ssm", "ssmmessages");
  REQUIRE(edit.has_value());
  CHECK(edit->range.end - edit->range.begin == 3);
  CHECK(edit->replacement == "ssmmessages");
  // Spelled through an escape, another end, not a string, a suffix the style cannot hold.
  CHECK_FALSE(e.replace_suffix(r.get("e"), "ssm", "ssmmessages").has_value());
  CHECK_FALSE(e.replace_suffix(r.get("f"), "ssm", "ssmmessages").has_value());
  CHECK_FALSE(e.replace_suffix(r.get("g"), "ssm", "ssmmessages").has_value());
  CHECK_FALSE(e.replace_suffix(r.get("c"), "ssm", "a: b").has_value());
  CHECK_FALSE(e.replace_suffix(r.get("a"), "ssm", "x\"y").has_value());
}

TEST_CASE("the mapping that holds a key is found") {
  const Loaded l("a:\n  b: 1\n  c: {d: 2}\n");
  const NodeRef c = l.root().get("a").find("c").key;
  const auto [mapping, index] = fix::member_of(c);
  CHECK(mapping == l.root().get("a"));
  CHECK(index == 1);
  CHECK_FALSE(fix::member_of(l.root().get("a").get("b")).first.valid());  // a value, not a key
  CHECK_FALSE(fix::member_of(NodeRef()).first.valid());
}

TEST_CASE("a block member is copied after itself without its comments") {
  const Loaded l(
      "group:\n"
      "  # the first endpoint\n"
      "  ssm:\n"
      "    id: \"ep_ssm\"  # the construct id\n"
      "    # a comment line\n"
      "    name: \"com.amazonaws.x.ssm\"\n"
      "    note: \"a # that is no comment\"\n"
      "    ids:\n"
      "      - a   # first\n"
      "      - b\n"
      "    #tags:\n"
      "    #  - key: x\n"
      "  # the next one\n"
      "  other: 1\n");
  const fix::Editor e = l.editor();
  const NodeRef group = l.root().get("group");
  const NodeRef ssm = group.get("ssm");
  std::vector<TextEdit> changes;
  changes.push_back(*e.replace_suffix(ssm.get("name"), "ssm", "ssmmessages"));
  changes.push_back(*e.replace_string(ssm.get("id"), "ep_ssmmessages"));
  CHECK(l.after(e.copy_member(group, 0, "ssmmessages", changes)) ==
        "group:\n"
        "  # the first endpoint\n"
        "  ssm:\n"
        "    id: \"ep_ssm\"  # the construct id\n"
        "    # a comment line\n"
        "    name: \"com.amazonaws.x.ssm\"\n"
        "    note: \"a # that is no comment\"\n"
        "    ids:\n"
        "      - a   # first\n"
        "      - b\n"
        "    #tags:\n"
        "    #  - key: x\n"
        "  ssmmessages:\n"
        "    id: \"ep_ssmmessages\"\n"
        "    name: \"com.amazonaws.x.ssmmessages\"\n"
        "    note: \"a # that is no comment\"\n"
        "    ids:\n"
        "      - a\n"
        "      - b\n"
        "  # the next one\n"
        "  other: 1\n");
  // A change outside the member, or a member that shares its line with a dash: no edit.
  CHECK_FALSE(
      e.copy_member(group, 0, "x", {TextEdit{group.get("other").range(), "2"}}).has_value());
  const Loaded dashed("- a: 1\n  b: 2\n");
  CHECK_FALSE(dashed.editor().copy_member(dashed.root().item(0), 0, "c", {}).has_value());
}

TEST_CASE("a copy is separated by a blank line as its member is") {
  const Loaded l(
      "Resources:\r\n"
      "  A:\r\n"
      "    Type: X\r\n"
      "\r\n"
      "  B:\r\n"
      "    Type: !Sub Y\r\n");
  const fix::Editor e = l.editor();
  const NodeRef resources = l.root().get("Resources");
  CHECK(l.after(e.copy_member(resources, 0, "A2", {})) ==
        "Resources:\r\n"
        "  A:\r\n"
        "    Type: X\r\n"
        "\r\n"
        "  A2:\r\n"
        "    Type: X\r\n"
        "\r\n"
        "  B:\r\n"
        "    Type: !Sub Y\r\n");
  CHECK(l.after(e.copy_member(resources, 1, "B2", {})) ==
        "Resources:\r\n"
        "  A:\r\n"
        "    Type: X\r\n"
        "\r\n"
        "  B:\r\n"
        "    Type: !Sub Y\r\n"
        "\r\n"
        "  B2:\r\n"
        "    Type: !Sub Y\r\n");
  // Without blank lines around the member, none around the copy.
  const Loaded tight("a:\n  b: 1\n  c: 2\n");
  CHECK(tight.after(tight.editor().copy_member(tight.root().get("a"), 0, "b2", {})) ==
        "a:\n  b: 1\n  b2: 1\n  c: 2\n");
}

TEST_CASE("JSON and flow members are copied after a comma") {
  const Loaded json(
      "{\n"
      " \"Resources\": {\n"
      "  \"SsmEndpoint\": {\n"
      "   \"Type\": \"AWS::EC2::VPCEndpoint\",\n"
      "   \"Properties\": {\"ServiceName\": \"com.amazonaws.x.ssm\"}\n"
      "  },\n"
      "  \"Other\": {}\n"
      " }\n"
      "}\n",
      model::Schema::json);
  const fix::Editor e = json.editor();
  const NodeRef resources = json.root().get("Resources");
  const NodeRef name = resources.get("SsmEndpoint").get("Properties").get("ServiceName");
  CHECK(json.after(e.copy_member(resources, 0, "SsmMessagesEndpoint",
                                 {*e.replace_suffix(name, "ssm", "ssmmessages")})) ==
        "{\n"
        " \"Resources\": {\n"
        "  \"SsmEndpoint\": {\n"
        "   \"Type\": \"AWS::EC2::VPCEndpoint\",\n"
        "   \"Properties\": {\"ServiceName\": \"com.amazonaws.x.ssm\"}\n"
        "  },\n"
        "  \"SsmMessagesEndpoint\": {\n"
        "   \"Type\": \"AWS::EC2::VPCEndpoint\",\n"
        "   \"Properties\": {\"ServiceName\": \"com.amazonaws.x.ssmmessages\"}\n"
        "  },\n"
        "  \"Other\": {}\n"
        " }\n"
        "}\n");
  const Loaded flow("g: {ssm: {id: a, n: 1}, x: 2}  # group\n");
  CHECK(flow.after(flow.editor().copy_member(flow.root().get("g"), 0, "ssmmessages", {})) ==
        "g: {ssm: {id: a, n: 1}, ssmmessages: {id: a, n: 1}, x: 2}  # group\n");
}
