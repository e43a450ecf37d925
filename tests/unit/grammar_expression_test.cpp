// Unit tests for parse_expression: literals, precedence, positions and errors.

#include <gtest/gtest.h>

#include <sstream>

#include "xtdo/grammar.hpp"

namespace {

using xtdo::XtdoError;
using xtdo::ast::Expr;
using xtdo::ast::ExprKind;
using xtdo::ast::ExprPtr;
using xtdo::grammar::parse_expression;

/// A compact rendering of a tree: binary/unary in prefix form, so tests read well.
std::string show(const ExprPtr& e) {
  switch (e->kind) {
    case ExprKind::Number: {
      if (e->number >= 0x1p1023) {
        int k = static_cast<int>((e->number / 0x1p1023 - 1.0) * 4096.0 + 0.5);
        return k == 0 ? "." : std::string(".") + static_cast<char>('a' + k - 1);
      }
      std::ostringstream out;
      out << e->number;
      return out.str();
    }
    case ExprKind::String:
      return "\"" + e->text + "\"";
    case ExprKind::Name:
      return e->text;
    case ExprKind::Result:
      return e->text + "(" + e->name + ")";
    case ExprKind::Coef:
      return e->text + "[" + e->name + "]";
    default:
      break;
  }
  std::string out = "(" + e->text;
  if (e->kind == ExprKind::Call) out = "call:" + e->text + "(";
  if (e->kind == ExprKind::Subscript) out = "sub:" + e->text + "[";
  for (const auto& arg : e->args) {
    out += ' ';
    out += show(arg);
  }
  return out + (e->kind == ExprKind::Subscript ? "]" : ")");
}

std::string tree(std::string_view text) { return show(parse_expression(text)); }

/// Runs `text` expecting an XtdoError; returns "rc@pos".
std::string error_of(std::string_view text, int base = 0) {
  try {
    parse_expression(text, base);
  } catch (const XtdoError& e) {
    return std::to_string(e.rc()) + "@" + std::to_string(e.pos());
  }
  return "no error";
}

TEST(GrammarExpression, NumberLiterals) {
  EXPECT_EQ(parse_expression("1")->number, 1.0);
  EXPECT_EQ(parse_expression("1.5")->number, 1.5);
  EXPECT_EQ(parse_expression(".5")->number, 0.5);
  EXPECT_EQ(parse_expression("5.")->number, 5.0);
  EXPECT_DOUBLE_EQ(parse_expression("1e-3")->number, 0.001);
  EXPECT_DOUBLE_EQ(parse_expression("1.2e+5")->number, 120000.0);
  EXPECT_DOUBLE_EQ(parse_expression("2E3")->number, 2000.0);
  EXPECT_EQ(parse_expression("  42  ")->kind, ExprKind::Number);
}

TEST(GrammarExpression, MissingLiterals) {
  EXPECT_EQ(parse_expression(".")->number, 0x1p1023);
  EXPECT_EQ(parse_expression(".a")->number, 0x1p1023 * (1.0 + 1.0 / 4096.0));
  EXPECT_EQ(parse_expression(".b")->number, 0x1p1023 * (1.0 + 2.0 / 4096.0));
  EXPECT_EQ(parse_expression(".z")->number, 0x1p1023 * (1.0 + 26.0 / 4096.0));
  EXPECT_EQ(tree("x == ."), "(== x .)");
  EXPECT_EQ(tree("x>=.a"), "(>= x .a)");
}

TEST(GrammarExpression, Strings) {
  auto e = parse_expression("\"hello world\"");
  EXPECT_EQ(e->kind, ExprKind::String);
  EXPECT_EQ(e->text, "hello world");
  EXPECT_EQ(parse_expression("`\"say \"hi\"\"'")->text, "say \"hi\"");
  EXPECT_EQ(parse_expression("`\"a `\"b\"' c\"'")->text, "a `\"b\"' c");
  EXPECT_EQ(parse_expression("\"\"")->text, "");
  EXPECT_EQ(tree("s + \"|\" + t"), "(+ (+ s \"|\") t)");
  EXPECT_EQ(tree("\"a // b /* c\""), "\"a // b /* c\"");
}

TEST(GrammarExpression, Names) {
  EXPECT_EQ(tree("x"), "x");
  EXPECT_EQ(tree("_n"), "_n");
  EXPECT_EQ(tree("_N"), "_N");
  EXPECT_EQ(tree("var_2b"), "var_2b");
  EXPECT_EQ(tree("L.x"), "L.x");
  EXPECT_EQ(tree("L2.x"), "L2.x");
  EXPECT_EQ(tree("LD.x"), "LD.x");
  EXPECT_EQ(tree("L2D.gdp"), "L2D.gdp");
  EXPECT_EQ(tree("L.D.x"), "L.D.x");
  EXPECT_EQ(tree("l.x - f.x"), "(- l.x f.x)");
  EXPECT_EQ(tree("S12.y"), "S12.y");
  EXPECT_EQ(tree("Ld"), "Ld");
  EXPECT_EQ(parse_expression("D.x")->kind, ExprKind::Name);
}

TEST(GrammarExpression, ArithmeticPrecedence) {
  EXPECT_EQ(tree("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(tree("(1 + 2) * 3"), "(* (+ 1 2) 3)");
  EXPECT_EQ(tree("8 / 2 * 4"), "(* (/ 8 2) 4)");
  EXPECT_EQ(tree("1 - 2 - 3"), "(- (- 1 2) 3)");
  EXPECT_EQ(tree("a+b*c^d"), "(+ a (* b (^ c d)))");
}

TEST(GrammarExpression, PowerIsLeftAssociativeAndBindsTighterThanNegation) {
  EXPECT_EQ(tree("2^3^2"), "(^ (^ 2 3) 2)");
  EXPECT_EQ(tree("-2^2"), "(- (^ 2 2))");
  EXPECT_EQ(tree("2^-1"), "(^ 2 (- 1))");
  EXPECT_EQ(tree("-x*y"), "(* (- x) y)");
  EXPECT_EQ(tree("2*-3"), "(* 2 (- 3))");
  EXPECT_EQ(tree("- - x"), "(- (- x))");
  EXPECT_EQ(tree("+x"), "x");
}

TEST(GrammarExpression, NotAndRelational) {
  EXPECT_EQ(tree("!missing(x)"), "(! call:missing( x))");
  EXPECT_EQ(tree("~x"), "(! x)");
  EXPECT_EQ(tree("!x == 1"), "(== (! x) 1)");
  EXPECT_EQ(tree("!(x == 1)"), "(! (== x 1))");
  EXPECT_EQ(tree("x ~= 1"), "(!= x 1)");
  EXPECT_EQ(tree("x != 1"), "(!= x 1)");
  EXPECT_EQ(tree("a<b"), "(< a b)");
  EXPECT_EQ(tree("a<=b"), "(<= a b)");
  EXPECT_EQ(tree("a>b"), "(> a b)");
  EXPECT_EQ(tree("a>=b"), "(>= a b)");
  EXPECT_EQ(tree("a+1 > b*2"), "(> (+ a 1) (* b 2))");
  EXPECT_EQ(tree("a < b < c"), "(< (< a b) c)");
}

TEST(GrammarExpression, LogicalPrecedence) {
  EXPECT_EQ(tree("a | b & c"), "(| a (& b c))");
  EXPECT_EQ(tree("a & b | c & d"), "(| (& a b) (& c d))");
  EXPECT_EQ(tree("x > 1 & y < 2 | z == 3"), "(| (& (> x 1) (< y 2)) (== z 3))");
  EXPECT_EQ(tree("!a & b"), "(& (! a) b)");
}

TEST(GrammarExpression, CallsAndResults) {
  EXPECT_EQ(tree("cond(a, b, c)"), "call:cond( a b c)");
  EXPECT_EQ(tree("runiform()"), "call:runiform()");
  EXPECT_EQ(tree("max(1,min(2,3))"), "call:max( 1 call:min( 2 3))");
  EXPECT_EQ(tree("sqrt (4)"), "call:sqrt( 4)");
  EXPECT_EQ(tree("r(mean)"), "r(mean)");
  EXPECT_EQ(tree("e(N) / e( df_r )"), "(/ e(N) e(df_r))");
  EXPECT_EQ(tree("c(pi)"), "c(pi)");
  EXPECT_EQ(tree("s(x)"), "s(x)");
  EXPECT_EQ(tree("sum(x)"), "call:sum( x)");
  EXPECT_EQ(tree("el(r(table), 1, 2)"), "call:el( r(table) 1 2)");
  auto e = parse_expression("e(sample)");
  EXPECT_EQ(e->kind, ExprKind::Result);
  EXPECT_EQ(e->text, "e");
  EXPECT_EQ(e->name, "sample");
}

TEST(GrammarExpression, DatePseudoFunctionsTakeLiteralText) {
  EXPECT_EQ(tree("td(1jan2020)"), "call:td( \"1jan2020\")");
  EXPECT_EQ(tree("t >= tm(2010m1) & t < tq(2012q3)"),
            "(& (>= t call:tm( \"2010m1\")) (< t call:tq( \"2012q3\")))");
  EXPECT_EQ(tree("tc(01jan2020 12:30:00)"), "call:tc( \"01jan2020 12:30:00\")");
  EXPECT_EQ(tree("tdx(1)"), "call:tdx( 1)");
  auto e = parse_expression("td( 5may2001 )");
  EXPECT_EQ(e->args[0]->pos, 4);
}

TEST(GrammarExpression, Coefficients) {
  EXPECT_EQ(tree("_b[x]"), "_b[x]");
  EXPECT_EQ(tree("_se[ L.n ]"), "_se[L.n]");
  EXPECT_EQ(tree("_coef[_cons]"), "_b[_cons]");
  EXPECT_EQ(tree("_b[2.region]"), "_b[2.region]");
  EXPECT_EQ(tree("_b[c.x#c.z]/_se[c.x#c.z]"), "(/ _b[c.x#c.z] _se[c.x#c.z])");
  EXPECT_EQ(tree("_b[eq1:x]"), "_b[eq1:x]");
  EXPECT_EQ(parse_expression("_se[x]")->kind, ExprKind::Coef);
}

TEST(GrammarExpression, Subscripts) {
  EXPECT_EQ(tree("x[_n-1]"), "sub:x[ (- _n 1)]");
  EXPECT_EQ(tree("M[1, 2]"), "sub:M[ 1 2]");
  EXPECT_EQ(tree("x[_n-1] + x[_n+1]"), "(+ sub:x[ (- _n 1)] sub:x[ (+ _n 1)])");
  EXPECT_EQ(parse_expression("x[1]")->kind, ExprKind::Subscript);
}

TEST(GrammarExpression, Positions) {
  auto e = parse_expression("a + b*c");
  EXPECT_EQ(e->pos, 0);
  EXPECT_EQ(e->args[0]->pos, 0);
  EXPECT_EQ(e->args[1]->pos, 4);
  EXPECT_EQ(e->args[1]->args[1]->pos, 6);
  auto f = parse_expression("  f(x, -y)", 10);
  EXPECT_EQ(f->pos, 12);
  EXPECT_EQ(f->args[0]->pos, 14);
  EXPECT_EQ(f->args[1]->pos, 17);
  EXPECT_EQ(f->args[1]->args[0]->pos, 18);
  auto g = parse_expression("(a+b)*c");
  EXPECT_EQ(g->pos, 0);
  EXPECT_EQ(g->args[0]->pos, 1);
}

TEST(GrammarExpression, SyntaxErrorsCarryPositions) {
  EXPECT_EQ(error_of("1 + * 2"), "198@4");
  EXPECT_EQ(error_of("x = 1"), "198@2");
  EXPECT_EQ(error_of("2x"), "198@1");
  EXPECT_EQ(error_of("a b"), "198@2");
  EXPECT_EQ(error_of("f(1,)"), "198@4");
  EXPECT_EQ(error_of("1 +"), "198@3");
  EXPECT_EQ(error_of(""), "198@0");
  EXPECT_EQ(error_of("x && y"), "198@3");
  EXPECT_EQ(error_of("1 + * 2", 20), "198@24");
}

TEST(GrammarExpression, QuoteAndBracketErrors) {
  EXPECT_EQ(error_of("\"abc"), "198@0");
  EXPECT_EQ(error_of("x + `\"abc\""), "198@4");
  EXPECT_EQ(error_of("(1 + 2"), "132@0");
  EXPECT_EQ(error_of("1 + 2)"), "132@5");
  EXPECT_EQ(error_of("f(g(1)"), "132@1");
  EXPECT_EQ(error_of("x[1)"), "132@3");
  try {
    parse_expression("\"abc");
  } catch (const XtdoError& e) {
    EXPECT_STREQ(e.what(), "unmatched quote");
  }
}

TEST(GrammarExpression, PathologicalInputIsRejectedNotCrashing) {
  EXPECT_EQ(error_of(std::string(5000, '(') + "1" + std::string(5000, ')')).substr(0, 4), "130@");
  EXPECT_EQ(error_of(std::string(5000, '-') + "1").substr(0, 4), "130@");
  std::string sum = "1";
  for (int i = 0; i < 3000; ++i) sum += "+1";
  EXPECT_EQ(error_of(sum).substr(0, 4), "130@");
}

}  // namespace
