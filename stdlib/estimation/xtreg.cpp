// xtreg: linear panel models ([XT] xtreg) — fe (within estimator, Stata's
// intercept and F test that all u_i = 0), re (Swamy–Arora GLS) and be (between
// regression) — with the conventional, robust (= clustered on the panel) and
// cluster-robust VCEs; typing `xtreg` alone replays.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "design.hpp"
#include "panel.hpp"
#include "within.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/demean.hpp"
#include "xtdo/kernel/ols.hpp"
#include "xtdo/kernel/vce.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

namespace {

using est::VceSpec;

double escalar(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string emacro(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
std::string pad_right(const std::string& s, size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}
std::string pad_left(const std::string& s, size_t w) {
  return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}
std::string trim_copy(const std::string& s) {
  const size_t b = s.find_first_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(' ') - b + 1);
}
std::string ratio4(double v) {
  return missing::is_missing(v) ? "     ." : format_number(v, "%6.4f");
}

// --- Display (reads e() only) ------------------------------------------------

void panel_header(Session& session, const std::string& title) {
  Console& out = session.console;
  out.println();
  out.println(
      display::header_line(title, "Number of obs", display::count_text(escalar(session, "N"))));
  out.println(display::header_line("Group variable: " + est::abbrev(emacro(session, "ivar"), 12),
                                   "Number of groups",
                                   display::count_text(escalar(session, "N_g"))));
  out.println();
  out.println(pad_right("R-squared:", 48) + "Obs per group:");
  auto row = [&](const char* name, const char* key, const char* stat, double value,
                 const char* fmt) {
    std::string left = fmt::format("     {:<7} = {}", name, ratio4(escalar(session, key)));
    std::string text = format_number(value, fmt);
    size_t b = text.find_first_not_of(' ');
    text = b == std::string::npos ? text : text.substr(b);
    out.println(pad_right(left, 62) + stat + " = " + pad_left(text, 10));
  };
  row("Within", "r2_w", "min", escalar(session, "g_min"), "%10.0fc");
  row("Between", "r2_b", "avg", escalar(session, "g_avg"), "%10.1fc");
  row("Overall", "r2_o", "max", escalar(session, "g_max"), "%10.0fc");
  out.println();
}

void sigma_rows(Session& session) {
  Console& out = session.console;
  auto g10 = [](double v) { return format_number(v, "%10.0g"); };
  out.println(display::extra_row("sigma_u", g10(escalar(session, "sigma_u"))));
  out.println(display::extra_row("sigma_e", g10(escalar(session, "sigma_e"))));
  out.println(display::extra_row("rho", g10(escalar(session, "rho"))) +
              "   (fraction of variance due to u_i)");
  out.println(std::string(78, '-'));
}

void display_xtreg(Session& session, double level, bool theta) {
  Console& out = session.console;
  const std::string model = emacro(session, "model");
  display::CoefTableOptions opt;
  opt.level = level;
  if (model == "fe") {
    panel_header(session, "Fixed-effects (within) regression");
    const double df_b = escalar(session, "df_b"), df_r = escalar(session, "df_r");
    const double f = escalar(session, "F");
    out.println(display::header_line(
        "", fmt::format("F({}, {})", format_default(df_b), format_default(df_r)),
        display::stat_text(f)));
    const double p = missing::is_missing(f) ? f : display::Ftail(session, df_b, df_r, f);
    out.println(
        display::header_line("corr(u_i, Xb) = " + trim_copy(ratio4(escalar(session, "corr"))),
                             "Prob > F", display::prob_text(p)));
    out.println();
    opt.plus = true;
    display::coef_table(session, opt);
    sigma_rows(session);
    if (emacro(session, "vcetype").empty()) {
      const double ff = escalar(session, "F_f");
      std::string line = fmt::format("F test that all u_i=0: F({}, {}) = {}",
                                     format_default(escalar(session, "df_a")), format_default(df_r),
                                     trim_copy(format_number(ff, "%8.2f")));
      out.println(pad_right(line, 61) +
                  "Prob > F = " + format_number(escalar(session, "p_f"), "%6.4f"));
    }
  } else if (model == "re") {
    panel_header(session, "Random-effects GLS regression");
    const double df_m = escalar(session, "df_m"), chi2 = escalar(session, "chi2");
    out.println(display::header_line("", fmt::format("Wald chi2({})", format_default(df_m)),
                                     display::stat_text(chi2)));
    const double p = missing::is_missing(chi2) ? chi2 : display::chi2tail(session, df_m, chi2);
    out.println(
        display::header_line("corr(u_i, X) = 0 (assumed)", "Prob > chi2", display::prob_text(p)));
    out.println();
    if (theta) {
      // The GLS weight: one value when every panel has the same T_i, else its
      // distribution over panels.
      if (escalar(session, "Tcon") == 1) {
        out.println("theta          = " + format_default(escalar(session, "theta")));
      } else {
        out.println(std::string(19, '-') + " theta " + std::string(20, '-'));
        out.println("  min      5%       median        95%      max");
        out.println(format_number(escalar(session, "thta_min"), "%6.4f") +
                    format_number(escalar(session, "thta_5"), "%9.4f") +
                    format_number(escalar(session, "thta_50"), "%11.4f") +
                    format_number(escalar(session, "thta_95"), "%11.4f") +
                    format_number(escalar(session, "thta_max"), "%9.4f"));
      }
      out.println();
    }
    opt.plus = true;
    display::coef_table(session, opt);
    sigma_rows(session);
  } else {
    panel_header(session, "Between regression (regression on group means)");
    const double df_m = escalar(session, "df_m"), df_r = escalar(session, "df_r");
    const double f = escalar(session, "F");
    out.println(display::header_line(
        "", fmt::format("F({}, {})", format_default(df_m), format_default(df_r)),
        display::stat_text(f)));
    const double p = display::model_f_p(session, df_m, df_r, f);
    out.println(display::header_line(
        "sd(u_i + avg(e_i.)) = " + trim_copy(format_number(escalar(session, "rmse"), "%9.0g")),
        "Prob > F", display::prob_text(p)));
    out.println();
    display::coef_table(session, opt);
  }
}

// --- Estimation ----------------------------------------------------------------

// What the Bind stage decided for every model (more options will join vce).
struct Common {
  VceSpec vce;
};

// Post the panel counts every model reports.
void post_panel_counts(Session& session, const est::Panel& panel) {
  auto& e = session.e;
  e.set_scalar("N_g", panel.codes.n_groups);
  e.set_scalar("g_min", panel.g_min);
  e.set_scalar("g_avg", panel.g_avg);
  e.set_scalar("g_max", panel.g_max);
  e.set_scalar("Tbar", panel.g_avg);
  e.set_scalar("Tcon", panel.balanced ? 1 : 0);
}

void post_vce_macros(Session& session, const VceSpec& vce, int32_t n_clust) {
  auto& e = session.e;
  if (vce.kind == VceSpec::Kind::kCluster) {
    e.set_macro("vce", vce.robust_alias ? "robust" : "cluster");
    e.set_macro("vcetype", "Robust");
    e.set_macro("clustvar", vce.clustvar);
    e.set_scalar("N_clust", n_clust);
  } else {
    e.set_macro("vce", "conventional");
  }
}

// Wald test that every slope is zero: statistic and rank.
kernel::WaldResult slope_test(const Eigen::VectorXd& coef, const Eigen::MatrixXd& v,
                              const std::vector<uint8_t>& omitted) {
  std::vector<uint8_t> select(coef.size(), 1);
  for (size_t j = 0; j < select.size(); ++j) select[j] = !omitted[j];
  select.back() = 0;  // _cons
  return kernel::wald_test(coef, v, select);
}

void fit_fe(Session& session, est::Design& d, const est::Panel& panel, const Common& c) {
  // --- Estimate: within transformation, z − z̄_i + z̿ ([XT] xtreg, Methods and formulas).
  est::WithinFit wf = est::within_fit(d, panel.codes);
  est::mark_collinear(session, d, wf.omitted_columns);
  const kernel::OlsResult& fit = wf.fit;
  const double n = fit.nobs;
  const double n_g = panel.codes.n_groups;
  const double k = wf.slopes;
  const double df_a = n_g - 1;
  // The absorbed u_i use N_g − 1 degrees of freedom besides the K slopes and _cons.
  const double df_within = n - n_g - k;
  if (df_within <= 0) throw XtdoError(2001, "insufficient observations");

  Eigen::MatrixXd v;
  int32_t n_clust = 0;
  double df_r = df_within, f = missing::kSysmiss, df_b = k, df_m_cluster = k;
  if (c.vce.kind == VceSpec::Kind::kCluster) {
    est::Codes cl = est::codes_of(session.data, c.vce.clustvar, d.rows);
    if (!est::nested_in(panel.codes, cl))
      throw XtdoError(498, "panels are not nested within clusters");
    // xtreg, fe: the panel effects are nested in the clusters and are not counted,
    // so qc = G/(G−1)·(N−1)/(N−K−1) ([XT] xtreg, Methods and formulas).
    kernel::ClusterOptions co;
    co.dof_k = k + 1;
    v = kernel::vce_cluster(wf.xt, fit, cl.code, cl.n_groups, co).v;
    n_clust = cl.n_groups;
    df_r = n_clust - 1;
    kernel::WaldResult w = slope_test(fit.coef, v, fit.omitted);
    df_b = w.rank;
    if (w.rank == k && k > 0) f = w.statistic / k;
    // Stata reports e(df_m) = rank(V) − 1 here; the constant's score sums to zero
    // within every panel, so V has rank K and e(df_m) = K − 1 when the clusters
    // are the panels.
    std::vector<uint8_t> all(fit.coef.size());
    for (size_t j = 0; j < all.size(); ++j) all[j] = !fit.omitted[j];
    df_m_cluster = kernel::wald_test(fit.coef, v, all).rank - 1;
  } else {
    v = kernel::vce_conventional(fit, df_within).v;
    f = k > 0 ? ((fit.tss - fit.rss) / k) / (fit.rss / df_within) : missing::kSysmiss;
  }

  // u_i = mean over the panel of y − xb (xb includes _cons); sigma_u is their
  // standard deviation across panels; corr(u_i, xb) over observations.
  est::PanelMoments pm = est::fe_moments(d, fit.coef, panel);
  const double sigma_e = std::sqrt(fit.rss / df_within);
  const double r2_w = fit.tss > 0 ? fit.mss / fit.tss : missing::kSysmiss;

  // --- Post
  session.e.clear();
  est::post_coefficients(session, d, fit.coef, v, true);
  est::post_sample(session, d);
  auto& e = session.e;
  e.set_scalar("N", n);
  post_panel_counts(session, panel);
  e.set_scalar("df_a", df_a);
  e.set_scalar("df_b", df_b);
  e.set_scalar("df_m", c.vce.kind == VceSpec::Kind::kCluster ? df_m_cluster : df_a + k);
  e.set_scalar("df_r", df_r);
  e.set_scalar("F", f);
  e.set_scalar("rss", fit.rss);
  e.set_scalar("tss", wf.tss);
  e.set_scalar("mss", fit.mss);
  e.set_scalar("r2", r2_w);
  // With clustering, Stata's rmse and adjusted R² use N − K − 1 (the absorbed
  // effects nested in the clusters are not counted); otherwise N − N_g − K.
  const double df_fit = c.vce.kind == VceSpec::Kind::kCluster ? n - k - 1 : df_within;
  e.set_scalar("r2_a", missing::is_missing(r2_w) ? r2_w : 1 - (1 - r2_w) * (n - 1) / df_fit);
  e.set_scalar("r2_w", r2_w);
  e.set_scalar("r2_b", pm.r2_b);
  e.set_scalar("r2_o", pm.r2_o);
  e.set_scalar("sigma_u", pm.sigma_u);
  e.set_scalar("sigma_e", sigma_e);
  e.set_scalar("sigma", std::sqrt(pm.sigma_u * pm.sigma_u + sigma_e * sigma_e));
  e.set_scalar("rho", pm.sigma_u * pm.sigma_u / (pm.sigma_u * pm.sigma_u + sigma_e * sigma_e));
  e.set_scalar("corr", pm.corr);
  e.set_scalar("rmse", std::sqrt(fit.rss / df_fit));
  e.set_scalar("rank", fit.rank);
  const double log2pi = std::log(2 * M_PI);
  e.set_scalar("ll", missing::clean(-0.5 * n * (log2pi + std::log(fit.rss / n) + 1)));
  e.set_scalar("ll_0", missing::clean(-0.5 * n * (log2pi + std::log(fit.tss / n) + 1)));
  if (c.vce.kind != VceSpec::Kind::kCluster) {
    // F test that all u_i = 0: the pooled regression is the restricted model.
    const double rss_pooled = est::pooled_rss(d, wf.omitted_columns);
    const double f_f = ((rss_pooled - fit.rss) / df_a) / (fit.rss / df_within);
    e.set_scalar("F_f", f_f);
    e.set_scalar("p_f", display::Ftail(session, df_a, df_within, f_f));
  }
  e.set_scalar("p", missing::is_missing(f) ? f : display::Ftail(session, df_b, df_r, f));
  post_vce_macros(session, c.vce, n_clust);
  e.set_macro("model", "fe");
}

// Columns of the design that the pooled collinearity rule keeps.
std::vector<Eigen::Index> kept_columns(const std::vector<uint8_t>& omitted_columns) {
  std::vector<Eigen::Index> keep;
  for (size_t j = 0; j < omitted_columns.size(); ++j)
    if (!omitted_columns[j]) keep.push_back(static_cast<Eigen::Index>(j));
  return keep;
}

Eigen::MatrixXd select_columns(const Eigen::MatrixXd& x, const std::vector<Eigen::Index>& keep) {
  Eigen::MatrixXd out(x.rows(), static_cast<Eigen::Index>(keep.size()));
  for (size_t j = 0; j < keep.size(); ++j) out.col(static_cast<Eigen::Index>(j)) = x.col(keep[j]);
  return out;
}

// Spread kernel results over kept columns back to design order (+ _cons last).
void expand(const std::vector<Eigen::Index>& keep, Eigen::Index p, const Eigen::VectorXd& b,
            const Eigen::MatrixXd& v, Eigen::VectorXd& b_full, Eigen::MatrixXd& v_full) {
  const Eigen::Index k = static_cast<Eigen::Index>(keep.size());
  std::vector<Eigen::Index> to(keep.begin(), keep.end());
  to.push_back(p);
  b_full = Eigen::VectorXd::Zero(p + 1);
  v_full = Eigen::MatrixXd::Zero(p + 1, p + 1);
  for (Eigen::Index r = 0; r <= k; ++r) {
    b_full(to[r]) = b(r);
    for (Eigen::Index c2 = 0; c2 <= k; ++c2) v_full(to[r], to[c2]) = v(r, c2);
  }
}


void fit_re(Session& session, est::Design& d, const est::Panel& panel, const Common& c) {
  const Eigen::Index p = d.x.cols();
  const double n = static_cast<double>(d.n());
  const double n_g = panel.codes.n_groups;

  // Collinearity on the pooled design with a constant (xtreg, re runs _rmcoll).
  kernel::OlsResult pooled = kernel::ols(d.x, d.y, kernel::OlsOptions{});
  std::vector<uint8_t> omitted(pooled.omitted.begin(), pooled.omitted.begin() + p);
  est::mark_collinear(session, d, omitted);
  const std::vector<Eigen::Index> keep = kept_columns(omitted);
  const Eigen::MatrixXd x = select_columns(d.x, keep);
  const Eigen::Index k = x.cols();

  // sigma_e² from the within regression: rss / (N − N_g − K_w), K_w the slopes the
  // within transformation identifies.
  est::Design within_design = d;
  within_design.x = x;
  est::WithinFit wf = est::within_fit(within_design, panel.codes);
  const double df_e = n - n_g - wf.slopes;
  if (df_e <= 0) throw XtdoError(2001, "insufficient observations");
  const double s_e2 = wf.fit.rss / df_e;

  // Between regression on the panel means (one observation per panel).
  Eigen::MatrixXd yx(d.n(), k + 1);
  yx << d.y, x;
  const Eigen::MatrixXd means = est::panel_means(yx, panel);
  kernel::OlsResult between = kernel::ols(means.rightCols(k), means.col(0), kernel::OlsOptions{});
  const double df_b = n_g - between.rank;
  if (df_b <= 0) throw XtdoError(2001, "insufficient observations");

  // Swamy–Arora: sigma_u² = s_b² − sigma_e²/T̄ with T̄ the harmonic mean of the
  // T_i ([XT] xtreg, Methods and formulas); a negative estimate is set to zero.
  double inv_sum = 0;
  for (int64_t t : panel.size) inv_sum += 1.0 / static_cast<double>(t);
  const double tbar = n_g / inv_sum;
  const double s_u2_raw = between.rss / df_b - s_e2 / tbar;
  const double s_u2 = s_u2_raw > 0 ? s_u2_raw : 0.0;
  std::vector<double> theta(static_cast<size_t>(n_g));
  for (size_t g = 0; g < theta.size(); ++g)
    theta[g] = 1 - std::sqrt(s_e2 / (static_cast<double>(panel.size[g]) * s_u2 + s_e2));

  // GLS by quasi-demeaning: z − θ_i z̄_i, with the constant column 1 − θ_i.
  Eigen::MatrixXd xs(d.n(), k + 1);
  Eigen::VectorXd ys(d.n());
  for (Eigen::Index i = 0; i < d.n(); ++i) {
    const int32_t g = panel.codes.code[static_cast<size_t>(i)];
    const double th = theta[static_cast<size_t>(g)];
    ys(i) = d.y(i) - th * means(g, 0);
    for (Eigen::Index j = 0; j < k; ++j) xs(i, j) = x(i, j) - th * means(g, j + 1);
    xs(i, k) = 1 - th;
  }
  kernel::OlsOptions noc;
  noc.constant = false;
  kernel::OlsResult gls = kernel::ols(xs, ys, noc);
  const double df_gls = n - gls.rank;
  Eigen::MatrixXd v;
  int32_t n_clust = 0;
  if (c.vce.kind == VceSpec::Kind::kCluster) {
    est::Codes cl = est::codes_of(session.data, c.vce.clustvar, d.rows);
    if (!est::nested_in(panel.codes, cl))
      throw XtdoError(498, "panels are not nested within clusters");
    // The GLS regression's own cluster factor G/(G−1)·(N−1)/(N−K−1).
    v = kernel::vce_cluster(xs, gls, cl.code, cl.n_groups, kernel::ClusterOptions{}).v;
    n_clust = cl.n_groups;
  } else {
    v = kernel::vce_conventional(gls, df_gls).v;
  }
  Eigen::VectorXd b_full;
  Eigen::MatrixXd v_full;
  expand(keep, p, gls.coef, v, b_full, v_full);
  std::vector<uint8_t> omitted_full(omitted);
  omitted_full.push_back(0);
  kernel::WaldResult w = slope_test(b_full, v_full, omitted_full);
  // With no regressors xb is constant and Stata reports all three R² as 0.
  const est::PanelR2 r2 =
      k > 0 ? est::panel_r2(d, est::linear_prediction(d, b_full, true), panel) : est::PanelR2{};

  // --- Post
  session.e.clear();
  est::post_coefficients(session, d, b_full, v_full, true);
  est::post_sample(session, d);
  auto& e = session.e;
  e.set_scalar("N", n);
  post_panel_counts(session, panel);
  e.set_scalar("Tbar", tbar);
  e.set_scalar("df_m", w.rank);
  e.set_scalar("chi2", k > 0 ? w.statistic : missing::kSysmiss);
  e.set_macro("chi2type", "Wald");
  e.set_scalar("p", k > 0 ? display::chi2tail(session, w.rank, w.statistic) : missing::kSysmiss);
  e.set_scalar("r2_w", r2.within);
  e.set_scalar("r2_b", r2.between);
  e.set_scalar("r2_o", r2.overall);
  const double s_u = std::sqrt(s_u2), s_e = std::sqrt(s_e2);
  e.set_scalar("sigma_u", s_u);
  e.set_scalar("sigma_e", s_e);
  e.set_scalar("sigma", std::sqrt(s_u2 + s_e2));
  e.set_scalar("rho", s_u2 / (s_u2 + s_e2));
  e.set_scalar("rmse", df_gls > 0 ? std::sqrt(gls.rss / df_gls) : missing::kSysmiss);
  e.set_scalar("rank", gls.rank);
  if (panel.balanced) {
    e.set_scalar("theta", theta.front());
  } else {
    const double t5[5] = {*std::min_element(theta.begin(), theta.end()), est::summarize_percentile(theta, 5),
                          est::summarize_percentile(theta, 50), est::summarize_percentile(theta, 95),
                          *std::max_element(theta.begin(), theta.end())};
    const char* names[5] = {"thta_min", "thta_5", "thta_50", "thta_95", "thta_max"};
    Matrix tm(1, 5);
    tm.rownames = {"r1"};
    tm.colnames = {"c1", "c2", "c3", "c4", "c5"};
    for (int j = 0; j < 5; ++j) {
      e.set_scalar(names[j], t5[j]);
      tm.at(0, j) = t5[j];
    }
    e.set_matrix("theta", std::move(tm));
  }
  post_vce_macros(session, c.vce, n_clust);
  e.set_macro("model", "re");
}

void fit_be(Session& session, est::Design& d, const est::Panel& panel, bool wls) {
  const Eigen::Index p = d.x.cols();
  const double n_g = panel.codes.n_groups;
  Eigen::MatrixXd yx(d.n(), p + 1);
  yx << d.y, d.x;
  const Eigen::MatrixXd means = est::panel_means(yx, panel);
  // wls: weight each panel mean by T_i (only matters when unbalanced).
  Eigen::VectorXd w;
  kernel::OlsOptions oo;
  if (wls && !panel.balanced) {
    w.resize(panel.codes.n_groups);
    for (int32_t g = 0; g < panel.codes.n_groups; ++g) w(g) = static_cast<double>(panel.size[g]);
    oo.weight_kind = kernel::WeightKind::kAnalytic;
  }
  kernel::OlsResult fit = kernel::ols(means.rightCols(p), means.col(0), w, oo);
  est::mark_collinear(session, d,
                      std::vector<uint8_t>(fit.omitted.begin(), fit.omitted.begin() + p));
  const double df_m = fit.rank - 1, df_r = fit.df_r;
  if (df_r <= 0) throw XtdoError(2001, "insufficient observations");
  Eigen::MatrixXd v = kernel::vce_conventional(fit, df_r).v;
  const double f = df_m > 0 ? (fit.mss / df_m) / (fit.rss / df_r) : 0.0;
  const est::PanelR2 r2 = est::panel_r2(d, est::linear_prediction(d, fit.coef, true), panel);

  session.e.clear();
  est::post_coefficients(session, d, fit.coef, v, true);
  est::post_sample(session, d);
  auto& e = session.e;
  e.set_scalar("N", static_cast<double>(d.n()));
  post_panel_counts(session, panel);
  e.set_scalar("df_m", df_m);
  e.set_scalar("df_r", df_r);
  e.set_scalar("F", f);
  e.set_scalar("p", df_m > 0 ? display::Ftail(session, df_m, df_r, f) : missing::kSysmiss);
  e.set_scalar("rss", fit.rss);
  e.set_scalar("mss", fit.mss);
  e.set_scalar("rmse", std::sqrt(fit.rss / df_r));
  e.set_scalar("r2", fit.tss > 0 ? fit.mss / fit.tss : missing::kSysmiss);
  e.set_scalar("r2_b", fit.tss > 0 ? fit.mss / fit.tss : missing::kSysmiss);
  e.set_scalar("r2_w", r2.within);
  e.set_scalar("r2_o", r2.overall);
  e.set_scalar("r2_a",
               fit.tss > 0 ? 1 - (fit.rss / fit.tss) * (n_g - 1) / df_r : missing::kSysmiss);
  // Log likelihoods of the regression on the N_g panel means.
  const double log2pi = std::log(2 * M_PI);
  const double sw = fit.sum_w;
  e.set_scalar("ll", missing::clean(-0.5 * sw * (log2pi + std::log(fit.rss / sw) + 1)));
  e.set_scalar("ll_0", missing::clean(-0.5 * sw * (log2pi + std::log(fit.tss / sw) + 1)));
  e.set_scalar("rank", fit.rank);
  e.set_macro("vce", "conventional");
  e.set_macro("model", "be");
  if (wls && !panel.balanced) e.set_macro("typ", "WLS");
}

}  // namespace

XTDO_COMMAND(xtreg, "xtreg", 4,
             "byable(recall) [varlist(numeric fv ts default=none)] [if] [in] [aw fw pw] "
             "[, FE RE BE Wls vce(string) Robust CLuster(string) Level(cilevel) THeta SA]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (args.vars.empty()) {
    if (emacro(session, "cmd") != "xtreg") throw XtdoError(301, "last estimates not found");
    display_xtreg(session, level, args.has("theta"));
    return;
  }
  const int models = args.has("fe") + args.has("re") + args.has("be");
  if (models > 1) throw XtdoError(198, "only one of fe, re and be may be specified");
  const std::string model = args.has("fe") ? "fe" : args.has("be") ? "be" : "re";
  const std::string ivar = session.data.ts.panelvar;
  if (ivar.empty()) throw XtdoError(459, "panel variable not set; use xtset varname ...");
  if (!args.weight_type.empty() && model != "fe") throw XtdoError(101, "weights not allowed");
  if (args.has("sa")) throw XtdoError(198, "option sa is not supported");
  if (args.has("wls") && model != "be") throw XtdoError(198, "option wls not allowed");

