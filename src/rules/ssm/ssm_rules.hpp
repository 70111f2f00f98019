// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "rules/rule.hpp"

namespace ssmpf::rules::ssm {

// One factory per native rule; registered in src/rules/builtin.cpp.
std::unique_ptr<const Rule> make_no_route_to_ssm_service();         // SSM001
std::unique_ptr<const Rule> make_ec2messages_endpoint_optional();   // SSM002
std::unique_ptr<const Rule> make_endpoint_type_not_interface();     // SSM003
std::unique_ptr<const Rule> make_endpoint_service_name_mismatch();  // SSM004
std::unique_ptr<const Rule> make_endpoint_private_dns_disabled();   // SSM005
std::unique_ptr<const Rule> make_vpc_dns_attributes_disabled();     // SSM006
std::unique_ptr<const Rule> make_duplicate_private_dns_endpoint();  // SSM007
std::unique_ptr<const Rule> make_endpoint_subnets_share_az();       // SSM008
std::unique_ptr<const Rule> make_endpoint_sg_blocks_https();        // SSM009
std::unique_ptr<const Rule> make_endpoint_uses_default_sg();        // SSM010
std::unique_ptr<const Rule> make_instance_egress_blocks_https();    // SSM011
std::unique_ptr<const Rule> make_egress_default_ambiguous();        // SSM012
std::unique_ptr<const Rule> make_instance_profile_missing();        // SSM013
std::unique_ptr<const Rule> make_role_lacks_session_permissions();  // SSM014
std::unique_ptr<const Rule> make_role_trust_excludes_ec2();         // SSM015
std::unique_ptr<const Rule> make_instance_profile_broken();         // SSM016
std::unique_ptr<const Rule> make_deprecated_ssm_policy();           // SSM017
std::unique_ptr<const Rule> make_no_endpoint_in_instance_az();      // SSM020
std::unique_ptr<const Rule> make_endpoint_ingress_too_broad();      // SSM025

}  // namespace ssmpf::rules::ssm
