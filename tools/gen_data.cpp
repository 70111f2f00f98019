// SPDX-License-Identifier: Apache-2.0
// Build-time generator: turns rules/<family>/<ID>.yaml into C++ tables (RuleMeta) and embeds
// data files (kinds table, schemas) so the binary is self-contained and starts without parsing
// rule files. Full validation against schemas/rule.schema.json happens in the registry test;
// here only what the tables need is checked, and any problem fails the build.
//
// usage: gen_data OUTPUT.cpp SOURCE_DIR --rules FILE... --embed FILE...
//   (FILE paths relative to SOURCE_DIR)

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Failure {
  std::string message;
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Failure{"cannot read " + path};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The validator ignores annotations, so the embedded copies of the parameter-set schemas leave
// them out (descriptions are most of their text, and parsing them is start-up time). Only keys
// in schema position are dropped: a property named "description" stays.
void strip_annotations(nlohmann::json& schema) {
  if (!schema.is_object()) {
    return;
  }
  for (const char* key : {"description", "markdownDescription", "title", "$comment", "examples"}) {
    schema.erase(key);
  }
  for (const char* key : {"items", "additionalProperties", "additionalItems", "not", "if", "then",
                          "else", "contains", "propertyNames"}) {
    if (auto it = schema.find(key); it != schema.end()) {
      if (it->is_array()) {
        for (auto& item : *it) {
          strip_annotations(item);
        }
      } else {
        strip_annotations(*it);
      }
    }
  }
  for (const char* key : {"anyOf", "oneOf", "allOf"}) {
    if (auto it = schema.find(key); it != schema.end() && it->is_array()) {
      for (auto& item : *it) {
        strip_annotations(item);
      }
    }
  }
  for (const char* key : {"properties", "patternProperties", "definitions", "$defs"}) {
    if (auto it = schema.find(key); it != schema.end() && it->is_object()) {
      for (auto& [name, value] : it->items()) {
        strip_annotations(value);
      }
    }
  }
}

// What is embedded for a data file: parameter-set schemas minified without annotations, other
// files as they are.
std::string embedded_text(const std::string& relative, const std::string& text) {
  if (relative.rfind("schemas/parameter-set/", 0) != 0 || relative.size() < 5 ||
      relative.compare(relative.size() - 5, 5, ".json") != 0) {
    return text;
  }
  nlohmann::json schema = nlohmann::json::parse(text);
  strip_annotations(schema);
  return schema.dump();
}

// A C++ string literal for arbitrary bytes.
std::string literal(const std::string& text) {
  std::string out = "\"";
  int since_break = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += "\\n\"\n    \"";
      since_break = 0;
      continue;
    }
    if (since_break > 4000) {
      out += "\"\n    \"";
      since_break = 0;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '?') {
      out += "\\?";  // no trigraphs
    } else if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
    ++since_break;
  }
  out += '"';
  return out;
}

std::string sv(const std::string& text) {
  return "std::string_view(" + literal(text) + ", " + std::to_string(text.size()) + ")";
}

std::string required_string(const YAML::Node& node, const char* key, const std::string& file) {
  const YAML::Node v = node[key];
  if (!v || !v.IsScalar() || v.Scalar().empty()) {
    throw Failure{file + ": '" + key + "' must be a non-empty string"};
  }
  return v.Scalar();
}

std::string optional_string(const YAML::Node& node, const char* key, const std::string& file) {
  const YAML::Node v = node[key];
  if (!v) {
    return {};
  }
  if (!v.IsScalar()) {
    throw Failure{file + ": '" + key + "' must be a string"};
  }
  return v.Scalar();
}

