// SPDX-License-Identifier: Apache-2.0
#include "paramset/front_end.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "base/text.hpp"
#include "paramset/references.hpp"

namespace ssmpf::paramset {

namespace {

using model::Member;
using model::NodeRef;

struct NodeKey {
  const model::Document* doc = nullptr;
  std::uint32_t index = 0;
  explicit NodeKey(const NodeRef& n) : doc(n.document()), index(n.index()) {}
  friend bool operator==(const NodeKey&, const NodeKey&) = default;
};
struct NodeKeyHash {
  std::size_t operator()(const NodeKey& k) const noexcept {
    return std::hash<const void*>()(k.doc) ^ (std::hash<std::uint32_t>()(k.index) * 31U);
  }
};

// Lookups in mappings with PyYAML's semantics (the last of repeated keys wins), indexed for
// large mappings so that resolving many references stays linear.
class MappingIndex {
 public:
  NodeRef lookup(const NodeRef& mapping, std::string_view key) { return find(mapping, key).value; }

  Member find(const NodeRef& mapping, std::string_view key) {
    if (!mapping.is_mapping()) {
      return {};
    }
    if (mapping.size() <= 16) {
      return mapping.find(key);
    }
    auto [it, inserted] = m_indices.try_emplace(NodeKey(mapping));
    if (inserted) {
      for (std::size_t i = 0; i < mapping.size(); ++i) {
        const Member m = mapping.member(i);
        if (m.key.is_scalar()) {
          it->second[m.key.scalar()] = static_cast<std::uint32_t>(i);
        }
      }
    }
    const auto found = it->second.find(key);
    return found == it->second.end() ? Member() : mapping.member(found->second);
  }

 private:
  std::unordered_map<NodeKey, std::unordered_map<std::string_view, std::uint32_t>, NodeKeyHash>
      m_indices;
};

// The members a PyYAML dict ends up with: one per key, at the first key's position, holding the
// last value (and the last key node, which is the definition that counts).
std::vector<Member> effective_members(const NodeRef& mapping) {
  std::vector<Member> out;
  if (!mapping.is_mapping()) {
    return out;
  }
  std::unordered_map<std::string_view, std::size_t> position;
  for (std::size_t i = 0; i < mapping.size(); ++i) {
    const Member m = mapping.member(i);
    if (!m.key.is_scalar() && !m.key.is_null()) {
      out.push_back(m);
      continue;
    }
    const auto [it, inserted] = position.try_emplace(m.key.scalar(), out.size());
    if (inserted) {
      out.push_back(m);
    } else {
      out[it->second] = m;
    }
  }
  return out;
}

class Builder {
 public:
  Builder(const InputSet& input, const FrontEndContext& context, Diagnostics& out)
      : m_input(input), m_ctx(context), m_out(out) {}

  model::ParameterSet run() {
    m_set.label = m_input.label;
    merge_files();
    collect_resources();
    resolve_all();
    validate_properties();
    return std::move(m_set);
  }

 private:
  struct Module {
    std::string name;
    NodeRef key;
    NodeRef value;
    FileId file;
  };

  struct Walk {
    enum class Kind : std::uint8_t { value, runtime, unknown_runtime, missing };
    Kind kind = Kind::missing;
    NodeRef node;                // value: the node named
    std::uint32_t resource = 0;  // runtime
    std::size_t failed_at = 0;   // missing: index of the segment that names nothing
    NodeRef last;                // missing: the node reached before it
    NodeRef last_key;            // missing: the key of that node (for related locations)
  };

  // ---- merge -------------------------------------------------------------------------

  void merge_files() {
    for (const SetFile& f : m_input.files) {
      m_set.files.push_back(f.file);
      const model::Document& doc = f.parsed->document;
      load::report_duplicate_keys(*f.parsed, m_ctx.sources, "PyYAML", m_out);
      const NodeRef root = doc.root();
      if (!root.valid() || root.is_null()) {
        m_out.report("LD004", SourceRange{f.file, 0, 0},
                     "'" + m_ctx.sources.file(f.file).path() +
                         "' holds no YAML document (the consumer cannot merge an empty file)");
        continue;
      }
      if (!root.is_mapping()) {
        m_out.report("LD004", root.range(),
                     "expected a mapping of modules at the top level of a parameter-set file, "
                     "found " +
                         model::describe(root));
        continue;
      }
      for (const Member& m : effective_members(root)) {
        if (!m.key.is_string()) {
          m_out.report("PS007", m.key.range(),
                       "a module name must be a string, found " + model::describe(m.key));
          continue;
        }
        add_module(Module{std::string(m.key.scalar()), m.key, m.value, f.file});
      }
    }
  }

