// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "load/limits.hpp"

namespace ssmpf::fix {

struct FileOutcome {
  std::string path;       // as shown to the user
  std::size_t fixes = 0;  // fixes applied to this file
  bool written = false;
  std::string problem;  // why the file was left alone, when it was
};

struct Outcome {
  std::vector<FileOutcome> files;
  std::size_t applied = 0;  // fixes applied in total
  std::size_t skipped = 0;  // fixes left out because they overlap one already taken
  [[nodiscard]] bool ok() const noexcept;
};

// The new text of one file after `edits` (non-overlapping, any order). Pure.
[[nodiscard]] std::string apply_edits(std::string_view text, std::vector<TextEdit> edits);

// Applies the fixes of `diagnostics` (those not suppressed) to their files. A fix is taken
// whole or not at all; a fix that overlaps one already taken is skipped (the next run offers
// it again). A file is written only when it still holds the text that was analysed and its new
// text parses; it is written to a temporary file in the same folder and renamed over the
// original, keeping its permissions.
[[nodiscard]] Outcome apply_fixes(const std::vector<Diagnostic>& diagnostics,
                                  const SourceManager& sources, const load::Limits& limits);

}  // namespace ssmpf::fix
