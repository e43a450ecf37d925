// Unit tests for parse_varlist: names, wildcards, ranges, time-series operators
// and factor variables.

#include <gtest/gtest.h>

#include "xtdo/grammar.hpp"

namespace {

using xtdo::XtdoError;
using xtdo::ast::FvPart;
using xtdo::ast::VarTerm;
using xtdo::grammar::parse_varlist;

using Names = std::vector<std::string>;
using Lags = std::vector<int>;

std::string error_of(std::string_view text, int base = 0) {
  try {
    parse_varlist(text, base);
  } catch (const XtdoError& e) {
    return std::to_string(e.rc()) + "@" + std::to_string(e.pos()) + " " + e.what();
  }
  return "no error";
}

TEST(GrammarVarlist, NamesAndWildcards) {
  auto terms = parse_varlist("  y x1 inv* *_sd x? * a~z");
  ASSERT_EQ(terms.size(), 7u);
  EXPECT_EQ(terms[0].names, Names{"y"});
  EXPECT_EQ(terms[0].pos, 2);
  EXPECT_EQ(terms[0].text, "y");
  EXPECT_EQ(terms[2].names, Names{"inv*"});
  EXPECT_EQ(terms[3].names, Names{"*_sd"});
  EXPECT_EQ(terms[4].names, Names{"x?"});
  EXPECT_EQ(terms[5].names, Names{"*"});
  EXPECT_EQ(terms[6].names, Names{"a~z"});
  for (const auto& term : terms) {
    EXPECT_TRUE(term.ts.empty());
    EXPECT_TRUE(term.fv.empty());
    EXPECT_TRUE(term.range_to.empty());
  }
  EXPECT_TRUE(parse_varlist("").empty());
  EXPECT_TRUE(parse_varlist("   ").empty());
}

TEST(GrammarVarlist, Ranges) {
  auto terms = parse_varlist("z1-z4 a b - c d", 10);
  ASSERT_EQ(terms.size(), 4u);
  EXPECT_EQ(terms[0].names, Names{"z1"});
  EXPECT_EQ(terms[0].range_to, "z4");
  EXPECT_EQ(terms[0].text, "z1-z4");
  EXPECT_EQ(terms[0].pos, 10);
  EXPECT_EQ(terms[1].names, Names{"a"});
  EXPECT_EQ(terms[2].names, Names{"b"});
  EXPECT_EQ(terms[2].range_to, "c");
  EXPECT_EQ(terms[2].text, "b - c");
  EXPECT_EQ(terms[2].pos, 18);
  EXPECT_EQ(terms[3].names, Names{"d"});
}

TEST(GrammarVarlist, TimeSeriesOperators) {
  auto terms = parse_varlist("L.x L2.x F.y D.y S4.y l.x");
  ASSERT_EQ(terms.size(), 6u);
  ASSERT_EQ(terms[0].ts.size(), 1u);
  EXPECT_EQ(terms[0].ts[0].op, 'L');
  EXPECT_EQ(terms[0].ts[0].lags, Lags{1});
  EXPECT_EQ(terms[0].names, Names{"x"});
  EXPECT_EQ(terms[1].ts[0].lags, Lags{2});
  EXPECT_EQ(terms[2].ts[0].op, 'F');
  EXPECT_EQ(terms[3].ts[0].op, 'D');
  EXPECT_EQ(terms[4].ts[0].op, 'S');
  EXPECT_EQ(terms[4].ts[0].lags, Lags{4});
  EXPECT_EQ(terms[5].ts[0].op, 'L');
  EXPECT_EQ(terms[5].text, "l.x");
}

TEST(GrammarVarlist, TimeSeriesChainsAndCombinations) {
  for (std::string_view text : {"L.D.x", "LD.x", "ld.x"}) {
    auto terms = parse_varlist(text);
    ASSERT_EQ(terms.size(), 1u) << text;
    ASSERT_EQ(terms[0].ts.size(), 2u) << text;
    EXPECT_EQ(terms[0].ts[0].op, 'L');
    EXPECT_EQ(terms[0].ts[1].op, 'D');
    EXPECT_EQ(terms[0].ts[1].lags, Lags{1});
    EXPECT_EQ(terms[0].names, Names{"x"});
  }
  auto terms = parse_varlist("L2D.x D2.y");
  EXPECT_EQ(terms[0].ts[0].lags, Lags{2});
  EXPECT_EQ(terms[0].ts[1].op, 'D');
  EXPECT_EQ(terms[1].ts[0].op, 'D');
  EXPECT_EQ(terms[1].ts[0].lags, Lags{2});
}

TEST(GrammarVarlist, TimeSeriesNumlistsAndGroups) {
  auto terms = parse_varlist("L(1/3).x L(0 1 3).y L(0/2).(k ys) L.(x y)");
  ASSERT_EQ(terms.size(), 4u);
  EXPECT_EQ(terms[0].ts[0].lags, (Lags{1, 2, 3}));
  EXPECT_EQ(terms[1].ts[0].lags, (Lags{0, 1, 3}));
  EXPECT_EQ(terms[2].ts[0].lags, (Lags{0, 1, 2}));
  EXPECT_EQ(terms[2].names, (Names{"k", "ys"}));
  EXPECT_EQ(terms[2].text, "L(0/2).(k ys)");
  EXPECT_EQ(terms[3].names, (Names{"x", "y"}));
  EXPECT_EQ(terms[3].ts[0].lags, Lags{1});
}

TEST(GrammarVarlist, FactorIndicators) {
  auto terms = parse_varlist("i.x ib2.g ibn.g ib(first).g ib(last).g ib(freq).g IB3.g");
  ASSERT_EQ(terms.size(), 7u);
  for (const auto& term : terms) {
    ASSERT_EQ(term.fv.size(), 1u);
    EXPECT_EQ(term.fv[0].kind, FvPart::Kind::Indicator);
    EXPECT_FALSE(term.fv_full);
  }
  EXPECT_EQ(terms[0].fv[0].name, "x");
  EXPECT_FALSE(terms[0].fv[0].base);
  EXPECT_EQ(terms[1].fv[0].base, 2.0);
  EXPECT_TRUE(terms[2].fv[0].no_base);
  EXPECT_TRUE(terms[3].fv[0].base_first);
  EXPECT_TRUE(terms[4].fv[0].base_last);
  EXPECT_TRUE(terms[5].fv[0].base_freq);
  EXPECT_EQ(terms[6].fv[0].base, 3.0);
  EXPECT_EQ(terms[1].text, "ib2.g");
  EXPECT_EQ(terms[1].pos, 4);
}

TEST(GrammarVarlist, FactorLevelsAndContinuous) {
  auto terms = parse_varlist("2.x i(1 3).x i2.x c.z C.w i(1/3).g");
  ASSERT_EQ(terms.size(), 6u);
  EXPECT_EQ(terms[0].fv[0].levels, std::vector<double>{2});
  EXPECT_EQ(terms[1].fv[0].levels, (std::vector<double>{1, 3}));
  EXPECT_EQ(terms[2].fv[0].levels, std::vector<double>{2});
  EXPECT_EQ(terms[3].fv[0].kind, FvPart::Kind::Continuous);
  EXPECT_EQ(terms[3].fv[0].name, "z");
  EXPECT_EQ(terms[4].fv[0].kind, FvPart::Kind::Continuous);
  EXPECT_EQ(terms[5].fv[0].levels, (std::vector<double>{1, 2, 3}));
}

TEST(GrammarVarlist, FactorGroupExpandsToSeveralTerms) {
  auto terms = parse_varlist("i.(x z) y");
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[0].fv[0].name, "x");
  EXPECT_EQ(terms[1].fv[0].name, "z");
  EXPECT_EQ(terms[0].fv[0].kind, FvPart::Kind::Indicator);
  EXPECT_EQ(terms[1].text, "i.(x z)");
  EXPECT_EQ(terms[2].names, Names{"y"});
  EXPECT_TRUE(terms[2].fv.empty());
}

