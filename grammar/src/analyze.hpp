// Grammar self-check for the unit tests: PEGTL's analyze() over every grammar.
// Private to grammar/src; the test includes it by relative path so PEGTL stays out
// of the public headers.
#pragma once

#include <cstddef>

namespace xtdo::grammar::detail {

/// Number of issues PEGTL's analyze() finds in the expression and varlist grammars
/// (rules that can loop without consuming input); 0 when they are sound.
std::size_t analyze_grammars(bool verbose);

}  // namespace xtdo::grammar::detail
