// SPDX-License-Identifier: Apache-2.0
#include "cfn/template_scope.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "base/text.hpp"
#include "model/scalar.hpp"

namespace ssmpf::cfn {

namespace {

using model::Member;
using model::NodeRef;
using model::Value;
using Kind = model::Value::Kind;

constexpr int k_max_depth = 64;  // nested intrinsics and GetAtt -> property chains
// The work one value may take: evaluation steps and bytes of text made (README "Limits").
constexpr std::size_t k_max_steps = 10'000;
constexpr std::size_t k_max_bytes = std::size_t{16} << 20;

constexpr std::array<std::string_view, 19> k_functions{
    "Ref",        "Condition", "Fn::GetAtt",    "Fn::Sub",         "Fn::Join",
    "Fn::Select", "Fn::Split", "Fn::GetAZs",    "Fn::If",          "Fn::ImportValue",
    "Fn::Base64", "Fn::Cidr",  "Fn::FindInMap", "Fn::Equals",      "Fn::Not",
    "Fn::And",    "Fn::Or",    "Fn::Length",    "Fn::ToJsonString"};

constexpr std::array<std::string_view, 8> k_pseudo{
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",   "AWS::Partition",
    "AWS::Region",    "AWS::StackId",          "AWS::StackName", "AWS::URLSuffix"};

const std::string& too_costly_reason() {
  static const std::string reason = "evaluating it takes more than " + std::to_string(k_max_steps) +
                                    " steps or " + std::to_string(k_max_bytes >> 20) +
                                    " MiB of text";
  return reason;
}

bool is_pseudo(std::string_view name) {
  return std::find(k_pseudo.begin(), k_pseudo.end(), name) != k_pseudo.end();
}

Value unknown(const NodeRef& site, std::string reason) {
  Value v;
  v.kind = Kind::unknown;
  v.node = site;
  v.reason = std::move(reason);
  return v;
}

Value string_value(const NodeRef& site, std::string text) {
  Value v;
  v.kind = Kind::string;
  v.node = site;
  v.text = std::move(text);
  return v;
}

// The text a value contributes to a string (Fn::Join, Fn::Sub): strings and numbers.
std::optional<std::string> text_of(const Value& v) {
  switch (v.kind) {
    case Kind::string:
    case Kind::integer:
    case Kind::number:
    case Kind::boolean:
      return v.text;
    default:
      return std::nullopt;
  }
}

// Attributes whose value is one of the resource's own properties.
std::optional<std::string_view> property_backed(std::string_view type, std::string_view attribute) {
  struct Entry {
    std::string_view type;
    std::string_view attribute;
    std::string_view property;
  };
  static constexpr std::array<Entry, 5> k_table{{
      {"AWS::EC2::VPC", "CidrBlock", "CidrBlock"},
      {"AWS::EC2::Subnet", "CidrBlock", "CidrBlock"},
      {"AWS::EC2::Subnet", "AvailabilityZone", "AvailabilityZone"},
      {"AWS::EC2::Subnet", "VpcId", "VpcId"},
      {"AWS::EC2::SecurityGroup", "VpcId", "VpcId"},
  }};
  for (const Entry& e : k_table) {
    if (e.type == type && e.attribute == attribute) {
      return e.property;
    }
  }
  return std::nullopt;
}

// The names a Fn::Sub string refers to: ${Name} and ${Name.Attr}, not ${!Literal}.
struct SubPart {
  bool variable = false;
  std::string text;  // literal text, or the variable name
};

std::optional<std::vector<SubPart>> parse_sub(std::string_view s) {
  std::vector<SubPart> parts;
  std::string literal;
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "${") == 0) {
      const std::size_t close = s.find('}', i + 2);
      if (close == std::string_view::npos) {
        return std::nullopt;
      }
      const std::string_view name = s.substr(i + 2, close - i - 2);
      if (!name.empty() && name.front() == '!') {
        literal += "${";
        literal += name.substr(1);
        literal += "}";
      } else {
        if (name.empty()) {
          return std::nullopt;
        }
        if (!literal.empty()) {
          parts.push_back(SubPart{false, literal});
          literal.clear();
        }
        parts.push_back(SubPart{true, std::string(name)});
      }
      i = close + 1;
      continue;
    }
    literal += s[i++];
  }
  if (!literal.empty()) {
    parts.push_back(SubPart{false, literal});
  }
  return parts;
}

std::string partition_of(std::string_view region) {
  if (starts_with(region, "cn-")) {
    return "aws-cn";
  }
  if (starts_with(region, "us-gov-")) {
    return "aws-us-gov";
  }
  return "aws";
}

}  // namespace

