// SPDX-License-Identifier: Apache-2.0
#include "facts/network.hpp"

#include <charconv>

#include "base/text.hpp"

namespace ssmpf::facts {

std::optional<Protocol> Protocol::parse(std::string_view text) noexcept {
  const std::string lower = to_lower_ascii(text);
  if (lower == "-1" || lower == "all") {
    return Protocol{Kind::all, -1};
  }
  if (lower == "tcp") {
    return Protocol{Kind::tcp, 6};
  }
  if (lower == "udp") {
    return Protocol{Kind::udp, 17};
  }
  if (lower == "icmp") {
    return Protocol{Kind::icmp, 1};
  }
  if (lower == "icmpv6") {
    return Protocol{Kind::icmpv6, 58};
  }
  int number = 0;
  const auto [ptr, ec] = std::from_chars(lower.data(), lower.data() + lower.size(), number);
  if (ec != std::errc() || ptr != lower.data() + lower.size() || number < 0 || number > 255) {
    return std::nullopt;
  }
  switch (number) {
    case 6:
      return Protocol{Kind::tcp, 6};
    case 17:
      return Protocol{Kind::udp, 17};
    case 1:
      return Protocol{Kind::icmp, 1};
    case 58:
      return Protocol{Kind::icmpv6, 58};
    default:
      return Protocol{Kind::other, number};
  }
}

std::string Protocol::to_string() const {
  switch (kind) {
    case Kind::all:
      return "all protocols";
    case Kind::tcp:
      return "tcp";
    case Kind::udp:
      return "udp";
    case Kind::icmp:
      return "icmp";
    case Kind::icmpv6:
      return "icmpv6";
    case Kind::other:
      return "protocol " + std::to_string(number);
  }
  return "?";
}

namespace {

bool all_ports(const PortRange& ports) noexcept {
  return ports.from == -1 || ports.to == -1;
}

}  // namespace

bool carries_tcp(const Protocol& protocol, const PortRange& ports, std::int64_t port) noexcept {
  return carries_tcp_range(protocol, ports, port, port);
}

bool carries_tcp_range(const Protocol& protocol, const PortRange& ports, std::int64_t low,
                       std::int64_t high) noexcept {
  if (protocol.kind == Protocol::Kind::all) {
    return true;
  }
  if (protocol.kind != Protocol::Kind::tcp) {
    return false;
  }
  if (all_ports(ports)) {
    return true;
  }
  if (!ports.from || !ports.to) {
    return false;
  }
  return *ports.from <= low && high <= *ports.to;
}

std::string describe_rule(const Protocol& protocol, const PortRange& ports) {
  if (protocol.kind == Protocol::Kind::all) {
    return "all traffic";
  }
  std::string out = protocol.to_string();
  if (protocol.kind == Protocol::Kind::tcp || protocol.kind == Protocol::Kind::udp) {
    if (all_ports(ports)) {
      out += " all ports";
    } else if (ports.from && ports.to) {
      out += " " + std::to_string(*ports.from);
      if (*ports.to != *ports.from) {
        out += "-" + std::to_string(*ports.to);
      }
    }
  }
  return out;
}

std::optional<AgentVersion> AgentVersion::parse(std::string_view text) noexcept {
  AgentVersion v;
  int index = 0;
  std::size_t start = 0;
  while (start <= text.size() && index < 4) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    int value = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || ptr != part.data() + part.size() || value < 0) {
      return std::nullopt;
    }
    v.parts[index++] = value;
    if (dot == std::string_view::npos) {
      return v;
    }
    start = dot + 1;
  }
  return std::nullopt;
}

std::string AgentVersion::to_string() const {
  return std::to_string(parts[0]) + "." + std::to_string(parts[1]) + "." +
         std::to_string(parts[2]) + "." + std::to_string(parts[3]);
}

}  // namespace ssmpf::facts
