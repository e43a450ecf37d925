// Shared by newey and xtscc: the tsset/xtset time variable as integer periods
// over the estimation sample, and the Wald F test of the slopes under a HAC VCE.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "design.hpp"
#include "xtdo/kernel/ols.hpp"

namespace xtdo::est {

/// (t − t_min) / delta for every design row; throws 111 when the data are not
/// tsset/xtset ("time variable not set").
std::vector<int64_t> time_periods(const Session& session, const Design& design);

/// Wald test that every estimated slope is zero (the constant, when fitted, is
/// last in OlsResult order and excluded): F = W / rank, or missing when V cannot
/// test every slope. `df_m` receives the numerator degrees of freedom.
double slope_f(const kernel::OlsResult& fit, const Eigen::MatrixXd& v, double* df_m);

}  // namespace xtdo::est
