// Standardisation, the entropy weight method and entropy-weighted TOPSIS.
#include "xtdo/kernel/entropy.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace xtdo::kernel {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Direction direction_of(const std::vector<Direction>& direction, Eigen::Index col) {
  return direction.empty() ? Direction::kPositive : direction[static_cast<size_t>(col)];
}

}  // namespace

Eigen::MatrixXd standardize(Eigen::Ref<const Eigen::MatrixXd> x_nk,
                            const std::vector<Direction>& direction, Scaling method,
                            double shift) {
  assert(direction.empty() || direction.size() == static_cast<size_t>(x_nk.cols()));
  const Eigen::Index n = x_nk.rows();
  Eigen::MatrixXd z(n, x_nk.cols());
  for (Eigen::Index col = 0; col < x_nk.cols(); ++col) {
    const auto x = x_nk.col(col);
    const bool negative = direction_of(direction, col) == Direction::kNegative;
    switch (method) {
      case Scaling::kMinMax: {
        const double lo = x.minCoeff(), hi = x.maxCoeff();
        const double range = hi - lo;
        if (range == 0) {
          z.col(col).setConstant(kNaN);
          break;
        }
        if (negative)
          z.col(col) = (hi - x.array()) / range;
        else
          z.col(col) = (x.array() - lo) / range;
        break;
      }
      case Scaling::kZScore: {
        const double mean = x.mean();
        const double ss = (x.array() - mean).square().sum();
        const double sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
        if (sd == 0) {
          z.col(col).setConstant(kNaN);
          break;
        }
        z.col(col) = (x.array() - mean) / (negative ? -sd : sd);
        break;
      }
      case Scaling::kVector: {
        const double norm = x.norm();
        if (norm == 0) {
          z.col(col).setConstant(kNaN);
          break;
        }
        z.col(col) = x / norm;
        break;
      }
    }
  }
  if (shift != 0) z.array() += shift;
  return z;
}

std::vector<int> constant_columns(Eigen::Ref<const Eigen::MatrixXd> x_nk) {
  std::vector<int> out;
  for (Eigen::Index col = 0; col < x_nk.cols(); ++col)
    if (x_nk.rows() == 0 || x_nk.col(col).minCoeff() == x_nk.col(col).maxCoeff())
      out.push_back(static_cast<int>(col));
  return out;
}

EntropyWeights entropy_weights(Eigen::Ref<const Eigen::MatrixXd> z_nk) {
  const Eigen::Index n = z_nk.rows(), k = z_nk.cols();
  assert(n >= 2);
  EntropyWeights out;
  out.e.resize(k);
  out.d.resize(k);
  out.w.resize(k);
  const double inv_log_n = 1.0 / std::log(static_cast<double>(n));
  for (Eigen::Index col = 0; col < k; ++col) {
    const auto z = z_nk.col(col);
    const double total = z.sum();
    if (!(total > 0)) {
      out.e(col) = out.d(col) = kNaN;
      continue;
    }
    // Σ p ln p with the limit 0·ln 0 = 0.
    double plogp = 0;
    for (Eigen::Index row = 0; row < n; ++row) {
      const double p = z(row) / total;
      if (p > 0) plogp += p * std::log(p);
    }
    out.e(col) = -inv_log_n * plogp;
    out.d(col) = 1.0 - out.e(col);
  }
  const double sum_d = out.d.sum();  // NaN if any column is degenerate
  if (sum_d > 0)
    out.w = out.d / sum_d;
  else
    out.w.setConstant(kNaN);
  return out;
}

EntropyIndexResult entropy_index(Eigen::Ref<const Eigen::MatrixXd> x_nk,
                                 const EntropyIndexOptions& options) {
  EntropyIndexResult out;
  out.z = standardize(x_nk, options.direction, Scaling::kMinMax, options.shift);
  out.weights = entropy_weights(out.z);
  out.score = options.scale * (out.z * out.weights.w);
  return out;
}

TopsisResult topsis(Eigen::Ref<const Eigen::MatrixXd> x_nk, const TopsisOptions& options) {
  assert(options.normalization == Scaling::kMinMax || options.normalization == Scaling::kVector);
  const Eigen::Index k = x_nk.cols();
  TopsisResult out;
  if (options.weights.size() == 0) {
    out.entropy = entropy_weights(standardize(x_nk, options.direction, Scaling::kMinMax, options.shift));
    out.w = out.entropy.w;
  } else {
    assert(options.weights.size() == k);
    out.w = options.weights;
  }
  Eigen::MatrixXd z = standardize(x_nk, options.direction, options.normalization, 0.0);
  Eigen::MatrixXd v = z * out.w.asDiagonal();
  out.ideal_pos.resize(k);
  out.ideal_neg.resize(k);
  for (Eigen::Index col = 0; col < k; ++col) {
    // After min–max scaling the direction is already applied: every column is a benefit.
    const bool cost = options.normalization == Scaling::kVector &&
                      direction_of(options.direction, col) == Direction::kNegative;
    const double hi = v.col(col).maxCoeff(), lo = v.col(col).minCoeff();
    out.ideal_pos(col) = cost ? lo : hi;
    out.ideal_neg(col) = cost ? hi : lo;
  }
  out.d_pos = (v.rowwise() - out.ideal_pos.transpose()).rowwise().norm();
  out.d_neg = (v.rowwise() - out.ideal_neg.transpose()).rowwise().norm();
  out.closeness.resize(x_nk.rows());
  for (Eigen::Index row = 0; row < x_nk.rows(); ++row) {
    const double total = out.d_pos(row) + out.d_neg(row);
    out.closeness(row) = total > 0 ? out.d_neg(row) / total : kNaN;
  }
  return out;
}

}  // namespace xtdo::kernel