  void add_module(Module module) {
    const auto it = m_module_index.find(module.name);
    if (it == m_module_index.end()) {
      m_module_index.emplace(module.name, m_modules.size());
      m_modules.push_back(std::move(module));
      return;
    }
    Module& previous = m_modules[it->second];
    if (previous.file != module.file) {
      const std::size_t lost = lost_resources(previous.value, module.value);
      const std::string prev_file = m_ctx.sources.file(previous.file).path();
      std::string message = "module '" + module.name + "' replaces the one from '" + prev_file +
                            "' wholesale (files are merged at the top level only); ";
      message += lost == 0 ? std::string("no resource is lost, but every earlier setting is")
                           : plural(lost, "resource") + " from '" + prev_file + "' " +
                                 (lost == 1 ? "is" : "are") + " lost";
      m_out.report("PS004", module.key.range(), message,
                   {Related{previous.key.range(), "the module that is replaced"}});
    }
    m_replaced.push_back(previous);
    previous = std::move(module);
  }

  // Resources of `before` (group.name) that `after` does not define.
  static std::size_t lost_resources(const NodeRef& before, const NodeRef& after) {
    std::size_t lost = 0;
    for (const Member& group : effective_members(before)) {
      if (!group.value.is_mapping()) {
        continue;
      }
      const NodeRef later = after.is_mapping() ? after.get(group.key.scalar()) : NodeRef();
      for (const Member& res : effective_members(group.value)) {
        if (!later.is_mapping() || !later.get(res.key.scalar()).valid()) {
          ++lost;
        }
      }
    }
    return lost;
  }

  // ---- resources ---------------------------------------------------------------------

  void collect_resources() {
    for (const Module& module : m_modules) {
      if (module.name == "common") {
        m_set.common = module.value;
        if (module.value.is_mapping() && !module.value.is_null()) {
          // region is read after resolution (it may itself be a reference)
        } else if (!module.value.is_null()) {
          m_out.report(
              "PS007", module.value.range(),
              "'common' must be a mapping of settings, found " + model::describe(module.value));
        }
        continue;
      }
      if (!module.value.is_mapping()) {
        m_out.report("PS007", module.value.valid() ? module.value.range() : module.key.range(),
                     "module '" + module.name + "' must be a mapping of groups, found " +
                         model::describe(module.value));
        continue;
      }
      for (const Member& group : effective_members(module.value)) {
        collect_group(module, group);
      }
    }
  }

  void collect_group(const Module& module, const Member& group) {
    const std::string group_name(group.key.scalar());
    if (!group.key.is_string()) {
      m_out.report("PS007", group.key.range(),
                   "a group name must be a string, found " + model::describe(group.key));
      return;
    }
    if (!group.value.is_mapping()) {
      m_out.report("PS007", group.value.is_null() ? group.key.range() : group.value.range(),
                   "group '" + module.name + "." + group_name +
                       "' must be a mapping of resources, found " + model::describe(group.value));
      return;
    }
    const std::vector<Member> members = effective_members(group.value);
    std::string type;
    if (const Kind* kind = m_ctx.kinds.by_group(group_name)) {
      type = kind->type;
    } else {
      type = recognise(module, group, members);
    }
    for (const Member& res : members) {
      if (!res.key.is_string()) {
        m_out.report("PS007", res.key.range(),
                     "a resource name must be a string, found " + model::describe(res.key));
        continue;
      }
      if (!res.value.is_mapping()) {
        m_out.report("PS007", res.value.is_null() ? res.key.range() : res.value.range(),
                     "resource '" + module.name + "." + group_name + "." +
                         std::string(res.key.scalar()) +
                         "' must be a mapping of properties, found " + model::describe(res.value));
        continue;
      }
      model::Resource r;
      r.module = module.name;
      r.group = group_name;
      r.name = std::string(res.key.scalar());
      r.path = r.module + "." + r.group + "." + r.name;
      r.type = type;
      r.key = res.key;
      r.body = res.value;
      m_set.add_resource(std::move(r));
    }
  }

