// Unit tests for parse_command_head / parse_command_body: prefixes, the command
// word, and the if / in / weight / using / options pieces with their positions.

#include <gtest/gtest.h>

#include "xtdo/grammar.hpp"

namespace {

using xtdo::XtdoError;
using xtdo::ast::Command;
using xtdo::grammar::parse_command_body;
using xtdo::grammar::parse_command_head;

Command parse(std::string_view line) {
  Command cmd = parse_command_head(line);
  parse_command_body(cmd);
  return cmd;
}

/// The Span text must equal `line.substr(pos, size)`: positions index the full line.
void expect_at(std::string_view line, const xtdo::ast::Span& span, std::string_view text) {
  EXPECT_EQ(span.text, text);
  ASSERT_GE(span.pos, 0);
  EXPECT_EQ(line.substr(span.pos, span.text.size()), text);
}

std::string error_of(std::string_view line) {
  try {
    parse(line);
  } catch (const XtdoError& e) {
    return std::to_string(e.rc()) + "@" + std::to_string(e.pos());
  }
  return "no error";
}

TEST(GrammarCommandHead, PlainCommand) {
  Command cmd = parse_command_head("  gen x = 1");
  EXPECT_TRUE(cmd.prefixes.empty());
  EXPECT_EQ(cmd.name, "gen");
  EXPECT_EQ(cmd.name_pos, 2);
  EXPECT_EQ(cmd.rest.text, " x = 1");
  EXPECT_EQ(cmd.rest.pos, 5);
}

TEST(GrammarCommandHead, WordEndsAtNonNameCharacter) {
  Command cmd = parse_command_head("di\"hello\"");
  EXPECT_EQ(cmd.name, "di");
  EXPECT_EQ(cmd.rest.text, "\"hello\"");
  EXPECT_EQ(cmd.rest.pos, 2);
  EXPECT_EQ(parse_command_head("xtabond2 n L.n").name, "xtabond2");
  EXPECT_EQ(parse_command_head("_rmcoll x").name, "_rmcoll");
}

TEST(GrammarCommandHead, ChainedPrefixes) {
  Command cmd = parse_command_head("capture quietly by id: gen x = 1");
  ASSERT_EQ(cmd.prefixes.size(), 3u);
  EXPECT_EQ(cmd.prefixes[0].name, "capture");
  EXPECT_EQ(cmd.prefixes[0].pos, 0);
  EXPECT_EQ(cmd.prefixes[1].name, "quietly");
  EXPECT_EQ(cmd.prefixes[1].pos, 8);
  EXPECT_EQ(cmd.prefixes[2].name, "by");
  EXPECT_EQ(cmd.prefixes[2].pos, 16);
  EXPECT_EQ(cmd.prefixes[2].by_vars, std::vector<std::string>{"id"});
  EXPECT_EQ(cmd.name, "gen");
  EXPECT_EQ(cmd.name_pos, 23);
  EXPECT_EQ(cmd.rest.text, " x = 1");
}

TEST(GrammarCommandHead, PrefixAbbreviationsAndColons) {
  Command cmd = parse_command_head("qui: reg y x");
  ASSERT_EQ(cmd.prefixes.size(), 1u);
  EXPECT_EQ(cmd.prefixes[0].name, "quietly");
  EXPECT_EQ(cmd.name, "reg");
  cmd = parse_command_head("cap noi di 1");
  ASSERT_EQ(cmd.prefixes.size(), 2u);
  EXPECT_EQ(cmd.prefixes[0].name, "capture");
  EXPECT_EQ(cmd.prefixes[1].name, "noisily");
  EXPECT_EQ(cmd.name, "di");
  cmd = parse_command_head("n di 1");
  ASSERT_EQ(cmd.prefixes.size(), 1u);
  EXPECT_EQ(cmd.prefixes[0].name, "noisily");
  cmd = parse_command_head("quietl capt : x");
  EXPECT_EQ(cmd.prefixes.size(), 2u);
  EXPECT_EQ(cmd.name, "x");
  // Too short to be prefixes: ordinary command words.
  EXPECT_EQ(parse_command_head("qu x").name, "qu");
  EXPECT_EQ(parse_command_head("ca x").name, "ca");
  EXPECT_EQ(parse_command_head("query").name, "query");
  EXPECT_EQ(parse_command_head("byable").name, "byable");
}

TEST(GrammarCommandHead, BysortWithSortVariables) {
  Command cmd = parse_command_head("bysort id (year): gen lag = x[_n-1]");
  ASSERT_EQ(cmd.prefixes.size(), 1u);
  EXPECT_EQ(cmd.prefixes[0].name, "bysort");
  EXPECT_EQ(cmd.prefixes[0].by_vars, std::vector<std::string>{"id"});
  EXPECT_EQ(cmd.prefixes[0].sort_vars, std::vector<std::string>{"year"});
  EXPECT_EQ(cmd.name, "gen");
  EXPECT_EQ(cmd.rest.text, " lag = x[_n-1]");

  cmd = parse_command_head("bys country year (month day) : egen m = mean(x)");
  EXPECT_EQ(cmd.prefixes[0].name, "bysort");
  EXPECT_EQ(cmd.prefixes[0].by_vars, (std::vector<std::string>{"country", "year"}));
  EXPECT_EQ(cmd.prefixes[0].sort_vars, (std::vector<std::string>{"month", "day"}));
  EXPECT_EQ(cmd.name, "egen");
}

TEST(GrammarCommandHead, ByOptions) {
  Command cmd = parse_command_head("by id, sort: gen n = _n");
  EXPECT_EQ(cmd.prefixes[0].name, "bysort");
  EXPECT_EQ(cmd.prefixes[0].by_vars, std::vector<std::string>{"id"});
  cmd = parse_command_head("by id year, rc0: reg y x");
  EXPECT_EQ(cmd.prefixes[0].name, "by");
  EXPECT_TRUE(cmd.prefixes[0].rc0);
  EXPECT_EQ(cmd.prefixes[0].by_vars, (std::vector<std::string>{"id", "year"}));
  EXPECT_EQ(cmd.name, "reg");
  try {
    parse_command_head("by id, bogus: x");
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 198);
    EXPECT_EQ(e.pos(), 7);
  }
  EXPECT_THROW(parse_command_head("by id gen x = 1"), XtdoError);
  EXPECT_THROW(parse_command_head("by : gen x = 1"), XtdoError);
}

