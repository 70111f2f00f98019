// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssmpf::facts {

// An IP protocol as a security group or network ACL rule names it.
struct Protocol {
  enum class Kind : std::uint8_t { all, tcp, udp, icmp, icmpv6, other };
  Kind kind = Kind::all;
  int number = -1;  // the IANA number; -1 for all

  // "tcp", "TCP", "6", "-1", "all", "icmpv6", "58"... nullopt when it is none of them.
  [[nodiscard]] static std::optional<Protocol> parse(std::string_view text) noexcept;
  [[nodiscard]] std::string to_string() const;
};

// An inclusive port range; nullopt bounds mean "not written".
struct PortRange {
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;
};

// Whether a rule with this protocol and port range lets TCP traffic to `port` through.
// -1 (all protocols) carries every port whatever the range says; tcp/6 carries the ports of
// its range (a -1 bound means every port); udp, icmp, icmpv6 and other protocols never carry
// TCP.
[[nodiscard]] bool carries_tcp(const Protocol& protocol, const PortRange& ports,
                               std::int64_t port) noexcept;

// Whether the rule carries TCP on every port of [low, high] (for return traffic ranges).
[[nodiscard]] bool carries_tcp_range(const Protocol& protocol, const PortRange& ports,
                                     std::int64_t low, std::int64_t high) noexcept;

// "tcp 443", "tcp 0-65535", "all traffic", "icmp".
[[nodiscard]] std::string describe_rule(const Protocol& protocol, const PortRange& ports);

// An SSM Agent version (3.3.40.0); compares component by component.
struct AgentVersion {
  int parts[4] = {0, 0, 0, 0};
  [[nodiscard]] static std::optional<AgentVersion> parse(std::string_view text) noexcept;
  [[nodiscard]] std::string to_string() const;
  friend auto operator<=>(const AgentVersion& a, const AgentVersion& b) noexcept {
    for (int i = 0; i < 4; ++i) {
      if (a.parts[i] != b.parts[i]) {
        return a.parts[i] <=> b.parts[i];
      }
    }
    return std::strong_ordering::equal;
  }
  friend bool operator==(const AgentVersion&, const AgentVersion&) = default;
};

// The agent version from which ec2messages is optional (it uses ssmmessages instead).
inline constexpr AgentVersion k_ssmmessages_agent{{3, 3, 40, 0}};

}  // namespace ssmpf::facts
