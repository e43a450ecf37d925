// xtivreg: panel instrumental-variables regression ([XT] xtivreg) — re (G2SLS or
// EC2SLS, xtivreg_re.cpp), be (between 2SLS), fe (2SLS on the within-transformed
// data with the grand mean added back) and fd (2SLS on first differences), with
// the conventional or cluster-robust VCE. Typing `xtivreg` alone replays.
#include "xtivreg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/distributions.hpp"
#include "xt_fd.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/demean.hpp"
#include "xtdo/kernel/vce.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace est {

namespace {
std::string differenced(const std::string& t) {
  std::vector<std::string> words;
  for (const auto& w : grammar::split_words(t)) words.push_back("D." + w);
  return util::join(words, " ");
}
}  // namespace

IvSyntax differenced_syntax(const IvSyntax& syntax) {
  IvSyntax out;
  out.depvar = "D." + syntax.depvar;
  out.exog = differenced(syntax.exog);
  out.endog = differenced(syntax.endog);
  out.inst = differenced(syntax.inst);
  return out;
}

void post_fd_panel(Session& session, const Design& design) {
  const Codes g = codes_of(session.data, session.data.ts.panelvar, design.rows);
  std::vector<double> size(static_cast<size_t>(g.n_groups), 0);
  for (int32_t c : g.code) size[static_cast<size_t>(c)] += 1;
  auto& e = session.e;
  e.set_scalar("N_g", g.n_groups);
  e.set_scalar("g_min", *std::min_element(size.begin(), size.end()));
  e.set_scalar("g_avg", static_cast<double>(design.n()) / g.n_groups);
  e.set_scalar("g_max", *std::max_element(size.begin(), size.end()));
  e.set_scalar("df_b", e.scalar_or_missing("df_m"));
  e.set_scalar("sigma_e", e.scalar_or_missing("rmse"));
  e.set_macro("xtmodel", "fd");
  e.set_macro("ivar", session.data.ts.panelvar);
  e.set_macro("tvar", session.data.ts.timevar);
}

}  // namespace est

namespace est::xtiv {

std::vector<Eigen::Index> independent_columns(const Eigen::MatrixXd& m) {
  // Gram–Schmidt in column order (twice, for stability): a column is dependent
  // when almost nothing is left after projecting out the kept ones.
  std::vector<Eigen::Index> keep;
  Eigen::MatrixXd q(m.rows(), m.cols());
  Eigen::Index r = 0;
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    Eigen::VectorXd v = m.col(c);
    const double ss = v.squaredNorm();
    if (!(ss > 0)) continue;
    for (int pass = 0; pass < 2; ++pass)
      if (r > 0) v -= q.leftCols(r) * (q.leftCols(r).transpose() * v);
    if (v.squaredNorm() <= 1e-10 * ss) continue;
    q.col(r++) = v / v.norm();
    keep.push_back(c);
  }
  return keep;
}

Eigen::MatrixXd select_columns(const Eigen::MatrixXd& m, const std::vector<Eigen::Index>& keep) {
  Eigen::MatrixXd out(m.rows(), static_cast<Eigen::Index>(keep.size()));
  for (size_t j = 0; j < keep.size(); ++j) out.col(static_cast<Eigen::Index>(j)) = m.col(keep[j]);
  return out;
}

kernel::IvFit tsls(const Eigen::VectorXd& y, const Eigen::MatrixXd& x, const Eigen::MatrixXd& z,
                   double dofminus, const Codes& clusters) {
  kernel::IvData data;
  data.y = y;
  data.x1 = x;
  data.x2 = Eigen::MatrixXd(y.size(), 0);
  data.z1 = select_columns(z, independent_columns(z));
  if (data.z1.cols() < data.x1.cols())
    throw XtdoError(481,
                    "equation not identified; must have at least as many instruments "
                    "not in the regression as there are instrumented variables");
  kernel::IvOptions ko;
  ko.small = true;
  if (!clusters.code.empty()) {
    ko.meat.kind = kernel::IvMeat::Kind::kCluster;
    ko.meat.cluster.push_back(clusters.code);
    ko.meat.n_clusters.push_back(clusters.n_groups);
  } else {
    ko.meat.dofminus = dofminus;
  }
  kernel::IvFit fit = kernel::iv_fit(data, ko);
  if (!fit.ok) throw XtdoError(506, "estimates nonsingular: the cross-product matrix is singular");
  return fit;
}

