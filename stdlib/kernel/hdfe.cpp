// Fixed-effects partialling out (Kaczmarz sweeps, then a sparse direct solve or
// conjugate gradient on the symmetric Kaczmarz sweep), and the factor bookkeeping
// around it (singletons, mobility groups, intersections). Hot loops run over raw
// int32 codes and contiguous columns.
#include "xtdo/kernel/hdfe.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <memory>
#include <thread>

#include <Eigen/OrderingMethods>
#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>

namespace xtdo::kernel {

using Eigen::Index;
using Eigen::VectorXd;

namespace {

// Per factor and level: Σ_{i∈l} w_i and its inverse; built once, read by every
// worker's sweeper.
struct LevelWeights {
  LevelWeights(const std::vector<FixedEffect>& effects, const double* w, Index n) {
    for (const auto& fe : effects) {
      std::vector<double> sum(static_cast<size_t>(fe.n_levels), 0.0);
      const int32_t* code = fe.code.data();
      if (w) {
        for (Index obs = 0; obs < n; ++obs) sum[code[obs]] += w[obs];
      } else {
        for (Index obs = 0; obs < n; ++obs) sum[code[obs]] += 1.0;
      }
      std::vector<double> inv(sum.size());
      for (size_t l = 0; l < sum.size(); ++l) inv[l] = sum[l] != 0 ? 1.0 / sum[l] : 0.0;
      level_w.push_back(std::move(sum));
      inv_w.push_back(std::move(inv));
    }
  }
  std::vector<std::vector<double>> level_w;  // Σ_{i∈l} w_i per level
  std::vector<std::vector<double>> inv_w;
};

// The factors with their shared level weights and a scratch vector of level sums,
// so one sweep allocates nothing.
class Sweeper {
 public:
  Sweeper(const std::vector<FixedEffect>& effects, const LevelWeights& lw, const double* w, Index n)
      : effects_(effects), w_(w), n_(n), level_w_(lw.level_w), inv_w_(lw.inv_w) {
    for (const auto& fe : effects) sums_.emplace_back(static_cast<size_t>(fe.n_levels), 0.0);
    // Symmetric Kaczmarz order 0, 1, …, G−1, G−2, …, 0.
    const int g = static_cast<int>(effects.size());
    for (int f = 0; f < g; ++f) order_.push_back(f);
    for (int f = g - 2; f >= 0; --f) order_.push_back(f);
  }

  int factors() const { return static_cast<int>(effects_.size()); }

  /// x ← M_f x for the single factor f.
  void project(double* x, int f) {
    accumulate(x, f);
    finalize(f);
    subtract(x, f);
  }

  /// Start a chain of fused projections: accumulate the sums of factor f from x;
  /// returns Σ w x².
  double begin(const double* x, int f) {
    std::vector<double>& sums = sums_[static_cast<size_t>(f)];
    std::fill(sums.begin(), sums.end(), 0.0);
    const int32_t* code = effects_[static_cast<size_t>(f)].code.data();
    double* sm = sums.data();
    double ss = 0;
    if (w_) {
      for (Index obs = 0; obs < n_; ++obs) {
        const double wx = w_[obs] * x[obs];
        sm[code[obs]] += wx;
        ss += wx * x[obs];
      }
    } else {
      for (Index obs = 0; obs < n_; ++obs) {
        sm[code[obs]] += x[obs];
        ss += x[obs] * x[obs];
      }
    }
    return ss;
  }

  /// One link of the chain: x ← M_f x (factor f's sums already accumulated) fused
  /// with accumulating the sums of factor `next`; returns ‖step‖_w, the norm of what
  /// was subtracted (over the levels: Σ_l W_l m_l²).
  double step(double* x, int f, int next) {
    finalize(f);
    const std::vector<double>& mean = sums_[static_cast<size_t>(f)];
    const std::vector<double>& lw = level_w_[static_cast<size_t>(f)];
    double sq = 0;
    for (size_t l = 0; l < mean.size(); ++l) sq += lw[l] * mean[l] * mean[l];
    subtract_accumulate(x, f, next);
    return std::sqrt(sq);
  }

  /// x ← S x, the symmetric sweep; when `copy_from` is given, x starts as a copy of
  /// it (the copy is fused into the first pass).
  void symmetric_sweep(double* x, const double* copy_from = nullptr) {
    if (copy_from) {
      std::copy(copy_from, copy_from + n_, x);
    }
    accumulate(x, order_[0]);
    for (size_t step = 0; step < order_.size(); ++step) {
      const int f = order_[step];
      finalize(f);
      if (step + 1 < order_.size()) {
        subtract_accumulate(x, f, order_[step + 1]);
      } else {
        subtract(x, f);
      }
    }
  }

