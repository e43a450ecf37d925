// Instrumental-variables estimators and diagnostics (see iv.hpp). Everything is
// formed from cross-products of the N × (K + L) data, so memory beyond the data is
// O((K + L)²) apart from the N-row score matrices of the sandwich meats.
#include "xtdo/kernel/iv.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>

#include "iv_hac.hpp"
#include "xtdo/kernel/groups.hpp"

namespace xtdo::kernel {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A⁻¹B for symmetric positive definite A; `ok` false when A is singular.
MatrixXd spd_solve(const MatrixXd& a, const MatrixXd& b, bool* ok) {
  Eigen::LLT<MatrixXd> llt(a);
  if (llt.info() == Eigen::Success) return llt.solve(b);
  Eigen::LDLT<MatrixXd> ldlt(a);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) {
    if (ok) *ok = false;
    return MatrixXd::Zero(a.cols(), b.cols());
  }
  return ldlt.solve(b);
}

MatrixXd spd_inverse(const MatrixXd& a, bool* ok) {
  return spd_solve(a, MatrixXd::Identity(a.rows(), a.cols()), ok);
}

// M_X2 A: the columns of A residualised on X2 (unchanged when X2 has no columns).
MatrixXd partial_out(const MatrixXd& a, const MatrixXd& x2) {
  if (x2.cols() == 0 || a.cols() == 0) return a;
  Eigen::ColPivHouseholderQR<MatrixXd> qr(x2);
  return a - x2 * qr.solve(a);
}

// Per-observation scores x_i * u_i.
MatrixXd scores_of(const MatrixXd& x, const VectorXd& u) { return x.array().colwise() * u.array(); }

MatrixXd cluster_sum_meat(const MatrixXd& scores, std::span<const int32_t> code, int32_t groups) {
  MatrixXd sums = MatrixXd::Zero(groups, scores.cols());
  for (Eigen::Index obs = 0; obs < scores.rows(); ++obs)
    sums.row(code[static_cast<size_t>(obs)]) += scores.row(obs);
  return sums.transpose() * sums;
}

using detail::ac_sum;
using detail::hac_sum;
using detail::kron;

// Symmetric square root of a positive semi-definite matrix.
MatrixXd sym_sqrt(const MatrixXd& a) {
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(a);
  VectorXd d = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return es.eigenvectors() * d.asDiagonal() * es.eigenvectors().transpose();
}

MatrixXd hcat(const MatrixXd& a, const MatrixXd& b) {
  MatrixXd out(std::max(a.rows(), b.rows()), a.cols() + b.cols());
  if (a.cols()) out.leftCols(a.cols()) = a;
  if (b.cols()) out.rightCols(b.cols()) = b;
  return out;
}

// The two-step GMM objective J = g'Σ⁻¹g, g = Z'e₂, at the GMM estimate that uses
// the meat Σ (a sum over observations, so J needs no further scaling).
double gmm_j(const MatrixXd& x, const MatrixXd& z, const VectorXd& y, const MatrixXd& sigma,
             bool* ok) {
  const MatrixXd zx = z.transpose() * x;
  const VectorXd zy = z.transpose() * y;
  const MatrixXd w_zx = spd_solve(sigma, zx, ok);
  const VectorXd w_zy = spd_solve(sigma, zy, ok);
  const VectorXd b = spd_solve(zx.transpose() * w_zx, zx.transpose() * w_zy, ok);
  const VectorXd g = z.transpose() * (y - x * b);
  return g.dot(spd_solve(sigma, g, ok).col(0));
}

// Finite-sample factors of a sandwich (meat as a plain sum): robust N/(N − dofminus),
// or with small N/(N − K − dofminus − sdofminus); cluster none, or with small
// (N − 1)/(N − K − sdofminus) · M/(M − 1).
void scale_vce(MatrixXd& v, const IvOptions& o, double n, double k) {
  const double dm = o.meat.dofminus, sdm = o.meat.sdofminus;
  if (o.meat.kind == IvMeat::Kind::kCluster) {
    if (!o.small) return;
    double m = 0;
    for (size_t j = 0; j < o.meat.n_clusters.size(); ++j)
      m = j == 0 ? o.meat.n_clusters[j] : std::min<double>(m, o.meat.n_clusters[j]);
    v *= (n - 1) / (n - k - sdm) * m / (m - 1);
  } else if (o.meat.kind == IvMeat::Kind::kRobust) {
    v *= o.small ? n / (n - k - dm - sdm) : n / (n - dm);
  }
}

}  // namespace

