// regress: linear regression by least squares ([R] regress), with Stata's
// weights, collinearity notes, vce(ols|robust|hc2|hc3|cluster), the ANOVA
// header and the coefficient table; typing `regress` alone replays.
#include <fmt/format.h>

#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "design.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/ols.hpp"
#include "xtdo/kernel/vce.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

namespace {

using est::VceSpec;

double escalar(const Session& session, const std::string& name) {
  auto it = session.e.scalars.find(name);
  return it == session.e.scalars.end() ? missing::kSysmiss : it->second;
}
std::string emacro(const Session& session, const std::string& name) {
  auto it = session.e.macros.find(name);
  return it == session.e.macros.end() ? std::string() : it->second;
}

std::string pad_left(const std::string& s, size_t w) {
  return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}

// The ANOVA table beside the fit statistics (conventional VCE).
void anova_header(Session& session) {
  const double n = escalar(session, "N"), df_m = escalar(session, "df_m");
  const double df_r = escalar(session, "df_r"), mss = escalar(session, "mss");
  const double rss = escalar(session, "rss");
  const double df_t = df_m + df_r;
  auto ss = [](double v) { return " " + format_number(v, "%11.0g"); };
  auto df = [](double v) { return format_number(v, "%10.0fc"); };
  auto right = [](const std::string& label, const std::string& value) {
    return "   " + fmt::format("{:<16}", label) + "=" + pad_left(value, 10);
  };
  const std::string rule = std::string(13, '-') + "+" + std::string(34, '-');
  const double f = escalar(session, "F");
  const double p = df_m > 0 ? display::Ftail(session, df_m, df_r, f) : missing::kSysmiss;
  Console& out = session.console;
  out.println();
  out.println("      Source |       SS           df       MS   " +
              right("Number of obs", display::count_text(n)));
  out.println(rule + right(fmt::format("F({}, {})", format_default(df_m), format_default(df_r)),
                           display::stat_text(f)));
  out.println("       Model |" + ss(mss) + df(df_m) +
              ss(df_m > 0 ? mss / df_m : missing::kSysmiss) +
              right("Prob > F", display::prob_text(p)));
  out.println("    Residual |" + ss(rss) + df(df_r) +
              ss(df_r > 0 ? rss / df_r : missing::kSysmiss) +
              right("R-squared", display::prob_text(escalar(session, "r2"))));
  out.println(rule + right("Adj R-squared", display::prob_text(escalar(session, "r2_a"))));
  out.println("       Total |" + ss(mss + rss) + df(df_t) +
              ss(df_t > 0 ? (mss + rss) / df_t : missing::kSysmiss) +
              right("Root MSE", display::rmse_text(escalar(session, "rmse"))));
  out.println();
}

// The short header of robust and cluster-robust fits.
void robust_header(Session& session) {
  Console& out = session.console;
  const double df_m = escalar(session, "df_m"), df_r = escalar(session, "df_r");
  const double f = escalar(session, "F");
  const double p = df_m > 0 ? display::Ftail(session, df_m, df_r, f) : missing::kSysmiss;
  out.println();
  out.println(display::header_line("Linear regression", "Number of obs",
                                   display::count_text(escalar(session, "N"))));
  out.println(
      display::header_line("", fmt::format("F({}, {})", format_default(df_m), format_default(df_r)),
                           display::stat_text(f)));
  out.println(display::header_line("", "Prob > F", display::prob_text(p)));
  out.println(display::header_line("", "R-squared", display::prob_text(escalar(session, "r2"))));
  out.println(display::header_line("", "Root MSE", display::rmse_text(escalar(session, "rmse"))));
  out.println();
}

void display_regress(Session& session, double level, bool beta) {
  if (emacro(session, "vcetype").empty()) {
    anova_header(session);
  } else {
    robust_header(session);
  }
  display::CoefTableOptions opt;
  opt.level = level;
  opt.beta = beta;
  display::coef_table(session, opt);
}

}  // namespace

