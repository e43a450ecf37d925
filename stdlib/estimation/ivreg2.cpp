// ivreg2: instrumental-variables regression as Baum, Schaffer and Stillman's ivreg2
// prints and stores it — 2SLS, LIML, Fuller, k-class and two-step GMM with
// i.i.d., robust and one- or two-way cluster-robust statistics, the
// identification / weak-identification / overidentification block with the
// Stock-Yogo critical values, and the first-stage summary. Typing `ivreg2` replays.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <thread>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "iv_design.hpp"
#include "iv_display.hpp"
#include "iv_first.hpp"
#include "../postestimation/estimates_store.hpp"
#include "xt_fd.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/groups.hpp"
#include "xtdo/kernel/iv.hpp"
#include "xtdo/kernel/iv_moments.hpp"
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
  bool savefirst = false;
  std::string savefprefix;  ///< "" = the command's default (_ivreg2_, _xtivreg2_)
  bool rf = false, saverf = false;  ///< reduced form: show / keep it stored
  std::string saverfprefix;         ///< "" = the command's default
  bool dkraay = false;
  bool cue = false;
  bool bw_auto = false;      ///< bw(auto): Newey-West (1994) bandwidth, chosen after the design
  std::string model = "iv";  ///< e(model): iv, liml, fuller, kclass, gmm2s, cue, ols
};

// ivreg2's kernel names (livreg2's s_vkernel list, as e(kernel) shows them).
const char* kernel_name(kernel::IvMeat::Kernel k) {
  using K = kernel::IvMeat::Kernel;
  switch (k) {
    case K::kBartlett: return "Bartlett";
    case K::kParzen: return "Parzen";
    case K::kTruncated: return "Truncated";
    case K::kTukeyHanning: return "Tukey-Hanning";
    case K::kTukeyHamming: return "Tukey-Hamming";
    case K::kQuadraticSpectral: return "Quadratic Spectral";
    case K::kDaniell: return "Danielle";
    case K::kTent: return "Tent";
  }
  return "Bartlett";
}

