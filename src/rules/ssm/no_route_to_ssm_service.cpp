// SPDX-License-Identifier: Apache-2.0
// SSM001 no-route-to-ssm-service: metadata and docs in rules/ssm/SSM001.yaml.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "base/text.hpp"
#include "cfn/template_scope.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

// The agent endpoint services, and how a template's logical ids spell them.
struct Spelling {
  std::string_view service;
  std::string_view camel;
  std::string_view upper;
};
constexpr std::array<Spelling, 3> k_agent_services{{{"ssm", "Ssm", "SSM"},
                                                    {"ssmmessages", "SsmMessages", "SSMMessages"},
                                                    {"ec2messages", "Ec2Messages", "EC2Messages"}}};

const Spelling* spelling_of(std::string_view service) {
  for (const Spelling& s : k_agent_services) {
    if (s.service == service) {
      return &s;
    }
  }
  return nullptr;
}

bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool upper(char c) {
  return std::isupper(static_cast<unsigned char>(c)) != 0;
}

// Where `service` is a word of a name, case aside: "ssm" in "pwork_ssm" or "PWorkSsmEndpoint",
// not in "ssmmessages" or "SsmMessagesEndpoint". The last such word.
std::optional<std::size_t> service_word(std::string_view name, std::string_view service,
                                        bool camel) {
  std::optional<std::size_t> found;
  const std::size_t n = service.size();
  for (std::size_t i = 0; i + n <= name.size(); ++i) {
    if (to_lower_ascii(name.substr(i, n)) != service) {
      continue;
    }
    const bool before = i == 0 || !alnum(name[i - 1]) || (camel && upper(name[i]));
    const bool after = i + n == name.size() || !alnum(name[i + n]) ||
                       (camel && (upper(name[i + n]) ||
                                  std::isdigit(static_cast<unsigned char>(name[i + n])) != 0));
    bool longer = false;
    for (const Spelling& s : k_agent_services) {
      longer = longer || (s.service.size() > n && name.size() - i >= s.service.size() &&
                          to_lower_ascii(name.substr(i, s.service.size())) == s.service);
    }
    if (before && after && !longer) {
      found = i;
    }
  }
  return found;
}

// The name of the copy: the original's with the service word replaced (spelled as it is
// there: ssm -> ssmmessages, Ssm -> SsmMessages, SSM -> SSMMessages), or, when the original's
// name has no such word, the service's own (`ssmmessages`, `SsmMessagesEndpoint`).
std::string renamed(std::string_view name, std::string_view from, std::string_view to, bool camel) {
  const Spelling* s = spelling_of(to);
  const auto at = service_word(name, from, camel);
  if (s == nullptr) {
    return {};
  }
  if (!at) {
    return camel ? std::string(s->camel) + "Endpoint" : std::string(to);
  }
  const std::string_view word = name.substr(*at, from.size());
  const bool lower_word = word == from;
  const bool upper_word = std::none_of(word.begin(), word.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0;
  });
  const std::string_view spelled = lower_word ? s->service : upper_word ? s->upper : s->camel;
  return std::string(name.substr(0, *at)) + std::string(spelled) +
         std::string(name.substr(*at + from.size()));
}

// The first of name, name_2 (name2 for a logical id), ... that is not taken.
std::string unique(const std::string& name, const std::set<std::string>& taken, bool camel) {
  if (!taken.contains(name)) {
    return name;
  }
  for (int k = 2;; ++k) {
    std::string candidate = name + (camel ? "" : "_") + std::to_string(k);
    if (!taken.contains(candidate)) {
      return candidate;
    }
  }
}

// The string whose end spells the service in a ServiceName: the string itself (literal or with
// `{{common.region}}`), Fn::Sub's template, or the last piece of Fn::Join.
model::NodeRef service_tail(const model::NodeRef& value, bool in_template) {
  if (value.is_string() && value.tag().empty()) {
    return value;
  }
  const auto call = in_template ? cfn::as_intrinsic(value) : std::nullopt;
  if (!call) {
    return {};
  }
  const model::NodeRef a = call->argument;
  if (call->function == "Fn::Sub") {
    if (a.is_string()) {
      return a;
    }
    return a.is_sequence() && a.size() >= 1 && a.item(0).is_string() && a.item(0).tag().empty()
               ? a.item(0)
               : model::NodeRef();
  }
  if (call->function == "Fn::Join" && a.is_sequence() && a.size() == 2 && a.item(1).is_sequence() &&
      a.item(1).size() > 0) {
    const model::NodeRef last = a.item(1).item(a.item(1).size() - 1);
    return last.is_string() && last.tag().empty() ? last : model::NodeRef();
  }
  return {};
}

