// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "facts/facts.hpp"

namespace ssmpf::facts {

enum class Verdict : std::uint8_t { yes, no, unknown };

// The endpoints for `service` in a VPC, in document order.
[[nodiscard]] const std::vector<const Endpoint*>& endpoints_for(const Facts& facts,
                                                                std::optional<Index> vpc,
                                                                std::string_view service);

// Whether an instance carries a group (a resource group, or its VPC's default group).
[[nodiscard]] bool carries(const Instance& instance, const GroupRef& group) noexcept;

// Does any security group of the endpoint admit TCP 443 from the instance?
struct IngressCheck {
  Verdict verdict = Verdict::no;
  const SgRule* admitting = nullptr;
  const GroupRef* admitting_group = nullptr;
  std::vector<const SgRule*> near_misses;  // right source but not 443, or 443 from elsewhere
  std::vector<Unknown> unknowns;
};
[[nodiscard]] IngressCheck endpoint_admits(const Facts& facts, const Instance& instance,
                                           const Endpoint& endpoint);

// Does the instance's effective egress allow TCP 443 to the endpoint's network interfaces (or,
// with no endpoint, to the internet)?
struct EgressCheck {
  Verdict verdict = Verdict::no;
  bool partial = false;         // a CIDR covers some of the endpoint's subnets, not all
  bool ambiguous = false;       // only standalone egress rules decide, and they do not allow it
  bool default_allows = false;  // an allow-all default (no egress declared, or default group)
  const SgRule* allowing = nullptr;
  std::vector<const SgRule*> near_misses;
  std::vector<const SecurityGroup*> deciding_groups;  // groups whose declared rules decide
  std::vector<Unknown> unknowns;
};
[[nodiscard]] EgressCheck instance_egress(const Facts& facts, const Instance& instance,
                                          const Endpoint* endpoint);

// Whether the instance reaches the internet (the public service endpoints): a 0.0.0.0/0 route
// to a NAT gateway, or to an internet gateway with a public IPv4 address.
struct InternetPath {
  Verdict verdict = Verdict::no;
  const Route* route = nullptr;  // the default route, when there is one
  std::string description;       // "a NAT gateway", "no 0.0.0.0/0 route"...
  std::vector<Unknown> unknowns;
};
[[nodiscard]] InternetPath internet_path(const Facts& facts, const Instance& instance);

}  // namespace ssmpf::facts
