// `estimates table`: stored results side by side in Stata's layout, and the small
// helpers the results tables (estimates table, esttab/estout) share.
#pragma once

#include <string>
#include <vector>

#include "xtdo/session.hpp"

namespace xtdo::est_table {

/// True when `name` matches the pattern (`*` any run of characters, `?` one).
bool matches(const std::string& pattern, const std::string& name);

/// The e() of a stored result, or of the active results for ".".
const ResultSet& results_of(Session& session, const std::string& name);

/// Coefficient statistics from e(b)/e(V) for column `col`: the t (or z) statistic,
/// its two-sided p-value from t(e(df_r)) when e(df_r) is posted, else the normal,
/// and the level% confidence limits. A zero or missing variance gives missing.
struct CoefStats {
  double b = 0, se = 0, t = 0, p = 0, lo = 0, hi = 0;
};
CoefStats coef_stats(const ResultSet& e, int col, double level);

/// `estimates table [namelist] [, options]` (rest = text after `table`).
void estimates_table(Session& session, const std::string& rest, int pos);

}  // namespace xtdo::est_table