std::optional<Intrinsic> as_intrinsic(const NodeRef& node) {
  if (!node.valid()) {
    return std::nullopt;
  }
  const std::string_view tag = node.tag();
  if (tag.size() > 1 && tag.front() == '!' && tag[1] != '!') {
    const std::string_view name = tag.substr(1);
    Intrinsic i;
    i.function =
        name == "Ref" || name == "Condition" ? std::string(name) : "Fn::" + std::string(name);
    i.argument = node;
    i.short_form = true;
    return i;
  }
  if (node.is_mapping() && node.size() == 1) {
    const Member m = node.member(0);
    const std::string_view key = m.key.scalar();
    if (key == "Ref" || starts_with(key, "Fn::")) {
      return Intrinsic{std::string(key), m.value, false};
    }
  }
  return std::nullopt;
}

TemplateScope::TemplateScope(std::vector<StackInput> stacks,
                             std::optional<std::string> region_override,
                             std::map<std::string, std::string> parameter_values, Diagnostics& out,
                             std::optional<std::string> region_fallback)
    : m_region_override(std::move(region_override)),
      m_region_fallback(std::move(region_fallback)),
      m_parameter_values(std::move(parameter_values)),
      m_out(&out) {
  for (StackInput& input : stacks) {
    Stack s;
    s.input = std::move(input);
    if (!s.input.region) {
      s.input.region = m_region_fallback;
    }
    m_stacks.push_back(std::move(s));
  }
  for (std::size_t i = 0; i < m_stacks.size(); ++i) {
    m_stack_of_document[m_stacks[i].input.document] = i;
  }
  link_nested_stacks();
  for (std::size_t i = 0; i < m_stacks.size(); ++i) {
    read_stack(i, out);
  }
  for (const Stack& s : m_stacks) {
    validate(s, out);
  }
}

void TemplateScope::link_nested_stacks() {
  for (Stack& s : m_stacks) {
    s.root = s.input.document->root();
    s.resources = s.root.get("Resources");
    s.parameters = s.root.get("Parameters");
    s.conditions = s.root.get("Conditions");
    s.mappings = s.root.get("Mappings");
    s.outputs = s.root.get("Outputs");
    for (std::size_t i = 0; i < s.resources.size(); ++i) {
      s.logical_ids.insert(s.resources.member(i).key.scalar());
    }
  }
  for (Stack& s : m_stacks) {
    if (!s.input.nested) {
      continue;
    }
    for (std::size_t p = 0; p < m_stacks.size(); ++p) {
      if (m_stacks[p].input.name == s.input.parent) {
        s.parent = p;
        s.passed =
            m_stacks[p].resources.get(s.input.parent_resource).get("Properties").get("Parameters");
        break;
      }
    }
  }
}

const TemplateScope::Stack* TemplateScope::nested_stack(const Stack& parent,
                                                        std::string_view logical_id) const {
  for (const Stack& s : m_stacks) {
    if (s.parent && &m_stacks[*s.parent] == &parent && s.input.parent_resource == logical_id) {
      return &s;
    }
  }
  return nullptr;
}

void TemplateScope::read_stack(std::size_t index, Diagnostics& out) {
  Stack& s = m_stacks[index];
  if (!s.resources.is_mapping()) {
    out.report("LD004", s.resources.valid() ? s.resources.range() : s.root.range(),
               "a CloudFormation template needs a 'Resources' mapping of logical ids, found " +
                   model::describe(s.resources));
    return;
  }
  const bool several = m_stacks.size() > 1;
  std::unordered_map<std::string_view, std::size_t> last;  // logical id -> its last member
  for (std::size_t i = 0; i < s.resources.size(); ++i) {
    last[s.resources.member(i).key.scalar()] = i;
  }
  for (std::size_t i = 0; i < s.resources.size(); ++i) {
    const Member m = s.resources.member(i);
    // Repeated logical ids: the last wins (LD002 reports the repeat).
    if (last[m.key.scalar()] != i) {
      continue;
    }
    const std::string id(m.key.scalar());
    if (!m.value.is_mapping()) {
      out.report(
          "CF003", m.value.valid() ? m.value.range() : m.key.range(),
          "resource '" + id + "' must be a mapping with a Type, found " + model::describe(m.value));
      continue;
    }
    const NodeRef type = m.value.get("Type");
    if (!type.is_string()) {
      out.report("CF003", type.valid() ? type.range() : m.key.range(),
                 "resource '" + id + "' has no Type string");
      continue;
    }
    const NodeRef properties = m.value.get("Properties");
    if (properties.valid() && !properties.is_mapping()) {
      out.report("CF003", properties.range(),
                 "the Properties of resource '" + id + "' must be a mapping, found " +
                     model::describe(properties));
      continue;
    }
    model::Resource r;
    r.name = id;
    r.module = s.input.name;
    r.path = several ? s.input.name + "/" + id : id;
    r.type = std::string(type.scalar());
    r.key = m.key;
    r.body = properties;
    const NodeRef path = m.value.get("Metadata").get("aws:cdk:path");
    if (path.is_string()) {
      r.construct_path = std::string(path.scalar());
    }
    const NodeRef cond = m.value.get("Condition");
    if (cond.is_string()) {
      start_work();
      const auto holds = condition(s, cond.scalar(), 0);
      finish_work(cond);
      if (holds == false) {
        continue;  // not created
      }
      if (!holds) {
        r.condition = std::string(cond.scalar());
      }
    }
    s.by_logical_id[id] = static_cast<std::uint32_t>(m_resources.size());
    m_resources.push_back(std::move(r));
  }
  // Exports, for Fn::ImportValue across the scope.
  for (std::size_t i = 0; i < s.outputs.size(); ++i) {
    const Member o = s.outputs.member(i);
    const NodeRef name = o.value.get("Export").get("Name");
    if (!name.valid()) {
      continue;
    }
    start_work();
    const Value n = eval(name, s, false, 0);
    finish_work(name);
    if (n.is_string()) {
      m_exports.try_emplace(n.text, Export{index, o.value.get("Value")});
    }
  }
}

