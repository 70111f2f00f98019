// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string_view>

#include "base/diagnostic.hpp"

namespace ssmpf::engine {

struct ExampleFile {
  std::string_view name;
  std::string_view content;
};

// A rule's metadata and documentation, generated at build time from rules/<family>/<ID>.yaml.
struct RuleMeta {
  std::string_view id;
  std::string_view name;
  std::string_view family;
  std::string_view summary;
  Severity severity = Severity::error;
  std::string_view category;
  std::span<const std::string_view> tags;
  std::string_view stage;  // load | paramset | template | facts
  std::string_view since;
  std::span<const std::string_view> aliases;
  std::string_view rationale;
  std::span<const ExampleFile> flagged;
  std::span<const ExampleFile> fixed;
  std::string_view exceptions;
  std::string_view options;
  std::span<const std::string_view> references;
  std::string_view source_path;  // rules/<family>/<ID>.yaml
};

// Files embedded at build time (rules/kinds.yaml, schemas/...), by repository-relative path.
struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

}  // namespace ssmpf::engine

namespace ssmpf::data {
// Defined in the generated source (tools/gen_data.cpp writes it), sorted by id / path.
[[nodiscard]] std::span<const engine::RuleMeta> builtin_rules() noexcept;
[[nodiscard]] std::span<const engine::EmbeddedFile> embedded_files() noexcept;
// The content of an embedded file by repository path, or empty.
[[nodiscard]] std::string_view embedded_file(std::string_view repository_path) noexcept;
}  // namespace ssmpf::data