TEST(GrammarCommandHead, SpecialWords) {
  Command cmd = parse_command_head("!ls -l");
  EXPECT_EQ(cmd.name, "shell");
  EXPECT_EQ(cmd.rest.text, "ls -l");
  EXPECT_EQ(cmd.rest.pos, 1);
  EXPECT_EQ(parse_command_head("}").name, "}");
  EXPECT_EQ(parse_command_head("  {").name, "{");
  cmd = parse_command_head("quietly {");
  EXPECT_EQ(cmd.prefixes.size(), 1u);
  EXPECT_EQ(cmd.name, "{");
  EXPECT_EQ(parse_command_head("").name, "");
  EXPECT_EQ(parse_command_head("=x y").name, "=x");
}

TEST(GrammarCommandBody, FullSplit) {
  std::string line = "gen x = cond(a, b, c) if y > 1 in 1/5 [aw=w], opt(1, 2) r";
  Command cmd = parse(line);
  EXPECT_EQ(cmd.name, "gen");
  expect_at(line, cmd.args, "x = cond(a, b, c)");
  ASSERT_TRUE(cmd.if_exp);
  expect_at(line, *cmd.if_exp, "y > 1");
  ASSERT_TRUE(cmd.in_range);
  expect_at(line, *cmd.in_range, "1/5");
  ASSERT_TRUE(cmd.weight_type);
  EXPECT_EQ(*cmd.weight_type, "aweight");
  expect_at(line, *cmd.weight_exp, "w");
  EXPECT_FALSE(cmd.using_file);
  EXPECT_TRUE(cmd.has_comma);
  ASSERT_EQ(cmd.options.size(), 2u);
  EXPECT_EQ(cmd.options[0].name, "opt");
  EXPECT_EQ(cmd.options[0].arg, "1, 2");
  EXPECT_EQ(line.substr(cmd.options[0].pos, 3), "opt");
  EXPECT_EQ(cmd.options[1].name, "r");
  EXPECT_FALSE(cmd.options[1].arg);
  EXPECT_EQ(cmd.options[1].pos, static_cast<int>(line.size()) - 1);
}

