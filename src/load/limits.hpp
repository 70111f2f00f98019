// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>

namespace ssmpf::load {

// Every limit is documented in the README ("Limits") and reported as LD005 when exceeded.
struct Limits {
  std::uint64_t max_file_bytes = 16ULL << 20;   // one input file
  std::uint32_t max_depth = 256;                // nesting of collections
  std::uint64_t max_alias_nodes = 1'000'000;    // nodes added by alias expansion, per file
  std::size_t max_files = 10'000;               // files in one run
  std::size_t max_resolved_bytes = 1ULL << 20;  // one string after reference substitution
};

}  // namespace ssmpf::load
