// SPDX-License-Identifier: Apache-2.0
#include "rules/ssm/common.hpp"

#include <algorithm>
#include <cctype>

#include "base/text.hpp"

namespace ssmpf::rules::ssm {

std::string names(const facts::Facts& facts, const std::vector<Index>& resources,
                  std::size_t shown) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < resources.size() && i < shown; ++i) {
    words.push_back(facts.name(resources[i]));
  }
  if (resources.size() > shown) {
    words.push_back(std::to_string(resources.size() - shown) + " more");
  }
  return join_words(words, "and");
}

std::string service_name(const facts::Facts& facts, std::string_view service, Index at) {
  const auto region = facts.scope->region_of(facts.resource(at));
  return "com.amazonaws." + (region ? *region : std::string("<region>")) + "." +
         std::string(service);
}

void add_instance(const facts::Facts& facts, const facts::Instance& instance,
                  std::vector<Related>& related) {
  related.push_back(
      Related{facts.key_range(instance.resource), "instance " + facts.name(instance.resource)});
  if (const facts::Subnet* s = facts.subnet(instance.subnet.resource);
      s != nullptr && s->cidr && s->cidr_property.value.valid()) {
    related.push_back(Related{
        s->cidr_property.value.range(),
        "the CIDR block of its subnet " + facts.name(s->resource) + ": " + s->cidr->to_string()});
  }
}

SourceRange key_or_resource(const facts::Facts& facts, const model::Member& property,
                            Index resource) {
  return property.key.valid() ? property.key.range() : facts.key_range(resource);
}

SourceRange value_or_resource(const facts::Facts& facts, const model::Member& property,
                              Index resource) {
  return property.value.valid() ? property.value.range() : facts.key_range(resource);
}

std::vector<FlowStep> session_flow(const facts::Facts& facts, const facts::Instance& instance,
                                   const facts::Endpoint* endpoint,
                                   const facts::EgressCheck* egress,
                                   const facts::IngressCheck* ingress) {
  std::vector<FlowStep> flow;
  flow.push_back(FlowStep{
      facts.key_range(instance.resource),
      "instance " + facts.name(instance.resource) + " opens a TCP connection to port 443"});
  if (const facts::Subnet* s = facts.subnet(instance.subnet.resource); s != nullptr) {
    std::string text = "from subnet " + facts.name(s->resource);
    if (s->cidr) {
      text += " (" + s->cidr->to_string() + ")";
    }
    flow.push_back(FlowStep{s->cidr_property.value.valid() ? s->cidr_property.value.range()
                                                           : facts.key_range(s->resource),
                            text});
  }
  if (egress != nullptr) {
    if (egress->allowing != nullptr && egress->verdict == facts::Verdict::yes) {
      flow.push_back(FlowStep{egress->allowing->node.range(),
                              "egress rule " + egress->allowing->describe() + " lets it out"});
    } else if (egress->partial && egress->allowing != nullptr) {
      flow.push_back(FlowStep{egress->allowing->node.range(),
                              "egress rule " + egress->allowing->describe() +
                                  " reaches only some of the endpoint's subnets"});
    } else if (egress->default_allows) {
      flow.push_back(FlowStep{facts.key_range(instance.resource),
                              "its security groups allow all outbound traffic"});
    } else if (!egress->deciding_groups.empty()) {
      const facts::SecurityGroup* g = egress->deciding_groups.front();
      flow.push_back(FlowStep{
          key_or_resource(facts, g->egress_property, g->resource),
          "no egress rule of group " + facts.name(g->resource) + " lets TCP 443 out to it"});
    }
  }
  if (endpoint != nullptr) {
    flow.push_back(FlowStep{
        facts.key_range(endpoint->resource),
        "to endpoint " + facts.name(endpoint->resource) +
            (endpoint->service_name ? " (" + *endpoint->service_name + ")" : std::string())});
    if (ingress != nullptr && ingress->verdict == facts::Verdict::yes &&
        ingress->admitting != nullptr) {
      flow.push_back(FlowStep{ingress->admitting->node.range(),
                              "ingress rule " + ingress->admitting->describe() + " admits it"});
    }
  }
  return flow;
}

std::vector<const facts::Endpoint*> session_targets(const facts::Facts& facts,
                                                    const facts::Instance& instance,
                                                    std::string_view service,
                                                    std::optional<facts::InternetPath>& internet) {
  std::vector<const facts::Endpoint*> targets;
  for (const facts::Endpoint* e : facts::endpoints_for(facts, instance.vpc, service)) {
    if (e->type == facts::EndpointType::interface) {
      targets.push_back(e);
    }
  }
  if (targets.empty()) {
    if (!internet) {
      internet = facts::internet_path(facts, instance);
    }
    if (internet->verdict == facts::Verdict::yes) {
      targets.push_back(nullptr);
    }
  }
  return targets;
}

std::string why_not_known(const model::Value& value) {
  if (value.is_unknown() && !value.reason.empty()) {
    return value.reason;
  }
  if (value.is_reference()) {
    return "'" + value.text + "' is another resource's runtime value, not a literal";
  }
  return "it is " + model::describe(value.node) + ", not a literal the rule can read";
}

