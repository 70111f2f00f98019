// SPDX-License-Identifier: Apache-2.0
#include "load/yaml_loader.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <istream>
#include <optional>
#include <streambuf>
#include <string>
#include <unordered_map>

#include "base/text.hpp"
#include "load/fast_yaml.hpp"
#include "load/yaml_builder.hpp"

namespace ssmpf::load {

namespace {

using detail::Builder;
using detail::Stop;

// An input stream over text that is not copied.
class ViewBuffer final : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view text) {
    // streambuf wants non-const pointers; the buffer is only ever read.
    char* begin = const_cast<char*>(text.data());  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    setg(begin, begin, begin + text.size());
  }
};

// A tab in the leading whitespace of the line at `offset` or of the line before it.
std::optional<std::uint32_t> indentation_tab(const SourceFile& file, std::uint32_t offset) {
  const std::uint32_t line = file.position(offset).line;
  for (std::uint32_t l = line; l >= 1 && l + 1 >= line; --l) {
    const std::string_view text = file.line_text(l);
    for (std::size_t i = 0; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
      if (text[i] == '\t') {
        return file.line_start(l) + static_cast<std::uint32_t>(i);
      }
    }
    if (l == 1) {
      break;
    }
  }
  return std::nullopt;
}

std::string lower_first(std::string message) {
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') {
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  }
  return message;
}

}  // namespace

ParsedDocument parse_yaml(const SourceFile& file, FileId id, model::Schema schema,
                          const Limits& limits, Diagnostics& out) {
  if (std::optional<ParsedDocument> fast = parse_fast(file, id, schema, limits)) {
    return std::move(*fast);
  }
  return detail::parse_yaml_reference(file, id, schema, limits, out);
}

ParsedDocument detail::parse_yaml_reference(const SourceFile& file, FileId id, model::Schema schema,
                                            const Limits& limits, Diagnostics& out) {
  ParsedDocument result;
  const std::string_view text = file.text();
  Builder builder(text, file.bom_size(), id, schema, limits);
  auto fail = [&](const char* rule, std::uint32_t offset, std::string message) {
    out.report(rule, SourceRange{id, offset, offset}, std::move(message));
    result.failed = true;
  };
  try {
    ViewBuffer buffer(text);
    std::istream stream(&buffer);
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
    result.document = builder.finish();
    result.duplicates = builder.take_duplicates();
    return result;
  } catch (const Stop& stop) {
    fail(stop.rule, stop.offset, stop.message);
  } catch (const YAML::DeepRecursion& e) {
    fail("LD005", file.bom_size() + static_cast<std::uint32_t>(std::max(e.mark.pos, 0)),
         "nesting deeper than the YAML parser allows");
  } catch (const YAML::Exception& e) {
    std::uint32_t offset =
        e.mark.is_null() ? file.bom_size()
                         : file.bom_size() + static_cast<std::uint32_t>(std::max(e.mark.pos, 0));
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
    std::string message = lower_first(e.msg);
    // The most common cause of a confusing parser message: a tab in the indentation.
    if (const auto tab = indentation_tab(file, offset)) {
      message += "; line " + std::to_string(file.position(*tab).line) +
                 " is indented with a tab, and YAML indents with spaces only";
      offset = *tab;
    }
    fail("LD001", offset, std::move(message));
  }
  result.document = model::Document(id);
  return result;
}

namespace {

// What a value is, for "what is lost" messages.
std::string describe_lost(const model::NodeRef& value) {
  if (value.is_sequence()) {
    return "a list of " + plural(value.size(), "item");
  }
  if (value.is_mapping()) {
    return "a mapping of " + plural(value.size(), "key");
  }
  return model::describe(value);
}

}  // namespace

void report_duplicate_keys(const ParsedDocument& parsed, const SourceManager& sources,
                           std::string_view keeper, Diagnostics& out) {
  const model::Document& doc = parsed.document;
  for (const DuplicateKey& d : parsed.duplicates) {
    const model::NodeRef prev_key(&doc, d.previous_key);
    const model::NodeRef prev_value(&doc, d.previous_value);
    const model::NodeRef key(&doc, d.key);
    const SourceRange earlier = prev_key.range();
    out.report("LD002", key.range(),
               "key '" + abbreviate(key.scalar(), 60) + "' repeats in this mapping; " +
                   std::string(keeper) + " keeps this value and drops the one at line " +
                   std::to_string(sources.file(earlier.file).position(earlier.begin).line) + " (" +
                   describe_lost(prev_value) + ")",
               {Related{earlier, "the earlier value, which is lost"}});
  }
}

}  // namespace ssmpf::load
