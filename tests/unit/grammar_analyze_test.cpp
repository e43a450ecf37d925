// PEGTL's analyze() over the grammars: no rule may loop without consuming input.

#include <gtest/gtest.h>

// Private to grammar/src (it hides PEGTL); included by path on purpose.
#include "../../grammar/src/analyze.hpp"

TEST(GrammarAnalyze, GrammarsHaveNoIssues) {
  EXPECT_EQ(xtdo::grammar::detail::analyze_grammars(true), 0u);
}
