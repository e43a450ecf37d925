// Continuously-updated GMM (Hansen, Heaton and Yaron 1996) as ivreg2's `cue`: the
// objective J(b) = N ḡ'Ω(b)⁻¹ḡ with Ω re-estimated at every b, its analytic gradient,
// and a BFGS + Newton minimiser converged far below ivreg2's own tolerance.
#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <cmath>
#include <limits>

#include "iv_hac.hpp"
#include "xtdo/kernel/iv.hpp"

namespace xtdo::kernel {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

MatrixXd hcat(const MatrixXd& a, const MatrixXd& b) {
  MatrixXd out(std::max(a.rows(), b.rows()), a.cols() + b.cols());
  if (a.cols()) out.leftCols(a.cols()) = a;
  if (b.cols()) out.rightCols(b.cols()) = b;
  return out;
}

// The pieces of J at one b. J = c · g'M⁻¹g with g = Z'e and M the sum-form meat of
// z_i e_i (iv_omega), c = (N − dofminus)/N for robust/HAC/AC and 1 with clusters;
// with i.i.d. errors Ω = σ̂²Z'Z/N, σ̂² = e'e/(N − dofminus), so J = (N − dofminus) e'P_Z e/e'e.
struct CueProblem {
  const MatrixXd& x;
  const MatrixXd& z;
  const VectorXd& y;
  const IvMeat& meat;
  double n;
  Eigen::LLT<MatrixXd> zz;  // i.i.d. only

  CueProblem(const MatrixXd& x_, const MatrixXd& z_, const VectorXd& y_, const IvMeat& m)
      : x(x_), z(z_), y(y_), meat(m), n(static_cast<double>(y_.size())) {
    if (meat.kind == IvMeat::Kind::kIid) zz.compute(z.transpose() * z);
  }

  double scale() const {
    return meat.kind == IvMeat::Kind::kCluster ? 1.0 : (n - meat.dofminus) / n;
  }