  // The type of a group that no table entry names, from its resources' properties.
  std::string recognise(const Module& module, const Member& group,
                        const std::vector<Member>& members) {
    std::vector<const Kind*> candidates;
    for (const Kind& k : m_ctx.kinds.kinds()) {
      if (m_ctx.schemas.contains(schema_name(k.type))) {
        candidates.push_back(&k);
      }
    }
    bool any_resource = false;
    for (const Member& res : members) {
      if (!res.value.is_mapping()) {
        continue;
      }
      any_resource = true;
      std::vector<std::string_view> props;
      for (std::size_t i = 0; i < res.value.size(); ++i) {
        const std::string_view p = res.value.member(i).key.scalar();
        if (p != "id") {
          props.push_back(p);
        }
      }
      std::erase_if(candidates, [&](const Kind* k) {
        for (const std::string& s : k->signature) {
          if (std::find(props.begin(), props.end(), s) == props.end()) {
            return true;
          }
        }
        const std::vector<std::string>& known = property_names(k->type);
        return std::any_of(props.begin(), props.end(), [&](std::string_view p) {
          return std::find(known.begin(), known.end(), p) == known.end();
        });
      });
    }
    if (any_resource && candidates.size() == 1) {
      return candidates.front()->type;
    }
    std::string message = "group '" + module.name + "." + std::string(group.key.scalar()) +
                          "' maps to no resource type";
    if (any_resource && candidates.size() > 1) {
      std::vector<std::string> names;
      names.reserve(candidates.size());
      for (const Kind* k : candidates) {
        names.push_back(k->type);
      }
      message += " (its properties fit " + join_words(names, "and") + ")";
    }
    message += members.size() == 1 ? "; its resource is"
                                   : "; its " + plural(members.size(), "resource") + " are";
    message += " not analysed (name the type for this group with --kinds)";
    m_out.report("PS005", group.key.range(), message);
    return {};
  }

  const std::vector<std::string>& property_names(const std::string& type) {
    auto [it, inserted] = m_property_names.try_emplace(type);
    if (inserted) {
      it->second = m_ctx.schemas.property_names(schema_name(type));
    }
    return it->second;
  }

  // ---- references --------------------------------------------------------------------

  Walk walk(const std::vector<std::string_view>& segments) {
    Walk w;
    const auto it = m_module_index.find(segments[0]);
    if (it == m_module_index.end()) {
      w.failed_at = 0;
      return w;
    }
    NodeRef node = m_modules[it->second].value;
    NodeRef key = m_modules[it->second].key;
    for (std::size_t i = 1; i < segments.size(); ++i) {
      // One indexed lookup gives both: a linear search for the key made resolving every
      // instance's subnet reference scan all the subnets of the set.
      const Member found = node.is_mapping() ? m_index.find(node, segments[i]) : Member();
      const NodeRef child = found.value;
      if (!child.valid()) {
        if (i == 3 && segments.size() == 4 && node.is_mapping()) {
          std::string& path = m_path_scratch;  // reused: no allocation per reference
          path.assign(segments[0]).append(".").append(segments[1]).append(".").append(segments[2]);
          if (const auto res = m_set.find_resource(path)) {
            const model::Resource& r = m_set.resources()[*res];
            const Kind* kind = m_ctx.kinds.by_type(r.type);
            if (r.type.empty() || kind == nullptr) {
              w.kind = Walk::Kind::unknown_runtime;
              w.resource = *res;
              return w;
            }
            if (KindTable::is_runtime_attribute(*kind, segments[3])) {
              w.kind = Walk::Kind::runtime;
              w.resource = *res;
              return w;
            }
          }
        }
        w.failed_at = i;
        w.last = node;
        w.last_key = key;
        return w;
      }
      if (node.is_mapping()) {
        key = found.key;
      }
      node = child;
    }
    w.kind = Walk::Kind::value;
    w.node = node;
    return w;
  }

