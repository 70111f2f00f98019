// SPDX-License-Identifier: Apache-2.0
#include "base/diagnostic.hpp"

namespace ssmpf {

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::note:
      return "note";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) noexcept {
  if (text == "note") {
    return Severity::note;
  }
  if (text == "warning") {
    return Severity::warning;
  }
  if (text == "error") {
    return Severity::error;
  }
  return std::nullopt;
}

}  // namespace ssmpf
