// Private to the kernel: the in-order Cholesky factorisation that skips dependent
// columns, shared by the collinearity rule (ols.cpp) and Wald tests (vce.cpp).
#pragma once

#include <Eigen/Dense>
#include <vector>

namespace xtdo::kernel::detail {

struct InOrderCholesky {
  std::vector<Eigen::Index> kept;  ///< indices of the independent columns, in order
  Eigen::MatrixXd lower;           ///< lower Cholesky factor of a[kept, kept]
};

/// Factor the symmetric positive semi-definite `a` column by column in the given
/// order; column j is kept when its pivot — what is left of a(j,j) after the kept
/// columns before it — exceeds tolerance × reference(j) (and a(j,j) > 0). A later
/// column dependent on earlier ones is therefore the one dropped (`_rmcoll`).
InOrderCholesky in_order_cholesky(const Eigen::MatrixXd& a, const Eigen::VectorXd& reference,
                                  double tolerance);

}  // namespace xtdo::kernel::detail