double iv_r2(double rss, const Eigen::VectorXd& y) {
  const double tss = (y.array() - y.mean()).square().sum();
  const double r2 = tss > 0 ? 1 - rss / tss : missing::kSysmiss;
  return !missing::is_missing(r2) && r2 >= 0 ? r2 : missing::kSysmiss;
}

kernel::WaldResult wald(const Eigen::VectorXd& b, const Eigen::MatrixXd& v,
                        const std::vector<uint8_t>& select) {
  return kernel::wald_test(b, v, select);
}

// Every column of the IV data as one matrix: y, X1, X2 without the constant, Z1.
Eigen::MatrixXd stacked(const kernel::IvData& d) {
  const Eigen::Index k1 = d.x1.cols(), k2 = d.x2.cols() - 1, l1 = d.z1.cols();
  Eigen::MatrixXd all(d.y.size(), 1 + k1 + k2 + l1);
  all << d.y, d.x1, d.x2.leftCols(k2), d.z1;
  return all;
}

// xb = X b + _cons over the untransformed design rows (IvData order).
Eigen::VectorXd level_xb(const IvDesign& iv, const Eigen::VectorXd& coef) {
  Eigen::VectorXd xb = Eigen::VectorXd::Constant(iv.d.n(), coef(coef.size() - 1));
  Eigen::Index j = 0;
  for (int c : iv.endog_cols) xb += coef(j++) * iv.d.x.col(c);
  for (int c : iv.exog_cols) xb += coef(j++) * iv.d.x.col(c);
  return xb;
}

void post_common(Session& session, const Input& in) {
  auto& e = session.e;
  e.set_scalar("N", static_cast<double>(in.iv.d.n()));
  e.set_scalar("N_g", in.panel.codes.n_groups);
  e.set_scalar("g_min", in.panel.g_min);
  e.set_scalar("g_avg", in.panel.g_avg);
  e.set_scalar("g_max", in.panel.g_max);
  e.set_scalar("N_clust", in.cluster ? in.clusters.n_groups : in.panel.codes.n_groups);
  e.set_macro("ivar", in.ivar);
  if (!in.tvar.empty()) e.set_macro("tvar", in.tvar);
  e.set_macro("instd", util::join(in.iv.endog_names, " "));
  std::vector<std::string> insts = in.iv.exog_names;
  insts.insert(insts.end(), in.iv.inst_names.begin(), in.iv.inst_names.end());
  e.set_macro("insts", util::join(insts, " "));
  if (in.cluster) {
    e.set_macro("vce", in.robust_alias ? "robust" : "cluster");
    e.set_macro("vcetype", "Robust");
    e.set_macro("clustvar", in.clustvar);
  } else {
    e.set_macro("vce", "conventional");
  }
  if (in.small) e.set_macro("small", "small");
}

}  // namespace est::xtiv