XTDO_COMMAND(regress, "regress", 3,
             "byable(recall) [varlist(numeric fv ts default=none)] [if] [in] [aw fw pw iw] "
             "[, vce(string) Robust CLuster(string) NOConstant Level(cilevel) Beta]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (args.vars.empty()) {
    if (emacro(session, "cmd") != "regress") throw XtdoError(301, "last estimates not found");
    display_regress(session, level, args.has("beta") && session.e.matrices.count("beta"));
    return;
  }
  VceSpec vce = est::parse_vce(session, args, {"ols", "robust", "hc2", "hc3", "cluster"});
  const bool constant = !args.has("noconstant");
  const bool beta = args.has("beta");
  if (args.weight_type == "pweight") {
    // [U] 20.23.3: pweights imply the robust VCE.
    if (vce.kind == VceSpec::Kind::kOls)
      throw XtdoError(198, "pweights may not be used with vce(ols)");
    if (vce.kind == VceSpec::Kind::kDefault) vce.kind = VceSpec::Kind::kRobust;
  }
  if (beta && vce.kind == VceSpec::Kind::kCluster)
    throw XtdoError(198, "option beta not allowed with vce(cluster)");

  // --- Sample
  est::DesignOptions dopt;
  if (vce.kind == VceSpec::Kind::kCluster) dopt.markout.push_back(vce.clustvar);
  est::Design d = est::build_design(session, args, dopt);

  // --- Estimate
  kernel::OlsOptions oo;
  oo.constant = constant;
  oo.weight_kind = d.weight_kind;
  kernel::OlsResult fit = kernel::ols(d.x, d.y, d.weights, oo);
  est::mark_collinear(session, d,
                      std::vector<uint8_t>(fit.omitted.begin(), fit.omitted.begin() + d.x.cols()));
  const double n = fit.nobs;
  const double df_m = fit.rank - (constant ? 1 : 0);
  double df_r = fit.df_r;
  if (df_r < 0) throw XtdoError(2001, "insufficient observations");

  Eigen::MatrixXd v;
  int32_t n_clust = 0;
  switch (vce.kind) {
    case VceSpec::Kind::kDefault:
    case VceSpec::Kind::kOls:
      v = kernel::vce_conventional(fit, df_r).v;
      break;
    case VceSpec::Kind::kRobust:
    case VceSpec::Kind::kHC2:
    case VceSpec::Kind::kHC3: {
      kernel::RobustOptions ro;
      ro.kind = vce.kind == VceSpec::Kind::kRobust ? kernel::RobustKind::kHC1
                : vce.kind == VceSpec::Kind::kHC2  ? kernel::RobustKind::kHC2
                                                   : kernel::RobustKind::kHC3;
      v = kernel::vce_robust(d.x, fit, ro).v;
      break;
    }
    case VceSpec::Kind::kCluster: {
      est::Codes cl = est::codes_of(session.data, vce.clustvar, d.rows);
      kernel::ClusterOptions co;  // k = estimated coefficients, N = fit.nobs
      auto res = kernel::vce_cluster(d.x, fit, cl.code, cl.n_groups, co);
      v = res.v;
      n_clust = cl.n_groups;
      break;
    }
  }
  const double rmse = df_r > 0 ? std::sqrt(fit.rss / df_r) : missing::kSysmiss;

  // Model F: mss-based for the conventional VCE; otherwise the Wald test that all
  // slopes are zero with the VCE's rank as numerator df ([R] regress, Methods and
  // formulas). Clustered fits have G − 1 residual df.
  const bool conventional = vce.kind == VceSpec::Kind::kDefault || vce.kind == VceSpec::Kind::kOls;
  double f = missing::kSysmiss, df_m_post = df_m;
  double df_r_post = vce.kind == VceSpec::Kind::kCluster ? n_clust - 1 : df_r;
  if (df_m == 0) {
    f = 0;
  } else if (conventional) {
    f = df_r > 0 ? (fit.mss / df_m) / (fit.rss / df_r) : missing::kSysmiss;
  } else {
    std::vector<uint8_t> select(fit.coef.size(), 1);
    for (size_t j = 0; j < select.size(); ++j) select[j] = !fit.omitted[j];
    if (constant) select.back() = 0;
    kernel::WaldResult w = kernel::wald_test(fit.coef, v, select);
    if (w.rank < df_m) {
      df_m_post = w.rank;  // the VCE cannot test every slope: F is not reported
    } else {
      f = w.statistic / w.rank;
    }
  }
  const double r2 = fit.tss > 0 ? fit.mss / fit.tss : missing::kSysmiss;
  const double r2_a = df_r > 0 && !missing::is_missing(r2)
                          ? 1 - (1 - r2) * (n - (constant ? 1 : 0)) / df_r
                          : missing::kSysmiss;
  // Log likelihoods of the normal linear model and of the constant-only model.
  double tss_c = fit.tss;
  if (!constant) {
    const Eigen::VectorXd& w = fit.weights;
    const double ybar = fit.y_mean;
    tss_c = w.size() ? ((d.y.array() - ybar).square() * w.array()).sum()
                     : (d.y.array() - ybar).square().sum();
  }
  const double log2pi = std::log(2 * M_PI);
  const double ll = -0.5 * n * (log2pi + std::log(fit.rss / n) + 1);
  const double ll_0 = -0.5 * n * (log2pi + std::log(tss_c / n) + 1);

  // --- Post
  session.e.clear();
  est::post_coefficients(session, d, fit.coef, v, constant);
  est::post_sample(session, d);
  auto& e = session.e;
  e.set_scalar("N", n);
  e.set_scalar("df_m", df_m_post);
  e.set_scalar("df_r", df_r_post);
  e.set_scalar("F", f);
  e.set_scalar("r2", r2);
  e.set_scalar("r2_a", r2_a);
  e.set_scalar("rmse", rmse);
  e.set_scalar("rss", fit.rss);
  e.set_scalar("mss", fit.mss);
  e.set_scalar("ll", missing::clean(ll));
  e.set_scalar("ll_0", missing::clean(ll_0));
  e.set_scalar("rank", fit.rank);
  e.set_macro("cmd", "regress");
  e.set_macro("cmdline", "regress " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("title", "Linear regression");
  e.set_macro("model", "ols");
  e.set_macro("predict", "regres_p");
  e.set_macro("estat_cmd", "regress_estat");
  e.set_macro("properties", "b V");
  switch (vce.kind) {
    case VceSpec::Kind::kDefault:
    case VceSpec::Kind::kOls:
      e.set_macro("vce", "ols");
      break;
    case VceSpec::Kind::kRobust:
      e.set_macro("vce", "robust");
      e.set_macro("vcetype", "Robust");
      break;
    case VceSpec::Kind::kHC2:
      e.set_macro("vce", "hc2");
      e.set_macro("vcetype", "Robust HC2");
      break;
    case VceSpec::Kind::kHC3:
      e.set_macro("vce", "hc3");
      e.set_macro("vcetype", "Robust HC3");
      break;
    case VceSpec::Kind::kCluster:
      e.set_macro("vce", "cluster");
      e.set_macro("vcetype", "Robust");
      e.set_macro("clustvar", vce.clustvar);
      e.set_scalar("N_clust", n_clust);
      break;
  }
  if (beta) {
    // Standardised coefficients b_j · sd(x_j) / sd(y) over the (weighted) sample.
    const Eigen::VectorXd& w = fit.weights;
    auto sd = [&](const Eigen::VectorXd& col) {
      const double sw = w.size() ? w.sum() : static_cast<double>(col.size());
      const double mean = w.size() ? col.dot(w) / sw : col.mean();
      const double ss = w.size() ? ((col.array() - mean).square() * w.array()).sum()
                                 : (col.array() - mean).square().sum();
      return std::sqrt(ss / (sw - 1));
    };
    const double sy = sd(d.y);
    Matrix bm(1, static_cast<int>(d.terms.size()));
    bm.rownames = {"y1"};
    bm.colnames.clear();
    for (size_t j = 0; j < d.terms.size(); ++j) {
      const auto& t = d.terms[j];
      bm.colnames.push_back(t.colname());
      if (t.column >= 0)
        bm.at(0, static_cast<int>(j)) = fit.coef(t.column) * sd(d.x.col(t.column)) / sy;
    }
    e.set_matrix("beta", std::move(bm));
  }

  // --- Display
  display_regress(session, level, beta);
}

}  // namespace xtdo