const TemplateScope::Stack* TemplateScope::stack_of(const NodeRef& node) const {
  const auto it = m_stack_of_document.find(node.document());
  return it == m_stack_of_document.end() ? nullptr : &m_stacks[it->second];
}

model::Member TemplateScope::property_member(const model::Resource& resource,
                                             std::string_view cfn_name) const {
  return resource.body.is_mapping() ? resource.body.find(cfn_name) : Member();
}

model::Member TemplateScope::field_member(const NodeRef& mapping, std::string_view cfn_name) const {
  return mapping.is_mapping() ? mapping.find(cfn_name) : Member();
}

Value TemplateScope::value(const NodeRef& node) const {
  const Stack* s = stack_of(node);
  if (s == nullptr) {
    Value v;
    v.node = node;
    return v;
  }
  start_work();
  Value v = eval(node, *s, false, 0);
  finish_work(node);
  return v;
}

std::optional<std::string> TemplateScope::region() const {
  if (m_region_override) {
    return m_region_override;
  }
  // The stacks' region when they all have the same one.
  std::optional<std::string> common;
  for (const Stack& s : m_stacks) {
    if (!s.input.region || (common && *common != *s.input.region)) {
      return std::nullopt;
    }
    common = s.input.region;
  }
  return common;
}

std::optional<std::string> TemplateScope::region_of(const model::Resource& resource) const {
  if (m_region_override) {
    return m_region_override;
  }
  for (const Stack& s : m_stacks) {
    if (s.input.name == resource.module) {
      return s.input.region;
    }
  }
  return region();
}

std::string TemplateScope::region_source() const {
  if (m_region_override) {
    return "--region";
  }
  return m_region_fallback ? "the stack's environment, else assume.region in the configuration"
                           : "the cloud assembly's environment";
}

std::optional<std::string> TemplateScope::pseudo(std::string_view name, const Stack& stack) const {
  std::optional<std::string> r = m_region_override ? m_region_override : stack.input.region;
  if (name == "AWS::Region") {
    return r;
  }
  if (name == "AWS::Partition") {
    return r ? std::optional(partition_of(*r)) : std::nullopt;
  }
  if (name == "AWS::URLSuffix") {
    return r ? std::optional<std::string>(partition_of(*r) == "aws-cn" ? "amazonaws.com.cn"
                                                                       : "amazonaws.com")
             : std::nullopt;
  }
  if (name == "AWS::AccountId") {
    return stack.input.account;
  }
  if (name == "AWS::StackName") {
    return stack.input.nested ? std::nullopt : std::optional(stack.input.name);
  }
  return std::nullopt;
}

Value TemplateScope::eval(const NodeRef& node, const Stack& stack, bool skip_tag, int depth) const {
  if (!node.valid()) {
    return Value{};
  }
  if (depth > k_max_depth) {
    return unknown(
        node, "intrinsic functions nest deeper than " + std::to_string(k_max_depth) + " levels");
  }
  const std::pair<const model::Document*, std::uint32_t> key(node.document(), node.index());
  const bool refused = m_work.exhausted() || m_too_costly.contains(key);
  ++m_work.steps;  // refusals count too: a wide expression over refused values is bounded
  if (refused) {
    return unknown(node, too_costly_reason());
  }
  Value v;
  const auto i = skip_tag ? std::nullopt : as_intrinsic(node);
  if (i) {
    v = intrinsic(i->function, i->argument, node, stack, depth + 1);
  } else {
    v = model::literal(node);
    for (std::size_t k = 0; v.kind == Kind::list && k < node.size(); ++k) {
      Value item = eval(node.item(k), stack, false, depth + 1);
      if (!item.absent()) {  // AWS::NoValue drops the item
        v.items.push_back(std::move(item));
      }
    }
  }
  m_work.bytes += v.text.size();
  if (m_work.exhausted()) {
    m_too_costly.insert(key);  // its evaluation needs more than the budget: always unknown
    return unknown(node, too_costly_reason());
  }
  return v;
}