 private:
  void accumulate(const double* x, int f) {
    std::vector<double>& sums = sums_[static_cast<size_t>(f)];
    std::fill(sums.begin(), sums.end(), 0.0);
    const int32_t* code = effects_[static_cast<size_t>(f)].code.data();
    double* s = sums.data();
    if (w_) {
      for (Index obs = 0; obs < n_; ++obs) s[code[obs]] += w_[obs] * x[obs];
    } else {
      for (Index obs = 0; obs < n_; ++obs) s[code[obs]] += x[obs];
    }
  }
  void finalize(int f) {
    std::vector<double>& sums = sums_[static_cast<size_t>(f)];
    const std::vector<double>& inv = inv_w_[static_cast<size_t>(f)];
    for (size_t g = 0; g < sums.size(); ++g) sums[g] *= inv[g];
  }
  void subtract(double* x, int f) {
    const double* mean = sums_[static_cast<size_t>(f)].data();
    const int32_t* code = effects_[static_cast<size_t>(f)].code.data();
    for (Index obs = 0; obs < n_; ++obs) x[obs] -= mean[code[obs]];
  }
  // Subtract the means of factor f and accumulate the sums of factor `next` in
  // the same pass over the observations.
  void subtract_accumulate(double* x, int f, int next) {
    const double* mean = sums_[static_cast<size_t>(f)].data();
    const int32_t* code = effects_[static_cast<size_t>(f)].code.data();
    std::vector<double>& nsums = sums_[static_cast<size_t>(next)];
    std::fill(nsums.begin(), nsums.end(), 0.0);
    double* s = nsums.data();
    const int32_t* ncode = effects_[static_cast<size_t>(next)].code.data();
    if (w_) {
      for (Index obs = 0; obs < n_; ++obs) {
        const double v = x[obs] - mean[code[obs]];
        x[obs] = v;
        s[ncode[obs]] += w_[obs] * v;
      }
    } else {
      for (Index obs = 0; obs < n_; ++obs) {
        const double v = x[obs] - mean[code[obs]];
        x[obs] = v;
        s[ncode[obs]] += v;
      }
    }
  }

