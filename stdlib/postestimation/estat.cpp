// estat: postestimation statistics. After pca: `estat kmo` (Kaiser–Meyer–Olkin
// measure of sampling adequacy) and `estat loadings` ([MV] pca postestimation).
// After ivregress: `estat firststage|overid|endogenous` (ivregress_estat.cpp).
// Other estimators add their subcommands to the table below.
#include <fmt/format.h>

#include <cmath>

#include "../indices/indices_common.hpp"
#include "../estimation/ivregress_estat.hpp"
#include "../indices/pca_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/pca.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

/// estat kmo: from e(C), turned into a correlation matrix after a covariance pca.
void estat_kmo(Session& session, const CallArgs& args) {
  const std::vector<std::string> vars = indices::pca_variables(session);
  const Matrix& c = session.e.matrices.at("C");
  Eigen::MatrixXd r(c.rows, c.cols);
  for (int i = 0; i < c.rows; ++i)
    for (int j = 0; j < c.cols; ++j) r(i, j) = c.at(i, j) / std::sqrt(c.at(i, i) * c.at(j, j));
  const kernel::Kmo kmo = kernel::kmo(r);
  if (!kmo.ok)
    throw XtdoError(506, "correlation matrix is singular (collinear variables): KMO is undefined");
  session.r.clear();
  session.r.set_scalar("kmo", kmo.overall);
  session.r.set_matrix("kmow", indices::named_matrix(kmo.per_variable.transpose(), {"kmo"}, vars));
  indices::print_kmo_table(session, vars, kmo.per_variable, kmo.overall);
}

/// estat loadings [, cnorm(unit|eigen|inveigen)]: the eigenvectors scaled so that
/// each column's sum of squares is 1, its eigenvalue, or 1/eigenvalue.
void estat_loadings(Session& session, const CallArgs& args) {
  const std::vector<std::string> vars = indices::pca_variables(session);
  const Matrix& L = session.e.matrices.at("L");
  const Matrix& ev = session.e.matrices.at("Ev");
  if (L.cols == 0) throw XtdoError(198, "no components retained");
  const std::string cnorm = util::lower(util::trim(args.get_or("cnorm", "unit")));
  std::string text;
  if (cnorm == "unit")
    text = "sum of squares(column) = 1";
  else if (cnorm == "eigen")
    text = "sum of squares(column) = eigenvalue";
  else if (cnorm == "inveigen")
    text = "sum of squares(column) = 1/eigenvalue";
  else
    throw XtdoError(198, fmt::format("cnorm({}) invalid: use unit, eigen or inveigen", cnorm),
                    args.option_pos("cnorm"));
  Eigen::MatrixXd a(L.rows, L.cols);
  for (int k = 0; k < L.cols; ++k) {
    const double lambda = ev.at(0, k);
    const double scale = cnorm == "unit" ? 1.0 : cnorm == "eigen" ? std::sqrt(lambda) : 1.0 / std::sqrt(lambda);
    for (int j = 0; j < L.rows; ++j) a(j, k) = L.at(j, k) * scale;
  }
  session.r.clear();
  session.r.set_macro("norm", cnorm);
  session.r.set_matrix("A", indices::named_matrix(a, L.rownames, L.colnames));
  session.console.println();
  session.console.println("Principal component loadings (unrotated)");
  session.console.println("    component normalization: " + text);
  indices::print_component_table(session, vars, L.colnames, a, "%8.4f");
}

struct Subcommand {
  const char* estimator;  ///< e(cmd) it applies to
  const char* name;
  size_t min_abbrev;
  const char* spec;       ///< options spec, bound by the shared binder
  void (*fn)(Session&, const CallArgs&);
};

const Subcommand kSubcommands[] = {
    {"pca", "kmo", 3, "", estat_kmo},
    {"pca", "loadings", 3, "[, CNorm(string)]", estat_loadings},
    {"ivregress", "firststage", 5, "", est::estat_firststage},
    {"ivregress", "overid", 4, "", est::estat_overid},
    {"ivregress", "endogenous", 4, "", est::estat_endogenous},
};

}  // namespace

XTDO_COMMAND(estat, "estat", 0, "*") {
  auto cmd = session.e.macros.find("cmd");
  if (cmd == session.e.macros.end()) throw XtdoError(301, "last estimates not found");
  indices::SubCommand sub = indices::split_subcommand(args, "estat subcommand [, options]");
  for (const Subcommand& s : kSubcommands) {
    if (cmd->second != s.estimator || !util::abbrev(sub.name, s.name, s.min_abbrev)) continue;
    indices::bind_subcommand(session, sub, std::string("estat ") + s.name, s.spec);
    s.fn(session, sub.args);
    return;
  }
  throw XtdoError(321, fmt::format("estat {} not available after {}", sub.name, cmd->second), sub.name_pos);
}

}  // namespace xtdo
