// SPDX-License-Identifier: Apache-2.0
#include "paramset/inputs.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "base/parallel.hpp"
#include "base/text.hpp"
#include "load/reader.hpp"

namespace ssmpf::paramset {

namespace fs = std::filesystem;

namespace {

std::string display_of(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  if (s.size() > 2 && s.compare(0, 2, "./") == 0) {
    s.erase(0, 2);
  }
  return s.empty() ? "." : s;
}

fs::path absolute_of(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(p, ec), ec);
  if (ec) {
    abs = fs::absolute(p, ec).lexically_normal();
  }
  return abs;
}

// Whether `inner` lies inside the folder `outer` (both canonical).
bool is_within(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin();
  auto i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *o != *i) {
      return false;
    }
  }
  return true;
}

// Files a folder scan reads: YAML (parameter sets or templates) and JSON or .template templates.
bool is_scanned_name(const fs::path& p) {
  const std::string ext = to_lower_ascii(p.extension().string());
  return !starts_with(p.filename().string(), ".") &&
         (ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template");
}

// Files that can be a manifest: any YAML or JSON file whose top level is `common:` and
// `stacks:` (classify() decides from the content, not the name), so a parent-folder search
// considers every such file and parses only those that pass may_be_manifest().
bool is_manifest_name(const fs::path& p) {
  const std::string ext = to_lower_ascii(p.extension().string());
  return !starts_with(p.filename().string(), ".") &&
         (ext == ".yaml" || ext == ".yml" || ext == ".json");
}

// A cheap textual test run before parsing a file met in a parent-folder search: a manifest has
// a `stacks` key (plain, or quoted as in JSON) followed by a colon. Files without one are not
// parsed. False positives only cost a parse.
bool may_be_manifest(std::string_view text) noexcept {
  constexpr std::string_view key = "stacks";
  for (std::size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
    if (at > 0) {
      const char before = text[at - 1];
      if (before != '\n' && before != '\r' && before != ' ' && before != '\t' && before != '{' &&
          before != ',' && before != '"' && before != '\'') {
        continue;
      }
    }
    std::size_t i = at + key.size();
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
      ++i;
    }
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
      ++i;
    }
    if (i < text.size() && text[i] == ':') {
      return true;
    }
  }
  return false;
}

// JSON files are parsed with JSON's scalar rules; everything else as YAML 1.1.
model::Schema schema_for(const fs::path& p) {
  return to_lower_ascii(p.extension().string()) == ".json" ? model::Schema::json
                                                           : model::Schema::yaml11;
}

// The stack name of a template file named on its own: its name without .template/.json/.yaml.
std::string stack_name_of(const fs::path& p) {
  std::string name = p.filename().string();
  for (const std::string_view ext : {".json", ".yaml", ".yml", ".template"}) {
    if (name.size() > ext.size() && to_lower_ascii(name).ends_with(ext)) {
      name.resize(name.size() - ext.size());
    }
  }
  return name;
}

// "aws://123456789012/eu-west-1" -> account and region; "unknown-account"/"unknown-region" are
// environment-agnostic stacks.
void parse_environment(std::string_view env, std::optional<std::string>& account,
                       std::optional<std::string>& region) {
  constexpr std::string_view prefix = "aws://";
  if (!starts_with(env, prefix)) {
    return;
  }
  env.remove_prefix(prefix.size());
  const std::size_t slash = env.find('/');
  if (slash == std::string_view::npos) {
    return;
  }
  const std::string_view a = env.substr(0, slash);
  const std::string_view r = env.substr(slash + 1);
  if (!a.empty() && a != "unknown-account") {
    account = std::string(a);
  }
  if (!r.empty() && r != "unknown-region") {
    region = std::string(r);
  }
}

}  // namespace

DocumentKind classify(const model::Document& document) noexcept {
  const model::NodeRef root = document.root();
  if (!root.valid() || root.is_null()) {
    return DocumentKind::empty;
  }
  if (!root.is_mapping()) {
    return DocumentKind::unrecognised;
  }
  if (root.get("Resources").valid() || root.get("AWSTemplateFormatVersion").valid()) {
    return DocumentKind::cfn_template;
  }
  if (root.get("artifacts").valid() && root.get("version").valid()) {
    return DocumentKind::cloud_assembly;
  }
  const model::NodeRef stacks = root.get("stacks");
  if (stacks.is_sequence()) {
    bool manifest = true;
    for (std::size_t i = 0; i < root.size(); ++i) {
      const model::Member m = root.member(i);
      const std::string_view key = m.key.scalar();
      if (key == "common") {
        manifest = manifest && (m.value.is_string() || m.value.is_null());
      } else if (key != "stacks") {
        manifest = false;
      }
    }
    if (manifest) {
      return DocumentKind::manifest;
    }
  }
  return DocumentKind::parameter_set;
}