bool TemplateScope::Work::exhausted() const noexcept {
  return steps > k_max_steps || bytes > k_max_bytes;
}

void TemplateScope::start_work() const {
  m_work = Work{};
}

void TemplateScope::finish_work(const NodeRef& site) const {
  if (m_work.exhausted() && m_out != nullptr && site.valid()) {
    m_out->report("LD005", site.range(),
                  "evaluating this value takes more than " + std::to_string(k_max_steps) +
                      " steps or " + std::to_string(k_max_bytes >> 20) +
                      " MiB of text (intrinsic functions that repeat each other grow "
                      "exponentially); it is not analysed");
  }
  m_work = Work{};
}

Value TemplateScope::ref(std::string_view name, const NodeRef& site, const Stack& stack,
                         int depth) const {
  if (const auto it = stack.by_logical_id.find(name); it != stack.by_logical_id.end()) {
    Value v;
    v.kind = Kind::reference;
    v.node = site;
    v.resource = it->second;
    v.attribute = "Ref";
    v.text = "Ref " + std::string(name);
    return v;
  }
  if (name == "AWS::NoValue") {
    return Value{};
  }
  if (is_pseudo(name)) {
    if (const auto p = pseudo(name, stack)) {
      return string_value(site, *p);
    }
    // Still a string: `${AWS::Region}` stands for the deployment region.
    return string_value(site, "${" + std::string(name) + "}");
  }
  const NodeRef param = stack.parameters.get(name);
  if (param.is_mapping()) {
    if (stack.input.nested) {
      // What the parent's AWS::CloudFormation::Stack resource passes, evaluated in the parent.
      const NodeRef passed = stack.passed.get(name);
      if (passed.valid() && stack.parent) {
        Value v = eval(passed, m_stacks[*stack.parent], false, depth + 1);
        v.node = site;
        return v;
      }
    } else if (const auto given = m_parameter_values.find(std::string(name));
               given != m_parameter_values.end()) {
      return string_value(site, given->second);
    }
    const std::string type(param.get("Type").scalar());
    if (starts_with(type, "AWS::SSM::Parameter::Value")) {
      return unknown(site, "parameter '" + std::string(name) +
                               "' is read from Parameter Store when the stack deploys");
    }
    const NodeRef def = param.get("Default");
    if (!def.valid()) {
      return unknown(site, stack.input.nested
                               ? "parameter '" + std::string(name) + "' of nested stack '" +
                                     stack.input.name + "' is not passed by its parent"
                               : "parameter '" + std::string(name) +
                                     "' has no default (give its value with --parameter " +
                                     std::string(name) + "=VALUE)");
    }
    Value v = eval(def, stack, false, depth + 1);
    v.node = site;
    if (v.is_string() && (starts_with(type, "List<") || type == "CommaDelimitedList")) {
      Value list;
      list.kind = Kind::list;
      list.node = site;
      for (const std::string_view part : split(v.text, ',')) {
        list.items.push_back(string_value(site, std::string(part)));
      }
      return list;
    }
    return v;
  }
  return unknown(site, "'" + std::string(name) + "' names no resource or parameter");
}

Value TemplateScope::get_att(std::string_view logical_id, std::string_view attribute,
                             const NodeRef& site, const Stack& stack, int depth) const {
  const auto it = stack.by_logical_id.find(logical_id);
  if (it == stack.by_logical_id.end()) {
    return unknown(site, "'" + std::string(logical_id) + "' names no resource");
  }
  const model::Resource& r = m_resources[it->second];
  if (r.type == "AWS::CloudFormation::Stack" && starts_with(attribute, "Outputs.")) {
    const std::string_view output = attribute.substr(8);
    const Stack* nested = nested_stack(stack, logical_id);
    if (nested == nullptr) {
      return unknown(site, "the template of nested stack '" + std::string(logical_id) +
                               "' is not in the inputs");
    }
    const NodeRef value = nested->outputs.get(output).get("Value");
    if (!value.valid()) {
      return unknown(site, "nested stack '" + std::string(logical_id) + "' has no output '" +
                               std::string(output) + "'");
    }
    Value v = eval(value, *nested, false, depth + 1);
    v.node = site;
    return v;
  }
  if (const auto property = property_backed(r.type, attribute)) {
    const NodeRef p = r.body.is_mapping() ? r.body.get(*property) : NodeRef();
    if (p.valid()) {
      Value v = eval(p, stack, false, depth + 1);
      if (!v.is_unknown()) {
        return v;
      }
    }
  }
  Value v;
  v.kind = Kind::reference;
  v.node = site;
  v.resource = it->second;
  v.attribute = std::string(attribute);
  v.text = "GetAtt " + std::string(logical_id) + "." + std::string(attribute);
  return v;
}

