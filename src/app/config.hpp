// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "engine/registry.hpp"
#include "load/limits.hpp"

namespace ssmpf::app {

// The name looked for in the working folder and each folder above it.
inline constexpr std::string_view k_config_name = ".ssm-preflight.yaml";

// A project's settings (.ssm-preflight.yaml; schemas/config.schema.json). Command-line
// options override them.
struct Config {
  std::string path;  // the file read; empty when there is none
  std::optional<std::vector<std::string>> select;
  std::vector<std::string> ignore;
  std::vector<std::pair<std::string, std::optional<Severity>>> severities;  // nullopt = off
  std::optional<std::string> fail_level;
  std::optional<std::string> agent_version;
  std::optional<bool> dhmc;
  std::optional<std::string> region;
  std::vector<std::pair<std::string, std::string>> groups;  // group -> resource type
  std::vector<std::string> exclude;
  std::map<std::string, std::string> parameters;
};

// The nearest .ssm-preflight.yaml in `folder` or a folder above it, if any.
[[nodiscard]] std::optional<std::string> find_config(const std::string& folder);

// Reads and validates a configuration file. Every problem is printed to `err` as
// "FILE:LINE:COLUMN: error: MESSAGE" and the result is nullopt (the run exits 2).
[[nodiscard]] std::optional<Config> load_config(const std::string& path,
                                                const engine::Registry& registry,
                                                const load::Limits& limits, std::ostream& err);

}  // namespace ssmpf::app
