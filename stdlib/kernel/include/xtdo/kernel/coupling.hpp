// The coupling coordination degree of two or three subsystem indices: coupling
// degree C, comprehensive development index T and coordination degree D = sqrt(C T).
#pragma once

#include <Eigen/Dense>

namespace xtdo::kernel {

enum class CouplingFormula {
  /// C = n (Π U_i)^(1/n) / Σ U_i = [Π U_i / ((1/n) Σ U_i)^n]^(1/n)
  kStandard,
  /// Wang, Kong, Ren, Zhi & Dai (2021): C = sqrt{[1 − Σ_{i>j} |U_i − U_j| / Σ_{m=1}^{n−1} m]
  ///                                          × [Π (U_i / max U)]^(1/(n−1))}
  kWang,
};

struct Coupling {
  Eigen::VectorXd c;  ///< coupling degree C per row; NaN when it is 0/0 (all U = 0)
  Eigen::VectorXd t;  ///< T = Σ α_i U_i
  Eigen::VectorXd d;  ///< D = sqrt(C T)
};

/// `u_nk`: one column per subsystem (n = 2 or 3 columns), values ≥ 0. `alpha`:
/// the weights of T (length n, summing to 1).
Coupling coupling(Eigen::Ref<const Eigen::MatrixXd> u_nk, Eigen::Ref<const Eigen::VectorXd> alpha,
                  CouplingFormula formula);

}  // namespace xtdo::kernel
