// SPDX-License-Identifier: Apache-2.0
// SSM004 endpoint-service-name-mismatch: metadata and docs in rules/ssm/SSM004.yaml.
#include <array>

#include "base/text.hpp"
#include "rules/ssm/common.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules::ssm {

namespace {

constexpr std::array<std::string_view, 5> k_family{"ssm", "ssmmessages", "ec2messages", "kms",
                                                   "logs"};

class EndpointServiceNameMismatch final : public Rule {
 public:
  void check(const Context& ctx, Sink& sink) const override {
    const facts::Facts& f = ctx.facts;
    for (const facts::Endpoint& e : f.endpoints) {
      if (!e.service_name) {
        continue;
      }
      const SourceRange at = value_or_resource(f, e.service_property, e.resource);
      const std::string& name = *e.service_name;
      // A hostname written where the service name belongs: ssm.ap-northeast-1.amazonaws.com.
      const std::size_t dot = name.find('.');
      const std::string first = name.substr(0, dot);
      if (dot != std::string::npos && facts::is_ssm_family(first) &&
          (name.ends_with(".amazonaws.com") || name.ends_with(".amazonaws.com.cn"))) {
        sink.report(at, "service name '" + name +
                            "' is the service's hostname; an endpoint names "
                            "the service com.amazonaws.<region>." +
                            first);
        continue;
      }
      // A misspelt SSM service is the same mistake as a malformed name. Short names are real
      // services a letter away from kms and ssm (dms, sms), so only long names are compared by
      // edit distance; short ones count as misspelt when they differ in case or spacing, or lack
      // a letter or two at the end (log, ssmmessage).
      std::optional<std::string_view> near;
      if (e.service.size() >= 8) {
        near = closest_match(e.service, k_family);
      }
      std::string plain = to_lower_ascii(e.service);
      while (!plain.empty() && (plain.back() == ' ' || plain.back() == '\t')) {
        plain.pop_back();
      }
      for (const std::string_view family : k_family) {
        if (!near && family != e.service &&
            (plain == family ||
             (family.size() > plain.size() && family.size() - plain.size() <= 2 &&
              family.substr(0, plain.size()) == plain && plain.size() >= 3))) {
          near = family;
        }
      }
      if (!facts::is_ssm_family(e.service)) {
        if (near && e.name_well_formed) {
          sink.report(at, "service name '" + name + "' names no service '" + e.service +
                              "'; did you mean '" + e.name_prefix + "." + *e.name_region + "." +
                              std::string(*near) + "'?");
        }
        continue;
      }
      if (!e.name_well_formed) {
        sink.report(at, "service name '" + name + "' is not of the form com.amazonaws.<region>." +
                            e.service);
        continue;
      }
      if (e.name_prefix != "com.amazonaws") {
        sink.report(at, "service name '" + name + "' starts with '" + e.name_prefix + "', but " +
                            e.service + " endpoints are named com.amazonaws.<region>." + e.service +
                            " in every partition");
        continue;
      }
      if (*e.name_region == "${AWS::Region}") {
        continue;  // built from the AWS::Region pseudo parameter: the deployment region itself
      }
      const auto region = ctx.scope.region_of(f.resource(e.resource));
      if (!region) {
        sink.unverifiable(at, "that service name '" + name + "' names the deployment region",
                          "the deployment region is not known (" + ctx.scope.region_hint() + ")");
        continue;
      }
      if (*e.name_region != *region) {
        sink.report(at, "service name '" + name + "' names region '" + *e.name_region +
                            "', but the deployment region is '" + *region + "' (" +
                            ctx.scope.region_source() + ")");
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Rule> make_endpoint_service_name_mismatch() {
  return std::make_unique<EndpointServiceNameMismatch>();
}

}  // namespace ssmpf::rules::ssm
