// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ssmpf {

// A hash for unordered containers keyed by std::string that are looked up by std::string_view
// without building a string (with std::equal_to<>).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

// Number of UTF-16 code units needed for UTF-8 text (invalid bytes count as one unit each).
[[nodiscard]] std::size_t utf16_length(std::string_view utf8) noexcept;

// Offset of the first byte that is not part of a well-formed UTF-8 sequence, if any.
[[nodiscard]] std::optional<std::size_t> find_invalid_utf8(std::string_view text) noexcept;

// Decodes one code point at `pos`, advancing it; invalid bytes decode as U+FFFD.
[[nodiscard]] char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept;

// Terminal columns taken by a code point (0, 1 or 2).
[[nodiscard]] int display_width(char32_t cp) noexcept;

// Optimal string alignment distance (Levenshtein with adjacent transpositions), or
// `limit + 1` as soon as the distance is known to exceed `limit`.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b,
                                        std::size_t limit) noexcept;

// The candidate nearest to `word` when it is near enough to be a plausible misspelling
// (distance at most max(1, word.size() / 3), and never equal to the word). Ties go to the
// earliest candidate.
[[nodiscard]] std::optional<std::string_view> closest_match(
    std::string_view word, std::span<const std::string_view> candidates);

// Splits on every `separator`, keeping empty parts ("a..b" -> "a", "", "b").
[[nodiscard]] std::vector<std::string_view> split(std::string_view text, char separator);

[[nodiscard]] bool starts_with(std::string_view s, std::string_view prefix) noexcept;
[[nodiscard]] std::string to_lower_ascii(std::string_view s);
// The value of a hexadecimal digit (either case), or -1.
[[nodiscard]] int hex_digit_value(char c) noexcept;
// Joins with ", " and " and " (for messages); past ten words, names the first eight and how
// many more there are.
[[nodiscard]] std::string join_words(std::span<const std::string> words,
                                     std::string_view conjunction = "and");
// Shortens long text for a message: keeps `max` code points and appends "...".
[[nodiscard]] std::string abbreviate(std::string_view text, std::size_t max);
// "1 resource", "2 resources".
[[nodiscard]] std::string plural(std::size_t count, std::string_view singular,
                                 std::string_view plural_form = {});

}  // namespace ssmpf