Eigen::MatrixXd iv_omega(const Eigen::MatrixXd& basis, const Eigen::VectorXd& u,
                         const IvMeat& meat) {
  if (meat.autocorrelation_only) return ac_sum(basis, u, meat);
  return iv_meat(scores_of(basis, u), meat);
}

Eigen::MatrixXd iv_meat(const Eigen::MatrixXd& scores, const IvMeat& meat) {
  switch (meat.kind) {
    case IvMeat::Kind::kIid:
      return scores.transpose() * scores;
    case IvMeat::Kind::kRobust:
      if (meat.bandwidth > 0) return hac_sum(scores, meat.panel, meat.time, meat);
      return scores.transpose() * scores;
    case IvMeat::Kind::kCluster: {
      if (meat.bandwidth > 0) {
        // Driscoll-Kraay: period totals (clusters = periods), then HAC across periods.
        const int32_t g = meat.n_clusters[0];
        MatrixXd sums = MatrixXd::Zero(g, scores.cols());
        std::vector<double> period(static_cast<size_t>(g), 0);
        for (Eigen::Index obs = 0; obs < scores.rows(); ++obs) {
          const int32_t c = meat.cluster[0][static_cast<size_t>(obs)];
          sums.row(c) += scores.row(obs);
          period[static_cast<size_t>(c)] = meat.time[static_cast<size_t>(obs)];
        }
        return hac_sum(sums, {}, period, meat);
      }
      MatrixXd m = cluster_sum_meat(scores, meat.cluster[0], meat.n_clusters[0]);
      if (meat.cluster.size() == 2) {
        // Cameron, Gelbach and Miller (2011): M_1 + M_2 − M_{1∩2}.
        m += cluster_sum_meat(scores, meat.cluster[1], meat.n_clusters[1]);
        std::vector<double> k1(meat.cluster[0].begin(), meat.cluster[0].end());
        std::vector<double> k2(meat.cluster[1].begin(), meat.cluster[1].end());
        GroupCodes both = encode_group_tuples({k1, k2});
        m -= cluster_sum_meat(scores, both.code, both.n_groups);
      }
      return m;
    }
  }
  return {};
}

int32_t iv_min_clusters(const IvMeat& meat) {
  int32_t m = 0;
  for (size_t j = 0; j < meat.n_clusters.size(); ++j)
    m = j == 0 ? meat.n_clusters[j] : std::min(m, meat.n_clusters[j]);
  return m;
}