Result<const load::ParsedDocument*> Loader::load(const fs::path& path, const std::string& display,
                                                 std::optional<SourceRange> site,
                                                 Diagnostics& out) {
  const fs::path abs = absolute_of(path);
  const std::string key = abs.generic_string();
  if (const auto it = m_by_path.find(key); it != m_by_path.end()) {
    // Loaded before (named twice, or named and listed by a manifest): its problems are already
    // reported, and a file that could not be parsed stays unusable.
    return it->second->failed ? nullptr : it->second;
  }
  if (m_by_path.size() >= m_limits.max_files) {
    const std::string message = "more than " + std::to_string(m_limits.max_files) +
                                " input files; '" + display + "' is not read";
    if (site) {
      out.report("LD005", *site, message);
      return static_cast<const load::ParsedDocument*>(nullptr);
    }
    return Error{Error::Kind::io, message, display};
  }
  if (const auto it = m_prefetched.find(key); it != m_prefetched.end()) {
    Prefetched ready = std::move(it->second);
    m_prefetched.erase(it);
    if (ready.file->path() == display) {
      const FileId id = m_sources.add(std::move(ready.file));
      ready.parsed.document.rebind(id);
      for (Diagnostic& d : ready.diagnostics) {
        if (d.range.file == k_unbound) {
          d.range.file = id;
        }
        out.add(std::move(d));
      }
      m_documents.push_back(std::move(ready.parsed));
      ++m_prefetch_used;
      const load::ParsedDocument* parsed = &m_documents.back();
      m_by_path.emplace(key, parsed);
      return parsed->failed ? nullptr : parsed;
    }
  }
  load::ReadOutcome read = load::read_file(path, m_limits);
  if (read.status != load::ReadStatus::ok) {
    std::string message = "cannot read '" + display + "': ";
    message +=
        read.status == load::ReadStatus::not_found ? std::string("no such file") : read.detail;
    if (read.status == load::ReadStatus::too_large) {
      message = "'" + display + "' " + read.detail;
    }
    if (site) {
      out.report(read.status == load::ReadStatus::too_large ? "LD005" : "LD003", *site, message);
      return static_cast<const load::ParsedDocument*>(nullptr);
    }
    if (read.status == load::ReadStatus::too_large) {
      // The file exists: report it as a finding in the file itself.
      const FileId id = m_sources.add(display, key, std::string());
      out.report("LD005", SourceRange{id, 0, 0}, message);
      m_documents.push_back(load::ParsedDocument{model::Document(id), {}, true});
      m_by_path.emplace(key, &m_documents.back());
      return static_cast<const load::ParsedDocument*>(nullptr);
    }
    return Error{Error::Kind::io, message, display};
  }

  const auto problem = load::check_text(read.text);
  std::string text = std::move(read.text);
  if (problem && problem->kind == load::TextProblem::Kind::binary) {
    // Keep no binary content for snippets.
    text.clear();
  }
  const FileId id = m_sources.add(display, key, std::move(text));
  const SourceFile& file = m_sources.file(id);
  if (problem) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned>(problem->code_point));
    switch (problem->kind) {
      case load::TextProblem::Kind::binary:
        out.report("LD003", SourceRange{id, 0, 0},
                   "'" + display + "' is not a text file (it holds a NUL byte at offset " +
                       std::to_string(problem->offset) + ")");
        break;
      case load::TextProblem::Kind::invalid_utf8:
        out.report("LD003", SourceRange{id, problem->offset, problem->offset + 1},
                   "'" + display + "' is not valid UTF-8 (byte 0x" + hex + ")");
        break;
      case load::TextProblem::Kind::control_character: {
        char cp[16];
        std::snprintf(cp, sizeof cp, "U+%04X", static_cast<unsigned>(problem->code_point));
        out.report("LD001", SourceRange{id, problem->offset, problem->offset + 1},
                   std::string("control character ") + cp + " is not allowed in YAML");
        break;
      }
    }
    m_documents.push_back(load::ParsedDocument{model::Document(id), {}, true});
    m_by_path.emplace(key, &m_documents.back());
    return static_cast<const load::ParsedDocument*>(nullptr);
  }
  m_documents.push_back(load::parse_yaml(file, id, schema_for(path), m_limits, out));
  const load::ParsedDocument* parsed = &m_documents.back();
  m_by_path.emplace(key, parsed);
  return parsed->failed ? nullptr : parsed;
}