namespace {

using est::xtiv::Input;
using est::xtiv::level_xb;
using est::xtiv::stacked;

// Residual sum of squares of least squares of y on x (with a column of ones when
// `constant`), dependent columns dropped.
double ols_rss(const Eigen::VectorXd& y, const Eigen::MatrixXd& x, bool constant) {
  Eigen::MatrixXd xx(y.size(), x.cols() + (constant ? 1 : 0));
  xx.leftCols(x.cols()) = x;
  if (constant) xx.col(x.cols()).setOnes();
  const Eigen::MatrixXd k = est::xtiv::select_columns(xx, est::xtiv::independent_columns(xx));
  const Eigen::VectorXd b = k.colPivHouseholderQr().solve(y);
  return (y - k * b).squaredNorm();
}

void fit_fe(Session& session, Input& in) {
  const est::IvDesign& iv = in.iv;
  const est::Panel& panel = in.panel;
  const double n = static_cast<double>(iv.d.n());
  const double n_g = panel.codes.n_groups;

  // --- Estimate: z − z̄_i + z̿ for y, X1, X2 (not the constant) and Z1 ([XT] xtivreg).
  kernel::IvData data = iv.data;
  const Eigen::Index k1 = data.x1.cols(), k2 = data.x2.cols() - 1, l1 = data.z1.cols();
  Eigen::MatrixXd all = stacked(data);
  Eigen::VectorXd ref(all.cols());
  for (Eigen::Index c = 0; c < all.cols(); ++c)
    ref(c) = (all.col(c).array() - all.col(c).mean()).square().sum();
  kernel::WithinOptions wo;
  wo.add_grand_mean = true;
  kernel::demean_within(all, panel.codes.code, panel.codes.n_groups, Eigen::VectorXd(), wo);
  for (Eigen::Index c = 1; c < all.cols(); ++c) {
    const double ss = (all.col(c).array() - all.col(c).mean()).square().sum();
    if (ss <= 1e-9 * ref(c))
      throw XtdoError(
          198, "a regressor or instrument is constant within panels; drop it from the model");
  }
  data.y = all.col(0);
  data.x1 = all.middleCols(1, k1);
  data.x2.leftCols(k2) = all.middleCols(1 + k1, k2);
  data.z1 = all.middleCols(1 + k1 + k2, l1);
  const double k = static_cast<double>(k1 + k2);

  // Conventional: RSS/(N − N_g − K)·(X'P_Z X)⁻¹ (the N_g − 1 panel means beyond the
  // constant are estimated). Cluster: `_regress`'s sandwich on the transformed data
  // with (N − 1)/(N − K − 1)·G/(G − 1): the effects are nested in the clusters.
  kernel::IvOptions ko;
  ko.small = true;
  if (in.cluster) {
    ko.meat.kind = kernel::IvMeat::Kind::kCluster;
    ko.meat.cluster.push_back(in.clusters.code);
    ko.meat.n_clusters.push_back(in.clusters.n_groups);
  } else {
    ko.meat.dofminus = n_g - 1;
  }
  const kernel::IvFit fit = kernel::iv_fit(data, ko);
  if (!fit.ok) throw XtdoError(506, "estimates nonsingular: the cross-product matrix is singular");
  const double df_rz = n - n_g - k;
  if (df_rz <= 0) throw XtdoError(2001, "insufficient observations");

  // Model tests as xtivreg computes them: without `small`, `test` of the slopes and
  // the constant together; with `small`, F of the slopes.
  std::vector<uint8_t> slopes(static_cast<size_t>(fit.coef.size()), 1), all_coef(slopes);
  slopes.back() = 0;
  const kernel::WaldResult w_all = est::xtiv::wald(fit.coef, fit.v, all_coef);
  const kernel::WaldResult w_slopes = est::xtiv::wald(fit.coef, fit.v, slopes);

  // Panel statistics on the untransformed data.
  const Eigen::VectorXd xb = level_xb(iv, fit.coef);
  const est::PanelR2 r2 = est::panel_r2(iv.d, xb, panel);
  Eigen::MatrixXd resid(iv.d.n(), 1);
  resid.col(0) = iv.d.y - xb;
  const Eigen::VectorXd u = est::panel_means(resid, panel).col(0);
  const double sigma_u =
      n_g > 1 ? std::sqrt((u.array() - u.mean()).square().sum() / (n_g - 1)) : missing::kSysmiss;
  Eigen::VectorXd u_obs(iv.d.n());
  for (Eigen::Index i = 0; i < iv.d.n(); ++i)
    u_obs(i) = u(panel.codes.code[static_cast<size_t>(i)]);
  const double corr = est::correlation(u_obs, xb);
  const double sigma_e = std::sqrt(fit.rss / df_rz);

  // F test that all u_i = 0 (xtivreg): replace each endogenous regressor by its
  // first-stage fixed-effects fit (X1 minus the within first-stage residual), then
  // compare the pooled and within OLS residual sums of squares of y on them and X2:
  // F_f = (RSS_pooled − RSS_within)/RSS_IV · (N − N_g − K)/(N_g − 1).
  Eigen::MatrixXd w_inst(iv.d.n(), k2 + l1);
  w_inst << data.x2.leftCols(k2), data.z1;
  Eigen::MatrixXd x_hat_w(iv.d.n(), k1 + k2), x_hat_l(iv.d.n(), k1 + k2);
  {
    Eigen::MatrixXd wi(iv.d.n(), w_inst.cols() + 1);
    wi << w_inst, Eigen::VectorXd::Ones(iv.d.n());
    const Eigen::MatrixXd wk = est::xtiv::select_columns(wi, est::xtiv::independent_columns(wi));
    const Eigen::MatrixXd fitted = wk * wk.colPivHouseholderQr().solve(data.x1);
    x_hat_w.leftCols(k1) = fitted;
    x_hat_l.leftCols(k1) = iv.data.x1 - (data.x1 - fitted);
    x_hat_w.rightCols(k2) = data.x2.leftCols(k2);
    x_hat_l.rightCols(k2) = iv.data.x2.leftCols(k2);
  }
  const double rss_within = ols_rss(data.y, x_hat_w, true);
  const double rss_pooled = ols_rss(iv.data.y, x_hat_l, true);
  const double f_f =
      n_g > 1 ? (rss_pooled - rss_within) / fit.rss * (df_rz / (n_g - 1)) : missing::kSysmiss;

  // --- Post
  session.e.clear();
  est::post_iv_coefficients(session, iv, fit.coef, fit.v);
  est::post_sample(session, iv.d);
  est::xtiv::post_common(session, in);
  auto& e = session.e;
  e.set_scalar("df_rz", df_rz);
  e.set_scalar("rss", fit.rss);
  e.set_scalar("r2_w", est::xtiv::iv_r2(fit.rss, data.y));
  e.set_scalar("r2_b", r2.between);
  e.set_scalar("r2_o", r2.overall);
  e.set_scalar("sigma_u", sigma_u);
  e.set_scalar("sigma_e", sigma_e);
  e.set_scalar("sigma", std::sqrt(sigma_u * sigma_u + sigma_e * sigma_e));
  e.set_scalar("rho", sigma_u * sigma_u / (sigma_u * sigma_u + sigma_e * sigma_e));
  e.set_scalar("corr", corr);
  e.set_scalar("df_a", n_g - 1);
  // xtivreg posts e(df_b) = K (K + 1 with clusters) and e(df_m) = N_g + e(df_b).
  const double df_b = in.cluster ? k + 1 : k;
  e.set_scalar("df_b", df_b);
  e.set_scalar("df_m", n_g + df_b);
  e.set_scalar("F_f", f_f);
  e.set_scalar("F_fp",
               missing::is_missing(f_f) ? f_f : display::Ftail(session, n_g - 1, df_rz, f_f));
  if (in.small) {
    e.set_scalar("df_r", df_rz);
    const double f = w_slopes.rank > 0 ? w_slopes.statistic / w_slopes.rank : missing::kSysmiss;
    e.set_scalar("F", f);
    e.set_scalar("F_p",
                 missing::is_missing(f) ? f : display::Ftail(session, w_slopes.rank, df_rz, f));
  } else {
    e.set_scalar("chi2", w_all.statistic);
    e.set_scalar("chi2_p", display::chi2tail(session, w_all.rank, w_all.statistic));
    e.set_macro("chi2type", "Wald");
  }
  e.set_macro("model", "fe");
}

// What xtivreg, fd reports about the levels: with xb = X b + _cons evaluated on the
// levels of the regressors over the differenced sample (T_i rows per panel),
// u_i = mean(y) − mean(xb) over those rows, sigma_u their standard deviation across
// panels, corr(u_i, xb), R² overall = corr(y, xb)², within = corr of the deviations
// from those means, and between = corr² of the running sums of y/T_i and xb/T_i within
// each panel in time order (Stata's xtivreg.ado computes it so). Panel counts come
// from the level sample: T_i − 1 per panel with two or more observations.
struct FdLevels {
  double sigma_u = missing::kSysmiss, corr = missing::kSysmiss;
  double r2_o = missing::kSysmiss, r2_b = missing::kSysmiss, r2_w = missing::kSysmiss;
  double n_g = 0, g_min = 0, g_avg = 0, g_max = 0;
  std::string instd, insts;  ///< e(instd), e(insts): the level names, as xtivreg posts
};

FdLevels fd_levels(Session& session, const Input& in, const CallArgs& args,
                   const est::IvSyntax& levels, const Eigen::VectorXd& coef) {
  const est::IvDesign& iv = in.iv;
  est::IvDesignOptions dopt;
  dopt.markout = {in.ivar, in.tvar};
  session.console.push_quiet(true);  // the level design's notes are not xtivreg's
  est::IvDesign lev;
  FdLevels out;
  try {
    lev = est::build_iv_design(session, args, levels, dopt);
  } catch (const XtdoError&) {
    // Levels that cannot be built (e.g. collinear only in levels): the level
    // statistics stay missing; the differenced estimates are unaffected.
    session.console.pop_quiet();
    return out;
  }
  session.console.pop_quiet();
  out.instd = util::join(lev.endog_names, " ");
  std::vector<std::string> insts = lev.exog_names;
  insts.insert(insts.end(), lev.inst_names.begin(), lev.inst_names.end());
  out.insts = util::join(insts, " ");
  {
    const est::Panel lp = est::make_panel(session.data, in.ivar, lev.d);
    double first = 1;
    for (int64_t t : lp.size) {
      if (t < 2) continue;
      const double g = static_cast<double>(t - 1);
      out.n_g += 1;
      out.g_avg += g;
      out.g_min = first ? g : std::min(out.g_min, g);
      out.g_max = first ? g : std::max(out.g_max, g);
      first = 0;
    }
    if (out.n_g > 0) out.g_avg /= out.n_g;
  }

  // xb on the levels over the differenced sample's rows.
  const Eigen::Index rows = iv.d.n();
  Eigen::VectorXd xb = Eigen::VectorXd::Constant(rows, coef(coef.size() - 1));
  Eigen::VectorXd y(rows);
  std::vector<Eigen::Index> at(static_cast<size_t>(rows));
  for (Eigen::Index i = 0; i < rows; ++i) {
    const int64_t r = iv.d.rows[static_cast<size_t>(i)];
    const auto it = std::lower_bound(lev.d.rows.begin(), lev.d.rows.end(), r);
    if (it == lev.d.rows.end() || *it != r) return out;
    at[static_cast<size_t>(i)] = it - lev.d.rows.begin();
    y(i) = lev.d.y(at[static_cast<size_t>(i)]);
  }
  auto add = [&](const std::vector<int>& cols, Eigen::Index& j) {
    for (int c : cols) {
      size_t term = 0;
      while (term < iv.d.terms.size() && iv.d.terms[term].column != c) ++term;
      if (term >= lev.d.terms.size() || lev.d.terms[term].column < 0) return false;
      const Eigen::Index lc = lev.d.terms[term].column;
      for (Eigen::Index i = 0; i < rows; ++i)
        xb(i) += coef(j) * lev.d.x(at[static_cast<size_t>(i)], lc);
      ++j;
    }
    return true;
  };
  Eigen::Index j = 0;
  if (!add(iv.endog_cols, j) || !add(iv.exog_cols, j)) return out;

  // Rows in panel, time order.
  const Column* tc = session.data.get(in.tvar);
  const std::vector<int32_t>& pc = in.panel.codes.code;
  std::vector<Eigen::Index> order(static_cast<size_t>(rows));
  for (Eigen::Index i = 0; i < rows; ++i) order[static_cast<size_t>(i)] = i;
  auto time = [&](Eigen::Index i) {
    return tc->num[static_cast<size_t>(iv.d.rows[static_cast<size_t>(i)])];
  };
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    const int32_t ga = pc[static_cast<size_t>(a)], gb = pc[static_cast<size_t>(b)];
    return ga != gb ? ga < gb : time(a) < time(b);
  });
  const int32_t n_g = in.panel.codes.n_groups;
  Eigen::MatrixXd both(rows, 2);
  both << y, xb;
  const Eigen::MatrixXd means = est::panel_means(both, in.panel);
  Eigen::VectorXd u(n_g), u_obs(rows), dy(rows), dxb(rows), cy(rows), cxb(rows);
  for (int32_t g = 0; g < n_g; ++g) u(g) = means(g, 0) - means(g, 1);
  double run_y = 0, run_xb = 0;
  int32_t prev = -1;
  for (Eigen::Index i : order) {
    const int32_t g = pc[static_cast<size_t>(i)];
    if (g != prev) run_y = run_xb = 0, prev = g;
    const double t_i = static_cast<double>(in.panel.size[static_cast<size_t>(g)]);
    run_y += y(i) / t_i;
    run_xb += xb(i) / t_i;
    cy(i) = run_y;
    cxb(i) = run_xb;
    u_obs(i) = u(g);
    dy(i) = y(i) - means(g, 0);
    dxb(i) = xb(i) - means(g, 1);
  }
  auto sq = [](double r) { return missing::is_missing(r) ? r : r * r; };
  out.sigma_u =
      n_g > 1 ? std::sqrt((u.array() - u.mean()).square().sum() / (n_g - 1)) : missing::kSysmiss;
  out.corr = est::correlation(xb, u_obs);
  out.r2_o = sq(est::correlation(y, xb));
  out.r2_b = sq(est::correlation(cy, cxb));
  out.r2_w = sq(est::correlation(dy, dxb));
  return out;
}

