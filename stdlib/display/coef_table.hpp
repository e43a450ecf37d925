// The coefficient table and header lines every estimation command prints, laid
// out as Stata 17/18 prints them. Reads e() only, so replay and
// `estimates replay` print exactly what the estimation printed.
#pragma once

#include <string>

#include "xtdo/session.hpp"

namespace xtdo::display {

/// One header line: `left` in columns 1–48, then `label` (18 wide) from column
/// 49, "=" in column 67 and `value` right-aligned in columns 69–78.
std::string header_line(const std::string& left, const std::string& label,
                        const std::string& value);

/// Header value formats: counts with thousands separators (%10.0fc), F and chi2
/// statistics (%10.2f), probabilities and R² (%10.4f), and Root MSE (five
/// significant digits, as regress shows it). Missing values print as ".".
std::string count_text(double v);
std::string stat_text(double v);
std::string prob_text(double v);
std::string rmse_text(double v);

struct CoefTableOptions {
  double level = 95;
  /// End with a "-------------+-----" separator instead of the closing rule, so
  /// that rows such as xtreg's sigma_u/sigma_e/rho follow (Stata's `plus`).
  bool plus = false;
  /// Show the standardised coefficients of regress's `beta` option (e(beta)) in
  /// place of the confidence interval.
  bool beta = false;
};

/// Print the table from e(b), e(V), e(df_r) (t statistics; z when absent),
/// e(depvar), e(vcetype) and e(N_clust)/e(clustvar) (the "Std. err. adjusted"
/// line). Factor levels and time-series operators are grouped under their
/// variable; base levels are hidden and omitted terms show "(omitted)", as
/// Stata's defaults do. Posts r(table) (b se t/z pvalue ll ul df crit eform).
void coef_table(Session& session, const CoefTableOptions& options);

/// A row "%12s | value" below the table (xtreg's sigma_u, sigma_e, rho).
std::string extra_row(const std::string& label, const std::string& value);

}  // namespace xtdo::display
