// xtivreg, re and be ([XT] xtivreg, Methods and formulas): the between 2SLS on
// panel means, and the random-effects 2SLS (Balestra–Varadharajan-Krishnakumar
// G2SLS, or Baltagi's EC2SLS) on quasi-demeaned data with Swamy–Arora variance
// components from the within and between 2SLS fits (Baltagi–Chang with nosa).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "xtdo/kernel/demean.hpp"
#include "xtivreg.hpp"

namespace xtdo::est::xtiv {

namespace {

Eigen::MatrixXd with_ones(const Eigen::MatrixXd& m) {
  Eigen::MatrixXd out(m.rows(), m.cols() + 1);
  out << m, Eigen::VectorXd::Ones(m.rows());
  return out;
}


// The between 2SLS: panel means of y on the means of X1, X2 and a constant, with
// the means of X2 and Z1 as instruments, one observation per panel.
struct Between {
  kernel::IvFit fit;
  Eigen::MatrixXd means;  ///< n_g × (1 + K1 + K2 + L1), as stacked()
  Eigen::MatrixXd x;      ///< the regressors used (constant last)
  double k = 0;           ///< coefficients, the constant included (e(df_m) + 1)
};

Between between_fit(const Input& in, const Codes& clusters) {
  const kernel::IvData& d = in.iv.data;
  const Eigen::Index k1 = d.x1.cols(), k2 = d.x2.cols() - 1, l1 = d.z1.cols();
  Between b;
  b.means = panel_means(stacked(d), in.panel);
  Eigen::MatrixXd x = with_ones(b.means.middleCols(1, k1 + k2));
  Eigen::MatrixXd z(b.means.rows(), k2 + l1 + 1);
  z << b.means.middleCols(1 + k1, k2 + l1), Eigen::VectorXd::Ones(b.means.rows());
  // Means collinear among themselves are dropped by _regress; the constant stays.
  Eigen::MatrixXd xc(x.rows(), x.cols());
  xc << x.col(x.cols() - 1), x.leftCols(x.cols() - 1);
  std::vector<Eigen::Index> keep = independent_columns(xc);
  if (static_cast<Eigen::Index>(keep.size()) < x.cols())
    throw XtdoError(498,
                    "the panel means of the regressors are collinear; the between "
                    "regression cannot be fitted");
  b.x = x;
  b.k = static_cast<double>(x.cols());
  if (static_cast<double>(in.panel.codes.n_groups) <= b.k)
    throw XtdoError(2001,
                    "insufficient observations: the between regression needs more panels "
                    "than coefficients");
  b.fit = tsls(b.means.col(0), x, z, 0, clusters);
  return b;
}

// Panel of each between observation as a cluster (vce(robust)), or the cluster
// variable's code of the panel.
Codes panel_clusters(const Input& in) {
  Codes c;
  const int32_t g = in.panel.codes.n_groups;
  c.code.assign(static_cast<size_t>(g), -1);
  if (in.robust_alias) {
    for (int32_t i = 0; i < g; ++i) c.code[static_cast<size_t>(i)] = i;
    c.n_groups = g;
    return c;
  }
  for (size_t obs = 0; obs < in.panel.codes.code.size(); ++obs)
    c.code[static_cast<size_t>(in.panel.codes.code[obs])] = in.clusters.code[obs];
  c.n_groups = in.clusters.n_groups;
  return c;
}

// Column `col` of the display: `text` starting at column `col` (1-based).
std::string at(std::string s, size_t col, const std::string& text) {
  if (s.size() < col - 1) s.append(col - 1 - s.size(), ' ');
  return s + text;
}

// xtivreg.ado's first stages of the random-effects models: for each endogenous
// regressor, OLS (no implicit constant) of its GLS-transformed values on the
// instruments of the main equation `z` (the constant column 1 − θ_i last), with
// _regress's conventional, robust (HC1; EC2SLS: clustered on the panel) or
// cluster VCE, posted with the instruments' names and shown with the Wald (or,
// G2SLS with `small`, the uncentred model F) test of every instrument but the
// constant, then the coefficient table.
void re_first_stages(Session& session, const Input& in, const Eigen::MatrixXd& gls,
                     const Eigen::MatrixXd& z, bool ec2sls) {
  const IvDesign& iv = in.iv;
  const Eigen::Index rows = z.rows(), kz = z.cols();
  const double n = static_cast<double>(rows);
  std::vector<std::string> names;
  if (!ec2sls) {
    names = iv.exog_names;
    names.insert(names.end(), iv.inst_names.begin(), iv.inst_names.end());
  } else {
    for (const auto& v : iv.inst_names) names.push_back(v + "_d");
    for (const auto& v : iv.inst_names) names.push_back(v + "_m");
    for (const auto& v : iv.exog_names) names.push_back(v + "_d");
    for (const auto& v : iv.exog_names) names.push_back(v + "_m");
  }
  names.push_back("_cons");
  // siclust: 1 = vce(cluster c), 2 = vce(robust), 0 = conventional.
  const int siclust = !in.cluster ? 0 : in.robust_alias ? 2 : 1;
  Codes clusters;
  if (siclust == 1) clusters = in.clusters;
  if (siclust == 2 && ec2sls) clusters = in.panel.codes;
  const ResultSet saved = session.e;
  Console& out = session.console;
  for (size_t j = 0; j < iv.endog_names.size(); ++j) {
    const Eigen::VectorXd y = gls.col(1 + static_cast<Eigen::Index>(j));
    kernel::IvFit fit = tsls(y, z, z, 0, clusters);
    if (!fit.ok || fit.coef.size() != kz)
      throw XtdoError(506, "first stage: the instruments are collinear");
    if (siclust == 2 && !ec2sls) {
      // HC1: (Z'Z)⁻¹ Σ e² z z' (Z'Z)⁻¹ · N/(N − K).
      const Eigen::MatrixXd zzi = (z.transpose() * z).inverse();
      const Eigen::VectorXd e = y - z * fit.coef;
      const Eigen::MatrixXd ze = z.array().colwise() * e.array();
      fit.v = zzi * (ze.transpose() * ze) * zzi * (n / (n - static_cast<double>(kz)));
    }
    const Eigen::VectorXd fitted = y - (y - z * fit.coef);
    const double rss = (y - z * fit.coef).squaredNorm();
    const double mss = fitted.squaredNorm();  // uncentred: the regression has no constant
    // Wald test of every coefficient but the constant.
    std::vector<uint8_t> slopes(static_cast<size_t>(kz), 1);
    slopes.back() = 0;
    const kernel::WaldResult w = wald(fit.coef, fit.v, slopes);
    const bool small = in.small && !ec2sls;
    session.e.clear();
    Matrix b(1, static_cast<int>(kz)), v(static_cast<int>(kz), static_cast<int>(kz));
    b.colnames = names;
    b.rownames = {"y1"};
    v.colnames = names;
    v.rownames = names;
    for (Eigen::Index c = 0; c < kz; ++c) {
      b.at(0, static_cast<int>(c)) = fit.coef(c);
      for (Eigen::Index r = 0; r < kz; ++r)
        v.at(static_cast<int>(r), static_cast<int>(c)) = fit.v(r, c);
    }
    auto& e = session.e;
    e.set_matrix("b", b);
    e.set_matrix("V", v);
    e.set_macro("depvar", iv.endog_names[j]);
    e.set_scalar("N", n);
    if (small) e.set_scalar("df_r", n - static_cast<double>(kz));
    if (siclust > 0) e.set_macro("vcetype", "Robust");
    if (siclust == 1) {
      e.set_macro("clustvar", in.clustvar);
      e.set_scalar("N_clust", in.clusters.n_groups);
    }
    out.println();
    out.println(ec2sls ? "First-stage EC2SLS  regression" : "First-stage G2SLS regression");
    out.println(at(at(at("", 50, "Number of obs"), 67, "="), 69, format_number(n, "%10.0fc")));
    if (!small) {
      out.println(at(at(at("", 50, fmt::format("Wald chi({})", w.rank)), 67, "="), 71,
                     format_number(w.statistic, "%8.2g")));
      out.println(at(at(at("", 50, "Prob > chi2"), 67, "="), 73,
                     format_number(display::chi2tail(session, w.rank, w.statistic), "%6.4f")));
    } else {
      const double dgfs = static_cast<double>(kz) - 1, fdos = n - static_cast<double>(kz);
      const double f = (mss / dgfs) / (rss / fdos);
      out.println(at(at(at("", 50, fmt::format("F({},{})", dgfs, fdos)), 67, "="), 70,
                     format_number(f, "%9.2f")));
      out.println(at(at(at("", 50, "Prob > F"), 67, "="), 73,
                     format_number(display::Ftail(session, dgfs, fdos, f), "%6.4f")));
    }
    out.println();
    display::CoefTableOptions opt;
    opt.level = in.level;
    display::coef_table(session, opt);
  }
  session.e = saved;
}

}  // namespace

void fit_be(Session& session, Input& in) {
  const IvDesign& iv = in.iv;
  const double n_g = in.panel.codes.n_groups;
  const Codes clusters = in.cluster ? panel_clusters(in) : Codes{};
  const Between b = between_fit(in, clusters);
  const kernel::IvFit& fit = b.fit;
  const double df_rz = n_g - b.k;
  std::vector<uint8_t> slopes(static_cast<size_t>(fit.coef.size()), 1);
  slopes.back() = 0;
  const kernel::WaldResult w = wald(fit.coef, fit.v, slopes);
  const PanelR2 r2 = panel_r2(iv.d, level_xb(iv, fit.coef), in.panel);
  const Eigen::VectorXd ybar = b.means.col(0);
  const double tss = (ybar.array() - ybar.mean()).square().sum();
  const double r2_b = iv_r2(fit.rss, ybar);

  // --- Post
  session.e.clear();
  post_iv_coefficients(session, iv, fit.coef, fit.v);
  post_sample(session, iv.d);
  post_common(session, in);
  auto& e = session.e;
  e.set_scalar("df_m", b.k - 1);
  e.set_scalar("df_rz", df_rz);
  e.set_scalar("rmse", std::sqrt(fit.rss / df_rz));
  e.set_scalar("rss", fit.rss);
  e.set_scalar("mss", tss - fit.rss);
  e.set_scalar("r2_b", r2_b);
  e.set_scalar("r2_w", r2.within);
  e.set_scalar("r2_o", r2.overall);
  e.set_scalar("rs_a",
               missing::is_missing(r2_b) ? r2_b : 1 - (fit.rss / df_rz) / (tss / (n_g - 1)));
  if (in.small && !in.cluster) {
    // `_regress`'s model F of the between 2SLS.
    e.set_scalar("df_r", df_rz);
    e.set_scalar("F", w.rank > 0 ? w.statistic / w.rank : missing::kSysmiss);
  } else {
    e.set_scalar("chi2", w.statistic);
    e.set_scalar("chi2_p", display::chi2tail(session, w.rank, w.statistic));
    e.set_macro("chi2type", "Wald");
  }
  e.set_macro("model", "be");
}

void fit_re(Session& session, Input& in, bool ec2sls, bool nosa) {
  const IvDesign& iv = in.iv;
  const kernel::IvData& d = iv.data;
  const Panel& panel = in.panel;
  const Eigen::Index k1 = d.x1.cols(), k2 = d.x2.cols() - 1, l1 = d.z1.cols();
  const Eigen::Index rows = iv.d.n();
  const double n = static_cast<double>(rows);
  const double n_g = panel.codes.n_groups;
  const std::vector<int32_t>& code = panel.codes.code;

  // --- Within 2SLS (z − z̄_i + z̿), regressors and instruments that vary within
  // panels only: σ_e² from its residual sum of squares.
  // The fit uses the plain deviations without a constant (the same RSS as with the
  // grand mean added back and a constant, and better conditioned).
  const Eigen::MatrixXd raw = stacked(d);
  Eigen::MatrixXd dev = raw;
  kernel::demean_within(dev, code, panel.codes.n_groups, Eigen::VectorXd(),
                        kernel::WithinOptions{});
  auto varies = [&](Eigen::Index c) {
    const double ref = (raw.col(c).array() - raw.col(c).mean()).square().sum();
    return dev.col(c).squaredNorm() > 1e-9 * ref;
  };
  std::vector<Eigen::Index> wx, wz;
  for (Eigen::Index c = 1; c <= k1 + k2; ++c)
    if (varies(c)) wx.push_back(c);
  for (Eigen::Index c = 1 + k1; c <= k1 + k2 + l1; ++c)
    if (varies(c)) wz.push_back(c);
  const double k_w = static_cast<double>(wx.size());
  const kernel::IvFit within =
      tsls(dev.col(0), select_columns(dev, wx), select_columns(dev, wz), 0, Codes{});
  const double rss_w = within.rss;
  double sig_e2 = 0;
  if (nosa) {
    sig_e2 = rss_w / (n - n_g);
  } else if (panel.balanced) {
    sig_e2 = rss_w / (n - n_g - k_w);
  } else {
    // xtivreg's divisor for unbalanced panels: N − N_g − (K_exog + 2) + 1, with
    // K_exog the included exogenous regressors (the endogenous ones are not counted).
    sig_e2 = rss_w / (n - n_g - static_cast<double>(iv.n_exog) - 1);
  }
  if (!(sig_e2 > 0) || !std::isfinite(sig_e2)) throw XtdoError(2001, "insufficient observations");

  // --- Between 2SLS on the panel means: σ_u².
  const Between b = between_fit(in, Codes{});
  double ubpub = 0;  // Σ_i T_i û_i²: the between residuals summed over observations
  for (Eigen::Index g = 0; g < b.fit.resid.size(); ++g)
    ubpub +=
        static_cast<double>(panel.size[static_cast<size_t>(g)]) * b.fit.resid(g) * b.fit.resid(g);
  double sig_u2 = 0;
  if (nosa) {
    sig_u2 = (ubpub - n_g * sig_e2) / n;
  } else if (panel.balanced) {
    sig_u2 = b.fit.rss / (n_g - b.k) - sig_e2 / panel.g_avg;
  } else {
    // Swamy–Arora for unbalanced panels: (Σ T_i û_i² − (N_g − K)σ_e²)/(N − tr),
    // tr = trace[(Σ T_i x̄_i x̄_i')⁻¹ Σ T_i² x̄_i x̄_i'] over the regressors' means and 1.
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(b.x.cols(), b.x.cols()), c = a;
    for (Eigen::Index g = 0; g < b.x.rows(); ++g) {
      const double t = static_cast<double>(panel.size[static_cast<size_t>(g)]);
      const Eigen::VectorXd xg = b.x.row(g).transpose();
      a += t * xg * xg.transpose();
      c += t * t * xg * xg.transpose();
    }
    const double tr = a.ldlt().solve(c).trace();
    sig_u2 = (ubpub - (n_g - b.k) * sig_e2) / (n - tr);
  }
  if (!(sig_u2 > 0)) sig_u2 = 0;  // a negative (or undefined) estimate is set to zero

  // --- GLS: z − θ_i z̄_i with θ_i = 1 − √(σ_e²/(T_i σ_u² + σ_e²)); the constant
  // becomes 1 − θ_i.
  std::vector<double> theta_g(static_cast<size_t>(n_g)), theta_obs(static_cast<size_t>(rows));
  for (size_t g = 0; g < theta_g.size(); ++g)
    theta_g[g] = 1 - std::sqrt(sig_e2 / (static_cast<double>(panel.size[g]) * sig_u2 + sig_e2));
  Eigen::MatrixXd gls(rows, raw.cols());
  Eigen::VectorXd cons(rows);
  for (Eigen::Index i = 0; i < rows; ++i) {
    const size_t g = static_cast<size_t>(code[static_cast<size_t>(i)]);
    theta_obs[static_cast<size_t>(i)] = theta_g[g];
    gls.row(i) = raw.row(i) - theta_g[g] * b.means.row(static_cast<Eigen::Index>(g));
    cons(i) = 1 - theta_g[g];
  }
  Eigen::MatrixXd x(rows, k1 + k2 + 1);
  x << gls.middleCols(1, k1 + k2), cons;
  Eigen::MatrixXd z;
  if (!ec2sls) {
    // G2SLS: the transformed exogenous regressors and instruments.
    z.resize(rows, k2 + l1 + 1);
    z << gls.middleCols(1 + k1, k2 + l1), cons;
  } else {
    // EC2SLS: the within-transformed (grand mean added back) and the panel means of
    // the excluded instruments and of the exogenous regressors, and 1 − θ_i.
    Eigen::MatrixXd dm = dev;  // z − z̄_i + z̿
    dm.rowwise() += raw.colwise().mean();
    Eigen::MatrixXd pm(rows, k2 + l1);
    for (Eigen::Index i = 0; i < rows; ++i)
      pm.row(i) = b.means.row(code[static_cast<size_t>(i)]).segment(1 + k1, k2 + l1);
    z.resize(rows, 2 * (k2 + l1) + 1);
    z << dm.middleCols(1 + k1 + k2, l1), pm.rightCols(l1), dm.middleCols(1 + k1, k2),
        pm.leftCols(k2), cons;
  }
  if (in.first) re_first_stages(session, in, gls, z, ec2sls);
  Codes clusters;
  if (in.cluster) clusters = in.clusters;  // vce(robust): the panel variable itself
  const kernel::IvFit fit = tsls(gls.col(0), x, z, 0, clusters);
  const double k = static_cast<double>(x.cols());

  std::vector<uint8_t> slopes(static_cast<size_t>(fit.coef.size()), 1);
  slopes.back() = 0;
  const kernel::WaldResult w = wald(fit.coef, fit.v, slopes);
  // e(df_r) of the transformed regression plus one: N − K + 1, or G with clusters.
  const double df_r = in.cluster ? in.clusters.n_groups : n - k + 1;
  const PanelR2 r2 = panel_r2(iv.d, level_xb(iv, fit.coef), panel);

  // --- Post
  session.e.clear();
  post_iv_coefficients(session, iv, fit.coef, fit.v);
  post_sample(session, iv.d);
  post_common(session, in);
  auto& e = session.e;
  e.set_scalar("df_m", k - 1);
  e.set_scalar("df_rz", df_r);
  if (in.small) {
    e.set_scalar("df_r", df_r);
    const double f = w.rank > 0 ? w.statistic / w.rank : missing::kSysmiss;
    e.set_scalar("F", f);
    e.set_scalar("m_p", missing::is_missing(f) ? f : display::Ftail(session, w.rank, df_r, f));
  } else {
    e.set_scalar("chi2", w.statistic);
    e.set_macro("chi2type", "Wald");
    e.set_scalar("m_p", display::chi2tail(session, w.rank, w.statistic));
  }
  e.set_scalar("r2_w", r2.within);
  e.set_scalar("r2_b", r2.between);
  e.set_scalar("r2_o", r2.overall);
  e.set_scalar("sigma_u", std::sqrt(sig_u2));
  e.set_scalar("sigma_e", std::sqrt(sig_e2));
  e.set_scalar("sigma", std::sqrt(sig_u2 + sig_e2));
  e.set_scalar("rho", sig_u2 / (sig_u2 + sig_e2));
  e.set_scalar("Tcon", panel.balanced ? 1 : 0);
  // θ over observations (summarize, detail of the per-observation θ_i).
  if (panel.balanced) {
    e.set_scalar("theta", theta_g.front());
  } else {
    e.set_scalar("thta_min", *std::min_element(theta_obs.begin(), theta_obs.end()));
    e.set_scalar("thta_5", summarize_percentile(theta_obs, 5));
    e.set_scalar("thta_50", summarize_percentile(theta_obs, 50));
    e.set_scalar("thta_95", summarize_percentile(theta_obs, 95));
    e.set_scalar("thta_max", *std::max_element(theta_obs.begin(), theta_obs.end()));
  }
  e.set_macro("model", ec2sls ? "ec2sls" : "g2sls");
}

}  // namespace xtdo::est::xtiv