void Loader::prefetch(const std::vector<fs::path>& paths,
                      const std::vector<std::string>& displays) {
  SSMPF_ASSERT(paths.size() == displays.size(), "a display name per path");
  struct Task {
    const fs::path* path;
    const std::string* display;
    std::string key;
    std::optional<Prefetched> result;
  };
  std::vector<Task> tasks;
  std::set<std::string> seen;
  // Never more than load() will accept: the file limit counts what it has loaded.
  const std::size_t room =
      m_limits.max_files > m_by_path.size() ? m_limits.max_files - m_by_path.size() : 0;
  for (std::size_t i = 0; i < paths.size() && tasks.size() < room; ++i) {
    std::string key = absolute_of(paths[i]).generic_string();
    if (m_by_path.contains(key) || m_prefetched.contains(key) || !seen.insert(key).second) {
      continue;
    }
    tasks.push_back(Task{&paths[i], &displays[i], std::move(key), std::nullopt});
  }
  if (std::min<std::size_t>(tasks.size(), worker_count(m_jobs)) < 2) {
    return;  // nothing to gain: load() reads the files one by one
  }
  parallel_for(tasks.size(), m_jobs, [&](std::size_t i) noexcept {
    Task& task = tasks[i];
    try {
      load::ReadOutcome read = load::read_file(*task.path, m_limits);
      if (read.status != load::ReadStatus::ok || load::check_text(read.text)) {
        return;  // load() reports it, in order
      }
      Prefetched ready;
      ready.file = std::make_unique<SourceFile>(*task.display, task.key, std::move(read.text));
      Diagnostics diags;
      ready.parsed =
          load::parse_yaml(*ready.file, k_unbound, schema_for(*task.path), m_limits, diags);
      ready.diagnostics = diags.take();
      task.result = std::move(ready);
    } catch (...) {
      task.result.reset();  // out of memory, say: load() tries again on the main thread
    }
  });
  for (Task& task : tasks) {
    if (task.result) {
      m_prefetched.emplace(std::move(task.key), std::move(*task.result));
    }
  }
}

namespace {

class Discoverer {
 public:
  Discoverer(Loader& loader, Diagnostics& out, Discovery& result)
      : m_loader(loader), m_out(out), m_result(result) {}

  void add_path(const std::string& arg) {
    const fs::path path(arg);
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      m_result.errors.push_back(
          Error{Error::Kind::io, "cannot read '" + display_of(path) + "': no such file or folder",
                display_of(path)});
      return;
    }
    if (fs::is_directory(st)) {
      add_folder(path);
      return;
    }
    const auto doc = m_loader.load(path, display_of(path), std::nullopt, m_out);
    if (!doc.ok()) {
      m_result.errors.push_back(doc.error());
      return;
    }
    // A parameter-set file (or a YAML file that could not be parsed) that a manifest lists is
    // checked as part of that manifest's whole set.
    if (schema_for(path) != model::Schema::json) {
      const DocumentKind kind =
          doc.value() == nullptr ? DocumentKind::empty : classify(doc.value()->document);
      if ((kind == DocumentKind::parameter_set || kind == DocumentKind::empty) &&
          add_listing_manifests(path)) {
        return;
      }
    }
    add_document(path, doc.value(), m_loose, m_loose_templates, true);
  }

  void finish() {
    if (!m_loose.files.empty()) {
      m_loose.label = "the files named on the command line";
      m_result.sets.push_back(std::move(m_loose));
    }
    if (!m_loose_templates.files.empty()) {
      m_loose_templates.label =
          m_loose_templates.files.size() == 1
              ? m_loader.sources().file(m_loose_templates.files[0].file).path()
              : "the templates named on the command line";
      m_result.sets.push_back(std::move(m_loose_templates));
    }
  }