  const std::vector<FixedEffect>& effects_;
  const double* w_;
  Index n_;
  const std::vector<std::vector<double>>& level_w_;
  const std::vector<std::vector<double>>& inv_w_;
  std::vector<std::vector<double>> sums_;
  std::vector<int> order_;
};

double wdot(const double* a, const double* b, const double* w, Index n) {
  double s = 0;
  if (w) {
    for (Index obs = 0; obs < n; ++obs) s += w[obs] * a[obs] * b[obs];
  } else {
    for (Index obs = 0; obs < n; ++obs) s += a[obs] * b[obs];
  }
  return s;
}

struct ColumnResult {
  int iterations = 0;
  bool converged = false;
  double error = 0;
};

// Conjugate gradient for (I − S) y = 0 from y (reghdfe's accelerate_cg with the
// symmetric Kaczmarz transform). r = (I − S) y is the gradient; u the direction.
ColumnResult cg_column(double* y, Sweeper& sweep, const double* w, Index n,
                       const HdfeOptions& options, VectorXd& r, VectorXd& u, VectorXd& v) {
  ColumnResult out;
  double potential = wdot(y, y, w, n);
  const double potential0 = potential;
  if (potential0 <= 0) {
    out.converged = true;
    out.iterations = 1;
    return out;
  }
  double* rp = r.data();
  double* up = u.data();
  double* vp = v.data();
  sweep.symmetric_sweep(rp, y);
  for (Index obs = 0; obs < n; ++obs) rp[obs] = y[obs] - rp[obs];
  double ssr = wdot(rp, rp, w, n);
  std::copy(rp, rp + n, up);

  for (int iter = 1; iter <= options.max_iterations; ++iter) {
    out.iterations = iter;
    // v = (I − S) u and u'Wv in one pass after the sweep.
    sweep.symmetric_sweep(vp, up);
    double uv = 0;
    if (w) {
      for (Index obs = 0; obs < n; ++obs) {
        vp[obs] = up[obs] - vp[obs];
        uv += w[obs] * up[obs] * vp[obs];
      }
    } else {
      for (Index obs = 0; obs < n; ++obs) {
        vp[obs] = up[obs] - vp[obs];
        uv += up[obs] * vp[obs];
      }
    }
    const double alpha = uv > 0 ? ssr / uv : 0.0;
    const double recent = alpha * ssr;
    potential -= recent;
    double ssr_new = 0;
    if (w) {
      for (Index obs = 0; obs < n; ++obs) {
        y[obs] -= alpha * up[obs];
        const double rv = rp[obs] - alpha * vp[obs];
        rp[obs] = rv;
        ssr_new += w[obs] * rv * rv;
      }
    } else {
      for (Index obs = 0; obs < n; ++obs) {
        y[obs] -= alpha * up[obs];
        const double rv = rp[obs] - alpha * vp[obs];
        rp[obs] = rv;
        ssr_new += rv * rv;
      }
    }
    const double beta = ssr > 0 ? ssr_new / ssr : 0.0;
    ssr = ssr_new;
    for (Index obs = 0; obs < n; ++obs) up[obs] = rp[obs] + beta * up[obs];

    // Hestenes–Stiefel update error. A step at rounding level of the starting
    // energy counts as converged (a column the factors absorb entirely); the
    // remaining energy is a running difference that rounding can drive to zero, so
    // it is never trusted below the last step.
    const double eps = 1e-15 * potential0;
    out.error = recent <= eps ? 0.0 : potential > recent ? std::sqrt(recent / potential) : 1.0;
    if (out.error <= options.tolerance) {
      out.converged = true;
      break;
    }
  }
  return out;
}

// Plain Kaczmarz sweeps on one column (the first factor already swept out) while
// they converge quickly: a balanced panel is done after two. The phase stops when
// the change of a sweep c_k (relative to ‖y‖), scaled by the estimated rate
// ρ = c_k / c_{k−1} as c_k/(1 − ρ) (the geometric bound on the remaining error),
// is below the tolerance; it gives up (slow) when ρ > 0.5 after three sweeps or
// after 30 sweeps.
struct MapPhase {
  ColumnResult result;
  bool slow = false;
};
MapPhase map_phase(double* y, Sweeper& sweep, double norm0, const HdfeOptions& options) {
  MapPhase out;
  const int g = sweep.factors();
  double previous = 0, previous_rate = 0;
  int sweeps = 0;
  // The chain was started by the caller with factor 1's sums accumulated; each
  // projection is fused with the accumulation of the next factor.
  int f = 1 % g;
  while (sweeps < std::min(30, options.max_iterations)) {
    double change = 0;
    for (int k = 0; k < g; ++k) {
      const int next = (f + 1) % g;
      change += sweep.step(y, f, next);
      f = next;
    }
    change /= norm0;
    ++sweeps;
    // The larger of the last two observed rates guards against a fast component
    // hiding a slow one for a sweep.
    const double observed = sweeps > 1 && previous > 0 ? change / previous : 1.0;
    const double rate = std::max(observed, previous_rate);
    previous_rate = observed;
    previous = change;
    out.result.iterations = sweeps;
    out.result.error = rate < 1 ? change / (1 - rate) : change;
    // A second sweep that changes (almost) nothing after a first that did the work
    // (balanced panels: the sweep is then exact) is accepted at once.
    const bool settled = sweeps == 2 && change <= 0.01 * options.tolerance;
    if (change <= 1e-15 || settled || (rate < 1 && out.result.error <= options.tolerance)) {
      out.result.converged = true;
      return out;
    }
    if (sweeps >= 3 && rate > 0.5) break;
  }
  out.slow = sweeps < options.max_iterations;
  return out;
}

// Direct solution of the normal equations D'WD α = D'W y by a sparse LDL'
// factorisation (AMD ordering), used for designs where the sweeps mix slowly
// (workers moving along a chain of firms). Level 0 of every factor after the
// first is pinned to zero (one redundant level each); a design with further
// redundancies (several mobility groups) has a zero pivot and is left to CG.
class DirectSolver {
 public:
  DirectSolver(const std::vector<FixedEffect>& effects, const double* w, Index n)
      : effects_(effects), w_(w), n_(n) {}

