// SPDX-License-Identifier: Apache-2.0
#include "base/source.hpp"

#include <algorithm>

#include "base/assert.hpp"
#include "base/text.hpp"

namespace ssmpf {

SourceFile::SourceFile(std::string display_path, std::string absolute_path, std::string text)
    : m_path(std::move(display_path)),
      m_absolute_path(std::move(absolute_path)),
      m_text(std::move(text)) {
  if (m_text.size() >= 3 && m_text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    m_bom = 3;
  }
  m_line_starts.push_back(m_bom);
  for (std::uint32_t i = 0; i < m_text.size(); ++i) {
    const char c = m_text[i];
    // LF ends a line, and so does a lone CR (YAML 1.1 line break).
    if (c == '\n' || (c == '\r' && (i + 1 >= m_text.size() || m_text[i + 1] != '\n'))) {
      m_line_starts.push_back(i + 1);
    }
  }
}

Position SourceFile::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
  offset = std::max(offset, m_bom);
  const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  const auto line_index = static_cast<std::uint32_t>(it - m_line_starts.begin()) - 1;
  const std::uint32_t start = m_line_starts[line_index];
  const std::string_view prefix(m_text.data() + start, offset - start);
  return Position{line_index + 1, static_cast<std::uint32_t>(utf16_length(prefix)) + 1};
}

std::uint32_t SourceFile::line_start(std::uint32_t line) const {
  SSMPF_ASSERT(line >= 1 && line <= m_line_starts.size(), "line out of range");
  return m_line_starts[line - 1];
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  const std::uint32_t begin = line_start(line);
  std::uint32_t end =
      line < m_line_starts.size() ? m_line_starts[line] : static_cast<std::uint32_t>(m_text.size());
  while (end > begin && (m_text[end - 1] == '\n' || m_text[end - 1] == '\r')) {
    --end;
  }
  return std::string_view(m_text).substr(begin, end - begin);
}

FileId SourceManager::add(std::string display_path, std::string absolute_path, std::string text) {
  SSMPF_ASSERT(m_files.size() < UINT32_MAX, "too many files");
  m_files.push_back(std::make_unique<const SourceFile>(std::move(display_path),
                                                       std::move(absolute_path), std::move(text)));
  return FileId{static_cast<std::uint32_t>(m_files.size() - 1)};
}

FileId SourceManager::add(std::unique_ptr<const SourceFile> file) {
  SSMPF_ASSERT(m_files.size() < UINT32_MAX - 2, "too many files");
  m_files.push_back(std::move(file));
  return FileId{static_cast<std::uint32_t>(m_files.size() - 1)};
}

const SourceFile& SourceManager::file(FileId id) const {
  SSMPF_ASSERT(id.index < m_files.size(), "invalid FileId");
  return *m_files[id.index];
}

FileId SourceManager::find(std::string_view absolute_path) const {
  for (std::uint32_t i = 0; i < m_files.size(); ++i) {
    if (m_files[i]->absolute_path() == absolute_path) {
      return FileId{i};
    }
  }
  return FileId{};
}

}  // namespace ssmpf
