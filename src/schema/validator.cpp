// SPDX-License-Identifier: Apache-2.0
#include "schema/validator.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <variant>

#include "base/cidr.hpp"
#include "base/text.hpp"
#include "model/scalar.hpp"

namespace ssmpf::schema {

std::optional<std::string> ValueView::string_value(const model::NodeRef& node) const {
  if (!node.is_string()) {
    return std::nullopt;
  }
  return std::string(node.scalar());
}

namespace {

// Ordered so that property names keep their schema order (suggestion ties, messages).
using Json = nlohmann::ordered_json;
using model::NodeKind;
using model::NodeRef;
using model::ScalarStyle;
using model::ScalarType;

constexpr std::size_t k_max_listed_values = 8;
constexpr std::size_t k_max_quoted = 80;
// Active evaluation frames; deeper means a schema that recurses without descending into the
// value (or an absurdly deep value).
constexpr unsigned k_max_frames = 1024;

// A broken schema, found while compiling or evaluating. Caught in SchemaSet and returned as a
// configuration Error.
struct SchemaProblem {
  std::string message;
};

// ---------------------------------------------------------------------------------------------
// JSON types

enum class Type : std::uint8_t { object, array, string, integer, number, boolean, null };
constexpr std::size_t k_type_count = 7;

constexpr std::uint8_t type_bit(Type t) noexcept {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(t));
}

// Types in the order a schema lists them (messages keep that order).
class TypeList {
 public:
  void add(Type t) noexcept {
    if ((m_mask & type_bit(t)) == 0) {
      m_items[m_size++] = t;
      m_mask = static_cast<std::uint8_t>(m_mask | type_bit(t));
    }
  }
  void add(const TypeList& other) noexcept {
    for (const Type t : other.items()) {
      add(t);
    }
  }
  [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
  [[nodiscard]] bool has(Type t) const noexcept { return (m_mask & type_bit(t)) != 0; }
  [[nodiscard]] std::uint8_t mask() const noexcept { return m_mask; }
  [[nodiscard]] std::span<const Type> items() const noexcept { return {m_items.data(), m_size}; }

 private:
  std::array<Type, k_type_count> m_items{};
  std::size_t m_size = 0;
  std::uint8_t m_mask = 0;
};

std::optional<Type> parse_type(std::string_view name) noexcept {
  static constexpr std::array<std::pair<std::string_view, Type>, k_type_count> k_names{{
      {"object", Type::object},
      {"array", Type::array},
      {"string", Type::string},
      {"integer", Type::integer},
      {"number", Type::number},
      {"boolean", Type::boolean},
      {"null", Type::null},
  }};
  for (const auto& [text, type] : k_names) {
    if (text == name) {
      return type;
    }
  }
  return std::nullopt;
}

std::string_view type_word(Type t) noexcept {
  switch (t) {
    case Type::object:
      return "a mapping";
    case Type::array:
      return "a list";
    case Type::string:
      return "a string";
    case Type::integer:
      return "an integer";
    case Type::number:
      return "a number";
    case Type::boolean:
      return "a boolean";
    case Type::null:
      return "null";
  }
  return "a value";
}

bool is_integral(double d) noexcept {
  return std::isfinite(d) && std::floor(d) == d;
}

bool is_null_like(const NodeRef& n) noexcept {
  return n.kind() == NodeKind::null ||
         (n.kind() == NodeKind::scalar && n.type() == ScalarType::null);
}

// The JSON types a node has: an integer is also a number, an integral float also an integer.
// Timestamps and binary scalars have none.
std::uint8_t node_types(const NodeRef& n) noexcept {
  switch (n.kind()) {
    case NodeKind::null:
      return type_bit(Type::null);
    case NodeKind::sequence:
      return type_bit(Type::array);
    case NodeKind::mapping:
      return type_bit(Type::object);
    case NodeKind::scalar:
      break;
  }
  constexpr auto k_integer =
      static_cast<std::uint8_t>(type_bit(Type::integer) | type_bit(Type::number));
  switch (n.type()) {
    case ScalarType::null:
      return type_bit(Type::null);
    case ScalarType::boolean:
      return type_bit(Type::boolean);
    case ScalarType::integer:
      return k_integer;
    case ScalarType::floating: {
      const std::optional<double> d = n.as_double();
      return d && is_integral(*d) ? k_integer : type_bit(Type::number);
    }
    case ScalarType::string:
      return type_bit(Type::string);
    case ScalarType::timestamp:
    case ScalarType::binary:
      return 0;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Compiled schemas

enum class Format : std::uint8_t { none, ipv4_cidr, ipv6_cidr };

struct Schema;

struct Property {
  std::string name;
  const Schema* schema = nullptr;
};

struct PatternProperty {
  const RE2* regex = nullptr;
  const Schema* schema = nullptr;
};

// minimum, maximum, exclusiveMinimum, exclusiveMaximum.
struct Bound {
  double value = 0;
  std::optional<std::int64_t> integer;  // exact when the limit is an integer
  std::string text;                     // for messages
  bool exclusive = false;
};

// One compiled (sub)schema. Immutable once its compilation is committed; nodes never move.
struct Schema {
  const Schema* ref = nullptr;  // $ref: the target; other keywords are ignored (draft-04..07)
  TypeList types;

  // Objects
  std::vector<Property> properties;                                 // schema order
  std::vector<std::pair<std::string_view, const Schema*>> by_name;  // sorted by name
  std::vector<std::string_view> property_names;                     // schema order
  std::vector<PatternProperty> pattern_properties;
  const Schema* additional_properties = nullptr;  // null: any
  std::vector<std::string> required;
  std::optional<std::size_t> min_properties;
  std::optional<std::size_t> max_properties;

  // Arrays
  const Schema* items = nullptr;
  std::vector<const Schema*> tuple_items;
  const Schema* additional_items = nullptr;
  std::optional<std::size_t> min_items;
  std::optional<std::size_t> max_items;

  // Any value
  std::vector<Json> enum_values;
  std::optional<Json> const_value;

  // Numbers
  std::optional<Bound> minimum;
  std::optional<Bound> maximum;
  std::optional<Bound> exclusive_minimum;  // draft-06+ numeric form
  std::optional<Bound> exclusive_maximum;
  std::optional<Bound> multiple_of;

  // Strings
  std::optional<std::size_t> min_length;
  std::optional<std::size_t> max_length;
  const RE2* pattern = nullptr;
  std::string expected;  // x-expected: what a valid value is, for pattern and format messages

  // Combinators
  std::vector<const Schema*> all_of;
  std::vector<const Schema*> any_of;
  std::vector<const Schema*> one_of;
  const Schema* not_schema = nullptr;

  // One-byte members of the groups above, kept together to avoid padding.
  bool reject_all = false;                  // the schema `false`
  bool additional_forbidden = false;        // objects: additionalProperties is false
  bool additional_items_forbidden = false;  // arrays: additionalItems is false
  bool unique_items = false;                // arrays
  bool has_enum = false;                    // any value
  Format format = Format::none;             // strings

  // Which groups of checks apply (set when compiled).
  bool checks_members = false;
  bool checks_object = false;
  bool checks_array = false;
  bool checks_number = false;
  bool checks_string = false;
  bool checks_values = false;

  [[nodiscard]] const Schema* property(std::string_view name) const noexcept {
    const auto it = std::lower_bound(by_name.begin(), by_name.end(), name,
                                     [](const std::pair<std::string_view, const Schema*>& p,
                                        std::string_view n) { return p.first < n; });
    return it != by_name.end() && it->first == name ? it->second : nullptr;
  }
};

const Schema& resolve(const Schema* s) noexcept {
  while (s->ref != nullptr) {
    s = s->ref;
  }
  return *s;
}

// ---------------------------------------------------------------------------------------------
// JSON pointers

std::string escape_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// URI fragments may percent-encode characters of the pointer.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_digit_value(text[i + 1]);
      const int lo = hex_digit_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// RFC 6901. Null when the pointer is malformed or leads nowhere.
const Json* resolve_pointer(const Json& root, std::string_view pointer) {
  const Json* at = &root;
  if (pointer.empty()) {
    return at;
  }
  if (pointer.front() != '/') {
    return nullptr;
  }
  std::size_t pos = 1;
  while (true) {
    const std::size_t slash = std::min(pointer.find('/', pos), pointer.size());
    const std::string_view raw = pointer.substr(pos, slash - pos);
    std::string token;
    token.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') {
        token += raw[i];
        continue;
      }
      if (i + 1 >= raw.size() || (raw[i + 1] != '0' && raw[i + 1] != '1')) {
        return nullptr;
      }
      token += raw[i + 1] == '0' ? '~' : '/';
      ++i;
    }
    if (at->is_object()) {
      const auto it = at->find(token);
      if (it == at->end()) {
        return nullptr;
      }
      at = &*it;
    } else if (at->is_array()) {
      if (token.empty() || (token.size() > 1 && token.front() == '0') ||
          !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
          token.size() > 9) {
        return nullptr;
      }
      const std::size_t index = std::stoul(token);
      if (index >= at->size()) {
        return nullptr;
      }
      at = &(*at)[index];
    } else {
      return nullptr;
    }
    if (slash == pointer.size()) {
      return at;
    }
    pos = slash + 1;
  }
}

std::string location(std::string_view pointer) {
  return "'#" + std::string(pointer) + "'";
}

// ---------------------------------------------------------------------------------------------
// Documents and the store of compiled schemas

// NOLINTNEXTLINE(bugprone-exception-escape): false positive, a dead throw in nlohmann Json()
struct Doc {
  std::string name;
  std::string text;
  bool parsed = false;
  Json json;
  std::optional<std::string> parse_error;
  std::string id;  // $id (draft-06+) or id (draft-04), without a fragment
  // Compiled subschemas by canonical JSON pointer; entries are only ever added while compiling.
  std::unordered_map<std::string, const Schema*> compiled;
  const Schema* root = nullptr;
  std::optional<std::string> failure;  // why the document cannot be compiled
};

std::string strip_exception_prefix(std::string_view what) {
  // nlohmann messages start with "[json.exception.parse_error.101] ".
  if (!what.empty() && what.front() == '[') {
    const std::size_t close = what.find("] ");
    if (close != std::string_view::npos) {
      what.remove_prefix(close + 2);
    }
  }
  return std::string(what);
}

// Builds a document as Json::parse does, with each object's members collected first and
// stored at once: the ordered map otherwise grows one member at a time, copying every key on
// each reallocation, which was most of the cost of reading the schemas at start-up.
class DocumentReader final : public nlohmann::json_sax<Json> {
 public:
  [[nodiscard]] Json take() { return std::move(m_root); }

