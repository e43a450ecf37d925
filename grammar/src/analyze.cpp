// Runs PEGTL's grammar analysis over the grammars (see analyze.hpp).

#include "analyze.hpp"

#include <tao/pegtl/contrib/analyze.hpp>

#include "expression_rules.hpp"
#include "varlist_rules.hpp"

namespace xtdo::grammar::detail {

std::size_t analyze_grammars(bool verbose) {
  const int level = verbose ? 1 : 0;
  return tao::pegtl::analyze<expr_rules::grammar>(level) +
         tao::pegtl::analyze<var_rules::grammar>(level);
}

}  // namespace xtdo::grammar::detail
