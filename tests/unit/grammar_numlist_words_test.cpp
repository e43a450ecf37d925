// Unit tests for parse_numlist and split_words.

#include <gtest/gtest.h>

#include "xtdo/grammar.hpp"

namespace {

using xtdo::XtdoError;
using xtdo::grammar::parse_numlist;
using xtdo::grammar::split_words;

using Numbers = std::vector<double>;
using Words = std::vector<std::string>;

TEST(GrammarNumlist, Forms) {
  EXPECT_EQ(parse_numlist("1/5"), (Numbers{1, 2, 3, 4, 5}));
  EXPECT_EQ(parse_numlist("5/1"), (Numbers{5, 4, 3, 2, 1}));
  EXPECT_EQ(parse_numlist("1(2)9"), (Numbers{1, 3, 5, 7, 9}));
  EXPECT_EQ(parse_numlist("1(2)8"), (Numbers{1, 3, 5, 7}));
  EXPECT_EQ(parse_numlist("10(-2)0"), (Numbers{10, 8, 6, 4, 2, 0}));
  EXPECT_EQ(parse_numlist("1 2 3"), (Numbers{1, 2, 3}));
  EXPECT_EQ(parse_numlist("1/3 7"), (Numbers{1, 2, 3, 7}));
  EXPECT_EQ(parse_numlist("0.5(0.5)2"), (Numbers{0.5, 1, 1.5, 2}));
  EXPECT_EQ(parse_numlist("0.1(0.1)0.3"), (Numbers{0.1, 0.2, 0.3}));
  EXPECT_EQ(parse_numlist("-2/2"), (Numbers{-2, -1, 0, 1, 2}));
  EXPECT_EQ(parse_numlist("-1 -3.5 +2"), (Numbers{-1, -3.5, 2}));
  EXPECT_EQ(parse_numlist("1[3]10"), (Numbers{1, 4, 7, 10}));
  EXPECT_EQ(parse_numlist("1 3 to 9"), (Numbers{1, 3, 5, 7, 9}));
  EXPECT_EQ(parse_numlist("10 20 : 40"), (Numbers{10, 20, 30, 40}));
  EXPECT_EQ(parse_numlist(" 1 / 3 "), (Numbers{1, 2, 3}));
  EXPECT_EQ(parse_numlist(".5 1e2"), (Numbers{0.5, 100}));
  EXPECT_EQ(parse_numlist("1,2,3"), (Numbers{1, 2, 3}));
  EXPECT_EQ(parse_numlist("3/3"), (Numbers{3}));
  EXPECT_TRUE(parse_numlist("").empty());
}

TEST(GrammarNumlist, Errors) {
  auto rc_at = [](std::string_view text, int base = 0) {
    try {
      parse_numlist(text, base);
    } catch (const XtdoError& e) {
      return std::to_string(e.rc()) + "@" + std::to_string(e.pos());
    }
    return std::string("no error");
  };
  EXPECT_EQ(rc_at("1 x 3"), "121@2");
  EXPECT_EQ(rc_at("1/"), "121@2");
  EXPECT_EQ(rc_at("1(0)5"), "121@0");
  EXPECT_EQ(rc_at("1(-1)5"), "121@0");
  EXPECT_EQ(rc_at("1(2 9"), "121@4");
  EXPECT_EQ(rc_at("2x", 10), "121@10");
  EXPECT_EQ(rc_at("1/1e12"), "123@0");
}

TEST(GrammarWords, Splitting) {
  EXPECT_EQ(split_words("a b  c"), (Words{"a", "b", "c"}));
  EXPECT_EQ(split_words("  "), Words{});
  EXPECT_EQ(split_words("\"a b\" c"), (Words{"a b", "c"}));
  EXPECT_EQ(split_words("`\"a \"b\" c\"' d"), (Words{"a \"b\" c", "d"}));
  EXPECT_EQ(split_words("\"\" x"), (Words{"", "x"}));
  EXPECT_EQ(split_words("opt(\"a b\") z"), (Words{"opt(\"a b\")", "z"}));
  EXPECT_EQ(split_words("\"unterminated x"), (Words{"unterminated x"}));
  EXPECT_EQ(split_words("`\"nested `\"q\"'\"' y"), (Words{"nested `\"q\"'", "y"}));
  EXPECT_EQ(split_words("\ta\tb"), (Words{"a", "b"}));
}

}  // namespace
