// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <span>

#include "engine/rule_doc.hpp"
#include "report/fingerprint.hpp"
#include "report/reporters.hpp"

namespace ssmpf::report {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view k_schema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr std::string_view k_base_id = "%SRCROOT%";

Json message(std::string_view text) {
  return Json{{"text", text}};
}

Json region(const SourceManager& sources, const SourceRange& range) {
  const SourceFile& file = sources.file(range.file);
  const Position start = file.position(range.begin);
  const Position end = file.position(std::max(range.begin, range.end));
  return Json{{"startLine", start.line},
              {"startColumn", start.column},
              {"endLine", end.line},
              {"endColumn", end.column}};
}

Json artifact_location(const RunResult& run, FileId id) {
  const SourceFile& file = run.sources->file(id);
  const std::string uri = artifact_uri(file.absolute_path(), run.uri_root);
  Json artifact{{"uri", uri}};
  // A file outside the root gets an absolute URI, which must not name a base.
  if (uri.rfind("file://", 0) != 0) {
    artifact["uriBaseId"] = k_base_id;
  }
  return artifact;
}

Json physical(const RunResult& run, const SourceRange& range) {
  return Json{{"artifactLocation", artifact_location(run, range.file)},
              {"region", region(*run.sources, range)}};
}

// SARIF fixes: one artifactChange per file, replacements in file order.
Json fixes(const RunResult& run, const std::vector<Fix>& list) {
  Json out = Json::array();
  for (const Fix& fix : list) {
    std::map<std::uint32_t, std::vector<const TextEdit*>> by_file;
    for (const TextEdit& e : fix.edits) {
      by_file[e.range.file.index].push_back(&e);
    }
    Json changes = Json::array();
    for (auto& [file, edits] : by_file) {
      std::sort(edits.begin(), edits.end(), [](const TextEdit* a, const TextEdit* b) {
        return a->range.begin < b->range.begin;
      });
      Json replacements = Json::array();
      for (const TextEdit* e : edits) {
        replacements.push_back(Json{{"deletedRegion", region(*run.sources, e->range)},
                                    {"insertedContent", {{"text", e->replacement}}}});
      }
      changes.push_back(Json{{"artifactLocation", artifact_location(run, FileId{file})},
                             {"replacements", replacements}});
    }
    out.push_back(Json{{"description", message(fix.description)}, {"artifactChanges", changes}});
  }
  return out;
}

std::string_view problem_severity(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "recommendation";
  }
  return "warning";
}

Json rule_descriptor(const RunResult& run, const engine::RuleMeta& rule) {
  Json tags = Json::array();
  tags.push_back(rule.category);
  for (const std::string_view t : rule.tags) {
    tags.push_back(t);
  }
  std::string full(rule.rationale);
  while (!full.empty() && (full.back() == '\n' || full.back() == ' ')) {
    full.pop_back();
  }
  if (full.size() > 1000) {
    full = full.substr(0, 997) + "...";
  }
  Json d{
      {"id", rule.id},
      {"name", rule.name},
      {"shortDescription", message(rule.summary)},
      {"fullDescription", message(full)},
      {"help", {{"text", engine::render_text(rule)}, {"markdown", engine::render_markdown(rule)}}},
      {"defaultConfiguration", {{"level", to_string(rule.severity)}}},
      {"properties",
       {{"tags", tags},
        {"precision", "very-high"},
        {"problem.severity", problem_severity(rule.severity)}}}};
  if (!run.docs_base_url.empty()) {
    d["helpUri"] = run.docs_base_url + "/" + std::string(rule.id) + ".md";
  }
  if (!rule.aliases.empty()) {
    Json names = Json::array();
    for (const std::string_view a : rule.aliases) {
      names.push_back(a);
    }
    d["deprecatedNames"] = names;
  }
  return d;
}

}  // namespace

void write_sarif(const RunResult& run, std::ostream& out) {
  Json rules = Json::array();
  std::map<std::string_view, std::size_t> rule_index;
  for (const engine::RuleMeta& rule : run.registry->rules()) {
    rule_index[rule.id] = rules.size();
    rules.push_back(rule_descriptor(run, rule));
  }

  Json results = Json::array();
  for (const Diagnostic& d : run.diagnostics) {
    Json result{{"ruleId", d.rule_id},
                {"ruleIndex", rule_index.at(d.rule_id)},
                {"level", to_string(d.severity)},
                {"message", message(d.message)},
                {"locations", Json::array({Json{{"physicalLocation", physical(run, d.range)}}})}};
    if (!d.related.empty()) {
      Json related = Json::array();
      int id = 1;
      // GitHub code scanning rejects a result with more than 1,000 locations.
      constexpr std::size_t k_max_related = 1000;
      const std::span<const Related> kept(d.related.data(),
                                          std::min(d.related.size(), k_max_related));
      for (const Related& r : kept) {
        related.push_back(Json{{"id", id++},
                               {"physicalLocation", physical(run, r.range)},
                               {"message", message(r.message)}});
      }
      result["relatedLocations"] = related;
    }
    if (!d.flow.empty()) {
      Json steps = Json::array();
      for (const FlowStep& s : d.flow) {
        steps.push_back(Json{
            {"location",
             {{"physicalLocation", physical(run, s.range)}, {"message", message(s.message)}}}});
      }
      result["codeFlows"] =
          Json::array({Json{{"threadFlows", Json::array({Json{{"locations", steps}}})}}});
    }
    if (!d.fingerprint.empty()) {
      result["partialFingerprints"] = Json{{k_fingerprint_key, d.fingerprint}};
    }
    if (!d.fixes.empty()) {
      result["fixes"] = fixes(run, d.fixes);
    }
    if (d.suppression) {
      result["suppressions"] = Json::array(
          {Json{{"kind", "inSource"},
                {"status", "accepted"},
                {"justification", d.suppression->justification},
                {"location", {{"physicalLocation", physical(run, d.suppression->at)}}}}});
    }
    results.push_back(std::move(result));
  }

  Json notifications = Json::array();
  for (const Notification& n : run.notifications) {
    Json note{{"level", to_string(n.level)}, {"message", message(n.message)}};
    notifications.push_back(std::move(note));
  }

  Json driver{{"name", "ssm-preflight"},
              {"version", run.tool_version},
              {"semanticVersion", run.tool_version},
              {"informationUri", run.information_uri},
              {"rules", rules}};
  Json invocation{{"executionSuccessful", run.execution_successful}};
  if (!notifications.empty()) {
    invocation["toolExecutionNotifications"] = notifications;
  }
  Json sarif{
      {"$schema", k_schema},
      {"version", "2.1.0"},
      {"runs",
       Json::array({Json{
           {"tool", {{"driver", driver}}},
           {"invocations", Json::array({invocation})},
           {"originalUriBaseIds",
            {{k_base_id,
              {{"description", message("The folder that artifact URIs are relative to (the "
                                       "repository root, or the working folder outside one).")}}}}},
           {"columnKind", "utf16CodeUnits"},
           {"automationDetails", {{"id", run.automation_id}}},
           {"results", results}}})}};
  out << sarif.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace ssmpf::report
