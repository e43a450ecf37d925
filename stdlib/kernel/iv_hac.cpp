// ivreg2's kernels (livreg2's m_calckw), the lag-pair sums of its HAC and AC meats
// and its automatic bandwidth (abw). Pairs are found by one sort on (panel, time) and
// a backward scan that stops at the largest lag, so a sum costs O(N · lags · p):
// every lag (T − 1 per panel) for the spectral windows, ⌊bw⌋ for the others.
#include "iv_hac.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace xtdo::kernel {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// Calls fn(later, earlier, lag) for every pair of rows in the same group whose
// periods differ by an integer lag in 1..max_lag (gaps respected: absent periods
// simply have no pair). Periods are in units of delta.
template <class Fn>
void for_each_lag_pair(Eigen::Index n, const std::vector<int32_t>& group,
                       const std::vector<double>& time, int max_lag, Fn&& fn) {
  if (max_lag < 1 || n < 2) return;
  auto g = [&](Eigen::Index i) { return group.empty() ? 0 : group[static_cast<size_t>(i)]; };
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return g(a) != g(b) ? g(a) < g(b) : time[static_cast<size_t>(a)] < time[static_cast<size_t>(b)];
  });
  for (size_t p = 1; p < order.size(); ++p) {
    const Eigen::Index now = order[p];
    for (size_t q = p; q-- > 0;) {
      const Eigen::Index before = order[q];
      if (g(before) != g(now)) break;
      const double gap = time[static_cast<size_t>(now)] - time[static_cast<size_t>(before)];
      if (gap > max_lag + 0.5) break;
      const double lag = std::round(gap);
      // ivreg2 pairs rows through L(τ).tindex, so only whole multiples of delta count.
      if (lag < 1 || std::fabs(gap - lag) > 1e-9) continue;
      fn(now, before, static_cast<int>(lag));
    }
  }
}

std::vector<double> lag_weights(const IvMeat& meat, int max_lag) {
  std::vector<double> w(static_cast<size_t>(max_lag) + 1, 0.0);
  for (int tau = 1; tau <= max_lag; ++tau)
    w[static_cast<size_t>(tau)] = iv_kernel_weight(meat.kernel, tau, meat.bandwidth);
  return w;
}

}  // namespace

double iv_kernel_weight(IvMeat::Kernel kernel, double tau, double bw) {
  const double z = tau / bw;
  switch (kernel) {
    case IvMeat::Kernel::kBartlett:
      return z <= 1 ? 1 - z : 0;
    case IvMeat::Kernel::kParzen:
      if (z <= 0.5) return 1 - 6 * z * z + 6 * z * z * z;
      return z <= 1 ? 2 * (1 - z) * (1 - z) * (1 - z) : 0;
    case IvMeat::Kernel::kTruncated:
      return z <= 1 ? 1 : 0;
    case IvMeat::Kernel::kTukeyHanning:
      return z <= 1 ? 0.5 + 0.5 * std::cos(M_PI * z) : 0;
    case IvMeat::Kernel::kTukeyHamming:
      return z <= 1 ? 0.54 + 0.46 * std::cos(M_PI * z) : 0;
    case IvMeat::Kernel::kQuadraticSpectral: {
      const double a = 6 * M_PI * z / 5;
      return 25 / (12 * M_PI * M_PI * z * z) * (std::sin(a) / a - std::cos(a));
    }
    case IvMeat::Kernel::kDaniell:
      return std::sin(M_PI * z) / (M_PI * z);
    case IvMeat::Kernel::kTent:
      // livreg2 writes cos(tau * karg): the argument is τ²/bw, not τ/bw.
      return 2 * (1 - std::cos(tau * z)) / (z * z);
  }
  return 0;
}

bool iv_kernel_spectral(IvMeat::Kernel kernel) {
  return kernel == IvMeat::Kernel::kQuadraticSpectral || kernel == IvMeat::Kernel::kDaniell ||
         kernel == IvMeat::Kernel::kTent;
}

int iv_max_lag(const IvMeat& meat) {
  const double top = iv_kernel_spectral(meat.kernel) ? meat.spectral_lags : meat.bandwidth;
  return top >= 1 ? static_cast<int>(std::floor(top + 1e-12)) : 0;
}

