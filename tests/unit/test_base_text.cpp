// SPDX-License-Identifier: Apache-2.0
#include "base/cidr.hpp"
#include "base/source.hpp"
#include "base/text.hpp"
#include "support/catch.hpp"

using namespace ssmpf;

TEST_CASE("utf16 length counts code units") {
  CHECK(utf16_length("abc") == 3);
  CHECK(utf16_length("\xC3\xA9t\xC3\xA9") == 3);         // été
  CHECK(utf16_length("\xE6\x97\xA5\xE6\x9C\xAC") == 2);  // 日本
  CHECK(utf16_length("\xF0\x9F\x98\x80") == 2);          // an emoji: a surrogate pair
  CHECK(utf16_length("\xFF") == 1);                      // an invalid byte counts once
}

TEST_CASE("invalid UTF-8 is found at its offset") {
  CHECK_FALSE(find_invalid_utf8("plain \xC3\xA9").has_value());
  CHECK(find_invalid_utf8("ab\xC3(").value() == 2);
  CHECK(find_invalid_utf8("\xED\xA0\x80").value() == 0);  // a UTF-16 surrogate
  CHECK(find_invalid_utf8("\xC0\xAF").value() == 0);      // an overlong form
}

TEST_CASE("edit distance with transpositions and a limit") {
  CHECK(edit_distance("ingres", "ingress", 3) == 1);
  CHECK(edit_distance("abcd", "abdc", 3) == 1);
  CHECK(edit_distance("kitten", "sitting", 5) == 3);
  CHECK(edit_distance("short", "a much longer word", 2) == 3);
}

TEST_CASE("closest match picks the nearest plausible candidate") {
  const std::vector<std::string_view> names{"security_group_ingress", "security_group_egress",
                                            "group_description"};
  CHECK(closest_match("security_group_ingres", names) == "security_group_ingress");
  CHECK(closest_match("Group_Description", names) == "group_description");
  CHECK_FALSE(closest_match("tags", names).has_value());
  CHECK_FALSE(closest_match("group_description", names).has_value());  // equal is no suggestion
}

TEST_CASE("plural, join and abbreviate") {
  CHECK(plural(1, "resource") == "1 resource");
  CHECK(plural(3, "resource") == "3 resources");
  const std::vector<std::string> words{"a", "b", "c"};
  CHECK(join_words(words, "or") == "a, b, or c");
  CHECK(join_words(std::vector<std::string>{"a", "b"}, "and") == "a and b");
  // Past ten words, the first eight and a count.
  std::vector<std::string> many;
  for (int i = 1; i <= 10; ++i) {
    many.push_back("w" + std::to_string(i));
  }
  CHECK(join_words(many, "and") == "w1, w2, w3, w4, w5, w6, w7, w8, w9, and w10");
  many.emplace_back("w11");
  CHECK(join_words(many, "or") == "w1, w2, w3, w4, w5, w6, w7, w8 or 3 more");
  CHECK(abbreviate("abcdef", 3) == "abc...");
  CHECK(hex_digit_value('0') == 0);
  CHECK(hex_digit_value('9') == 9);
  CHECK(hex_digit_value('a') == 10);
  CHECK(hex_digit_value('F') == 15);
  CHECK(hex_digit_value('g') == -1);
  CHECK(hex_digit_value(' ') == -1);
  CHECK(abbreviate("\xC3\xA9\xC3\xA9", 1) == "\xC3\xA9...");
}

TEST_CASE("source positions: 1-based lines, UTF-16 columns, CRLF, BOM, tabs") {
  SourceManager sm;
  const FileId id =
      sm.add("f.yaml", "/f.yaml", "\xEF\xBB\xBFk: v\r\n\xC3\xA9\xF0\x9F\x98\x80: x\n\tz\n");
  const SourceFile& f = sm.file(id);
  CHECK(f.bom_size() == 3);
  CHECK(f.position(3) == Position{1, 1});  // after the BOM
  CHECK(f.position(6) == Position{1, 4});  // 'v'
  CHECK(f.position(9) == Position{2, 1});
  CHECK(f.position(15) == Position{2, 4});  // é (1 unit) + emoji (2 units) before ':'
  CHECK(f.line_text(1) == "k: v");          // no CR
  CHECK(f.line_text(3) == "\tz");
  CHECK(f.position(f.line_start(3) + 1) == Position{3, 2});  // a tab is one column
  CHECK(f.line_count() == 4);
}

TEST_CASE("CIDR parsing and containment") {
  const auto vpc = Cidr::parse("10.0.0.0/16");
  const auto subnet = Cidr::parse("10.0.2.0/24");
  const auto other = Cidr::parse("10.1.2.0/24");
  REQUIRE(vpc);
  REQUIRE(subnet);
  REQUIRE(other);
  CHECK(vpc->contains(*subnet));
  CHECK_FALSE(subnet->contains(*vpc));
  CHECK_FALSE(vpc->contains(*other));
  CHECK(Cidr::parse("0.0.0.0/0")->contains(*subnet));
  CHECK(Cidr::parse("10.0.2.5/24")->host_bits_set());
  CHECK_FALSE(Cidr::parse("10.0.0.0/33"));
  CHECK_FALSE(Cidr::parse("10.0.0/16"));
  CHECK_FALSE(Cidr::parse("10.0.0.256/16"));
  CHECK_FALSE(Cidr::parse("10.0.0.0"));
  const auto v6 = Cidr::parse("2001:db8::/32");
  REQUIRE(v6);
  CHECK(v6->v6);
  CHECK(v6->contains(*Cidr::parse("2001:db8:1::/48")));
  CHECK_FALSE(v6->contains(*subnet));  // different families
  CHECK(Cidr::parse("::/0")->contains(*v6));
  CHECK(Cidr::parse("::ffff:10.0.0.0/104"));
  CHECK_FALSE(Cidr::parse("2001:db8:::/32"));
  CHECK_FALSE(Cidr::parse("2001:db8::/129"));
  CHECK(Cidr::parse("10.0.2.0/24")->to_string() == "10.0.2.0/24");
  CHECK(Cidr::parse("2001:db8::/32")->to_string() == "2001:db8:0:0:0:0:0:0/32");
}