 private:
  // Adds a loaded document to the parameter set `set` or the template set `templates`, or
  // starts a set of its own (a manifest, a cloud assembly). `named` is true for a file named on
  // the command line: a file a folder scan finds is skipped quietly when it is JSON that is not
  // a template (package.json, tsconfig.json...).
  void add_document(const fs::path& path, const load::ParsedDocument* doc, InputSet& set,
                    InputSet& templates, bool named) {
    const bool json = schema_for(path) == model::Schema::json;
    if (doc == nullptr) {
      (json ? templates : set).incomplete = true;  // already reported
      return;
    }
    const FileId id = doc->document.file();
    switch (classify(doc->document)) {
      case DocumentKind::manifest:
        add_manifest(path, *doc);
        return;
      case DocumentKind::cfn_template:
        templates.kind = SetKind::templates;
        add_template(path, *doc, stack_name_of(path), templates);
        return;
      case DocumentKind::cloud_assembly:
        add_assembly(path.parent_path(), *doc, 0);
        return;
      default:
        if (json) {
          if (named) {
            m_out.report(
                "LD004",
                doc->document.root().valid() ? doc->document.root().range() : SourceRange{id, 0, 0},
                "'" + m_loader.sources().file(id).path() +
                    "' is JSON but neither a CloudFormation template (no 'Resources') "
                    "nor a cloud assembly manifest (no 'artifacts')");
          }
          return;
        }
        set.files.push_back(SetFile{id, doc, {}, {}, {}, false, {}, {}});
        return;
    }
  }

  struct Loaded {
    fs::path path;
    const load::ParsedDocument* document = nullptr;
  };

  // Loads the file that `name` (a string written at that node) names relative to `folder`,
  // appending `leaf` when it names a folder. A path that leaves `folder` is refused (LD003: it
  // lies outside `boundary`); any failure is reported and marks `set` incomplete.
  std::optional<Loaded> load_inside(const model::NodeRef& name, const fs::path& folder,
                                    const std::string& boundary, InputSet& set,
                                    std::string_view leaf = {}) {
    const fs::path base = folder.empty() ? fs::path(".") : folder;
    const fs::path rel(std::string(name.scalar()));
    fs::path target = folder / rel;
    if (rel.is_absolute() || !is_within(absolute_of(base), absolute_of(target))) {
      m_out.report(
          "LD003", name.range(),
          "'" + std::string(name.scalar()) + "' lies outside " + boundary + "; it is not read");
      set.incomplete = true;
      return std::nullopt;
    }
    if (!leaf.empty()) {
      target /= leaf;
    }
    const auto doc = m_loader.load(target, display_of(target), name.range(), m_out);
    if (!doc.ok()) {
      m_result.errors.push_back(doc.error());
      set.incomplete = true;
      return std::nullopt;
    }
    if (doc.value() == nullptr) {
      set.incomplete = true;
      return std::nullopt;
    }
    return Loaded{target, doc.value()};
  }

  // Prefetches the files that load_inside() will be asked for: the names written at `names`
  // that stay inside `folder`.
  void prefetch_inside(const std::vector<model::NodeRef>& names, const fs::path& folder) {
    const fs::path base = absolute_of(folder.empty() ? fs::path(".") : folder);
    std::vector<fs::path> targets;
    std::vector<std::string> displays;
    for (const model::NodeRef& name : names) {
      if (!name.is_string() || name.scalar().empty()) {
        continue;
      }
      const fs::path rel(std::string(name.scalar()));
      const fs::path target = folder / rel;
      if (!rel.is_absolute() && is_within(base, absolute_of(target))) {
        targets.push_back(target);
        displays.push_back(display_of(target));
      }
    }
    m_loader.prefetch(targets, displays);
  }

