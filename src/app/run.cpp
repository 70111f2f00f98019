// SPDX-License-Identifier: Apache-2.0
#include "app/run.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "app/config.hpp"
#include "base/text.hpp"
#include "cfn/template_scope.hpp"
#include "engine/engine.hpp"
#include "engine/registry.hpp"
#include "engine/rule_doc.hpp"
#include "engine/selection.hpp"
#include "engine/suppressions.hpp"
#include "facts/facts.hpp"
#include "fix/apply.hpp"
#include "load/limits.hpp"
#include "load/reader.hpp"
#include "load/yaml_loader.hpp"
#include "paramset/builtin.hpp"
#include "paramset/front_end.hpp"
#include "paramset/inputs.hpp"
#include "paramset/kinds.hpp"
#include "paramset/scope.hpp"
#include "report/fingerprint.hpp"
#include "report/reporters.hpp"
#include "rules/rule.hpp"
#include "schema/validator.hpp"

namespace ssmpf::app {

namespace fs = std::filesystem;

namespace {

// Wall time spent in each stage of a run (--timings).
class StageClock {
 public:
  enum Stage : std::uint8_t { load, model, facts, rules, report, count };
  // Charges the time since the last call to `stage`.
  void charge(Stage stage) {
    const auto now = std::chrono::steady_clock::now();
    m_spent[stage] += now - m_last;
    m_last = now;
  }
  [[nodiscard]] std::string summary() const {
    static constexpr const char* k_names[] = {"load", "model", "facts", "rules", "report"};
    std::string out = "ssm-preflight: timings:";
    std::chrono::steady_clock::duration total{};
    char buffer[64];
    for (int i = 0; i < count; ++i) {
      total += m_spent[i];
      std::snprintf(buffer, sizeof buffer, " %s %.1f ms%s", k_names[i], milliseconds(m_spent[i]),
                    i + 1 < count ? "," : "");
      out += buffer;
    }
    std::snprintf(buffer, sizeof buffer, "; total %.1f ms", milliseconds(total));
    out += buffer;
    // The peak resident set of this process image (Linux; the line is left out elsewhere).
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("VmHWM:", 0) == 0) {
        std::snprintf(buffer, sizeof buffer, "; peak %.1f MiB",
                      static_cast<double>(std::strtoull(line.c_str() + 6, nullptr, 10)) / 1024.0);
        out += buffer;
      }
    }
    return out;
  }

 private:
  static double milliseconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
  }
  std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration m_spent[count]{};
};

enum class Format : std::uint8_t { text, sarif, github, gitlab };
enum class Color : std::uint8_t { automatic, always, never };

struct CheckOptions {
  std::vector<std::string> paths;
  Format format = Format::text;
  std::string output;
  std::string fail_level;  // empty: the configuration's, else warning
  engine::SelectionRequest selection;
  std::vector<std::string> severity_overrides;  // ID=LEVEL
  Color color = Color::automatic;
  bool quiet = false;
  std::vector<std::string> kinds_files;
  std::string max_file_size;
  unsigned jobs = 0;  // threads that parse files and check parameter sets; 0: one per core
  std::string agent_version;
  std::string region;
  std::vector<std::string> parameters;  // NAME=VALUE, for template parameters
  bool assume_dhmc = false;
  bool fix = false;
  std::string config;  // --config FILE
  std::string baseline;
  std::string write_baseline;
  std::string category = "ssm-preflight";
  bool timings = false;
  bool no_config = false;
};

void print_error(std::ostream& err, std::string_view message) {
  err << "ssm-preflight: error: " << message << '\n';
}

// "16M", "512K", "1048576" -> bytes.
std::optional<std::uint64_t> parse_size(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::uint64_t multiplier = 1;
  const char last = text.back();
  if (last == 'K' || last == 'k') {
    multiplier = 1ULL << 10;
  } else if (last == 'M' || last == 'm') {
    multiplier = 1ULL << 20;
  } else if (last == 'G' || last == 'g') {
    multiplier = 1ULL << 30;
  }
  if (multiplier != 1) {
    text.remove_suffix(1);
  }
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9' || value > (UINT64_MAX / 10)) {
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (text.empty() || value > UINT64_MAX / multiplier) {
    return std::nullopt;
  }
  return value * multiplier;
}