Ivreg2Spec bind_ivreg2(Session& session, const CallArgs& args) {
  Ivreg2Spec s;
  s.small = args.has("small");
  s.first = args.has("first");
  s.ffirst = args.has("ffirst") || s.first;
  s.savefirst = args.has("savefirst");
  if (auto p = args.get("savefprefix"); p && !util::trim(*p).empty()) {
    s.savefprefix = util::trim(*p);
    if (!valid_name(s.savefprefix))
      throw XtdoError(198, s.savefprefix + " invalid name", args.option_pos("savefprefix"));
    s.savefirst = true;  // as ivreg2: savefprefix() implies savefirst
  }
  s.rf = args.has("rf");
  s.saverf = args.has("saverf");
  if (auto p = args.get("saverfprefix"); p && !util::trim(*p).empty()) {
    s.saverfprefix = util::trim(*p);
    if (!valid_name(s.saverfprefix))
      throw XtdoError(198, s.saverfprefix + " invalid name", args.option_pos("saverfprefix"));
    s.saverf = true;  // as ivreg2: saverfprefix() implies saverf
  }
  s.robust = args.has("robust") || args.weight_type == "pweight";
  if (auto c = args.get("cluster")) {
    for (const auto& w : grammar::split_words(*c))
      s.clustvars.push_back(resolve_name(session.data, w, args.option_pos("cluster")));
    if (s.clustvars.empty() || s.clustvars.size() > 2)
      throw XtdoError(198, "cluster() takes one or two variables", args.option_pos("cluster"));
  }
  if (args.has("cue") && args.has("gmm2s"))
    throw XtdoError(198, "incompatible options: 2-step efficient gmm and cue gmm");
  if (args.has("cue") && (args.has("liml") || args.get("fuller") || args.get("kclass")))
    throw XtdoError(198, "GMM estimation not available with LIML or k-class estimators");
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
  } else if (args.has("cue")) {
    s.opt.estimator = kernel::IvEstimator::kCue;
    s.model = "cue";
    s.cue = true;
  }
  // bw()/kernel(): HAC with robust; dkraay(): Driscoll-Kraay (clusters = periods).
  if (auto bw = args.get("bw"); bw && !util::trim(*bw).empty()) {
    if (util::lower(util::trim(*bw)) == "auto") {
      s.bw_auto = true;
    } else {
      s.opt.meat.bandwidth = std::strtod(util::trim(*bw).c_str(), nullptr);
      if (!(s.opt.meat.bandwidth > 0))
        throw XtdoError(198, "invalid bandwidth in option bw() - must be real > 0",
                        args.option_pos("bw"));
    }
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
    } else if (k == "qs" || util::abbrev(k, "quadratic-spectral", 3) ||
               util::abbrev(k, "quadratic spectral", 3)) {
      s.opt.meat.kernel = kernel::IvMeat::Kernel::kQuadraticSpectral;
    } else if (util::abbrev(k, "danielle", 3) || k == "daniell") {
      s.opt.meat.kernel = kernel::IvMeat::Kernel::kDaniell;
    } else if (util::abbrev(k, "tent", 3)) {
      s.opt.meat.kernel = kernel::IvMeat::Kernel::kTent;
    } else {
      throw XtdoError(198,
                      fmt::format("kernel({}) is not supported: use bartlett, parzen, truncated, "
                                  "thanning, thamming, qs, danielle or tent",
                                  k),
                      args.option_pos("kernel"));
    }
    if (!(s.opt.meat.bandwidth > 0) && !s.bw_auto && !args.get("dkraay"))
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
  if ((s.opt.meat.bandwidth > 0 || s.bw_auto) && session.data.ts.timevar.empty())
    throw XtdoError(111, "time variable not set; use tsset or xtset");
  if (s.bw_auto) {
    // ivreg2 chooses the bandwidth only for a single time series, from the 2SLS
    // residuals, and only for the kernels Newey and West (1994) tabulate.
    using K = kernel::IvMeat::Kernel;
    const K k = s.opt.meat.kernel;
    if (!session.data.ts.panelvar.empty() || args.get("dkraay"))
      throw XtdoError(198, "Automatic bandwidth selection not available for panel data");
    if (k != K::kBartlett && k != K::kParzen && k != K::kQuadraticSpectral)
      throw XtdoError(198, fmt::format("kernel {} not compatible with bw(auto): use bartlett, "
                                       "parzen or qs",
                                       kernel_name(k)));
    if (!args.weight_type.empty()) throw XtdoError(198, "bw(auto) is not supported with weights");
    if (s.opt.estimator == kernel::IvEstimator::kLiml ||
        s.opt.estimator == kernel::IvEstimator::kFuller ||
        s.opt.estimator == kernel::IvEstimator::kKclass)
      throw XtdoError(198, "bw(auto) is not supported with liml, fuller() or kclass()");
  }
  s.opt.small = s.small;
  s.opt.meat.dofminus = args.number("dofminus");
  s.opt.meat.sdofminus = args.number("sdofminus");
  if (s.opt.meat.dofminus < 0 || s.opt.meat.sdofminus < 0)
    throw XtdoError(198, "dofminus() and sdofminus() must be non-negative");
  return s;
}