  /// Build the factorisation; false when it is too large or singular.
  bool build() {
    const size_t g = effects_.size();
    // One triplet per observation and pair of factors (the diagonal is summed
    // separately): at most 2.5e7 triplets (400 MB) are allowed.
    if (static_cast<double>(n_) * static_cast<double>(g * (g - 1) / 2) > 2.5e7) return false;
    int32_t m = 0;
    for (size_t f = 0; f < g; ++f) {
      offset_.push_back(m - (f > 0 ? 1 : 0));
      m += effects_[f].n_levels - (f > 0 ? 1 : 0);
    }
    m_ = m;
    std::vector<Eigen::Triplet<double, int>> triplets;
    triplets.reserve(static_cast<size_t>(n_) * (g * (g - 1) / 2) + static_cast<size_t>(m));
    std::vector<double> diag(static_cast<size_t>(m), 0.0);
    std::vector<int32_t> idx(g);
    for (Index obs = 0; obs < n_; ++obs) {
      const double wt = w_ ? w_[obs] : 1.0;
      for (size_t f = 0; f < g; ++f) idx[f] = index(f, effects_[f].code[obs]);
      for (size_t f = 0; f < g; ++f) {
        if (idx[f] < 0) continue;
        diag[static_cast<size_t>(idx[f])] += wt;
        for (size_t h = 0; h < f; ++h) {
          if (idx[h] < 0) continue;
          triplets.emplace_back(std::max(idx[f], idx[h]), std::min(idx[f], idx[h]), wt);
        }
      }
    }
    for (int32_t i = 0; i < m; ++i) triplets.emplace_back(i, i, diag[static_cast<size_t>(i)]);
    Eigen::SparseMatrix<double> a(m, m);
    a.setFromTriplets(triplets.begin(), triplets.end());
    triplets.clear();
    triplets.shrink_to_fit();
    solver_.compute(a);
    if (solver_.info() != Eigen::Success) return false;
    const VectorXd d = solver_.vectorD();
    const double dmax = d.cwiseAbs().maxCoeff();
    return d.minCoeff() > 1e-13 * dmax;
  }

  /// y ← y − D α with α the least-squares coefficients of y on the factors,
  /// refined until the gradient D'W y is at rounding level; returns the final
  /// ‖D'W y‖ relative to the first.
  double apply(double* y, int* rounds) const {
    VectorXd b(m_);
    double first = 0, last = 0;
    for (int round = 0; round < 4; ++round) {
      b.setZero();
      for (Index obs = 0; obs < n_; ++obs) {
        const double v = (w_ ? w_[obs] : 1.0) * y[obs];
        for (size_t f = 0; f < effects_.size(); ++f) {
          const int32_t i = index(f, effects_[f].code[obs]);
          if (i >= 0) b(i) += v;
        }
      }
      last = b.norm();
      if (round == 0) first = last;
      if (!(first > 0) || last <= 1e-14 * first) break;
      const VectorXd alpha = solver_.solve(b);
      for (Index obs = 0; obs < n_; ++obs) {
        double fit = 0;
        for (size_t f = 0; f < effects_.size(); ++f) {
          const int32_t i = index(f, effects_[f].code[obs]);
          if (i >= 0) fit += alpha(i);
        }
        y[obs] -= fit;
      }
      *rounds = round + 1;
    }
    return first > 0 ? last / first : 0.0;
  }

 private:
  int32_t index(size_t f, int32_t level) const {
    if (f > 0 && level == 0) return -1;
    return offset_[f] + level;
  }
  const std::vector<FixedEffect>& effects_;
  const double* w_;
  Index n_;
  int32_t m_ = 0;
  std::vector<int32_t> offset_;
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>, Eigen::Lower, Eigen::AMDOrdering<int>> solver_;
};

// Run `job(col)` for every column on up to two workers; each worker gets its own
// scratch from `make`. Results do not depend on the split.
template <class Make, class Job>
void for_columns(const std::vector<Index>& columns, Make make, Job job) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const size_t workers = std::min<size_t>({columns.size(), static_cast<size_t>(hw), 2});
  auto work = [&](size_t worker) {
    auto scratch = make();
    for (size_t k = worker; k < columns.size(); k += workers) job(columns[k], scratch);
  };
  if (workers <= 1) {
    if (!columns.empty()) work(0);
    return;
  }
  std::vector<std::thread> pool;
  for (size_t k = 1; k < workers; ++k) pool.emplace_back(work, k);
  work(0);
  for (auto& t : pool) t.join();
}

}  // namespace

namespace {

// The columns of one worker in hdfe_coefficients: their coefficients are updated
// step by step, and each pass over the rows accumulates, for every active column,
// the level sums of its current residual for the factor projected next.
class CoefficientSweeper {
 public:
  CoefficientSweeper(const std::vector<const double*>& columns, const int64_t* rows, Index n,
                     const std::vector<FixedEffect>& effects, const LevelWeights& lw,
                     std::vector<std::vector<std::vector<double>>>& coef)
      : columns_(columns), rows_(rows), n_(n), effects_(effects), lw_(lw), coef_(coef) {
    sums_.resize(columns.size());
    for (auto& s : sums_) s.assign(effects.size(), {});
  }

