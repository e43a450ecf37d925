// xtscc: pooled OLS or fixed-effects (within) regression with Driscoll–Kraay
// standard errors (Hoechle 2007, Stata Journal 7(3)): the scores are summed over
// the cross-section in every period and the Newey–West (Bartlett) long-run
// covariance of those sums is the meat of the sandwich.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "design.hpp"
#include "hac_common.hpp"
#include "panel.hpp"
#include "within.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/groups.hpp"
#include "xtdo/kernel/hac.hpp"
#include "xtdo/kernel/ols.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
namespace {

double escalar(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string emacro(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }

// The header as xtscc prints it: labels from column 50, "=" in column 68.
void display_xtscc(Session& session, double level) {
  Console& out = session.console;
  const double df_m = escalar(session, "df_m"), df_r = escalar(session, "df_r");
  const double f = escalar(session, "F");
  const double p = display::model_f_p(session, df_m, df_r, f);
  const bool fe = emacro(session, "method") != "Pooled OLS";
  auto col50 = [](const std::string& left, const std::string& right) {
    return (left.size() < 49 ? left + std::string(49 - left.size(), ' ') : left) + right;
  };
  std::string group = emacro(session, "groupvar");
  if (group.size() > 16) group = est::abbrev(group, 16);
  std::string fhead = "F(" + format_number(df_m, "%3.0f") + "," + format_number(df_r, "%6.0f") + ")";
  fhead += std::string(fhead.size() < 18 ? 18 - fhead.size() : 0, ' ');
  out.println();
  out.println(col50(emacro(session, "title"), "Number of obs     =" + format_number(escalar(session, "N"), "%10.0f")));
  out.println(col50("Method: " + emacro(session, "method"),
                    "Number of groups  =" + format_number(escalar(session, "N_g"), "%10.0f")));
  out.println(col50("Group variable (i): " + group, fhead + "=" + format_number(f, "%10.2f")));
  out.println(col50("maximum lag: " + format_default(escalar(session, "lag")),
                    "Prob > F          =    " + format_number(p, "%6.4f")));
  if (fe) {
    out.println(col50("", "within R-squared  =    " + format_number(escalar(session, "r2_w"), "%5.4f")));
  } else {
    out.println(col50("", "R-squared         =    " + format_number(escalar(session, "r2"), "%5.4f")));
    out.println(col50("", "Root MSE          =  " + format_number(escalar(session, "rmse"), "%8.4f")));
  }
  out.println();
  display::CoefTableOptions opt;
  opt.level = level;
  display::coef_table(session, opt);
  out.println();
}

}  // namespace

XTDO_COMMAND(xtscc, "xtscc", 0,
             "[varlist(numeric fv ts default=none)] [if] [in] [aw] "
             "[, LAG(integer -1) FE POOLed RE NOConstant ASE Level(cilevel)]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (args.vars.empty()) {
    if (emacro(session, "cmd") != "xtscc") throw XtdoError(301, "last estimates not found");
    display_xtscc(session, level);
    return;
  }
  const bool fe = args.has("fe");
  if (fe && args.has("pooled")) throw XtdoError(198, "options fe and pooled may not be combined");
  if (args.has("re")) throw XtdoError(198, "option re is not supported");
  if (fe && args.has("noconstant")) throw XtdoError(198, "option noconstant may not be combined with fe");
  const bool constant = !args.has("noconstant");
  const TsSettings ts = session.data.ts;
  if (!ts.set() || ts.panelvar.empty())
    throw XtdoError(459, "panel variable not set; use xtset panelvar timevar");

  // --- Sample
  est::DesignOptions dopt;
  dopt.markout = {ts.panelvar, ts.timevar};
  est::Design d = est::build_design(session, args, dopt);
  const std::vector<int64_t> period = est::time_periods(session, d);
  const est::Panel panel = est::make_panel(session.data, ts.panelvar, d);
  // Periods present in the sample, in time order: the series h_t of the scores'
  // cross-sectional sums is indexed by them.
  std::vector<double> period_d(period.begin(), period.end());
  const kernel::GroupCodes times = kernel::encode_groups(period_d);
  const int n_t = times.n_groups;
  // xtscc requires every period between the first and the last to be present in
  // some panel ("contemporaneous gaps"), r(101).
  if (!period.empty() && *std::max_element(period.begin(), period.end()) + 1 != n_t)
    throw XtdoError(101, fmt::format("{} is not regularly spaced: there are contemporaneous gap(s) "
                                     "across all subjects in {}", ts.timevar, ts.panelvar));
  int lags = static_cast<int>(args.number("lag"));
  if (!args.get("lag")) lags = static_cast<int>(std::floor(4 * std::pow(n_t / 100.0, 2.0 / 9.0)));
  if (lags < 0) throw XtdoError(198, "lag() must be a nonnegative integer", args.option_pos("lag"));