  // The key of what a path names in a module that a later file replaced, if any.
  NodeRef in_replaced_module(const std::vector<std::string_view>& segments) {
    for (auto it = m_replaced.rbegin(); it != m_replaced.rend(); ++it) {
      if (it->name != segments[0]) {
        continue;
      }
      NodeRef node = it->value;
      NodeRef key = it->key;
      for (std::size_t i = 1; i < segments.size() && node.valid(); ++i) {
        const NodeRef parent = node;
        node = node.is_mapping() ? m_index.lookup(node, segments[i]) : NodeRef();
        if (!node.valid() && i == 3 && segments.size() == 4 && parent.is_mapping()) {
          return key;  // a runtime attribute of a resource that was lost
        }
        if (node.valid()) {
          key = parent.find(segments[i]).key;
        }
      }
      if (node.valid()) {
        return key;
      }
    }
    return {};
  }

  // Names the failed segment could have meant.
  std::vector<std::string> candidates_at(const std::vector<std::string>& segments,
                                         std::size_t pos) {
    std::vector<std::string> out;
    if (pos == 0) {
      for (const Module& m : m_modules) {
        out.push_back(m.name);
      }
      return out;
    }
    std::vector<std::string_view> prefix(segments.begin(),
                                         segments.begin() + static_cast<std::ptrdiff_t>(pos));
    const Walk w = walk(prefix);
    if (w.kind != Walk::Kind::value || !w.node.is_mapping()) {
      return out;
    }
    for (std::size_t i = 0; i < w.node.size(); ++i) {
      out.emplace_back(w.node.member(i).key.scalar());
    }
    if (pos == 3) {
      const std::string path = segments[0] + "." + segments[1] + "." + segments[2];
      if (const auto res = m_set.find_resource(path)) {
        if (const Kind* kind = m_ctx.kinds.by_type(m_set.resources()[*res].type)) {
          out.insert(out.end(), kind->runtime_attributes.begin(), kind->runtime_attributes.end());
        }
      }
    }
    return out;
  }

  // A path near `original` that names something, correcting one segment at a time.
  std::optional<std::string> suggest(std::string_view original, std::size_t failed_at) {
    const std::vector<std::string_view> split = split_path(original);
    std::vector<std::string> segments(split.begin(), split.end());
    std::size_t pos = failed_at;
    for (std::size_t round = 0; round < segments.size(); ++round) {
      const std::vector<std::string> names = candidates_at(segments, pos);
      std::vector<std::string_view> views(names.begin(), names.end());
      std::optional<std::string_view> best = closest_match(segments[pos], views);
      if (!best) {
        // attr_ prefixes are easy to get wrong: `attr_vpc_id` for `vpc_id` and back.
        for (const std::string& n : names) {
          if ("attr_" + n == segments[pos] || n == "attr_" + segments[pos]) {
            best = n;
          }
        }
      }
      if (!best) {
        return std::nullopt;
      }
      segments[pos] = std::string(*best);
      std::vector<std::string_view> now(segments.begin(), segments.end());
      const Walk w = walk(now);
      if (w.kind != Walk::Kind::missing) {
        std::string joined;
        for (std::size_t i = 0; i < segments.size(); ++i) {
          joined += (i > 0 ? "." : "") + segments[i];
        }
        return joined;
      }
      if (w.failed_at <= pos) {
        return std::nullopt;
      }
      pos = w.failed_at;
    }
    return std::nullopt;
  }

