// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "facts/facts.hpp"
#include "model/scope.hpp"

namespace ssmpf::engine {
class RuleSet;
}

namespace ssmpf::rules {

// What a rule reads: the scope and its facts, both frozen.
struct Context {
  const model::Scope& scope;
  const facts::Facts& facts;
  // The texts of the input files, for fixes that follow a file's layout; without them rules
  // attach no fixes.
  const SourceManager* sources = nullptr;
  // Threads the rules may run on (0: one per core) when the scope may be read concurrently.
  unsigned jobs = 1;
};

// Where a rule reports. The engine stamps the rule's id and the severity in effect.
class Sink {
 public:
  Sink(Diagnostics& out, std::string_view id) : m_out(out), m_id(id) {}

  // `fixes`: certain repairs only (see Fix); they become SARIF fixes and what --fix applies.
  void report(SourceRange at, std::string message, std::vector<Related> related = {},
              std::vector<FlowStep> flow = {}, std::vector<Fix> fixes = {});
  // A partial failure: reported one severity level below the rule's (error -> warning).
  void report_demoted(SourceRange at, std::string message, std::vector<Related> related = {},
                      std::vector<FlowStep> flow = {}, std::vector<Fix> fixes = {});
  // A prerequisite of this rule depends on a value the inputs do not determine: reported as
  // SSM099, "cannot verify <prerequisite>: <why>", merged with other rules' reports of the
  // same value.
  void unverifiable(SourceRange at, std::string prerequisite, std::string why);

  struct Unverified {
    SourceRange at;
    std::string prerequisite;
    std::string why;
  };
  [[nodiscard]] std::vector<Unverified>& unverified() noexcept { return m_unverified; }

 private:
  Diagnostics& m_out;
  std::string_view m_id;
  std::vector<Unverified> m_unverified;
};

// A native rule: const, stateless, only reads and reports.
class Rule {
 public:
  Rule() = default;
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;
  Rule(Rule&&) = delete;
  Rule& operator=(Rule&&) = delete;
  virtual ~Rule() = default;
  virtual void check(const Context& context, Sink& sink) const = 0;
};

struct NativeRule {
  std::string_view id;
  std::unique_ptr<const Rule> (*make)();
  // Checks every instance (against its endpoints, groups or role): the costly rules on a large
  // set, started first when rules run side by side so that none is left to run alone at the end.
  bool per_instance = false;
};

// Every native rule, sorted by id (src/rules/builtin.cpp: one line per rule).
[[nodiscard]] std::span<const NativeRule> native_rules() noexcept;

// Runs the enabled native rules over one scope.
void run(const Context& context, const engine::RuleSet& enabled, Diagnostics& out);

}  // namespace ssmpf::rules