  /// Level sums of factor f of the residuals of the `active` columns (indices into
  /// this worker's columns); with `ss`, also Σ residual² per column.
  void pass(int f, const std::vector<size_t>& active, std::vector<double>* ss) {
    for (size_t k : active) {
      std::vector<double>& sums = sums_[k][static_cast<size_t>(f)];
      sums.assign(static_cast<size_t>(effects_[static_cast<size_t>(f)].n_levels), 0.0);
      double q = 0;
      switch (effects_.size()) {
        case 1:
          q = column_pass<1>(k, f, ss != nullptr);
          break;
        case 2:
          q = column_pass<2>(k, f, ss != nullptr);
          break;
        case 3:
          q = column_pass<3>(k, f, ss != nullptr);
          break;
        default:
          q = column_pass<0>(k, f, ss != nullptr);
          break;
      }
      if (ss) (*ss)[k] += q;
    }
  }

  /// The projection on factor f from its accumulated sums: coef_f += the level
  /// means; returns the norm of the step (Σ_l W_l m_l²)^½ as Sweeper::step does.
  double finalize(size_t k, int f) {
    std::vector<double>& sums = sums_[k][static_cast<size_t>(f)];
    const std::vector<double>& inv = lw_.inv_w[static_cast<size_t>(f)];
    const std::vector<double>& w = lw_.level_w[static_cast<size_t>(f)];
    std::vector<double>& a = coef_[k][static_cast<size_t>(f)];
    double sq = 0;
    for (size_t l = 0; l < sums.size(); ++l) {
      const double m = sums[l] * inv[l];
      sq += w[l] * m * m;
      a[l] += m;
    }
    return std::sqrt(sq);
  }

 private:
  // One column's pass: residual v_i = x_i − Σ_h coef_h[code_h(i)] added to its level
  // of factor f; G factors (0 = any number). Returns Σ v² when asked.
  template <int G>
  double column_pass(size_t k, int f, bool want_ss) {
    const size_t g = G > 0 ? static_cast<size_t>(G) : effects_.size();
    const double* a[8];
    const int32_t* code[8];
    std::vector<const double*> a_many;
    std::vector<const int32_t*> code_many;
    const double** ap = a;
    const int32_t** cp = code;
    if (g > 8) {
      a_many.resize(g);
      code_many.resize(g);
      ap = a_many.data();
      cp = code_many.data();
    }
    for (size_t h = 0; h < g; ++h) {
      ap[h] = coef_[k][h].data();
      cp[h] = effects_[h].code.data();
    }
    const double* x = columns_[k];
    double* s = sums_[k][static_cast<size_t>(f)].data();
    const int32_t* cf = effects_[static_cast<size_t>(f)].code.data();
    double q = 0;
    auto run = [&](auto read) {
      for (Index i = 0; i < n_; ++i) {
        double v = read(i);
        if constexpr (G > 0) {
          for (int h = 0; h < G; ++h) v -= ap[h][cp[h][i]];
        } else {
          for (size_t h = 0; h < g; ++h) v -= ap[h][cp[h][i]];
        }
        s[cf[i]] += v;
        if (want_ss) q += v * v;
      }
    };
    if (rows_) {
      const int64_t* rows = rows_;
      run([x, rows](Index i) { return x[rows[i]]; });
    } else {
      run([x](Index i) { return x[i]; });
    }
    return q;
  }

  const std::vector<const double*>& columns_;
  const int64_t* rows_;
  Index n_;
  const std::vector<FixedEffect>& effects_;
  const LevelWeights& lw_;
  std::vector<std::vector<std::vector<double>>>& coef_;
  std::vector<std::vector<std::vector<double>>> sums_;  // [column][factor][level]
};

}  // namespace