// The folder SARIF URIs are relative to: the enclosing git work tree, else the working folder.
std::string uri_root(const std::string& cwd) {
  std::error_code ec;
  for (fs::path p(cwd); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) {
      return p.generic_string();
    }
    if (p == p.parent_path()) {
      break;
    }
  }
  return cwd;
}

// The kinds table: the built-in one plus --kinds files. Problems in user files are configuration
// errors (exit 2), printed with their location.
std::optional<paramset::KindTable> load_kinds(
    const std::vector<std::string>& files,
    const std::vector<std::pair<std::string, std::string>>& groups, const load::Limits& limits,
    std::ostream& err) {
  paramset::KindTable table = paramset::builtin_kinds();
  for (const auto& [group, type] : groups) {
    table.add_group(group, type);
  }
  SourceManager sources;
  Diagnostics diags;
  auto merge = [&](const std::string& display, std::string text) -> bool {
    const FileId id = sources.add(display, display, std::move(text));
    const load::ParsedDocument parsed =
        load::parse_yaml(sources.file(id), id, model::Schema::yaml11, limits, diags);
    if (!parsed.failed) {
      table.merge(parsed.document.root(), diags);
    }
    if (diags.items().empty()) {
      return true;
    }
    for (const Diagnostic& d : diags.items()) {
      const SourceFile& f = sources.file(d.range.file);
      const Position pos = f.position(d.range.begin);
      err << f.path() << ':' << pos.line << ':' << pos.column << ": error: " << d.message << " ["
          << d.rule_id << "]\n";
    }
    return false;
  };
  for (const std::string& file : files) {
    load::ReadOutcome read = load::read_file(file, limits);
    if (read.status != load::ReadStatus::ok) {
      print_error(err, "--kinds: cannot read '" + file + "': " +
                           (read.status == load::ReadStatus::not_found ? std::string("no such file")
                                                                       : read.detail));
      return std::nullopt;
    }
    if (!merge(file, std::move(read.text))) {
      print_error(err, "--kinds: '" + file + "' is not a valid kinds file");
      return std::nullopt;
    }
  }
  return table;
}

bool write_output(const std::string& path, const std::string& content, std::ostream& err) {
  std::error_code ec;
  const fs::file_status target = fs::status(path, ec);
  if (fs::exists(target) && !fs::is_regular_file(target)) {
    // A device, FIFO or terminal (-o /dev/stdout, /dev/null): written in place; renaming a file
    // over it would replace the device node.
    if (fs::is_directory(target)) {
      print_error(err, "cannot write '" + path + "': it is a folder");
      return false;
    }
    std::ofstream file(path, std::ios::binary);
    file << content;
    file.flush();
    if (!file) {
      print_error(err, "cannot write '" + path + "'");
      return false;
    }
    return true;
  }
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << content;
    if (!file) {
      print_error(err, "cannot write '" + path + "'");
      return false;
    }
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    print_error(err, "cannot write '" + path + "': " + ec.message());
    fs::remove(temporary, ec);
    return false;
  }
  return true;
}