void report_unknowns(Sink& sink, const std::vector<facts::Unknown>& unknowns,
                     const std::string& prerequisite) {
  for (const facts::Unknown& u : unknowns) {
    sink.unverifiable(u.at, prerequisite, u.what);
  }
}

std::optional<fix::Editor> editor_for(const Context& ctx, const model::NodeRef& node) {
  if (ctx.sources == nullptr || !node.valid() || node.document() == nullptr ||
      !node.range().file.valid()) {
    return std::nullopt;
  }
  const FileId id = node.range().file;
  return fix::Editor(ctx.sources->file(id), id, *node.document());
}

bool is_template(const Context& ctx) {
  return ctx.scope.label("VpcId") == "VpcId";
}

std::vector<Fix> fix_of(std::string description, std::optional<TextEdit> edit) {
  if (!edit) {
    return {};
  }
  return {Fix{std::move(description), {std::move(*edit)}}};
}

std::optional<TextEdit> set_true(const Context& ctx, Index resource, const model::Member& property,
                                 std::string_view cfn_name) {
  const model::Resource& r = ctx.facts.resource(resource);
  if (property.key.valid()) {
    const model::NodeRef value = property.value;
    const auto editor = editor_for(ctx, value);
    if (!editor) {
      return std::nullopt;
    }
    auto edit = editor->replace_with_true(value);
    // A parameter set's consumer needs a real boolean: "false" (PS007) becomes True, not "true".
    if (edit && !is_template(ctx) && value.style() != model::ScalarStyle::plain) {
      edit->replacement = editor->scalar(fix::Value::boolean(true));
    }
    return edit;
  }
  const auto editor = editor_for(ctx, r.body);
  return editor ? editor->add_member(r.body, ctx.scope.label(cfn_name), fix::Value::boolean(true))
                : std::nullopt;
}

std::optional<TextEdit> add_to_list(const Context& ctx, Index resource,
                                    const model::Member& property, std::string_view cfn_name,
                                    const std::vector<fix::Value>& values) {
  const model::Resource& r = ctx.facts.resource(resource);
  if (property.key.valid()) {
    if (!property.value.is_sequence()) {
      return std::nullopt;
    }
    const auto editor = editor_for(ctx, property.value);
    return editor ? editor->append_items(property.value, values) : std::nullopt;
  }
  const auto editor = editor_for(ctx, r.body);
  return editor
             ? editor->add_member(r.body, ctx.scope.label(cfn_name), fix::Value::sequence(values))
             : std::nullopt;
}

bool same_document(const facts::Facts& facts, Index a, Index b) {
  const model::NodeRef ka = facts.resource(a).key;
  const model::NodeRef kb = facts.resource(b).key;
  return ka.valid() && kb.valid() && ka.document() == kb.document();
}

fix::Value get_att(const fix::Style& style, std::string_view logical_id,
                   std::string_view attribute) {
  if (style.short_tags) {
    return fix::Value::raw("!GetAtt " + std::string(logical_id) + "." + std::string(attribute));
  }
  return fix::Value::mapping(
      {{"Fn::GetAtt", fix::Value::sequence({fix::Value::string(std::string(logical_id)),
                                            fix::Value::string(std::string(attribute))})}});
}

namespace {

// Whether a parameter-set path segment can be written in a `{{...}}` reference.
bool reference_safe(std::string_view part) {
  return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
}

}  // namespace

std::optional<fix::Value> cidr_value(const Context& ctx, const fix::Style& style, Index holder,
                                     Index owner, const model::Member& cidr_property,
                                     const Cidr& cidr) {
  const facts::Facts& f = ctx.facts;
  const model::Resource& r = f.resource(owner);
  if (is_template(ctx)) {
    if (same_document(f, holder, owner)) {
      return get_att(style, r.name, "CidrBlock");
    }
    const model::NodeRef v = cidr_property.value;
    if (v.is_string() && v.tag().empty() && v.scalar() == cidr.to_string()) {
      return fix::Value::string(cidr.to_string());
    }
    return std::nullopt;
  }
  if (reference_safe(r.module) && reference_safe(r.group) && reference_safe(r.name) &&
      cidr_property.key.valid() && cidr_property.key.scalar() == f.label("CidrBlock")) {
    return fix::Value::string("{{" + r.module + "." + r.group + "." + r.name + "." +
                              f.label("CidrBlock") + "}}");
  }
  return fix::Value::string(cidr.to_string());
}

std::optional<fix::Value> group_id_value(const Context& ctx, const fix::Style& style, Index holder,
                                         Index group) {
  const facts::Facts& f = ctx.facts;
  const model::Resource& r = f.resource(group);
  if (is_template(ctx)) {
    return same_document(f, holder, group) ? std::optional(get_att(style, r.name, "GroupId"))
                                           : std::nullopt;
  }
  // The runtime attribute rules/kinds.yaml gives AWS::EC2::SecurityGroup.
  if (reference_safe(r.module) && reference_safe(r.group) && reference_safe(r.name)) {
    return fix::Value::string("{{" + r.module + "." + r.group + "." + r.name + ".attr_group_id}}");
  }
  return std::nullopt;
}

}  // namespace ssmpf::rules::ssm