  void report_unresolved(const NodeRef& site_node, const SourceRange& site, std::string_view path,
                         const Walk& w) {
    const std::vector<std::string_view> segments = split_path(path);
    std::string message = "unresolved reference '{{" + std::string(path) + "}}': ";
    if (w.failed_at == 0) {
      message += "there is no module '" + std::string(segments[0]) + "'";
    } else {
      std::string prefix;
      for (std::size_t i = 0; i < w.failed_at; ++i) {
        prefix += (i > 0 ? "." : "") + std::string(segments[i]);
      }
      if (!w.last.is_mapping()) {
        message += "'" + prefix + "' is " + model::describe(w.last) + ", not a mapping";
      } else {
        message += "'" + prefix + "' has no '" + std::string(segments[w.failed_at]) + "'";
      }
    }
    std::vector<Related> related;
    // A module replaced by a later file may be where the path was meant to lead (PS004).
    if (const NodeRef lost = in_replaced_module(segments); lost.valid()) {
      message +=
          "; it existed in the '" + std::string(segments[0]) + "' module that '" +
          m_ctx.sources.file(m_modules[m_module_index.find(segments[0])->second].file).path() +
          "' replaces";
      related.push_back(Related{lost.range(), "the definition lost when the module was replaced"});
    } else if (const auto s = suggest(path, w.failed_at)) {
      message += "; did you mean '{{" + *s + "}}'?";
    }
    if (w.last_key.valid()) {
      related.push_back(Related{w.last_key.range(), "the last part of the path that exists"});
    }
    (void)site_node;
    m_out.report("PS001", site, message, std::move(related));
  }

  // Resolves every string of the set that holds a reference.
  void resolve_all() {
    for (const Module& m : m_modules) {
      visit(m.value);
    }
    if (m_set.common.is_mapping()) {
      m_set.region = m_set.known_string(m_set.common.get("region"));
    }
  }

  void visit(const NodeRef& node) {
    if (!node.valid()) {
      return;
    }
    if (node.is_string()) {
      if (node.scalar().find("{{") != std::string_view::npos) {
        (void)resolve(node);
      }
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      visit(node.is_mapping() ? node.member(i).value : node.item(i));
    }
  }

  SourceRange site_of(const NodeRef& node, std::size_t offset, std::size_t length) const {
    return locate_in_scalar(node, m_ctx.sources.file(node.document()->file()).text(), offset,
                            length);
  }

  const model::ResolvedString& resolve(const NodeRef& node) {
    if (const model::ResolvedString* done = m_set.resolved(node)) {
      return *done;
    }
    bool& in_progress = *m_in_progress.try_emplace(node).first;
    in_progress = true;
    m_stack.push_back(node);

    model::ResolvedString result;
    std::string text(node.scalar());
    // The paths written in the string itself, reported at their site in the first pass: later
    // passes report a path again only if substitution brought it in (built when first needed).
    std::optional<std::unordered_set<std::string>> seen_paths;
    auto seen = [&](std::string_view path) -> bool {
      if (!seen_paths) {
        seen_paths.emplace();
        for (const ReferenceMatch& m : find_references(node.scalar())) {
          seen_paths->emplace(m.path);
        }
      }
      return !seen_paths->emplace(path).second;
    };
    // The references of `text` with what their paths name, from the pass that left it as is.
    std::vector<std::pair<ReferenceMatch, Walk>> final_refs;
    bool settled = false;
    for (int pass = 0; pass < 64; ++pass) {
      const std::vector<ReferenceMatch> refs = find_references(text);
      final_refs.clear();
      std::string next;
      std::size_t copied = 0;
      bool changed = false;
      for (const ReferenceMatch& m : refs) {
        const bool at_site = pass == 0;
        auto site = [&] {
          return at_site ? site_of(node, m.begin, m.end - m.begin) : node.range();
        };
        const Walk w = walk(split_path(m.path));
        final_refs.emplace_back(m, w);
        std::optional<std::string_view> substitute;
        switch (w.kind) {
          case Walk::Kind::value:
            if (w.node.is_string()) {
              substitute = substitute_from(w.node, node, site, m.path, at_site, result);
            } else if (at_site || !seen(m.path)) {
              m_out.report("PS003", site(),
                           "reference '{{" + std::string(m.path) + "}}' names " +
                               model::describe(w.node) +
                               "; only strings can be substituted (the consumer fails with a "
                               "type error)",
                           {Related{w.node.range(), "the value named"}});
              result.broken = true;
            }
            break;
          case Walk::Kind::runtime:
          case Walk::Kind::unknown_runtime:
            break;  // resolved only once the resource exists: an edge of the graph
          case Walk::Kind::missing:
            if (at_site || !seen(m.path)) {
              report_unresolved(node, site(), m.path, w);
            }
            result.broken = true;
            break;
        }
        if (substitute) {
          next.append(text, copied, m.begin - copied);
          next += *substitute;
          copied = m.end;
          changed = true;
        }
      }
      if (!changed) {
        settled = true;
        break;
      }
      next.append(text, copied);
      if (next.size() > m_ctx.limits.max_resolved_bytes) {
        m_out.report("LD005", node.range(),
                     "substituting references makes this string longer than " +
                         std::to_string(m_ctx.limits.max_resolved_bytes) +
                         " bytes (references that repeat each other grow it exponentially)");
        result.broken = true;
        text = std::string(node.scalar());
        break;
      }
      text = std::move(next);
    }
    if (!settled) {
      final_refs.clear();
      for (const ReferenceMatch& m : find_references(text)) {
        final_refs.emplace_back(m, walk(split_path(m.path)));
      }
    }
    // What is left: runtime attributes (graph edges) and references that name nothing.
    for (const auto& [m, w] : final_refs) {
      if (w.kind == Walk::Kind::runtime || w.kind == Walk::Kind::unknown_runtime) {
        const std::size_t dot = m.path.rfind('.');
        const std::string_view attribute =
            dot == std::string_view::npos ? m.path : m.path.substr(dot + 1);
        result.runtime.push_back(model::RuntimeReference{
            w.resource, std::string(attribute), static_cast<std::uint32_t>(m.begin),
            static_cast<std::uint32_t>(m.end - m.begin)});
      } else if (w.kind == Walk::Kind::missing) {
        result.broken = true;
      }
    }
    final_refs.clear();  // its paths point into `text`
    result.text = std::move(text);
    if (m_cyclic.contains(node)) {
      result.broken = true;
    }
    m_stack.pop_back();
    in_progress = false;
    return m_set.set_resolved(node, std::move(result));
  }

