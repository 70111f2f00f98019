// SPDX-License-Identifier: Apache-2.0
#include "rules/ssm/iam_common.hpp"

namespace ssmpf::rules::ssm {

std::vector<RoleUse> roles_in_use(const facts::Facts& facts) {
  Grouped<Index, RoleUse> uses;
  for (const facts::Instance& instance : facts.instances) {
    const facts::InstanceProfile* profile = facts.profile(instance.profile.resource);
    if (profile == nullptr || profile->roles.size() != 1) {
      continue;
    }
    const facts::Role* role = facts.role(profile->roles.front().resource);
    if (role == nullptr) {
      continue;
    }
    RoleUse& use = uses.at(role->resource);
    use.role = role;
    use.profile = use.profile != nullptr ? use.profile : profile;
    use.instances.push_back(instance.resource);  // each instance is visited once
  }
  std::vector<RoleUse> out;
  for (auto& [key, use] : uses.take()) {
    out.push_back(std::move(use));
  }
  return out;
}

}  // namespace ssmpf::rules::ssm