TEST(GrammarCommandBody, WithPrefixesPositionsStayInFullLine) {
  std::string line = "capture bysort id (t): regress y x if t > 1, vce(cluster id)";
  Command cmd = parse(line);
  expect_at(line, cmd.args, "y x");
  expect_at(line, *cmd.if_exp, "t > 1");
  ASSERT_EQ(cmd.options.size(), 1u);
  EXPECT_EQ(cmd.options[0].arg, "cluster id");
  EXPECT_EQ(line.substr(cmd.options[0].pos, 3), "vce");
}

TEST(GrammarCommandBody, NoPieces) {
  Command cmd = parse("summarize");
  EXPECT_EQ(cmd.args.text, "");
  EXPECT_FALSE(cmd.if_exp);
  EXPECT_FALSE(cmd.has_comma);
  EXPECT_TRUE(cmd.options.empty());
  cmd = parse("clear all");
  EXPECT_EQ(cmd.args.text, "all");
}

TEST(GrammarCommandBody, KeywordsOnlyAsWholeWordsAtTopLevel) {
  std::string line = "count if inlist(x, 1, 2) & index != 1";
  Command cmd = parse(line);
  EXPECT_EQ(cmd.args.text, "");
  expect_at(line, *cmd.if_exp, "inlist(x, 1, 2) & index != 1");
  EXPECT_FALSE(cmd.in_range);

  line = "di \"if in using, x\" if usingx";
  cmd = parse(line);
  expect_at(line, cmd.args, "\"if in using, x\"");
  expect_at(line, *cmd.if_exp, "usingx");
  EXPECT_FALSE(cmd.has_comma);

  line = "keep if(x > 1)";
  cmd = parse(line);
  expect_at(line, *cmd.if_exp, "(x > 1)");

  line = "replace y = f(in) if x";
  cmd = parse(line);
  expect_at(line, cmd.args, "y = f(in)");
}

TEST(GrammarCommandBody, SubscriptIsNotAWeight) {
  std::string line = "replace x = x[_n-1] if missing(x) & y[_n] == 1";
  Command cmd = parse(line);
  expect_at(line, cmd.args, "x = x[_n-1]");
  expect_at(line, *cmd.if_exp, "missing(x) & y[_n] == 1");
  EXPECT_FALSE(cmd.weight_type);
}

TEST(GrammarCommandBody, WeightTypes) {
  auto type = [](std::string_view line) { return *parse(line).weight_type; };
  EXPECT_EQ(type("reg y x [aweight = pop]"), "aweight");
  EXPECT_EQ(type("reg y x [fw=n]"), "fweight");
  EXPECT_EQ(type("reg y x [frequency=n]"), "fweight");
  EXPECT_EQ(type("reg y x [pw=w]"), "pweight");
  EXPECT_EQ(type("reg y x [pweight=w]"), "pweight");
  EXPECT_EQ(type("reg y x [iw=w]"), "iweight");
  EXPECT_EQ(type("reg y x [weight=w]"), "weight");
  std::string line = "su x [ aw = 1/v ] if x>0";
  Command cmd = parse(line);
  expect_at(line, *cmd.weight_exp, "1/v");
  expect_at(line, *cmd.if_exp, "x>0");
  expect_at(line, cmd.args, "x");
}

TEST(GrammarCommandBody, IfInWeightInAnyOrder) {
  std::string line = "list x in 1/10 if y == 2";
  Command cmd = parse(line);
  expect_at(line, *cmd.in_range, "1/10");
  expect_at(line, *cmd.if_exp, "y == 2");
  line = "su x [fw=n] in f/l";
  cmd = parse(line);
  EXPECT_EQ(*cmd.weight_type, "fweight");
  expect_at(line, *cmd.in_range, "f/l");
}

