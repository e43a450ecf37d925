// factortest: the tests reported before a factor or principal-component analysis —
// Bartlett's test of sphericity and the Kaiser–Meyer–Olkin measure of sampling
// adequacy, from the correlation matrix of the variables (docs/commands/factortest.md).
#include <fmt/format.h>

#include <cmath>

#include "../display/distributions.hpp"
#include "../data/inspect_util.hpp"
#include "indices_common.hpp"
#include "pca_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/pca.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(factortest, "factortest", 0, "varlist(numeric) [if] [in]") {
  // --- Bind and sample
  const std::vector<std::string> vars = args.var_names();
  if (vars.size() < 2) throw XtdoError(102, "too few variables specified: factortest needs at least 2");
  const std::vector<int64_t> rows = indices::sample_rows(args.sample(session));
  indices::require_observations(rows.size());
  const Eigen::MatrixXd x = indices::sample_matrix(session.data, vars, rows);
  indices::check_correlation_input(x, vars);
  const double n = static_cast<double>(rows.size());
  if (rows.size() <= vars.size())
    throw XtdoError(2001, fmt::format("insufficient observations: {} variables need more than {} observations",
                                      vars.size(), vars.size()));

  // --- Estimate
  const Eigen::MatrixXd r = kernel::column_moments(x).corr;
  const kernel::Bartlett bartlett = kernel::bartlett_sphericity(r, n);
  const kernel::Kmo kmo = kernel::kmo(r);
  if (!bartlett.ok || !kmo.ok)
    throw XtdoError(506, "correlation matrix is singular (collinear variables): Bartlett's test and "
                         "KMO are undefined");
  const double p_value = display::chi2tail(session, bartlett.df, bartlett.chi2);

  // --- Post
  ResultSet& out = session.r;
  out.clear();
  out.set_scalar("N", n);
  out.set_scalar("det", std::exp(bartlett.log_det));
  out.set_scalar("chi2", bartlett.chi2);
  out.set_scalar("df", bartlett.df);
  out.set_scalar("p", p_value);
  out.set_scalar("kmo", kmo.overall);
  out.set_matrix("kmow", indices::named_matrix(kmo.per_variable.transpose(), {"kmo"}, vars));

  // --- Display
  Console& con = session.console;
  auto line = [](const std::string& label, const std::string& value) {
    return inspect::pad_right(label, 22) + "= " + inspect::pad_left(value, 10);
  };
  con.println();
  con.println("Determinant of the correlation matrix");
  con.println(line("Det", format_number(std::exp(bartlett.log_det), "%9.3f")));
  con.println();
  con.println("Bartlett test of sphericity");
  con.println();
  con.println(line("Chi-square", format_number(bartlett.chi2, "%10.3f")));
  con.println(line("Degrees of freedom", format_number(bartlett.df, "%9.0f")));
  con.println(line("p-value", format_number(p_value, "%9.3f")));
  con.println("H0: variables are not intercorrelated");
  con.println();
  con.println("Kaiser-Meyer-Olkin Measure of Sampling Adequacy");
  con.println(line("KMO", format_number(kmo.overall, "%9.3f")));
}

}  // namespace xtdo