Value TemplateScope::sub(const NodeRef& argument, const NodeRef& site, const Stack& stack,
                         int depth) const {
  NodeRef text_node = argument;
  NodeRef variables;
  if (argument.is_sequence()) {
    text_node = argument.item(0);
    variables = argument.size() > 1 ? argument.item(1) : NodeRef();
  }
  if (!text_node.is_string()) {
    return unknown(site, "Fn::Sub needs a string");
  }
  const auto parts = parse_sub(text_node.scalar());
  if (!parts) {
    return unknown(site, "Fn::Sub has an unclosed or empty ${...}");
  }
  std::unordered_map<std::string_view, NodeRef> given;  // the variables, last one wins
  for (std::size_t i = 0; i < variables.size() && variables.is_mapping(); ++i) {
    given[variables.member(i).key.scalar()] = variables.member(i).value;
  }
  std::string out;
  std::vector<Value> references;
  for (const SubPart& p : *parts) {
    if (!p.variable) {
      out += p.text;
      continue;
    }
    if (m_work.exhausted()) {
      return unknown(site, too_costly_reason());
    }
    Value v;
    if (const auto g = given.find(p.text); g != given.end() && g->second.valid()) {
      v = eval(g->second, stack, false, depth + 1);
    } else if (const std::size_t dot = p.text.find('.');
               dot != std::string::npos && !is_pseudo(p.text)) {
      v = get_att(std::string_view(p.text).substr(0, dot), std::string_view(p.text).substr(dot + 1),
                  site, stack, depth + 1);
    } else {
      v = ref(p.text, site, stack, depth + 1);
    }
    if (const auto t = text_of(v)) {
      out += *t;
    } else if (v.is_reference()) {
      references.push_back(v);
      out += "${" + p.text + "}";
    } else {
      return unknown(
          site, v.is_unknown() ? v.reason : "Fn::Sub variable '" + p.text + "' is not a string");
    }
  }
  if (references.size() == 1 && parts->size() == 1) {
    Value v = references.front();
    v.node = site;
    return v;  // "${Resource}" alone is the resource itself
  }
  if (!references.empty()) {
    return unknown(site, "'" + abbreviate(out, 80) + "' embeds a value known only at deployment");
  }
  return string_value(site, out);
}