  // The text that replaces a reference to the string `target`, or nullopt when it cannot be
  // substituted (a cycle, or a target that is itself broken).
  // `site` gives the location to report at. The text returned lives as long as the set.
  template <class Site>
  std::optional<std::string_view> substitute_from(const NodeRef& target, const NodeRef& node,
                                                  const Site& site, std::string_view path,
                                                  bool at_site, model::ResolvedString& result) {
    if (m_stack.size() >= k_max_reference_depth) {
      if (!m_depth_reported) {
        m_out.report("LD005", site(),
                     "references chain through more than " + std::to_string(k_max_reference_depth) +
                         " strings");
        m_depth_reported = true;
      }
      result.broken = true;
      return std::nullopt;
    }
    if (const bool* in_progress = m_in_progress.find(target);
        in_progress != nullptr && *in_progress) {
      report_cycle(target, node, site(), path, at_site);
      result.broken = true;
      return std::nullopt;
    }
    if (target.scalar().find("{{") == std::string_view::npos) {
      result.sources.push_back(target);
      return target.scalar();
    }
    const model::ResolvedString& inner = resolve(target);
    if (inner.broken || m_cyclic.contains(target)) {
      result.broken = true;
      return std::nullopt;
    }
    result.sources.push_back(target);
    return std::string_view(inner.text);
  }

  void report_cycle(const NodeRef& target, const NodeRef& node, const SourceRange& site,
                    std::string_view path, bool at_site) {
    // The cycle is the part of the stack from `target` to the top.
    std::vector<NodeRef> members;
    bool in_cycle = false;
    for (const NodeRef& n : m_stack) {
      in_cycle = in_cycle || n == target;
      if (in_cycle) {
        members.push_back(n);
      }
    }
    const bool already = std::any_of(members.begin(), members.end(),
                                     [&](const NodeRef& n) { return m_cyclic.contains(n); });
    for (const NodeRef& n : members) {
      m_cyclic.try_emplace(n);
    }
    if (already) {
      return;
    }
    std::vector<Related> related;
    for (const NodeRef& n : members) {
      if (!(n == node)) {
        related.push_back(Related{n.range(), "part of the cycle"});
      }
    }
    const std::string message =
        members.size() == 1 ? "reference '{{" + std::string(path) +
                                  "}}' names the string that holds it; it never resolves"
                            : "reference '{{" + std::string(path) + "}}' closes a cycle of " +
                                  plural(members.size(), "reference") + " that never resolves";
    m_out.report("PS002", at_site ? site : node.range(), message, std::move(related));
  }

