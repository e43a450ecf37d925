// Cross-products of a block of rows, added to a running sum: the building block of
// one-pass moment accumulation (iv_moments, the IV designs' collinearity check).
#pragma once

#include <Eigen/Dense>

namespace xtdo::kernel {

/// lower += (first `rows` rows of blk)'(same), lower triangle only. Few columns:
/// one dot product per pair (vectorised along the rows, which is several times
/// faster than a rank update for a handful of columns); many columns: a product.
inline void add_block_cross(const Eigen::MatrixXd& blk, Eigen::Index rows, Eigen::MatrixXd& lower) {
  const Eigen::Index p = blk.cols();
  if (p <= 16) {
    for (Eigen::Index a = 0; a < p; ++a) {
      const auto ca = blk.col(a).head(rows);
      for (Eigen::Index b = 0; b <= a; ++b) lower(a, b) += ca.dot(blk.col(b).head(rows));
    }
    return;
  }
  lower.selfadjointView<Eigen::Lower>().rankUpdate(blk.topRows(rows).transpose());
}

}  // namespace xtdo::kernel