// Whether a template refers to a logical id outside its own definition (Ref, Fn::GetAtt,
// ${Id} in Fn::Sub, DependsOn, Outputs...).
bool referenced_elsewhere(const model::Document& document, std::string_view id,
                          const model::Member& definition) {
  const std::uint32_t begin = definition.key.range().begin;
  const std::uint32_t end = definition.value.range().end;
  const std::string dotted = std::string(id) + ".";
  const std::string sub = "${" + std::string(id);
  for (std::uint32_t i = 0; i < document.node_count(); ++i) {
    const model::NodeRef node(&document, i);
    if (!node.is_scalar() || (node.range().begin >= begin && node.range().end <= end)) {
      continue;
    }
    const std::string_view v = node.scalar();
    if (v == id || starts_with(v, dotted) || v.find(sub + "}") != std::string_view::npos ||
        v.find(sub + ".") != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// Names given to copies during one run, so that two fixes never pick the same one.
struct Taken {
  std::map<const model::Document*, std::set<std::string>> logical_ids;
  std::map<std::pair<const model::Document*, std::uint32_t>, std::set<std::string>> names;
  std::set<std::string> ids;  // parameter sets: the construct ids (`id`)
};

// Adds an interface endpoint for `service` to the VPC: a copy of endpoint `e` (for another
// agent service, in the same VPC) right after it, with the service name's last part, the name
// and, in a parameter set, the construct `id` changed. Only for an endpoint that serves the
// instance once copied (Interface, private DNS on, the deployment region) and whose copy is
// certain: a service name
// whose last part is written literally, no template condition, nothing else that refers to it,
// not generated by the CDK.
std::optional<Fix> copy_endpoint(const Context& ctx, const facts::Endpoint& e,
                                 const std::string& service, Taken& taken) {
  const facts::Facts& f = ctx.facts;
  if (e.type != facts::EndpointType::interface || !e.private_dns || !e.private_dns_known ||
      !e.service_name || !e.name_well_formed || !e.service_name->ends_with("." + e.service)) {
    return std::nullopt;
  }
  const model::Resource& r = f.resource(e.resource);
  if (!r.condition.empty() || !r.construct_path.empty() || !r.key.valid() ||
      r.key.document() == nullptr) {
    return std::nullopt;
  }
  // A copy of a name for another region (SSM004) would not serve the instance either.
  const auto region = ctx.scope.region_of(r);
  if (!e.name_region ||
      (*e.name_region != "${AWS::Region}" && (!region || *e.name_region != *region))) {
    return std::nullopt;
  }
  const model::Document& document = *r.key.document();
  const auto [parent, index] = fix::member_of(r.key);
  const auto editor = editor_for(ctx, r.key);
  if (!parent.valid() || !editor) {
    return std::nullopt;
  }
  const model::Member definition = parent.member(index);
  const bool in_template = is_template(ctx);
  std::vector<TextEdit> changes;
  auto name_edit = editor->replace_suffix(service_tail(e.service_property.value, in_template),
                                          e.service, service);
  if (!name_edit) {
    return std::nullopt;
  }
  changes.push_back(std::move(*name_edit));
  std::set<std::string>* names = nullptr;
  std::set<std::string> existing;
  std::optional<std::string> new_id;
  if (in_template) {
    if (definition.value.find("Condition").key.valid() ||
        referenced_elsewhere(document, r.name, definition)) {
      return std::nullopt;
    }
    // Logical ids share one namespace with parameters (Ref), and outputs are named alike.
    const model::NodeRef root = document.root();
    for (const char* section : {"Resources", "Parameters", "Conditions", "Mappings", "Outputs"}) {
      const model::NodeRef m = root.get(section);
      for (std::size_t k = 0; m.is_mapping() && k < m.size(); ++k) {
        existing.insert(std::string(m.member(k).key.scalar()));
      }
    }
    names = &taken.logical_ids[&document];
  } else {
    for (std::size_t k = 0; k < parent.size(); ++k) {
      existing.insert(std::string(parent.member(k).key.scalar()));
    }
    names = &taken.names[{&document, parent.index()}];
    // The construct id must stay unique too.
    const model::Member id = definition.value.find("id");
    if (id.key.valid()) {
      if (!id.value.is_string()) {
        return std::nullopt;
      }
      const std::string_view old_id = id.value.scalar();
      std::string candidate = renamed(old_id, e.service, service, false);
      if (!service_word(old_id, e.service, false)) {
        candidate = std::string(old_id) + "_" + service;
      }
      std::set<std::string> ids = taken.ids;
      for (const model::Resource& other : ctx.scope.resources()) {
        const model::NodeRef v = other.body.get("id");
        if (v.is_string()) {
          ids.insert(std::string(v.scalar()));
        }
      }
      if (ids.contains(candidate)) {
        return std::nullopt;
      }
      auto id_edit = editor->replace_string(id.value, candidate);
      if (!id_edit) {
        return std::nullopt;
      }
      changes.push_back(std::move(*id_edit));
      new_id = candidate;
    }
  }
  existing.insert(names->begin(), names->end());
  const std::string name = unique(renamed(definition.key.scalar(), e.service, service, in_template),
                                  existing, in_template);
  auto edit = editor->copy_member(parent, index, name, std::move(changes));
  if (!edit) {
    return std::nullopt;
  }
  names->insert(name);
  if (new_id) {
    taken.ids.insert(*new_id);
  }
  const std::string full =
      e.service_name->substr(0, e.service_name->size() - e.service.size()) + service;
  return Fix{
      "add endpoint '" + name + "' for " + full + ", a copy of endpoint " + f.name(e.resource),
      {std::move(*edit)}};
}

// One fix per VPC and service, the same for every instance that reports it (--fix applies
// identical edits once): a copy of the VPC's endpoint for ssm, else for ssmmessages or
// ec2messages.
class EndpointFixes {
 public:
  const std::vector<Fix>& get(const Context& ctx, Index vpc, const std::string& service) {
    auto [it, inserted] = m_fixes.try_emplace({vpc, service});
    if (!inserted) {
      return it->second;
    }
    for (const Spelling& other : k_agent_services) {
      if (other.service == service || !it->second.empty()) {
        continue;
      }
      for (const facts::Endpoint* e : facts::endpoints_for(ctx.facts, vpc, other.service)) {
        if (auto fix = copy_endpoint(ctx, *e, service, m_taken)) {
          it->second.push_back(std::move(*fix));
          break;
        }
      }
    }
    return it->second;
  }

 private:
  std::map<std::pair<Index, std::string>, std::vector<Fix>> m_fixes;
  Taken m_taken;
};

class NoRouteToSsmService final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    EndpointFixes fixes;
    for (const facts::Instance& instance : f.instances) {
      if (!instance.vpc) {
        const std::string prerequisite =
            "a path from instance " + f.name(instance.resource) + " to Systems Manager";
        if (const facts::Subnet* s = f.subnet(instance.subnet.resource)) {
          sink.unverifiable(s->vpc.value.range_or(f.key_range(s->resource)), prerequisite,
                            s->vpc.why_unknown(f.label("VpcId"), "VPC"));
        } else {
          sink.unverifiable(instance.subnet_node.range(), prerequisite,
                            instance.subnet.why_unknown(f.label("SubnetId"), "subnet"));
        }
        continue;
      }
      std::optional<facts::InternetPath> internet;
      for (const std::string& service : f.agent_services()) {
        if (!facts::endpoints_for(f, instance.vpc, service).empty()) {
          continue;
        }
        if (!internet) {
          internet = facts::internet_path(f, instance);
        }
        if (internet->verdict == facts::Verdict::yes) {
          continue;
        }
        const std::string needed = service_name(f, service, instance.resource);
        // An endpoint whose service is not known may be the one for this service.
        const auto& unnamed = f.endpoints_in(*instance.vpc, "");
        if (!unnamed.empty()) {
          const facts::Endpoint* e = unnamed.front();
          sink.unverifiable(value_or_resource(f, e->service_property, e->resource),
                            "that instance " + f.name(instance.resource) + " reaches " + needed,
                            "the service of endpoint " + f.name(e->resource) + " is not known: " +
                                why_not_known(ctx.scope.value(e->service_property.value)));
          continue;
        }
        if (internet->verdict == facts::Verdict::unknown) {
          report_unknowns(sink, internet->unknowns,
                          "that instance " + f.name(instance.resource) + " reaches " + needed);
          continue;
        }
        std::string message = "instance " + f.name(instance.resource) + " has no path to " +
                              needed + ": VPC " + f.name(*instance.vpc) +
                              " has no endpoint for it and " + internet->description;
        std::vector<Related> related;
        related.push_back(Related{f.key_range(*instance.vpc), "VPC " + f.name(*instance.vpc) +
                                                                  ", which needs an interface "
                                                                  "endpoint for " +
                                                                  needed});
        // An endpoint for the service elsewhere is the likely intent.
        for (const facts::Endpoint& e : f.endpoints) {
          if (e.service == service && e.vpc.resource != instance.vpc) {
            message += "; endpoint " + f.name(e.resource) + " serves it in another VPC";
            related.push_back(Related{f.key_range(e.resource),
                                      "endpoint " + f.name(e.resource) + " for " + service +
                                          " is in another VPC, whose private DNS does not "
                                          "answer for this one"});
            break;
          }
        }
        std::vector<FlowStep> flow = session_flow(f, instance, nullptr, nullptr, nullptr);
        const facts::Subnet* subnet = f.subnet(instance.subnet.resource);
        const SourceRange route_at =
            internet->route != nullptr                 ? f.key_range(internet->route->resource)
            : subnet != nullptr && subnet->route_table ? f.key_range(*subnet->route_table)
                                                       : f.key_range(*instance.vpc);
        flow.push_back(FlowStep{route_at, internet->description});
        flow.push_back(FlowStep{f.key_range(*instance.vpc),
                                "VPC " + f.name(*instance.vpc) + " has no endpoint for " + needed});
        sink.report(f.key_range(instance.resource), message, std::move(related), std::move(flow),
                    fixes.get(ctx, *instance.vpc, service));
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_no_route_to_ssm_service() {
  return std::make_unique<NoRouteToSsmService>();
}

}  // namespace ssmpf::rules::ssm
