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

// Rows sorted by (group, time), with the segment of each group: the lag sums work
// in this order so that the inner loops read contiguous memory.
struct LagOrder {
  std::vector<Eigen::Index> order;  // sorted position -> row
  std::vector<double> time;         // periods in sorted order (units of delta)
  std::vector<size_t> seg;          // group segments [seg[g], seg[g + 1])
};

LagOrder lag_order(Eigen::Index n, const std::vector<int32_t>& group,
                   const std::vector<double>& time) {
  LagOrder lo;
  auto g = [&](Eigen::Index i) { return group.empty() ? 0 : group[static_cast<size_t>(i)]; };
  lo.order.resize(static_cast<size_t>(n));
  std::iota(lo.order.begin(), lo.order.end(), Eigen::Index{0});
  std::stable_sort(lo.order.begin(), lo.order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return g(a) != g(b) ? g(a) < g(b) : time[static_cast<size_t>(a)] < time[static_cast<size_t>(b)];
  });
  lo.time.resize(static_cast<size_t>(n));
  for (size_t p = 0; p < lo.order.size(); ++p) {
    lo.time[p] = time[static_cast<size_t>(lo.order[p])];
    if (p == 0 || g(lo.order[p]) != g(lo.order[p - 1])) lo.seg.push_back(p);
  }
  lo.seg.push_back(lo.order.size());
  return lo;
}

// Calls fn(later, earlier, lag) with sorted positions for every pair in the same group
// whose periods differ by a whole lag in 1..max_lag (gaps respected: absent periods
// simply have no pair; ivreg2 pairs rows through L(τ).tindex, so only whole multiples
// of delta count).
template <class Fn>
void for_each_lag_pair_in(const LagOrder& lo, size_t begin, size_t end, int max_lag, Fn&& fn) {
  if (max_lag < 1) return;
  const double* t = lo.time.data();
  for (size_t p = begin + 1; p < end; ++p) {
    for (size_t q = p; q-- > begin;) {
      const double gap = t[p] - t[q];
      if (gap > max_lag + 0.5) break;
      const double lag = std::round(gap);
      if (lag < 1 || std::fabs(gap - lag) > 1e-9) continue;
      fn(p, q, static_cast<int>(lag));
    }
  }
}

template <class Fn>
void for_each_lag_pair(const LagOrder& lo, int max_lag, Fn&& fn) {
  for (size_t g = 0; g + 1 < lo.seg.size(); ++g)
    for_each_lag_pair_in(lo, lo.seg[g], lo.seg[g + 1], max_lag, fn);
}

// The rows of `a` in sorted order (n × m, each column contiguous over time).
MatrixXd sorted_rows(const MatrixXd& a, const LagOrder& lo) {
  MatrixXd out(a.rows(), a.cols());
  for (Eigen::Index c = 0; c < a.cols(); ++c)
    for (size_t p = 0; p < lo.order.size(); ++p)
      out(static_cast<Eigen::Index>(p), c) = a(lo.order[p], c);
  return out;
}

// A gap-free run of whole periods: position differences are then the lags.
bool regular_run(const LagOrder& lo, size_t begin, size_t end) {
  const double* t = lo.time.data();
  if (std::fabs(t[begin] - std::round(t[begin])) > 1e-9) return false;
  for (size_t p = begin + 1; p < end; ++p)
    if (t[p] - t[p - 1] != 1.0) return false;
  return true;
}

// ws[p, :] += Σ_q w[lag(p, q)] s[q, :] over the other rows q of p's group at lags
// 1..max_lag (both directions). Gap-free runs are 1-D convolutions along each column
// (contiguous, vectorised); other runs go pair by pair.
void kernel_smooth(const LagOrder& lo, const std::vector<double>& w, int max_lag,
                   const MatrixXd& s, MatrixXd& ws) {
  if (max_lag < 1) return;
  const Eigen::Index n = s.rows();
  for (size_t g = 0; g + 1 < lo.seg.size(); ++g) {
    const size_t begin = lo.seg[g], end = lo.seg[g + 1];
    if (regular_run(lo, begin, end)) {
      const size_t top = std::min(static_cast<size_t>(max_lag), end - begin - 1);
      for (Eigen::Index c = 0; c < s.cols(); ++c) {
        const double* src = s.data() + c * n;
        double* dst = ws.data() + c * n;
        for (size_t tau = 1; tau <= top; ++tau) {
          const double k = w[tau];
          if (k == 0) continue;
          for (size_t p = begin + tau; p < end; ++p) dst[p] += k * src[p - tau];
          for (size_t p = begin; p + tau < end; ++p) dst[p] += k * src[p + tau];
        }
      }
      continue;
    }
    for_each_lag_pair_in(lo, begin, end, max_lag, [&](size_t now, size_t before, int lag) {
      const double k = w[static_cast<size_t>(lag)];
      if (k == 0) return;
      for (Eigen::Index c = 0; c < s.cols(); ++c) {
        ws(static_cast<Eigen::Index>(now), c) += k * s(static_cast<Eigen::Index>(before), c);
        ws(static_cast<Eigen::Index>(before), c) += k * s(static_cast<Eigen::Index>(now), c);
      }
    });
  }
}