  // J(b); the gradient into `grad` and the Gauss-Newton Hessian 2c·X'ZM⁻¹Z'X (the
  // curvature with Ω held fixed) into `gn` when asked.
  double eval(const VectorXd& b, VectorXd* grad, MatrixXd* gn) const {
    const VectorXd e = y - x * b;
    const VectorXd g = z.transpose() * e;
    if (meat.kind == IvMeat::Kind::kIid) {
      const double ee = e.squaredNorm();
      const VectorXd a = zz.solve(g);  // (Z'Z)⁻¹Z'e
      const double epe = g.dot(a);
      const double dm = n - meat.dofminus;
      if (grad) {
        // d(e'P_Z e/e'e)/db = (−2X'P_Z e · e'e + 2 e'P_Z e · X'e)/(e'e)²
        *grad = dm * (-2 * (x.transpose() * (z * a)) * ee + 2 * epe * (x.transpose() * e)) /
                (ee * ee);
      }
      if (gn) {
        const MatrixXd zx = z.transpose() * x;
        *gn = 2 * dm / ee * (zx.transpose() * zz.solve(zx));
      }
      return dm * epe / ee;
    }
    const MatrixXd m = iv_omega(z, e, meat);
    // ivreg2's cholqrsolve: Cholesky, or QR when M is not positive definite.
    Eigen::LLT<MatrixXd> llt(m);
    const bool pd = llt.info() == Eigen::Success;
    Eigen::ColPivHouseholderQR<MatrixXd> qr;
    if (!pd) {
      qr.compute(m);
      if (qr.rank() < m.rows()) return kNaN;
    }
    auto solve = [&](const MatrixXd& rhs) -> MatrixXd {
      if (pd) return llt.solve(rhs);
      return qr.solve(rhs);
    };
    const VectorXd alpha = solve(g);
    const double c = scale();
    if (grad) {
      // dJ/db_k = c[2α'∂g/∂b_k − α'(∂M/∂b_k)α]; ∂g/∂b_k = −Z'x_k, and since M is a
      // quadratic form in e, α'(∂M/∂b_k)α = −2 [meat of (e, X) with weights q = Zα]_{0k}.
      const VectorXd q = z * alpha;
      MatrixXd ex(e.size(), 1 + x.cols());
      ex.col(0) = e;
      ex.rightCols(x.cols()) = x;
      const MatrixXd mixed = iv_omega(ex, q, meat);
      *grad = c * (-2 * (x.transpose() * q) + 2 * mixed.row(0).tail(x.cols()).transpose());
    }
    if (gn) {
      const MatrixXd zx = z.transpose() * x;
      *gn = 2 * c * (zx.transpose() * solve(zx));
    }
    return c * g.dot(alpha);
  }
};

bool finite(const VectorXd& v) { return v.allFinite(); }

// Minimise J from `b`: BFGS started from the inverse Gauss-Newton Hessian with an
// Armijo backtracking line search, then Newton steps on the Hessian differenced from
// the analytic gradient until the step is below 1e-13 relative.
struct CueResult {
  VectorXd b;
  double j = kNaN;
  int iterations = 0;
  bool converged = false;
};

CueResult minimise(const CueProblem& pr, VectorXd b) {
  CueResult out;
  const Eigen::Index k = b.size();
  VectorXd g;
  MatrixXd gn;
  double f = pr.eval(b, &g, &gn);
  if (!std::isfinite(f) || !finite(g)) return out;
  auto reset = [&](const MatrixXd& h) {
    Eigen::LDLT<MatrixXd> ldlt(h);
    MatrixXd inv = ldlt.solve(MatrixXd::Identity(k, k));
    if (!inv.allFinite()) inv = MatrixXd::Identity(k, k);
    return inv;
  };
  MatrixXd hinv = reset(gn);
  auto small_step = [&](const VectorXd& s, const VectorXd& at) {
    for (Eigen::Index i = 0; i < k; ++i)
      if (std::fabs(s(i)) > 1e-13 * std::max(1.0, std::fabs(at(i)))) return false;
    return true;
  };
  // --- BFGS
  for (int it = 0; it < 500; ++it) {
    ++out.iterations;
    VectorXd d = -hinv * g;
    double slope = g.dot(d);
    if (!(slope < 0)) {
      hinv = reset(gn);
      d = -hinv * g;
      slope = g.dot(d);
      if (!(slope < 0)) break;
    }
    double t = 1, f_new = kNaN;
    VectorXd b_new, g_new;
    bool moved = false;
    for (int half = 0; half < 60; ++half, t /= 2) {
      b_new = b + t * d;
      f_new = pr.eval(b_new, &g_new, nullptr);
      if (std::isfinite(f_new) && f_new <= f + 1e-4 * t * slope) {
        moved = true;
        break;
      }
    }
    if (!moved) break;  // no decrease left at this precision: hand over to Newton
    const VectorXd s = b_new - b, yv = g_new - g;
    const double f_old = f;
    b = b_new;
    f = f_new;
    g = g_new;
    if (small_step(s, b) || std::fabs(f_old - f) <= 1e-16 * std::max(1.0, std::fabs(f))) break;
    const double sy = s.dot(yv);
    if (sy > 1e-300) {
      const double rho = 1 / sy;
      const MatrixXd ident = MatrixXd::Identity(k, k);
      hinv = (ident - rho * s * yv.transpose()) * hinv * (ident - rho * yv * s.transpose()) +
             rho * s * s.transpose();
    }
  }
  // --- Newton polish on the differenced analytic gradient
  for (int it = 0; it < 30; ++it) {
    ++out.iterations;
    MatrixXd h(k, k);
    for (Eigen::Index c = 0; c < k; ++c) {
      const double step = 1e-6 * std::max(1.0, std::fabs(b(c)));
      VectorXd up = b, down = b, gu, gd;
      up(c) += step;
      down(c) -= step;
      pr.eval(up, &gu, nullptr);
      pr.eval(down, &gd, nullptr);
      h.col(c) = (gu - gd) / (2 * step);
    }
    h = (h + h.transpose()) / 2;
    Eigen::LDLT<MatrixXd> ldlt(h);
    VectorXd d = ldlt.solve(-g);
    if (!finite(d) || ldlt.info() != Eigen::Success || !(g.dot(d) <= 0)) {
      d = -hinv * g;  // not locally convex: fall back to the quasi-Newton direction
    }
    VectorXd g_new;
    double t = 1, f_new = kNaN;
    bool moved = false;
    for (int half = 0; half < 40; ++half, t /= 2) {
      f_new = pr.eval(b + t * d, &g_new, nullptr);
      // Accept a decrease, or (at the floor of J's rounding) a smaller gradient.
      if (std::isfinite(f_new) &&
          (f_new < f || (f_new <= f + 1e-14 * std::max(1.0, std::fabs(f)) &&
                         g_new.norm() < g.norm()))) {
        moved = true;
        break;
      }
    }
    if (!moved) {
      out.converged = small_step(d, b) || g.norm() == 0;
      break;
    }
    const VectorXd s = t * d;
    b += s;
    f = f_new;
    g = g_new;
    if (small_step(s, b)) {
      out.converged = true;
      break;
    }
  }
  out.b = b;
  out.j = f;
  return out;
}

}  // namespace

