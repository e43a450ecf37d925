// Composite indices from several indicators: standardisation (min–max, z-score,
// vector), the entropy weight method and entropy-weighted TOPSIS. Pure functions on
// an N × K indicator matrix; the caller has removed missing rows and constant columns.
#pragma once

#include <Eigen/Dense>
#include <vector>

namespace xtdo::kernel {

/// Whether a larger indicator value is better (benefit) or worse (cost).
enum class Direction { kPositive, kNegative };

/// Column standardisations.
enum class Scaling {
  kMinMax,  ///< (x − min)/(max − min) for positive, (max − x)/(max − min) for negative
  kZScore,  ///< (x − mean)/sd with the N − 1 divisor; negated for negative indicators
  kVector,  ///< x / sqrt(Σ x²); direction is not applied (TOPSIS uses it at the ideals)
};

/// Standardise each column of `x_nk` with `method`; `direction` has one entry per
/// column. `shift` is added to every standardised value (the translation used to
/// keep ln p finite in the entropy method). Constant columns (max = min, sd = 0,
/// or all zero for kVector) give NaN: callers must reject them first.
Eigen::MatrixXd standardize(Eigen::Ref<const Eigen::MatrixXd> x_nk,
                            const std::vector<Direction>& direction, Scaling method,
                            double shift = 0.0);

/// Indices of columns whose values are all equal (max = min).
std::vector<int> constant_columns(Eigen::Ref<const Eigen::MatrixXd> x_nk);

/// Entropy weights of a non-negative matrix (rows = alternatives/observations).
struct EntropyWeights {
  Eigen::VectorXd e;  ///< information entropy e_j = −(1/ln N) Σ_i p_ij ln p_ij, 0·ln 0 = 0
  Eigen::VectorXd d;  ///< degree of divergence (redundancy) d_j = 1 − e_j
  Eigen::VectorXd w;  ///< weights w_j = d_j / Σ_j d_j
};

/// The entropy weight method on standardised data `z_nk` (all values ≥ 0, N ≥ 2,
/// each column with a positive sum): p_ij = z_ij / Σ_i z_ij. A column summing to 0
/// gets e = d = w = NaN, and so do all weights when Σ d = 0.
EntropyWeights entropy_weights(Eigen::Ref<const Eigen::MatrixXd> z_nk);

struct EntropyIndexOptions {
  std::vector<Direction> direction;  ///< one per column (empty = all positive)
  double shift = 0.0;                ///< added after min–max standardisation
  double scale = 1.0;                ///< multiplies the score
};

struct EntropyIndexResult {
  EntropyWeights weights;
  Eigen::MatrixXd z;      ///< min–max standardised values, shift included
  Eigen::VectorXd score;  ///< scale · Σ_j w_j z_ij
};

/// The entropy weight method with min–max standardisation and the composite score.
EntropyIndexResult entropy_index(Eigen::Ref<const Eigen::MatrixXd> x_nk,
                                 const EntropyIndexOptions& options);

struct TopsisOptions {
  std::vector<Direction> direction;  ///< one per column (empty = all positive)
  Scaling normalization = Scaling::kMinMax;  ///< kMinMax or kVector
  double shift = 0.0;                ///< translation for the entropy weights
  Eigen::VectorXd weights;           ///< given weights (length K); empty = entropy weights
};

struct TopsisResult {
  EntropyWeights entropy;     ///< filled when the weights are entropy weights
  Eigen::VectorXd w;          ///< weights used
  Eigen::VectorXd ideal_pos;  ///< positive ideal solution V+ (weighted, normalised scale)
  Eigen::VectorXd ideal_neg;  ///< negative ideal solution V−
  Eigen::VectorXd d_pos;      ///< Euclidean distance to V+
  Eigen::VectorXd d_neg;      ///< Euclidean distance to V−
  Eigen::VectorXd closeness;  ///< C = D− / (D+ + D−); NaN when D+ + D− = 0
};

/// Entropy-weighted TOPSIS (Hwang & Yoon 1981): weighted normalised matrix
/// v_ij = w_j z_ij, ideal solutions per column (benefit: max/min, cost: min/max; after
/// min–max scaling every column is a benefit column), Euclidean distances, closeness.
/// Entropy weights always come from the min–max standardised data (plus `shift`).
TopsisResult topsis(Eigen::Ref<const Eigen::MatrixXd> x_nk, const TopsisOptions& options);

}  // namespace xtdo::kernel
