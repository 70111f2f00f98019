// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "load/limits.hpp"
#include "model/parameter_set.hpp"
#include "paramset/inputs.hpp"
#include "paramset/kinds.hpp"
#include "schema/validator.hpp"

namespace ssmpf::paramset {

struct FrontEndContext {
  const SourceManager& sources;
  const KindTable& kinds;
  const schema::SchemaSet& schemas;  // per-type schemas named as in schemas/parameter-set/
  const load::Limits& limits;
};

// The schema document that describes a resource type ("AWS::EC2::VPC" ->
// "AWS-EC2-VPC.schema.json").
[[nodiscard]] std::string schema_name(std::string_view type);

// "security_group_ingress/0/from_port" -> "security_group_ingress[0].from_port".
[[nodiscard]] std::string dotted_path(std::string_view slash_path);

// Merges the files of a parameter set the way the consumer does (shallow, top-level, the
// later file wins), maps groups to resource types, resolves `{{...}}` references and checks
// every resource against its type's schema. Reports LD002, LD004, PS001-PS008 and LD005.
[[nodiscard]] model::ParameterSet build(const InputSet& input, const FrontEndContext& context,
                                        Diagnostics& out);

}  // namespace ssmpf::paramset
