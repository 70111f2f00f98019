// SPDX-License-Identifier: Apache-2.0
#include "report/run_result.hpp"

#include <filesystem>

namespace ssmpf::report {

namespace {

std::string percent_encode_path(const std::string& path) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/' || c == '+' || c == '@' || c == ':' || c == '=' ||
                            c == ',' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' ||
                            c == ')' || c == '*' || c == ';';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

std::string root_relative_path(const std::string& absolute_path, const std::string& root) {
  namespace fs = std::filesystem;
  const fs::path rel = fs::path(absolute_path).lexically_relative(fs::path(root));
  if (!root.empty() && !rel.empty() && rel.begin()->string() != "..") {
    return rel.generic_string();
  }
  return fs::path(absolute_path).generic_string();
}

std::string artifact_uri(const std::string& absolute_path, const std::string& root) {
  namespace fs = std::filesystem;
  const fs::path file(absolute_path);
  const fs::path rel = file.lexically_relative(fs::path(root));
  if (!rel.empty() && rel.begin()->string() != ".." && !root.empty()) {
    std::string s = rel.generic_string();
    // A colon in the first segment would read as a URI scheme.
    if (s.find(':') != std::string::npos && s.find(':') < s.find('/')) {
      s = "./" + s;
    }
    return percent_encode_path(s);
  }
  return "file://" + percent_encode_path(file.generic_string());
}

}  // namespace ssmpf::report
