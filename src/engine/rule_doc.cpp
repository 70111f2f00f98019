// SPDX-License-Identifier: Apache-2.0
#include "engine/rule_doc.hpp"

#include <algorithm>

namespace ssmpf::engine {

namespace {

std::string indent(std::string_view text, std::string_view prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      nl = text.size();
    }
    const std::string_view line = text.substr(start, nl - start);
    if (!line.empty()) {
      out += prefix;
      out += line;
    }
    out += '\n';
    start = nl + 1;
  }
  return out;
}

std::string trim_newlines(std::string_view s) {
  while (!s.empty() && s.back() == '\n') {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::string example_text(std::span<const ExampleFile> files) {
  std::string out;
  for (const ExampleFile& f : files) {
    if (files.size() > 1 || f.name != "example.yaml") {
      out += "  # " + std::string(f.name) + "\n";
    }
    out += indent(trim_newlines(f.content), "  ");
  }
  return out;
}

std::string example_markdown(std::span<const ExampleFile> files) {
  std::string out;
  for (const ExampleFile& f : files) {
    if (files.size() > 1 || f.name != "example.yaml") {
      out += "`" + std::string(f.name) + "`:\n\n";
    }
    out += "```yaml\n" + trim_newlines(f.content) + "\n```\n\n";
  }
  return out;
}

std::string tags_of(const RuleMeta& rule) {
  std::string out;
  for (const std::string_view t : rule.tags) {
    out += (out.empty() ? "" : ", ") + std::string(t);
  }
  return out;
}

}  // namespace

std::string render_text(const RuleMeta& rule) {
  std::string out;
  out += std::string(rule.id) + " " + std::string(rule.name) + " (" +
         std::string(to_string(rule.severity)) + ", " + std::string(rule.category) + ")\n\n";
  out += std::string(rule.summary) + ".\n\n";
  out += "Why:\n" + indent(trim_newlines(rule.rationale), "  ") + "\n";
  out += "Flagged:\n" + example_text(rule.flagged) + "\n";
  out += "Fixed:\n" + example_text(rule.fixed);
  if (!rule.exceptions.empty()) {
    out += "\nExceptions:\n" + indent(trim_newlines(rule.exceptions), "  ");
  }
  if (!rule.options.empty()) {
    out += "\nOptions:\n" + indent(trim_newlines(rule.options), "  ");
  }
  if (!rule.references.empty()) {
    out += "\nReferences:\n";
    for (const std::string_view r : rule.references) {
      out += "  " + std::string(r) + "\n";
    }
  }
  return out;
}

std::string render_markdown(const RuleMeta& rule) {
  std::string out;
  out += "# " + std::string(rule.id) + " " + std::string(rule.name) + "\n\n";
  out += std::string(rule.summary) + ".\n\n";
  out += "- Default severity: " + std::string(to_string(rule.severity)) + "\n";
  out += "- Category: " + std::string(rule.category) + "\n";
  if (!rule.tags.empty()) {
    out += "- Tags: " + tags_of(rule) + "\n";
  }
  out += "- Since: " + std::string(rule.since) + "\n\n";
  out += "## Why\n\n" + trim_newlines(rule.rationale) + "\n\n";
  out += "## Flagged\n\n" + example_markdown(rule.flagged);
  out += "## Fixed\n\n" + example_markdown(rule.fixed);
  if (!rule.exceptions.empty()) {
    out += "## Exceptions\n\n" + trim_newlines(rule.exceptions) + "\n\n";
  }
  if (!rule.options.empty()) {
    out += "## Options\n\n" + trim_newlines(rule.options) + "\n\n";
  }
  if (!rule.references.empty()) {
    out += "## References\n\n";
    for (const std::string_view r : rule.references) {
      out += "- <" + std::string(r) + ">\n";
    }
    out += "\n";
  }
  return trim_newlines(out) + "\n";
}

std::string rules_table_markdown(const Registry& registry) {
  std::string out = "| id | name | severity | summary |\n|---|---|---|---|\n";
  for (const RuleMeta& r : registry.rules()) {
    std::string summary(r.summary);
    // Keep the table intact when a summary holds a pipe.
    std::string escaped;
    for (const char c : summary) {
      if (c == '|') {
        escaped += "\\|";
      } else {
        escaped += c;
      }
    }
    out += "| [" + std::string(r.id) + "](docs/rules/" + std::string(r.id) + ".md) | `" +
           std::string(r.name) + "` | " + std::string(to_string(r.severity)) + " | " + escaped +
           " |\n";
  }
  return out;
}

std::string rules_table_text(const Registry& registry) {
  std::size_t name_width = 4;
  for (const RuleMeta& r : registry.rules()) {
    name_width = std::max(name_width, r.name.size());
  }
  std::string out = "ID      " + std::string("NAME") + std::string(name_width - 4 + 2, ' ') +
                    "SEVERITY  SUMMARY\n";
  for (const RuleMeta& r : registry.rules()) {
    std::string id(r.id);
    id.resize(std::max<std::size_t>(id.size() + 2, 8), ' ');
    std::string name(r.name);
    name.resize(name_width + 2, ' ');
    std::string sev(to_string(r.severity));
    sev.resize(10, ' ');
    out += id + name + sev + std::string(r.summary) + "\n";
  }
  return out;
}

}  // namespace ssmpf::engine
