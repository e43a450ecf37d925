// PEGTL grammar of varlists ([U] 11.4 varlists, 11.4.3 factor variables,
// 11.4.4 time-series varlists). varlist.cpp turns the parse tree into ast::VarTerm.
#pragma once

#include <tao/pegtl.hpp>

#include "pegtl_support.hpp"

namespace xtdo::grammar::var_rules {

namespace p = tao::pegtl;
using detail::reported;

struct ws : p::star<p::blank>, reported {};
struct sep : p::plus<p::blank>, reported {};

// Names and patterns ([U] 11.4.1): `*` any run, `?` one character, `~` one variable.
struct plain_name : p::seq<p::ranges<'a', 'z', 'A', 'Z', '_'>, p::star<p::identifier_other>> {};
struct pattern_char : p::sor<p::identifier_other, p::one<'*', '?', '~'>> {};
struct pattern : p::seq<p::not_at<p::digit>, p::plus<pattern_char>>, reported {};
struct name_group : p::seq<p::one<'('>, ws, p::list<pattern, sep>, ws, p::one<')'>>, reported {};

/// `(numlist)` after an operator; its content is checked by parse_numlist.
struct paren_numlist : p::seq<p::one<'('>, p::plus<p::not_one<')'>>, p::one<')'>> {};

// Time-series operators ([U] 11.4.4): L F D S, each with an optional order or
// (numlist), combined (LD.) or chained (L.D.), case-insensitive.
struct ts_op : p::seq<p::one<'L', 'l', 'F', 'f', 'D', 'd', 'S', 's'>,
                      p::opt<p::sor<paren_numlist, p::plus<p::digit>>>>,
               reported {};
struct ts_ops : p::plus<p::seq<p::plus<ts_op>, p::one<'.'>>> {};
struct ts_term : p::seq<ts_ops, p::sor<name_group, pattern>>, reported {};

// Factor-variable operators ([U] 11.4.3): i. c. ib#. ibn. ib(first). ib(last).
// ib(freq). i(numlist). #. i#.
struct fv_base : p::seq<p::one<'b', 'B'>,
                        p::sor<p::one<'n', 'N'>, p::plus<p::digit>,
                               p::seq<p::one<'('>,
                                      p::sor<TAO_PEGTL_ISTRING("first"), TAO_PEGTL_ISTRING("last"),
                                             TAO_PEGTL_ISTRING("freq")>,
                                      p::one<')'>>>> {};
struct fv_indicator
    : p::seq<p::one<'i', 'I'>, p::opt<p::sor<fv_base, paren_numlist, p::plus<p::digit>>>> {};
struct fv_op : p::sor<fv_indicator, p::one<'c', 'C'>, p::plus<p::digit>>, reported {};
/// The variable of a factor-variable part, possibly with ts operators (c.L.x).
struct fv_name : p::seq<p::opt<ts_ops>, pattern>, reported {};
struct fv_single : p::seq<fv_op, p::one<'.'>, p::sor<name_group, fv_name>>, reported {};
struct fv_hash : p::sor<p::string<'#', '#'>, p::one<'#'>>, reported {};
struct interaction
    : p::seq<p::sor<fv_single, fv_name>, p::plus<fv_hash, p::sor<fv_single, fv_name>>>,
      reported {};

// Ranges ([U] 11.4.1): z1-z4, also written with blanks around the dash.
struct range_term : p::seq<plain_name, ws, p::one<'-'>, ws, plain_name>, reported {};

struct term : p::sor<interaction, fv_single, ts_term, range_term, pattern> {};

/// A whole varlist: terms separated by blanks.
struct grammar : p::seq<ws, p::opt<p::list<term, sep>>, ws, p::eof> {};

}  // namespace xtdo::grammar::var_rules
