// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/node.hpp"

namespace ssmpf::model {

// Values attached to nodes, looked up by node in constant time without hashing the node: each
// document that holds a value gets a table of one slot per node, and the values live in
// insertion order. A lookup is two array reads; a large set's millions of lookups (most of them
// for nodes without a value) do not walk hash chains. References to values stay valid while
// others are added (values live in fixed chunks).
template <class T>
class NodeTable {
 public:
  [[nodiscard]] const T* find(const NodeRef& node) const noexcept {
    const std::uint32_t slot = slot_of(node);
    return slot == 0 ? nullptr : &at(slot - 1).second;
  }
  [[nodiscard]] T* find(const NodeRef& node) noexcept {
    const std::uint32_t slot = slot_of(node);
    return slot == 0 ? nullptr : &at(slot - 1).second;
  }
  [[nodiscard]] bool contains(const NodeRef& node) const noexcept { return slot_of(node) != 0; }

  // The value of `node`, default-constructed when it had none; and whether it was added.
  std::pair<T*, bool> try_emplace(const NodeRef& node) {
    SSMPF_ASSERT(node.valid(), "a node table holds present nodes only");
    std::vector<std::uint32_t>& slots = m_slots[node.document()];
    if (slots.empty()) {
      slots.assign(node.document()->node_count(), 0);
    }
    std::uint32_t& slot = slots[node.index()];
    if (slot != 0) {
      return {&at(slot - 1).second, false};
    }
    if (m_size % k_chunk == 0) {
      m_chunks.push_back(std::make_unique<Entry[]>(k_chunk));
    }
    Entry& entry = at(m_size++);
    entry.first = node;
    slot = m_size;
    return {&entry.second, true};
  }

  [[nodiscard]] std::size_t size() const noexcept { return m_size; }
  [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
  // The i-th (node, value) pair in insertion order.
  [[nodiscard]] const std::pair<NodeRef, T>& entry(std::size_t i) const noexcept { return at(i); }

 private:
  [[nodiscard]] std::uint32_t slot_of(const NodeRef& node) const noexcept {
    if (m_size == 0 || !node.valid()) {
      return 0;
    }
    const auto it = m_slots.find(node.document());
    if (it == m_slots.end() || node.index() >= it->second.size()) {
      return 0;
    }
    return it->second[node.index()];
  }

  using Entry = std::pair<NodeRef, T>;
  static constexpr std::size_t k_chunk = 256;  // values per chunk: chunks never move

  [[nodiscard]] Entry& at(std::size_t i) noexcept { return m_chunks[i / k_chunk][i % k_chunk]; }
  [[nodiscard]] const Entry& at(std::size_t i) const noexcept {
    return m_chunks[i / k_chunk][i % k_chunk];
  }

  std::unordered_map<const Document*, std::vector<std::uint32_t>> m_slots;
  std::vector<std::unique_ptr<Entry[]>> m_chunks;  // NOLINT(*-avoid-c-arrays)
  std::uint32_t m_size = 0;
};

}  // namespace ssmpf::model
