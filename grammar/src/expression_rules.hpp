// PEGTL grammar of Stata expressions ([U] 13 "Functions and expressions").
// Grammar only: expression.cpp turns the parse tree into ast::Expr. Private to grammar/src.
#pragma once

#include <tao/pegtl.hpp>

#include "pegtl_support.hpp"

namespace xtdo::grammar::expr_rules {

namespace p = tao::pegtl;

using detail::reported;

struct ws : p::star<p::blank>, reported {};
struct identifier : p::seq<p::ranges<'a', 'z', 'A', 'Z', '_'>, p::star<p::identifier_other>> {};

// Numeric literals ([U] 13.2.1): 1, 1.5, .5, 1., 1e-3, 1.2E+5.
struct digits : p::plus<p::digit> {};
struct exponent : p::seq<p::one<'e', 'E'>, p::opt<p::one<'+', '-'>>, digits> {};
struct mantissa
    : p::sor<p::seq<digits, p::opt<p::one<'.'>, p::opt<digits>>>, p::seq<p::one<'.'>, digits>> {};
struct number : p::seq<mantissa, p::opt<exponent>>, reported {};

// Missing values `.` and `.a`..`.z` ([U] 12.2.1).
struct missing_lit : p::seq<p::one<'.'>, p::opt<p::range<'a', 'z'>>>, reported {};

// Strings ([U] 18.3.5): "simple" (no embedded double quote) and `"compound"' (nests).
struct simple_string : p::seq<p::one<'"'>, p::until<p::one<'"'>>>, reported {};
struct compound_open : p::string<'`', '"'> {};
struct compound_close : p::string<'"', '\''> {};
struct compound_string;
struct compound_body : p::star<p::sor<compound_string, p::seq<p::not_at<compound_close>, p::any>>> {
};
struct compound_string : p::seq<compound_open, compound_body, compound_close>, reported {};

// Variable names with optional time-series operators ([U] 11.4.4): L.x, L2D.x, l.d.x.
struct ts_letter : p::one<'L', 'l', 'F', 'f', 'D', 'd', 'S', 's'> {};
struct ts_ops : p::plus<p::seq<ts_letter, p::star<p::digit>>> {};
struct ts_prefix : p::plus<p::seq<ts_ops, p::one<'.'>>> {};
struct var_name : p::seq<p::opt<ts_prefix>, identifier>, reported {};

struct expression;
struct comma : p::seq<ws, p::one<','>, ws> {};

// r(name), e(name), c(name), s(name): stored results ([P] return).
struct result_class : p::one<'r', 'e', 'c', 's'> {};
struct result_key : identifier {};
struct result_ref : p::seq<result_class, ws, p::one<'('>, ws, result_key, ws, p::one<')'>>,
                    reported {};

// _b[name], _coef[name], _se[name] ([U] 13.5): the inner text is kept verbatim.
struct coef_word
    : p::sor<TAO_PEGTL_STRING("_coef"), TAO_PEGTL_STRING("_b"), TAO_PEGTL_STRING("_se")> {};
struct coef_inner : p::plus<p::not_one<']'>> {};
struct coef_ref : p::seq<coef_word, ws, p::one<'['>, coef_inner, p::one<']'>>, reported {};

// f(args): function calls ([FN]); name[exp] and M[i, j]: subscripts ([U] 13.7).
struct func_name : identifier {};
struct call
    : p::seq<func_name, ws, p::one<'('>, ws, p::opt<p::list<expression, comma>>, ws, p::one<')'>>,
      reported {};
// Date pseudo-functions ([FN] Date and time functions): td(1jan2020), tm(2010m1),
// tc(01jan2020 12:00:00): the argument is literal text, not an expression.
struct date_func_name
    : p::seq<p::sor<TAO_PEGTL_STRING("td"), TAO_PEGTL_STRING("tc"), TAO_PEGTL_STRING("tC"),
                    TAO_PEGTL_STRING("tm"), TAO_PEGTL_STRING("tq"), TAO_PEGTL_STRING("th"),
                    TAO_PEGTL_STRING("tw"), TAO_PEGTL_STRING("tb")>,
             p::not_at<p::identifier_other>> {};
struct date_text : p::star<p::not_one<'(', ')'>> {};
struct date_call : p::seq<date_func_name, ws, p::one<'('>, date_text, p::one<')'>>, reported {};
struct base_name : identifier {};
struct subscript : p::seq<base_name, ws, p::one<'['>, ws, expression, p::opt<comma, expression>, ws,
                          p::one<']'>>,
                   reported {};
struct paren : p::seq<p::one<'('>, ws, expression, ws, p::one<')'>>, reported {};

struct primary : p::sor<number, missing_lit, simple_string, compound_string, coef_ref, result_ref,
                        date_call, call, subscript, var_name, paren> {};

// Operators ([U] 13.2.5): `~` is a synonym of `!`, `~=` of `!=`.
struct not_op : p::one<'!', '~'> {};
struct neg_op : p::one<'-'> {};
struct plus_op : p::one<'+'> {};
struct pow_op : p::one<'^'>, reported {};
struct mul_op : p::one<'*', '/'>, reported {};
struct add_op : p::one<'+', '-'>, reported {};
struct rel_op : p::sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("~="),
                       TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="), p::one<'<'>, p::one<'>'>>,
                reported {};
struct and_op : p::one<'&'>, reported {};
struct or_op : p::one<'|'>, reported {};

// Precedence, tightest first ([U] 13.2.5): ! ~, ^, unary -, / *, - +, relational, &, |.
// Hence -2^2 = -4 and !x == 1 is (!x) == 1. Binary levels associate to the left,
// so 2^3^2 = 64 as in Stata.
struct neg_level;
struct unary_not;
struct unary_neg : p::seq<neg_op, ws, neg_level> {};
struct unary_plus : p::seq<plus_op, ws, neg_level> {};
struct not_level : p::sor<unary_not, primary> {};
struct unary_not : p::seq<not_op, ws, p::sor<not_level, unary_neg>> {};
struct pow_operand : p::sor<unary_neg, unary_plus, not_level> {};
struct pow_level : p::seq<not_level, p::star<ws, pow_op, ws, pow_operand>> {};
struct neg_level : p::sor<unary_neg, unary_plus, pow_level> {};
struct mul_level : p::seq<neg_level, p::star<ws, mul_op, ws, neg_level>> {};
struct add_level : p::seq<mul_level, p::star<ws, add_op, ws, mul_level>> {};
struct rel_level : p::seq<add_level, p::star<ws, rel_op, ws, add_level>> {};
struct and_level : p::seq<rel_level, p::star<ws, and_op, ws, rel_level>> {};
struct expression : p::seq<and_level, p::star<ws, or_op, ws, and_level>> {};

/// A whole expression: nothing may follow it.
struct grammar : p::seq<ws, expression, ws, p::eof> {};

}  // namespace xtdo::grammar::expr_rules