  bool null() override { return put(Json(nullptr)); }
  bool boolean(bool value) override { return put(Json(value)); }
  bool number_integer(number_integer_t value) override { return put(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return put(Json(value)); }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return put(Json(value));
  }
  bool string(string_t& value) override { return put(Json(std::move(value))); }
  bool binary(binary_t& value) override { return put(Json::binary(std::move(value))); }
  bool start_object(std::size_t /*size*/) override {
    m_open.push_back(Open{true, {}, {}, {}});
    return true;
  }
  bool key(string_t& name) override {
    m_open.back().key = std::move(name);
    return true;
  }
  bool end_object() override {
    Open o = std::move(m_open.back());
    m_open.pop_back();
    Json object(Json::value_t::object);
    auto& map = object.get_ref<Json::object_t&>();
    map.reserve(o.members.size());
    std::unordered_map<std::string_view, std::size_t> seen;
    const bool check = o.members.size() > 8;
    for (auto& [name, value] : o.members) {
      // A repeated key keeps its first place and its last value, as Json::parse does.
      std::size_t at = map.size();
      if (check) {
        at = seen.try_emplace(name, map.size()).first->second;
      } else {
        for (std::size_t i = 0; i < map.size(); ++i) {
          if (map.data()[i].first == name) {
            at = i;
            break;
          }
        }
      }
      if (at < map.size()) {
        map.data()[at].second = std::move(value);
      } else {
        map.emplace_back(std::move(name), std::move(value));
        if (check) {
          seen.insert_or_assign(map.back().first, at);
        }
      }
    }
    return put(std::move(object));
  }
  bool start_array(std::size_t /*size*/) override {
    m_open.push_back(Open{false, {}, Json(Json::value_t::array), {}});
    return true;
  }
  bool end_array() override {
    Json array = std::move(m_open.back().array);
    m_open.pop_back();
    return put(std::move(array));
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& error) override {
    throw error;
  }

 private:
  struct Open {
    bool object = false;
    std::vector<std::pair<std::string, Json>> members;
    Json array;
    std::string key;
  };

  bool put(Json&& value) {
    if (m_open.empty()) {
      m_root = std::move(value);
    } else if (Open& o = m_open.back(); o.object) {
      o.members.emplace_back(std::move(o.key), std::move(value));
    } else {
      o.array.get_ref<Json::array_t&>().push_back(std::move(value));
    }
    return true;
  }

  std::vector<Open> m_open;
  Json m_root;
};

void ensure_parsed(Doc& doc) {
  if (doc.parsed) {
    return;
  }
  doc.parsed = true;
  try {
    DocumentReader reader;
    Json::sax_parse(doc.text, &reader);
    doc.json = reader.take();
    // The parsed form is all that is used from now on.
    std::string().swap(doc.text);
  } catch (const nlohmann::json::exception& e) {
    doc.parse_error =
        "schema '" + doc.name + "' is not valid JSON: " + strip_exception_prefix(e.what());
    doc.json = Json();
    return;
  }
  if (!doc.json.is_object()) {
    return;
  }
  for (const char* key : {"$id", "id"}) {
    const auto it = doc.json.find(key);
    if (it != doc.json.end() && it->is_string()) {
      const auto& id = it->get_ref<const std::string&>();
      doc.id = id.substr(0, id.find('#'));
      break;
    }
  }
}

struct Store {
  std::vector<std::unique_ptr<Doc>> docs;
  std::map<std::string, std::size_t, std::less<>> by_name;
  std::deque<Schema> schemas;  // stable addresses
  std::map<std::string, std::unique_ptr<RE2>, std::less<>> regexes;

  Doc* find(std::string_view name) {
    const auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : docs[it->second].get();
  }

  // The document a `$ref` names: by the name given to `add`, by its `$id`, or by the last
  // segment of a URI or relative path.
  Doc* find_referenced(std::string_view name) {
    if (Doc* d = find(name)) {
      return d;
    }
    for (const auto& d : docs) {
      ensure_parsed(*d);
      if (!d->id.empty() && d->id == name) {
        return d.get();
      }
    }
    const std::size_t slash = name.rfind('/');
    if (slash != std::string_view::npos) {
      return find(name.substr(slash + 1));
    }
    return nullptr;
  }

  void reset_compiled() {
    for (const auto& d : docs) {
      d->compiled.clear();
      d->root = nullptr;
      d->failure.reset();
    }
    schemas.clear();
  }
};

// Compiles one document and what it references, as a transaction: on failure everything
// added is removed again, so the store only ever holds complete, consistent graphs.
class Compiler {
 public:
  explicit Compiler(Store& store) : m_store(store), m_mark(store.schemas.size()) {}
  Compiler(const Compiler&) = delete;
  Compiler& operator=(const Compiler&) = delete;
  Compiler(Compiler&&) = delete;
  Compiler& operator=(Compiler&&) = delete;
  ~Compiler() {
    if (!m_committed) {
      for (const auto& [doc, pointer] : m_added) {
        doc->compiled.erase(pointer);
      }
      while (m_store.schemas.size() > m_mark) {
        m_store.schemas.pop_back();
      }
    }
  }

  const Schema* compile(Doc& doc, const std::string& pointer, const Json& value) {
    const auto [it, inserted] = doc.compiled.try_emplace(pointer, nullptr);
    if (!inserted) {
      return it->second;
    }
    Schema& s = m_store.schemas.emplace_back();
    it->second = &s;
    m_added.emplace_back(&doc, pointer);
    fill(s, doc, pointer, value);
    return &s;
  }