namespace detail {

MatrixXd kron(const MatrixXd& a, const MatrixXd& b) {
  MatrixXd out(a.rows() * b.rows(), a.cols() * b.cols());
  for (Eigen::Index r = 0; r < a.rows(); ++r)
    for (Eigen::Index c = 0; c < a.cols(); ++c)
      out.block(r * b.rows(), c * b.cols(), b.rows(), b.cols()) = a(r, c) * b;
  return out;
}

MatrixXd hac_sum(const MatrixXd& s, const std::vector<int32_t>& group,
                 const std::vector<double>& time, const IvMeat& meat) {
  // S'S + S'(WS) with W_ab = k(|t_a − t_b|) for pairs in a group: WS is built row by
  // row (columns of the transposes, contiguous) at O(p) per pair.
  const int max_lag = iv_max_lag(meat);
  const std::vector<double> w = lag_weights(meat, max_lag);
  const MatrixXd st = s.transpose();
  MatrixXd wst = MatrixXd::Zero(st.rows(), st.cols());
  for_each_lag_pair(s.rows(), group, time, max_lag,
                    [&](Eigen::Index now, Eigen::Index before, int lag) {
                      const double k = w[static_cast<size_t>(lag)];
                      if (k == 0) return;
                      wst.col(now) += k * st.col(before);
                      wst.col(before) += k * st.col(now);
                    });
  MatrixXd m = st * s + st * wst.transpose();
  return (m + m.transpose()) / 2;
}

MatrixXd ac_sum(const MatrixXd& b, const MatrixXd& v, const IvMeat& meat) {
  const Eigen::Index n = b.rows(), p = b.cols(), m = v.cols();
  const double nn = static_cast<double>(n);
  const int max_lag = iv_max_lag(meat);
  const std::vector<double> w = lag_weights(meat, max_lag);
  if (m == 1) {
    // Scalar residual: Σ_τ k(τ) σ_τ (C_τ + C_τ') = B'(W̃B) with W̃_ab = k(τ_ab) σ_τab / N,
    // the autocovariances σ_τ first (one pass), then the weighted sum (a second).
    std::vector<double> sigma(static_cast<size_t>(max_lag) + 1, 0.0);
    for_each_lag_pair(n, meat.panel, meat.time, max_lag,
                      [&](Eigen::Index now, Eigen::Index before, int lag) {
                        sigma[static_cast<size_t>(lag)] += v(now, 0) * v(before, 0);
                      });
    std::vector<double> omega(sigma.size(), 0.0);
    for (size_t tau = 1; tau < sigma.size(); ++tau) omega[tau] = w[tau] * sigma[tau] / nn;
    const MatrixXd bt = b.transpose();
    MatrixXd wbt = MatrixXd::Zero(p, n);
    for_each_lag_pair(n, meat.panel, meat.time, max_lag,
                      [&](Eigen::Index now, Eigen::Index before, int lag) {
                        const double k = omega[static_cast<size_t>(lag)];
                        if (k == 0) return;
                        wbt.col(now) += k * bt.col(before);
                        wbt.col(before) += k * bt.col(now);
                      });
    MatrixXd out = v.squaredNorm() / nn * (bt * b) + bt * wbt.transpose();
    return (out + out.transpose()) / 2;
  }
  // Several residual columns (ranktest's Kronecker form): accumulate C_τ and Σ^vv_τ.
  std::vector<MatrixXd> c(static_cast<size_t>(max_lag) + 1, MatrixXd::Zero(p, p));
  std::vector<MatrixXd> sv(static_cast<size_t>(max_lag) + 1, MatrixXd::Zero(m, m));
  for_each_lag_pair(n, meat.panel, meat.time, max_lag,
                    [&](Eigen::Index now, Eigen::Index before, int lag) {
                      if (w[static_cast<size_t>(lag)] == 0) return;
                      c[static_cast<size_t>(lag)] += b.row(now).transpose() * b.row(before);
                      sv[static_cast<size_t>(lag)] += v.row(now).transpose() * v.row(before);
                    });
  MatrixXd out = kron(v.transpose() * v / nn, b.transpose() * b);
  for (int tau = 1; tau <= max_lag; ++tau) {
    const double k = w[static_cast<size_t>(tau)];
    if (k == 0) continue;
    const MatrixXd term = kron(sv[static_cast<size_t>(tau)] / nn, c[static_cast<size_t>(tau)]);
    out += k * (term + term.transpose());
  }
  return out;
}

}  // namespace detail

IvAutoBandwidth iv_auto_bandwidth(const VectorXd& u, const MatrixXd& z,
                                  const std::vector<double>& time, IvMeat::Kernel kernel,
                                  double tobs) {
  IvAutoBandwidth out;
  // Newey and West (1994) as ivreg2's abw: exponent e, order q and constant c_γ.
  double expo = 2.0 / 9, q = 1, cgamma = 1.1447;
  if (kernel == IvMeat::Kernel::kParzen) {
    expo = 4.0 / 25, q = 2, cgamma = 2.6614;
  } else if (kernel == IvMeat::Kernel::kQuadraticSpectral) {
    expo = 2.0 / 25, q = 2, cgamma = 1.3221;
  } else if (kernel != IvMeat::Kernel::kBartlett) {
    out.ok = false;
    return out;
  }
  const Eigen::Index n = u.size();
  out.mstar = static_cast<int>(std::trunc(20 * std::pow(tobs / 100, expo)));
  // f_t = u_t Σ_j z_tj: the moments weighted by h = 1 (0 for the constant, left out).
  const VectorXd f = u.cwiseProduct(z.rowwise().sum());
  std::vector<double> sigma(static_cast<size_t>(out.mstar) + 1, 0.0);
  sigma[0] = f.squaredNorm();
  for_each_lag_pair(n, {}, time, out.mstar, [&](Eigen::Index now, Eigen::Index before, int lag) {
    sigma[static_cast<size_t>(lag)] += f(now) * f(before);
  });
  for (double& s : sigma) s /= static_cast<double>(n);
  double shat_q = 0, shat_0 = sigma[0];
  for (int j = 1; j <= out.mstar; ++j) {
    shat_q += 2 * sigma[static_cast<size_t>(j)] * std::pow(j, q);
    shat_0 += 2 * sigma[static_cast<size_t>(j)];
  }
  const double expon = 1 / (2 * q + 1);
  out.gamma = cgamma * std::pow((shat_q / shat_0) * (shat_q / shat_0), expon);
  out.lag = out.gamma * std::pow(tobs, expon);
  const double optlag = kernel == IvMeat::Kernel::kQuadraticSpectral
                            ? std::min(out.lag, static_cast<double>(out.mstar))
                            : std::min(std::trunc(out.lag), static_cast<double>(out.mstar));
  out.bw = optlag + 1;
  return out;
}

}  // namespace xtdo::kernel