std::vector<std::string> string_list(const YAML::Node& node, const char* key,
                                     const std::string& file) {
  std::vector<std::string> out;
  const YAML::Node v = node[key];
  if (!v) {
    return out;
  }
  if (!v.IsSequence()) {
    throw Failure{file + ": '" + key + "' must be a list"};
  }
  for (const auto& item : v) {
    if (!item.IsScalar()) {
      throw Failure{file + ": '" + key + "' must hold strings"};
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> example(const YAML::Node& doc, const char* key,
                                                         const std::string& file) {
  const YAML::Node v = doc[key];
  std::vector<std::pair<std::string, std::string>> out;
  if (!v) {
    throw Failure{file + ": doc." + key + " is missing"};
  }
  if (v.IsScalar()) {
    out.emplace_back("example.yaml", v.Scalar());
  } else if (v.IsMap()) {
    for (const auto& member : v) {
      if (!member.second.IsScalar()) {
        throw Failure{file + ": doc." + key + " files must be strings"};
      }
      out.emplace_back(member.first.Scalar(), member.second.Scalar());
    }
  } else {
    throw Failure{file + ": doc." + key + " must be a string or a mapping of files"};
  }
  return out;
}

struct Rule {
  std::string id;
  std::string path;
  YAML::Node node;
};

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 3) {
      throw Failure{"usage: gen_data OUTPUT.cpp SOURCE_DIR --rules FILE... --embed FILE..."};
    }
    const std::string output = argv[1];
    const std::string source_dir = argv[2];
    std::vector<std::string> rule_files;
    std::vector<std::string> embed_files;
    std::vector<std::string>* target = nullptr;
    for (int i = 3; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--rules") {
        target = &rule_files;
      } else if (arg == "--embed") {
        target = &embed_files;
      } else if (target != nullptr) {
        target->push_back(arg);
      } else {
        throw Failure{"unexpected argument " + arg};
      }
    }

    std::vector<Rule> loaded;
    loaded.reserve(rule_files.size());
    for (const std::string& rel : rule_files) {
      const std::string text = read(source_dir + "/" + rel);
      YAML::Node node = YAML::Load(text);
      const std::string id = required_string(node, "id", rel);
      // rules/<family>/<ID>.yaml
      const std::string expected_suffix = "/" + id + ".yaml";
      if (rel.size() < expected_suffix.size() ||
          rel.compare(rel.size() - expected_suffix.size(), expected_suffix.size(),
                      expected_suffix) != 0) {
        throw Failure{rel + ": the file name must be the rule id (" + id + ".yaml)"};
      }
      loaded.push_back(Rule{id, rel, node});
    }
    // Sorted by id. Pointers are sorted, not the rules: assigning a YAML::Node may throw.
    std::vector<const Rule*> rules;
    rules.reserve(loaded.size());
    for (const Rule& rule : loaded) {
      rules.push_back(&rule);
    }
    std::sort(rules.begin(), rules.end(),
              [](const Rule* a, const Rule* b) { return a->id < b->id; });
    for (std::size_t i = 1; i < rules.size(); ++i) {
      if (rules[i]->id == rules[i - 1]->id) {
        throw Failure{"duplicate rule id " + rules[i]->id};
      }
    }

    std::ostringstream out;
    out << "// Generated by tools/gen_data.cpp from rules/ and schemas/. Do not edit.\n"
        << "#include <array>\n#include <string_view>\n\n#include \"engine/rule_meta.hpp\"\n\n"
        << "namespace ssmpf::data {\nnamespace {\n\nusing engine::ExampleFile;\n"
        << "using engine::EmbeddedFile;\nusing engine::RuleMeta;\n\n";

    for (std::size_t r = 0; r < rules.size(); ++r) {
      const Rule& rule = *rules[r];
      const YAML::Node& n = rule.node;
      const std::string& file = rule.path;
      const YAML::Node doc = n["doc"];
      if (!doc || !doc.IsMap()) {
        throw Failure{file + ": 'doc' must be a mapping"};
      }
      auto emit_list = [&](const std::string& name, const std::vector<std::string>& items) {
        out << "constexpr std::array<std::string_view, " << items.size() << "> " << name << "{";
        for (const auto& item : items) {
          out << sv(item) << ", ";
        }
        out << "};\n";
      };
      auto emit_files = [&](const std::string& name,
                            const std::vector<std::pair<std::string, std::string>>& files) {
        out << "constexpr std::array<ExampleFile, " << files.size() << "> " << name << "{{";
        for (const auto& [fname, content] : files) {
          out << "{" << sv(fname) << ", " << sv(content) << "},\n";
        }
        out << "}};\n";
      };
      const std::string p = "r" + std::to_string(r) + "_";
      emit_list(p + "tags", string_list(n, "tags", file));
      emit_list(p + "aliases", string_list(n, "aliases", file));
      emit_list(p + "references", string_list(doc, "references", file));
      emit_files(p + "flagged", example(doc, "flagged", file));
      emit_files(p + "fixed", example(doc, "fixed", file));
    }

    out << "\nconstexpr std::array<RuleMeta, " << rules.size() << "> k_rules{{\n";
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const Rule& rule = *rules[r];
      const YAML::Node& n = rule.node;
      const std::string& file = rule.path;
      const YAML::Node doc = n["doc"];
      const std::string p = "r" + std::to_string(r) + "_";
      const std::string severity = required_string(n, "severity", file);
      if (severity != "error" && severity != "warning" && severity != "note") {
        throw Failure{file + ": severity must be error, warning or note"};
      }
      std::string family = rule.id.substr(0, rule.id.find_first_of("0123456789"));
      out << "  RuleMeta{\n"
          << "    .id = " << sv(rule.id) << ",\n"
          << "    .name = " << sv(required_string(n, "name", file)) << ",\n"
          << "    .family = " << sv(family) << ",\n"
          << "    .summary = " << sv(required_string(n, "summary", file)) << ",\n"
          << "    .severity = Severity::" << severity << ",\n"
          << "    .category = " << sv(required_string(n, "category", file)) << ",\n"
          << "    .tags = " << p << "tags,\n"
          << "    .stage = " << sv(required_string(n, "stage", file)) << ",\n"
          << "    .since = " << sv(required_string(n, "since", file)) << ",\n"
          << "    .aliases = " << p << "aliases,\n"
          << "    .rationale = " << sv(required_string(doc, "rationale", file)) << ",\n"
          << "    .flagged = " << p << "flagged,\n"
          << "    .fixed = " << p << "fixed,\n"
          << "    .exceptions = " << sv(optional_string(doc, "exceptions", file)) << ",\n"
          << "    .options = " << sv(optional_string(doc, "options", file)) << ",\n"
          << "    .references = " << p << "references,\n"
          << "    .source_path = " << sv(file) << ",\n"
          << "  },\n";
    }
    out << "}};\n\n";

    std::sort(embed_files.begin(), embed_files.end());
    out << "constexpr std::array<EmbeddedFile, " << embed_files.size() << "> k_files{{\n";
    for (const std::string& rel : embed_files) {
      out << "  EmbeddedFile{" << sv(rel) << ", "
          << sv(embedded_text(rel, read(source_dir + "/" + rel))) << "},\n";
    }
    out << "}};\n\n}  // namespace\n\n"
        << "std::span<const engine::RuleMeta> builtin_rules() noexcept { return k_rules; }\n"
        << "std::span<const engine::EmbeddedFile> embedded_files() noexcept { return k_files; }\n\n"
        << "}  // namespace ssmpf::data\n";

    const std::string text = out.str();
    // Rewrite only when the content changed, so dependants are not rebuilt needlessly.
    std::ifstream existing(output, std::ios::binary);
    if (existing) {
      std::ostringstream ss;
      ss << existing.rdbuf();
      if (ss.str() == text) {
        return 0;
      }
    }
    std::ofstream file(output, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file) {
      throw Failure{"cannot write " + output};
    }
    return 0;
  } catch (const Failure& f) {
    std::cerr << "gen_data: error: " << f.message << "\n";
    return 1;
  } catch (const YAML::Exception& e) {
    std::cerr << "gen_data: error: " << e.what() << "\n";
    return 1;
  }
}