  // Adds a template to `set`, then the templates of its nested stacks (CDK writes their file
  // name in the AWS::CloudFormation::Stack resource's `aws:asset:path` metadata).
  void add_template(const fs::path& path, const load::ParsedDocument& doc, const std::string& stack,
                    InputSet& set, const std::optional<std::string>& region = std::nullopt,
                    const std::optional<std::string>& account = std::nullopt,
                    const std::pair<std::string, std::string>& parent = {}, int depth = 0) {
    const FileId id = doc.document.file();
    for (const SetFile& f : set.files) {
      if (f.file == id) {
        return;  // named twice, or nested under two parents
      }
    }
    const bool nested = !parent.first.empty();
    set.files.push_back(
        SetFile{id, &doc, stack, region, account, nested, parent.first, parent.second});
    const model::NodeRef resources = doc.document.root().get("Resources");
    const fs::path folder = path.parent_path();
    for (std::size_t i = 0; i < resources.size(); ++i) {
      const model::Member r = resources.member(i);
      if (r.value.get("Type").scalar() != "AWS::CloudFormation::Stack") {
        continue;
      }
      const model::NodeRef asset = r.value.get("Metadata").get("aws:asset:path");
      if (!asset.is_string() || asset.scalar().empty()) {
        continue;  // a TemplateURL somewhere else: not in the inputs
      }
      if (depth >= k_max_nesting) {
        m_out.report("LD005", asset.range(),
                     "nested stacks go deeper than " + std::to_string(k_max_nesting) +
                         " levels; this one is not read");
        set.incomplete = true;
        continue;
      }
      const auto child = load_inside(asset, folder, "the folder of its parent template", set);
      if (!child) {
        continue;
      }
      if (std::find(m_template_chain.begin(), m_template_chain.end(),
                    child->document->document.file()) != m_template_chain.end() ||
          child->document->document.file() == id) {
        m_out.report("LD005", asset.range(),
                     "nested template '" + std::string(asset.scalar()) +
                         "' is this stack or one of its parents: the nesting never ends; it is "
                         "not read again");
        continue;
      }
      if (classify(child->document->document) != DocumentKind::cfn_template) {
        m_out.report("LD004", asset.range(),
                     "nested template '" + std::string(asset.scalar()) +
                         "' is not a CloudFormation template (no 'Resources')");
        set.incomplete = true;
        continue;
      }
      m_template_chain.push_back(id);
      add_template(child->path, *child->document, stack + "/" + std::string(r.key.scalar()), set,
                   region, account, {stack, std::string(r.key.scalar())}, depth + 1);
      m_template_chain.pop_back();
    }
  }

  // A cloud assembly: every aws:cloudformation:stack artifact of manifest.json (and of the
  // nested assemblies of CDK stages), with its environment, as one template set.
  void add_assembly(const fs::path& folder, const load::ParsedDocument& manifest, int depth,
                    InputSet* into = nullptr) {
    InputSet own;
    InputSet& set = into != nullptr ? *into : own;
    set.kind = SetKind::templates;
    const FileId manifest_id = manifest.document.file();
    if (into == nullptr) {
      set.label = display_of(folder.empty() ? fs::path(".") : folder);
      set.manifest = manifest_id;
    }
    const model::NodeRef artifacts = manifest.document.root().get("artifacts");
    if (!artifacts.is_mapping()) {
      m_out.report("LD004",
                   artifacts.valid() ? artifacts.range() : manifest.document.root().range(),
                   "the 'artifacts' of a cloud assembly manifest must be a mapping, found " +
                       model::describe(artifacts));
      set.incomplete = true;
    }
    const std::string boundary =
        "the cloud assembly '" + display_of(folder.empty() ? fs::path(".") : folder) + "'";
    // A file or folder name of the manifest, read inside the assembly.
    auto load_named = [&](const model::NodeRef& name, const char* what,
                          std::string_view leaf) -> std::optional<Loaded> {
      if (!name.is_string() || name.scalar().empty()) {
        m_out.report(
            "LD004", name.valid() ? name.range() : artifacts.range(),
            std::string("the ") + what + " must be a file name, found " + model::describe(name));
        set.incomplete = true;
        return std::nullopt;
      }
      return load_inside(name, folder, boundary, set, leaf);
    };
    {
      std::vector<model::NodeRef> templates;
      for (std::size_t i = 0; i < artifacts.size(); ++i) {
        const model::NodeRef a = artifacts.member(i).value;
        if (a.get("type").scalar() == "aws:cloudformation:stack") {
          templates.push_back(a.get("properties").get("templateFile"));
        }
      }
      prefetch_inside(templates, folder);
    }
    for (std::size_t i = 0; i < artifacts.size(); ++i) {
      const model::Member a = artifacts.member(i);
      const std::string_view type = a.value.get("type").scalar();
      const model::NodeRef properties = a.value.get("properties");
      if (type == "aws:cloudformation:stack") {
        const auto loaded = load_named(properties.get("templateFile"), "templateFile", {});
        if (!loaded) {
          continue;
        }
        if (classify(loaded->document->document) != DocumentKind::cfn_template) {
          m_out.report("LD004", properties.get("templateFile").range(),
                       "'" + display_of(loaded->path) +
                           "' is not a CloudFormation template (no 'Resources')");
          set.incomplete = true;
          continue;
        }
        std::optional<std::string> account;
        std::optional<std::string> region;
        parse_environment(a.value.get("environment").scalar(), account, region);
        const model::NodeRef stack_name = properties.get("stackName");
        add_template(
            loaded->path, *loaded->document,
            stack_name.is_string() ? std::string(stack_name.scalar()) : std::string(a.key.scalar()),
            set, region, account);
      } else if (type == "cdk:cloud-assembly") {
        if (depth >= k_max_nesting) {
          m_out.report("LD005", a.key.range(),
                       "nested cloud assemblies go deeper than " + std::to_string(k_max_nesting) +
                           " levels; this one is not read");
          set.incomplete = true;
          continue;
        }
        const auto loaded =
            load_named(properties.get("directoryName"), "directoryName", "manifest.json");
        if (!loaded) {
          continue;
        }
        if (classify(loaded->document->document) != DocumentKind::cloud_assembly) {
          m_out.report("LD004", properties.get("directoryName").range(),
                       "'" + display_of(loaded->path) + "' is not a cloud assembly manifest");
          set.incomplete = true;
          continue;
        }
        add_assembly(loaded->path.parent_path(), *loaded->document, depth + 1, &set);
      }
    }
    if (into == nullptr) {
      if (set.files.empty()) {
        m_result.notifications.push_back(Notification{
            Severity::warning,
            "the cloud assembly '" + set.label + "' holds no CloudFormation stack", set.label});
        return;
      }
      m_result.sets.push_back(std::move(own));
    }
  }

