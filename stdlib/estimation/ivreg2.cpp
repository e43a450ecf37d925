// ivreg2: instrumental-variables regression as Baum, Schaffer and Stillman's ivreg2
// prints and stores it — 2SLS, LIML, Fuller, k-class and two-step GMM with
// i.i.d., robust and one- or two-way cluster-robust statistics, the
// identification / weak-identification / overidentification block with the
// Stock-Yogo critical values, and the first-stage summary. Typing `ivreg2` replays.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "iv_design.hpp"
#include "iv_display.hpp"
#include "xt_fd.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/groups.hpp"
#include "xtdo/kernel/iv.hpp"
#include "xtdo/kernel/vce.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

// The options that choose the estimator and the meat of the sandwich.
struct Ivreg2Spec {
  kernel::IvOptions opt;
  std::vector<std::string> clustvars;
  bool robust = false;
  bool small = false;
  bool first = false, ffirst = false;
  bool dkraay = false;
  std::string model = "iv";  ///< e(model): iv, liml, fuller, kclass, gmm2s, ols
};

Ivreg2Spec bind_ivreg2(Session& session, const CallArgs& args) {
  Ivreg2Spec s;
  s.small = args.has("small");
  s.first = args.has("first");
  s.ffirst = args.has("ffirst") || s.first;
  s.robust = args.has("robust") || args.weight_type == "pweight";
  if (auto c = args.get("cluster")) {
    for (const auto& w : grammar::split_words(*c))
      s.clustvars.push_back(resolve_name(session.data, w, args.option_pos("cluster")));
    if (s.clustvars.empty() || s.clustvars.size() > 2)
      throw XtdoError(198, "cluster() takes one or two variables", args.option_pos("cluster"));
  }
  const int estimators = args.has("liml") + (args.get("fuller") ? 1 : 0) +
                         (args.get("kclass") ? 1 : 0) + args.has("gmm2s");
  if (estimators > 1 && !(estimators == 2 && args.has("liml") && args.get("fuller")))
    throw XtdoError(198, "incompatible options: choose one of liml, fuller(), kclass() and gmm2s");
  if (args.get("fuller")) {
    s.opt.estimator = kernel::IvEstimator::kFuller;
    s.opt.fuller = args.number("fuller");
    s.model = "fuller";
  } else if (args.has("liml")) {
    s.opt.estimator = kernel::IvEstimator::kLiml;
    s.model = "liml";
  } else if (args.get("kclass")) {
    s.opt.estimator = kernel::IvEstimator::kKclass;
    s.opt.kclass = args.number("kclass");
    s.model = "kclass";
  } else if (args.has("gmm2s")) {
    s.opt.estimator = kernel::IvEstimator::kGmm2s;
    s.model = "gmm2s";
  }
  // bw()/kernel(): HAC with robust; dkraay(): Driscoll-Kraay (clusters = periods).
  if (auto bw = args.get("bw"); bw && !util::trim(*bw).empty()) {
    s.opt.meat.bandwidth = std::strtod(util::trim(*bw).c_str(), nullptr);
    if (!(s.opt.meat.bandwidth > 0))
      throw XtdoError(198, "bw() must be a positive number (bw(auto) is not supported)",
                      args.option_pos("bw"));
    // bw() without robust or cluster: AC statistics (autocorrelation only).
    s.opt.meat.autocorrelation_only = !s.robust && s.clustvars.empty();
  }
  if (auto kern = args.get("kernel"); kern && !util::trim(*kern).empty()) {
    const std::string k = util::lower(util::trim(*kern));
    if (util::abbrev(k, "bartlett", 3)) {
      s.opt.meat.kernel = kernel::IvMeat::Kernel::kBartlett;
    } else if (util::abbrev(k, "parzen", 3)) {
      s.opt.meat.kernel = kernel::IvMeat::Kernel::kParzen;
    } else if (util::abbrev(k, "truncated", 3)) {
      s.opt.meat.kernel = kernel::IvMeat::Kernel::kTruncated;
    } else if (util::abbrev(k, "thanning", 3) || k == "tukey-hanning") {
      s.opt.meat.kernel = kernel::IvMeat::Kernel::kTukeyHanning;
    } else if (util::abbrev(k, "thamming", 3) || k == "tukey-hamming") {
      s.opt.meat.kernel = kernel::IvMeat::Kernel::kTukeyHamming;
    } else {
      throw XtdoError(
          198,
          fmt::format(
              "kernel({}) is not supported: use bartlett, parzen, truncated, thanning or thamming",
              k),
          args.option_pos("kernel"));
    }
    if (!(s.opt.meat.bandwidth > 0) && !args.get("dkraay"))
      throw XtdoError(198, "kernel() requires bw()");
  }
  if (auto dk = args.get("dkraay"); dk && !util::trim(*dk).empty()) {
    if (!s.clustvars.empty()) throw XtdoError(198, "dkraay() may not be combined with cluster()");
    const std::string tvar = session.data.ts.timevar;
    if (tvar.empty()) throw XtdoError(111, "time variable not set; use tsset or xtset");
    s.opt.meat.bandwidth = std::strtod(util::trim(*dk).c_str(), nullptr);
    if (!(s.opt.meat.bandwidth > 0)) throw XtdoError(198, "dkraay() must be a positive number");
    s.clustvars = {tvar};
    s.dkraay = true;
  }
  if (s.opt.meat.bandwidth > 0 && session.data.ts.timevar.empty())
    throw XtdoError(111, "time variable not set; use tsset or xtset");
  s.opt.small = s.small;
  s.opt.meat.dofminus = args.number("dofminus");
  s.opt.meat.sdofminus = args.number("sdofminus");
  if (s.opt.meat.dofminus < 0 || s.opt.meat.sdofminus < 0)
    throw XtdoError(198, "dofminus() and sdofminus() must be non-negative");
  return s;
}

