// SPDX-License-Identifier: Apache-2.0
// The native rules, one line each, sorted by id. Metadata and docs: rules/<family>/<ID>.yaml.
// SSM099 has no implementation of its own: every rule reports what it cannot verify to it.
#include <array>

#include "rules/rule.hpp"
#include "rules/ssm/ssm_rules.hpp"

namespace ssmpf::rules {

namespace {

constexpr std::array k_native_rules{
    NativeRule{"SSM001", &ssm::make_no_route_to_ssm_service, true},
    NativeRule{"SSM002", &ssm::make_ec2messages_endpoint_optional},
    NativeRule{"SSM003", &ssm::make_endpoint_type_not_interface},
    NativeRule{"SSM004", &ssm::make_endpoint_service_name_mismatch},
    NativeRule{"SSM005", &ssm::make_endpoint_private_dns_disabled},
    NativeRule{"SSM006", &ssm::make_vpc_dns_attributes_disabled},
    NativeRule{"SSM007", &ssm::make_duplicate_private_dns_endpoint},
    NativeRule{"SSM008", &ssm::make_endpoint_subnets_share_az},
    NativeRule{"SSM009", &ssm::make_endpoint_sg_blocks_https, true},
    NativeRule{"SSM010", &ssm::make_endpoint_uses_default_sg, true},
    NativeRule{"SSM011", &ssm::make_instance_egress_blocks_https, true},
    NativeRule{"SSM012", &ssm::make_egress_default_ambiguous},
    NativeRule{"SSM013", &ssm::make_instance_profile_missing},
    NativeRule{"SSM014", &ssm::make_role_lacks_session_permissions, true},
    NativeRule{"SSM015", &ssm::make_role_trust_excludes_ec2, true},
    NativeRule{"SSM016", &ssm::make_instance_profile_broken, true},
    NativeRule{"SSM017", &ssm::make_deprecated_ssm_policy},
    NativeRule{"SSM020", &ssm::make_no_endpoint_in_instance_az, true},
    NativeRule{"SSM025", &ssm::make_endpoint_ingress_too_broad, true},
};

}  // namespace

std::span<const NativeRule> native_rules() noexcept {
  return k_native_rules;
}

}  // namespace ssmpf::rules
