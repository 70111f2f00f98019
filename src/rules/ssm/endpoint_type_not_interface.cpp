// SPDX-License-Identifier: Apache-2.0
// SSM003 endpoint-type-not-interface: metadata and docs in rules/ssm/SSM003.yaml.
#include "base/text.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

class EndpointTypeNotInterface final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    for (const facts::Endpoint& e : f.endpoints) {
      if (!facts::is_ssm_family(e.service)) {
        continue;
      }
      if (e.type == facts::EndpointType::unknown) {
        sink.unverifiable(value_or_resource(f, e.type_property, e.resource),
                          "that endpoint " + f.name(e.resource) + " is an Interface endpoint",
                          why_not_known(ctx.scope.value(e.type_property.value)));
        continue;
      }
      if (e.type == facts::EndpointType::interface) {
        continue;
      }
      const bool written = e.type_property.key.valid();
      const std::string type = e.type == facts::EndpointType::gateway
                                   ? std::string("Gateway")
                                   : std::string(e.type_property.value.scalar());
      sink.report(value_or_resource(f, e.type_property, e.resource),
                  "endpoint " + f.name(e.resource) + " for " + e.service + " is a " + type +
                      " endpoint" +
                      (written ? std::string()
                               : " (" + f.label("VpcEndpointType") +
                                     " is not written and CloudFormation's default is Gateway)") +
                      "; " + e.service + " is served by Interface endpoints only",
                  {}, {}, fix_of("make it an Interface endpoint", interface_edit(ctx, e)));
    }
  }

 private:
  // Gateway -> Interface, or the type written when it is left out. A gateway endpoint's route
  // tables have no meaning on an interface endpoint, so one that lists them is left alone.
  static std::optional<TextEdit> interface_edit(const Context& ctx, const facts::Endpoint& e) {
    const model::Resource& r = ctx.facts.resource(e.resource);
    if (e.type != facts::EndpointType::gateway ||
        ctx.scope.property_member(r, "RouteTableIds").key.valid()) {
      return std::nullopt;
    }
    if (e.type_property.key.valid()) {
      const model::NodeRef value = e.type_property.value;
      const auto editor = editor_for(ctx, value);
      if (!editor || !value.is_string() || !value.tag().empty() ||
          to_lower_ascii(value.scalar()) != "gateway") {
        return std::nullopt;
      }
      return editor->replace_string(value, "Interface");
    }
    const auto editor = editor_for(ctx, r.body);
    return editor ? editor->add_member(r.body, ctx.scope.label("VpcEndpointType"),
                                       fix::Value::string("Interface"))
                  : std::nullopt;
  }
};

}  // namespace

std::unique_ptr<const Rule> make_endpoint_type_not_interface() {
  return std::make_unique<EndpointTypeNotInterface>();
}

}  // namespace ssmpf::rules::ssm
