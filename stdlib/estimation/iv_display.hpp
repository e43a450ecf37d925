// ivreg2's output (header, coefficient table, diagnostic block, instrument lists
// and first-stage summary), read from e() only so that replay prints the same.
#pragma once

#include "xtdo/session.hpp"

namespace xtdo::est {

void display_ivreg2(Session& session, double level);

/// The coefficient table as ivreg2 shows it: without Stata's "(Std. err. adjusted
/// for # clusters in var)" line (ivreg2 clears e(clustvar) around `ereturn display`;
/// its header already gives the number of clusters).
void ivreg2_coef_table(Session& session, double level);

}  // namespace xtdo::est
