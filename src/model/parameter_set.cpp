// SPDX-License-Identifier: Apache-2.0
#include "model/parameter_set.hpp"

namespace ssmpf::model {

std::optional<std::uint32_t> ParameterSet::find_resource(std::string_view path) const {
  const auto it = m_by_path.find(path);
  if (it == m_by_path.end()) {
    return std::nullopt;
  }
  return it->second;
}

const ResolvedString* ParameterSet::resolved(const NodeRef& node) const {
  return m_resolved.find(node);
}

std::optional<std::string> ParameterSet::known_string(const NodeRef& node) const {
  if (!node.is_string()) {
    return std::nullopt;
  }
  if (const ResolvedString* r = resolved(node)) {
    return r->known() ? std::optional<std::string>(r->text) : std::nullopt;
  }
  return std::string(node.scalar());
}

std::uint32_t ParameterSet::add_resource(Resource resource) {
  const auto index = static_cast<std::uint32_t>(m_resources.size());
  m_by_path.emplace(resource.path, index);
  m_resources.push_back(std::move(resource));
  return index;
}

const ResolvedString& ParameterSet::set_resolved(const NodeRef& node, ResolvedString value) {
  ResolvedString& slot = *m_resolved.try_emplace(node).first;
  slot = std::move(value);
  return slot;
}

}  // namespace ssmpf::model