IvFit iv_fit(const IvData& data, const IvOptions& options) {
  if (options.estimator == IvEstimator::kCue) return iv_cue(data, options);
  IvFit fit;
  const MatrixXd x = hcat(data.x1, data.x2);
  const MatrixXd z = hcat(data.z1, data.x2);
  const double n = static_cast<double>(data.y.size());
  const double k_cols = static_cast<double>(x.cols());
  const double dm = options.meat.dofminus, sdm = options.meat.sdofminus;
  bool ok = true;

  const MatrixXd zz = z.transpose() * z;
  const MatrixXd zx = z.transpose() * x;
  const VectorXd zy = z.transpose() * data.y;
  const MatrixXd pi = spd_solve(zz, zx, &ok);  // first-stage coefficients Z⁻X
  const MatrixXd xpzx = zx.transpose() * pi;   // X'P_Z X
  const VectorXd xpzy = pi.transpose() * zy;   // X'P_Z y

  // k-class: b = [X'(I − k M_Z)X]⁻¹ X'(I − k M_Z)y, with k = 1 for 2SLS and the
  // smallest root λ of |Y'M_{X2}Y − λ Y'M_Z Y| = 0 (Y = [y X1]) for LIML.
  double k = 1;
  if (options.estimator == IvEstimator::kLiml || options.estimator == IvEstimator::kFuller) {
    MatrixXd yy(data.y.size(), 1 + data.x1.cols());
    yy.col(0) = data.y;
    yy.rightCols(data.x1.cols()) = data.x1;
    const MatrixXd mz_y = yy - z * spd_solve(zz, z.transpose() * yy, &ok);
    const MatrixXd m2_y = partial_out(yy, data.x2);
    const MatrixXd w_z = mz_y.transpose() * mz_y;
    const MatrixXd w_2 = m2_y.transpose() * m2_y;
    Eigen::GeneralizedSelfAdjointEigenSolver<MatrixXd> ges(w_2, w_z);
    fit.lambda = ges.eigenvalues().minCoeff();
    k = fit.lambda;
    if (options.estimator == IvEstimator::kFuller)
      k -= options.fuller / (n - static_cast<double>(z.cols()));
  } else if (options.estimator == IvEstimator::kKclass) {
    k = options.kclass;
  }
  fit.k = k;

  const MatrixXd xx = x.transpose() * x;
  const VectorXd xy = x.transpose() * data.y;
  const MatrixXd h = (1 - k) * xx + k * xpzx;
  const VectorXd hy = (1 - k) * xy + k * xpzy;
  const MatrixXd h_inv = spd_inverse(h, &ok);

  if (options.estimator == IvEstimator::kGmm2s && options.meat.kind != IvMeat::Kind::kIid) {
    // Two-step efficient GMM: Σ from the 2SLS residuals, W = Σ⁻¹,
    // b = (X'Z W Z'X)⁻¹ X'Z W Z'y and V = (X'Z W Z'X)⁻¹ (Σ is a sum, not a mean).
    const VectorXd b1 = h_inv * hy;
    const VectorXd e1 = data.y - x * b1;
    const MatrixXd sigma = iv_omega(z, e1, options.meat);
    fit.first_step_resid = e1;
    const MatrixXd w_zx = spd_solve(sigma, zx, &ok);
    const MatrixXd a = zx.transpose() * w_zx;
    fit.coef = spd_solve(a, w_zx.transpose() * zy, &ok);
    fit.v = spd_inverse(a, &ok);
    fit.resid = data.y - x * fit.coef;
    fit.rss = fit.resid.squaredNorm();
    fit.sigma2 = fit.rss / (options.small ? n - k_cols - dm - sdm : n - dm);
    scale_vce(fit.v, options, n, k_cols);
    fit.ok = ok;
    return fit;
  }

  fit.coef = h_inv * hy;
  fit.resid = data.y - x * fit.coef;
  fit.rss = fit.resid.squaredNorm();
  fit.sigma2 = fit.rss / (options.small ? n - k_cols - dm - sdm : n - dm);
  if (options.meat.kind == IvMeat::Kind::kIid) {
    fit.v = fit.sigma2 * h_inv;
  } else {
    // Sandwich H⁻¹ [Σ x̂_i x̂_i' u_i²] H⁻¹ with x̂ = P_Z x for every k: both ivreg2
    // and ivregress use the first-stage fitted values in the meat of LIML and
    // k-class estimates (checked against their robust LIML output).
    const MatrixXd xt = z * pi;
    const MatrixXd meat = iv_omega(xt, fit.resid, options.meat);
    fit.v = h_inv * meat * h_inv;
    scale_vce(fit.v, options, n, k_cols);
  }
  fit.v = (fit.v + fit.v.transpose()) / 2;
  fit.ok = ok;
  return fit;
}

