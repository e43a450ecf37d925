// Unit tests for split_lines / LineSplitter: comments, continuation, #delimit.

#include <gtest/gtest.h>

#include "xtdo/grammar.hpp"

namespace {

using xtdo::XtdoError;
using xtdo::grammar::LineSplitter;
using xtdo::grammar::LogicalLine;
using xtdo::grammar::split_lines;

/// The statements (a script's trailing comments ride on a line with empty text).
std::vector<std::string> texts(const std::vector<LogicalLine>& lines) {
  std::vector<std::string> out;
  for (const auto& line : lines)
    if (!line.text.empty()) out.push_back(line.text);
  return out;
}

TEST(GrammarLines, PlainLinesAndNumbers) {
  auto lines = split_lines("sysuse auto\n\n  regress price mpg  \ndisplay 1");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "sysuse auto");
  EXPECT_EQ(lines[0].line, 1);
  EXPECT_EQ(lines[1].text, "regress price mpg");
  EXPECT_EQ(lines[1].line, 3);
  EXPECT_EQ(lines[2].line, 4);
}

TEST(GrammarLines, StarComments) {
  auto lines = split_lines("* a comment\n   * indented comment\ngen x = 2 * 3\n*no blank");
  EXPECT_EQ(texts(lines), std::vector<std::string>{"gen x = 2 * 3"});
}

TEST(GrammarLines, StarCommentContinuedWithTripleSlash) {
  auto lines = split_lines("* comment ///\n still comment\ndi 1");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "di 1");
  EXPECT_EQ(lines[0].line, 3);
}

TEST(GrammarLines, StarCommentDoesNotOpenBlockComment) {
  auto lines = split_lines("* files are in /data/*.csv\ndi 1");
  EXPECT_EQ(texts(lines), std::vector<std::string>{"di 1"});
}

TEST(GrammarLines, DoubleSlashComments) {
  auto lines =
      split_lines("di 1 // trailing\n// whole line\ndi \"http://x.org\"\nuse http://a.b/c");
  EXPECT_EQ(texts(lines),
            (std::vector<std::string>{"di 1", "di \"http://x.org\"", "use http://a.b/c"}));
}

TEST(GrammarLines, DoubleSlashInsideQuotesIsLiteral) {
  auto lines = split_lines("di \"a // b\" // c\ndi `\"x // \"y\"\"' // z");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"di \"a // b\"", "di `\"x // \"y\"\"'"}));
}

TEST(GrammarLines, TripleSlashJoinsLines) {
  auto lines = split_lines("regress y x1 /// first\n   x2 ///\n  , robust\ndi 2");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "regress y x1     x2    , robust");
  EXPECT_EQ(lines[0].line, 1);
  EXPECT_EQ(lines[1].text, "di 2");
  EXPECT_EQ(lines[1].line, 4);
}

TEST(GrammarLines, TripleSlashAtLineStart) {
  auto lines = split_lines("gen x = 1 ///\n/// only a comment\n+ 2");
  EXPECT_EQ(texts(lines), std::vector<std::string>{"gen x = 1   + 2"});
}

TEST(GrammarLines, TripleSlashInsideQuotesIsLiteral) {
  auto lines = split_lines("di \"a /// b\"\ndi 2");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"di \"a /// b\"", "di 2"}));
}

TEST(GrammarLines, BlockCommentsInlineAndNested) {
  auto lines = split_lines("gen /* c */ x = 1\ndi /* a /* b */ c */ 2\ngen y/*z*/=3");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"gen   x = 1", "di   2", "gen y =3"}));
}

TEST(GrammarLines, BlockCommentSpanningLinesJoinsThem) {
  auto lines = split_lines("reg y x /*\n  more comment\n  */ , robust\n/* header\n  */\ndi 1");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "reg y x   , robust");
  EXPECT_EQ(lines[0].line, 1);
  EXPECT_EQ(lines[1].text, "di 1");
  EXPECT_EQ(lines[1].line, 6);
}

TEST(GrammarLines, BlockCommentMarkersInsideQuotes) {
  auto lines = split_lines("di \"/* not a comment */\"\ndi `\"/*\"'");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"di \"/* not a comment */\"", "di `\"/*\"'"}));
}

TEST(GrammarLines, MacroQuotesDoNotConfuse) {
  auto lines = split_lines("di \"`x'\" // c\nlocal y `x'// not a comment\ndi `a' `\"`b'\"'");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"di \"`x'\"", "local y `x'// not a comment",
                                                    "di `a' `\"`b'\"'"}));
}

TEST(GrammarLines, UnterminatedQuoteEndsAtLineEnd) {
  auto lines = split_lines("di \"abc\ndi 2 // c");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"di \"abc", "di 2"}));
}

TEST(GrammarLines, UnterminatedBlockCommentThrows) {
  try {
    split_lines("di 1\n/* never closed\ndi 2\n");
    FAIL() << "expected an error";
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 198);
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos);
  }
}

