// Linear dynamic-panel GMM (see gmm.hpp): per-group accumulation of the
// moment matrices, one- and two-step estimates, Windmeijer's correction and
// the specification tests, following Roodman (2009), "How to do xtabond2".
#include "xtdo/kernel/gmm.hpp"

#include <cmath>
#include <limits>

namespace xtdo::kernel {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

SymInverse invsym(const MatrixXd& a) {
  const Index n = a.rows();
  SymInverse out;
  out.kept.assign(static_cast<size_t>(n), 0);
  out.inv = MatrixXd::Zero(n, n);
  // Cholesky factor of the kept block, grown one column at a time in order.
  std::vector<Index> kept;
  MatrixXd l = MatrixXd::Zero(n, n);
  for (Index c = 0; c < n; ++c) {
    const double diag = a(c, c);
    if (!(diag > 0)) continue;
    const Index m = static_cast<Index>(kept.size());
    VectorXd col(m);
    for (Index i = 0; i < m; ++i) col(i) = a(kept[static_cast<size_t>(i)], c);
    VectorXd y = col;
    if (m > 0) l.topLeftCorner(m, m).triangularView<Eigen::Lower>().solveInPlace(y);
    const double resid = diag - y.squaredNorm();
    if (!(resid > 1e-13 * diag)) continue;
    l.block(m, 0, 1, m) = y.transpose();
    l(m, m) = std::sqrt(resid);
    kept.push_back(c);
    out.kept[static_cast<size_t>(c)] = 1;
  }
  const Index m = static_cast<Index>(kept.size());
  out.dropped = static_cast<int>(n - m);
  if (m == 0) return out;
  MatrixXd linv = MatrixXd::Identity(m, m);
  l.topLeftCorner(m, m).triangularView<Eigen::Lower>().solveInPlace(linv);
  const MatrixXd inv_kept = linv.transpose() * linv;
  for (Index r = 0; r < m; ++r)
    for (Index c = 0; c < m; ++c)
      out.inv(kept[static_cast<size_t>(r)], kept[static_cast<size_t>(c)]) = inv_kept(r, c);
  return out;
}

int diag0cnt(const MatrixXd& a) {
  int count = 0;
  for (Index i = 0; i < std::min(a.rows(), a.cols()); ++i)
    if (a(i, i) == 0) ++count;
  return count;
}

GmmFit gmm_fit(const GmmSystem& sys, const GmmOptions& options) {
  const Index r_g = sys.rows_per_group;
  const int n_g = sys.groups();
  const Index j = sys.z.cols();
  GmmFit fit;
  fit.zx = sys.z.transpose() * sys.x;
  fit.zy = sys.z.transpose() * sys.y;

  // --- One step: A1 = (Σ Z_i'HZ_i)^-, b1 = (X'Z A1 Z'X)^- X'Z A1 Z'y.
  const bool weighted = sys.weights.size() > 0;
  MatrixXd s1 = MatrixXd::Zero(j, j);
  for (int g = 0; g < n_g; ++g) {
    if (weighted) {
      const MatrixXd zi =
          sys.weights.segment(g * r_g, r_g).cwiseSqrt().asDiagonal() * sys.z.middleRows(g * r_g, r_g);
      s1.noalias() += zi.transpose() * (sys.h * zi);
    } else {
      const auto zi = sys.z.middleRows(g * r_g, r_g);
      s1.noalias() += zi.transpose() * (sys.h * zi);
    }
  }
  MatrixXd a1 = invsym(s1).inv;
  const MatrixXd xza1 = fit.zx.transpose() * a1;
  MatrixXd v1 = invsym(xza1 * fit.zx).inv;
  const VectorXd b1 = v1 * (xza1 * fit.zy);
  const VectorXd e1 = sys.y - sys.x * b1;
  auto sigma2 = [&](const VectorXd& e) {
    double ss = 0;
    for (int g = 0; g < n_g; ++g)
      for (Index r = 0; r < r_g; ++r) {
        const Index row = g * r_g + r;
        double v = e(row) * sys.sigma_rows(r);
        if (weighted) v = sys.weights(row) > 0 ? v / std::sqrt(sys.weights(row)) : 0;
        ss += v * v;
      }
    return ss / sys.sigma_divisor;
  };
  double sig2 = sigma2(e1);
  a1 /= sig2;
  v1 *= sig2;
  fit.a1_diag = a1.diagonal();
  fit.j0 = static_cast<int>(j) - diag0cnt(a1);
  VectorXd ze = sys.z.transpose() * e1;
  fit.sargan = ze.dot(a1 * ze);

  const bool onestep_nonrobust = !options.twostep && !options.robust;
  if (onestep_nonrobust) {
    fit.b = b1;
    fit.v_model = v1;
    fit.v_test = v1;
    fit.a = a1;
    fit.e = e1;
    fit.s_test = s1 * sig2;
    fit.sig2 = sig2;
  } else {
    // --- Robust moment covariance from the one-step residuals, clustered by group.
    const bool clustered = !sys.cluster.empty();
    MatrixXd ze1;
    if (clustered) {
      // Z_c'e1_c summed over the rows of each cluster.
      ze1 = MatrixXd::Zero(sys.n_clusters, j);
      for (Index r = 0; r < sys.z.rows(); ++r) {
        const int32_t c = sys.cluster[static_cast<size_t>(r)];
        if (c >= 0 && e1(r) != 0) ze1.row(c).noalias() += e1(r) * sys.z.row(r);
      }
    } else {
      ze1.resize(n_g, j);
      for (int g = 0; g < n_g; ++g)
        ze1.row(g) = (sys.z.middleRows(g * r_g, r_g).transpose() * e1.segment(g * r_g, r_g)).transpose();
    }
    const MatrixXd s = ze1.transpose() * ze1;
    const MatrixXd vxza1 = v1 * fit.zx.transpose() * a1;
    const MatrixXd v1robust = vxza1 * s * vxza1.transpose();
    SymInverse a2inv = invsym(s);
    const MatrixXd& a2 = a2inv.inv;
    fit.a2_dropped = a2inv.dropped;
    const MatrixXd xza2 = fit.zx.transpose() * a2;
    const MatrixXd v2 = invsym(xza2 * fit.zx).inv;
    const MatrixXd vxza2 = v2 * xza2;
    const VectorXd b2 = vxza2 * fit.zy;
    const VectorXd e2 = sys.y - sys.x * b2;
    if (options.twostep) sig2 = sigma2(e2);
    ze = sys.z.transpose() * e2;
    const VectorXd a2ze = a2 * ze;
    fit.hansen = ze.dot(a2ze);
    fit.has_hansen = true;
    fit.s_test = s;
    fit.v2_zero_diag = diag0cnt(v2);
    fit.sig2 = sig2;
    if (options.twostep) {
      fit.b = b2;
      fit.v_model = v2;
      fit.a = a2;
      fit.e = e2;
      if (options.robust) {
        // Windmeijer (2005): the two-step weight depends on b1. Column c of the
        // derivative term is Σ_i Z_i'(x_ic e1_i' + e1_i x_ic')Z_i A2 Z'e2, which
        // regroups as Σ_i [(e1_i'Z_i A2 Z'e2) Z_i'X_i + Z_i'e1_i (A2 Z'e2)'Z_i'X_i].
        MatrixXd d = MatrixXd::Zero(j, sys.x.cols());
        if (clustered) {
          // Σ_c [(e1_c'Z_c A2 Z'e2) Z_c'X_c + Z_c'e1_c (A2 Z'e2)'Z_c'X_c] = U'X with
          // row r of U = α_c(r) z_r + (z_r'A2 Z'e2) Z_c(r)'e1_c(r), α_c = e1_c'Z_c A2 Z'e2.
          const VectorXd alpha = ze1 * a2ze;
          const VectorXd beta = sys.z * a2ze;
          MatrixXd u = MatrixXd::Zero(sys.z.rows(), j);
          for (Index r = 0; r < sys.z.rows(); ++r) {
            const int32_t c = sys.cluster[static_cast<size_t>(r)];
            if (c >= 0) u.row(r) = alpha(c) * sys.z.row(r) + beta(r) * ze1.row(c);
          }
          d.noalias() = u.transpose() * sys.x;
        }
        for (int g = 0; g < (clustered ? 0 : n_g); ++g) {
          const MatrixXd zxi =
              sys.z.middleRows(g * r_g, r_g).transpose() * sys.x.middleRows(g * r_g, r_g);
          const VectorXd zei = ze1.row(g).transpose();
          d.noalias() += zei.dot(a2ze) * zxi + zei * (a2ze.transpose() * zxi);
        }
        const MatrixXd dd = vxza2 * d;
        fit.v_test = v2 + dd * v1robust * dd.transpose() + 2 * dd * v2;
      } else {
        fit.v_test = v2;
      }
    } else {
      fit.b = b1;
      fit.v_model = v1;
      fit.a = a1;
      fit.e = e1;
      fit.v_test = v1robust;
    }
  }
  fit.v = (fit.v_test + fit.v_test.transpose()) / 2;
  fit.v_zero_diag = diag0cnt(fit.v_test);
  return fit;
}

DiffSargan gmm_diff_sargan(const GmmSystem& sys, const GmmFit& fit, const std::vector<int>& keep) {
  DiffSargan out;
  const Index k = sys.x.cols();
  int others = 0;
  for (int c : keep)
    if (fit.a1_diag(c) != 0) ++others;
  if (others < k || others >= fit.j0) return out;
  const Index m = static_cast<Index>(keep.size());
  MatrixXd sp(m, m), zxp(m, k);
  VectorXd zyp(m);
  for (Index r = 0; r < m; ++r) {
    for (Index c = 0; c < m; ++c) sp(r, c) = fit.s_test(keep[r], keep[c]);
    zxp.row(r) = fit.zx.row(keep[r]);
    zyp(r) = fit.zy(keep[r]);
  }
  const MatrixXd app = invsym(sp).inv;
  const MatrixXd xza = zxp.transpose() * app;
  const MatrixXd v = invsym(xza * zxp).inv;
  if (diag0cnt(v) != fit.v_zero_diag) return out;
  // Z_p'e = (Z'y − Z'X b)_p: no need to touch the instrument matrix again.
  const VectorXd ze = zyp - zxp * (v * (xza * zyp));
  out.valid = true;
  out.excluded = ze.dot(app * ze);
  out.difference = (fit.has_hansen ? fit.hansen : fit.sargan) - out.excluded;
  out.df = fit.j0 - others - fit.v2_zero_diag;
  return out;
}

std::vector<ArTest> gmm_ar_tests(const GmmSystem& sys, const GmmFit& fit, const ArInput& in,
                                 int orders, bool onestep_nonrobust) {
  const Index t = in.periods;
  const Index r_g = sys.rows_per_group;
  const int n_g = sys.groups();
  const Index j = sys.z.cols();
  std::vector<ArTest> out(static_cast<size_t>(std::max(orders, 0)));
  const MatrixXd m2vzxa = -2 * fit.v_model * fit.zx.transpose() * fit.a;
  MatrixXd wl = in.wl;
  for (int lag = 1; lag <= orders; ++lag) {
    // Lag the residuals one more period within each group (zeros enter at the top).
    for (Index row = t - 1; row > 0; --row) wl.row(row) = wl.row(row - 1);
    wl.row(0).setZero();
    const VectorXd sum_wwl = (in.w.array() * wl.array()).colwise().sum().transpose();
    if (!(sum_wwl.array() != 0).any()) continue;
    VectorXd zhw = VectorXd::Zero(j);
    double whw = 0;
    if (onestep_nonrobust) {
      const bool weighted = in.row_weights.size() > 0;
      for (int g = 0; g < n_g; ++g) {
        const VectorXd wli = wl.col(g).cwiseProduct(in.use.col(g));
        const VectorXd dw = weighted ? VectorXd(in.row_weights.col(g).cwiseProduct(wli)) : wli;
        whw += wli.dot(in.h.transpose() * dw);
        const VectorXd psiw = in.psi.transpose() * dw;
        zhw.noalias() += sys.z.middleRows(g * r_g, r_g).transpose() * psiw;
      }
    } else {
      whw = sum_wwl.squaredNorm();
      for (int g = 0; g < n_g; ++g)
        zhw.noalias() += sys.z.middleRows(g * r_g, r_g).transpose() *
                         (fit.e.segment(g * r_g, r_g) * sum_wwl(g));
    }
    const Eigen::Map<const VectorXd> wl_vec(wl.data(), wl.size());
    const VectorXd tmp = in.x.transpose() * wl_vec;
    const double var = whw + tmp.dot(m2vzxa * zhw + fit.v_test * tmp);
    ArTest& test = out[static_cast<size_t>(lag - 1)];
    test.z = sum_wwl.sum() / std::sqrt(var);
    test.p = 2 * normal_cdf(-std::abs(test.z));
    test.defined = std::isfinite(test.z);
  }
  return out;
}

}  // namespace xtdo::kernel