Value TemplateScope::intrinsic(std::string_view function, const NodeRef& argument,
                               const NodeRef& site, const Stack& stack, int depth) const {
  const bool short_form = argument == site;
  auto arg = [&](const NodeRef& n) {
    return eval(n, stack, short_form && n == argument, depth + 1);
  };
  if (function == "Ref") {
    if (!argument.is_scalar()) {
      return unknown(site, "Ref needs a logical id");
    }
    return ref(argument.scalar(), site, stack, depth);
  }
  if (function == "Fn::GetAtt") {
    if (argument.is_sequence() && argument.size() == 2 && argument.item(0).is_string()) {
      const Value attribute = eval(argument.item(1), stack, false, depth + 1);
      if (!attribute.is_string()) {
        return unknown(site, "the attribute of Fn::GetAtt is not a literal");
      }
      return get_att(argument.item(0).scalar(), attribute.text, site, stack, depth);
    }
    if (argument.is_string()) {
      const std::string_view text = argument.scalar();
      const std::size_t dot = text.find('.');
      if (dot != std::string_view::npos) {
        return get_att(text.substr(0, dot), text.substr(dot + 1), site, stack, depth);
      }
    }
    return unknown(site, "Fn::GetAtt needs [LogicalId, Attribute] or LogicalId.Attribute");
  }
  if (function == "Fn::Sub") {
    return sub(argument, site, stack, depth);
  }
  if (function == "Fn::Base64") {
    Value v = arg(argument);
    v.node = site;
    return v;
  }
  if (function == "Fn::Join") {
    if (!argument.is_sequence() || argument.size() != 2) {
      return unknown(site, "Fn::Join needs [delimiter, list]");
    }
    const Value delimiter = eval(argument.item(0), stack, false, depth + 1);
    const Value list = eval(argument.item(1), stack, false, depth + 1);
    if (!delimiter.is_string() || list.kind != Kind::list) {
      return unknown(site, list.is_unknown() ? list.reason : "the list of Fn::Join is not known");
    }
    std::string out;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      const auto t = text_of(list.items[i]);
      if (!t) {
        return unknown(site, list.items[i].is_unknown()
                                 ? list.items[i].reason
                                 : "Fn::Join joins " +
                                       (list.items[i].is_reference() ? list.items[i].text
                                                                     : std::string("a value")) +
                                       ", known only at deployment");
      }
      out += (i > 0 ? delimiter.text : std::string()) + *t;
      if (out.size() > k_max_bytes) {
        return unknown(
            site, "Fn::Join makes a string longer than " + std::to_string(k_max_bytes) + " bytes");
      }
    }
    return string_value(site, out);
  }
  if (function == "Fn::Select") {
    if (!argument.is_sequence() || argument.size() != 2) {
      return unknown(site, "Fn::Select needs [index, list]");
    }
    const Value index = eval(argument.item(0), stack, false, depth + 1);
    const Value list = eval(argument.item(1), stack, false, depth + 1);
    std::optional<std::int64_t> i = index.as_int();
    if (!i && index.is_string()) {
      i = model::parse_int(index.text);
    }
    if (!i || list.kind != Kind::list) {
      return unknown(
          site, list.is_unknown() ? list.reason : "Fn::Select picks from a list that is not known");
    }
    if (*i < 0 || static_cast<std::size_t>(*i) >= list.items.size()) {
      return unknown(site, "Fn::Select index " + std::to_string(*i) + " is out of range");
    }
    Value v = list.items[static_cast<std::size_t>(*i)];
    v.node = site;
    return v;
  }
  if (function == "Fn::Split") {
    if (!argument.is_sequence() || argument.size() != 2) {
      return unknown(site, "Fn::Split needs [delimiter, string]");
    }
    const Value delimiter = eval(argument.item(0), stack, false, depth + 1);
    const Value source = eval(argument.item(1), stack, false, depth + 1);
    if (!delimiter.is_string() || !source.is_string() || delimiter.text.empty()) {
      return unknown(
          site, source.is_unknown() ? source.reason : "Fn::Split splits a value that is not known");
    }
    Value list;
    list.kind = Kind::list;
    list.node = site;
    std::size_t start = 0;
    while (true) {
      const std::size_t at = source.text.find(delimiter.text, start);
      list.items.push_back(string_value(
          site,
          source.text.substr(start, at == std::string::npos ? std::string::npos : at - start)));
      if (at == std::string::npos) {
        break;
      }
      start = at + delimiter.text.size();
    }
    return list;
  }
  if (function == "Fn::If") {
    if (!argument.is_sequence() || argument.size() != 3 || !argument.item(0).is_string()) {
      return unknown(site, "Fn::If needs [condition, value if true, value if false]");
    }
    const auto holds = condition(stack, argument.item(0).scalar(), depth + 1);
    if (!holds) {
      return unknown(site, "it depends on condition '" + std::string(argument.item(0).scalar()) +
                               "', which the inputs do not decide");
    }
    Value v = eval(argument.item(*holds ? 1 : 2), stack, false, depth + 1);
    return v;
  }
  if (function == "Fn::ImportValue") {
    const Value name = arg(argument);
    if (!name.is_string()) {
      return unknown(site, "the export name of Fn::ImportValue is not known");
    }
    const auto it = m_exports.find(name.text);
    if (it == m_exports.end()) {
      return unknown(site, "export '" + name.text + "' is not in the inputs");
    }
    Value v = eval(it->second.value, m_stacks[it->second.stack], false, depth + 1);
    if (v.is_unknown() || v.absent()) {
      return unknown(site, "export '" + name.text + "' has a value known only at deployment");
    }
    return v;
  }
  if (function == "Fn::FindInMap") {
    if (!argument.is_sequence() || argument.size() < 3) {
      return unknown(site, "Fn::FindInMap needs [map, top-level key, second-level key]");
    }
    NodeRef node = stack.mappings;
    for (std::size_t k = 0; k < 3; ++k) {
      const Value key = eval(argument.item(k), stack, false, depth + 1);
      if (!key.is_string()) {
        return unknown(site, "a key of Fn::FindInMap is not known");
      }
      node = node.get(key.text);
    }
    if (!node.valid()) {
      return unknown(site, "Fn::FindInMap names no entry of Mappings");
    }
    return eval(node, stack, false, depth + 1);
  }
  if (function == "Fn::GetAZs") {
    return unknown(site, "availability zones are chosen when the stack is deployed");
  }
  if (function == "Fn::Cidr") {
    return unknown(site, "Fn::Cidr blocks are computed when the stack is deployed");
  }
  return unknown(site, std::string(function) + " is not evaluated");
}