TEST(GrammarLines, DelimitSemicolon) {
  auto lines = split_lines(
      "#delimit ;\n"
      "regress y x1\n"
      "   x2, robust ;\n"
      "di 1; di 2;\n"
      "di \"a;b\" ;\n"
      "* a comment\n that continues ;\n"
      "#delimit cr\n"
      "di 3\n");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].text, "regress y x1    x2, robust");
  EXPECT_EQ(lines[0].line, 2);
  EXPECT_EQ(lines[1].text, "di 1");
  EXPECT_EQ(lines[2].text, "di 2");
  EXPECT_EQ(lines[2].line, 4);
  EXPECT_EQ(lines[3].text, "di \"a;b\"");
  EXPECT_EQ(lines[4].text, "di 3");
  EXPECT_EQ(lines[4].line, 9);
}

TEST(GrammarLines, DelimitAbbreviatedAndComments) {
  auto lines = split_lines("#d ;\ndi 1 // c;\n;\n/* x; */ di 2 ;\n#delim cr\ndi 3");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"di 1", "di 2", "di 3"}));
}

TEST(GrammarLines, DelimitUnterminatedStatementReturnedAtEnd) {
  auto lines = split_lines("#delimit ;\ndi 1;\ndi 2\n");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"di 1", "di 2"}));
}

TEST(GrammarLines, DelimitInvalid) { EXPECT_THROW(split_lines("#delimit x\n"), XtdoError); }

TEST(GrammarLines, CrlfLineEndings) {
  auto lines = split_lines("di 1\r\ndi 2 ///\r\n + 1\r\n");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"di 1", "di 2   + 1"}));
}

TEST(GrammarLines, SplitterPendingForPrompt) {
  LineSplitter s;
  EXPECT_TRUE(s.feed("regress y ///", 1).empty());
  EXPECT_TRUE(s.pending());
  auto out = s.feed("  x", 2);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text, "regress y    x");
  EXPECT_EQ(out[0].line, 1);
  EXPECT_FALSE(s.pending());

  EXPECT_TRUE(s.feed("di 1 /* open", 3).empty());
  EXPECT_TRUE(s.pending());
  out = s.feed("close */ + 1", 4);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text, "di 1   + 1");
  EXPECT_FALSE(s.pending());

  EXPECT_TRUE(s.feed("#delimit ;", 5).empty());
  EXPECT_TRUE(s.delimit_semicolon());
  EXPECT_FALSE(s.pending());
  EXPECT_TRUE(s.feed("di", 6).empty());
  EXPECT_TRUE(s.pending());
  out = s.feed("5;", 7);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text, "di 5");
  EXPECT_EQ(out[0].line, 6);
  EXPECT_FALSE(s.pending());
}

TEST(GrammarLines, FinishFlushesContinuation) {
  LineSplitter s;
  EXPECT_TRUE(s.feed("di 1 ///", 1).empty());
  auto out = s.finish();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text, "di 1");
  EXPECT_FALSE(s.pending());
}

TEST(GrammarLines, TabsInsideStringsAreKept) {
  auto lines = split_lines("\tdi \"a\tb\"\t");
  EXPECT_EQ(texts(lines), std::vector<std::string>{"di \"a\tb\""});
}

TEST(GrammarLines, EmptyScript) {
  EXPECT_TRUE(split_lines("").empty());
  auto blank = split_lines("\n\n   \n");
  ASSERT_EQ(blank.size(), 1u);  // no statement, only blank lines to echo
  EXPECT_TRUE(blank[0].text.empty());
  EXPECT_EQ(blank[0].echo_before, (std::vector<std::string>{"", "", ""}));
}

// A do-file echoes each line as typed: comments, blank lines and indentation kept,
// continuation lines shown after "> " ([U] 16 do-files).
TEST(GrammarLines, EchoKeepsLinesAsTyped) {
  auto lines = split_lines(
      "display 1 // note\n    * a comment\n\nforeach x in a {\n    display 2\n}\n"
      "regress y ///\n    x\n/* block\n comment */\n* last\n");
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].echo, "display 1 // note");
  EXPECT_TRUE(lines[0].echo_before.empty());
  EXPECT_EQ(lines[1].text, "foreach x in a {");
  EXPECT_EQ(lines[1].echo_before, (std::vector<std::string>{"    * a comment", ""}));
  EXPECT_EQ(lines[2].echo, "    display 2");
  EXPECT_EQ(lines[4].text.rfind("regress y", 0), 0u);
  EXPECT_EQ(lines[4].echo, "regress y ///\n> x");
  EXPECT_TRUE(lines[5].text.empty());
  EXPECT_EQ(lines[5].echo_before, (std::vector<std::string>{"/* block\n> comment */", "* last"}));
}

}  // namespace
