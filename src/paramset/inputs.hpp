// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/result.hpp"
#include "base/source.hpp"
#include "load/limits.hpp"
#include "load/yaml_loader.hpp"

namespace ssmpf::paramset {

// What a document is, judged from its top level.
enum class DocumentKind : std::uint8_t {
  empty,           // no YAML document at all
  manifest,        // common: FILE, stacks: [FILE...]
  parameter_set,   // modules -> groups -> resources
  cfn_template,    // Resources / AWSTemplateFormatVersion
  cloud_assembly,  // cdk.out/manifest.json
  unrecognised,
};

[[nodiscard]] DocumentKind classify(const model::Document& document) noexcept;

// One loaded file of an input set.
struct SetFile {
  FileId file;
  const load::ParsedDocument* parsed = nullptr;
  // Templates only: the stack the template deploys, and its environment when known.
  std::string stack;
  std::optional<std::string> region;
  std::optional<std::string> account;
  bool nested = false;          // a nested stack's template: its parameters come from the parent
  std::string parent;           // nested: the parent's stack name
  std::string parent_resource;  // nested: the AWS::CloudFormation::Stack resource's logical id
};

enum class SetKind : std::uint8_t {
  parameter_set,  // files merged into one parameter set, in merge order
  templates,      // CloudFormation templates deployed together (one stack, or an assembly)
};

// The files analysed together: one parameter set, or templates that reference each other.
struct InputSet {
  SetKind kind = SetKind::parameter_set;
  std::string label;  // the manifest or folder, for messages
  std::optional<FileId> manifest;
  std::vector<SetFile> files;
  bool incomplete = false;  // a file of the set could not be read or parsed
};

// Reads and parses input files once each, keeping every document at a stable address.
class Loader {
 public:
  // `jobs` threads read and parse the files of prefetch(); 0 means one per core.
  Loader(SourceManager& sources, const load::Limits& limits, unsigned jobs = 0)
      : m_sources(sources), m_limits(limits), m_jobs(jobs) {}

  // Loads `path`. Problems with the file become diagnostics at `site` (a manifest entry) or in
  // the file itself; without a site, a missing or unreadable file is an Error (exit code 2).
  // Returns nullptr when nothing could be parsed.
  Result<const load::ParsedDocument*> load(const std::filesystem::path& path,
                                           const std::string& display,
                                           std::optional<SourceRange> site, Diagnostics& out);

  // Reads and parses `paths` in parallel ahead of the load() calls that will ask for them
  // (with the display names display_of() gives). load() takes each result in the order it is
  // called, so file ids, diagnostics and output are the same as without prefetching. A file
  // that cannot be read or is not clean text is left for load() to report.
  void prefetch(const std::vector<std::filesystem::path>& paths,
                const std::vector<std::string>& displays);

  [[nodiscard]] SourceManager& sources() noexcept { return m_sources; }
  [[nodiscard]] const load::Limits& limits() const noexcept { return m_limits; }
  [[nodiscard]] std::size_t files_read() const noexcept { return m_by_path.size(); }
  // How many of the files read came from prefetch().
  [[nodiscard]] std::size_t files_prefetched() const noexcept { return m_prefetch_used; }

 private:
  // A file read and parsed by prefetch(), before it has a FileId.
  struct Prefetched {
    std::unique_ptr<SourceFile> file;
    load::ParsedDocument parsed;
    std::vector<Diagnostic> diagnostics;  // ranges in the placeholder file k_unbound
  };
  static constexpr FileId k_unbound{UINT32_MAX - 1};

  SourceManager& m_sources;
  const load::Limits& m_limits;
  unsigned m_jobs = 0;
  std::size_t m_prefetch_used = 0;
  std::unordered_map<std::string, Prefetched> m_prefetched;  // absolute path -> its result
  std::deque<load::ParsedDocument> m_documents;
  std::map<std::string, const load::ParsedDocument*, std::less<>> m_by_path;
};

struct Discovery {
  std::vector<InputSet> sets;
  std::vector<Notification> notifications;
  std::vector<Error> errors;  // usage and I/O errors: the run exits 2, findings are kept
};

// Turns command-line paths into input sets: a manifest is a parameter set of its own; a cloud
// assembly (a folder with manifest.json, or that file) is a template set of its stacks and their
// nested stacks; a folder is its stacks.yaml, else its manifest.json, else its *.yaml/*.yml
// parameter-set files as one set and its templates (*.json, *.yaml, *.yml, *.template) as
// another. A parameter-set file named on its own (as pre-commit passes them) brings in the
// whole set of the nearest manifest that lists it: the manifests of its folder, then of each
// parent up to the enclosing git work tree root (a folder holding .git) or the filesystem
// root; every manifest of that nearest folder that lists it counts, in file-name order. Each
// manifest is checked once however it was reached. The remaining files named on the command
// line form one parameter set merged in the order given and one template set.
[[nodiscard]] Discovery discover(std::span<const std::string> paths, Loader& loader,
                                 Diagnostics& out);

}  // namespace ssmpf::paramset
