// SPDX-License-Identifier: Apache-2.0
#include "load/reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/text.hpp"

namespace ssmpf::load {

namespace {

class Fd {
 public:
  explicit Fd(int fd) noexcept : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&&) = delete;
  Fd& operator=(Fd&&) = delete;
  ~Fd() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  [[nodiscard]] int get() const noexcept { return m_fd; }

 private:
  int m_fd;
};

std::string human_size(std::uint64_t bytes) {
  const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f MiB", mib);
  return buf;
}

}  // namespace

ReadOutcome read_file(const std::filesystem::path& path, const Limits& limits) {
  ReadOutcome out;
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  const Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    const int err = errno;
    out.status = err == ENOENT || err == ENOTDIR ? ReadStatus::not_found : ReadStatus::unreadable;
    out.detail = std::strerror(err);
    return out;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    out.status = ReadStatus::unreadable;
    out.detail = std::strerror(errno);
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.status = ReadStatus::not_regular;
    out.detail = "is a folder";
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.status = ReadStatus::not_regular;
    out.detail = S_ISFIFO(st.st_mode)   ? "is a FIFO, not a regular file"
                 : S_ISCHR(st.st_mode)  ? "is a character device, not a regular file"
                 : S_ISBLK(st.st_mode)  ? "is a block device, not a regular file"
                 : S_ISSOCK(st.st_mode) ? "is a socket, not a regular file"
                                        : "is not a regular file";
    return out;
  }
  out.size = static_cast<std::uint64_t>(st.st_size);
  if (out.size > limits.max_file_bytes) {
    out.status = ReadStatus::too_large;
    out.detail = "is " + human_size(out.size) + ", above the " + human_size(limits.max_file_bytes) +
                 " limit (--max-file-size)";
    return out;
  }
  out.text.reserve(static_cast<std::size_t>(out.size));
  char chunk[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      out.status = ReadStatus::unreadable;
      out.detail = std::strerror(errno);
      return out;
    }
    if (n == 0) {
      break;
    }
    if (out.text.size() + static_cast<std::size_t>(n) > limits.max_file_bytes) {
      out.status = ReadStatus::too_large;
      out.detail = "grew above the " + human_size(limits.max_file_bytes) + " limit while read";
      return out;
    }
    out.text.append(chunk, static_cast<std::size_t>(n));
  }
  out.size = out.text.size();
  return out;
}

std::optional<TextProblem> check_text(std::string_view text) noexcept {
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return TextProblem{TextProblem::Kind::binary, static_cast<std::uint32_t>(nul), 0};
  }
  if (const auto bad = find_invalid_utf8(text)) {
    return TextProblem{TextProblem::Kind::invalid_utf8, static_cast<std::uint32_t>(*bad),
                       static_cast<unsigned char>(text[*bad])};
  }
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        return TextProblem{TextProblem::Kind::control_character, static_cast<std::uint32_t>(i), c};
      }
      ++i;
      continue;
    }
    const std::size_t at = i;
    const char32_t cp = decode_utf8(text, i);
    const bool c1 = cp >= 0x80 && cp <= 0x9F && cp != 0x85;
    if (c1 || cp == 0xFFFE || cp == 0xFFFF) {
      // U+FEFF is allowed (a BOM); yaml-cpp and PyYAML both accept it at the start.
      return TextProblem{TextProblem::Kind::control_character, static_cast<std::uint32_t>(at), cp};
    }
  }
  return std::nullopt;
}

}  // namespace ssmpf::load