  // --- Estimate
  kernel::OlsResult fit;
  Eigen::MatrixXd x_used;
  double r2_w = missing::kSysmiss;
  if (fe) {
    // Within transformation z − z̄_i + z̿, then pooled OLS on the transformed data
    // (Hoechle 2007, section 4.1); _cons is the grand-mean intercept as xtreg, fe.
    // With aweights the means are weighted and the fit is WLS, as areg's (xtscc 1.4).
    est::WithinFit wf = est::within_fit(d, panel.codes);
    est::mark_collinear(session, d, wf.omitted_columns);
    fit = wf.fit;
    x_used = wf.xt;
    r2_w = fit.tss > 0 ? fit.mss / fit.tss : missing::kSysmiss;
  } else {
    kernel::OlsOptions oo;
    oo.constant = constant;
    oo.weight_kind = d.weight_kind;
    fit = kernel::ols(d.x, d.y, d.weights, oo);
    est::mark_collinear(session, d,
                        std::vector<uint8_t>(fit.omitted.begin(), fit.omitted.begin() + d.x.cols()));
    x_used = d.x;
  }
  const double n = fit.nobs;
  if (fit.df_r <= 0 || panel.codes.n_groups < 2) throw XtdoError(2001, "insufficient observations");
  const Eigen::MatrixXd scores = kernel::ols_scores(x_used, fit);
  const Eigen::MatrixXd h = kernel::group_score_sums(scores, times.code, n_t);
  std::vector<int32_t> one_series(static_cast<size_t>(n_t), 0);
  std::vector<int64_t> t_index(static_cast<size_t>(n_t));
  for (int t = 0; t < n_t; ++t) t_index[static_cast<size_t>(t)] = t;
  const Eigen::MatrixXd meat = kernel::bartlett_meat(h, one_series, t_index, lags);
  // xtscc 1.4: V = T/(T−1) · (N−1)/(N−k) · (X'X)^-1 Ŝ_T (X'X)^-1 with k = e(rank)
  // (constant and, for fe, the grand-mean intercept included); `ase` leaves out
  // the factor. Inference uses t(T − 1).
  const double factor = args.has("ase") ? 1.0 : (n_t / (n_t - 1.0)) * ((n - 1) / (n - fit.rank));
  if (n_t < 2) throw XtdoError(2001, "insufficient observations: fewer than two time periods");
  const Eigen::MatrixXd v = factor * kernel::hac_sandwich(fit, meat);
  double df_m = 0;
  const double f = est::slope_f(fit, v, &df_m);
  const double df_r = n_t - 1;
  const double rmse = std::sqrt(fit.rss / fit.df_r);  // regress's Root MSE

  // --- Post
  session.e.clear();
  est::post_coefficients(session, d, fit.coef, v, fe || constant);
  est::post_sample(session, d);
  auto& e = session.e;
  e.set_scalar("N", n);
  e.set_scalar("N_g", panel.codes.n_groups);
  e.set_scalar("df_m", df_m);
  e.set_scalar("df_r", df_r);
  e.set_scalar("F", f);
  e.set_scalar("lag", lags);
  e.set_scalar("rank", fit.rank);
  if (fe) {
    e.set_scalar("r2_w", r2_w);
  } else {
    e.set_scalar("r2", fit.tss > 0 ? fit.mss / fit.tss : missing::kSysmiss);
    e.set_scalar("rmse", rmse);
  }
  e.set_macro("cmd", "xtscc");
  e.set_macro("cmdline", "xtscc " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("title", "Regression with Driscoll-Kraay standard errors");
  e.set_macro("method", fe ? "Fixed-effects regression" : "Pooled OLS");
  e.set_macro("vcetype", "Drisc/Kraay");
  e.set_macro("groupvar", ts.panelvar);
  e.set_macro("predict", "xtscc_p");
  e.set_macro("properties", "b V");

  // --- Display
  display_xtscc(session, level);
}

}  // namespace xtdo