// e(kernel): ivreg2's name of the HAC kernel.
std::string kernel_name(const kernel::IvMeat& meat) {
  switch (meat.kernel) {
    case kernel::IvMeat::Kernel::kTukeyHanning:
      return "Tukey-Hanning";
    case kernel::IvMeat::Kernel::kTukeyHamming:
      return "Tukey-Hamming";
    case kernel::IvMeat::Kernel::kParzen:
      return "Parzen";
    case kernel::IvMeat::Kernel::kTruncated:
      return "Truncated";
    case kernel::IvMeat::Kernel::kBartlett:
      break;
  }
  return "Bartlett";
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
  }

  // --- Sample and build
  // The moment engine covers everything but kernel-weighted meats, CUE, weights
  // and partial(); it reads the design's columns in place.
  const bool use_moments = !(spec.opt.meat.bandwidth > 0) && !spec.bw_auto &&
                           !spec.opt.meat.autocorrelation_only && !spec.cue &&
                           args.weight_type.empty() && !args.get("partial");
  est::IvDesignOptions dopt;
  dopt.materialize = !use_moments;
  dopt.borrow = use_moments;
  dopt.constant = !args.has("noconstant");
  dopt.markout = spec.clustvars;
  dopt.markout.insert(dopt.markout.end(), absorb_vars.begin(), absorb_vars.end());
  if (fd) dopt.markout.push_back(session.data.ts.panelvar);
  est::IvDesign iv = est::build_iv_design(session, args, syntax, dopt);
  std::vector<est::Codes> absorbed;
  std::vector<double> absorb_ref;
  double df_a = 0;
  if (!absorb_vars.empty()) {
    // The factors' codes on two workers (each reads its own column).
    absorbed.resize(absorb_vars.size());
    auto code = [&](size_t f) { absorbed[f] = est::codes_of(session.data, absorb_vars[f], iv.d.rows); };
    std::thread worker;
    if (absorb_vars.size() > 1 && iv.d.n() >= 100000)
      worker = std::thread([&] {
        for (size_t f = 1; f < absorb_vars.size(); f += 2) code(f);
      });
    for (size_t f = 0; f < absorb_vars.size(); f += worker.joinable() ? 2 : 1) code(f);
    if (worker.joinable()) worker.join();
    // The moment engine's W'W has every residualised column's sum of squares: the
    // check for absorbed columns waits for it (drop_absorbed below).
    df_a = use_moments ? est::absorb_iv_in_place(session, iv, absorbed, &absorb_ref)
                       : est::absorb_iv(session, iv, absorbed);
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
  int k1 = 0, l1 = 0, k2 = 0;
  double k = 0, l = 0;
  auto count_columns = [&] {
    k1 = static_cast<int>(iv.endog_cols.size());
    l1 = static_cast<int>(iv.inst_cols.size());
    k2 = static_cast<int>(iv.exog_cols.size()) + (iv.constant ? 1 : 0);
    k = static_cast<double>(k1 + k2);
    l = static_cast<double>(l1 + k2);
    if (n - spec.opt.meat.dofminus - spec.opt.meat.sdofminus <= l)
      throw XtdoError(2001, "insufficient observations");
  };
  count_columns();

  // The cluster codings: an absorbed factor's codes are used in place.
  std::vector<est::Codes> own_codes;
  own_codes.reserve(spec.clustvars.size());
  std::vector<const est::Codes*> cluster_codes;
  kernel::IvMeat& meat = spec.opt.meat;
  if (!spec.clustvars.empty()) {
    meat.kind = kernel::IvMeat::Kind::kCluster;
    // A cluster variable that is also absorbed has the factor's codes already.
    for (const auto& var : spec.clustvars) {
      const auto same = std::find(absorb_vars.begin(), absorb_vars.end(), var);
      if (same != absorb_vars.end()) {
        cluster_codes.push_back(&absorbed[static_cast<size_t>(same - absorb_vars.begin())]);
      } else {
        own_codes.push_back(est::codes_of(session.data, var, iv.d.rows));
        cluster_codes.push_back(&own_codes.back());
      }
    }
    for (const est::Codes* c : cluster_codes) {
      if (c->n_groups < 2) throw XtdoError(198, "cluster(): at least two clusters are required");
      meat.cluster.push_back(c->code);
      meat.n_clusters.push_back(c->n_groups);
    }
  } else if (spec.robust || meat.autocorrelation_only) {
    meat.kind = kernel::IvMeat::Kind::kRobust;
  }
  if (meat.bandwidth > 0 || spec.bw_auto) {
    // Periods in units of delta, and panels for HAC within each panel.
    const Column* tc = session.data.get(session.data.ts.timevar);
    const double delta = session.data.ts.delta > 0 ? session.data.ts.delta : 1.0;
    meat.time.resize(iv.d.rows.size());
    double t_min = 0, t_max = 0;
    for (size_t i = 0; i < iv.d.rows.size(); ++i) {
      const double t = tc->num[static_cast<size_t>(iv.d.rows[i])];
      meat.time[i] = t / delta;
      t_min = i == 0 ? t : std::min(t_min, t);
      t_max = i == 0 ? t : std::max(t_max, t);
    }
    if (!session.data.ts.panelvar.empty() && !spec.dkraay)
      meat.panel = est::codes_of(session.data, session.data.ts.panelvar, iv.d.rows).code;
    // ivreg2: T = max(t) − min(t) + 1 over the sample; bw may not exceed (T − 1)/delta,
    // and the spectral windows sum lags 1..T/delta − 1.
    const double span = t_max - t_min + 1;
    meat.spectral_lags = span / delta - 1;
    if (spec.bw_auto) {
      // Newey-West (1994) from the 2SLS residuals and the instruments other than the
      // constant, as ivreg2's abw (T in the time variable's units).
      const kernel::IvFit first = kernel::iv_fit(iv.data, kernel::IvOptions{});
      const Eigen::Index k2 = iv.data.x2.cols() - (iv.constant ? 1 : 0);
      Eigen::MatrixXd z(iv.data.y.size(), iv.data.z1.cols() + k2);
      z << iv.data.z1, iv.data.x2.leftCols(k2);
      const kernel::IvAutoBandwidth ab =
          kernel::iv_auto_bandwidth(first.resid, z, meat.time, meat.kernel, span);
      if (!ab.ok || !(ab.bw > 0) || !std::isfinite(ab.bw))
        throw XtdoError(498, "bw(auto): the automatic bandwidth could not be computed");
      meat.bandwidth = ab.bw;
    }
    if (meat.bandwidth > (span - 1) / delta)
      throw XtdoError(198, "invalid bandwidth in option bw() - cannot exceed timespan of data");
  }
  if (spec.cue && l1 == 0)
    throw XtdoError(102, "option cue invalid: no excluded instruments specified");
  // ivreg2's orthog() after cue compares the CUE objective with a restricted fit on
  // the CUE's S matrix; we do not offer that path. (Its endog() reruns the model
  // without cue, which iv_endog_test does, so endog() is allowed.)
  if (spec.cue && args.get("orthog"))
    throw XtdoError(198, "orthog() is not supported with cue");
  const double n_clust = meat.kind == kernel::IvMeat::Kind::kCluster
                             ? static_cast<double>(kernel::iv_min_clusters(meat))
                             : 0;

  // --- Estimate
  std::optional<est::IvNumbers> built;
  built.emplace(iv, meat, use_moments);
  if (!absorb_ref.empty()) {
    const std::vector<uint8_t> keep = est::drop_absorbed(
        session, iv, absorb_ref, [&](size_t c) { return built->column_ss(c); });
    if (std::count(keep.begin(), keep.end(), uint8_t{0}) > 0) {
      built.reset();
      built.emplace(iv, meat, use_moments);
      count_columns();
    }
  }
  est::IvNumbers& numbers = *built;
  kernel::IvFit fit = numbers.fit(spec.opt);
  if (!fit.ok) throw XtdoError(506, "estimates nonsingular: the cross-product matrix is singular");
  if (k1 == 0) spec.model = "ols";
  const kernel::IvIdentification id = numbers.identification();
  // Hansen's J of two-step GMM is evaluated with the weighting matrix the estimate
  // used (the meat of the 2SLS residuals); after other estimators ivreg2 evaluates
  // it at the efficient GMM estimate built from the estimator's own residuals.
  kernel::IvOverid over = numbers.overid();
  // CUE: the Hansen-Sargan statistic is the minimised objective itself.
  if (spec.cue) {
    over.stat = fit.j;
    if (!fit.converged)
      session.console.println("warning: CUE optimization did not reach its tolerance");
  }
  const kernel::IvAndersonRubin ar = numbers.anderson_rubin();

  // Sums of squares of the (weighted) dependent variable.
  const auto [yss, tss_c] = numbers.total_ss();
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

  // --- First stages (stored as estimates before e() is posted)
  std::vector<std::string> firsteqs, rfeq;
  if ((spec.first || spec.savefirst || spec.rf || spec.saverf) && k1 > 0) {
    est::Ivreg2FirstSpec fspec;
    fspec.meat = meat;
    fspec.robust = spec.robust || !spec.clustvars.empty();
    fspec.clustvars = spec.clustvars;
    fspec.dkraay = spec.dkraay;
    fspec.prefix = !spec.savefprefix.empty() ? spec.savefprefix
                   : xt                        ? "_xtivreg2_"
                                               : "_ivreg2_";
    fspec.partialled_constant = had_constant && !iv.constant && !partialled.empty();
    if (meat.bandwidth > 0) {
      fspec.kernel = kernel_name(meat);
      fspec.tvar = session.data.ts.timevar;
      if (!spec.dkraay) fspec.ivar = session.data.ts.panelvar;
    }
    if (spec.first || spec.savefirst)
      firsteqs = est::ivreg2_store_first_stages(session, iv, numbers, fspec);
    if (spec.rf || spec.saverf) {
      fspec.reduced_form = true;
      fspec.prefix = !spec.saverfprefix.empty() ? spec.saverfprefix
                     : xt                       ? "_xtivreg2_"
                                                : "_ivreg2_";
      rfeq = est::ivreg2_store_first_stages(session, iv, numbers, fspec);
    }
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
    const kernel::IvOverid c = numbers.endog_test(suspect);
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
    const kernel::IvOverid c = numbers.orthog_test(excl, incl);
    e.set_scalar("cstat", c.stat);
    if (c.df > 0) {
      e.set_scalar("cstatdf", c.df);
      e.set_scalar("cstatp", display::chi2tail(session, c.df, c.stat));
      e.set_macro("clist", util::join(listed, " "));
    }
  }
  if (spec.ffirst) est::post_ivreg2_first_stats(session, iv, numbers, meat);
  if (meat.kind == kernel::IvMeat::Kind::kCluster) {
    e.set_scalar("N_clust", n_clust);
    for (size_t c = 0; c < cluster_codes.size(); ++c)
      e.set_scalar(fmt::format("N_clust{}", c + 1), cluster_codes[c]->n_groups);
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
    e.set_macro("kernel", kernel_name(meat.kernel));
    if (spec.bw_auto) e.set_macro("bwchoice", "Automatic bw selection according to Newey-West (1994)");
  }
  if (!iv.constant) e.set_macro("constant", "noconstant");
  e.set_macro("title", spec.cue ? "CUE estimation" : "IV (2SLS) estimation");
  e.set_macro("properties", "b V");
  e.set_macro("predict", "ivreg2_p");
  if (spec.first) e.set_macro("firstopt", "first");
  if (spec.ffirst) e.set_macro("ffirstopt", "ffirst");
  if (!firsteqs.empty()) e.set_macro("firsteqs", util::join(firsteqs, " "));
  if (!rfeq.empty()) e.set_macro("rfeq", rfeq.front());
  if (spec.rf) e.set_macro("rfopt", "rf");

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
  // As ivreg2: the reduced form first, then the first stages.
  std::vector<std::string> listed;
  if (spec.saverf) listed = rfeq;
  if (spec.savefirst) listed.insert(listed.end(), firsteqs.begin(), firsteqs.end());
  if (!listed.empty()) {
    session.console.println();
    session.console.println("Stored estimation results");
    session.console.print("-------------------------");
    session.dispatch_text("estimates dir " + util::join(listed, " "));
  }
  est::display_ivreg2(session, level);
  // As ivreg2: the first stages and reduced form shown are dropped unless saved.
  if (!spec.savefirst) {
    for (const auto& name : firsteqs) estore::drop(session, name);
    session.e.macros.erase("firsteqs");
  }
  if (!spec.saverf) {
    for (const auto& name : rfeq) estore::drop(session, name);
    session.e.macros.erase("rfeq");
  }
}

}  // namespace

XTDO_COMMAND(ivreg2, "ivreg2", 6,
             "[anything] [if] [in] [aw pw] [, Robust CLuster(string) SMall FIRST FFirst "
             "NOConstant PARTial(string) ENDOG(string) ORTHOG(string) LIML FULLER(real 0) "
             "KClass(real 1) GMM2s CUE DOFminus(integer 0) SDOFminus(integer 0) BW(string) "
             "KERnel(string) DKraay(string) ABSorb(string) savefirst savefprefix(string) RF "
             "saverf saverfprefix(string) Level(cilevel)]") {
  run_ivreg2(session, args, "ivreg2", false);
}

XTDO_COMMAND(xtivreg2, "xtivreg2", 8,
             "[anything] [if] [in] [, FE FD Robust CLuster(string) SMall FIRST FFirst "
             "ENDOG(string) LIML FULLER(real 0) KClass(real 1) GMM2s CUE DOFminus(integer 0) "
             "SDOFminus(integer 0) PARTial(string) ORTHOG(string) BW(string) KERnel(string) "
             "DKraay(string) savefirst savefprefix(string) RF saverf saverfprefix(string) "
             "Level(cilevel)]") {
  run_ivreg2(session, args, "xtivreg2", true);
}

}  // namespace xtdo