HdfeCoefficients hdfe_coefficients(const std::vector<const double*>& columns, const int64_t* rows,
                                   Eigen::Index n, const std::vector<FixedEffect>& effects,
                                   const HdfeOptions& options) {
  HdfeCoefficients out;
  const size_t cols = columns.size(), g = effects.size();
  out.coef.resize(cols);
  for (auto& c : out.coef)
    for (const auto& fe : effects) c.emplace_back(static_cast<size_t>(fe.n_levels), 0.0);
  if (g == 0 || n == 0 || cols == 0) return out;
  for ([[maybe_unused]] const auto& fe : effects) assert(static_cast<Index>(fe.code.size()) == n);
  const LevelWeights lw(effects, nullptr, n);
  std::vector<ColumnResult> outcome(cols);
  std::vector<uint8_t> slow(cols, 0);

  // One worker's columns (`mine`, indices into `columns`) through demean_hdfe's
  // phase 1, all of them in each pass until each has stopped.
  auto run = [&](const std::vector<size_t>& mine) {
    std::vector<const double*> own;
    std::vector<std::vector<std::vector<double>>> coef;
    for (size_t c : mine) {
      own.push_back(columns[c]);
      coef.push_back(std::move(out.coef[c]));
    }
    CoefficientSweeper sw(own, rows, n, effects, lw, coef);
    const size_t m = mine.size();
    std::vector<size_t> active(m);
    std::iota(active.begin(), active.end(), size_t{0});
    std::vector<ColumnResult> res(m);
    if (g == 1) {
      // One factor: the projection is exact.
      sw.pass(0, active, nullptr);
      for (size_t k = 0; k < m; ++k) {
        sw.finalize(k, 0);
        res[k] = ColumnResult{1, true, 0};
      }
    } else {
      // y ← M_0 y; ‖M_0 y‖ from ‖y‖ and the step, or directly when too small to trust.
      std::vector<double> yy(m, 0.0), direct(m, 0.0), norm0(m, 0.0);
      sw.pass(0, active, &yy);
      std::vector<double> s0(m);
      for (size_t k = 0; k < m; ++k) s0[k] = sw.finalize(k, 0);
      sw.pass(1, active, &direct);
      std::vector<size_t> next_active;
      for (size_t k = 0; k < m; ++k) {
        double nrm2 = yy[k] - s0[k] * s0[k];
        if (!(nrm2 > 1e-6 * yy[k])) nrm2 = direct[k];
        norm0[k] = std::sqrt(std::max(nrm2, 0.0));
        if (!(norm0[k] > 0)) {
          res[k] = ColumnResult{1, true, 0};
        } else {
          next_active.push_back(k);
        }
      }
      active = next_active;
      // Plain sweeps (map_phase): factor 1's sums are accumulated; each step
      // projects on factor f and accumulates the sums of the next factor.
      std::vector<double> previous(m, 0.0), previous_rate(m, 0.0), change(m, 0.0);
      int f = 1 % static_cast<int>(g);
      int sweeps = 0;
      const int limit = std::min(30, options.max_iterations);
      while (!active.empty()) {
        for (size_t k : active) change[k] = 0;
        for (size_t step = 0; step < g; ++step) {
          const int nxt = (f + 1) % static_cast<int>(g);
          for (size_t k : active) change[k] += sw.finalize(k, f);
          f = nxt;
          if (step + 1 < g) sw.pass(f, active, nullptr);
        }
        ++sweeps;
        next_active.clear();
        for (size_t k : active) {
          const double c = change[k] / norm0[k];
          const double observed = sweeps > 1 && previous[k] > 0 ? c / previous[k] : 1.0;
          const double rate = std::max(observed, previous_rate[k]);
          previous_rate[k] = observed;
          previous[k] = c;
          res[k].iterations = sweeps;
          res[k].error = rate < 1 ? c / (1 - rate) : c;
          const bool settled = sweeps == 2 && c <= 0.01 * options.tolerance;
          if (c <= 1e-15 || settled || (rate < 1 && res[k].error <= options.tolerance)) {
            res[k].converged = true;
          } else if ((sweeps >= 3 && rate > 0.5) || sweeps >= limit) {
            slow[mine[k]] = 1;
          } else {
            next_active.push_back(k);
          }
        }
        active = next_active;
        if (!active.empty()) sw.pass(f, active, nullptr);
      }
    }
    for (size_t k = 0; k < m; ++k) {
      out.coef[mine[k]] = std::move(coef[k]);
      outcome[mine[k]] = res[k];
    }
  };
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  if (cols >= 2 && hw >= 2 && n >= 20000) {
    std::vector<size_t> even, odd;
    for (size_t c = 0; c < cols; ++c) (c % 2 ? odd : even).push_back(c);
    std::thread worker([&] { run(odd); });
    run(even);
    worker.join();
  } else {
    std::vector<size_t> all(cols);
    std::iota(all.begin(), all.end(), size_t{0});
    run(all);
  }
  for (size_t c = 0; c < cols; ++c) {
    out.complete = out.complete && !slow[c];
    out.result.iterations = std::max(out.result.iterations, outcome[c].iterations);
    out.result.max_change = std::max(out.result.max_change, outcome[c].error);
    out.result.converged = out.result.converged && outcome[c].converged;
  }
  return out;
}