  void check_ref_cycles() const {
    const std::size_t limit = m_store.schemas.size();
    for (const auto& [schema, where] : m_refs) {
      const Schema* s = schema;
      std::size_t steps = 0;
      while (s->ref != nullptr) {
        s = s->ref;
        if (++steps > limit) {
          throw SchemaProblem{"circular $ref at " + where};
        }
      }
    }
  }

  void commit() noexcept { m_committed = true; }

 private:
  [[noreturn]] static void fail(const Doc& doc, std::string_view pointer, std::string_view what) {
    throw SchemaProblem{"invalid schema '" + doc.name + "' at " + location(pointer) + ": " +
                        std::string(what)};
  }

  const Schema* child(Doc& doc, const std::string& pointer, std::string_view keyword,
                      const Json& value) {
    return compile(doc, pointer + "/" + escape_token(keyword), value);
  }
  const Schema* child(Doc& doc, const std::string& pointer, std::string_view keyword,
                      std::string_view key, const Json& value) {
    return compile(doc, pointer + "/" + escape_token(keyword) + "/" + escape_token(key), value);
  }

  const RE2* regex(const Doc& doc, std::string_view pointer, const std::string& pattern) {
    const auto it = m_store.regexes.find(pattern);
    if (it != m_store.regexes.end()) {
      return it->second.get();
    }
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!re->ok()) {
      fail(doc, pointer, "invalid pattern '" + pattern + "': " + re->error());
    }
    const RE2* result = re.get();
    m_store.regexes.emplace(pattern, std::move(re));
    return result;
  }

  const Schema* resolve_ref(Doc& doc, const std::string& pointer, const std::string& ref) {
    const std::size_t hash = ref.find('#');
    const std::string_view target_name = std::string_view(ref).substr(0, hash);
    const std::string fragment =
        hash == std::string::npos ? std::string() : percent_decode(ref.substr(hash + 1));
    Doc* target = target_name.empty() ? &doc : m_store.find_referenced(target_name);
    if (target == nullptr) {
      throw SchemaProblem{"schema '" + doc.name + "': $ref '" + ref + "' at " + location(pointer) +
                          " names an unknown schema document"};
    }
    ensure_parsed(*target);
    if (target->parse_error) {
      throw SchemaProblem{*target->parse_error};
    }
    if (!fragment.empty() && fragment.front() != '/') {
      throw SchemaProblem{"schema '" + doc.name + "': $ref '" + ref + "' at " + location(pointer) +
                          " uses a plain-name fragment (not supported)"};
    }
    const Json* value = resolve_pointer(target->json, fragment);
    if (value == nullptr) {
      throw SchemaProblem{"schema '" + doc.name + "': dangling $ref '" + ref + "' at " +
                          location(pointer)};
    }
    return compile(*target, fragment, *value);
  }

  static std::size_t count(const Doc& doc, std::string_view pointer, std::string_view keyword,
                           const Json& v) {
    if (v.is_number_unsigned()) {
      return static_cast<std::size_t>(v.get<std::uint64_t>());
    }
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) {
      return static_cast<std::size_t>(v.get<std::int64_t>());
    }
    if (v.is_number_float() && v.get<double>() >= 0 && is_integral(v.get<double>()) &&
        v.get<double>() < 1e18) {
      return static_cast<std::size_t>(v.get<double>());
    }
    fail(doc, pointer, "'" + std::string(keyword) + "' must be a non-negative integer");
  }

  static std::string number_text(const Json& v) {
    if (v.is_number_unsigned()) {
      return std::to_string(v.get<std::uint64_t>());
    }
    if (v.is_number_integer()) {
      return std::to_string(v.get<std::int64_t>());
    }
    if (v.is_number_float() && is_integral(v.get<double>()) && std::fabs(v.get<double>()) < 1e15) {
      return std::to_string(static_cast<std::int64_t>(v.get<double>()));
    }
    return v.dump();
  }