// Wald test of every coefficient except the constant: (statistic, rank of V over
// them). A rank-deficient V (fewer clusters than coefficients) is handled as
// Stata's `test` does, dropping the dependent restrictions.
kernel::IvOverid slopes_wald(const Eigen::VectorXd& b, const Eigen::MatrixXd& v, bool constant) {
  kernel::IvOverid out;
  if (b.size() - (constant ? 1 : 0) == 0) return out;
  // Stata's invsym(): sweep the pivots in order, zeroing any row/column whose
  // pivot is not positive, so an indefinite V (a truncated-kernel HAC) or a
  // rank-deficient one (few clusters) gives the statistic `test` reports.
  const Eigen::Index k = b.size() - (constant ? 1 : 0);
  Eigen::MatrixXd a = v.topLeftCorner(k, k);
  for (Eigen::Index p = 0; p < k; ++p) {
    const double d = a(p, p);
    if (!(d > 1e-13 * std::fabs(v(p, p)))) {
      a.row(p).setZero();
      a.col(p).setZero();
      continue;
    }
    const Eigen::VectorXd col = a.col(p);
    for (Eigen::Index r = 0; r < k; ++r)
      for (Eigen::Index c = 0; c < k; ++c)
        if (r != p && c != p) a(r, c) -= col(r) * col(c) / d;
    for (Eigen::Index r = 0; r < k; ++r)
      if (r != p) a(r, p) = a(p, r) = col(r) / d;
    a(p, p) = -1 / d;
  }
  out.stat = -b.head(k).dot(a * b.head(k));
  out.df = static_cast<int>(b.size()) - (constant ? 1 : 0);  // ivreg2 divides by K − 1
  return out;
}

