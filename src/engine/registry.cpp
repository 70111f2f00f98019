// SPDX-License-Identifier: Apache-2.0
#include "engine/registry.hpp"

#include <algorithm>

namespace ssmpf::engine {

const Registry& Registry::builtin() noexcept {
  static const Registry registry(data::builtin_rules());
  return registry;
}

const RuleMeta* Registry::find(std::string_view id_or_name) const noexcept {
  const auto it =
      std::lower_bound(m_rules.begin(), m_rules.end(), id_or_name,
                       [](const RuleMeta& r, std::string_view id) { return r.id < id; });
  if (it != m_rules.end() && it->id == id_or_name) {
    return &*it;
  }
  for (const RuleMeta& r : m_rules) {
    if (r.name == id_or_name ||
        std::find(r.aliases.begin(), r.aliases.end(), id_or_name) != r.aliases.end()) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace ssmpf::engine

namespace ssmpf::data {

std::string_view embedded_file(std::string_view repository_path) noexcept {
  for (const engine::EmbeddedFile& f : embedded_files()) {
    if (f.path == repository_path) {
      return f.content;
    }
  }
  return {};
}

}  // namespace ssmpf::data