void fit_fd(Session& session, Input& in, const CallArgs& args, const est::IvSyntax& levels) {
  const est::IvDesign& iv = in.iv;
  const double n = static_cast<double>(iv.d.n());
  const double k = static_cast<double>(iv.data.x1.cols() + iv.data.x2.cols() - 1);

  // --- Estimate: 2SLS of D.y on D.X with a constant, instruments D.X2 and D.Z1;
  // conventional RSS/(N − K − 1), or `_regress`'s cluster sandwich.
  kernel::IvOptions ko;
  ko.small = true;
  if (in.cluster) {
    ko.meat.kind = kernel::IvMeat::Kind::kCluster;
    ko.meat.cluster.push_back(in.clusters.code);
    ko.meat.n_clusters.push_back(in.clusters.n_groups);
  }
  const kernel::IvFit fit = kernel::iv_fit(iv.data, ko);
  if (!fit.ok) throw XtdoError(506, "estimates nonsingular: the cross-product matrix is singular");
  const double df_rz = n - k - 1;
  if (df_rz <= 0) throw XtdoError(2001, "insufficient observations");
  std::vector<uint8_t> slopes(static_cast<size_t>(fit.coef.size()), 1);
  slopes.back() = 0;
  const kernel::WaldResult w = est::xtiv::wald(fit.coef, fit.v, slopes);
  const FdLevels lv = fd_levels(session, in, args, levels, fit.coef);

  // --- Post
  session.e.clear();
  est::post_iv_coefficients(session, iv, fit.coef, fit.v);
  est::post_sample(session, iv.d);
  est::xtiv::post_common(session, in);
  auto& e = session.e;
  if (lv.n_g > 0) {  // else the counts of the differenced sample stay
    e.set_scalar("N_g", lv.n_g);
    e.set_scalar("g_min", lv.g_min);
    e.set_scalar("g_avg", lv.g_avg);
    e.set_scalar("g_max", lv.g_max);
  }
  if (!lv.instd.empty()) {
    e.set_macro("instd", lv.instd);
    e.set_macro("insts", lv.insts);
  }
  e.set_scalar("df_m", w.rank);
  e.set_scalar("df_b", w.rank);
  e.set_scalar("df_rz", in.cluster ? in.clusters.n_groups - 1 : df_rz);  // e(df_r) of _regress
  e.set_scalar("rss", fit.rss);
  e.set_scalar("r2_w", lv.r2_w);
  e.set_scalar("r2_b", lv.r2_b);
  e.set_scalar("r2_o", lv.r2_o);
  // xtivreg divides by e(df_r) of the differenced regression: G − 1 with clusters.
  const double df_r = in.cluster ? in.clusters.n_groups - 1 : df_rz;
  const double sigma_e = std::sqrt(fit.rss / df_r);
  e.set_scalar("sigma_e", sigma_e);
  e.set_scalar("sigma_u", lv.sigma_u);
  e.set_scalar("sigma", std::sqrt(lv.sigma_u * lv.sigma_u + sigma_e * sigma_e));
  e.set_scalar("rho", lv.sigma_u * lv.sigma_u / (lv.sigma_u * lv.sigma_u + sigma_e * sigma_e));
  e.set_scalar("corr", lv.corr);
  if (in.small) {
    e.set_scalar("df_r", df_r);
    const double f = w.rank > 0 ? w.statistic / w.rank : missing::kSysmiss;
    e.set_scalar("F", f);
    e.set_scalar("F_p", missing::is_missing(f) ? f : display::Ftail(session, w.rank, df_r, f));
  } else {
    e.set_scalar("chi2", w.statistic);
    e.set_scalar("chi2_p", display::chi2tail(session, w.rank, w.statistic));
    e.set_macro("chi2type", "Wald");
  }
  e.set_macro("model", "fd");
}

