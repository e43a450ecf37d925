// estat firststage / overid / endogenous after ivregress (see ivregress_estat.hpp).
#include "ivregress_estat.hpp"

#include <fmt/format.h>

#include <cmath>

#include "../display/distributions.hpp"
#include "design.hpp"
#include "stock_yogo.hpp"
#include "xtdo/stdlib/util.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo::est {

namespace {

double es(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string em(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
std::string at_pad(std::string s, size_t w) {
  if (s.size() < w) s += std::string(w - s.size(), ' ');
  return s;
}
std::string stat_p(double stat, double p) {
  return fmt::format("{}  (p = {})", util::trim(format_number(stat, "%9.4f")),
                     format_number(p, "%6.4f"));
}

Eigen::MatrixXd hcat(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd out(a.rows(), a.cols() + b.cols());
  out << a, b;
  return out;
}

// Residuals of the columns of `a` on the columns of `x` (least squares).
Eigen::MatrixXd resid_on(const Eigen::MatrixXd& x, const Eigen::MatrixXd& a) {
  if (x.cols() == 0) return a;
  return a - x * x.colPivHouseholderQr().solve(a);
}

// Wooldridge's (1995) score statistic N − RSS from the regression of 1 on the
// products a_i = u_i r_i (no constant). With the √w-weighted u and r of the design
// (weights normalised to sum to N, as Stata's _regress does for aweights) this is
// g'Ω⁻¹g with g = Σ w_i a_i and Ω = Σ w_i a_i a_i'; unweighted w_i = 1.
double score_statistic(const Eigen::VectorXd& u, const Eigen::MatrixXd& r,
                       const Eigen::VectorXd& weights) {
  const Eigen::MatrixXd a = r.array().colwise() * u.array();  // rows √w·√w·u r = w·u·r
  const Eigen::VectorXd g = a.colwise().sum().transpose();
  Eigen::MatrixXd omega;
  if (weights.size()) {
    const Eigen::VectorXd inv_w = weights.cwiseInverse();
    omega = a.transpose() * (a.array().colwise() * inv_w.array()).matrix();
  } else {
    omega = a.transpose() * a;
  }
  return g.dot(omega.ldlt().solve(g));
}

}  // namespace

void post_iv_estat_statistics(Session& session, const kernel::IvData& data,
                              const Eigen::VectorXd& weights, const kernel::IvMeat& meat,
                              const kernel::IvMeat& wmeat, double n_clust,
                              const std::string& estimator, const Eigen::VectorXd& resid,
                              double kappa) {
  auto& e = session.e;
  const Eigen::Index n_rows = data.y.size();
  const double n = static_cast<double>(n_rows);
  const Eigen::Index k1 = data.x1.cols(), l1 = data.z1.cols();
  const Eigen::MatrixXd x = hcat(data.x1, data.x2), z = hcat(data.z1, data.x2);
  const double k = static_cast<double>(x.cols()), l = static_cast<double>(z.cols());
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> zqr(z);
  const Eigen::MatrixXd x1hat = z * zqr.solve(data.x1);  // P_Z X1
  const bool robust = meat.kind != kernel::IvMeat::Kind::kIid;

  if (estimator == "liml" && l1 > k1) {
    // Anderson-Rubin N(κ − 1) ~ χ²(L1 − K1); Basmann F = (κ − 1)(N − L)/(L1 − K1).
    e.set_scalar("ar", n * (kappa - 1));
    e.set_scalar("basmann_f", (kappa - 1) * (n - l) / static_cast<double>(l1 - k1));
  }
  if (estimator == "2sls" && robust && k1 > 0) {
    // Robust score test of endogeneity: u the OLS residuals of y on X (X1 treated
    // as exogenous), r_j the residuals of x̂1_j = P_Z x1_j on X.
    Eigen::MatrixXd yx(n_rows, 1 + k1);
    yx << data.y, x1hat;
    const Eigen::MatrixXd res = resid_on(x, yx);  // [u, r]
    e.set_scalar("r_score",
                 score_statistic(res.col(0), Eigen::MatrixXd(res.rightCols(k1)), weights));
    // Robust regression-based F: y on [X, V̂], V̂ = M_Z X1 the first-stage residuals,
    // with the model's robust/cluster VCE and regress's small-sample factor; F test
    // of the K1 coefficients of V̂.
    const Eigen::MatrixXd rx = hcat(x, data.x1 - x1hat);
    const Eigen::Index p = rx.cols();
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> rqr(rx);
    const Eigen::VectorXd c = rqr.solve(data.y);
    const Eigen::VectorXd ue = data.y - rx * c;
    const Eigen::MatrixXd xtx_inv =
        (rx.transpose() * rx).ldlt().solve(Eigen::MatrixXd::Identity(p, p));
    const Eigen::MatrixXd meat_m = kernel::iv_meat(rx.array().colwise() * ue.array(), meat);
    const double pk = static_cast<double>(p);
    const bool cluster = meat.kind == kernel::IvMeat::Kind::kCluster;
    const double factor = cluster ? (n - 1) / (n - pk) * n_clust / (n_clust - 1) : n / (n - pk);
    const Eigen::MatrixXd v = factor * xtx_inv * meat_m * xtx_inv;
    const Eigen::VectorXd cv = c.tail(k1);
    const Eigen::MatrixXd vv = v.bottomRightCorner(k1, k1);
    e.set_scalar("regF", cv.dot(vv.ldlt().solve(cv)) / static_cast<double>(k1));
    e.set_scalar("regF_df_r", cluster ? n_clust - 1 : n - pk);
    // Robust score test of the overidentifying restrictions (not with clusters):
    // u the model's residuals, r_j the residuals of the first L1 − K1 excluded
    // instruments on X̂ = [P_Z X1, X2] (which ones is immaterial).
    if (l1 > k1 && !cluster) {
      const Eigen::MatrixXd xhat = hcat(x1hat, data.x2);
      const Eigen::MatrixXd ro = resid_on(xhat, data.z1.leftCols(l1 - k1));
      e.set_scalar("score", score_statistic(resid, ro, weights));
    }
  }
  const bool gmm = estimator == "gmm";
  if (gmm && k1 > 0) {
    // GMM C statistic: J of the efficient model (the tested regressors exogenous,
    // two-step GMM with the wmatrix() meat from its 2SLS residuals) minus J of the
    // model with the tested instruments' rows/columns of that Ŝ dropped.
    std::vector<int> all(static_cast<size_t>(k1));
    for (Eigen::Index j = 0; j < k1; ++j) all[static_cast<size_t>(j)] = static_cast<int>(j);
    e.set_scalar("C", kernel::iv_endog_test(data, all, wmeat).stat);
  }
  if ((estimator == "2sls" || gmm) && k1 >= 2 && k1 <= 4) {
    // Durbin and Wu-Hausman (2SLS) or C (gmm) for every nonempty subset of X1
    // (estat endogenous varlist).
    const kernel::IvMeat iid;
    const int rows = (1 << k1) - 1;
    Matrix m(rows, gmm ? 1 : 2);
    m.colnames = gmm ? std::vector<std::string>{"C"} : std::vector<std::string>{"durbin", "wu"};
    for (int mask = 1; mask <= rows; ++mask) {
      std::vector<int> subset;
      for (int j = 0; j < k1; ++j)
        if (mask & (1 << j)) subset.push_back(j);
      const kernel::IvOverid d = kernel::iv_endog_test(data, subset, gmm ? wmeat : iid);
      const double df = static_cast<double>(subset.size());
      m.rownames.push_back(fmt::format("s{}", mask));
      m.at(mask - 1, 0) = d.stat;
      if (!gmm) m.at(mask - 1, 1) = d.stat / df * (n - k - df) / (n - d.stat);
    }
    e.set_matrix("endog_subsets", std::move(m));
  }
}

void estat_firststage(Session& session, const CallArgs&) {
  auto it = session.e.matrices.find("firststage");
  if (it == session.e.matrices.end()) throw XtdoError(321, "first-stage statistics not found");
  const Matrix& m = it->second;
  Console& out = session.console;
  const std::string rule(76, '-');
  out.println();
  out.println("  First-stage regression summary statistics");
  out.println("  " + rule);
  out.println("               |            Adjusted      Partial");
  const std::string fh =
      fmt::format("F({},{})", format_default(m.at(4, 0)), format_default(m.at(5, 0)));
  out.println(
      fmt::format("      Variable |   R-sq.       R-sq.        R-sq.    {:>9}   Prob > F", fh));
  out.println("  -------------+" + std::string(60, '-'));
  Matrix r(m.cols, 7);
  r.rownames = m.colnames;
  r.colnames = {"rsq", "adjrsq", "partrsq", "F", "df1", "df2", "pvalue"};
  for (int j = 0; j < m.cols; ++j) {
    out.println(fmt::format("  {:>12} |  {}      {}       {}    {}    {}",
                            abbrev(m.colnames[j], 12), format_number(m.at(0, j), "%6.4f"),
                            format_number(m.at(1, j), "%6.4f"), format_number(m.at(2, j), "%6.4f"),
                            format_number(m.at(3, j), "%9.4f"),
                            format_number(m.at(6, j), "%6.4f")));
    for (int c = 0; c < 7; ++c) r.at(j, c) = m.at(c, j);
  }
  out.println("  " + rule);
  const double mineig = es(session, "mineig");
  const int k1 = m.cols, l1 = static_cast<int>(m.at(4, 0));
  out.println();
  out.println();
  out.println("  Minimum eigenvalue statistic = " + util::trim(format_number(mineig, "%9.4f")));
  out.println();
  out.println(
      fmt::format("  Critical Values                      # of endogenous regressors: {:>4}", k1));
  out.println(
      fmt::format("  H0: Instruments are weak             # of excluded instruments:  {:>4}", l1));
  const std::string rule2(69, '-');
  out.println("  " + rule2);
  auto cv = [&](SyTable t) {
    const double v = stock_yogo(t, l1, k1);
    if (t == SyTable::k_ivbias5 || t == SyTable::k_ivsize10 || t == SyTable::k_limlsize10)
      return std::isnan(v) ? std::string("      .") : format_number(v, "%7.2f");
    return std::isnan(v) ? std::string("       .") : format_number(v, "%8.2f");
  };
  out.println("                                     |    5%     10%     20%     30%");
  out.println("  2SLS relative bias                 |" + cv(SyTable::k_ivbias5) +
              cv(SyTable::k_ivbias10) + cv(SyTable::k_ivbias20) + cv(SyTable::k_ivbias30));
  out.println("  -----------------------------------+" + std::string(33, '-'));
  out.println("                                     |   10%     15%     20%     25%");
  out.println("  2SLS size of nominal 5% Wald test  |" + cv(SyTable::k_ivsize10) +
              cv(SyTable::k_ivsize15) + cv(SyTable::k_ivsize20) + cv(SyTable::k_ivsize25));
  out.println("  LIML size of nominal 5% Wald test  |" + cv(SyTable::k_limlsize10) +
              cv(SyTable::k_limlsize15) + cv(SyTable::k_limlsize20) + cv(SyTable::k_limlsize25));
  out.println("  " + rule2);
  session.r.clear();
  session.r.set_scalar("mineig", mineig);
  session.r.set_matrix("singleresults", std::move(r));
}

namespace {

// aweights/pweights need forceweights (Stata: r(498)).
void check_weights(const Session& session, const CallArgs& args) {
  const std::string w = em(session, "wtype");
  if (!w.empty() && w != "fweight" && !args.has("forceweights"))
    throw XtdoError(498, fmt::format("not available after estimation with {}s; use forceweights "
                                     "to override",
                                     w));
}

// "  label   = stat  (p = p)" with '=' in column col + 1 (estat endogenous puts two
// blanks after it).
std::string stat_line(const std::string& label, size_t col, double stat, double p) {
  return at_pad("  " + label, col) + (col > 30 ? "=  " : "= ") + stat_p(stat, p);
}

}  // namespace

void estat_overid(Session& session, const CallArgs& args) {
  Console& out = session.console;
  const std::string est = em(session, "estimator");
  check_weights(session, args);
  const bool force = args.has("forcenonrobust");
  const bool robust = !em(session, "vcetype").empty();
  const bool cluster = em(session, "vce") == "cluster";
  if (!session.e.scalars.count("overid_df") || !(es(session, "overid_df") > 0))
    throw XtdoError(498, "no overidentifying restrictions");
  const double df = es(session, "overid_df");
  session.r.clear();
  if (est == "gmm") {
    if (force) throw XtdoError(198, "forcenonrobust not allowed after GMM estimation");
    const double j = es(session, "J");
    const double p = display::chi2tail(session, df, j);
    out.println();
    out.println("  Test of overidentifying restriction:");
    out.println();
    out.println(fmt::format("  Hansen's J chi2({}) = {}", format_default(df), stat_p(j, p)));
    session.r.set_scalar("HansenJ", j);
    session.r.set_scalar("p_HansenJ", p);
    session.r.set_scalar("J_df", df);
    return;
  }
  if (est == "liml") {
    if (robust && !force)
      throw XtdoError(498,
                      "tests not available after LIML estimation with robust VCE; use "
                      "forcenonrobust to override");
    const double ar = es(session, "ar"), bf = es(session, "basmann_f");
    const double dfd = es(session, "N") - (es(session, "rank") + df);  // N − L
    const double par = display::chi2tail(session, df, ar);
    const double pbf = display::Ftail(session, df, dfd, bf);
    out.println();
    out.println("  Tests of overidentifying restrictions:");
    out.println();
    out.println(stat_line(fmt::format("Anderson-Rubin chi2({})", format_default(df)), 27, ar, par));
    out.println(stat_line(fmt::format("Basmann F({}, {})", format_default(df), format_default(dfd)),
                          27, bf, pbf));
    session.r.set_scalar("ar", ar);
    session.r.set_scalar("p_ar", par);
    session.r.set_scalar("ar_df", df);
    session.r.set_scalar("basmann", bf);
    session.r.set_scalar("p_basmann", pbf);
    session.r.set_scalar("basmann_df_n", df);
    session.r.set_scalar("basmann_df_d", dfd);
    return;
  }
  // 2SLS: Sargan and Basmann (unadjusted VCE or forcenonrobust), Wooldridge's
  // robust score test after vce(robust); none with clusters.
  const bool nonrobust = !robust || force;
  if (cluster && !force)
    throw XtdoError(498,
                    "robust tests of overidentifying restrictions after 2SLS estimation not "
                    "available with cluster-robust standard errors");
  out.println();
  out.println(nonrobust ? "  Tests of overidentifying restrictions:"
                        : "  Test of overidentifying restrictions:");
  out.println();
  if (nonrobust) {
    const double s = es(session, "sargan"), b = es(session, "basmann");
    const double ps = display::chi2tail(session, df, s), pb = display::chi2tail(session, df, b);
    out.println(stat_line(
        fmt::format("Sargan {}chi2({})", force ? "" : "(score) ", format_default(df)), 25, s, ps));
    out.println(stat_line(fmt::format("Basmann chi2({})", format_default(df)), 25, b, pb));
    session.r.set_scalar("sargan", s);
    session.r.set_scalar("p_sargan", ps);
    session.r.set_scalar("basmann", b);
    session.r.set_scalar("p_basmann", pb);
  }
  if (cluster) {
    out.println();
    out.println("  robust tests of overidentifying restrictions after 2SLS");
    out.println("  estimation not available with cluster-robust standard errors");
  } else {
    // Unadjusted VCE: the score test is Sargan's statistic.
    const double sc = robust ? es(session, "score") : es(session, "sargan");
    const double psc = display::chi2tail(session, df, sc);
    if (robust)
      out.println(stat_line(fmt::format("Score chi2({})", format_default(df)), 25, sc, psc));
    session.r.set_scalar("score", sc);
    session.r.set_scalar("p_score", psc);
  }
  session.r.set_scalar("df", df);
}

void estat_endogenous(Session& session, const CallArgs& args) {
  const std::string est = em(session, "estimator");
  check_weights(session, args);
  if (est == "liml") throw XtdoError(321, "not available after LIML estimator");
  const bool force = args.has("forcenonrobust");
  const std::string vce = em(session, "vce");
  const bool robust = vce != "unadjusted";
  const auto endog = grammar::split_words(em(session, "instd"));
  const int k1 = static_cast<int>(endog.size());
  // The tested subset (default: all endogenous regressors) as a bit mask.
  int mask = (1 << k1) - 1;
  if (!util::trim(args.anything).empty()) {
    mask = 0;
    std::vector<std::string> leftover;
    for (const auto& ref :
         expand_varlist(session.data, args.anything, kVlNumeric | kVlTs | kVlFv, 0)) {
      const auto it = std::find(endog.begin(), endog.end(), ref.name);
      if (it == endog.end())
        leftover.push_back(ref.name);
      else
        mask |= 1 << static_cast<int>(it - endog.begin());
    }
    if (!leftover.empty())
      throw XtdoError(498, util::join(leftover, " ") + " not endogenous in original model");
  }
  const bool subset = mask != (1 << k1) - 1;
  double df = 0;
  for (int j = 0; j < k1; ++j)
    if (mask & (1 << j)) df += 1;
  Console& out = session.console;
  auto subset_stat = [&](int col) {
    auto it = session.e.matrices.find("endog_subsets");
    if (it == session.e.matrices.end())
      throw XtdoError(198,
                      "estat endogenous varlist is supported with 2 to 4 endogenous "
                      "regressors");
    return it->second.at(mask - 1, col);
  };
  if (est == "gmm") {
    // Stata's Endoggmm accepts no options.
    if (force) throw XtdoError(198, "forcenonrobust not allowed");
    const double c = subset ? subset_stat(0) : es(session, "C");
    const double pc = display::chi2tail(session, df, c);
    session.r.clear();
    out.println();
    out.println("  Test of endogeneity (orthogonality conditions)");
    out.println("  H0: Variables are exogenous");
    out.println();
    out.println(fmt::format("  GMM C statistic chi2({}) = {}", format_default(df), stat_p(c, pc)));
    session.r.set_scalar("df", df);
    session.r.set_scalar("C", c);
    session.r.set_scalar("p_C", pc);
    return;
  }
  if (robust && subset && !force)
    throw XtdoError(498,
                    "cannot test a subset of endogenous regressors if a robust, cluster, or HAC "
                    "VCE was used at estimation");
  const bool durbin_wu = !robust || force;
  const double n = es(session, "N"), k = es(session, "rank");
  session.r.clear();
  out.println();
  out.println("  Tests of endogeneity");
  out.println("  H0: Variables are exogenous");
  out.println();
  if (durbin_wu) {
    double d = es(session, "durbin"), wu = es(session, "wuhausman");
    if (subset) {
      d = subset_stat(0);
      wu = subset_stat(1);
    }
    const double wdf_r = n - k - df;
    const double pd = display::chi2tail(session, df, d),
                 pw = display::Ftail(session, df, wdf_r, wu);
    out.println(stat_line(fmt::format("Durbin (score) chi2({})", format_default(df)), 34, d, pd));
    out.println(stat_line(
        fmt::format("Wu-Hausman F({},{})", format_default(df), format_default(wdf_r)), 34, wu, pw));
    session.r.set_scalar("durbin", d);
    session.r.set_scalar("p_durbin", pd);
    session.r.set_scalar("wu", wu);
    session.r.set_scalar("p_wu", pw);
    session.r.set_scalar("wudf_r", wdf_r);
  }
  if (robust && !subset) {
    if (vce == "robust") {
      const double sc = es(session, "r_score");
      const double psc = display::chi2tail(session, df, sc);
      out.println(stat_line(fmt::format("Robust score chi2({})", format_default(df)), 34, sc, psc));
      session.r.set_scalar("r_score", sc);
      session.r.set_scalar("p_r_score", psc);
    }
    const double f = es(session, "regF"), fdf = es(session, "regF_df_r");
    const double pf = display::Ftail(session, df, fdf, f);
    out.println(stat_line(
        fmt::format("Robust regression F({},{})", format_default(df), format_default(fdf)), 34, f,
        pf));
    if (vce == "cluster")
      out.println(fmt::format("    (Adjusted for {} clusters in {})",
                              format_default(es(session, "N_clust")), em(session, "clustvar")));
    session.r.set_scalar("regF", f);
    session.r.set_scalar("p_regF", pf);
    session.r.set_scalar("regFdf_n", df);
    session.r.set_scalar("regFdf_d", fdf);
  }
  session.r.set_scalar("df", df);
}

}  // namespace xtdo::est
