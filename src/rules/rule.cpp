// SPDX-License-Identifier: Apache-2.0
#include "rules/rule.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "engine/selection.hpp"

namespace ssmpf::rules {

namespace {

Diagnostic make(std::string_view id, SourceRange at, std::string message,
                std::vector<Related> related, std::vector<FlowStep> flow, std::vector<Fix> fixes,
                bool demoted) {
  Diagnostic d;
  d.rule_id = std::string(id);
  d.message = std::move(message);
  d.range = at;
  d.related = std::move(related);
  d.flow = std::move(flow);
  d.fixes = std::move(fixes);
  d.demoted = demoted;
  return d;
}

}  // namespace

void Sink::report(SourceRange at, std::string message, std::vector<Related> related,
                  std::vector<FlowStep> flow, std::vector<Fix> fixes) {
  m_out.add(make(m_id, at, std::move(message), std::move(related), std::move(flow),
                 std::move(fixes), false));
}

void Sink::report_demoted(SourceRange at, std::string message, std::vector<Related> related,
                          std::vector<FlowStep> flow, std::vector<Fix> fixes) {
  m_out.add(make(m_id, at, std::move(message), std::move(related), std::move(flow),
                 std::move(fixes), true));
}

void Sink::unverifiable(SourceRange at, std::string prerequisite, std::string why) {
  m_unverified.push_back(Unverified{at, std::move(prerequisite), std::move(why)});
}

void run(const Context& context, const engine::RuleSet& enabled, Diagnostics& out) {
  std::vector<const NativeRule*> selected;
  for (const NativeRule& native : native_rules()) {
    if (enabled.enabled(native.id)) {
      selected.push_back(&native);
    }
  }
  // The costly rules are handed out first; reports are still taken in id order below.
  std::vector<std::size_t> start_order(selected.size());
  std::iota(start_order.begin(), start_order.end(), std::size_t{0});
  std::stable_partition(start_order.begin(), start_order.end(),
                        [&](std::size_t i) { return selected[i]->per_instance; });
  // Rules only read the scope and its facts: they run side by side when the scope allows it,
  // each into its own sink, and their reports are taken in rule order, as one thread would.
  struct Outcome {
    Diagnostics reports;
    std::vector<Sink::Unverified> unverified;
  };
  std::vector<Outcome> outcomes(selected.size());
  parallel_for(selected.size(), context.scope.concurrent_reads() ? context.jobs : 1,
               [&](std::size_t n) {
                 const std::size_t i = start_order[n];
                 const std::unique_ptr<const Rule> rule = selected[i]->make();
                 Sink sink(outcomes[i].reports, selected[i]->id);
                 rule->check(context, sink);
                 outcomes[i].unverified = std::move(sink.unverified());
               });
  // SSM099 collects what the rules that run could not verify.
  const bool collect_unverified = enabled.enabled("SSM099");
  // (value location, why) -> prerequisites, in first-seen order.
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::string>,
           std::vector<std::string>>
      unverified;
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::string>> order;
  for (Outcome& outcome : outcomes) {
    out.append(outcome.reports.take());
    if (!collect_unverified) {
      continue;
    }
    for (Sink::Unverified& u : outcome.unverified) {
      auto key = std::make_tuple(u.at.file.index, u.at.begin, u.at.end, u.why);
      auto [it, inserted] = unverified.try_emplace(key);
      if (inserted) {
        order.push_back(key);
      }
      if (std::find(it->second.begin(), it->second.end(), u.prerequisite) == it->second.end()) {
        it->second.push_back(std::move(u.prerequisite));
      }
    }
  }
  for (const auto& key : order) {
    const auto& prerequisites = unverified.at(key);
    const SourceRange at{FileId{std::get<0>(key)}, std::get<1>(key), std::get<2>(key)};
    out.report("SSM099", at,
               "cannot verify " + join_words(prerequisites, "or") + ": " + std::get<3>(key));
  }
}

}  // namespace ssmpf::rules
