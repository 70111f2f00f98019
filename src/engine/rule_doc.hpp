// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "engine/registry.hpp"

namespace ssmpf::engine {

// A rule's documentation as plain text (`explain`, SARIF help.text).
[[nodiscard]] std::string render_text(const RuleMeta& rule);
// The same as Markdown (SARIF help.markdown, docs/rules/<ID>.md).
[[nodiscard]] std::string render_markdown(const RuleMeta& rule);
// The rules table of the README (Markdown), generated from the registry.
[[nodiscard]] std::string rules_table_markdown(const Registry& registry);
// The rules table for a terminal (`ssm-preflight rules`).
[[nodiscard]] std::string rules_table_text(const Registry& registry);

}  // namespace ssmpf::engine