  static Bound bound(const Doc& doc, std::string_view pointer, std::string_view keyword,
                     const Json& v, bool exclusive) {
    if (!v.is_number()) {
      fail(doc, pointer, "'" + std::string(keyword) + "' must be a number");
    }
    Bound b;
    b.value = v.get<double>();
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        b.integer = static_cast<std::int64_t>(u);
      }
    } else if (v.is_number_integer()) {
      b.integer = v.get<std::int64_t>();
    }
    b.text = number_text(v);
    b.exclusive = exclusive;
    return b;
  }

  std::vector<const Schema*> schema_list(Doc& doc, const std::string& pointer,
                                         std::string_view keyword, const Json& v) {
    if (!v.is_array() || v.empty()) {
      fail(doc, pointer, "'" + std::string(keyword) + "' must be a non-empty list of schemas");
    }
    std::vector<const Schema*> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      out.push_back(child(doc, pointer, keyword, std::to_string(i), v[i]));
    }
    return out;
  }

  static void fill_type(Schema& s, const Doc& doc, std::string_view pointer, const Json& v) {
    auto add = [&](const Json& name) {
      const std::optional<Type> t =
          name.is_string() ? parse_type(name.get_ref<const std::string&>()) : std::nullopt;
      if (!t) {
        fail(doc, pointer, "'type' names an unknown type " + name.dump());
      }
      s.types.add(*t);
    };
    if (v.is_array()) {
      for (const Json& name : v) {
        add(name);
      }
    } else {
      add(v);
    }
  }

  void fill(Schema& s, Doc& doc, const std::string& pointer, const Json& value) {
    if (value.is_boolean()) {
      s.reject_all = !value.get<bool>();
      return;
    }
    if (!value.is_object()) {
      fail(doc, pointer, "a schema must be an object or a boolean");
    }
    if (const auto ref = value.find("$ref"); ref != value.end()) {
      if (!ref->is_string()) {
        fail(doc, pointer, "'$ref' must be a string");
      }
      s.ref = resolve_ref(doc, pointer, ref->get_ref<const std::string&>());
      m_refs.emplace_back(&s, "'#" + pointer + "' in schema '" + doc.name + "'");
      return;
    }
    bool exclusive_minimum_flag = false;
    bool exclusive_maximum_flag = false;
    for (const auto& [key, v] : value.items()) {
      const std::string_view k = key;
      if (k == "type") {
        fill_type(s, doc, pointer, v);
      } else if (k == "properties" || k == "patternProperties") {
        if (!v.is_object()) {
          fail(doc, pointer, "'" + key + "' must be an object");
        }
        for (const auto& [name, sub] : v.items()) {
          const Schema* target = child(doc, pointer, k, name, sub);
          if (k == "properties") {
            s.properties.push_back(Property{name, target});
          } else {
            s.pattern_properties.push_back(
                PatternProperty{regex(doc, pointer + "/patternProperties", name), target});
          }
        }
      } else if (k == "additionalProperties") {
        if (v.is_boolean()) {
          s.additional_forbidden = !v.get<bool>();
        } else {
          s.additional_properties = child(doc, pointer, k, v);
        }
      } else if (k == "required") {
        if (v.is_boolean()) {
          continue;  // draft-03 form: ignored
        }
        if (!v.is_array() ||
            !std::all_of(v.begin(), v.end(), [](const Json& n) { return n.is_string(); })) {
          fail(doc, pointer, "'required' must be a list of strings");
        }
        for (const Json& n : v) {
          s.required.push_back(n.get<std::string>());
        }
      } else if (k == "items") {
        if (v.is_array()) {
          for (std::size_t i = 0; i < v.size(); ++i) {
            s.tuple_items.push_back(child(doc, pointer, k, std::to_string(i), v[i]));
          }
        } else {
          s.items = child(doc, pointer, k, v);
        }
      } else if (k == "additionalItems") {
        if (v.is_boolean()) {
          s.additional_items_forbidden = !v.get<bool>();
        } else {
          s.additional_items = child(doc, pointer, k, v);
        }
      } else if (k == "minItems") {
        s.min_items = count(doc, pointer, k, v);
      } else if (k == "maxItems") {
        s.max_items = count(doc, pointer, k, v);
      } else if (k == "minLength") {
        s.min_length = count(doc, pointer, k, v);
      } else if (k == "maxLength") {
        s.max_length = count(doc, pointer, k, v);
      } else if (k == "minProperties") {
        s.min_properties = count(doc, pointer, k, v);
      } else if (k == "maxProperties") {
        s.max_properties = count(doc, pointer, k, v);
      } else if (k == "uniqueItems") {
        if (!v.is_boolean()) {
          fail(doc, pointer, "'uniqueItems' must be a boolean");
        }
        s.unique_items = v.get<bool>();
      } else if (k == "enum") {
        if (!v.is_array()) {
          fail(doc, pointer, "'enum' must be a list");
        }
        s.has_enum = true;
        s.enum_values.assign(v.begin(), v.end());
      } else if (k == "const") {
        s.const_value = v;
      } else if (k == "minimum") {
        s.minimum = bound(doc, pointer, k, v, false);
      } else if (k == "maximum") {
        s.maximum = bound(doc, pointer, k, v, false);
      } else if (k == "exclusiveMinimum" || k == "exclusiveMaximum") {
        const bool lower = k == "exclusiveMinimum";
        if (v.is_boolean()) {
          (lower ? exclusive_minimum_flag : exclusive_maximum_flag) = v.get<bool>();
        } else {
          (lower ? s.exclusive_minimum : s.exclusive_maximum) = bound(doc, pointer, k, v, true);
        }
      } else if (k == "multipleOf") {
        s.multiple_of = bound(doc, pointer, k, v, false);
        if (s.multiple_of->value <= 0) {
          fail(doc, pointer, "'multipleOf' must be greater than 0");
        }
      } else if (k == "pattern") {
        if (!v.is_string()) {
          fail(doc, pointer, "'pattern' must be a string");
        }
        s.pattern = regex(doc, pointer, v.get_ref<const std::string&>());
      } else if (k == "format") {
        if (v.is_string()) {
          const auto& f = v.get_ref<const std::string&>();
          s.format = f == "ipv4-cidr"   ? Format::ipv4_cidr
                     : f == "ipv6-cidr" ? Format::ipv6_cidr
                                        : Format::none;
        }
      } else if (k == "x-expected") {
        if (v.is_string()) {
          s.expected = v.get<std::string>();
        }
      } else if (k == "allOf") {
        s.all_of = schema_list(doc, pointer, k, v);
      } else if (k == "anyOf") {
        s.any_of = schema_list(doc, pointer, k, v);
      } else if (k == "oneOf") {
        s.one_of = schema_list(doc, pointer, k, v);
      } else if (k == "not") {
        s.not_schema = child(doc, pointer, k, v);
      }
    }
    // draft-04: boolean exclusiveMinimum/exclusiveMaximum modify minimum/maximum.
    if (exclusive_minimum_flag && s.minimum) {
      s.minimum->exclusive = true;
    }
    if (exclusive_maximum_flag && s.maximum) {
      s.maximum->exclusive = true;
    }
    finish(s);
  }

  static void finish(Schema& s) {
    s.property_names.reserve(s.properties.size());
    s.by_name.reserve(s.properties.size());
    for (const Property& p : s.properties) {
      s.property_names.emplace_back(p.name);
      s.by_name.emplace_back(p.name, p.schema);
    }
    // Stable: with a repeated name the first one is found, as by a linear search.
    std::stable_sort(s.by_name.begin(), s.by_name.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    s.checks_members = !s.properties.empty() || !s.pattern_properties.empty() ||
                       s.additional_forbidden || s.additional_properties != nullptr;
    s.checks_object =
        s.checks_members || !s.required.empty() || s.min_properties || s.max_properties;
    s.checks_array = s.items != nullptr || !s.tuple_items.empty() || s.min_items || s.max_items ||
                     s.unique_items;
    s.checks_number =
        s.minimum || s.maximum || s.exclusive_minimum || s.exclusive_maximum || s.multiple_of;
    s.checks_string =
        s.min_length || s.max_length || s.pattern != nullptr || s.format != Format::none;
    s.checks_values = s.has_enum || s.const_value.has_value();
  }

  Store& m_store;
  std::size_t m_mark;
  bool m_committed = false;
  std::vector<std::pair<Doc*, std::string>> m_added;
  std::vector<std::pair<const Schema*, std::string>> m_refs;
};

// ---------------------------------------------------------------------------------------------
// Values

std::string quote(std::string_view text) {
  return "'" + abbreviate(text, k_max_quoted) + "'";
}

// A value as named in value messages: 'text' for strings, the literal for other scalars.
std::string value_text(const NodeRef& node, const std::string* string_value) {
  switch (node.kind()) {
    case NodeKind::null:
      return "null";
    case NodeKind::sequence:
      return "a list";
    case NodeKind::mapping:
      return "a mapping";
    case NodeKind::scalar:
      break;
  }
  switch (node.type()) {
    case ScalarType::string:
      return quote(string_value != nullptr ? std::string_view(*string_value) : node.scalar());
    case ScalarType::null:
      return "null";
    case ScalarType::binary:
      return "binary data";
    case ScalarType::boolean:
    case ScalarType::integer:
    case ScalarType::floating:
    case ScalarType::timestamp:
      break;
  }
  return abbreviate(node.scalar(), k_max_quoted);
}

std::string json_text(const Json& v) {
  if (v.is_string()) {
    return quote(v.get_ref<const std::string&>());
  }
  return v.dump();
}

bool numbers_equal(const NodeRef& node, const Json& j) {
  if (node.type() == ScalarType::integer && !j.is_number_float()) {
    const std::optional<std::int64_t> i = node.as_int();
    if (!i) {
      return false;
    }
    if (j.is_number_unsigned()) {
      return *i >= 0 && static_cast<std::uint64_t>(*i) == j.get<std::uint64_t>();
    }
    return *i == j.get<std::int64_t>();
  }
  const std::optional<double> d = node.as_double();
  return d && *d == j.get<double>();
}

// JSON equality of a node and a JSON value. `string_value` replaces the text of a string
// node (the ValueView's value) when given.
bool json_equals(const NodeRef& node, const Json& j, const std::string* string_value) {
  if (is_null_like(node)) {
    return j.is_null();
  }
  switch (node.kind()) {
    case NodeKind::null:
      return j.is_null();
    case NodeKind::sequence: {
      if (!j.is_array() || j.size() != node.size()) {
        return false;
      }
      for (std::size_t i = 0; i < node.size(); ++i) {
        if (!json_equals(node.item(i), j[i], nullptr)) {
          return false;
        }
      }
      return true;
    }
    case NodeKind::mapping: {
      if (!j.is_object() || j.size() != node.size()) {
        return false;
      }
      const auto items = j.items();
      return std::all_of(items.begin(), items.end(), [&](const auto& item) {
        const NodeRef v = node.get(item.key());
        return v.valid() && json_equals(v, item.value(), nullptr);
      });
    }
    case NodeKind::scalar:
      break;
  }
  switch (node.type()) {
    case ScalarType::string:
      return j.is_string() &&
             j.get_ref<const std::string&>() ==
                 (string_value != nullptr ? std::string_view(*string_value) : node.scalar());
    case ScalarType::integer:
    case ScalarType::floating:
      return j.is_number() && numbers_equal(node, j);
    case ScalarType::boolean:
      return j.is_boolean() && node.as_bool() == j.get<bool>();
    case ScalarType::null:
      return j.is_null();
    case ScalarType::timestamp:
    case ScalarType::binary:
      return false;
  }
  return false;
}