TEST(GrammarCommandBody, Using) {
  std::string line = "merge 1:1 id using \"my data.dta\", keep(match) nogen";
  Command cmd = parse(line);
  expect_at(line, cmd.args, "1:1 id");
  expect_at(line, *cmd.using_file, "my data.dta");
  ASSERT_EQ(cmd.options.size(), 2u);
  EXPECT_EQ(cmd.options[0].name, "keep");
  EXPECT_EQ(*cmd.options[0].arg, "match");
  EXPECT_EQ(cmd.options[1].name, "nogen");

  line = "import delimited using data/file.csv, clear";
  cmd = parse(line);
  expect_at(line, *cmd.using_file, "data/file.csv");
  EXPECT_EQ(cmd.name, "import");
  EXPECT_EQ(cmd.args.text, "delimited");

  line = "use x y if z > 1 using `\"a b.dta\"'";
  cmd = parse(line);
  expect_at(line, cmd.args, "x y");
  expect_at(line, *cmd.if_exp, "z > 1");
  expect_at(line, *cmd.using_file, "a b.dta");

  EXPECT_EQ(error_of("append using a b"), "198@15");
  EXPECT_EQ(error_of("use using"), "198@4");
}

TEST(GrammarCommandBody, OptionsWithNestedParensAndQuotes) {
  std::string line =
      "xtabond2 n L.n w, gmm(L.(n w), lag(2 .)) iv(yr*) title(\"a (b), c\") robust twostep";
  Command cmd = parse(line);
  expect_at(line, cmd.args, "n L.n w");
  ASSERT_EQ(cmd.options.size(), 5u);
  EXPECT_EQ(cmd.options[0].name, "gmm");
  EXPECT_EQ(*cmd.options[0].arg, "L.(n w), lag(2 .)");
  EXPECT_EQ(*cmd.options[1].arg, "yr*");
  EXPECT_EQ(*cmd.options[2].arg, "\"a (b), c\"");
  EXPECT_EQ(cmd.options[3].name, "robust");
  EXPECT_EQ(cmd.options[4].name, "twostep");
  for (const auto& option : cmd.options) {
    EXPECT_EQ(line.substr(option.pos, option.name.size()), option.name);
  }
  cmd = parse("reg y x, absorb(id) vce(cluster id)");
  EXPECT_EQ(*cmd.options[1].arg, "cluster id");
  cmd = parse("reg y x,robust");
  ASSERT_EQ(cmd.options.size(), 1u);
  EXPECT_EQ(cmd.options[0].name, "robust");
  cmd = parse("reg y x, note(\"\") level(90)");
  EXPECT_EQ(*cmd.options[0].arg, "\"\"");
  EXPECT_EQ(*cmd.options[1].arg, "90");
  cmd = parse("reg y x,");
  EXPECT_TRUE(cmd.has_comma);
  EXPECT_TRUE(cmd.options.empty());
}

TEST(GrammarCommandBody, CommaInsideParensOrQuotesIsNotOptions) {
  std::string line = "twoway (scatter y x, msize(small)) (lfit y x), legend(off)";
  Command cmd = parse(line);
  expect_at(line, cmd.args, "(scatter y x, msize(small)) (lfit y x)");
  ASSERT_EQ(cmd.options.size(), 1u);
  EXPECT_EQ(cmd.options[0].name, "legend");
  line = "display \"a, b\"";
  cmd = parse(line);
  EXPECT_FALSE(cmd.has_comma);
  expect_at(line, cmd.args, "\"a, b\"");
}

TEST(GrammarCommandBody, ErrorsCarryPositions) {
  EXPECT_EQ(error_of("di \"abc"), "198@3");
  EXPECT_EQ(error_of("gen x = (1 + 2"), "132@8");
  EXPECT_EQ(error_of("gen x = 1 + 2)"), "132@13");
  EXPECT_EQ(error_of("reg y x, vce(robust"), "132@12");
  EXPECT_EQ(error_of("reg y x, (robust)"), "198@9");
  EXPECT_EQ(error_of("count if"), "198@6");
  EXPECT_EQ(error_of("count if x in 1/2 if y"), "198@18");
  EXPECT_EQ(error_of("su x [aw=]"), "198@9");
  EXPECT_EQ(error_of("su x [aw=w] junk"), "198@12");
}

}  // namespace
