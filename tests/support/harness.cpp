// SPDX-License-Identifier: Apache-2.0
#include "support/harness.hpp"

#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "app/run.hpp"
#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "load/yaml_loader.hpp"
#include "schema/validator.hpp"

namespace ssmpf::test {

namespace fs = std::filesystem;

const fs::path& source_dir() {
  static const fs::path dir = [] {
    const fs::path d(SSMPF_SOURCE_DIR);
    fs::current_path(d);  // fixtures are addressed relative to the repository root
    return d;
  }();
  return dir;
}

fs::path scratch_dir(const std::string& name) {
  static std::mutex mutex;
  static std::set<std::string> cleaned;
  const std::lock_guard lock(mutex);
  const fs::path dir = fs::path(SSMPF_BINARY_DIR) / "test-scratch" / name;
  if (cleaned.insert(name).second) {
    fs::remove_all(dir);
  }
  fs::create_directories(dir);
  return dir;
}

fs::path sarif_out_dir() {
  const fs::path dir = fs::path(SSMPF_BINARY_DIR) / "sarif-out";
  fs::create_directories(dir);
  return dir;
}

CliResult run_cli(const std::vector<std::string>& args, bool terminal, bool no_color) {
  (void)source_dir();
  std::ostringstream out;
  std::ostringstream err;
  app::Environment env;
  env.cwd = fs::current_path().generic_string();
  env.stdout_is_terminal = terminal;
  env.no_color = no_color;
  const app::ExitCode code = app::run(args, out, err, env);
  return CliResult{static_cast<int>(code), out.str(), err.str()};
}

std::vector<Finding> parse_sarif(const std::string& sarif) {
  const nlohmann::json doc = nlohmann::json::parse(sarif);
  std::vector<Finding> out;
  for (const auto& result : doc.at("runs").at(0).at("results")) {
    if (result.contains("suppressions") && !result.at("suppressions").empty()) {
      continue;  // suppressed in the source: not a finding
    }
    Finding f;
    f.rule = result.at("ruleId").get<std::string>();
    f.level = result.at("level").get<std::string>();
    const auto& loc = result.at("locations").at(0).at("physicalLocation");
    f.uri = loc.at("artifactLocation").at("uri").get<std::string>();
    const auto& region = loc.at("region");
    f.line = region.at("startLine").get<int>();
    f.column = region.at("startColumn").get<int>();
    f.end_line = region.at("endLine").get<int>();
    f.end_column = region.at("endColumn").get<int>();
    f.message = result.at("message").at("text").get<std::string>();
    auto place = [](const nlohmann::json& location) {
      Finding::Place p;
      const auto& physical = location.at("physicalLocation");
      p.uri = physical.at("artifactLocation").at("uri").get<std::string>();
      p.line = physical.at("region").at("startLine").get<int>();
      if (location.contains("message")) {
        p.message = location.at("message").at("text").get<std::string>();
      }
      return p;
    };
    if (result.contains("relatedLocations")) {
      for (const auto& r : result.at("relatedLocations")) {
        f.related.push_back(place(r));
      }
    }
    if (result.contains("codeFlows")) {
      for (const auto& step :
           result.at("codeFlows").at(0).at("threadFlows").at(0).at("locations")) {
        f.flow.push_back(place(step.at("location")));
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::string> sarif_schema_problems(const std::string& sarif) {
  static const std::string schema_text =
      read_text(source_dir() / "tests/fixtures/sarif/sarif-schema-2.1.0.json");
  static schema::SchemaSet schemas = [] {
    schema::SchemaSet s;
    s.add("sarif-schema-2.1.0.json", schema_text);
    return s;
  }();
  SourceManager sources;
  Diagnostics diags;
  const FileId id = sources.add("out.sarif", "/out.sarif", sarif);
  const load::ParsedDocument parsed =
      load::parse_yaml(sources.file(id), id, model::Schema::json, load::Limits{}, diags);
  std::vector<std::string> problems;
  for (const Diagnostic& d : diags.items()) {
    problems.push_back("parse: " + d.message);
  }
  if (!problems.empty()) {
    return problems;
  }
  const auto errors =
      schemas.validate("sarif-schema-2.1.0.json", parsed.document.root(), schema::ValueView());
  if (!errors.ok()) {
    return {"schema: " + errors.error().message};
  }
  for (const schema::ValidationError& e : errors.value()) {
    problems.push_back("/" + e.path + ": " + e.message);
  }
  // What the schema cannot say but the specification and GitHub require: an absolute URI names
  // no base (SARIF1004), and every region has all four of its fields.
  const nlohmann::json doc = nlohmann::json::parse(sarif);
  std::function<void(const nlohmann::json&, const std::string&)> walk =
      [&](const nlohmann::json& node, const std::string& where) {
        if (node.is_object()) {
          if (node.contains("artifactLocation")) {
            const auto& a = node.at("artifactLocation");
            const std::string uri = a.value("uri", "");
            if (uri.rfind("file:", 0) == 0 && a.contains("uriBaseId")) {
              problems.push_back(where + ": absolute URI " + uri + " with a uriBaseId");
            }
          }
          if (node.contains("region")) {
            for (const char* field : {"startLine", "startColumn", "endLine", "endColumn"}) {
              if (!node.at("region").contains(field)) {
                problems.push_back(where + ": region without " + field);
              }
            }
          }
          for (const auto& [key, child] : node.items()) {
            walk(child, where + "/" + key);
          }
        } else if (node.is_array()) {
          for (std::size_t i = 0; i < node.size(); ++i) {
            walk(node[i], where + "/" + std::to_string(i));
          }
        }
      };
  walk(doc, "");
  return problems;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path.string());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

}  // namespace ssmpf::test