// `first`, as xtivreg.ado shows it for fe, be and fd: for each endogenous regressor
// the first-stage regression on the estimation sample, printed by the command that
// estimates it there — `xtreg x exog inst, fe|be [vce()]` under "First-stage within
// regression" / "First-stage between regression", or `regress D.x D.(exog inst)`
// (robust or clustered as the model) under "First-stage first-differenced regression".
// The sample is marked by a temporary variable, dropped again afterwards.
void first_stages(Session& session, const CallArgs& args, const Input& in, const std::string& model,
                  const est::IvSyntax& levels) {
  Dataset& data = session.data;
  std::string marker = session.macros.next_temp_name();
  while (data.find(marker) >= 0) marker = session.macros.next_temp_name();
  std::vector<double> flag(data.nobs(), 0.0);
  for (int64_t row : in.iv.d.rows) flag[static_cast<size_t>(row)] = 1.0;
  data.add_numeric(marker, std::move(flag), StorageType::Byte);
  struct Drop {
    Dataset& data;
    const std::string& name;
    ~Drop() {
      if (data.find(name) >= 0) data.drop_column(name);
    }
  } drop{data, marker};
  const int pos = args.cmd ? args.cmd->args.pos : 0;
  std::vector<std::string> endog;
  for (const auto& ref : expand_varlist(data, levels.endog, kVlNumeric | kVlTs | kVlFv, pos))
    endog.push_back(ref.name);
  const std::string rhs = util::trim(levels.exog + " " + levels.inst);
  std::string opts;
  if (auto l = args.get("level")) opts += " level(" + util::trim(*l) + ")";
  for (const std::string& x : endog) {
    session.console.println();
    if (model == "fd") {
      session.console.println("First-stage first-differenced regression");
      std::string vce;
      if (in.cluster) vce = in.robust_alias ? " vce(robust)" : " vce(cluster " + in.clustvar + ")";
      session.dispatch_text("regress D." + x + " D.(" + rhs + ") if " + marker + "," + vce + opts);
    } else {
      session.console.println(model == "fe" ? "First-stage within regression"
                                            : "First-stage between regression");
      std::string vce;
      if (auto v = args.get("vce")) vce = " vce(" + util::trim(*v) + ")";
      session.dispatch_text("xtreg " + x + " " + rhs + " if " + marker + ", " + model + vce + opts);
    }
  }
}

}  // namespace