HdfeResult demean_hdfe(const std::vector<double*>& columns, Eigen::Index n,
                       const std::vector<FixedEffect>& effects,
                       Eigen::Ref<const VectorXd> weights, const HdfeOptions& options) {
  assert(weights.size() == 0 || weights.size() == n);
  for ([[maybe_unused]] const auto& fe : effects) assert(static_cast<Index>(fe.code.size()) == n);
  HdfeResult result;
  if (effects.empty() || n == 0 || columns.empty()) return result;

  const double* w = weights.size() ? weights.data() : nullptr;
  if (effects.size() == 1) {
    // One factor: the projection is exact.
    const LevelWeights lw(effects, w, n);
    Sweeper sweep(effects, lw, w, n);
    for (double* col : columns) sweep.project(col, 0);
    result.iterations = 1;
    return result;
  }

  // Phase 1, every column: sweep out the first factor (this removes the mean, so
  // the criteria are location-free), then plain sweeps while they converge fast.
  const Index cols = static_cast<Index>(columns.size());
  std::vector<ColumnResult> outcome(static_cast<size_t>(cols));
  std::vector<double> norm0(static_cast<size_t>(cols), 0.0);
  std::vector<uint8_t> slow(static_cast<size_t>(cols), 0);
  std::vector<Index> all(static_cast<size_t>(cols));
  std::iota(all.begin(), all.end(), Index{0});
  const LevelWeights lw(effects, w, n);
  auto make_sweeper = [&]() { return std::make_unique<Sweeper>(effects, lw, w, n); };
  for_columns(all, make_sweeper, [&](Index col, std::unique_ptr<Sweeper>& sw) {
    double* y = columns[static_cast<size_t>(col)];
    // y ← M_0 y fused with the first accumulation of the sweeps; ‖M_0 y‖ by
    // Pythagoras from ‖y‖ and the subtracted step, recomputed directly when the
    // difference is too small to trust.
    const double yy = sw->begin(y, 0);
    const double s0 = sw->step(y, 0, 1);
    double nrm2 = yy - s0 * s0;
    if (!(nrm2 > 1e-6 * yy)) nrm2 = wdot(y, y, w, n);
    const double nrm = std::sqrt(std::max(nrm2, 0.0));
    norm0[static_cast<size_t>(col)] = nrm;
    if (!(nrm > 0)) {
      outcome[static_cast<size_t>(col)] = ColumnResult{1, true, 0};
      return;
    }
    const MapPhase m = map_phase(y, *sw, nrm, options);
    outcome[static_cast<size_t>(col)] = m.result;
    slow[static_cast<size_t>(col)] = m.slow;
  });
  std::vector<Index> pending;
  for (Index col = 0; col < cols; ++col)
    if (slow[static_cast<size_t>(col)]) pending.push_back(col);

  // Phase 2, slow columns: a direct sparse solve when the design allows it, else
  // conjugate gradient on the symmetric sweep from where the sweeps stopped.
  if (!pending.empty()) {
    DirectSolver direct(effects, w, n);
    if (direct.build()) {
      for_columns(pending, [] { return 0; }, [&](Index col, int&) {
        int rounds = 0;
        const double grad = direct.apply(columns[static_cast<size_t>(col)], &rounds);
        ColumnResult& c = outcome[static_cast<size_t>(col)];
        c.iterations += rounds;
        c.error = grad;
        c.converged = grad <= options.tolerance;
      });
    } else {
      struct CgScratch {
        std::unique_ptr<Sweeper> sweeper;
        VectorXd r, u, v;
      };
      for_columns(pending, [&] { return CgScratch{make_sweeper(), VectorXd(n), VectorXd(n), VectorXd(n)}; },
                  [&](Index col, CgScratch& sc) {
                    ColumnResult& c = outcome[static_cast<size_t>(col)];
                    HdfeOptions rest = options;
                    rest.max_iterations = std::max(1, options.max_iterations - c.iterations);
                    const ColumnResult cg = cg_column(columns[static_cast<size_t>(col)], *sc.sweeper, w, n, rest,
                                                      sc.r, sc.u, sc.v);
                    c.iterations += cg.iterations;
                    c.error = cg.error;
                    c.converged = cg.converged;
                  });
    }
  }
  for (const auto& c : outcome) {
    result.iterations = std::max(result.iterations, c.iterations);
    result.max_change = std::max(result.max_change, c.error);
    result.converged = result.converged && c.converged;
  }
  return result;
}

HdfeResult demean_hdfe(Eigen::Ref<Eigen::MatrixXd> data, const std::vector<FixedEffect>& effects,
                       Eigen::Ref<const VectorXd> weights, const HdfeOptions& options) {
  std::vector<double*> columns;
  for (Index col = 0; col < data.cols(); ++col) columns.push_back(data.col(col).data());
  return demean_hdfe(columns, data.rows(), effects, weights, options);
}

