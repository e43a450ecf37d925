// The one-way fixed-effects fit shared by xtreg, fe and areg: the within
// transformation with the grand mean added back, least squares on the
// transformed data, and the pooled fit used by the F test of the absorbed effects.
#pragma once

#include <Eigen/Dense>

#include "design.hpp"
#include "xtdo/kernel/ols.hpp"

namespace xtdo::est {

struct WithinFit {
  /// OLS of ỹ on X̃ and a constant, where z̃ = z − z̄_g + z̿ ([XT] xtreg, Methods
  /// and formulas): the slopes are the within estimates and `_cons` = ȳ − x̄'b.
  kernel::OlsResult fit;
  Eigen::MatrixXd xt;  ///< the transformed regressors (for robust/cluster VCEs)
  double tss = 0;      ///< Σ w (y − ȳ)² of the untransformed y (the LSDV total)
  int slopes = 0;      ///< K: regressors kept (not absorbed, not collinear)
  /// Collinear columns of Design::x (absorbed by the effects or dependent), in
  /// kernel order, for est::mark_collinear.
  std::vector<uint8_t> omitted_columns;
};

/// Fit the within model; `groups` codes the absorbed variable over design rows.
WithinFit within_fit(const Design& design, const Codes& groups);

/// Residual sum of squares of the pooled regression of y on the kept regressors
/// and a constant (same weights): the restricted model of the F test that all
/// absorbed effects are zero.
double pooled_rss(const Design& design, const std::vector<uint8_t>& omitted_columns);

}  // namespace xtdo::est