ExitCode run_check(CheckOptions options, std::ostream& out, std::ostream& err,
                   const Environment& env) {
  const CheckOptions as_given = options;
  StageClock clock;
  const engine::Registry& registry = engine::Registry::builtin();
  Config config;
  if (!options.no_config) {
    std::optional<std::string> path =
        options.config.empty() ? find_config(env.cwd) : std::optional(options.config);
    if (path) {
      auto loaded = load_config(*path, registry, load::Limits{}, err);
      if (!loaded) {
        print_error(err, "invalid configuration in '" + *path + "'");
        return ExitCode::error;
      }
      config = std::move(*loaded);
    }
  }
  // The configuration first; the command line overrides or extends it.
  if (options.selection.select.empty() && config.select) {
    options.selection.select = *config.select;
  }
  options.selection.ignore.insert(options.selection.ignore.begin(), config.ignore.begin(),
                                  config.ignore.end());
  for (const auto& [selector, level] : config.severities) {
    if (level) {
      options.selection.severities.emplace_back(selector, *level);
    } else {
      options.selection.ignore.push_back(selector);
    }
  }
  if (options.fail_level.empty()) {
    options.fail_level = config.fail_level.value_or("warning");
  }
  if (options.agent_version.empty() && config.agent_version) {
    options.agent_version = *config.agent_version;
  }
  options.assume_dhmc = options.assume_dhmc || config.dhmc.value_or(false);
  for (const std::string& o : options.severity_overrides) {
    const std::size_t eq = o.find('=');
    const auto level =
        eq == std::string::npos ? std::nullopt : parse_severity(std::string_view(o).substr(eq + 1));
    if (!level) {
      print_error(err, "--severity: expected RULE=error|warning|note, found '" + o + "'");
      return ExitCode::error;
    }
    options.selection.severities.emplace_back(o.substr(0, eq), *level);
  }
  const auto rules = engine::RuleSet::resolve(registry, options.selection);
  if (!rules.ok()) {
    print_error(err, rules.error().message);
    return ExitCode::error;
  }
  load::Limits limits;
  if (!options.max_file_size.empty()) {
    const auto size = parse_size(options.max_file_size);
    if (!size) {
      print_error(err, "--max-file-size: expected a size such as 16M, found '" +
                           options.max_file_size + "'");
      return ExitCode::error;
    }
    limits.max_file_bytes = *size;
  }
  facts::Options facts_options;
  facts_options.assume_dhmc = options.assume_dhmc;
  facts_options.exclude = config.exclude;
  facts_options.jobs = options.jobs;
  if (!options.agent_version.empty()) {
    const auto version = facts::AgentVersion::parse(options.agent_version);
    if (!version) {
      print_error(err, "--agent-version: expected a version such as 3.3.40.0, found '" +
                           options.agent_version + "'");
      return ExitCode::error;
    }
    facts_options.agent_version = *version;
  }
  // The kinds table and the property schemas serve parameter sets only: built when the first
  // one is met (templates need neither), except that --kinds files are checked up front.
  std::optional<paramset::KindTable> kinds;
  if (!options.kinds_files.empty()) {
    kinds = load_kinds(options.kinds_files, config.groups, limits, err);
    if (!kinds) {
      return ExitCode::error;
    }
  }
  std::optional<schema::SchemaSet> schemas;
  std::map<std::string, std::string> parameter_values = config.parameters;
  for (const std::string& p : options.parameters) {
    const std::size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      print_error(err, "--parameter: expected NAME=VALUE, found '" + p + "'");
      return ExitCode::error;
    }
    parameter_values[p.substr(0, eq)] = p.substr(eq + 1);
  }
  if (options.paths.empty()) {
    options.paths.emplace_back(".");
  }

  SourceManager sources;
  Diagnostics diags;
  report::RunResult run;
  run.tool_version = SSMPF_VERSION;
  run.information_uri = SSMPF_HOMEPAGE;
  run.docs_base_url = SSMPF_DOCS_BASE_URL;
  run.registry = &registry;
  run.sources = &sources;
  run.uri_root = uri_root(env.cwd);
  std::vector<Error> errors;
  std::vector<SourceRange> excluded;
  std::vector<std::shared_ptr<const void>> kept;  // see `keep` below
  engine::Suppressions suppressions;
  std::map<std::uint32_t, const model::Document*> documents;  // for fingerprints
  // Outlives the analysis: fingerprints read the parsed documents it holds.
  paramset::Loader loader(sources, limits, options.jobs);
  try {
    clock.charge(StageClock::report);  // start-up: options, configuration, rule selection
    const paramset::Discovery discovery = paramset::discover(options.paths, loader, diags);
    clock.charge(StageClock::load);
    // Suppression directives: comments in YAML files, Metadata entries in templates.
    for (const paramset::InputSet& set : discovery.sets) {
      for (const paramset::SetFile& f : set.files) {
        if (f.parsed != nullptr) {
          documents[f.file.index] = &f.parsed->document;
          if (set.kind == paramset::SetKind::templates) {
            suppressions.scan_template(f.parsed->document, registry, diags);
          }
        }
        if (set.incomplete) {
          suppressions.mark_unanalysed(f.file);
        }
      }
    }
    for (std::uint32_t i = 0; i < sources.size(); ++i) {
      const SourceFile& file = sources.file(FileId{i});
      if (!file.path().ends_with(".json")) {
        const auto doc = documents.find(i);
        suppressions.scan_comments(file, FileId{i}, doc == documents.end() ? nullptr : doc->second,
                                   registry, diags);
      }
    }
    errors = discovery.errors;
    run.notifications = discovery.notifications;
    auto context = [&]() {
      if (!kinds) {
        kinds = load_kinds({}, config.groups, limits, err);
      }
      if (!schemas) {
        schemas = paramset::builtin_schemas();
      }
      return paramset::FrontEndContext{sources, *kinds, *schemas, limits};
    };
    const std::optional<std::string> region =
        options.region.empty() ? std::nullopt : std::optional(options.region);
    // Findings inside an excluded resource are dropped (its instances are not analysed).
    auto note_excluded = [&](const model::Scope& scope) {
      if (config.exclude.empty()) {
        return;
      }
      for (const model::Resource& r : scope.resources()) {
        if (r.key.valid() && facts::is_excluded(r, config.exclude)) {
          const SourceRange key = r.key.range();
          const SourceRange body = r.body.valid() ? r.body.range() : key;
          excluded.push_back(
              SourceRange{key.file, std::min(key.begin, body.begin), std::max(key.end, body.end)});
        }
      }
    };
    // When the process ends without freeing (exit_when_done), the largest structures a set
    // built are kept instead of being freed one small object at a time after each set.
    auto keep = [&](auto owned) {
      if (env.exit_when_done) {
        kept.push_back(std::shared_ptr<const void>(std::move(owned)));
      }
    };
    for (const paramset::InputSet& set : discovery.sets) {
      if (set.kind == paramset::SetKind::templates) {
        std::vector<cfn::StackInput> stacks;
        for (const paramset::SetFile& f : set.files) {
          load::report_duplicate_keys(*f.parsed, sources, "CloudFormation", diags);
          // assume.region stands in for a stack without an environment.
          stacks.push_back(cfn::StackInput{f.stack, &f.parsed->document, f.region, f.account,
                                           f.nested, f.parent, f.parent_resource});
        }
        const cfn::TemplateScope scope(std::move(stacks), region, parameter_values, diags,
                                       config.region);
        if (set.incomplete) {
          run.notifications.push_back(
              Notification{Severity::warning,
                           "Session Manager rules skipped for " + set.label +
                               ": some of its templates could not be loaded (see the LD findings)",
                           set.label});
          continue;
        }
        clock.charge(StageClock::model);
        auto facts =
            std::make_unique<const facts::Facts>(facts::Facts::build(scope, facts_options));
        clock.charge(StageClock::facts);
        rules::run(rules::Context{scope, *facts, &sources, options.jobs}, rules.value(), diags);
        clock.charge(StageClock::rules);
        note_excluded(scope);
        keep(std::move(facts));
        continue;
      }
      auto model =
          std::make_unique<const model::ParameterSet>(paramset::build(set, context(), diags));
      if (set.incomplete) {
        // Verdicts on a set with files missing would be guesses.
        run.notifications.push_back(
            Notification{Severity::warning,
                         "Session Manager rules skipped for " + set.label +
                             ": some of its files could not be loaded (see the LD findings)",
                         set.label});
        continue;
      }
      const paramset::ParameterSetScope scope(*model, region, config.region);
      clock.charge(StageClock::model);
      auto facts = std::make_unique<const facts::Facts>(facts::Facts::build(scope, facts_options));
      clock.charge(StageClock::facts);
      rules::run(rules::Context{scope, *facts, &sources, options.jobs}, rules.value(), diags);
      clock.charge(StageClock::rules);
      note_excluded(scope);
      keep(std::move(facts));
      keep(std::move(model));
    }
  } catch (const std::exception& e) {
    // Keep every finding made so far; the run still fails.
    errors.push_back(Error{Error::Kind::internal, std::string("internal error: ") + e.what(), {}});
    run.execution_successful = false;
  }
  for (const Error& e : errors) {
    run.notifications.push_back(Notification{Severity::error, e.message, e.path});
  }
  run.diagnostics = engine::finalize(diags.take(), rules.value(), sources);
  std::erase_if(run.diagnostics, [&](const Diagnostic& d) {
    return std::any_of(excluded.begin(), excluded.end(), [&](const SourceRange& r) {
      return d.range.file == r.file && d.range.begin >= r.begin && d.range.end <= r.end;
    });
  });
  {
    Diagnostics unused;
    suppressions.apply(run.diagnostics, rules.value(), registry, sources, unused);
    if (!unused.items().empty()) {
      std::vector<Diagnostic> all = std::move(run.diagnostics);
      for (Diagnostic& d : unused.take()) {
        all.push_back(std::move(d));
      }
      run.diagnostics = engine::finalize(std::move(all), rules.value(), sources);
    }
  }
  report::assign_fingerprints(run.diagnostics, sources, documents, run.uri_root);
  run.automation_id = options.category + "/";
  if (!options.write_baseline.empty()) {
    // The whole current run, before any baseline is applied.
    std::ostringstream baseline;
    report::write_sarif(run, baseline);
    if (!write_output(options.write_baseline, baseline.str(), err)) {
      return ExitCode::error;
    }
    err << "ssm-preflight: wrote a baseline of " << run.diagnostics.size()
        << (run.diagnostics.size() == 1 ? " finding" : " findings") << " to "
        << options.write_baseline << '\n';
  }
  if (!options.baseline.empty()) {
    load::Limits baseline_limits;
    baseline_limits.max_file_bytes = std::max<std::uint64_t>(limits.max_file_bytes, 256ULL << 20);
    const load::ReadOutcome read = load::read_file(options.baseline, baseline_limits);
    if (read.status != load::ReadStatus::ok) {
      print_error(err, "--baseline: cannot read '" + options.baseline + "': " +
                           (read.status == load::ReadStatus::not_found ? std::string("no such file")
                                                                       : read.detail));
      return ExitCode::error;
    }
    const auto known = report::read_baseline(read.text);
    if (!known.ok()) {
      print_error(err, "--baseline: '" + options.baseline + "' " + known.error().message);
      return ExitCode::error;
    }
    const std::size_t before = run.diagnostics.size();
    std::erase_if(run.diagnostics, [&](const Diagnostic& d) {
      return known.value().contains({d.rule_id, d.fingerprint});
    });
    run.baseline_matches = before - run.diagnostics.size();
  }
  run.files_checked = sources.size();

  if (options.fix && errors.empty()) {
    const fix::Outcome fixed = fix::apply_fixes(run.diagnostics, sources, limits);
    for (const fix::FileOutcome& f : fixed.files) {
      if (!f.problem.empty()) {
        print_error(err, "--fix: left '" + f.path + "' unchanged: " + f.problem);
      }
    }
    if (fixed.applied > 0) {
      err << "ssm-preflight: fixed " << fixed.applied
          << (fixed.applied == 1 ? " finding" : " findings") << "; checking again\n";
      // Report what is left, from the files as they now are.
      CheckOptions again = as_given;
      again.fix = false;
      Environment returning = env;
      returning.exit_when_done = false;  // the verdict below still depends on the fixes
      const ExitCode code = run_check(std::move(again), out, err, returning);
      return fixed.ok() ? code : ExitCode::error;
    }
    if (!fixed.ok()) {
      return ExitCode::error;
    }
  }

  const bool to_stdout = options.output.empty();
  const bool color = options.color == Color::always ||
                     (options.color == Color::automatic && to_stdout && env.stdout_is_terminal &&
                      !env.no_color && !env.dumb_terminal);
  std::ostringstream rendered;
  switch (options.format) {
    case Format::text:
      report::write_text(run, report::TextStyle{color, true}, rendered);
      break;
    case Format::sarif:
      report::write_sarif(run, rendered);
      break;
    case Format::github:
      report::write_github(run, rendered);
      break;
    case Format::gitlab:
      report::write_gitlab(run, rendered);
      break;
  }
  bool output_ok = true;
  if (to_stdout) {
    out << rendered.str();
    out.flush();
  } else {
    output_ok = write_output(options.output, rendered.str(), err);
  }
  for (const Notification& n : run.notifications) {
    if (n.level == Severity::error) {
      print_error(err, n.message);
    } else {
      err << "ssm-preflight: " << to_string(n.level) << ": " << n.message << '\n';
    }
  }
  if (!options.quiet) {
    err << report::summary_line(run) << '\n';
  }
  if (options.timings) {
    clock.charge(StageClock::report);
    err << clock.summary() << '\n';
  }
  const ExitCode code = [&] {
    if (!errors.empty() || !output_ok) {
      return ExitCode::error;
    }
    if (options.fail_level == "none" || !options.write_baseline.empty()) {
      return ExitCode::clean;
    }
    const Severity threshold = parse_severity(options.fail_level).value_or(Severity::warning);
    for (const Diagnostic& d : run.diagnostics) {
      if (!d.suppression && d.severity >= threshold) {
        return ExitCode::findings;
      }
    }
    return ExitCode::clean;
  }();
  if (env.exit_when_done) {
    // The process ends here: freeing hundreds of MiB of small objects one by one takes longer
    // than a large check's rules do, and the kernel reclaims the memory at once.
    out.flush();
    err.flush();
    std::fflush(nullptr);
    std::_Exit(static_cast<int>(code));
  }
  return code;
}