XTDO_COMMAND(xtivreg, "xtivreg", 7,
             "[anything] [if] [in] [, FE FD RE BE EC2sls NOSA vce(string) SMall THeta "
             "FIRST REGress Level(cilevel)]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (util::trim(args.anything).empty()) {
    if (session.e.macro_or_empty("cmd") != "xtivreg")
      throw XtdoError(301, "last estimates not found");
    est::xtiv::display(session, level, args.has("theta"));
    return;
  }
  const int models = args.has("fe") + args.has("fd") + args.has("re") + args.has("be");
  if (models > 1) throw XtdoError(198, "only one model may be specified");
  const std::string model = args.has("fe")   ? "fe"
                            : args.has("fd") ? "fd"
                            : args.has("be") ? "be"
                                             : "re";
  for (const char* opt : {"ec2sls", "nosa", "theta"})
    if (args.has(opt) && model != "re")
      throw XtdoError(198, fmt::format("option {} may not be specified with {}", opt, model));
  if (!args.weight_type.empty()) throw XtdoError(101, "weights not allowed");
  if (args.has("first") && args.has("regress"))
    throw XtdoError(198, "options first and regress may not be specified together");
  Input in;
  in.ivar = session.data.ts.panelvar;
  if (in.ivar.empty()) throw XtdoError(459, "panel variable not set; use xtset varname ...");
  in.tvar = session.data.ts.timevar;
  if (model == "fd" && in.tvar.empty())
    throw XtdoError(111, "time variable not set; use xtset panelvar timevar");
  est::VceSpec vce = est::parse_vce(session, args, {"conventional", "robust", "cluster"});
  // [XT] xtivreg: vce(robust) is the cluster-robust VCE on the panel variable.
  if (vce.kind == est::VceSpec::Kind::kRobust) {
    in.cluster = in.robust_alias = true;
    in.clustvar = in.ivar;
  } else if (vce.kind == est::VceSpec::Kind::kCluster) {
    in.cluster = true;
    in.clustvar = vce.clustvar;
  }
  in.small = args.has("small");
  est::IvSyntax syntax = est::parse_iv_syntax(args.anything, args.cmd ? args.cmd->args.pos : 0);
  if (util::trim(syntax.endog).empty()) throw XtdoError(198, "no endogenous variables specified");
  // `regress`: the covariates are treated as exogenous — the endogenous regressors
  // become their own instruments (xtivreg.ado: inst = end1), so every estimator
  // reduces to its non-IV counterpart with xtivreg's conventions.
  const std::string typed_instruments = syntax.inst;
  if (args.has("regress")) syntax.inst = syntax.endog;
  if (args.has("first") && model == "be" && vce.kind != est::VceSpec::Kind::kDefault &&
      vce.kind != est::VceSpec::Kind::kOls)
    throw XtdoError(198,
                    fmt::format("option first and model between may not be specified "
                                "together with vce {}",
                                vce.kind == est::VceSpec::Kind::kCluster ? "cluster" : "robust"));
  const est::IvSyntax level_syntax = syntax;
  if (model == "fd") syntax = est::differenced_syntax(syntax);

  // --- Sample and build
  est::IvDesignOptions dopt;
  dopt.markout.push_back(in.ivar);
  if (in.cluster && in.clustvar != in.ivar) dopt.markout.push_back(in.clustvar);
  // With `regress` the typed instruments still mark out the sample (xtivreg.ado marks
  // out every variable it was given before setting the instruments aside).
  std::vector<uint8_t> typed_sample;
  if (args.has("regress")) {
    est::IvSyntax typed = syntax;
    typed.inst = typed_instruments;
    if (model == "fd") typed.inst = est::differenced_syntax(typed).inst;
    session.console.push_quiet(true);  // its notes belong to the model actually fitted
    try {
      typed_sample = est::build_iv_design(session, args, typed, dopt).d.sample;
    } catch (...) {
      session.console.pop_quiet();
      throw;
    }
    session.console.pop_quiet();
    dopt.within = &typed_sample;
  }
  in.iv = est::build_iv_design(session, args, syntax, dopt);
  in.panel = est::make_panel(session.data, in.ivar, in.iv.d);
  // (On the level sample: with fd, two periods per panel leave one difference each.)
  if (model != "fd" && in.panel.codes.n_groups == in.iv.d.n())
    throw XtdoError(498,
                    "the sample specifies cross-sectional data; xtivreg is not designed for "
                    "cross-sectional data; use ivregress with cross-sectional data");
  if (in.cluster) {
    in.clusters = est::codes_of(session.data, in.clustvar, in.iv.d.rows);
    if (!est::nested_in(in.panel.codes, in.clusters))
      throw XtdoError(498, "panels are not nested within clusters");
  }

  in.first = args.has("first");
  in.level = level;
  if (in.first && model != "re") first_stages(session, args, in, model, level_syntax);

  // --- Estimate and post
  if (model == "fe") {
    fit_fe(session, in);
  } else if (model == "fd") {
    fit_fd(session, in, args, level_syntax);
  } else if (model == "be") {
    est::xtiv::fit_be(session, in);
  } else {
    est::xtiv::fit_re(session, in, args.has("ec2sls"), args.has("nosa"));
  }
  auto& e = session.e;
  e.set_macro("cmd", "xtivreg");
  e.set_macro("cmdline", "xtivreg " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("properties", "b V");

  // --- Display
  est::xtiv::display(session, level, args.has("theta"));
}

}  // namespace xtdo