// Structural equality for uniqueItems: JSON semantics, mappings as unordered key sets.
bool nodes_equal(const NodeRef& a, const NodeRef& b) {
  const bool a_null = is_null_like(a);
  const bool b_null = is_null_like(b);
  if (a_null || b_null) {
    return a_null && b_null;
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  switch (a.kind()) {
    case NodeKind::null:
      return true;
    case NodeKind::sequence: {
      if (a.size() != b.size()) {
        return false;
      }
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!nodes_equal(a.item(i), b.item(i))) {
          return false;
        }
      }
      return true;
    }
    case NodeKind::mapping: {
      if (a.size() != b.size()) {
        return false;
      }
      for (std::size_t i = 0; i < a.size(); ++i) {
        const model::Member m = a.member(i);
        if (!m.key.is_scalar()) {
          return false;
        }
        const NodeRef other = b.get(m.key.scalar());
        if (!other.valid() || !nodes_equal(m.value, other)) {
          return false;
        }
      }
      return true;
    }
    case NodeKind::scalar:
      break;
  }
  const auto numeric = [](ScalarType t) {
    return t == ScalarType::integer || t == ScalarType::floating;
  };
  if (numeric(a.type()) && numeric(b.type())) {
    if (a.type() == ScalarType::integer && b.type() == ScalarType::integer) {
      const auto x = a.as_int();
      const auto y = b.as_int();
      return x && y ? *x == *y : a.scalar() == b.scalar();
    }
    const auto x = a.as_double();
    const auto y = b.as_double();
    return x && y && *x == *y;
  }
  if (a.type() != b.type()) {
    return false;
  }
  if (a.type() == ScalarType::boolean) {
    return a.as_bool() == b.as_bool();
  }
  return a.scalar() == b.scalar();
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6U) + (h >> 2U);
  return h;
}

// Consistent with nodes_equal: equal nodes hash alike.
std::uint64_t node_hash(const NodeRef& n) {
  if (is_null_like(n)) {
    return 0x6e756c6cULL;
  }
  switch (n.kind()) {
    case NodeKind::null:
      return 0x6e756c6cULL;
    case NodeKind::sequence: {
      std::uint64_t h = 5;
      for (std::size_t i = 0; i < n.size(); ++i) {
        h = mix(h, node_hash(n.item(i)));
      }
      return h;
    }
    case NodeKind::mapping: {
      std::uint64_t sum = 0;
      for (std::size_t i = 0; i < n.size(); ++i) {
        const model::Member m = n.member(i);
        sum += mix(std::hash<std::string_view>{}(m.key.scalar()), node_hash(m.value));
      }
      return mix(6, sum);
    }
    case NodeKind::scalar:
      break;
  }
  switch (n.type()) {
    case ScalarType::integer:
    case ScalarType::floating:
      if (const std::optional<double> d = n.as_double()) {
        return mix(2, std::hash<double>{}(*d));
      }
      return mix(2, std::hash<std::string_view>{}(n.scalar()));
    case ScalarType::boolean:
      return mix(3, n.as_bool().value_or(false) ? 1 : 0);
    case ScalarType::string:
    case ScalarType::null:
    case ScalarType::timestamp:
    case ScalarType::binary:
      break;
  }
  return mix(static_cast<std::uint64_t>(n.type()) + 10, std::hash<std::string_view>{}(n.scalar()));
}

std::size_t code_points(std::string_view text) noexcept {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++count;
    }
  }
  return count;
}

// "; write it without quotes" when a quoted string reads as one of the expected types, and
// "; quote it" when a plain scalar was typed as a number, boolean or date where a string is
// expected (YAML 1.1 reads `-1`, `yes` and `2024-01-02` as non-strings).
std::string_view quote_hint(const TypeList& expected, const NodeRef& node) {
  if (node.is_scalar() && !node.is_string() && node.style() == ScalarStyle::plain &&
      node.tag().empty() && expected.has(Type::string) && !node.scalar().empty()) {
    return "; quote it to make it a string";
  }
  if (!node.is_string() ||
      (node.style() != ScalarStyle::single_quoted && node.style() != ScalarStyle::double_quoted)) {
    return {};
  }
  const std::string_view text = node.scalar();
  if (text.empty()) {
    return {};
  }
  bool fits = false;
  switch (model::resolve_plain(text, model::Schema::yaml11)) {
    case ScalarType::integer:
      fits = expected.has(Type::integer) || expected.has(Type::number);
      break;
    case ScalarType::floating: {
      const std::optional<double> d = model::parse_float(text);
      fits = expected.has(Type::number) || (expected.has(Type::integer) && d && is_integral(*d));
      break;
    }
    case ScalarType::boolean:
      fits = expected.has(Type::boolean);
      break;
    case ScalarType::null:
    case ScalarType::string:
    case ScalarType::timestamp:
    case ScalarType::binary:
      break;
  }
  return fits ? "; write it without quotes" : "";
}

