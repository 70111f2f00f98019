// SPDX-License-Identifier: Apache-2.0
#include "app/config.hpp"

#include <filesystem>

#include "engine/rule_meta.hpp"
#include "engine/selection.hpp"
#include "load/reader.hpp"
#include "load/yaml_loader.hpp"
#include "model/scalar.hpp"
#include "schema/validator.hpp"

namespace ssmpf::app {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_schema_path = "schemas/config.schema.json";

class Reporter {
 public:
  Reporter(const SourceFile& file, std::ostream& err) : m_file(file), m_err(err) {}

  void at(SourceRange range, std::string_view message) {
    const Position p = m_file.position(range.begin);
    m_err << m_file.path() << ':' << p.line << ':' << p.column << ": error: " << message << '\n';
    ++m_count;
  }
  [[nodiscard]] std::size_t count() const noexcept { return m_count; }

 private:
  const SourceFile& m_file;
  std::ostream& m_err;
  std::size_t m_count = 0;
};

std::vector<std::string> strings(const model::NodeRef& list) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    out.emplace_back(list.item(i).scalar());
  }
  return out;
}

// The selectors of `list` that name no rule are reported at their item.
void check_selectors(const model::NodeRef& list, std::string_view key,
                     const engine::Registry& registry, Reporter& report) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const model::NodeRef item = list.item(i);
    if (auto problem = selector_problem(registry, item.scalar())) {
      report.at(item.range(), std::string(key) + ": " + *problem);
    }
  }
}

}  // namespace

std::optional<std::string> find_config(const std::string& folder) {
  std::error_code ec;
  fs::path p = fs::path(folder).lexically_normal();
  std::string up;  // the same folder, relative to `folder`
  while (true) {
    if (fs::is_regular_file(p / k_config_name, ec)) {
      return up + std::string(k_config_name);
    }
    up += "../";
    if (!p.has_parent_path() || p.parent_path() == p) {
      return std::nullopt;
    }
    p = p.parent_path();
  }
}

std::optional<Config> load_config(const std::string& path, const engine::Registry& registry,
                                  const load::Limits& limits, std::ostream& err) {
  load::ReadOutcome read = load::read_file(path, limits);
  if (read.status != load::ReadStatus::ok) {
    err << "ssm-preflight: error: cannot read configuration '" << path << "': "
        << (read.status == load::ReadStatus::not_found ? std::string("no such file") : read.detail)
        << '\n';
    return std::nullopt;
  }
  SourceManager sources;
  const FileId id = sources.add(path, fs::absolute(path).lexically_normal().generic_string(),
                                std::move(read.text));
  const SourceFile& file = sources.file(id);
  Reporter report(file, err);
  if (const auto problem = load::check_text(file.text())) {
    report.at(SourceRange{id, problem->offset, problem->offset},
              "a configuration file must be UTF-8 text");
    return std::nullopt;
  }
  // YAML 1.2 scalars: `off` and `yes` are strings, as the schema expects.
  Diagnostics parse_problems;
  const load::ParsedDocument parsed =
      load::parse_yaml(file, id, model::Schema::json, limits, parse_problems);
  for (const Diagnostic& d : parse_problems.items()) {
    report.at(d.range, d.message);
  }
  for (const load::DuplicateKey& dup : parsed.duplicates) {
    const model::NodeRef key(&parsed.document, dup.key);
    report.at(key.range(), "'" + std::string(key.scalar()) + "' is set twice in one mapping");
  }
  if (parsed.failed || report.count() > 0) {
    return std::nullopt;
  }
  Config config;
  config.path = path;
  const model::NodeRef root = parsed.document.root();
  if (!root.valid() || root.is_null()) {
    return config;  // an empty file: every default
  }
  schema::SchemaSet schemas;
  schemas.add(std::string(k_schema_path), std::string(data::embedded_file(k_schema_path)));
  const auto errors = schemas.validate(k_schema_path, root, schema::ValueView{});
  if (!errors.ok()) {
    err << "ssm-preflight: error: internal: " << errors.error().message << '\n';
    return std::nullopt;
  }
  for (const schema::ValidationError& e : errors.value()) {
    const bool self_explained = e.path.empty() || e.kind == schema::ErrorKind::unknown_property;
    const std::string message = self_explained ? e.message : e.path + ": " + e.message;
    report.at(e.node.valid() ? e.node.range() : root.range(), message);
  }
  if (report.count() > 0) {
    return std::nullopt;
  }

  if (const model::NodeRef n = root.get("select"); n.valid()) {
    check_selectors(n, "select", registry, report);
    config.select = strings(n);
  }
  if (const model::NodeRef n = root.get("ignore"); n.valid()) {
    check_selectors(n, "ignore", registry, report);
    config.ignore = strings(n);
  }
  if (const model::NodeRef n = root.get("severity"); n.valid()) {
    for (std::size_t i = 0; i < n.size(); ++i) {
      const model::Member m = n.member(i);
      if (auto problem = selector_problem(registry, m.key.scalar())) {
        report.at(m.key.range(), "severity: " + *problem);
      }
      config.severities.emplace_back(
          std::string(m.key.scalar()),
          m.value.scalar() == "off" ? std::nullopt : parse_severity(m.value.scalar()));
    }
  }
  if (const model::NodeRef n = root.get("fail_level"); n.valid()) {
    config.fail_level = std::string(n.scalar());
  }
  if (const model::NodeRef assume = root.get("assume"); assume.valid()) {
    if (const model::NodeRef n = assume.get("agent_version"); n.valid()) {
      config.agent_version = std::string(n.scalar());
    }
    if (const model::NodeRef n = assume.get("dhmc"); n.valid()) {
      config.dhmc = n.as_bool();
    }
    if (const model::NodeRef n = assume.get("region"); n.valid()) {
      config.region = std::string(n.scalar());
    }
  }
  if (const model::NodeRef n = root.get("groups"); n.valid()) {
    for (std::size_t i = 0; i < n.size(); ++i) {
      const model::Member m = n.member(i);
      config.groups.emplace_back(std::string(m.key.scalar()), std::string(m.value.scalar()));
    }
  }
  if (const model::NodeRef n = root.get("exclude"); n.valid()) {
    config.exclude = strings(n);
  }
  if (const model::NodeRef n = root.get("parameters"); n.valid()) {
    for (std::size_t i = 0; i < n.size(); ++i) {
      const model::Member m = n.member(i);
      config.parameters[std::string(m.key.scalar())] = std::string(m.value.scalar());
    }
  }
  if (report.count() > 0) {
    return std::nullopt;
  }
  return config;
}

}  // namespace ssmpf::app