  void add_folder(const fs::path& folder) {
    std::error_code ec;
    const fs::path manifest = folder / "stacks.yaml";
    if (fs::is_regular_file(manifest, ec)) {
      const auto doc = m_loader.load(manifest, display_of(manifest), std::nullopt, m_out);
      if (!doc.ok()) {
        m_result.errors.push_back(doc.error());
        return;
      }
      if (doc.value() != nullptr && classify(doc.value()->document) == DocumentKind::manifest) {
        add_manifest(manifest, *doc.value());
        return;
      }
      if (doc.value() != nullptr) {
        m_out.report("LD004", SourceRange{doc.value()->document.file(), 0, 0},
                     "'stacks.yaml' is not a manifest: expected 'stacks:' with a list of file "
                     "names and optionally 'common:' with one");
      }
      return;
    }
    const fs::path assembly = folder / "manifest.json";
    if (fs::is_regular_file(assembly, ec)) {
      const auto doc = m_loader.load(assembly, display_of(assembly), std::nullopt, m_out);
      if (!doc.ok()) {
        m_result.errors.push_back(doc.error());
        return;
      }
      if (doc.value() != nullptr &&
          classify(doc.value()->document) == DocumentKind::cloud_assembly) {
        add_assembly(folder, *doc.value(), 0);
        return;
      }
      // Some other manifest.json: scan the folder as usual.
    }
    // The root of a CDK app (cdk.json): its synthesized cloud assembly, cdk.out.
    if (fs::is_regular_file(folder / "cdk.json", ec)) {
      if (fs::is_regular_file(folder / "cdk.out" / "manifest.json", ec)) {
        add_folder(folder / "cdk.out");
        return;
      }
      m_result.errors.push_back(Error{Error::Kind::io,
                                      "'" + display_of(folder) +
                                          "' is a CDK app without a cloud assembly: run `cdk "
                                          "synth` first, then check its cdk.out",
                                      display_of(folder)});
      return;
    }
    std::vector<fs::path> files;
    for (fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (is_scanned_name(it->path()) && it->path().filename() != "manifest.json") {
        files.push_back(it->path());
      }
    }
    if (ec) {
      m_result.errors.push_back(Error{Error::Kind::io,
                                      "cannot list '" + display_of(folder) + "': " + ec.message(),
                                      display_of(folder)});
      return;
    }
    std::sort(files.begin(), files.end());
    const fs::path root = absolute_of(folder);
    {
      std::vector<fs::path> inside;
      std::vector<std::string> displays;
      for (const fs::path& file : files) {
        if (is_within(root, absolute_of(file))) {
          inside.push_back(file);
          displays.push_back(display_of(file));
        }
      }
      m_loader.prefetch(inside, displays);
    }
    InputSet set;
    set.label = display_of(folder);
    InputSet templates;
    templates.kind = SetKind::templates;
    templates.label = display_of(folder);
    for (const fs::path& file : files) {
      if (!is_within(root, absolute_of(file))) {
        const FileId id =
            m_loader.sources().add(display_of(file), absolute_of(file).generic_string(), "");
        m_out.report("LD003", SourceRange{id, 0, 0},
                     "'" + display_of(file) + "' links outside the folder '" + display_of(folder) +
                         "'; it is not read");
        continue;
      }
      const auto doc = m_loader.load(file, display_of(file), std::nullopt, m_out);
      if (!doc.ok()) {
        m_result.errors.push_back(doc.error());
        continue;
      }
      add_document(file, doc.value(), set, templates, false);
    }
    const bool any =
        !set.files.empty() || !templates.files.empty() || set.incomplete || templates.incomplete;
    if (!set.files.empty()) {
      m_result.sets.push_back(std::move(set));
    }
    if (!templates.files.empty()) {
      m_result.sets.push_back(std::move(templates));
    }
    if (!any) {
      m_result.errors.push_back(Error{Error::Kind::io,
                                      "'" + display_of(folder) +
                                          "' holds no stacks.yaml, no cloud assembly "
                                          "(manifest.json), no parameter-set file and no "
                                          "CloudFormation template",
                                      display_of(folder)});
    }
  }

