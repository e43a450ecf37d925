// Panel bookkeeping shared by the xt estimators: panel codes and sizes, checks
// on weights and clusters, linear predictions and the within/between/overall
// R² that xtreg reports.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "design.hpp"

namespace xtdo::est {

struct Panel {
  Codes codes;                ///< panel code of each design row
  std::vector<int64_t> size;  ///< T_i, observations per panel
  double g_min = 0, g_avg = 0, g_max = 0;
  bool balanced = false;  ///< every panel has the same T_i
};

/// Panels of the design's sample, coded in ascending order of `ivar`.
Panel make_panel(const Dataset& data, const std::string& ivar, const Design& design);

/// Is `v` constant within every group?
bool constant_within(const Eigen::VectorXd& v, const Codes& groups);

/// Is every group of `inner` inside a single group of `outer`?
bool nested_in(const Codes& inner, const Codes& outer);

/// xb = X b (+ _cons) over the design rows; `coef` in kernel order (design
/// columns, then the constant when `constant`).
Eigen::VectorXd linear_prediction(const Design& design, const Eigen::VectorXd& coef, bool constant);

/// Pearson correlation (unweighted); missing when either side is constant.
double correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

/// R² as xtreg reports it for every model: squared correlations of xb with y
/// overall, of their panel means (one per panel), and of their deviations from
/// the panel means.
struct PanelR2 {
  double within = 0, between = 0, overall = 0;
};
PanelR2 panel_r2(const Design& design, const Eigen::VectorXd& xb, const Panel& panel);

/// What xtreg, fe reports about the fixed effects: u_i = mean over the panel of
/// y − xb; sigma_u = their standard deviation across panels (one value per
/// panel, divisor N_g − 1); corr = corr(u_i, xb) over observations; and the
/// between and overall R².
struct PanelMoments {
  double sigma_u = 0, corr = 0, r2_b = 0, r2_o = 0;
};
PanelMoments fe_moments(const Design& design, const Eigen::VectorXd& coef, const Panel& panel);

/// Unweighted panel means of the columns of `data` (rows = design rows).
Eigen::MatrixXd panel_means(const Eigen::MatrixXd& data, const Panel& panel);

/// Summarize's percentile of unweighted values ([R] summarize): with P = N·p/100,
/// the mean of the P-th and (P+1)-th order statistics when P is an integer, else
/// the ⌈P⌉-th (the theta percentiles of the random-effects commands).
double summarize_percentile(std::vector<double> x, int p);

}  // namespace xtdo::est