std::string type_message(const TypeList& expected, const NodeRef& node) {
  std::vector<std::string> words;
  const bool any_number = expected.has(Type::number);
  for (const Type t : expected.items()) {
    if (t == Type::integer && any_number) {
      continue;
    }
    words.emplace_back(type_word(t));
  }
  std::string out = "expected " + join_words(words, "or") + ", found " + model::describe(node);
  out += quote_hint(expected, node);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

struct Issue {
  ErrorKind kind = ErrorKind::invalid_value;
  NodeRef node;
  std::string message;
  std::string path;
  std::string suggestion;
  std::size_t depth = 0;      // path segments
  TypeList expected;          // wrong_type: the types wanted
  std::string_view property;  // missing_property: the name (owned by the schema)
};
using Issues = std::vector<Issue>;

class Evaluator {
 public:
  explicit Evaluator(const ValueView& view) : m_view(view) { m_path.reserve(16); }

  // Whether `node` satisfies `schema`. With `out`, every problem is added to it; without,
  // evaluation stops at the first problem and builds no messages.
  bool eval(const Schema* schema, const NodeRef& node, Issues* out) {
    const Schema& s = resolve(schema);
    const Frame frame(*this);
    if (s.reject_all) {
      if (out != nullptr) {
        add(*out, ErrorKind::invalid_value, node, model::describe(node) + " is not allowed here");
      }
      return false;
    }
    if (!s.types.empty() && (node_types(node) & s.types.mask()) == 0) {
      if (out != nullptr) {
        add(*out, ErrorKind::wrong_type, node, type_message(s.types, node)).expected = s.types;
      }
      return false;
    }
    bool valid = true;
    switch (node.kind()) {
      case NodeKind::mapping:
        if (s.checks_object) {
          valid = eval_object(s, node, out);
        }
        break;
      case NodeKind::sequence:
        if (s.checks_array) {
          valid = eval_array(s, node, out);
        }
        break;
      case NodeKind::scalar:
        if (s.checks_number &&
            (node.type() == ScalarType::integer || node.type() == ScalarType::floating)) {
          valid = eval_number(s, node, out);
        }
        break;
      case NodeKind::null:
        break;
    }
    if (!valid && out == nullptr) {
      return false;
    }
    if (node.is_string() && (s.checks_string || s.checks_values)) {
      // Unknown values (runtime tokens) skip value constraints.
      if (const std::optional<std::string> text = m_view.string_value(node)) {
        if (s.checks_values) {
          valid = eval_values(s, node, &*text, out) && valid;
        }
        if (s.checks_string && (valid || out != nullptr)) {
          valid = eval_string(s, node, *text, out) && valid;
        }
      }
    } else if (s.checks_values) {
      valid = eval_values(s, node, nullptr, out) && valid;
    }
    if (!valid && out == nullptr) {
      return false;
    }
    for (const Schema* sub : s.all_of) {
      valid = eval(sub, node, out) && valid;
      if (!valid && out == nullptr) {
        return false;
      }
    }
    if (!s.any_of.empty()) {
      valid = eval_any_of(s.any_of, node, out) && valid;
    }
    if (!s.one_of.empty() && (valid || out != nullptr)) {
      valid = eval_one_of(s.one_of, node, out) && valid;
    }
    if (s.not_schema != nullptr && (valid || out != nullptr) && eval(s.not_schema, node, nullptr)) {
      if (out != nullptr) {
        add(*out, ErrorKind::invalid_value, node, model::describe(node) + " is not allowed here");
      }
      valid = false;
    }
    return valid;
  }

 private:
  struct Segment {
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
  };

  // Counts active frames; a schema recursing without descending into the value ends here.
  class Frame {
   public:
    explicit Frame(Evaluator& e) : m_e(e) {
      if (++m_e.m_frames > k_max_frames) {
        throw SchemaProblem{"the schema recurses too deeply at '" + m_e.path() +
                            "' (a $ref cycle that does not descend into the value?)"};
      }
    }
    Frame(const Frame&) = delete;
    Frame& operator=(const Frame&) = delete;
    Frame(Frame&&) = delete;
    Frame& operator=(Frame&&) = delete;
    ~Frame() { --m_e.m_frames; }

   private:
    Evaluator& m_e;
  };

  class Step {
   public:
    Step(Evaluator& e, std::string_view key) : m_e(e) { m_e.m_path.push_back({key, 0, false}); }
    Step(Evaluator& e, std::size_t index) : m_e(e) { m_e.m_path.push_back({{}, index, true}); }
    Step(const Step&) = delete;
    Step& operator=(const Step&) = delete;
    Step(Step&&) = delete;
    Step& operator=(Step&&) = delete;
    ~Step() { m_e.m_path.pop_back(); }

   private:
    Evaluator& m_e;
  };

  [[nodiscard]] std::string path() const {
    std::string out;
    for (const Segment& s : m_path) {
      if (!out.empty() || &s != m_path.data()) {
        out += '/';
      }
      if (s.is_index) {
        out += std::to_string(s.index);
      } else {
        out += s.key;
      }
    }
    return out;
  }

  Issue& add(Issues& out, ErrorKind kind, const NodeRef& node, std::string message) {
    Issue& issue = out.emplace_back();
    issue.kind = kind;
    issue.node = node;
    issue.message = std::move(message);
    issue.path = path();
    issue.depth = m_path.size();
    return issue;
  }

  bool eval_object(const Schema& s, const NodeRef& node, Issues* out) {
    bool valid = true;
    const std::size_t size = node.size();
    if (s.checks_members) {
      for (std::size_t i = 0; i < size; ++i) {
        const model::Member m = node.member(i);
        if (!m.key.is_scalar()) {
          if (out == nullptr) {
            return false;
          }
          add(*out, ErrorKind::invalid_value, m.key, "a mapping key must be a string");
          valid = false;
          continue;
        }
        const std::string_view name = m.key.scalar();
        const Step step(*this, name);
        bool known = false;
        if (const Schema* p = s.property(name)) {
          known = true;
          valid = eval(p, m.value, out) && valid;
        }
        for (const PatternProperty& pp : s.pattern_properties) {
          if (RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), *pp.regex)) {
            known = true;
            valid = eval(pp.schema, m.value, out) && valid;
          }
        }
        if (!known) {
          valid = eval_additional(s, m, name, out) && valid;
        }
        if (!valid && out == nullptr) {
          return false;
        }
      }
    }
    for (const std::string& name : s.required) {
      if (!node.find(name).key.valid()) {
        if (out == nullptr) {
          return false;
        }
        add(*out, ErrorKind::missing_property, node, "missing required property " + quote(name))
            .property = name;
        valid = false;
      }
    }
    if (s.min_properties && size < *s.min_properties) {
      if (out == nullptr) {
        return false;
      }
      add(*out, ErrorKind::invalid_value, node,
          "expected at least " + plural(*s.min_properties, "property", "properties") + ", found " +
              std::to_string(size));
      valid = false;
    }
    if (s.max_properties && size > *s.max_properties) {
      if (out == nullptr) {
        return false;
      }
      add(*out, ErrorKind::invalid_value, node,
          "expected at most " + plural(*s.max_properties, "property", "properties") + ", found " +
              std::to_string(size));
      valid = false;
    }
    return valid;
  }

  // A member that neither `properties` nor `patternProperties` names.
  bool eval_additional(const Schema& s, const model::Member& m, std::string_view name,
                       Issues* out) {
    if (!s.additional_forbidden && s.additional_properties == nullptr) {
      return true;
    }
    if (s.additional_forbidden) {
      if (out != nullptr) {
        add_unknown(s, m.key, name, *out);
      }
      return false;
    }
    if (out == nullptr) {
      return eval(s.additional_properties, m.value, nullptr);
    }
    // A value the additional schema rejects under a name close to a declared one is most
    // likely a misspelling: say so rather than explaining the value.
    if (closest_match(name, s.property_names)) {
      if (eval(s.additional_properties, m.value, nullptr)) {
        return true;
      }
      add_unknown(s, m.key, name, *out);
      return false;
    }
    return eval(s.additional_properties, m.value, out);
  }

  void add_unknown(const Schema& s, const NodeRef& key, std::string_view name, Issues& out) {
    const std::optional<std::string_view> suggestion = closest_match(name, s.property_names);
    std::string message = "unknown property " + quote(name);
    if (suggestion) {
      message += "; did you mean " + quote(*suggestion) + "?";
    }
    Issue& issue = add(out, ErrorKind::unknown_property, key, std::move(message));
    if (suggestion) {
      issue.suggestion = std::string(*suggestion);
    }
  }

  bool eval_array(const Schema& s, const NodeRef& node, Issues* out) {
    bool valid = true;
    const std::size_t size = node.size();
    const bool tuple = !s.tuple_items.empty();
    if (s.items != nullptr || tuple) {
      for (std::size_t i = 0; i < size; ++i) {
        const Schema* item = s.items;
        if (tuple) {
          if (i < s.tuple_items.size()) {
            item = s.tuple_items[i];
          } else if (s.additional_items_forbidden) {
            if (out == nullptr) {
              return false;
            }
            const Step step(*this, i);
            add(*out, ErrorKind::invalid_value, node.item(i),
                "unexpected item; at most " + plural(s.tuple_items.size(), "item") +
                    (s.tuple_items.size() == 1 ? " is allowed" : " are allowed"));
            valid = false;
            continue;
          } else {
            item = s.additional_items;
          }
        }
        if (item != nullptr) {
          const Step step(*this, i);
          valid = eval(item, node.item(i), out) && valid;
          if (!valid && out == nullptr) {
            return false;
          }
        }
      }
    }
    if (s.min_items && size < *s.min_items) {
      if (out == nullptr) {
        return false;
      }
      add(*out, ErrorKind::invalid_value, node,
          "expected at least " + plural(*s.min_items, "item") + ", found " + std::to_string(size));
      valid = false;
    }
    if (s.max_items && size > *s.max_items) {
      if (out == nullptr) {
        return false;
      }
      add(*out, ErrorKind::invalid_value, node,
          "expected at most " + plural(*s.max_items, "item") + ", found " + std::to_string(size));
      valid = false;
    }
    if (s.unique_items && size > 1) {
      valid = eval_unique(node, out) && valid;
    }
    return valid;
  }

  bool eval_unique(const NodeRef& node, Issues* out) {
    const std::size_t size = node.size();
    std::vector<std::pair<std::uint64_t, std::size_t>> hashed;
    hashed.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
      hashed.emplace_back(node_hash(node.item(i)), i);
    }
    std::sort(hashed.begin(), hashed.end());
    bool valid = true;
    for (std::size_t run = 0; run < size;) {
      std::size_t end = run + 1;
      while (end < size && hashed[end].first == hashed[run].first) {
        ++end;
      }
      // Within a run indices ascend: each item is compared with the earlier ones.
      for (std::size_t k = run + 1; k < end; ++k) {
        const std::size_t index = hashed[k].second;
        for (std::size_t e = run; e < k; ++e) {
          const std::size_t earlier = hashed[e].second;
          if (nodes_equal(node.item(earlier), node.item(index))) {
            if (out == nullptr) {
              return false;
            }
            const Step step(*this, index);
            add(*out, ErrorKind::invalid_value, node.item(index),
                "repeats item " + std::to_string(earlier) + "; the items must be unique");
            valid = false;
            break;
          }
        }
      }
      run = end;
    }
    return valid;
  }

  // -1, 0, 1 as the value is below, at or above the bound.
  static int compare(const std::optional<std::int64_t>& i, double d, const Bound& b) noexcept {
    if (i && b.integer) {
      return *i < *b.integer ? -1 : (*i > *b.integer ? 1 : 0);
    }
    return d < b.value ? -1 : (d > b.value ? 1 : 0);
  }

  bool eval_number(const Schema& s, const NodeRef& node, Issues* out) {
    // Parse once: an integer's double comes from its exact value.
    const std::optional<std::int64_t> i = node.as_int();
    const std::optional<double> d =
        i ? std::optional<double>(static_cast<double>(*i)) : node.as_double();
    if (!d || std::isnan(*d)) {
      return true;
    }
    bool valid = true;
    const auto report = [&](const std::string& tail) {
      valid = false;
      if (out != nullptr) {
        add(*out, ErrorKind::invalid_value, node,
            abbreviate(node.scalar(), k_max_quoted) + " " + tail);
      }
    };
    const auto lower = [&](const std::optional<Bound>& b) {
      if (!b) {
        return;
      }
      const int c = compare(i, *d, *b);
      if (!b->exclusive && c < 0) {
        report("is below the minimum " + b->text);
      } else if (b->exclusive && c <= 0) {
        report("is not above the exclusive minimum " + b->text);
      }
    };
    const auto upper = [&](const std::optional<Bound>& b) {
      if (!b) {
        return;
      }
      const int c = compare(i, *d, *b);
      if (!b->exclusive && c > 0) {
        report("is above the maximum " + b->text);
      } else if (b->exclusive && c >= 0) {
        report("is not below the exclusive maximum " + b->text);
      }
    };
    lower(s.minimum);
    lower(s.exclusive_minimum);
    upper(s.maximum);
    upper(s.exclusive_maximum);
    if (s.multiple_of) {
      const Bound& m = *s.multiple_of;
      bool multiple = false;
      if (i && m.integer) {
        multiple = *i % *m.integer == 0;
      } else {
        const double q = *d / m.value;
        multiple = std::isfinite(q) && std::fabs(q - std::round(q)) < 1e-9;
      }
      if (!multiple) {
        report("is not a multiple of " + m.text);
      }
    }
    return valid;
  }

  bool eval_string(const Schema& s, const NodeRef& node, const std::string& text, Issues* out) {
    bool valid = true;
    const auto report = [&](std::string message) {
      valid = false;
      if (out != nullptr) {
        add(*out, ErrorKind::invalid_value, node, std::move(message));
      }
    };
    if (s.min_length || s.max_length) {
      const std::size_t length = code_points(text);
      if (s.min_length && length < *s.min_length) {
        report(quote(text) + " is shorter than the minimum length " +
               std::to_string(*s.min_length));
      }
      if (s.max_length && length > *s.max_length) {
        report(quote(text) + " is longer than the maximum length " + std::to_string(*s.max_length));
      }
      if (!valid && out == nullptr) {
        return false;
      }
    }
    if (s.pattern != nullptr &&
        !RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *s.pattern)) {
      if (!s.expected.empty()) {
        report(quote(text) + " is not " + s.expected);
      } else {
        report(quote(text) + " does not match the pattern '" + s.pattern->pattern() + "'");
      }
      if (out == nullptr) {
        return false;
      }
    }
    if (s.format != Format::none) {
      const bool v6 = s.format == Format::ipv6_cidr;
      const std::optional<Cidr> cidr = Cidr::parse(text);
      if (!cidr || cidr->v6 != v6) {
        if (!s.expected.empty()) {
          report(quote(text) + " is not " + s.expected);
        } else {
          report(quote(text) +
                 (v6 ? " is not a valid IPv6 CIDR block" : " is not a valid IPv4 CIDR block"));
        }
      }
    }
    return valid;
  }

  bool eval_values(const Schema& s, const NodeRef& node, const std::string* text, Issues* out) {
    bool valid = true;
    if (s.has_enum) {
      const bool found = std::any_of(s.enum_values.begin(), s.enum_values.end(),
                                     [&](const Json& v) { return json_equals(node, v, text); });
      if (!found) {
        if (out == nullptr) {
          return false;
        }
        add(*out, ErrorKind::invalid_value, node, enum_message(s, node, text));
        valid = false;
      }
    }
    if (s.const_value && !json_equals(node, *s.const_value, text)) {
      if (out == nullptr) {
        return false;
      }
      add(*out, ErrorKind::invalid_value, node,
          value_text(node, text) + " is not " + json_text(*s.const_value));
      valid = false;
    }
    return valid;
  }

  static std::string enum_message(const Schema& s, const NodeRef& node, const std::string* text) {
    std::string message = value_text(node, text);
    if (s.enum_values.empty()) {
      return message + " is not allowed here";
    }
    if (s.enum_values.size() == 1) {
      message += " is not " + json_text(s.enum_values.front());
    } else {
      message += " is not one of ";
      for (std::size_t i = 0; i < s.enum_values.size(); ++i) {
        if (i == k_max_listed_values) {
          message += ", ...";
          break;
        }
        if (i > 0) {
          message += ", ";
        }
        message += json_text(s.enum_values[i]);
      }
    }
    if (text != nullptr && s.enum_values.size() > 1) {
      std::vector<std::string_view> candidates;
      for (const Json& v : s.enum_values) {
        if (v.is_string()) {
          candidates.emplace_back(v.get_ref<const std::string&>());
        }
      }
      if (const auto near = closest_match(*text, candidates)) {
        message += "; did you mean " + quote(*near) + "?";
      }
    }
    return message;
  }

  bool eval_any_of(const std::vector<const Schema*>& branches, const NodeRef& node, Issues* out) {
    for (const Schema* b : branches) {
      if (eval(b, node, nullptr)) {
        return true;
      }
    }
    if (out != nullptr) {
      report_no_match(branches, node, *out);
    }
    return false;
  }

  bool eval_one_of(const std::vector<const Schema*>& branches, const NodeRef& node, Issues* out) {
    std::optional<std::size_t> first;
    std::optional<std::size_t> second;
    for (std::size_t i = 0; i < branches.size(); ++i) {
      if (eval(branches[i], node, nullptr)) {
        if (first) {
          second = i;
          break;
        }
        first = i;
      }
    }
    if (first && !second) {
      return true;
    }
    if (out == nullptr) {
      return false;
    }
    if (second) {
      add(*out, ErrorKind::invalid_value, node,
          model::describe(node) + " matches more than one alternative (" +
              std::to_string(*first + 1) + " and " + std::to_string(*second + 1) +
              "); exactly one must match");
    } else {
      report_no_match(branches, node, *out);
    }
    return false;
  }

  // No branch of an anyOf/oneOf matched: one useful report rather than every branch's.
  void report_no_match(const std::vector<const Schema*>& branches, const NodeRef& node,
                       Issues& out) {
    std::vector<Issues> results(branches.size());
    for (std::size_t i = 0; i < branches.size(); ++i) {
      (void)eval(branches[i], node, &results[i]);
    }
    const std::size_t depth = m_path.size();
    const auto single_here = [&](const Issues& r, ErrorKind kind) {
      return r.size() == 1 && r.front().kind == kind && r.front().node == node &&
             r.front().depth == depth;
    };
    // Every branch wants another type: name them all.
    if (std::all_of(results.begin(), results.end(),
                    [&](const Issues& r) { return single_here(r, ErrorKind::wrong_type); })) {
      TypeList merged;
      for (const Issues& r : results) {
        merged.add(r.front().expected);
      }
      add(out, ErrorKind::wrong_type, node, type_message(merged, node)).expected = merged;
      return;
    }
    // Every branch misses one property: name them all.
    if (std::all_of(results.begin(), results.end(),
                    [&](const Issues& r) { return single_here(r, ErrorKind::missing_property); })) {
      std::vector<std::string> names;
      for (const Issues& r : results) {
        std::string name = quote(r.front().property);
        if (std::find(names.begin(), names.end(), name) == names.end()) {
          names.push_back(std::move(name));
        }
      }
      std::string message =
          names.size() == 1 ? "missing required property " + names.front()
                            : "missing one of the required properties " + join_words(names, "or");
      add(out, ErrorKind::missing_property, node, std::move(message)).property =
          results.front().front().property;
      return;
    }
    // Otherwise the branch that got furthest: one whose type matched, whose problems lie
    // deepest, then with the fewest problems, then the first.
    std::size_t best = 0;
    auto key = [&](const Issues& r) {
      bool type_mismatch = false;
      std::size_t shallowest = std::numeric_limits<std::size_t>::max();
      for (const Issue& issue : r) {
        type_mismatch = type_mismatch || (issue.kind == ErrorKind::wrong_type &&
                                          issue.depth == depth && issue.node == node);
        shallowest = std::min(shallowest, issue.depth);
      }
      // Deeper problems first: compare the negated depth.
      return std::make_tuple(type_mismatch ? 1 : 0,
                             std::numeric_limits<std::size_t>::max() - shallowest, r.size());
    };
    for (std::size_t i = 1; i < results.size(); ++i) {
      if (key(results[i]) < key(results[best])) {
        best = i;
      }
    }
    if (results[best].empty()) {
      add(out, ErrorKind::invalid_value, node,
          model::describe(node) + " does not match any of the allowed forms");
      return;
    }
    for (Issue& issue : results[best]) {
      out.push_back(std::move(issue));
    }
  }

  const ValueView& m_view;
  std::vector<Segment> m_path;
  unsigned m_frames = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// SchemaSet