  void add_manifest(const fs::path& path, const load::ParsedDocument& manifest) {
    if (!m_manifests_added.insert(absolute_of(path).generic_string()).second) {
      return;  // named twice, or also found through a file it lists
    }
    InputSet set;
    const FileId manifest_id = manifest.document.file();
    set.label = m_loader.sources().file(manifest_id).path();
    set.manifest = manifest_id;
    const fs::path base = path.parent_path();
    const model::NodeRef top = manifest.document.root();

    auto add_entry = [&](const model::NodeRef& entry) {
      if (!entry.valid() || entry.is_null()) {
        return;
      }
      if (!entry.is_string() || entry.scalar().empty()) {
        m_out.report("LD003", entry.range(),
                     "a manifest entry must be a file name, found " + model::describe(entry));
        set.incomplete = true;
        return;
      }
      const auto doc = load_inside(
          entry, base,
          "the manifest's folder '" + display_of(base.empty() ? fs::path(".") : base) + "'", set);
      if (!doc) {
        return;
      }
      const std::string display = display_of(doc->path);
      const DocumentKind kind = classify(doc->document->document);
      if (kind == DocumentKind::parameter_set || kind == DocumentKind::empty) {
        set.files.push_back(
            SetFile{doc->document->document.file(), doc->document, {}, {}, {}, false, {}, {}});
      } else {
        set.incomplete = true;
        m_out.report("LD004", entry.range(),
                     "'" + display + "' is listed as a parameter-set file but is " +
                         (kind == DocumentKind::manifest         ? "a manifest"
                          : kind == DocumentKind::cfn_template   ? "a CloudFormation template"
                          : kind == DocumentKind::cloud_assembly ? "a cloud assembly manifest"
                                                                 : "not a mapping of modules"));
      }
    };
    const model::NodeRef stacks = top.get("stacks");
    {
      std::vector<model::NodeRef> entries{top.get("common")};
      for (std::size_t i = 0; i < stacks.size(); ++i) {
        entries.push_back(stacks.item(i));
      }
      prefetch_inside(entries, base);
    }
    add_entry(top.get("common"));
    for (std::size_t i = 0; i < stacks.size(); ++i) {
      add_entry(stacks.item(i));
    }
    m_result.sets.push_back(std::move(set));
  }

  // A manifest met while searching a folder, with the files it lists (absolute, canonical).
  struct Listing {
    std::string name;  // its file name in the folder
    std::vector<std::string> files;
  };

  // The folders searched for a manifest that lists a file in `start` (absolute, canonical):
  // `start`, then each parent, up to and including the enclosing git work tree root (the
  // first folder holding .git) or the filesystem root. The last folder is the root: nothing
  // outside it is read.
  static std::vector<fs::path> search_folders(const fs::path& start) {
    std::vector<fs::path> folders;
    fs::path folder = start;
    while (true) {
      folders.push_back(folder);
      std::error_code ec;
      if (fs::exists(fs::symlink_status(folder / ".git", ec))) {
        break;
      }
      fs::path parent = folder.parent_path();
      if (parent.empty() || parent == folder) {
        break;
      }
      folder = std::move(parent);
    }
    return folders;
  }

