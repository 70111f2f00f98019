// SPDX-License-Identifier: Apache-2.0
#include "base/text.hpp"

#include <algorithm>
#include <vector>

namespace ssmpf {

namespace {

// Length of the UTF-8 sequence starting at `pos`, or 0 when it is malformed.
std::size_t sequence_length(std::string_view text, std::size_t pos) noexcept {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (pos + len > text.size()) {
    return 0;
  }
  char32_t cp = b0 & (0x7FU >> len);
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if ((b & 0xC0U) != 0x80U) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

}  // namespace

std::size_t utf16_length(std::string_view utf8) noexcept {
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t len = sequence_length(utf8, i);
    if (len == 0) {
      ++units;
      ++i;
      continue;
    }
    units += len == 4 ? 2 : 1;
    i += len;
  }
  return units;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(text, i);
    if (len == 0) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept {
  const std::size_t len = sequence_length(text, pos);
  if (len == 0) {
    ++pos;
    return 0xFFFD;
  }
  const auto b0 = static_cast<unsigned char>(text[pos]);
  char32_t cp = len == 1 ? b0 : (b0 & (0x7FU >> len));
  for (std::size_t i = 1; i < len; ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3FU);
  }
  pos += len;
  return cp;
}

int display_width(char32_t cp) noexcept {
  if (cp == 0 || (cp >= 0x300 && cp <= 0x36F) || cp == 0x200B || (cp >= 0xFE00 && cp <= 0xFE0F)) {
    return 0;  // combining marks, zero-width space, variation selectors
  }
  struct Range {
    char32_t first;
    char32_t last;
  };
  static constexpr Range k_wide[] = {
      {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
      {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
      {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
      {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
  };
  for (const Range& r : k_wide) {
    if (cp >= r.first && cp <= r.last) {
      return 2;
    }
  }
  return 1;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) noexcept {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) > limit) {
    return limit + 1;
  }
  std::vector<std::size_t> prev2(m + 1);
  std::vector<std::size_t> prev(m + 1);
  std::vector<std::size_t> cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) {
    prev[j] = j;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, prev2[j - 2] + 1);
      }
      cur[j] = best;
      row_min = std::min(row_min, best);
    }
    if (row_min > limit) {
      return limit + 1;
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates) {
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string_view> best;
  std::size_t best_distance = limit + 1;
  for (const std::string_view candidate : candidates) {
    if (candidate == word) {
      continue;
    }
    std::size_t d = edit_distance(word, candidate, limit);
    if (d > limit) {
      // A difference in case only is always a plausible misspelling.
      if (to_lower_ascii(word) == to_lower_ascii(candidate)) {
        d = 1;
      } else {
        continue;
      }
    }
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    out.push_back(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) {
      return out;
    }
    start = end + 1;
  }
}

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::string join_words(std::span<const std::string> words, std::string_view conjunction) {
  // A message about thousands of instances names the first few.
  constexpr std::size_t k_max_named = 10;
  constexpr std::size_t k_named_when_cut = 8;
  if (words.size() > k_max_named) {
    std::string out;
    for (std::size_t i = 0; i < k_named_when_cut; ++i) {
      out += words[i];
      out += ", ";
    }
    out.resize(out.size() - 2);
    out += ' ';
    out += conjunction;
    out += ' ';
    out += std::to_string(words.size() - k_named_when_cut);
    out += " more";
    return out;
  }
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      out += i + 1 == words.size() ? (words.size() > 2 ? ", " : " ") : ", ";
      if (i + 1 == words.size()) {
        out += conjunction;
        out += ' ';
      }
    }
    out += words[i];
  }
  return out;
}

std::string abbreviate(std::string_view text, std::size_t max) {
  std::size_t pos = 0;
  std::size_t count = 0;
  while (pos < text.size() && count < max) {
    (void)decode_utf8(text, pos);
    ++count;
  }
  if (pos >= text.size()) {
    return std::string(text);
  }
  return std::string(text.substr(0, pos)) + "...";
}

std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form) {
  std::string out = std::to_string(count);
  out += ' ';
  if (count == 1) {
    out += singular;
  } else if (!plural_form.empty()) {
    out += plural_form;
  } else {
    out += singular;
    out += 's';
  }
  return out;
}

}  // namespace ssmpf