TEST(GrammarVarlist, Interactions) {
  auto terms = parse_varlist("i.x#i.z i.x#c.z c.x#c.z x#z");
  ASSERT_EQ(terms.size(), 4u);
  ASSERT_EQ(terms[0].fv.size(), 2u);
  EXPECT_EQ(terms[0].fv[0].kind, FvPart::Kind::Indicator);
  EXPECT_EQ(terms[0].fv[1].kind, FvPart::Kind::Indicator);
  EXPECT_EQ(terms[0].fv[1].name, "z");
  EXPECT_FALSE(terms[0].fv_full);
  EXPECT_EQ(terms[1].fv[1].kind, FvPart::Kind::Continuous);
  EXPECT_EQ(terms[2].fv[0].kind, FvPart::Kind::Continuous);
  EXPECT_EQ(terms[3].fv[0].kind, FvPart::Kind::Plain);
  EXPECT_EQ(terms[3].fv[1].kind, FvPart::Kind::Plain);
  EXPECT_EQ(terms[3].fv[1].name, "z");
  EXPECT_EQ(terms[1].text, "i.x#c.z");
  EXPECT_EQ(terms[1].pos, 8);
}

TEST(GrammarVarlist, FullFactorial) {
  auto terms = parse_varlist("c.x##c.z i.g##c.w i.a#i.b#i.c");
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_TRUE(terms[0].fv_full);
  EXPECT_TRUE(terms[1].fv_full);
  EXPECT_EQ(terms[1].fv[0].kind, FvPart::Kind::Indicator);
  EXPECT_EQ(terms[1].fv[1].kind, FvPart::Kind::Continuous);
  EXPECT_FALSE(terms[2].fv_full);
  EXPECT_EQ(terms[2].fv.size(), 3u);
}

TEST(GrammarVarlist, InteractionWithGroupIsCrossed) {
  auto terms = parse_varlist("i.(a b)#c.w");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].fv[0].name, "a");
  EXPECT_EQ(terms[0].fv[1].name, "w");
  EXPECT_EQ(terms[1].fv[0].name, "b");
  EXPECT_EQ(terms[1].fv[1].name, "w");
}

TEST(GrammarVarlist, TimeSeriesInsideFactorPart) {
  auto terms = parse_varlist("c.L.x#i.g");
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].fv[0].name, "L.x");
  EXPECT_EQ(terms[0].fv[0].kind, FvPart::Kind::Continuous);
}

TEST(GrammarVarlist, Errors) {
  EXPECT_EQ(error_of("y 2x"), "198@2 2x invalid name");
  EXPECT_EQ(error_of("y x+z"), "198@2 x+z invalid name");
  EXPECT_EQ(error_of("a -"), "198@2 - invalid name");
  EXPECT_EQ(error_of("y i.", 5), "198@7 i. invalid name");
  EXPECT_NE(error_of("L(1/2.x"), "no error");
  EXPECT_NE(error_of("L(a b).x"), "no error");
  EXPECT_NE(error_of("i.(x"), "no error");
}

}  // namespace