  // The manifests of `folder` (absolute, canonical), in file-name order; `root` bounds what is
  // read (a symlink leading outside it is skipped). Only files that may_be_manifest() are
  // parsed, quietly and outside the run's sources, and only manifests are kept. Cached per
  // folder: the root of a folder does not depend on where the search started.
  const std::vector<Listing>& manifests_in(const fs::path& folder, const fs::path& root) {
    const std::string key = folder.generic_string();
    if (const auto it = m_listings.find(key); it != m_listings.end()) {
      return it->second;
    }
    std::vector<fs::path> names;
    std::error_code ec;
    for (fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (is_manifest_name(it->path())) {
        names.push_back(it->path().filename());
      }
    }
    std::sort(names.begin(), names.end());
    std::vector<Listing> found;
    for (const fs::path& name : names) {
      const fs::path file = absolute_of(folder / name);
      if (!is_within(root, file)) {
        continue;
      }
      load::ReadOutcome read = load::read_file(file, m_loader.limits());
      if (read.status != load::ReadStatus::ok || load::check_text(read.text) ||
          !may_be_manifest(read.text)) {
        continue;
      }
      SourceManager scratch;
      Diagnostics quiet;
      const FileId id =
          scratch.add(name.generic_string(), file.generic_string(), std::move(read.text));
      const load::ParsedDocument parsed =
          load::parse_yaml(scratch.file(id), id, schema_for(name), m_loader.limits(), quiet);
      if (parsed.failed || classify(parsed.document) != DocumentKind::manifest) {
        continue;
      }
      Listing listing{name.generic_string(), {}};
      const model::NodeRef top = parsed.document.root();
      auto add_entry = [&](const model::NodeRef& entry) {
        if (!entry.is_string() || entry.scalar().empty()) {
          return;
        }
        const fs::path rel(std::string(entry.scalar()));
        const fs::path target = absolute_of(folder / rel);
        // An entry that leaves the manifest's folder is refused when the set is loaded.
        if (!rel.is_absolute() && is_within(folder, target)) {
          listing.files.push_back(target.generic_string());
        }
      };
      add_entry(top.get("common"));
      const model::NodeRef stacks = top.get("stacks");
      for (std::size_t i = 0; i < stacks.size(); ++i) {
        add_entry(stacks.item(i));
      }
      found.push_back(std::move(listing));
    }
    return m_listings.emplace(key, std::move(found)).first->second;
  }

  // Adds the parameter set of every manifest in the nearest folder (from the file's own up to
  // the work tree root) that holds one listing `file`, as if that manifest had been named.
  // Returns false when no manifest lists the file.
  bool add_listing_manifests(const fs::path& file) {
    const fs::path absolute = absolute_of(file);
    const std::string wanted = absolute.generic_string();
    const std::vector<fs::path> folders = search_folders(absolute.parent_path());
    const fs::path& root = folders.back();
    // The folder as the user would write it: the named file's folder, then `..` once per level,
    // unless symlinks make that another folder; then the absolute path.
    fs::path written = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    for (const fs::path& folder : folders) {
      const fs::path shown = written.lexically_normal();
      const fs::path base = absolute_of(shown) == folder ? shown : folder;
      written /= "..";
      std::vector<std::string> listing;
      for (const Listing& m : manifests_in(folder, root)) {
        if (std::find(m.files.begin(), m.files.end(), wanted) != m.files.end()) {
          listing.push_back(m.name);
        }
      }
      if (listing.empty()) {
        continue;
      }
      bool added = false;
      for (const std::string& name : listing) {
        const fs::path path = base / name;
        const auto doc = m_loader.load(path, display_of(path), std::nullopt, m_out);
        if (!doc.ok()) {
          m_result.errors.push_back(doc.error());
          continue;
        }
        if (doc.value() != nullptr && classify(doc.value()->document) == DocumentKind::manifest) {
          add_manifest(path, *doc.value());
          added = true;
        }
      }
      return added;  // false only when the manifest changed under us: the file stays on its own
    }
    return false;
  }

  static constexpr int k_max_nesting = 8;  // nested stacks, nested cloud assemblies

  Loader& m_loader;
  Diagnostics& m_out;
  Discovery& m_result;
  InputSet m_loose;
  InputSet m_loose_templates;
  std::set<std::string> m_manifests_added;  // absolute paths
  std::vector<FileId> m_template_chain;     // the parents of the template being added
  std::map<std::string, std::vector<Listing>> m_listings;  // folder -> its manifests
};

}  // namespace

Discovery discover(std::span<const std::string> paths, Loader& loader, Diagnostics& out) {
  Discovery result;
  Discoverer d(loader, out, result);
  for (const std::string& p : paths) {
    d.add_path(p);
  }
  d.finish();
  return result;
}

}  // namespace ssmpf::paramset
