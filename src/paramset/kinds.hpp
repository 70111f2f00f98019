// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "model/node.hpp"

namespace ssmpf::paramset {

// What the stack code does with one resource type (see rules/kinds.yaml).
struct Kind {
  std::string type;                             // AWS::EC2::SecurityGroup
  std::vector<std::string> groups;              // group names that hold it
  std::vector<std::string> runtime_attributes;  // written back once the construct exists
  std::vector<std::string> signature;           // properties that identify it in unnamed groups
};

// The group -> resource type table: the built-in rules/kinds.yaml plus the user's additions.
class KindTable {
 public:
  // Reads a kinds document (the format of rules/kinds.yaml). Entries for a type that is
  // already known add groups and runtime attributes and replace the signature when given.
  // Problems are reported as PS007 at their location.
  void merge(const model::NodeRef& root, Diagnostics& out);

  // Makes `group` hold `type` (moving it from another type; adding the type when new).
  void add_group(const std::string& group, const std::string& type);

  [[nodiscard]] const Kind* by_group(std::string_view group) const noexcept;
  [[nodiscard]] const Kind* by_type(std::string_view type) const noexcept;
  [[nodiscard]] const std::vector<Kind>& kinds() const noexcept { return m_kinds; }
  [[nodiscard]] static bool is_runtime_attribute(const Kind& kind, std::string_view name) noexcept;

 private:
  std::vector<Kind> m_kinds;
};

}  // namespace ssmpf::paramset
