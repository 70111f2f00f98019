// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source.hpp"
#include "model/node.hpp"
#include "model/scope.hpp"

namespace ssmpf::facts {

// IAM action matching: case-insensitive, `*` and `?` wildcards ("ssm:Update*", "*").
[[nodiscard]] bool action_matches(std::string_view pattern, std::string_view action) noexcept;

// One statement of a policy, reduced to what action evaluation needs.
struct Statement {
  bool allow = true;
  bool not_action = false;           // NotAction: every action except the patterns
  std::vector<std::string> actions;  // patterns
  bool conditional = false;          // has a Condition: it may not apply
  bool all_resources = true;         // Resource "*": it applies to whatever the action touches
  bool actions_known = true;         // false when Effect or Action could not be read
  std::string why_unknown;           // why, when actions_known is false
  SourceRange at;                    // the statement (or the policy that holds it)
  std::string source;                // "inline policy 'x'", "AmazonSSMManagedInstanceCore"...
  [[nodiscard]] bool matches(std::string_view action) const noexcept;
  // Conditions or a narrower Resource: whether it applies is not certain.
  [[nodiscard]] bool uncertain() const noexcept { return conditional || !all_resources; }
};

// The statement nodes of a policy document (Statement as one mapping or a list); nullopt when
// the document has no readable Statement.
[[nodiscard]] std::optional<std::vector<model::NodeRef>> statement_nodes(
    const model::NodeRef& document);

// Reads the statements of an IAM policy document node ({Version, Statement}). Strings are
// evaluated through `scope` (references substituted) when given. Problems (unreadable
// statements) are returned as statements with actions_known = false and a reason.
[[nodiscard]] std::vector<Statement> read_policy_document(const model::NodeRef& document,
                                                          const std::string& source,
                                                          const model::Scope* scope = nullptr);

// A managed policy known by name (rules/managed-policies.yaml).
struct ManagedPolicy {
  std::string name;
  std::string path;
  bool complete = true;
  std::string deprecated;  // reason, when deprecated
  std::vector<Statement> statements;
};

class ManagedPolicyTable {
 public:
  // Reads rules/managed-policies.yaml (compiled into the binary).
  [[nodiscard]] static const ManagedPolicyTable& builtin();
  // The policy an ARN names: arn:<any partition>:iam::aws:policy<path><name>, where the
  // partition may be any text (a ${AWS::Partition} placeholder).
  [[nodiscard]] const ManagedPolicy* find_arn(std::string_view arn) const noexcept;
  [[nodiscard]] const std::vector<ManagedPolicy>& policies() const noexcept { return m_policies; }

 private:
  std::vector<ManagedPolicy> m_policies;
};

// The parts of an AWS managed policy ARN: arn:<partition>:iam::aws:policy<path><name>.
struct AwsManagedArn {
  std::string partition;
  std::string path;  // "/", "/service-role/"
  std::string name;
};
[[nodiscard]] std::optional<AwsManagedArn> parse_aws_managed_arn(std::string_view arn);

// What a set of policies does with one action.
enum class Grant : std::uint8_t {
  allowed,      // an unconditional Allow matches and no Deny does
  denied,       // an unconditional explicit Deny matches
  not_granted,  // nothing allows it, and every policy is known
  unknown,      // it depends on what cannot be seen (unknown policies, conditions)
};

struct Evaluation {
  Grant grant = Grant::not_granted;
  const Statement* decided_by = nullptr;  // the Allow or Deny that decided, if any
  const Statement* uncertain = nullptr;   // unknown: the statement that makes it so, if any
};

// Evaluates `action` against statements; `complete` is false when some policy behind them is
// unknown or only partly listed.
[[nodiscard]] Evaluation evaluate(const std::vector<Statement>& statements, bool complete,
                                  std::string_view action);

}  // namespace ssmpf::facts