struct SchemaSet::Impl {
  std::mutex mutex;
  Store store;

  // The compiled root of document `name`, compiling it on first use. Call with the mutex held.
  std::variant<const Schema*, Error> root(std::string_view name) {
    Doc* doc = store.find(name);
    if (doc == nullptr) {
      return Error{Error::Kind::config, "unknown schema '" + std::string(name) + "'",
                   std::string(name)};
    }
    if (doc->root != nullptr) {
      return doc->root;
    }
    if (!doc->failure) {
      ensure_parsed(*doc);
      if (doc->parse_error) {
        doc->failure = *doc->parse_error;
      } else {
        try {
          Compiler compiler(store);
          const Schema* compiled = compiler.compile(*doc, std::string(), doc->json);
          compiler.check_ref_cycles();
          compiler.commit();
          doc->root = compiled;
          return compiled;
        } catch (const SchemaProblem& problem) {
          doc->failure = problem.message;
        }
      }
    }
    return Error{Error::Kind::config, *doc->failure, std::string(name)};
  }
};

SchemaSet::SchemaSet() : m_impl(std::make_unique<Impl>()) {}
SchemaSet::SchemaSet(SchemaSet&&) noexcept = default;
SchemaSet& SchemaSet::operator=(SchemaSet&&) noexcept = default;
SchemaSet::~SchemaSet() = default;

