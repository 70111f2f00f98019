// SPDX-License-Identifier: Apache-2.0
#include "base/cidr.hpp"
#include "facts/network.hpp"
#include "support/catch.hpp"

using namespace ssmpf;
using namespace ssmpf::facts;

namespace {
PortRange ports(std::int64_t from, std::int64_t to) {
  return PortRange{from, to};
}
}  // namespace

TEST_CASE("protocols: names, numbers, -1 and all") {
  CHECK(Protocol::parse("tcp")->kind == Protocol::Kind::tcp);
  CHECK(Protocol::parse("TCP")->kind == Protocol::Kind::tcp);
  CHECK(Protocol::parse("6")->kind == Protocol::Kind::tcp);
  CHECK(Protocol::parse("-1")->kind == Protocol::Kind::all);
  CHECK(Protocol::parse("all")->kind == Protocol::Kind::all);
  CHECK(Protocol::parse("17")->kind == Protocol::Kind::udp);
  CHECK(Protocol::parse("icmpv6")->kind == Protocol::Kind::icmpv6);
  CHECK(Protocol::parse("58")->kind == Protocol::Kind::icmpv6);
  CHECK(Protocol::parse("47")->kind == Protocol::Kind::other);
  CHECK_FALSE(Protocol::parse("256"));
  CHECK_FALSE(Protocol::parse("tcpx"));
  CHECK_FALSE(Protocol::parse(""));
}

TEST_CASE("port coverage for TCP 443") {
  const Protocol tcp = *Protocol::parse("tcp");
  CHECK(carries_tcp(tcp, ports(443, 443), 443));
  CHECK(carries_tcp(tcp, ports(442, 444), 443));
  CHECK(carries_tcp(tcp, ports(0, 65535), 443));
  CHECK_FALSE(carries_tcp(tcp, ports(442, 442), 443));
  CHECK_FALSE(carries_tcp(tcp, ports(444, 444), 443));
  CHECK_FALSE(carries_tcp(tcp, ports(444, 442), 443));  // an empty range
  CHECK(carries_tcp(tcp, ports(-1, -1), 443));          // -1: every port
  CHECK_FALSE(carries_tcp(tcp, PortRange{}, 443));      // no range written
  // -1 (all protocols) opens every port whatever the range says.
  CHECK(carries_tcp(*Protocol::parse("-1"), ports(80, 80), 443));
  CHECK(carries_tcp(*Protocol::parse("-1"), PortRange{}, 443));
  // Other protocols never carry TCP.
  CHECK_FALSE(carries_tcp(*Protocol::parse("udp"), ports(443, 443), 443));
  CHECK_FALSE(carries_tcp(*Protocol::parse("icmp"), ports(-1, -1), 443));
  CHECK_FALSE(carries_tcp(*Protocol::parse("47"), ports(0, 65535), 443));
  // Ranges for return traffic.
  CHECK(carries_tcp_range(tcp, ports(1024, 65535), 1024, 65535));
  CHECK_FALSE(carries_tcp_range(tcp, ports(32768, 61000), 1024, 65535));
}

TEST_CASE("rule descriptions") {
  CHECK(describe_rule(*Protocol::parse("tcp"), ports(443, 443)) == "tcp 443");
  CHECK(describe_rule(*Protocol::parse("tcp"), ports(442, 444)) == "tcp 442-444");
  CHECK(describe_rule(*Protocol::parse("-1"), ports(0, 0)) == "all traffic");
  CHECK(describe_rule(*Protocol::parse("icmp"), ports(252, 86)) == "icmp");
}

TEST_CASE("agent versions compare component by component") {
  const auto v = AgentVersion::parse("3.3.40.0");
  REQUIRE(v);
  CHECK(*v == k_ssmmessages_agent);
  CHECK(*AgentVersion::parse("3.2.0.0") < k_ssmmessages_agent);
  CHECK(*AgentVersion::parse("3.3.131.0") > k_ssmmessages_agent);
  CHECK(*AgentVersion::parse("3.10") > k_ssmmessages_agent);  // numeric, not lexical
  CHECK(AgentVersion::parse("3.3.40.0")->to_string() == "3.3.40.0");
  CHECK_FALSE(AgentVersion::parse("3.x"));
  CHECK_FALSE(AgentVersion::parse("1.2.3.4.5"));
  CHECK_FALSE(AgentVersion::parse(""));
}

TEST_CASE("CIDR edge cases the rules rely on") {
  const Cidr everything = *Cidr::parse("0.0.0.0/0");
  const Cidr host = *Cidr::parse("10.0.2.7/32");
  const Cidr subnet = *Cidr::parse("10.0.2.0/24");
  CHECK(everything.contains(host));
  CHECK(subnet.contains(host));
  CHECK(host.contains(host));
  CHECK_FALSE(host.contains(subnet));
  // One bit too narrow, one bit wider.
  CHECK_FALSE(Cidr::parse("10.0.2.0/25")->contains(subnet));
  CHECK(Cidr::parse("10.0.2.0/23")->contains(subnet));
  // Neighbours and ranges that share a prefix but do not nest.
  CHECK_FALSE(Cidr::parse("10.0.3.0/24")->contains(subnet));
  CHECK_FALSE(Cidr::parse("10.0.0.0/23")->contains(subnet));
  CHECK(Cidr::parse("10.0.0.0/22")->contains(subnet));
  // Host bits are ignored: 10.0.2.128/23 is the network 10.0.2.0/23.
  CHECK(Cidr::parse("10.0.2.128/23")->contains(*Cidr::parse("10.0.3.0/24")));
  // IPv6 never contains IPv4 and /0 of one family is not the other's.
  CHECK_FALSE(Cidr::parse("::/0")->contains(subnet));
  CHECK(Cidr::parse("::/0")->contains(*Cidr::parse("2001:db8::/32")));
  CHECK(Cidr::parse("2001:db8::1/128")->prefix == 128);
}