// σ_τ = Σ v_t v_{t−τ} over the pairs τ apart in a group, τ = 1..max_lag.
std::vector<double> lag_autocov(const LagOrder& lo, const double* v, int max_lag) {
  std::vector<double> sigma(static_cast<size_t>(std::max(max_lag, 0)) + 1, 0.0);
  for (size_t g = 0; g + 1 < lo.seg.size(); ++g) {
    const size_t begin = lo.seg[g], end = lo.seg[g + 1];
    if (regular_run(lo, begin, end)) {
      const size_t top = std::min(static_cast<size_t>(std::max(max_lag, 0)), end - begin - 1);
      for (size_t tau = 1; tau <= top; ++tau) {
        double acc = 0;
        for (size_t p = begin + tau; p < end; ++p) acc += v[p] * v[p - tau];
        sigma[tau] += acc;
      }
      continue;
    }
    for_each_lag_pair_in(lo, begin, end, max_lag, [&](size_t now, size_t before, int lag) {
      sigma[static_cast<size_t>(lag)] += v[now] * v[before];
    });
  }
  return sigma;
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
  // S'S + S'(WS) with W_ab = k(|t_a − t_b|) for pairs in a group, built in sorted
  // order; the sum is invariant to the order of the rows.
  const int max_lag = iv_max_lag(meat);
  const std::vector<double> w = lag_weights(meat, max_lag);
  const LagOrder lo = lag_order(s.rows(), group, time);
  const MatrixXd ss = sorted_rows(s, lo);
  MatrixXd ws = MatrixXd::Zero(ss.rows(), ss.cols());
  kernel_smooth(lo, w, max_lag, ss, ws);
  MatrixXd m = ss.transpose() * ss + ss.transpose() * ws;
  return (m + m.transpose()) / 2;
}

MatrixXd ac_sum(const MatrixXd& b, const MatrixXd& v, const IvMeat& meat) {
  const Eigen::Index n = b.rows(), p = b.cols(), m = v.cols();
  const double nn = static_cast<double>(n);
  const int max_lag = iv_max_lag(meat);
  const std::vector<double> w = lag_weights(meat, max_lag);
  const LagOrder lo = lag_order(n, meat.panel, meat.time);
  if (m == 1) {
    // Scalar residual: Σ_τ k(τ) σ_τ (C_τ + C_τ') = B'(W̃B) with W̃_ab = k(τ_ab) σ_τab / N,
    // the autocovariances σ_τ first, then the weighted sum.
    const MatrixXd bs = sorted_rows(b, lo), vs = sorted_rows(v, lo);
    const std::vector<double> sigma = lag_autocov(lo, vs.data(), max_lag);
    std::vector<double> omega(sigma.size(), 0.0);
    for (size_t tau = 1; tau < sigma.size(); ++tau) omega[tau] = w[tau] * sigma[tau] / nn;
    MatrixXd wb = MatrixXd::Zero(n, p);
    kernel_smooth(lo, omega, max_lag, bs, wb);
    MatrixXd out = v.squaredNorm() / nn * (bs.transpose() * bs) + bs.transpose() * wb;
    return (out + out.transpose()) / 2;
  }
  const MatrixXd bt = sorted_rows(b, lo).transpose(), vt = sorted_rows(v, lo).transpose();
  // Several residual columns (ranktest's Kronecker form): accumulate C_τ and Σ^vv_τ.
  std::vector<MatrixXd> c(static_cast<size_t>(max_lag) + 1, MatrixXd::Zero(p, p));
  std::vector<MatrixXd> sv(static_cast<size_t>(max_lag) + 1, MatrixXd::Zero(m, m));
  for_each_lag_pair(lo, max_lag, [&](size_t now, size_t before, int lag) {
    if (w[static_cast<size_t>(lag)] == 0) return;
    const auto a = static_cast<Eigen::Index>(now), z = static_cast<Eigen::Index>(before);
    c[static_cast<size_t>(lag)] += bt.col(a) * bt.col(z).transpose();
    sv[static_cast<size_t>(lag)] += vt.col(a) * vt.col(z).transpose();
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
  const LagOrder lo = lag_order(n, {}, time);
  for_each_lag_pair(lo, out.mstar, [&](size_t now, size_t before, int lag) {
    sigma[static_cast<size_t>(lag)] += f(lo.order[now]) * f(lo.order[before]);
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