void SchemaSet::add(std::string name, std::string text) {
  if (!m_impl) {
    m_impl = std::make_unique<Impl>();
  }
  const std::lock_guard lock(m_impl->mutex);
  Store& store = m_impl->store;
  if (Doc* existing = store.find(name)) {
    // Other documents may reference this one: recompile everything on next use.
    store.reset_compiled();
    existing->text = std::move(text);
    existing->parsed = false;
    existing->json = Json();
    existing->parse_error.reset();
    existing->id.clear();
    return;
  }
  auto doc = std::make_unique<Doc>();
  doc->name = name;
  doc->text = std::move(text);
  store.by_name.emplace(std::move(name), store.docs.size());
  store.docs.push_back(std::move(doc));
}

bool SchemaSet::contains(std::string_view name) const {
  if (!m_impl) {
    return false;
  }
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->store.find(name) != nullptr;
}

Result<std::vector<ValidationError>> SchemaSet::validate(std::string_view name,
                                                         const model::NodeRef& node,
                                                         const ValueView& view) const {
  if (!m_impl) {
    return Error{Error::Kind::config, "unknown schema '" + std::string(name) + "'",
                 std::string(name)};
  }
  try {
    const Schema* root = nullptr;
    {
      const std::lock_guard lock(m_impl->mutex);
      auto compiled = m_impl->root(name);
      if (auto* error = std::get_if<Error>(&compiled)) {
        return std::move(*error);
      }
      root = std::get<const Schema*>(compiled);
    }
    std::vector<ValidationError> errors;
    if (!node.valid()) {
      return errors;
    }
    Issues issues;
    Evaluator evaluator(view);
    (void)evaluator.eval(root, node, &issues);
    errors.reserve(issues.size());
    for (Issue& issue : issues) {
      errors.push_back(ValidationError{issue.kind, issue.node, std::move(issue.message),
                                       std::move(issue.path), std::move(issue.suggestion)});
    }
    std::stable_sort(errors.begin(), errors.end(),
                     [](const ValidationError& a, const ValidationError& b) {
                       const std::uint32_t x = a.node.range().begin;
                       const std::uint32_t y = b.node.range().begin;
                       return x != y ? x < y : a.message < b.message;
                     });
    errors.erase(std::unique(errors.begin(), errors.end(),
                             [](const ValidationError& a, const ValidationError& b) {
                               return a.node == b.node && a.kind == b.kind &&
                                      a.message == b.message && a.path == b.path;
                             }),
                 errors.end());
    return errors;
  } catch (const SchemaProblem& problem) {
    return Error{Error::Kind::config, problem.message, std::string(name)};
  } catch (const std::exception& e) {
    return Error{Error::Kind::internal,
                 "validating against schema '" + std::string(name) + "' failed: " + e.what(),
                 std::string(name)};
  }
}

std::optional<std::string> SchemaSet::annotation(std::string_view name,
                                                 std::string_view pointer) const {
  if (!m_impl) {
    return std::nullopt;
  }
  try {
    const std::lock_guard lock(m_impl->mutex);
    Doc* doc = m_impl->store.find(name);
    if (doc == nullptr) {
      return std::nullopt;
    }
    ensure_parsed(*doc);
    if (doc->parse_error) {
      return std::nullopt;
    }
    const std::string decoded = !pointer.empty() && pointer.front() == '#'
                                    ? percent_decode(pointer.substr(1))
                                    : std::string(pointer);
    const Json* value = resolve_pointer(doc->json, decoded);
    if (value != nullptr && value->is_string()) {
      return value->get<std::string>();
    }
  } catch (const std::exception&) {
    // Treated as absent.
  }
  return std::nullopt;
}

std::vector<std::string> SchemaSet::property_names(std::string_view name) const {
  std::vector<std::string> names;
  if (!m_impl) {
    return names;
  }
  try {
    const std::lock_guard lock(m_impl->mutex);
    Store& store = m_impl->store;
    Doc* doc = store.find(name);
    if (doc == nullptr) {
      return names;
    }
    ensure_parsed(*doc);
    const Json* at = doc->parse_error ? nullptr : &doc->json;
    // Follow root-level $refs (bounded, in case of a cycle).
    for (int hops = 0; at != nullptr && at->is_object() && hops < 64; ++hops) {
      const auto ref = at->find("$ref");
      if (ref == at->end() || !ref->is_string()) {
        break;
      }
      const auto& text = ref->get_ref<const std::string&>();
      const std::size_t hash = text.find('#');
      const std::string_view target = std::string_view(text).substr(0, hash);
      if (!target.empty()) {
        doc = store.find_referenced(target);
        if (doc == nullptr) {
          return names;
        }
        ensure_parsed(*doc);
        if (doc->parse_error) {
          return names;
        }
      }
      const std::string fragment =
          hash == std::string::npos ? std::string() : percent_decode(text.substr(hash + 1));
      at = resolve_pointer(doc->json, fragment);
    }
    if (at == nullptr || !at->is_object()) {
      return names;
    }
    const auto properties = at->find("properties");
    if (properties != at->end() && properties->is_object()) {
      for (const auto& [key, value] : properties->items()) {
        names.push_back(key);
      }
    }
  } catch (const std::exception&) {
    names.clear();
  }
  return names;
}

}  // namespace ssmpf::schema
