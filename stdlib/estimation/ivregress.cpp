// ivregress: Stata's linear instrumental-variables regression ([R] ivregress) —
// 2sls, liml and two-step gmm with vce(unadjusted|robust|cluster c), small, and
// the statistics `estat firststage|overid|endogenous` print (computed here, at
// estimation, from the same matrices, and kept in e()). Typing `ivregress` replays.
#include <fmt/format.h>

#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "iv_design.hpp"
#include "ivregress_estat.hpp"
#include "iv_first.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/iv.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

double es(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string em(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }

void display_ivregress(Session& session, double level) {
  Console& out = session.console;
  const std::string est = em(session, "estimator");
  const std::string title = est == "liml"  ? "Instrumental variables LIML regression"
                            : est == "gmm" ? "Instrumental variables GMM regression"
                                           : "Instrumental variables 2SLS regression";
  out.println();
  out.println(display::header_line(title, "Number of obs", display::count_text(es(session, "N"))));
  const bool small = !em(session, "small").empty();
  const double df_m = es(session, "df_m");
  if (small) {
    const double f = es(session, "F"), df_r = es(session, "df_r");
    out.println(display::header_line(
        "", fmt::format("F({}, {})", format_default(df_m), format_default(df_r)),
        display::stat_text(f)));
    out.println(display::header_line("", "Prob > F",
                                     display::prob_text(display::Ftail(session, df_m, df_r, f))));
  } else {
    const double chi2 = es(session, "chi2");
    out.println(display::header_line("", fmt::format("Wald chi2({})", format_default(df_m)),
                                     display::stat_text(chi2)));
    out.println(display::header_line("", "Prob > chi2",
                                     display::prob_text(display::chi2tail(session, df_m, chi2))));
  }
  std::string left;
  if (est == "gmm") {
    const std::string w = em(session, "wmatrix");
    left = "GMM weight matrix: " + (w == "unadjusted"            ? std::string("Unadjusted")
                                    : w.rfind("cluster", 0) == 0 ? "Cluster (" + w.substr(8) + ")"
                                                                 : std::string("Robust"));
  }
  out.println(display::header_line(left, "R-squared", display::prob_text(es(session, "r2"))));
  if (small)
    out.println(display::header_line("", "Adj R-squared", display::prob_text(es(session, "r2_a"))));
  out.println(display::header_line("", "Root MSE", display::rmse_text(es(session, "rmse"))));
  out.println();
  display::CoefTableOptions opt;
  opt.level = level;
  display::coef_table(session, opt);
  out.println("Endogenous: " + em(session, "instd"));
  out.println("Exogenous:  " + em(session, "exogr") + (em(session, "exogr").empty() ? "" : " ") +
              em(session, "exexog"));
}

}  // namespace

