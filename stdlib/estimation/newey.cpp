// newey: least squares with Newey–West standard errors ([TS] newey): Bartlett
// weights 1 − l/(m+1) up to lag m, autocovariances within panels when the data
// are xtset, and the factor N/(N−k); lag(0) is the heteroskedasticity-robust VCE.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "design.hpp"
#include "hac_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/hac.hpp"
#include "xtdo/kernel/ols.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
namespace {

double escalar(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }

void display_newey(Session& session, double level) {
  Console& out = session.console;
  const double df_m = escalar(session, "df_m"), df_r = escalar(session, "df_r");
  const double f = escalar(session, "F");
  const double p = display::model_f_p(session, df_m, df_r, f);
  out.println();
  out.println(display::header_line("Regression with Newey-West standard errors", "Number of obs",
                                   display::count_text(escalar(session, "N"))));
  out.println(display::header_line(
      "Maximum lag = " + format_default(escalar(session, "lag")),
      fmt::format("F({}, {})", format_default(df_m), format_default(df_r)), display::stat_text(f)));
  out.println(display::header_line("", "Prob > F", display::prob_text(p)));
  out.println();
  display::CoefTableOptions opt;
  opt.level = level;
  display::coef_table(session, opt);
}

}  // namespace

XTDO_COMMAND(newey, "newey", 0,
             "[varlist(numeric fv ts default=none)] [if] [in] [aw] "
             "[, LAG(integer -1) FORCE NOConstant Level(cilevel)]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (args.vars.empty()) {
    auto cmd = session.e.macros.find("cmd");
    if (cmd == session.e.macros.end() || cmd->second != "newey")
      throw XtdoError(301, "last estimates not found");
    display_newey(session, level);
    return;
  }
  if (!args.get("lag")) throw XtdoError(198, "option lag() required");
  const int lags = static_cast<int>(args.number("lag"));
  if (lags < 0) throw XtdoError(198, "lag() must be a nonnegative integer", args.option_pos("lag"));
  const bool constant = !args.has("noconstant");
  const TsSettings ts = session.data.ts;
  if (!ts.set()) throw XtdoError(111, "time variable not set, use tsset varname ...");

  // --- Sample
  est::DesignOptions dopt;
  dopt.markout.push_back(ts.timevar);
  if (!ts.panelvar.empty()) dopt.markout.push_back(ts.panelvar);
  est::Design d = est::build_design(session, args, dopt);
  const std::vector<int64_t> period = est::time_periods(session, d);
  est::Codes panels;
  if (!ts.panelvar.empty()) {
    panels = est::codes_of(session.data, ts.panelvar, d.rows);
  } else {
    panels.code.assign(d.rows.size(), 0);
    panels.n_groups = 1;
  }
  // Gaps in the time variable within a series need force ([TS] newey): the
  // autocovariances then pair only observations exactly l periods apart.
  if (lags > 0 && !args.has("force")) {
    std::vector<int64_t> last(static_cast<size_t>(panels.n_groups), -1);
    std::vector<size_t> order(d.rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return panels.code[a] != panels.code[b] ? panels.code[a] < panels.code[b] : period[a] < period[b];
    });
    for (size_t i = 1; i < order.size(); ++i) {
      const size_t a = order[i - 1], b = order[i];
      if (panels.code[a] == panels.code[b] && period[b] - period[a] != 1)
        throw XtdoError(198, fmt::format("{} is not regularly spaced -- use the force option to override",
                                         ts.timevar));
    }
  }

  // --- Estimate
  kernel::OlsOptions oo;
  oo.constant = constant;
  oo.weight_kind = d.weight_kind;
  kernel::OlsResult fit = kernel::ols(d.x, d.y, d.weights, oo);
  est::mark_collinear(session, d,
                      std::vector<uint8_t>(fit.omitted.begin(), fit.omitted.begin() + d.x.cols()));
  const double n = fit.nobs;
  const double df_r = fit.df_r;
  if (df_r <= 0) throw XtdoError(2001, "insufficient observations");
  const Eigen::MatrixXd scores = kernel::ols_scores(d.x, fit);
  const Eigen::MatrixXd meat = kernel::bartlett_meat(scores, panels.code, period, lags);
  // [TS] newey, Methods and formulas: V = N/(N−k) (X'X)^-1 Ω (X'X)^-1.
  const Eigen::MatrixXd v = (n / df_r) * kernel::hac_sandwich(fit, meat);
  double df_m = 0;
  const double f = est::slope_f(fit, v, &df_m);

  // --- Post
  session.e.clear();
  est::post_coefficients(session, d, fit.coef, v, constant);
  est::post_sample(session, d);
  auto& e = session.e;
  e.set_scalar("N", n);
  e.set_scalar("df_m", df_m);
  e.set_scalar("df_r", df_r);
  e.set_scalar("F", f);
  e.set_scalar("lag", lags);
  e.set_scalar("rank", fit.rank);
  e.set_macro("cmd", "newey");
  e.set_macro("cmdline", "newey " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("title", "Regression with Newey-West standard errors");
  e.set_macro("vcetype", "Newey-West");
  e.set_macro("predict", "newey_p");
  e.set_macro("estat_cmd", "newey_estat");
  e.set_macro("properties", "b V");

  // --- Display
  display_newey(session, level);
}

}  // namespace xtdo
