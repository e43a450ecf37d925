// Partialling out several high-dimensional fixed effects (the transform behind
// reghdfe): Kaczmarz sweeps, a sparse direct solve or conjugate gradient on the
// symmetric Kaczmarz sweep, plus the bookkeeping reghdfe needs around it
// (singletons, mobility groups, intersections).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <vector>

namespace xtdo::kernel {

/// One absorbed factor: dense codes per observation (0..n_levels-1).
struct FixedEffect {
  std::span<const int32_t> code;
  int32_t n_levels = 0;
};

struct HdfeOptions {
  /// reghdfe's stopping rule for conjugate gradient (Hestenes–Stiefel): stop a column
  /// when sqrt(α_k·‖r_k‖² / (‖y_0‖² − Σ_{j≤k} α_j‖r_j‖²)) ≤ tolerance, i.e. when the
  /// last step's reduction of the error energy is negligible against what is left
  /// (reghdfe's default tolerance is 1e-8).
  double tolerance = 1e-8;
  int max_iterations = 16000;
};

struct HdfeResult {
  int iterations = 0;     ///< iterations of the slowest column (1 with one factor)
  bool converged = true;  ///< every column met the tolerance
  double max_change = 0;  ///< the largest final update error over the columns
};

/// Residualise every column of `data` on all the factors (in place), with weights
/// (empty = unweighted). One factor: a single projection (exact). Several, per
/// column (columns on up to two threads; results do not depend on the split):
///  1. sweep out the first factor, then plain Kaczmarz sweeps (alternating
///     projections, one fused pass per factor) while they converge fast — a
///     balanced panel needs two;
///  2. if they slow down (rate > 0.5): solve the normal equations D'WD α = D'Wy
///     directly by a sparse LDL' factorisation (AMD ordering; built once, level 0
///     of every factor after the first pinned) with iterative refinement until
///     ‖D'W y‖ is at rounding level — exact for chain-like "difficult" designs;
///  3. if that factorisation is too large or singular (several mobility groups):
///     conjugate gradient on (I − S) y = 0, S = M_1 … M_G … M_1 the symmetric
///     Kaczmarz sweep (symmetric PSD in the weighted inner product, fixed points
///     = vectors orthogonal to every factor), with the Hestenes–Stiefel rule above.
/// `iterations` counts sweeps + refinement rounds or CG iterations.
HdfeResult demean_hdfe(Eigen::Ref<Eigen::MatrixXd> data, const std::vector<FixedEffect>& effects,
                       Eigen::Ref<const Eigen::VectorXd> weights, const HdfeOptions& options);

/// The same on separate columns of length n (each contiguous), so that a caller
/// need not gather them into one matrix.
HdfeResult demean_hdfe(const std::vector<double*>& columns, Eigen::Index n,
                       const std::vector<FixedEffect>& effects,
                       Eigen::Ref<const Eigen::VectorXd> weights, const HdfeOptions& options);

/// demean_hdfe without writing the columns, for unweighted data read in place:
/// the first factor's projection and the plain Kaczmarz sweeps of demean_hdfe's
/// phase 1 (the same iterates and stopping rules), carried out on the level
/// coefficients. Column c's residual is x_c[i] − Σ_f coef[c][f][code_f(i)], with
/// x_c[i] read at `rows[i]` when `rows` is given (row i of the data otherwise).
/// Several columns share each pass over the codes (two workers over the columns).
/// `complete` is false when some column needs demean_hdfe's phase 2 (slow mixing):
/// the caller then residualises materialised columns with demean_hdfe instead.
struct HdfeCoefficients {
  bool complete = true;
  HdfeResult result;
  std::vector<std::vector<std::vector<double>>> coef;  ///< [column][factor][level]
};
HdfeCoefficients hdfe_coefficients(const std::vector<const double*>& columns, const int64_t* rows,
                                   Eigen::Index n, const std::vector<FixedEffect>& effects,
                                   const HdfeOptions& options);

/// Observations that are singletons of some factor, found iteratively as reghdfe
/// does: drop every observation alone in its level of any factor, recount, repeat
/// until no factor has a singleton. `weights` (frequency weights; empty = counts)
/// make a level with total weight above 1 not a singleton. Returns 1 = keep.
std::vector<uint8_t> drop_singletons(const std::vector<FixedEffect>& effects,
                                     Eigen::Ref<const Eigen::VectorXd> weights);

/// Renumber codes densely (0..G'-1) keeping the order of the levels that remain
/// among the rows with keep = 1; returns the codes of those rows only.
std::vector<int32_t> compact_codes(std::span<const int32_t> code, int32_t n_levels,
                                   const std::vector<uint8_t>& keep, int32_t* n_out);

/// Connected components of the bipartite graph whose nodes are the levels of two
/// factors and whose edges are the observations (Abowd–Kramarz–Margolis mobility
/// groups): the number of redundant parameters of the second factor given the first.
int32_t mobility_groups(const FixedEffect& a, const FixedEffect& b);

/// Dense codes of the intersection a#b (distinct pairs, in lexicographic order).
std::vector<int32_t> intersect_codes(const FixedEffect& a, const FixedEffect& b, int32_t* n_out);

}  // namespace xtdo::kernel
