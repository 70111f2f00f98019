// SPDX-License-Identifier: Apache-2.0
#include "paramset/inputs.hpp"

#include <algorithm>
#include <system_error>

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

bool is_yaml_name(const fs::path& p) {
  const std::string ext = to_lower_ascii(p.extension().string());
  return (ext == ".yaml" || ext == ".yml") && !starts_with(p.filename().string(), ".");
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
    return it->second;
  }
  if (m_by_path.size() >= m_limits.max_files) {
    const std::string message = "more than " + std::to_string(m_limits.max_files) +
                                " input files (--max-files); '" + display + "' is not read";
    if (site) {
      out.report("LD005", *site, message);
      return static_cast<const load::ParsedDocument*>(nullptr);
    }
    return Error{Error::Kind::io, message, display};
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
  m_documents.push_back(load::parse_yaml(file, id, model::Schema::yaml11, m_limits, out));
  const load::ParsedDocument* parsed = &m_documents.back();
  m_by_path.emplace(key, parsed);
  return parsed->failed ? nullptr : parsed;
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
    add_document(path, doc.value(), m_loose);
  }

  void finish() {
    if (!m_loose.files.empty()) {
      m_loose.label = "the files named on the command line";
      m_result.sets.push_back(std::move(m_loose));
    }
  }

 private:
  // Adds a loaded document to `set`, or starts a manifest set for it.
  void add_document(const fs::path& path, const load::ParsedDocument* doc, InputSet& set) {
    if (doc == nullptr) {
      set.incomplete = true;  // already reported
      return;
    }
    const FileId id = doc->document.file();
    switch (classify(doc->document)) {
      case DocumentKind::manifest:
        add_manifest(path, *doc);
        return;
      case DocumentKind::cfn_template:
      case DocumentKind::cloud_assembly:
        m_result.notifications.push_back(Notification{
            Severity::warning,
            "'" + m_loader.sources().file(id).path() +
                "' is a CloudFormation template or cloud assembly; this version analyses "
                "parameter sets only, so it was skipped",
            m_loader.sources().file(id).path()});
        return;
      default:
        set.files.push_back(SetFile{id, doc});
        return;
    }
  }

  void add_folder(const fs::path& folder) {
    const fs::path manifest = folder / "stacks.yaml";
    std::error_code ec;
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
    std::vector<fs::path> files;
    for (fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (is_yaml_name(it->path())) {
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
    if (files.empty()) {
      m_result.errors.push_back(Error{
          Error::Kind::io, "'" + display_of(folder) + "' holds no stacks.yaml and no .yaml file",
          display_of(folder)});
      return;
    }
    const fs::path root = absolute_of(folder);
    InputSet set;
    set.label = display_of(folder);
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
      add_document(file, doc.value(), set);
    }
    if (!set.files.empty()) {
      m_result.sets.push_back(std::move(set));
    }
  }

  void add_manifest(const fs::path& path, const load::ParsedDocument& manifest) {
    InputSet set;
    const FileId manifest_id = manifest.document.file();
    set.label = m_loader.sources().file(manifest_id).path();
    set.manifest = manifest_id;
    const fs::path base = path.parent_path();
    const fs::path root = absolute_of(base.empty() ? fs::path(".") : base);
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
      const fs::path rel(std::string(entry.scalar()));
      const fs::path target = base / rel;
      const std::string display = display_of(target);
      if (rel.is_absolute() || !is_within(root, absolute_of(target))) {
        m_out.report("LD003", entry.range(),
                     "'" + std::string(entry.scalar()) + "' lies outside the manifest's folder '" +
                         display_of(base.empty() ? fs::path(".") : base) + "'; it is not read");
        set.incomplete = true;
        return;
      }
      const auto doc = m_loader.load(target, display, entry.range(), m_out);
      if (!doc.ok()) {
        m_result.errors.push_back(doc.error());
        set.incomplete = true;
        return;
      }
      if (doc.value() == nullptr) {
        set.incomplete = true;
        return;
      }
      const DocumentKind kind = classify(doc.value()->document);
      if (kind == DocumentKind::parameter_set || kind == DocumentKind::empty) {
        set.files.push_back(SetFile{doc.value()->document.file(), doc.value()});
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
    add_entry(top.get("common"));
    const model::NodeRef stacks = top.get("stacks");
    for (std::size_t i = 0; i < stacks.size(); ++i) {
      add_entry(stacks.item(i));
    }
    m_result.sets.push_back(std::move(set));
  }

  Loader& m_loader;
  Diagnostics& m_out;
  Discovery& m_result;
  InputSet m_loose;
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