XTDO_COMMAND(ivregress, "ivregress", 4,
             "[anything] [if] [in] [aw pw] [, vce(string) Robust CLuster(string) SMall "
             "FIRST NOConstant WMATrix(string) Level(cilevel)]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  std::string text = util::trim(args.anything);
  if (text.empty()) {
    if (em(session, "cmd") != "ivregress") throw XtdoError(301, "last estimates not found");
    display_ivregress(session, level);
    return;
  }
  const auto words = grammar::split_words(text);
  const std::string estimator = util::lower(words[0]);
  if (estimator != "2sls" && estimator != "liml" && estimator != "gmm")
    throw XtdoError(198, fmt::format("invalid estimator {}: use 2sls, liml or gmm", words[0]));
  text = util::trim(text.substr(text.find(words[0]) + words[0].size()));
  const est::IvSyntax syntax = est::parse_iv_syntax(text, args.cmd ? args.cmd->args.pos : 0);
  if (util::trim(syntax.endog).empty())
    throw XtdoError(198, "ivregress requires (endogenous = instruments)");

  est::VceSpec vce = est::parse_vce(session, args, {"unadjusted", "robust", "cluster"});
  if (args.weight_type == "pweight" && vce.kind != est::VceSpec::Kind::kCluster)
    vce.kind = est::VceSpec::Kind::kRobust;
  // gmm: wmatrix(robust) is the default, and vce() defaults to the wmatrix type.
  std::string wmatrix = "robust", wclust;
  if (auto w = args.get("wmatrix")) {
    const auto ww = grammar::split_words(*w);
    const std::string kind = ww.empty() ? "" : util::lower(ww[0]);
    if (util::abbrev(kind, "unadjusted", 2)) {
      wmatrix = "unadjusted";
    } else if (util::abbrev(kind, "robust", 1)) {
      wmatrix = "robust";
    } else if (util::abbrev(kind, "cluster", 2) && ww.size() == 2) {
      wclust = resolve_name(session.data, ww[1], args.option_pos("wmatrix"));
      wmatrix = "cluster " + wclust;
    } else {
      throw XtdoError(198, "wmatrix() must be robust, cluster clustvar or unadjusted",
                      args.option_pos("wmatrix"));
    }
    if (estimator != "gmm") throw XtdoError(198, "option wmatrix() allowed only with gmm");
  }
  if (estimator == "gmm" && vce.kind == est::VceSpec::Kind::kDefault) {
    if (!wclust.empty()) {
      vce.kind = est::VceSpec::Kind::kCluster;
      vce.clustvar = wclust;
    } else {
      vce.kind = wmatrix == "unadjusted" ? est::VceSpec::Kind::kOls : est::VceSpec::Kind::kRobust;
    }
  }
  const bool small = args.has("small");

  // --- Sample and build
  est::IvDesignOptions dopt;
  dopt.constant = !args.has("noconstant");
  if (vce.kind == est::VceSpec::Kind::kCluster) dopt.markout.push_back(vce.clustvar);
  if (!wclust.empty()) dopt.markout.push_back(wclust);
  est::IvDesign iv = est::build_iv_design(session, args, syntax, dopt);
  const double n = static_cast<double>(iv.d.n());
  const double k = static_cast<double>(iv.data.x1.cols() + iv.data.x2.cols());
  const Eigen::Index k1 = iv.data.x1.cols(), l1 = iv.data.z1.cols();
  const double l = static_cast<double>(l1 + iv.data.x2.cols());
  if (n <= k) throw XtdoError(2001, "insufficient observations");

  auto meat_for = [&](const std::string& clustvar, bool robust, std::vector<est::Codes>& keep) {
    kernel::IvMeat m;
    if (!clustvar.empty()) {
      keep.push_back(est::codes_of(session.data, clustvar, iv.d.rows));
      if (keep.back().n_groups < 2) throw XtdoError(198, "at least two clusters are required");
      m.kind = kernel::IvMeat::Kind::kCluster;
      m.cluster.push_back(keep.back().code);
      m.n_clusters.push_back(keep.back().n_groups);
    } else if (robust) {
      m.kind = kernel::IvMeat::Kind::kRobust;
    }
    return m;
  };
  std::vector<est::Codes> codes;
  codes.reserve(2);
  const kernel::IvMeat meat = meat_for(vce.kind == est::VceSpec::Kind::kCluster ? vce.clustvar : "",
                                       vce.kind == est::VceSpec::Kind::kRobust, codes);
  const double n_clust =
      meat.kind == kernel::IvMeat::Kind::kCluster ? kernel::iv_min_clusters(meat) : 0;

  // --- Estimate
  kernel::IvOptions ko;
  ko.small = small;
  Eigen::VectorXd b;
  Eigen::MatrixXd v;
  double rss = 0, kappa = 1, j_stat = missing::kSysmiss, overid_df_gmm = 0;
  kernel::IvMeat wmeat;  // gmm: the weight matrix's meat
  if (estimator == "gmm") {
    // Two-step GMM ([R] ivregress, Methods and formulas): W = Ŝ⁻¹ with Ŝ from the
    // 2SLS residuals (wmatrix), then the sandwich VCE with Ŝ₂ from the GMM
    // residuals (vce robust/cluster) or (X'Z Ŝ₂⁻¹ Z'X)⁻¹ with Ŝ₂ = σ̂²Z'Z (unadjusted).
    wmeat = meat_for(wclust, wmatrix == "robust", codes);
    const kernel::IvFit first = kernel::iv_fit(iv.data, ko);
    Eigen::MatrixXd z(iv.d.n(), l1 + iv.data.x2.cols()), x(iv.d.n(), k1 + iv.data.x2.cols());
    z << iv.data.z1, iv.data.x2;
    x << iv.data.x1, iv.data.x2;
    auto s_of = [&](const Eigen::VectorXd& u, const kernel::IvMeat& m) -> Eigen::MatrixXd {
      if (m.kind == kernel::IvMeat::Kind::kIid) return u.squaredNorm() / n * (z.transpose() * z);
      return kernel::iv_meat(z.array().colwise() * u.array(), m);
    };
    const Eigen::MatrixXd s1 = s_of(first.resid, wmeat);
    const Eigen::MatrixXd zx = z.transpose() * x;
    const Eigen::LDLT<Eigen::MatrixXd> s1f(s1);
    const Eigen::MatrixXd a = zx.transpose() * s1f.solve(zx);
    const Eigen::LDLT<Eigen::MatrixXd> af(a);
    b = af.solve(zx.transpose() * s1f.solve(z.transpose() * iv.data.y));
    const Eigen::VectorXd u = iv.data.y - x * b;
    rss = u.squaredNorm();
    const Eigen::MatrixXd a_inv = af.solve(Eigen::MatrixXd::Identity(a.rows(), a.cols()));
    const Eigen::MatrixXd s2 = s_of(u, meat);
    const Eigen::MatrixXd mid = zx.transpose() * s1f.solve(s2);
    v = a_inv * (mid * s1f.solve(zx)) * a_inv;
    const Eigen::VectorXd g = z.transpose() * u;
    // Hansen's J at the estimate with the weight matrix the estimate used.
    j_stat = g.dot(s1f.solve(g));
    overid_df_gmm = static_cast<double>(z.cols() - x.cols());
  } else {
    ko.estimator = estimator == "liml" ? kernel::IvEstimator::kLiml : kernel::IvEstimator::kTsls;
    ko.meat = meat;
    const kernel::IvFit fit = kernel::iv_fit(iv.data, ko);
    if (!fit.ok)
      throw XtdoError(506, "estimates nonsingular: the cross-product matrix is singular");
    b = fit.coef;
    v = fit.v;
    rss = fit.rss;
    kappa = fit.k;
  }
  // ivregress's asymptotic VCEs carry no small-sample factor, clusters included;
  // small multiplies by N/(N − K), or (N − 1)/(N − K)·M/(M − 1) with clusters (the
  // k-class fit applied these already).
  if (small && estimator == "gmm") {
    v *= meat.kind == kernel::IvMeat::Kind::kCluster ? (n - 1) / (n - k) * n_clust / (n_clust - 1)
                                                     : n / (n - k);
  }

  // --- Fit statistics
  const Eigen::VectorXd& yw = iv.data.y;
  double tss = yw.squaredNorm();
  if (iv.constant) {
    const Eigen::VectorXd one = iv.data.x2.rightCols(1);
    tss = (yw - yw.dot(one) / one.squaredNorm() * one).squaredNorm();
  }
  const double r2 = 1 - rss / tss;
  const double df_r = meat.kind == kernel::IvMeat::Kind::kCluster ? n_clust - 1 : n - k;
  const Eigen::Index ks = b.size() - (iv.constant ? 1 : 0);
  double wald = 0;
  if (ks > 0)
    wald = b.head(ks).dot(Eigen::LDLT<Eigen::MatrixXd>(v.topLeftCorner(ks, ks)).solve(b.head(ks)));

  // Diagnostics for estat firststage / overid / endogenous (i.i.d. forms unless noted).
  const kernel::IvMeat iid;
  const kernel::IvFirstStage fs = kernel::iv_first_stage(iv.data, meat);
  const kernel::IvIdentification id = kernel::iv_identification(iv.data, iid);
  kernel::IvOptions tsls;
  const kernel::IvFit f2 = kernel::iv_fit(iv.data, tsls);

  // --- Post
  session.e.clear();
  est::post_iv_coefficients(session, iv, b, v);
  est::post_sample(session, iv.d);
  auto& e = session.e;
  e.set_scalar("N", n);
  e.set_scalar("df_m", static_cast<double>(ks));
  e.set_scalar("rss", rss);
  e.set_scalar("mss", tss - rss);
  e.set_scalar("r2", r2);
  e.set_scalar("r2_a", 1 - (1 - r2) * (n - (iv.constant ? 1 : 0)) / (n - k));
  e.set_scalar("rmse", std::sqrt(rss / (small ? n - k : n)));
  e.set_scalar("rank", k);
  if (small) {
    e.set_scalar("df_r", df_r);
    e.set_scalar("F", ks > 0 ? wald / static_cast<double>(ks) : missing::kSysmiss);
  } else {
    e.set_scalar("chi2", wald);
    e.set_macro("chi2type", "Wald");
  }
  if (estimator == "liml") e.set_scalar("kappa", kappa);
  if (estimator == "2sls") e.set_scalar("kappa", 1.0);
  if (estimator == "gmm") {
    e.set_scalar("J", j_stat);
    e.set_scalar("overid_df", overid_df_gmm);
    e.set_macro("wmatrix", wmatrix);
  }
  if (meat.kind == kernel::IvMeat::Kind::kCluster) {
    e.set_scalar("N_clust", n_clust);
    e.set_macro("clustvar", vce.clustvar);
    e.set_macro("vce", "cluster");
    e.set_macro("vcetype", "Robust");
  } else if (meat.kind == kernel::IvMeat::Kind::kRobust) {
    e.set_macro("vce", "robust");
    e.set_macro("vcetype", "Robust");
  } else {
    e.set_macro("vce", "unadjusted");
  }
  // estat firststage: e(firststage) rows r2 adj_r2 partial_r2 F df1 df2 p; e(mineig).
  Matrix m(7, static_cast<int>(k1));
  m.rownames = {"r2", "adjr2", "pr2", "F", "df1", "df2", "p"};
  m.colnames = iv.endog_names;
  for (Eigen::Index j = 0; j < k1; ++j) {
    const Eigen::VectorXd xj = iv.data.x1.col(j);
    Eigen::MatrixXd zf(iv.d.n(), l1 + iv.data.x2.cols());
    zf << iv.data.z1, iv.data.x2;
    const Eigen::VectorXd fitted = zf * zf.colPivHouseholderQr().solve(xj);
    double tj = xj.squaredNorm();
    if (iv.constant) {
      const Eigen::VectorXd one = iv.data.x2.rightCols(1);
      tj = (xj - xj.dot(one) / one.squaredNorm() * one).squaredNorm();
    }
    const double r2j = 1 - (xj - fitted).squaredNorm() / tj;
    const int c = static_cast<int>(j);
    m.at(0, c) = r2j;
    m.at(1, c) = 1 - (1 - r2j) * (n - (iv.constant ? 1 : 0)) / (n - l);
    m.at(2, c) = fs.partial_r2(j);
    m.at(3, c) = fs.f(j);
    m.at(4, c) = static_cast<double>(l1);
    m.at(5, c) = fs.f_p_df_r(j);
    m.at(6, c) = display::Ftail(session, static_cast<double>(l1), fs.f_p_df_r(j), fs.f(j));
  }
  e.set_matrix("firststage", std::move(m));
  e.set_scalar("mineig", id.cragg_donald_f);
  // estat overid (2SLS/LIML residuals): Sargan N·R² of û on Z; Basmann
  // (N − L)·û'P_Zû/û'M_Zû. estat endogenous: Durbin = C statistic with the σ² of
  // the model treating the endogenous regressors as exogenous; Wu-Hausman F from
  // the same pieces.
  if (l1 > k1 && estimator != "gmm") {
    const kernel::IvOverid sg = kernel::iv_overid(
        iv.data,
        estimator == "2sls" ? f2.resid
                            : iv.data.y -
                                  [&] {
                                    Eigen::MatrixXd x(iv.d.n(), k1 + iv.data.x2.cols());
                                    x << iv.data.x1, iv.data.x2;
                                    return Eigen::VectorXd(x * b);
                                  }(),
        iid);
    e.set_scalar("sargan", sg.stat);
    e.set_scalar("basmann", sg.stat * (n - l) / (n - sg.stat));
    e.set_scalar("overid_df", sg.df);
  }
  std::vector<int> all(static_cast<size_t>(k1));
  for (Eigen::Index j = 0; j < k1; ++j) all[static_cast<size_t>(j)] = static_cast<int>(j);
  const kernel::IvOverid durbin = kernel::iv_endog_test(iv.data, all, iid);
  e.set_scalar("durbin", durbin.stat);
  e.set_scalar("durbin_df", durbin.df);
  // Wu-Hausman: F = [(D/N)·(N − K − K1)/K1] / (1 − D/N) (Durbin's statistic rescaled).
  e.set_scalar("wuhausman", durbin.stat / static_cast<double>(k1) *
                                (n - k - static_cast<double>(k1)) / (n - durbin.stat));
  est::post_iv_estat_statistics(session, iv.data, Eigen::VectorXd(iv.sqrt_w.array().square()), meat,
                                wmeat, n_clust, estimator, f2.resid, kappa);
  e.set_macro("cmd", "ivregress");
  e.set_macro("cmdline", "ivregress " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("estimator", estimator);
  e.set_macro("instd", util::join(iv.endog_names, " "));
  e.set_macro("exogr", util::join(iv.exog_names, " "));
  e.set_macro("exexog", util::join(iv.inst_names, " "));
  std::vector<std::string> insts = iv.exog_names;
  insts.insert(insts.end(), iv.inst_names.begin(), iv.inst_names.end());
  e.set_macro("insts", util::join(insts, " "));
  if (small) e.set_macro("small", "small");
  e.set_macro("title", estimator == "liml"  ? "Instrumental variables LIML regression"
                       : estimator == "gmm" ? "Instrumental variables GMM regression"
                                            : "Instrumental variables 2SLS regression");
  e.set_macro("properties", "b V");
  e.set_macro("predict", "ivreg_p");
  e.set_macro("estat_cmd", "ivregress_estat");

  // --- Display
  // first: the first-stage regressions precede the table (not replayed, as Stata).
  if (args.has("first")) est::ivregress_first_stages(session, iv, meat, vce.clustvar, level);
  display_ivregress(session, level);
}

}  // namespace xtdo
