// SPDX-License-Identifier: Apache-2.0
// The instance -> instance profile -> role chain, shared by the IAM rules.
#pragma once

#include <vector>

#include "rules/ssm/common.hpp"

namespace ssmpf::rules::ssm {

struct RoleUse {
  const facts::Role* role = nullptr;
  const facts::InstanceProfile* profile = nullptr;
  std::vector<Index> instances;  // in document order; each instance uses one profile
};

// The roles behind the instances' profiles, each with the instances that use it. Chains that do
// not resolve are left to SSM016 and SSM099.
[[nodiscard]] std::vector<RoleUse> roles_in_use(const facts::Facts& facts);

}  // namespace ssmpf::rules::ssm