std::optional<bool> TemplateScope::condition(const Stack& stack, std::string_view name,
                                             int depth) const {
  if (depth > k_max_depth || m_work.exhausted()) {
    return std::nullopt;
  }
  ++m_work.steps;
  std::pair<const Stack*, std::string> key(&stack, std::string(name));
  if (const auto it = m_conditions.find(key); it != m_conditions.end()) {
    return it->second;  // decided before, or undecided while it is being decided (a cycle)
  }
  m_conditions.emplace(key, std::nullopt);
  const NodeRef c = stack.conditions.get(name);
  const auto holds = c.valid() ? condition_value(c, stack, depth + 1) : std::nullopt;
  m_conditions[key] = holds;
  return holds;
}

std::optional<bool> TemplateScope::condition_value(const NodeRef& node, const Stack& stack,
                                                   int depth) const {
  if (depth > k_max_depth || m_work.exhausted()) {
    return std::nullopt;
  }
  ++m_work.steps;
  const auto i = as_intrinsic(node);
  if (!i) {
    if (node.is_mapping() && node.size() == 1 && node.member(0).key.scalar() == "Condition") {
      return node.member(0).value.is_string()
                 ? condition(stack, node.member(0).value.scalar(), depth + 1)
                 : std::nullopt;
    }
    return node.as_bool();
  }
  const NodeRef a = i->argument;
  auto operands = [&]() {
    std::vector<NodeRef> out;
    for (std::size_t k = 0; k < a.size(); ++k) {
      out.push_back(a.item(k));
    }
    return out;
  };
  if (i->function == "Condition") {
    return a.is_scalar() ? condition(stack, a.scalar(), depth + 1) : std::nullopt;
  }
  if (i->function == "Fn::Equals") {
    if (!a.is_sequence() || a.size() != 2) {
      return std::nullopt;
    }
    const Value x = eval(a.item(0), stack, false, depth + 1);
    const Value y = eval(a.item(1), stack, false, depth + 1);
    const auto tx = text_of(x);
    const auto ty = text_of(y);
    if (!tx || !ty || tx->find("${") != std::string::npos || ty->find("${") != std::string::npos) {
      return std::nullopt;
    }
    return *tx == *ty;
  }
  if (i->function == "Fn::Not") {
    if (!a.is_sequence() || a.size() != 1) {
      return std::nullopt;
    }
    const auto v = condition_value(a.item(0), stack, depth + 1);
    return v ? std::optional(!*v) : std::nullopt;
  }
  if (i->function == "Fn::And" || i->function == "Fn::Or") {
    if (!a.is_sequence()) {
      return std::nullopt;
    }
    const bool is_and = i->function == "Fn::And";
    bool undecided = false;
    for (const NodeRef& op : operands()) {
      const auto v = condition_value(op, stack, depth + 1);
      if (!v) {
        undecided = true;
      } else if (*v != is_and) {
        return !is_and;  // a false operand decides And, a true one decides Or
      }
    }
    return undecided ? std::nullopt : std::optional(is_and);
  }
  return std::nullopt;
}

void TemplateScope::validate(const Stack& stack, Diagnostics& out) const {
  for (const char* section : {"Resources", "Outputs", "Conditions"}) {
    validate_node(stack.root.get(section), stack, out, 0);
  }
  report_condition_cycles(stack, out);
}

// Conditions that refer to each other in a cycle, which CloudFormation rejects: reported at the
// reference that closes each cycle (an iterative depth-first search, so long chains are safe).
void TemplateScope::report_condition_cycles(const Stack& stack, Diagnostics& out) const {
  const NodeRef conditions = stack.conditions;
  if (!conditions.is_mapping()) {
    return;
  }
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    index.emplace(conditions.member(i).key.scalar(), i);
  }
  // The `Condition` references of each condition: (condition referred to, the reference).
  std::vector<std::vector<std::pair<std::size_t, NodeRef>>> edges(conditions.size());
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    std::vector<NodeRef> todo{conditions.member(i).value};
    while (!todo.empty()) {
      const NodeRef n = todo.back();
      todo.pop_back();
      NodeRef name;
      if (n.tag() == "!Condition") {
        name = n;
      } else if (n.is_mapping() && n.size() == 1 && n.member(0).key.scalar() == "Condition") {
        name = n.member(0).value;
      }
      if (name.is_string()) {
        if (const auto it = index.find(name.scalar()); it != index.end()) {
          edges[i].emplace_back(it->second, n);
        }
        continue;
      }
      for (std::size_t k = 0; k < n.size(); ++k) {
        todo.push_back(n.is_mapping() ? n.member(k).value : n.item(k));
      }
    }
  }
  enum class Mark : std::uint8_t { unseen, open, done };
  std::vector<Mark> mark(conditions.size(), Mark::unseen);
  for (std::size_t start = 0; start < conditions.size(); ++start) {
    if (mark[start] != Mark::unseen) {
      continue;
    }
    std::vector<std::pair<std::size_t, std::size_t>> path{{start, 0}};  // condition, next edge
    mark[start] = Mark::open;
    while (!path.empty()) {
      auto& [at, next] = path.back();
      if (next == edges[at].size()) {
        mark[at] = Mark::done;
        path.pop_back();
        continue;
      }
      const auto& [to, site] = edges[at][next++];
      if (mark[to] == Mark::open) {
        std::string cycle(conditions.member(to).key.scalar());
        bool in_cycle = false;
        for (const auto& step : path) {
          in_cycle = in_cycle || step.first == to;
          if (in_cycle && step.first != to) {
            cycle += " -> " + std::string(conditions.member(step.first).key.scalar());
          }
        }
        cycle += " -> " + std::string(conditions.member(to).key.scalar());
        out.report("CF002", site.range(),
                   "condition '" + std::string(conditions.member(at).key.scalar()) +
                       "' refers back to '" + std::string(conditions.member(to).key.scalar()) +
                       "': the conditions form a cycle (" + abbreviate(cycle, 200) +
                       "), which CloudFormation rejects");
      } else if (mark[to] == Mark::unseen) {
        mark[to] = Mark::open;
        path.emplace_back(to, 0);
      }
    }
  }
}