double iv_cue_objective(const IvData& data, const IvMeat& meat, const Eigen::VectorXd& b,
                        Eigen::VectorXd* grad) {
  const MatrixXd x = hcat(data.x1, data.x2);
  const MatrixXd z = hcat(data.z1, data.x2);
  const CueProblem pr(x, z, data.y, meat);
  return pr.eval(b, grad, nullptr);
}

IvFit iv_cue(const IvData& data, const IvOptions& options) {
  // Start where ivreg2 does: 2SLS with i.i.d. errors, two-step GMM otherwise.
  IvOptions first = options;
  first.estimator =
      options.meat.kind == IvMeat::Kind::kIid ? IvEstimator::kTsls : IvEstimator::kGmm2s;
  IvFit fit = iv_fit(data, first);
  if (!fit.ok) return fit;
  const MatrixXd x = hcat(data.x1, data.x2);
  const MatrixXd z = hcat(data.z1, data.x2);
  const double n = static_cast<double>(data.y.size());
  const double k_cols = static_cast<double>(x.cols());
  const double dm = options.meat.dofminus, sdm = options.meat.sdofminus;
  const CueProblem pr(x, z, data.y, options.meat);
  fit.first_step_resid.resize(0);
  if (z.cols() > x.cols()) {
    const CueResult r = minimise(pr, fit.coef);
    if (!std::isfinite(r.j)) {
      fit.ok = false;
      return fit;
    }
    fit.coef = r.b;
    fit.j = r.j;
    fit.iterations = r.iterations;
    fit.converged = r.converged;
  } else {
    fit.j = 0;  // exactly identified: Z'e(b) = 0 at 2SLS, the minimum
  }
  fit.resid = data.y - x * fit.coef;
  fit.rss = fit.resid.squaredNorm();
  fit.sigma2 = fit.rss / (options.small ? n - k_cols - dm - sdm : n - dm);
  fit.k = 1;
  fit.lambda = 0;
  // V = N (X'Z Ω̂⁻¹ Z'X)⁻¹ with Ω̂ at the estimate: i.i.d. σ̂²(X'P_Z X)⁻¹; otherwise
  // (X'Z M⁻¹ Z'X)⁻¹ over c, then the small-sample factors of iv_fit.
  const MatrixXd zx = z.transpose() * x;
  MatrixXd a;
  double factor = 1;
  if (options.meat.kind == IvMeat::Kind::kIid) {
    Eigen::LLT<MatrixXd> zz(z.transpose() * z);
    a = zx.transpose() * zz.solve(zx) / fit.sigma2;
  } else {
    const MatrixXd m = iv_omega(z, fit.resid, options.meat);
    Eigen::LLT<MatrixXd> llt(m);
    if (llt.info() != Eigen::Success) {
      fit.ok = false;
      return fit;
    }
    a = zx.transpose() * llt.solve(zx);
    if (options.meat.kind == IvMeat::Kind::kCluster) {
      if (options.small) {
        double mc = 0;
        for (size_t j = 0; j < options.meat.n_clusters.size(); ++j)
          mc = j == 0 ? options.meat.n_clusters[j]
                      : std::min<double>(mc, options.meat.n_clusters[j]);
        factor = (n - 1) / (n - k_cols - sdm) * mc / (mc - 1);
      }
    } else {
      factor = options.small ? n / (n - k_cols - dm - sdm) : n / (n - dm);
    }
  }
  Eigen::LDLT<MatrixXd> ldlt(a);
  fit.v = factor * ldlt.solve(MatrixXd::Identity(a.rows(), a.cols()));
  fit.v = (fit.v + fit.v.transpose()) / 2;
  fit.ok = fit.v.allFinite() && ldlt.info() == Eigen::Success;
  return fit;
}

}  // namespace xtdo::kernel