ExitCode run_explain(const std::string& id, bool markdown, std::ostream& out, std::ostream& err) {
  const engine::Registry& registry = engine::Registry::builtin();
  const engine::RuleMeta* rule = registry.find(id);
  if (rule == nullptr) {
    std::vector<std::string_view> names;
    for (const engine::RuleMeta& r : registry.rules()) {
      names.push_back(r.id);
      names.push_back(r.name);
    }
    std::string message = "no rule '" + id + "'";
    if (const auto near = closest_match(id, names)) {
      message += "; did you mean '" + std::string(*near) + "'?";
    } else {
      message += " (see `ssm-preflight rules`)";
    }
    print_error(err, message);
    return ExitCode::error;
  }
  out << (markdown ? engine::render_markdown(*rule) : engine::render_text(*rule));
  return ExitCode::clean;
}

}  // namespace

Environment current_environment() {
  Environment env;
  std::error_code ec;
  env.cwd = fs::current_path(ec).generic_string();
  const char* no_color = std::getenv("NO_COLOR");
  env.no_color = no_color != nullptr && *no_color != '\0';
  const char* term = std::getenv("TERM");
  env.dumb_terminal = term != nullptr && std::string_view(term) == "dumb";
  env.stdout_is_terminal = ::isatty(STDOUT_FILENO) == 1;
  return env;
}

