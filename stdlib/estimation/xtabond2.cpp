// xtabond2: Arellano–Bond difference GMM and Blundell–Bond system GMM as in
// Roodman's xtabond2 (Roodman 2009, "How to do xtabond2", Stata Journal 9(1)):
// gmmstyle()/ivstyle() instrument groups, first differences or forward
// orthogonal deviations, one- and two-step estimates with robust and
// Windmeijer-corrected VCEs, Sargan/Hansen, difference-in-Hansen and AR tests.
// Typing `xtabond2` alone replays.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "../display/distributions.hpp"
#include "design.hpp"
#include "xtabond2.hpp"
#include "xtabond2_setup.hpp"
#include "xtdo/command.hpp"
#include "xtdo/eval.hpp"
#include "xtdo/kernel/gmm.hpp"
#include "xtdo/session.hpp"
#include "xtdo/util.hpp"

namespace xtdo {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// --- The command -------------------------------------------------------------------

namespace {

double escalar(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string emacro(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }

Matrix row_matrix(const std::vector<double>& values) {
  Matrix m(1, static_cast<int>(values.size()));
  m.rownames = {"r1"};
  for (size_t i = 0; i < values.size(); ++i) {
    m.colnames.push_back("c" + std::to_string(i + 1));
    m.at(0, static_cast<int>(i)) = values[i];
  }
  return m;
}

}  // namespace

XTDO_COMMAND(xtabond2, "xtabond2", 8,
             "[varlist(numeric ts fv default=none)] [if] [in] [aw pw fw] "
             "[, GMMstyle(string) IVstyle(string) noLeveleq TWOstep Robust SMall ORthogonal "
             "H(integer 3) ARtests(integer 2) ARLevels noConstant noMata SVMat Level(cilevel) "
             "noDiffsargan Cluster(string) DPDS2 pca COMPonents(integer 0) SVVar]") {
  using namespace xtabond2;  // the set-up helpers (xtabond2_setup.hpp)
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (args.vars.empty()) {
    if (emacro(session, "cmd") != "xtabond2") throw XtdoError(301, "last estimates not found");
    xtabond2::display(session, level);
    return;
  }
  for (const char* opt : {"pca", "components", "svvar", "svmat", "dpds2"})
    if (args.has(opt))
      throw XtdoError(198, fmt::format("option {}() of xtabond2 is not supported", opt),
                      args.option_pos(opt));
  const Dataset& data = session.data;
  const std::string ivar = data.ts.panelvar, tvar = data.ts.timevar;
  if (ivar.empty() || tvar.empty())
    throw XtdoError(459, "You must xtset the data to specify the panel and time variables.");
  if (!args.vars.front().fv.empty()) throw XtdoError(198, "depvar may not be a factor variable");
  const bool system = !args.has("noleveleq");
  const bool orthogonal = args.has("orthogonal");
  const bool twostep = args.has("twostep");
  const std::string wtype = args.weight_type;
  // pweights imply the robust one-step VCE, as in xtabond2.
  // cluster(var): one-way clustering of the robust moment covariance (xtabond2
  // ≥ 3.6); it implies robust, as there.
  std::string clustvar;
  if (args.has("cluster")) {
    const std::vector<std::string> cv =
        expand_names(data, *args.get("cluster"), kVlAllowEmpty, args.option_pos("cluster"));
    if (cv.empty()) throw XtdoError(198, "cluster() requires a variable", args.option_pos("cluster"));
    if (cv.size() > 1)
      throw XtdoError(198, "cluster() with more than one variable (multi-way clustering) is not supported",
                      args.option_pos("cluster"));
    clustvar = cv.front();
  }
  const bool robust =
      args.has("robust") || !clustvar.empty() || (wtype == "pweight" && !args.has("twostep"));
  const bool small = args.has("small");
  const bool arlevels = args.has("arlevels");
  const bool diffsargan = !args.has("nodiffsargan");
  const int h = static_cast<int>(args.number("h"));
  const int artests = static_cast<int>(args.number("artests"));
  if (!system && arlevels)
    throw XtdoError(198, "arlevels option invalid for difference GMM estimation.");
  if (h != 1 && h != 2 && h != 3) throw XtdoError(198, fmt::format("h({}) invalid.", h));
  if (artests < 0) throw XtdoError(198, fmt::format("artests({}) invalid.", artests));
  const bool constant = system && !args.has("noconstant");
  if (args.vars.size() < 2 && !constant) throw XtdoError(481, "No regressors.");
  const bool onestep_nonrobust = !twostep && !robust;

  // Instrument groups in xtabond2's order: the constant (system GMM) first, then
  // iv() groups as given (Roodman 2009 lists `_cons` first; with the year dummies
  // of its system example this decides which collinear instrument is dropped);
  // gmm() groups with the last option given first.
  std::vector<IvGroup> ivs;
  std::vector<GmmGroup> gmms;
  const std::string ignored = "Instruments for levels equations only ignored since noleveleq specified.";
  for (const auto& o : args.cmd->options) {
    const std::string typed = util::lower(o.name);
    if (!o.arg) continue;
    if (util::abbrev(typed, "ivstyle", 2)) {
      IvGroup g = parse_iv(session, *o.arg, system);
      if (!system && g.equation == kLevel) {
        session.console.println(ignored);
        continue;
      }
      ivs.push_back(std::move(g));
    } else if (util::abbrev(typed, "gmmstyle", 3)) {
      std::vector<GmmGroup> gs = parse_gmm(session, *o.arg, system);
      if (!system && gs.front().equation == kLevel) {
        session.console.println(ignored);
        continue;
      }
      gmms.insert(gmms.begin(), gs.begin(), gs.end());
    }
  }
  if (constant) {
    IvGroup c;
    c.names = "_cons";
    c.equation = kLevel;
    ivs.insert(ivs.begin(), std::move(c));
  }

  // --- Sample: if/in and missing values of the varlist; panels with any such
  // observation enter with all their periods (instruments may come from
  // observations outside the sample, as in xtabond2).
  std::vector<uint8_t> touse_row = args.sample(session, true);
  std::vector<double> wrow;  // weights per dataset row
  if (!wtype.empty()) {
    EvalContext ctx;
    ctx.data = &data;
    ctx.env = &session;
    Value w = evaluate(*args.weight_exp, ctx);
    if (w.is_string) throw XtdoError(109, "type mismatch", args.weight_exp->pos);
    wrow = std::move(w.num);
    for (size_t row = 0; row < data.nobs(); ++row) {
      if (!touse_row[row]) continue;
      const double v = wrow[row];
      if (missing::is_missing(v) || v == 0) {
        touse_row[row] = 0;
        continue;
      }
      if (v < 0) throw XtdoError(402, "negative weights encountered");
      if (wtype == "fweight" && v != std::floor(v))
        throw XtdoError(401, "may not use noninteger frequency weights");
    }
  }
  const Layout lay = make_layout(data, ivar, tvar, touse_row);
  const int t = lay.t, n_g = lay.n_g;
  const Index nt = static_cast<Index>(n_g) * t;
  std::vector<VarRef> regressors(args.vars.begin() + 1, args.vars.end());
  std::vector<std::string> xnames;
  for (const auto& v : regressors) xnames.push_back(v.name);
  const VectorXd y0 = gather_vars(data, {args.vars.front()}, lay).col(0);
  MatrixXd x0 = gather_vars(data, regressors, lay);
  if (constant) {
    x0.conservativeResize(Eigen::NoChange, x0.cols() + 1);
    x0.col(x0.cols() - 1).setOnes();
    xnames.push_back("_cons");
  }
  // "Complete" periods (regressors, depvar and non-mz IV instruments present)
  // are the ones orthogonal deviations average over.
  std::vector<uint8_t> complete(static_cast<size_t>(nt));
  for (Index s = 0; s < nt; ++s) complete[static_cast<size_t>(s)] = !std::isnan(y0(s)) && x0.row(s).allFinite();
  for (auto& g : ivs) {
    if (g.names == "_cons") {
      g.base = MatrixXd::Ones(nt, 1);
      continue;
    }
    g.base = gather_vars(data, g.vars, lay);
    if (!g.mz)
      for (Index s = 0; s < nt; ++s)
        if (!g.base.row(s).allFinite()) complete[static_cast<size_t>(s)] = 0;
  }
  auto transform = [&](const MatrixXd& m) {
    return orthogonal ? orthogonal_dev(m, t, complete, true, kNaN) : first_diff(m, t, kNaN);
  };

  // --- Build: stacked rows per group, transformed equation first (slots 0..T−1),
  // then levels for system GMM.
  const int r_g = system ? 2 * t : t;
  const Index rows = static_cast<Index>(n_g) * r_g;
  auto row_of = [&](Index g, int block, Index slot) { return g * r_g + block * t + slot; };
  const Index k_all = x0.cols();
  MatrixXd x = MatrixXd::Zero(rows, k_all);
  VectorXd y = VectorXd::Zero(rows);
  std::vector<uint8_t> use(static_cast<size_t>(rows), 0);
  {
    const MatrixXd xd = transform(x0);
    const VectorXd yd = transform(y0);
    for (Index g = 0; g < n_g; ++g)
      for (Index s = 0; s < t; ++s) {
        const Index slot = g * t + s;
        x.row(row_of(g, 0, s)) = xd.row(slot);
        y(row_of(g, 0, s)) = yd(slot);
        // Orthogonal deviations of period s sit in slot s+1.
        const Index src = orthogonal ? (s > 0 ? slot - 1 : -1) : slot;
        const int64_t src_row = src >= 0 ? lay.slot_row[static_cast<size_t>(src)] : -1;
        use[static_cast<size_t>(row_of(g, 0, s))] = src_row >= 0 && touse_row[static_cast<size_t>(src_row)];
        if (system) {
          x.row(row_of(g, 1, s)) = x0.row(slot);
          y(row_of(g, 1, s)) = y0(slot);
          const int64_t row = lay.slot_row[static_cast<size_t>(slot)];
          use[static_cast<size_t>(row_of(g, 1, s))] = row >= 0 && touse_row[static_cast<size_t>(row)];
        }
      }
  }
  // IV-style instruments: transformed in the transformed equation (unless
  // passthru), as they are in levels; mz recodes missing values to zero.
  Index j_iv = 0;
  for (auto& g : ivs) {
    g.first_col = static_cast<int>(j_iv);
    j_iv += g.base.cols();
  }
  MatrixXd ziv = MatrixXd::Zero(rows, j_iv);
  for (const auto& g : ivs) {
    const Index m = g.base.cols();
    if (g.equation != kLevel) {
      MatrixXd d = g.passthru ? g.base : transform(g.base);
      if (g.mz) edit_missing(d, 0);
      for (Index gg = 0; gg < n_g; ++gg)
        for (Index s = 0; s < t; ++s) ziv.block(row_of(gg, 0, s), g.first_col, 1, m) = d.row(gg * t + s);
    }
    if (system && g.equation != kDiff) {
      MatrixXd b = g.base;
      if (g.mz) edit_missing(b, 0);
      for (Index gg = 0; gg < n_g; ++gg)
        for (Index s = 0; s < t; ++s) ziv.block(row_of(gg, 1, s), g.first_col, 1, m) = b.row(gg * t + s);
    }
  }
  for (Index r = 0; r < rows; ++r)
    if (use[static_cast<size_t>(r)] && !(std::isfinite(y(r)) && x.row(r).allFinite() && ziv.row(r).allFinite()))
      use[static_cast<size_t>(r)] = 0;
  // e(sample): the observations of the main equation (levels for system GMM).
  std::vector<uint8_t> esample(data.nobs(), 0);
  for (Index g = 0; g < n_g; ++g)
    for (Index s = 0; s < t; ++s) {
      const int64_t row = lay.slot_row[static_cast<size_t>(g * t + s)];
      if (row >= 0 && use[static_cast<size_t>(row_of(g, system ? 1 : 0, s))]) esample[static_cast<size_t>(row)] = 1;
    }

  // GMM-style instruments.
  Index j_gmm = 0;
  int j_formula = static_cast<int>(j_iv);
  for (auto& g : gmms) {
    g.full_levels = g.equation == kLevel;
    g.differenced = g.equation == kLevel && !g.passthru;
    g.extra = g.equation == kBoth && system;
    const int per_var = clamp_and_count(g, t);
    j_formula += per_var * static_cast<int>(g.vars.size());
    if (g.lo > g.hi)
      throw XtdoError(198, fmt::format("{}: no lags in the range requested are available in a panel of {} periods",
                                       g.text, t));
    g.base = gather_vars(data, g.vars, lay);
  }
  // Column plan of each group: (lag, base period) pairs for its own equation,
  // then the extra differenced instruments for levels.
  struct Cell {
    int lag, period;
  };
  std::vector<std::vector<Cell>> main_cells(gmms.size()), extra_cells(gmms.size());
  std::vector<int> extra_lag(gmms.size(), 0);
  for (size_t gi = 0; gi < gmms.size(); ++gi) {
    auto& g = gmms[gi];
    const Index nv = static_cast<Index>(g.vars.size());
    const int first_row = g.full_levels ? 0 : 1;
    const int first_period = g.differenced ? 1 : 0;
    for (int lag = g.lo; lag <= g.hi; ++lag) {
      if (g.collapse) {
        main_cells[gi].push_back({lag, -1});
        continue;
      }
      for (int s = first_period; s < t; ++s)
        if (s + lag >= first_row && s + lag < t) main_cells[gi].push_back({lag, s});
    }
    if (g.extra) {
      // Levels: the differenced base at lag a−1 (the standard Blundell–Bond set).
      const int lag = g.lo > 0 ? g.lo - 1 : g.hi > 0 ? 0 : g.hi - 1;
      extra_lag[gi] = lag;
      if (g.collapse) {
        extra_cells[gi].push_back({lag, -1});
      } else {
        for (int s = 1; s < t; ++s)
          if (s + lag >= 0 && s + lag < t) extra_cells[gi].push_back({lag, s});
      }
    }
    g.first_col = static_cast<int>(j_iv + j_gmm);
    g.n_main_cols = static_cast<int>(main_cells[gi].size() * static_cast<size_t>(nv));
    g.n_cols = g.n_main_cols + static_cast<int>(extra_cells[gi].size() * static_cast<size_t>(nv));
    j_gmm += g.n_cols;
  }
  const Index j = j_iv + j_gmm;
  MatrixXd z = MatrixXd::Zero(rows, j);
  z.leftCols(j_iv) = ziv;
  ziv.resize(0, 0);
  for (size_t gi = 0; gi < gmms.size(); ++gi) {
    const auto& g = gmms[gi];
    const Index nv = static_cast<Index>(g.vars.size());
    MatrixXd own = g.orthogonal ? orthogonal_dev(g.base, t, complete, false, 0) : g.base;
    edit_missing(own, 0);
    const MatrixXd diffed = first_diff(g.base, t, 0);
    const MatrixXd& src = g.differenced ? diffed : own;
    const int block = g.full_levels ? 1 : 0;
    auto fill = [&](const std::vector<Cell>& cells, const MatrixXd& base, int blk, Index col0) {
      Index col = col0;
      for (const Cell& c : cells) {
        for (Index v = 0; v < nv; ++v, ++col)
          for (Index gg = 0; gg < n_g; ++gg) {
            if (c.period >= 0) {
              z(row_of(gg, blk, c.period + c.lag), col) = base(gg * t + c.period, v);
              continue;
            }
            for (int s = 0; s < t; ++s) {
              const int from = s - c.lag;
              if (from >= 0 && from < t && (blk == 1 || !g.differenced || from >= 1))
                z(row_of(gg, blk, s), col) = base(gg * t + from, v);
            }
          }
      }
    };
    fill(main_cells[gi], src, block, g.first_col);
    if (g.extra) fill(extra_cells[gi], diffed, 1, g.first_col + g.n_main_cols);
  }
  for (Index r = 0; r < rows; ++r)
    if (!use[static_cast<size_t>(r)]) {
      x.row(r).setZero();
      y(r) = 0;
      z.row(r).setZero();
    }

  // A sample whose panels are too short for the lags and the transformation
  // leaves the main equation empty; say so rather than dropping every regressor
  // as collinear (xtabond2 ends with "No regressors." there).
  {
    bool any_main = false;
    for (Index g = 0; g < n_g && !any_main; ++g)
      for (Index s = 0; s < t && !any_main; ++s) any_main = use[static_cast<size_t>(row_of(g, system ? 1 : 0, s))];
    if (!any_main)
      throw XtdoError(2000, fmt::format("No observations: no panel has enough periods with the depvar, the "
                                        "regressors (and their lags){} and the iv() instruments present.",
                                        system ? "" : ", the previous period for the difference,"));
  }

  // Collinear regressors, as xtabond2's _rmcoll on the stacked equations.
  const std::vector<uint8_t> keep = collinear_keep(x, constant);
  {
    std::vector<Index> cols;
    std::vector<std::string> names;
    for (Index c = 0; c < k_all; ++c) {
      if (keep[static_cast<size_t>(c)]) {
        cols.push_back(c);
        names.push_back(xnames[static_cast<size_t>(c)]);
      } else {
        session.console.println(fmt::format("{} dropped due to collinearity", xnames[static_cast<size_t>(c)]));
      }
    }
    if (static_cast<Index>(cols.size()) < k_all) {
      MatrixXd xk(rows, static_cast<Index>(cols.size()));
      MatrixXd x0k(nt, static_cast<Index>(cols.size()));
      for (size_t c = 0; c < cols.size(); ++c) {
        xk.col(static_cast<Index>(c)) = x.col(cols[c]);
        x0k.col(static_cast<Index>(c)) = x0.col(cols[c]);
      }
      x = std::move(xk);
      x0 = std::move(x0k);
      xnames = names;
    }
  }
  const Index k = x.cols();
  if (k == 0) throw XtdoError(481, "No regressors.");
  // Observations and groups of the main equation.
  double n_obs = 0, n_used_groups = 0, g_min = 1e300, g_max = 0, n_transformed = 0;
  for (Index g = 0; g < n_g; ++g) {
    double count = 0;
    for (Index s = 0; s < t; ++s) {
      count += use[static_cast<size_t>(row_of(g, system ? 1 : 0, s))];
      n_transformed += use[static_cast<size_t>(row_of(g, 0, s))];
    }
    n_obs += count;
    n_used_groups += count > 0;
    g_min = std::min(g_min, count);
    g_max = std::max(g_max, count);
  }
  if (j < k) throw XtdoError(481, "Equation not identified. Regressors outnumber instruments.");
  if (n_obs == 0) throw XtdoError(2000, "No observations.");

  // Weights (xtabond2): rows carry the weight of their observation; aweights and
  // pweights are scaled to sum to N over the main equation, fweights make N
  // their sum (and are scaled to the observation count unless one-step
  // non-robust). y and X are multiplied by the weight, H by √w on both sides.
  double wttot = n_obs, n_obs_eff = n_obs;
  VectorXd row_w, wt0;
  if (!wtype.empty()) {
    std::vector<double> masked(wrow);
    for (size_t row = 0; row < masked.size(); ++row)
      if (!touse_row[row]) masked[row] = missing::kSysmiss;
    wt0 = gather(masked, lay);
    row_w = VectorXd::Zero(rows);
    double raw = 0, drift = 0;
    for (Index g = 0; g < n_g; ++g)
      for (Index s = 0; s < t; ++s)
        for (int b = 0; b < (system ? 2 : 1); ++b) {
          const Index r = row_of(g, b, s);
          if (!use[static_cast<size_t>(r)]) continue;
          row_w(r) = wt0(g * t + s);
          if (b == (system ? 1 : 0)) {
            raw += row_w(r);
            if (s > 0 && use[static_cast<size_t>(r - 1)]) drift += row_w(r) - row_w(r - 1);
          }
        }
    session.console.println("(sum of weights is " + format_default(raw) + ")");
    if (wtype == "fweight") {
      if (drift != 0)
        throw XtdoError(101, "Frequency weights must be constant over time for xtabond2.");
      n_obs = raw;
      if (onestep_nonrobust) n_obs_eff = raw;
      row_w *= n_obs_eff / raw;
      wttot = n_obs_eff;
    } else {
      row_w *= n_obs / raw;
      wttot = n_obs;
    }
    for (Index r = 0; r < rows; ++r) {
      x.row(r) *= row_w(r);
      y(r) *= row_w(r);
    }
  }

  // cluster(): codes over the observations in the if/in/missing sample (xtabond2's
  // `egen group(var) if touse, missing`); each row of the stacked system takes the
  // cluster of its source observation.
  kernel::GmmSystem sys;
  double n_clusters = 0;
  if (!clustvar.empty()) {
    std::vector<int64_t> crow;
    for (size_t row = 0; row < data.nobs(); ++row)
      if (touse_row[row]) crow.push_back(static_cast<int64_t>(row));
    const est::Codes codes = est::codes_of(data, clustvar, crow);
    std::vector<int32_t> code_of_row(data.nobs(), -1);
    for (size_t i = 0; i < crow.size(); ++i) code_of_row[static_cast<size_t>(crow[i])] = codes.code[i];
    n_clusters = codes.n_groups;
    sys.n_clusters = codes.n_groups;
    sys.cluster.assign(static_cast<size_t>(rows), -1);
    for (Index g = 0; g < n_g; ++g)
      for (Index s = 0; s < t; ++s)
        for (int b = 0; b < (system ? 2 : 1); ++b) {
          const Index r = row_of(g, b, s);
          if (!use[static_cast<size_t>(r)]) continue;
          const Index src = b == 0 && orthogonal ? g * t + s - 1 : g * t + s;
          const int64_t row = lay.slot_row[static_cast<size_t>(src)];
          if (row >= 0) sys.cluster[static_cast<size_t>(r)] = code_of_row[static_cast<size_t>(row)];
        }
  }

  // --- Estimate
  sys.rows_per_group = r_g;
  sys.x = std::move(x);
  sys.y = std::move(y);
  sys.z = std::move(z);
  sys.h = h_matrix(h, orthogonal, orthogonal, system, t);
  sys.sigma_rows = VectorXd::Ones(r_g);
  if (system) {
    sys.sigma_rows.head(t).setConstant(h != 1 ? 1 : 0);
    sys.sigma_rows.tail(t).setConstant(h == 1 ? 1 : 0);
  }
  // σ² = e'e / (2·N) for first differences with H ≠ I (Var Δε = 2σ²), e'e / N
  // otherwise, N the observations of the main equation (levels rows in system
  // GMM), as in the xtabond2 of Roodman (2009); xtabond2 ≥ 2.8.3 divides by the
  // transformed rows instead.
  (void)n_transformed;
  sys.weights = row_w;
  sys.sigma_divisor = (orthogonal || h == 1 ? 1.0 : 2.0) * wttot;
  kernel::GmmOptions go;
  go.twostep = twostep;
  go.robust = robust;
  kernel::GmmFit fit = kernel::gmm_fit(sys, go);
  if (fit.j0 > n_used_groups)
    session.console.println("Warning: Number of instruments may be large relative to number of observations.");
  if (fit.j0 > n_obs)
    session.console.println(fmt::format(
        "Warning: {} instruments exceed the {} observations; the Sargan/Hansen tests are uninformative.",
        fit.j0, format_default(n_obs)));
  if (!onestep_nonrobust && fit.a2_dropped) {
    session.console.println("Warning: Two-step estimated covariance matrix of moments is singular.");
    session.console.println(fmt::format("  Using a generalized inverse to calculate {}.",
                                        twostep ? "optimal weighting matrix for two-step estimation"
                                                : "robust weighting matrix for Hansen test"));
    if (diffsargan) session.console.println("  Difference-in-Sargan/Hansen statistics may be negative.");
  }
  const double sargan_df = fit.j0 - static_cast<double>(k);

  // Small-sample correction: N/(N−k) for the one-step non-robust VCE and σ²;
  // N/(N−k+1)·G/(G−1) for the robust and corrected VCEs, k the coefficients
  // (_cons included). The latter is what Roodman (2009) prints for both its
  // difference (k = 16) and system (k = 13) examples; xtabond2 3.7 uses
  // (N−1)/(N−k)·G/(G−1).
  MatrixXd v = fit.v;
  double sig2 = fit.sig2;
  const double kd = static_cast<double>(k);
  const double slopes = kd - (constant ? 1 : 0);
  if (small) {
    const double factor = wttot / (wttot - kd);
    const double n_c = clustvar.empty() ? n_used_groups : n_clusters;
    v *= onestep_nonrobust ? factor : n_obs / (n_obs - kd + 1) * n_c / (n_c - 1);
    sig2 *= factor;
  }
  // Model test: every coefficient but _cons, with df = rank of the main-equation
  // regressors less the constant (Roodman 2009 prints chi2(16) for the 16
  // differenced regressors of Arellano–Bond a1: no further check whether a
  // constant lies in their span).
  double df_m;
  {
    MatrixXd xm(static_cast<Index>(n_g) * t, k);
    for (Index g = 0; g < n_g; ++g)
      xm.middleRows(g * t, t) = sys.x.middleRows(g * r_g + (system ? t : 0), t);
    df_m = static_cast<double>(k - kernel::invsym(xm.transpose() * xm).dropped) - (constant ? 1 : 0);
  }
  const Index n_slopes = static_cast<Index>(slopes);
  const double wald =
      fit.b.head(n_slopes).dot(kernel::invsym(v.topLeftCorner(n_slopes, n_slopes)).inv * fit.b.head(n_slopes));
  const double df_r =
      (onestep_nonrobust ? n_obs_eff - df_m : clustvar.empty() ? n_used_groups : n_clusters) - (constant ? 1 : 0);

  // Difference-in-Sargan/Hansen: the GMM instruments for levels (system GMM),
  // each gmm() group, each iv() group — in the order xtabond2 reports them.
  struct DiffTest {
    std::string label;
    kernel::DiffSargan res;
  };
  std::vector<DiffTest> diff_tests;
  if (diffsargan) {
    std::vector<int> all_iv, all_gmm;
    for (Index c = 0; c < j_iv; ++c) all_iv.push_back(static_cast<int>(c));
    for (Index c = j_iv; c < j; ++c) all_gmm.push_back(static_cast<int>(c));
    auto run = [&](const std::string& label, std::vector<int> keep_cols) {
      kernel::DiffSargan r = kernel::gmm_diff_sargan(sys, fit, keep_cols);
      if (r.valid) diff_tests.push_back({label, r});
    };
    if (!gmms.empty()) {
      if (system) {
        std::vector<int> cols = all_iv;
        for (const auto& g : gmms)
          if (!g.full_levels)
            for (int c = 0; c < g.n_main_cols; ++c) cols.push_back(g.first_col + c);
        run("GMM instruments for levels", cols);
      }
      for (auto it = gmms.rbegin(); it != gmms.rend(); ++it) {
        std::vector<int> cols = all_iv;
        for (int c : all_gmm)
          if (c < it->first_col || c >= it->first_col + it->n_cols) cols.push_back(c);
        run(it->text, cols);
      }
    }
    for (auto it = ivs.begin(); it != ivs.end(); ++it) {
      if (it->text.empty()) continue;
      std::vector<int> cols;
      for (int c : all_iv)
        if (c < it->first_col || c >= it->first_col + it->base.cols()) cols.push_back(c);
      cols.insert(cols.end(), all_gmm.begin(), all_gmm.end());
      run(it->text, cols);
    }
  }

  // Arellano–Bond tests on the transformed (or, with arlevels, levels) residuals.
  std::vector<kernel::ArTest> ar;
  {
    kernel::ArInput in;
    in.periods = t;
    in.w.resize(t, n_g);
    in.use.resize(t, n_g);
    in.x.resize(static_cast<Index>(n_g) * t, k);
    const int block = arlevels ? 1 : 0;
    for (Index g = 0; g < n_g; ++g)
      for (Index s = 0; s < t; ++s) in.use(s, g) = use[static_cast<size_t>(row_of(g, block, s))];
    if (orthogonal && !arlevels) {
      // Test first differences of the residuals, not orthogonal deviations.
      MatrixXd resid(nt, 1);
      resid.col(0) = y0 - x0 * fit.b;
      MatrixXd dres = first_diff(resid, t, kNaN);
      MatrixXd dx = first_diff(x0, t, kNaN);
      edit_missing(dres, 0);
      edit_missing(dx, 0);
      for (Index g = 0; g < n_g; ++g)
        for (Index s = 0; s < t; ++s) in.w(s, g) = dres(g * t + s, 0);
      in.x = dx;
      in.wl = in.w;
      if (wt0.size()) {
        // Weighted with the raw weights, as xtabond2 does here.
        for (Index slot = 0; slot < nt; ++slot) {
          const double wv = std::isnan(wt0(slot)) ? 0 : wt0(slot);
          in.w(slot % t, slot / t) *= wv;
          in.x.row(slot) *= wv;
        }
      }
    } else {
      for (Index g = 0; g < n_g; ++g) {
        for (Index s = 0; s < t; ++s) in.w(s, g) = fit.e(row_of(g, block, s));
        in.x.middleRows(g * t, t) = sys.x.middleRows(row_of(g, block, 0), t);
      }
      in.wl = in.w;
      if (wt0.size())  // unweighted residuals are lagged (divided by the raw weight)
        for (Index slot = 0; slot < nt; ++slot) {
          const double wv = wt0(slot);
          in.wl(slot % t, slot / t) = std::isnan(wv) || wv == 0 ? 0 : in.w(slot % t, slot / t) / wv;
        }
    }
    if (onestep_nonrobust) {
      in.h = h_matrix(arlevels ? 1 : h, false, false, false, t) * sig2;
      const MatrixXd psi = h_matrix(h, false, orthogonal, false, t) * sig2;
      in.psi = MatrixXd::Zero(t, r_g);
      in.psi.middleCols(arlevels ? t : 0, t) = psi;
      if (row_w.size()) {
        in.row_weights.resize(t, n_g);
        for (Index g = 0; g < n_g; ++g)
          for (Index s = 0; s < t; ++s) in.row_weights(s, g) = row_w(row_of(g, 0, s));
      }
    }
    ar = kernel::gmm_ar_tests(sys, fit, in, artests, onestep_nonrobust);
  }

  // --- Post
  session.e.clear();
  auto& e = session.e;
  {
    Matrix b(1, static_cast<int>(k)), vm(static_cast<int>(k), static_cast<int>(k));
    b.rownames = {"y1"};
    b.colnames = xnames;
    vm.rownames = xnames;
    vm.colnames = xnames;
    for (int r = 0; r < k; ++r) {
      b.at(0, r) = fit.b(r);
      for (int c = 0; c < k; ++c) vm.at(r, c) = v(r, c);
    }
    e.set_matrix("b", std::move(b));
    e.set_matrix("V", std::move(vm));
  }
  session.set_esample(esample);
  e.set_macro("depvar", args.vars.front().name);
  if (!wtype.empty()) {
    e.set_macro("wtype", wtype);
    e.set_macro("wexp", "= " + util::trim(args.cmd && args.cmd->weight_exp ? args.cmd->weight_exp->text : ""));
  }
  e.set_scalar("N", n_obs);
  e.set_scalar("N_g", n_used_groups);
  e.set_scalar("g_min", g_min);
  e.set_scalar("g_max", g_max);
  e.set_scalar("g_avg", n_obs / n_used_groups);
  e.set_scalar("j", fit.j0);
  e.set_scalar("j0", j_formula);
  e.set_scalar("sargan", fit.sargan);
  e.set_scalar("sar_df", sargan_df);
  e.set_scalar("sarganp", display::chi2tail(session, sargan_df, fit.sargan));
  if (fit.has_hansen) {
    e.set_scalar("hansen", fit.hansen);
    e.set_scalar("hansen_df", sargan_df);
    e.set_scalar("hansenp", display::chi2tail(session, sargan_df, fit.hansen));
  }
  e.set_scalar("sig2", sig2);
  e.set_scalar("sigma", std::sqrt(sig2));
  e.set_scalar("artests", artests);
  e.set_scalar("df_m", df_m);
  e.set_scalar("h", h);
  if (small) {
    const double f = df_m > 0 ? wald / df_m : missing::kSysmiss;
    e.set_scalar("F", f);
    e.set_scalar("F_p", df_m > 0 ? display::Ftail(session, df_m, df_r, f) : missing::kSysmiss);
    e.set_scalar("df_r", df_r);
    e.set_macro("small", "small");
  } else {
    e.set_scalar("chi2", df_m > 0 ? wald : missing::kSysmiss);
    e.set_scalar("chi2p", df_m > 0 ? display::chi2tail(session, df_m, wald) : missing::kSysmiss);
  }
  for (int i = 0; i < artests; ++i) {
    const auto& a = ar[static_cast<size_t>(i)];
    e.set_scalar(fmt::format("ar{}", i + 1), a.defined ? a.z : missing::kSysmiss);
    e.set_scalar(fmt::format("ar{}p", i + 1), a.defined ? a.p : missing::kSysmiss);
  }
  if (!diff_tests.empty()) {
    Matrix m(5, static_cast<int>(diff_tests.size()));
    m.rownames = {"Unrestricted Sargan/Hansen", "Difference in Sargan", "Instruments generated",
                  "Unrestricted Sargan p", "Difference in Sargan p"};
    for (size_t i = 0; i < diff_tests.size(); ++i) {
      const auto& d = diff_tests[i].res;
      const int c = static_cast<int>(i);
      std::string name = diff_tests[i].label;
      name.erase(std::remove(name.begin(), name.end(), '.'), name.end());
      m.colnames.push_back(name.substr(0, 32));
      m.at(0, c) = d.excluded;
      m.at(1, c) = d.difference;
      m.at(2, c) = d.df;
      m.at(3, c) = display::chi2tail(session, sargan_df - d.df, d.excluded);
      m.at(4, c) = display::chi2tail(session, d.df, d.difference);
      e.set_macro(fmt::format("diffgroup{}", i + 1), diff_tests[i].label);
    }
    e.set_matrix("diffsargan", std::move(m));
  }
  {
    std::vector<double> eq, pass, mz;
    for (size_t i = 0; i < ivs.size(); ++i) {
      e.set_macro(fmt::format("ivinsts{}", i + 1), ivs[i].names);
      eq.push_back(ivs[i].equation);
      pass.push_back(ivs[i].passthru);
      mz.push_back(ivs[i].mz);
    }
    if (!ivs.empty()) {
      e.set_matrix("ivequation", row_matrix(eq));
      e.set_matrix("ivpassthru", row_matrix(pass));
      e.set_matrix("ivmz", row_matrix(mz));
    }
  }
  if (!gmms.empty()) {
    std::vector<double> eq, pass, col, orth;
    Matrix lags(2, static_cast<int>(gmms.size()));
    lags.rownames = {"r1", "r2"};
    for (size_t i = 0; i < gmms.size(); ++i) {
      e.set_macro(fmt::format("gmminsts{}", i + 1), gmms[i].names);
      eq.push_back(gmms[i].equation);
      pass.push_back(gmms[i].passthru);
      col.push_back(gmms[i].collapse);
      orth.push_back(gmms[i].orthogonal);
      lags.colnames.push_back("c" + std::to_string(i + 1));
      lags.at(0, static_cast<int>(i)) = gmms[i].lo;
      lags.at(1, static_cast<int>(i)) = gmms[i].hi;
    }
    e.set_matrix("gmmequation", row_matrix(eq));
    e.set_matrix("gmmpassthru", row_matrix(pass));
    e.set_matrix("gmmcollapse", row_matrix(col));
    e.set_matrix("gmmorthogonal", row_matrix(orth));
    e.set_matrix("gmmlaglimits", std::move(lags));
  }
  e.set_macro("transform", orthogonal ? "orthogonal deviations" : "first differences");
  e.set_macro("esttype", system ? "system" : "difference");
  e.set_macro("artype", arlevels ? "levels" : "first differences");
  e.set_macro("ivar", ivar);
  e.set_macro("tvar", tvar);
  if (twostep) e.set_macro("twostep", "twostep");
  if (robust) {
    e.set_macro("robust", "robust");
    e.set_macro("vcetype", twostep ? "Corrected" : "Robust");
    e.set_macro("vce", twostep ? "corrected" : "robust");
  } else {
    e.set_macro("vce", "gmm");
  }
  if (!clustvar.empty()) {
    e.set_macro("clustvar", clustvar);
    e.set_scalar("Nclust1", n_clusters);
    e.set_scalar("N_clust", n_clusters);
  }
  e.set_macro("marginsok", "XB default");
  e.set_macro("predict", "xtab2_p");
  e.set_macro("cmdline", "xtabond2 " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("properties", "b V");
  e.set_macro("cmd", "xtabond2");

  // --- Display
  xtabond2::display(session, level);
}

}  // namespace xtdo
