// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "load/limits.hpp"

namespace ssmpf::load {

enum class ReadStatus : std::uint8_t { ok, not_found, not_regular, too_large, unreadable };

struct ReadOutcome {
  ReadStatus status = ReadStatus::ok;
  std::string text;    // the contents when ok
  std::string detail;  // why it failed, for messages
  std::uint64_t size = 0;
};

// Reads a regular file, refusing FIFOs, devices and folders without blocking on them, and
// files above the size limit.
[[nodiscard]] ReadOutcome read_file(const std::filesystem::path& path, const Limits& limits);

// Why a file's bytes are not acceptable text for a YAML or JSON reader.
struct TextProblem {
  enum class Kind : std::uint8_t { binary, invalid_utf8, control_character };
  Kind kind = Kind::binary;
  std::uint32_t offset = 0;
  char32_t code_point = 0;
};

// NUL bytes (binary), malformed UTF-8, and characters YAML does not allow
// (C0 controls other than tab, LF and CR; DEL; C1 controls other than NEL; U+FFFE/U+FFFF).
[[nodiscard]] std::optional<TextProblem> check_text(std::string_view text) noexcept;

}  // namespace ssmpf::load