void TemplateScope::validate_node(const NodeRef& node, const Stack& stack, Diagnostics& out,
                                  int depth) const {
  if (!node.valid() || depth > 512) {
    return;
  }
  if (const auto i = as_intrinsic(node)) {
    const NodeRef a = i->argument;
    if (std::find(k_functions.begin(), k_functions.end(), i->function) == k_functions.end() &&
        i->function != "Fn::Transform") {
      out.report("CF002", node.range(), "'" + i->function + "' is not an intrinsic function");
    } else if (i->function == "Ref") {
      const std::string_view name = a.scalar();
      if (!a.is_scalar()) {
        out.report("CF002", node.range(), "Ref needs a logical id or parameter name");
      } else if (!stack.logical_ids.contains(name) && !stack.parameters.get(name).valid() &&
                 !is_pseudo(name)) {
        std::vector<std::string_view> names;
        for (std::size_t k = 0; k < stack.resources.size(); ++k) {
          names.push_back(stack.resources.member(k).key.scalar());
        }
        for (std::size_t k = 0; k < stack.parameters.size(); ++k) {
          names.push_back(stack.parameters.member(k).key.scalar());
        }
        std::string message = "Ref '" + std::string(name) + "' names no resource or parameter";
        if (const auto near = closest_match(name, names)) {
          message += "; did you mean '" + std::string(*near) + "'?";
        }
        out.report("CF001", node.range(), message);
      }
    } else if (i->function == "Fn::GetAtt") {
      std::string_view id;
      if (a.is_sequence() && a.size() == 2 && a.item(0).is_scalar()) {
        id = a.item(0).scalar();
      } else if (a.is_string() && a.scalar().find('.') != std::string_view::npos) {
        id = a.scalar().substr(0, a.scalar().find('.'));
      } else {
        out.report("CF002", node.range(),
                   "Fn::GetAtt needs [LogicalId, Attribute] or LogicalId.Attribute");
      }
      if (!id.empty() && !stack.logical_ids.contains(id)) {
        out.report("CF001", node.range(), "Fn::GetAtt '" + std::string(id) + "' names no resource");
      }
    } else if (i->function == "Fn::Sub") {
      const NodeRef text = a.is_sequence() ? a.item(0) : a;
      const NodeRef variables = a.is_sequence() && a.size() > 1 ? a.item(1) : NodeRef();
      const auto parts = text.is_string() ? parse_sub(text.scalar()) : std::nullopt;
      if (!parts) {
        out.report("CF002", node.range(),
                   text.is_string() ? "Fn::Sub has an unclosed or empty ${...}"
                                    : "Fn::Sub needs a string or [string, variables]");
      } else {
        std::unordered_set<std::string_view> given;
        for (std::size_t k = 0; k < variables.size() && variables.is_mapping(); ++k) {
          given.insert(variables.member(k).key.scalar());
        }
        for (const SubPart& p : *parts) {
          if (!p.variable || is_pseudo(p.text) || given.contains(p.text)) {
            continue;
          }
          const std::string_view name = std::string_view(p.text).substr(0, p.text.find('.'));
          if (!stack.logical_ids.contains(name) && !stack.parameters.get(name).valid()) {
            out.report("CF001", node.range(),
                       "Fn::Sub variable '${" + p.text +
                           "}' names no resource, parameter or "
                           "variable");
          }
        }
      }
    }
    if (!i->short_form) {
      validate_node(a, stack, out, depth + 1);
      return;
    }
  }
  for (std::size_t k = 0; k < node.size(); ++k) {
    validate_node(node.is_mapping() ? node.member(k).value : node.item(k), stack, out, depth + 1);
  }
}

}  // namespace ssmpf::cfn
