// estat: postestimation statistics. After pca: `estat kmo` (Kaiser–Meyer–Olkin
// measure of sampling adequacy) and `estat loadings` ([MV] pca postestimation).
// After ivregress: `estat firststage|overid|endogenous` (ivregress_estat.cpp).
// Other estimators add their subcommands to the table below.
#include <fmt/format.h>

#include <cmath>

#include "../indices/indices_common.hpp"
#include "../estimation/ivregress_estat.hpp"
#include "../estimation/xtabond2.hpp"
#include "../indices/pca_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/pca.hpp"
#include "xtdo/missing.hpp"
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

/// estat ic: AIC = −2 ll + 2 df and BIC = −2 ll + ln(N) df with df = e(rank)
/// ([R] estat ic, Methods and formulas); n(#) replaces N in BIC.
void estat_ic(Session& session, const CallArgs& args) {
  auto scalar = [&](const char* name) {
    auto it = session.e.scalars.find(name);
    return it == session.e.scalars.end() ? missing::kSysmiss : it->second;
  };
  const double n = scalar("N"), ll0 = scalar("ll_0"), ll = scalar("ll"), df = scalar("rank");
  double n_bic = n;
  if (auto text = args.get("n")) {
    char* end = nullptr;
    n_bic = std::strtod(util::trim(*text).c_str(), &end);
    if (!(n_bic > 0) || *end != '\0')
      throw XtdoError(198, "n() must be a positive number", args.option_pos("n"));
  }
  const bool ok = !missing::is_missing(ll) && !missing::is_missing(df);
  const double aic = ok ? -2 * ll + 2 * df : missing::kSysmiss;
  const double bic = ok ? -2 * ll + std::log(n_bic) * df : missing::kSysmiss;
  Matrix s(1, 6);
  s.rownames = {"."};
  s.colnames = {"N", "ll0", "ll", "df", "AIC", "BIC"};
  const double vals[6] = {n, ll0, ll, df, aic, bic};
  for (int j = 0; j < 6; ++j) s.at(0, j) = vals[j];
  session.r.clear();
  session.r.set_matrix("S", std::move(s));
  Console& out = session.console;
  const std::string rule(77, '-');
  out.println();
  out.println("Akaike's information criterion and Bayesian information criterion");
  out.println();
  out.println(rule);
  out.println("       Model |          N   ll(null)  ll(model)      df        AIC        BIC");
  out.println(std::string(13, '-') + "+" + std::string(63, '-'));
  // Counts %10.0fc; likelihoods and criteria %9.0g right-aligned in 11 columns.
  auto cell = [](const std::string& text, size_t width) {
    const size_t b = text.find_first_not_of(' ');
    const std::string t = b == std::string::npos ? text : text.substr(b);
    return t.size() >= width ? " " + t : std::string(width - t.size(), ' ') + t;
  };
  out.println("           . |" + cell(format_number(n, "%10.0fc"), 11) + cell(format_number(ll0, "%9.0g"), 11) +
              cell(format_number(ll, "%9.0g"), 11) + cell(format_number(df, "%9.0g"), 8) +
              cell(format_number(aic, "%9.0g"), 11) + cell(format_number(bic, "%9.0g"), 11));
  out.println(rule);
  out.println(args.get("n") ? "Note: BIC uses N = " + format_default(n_bic) + "."
                            : "Note: BIC uses N = number of observations. See [R] IC note.");
}

struct Subcommand {
  const char* estimator;  ///< e(cmd) it applies to
  const char* name;
  size_t min_abbrev;
  const char* spec;       ///< options spec, bound by the shared binder
  void (*fn)(Session&, const CallArgs&);
};

// estat abond after xtabond2: the Arellano–Bond tests posted by the estimation.
void estat_abond(Session& session, const CallArgs&) {
  session.console.println();
  xtabond2::display_ar_tests(session);
}

const Subcommand kSubcommands[] = {
    {"xtabond2", "abond", 2, "", estat_abond},
    {"pca", "kmo", 3, "", estat_kmo},
    {"pca", "loadings", 3, "[, CNorm(string)]", estat_loadings},
    {"regress", "ic", 2, "[, N(string)]", estat_ic},
    {"xtreg", "ic", 2, "[, N(string)]", estat_ic},
    {"areg", "ic", 2, "[, N(string)]", estat_ic},
    {"ivregress", "firststage", 5, "", est::estat_firststage},
    {"ivregress", "overid", 4, "[, FORCEWEIGHTS FORCENONROBUST]", est::estat_overid},
    {"ivregress", "endogenous", 5, "[anything] [, FORCEWEIGHTS FORCENONROBUST]",
     est::estat_endogenous},
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
