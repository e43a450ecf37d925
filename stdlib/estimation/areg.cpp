// areg: linear regression absorbing one categorical factor ([R] areg). The
// slopes are the within estimates; unlike xtreg, fe, the absorbed levels count
// in every small-sample adjustment (conventional, robust and cluster).
#include <fmt/format.h>

#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "design.hpp"
#include "panel.hpp"
#include "within.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/vce.hpp"
#include "xtdo/session.hpp"
#include "xtdo/util.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

using est::VceSpec;

double escalar(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string emacro(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
void display_areg(Session& session, double level) {
  Console& out = session.console;
  const double df_m = escalar(session, "df_m"), df_r = escalar(session, "df_r");
  const double f = escalar(session, "F");
  const double p = display::model_f_p(session, df_m, df_r, f);
  out.println();
  out.println(display::header_line("Linear regression, absorbing indicators", "Number of obs",
                                   display::count_text(escalar(session, "N"))));
  out.println(display::header_line("Absorbed variable: " + emacro(session, "absvar"),
                                   "No. of categories",
                                   display::count_text(escalar(session, "k_absorb"))));
  out.println(
      display::header_line("", fmt::format("F({}, {})", format_default(df_m), format_default(df_r)),
                           display::stat_text(f)));
  out.println(display::header_line("", "Prob > F", display::prob_text(p)));
  out.println(display::header_line("", "R-squared", display::prob_text(escalar(session, "r2"))));
  out.println(
      display::header_line("", "Adj R-squared", display::prob_text(escalar(session, "r2_a"))));
  out.println(display::header_line("", "Root MSE",
                                   util::trim(format_number(escalar(session, "rmse"), "%10.4f"))));
  out.println();
  display::CoefTableOptions opt;
  opt.level = level;
  display::coef_table(session, opt);
  if (emacro(session, "vcetype").empty()) {
    // [R] areg: the F test that the absorbed indicators are jointly zero.
    std::string line = fmt::format("F test of absorbed indicators: F({}, {}) = {}",
                                   format_default(escalar(session, "df_a")), format_default(df_r),
                                   util::trim(format_number(escalar(session, "F_absorb"), "%4.3f")));
    if (line.size() < 61) line += std::string(61 - line.size(), ' ');
    out.println(line + " Prob > F = " + format_number(escalar(session, "p_absorb"), "%4.3f"));
  }
}

}  // namespace

XTDO_COMMAND(areg, "areg", 4,
             "byable(recall) [varlist(numeric fv ts default=none)] [if] [in] [aw fw pw] "
             "[, Absorb(string) vce(string) Robust CLuster(string) Level(cilevel)]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (args.vars.empty()) {
    if (emacro(session, "cmd") != "areg") throw XtdoError(301, "last estimates not found");
    display_areg(session, level);
    return;
  }
  auto absorb_text = args.get("absorb");
  if (!absorb_text || util::trim(*absorb_text).empty())
    throw XtdoError(198, "option absorb() required");
  const std::string absvar =
      resolve_name(session.data, util::trim(*absorb_text), args.option_pos("absorb"));
  VceSpec vce = est::parse_vce(session, args, {"ols", "conventional", "robust", "cluster"});
  if (args.weight_type == "pweight" && vce.kind != VceSpec::Kind::kCluster)
    vce.kind = VceSpec::Kind::kRobust;

  // --- Sample
  est::DesignOptions dopt;
  dopt.markout.push_back(absvar);
  if (vce.kind == VceSpec::Kind::kCluster) dopt.markout.push_back(vce.clustvar);
  est::Design d = est::build_design(session, args, dopt);
  if (d.n() < 2) throw XtdoError(2001, "insufficient observations");
  const est::Codes groups = est::codes_of(session.data, absvar, d.rows);

  // --- Estimate
  est::WithinFit wf = est::within_fit(d, groups);
  est::mark_collinear(session, d, wf.omitted_columns);
  const kernel::OlsResult& fit = wf.fit;
  const double n = fit.nobs;
  const double k = wf.slopes;
  const double df_a = groups.n_groups - 1;
  // Residual df N − K − 1 − (G − 1): the absorbed dummies are estimated parameters.
  const double df_resid = n - k - 1 - df_a;
  if (df_resid <= 0) throw XtdoError(2001, "insufficient observations");
  const double k_all = k + 1 + df_a;

  Eigen::MatrixXd v;
  int32_t n_clust = 0;
  double df_r = df_resid;
  switch (vce.kind) {
    case VceSpec::Kind::kDefault:
    case VceSpec::Kind::kOls:
    case VceSpec::Kind::kHC2:
    case VceSpec::Kind::kHC3:
      v = kernel::vce_conventional(fit, df_resid).v;
      break;
    case VceSpec::Kind::kRobust: {
      // HC1 with N/(N − K − G): areg counts the absorbed levels.
      kernel::RobustOptions ro;
      ro.dof_k = k_all;
      v = kernel::vce_robust(wf.xt, fit, ro).v;
      break;
    }
    case VceSpec::Kind::kCluster: {
      // qc = G_c/(G_c − 1) · (N − 1)/(N − K − G): absorbed levels counted even when
      // they are nested within the clusters (unlike xtreg, fe).
      est::Codes cl = est::codes_of(session.data, vce.clustvar, d.rows);
      kernel::ClusterOptions co;
      co.dof_k = k_all;
      v = kernel::vce_cluster(wf.xt, fit, cl.code, cl.n_groups, co).v;
      n_clust = cl.n_groups;
      df_r = n_clust - 1;
      break;
    }
  }
  const bool conventional =
      vce.kind != VceSpec::Kind::kRobust && vce.kind != VceSpec::Kind::kCluster;
  double f = missing::kSysmiss, df_m = k;
  if (k == 0) {
    f = missing::kSysmiss;
    df_m = 0;
  } else if (conventional) {
    f = ((fit.tss - fit.rss) / k) / (fit.rss / df_resid);
  } else {
    std::vector<uint8_t> select(fit.coef.size(), 1);
    for (size_t j = 0; j < select.size(); ++j) select[j] = !fit.omitted[j];
    select.back() = 0;
    kernel::WaldResult w = kernel::wald_test(fit.coef, v, select);
    if (w.rank < k)
      df_m = w.rank;
    else
      f = w.statistic / k;
  }
  // R² of the model with the absorbed dummies: 1 − rss / Σ(y − ȳ)².
  const double r2 = 1 - fit.rss / wf.tss;
  const double r2_a = 1 - (1 - r2) * (n - 1) / df_resid;

  // --- Post
  session.e.clear();
  est::post_coefficients(session, d, fit.coef, v, true);
  est::post_sample(session, d);
  auto& e = session.e;
  e.set_scalar("N", n);
  e.set_scalar("df_m", df_m);
  e.set_scalar("df_r", df_r);
  e.set_scalar("df_a", df_a);
  e.set_scalar("k_absorb", groups.n_groups);
  e.set_scalar("F", f);
  e.set_scalar("r2", r2);
  e.set_scalar("r2_a", r2_a);
  e.set_scalar("ar2", r2_a);
  e.set_scalar("rmse", std::sqrt(fit.rss / df_resid));
  e.set_scalar("rss", fit.rss);
  e.set_scalar("tss", wf.tss);
  e.set_scalar("mss", wf.tss - fit.rss);
  e.set_scalar("rank", fit.rank);
  const double log2pi = std::log(2 * M_PI);
  e.set_scalar("ll", missing::clean(-0.5 * n * (log2pi + std::log(fit.rss / n) + 1)));
  e.set_scalar("ll_0", missing::clean(-0.5 * n * (log2pi + std::log(wf.tss / n) + 1)));
  if (conventional) {
    // F test of the absorbed indicators against the pooled regression.
    const double rss_pooled = est::pooled_rss(d, wf.omitted_columns);
    const double f_abs = ((rss_pooled - fit.rss) / df_a) / (fit.rss / df_resid);
    e.set_scalar("F_absorb", f_abs);
    e.set_scalar("p_absorb", display::Ftail(session, df_a, df_resid, f_abs));
  }
  e.set_scalar("p", missing::is_missing(f) ? f : display::Ftail(session, df_m, df_r, f));
  if (vce.kind == VceSpec::Kind::kCluster) {
    e.set_macro("vce", "cluster");
    e.set_macro("vcetype", "Robust");
    e.set_macro("clustvar", vce.clustvar);
    e.set_scalar("N_clust", n_clust);
  } else if (vce.kind == VceSpec::Kind::kRobust) {
    e.set_macro("vce", "robust");
    e.set_macro("vcetype", "Robust");
  } else {
    e.set_macro("vce", "ols");
  }
  e.set_macro("absvar", absvar);
  e.set_macro("cmd", "areg");
  e.set_macro("cmdline", "areg " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("title", "Linear regression, absorbing indicators");
  e.set_macro("predict", "areg_p");
  e.set_macro("properties", "b V");

  // --- Display
  display_areg(session, level);
}

}  // namespace xtdo