IvIdentification iv_identification(const IvData& data, const IvMeat& meat) {
  IvIdentification out;
  const Eigen::Index k1 = data.x1.cols(), l1 = data.z1.cols();
  const double n = static_cast<double>(data.y.size());
  const double l = static_cast<double>(l1 + data.x2.cols());
  out.df = static_cast<int>(l1 - k1 + 1);
  if (k1 == 0 || l1 < k1) {
    out.ok = false;
    return out;
  }
  const MatrixXd y1 = partial_out(data.x1, data.x2);
  const MatrixXd z1 = partial_out(data.z1, data.x2);

  // Canonical correlations of X1 and Z1 (partialled): the singular values of
  // Θ = R_zz Π R_yy⁻¹ with Q = R'R the Cholesky factors of Q_zz = Z'Z/N and
  // Q_yy = Y'Y/N and Π = Q_zz⁻¹ Q_zy (Kleibergen and Paap 2006, section 2).
  const MatrixXd qzz = z1.transpose() * z1 / n;
  const MatrixXd qyy = y1.transpose() * y1 / n;
  const MatrixXd qzy = z1.transpose() * y1 / n;
  Eigen::LLT<MatrixXd> czz(qzz), cyy(qyy);
  if (czz.info() != Eigen::Success || cyy.info() != Eigen::Success) {
    out.ok = false;
    return out;
  }
  const MatrixXd r_zz = czz.matrixU();
  const MatrixXd r_yy = cyy.matrixU();
  const MatrixXd ir_zz = r_zz.triangularView<Eigen::Upper>().solve(MatrixXd::Identity(l1, l1));
  const MatrixXd ir_yy = r_yy.triangularView<Eigen::Upper>().solve(MatrixXd::Identity(k1, k1));
  const MatrixXd pihat = czz.solve(qzy);
  const MatrixXd theta = r_zz * pihat * ir_yy;
  Eigen::JacobiSVD<MatrixXd> svd(theta, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const VectorXd cc = svd.singularValues();
  out.canon_corr2 = cc.array().square().reverse();
  const double r2min = out.canon_corr2(0);
  const double dm = meat.dofminus, sdm = meat.sdofminus;
  out.anderson_lm = (n - dm) * r2min;
  out.cragg_donald_f = r2min / (1 - r2min) * (n - l - dm - sdm) / static_cast<double>(l1);
  if (meat.kind == IvMeat::Kind::kIid) return out;

  // Kleibergen-Paap rk statistic for H0: rank(Π) = K1 − 1. With the SVD
  // Θ = U S V' partitioned at q = K1 − 1, A_q⊥ = [U12; U22] U22⁻¹ (U22U22')^½ and
  // B_q⊥ = (V22V22')^½ V22'⁻¹ [V12; V22]', λ = (B ⊗ A') vec Θ and
  // rk = N λ' [(B ⊗ A') Ω (B ⊗ A')']⁻¹ λ, where Ω is the covariance of vec Θ:
  // (R_yy⁻¹' ⊗ R_zz⁻¹') Ŝ (·)' with Ŝ the meat of the scores v_i ⊗ z_i over N.
  // The LM version uses v = Y (no first-stage fit), the Wald version v = Y − ZΠ.
  const Eigen::Index q = k1 - 1;
  const MatrixXd u = svd.matrixU(), vv = svd.matrixV();
  const MatrixXd u_cols = u.rightCols(l1 - q);  // [U12; U22]
  const MatrixXd u22 = u.bottomRightCorner(l1 - q, l1 - q);
  const MatrixXd v_cols = vv.rightCols(k1 - q);  // [V12; V22]
  const MatrixXd v22 = vv.bottomRightCorner(k1 - q, k1 - q);
  const MatrixXd aq = u_cols * u22.inverse() * sym_sqrt(u22 * u22.transpose());
  const MatrixXd bq =
      sym_sqrt(v22 * v22.transpose()) * v22.transpose().inverse() * v_cols.transpose();
  const MatrixXd t = kron(bq, aq.transpose());
  const VectorXd vec_theta = Eigen::Map<const VectorXd>(theta.data(), theta.size());
  const VectorXd lam = t * vec_theta;
  const MatrixXd transform = kron(ir_yy.transpose(), ir_zz.transpose());

  // ivreg2 hands ranktest the bandwidth but not the kernel, so the rk statistics
  // always use the Bartlett kernel; we follow it to report the same numbers.
  IvMeat rk_meat = meat;
  rk_meat.kernel = IvMeat::Kernel::kBartlett;
  auto rk = [&](const MatrixXd& v) {
    MatrixXd scores(v.rows(), k1 * l1);
    for (Eigen::Index j = 0; j < k1; ++j)
      scores.middleCols(j * l1, l1) = z1.array().colwise() * v.col(j).array();
    MatrixXd shat =
        (rk_meat.autocorrelation_only ? ac_sum(z1, v, rk_meat) : iv_meat(scores, rk_meat)) / n;
    MatrixXd omega = transform * shat * transform.transpose();
    MatrixXd vlab = t * omega * t.transpose();
    vlab = (vlab + vlab.transpose()) / 2;
    bool ok = true;
    const VectorXd sol = spd_solve(vlab, lam, &ok);
    return ok ? n * lam.dot(sol) : kNaN;
  };
  out.kp_lm = rk(y1);
  out.kp_wald = rk(y1 - z1 * pihat);
  if (meat.kind == IvMeat::Kind::kCluster) {
    const double m = iv_min_clusters(meat);
    out.kp_f = out.kp_wald / (n - 1) * (n - l - sdm) * (m - 1) / m / static_cast<double>(l1);
  } else {
    out.kp_lm *= (n - dm) / n;
    out.kp_f = out.kp_wald / n * (n - l - dm - sdm) / static_cast<double>(l1);
  }
  return out;
}

IvOverid iv_overid(const IvData& data, const Eigen::VectorXd& resid, const IvMeat& meat) {
  IvOverid out;
  const MatrixXd x = hcat(data.x1, data.x2);
  const MatrixXd z = hcat(data.z1, data.x2);
  const double n = static_cast<double>(data.y.size());
  out.df = static_cast<int>(z.cols() - x.cols());
  if (out.df <= 0) return out;
  bool ok = true;
  if (meat.kind == IvMeat::Kind::kIid) {
    // Sargan: u'P_Z u / (u'u / N).
    const VectorXd zu = z.transpose() * resid;
    out.stat = zu.dot(spd_solve(z.transpose() * z, zu, &ok).col(0)) /
               (resid.squaredNorm() / (n - meat.dofminus));
  } else {
    out.stat = gmm_j(x, z, data.y, iv_omega(z, resid, meat), &ok);
    if (meat.kind == IvMeat::Kind::kRobust) out.stat *= (n - meat.dofminus) / n;
  }
  if (!ok) out.stat = kNaN;
  return out;
}

IvOverid iv_endog_test(const IvData& data, const std::vector<int>& suspect, const IvMeat& meat) {
  // Restricted model: the suspect regressors join the instruments.
  IvData restricted;
  restricted.y = data.y;
  std::vector<int> keep;
  for (Eigen::Index j = 0; j < data.x1.cols(); ++j)
    if (std::find(suspect.begin(), suspect.end(), static_cast<int>(j)) == suspect.end())
      keep.push_back(static_cast<int>(j));
  restricted.x1.resize(data.x1.rows(), static_cast<Eigen::Index>(keep.size()));
  for (size_t j = 0; j < keep.size(); ++j)
    restricted.x1.col(static_cast<Eigen::Index>(j)) = data.x1.col(keep[j]);
  MatrixXd moved(data.x1.rows(), static_cast<Eigen::Index>(suspect.size()));
  for (size_t j = 0; j < suspect.size(); ++j)
    moved.col(static_cast<Eigen::Index>(j)) = data.x1.col(suspect[j]);
  // The suspects stay regressors and join the instruments: X2 ← [suspects X2].
  restricted.z1 = data.z1;
  restricted.x2 = hcat(moved, data.x2);

  IvOptions ro;
  ro.meat = meat;
  const IvFit rfit = iv_fit(restricted, ro);
  const MatrixXd x = hcat(data.x1, data.x2);
  const MatrixXd z_full = hcat(data.z1, restricted.x2);  // [Z1 moved X2]
  const double n = static_cast<double>(data.y.size());
  // Ω of the restricted model, and its block for the unrestricted instruments.
  MatrixXd sigma;
  if (meat.kind == IvMeat::Kind::kIid) {
    sigma = rfit.resid.squaredNorm() / n * (z_full.transpose() * z_full);
  } else {
    sigma = iv_omega(z_full, rfit.resid, meat);
  }
  const Eigen::Index l1 = data.z1.cols(), ls = moved.cols(), k2 = data.x2.cols();
  std::vector<Eigen::Index> idx;
  for (Eigen::Index j = 0; j < l1; ++j) idx.push_back(j);
  for (Eigen::Index j = 0; j < k2; ++j) idx.push_back(l1 + ls + j);
  MatrixXd sigma_u(static_cast<Eigen::Index>(idx.size()), static_cast<Eigen::Index>(idx.size()));
  for (size_t r = 0; r < idx.size(); ++r)
    for (size_t c = 0; c < idx.size(); ++c)
      sigma_u(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = sigma(idx[r], idx[c]);
  const MatrixXd z = hcat(data.z1, data.x2);
  const MatrixXd xr = hcat(restricted.x1, restricted.x2);
  bool ok = true;
  const double j_r = gmm_j(xr, z_full, data.y, sigma, &ok);
  const double j_u = gmm_j(x, z, data.y, sigma_u, &ok);
  IvOverid out;
  out.stat = ok ? j_r - j_u : kNaN;
  if (meat.kind != IvMeat::Kind::kCluster) out.stat *= (n - meat.dofminus) / n;
  out.df = static_cast<int>(suspect.size());
  return out;
}

IvOverid iv_orthog_test(const IvData& data, const Eigen::VectorXd& resid,
                        const std::vector<int>& excluded, const std::vector<int>& included,
                        const IvMeat& meat) {
  const MatrixXd x = hcat(data.x1, data.x2);
  const MatrixXd z = hcat(data.z1, data.x2);
  const double n = static_cast<double>(data.y.size());
  MatrixXd sigma;
  if (meat.kind == IvMeat::Kind::kIid) {
    sigma = resid.squaredNorm() / n * (z.transpose() * z);
  } else {
    sigma = iv_omega(z, resid, meat);
  }
  // Instruments kept by the restricted model (indices into Z = [Z1 X2]).
  const Eigen::Index l1 = data.z1.cols();
  std::vector<Eigen::Index> keep;
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    const bool drop =
        j < l1 ? std::count(excluded.begin(), excluded.end(), static_cast<int>(j)) > 0
               : std::count(included.begin(), included.end(), static_cast<int>(j - l1)) > 0;
    if (!drop) keep.push_back(j);
  }
  MatrixXd zr(z.rows(), static_cast<Eigen::Index>(keep.size()));
  MatrixXd sr(zr.cols(), zr.cols());
  for (size_t a = 0; a < keep.size(); ++a) {
    zr.col(static_cast<Eigen::Index>(a)) = z.col(keep[a]);
    for (size_t b = 0; b < keep.size(); ++b)
      sr(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = sigma(keep[a], keep[b]);
  }
  IvOverid out;
  if (zr.cols() < x.cols()) return out;  // restricted equation unidentified: ivreg2 reports 0
  bool ok = true;
  const double j_full = gmm_j(x, z, data.y, sigma, &ok);
  const double j_restricted = zr.cols() > x.cols() ? gmm_j(x, zr, data.y, sr, &ok) : 0.0;
  out.stat = ok ? j_full - j_restricted : kNaN;
  if (meat.kind != IvMeat::Kind::kCluster) out.stat *= (n - meat.dofminus) / n;
  out.df = static_cast<int>(excluded.size() + included.size());
  return out;
}

IvAndersonRubin iv_anderson_rubin(const IvData& data, const IvMeat& meat) {
  IvAndersonRubin out;
  const MatrixXd z = hcat(data.z1, data.x2);
  const double n = static_cast<double>(data.y.size());
  const Eigen::Index l1 = data.z1.cols();
  const double l = static_cast<double>(z.cols());
  out.df = static_cast<int>(l1);
  bool ok = true;
  const MatrixXd zz_inv = spd_inverse(z.transpose() * z, &ok);
  const VectorXd b = zz_inv * (z.transpose() * data.y);
  const VectorXd e = data.y - z * b;
  MatrixXd v;
  if (meat.kind == IvMeat::Kind::kIid) {
    v = e.squaredNorm() / n * zz_inv;
  } else {
    v = zz_inv * iv_omega(z, e, meat) * zz_inv;
  }
  const VectorXd b1 = b.head(l1);
  const MatrixXd v11 = v.topLeftCorner(l1, l1);
  out.chi2 = b1.dot(spd_solve(v11, b1, &ok).col(0));
  const double dm = meat.dofminus, sdm = meat.sdofminus;
  if (meat.kind == IvMeat::Kind::kCluster) {
    const double m = iv_min_clusters(meat);
    out.f = out.chi2 / static_cast<double>(l1) * (n - l - sdm) / (n - 1) * (m - 1) / m;
    out.df_r = m - 1;
  } else {
    out.chi2 *= (n - dm) / n;
    out.f = out.chi2 / static_cast<double>(l1) * (n - l - dm - sdm) / (n - dm);
    out.df_r = n - l - dm - sdm;
  }
  if (!ok) out.chi2 = out.f = kNaN;
  return out;
}

IvFirstStage iv_first_stage(const IvData& data, const IvMeat& meat) {
  IvFirstStage out;
  const Eigen::Index k1 = data.x1.cols(), l1 = data.z1.cols();
  const double n = static_cast<double>(data.y.size());
  const double l = static_cast<double>(l1 + data.x2.cols());
  const MatrixXd y1 = partial_out(data.x1, data.x2);
  const MatrixXd z1 = partial_out(data.z1, data.x2);
  bool ok = true;
  const MatrixXd zz_inv = spd_inverse(z1.transpose() * z1, &ok);
  const MatrixXd pi = zz_inv * (z1.transpose() * y1);
  const MatrixXd fitted = z1 * pi;
  const MatrixXd resid = y1 - fitted;
  out.partial_r2.resize(k1);
  out.shea_r2.resize(k1);
  out.f.resize(k1);
  out.f_p_df_r.resize(k1);
  out.sw_f.resize(k1);
  out.rmse.resize(k1);
  const double m = meat.kind == IvMeat::Kind::kCluster ? iv_min_clusters(meat) : 0;
  const double dm = meat.dofminus, sdm = meat.sdofminus;

  // Wald F of Z1 in the regression of v on Z1 (partialled), scaled as ivreg2's
  // first-stage F: i.i.d. uses the usual F; robust/cluster the Wald statistic / L1
  // with ivreg2's large-sample-to-small adjustment.
  auto wald_f = [&](const VectorXd& v, double df_num) {
    const VectorXd b = zz_inv * (z1.transpose() * v);
    const VectorXd e = v - z1 * b;
    if (meat.kind == IvMeat::Kind::kIid) {
      const double ess = (z1 * b).squaredNorm();
      return (ess / df_num) / (e.squaredNorm() / (n - l - dm - sdm));
    }
    const MatrixXd vb = zz_inv * iv_omega(z1, e, meat) * zz_inv;
    const double w = b.dot(spd_solve(vb, b, &ok).col(0));
    if (meat.kind == IvMeat::Kind::kCluster)
      return w / df_num * (n - l - sdm) / (n - 1) * (m - 1) / m;
    return w / df_num * (n - l - dm - sdm) / n;
  };

  for (Eigen::Index j = 0; j < k1; ++j) {
    out.partial_r2(j) = fitted.col(j).squaredNorm() / y1.col(j).squaredNorm();
    out.f(j) = wald_f(y1.col(j), static_cast<double>(l1));
    out.f_p_df_r(j) = meat.kind == IvMeat::Kind::kCluster ? m - 1 : n - l - dm - sdm;
    // ivreg2 reports the first-stage root MSE with N − L in either case.
    out.rmse(j) = std::sqrt(resid.col(j).squaredNorm() / (n - l - dm - sdm));
  }
  // Shea partial R²: [(X'X)⁻¹]_jj / [(X'P_Z X)⁻¹]_jj over the partialled X1.
  const MatrixXd ols_inv = spd_inverse(y1.transpose() * y1, &ok);
  const MatrixXd iv_inv = spd_inverse(fitted.transpose() * fitted, &ok);
  for (Eigen::Index j = 0; j < k1; ++j) out.shea_r2(j) = ols_inv(j, j) / iv_inv(j, j);
  // Sanderson-Windmeijer (2016): 2SLS of X1_j on the other endogenous regressors
  // with instruments Z1; F test of Z1 in the regression of its residual on Z1,
  // with L1 − K1 + 1 numerator degrees of freedom.
  // Angrist-Pischke (2009) uses the same coefficients d with the fitted values of the
  // other regressors; both R² are those of the residual on Z1 (i.i.d. Wald/(N + Wald)).
  out.sw_r2.resize(k1);
  out.ap_f.resize(k1);
  out.ap_r2.resize(k1);
  auto r2_on_z = [&](const VectorXd& v) {
    const VectorXd fit = z1 * (zz_inv * (z1.transpose() * v));
    return fit.squaredNorm() / v.squaredNorm();
  };
  for (Eigen::Index j = 0; j < k1; ++j) {
    if (k1 == 1) {
      out.sw_f(j) = out.ap_f(j) = out.f(j);
      out.sw_r2(j) = out.ap_r2(j) = out.partial_r2(j);
      continue;
    }
    MatrixXd others(y1.rows(), k1 - 1);
    for (Eigen::Index c = 0, o = 0; c < k1; ++c)
      if (c != j) others.col(o++) = y1.col(c);
    const MatrixXd oh = z1 * (zz_inv * (z1.transpose() * others));
    const VectorXd d = spd_solve(oh.transpose() * others, oh.transpose() * y1.col(j), &ok);
    const VectorXd e = y1.col(j) - others * d;
    out.sw_f(j) = wald_f(e, static_cast<double>(l1 - k1 + 1));
    out.sw_r2(j) = r2_on_z(e);
    const VectorXd e_ap = y1.col(j) - oh * d;
    out.ap_f(j) = wald_f(e_ap, static_cast<double>(l1 - k1 + 1));
    out.ap_r2(j) = r2_on_z(e_ap);
  }
  return out;
}

}  // namespace xtdo::kernel