ExitCode run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             const Environment& env) {
  CLI::App app{
      "ssm-preflight: proves, before deployment, whether AWS Systems Manager Session "
      "Manager will reach your EC2 instances"};
  app.name("ssm-preflight");
  app.set_version_flag("--version", std::string("ssm-preflight ") + SSMPF_VERSION);
  app.require_subcommand(1);

  CheckOptions check;
  std::string format = "text";
  std::string color = "auto";
  CLI::App* check_cmd = app.add_subcommand(
      "check", "Check parameter sets, CloudFormation templates and cloud assemblies");
  check_cmd->add_option("paths", check.paths,
                        "Manifests (stacks.yaml), cloud assemblies (cdk.out), folders, templates, "
                        "or parameter-set files merged in the order given (default: .)");
  check_cmd->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "sarif", "github", "gitlab"}))
      ->default_str("text");
  check_cmd->add_option("-o,--output", check.output, "Write the report to FILE instead of stdout");
  check_cmd
      ->add_option("--fail-level", check.fail_level,
                   "Lowest severity that makes the exit code 1 (default: the configuration's "
                   "fail_level, else warning)")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}));
  check_cmd->add_option("--config", check.config,
                        "Read the configuration from FILE (default: the nearest " +
                            std::string(k_config_name) + " in the working folder or above)");
  check_cmd->add_flag("--no-config", check.no_config, "Ignore configuration files");
  check_cmd->add_option("--baseline", check.baseline,
                        "Report only findings that are not in FILE (a SARIF log written by "
                        "--write-baseline or --format sarif)");
  check_cmd->add_option("--write-baseline", check.write_baseline,
                        "Write every finding of this run to FILE (SARIF) for later --baseline "
                        "runs; the exit code is then 0 unless the run itself fails");
  check_cmd->add_flag("--timings", check.timings,
                      "Print the time spent loading, building the model, deriving facts, running "
                      "rules and reporting (stderr)");
  check_cmd
      ->add_option("--category", check.category,
                   "SARIF automationDetails category, to tell apart several uploads per commit")
      ->default_str("ssm-preflight");
  check_cmd
      ->add_option("--select", check.selection.select,
                   "Run only these rules (ids, id prefixes, names or ALL; comma-separated "
                   "or repeated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  check_cmd
      ->add_option("--ignore", check.selection.ignore,
                   "Skip these rules (ids, id prefixes or names; comma-separated or repeated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  check_cmd
      ->add_option("--severity", check.severity_overrides,
                   "Change a rule's severity: RULE=error|warning|note (repeatable)")
      ->allow_extra_args(false);
  check_cmd->add_option("--color", color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  check_cmd->add_flag("-q,--quiet", check.quiet, "Do not print the summary line");
  check_cmd
      ->add_option("--kinds", check.kinds_files,
                   "Add group -> resource type mappings from FILE (format of rules/kinds.yaml)")
      ->allow_extra_args(false);
  check_cmd->add_option("--max-file-size", check.max_file_size,
                        "Largest input file read (default 16M)");
  check_cmd
      ->add_option("-j,--jobs", check.jobs,
                   "Threads that read and parse the files and check a parameter set "
                   "(default: one per core)")
      ->check(CLI::Range(0U, 256U));
  check_cmd->add_option("--agent-version", check.agent_version,
                        "Oldest SSM Agent version to assume on the instances (default 3.3.40.0: "
                        "ec2messages is then optional)");
  check_cmd->add_option("--region", check.region,
                        "Deployment region (default: common.region of a parameter set, the "
                        "environment of a cloud assembly's stack)");
  check_cmd
      ->add_option("--parameter", check.parameters,
                   "Value of a template parameter: NAME=VALUE (repeatable; default: the "
                   "parameter's Default)")
      ->allow_extra_args(false);
  check_cmd->add_flag("--fix", check.fix,
                      "Apply the certain fixes to the files (in place, atomically), then report "
                      "what is left");
  check_cmd->add_flag("--assume-dhmc", check.assume_dhmc,
                      "Assume Default Host Management Configuration is on (instances need no "
                      "instance profile)");

  std::string rules_format = "text";
  CLI::App* rules_cmd = app.add_subcommand("rules", "List the rules");
  rules_cmd->add_option("--format", rules_format, "text or markdown")
      ->check(CLI::IsMember({"text", "markdown"}))
      ->default_str("text");

  std::string explain_id;
  CLI::App* explain_cmd = app.add_subcommand("explain", "Show a rule's documentation");
  explain_cmd->add_option("rule", explain_id, "Rule id or name")->required();
  std::string explain_format = "text";
  explain_cmd->add_option("--format", explain_format, "text or markdown")
      ->check(CLI::IsMember({"text", "markdown"}))
      ->default_str("text");

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? ExitCode::clean : ExitCode::error;
  }

  if (check_cmd->parsed()) {
    check.format = format == "sarif"    ? Format::sarif
                   : format == "github" ? Format::github
                   : format == "gitlab" ? Format::gitlab
                                        : Format::text;
    check.color = color == "always"  ? Color::always
                  : color == "never" ? Color::never
                                     : Color::automatic;
    return run_check(std::move(check), out, err, env);
  }
  if (rules_cmd->parsed()) {
    const engine::Registry& registry = engine::Registry::builtin();
    out << (rules_format == "markdown" ? engine::rules_table_markdown(registry)
                                       : engine::rules_table_text(registry));
    return ExitCode::clean;
  }
  if (explain_cmd->parsed()) {
    return run_explain(explain_id, explain_format == "markdown", out, err);
  }
  return ExitCode::error;
}

}  // namespace ssmpf::app
