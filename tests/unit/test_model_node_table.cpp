// SPDX-License-Identifier: Apache-2.0
#include <string>

#include "model/node_table.hpp"
#include "support/catch.hpp"

using namespace ssmpf;
using model::NodeRef;

namespace {

// A document with `n` scalars under a sequence root.
model::Document sequence_of(FileId file, std::uint32_t n) {
  model::DocumentBuilder b(file);
  const std::uint32_t root = b.open(model::NodeKind::sequence, 0, "");
  std::vector<std::uint32_t> children;
  for (std::uint32_t i = 0; i < n; ++i) {
    children.push_back(b.add_scalar(i, i + 1, std::to_string(i), "", model::ScalarStyle::plain,
                                    model::ScalarType::string));
  }
  b.close(root, n, children);
  b.set_root(root);
  return b.finish();
}

// The value of `node`, or "<none>".
std::string value_of(const model::NodeTable<std::string>& table, const NodeRef& node) {
  const std::string* value = table.find(node);
  return value == nullptr ? "<none>" : *value;
}

}  // namespace

TEST_CASE("NodeTable: values are found by node and only by their own node") {
  const model::Document a = sequence_of(FileId{0}, 5);
  const model::Document b = sequence_of(FileId{1}, 5);
  model::NodeTable<std::string> table;
  CHECK(table.empty());
  CHECK(table.find(a.root().item(0)) == nullptr);
  CHECK(table.find(NodeRef()) == nullptr);

  auto [first, added] = table.try_emplace(a.root().item(1));
  CHECK(added);
  *first = "a1";
  auto [again, added_again] = table.try_emplace(a.root().item(1));
  CHECK_FALSE(added_again);
  CHECK(again == first);
  *table.try_emplace(b.root().item(1)).first = "b1";
  *table.try_emplace(a.root()).first = "a-root";

  CHECK(value_of(table, a.root().item(1)) == "a1");
  CHECK(value_of(table, b.root().item(1)) == "b1");
  CHECK(value_of(table, a.root()) == "a-root");
  // The same index in another document, and other indexes in the same document, hold nothing.
  CHECK(table.find(b.root()) == nullptr);
  CHECK(table.find(a.root().item(0)) == nullptr);
  CHECK(table.find(a.root().item(4)) == nullptr);
  CHECK_FALSE(table.contains(b.root().item(2)));
  CHECK(table.contains(b.root().item(1)));
  CHECK(table.size() == 3);

  // Insertion order, with the nodes.
  CHECK(table.entry(0).first == a.root().item(1));
  CHECK(table.entry(1).first == b.root().item(1));
  CHECK(table.entry(2).second == "a-root");
}

TEST_CASE("NodeTable: references to values stay valid while many are added") {
  const model::Document doc = sequence_of(FileId{0}, 10000);
  model::NodeTable<std::string> table;
  std::string* first = table.try_emplace(doc.root().item(0)).first;
  *first = "first";
  for (std::uint32_t i = 1; i < 10000; ++i) {
    *table.try_emplace(doc.root().item(i)).first = std::to_string(i);
  }
  CHECK(*first == "first");
  CHECK(table.find(doc.root().item(0)) == first);
  CHECK(value_of(table, doc.root().item(9999)) == "9999");
  CHECK(table.find(doc.root()) == nullptr);
}
