// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssmpf {

// An IPv4 or IPv6 network in CIDR notation. Addresses are kept as 128-bit big-endian bytes
// (IPv4 in the last four bytes).
struct Cidr {
  bool v6 = false;
  std::array<std::uint8_t, 16> address{};
  std::uint8_t prefix = 0;  // 0-32 (IPv4) or 0-128 (IPv6)

  // "10.0.2.0/24", "2001:db8::/32". Host bits may be set (AWS accepts and masks them for
  // security-group rules); `host_bits_set()` tells.
  [[nodiscard]] static std::optional<Cidr> parse(std::string_view text) noexcept;

  // Whether every address of `inner` lies in this network (same family only).
  [[nodiscard]] bool contains(const Cidr& inner) const noexcept;
  [[nodiscard]] bool host_bits_set() const noexcept;
  [[nodiscard]] std::uint8_t max_prefix() const noexcept { return v6 ? 128 : 32; }
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Cidr&, const Cidr&) = default;
};

}  // namespace ssmpf