  Common c;
  c.vce =
      est::parse_vce(session, args,
                     model == "be" ? std::vector<std::string>{"conventional"}
                                   : std::vector<std::string>{"conventional", "robust", "cluster"});
  // [XT] xtreg: vce(robust) is vce(cluster panelvar) for fe and re.
  if (c.vce.kind == VceSpec::Kind::kRobust) {
    c.vce.kind = VceSpec::Kind::kCluster;
    c.vce.clustvar = ivar;
    c.vce.robust_alias = true;
  }
  if (args.weight_type == "pweight" && c.vce.kind != VceSpec::Kind::kCluster) {
    c.vce.kind = VceSpec::Kind::kCluster;
    c.vce.clustvar = ivar;
    c.vce.robust_alias = true;
  }

  // --- Sample: the panel (and, for fe, the time) variable must be non-missing.
  est::DesignOptions dopt;
  dopt.markout.push_back(ivar);
  if (model == "fe" && !session.data.ts.timevar.empty())
    dopt.markout.push_back(session.data.ts.timevar);
  if (c.vce.kind == VceSpec::Kind::kCluster) dopt.markout.push_back(c.vce.clustvar);
  est::Design d = est::build_design(session, args, dopt);
  if (d.n() < 2) throw XtdoError(2001, "insufficient observations");
  est::Panel panel = est::make_panel(session.data, ivar, d);
  if (d.weights.size() && !est::constant_within(d.weights, panel.codes))
    throw XtdoError(199, fmt::format("weight must be constant within {}", ivar));

  // --- Estimate and post
  if (model == "fe") {
    fit_fe(session, d, panel, c);
  } else if (model == "re") {
    fit_re(session, d, panel, c);
  } else {
    fit_be(session, d, panel, args.has("wls"));
  }
  auto& e = session.e;
  e.set_macro("cmd", "xtreg");
  e.set_macro("cmdline", "xtreg " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("ivar", ivar);
  e.set_macro("predict", model == "re" ? "xtrere_p" : "xtrefe_p");
  e.set_macro("properties", "b V");

  // --- Display
  display_xtreg(session, level, args.has("theta"));
}

}  // namespace xtdo