  // ---- properties --------------------------------------------------------------------

  class ResolvedView final : public schema::ValueView {
   public:
    explicit ResolvedView(const model::ParameterSet& set) : m_set(set) {}
    [[nodiscard]] std::optional<std::string> string_value(const NodeRef& node) const override {
      return m_set.known_string(node);
    }

   private:
    const model::ParameterSet& m_set;
  };

  void validate_properties() {
    const ResolvedView view(m_set);
    for (const model::Resource& r : m_set.resources()) {
      if (r.type.empty()) {
        continue;
      }
      const std::string name = schema_name(r.type);
      if (!m_ctx.schemas.contains(name)) {
        continue;
      }
      auto errors = m_ctx.schemas.validate(name, r.body, view);
      if (!errors.ok()) {
        m_out.report("PS007", r.key.range(),
                     "cannot check the properties of " + r.type + ": " + errors.error().message);
        continue;
      }
      for (const schema::ValidationError& e : errors.value()) {
        report_property_error(r, e);
      }
    }
  }

  void report_property_error(const model::Resource& r, const schema::ValidationError& e) {
    std::vector<Related> related;
    if (const model::ResolvedString* resolved = m_set.resolved(e.node)) {
      for (const NodeRef& src : resolved->sources) {
        related.push_back(Related{src.range(), "the substituted value comes from here"});
      }
    }
    switch (e.kind) {
      case schema::ErrorKind::unknown_property: {
        std::string message =
            "unknown property '" + std::string(e.node.scalar()) + "' for " + r.type;
        if (!e.suggestion.empty()) {
          message += "; did you mean '" + e.suggestion + "'?";
        }
        m_out.report("PS006", e.node.range(), message, std::move(related));
        return;
      }
      case schema::ErrorKind::missing_property:
        m_out.report("PS008", e.node == r.body ? r.key.range() : e.node.range(),
                     e.message + (e.node == r.body ? " of " + r.type : std::string()),
                     std::move(related));
        return;
      case schema::ErrorKind::wrong_type:
      case schema::ErrorKind::invalid_value: {
        const std::string prop = e.path.empty() ? r.name : dotted_path(e.path);
        m_out.report("PS007", e.node.range(), "invalid '" + prop + "': " + e.message,
                     std::move(related));
        return;
      }
    }
  }

  static constexpr std::size_t k_max_reference_depth = 1000;

  const InputSet& m_input;
  const FrontEndContext& m_ctx;
  Diagnostics& m_out;
  model::ParameterSet m_set;
  std::vector<Module> m_modules;
  std::vector<Module> m_replaced;  // modules that a later file replaced (PS004)
  StringMap<std::size_t> m_module_index;
  MappingIndex m_index;
  std::string m_path_scratch;
  std::unordered_map<std::string, std::vector<std::string>> m_property_names;
  model::NodeTable<bool> m_in_progress;  // strings being resolved: a reference to one is a cycle
  model::NodeTable<bool> m_cyclic;       // strings found on a cycle
  std::vector<NodeRef> m_stack;
  bool m_depth_reported = false;
};

}  // namespace

std::string dotted_path(std::string_view slash_path) {
  std::string out;
  for (const std::string_view segment : split(slash_path, '/')) {
    const bool index = !segment.empty() && std::all_of(segment.begin(), segment.end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
    if (index) {
      out += "[" + std::string(segment) + "]";
    } else {
      out += (out.empty() ? "" : ".") + std::string(segment);
    }
  }
  return out;
}

std::string schema_name(std::string_view type) {
  std::string out;
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (type.compare(i, 2, "::") == 0) {
      out += '-';
      ++i;
    } else {
      out += type[i];
    }
  }
  return out + ".schema.json";
}

model::ParameterSet build(const InputSet& input, const FrontEndContext& context, Diagnostics& out) {
  return Builder(input, context, out).run();
}

}  // namespace ssmpf::paramset