// The ivreg2 family: `ivreg2` (absorb() optional), `xtivreg2, fe` (absorbs the
// xtset panel variable and uses dofminus(N_g), as xtivreg2 does) and `xtivreg2, fd`.
void run_ivreg2(Session& session, CallArgs& args, const std::string& cmdname, bool xt) {
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (util::trim(args.anything).empty()) {
    auto it = session.e.macros.find("cmd");
    if (it == session.e.macros.end() || it->second != cmdname)
      throw XtdoError(301, "last estimates not found");
    est::display_ivreg2(session, level);
    return;
  }
  est::IvSyntax syntax = est::parse_iv_syntax(args.anything, args.cmd ? args.cmd->args.pos : 0);
  Ivreg2Spec spec = bind_ivreg2(session, args);
  std::vector<std::string> absorb_vars;
  // xtivreg2, fd: ivreg2 on the first differences of every variable, with a constant.
  const bool fd = xt && args.has("fd");
  if (xt) {
    if (args.has("fe") == fd) throw XtdoError(198, "error - must specify either fe or fd option");
    const std::string ivar = session.data.ts.panelvar;
    if (ivar.empty()) throw XtdoError(459, "panel variable not set; use xtset varname ...");
    if (fd) {
      if (session.data.ts.timevar.empty())
        throw XtdoError(111, "time variable not set; use xtset panelvar timevar");
      syntax = est::differenced_syntax(syntax);
    } else {
      absorb_vars.push_back(ivar);
    }
  } else if (auto a = args.get("absorb")) {
    for (const auto& w : grammar::split_words(*a))
      absorb_vars.push_back(resolve_name(session.data, w, args.option_pos("absorb")));
    if (absorb_vars.size() > 2)
      throw XtdoError(198, "absorb() with more than two factors is not supported");
  }
  if (!absorb_vars.empty() && !args.weight_type.empty())
    throw XtdoError(101, "weights are not supported with absorbed fixed effects");

  // --- Sample and build
  est::IvDesignOptions dopt;
  dopt.constant = !args.has("noconstant");
  dopt.markout = spec.clustvars;
  dopt.markout.insert(dopt.markout.end(), absorb_vars.begin(), absorb_vars.end());
  if (fd) dopt.markout.push_back(session.data.ts.panelvar);
  est::IvDesign iv = est::build_iv_design(session, args, syntax, dopt);
  std::vector<est::Codes> absorbed;
  double df_a = 0;
  if (!absorb_vars.empty()) {
    for (const auto& v : absorb_vars) absorbed.push_back(est::codes_of(session.data, v, iv.d.rows));
    df_a = est::absorb_iv(session, iv, absorbed);
    // xtivreg2 treats the panel means as lost even in large samples (dofminus);
    // absorb() partials the dummies out as partial() does (sdofminus), so its
    // statistics equal those of ivreg2 with the dummies partialled out.
    (xt ? spec.opt.meat.dofminus : spec.opt.meat.sdofminus) += df_a;
  }
  // partial(): FWL-partial the listed exogenous regressors (and the constant) out of
  // every variable; ivreg2 adds their number to sdofminus so the remaining
  // coefficients and standard errors are unchanged.
  std::vector<std::string> partialled;
  const bool had_constant = iv.constant;
  if (auto pa = args.get("partial"); pa && !util::trim(*pa).empty()) {
    std::vector<int> which;
    for (const auto& w : grammar::split_words(*pa)) {
      if (w == "_cons") continue;
      for (const auto& ref : expand_varlist(session.data, w, kVlNumeric | kVlTs | kVlFv,
                                            args.option_pos("partial"), iv.d.sample)) {
        const auto at = std::find(iv.exog_names.begin(), iv.exog_names.end(), ref.name);
        if (at != iv.exog_names.end()) {
          which.push_back(static_cast<int>(at - iv.exog_names.begin()));
          partialled.push_back(ref.name);
        } else if (!ref.is_base && !ref.is_omitted) {
          throw XtdoError(
              198, fmt::format("{} listed in partial() but not an included exogenous regressor",
                               ref.name));
        }
      }
    }
    if (!iv.constant && which.empty()) throw XtdoError(198, "nothing to partial out");
    spec.opt.meat.sdofminus += est::partial_iv(iv, which);
  }
  const double n = static_cast<double>(iv.d.n());
  const double k = static_cast<double>(iv.data.x1.cols() + iv.data.x2.cols());
  const double l = static_cast<double>(iv.data.z1.cols() + iv.data.x2.cols());
  const int k1 = static_cast<int>(iv.data.x1.cols()), l1 = static_cast<int>(iv.data.z1.cols());
  if (n - spec.opt.meat.dofminus - spec.opt.meat.sdofminus <= l)
    throw XtdoError(2001, "insufficient observations");

  std::vector<est::Codes> cluster_codes;
  kernel::IvMeat& meat = spec.opt.meat;
  if (!spec.clustvars.empty()) {
    meat.kind = kernel::IvMeat::Kind::kCluster;
    for (const auto& var : spec.clustvars)
      cluster_codes.push_back(est::codes_of(session.data, var, iv.d.rows));
    for (const auto& c : cluster_codes) {
      if (c.n_groups < 2) throw XtdoError(198, "cluster(): at least two clusters are required");
      meat.cluster.push_back(c.code);
      meat.n_clusters.push_back(c.n_groups);
    }
  } else if (spec.robust || meat.autocorrelation_only) {
    meat.kind = kernel::IvMeat::Kind::kRobust;
  }
  if (meat.bandwidth > 0) {
    // Periods in units of delta, and panels for HAC within each panel.
    const Column* tc = session.data.get(session.data.ts.timevar);
    meat.time.resize(iv.d.rows.size());
    for (size_t i = 0; i < iv.d.rows.size(); ++i)
      meat.time[i] = tc->num[static_cast<size_t>(iv.d.rows[i])] / session.data.ts.delta;
    if (!session.data.ts.panelvar.empty() && !spec.dkraay)
      meat.panel = est::codes_of(session.data, session.data.ts.panelvar, iv.d.rows).code;
  }
  const double n_clust = meat.kind == kernel::IvMeat::Kind::kCluster
                             ? static_cast<double>(kernel::iv_min_clusters(meat))
                             : 0;

  // --- Estimate
  kernel::IvFit fit = kernel::iv_fit(iv.data, spec.opt);
  if (!fit.ok) throw XtdoError(506, "estimates nonsingular: the cross-product matrix is singular");
  if (k1 == 0) spec.model = "ols";
  const kernel::IvIdentification id = kernel::iv_identification(iv.data, meat);
  // Hansen's J of two-step GMM is evaluated with the weighting matrix the estimate
  // used (the meat of the 2SLS residuals); after other estimators ivreg2 evaluates
  // it at the efficient GMM estimate built from the estimator's own residuals.
  const kernel::IvOverid over = kernel::iv_overid(
      iv.data, fit.first_step_resid.size() ? fit.first_step_resid : fit.resid, meat);
  const kernel::IvAndersonRubin ar = kernel::iv_anderson_rubin(iv.data, meat);

  // Sums of squares of the (weighted) dependent variable.
  const Eigen::VectorXd& yw = iv.data.y;
  const double yss = yw.squaredNorm();
  // Centred total SS with the (weighted) mean, also without a constant: y is √w·y,
  // so ȳ = Σ√w·y*/Σw.
  const Eigen::VectorXd one =
      iv.sqrt_w.size() ? iv.sqrt_w : Eigen::VectorXd(Eigen::VectorXd::Ones(yw.size()));
  const double tss_c = (yw - yw.dot(one) / one.squaredNorm() * one).squaredNorm();
  const double rss = fit.rss;
  const double r2c = 1 - rss / tss_c, r2u = 1 - rss / yss;
  const double r2 = iv.constant ? r2c : r2u;
  const double dm = meat.dofminus, sdm = meat.sdofminus;
  const double r2_a = 1 - (1 - r2) * (n - (iv.constant ? 1 : 0)) / (n - k - dm - sdm);
  const double rmse = std::sqrt(fit.sigma2);

  // Model F: Wald test of the slopes / df, with ivreg2's conversion of a
  // large-sample Wald statistic: × (N − K)/N, or × (N − K)/(N − 1)·(M − 1)/M with
  // clusters (none with small, whose V already carries the factors).
  const kernel::IvOverid w = slopes_wald(fit.coef, fit.v, iv.constant);
  const double df_m = w.df;
  const double df_r = meat.kind == kernel::IvMeat::Kind::kCluster ? n_clust - 1 : n - k - dm - sdm;
  double f = df_m > 0 ? w.stat / df_m : missing::kSysmiss;
  if (df_m > 0 && !spec.small) {
    f *= meat.kind == kernel::IvMeat::Kind::kCluster
             ? (n - k - sdm) / (n - 1) * (n_clust - 1) / n_clust
             : (n - k - dm - sdm) / (n - dm);
  }

  // --- Post
  session.e.clear();
  est::post_iv_coefficients(session, iv, fit.coef, fit.v);
  est::post_sample(session, iv.d);
  auto& e = session.e;
  e.set_scalar("N", n);
  e.set_scalar("rankxx", k);
  e.set_scalar("rankzz", l);
  e.set_scalar("dofminus", spec.opt.meat.dofminus);
  e.set_scalar("sdofminus", spec.opt.meat.sdofminus);
  e.set_scalar("df_m", df_m);
  if (spec.small) e.set_scalar("df_r", df_r);
  e.set_scalar("Fdf1", df_m);
  e.set_scalar("Fdf2", df_r);
  e.set_scalar("F", f);
  e.set_scalar("Fp", df_m > 0 ? display::Ftail(session, df_m, df_r, f) : missing::kSysmiss);
  e.set_scalar("rss", rss);
  e.set_scalar("mss", tss_c - rss);
  e.set_scalar("tss", tss_c);
  e.set_scalar("yy", yss);
  e.set_scalar("yyc", tss_c);
  e.set_scalar("r2", r2);
  e.set_scalar("r2c", r2c);
  e.set_scalar("r2u", r2u);
  e.set_scalar("r2_a", r2_a);
  e.set_scalar("rmse", rmse);
  e.set_scalar("sigmasq", rmse * rmse);
  e.set_scalar("ll", -0.5 * n * (std::log(2 * M_PI) + std::log(rss / n) + 1));
  if (spec.opt.estimator == kernel::IvEstimator::kLiml ||
      spec.opt.estimator == kernel::IvEstimator::kFuller) {
    e.set_scalar("lambda", fit.lambda);
    e.set_scalar("kclass", fit.k);
    if (spec.opt.estimator == kernel::IvEstimator::kFuller) e.set_scalar("fuller", spec.opt.fuller);
    // Anderson-Rubin overidentification statistics of LIML: N·ln(λ) and its
    // linearised form N·(λ − 1), with L1 − K1 degrees of freedom.
    if (l1 > k1) {
      e.set_scalar("arubin", n * std::log(fit.lambda));
      e.set_scalar("arubin_lin", n * (fit.lambda - 1));
      e.set_scalar("arubindf", l1 - k1);
      e.set_scalar("arubinp", display::chi2tail(session, l1 - k1, n * std::log(fit.lambda)));
      e.set_scalar("arubin_linp", display::chi2tail(session, l1 - k1, n * (fit.lambda - 1)));
    }
  } else if (spec.opt.estimator == kernel::IvEstimator::kKclass) {
    e.set_scalar("kclass", fit.k);
  }
  if (k1 > 0) {
    // Identification.
    e.set_scalar("cd", id.canon_corr2.size() ? id.canon_corr2(0) : missing::kSysmiss);
    e.set_scalar("cdf", id.cragg_donald_f);
    e.set_scalar("iddf", id.df);
    if (meat.kind == kernel::IvMeat::Kind::kIid) {
      e.set_scalar("idstat", id.anderson_lm);
      e.set_scalar("widstat", id.cragg_donald_f);
    } else {
      e.set_scalar("idstat", id.kp_lm);
      e.set_scalar("widstat", id.kp_f);
      e.set_scalar("rkf", id.kp_f);
    }
    e.set_scalar("idp", display::chi2tail(session, id.df, e.scalars["idstat"]));
    // Overidentification.
    const double op =
        over.df > 0 ? display::chi2tail(session, over.df, over.stat) : missing::kSysmiss;
    if (meat.kind == kernel::IvMeat::Kind::kIid) {
      e.set_scalar("sargan", over.stat);
      e.set_scalar("sarganp", op);
      e.set_scalar("sargandf", over.df);
    }
    e.set_scalar("j", over.stat);
    e.set_scalar("jp", op);
    e.set_scalar("jdf", over.df);
    // Anderson-Rubin.
    e.set_scalar("arf", ar.f);
    e.set_scalar("arfp", display::Ftail(session, ar.df, ar.df_r, ar.f));
    e.set_scalar("archi2", ar.chi2);
    e.set_scalar("archi2p", display::chi2tail(session, ar.df, ar.chi2));
    e.set_scalar("ardf", ar.df);
    e.set_scalar("ardf_r", ar.df_r);
  } else {
    // No endogenous regressors: OLS; excluded instruments, if any, are tested as
    // overidentifying restrictions.
    const double stat = l1 > 0 ? over.stat : 0;
    if (meat.kind == kernel::IvMeat::Kind::kIid) {
      e.set_scalar("sargan", stat);
      e.set_scalar("sargandf", l1);
      if (l1 > 0) e.set_scalar("sarganp", display::chi2tail(session, l1, stat));
    }
    e.set_scalar("j", stat);
    e.set_scalar("jdf", l1);
    if (l1 > 0) e.set_scalar("jp", display::chi2tail(session, l1, stat));
  }
  // endog(): C statistic that the listed regressors are exogenous.
  if (auto en = args.get("endog"); en && !util::trim(*en).empty()) {
    std::vector<int> suspect;
    std::vector<std::string> tested;
    for (const auto& ref : expand_varlist(session.data, *en, kVlNumeric | kVlTs | kVlFv,
                                          args.option_pos("endog"), iv.d.sample)) {
      const auto at = std::find(iv.endog_names.begin(), iv.endog_names.end(), ref.name);
      if (at == iv.endog_names.end())
        throw XtdoError(198, fmt::format("{} listed in endog() but not endogenous", ref.name));
      suspect.push_back(static_cast<int>(at - iv.endog_names.begin()));
      tested.push_back(ref.name);
    }
    const kernel::IvOverid c = kernel::iv_endog_test(iv.data, suspect, meat);
    e.set_scalar("estat", c.stat);
    e.set_scalar("estatdf", c.df);
    e.set_scalar("estatp", display::chi2tail(session, c.df, c.stat));
    e.set_macro("ecollin", "");
    e.set_macro("endogtested", util::join(tested, " "));
  }
  // orthog(): C statistic that the listed instruments are valid.
  if (auto og = args.get("orthog"); og && !util::trim(*og).empty()) {
    std::vector<int> excl, incl;
    std::vector<std::string> listed;
    for (const auto& ref : expand_varlist(session.data, *og, kVlNumeric | kVlTs | kVlFv,
                                          args.option_pos("orthog"), iv.d.sample)) {
      const auto ie = std::find(iv.inst_names.begin(), iv.inst_names.end(), ref.name);
      const auto ix = std::find(iv.exog_names.begin(), iv.exog_names.end(), ref.name);
      if (ie != iv.inst_names.end()) {
        excl.push_back(static_cast<int>(ie - iv.inst_names.begin()));
      } else if (ix != iv.exog_names.end()) {
        incl.push_back(static_cast<int>(ix - iv.exog_names.begin()));
      } else {
        throw XtdoError(198, fmt::format("{} listed in orthog() but not an instrument", ref.name));
      }
      listed.push_back(ref.name);
    }
    const kernel::IvOverid c = kernel::iv_orthog_test(
        iv.data, fit.first_step_resid.size() ? fit.first_step_resid : fit.resid, excl, incl, meat);
    e.set_scalar("cstat", c.stat);
    if (c.df > 0) {
      e.set_scalar("cstatdf", c.df);
      e.set_scalar("cstatp", display::chi2tail(session, c.df, c.stat));
      e.set_macro("clist", util::join(listed, " "));
    }
  }
  if (spec.ffirst) {
    const kernel::IvFirstStage fs = kernel::iv_first_stage(iv.data, meat);
    // ivreg2's e(first): one column per endogenous regressor.
    Matrix m(11, k1);
    m.rownames = {"rmse",   "sheapr2", "pr2",    "F",      "df",  "df_r",
                  "pvalue", "SWF",     "SWFdf1", "SWFdf2", "SWFp"};
    m.colnames = iv.endog_names;
    for (int j = 0; j < k1; ++j) {
      const double df_r1 = fs.f_p_df_r(j);
      m.at(0, j) = fs.rmse(j);
      m.at(1, j) = fs.shea_r2(j);
      m.at(2, j) = fs.partial_r2(j);
      m.at(3, j) = fs.f(j);
      m.at(4, j) = l1;
      m.at(5, j) = df_r1;
      m.at(6, j) = display::Ftail(session, l1, df_r1, fs.f(j));
      m.at(7, j) = fs.sw_f(j);
      m.at(8, j) = l1 - k1 + 1;
      m.at(9, j) = df_r1;
      m.at(10, j) = display::Ftail(session, l1 - k1 + 1, df_r1, fs.sw_f(j));
    }
    e.set_matrix("first", std::move(m));
  }
  if (meat.kind == kernel::IvMeat::Kind::kCluster) {
    e.set_scalar("N_clust", n_clust);
    for (size_t c = 0; c < cluster_codes.size(); ++c)
      e.set_scalar(fmt::format("N_clust{}", c + 1), cluster_codes[c].n_groups);
    if (!spec.dkraay) e.set_macro("clustvar", util::join(spec.clustvars, " "));
    e.set_macro("vcetype", "Robust");
    e.set_macro("vce", spec.dkraay                  ? "dkraay"
                       : spec.clustvars.size() == 2 ? "two-way cluster"
                                                    : "cluster");
  } else if (meat.autocorrelation_only) {
    e.set_macro("vce", "ac");
    e.set_macro("vcetype", "AC");
  } else if (spec.robust) {
    e.set_macro("vcetype", "Robust");
    e.set_macro("vce", "robust");
  } else {
    e.set_macro("vce", "ols");
  }
  std::vector<std::string> insts = iv.inst_names;
  insts.insert(insts.end(), iv.exog_names.begin(), iv.exog_names.end());
  e.set_macro("instd", util::join(iv.endog_names, " "));
  e.set_macro("inexog", util::join(iv.exog_names, " "));
  e.set_macro("exexog", util::join(iv.inst_names, " "));
  e.set_macro("insts", util::join(insts, " "));
  e.set_macro("model", spec.model);
  if (spec.small) e.set_macro("small", "small");
  if (meat.bandwidth > 0) {
    e.set_scalar("bw", meat.bandwidth);
    e.set_macro("kernel", meat.kernel == kernel::IvMeat::Kernel::kTukeyHanning   ? "Tukey-Hanning"
                          : meat.kernel == kernel::IvMeat::Kernel::kTukeyHamming ? "Tukey-Hamming"
                          : meat.kernel == kernel::IvMeat::Kernel::kParzen       ? "Parzen"
                          : meat.kernel == kernel::IvMeat::Kernel::kTruncated    ? "Truncated"
                                                                                 : "Bartlett");
  }
  if (!iv.constant) e.set_macro("constant", "noconstant");
  e.set_macro("title", "IV (2SLS) estimation");
  e.set_macro("properties", "b V");
  e.set_macro("predict", "ivreg2_p");
  if (spec.first) e.set_macro("firstopt", "first");
  if (spec.ffirst) e.set_macro("ffirstopt", "ffirst");

  if (!partialled.empty() || args.get("partial")) {
    e.set_macro("partial", util::join(partialled, " "));
    if (had_constant) e.set_macro("partialcons", "_cons");
    e.set_scalar("partial_ct", spec.opt.meat.sdofminus - args.number("sdofminus"));
  }
  if (!absorb_vars.empty()) {
    e.set_scalar("df_a", df_a);
    e.set_macro("absvars", util::join(absorb_vars, " "));
  }
  if (fd) {
    est::post_fd_panel(session, iv.d);
  } else if (xt) {
    const est::Codes& g = absorbed.front();
    const std::vector<int64_t> sizes = kernel::group_counts(g.code, g.n_groups);
    e.set_scalar("N_g", g.n_groups);
    e.set_scalar("g_min", static_cast<double>(*std::min_element(sizes.begin(), sizes.end())));
    e.set_scalar("g_max", static_cast<double>(*std::max_element(sizes.begin(), sizes.end())));
    e.set_scalar("g_avg", n / g.n_groups);
    e.set_macro("ivar", absorb_vars.front());
    e.set_macro("xtmodel", "fe");
  }
  e.set_macro("cmd", cmdname);
  e.set_macro("cmdline", cmdname + " " + (args.cmd ? args.cmd->rest.text : std::string()));

  // --- Display
  est::display_ivreg2(session, level);
}

}  // namespace

XTDO_COMMAND(ivreg2, "ivreg2", 6,
             "[anything] [if] [in] [aw pw] [, Robust CLuster(string) SMall FIRST FFirst "
             "NOConstant PARTial(string) ENDOG(string) ORTHOG(string) LIML FULLER(real 0) "
             "KClass(real 1) GMM2s DOFminus(integer 0) SDOFminus(integer 0) BW(string) "
             "KERnel(string) DKraay(string) ABSorb(string) Level(cilevel)]") {
  run_ivreg2(session, args, "ivreg2", false);
}

XTDO_COMMAND(xtivreg2, "xtivreg2", 8,
             "[anything] [if] [in] [, FE FD Robust CLuster(string) SMall FIRST FFirst "
             "ENDOG(string) LIML FULLER(real 0) KClass(real 1) GMM2s DOFminus(integer 0) "
             "SDOFminus(integer 0) PARTial(string) ORTHOG(string) BW(string) KERnel(string) "
             "DKraay(string) Level(cilevel)]") {
  run_ivreg2(session, args, "xtivreg2", true);
}

}  // namespace xtdo
