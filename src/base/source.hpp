// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ssmpf {

// Index of a file held by a SourceManager.
struct FileId {
  std::uint32_t index = UINT32_MAX;
  [[nodiscard]] bool valid() const noexcept { return index != UINT32_MAX; }
  friend auto operator<=>(FileId, FileId) = default;
};

// Half-open byte range [begin, end) in one file.
struct SourceRange {
  FileId file;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  [[nodiscard]] bool valid() const noexcept { return file.valid(); }
  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

// 1-based line and column. Columns count UTF-16 code units (what SARIF `utf16CodeUnits`,
// LSP and GitHub use); a byte-order mark does not count.
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  friend auto operator<=>(const Position&, const Position&) = default;
};

// The text of one input file. It never moves once added, so string_views into it stay valid.
class SourceFile {
 public:
  SourceFile(std::string display_path, std::string absolute_path, std::string text);

  // The path as shown to the user (relative to the working folder where possible,
  // forward slashes).
  [[nodiscard]] const std::string& path() const noexcept { return m_path; }
  // The absolute, normalised path (used to relativise SARIF URIs).
  [[nodiscard]] const std::string& absolute_path() const noexcept { return m_absolute_path; }
  [[nodiscard]] std::string_view text() const noexcept { return m_text; }
  // 3 when the text starts with a UTF-8 byte-order mark, else 0.
  [[nodiscard]] std::uint32_t bom_size() const noexcept { return m_bom; }

  [[nodiscard]] Position position(std::uint32_t offset) const;
  [[nodiscard]] std::uint32_t line_count() const noexcept {
    return static_cast<std::uint32_t>(m_line_starts.size());
  }
  // Byte offset where a 1-based line starts.
  [[nodiscard]] std::uint32_t line_start(std::uint32_t line) const;
  // The text of a 1-based line without its line terminator.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;

 private:
  std::string m_path;
  std::string m_absolute_path;
  std::string m_text;
  std::uint32_t m_bom = 0;
  std::vector<std::uint32_t> m_line_starts;
};

class SourceManager {
 public:
  SourceManager() = default;
  SourceManager(const SourceManager&) = delete;
  SourceManager& operator=(const SourceManager&) = delete;
  SourceManager(SourceManager&&) = default;
  SourceManager& operator=(SourceManager&&) = default;
  ~SourceManager() = default;

  FileId add(std::string display_path, std::string absolute_path, std::string text);
  // Adds a file built elsewhere (on another thread, before its id was known).
  FileId add(std::unique_ptr<const SourceFile> file);
  [[nodiscard]] const SourceFile& file(FileId id) const;
  [[nodiscard]] std::size_t size() const noexcept { return m_files.size(); }
  // The file registered under an absolute path, if any.
  [[nodiscard]] FileId find(std::string_view absolute_path) const;

 private:
  std::vector<std::unique_ptr<const SourceFile>> m_files;
};

}  // namespace ssmpf
