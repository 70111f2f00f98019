// SPDX-License-Identifier: Apache-2.0
#include "base/cidr.hpp"

#include <charconv>
#include <vector>

namespace ssmpf {

namespace {

std::optional<unsigned> parse_decimal(std::string_view s, unsigned max) noexcept {
  if (s.empty() || s.size() > 3) {
    return std::nullopt;
  }
  unsigned v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v > max) {
    return std::nullopt;
  }
  return v;
}

bool parse_ipv4(std::string_view s, std::uint8_t* out) noexcept {
  for (int i = 0; i < 4; ++i) {
    const std::size_t dot = s.find('.');
    const std::string_view part = i < 3 ? s.substr(0, dot) : s;
    if ((i < 3 && dot == std::string_view::npos) ||
        (i == 3 && s.find('.') != std::string_view::npos)) {
      return false;
    }
    const auto v = parse_decimal(part, 255);
    if (!v) {
      return false;
    }
    out[i] = static_cast<std::uint8_t>(*v);
    if (i < 3) {
      s.remove_prefix(dot + 1);
    }
  }
  return true;
}

std::optional<std::uint16_t> parse_hex_group(std::string_view s) noexcept {
  if (s.empty() || s.size() > 4) {
    return std::nullopt;
  }
  unsigned v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(v);
}

bool parse_ipv6(std::string_view s, std::uint8_t* out) noexcept {
  std::vector<std::uint16_t> head;
  std::vector<std::uint16_t> tail;
  bool compressed = false;
  const std::size_t gap = s.find("::");
  if (gap != std::string_view::npos) {
    compressed = true;
    if (s.find("::", gap + 1) != std::string_view::npos) {
      return false;
    }
  }
  auto split = [](std::string_view part, std::vector<std::uint16_t>& groups,
                  bool allow_v4_tail) -> bool {
    if (part.empty()) {
      return true;
    }
    while (true) {
      const std::size_t colon = part.find(':');
      const std::string_view g = part.substr(0, colon);
      if (colon == std::string_view::npos && allow_v4_tail &&
          g.find('.') != std::string_view::npos) {
        std::uint8_t v4[4];
        if (!parse_ipv4(g, v4)) {
          return false;
        }
        groups.push_back(static_cast<std::uint16_t>(v4[0] << 8 | v4[1]));
        groups.push_back(static_cast<std::uint16_t>(v4[2] << 8 | v4[3]));
        return true;
      }
      const auto v = parse_hex_group(g);
      if (!v) {
        return false;
      }
      groups.push_back(*v);
      if (colon == std::string_view::npos) {
        return true;
      }
      part.remove_prefix(colon + 1);
    }
  };
  if (compressed) {
    if (!split(s.substr(0, gap), head, false) || !split(s.substr(gap + 2), tail, true)) {
      return false;
    }
    if (head.size() + tail.size() > 7) {
      return false;
    }
  } else {
    if (!split(s, head, true) || head.size() != 8) {
      return false;
    }
  }
  std::vector<std::uint16_t> groups = head;
  groups.resize(8 - tail.size(), 0);
  groups.insert(groups.end(), tail.begin(), tail.end());
  for (std::size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xFF);
  }
  return true;
}

}  // namespace

std::optional<Cidr> Cidr::parse(std::string_view text) noexcept {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view addr = text.substr(0, slash);
  const std::string_view len = text.substr(slash + 1);
  Cidr c;
  if (addr.find(':') != std::string_view::npos) {
    c.v6 = true;
    if (!parse_ipv6(addr, c.address.data())) {
      return std::nullopt;
    }
  } else if (!parse_ipv4(addr, c.address.data() + 12)) {
    return std::nullopt;
  }
  const auto prefix = parse_decimal(len, c.v6 ? 128 : 32);
  if (!prefix) {
    return std::nullopt;
  }
  c.prefix = static_cast<std::uint8_t>(*prefix);
  return c;
}

bool Cidr::contains(const Cidr& inner) const noexcept {
  if (v6 != inner.v6 || inner.prefix < prefix) {
    return false;
  }
  const unsigned offset = v6 ? 0 : 96;
  const unsigned bits = offset + prefix;
  for (unsigned bit = offset; bit < bits; ++bit) {
    const unsigned byte = bit / 8;
    const auto mask = static_cast<std::uint8_t>(0x80U >> (bit % 8));
    if ((address[byte] & mask) != (inner.address[byte] & mask)) {
      return false;
    }
  }
  return true;
}

bool Cidr::host_bits_set() const noexcept {
  const unsigned offset = v6 ? 0 : 96;
  for (unsigned bit = offset + prefix; bit < 128; ++bit) {
    if ((address[bit / 8] & (0x80U >> (bit % 8))) != 0) {
      return true;
    }
  }
  return false;
}

std::string Cidr::to_string() const {
  std::string out;
  if (!v6) {
    for (int i = 12; i < 16; ++i) {
      out += std::to_string(address[static_cast<std::size_t>(i)]);
      out += i < 15 ? "." : "";
    }
  } else {
    static constexpr char k_hex[] = "0123456789abcdef";
    for (std::size_t g = 0; g < 8; ++g) {
      const auto v = static_cast<unsigned>(address[2 * g] << 8 | address[2 * g + 1]);
      std::string part;
      bool started = false;
      for (int shift = 12; shift >= 0; shift -= 4) {
        const unsigned nibble = (v >> static_cast<unsigned>(shift)) & 0xF;
        if (nibble != 0 || started || shift == 0) {
          part += k_hex[nibble];
          started = true;
        }
      }
      out += part;
      out += g < 7 ? ":" : "";
    }
  }
  out += '/';
  out += std::to_string(prefix);
  return out;
}

}  // namespace ssmpf