std::vector<uint8_t> drop_singletons(const std::vector<FixedEffect>& effects,
                                     Eigen::Ref<const VectorXd> weights) {
  const size_t g_count = effects.size();
  const size_t n = g_count ? effects.front().code.size() : 0;
  std::vector<uint8_t> keep(n, 1);
  if (g_count == 0) return keep;
  std::vector<std::vector<double>> count(g_count);
  for (size_t f = 0; f < g_count; ++f) {
    count[f].assign(static_cast<size_t>(effects[f].n_levels), 0.0);
    const int32_t* code = effects[f].code.data();
    for (size_t obs = 0; obs < n; ++obs)
      count[f][code[obs]] += weights.size() ? weights(static_cast<Index>(obs)) : 1.0;
  }
  // Cycle over the factors until G consecutive factors have no singleton: the
  // result is the largest subsample in which no level of any factor is alone.
  size_t remaining = g_count;
  size_t f = 0;
  std::vector<size_t> found;
  while (remaining > 0) {
    found.clear();
    const int32_t* code = effects[f].code.data();
    for (size_t obs = 0; obs < n; ++obs)
      if (keep[obs] && count[f][code[obs]] <= 1.0) found.push_back(obs);
    if (found.empty()) {
      --remaining;
    } else {
      for (size_t obs : found) {
        keep[obs] = 0;
        const double wt = weights.size() ? weights(static_cast<Index>(obs)) : 1.0;
        for (size_t h = 0; h < g_count; ++h) count[h][effects[h].code[obs]] -= wt;
      }
      remaining = g_count - 1;
    }
    f = (f + 1) % g_count;
  }
  return keep;
}

std::vector<int32_t> compact_codes(std::span<const int32_t> code, int32_t n_levels,
                                   const std::vector<uint8_t>& keep, int32_t* n_out) {
  std::vector<int32_t> remap(static_cast<size_t>(n_levels), -1);
  for (size_t obs = 0; obs < code.size(); ++obs)
    if (keep[obs]) remap[code[obs]] = 0;
  int32_t next = 0;
  for (int32_t& m : remap)
    if (m == 0) m = next++;
  std::vector<int32_t> out;
  out.reserve(code.size());
  for (size_t obs = 0; obs < code.size(); ++obs)
    if (keep[obs]) out.push_back(remap[code[obs]]);
  *n_out = next;
  return out;
}

int32_t mobility_groups(const FixedEffect& a, const FixedEffect& b) {
  // Union–find over the levels of a (0..na-1) and b (na..na+nb-1).
  const int32_t na = a.n_levels, nb = b.n_levels;
  std::vector<int32_t> parent(static_cast<size_t>(na) + static_cast<size_t>(nb));
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  std::vector<uint8_t> seen(parent.size(), 0);
  for (size_t obs = 0; obs < a.code.size(); ++obs) {
    const int32_t p = a.code[obs], q = na + b.code[obs];
    seen[p] = seen[q] = 1;
    const int32_t rp = find(p), rq = find(q);
    if (rp != rq) parent[std::max(rp, rq)] = std::min(rp, rq);
  }
  int32_t components = 0;
  for (size_t node = 0; node < parent.size(); ++node)
    if (seen[node] && find(static_cast<int32_t>(node)) == static_cast<int32_t>(node)) ++components;
  return components;
}

std::vector<int32_t> intersect_codes(const FixedEffect& a, const FixedEffect& b, int32_t* n_out) {
  const size_t n = a.code.size();
  std::vector<int32_t> out(n);
  const int64_t cells = static_cast<int64_t>(a.n_levels) * b.n_levels;
  if (cells <= std::max<int64_t>(4 * static_cast<int64_t>(n), 1 << 20)) {
    // Few possible pairs: a direct table numbered in lexicographic order.
    std::vector<int32_t> table(static_cast<size_t>(cells), -1);
    for (size_t obs = 0; obs < n; ++obs)
      table[static_cast<size_t>(static_cast<int64_t>(a.code[obs]) * b.n_levels + b.code[obs])] = 0;
    int32_t next = 0;
    for (int32_t& t : table)
      if (t == 0) t = next++;
    for (size_t obs = 0; obs < n; ++obs)
      out[obs] = table[static_cast<size_t>(static_cast<int64_t>(a.code[obs]) * b.n_levels + b.code[obs])];
    *n_out = next;
    return out;
  }
  std::vector<int64_t> keys(n);
  for (size_t obs = 0; obs < n; ++obs)
    keys[obs] = static_cast<int64_t>(a.code[obs]) * b.n_levels + b.code[obs];
  std::vector<int64_t> uniq = keys;
  std::sort(uniq.begin(), uniq.end());
  uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
  for (size_t obs = 0; obs < n; ++obs)
    out[obs] = static_cast<int32_t>(std::lower_bound(uniq.begin(), uniq.end(), keys[obs]) - uniq.begin());
  *n_out = static_cast<int32_t>(uniq.size());
  return out;
}

}  // namespace xtdo::kernel
