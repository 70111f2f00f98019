// SPDX-License-Identifier: Apache-2.0
#include "model/scalar.hpp"

#include <re2/re2.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace ssmpf::model {

namespace {

// The implicit resolvers of PyYAML's SafeLoader (YAML 1.1), verbatim in meaning.
const RE2& yaml11_bool() {
  static const RE2 re("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  return re;
}
const RE2& yaml11_int() {
  static const RE2 re(
      "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
      "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  return re;
}
const RE2& yaml11_float() {
  static const RE2 re(
      "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
      "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
  return re;
}
const RE2& yaml11_timestamp() {
  static const RE2 re(
      "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
      "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ "
      "\\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
      "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");
  return re;
}
const RE2& json_number() {
  static const RE2 re("-?(?:0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
  return re;
}

bool is_null_word(std::string_view v) noexcept {
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

std::string strip_underscores(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (const char c : v) {
    if (c != '_') {
      out += c;
    }
  }
  return out;
}

}  // namespace

ScalarType resolve_plain(std::string_view value, Schema schema) {
  if (schema == Schema::json) {
    if (value == "null") {
      return ScalarType::null;
    }
    if (value == "true" || value == "false") {
      return ScalarType::boolean;
    }
    re2::StringPiece frac;
    re2::StringPiece exp;
    if (!value.empty() && RE2::FullMatch(value, json_number(), &frac, &exp)) {
      return frac.empty() && exp.empty() ? ScalarType::integer : ScalarType::floating;
    }
    return ScalarType::string;
  }
  if (is_null_word(value)) {
    return ScalarType::null;
  }
  const char c = value.front();
  switch (c) {
    case 'y':
    case 'Y':
    case 'n':
    case 'N':
    case 't':
    case 'T':
    case 'f':
    case 'F':
    case 'o':
    case 'O':
      return RE2::FullMatch(value, yaml11_bool()) ? ScalarType::boolean : ScalarType::string;
    case '-':
    case '+':
    case '.':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
      if (RE2::FullMatch(value, yaml11_int())) {
        return ScalarType::integer;
      }
      if (RE2::FullMatch(value, yaml11_float())) {
        return ScalarType::floating;
      }
      if (c >= '0' && c <= '9' && RE2::FullMatch(value, yaml11_timestamp())) {
        return ScalarType::timestamp;
      }
      return ScalarType::string;
    default:
      return ScalarType::string;
  }
}

std::optional<ScalarType> core_tag_type(std::string_view tag) noexcept {
  constexpr std::string_view k_long = "tag:yaml.org,2002:";
  if (tag.substr(0, 2) == "!!") {
    tag.remove_prefix(2);
  } else if (tag.substr(0, k_long.size()) == k_long) {
    tag.remove_prefix(k_long.size());
  } else {
    return std::nullopt;
  }
  if (tag == "str") {
    return ScalarType::string;
  }
  if (tag == "int") {
    return ScalarType::integer;
  }
  if (tag == "float") {
    return ScalarType::floating;
  }
  if (tag == "bool") {
    return ScalarType::boolean;
  }
  if (tag == "null") {
    return ScalarType::null;
  }
  if (tag == "timestamp") {
    return ScalarType::timestamp;
  }
  if (tag == "binary") {
    return ScalarType::binary;
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_int(std::string_view value) noexcept {
  try {
    std::string v = strip_underscores(value);
    bool negative = false;
    if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
      negative = v[0] == '-';
      v.erase(0, 1);
    }
    if (v.empty()) {
      return std::nullopt;
    }
    std::int64_t result = 0;
    auto parse = [&](std::string_view digits, int base) -> bool {
      if (digits.empty()) {
        return false;
      }
      const auto [ptr, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), result, base);
      return ec == std::errc() && ptr == digits.data() + digits.size();
    };
    bool ok = false;
    if (v.find(':') != std::string::npos) {
      // Sexagesimal (base 60): 1:30 == 90.
      std::int64_t total = 0;
      std::size_t start = 0;
      ok = true;
      while (start <= v.size()) {
        const std::size_t colon = v.find(':', start);
        const std::string_view part = std::string_view(v).substr(
            start, colon == std::string::npos ? std::string::npos : colon - start);
        if (!parse(part, 10) || total > std::numeric_limits<std::int64_t>::max() / 60) {
          ok = false;
          break;
        }
        total = total * 60 + result;
        if (colon == std::string::npos) {
          break;
        }
        start = colon + 1;
      }
      result = total;
    } else if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
      ok = parse(std::string_view(v).substr(2), 16);
    } else if (v.size() > 2 && v[0] == '0' && (v[1] == 'b' || v[1] == 'B')) {
      ok = parse(std::string_view(v).substr(2), 2);
    } else if (v.size() > 2 && v[0] == '0' && (v[1] == 'o' || v[1] == 'O')) {
      ok = parse(std::string_view(v).substr(2), 8);
    } else if (v.size() > 1 && v[0] == '0') {
      ok = parse(std::string_view(v).substr(1), 8);  // YAML 1.1 octal
    } else {
      ok = parse(v, 10);
    }
    if (!ok) {
      return std::nullopt;
    }
    return negative ? -result : result;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<double> parse_float(std::string_view value) noexcept {
  try {
    std::string v = strip_underscores(value);
    if (v.empty()) {
      return std::nullopt;
    }
    double sign = 1.0;
    if (v[0] == '-' || v[0] == '+') {
      sign = v[0] == '-' ? -1.0 : 1.0;
      v.erase(0, 1);
    }
    const std::string lower = [&] {
      std::string l = v;
      for (char& c : l) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
      return l;
    }();
    if (lower == ".inf") {
      return sign * std::numeric_limits<double>::infinity();
    }
    if (lower == ".nan") {
      return std::numeric_limits<double>::quiet_NaN();
    }
    if (v.find(':') != std::string::npos) {
      double total = 0.0;
      std::size_t start = 0;
      while (true) {
        const std::size_t colon = v.find(':', start);
        const std::string part =
            v.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        total = total * 60.0 + std::stod(part);
        if (colon == std::string::npos) {
          break;
        }
        start = colon + 1;
      }
      return sign * total;
    }
    std::size_t used = 0;
    const double d = std::stod(v, &used);
    if (used != v.size()) {
      return std::nullopt;
    }
    return sign * d;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<bool> parse_bool(std::string_view value) noexcept {
  if (value == "yes" || value == "Yes" || value == "YES" || value == "true" || value == "True" ||
      value == "TRUE" || value == "on" || value == "On" || value == "ON") {
    return true;
  }
  if (value == "no" || value == "No" || value == "NO" || value == "false" || value == "False" ||
      value == "FALSE" || value == "off" || value == "Off" || value == "OFF") {
    return false;
  }
  return std::nullopt;
}

}  // namespace ssmpf::model
