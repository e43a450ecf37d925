// IV estimation from moments (see iv_moments.hpp). The algebra follows iv.cpp
// statement by statement, with every N-row matrix replaced by its coefficient
// matrix over W; tests/unit/kernel_iv_moments_test.cpp checks the two agree.
#include "xtdo/kernel/iv_moments.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

#include "xtdo/kernel/cross.hpp"
#include "iv_hac.hpp"
#include "xtdo/kernel/groups.hpp"

namespace xtdo::kernel {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr Index kBlock = 512;

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

MatrixXd sym_sqrt(const MatrixXd& a) {
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(a);
  VectorXd d = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return es.eigenvectors() * d.asDiagonal() * es.eigenvectors().transpose();
}

MatrixXd kron(const MatrixXd& a, const MatrixXd& b) {
  MatrixXd out(a.rows() * b.rows(), a.cols() * b.cols());
  for (Index r = 0; r < a.rows(); ++r)
    for (Index c = 0; c < a.cols(); ++c)
      out.block(r * b.rows(), c * b.cols(), b.rows(), b.cols()) = a(r, c) * b;
  return out;
}

MatrixXd hcat(const MatrixXd& a, const MatrixXd& b) {
  MatrixXd out(std::max(a.rows(), b.rows()), a.cols() + b.cols());
  if (a.cols()) out.leftCols(a.cols()) = a;
  if (b.cols()) out.rightCols(b.cols()) = b;
  return out;
}

std::vector<int> concat(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// Coefficients of M_{X2} A: A − X2 (X2'X2)⁻¹ X2'A.
MatrixXd partial_out(const IvMoments& m, const MatrixXd& a, const MatrixXd& x2) {
  if (x2.cols() == 0 || a.cols() == 0) return a;
  bool ok = true;
  return a - x2 * spd_solve(m.cross(x2, x2), m.cross(x2, a), &ok);
}

double min_clusters(const IvMeat& meat) {
  double m = 0;
  for (size_t j = 0; j < meat.n_clusters.size(); ++j)
    m = j == 0 ? meat.n_clusters[j] : std::min<double>(m, meat.n_clusters[j]);
  return m;
}

void scale_vce(MatrixXd& v, const IvOptions& o, double n, double k) {
  const double dm = o.meat.dofminus, sdm = o.meat.sdofminus;
  if (o.meat.kind == IvMeat::Kind::kCluster) {
    if (!o.small) return;
    const double m = min_clusters(o.meat);
    v *= (n - 1) / (n - k - sdm) * m / (m - 1);
  } else if (o.meat.kind == IvMeat::Kind::kRobust) {
    v *= o.small ? n / (n - k - dm - sdm) : n / (n - dm);
  }
}

// Two-step GMM objective g'Σ⁻¹g at the GMM estimate with meat Σ (see iv.cpp).
double gmm_j(const IvMoments& m, const MatrixXd& x, const MatrixXd& z, const MatrixXd& y,
             const MatrixXd& sigma, bool* ok) {
  const MatrixXd zx = m.cross(z, x);
  const VectorXd zy = m.cross(z, y);
  const MatrixXd w_zx = spd_solve(sigma, zx, ok);
  const VectorXd w_zy = spd_solve(sigma, zy, ok);
  const VectorXd b = spd_solve(zx.transpose() * w_zx, zx.transpose() * w_zy, ok);
  const VectorXd g = m.cross(z, y - x * b);
  return g.dot(spd_solve(sigma, g, ok).col(0));
}

}  // namespace

IvMoments::IvMoments(const IvColumns& c, const IvMeat& meat)
    : n_(c.n), rows_(c.rows), fe_code_(c.fe_code), meat_(meat) {
  size_t stored = 0;
  auto add = [&](const double* p) {
    cols_.push_back(p);
    fe_coef_.push_back(stored < c.fe_coef.size() ? c.fe_coef[stored]
                                                 : std::vector<const double*>());
    ++stored;
  };
  add(c.y);
  for (const double* p : c.x1) add(p);
  for (const double* p : c.x2) add(p);
  if (c.constant) {
    constant_col_ = static_cast<int>(cols_.size());
    cols_.push_back(nullptr);
    fe_coef_.emplace_back();
  }
  for (const double* p : c.z1) add(p);
  first_extra_ = static_cast<int>(cols_.size());
  for (const double* p : c.extra) add(p);
  plain_ = rows_ == nullptr;
  for (const auto& f : fe_coef_) plain_ = plain_ && f.empty();
  const Index pp = p();
  int at = 1;
  for (size_t j = 0; j < c.x1.size(); ++j) roles_.x1.push_back(at++);
  for (size_t j = 0; j < c.x2.size() + (c.constant ? 1 : 0); ++j) roles_.x2.push_back(at++);
  for (size_t j = 0; j < c.z1.size(); ++j) roles_.z1.push_back(at++);

  mu_ = VectorXd::Zero(pp);
  if (constant_col_ >= 0 && n_ > 0)
    for (Index j = 0; j < pp; ++j)
      if (cols_[static_cast<size_t>(j)]) mu_(j) = column_mean(static_cast<int>(j));

  // One pass: W_s'W_s, and the per-cluster sums of w_i w_i' when the clusters are
  // few enough for them to be smaller than the data. Two workers over the two
  // halves of the rows on large data, their sums added.
  const bool one_way = meat.kind == IvMeat::Kind::kCluster && meat.cluster.size() == 1;
  const bool kernel_weighted = meat.bandwidth > 0 || meat.autocorrelation_only;
  const bool tensor =
      one_way && !kernel_weighted && static_cast<Index>(meat.n_clusters[0]) * pp <= n_;
  const size_t tensor_size = tensor ? static_cast<size_t>(meat.n_clusters[0]) * pp * pp : 0;
  const int32_t* code = tensor ? meat.cluster[0].data() : nullptr;
  cluster_sums_.assign(tensor_size, 0.0);
  gram_ = MatrixXd::Zero(pp, pp);
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  if (n_ >= 200000 && hw >= 2) {
    // The halves share the per-cluster sums when their clusters do not overlap
    // (data sorted by cluster), otherwise the second half has its own.
    const Index half = n_ / 2;
    bool disjoint = false;
    if (code) {
      const int32_t last_first = *std::max_element(code, code + half);
      const int32_t first_second = *std::min_element(code + half, code + n_);
      disjoint = last_first < first_second;
    }
    MatrixXd gram2 = MatrixXd::Zero(pp, pp);
    std::vector<double> sums2(disjoint ? 0 : tensor_size, 0.0);
    double* second = disjoint ? cluster_sums_.data() : sums2.data();
    std::thread worker([&] { accumulate(half, n_, code, gram2, second); });
    accumulate(0, half, code, gram_, cluster_sums_.data());
    worker.join();
    gram_ += gram2;
    for (size_t k = 0; k < sums2.size(); ++k) cluster_sums_[k] += sums2[k];
  } else {
    accumulate(0, n_, code, gram_, cluster_sums_.data());
  }
  if (tensor && !roles_.x1.empty()) {
    // The instruments Z = [X2 Z1] are W's trailing columns unless extra columns
    // follow: then the meats whose basis lives on them read only those columns of
    // each S_g (a contiguous P × L piece of the block).
    std::vector<int> z = roles_.x2;
    z.insert(z.end(), roles_.z1.begin(), roles_.z1.end());
    if (!z.empty() && z.back() == static_cast<int>(pp) - 1 &&
        z.front() == static_cast<int>(pp - static_cast<Index>(z.size())))
      z_first_ = z.front();
  }
  if (tensor) {
    // W_s'W_s is the total of the per-cluster sums.
    const Eigen::Map<const MatrixXd> stacked(cluster_sums_.data(), pp, pp * meat.n_clusters[0]);
    for (Index g = 0; g < meat.n_clusters[0]; ++g) gram_ += stacked.middleCols(pp * g, pp);
  }
  gram_ = gram_.selfadjointView<Eigen::Lower>();
  if (meat.kind == IvMeat::Kind::kCluster && meat.cluster.size() == 2) {
    std::vector<double> k1(meat.cluster[0].begin(), meat.cluster[0].end());
    std::vector<double> k2(meat.cluster[1].begin(), meat.cluster[1].end());
    GroupCodes both = encode_group_tuples({k1, k2});
    both_code_ = std::move(both.code);
    both_groups_ = both.n_groups;
  }
}

namespace {

// s += w w' (P × P, column-major) for one row w.
template <int P>
void add_outer_fixed(double* s, const double* w, Index) {
  for (int a = 0; a < P; ++a)
    for (int b = 0; b < P; ++b) s[a * P + b] += w[a] * w[b];
}
void add_outer_any(double* s, const double* w, Index p) {
  for (Index a = 0; a < p; ++a)
    for (Index b = 0; b < p; ++b) s[a * p + b] += w[a] * w[b];
}
using AddOuter = void (*)(double*, const double*, Index);
AddOuter add_outer_for(Index p) {
  switch (p) {
    case 2: return add_outer_fixed<2>;
    case 3: return add_outer_fixed<3>;
    case 4: return add_outer_fixed<4>;
    case 5: return add_outer_fixed<5>;
    case 6: return add_outer_fixed<6>;
    case 7: return add_outer_fixed<7>;
    case 8: return add_outer_fixed<8>;
    case 9: return add_outer_fixed<9>;
    case 10: return add_outer_fixed<10>;
    default: return add_outer_any;
  }
}

}  // namespace

void IvMoments::accumulate(Index begin, Index end, const int32_t* code, MatrixXd& gram,
                           double* sums) const {
  const Index pp = p();
  const AddOuter add_outer = add_outer_for(pp);
  MatrixXd blk(kBlock, pp);
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows_major(kBlock, pp);
  for (Index r0 = begin; r0 < end; r0 += kBlock) {
    const Index rows = std::min(kBlock, end - r0);
    gather(r0, rows, blk);
    if (!code) {
      add_block_cross(blk, rows, gram);
      continue;
    }
    // Per-cluster sums (the Gram matrix is their total, formed by the caller): runs
    // of rows of one cluster (data sorted by cluster) by dot products along the run,
    // single rows by an outer product.
    const int32_t* c = code + r0;
    for (Index i = 0; i < rows;) {
      Index j = i + 1;
      while (j < rows && c[j] == c[i]) ++j;
      double* s = sums + static_cast<size_t>(c[i]) * static_cast<size_t>(pp * pp);
      if (j - i >= 8) {
        for (Index a = 0; a < pp; ++a) {
          const auto ca = blk.col(a).segment(i, j - i);
          for (Index b = 0; b <= a; ++b) {
            const double d = ca.dot(blk.col(b).segment(i, j - i));
            s[b * pp + a] += d;
            if (b != a) s[a * pp + b] += d;
          }
        }
      } else {
        rows_major.middleRows(i, j - i) = blk.middleRows(i, j - i);
        for (Index r = i; r < j; ++r) add_outer(s, rows_major.row(r).data(), pp);
      }
      i = j;
    }
  }
}

void IvMoments::column_values(int j, Index r0, Index len, double* out) const {
  const double* col = cols_[static_cast<size_t>(j)];
  if (rows_) {
    const int64_t* at = rows_ + r0;
    for (Index i = 0; i < len; ++i) out[i] = col[at[i]];
  } else {
    std::copy(col + r0, col + r0 + len, out);
  }
  const auto& coef = fe_coef_[static_cast<size_t>(j)];
  for (size_t f = 0; f < coef.size(); ++f) {
    const double* a = coef[f];
    const int32_t* code = fe_code_[f] + r0;
    for (Index i = 0; i < len; ++i) out[i] -= a[code[i]];
  }
}

void IvMoments::gather(Index r0, Index rows, MatrixXd& blk) const {
  for (Index j = 0; j < p(); ++j) {
    const double* col = cols_[static_cast<size_t>(j)];
    if (!col) {
      blk.col(j).head(rows).setOnes();
    } else if (plain_) {
      blk.col(j).head(rows) =
          Eigen::Map<const VectorXd>(col + r0, rows).array() - mu_(j);
    } else {
      double* out = blk.col(j).data();
      column_values(static_cast<int>(j), r0, rows, out);
      if (mu_(j) != 0) blk.col(j).head(rows).array() -= mu_(j);
    }
  }
}

MatrixXd IvMoments::select(const std::vector<int>& idx) const {
  MatrixXd s = MatrixXd::Zero(p(), static_cast<Index>(idx.size()));
  for (size_t j = 0; j < idx.size(); ++j) s(idx[j], static_cast<Index>(j)) = 1;
  return s;
}

MatrixXd IvMoments::shift(const MatrixXd& a) const {
  if (constant_col_ < 0) return a;
  MatrixXd t = a;
  t.row(constant_col_) += mu_.transpose() * a;
  return t;
}

MatrixXd IvMoments::cross(const MatrixXd& a, const MatrixXd& b) const {
  return shift(a).transpose() * gram_ * shift(b);
}

double IvMoments::mean(int j) const {
  if (constant_col_ >= 0) return j == constant_col_ ? 1.0 : mu_(j);
  return column_mean(j);
}

double IvMoments::column_mean(int j) const {
  const double* col = cols_[static_cast<size_t>(j)];
  if (!col) return 1.0;
  if (plain_) return Eigen::Map<const VectorXd>(col, n_).mean();
  double sum = 0, buf[kBlock];
  for (Index r0 = 0; r0 < n_; r0 += kBlock) {
    const Index len = std::min(kBlock, n_ - r0);
    column_values(j, r0, len, buf);
    for (Index i = 0; i < len; ++i) sum += buf[i];
  }
  return n_ > 0 ? sum / static_cast<double>(n_) : 0.0;
}

MatrixXd IvMoments::cluster_meat_on_the_fly(const MatrixXd& ta, const MatrixXd& tc,
                                            const int32_t* code, int32_t groups) const {
  const Index q = ta.cols(), mm = tc.cols(), qm = q * mm;
  MatrixXd sums = MatrixXd::Zero(groups, qm);
  MatrixXd blk(kBlock, p()), b(kBlock, q), e(kBlock, mm);
  for (Index r0 = 0; r0 < n_; r0 += kBlock) {
    const Index rows = std::min(kBlock, n_ - r0);
    gather(r0, rows, blk);
    b.topRows(rows).noalias() = blk.topRows(rows) * ta;
    e.topRows(rows).noalias() = blk.topRows(rows) * tc;
    for (Index i = 0; i < rows; ++i) {
      double* s = sums.data();  // column-major: element (g, k) at g + k·groups
      const Index g = code[r0 + i];
      for (Index j = 0; j < mm; ++j)
        for (Index a = 0; a < q; ++a) s[g + (j * q + a) * groups] += b(i, a) * e(i, j);
    }
  }
  return sums.transpose() * sums;
}

MatrixXd IvMoments::rows(const MatrixXd& c) const {
  const MatrixXd tc = shift(c);
  MatrixXd out(n_, tc.cols());
  MatrixXd blk(kBlock, p());
  for (Index r0 = 0; r0 < n_; r0 += kBlock) {
    const Index len = std::min(kBlock, n_ - r0);
    gather(r0, len, blk);
    out.middleRows(r0, len).noalias() = blk.topRows(len) * tc;
  }
  return out;
}

MatrixXd IvMoments::meat(const MatrixXd& a, const MatrixXd& c, const IvMeat* as) const {
  if (meat_.bandwidth > 0 || meat_.autocorrelation_only) {
    // Kernel-weighted: the N-row basis and residuals in the data's order.
    const IvMeat& km = as ? *as : meat_;
    const MatrixXd b = rows(a), e = rows(c);
    if (km.autocorrelation_only) return detail::ac_sum(b, e, km);
    MatrixXd scores(n_, b.cols() * e.cols());
    for (Index j = 0; j < e.cols(); ++j)
      scores.middleCols(j * b.cols(), b.cols()) = b.array().colwise() * e.col(j).array();
    return iv_meat(scores, km);
  }
  const MatrixXd ta = shift(a), tc = shift(c);
  const Index q = ta.cols(), mm = tc.cols(), qm = q * mm, pp = p();
  if (meat_.kind != IvMeat::Kind::kCluster) {
    MatrixXd out = MatrixXd::Zero(qm, qm);
    MatrixXd blk(kBlock, pp), b(kBlock, q), e(kBlock, mm), s(kBlock, qm);
    for (Index r0 = 0; r0 < n_; r0 += kBlock) {
      const Index rows = std::min(kBlock, n_ - r0);
      gather(r0, rows, blk);
      b.topRows(rows).noalias() = blk.topRows(rows) * ta;
      e.topRows(rows).noalias() = blk.topRows(rows) * tc;
      for (Index j = 0; j < mm; ++j)
        s.middleCols(j * q, q).topRows(rows) =
            b.topRows(rows).array().colwise() * e.col(j).head(rows).array();
      out.selfadjointView<Eigen::Lower>().rankUpdate(s.topRows(rows).transpose());
    }
    return out.selfadjointView<Eigen::Lower>();
  }
  if (meat_.cluster.size() == 2) {
    MatrixXd out = cluster_meat_on_the_fly(ta, tc, meat_.cluster[0].data(), meat_.n_clusters[0]);
    out += cluster_meat_on_the_fly(ta, tc, meat_.cluster[1].data(), meat_.n_clusters[1]);
    out -= cluster_meat_on_the_fly(ta, tc, both_code_.data(), both_groups_);
    return out;
  }
  if (cluster_sums_.empty())
    return cluster_meat_on_the_fly(ta, tc, meat_.cluster[0].data(), meat_.n_clusters[0]);
  // From the per-cluster sums: the score total of cluster g is vec(A' S_g C). With
  // blocks B_g (P × r) stacked side by side, Y = [B_g' X1]_g in one product; read as
  // r × (G·n1) its column g + G·c is B_g' X1 e_c, so X2'Y holds (X2' B_g' X1)(i, c)
  // at (i, g + G·c). Either B_g = S_g, X1 = A, X2 = C; or, when A lives on the
  // instruments (W's trailing rows Z), B_g = S_g[:, Z] (a third fewer numbers in the
  // product), X1 = C, X2 = A[Z, :]. In chunks of clusters, so that the temporaries stay small; two
  // workers over the chunks when there are many clusters (the reads dominate).
  const Index groups = meat_.n_clusters[0];
  constexpr Index kChunk = 2048;
  bool on_z = z_first_ >= 0;
  for (Index row = 0; row < z_first_ && on_z; ++row)
    if (!ta.row(row).isZero(0)) on_z = false;
  const Index r = on_z ? pp - z_first_ : pp;
  const Eigen::Map<const MatrixXd> stacked(cluster_sums_.data(), pp, pp * groups);
  const MatrixXd ta_z = on_z ? MatrixXd(ta.bottomRows(r)) : MatrixXd();
  const MatrixXd& x1 = on_z ? tc : ta;
  const MatrixXd& x2 = on_z ? ta_z : tc;
  const Index n1 = x1.cols(), n2 = x2.cols();
  auto range = [&](Index first, Index last, MatrixXd& out) {
    MatrixXd y(r * kChunk, n1), y_wide(r, kChunk * n1), z(n2, kChunk * n1), sums(kChunk, qm);
    MatrixXd piece(on_z ? pp : 0, on_z ? r * kChunk : 0);
    for (Index g0 = first; g0 < last; g0 += kChunk) {
      const Index g = std::min(kChunk, last - g0);
      if (on_z) {
        // The Z columns of each block, side by side.
        for (Index c = 0; c < g; ++c)
          piece.middleCols(r * c, r) = stacked.middleCols(pp * (g0 + c) + z_first_, r);
        y.topRows(r * g).noalias() = piece.leftCols(r * g).transpose() * x1;
      } else {
        y.topRows(r * g).noalias() = stacked.middleCols(pp * g0, pp * g).transpose() * x1;
      }
      for (Index c = 0; c < n1; ++c)
        y_wide.middleCols(g * c, g) = Eigen::Map<const MatrixXd>(y.col(c).data(), r, g);
      z.leftCols(g * n1).noalias() = x2.transpose() * y_wide.leftCols(g * n1);
      for (Index a = 0; a < q; ++a)
        for (Index j = 0; j < mm; ++j)
          sums.col(j * q + a).head(g) = on_z ? z.row(a).segment(g * j, g).transpose()
                                             : z.row(j).segment(g * a, g).transpose();
      out.selfadjointView<Eigen::Lower>().rankUpdate(sums.topRows(g).transpose());
    }
  };
  MatrixXd out = MatrixXd::Zero(qm, qm);
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  if (groups >= 8 * kChunk && hw >= 2) {
    const Index half = (groups / kChunk / 2) * kChunk;
    MatrixXd out2 = MatrixXd::Zero(qm, qm);
    std::thread worker([&] { range(half, groups, out2); });
    range(0, half, out);
    worker.join();
    out += out2;
  } else {
    range(0, groups, out);
  }
  return out.selfadjointView<Eigen::Lower>();
}

IvFit iv_fit(const IvMoments& m, const IvRoles& r, const IvOptions& options,
             VectorXd* resid_coef, VectorXd* first_step_coef) {
  IvFit fit;
  const MatrixXd sy = m.select({r.y});
  const MatrixXd sx = m.select(concat(r.x1, r.x2));
  const MatrixXd sz = m.select(concat(r.z1, r.x2));
  const double n = m.n();
  const double k_cols = static_cast<double>(sx.cols());
  const double dm = options.meat.dofminus, sdm = options.meat.sdofminus;
  bool ok = true;

  const MatrixXd zz = m.cross(sz, sz);
  const MatrixXd zx = m.cross(sz, sx);
  const VectorXd zy = m.cross(sz, sy);
  const MatrixXd pi = spd_solve(zz, zx, &ok);
  const MatrixXd xpzx = zx.transpose() * pi;
  const VectorXd xpzy = pi.transpose() * zy;

  double k = 1;
  if (options.estimator == IvEstimator::kLiml || options.estimator == IvEstimator::kFuller) {
    const MatrixXd yy = m.select(concat({r.y}, r.x1));
    const MatrixXd mz_y = yy - sz * spd_solve(zz, m.cross(sz, yy), &ok);
    const MatrixXd m2_y = partial_out(m, yy, m.select(r.x2));
    const MatrixXd w_z = m.cross(mz_y, mz_y);
    const MatrixXd w_2 = m.cross(m2_y, m2_y);
    Eigen::GeneralizedSelfAdjointEigenSolver<MatrixXd> ges(w_2, w_z);
    fit.lambda = ges.eigenvalues().minCoeff();
    k = fit.lambda;
    if (options.estimator == IvEstimator::kFuller)
      k -= options.fuller / (n - static_cast<double>(sz.cols()));
  } else if (options.estimator == IvEstimator::kKclass) {
    k = options.kclass;
  }
  fit.k = k;

  const MatrixXd xx = m.cross(sx, sx);
  const VectorXd xy = m.cross(sx, sy);
  const MatrixXd h = (1 - k) * xx + k * xpzx;
  const VectorXd hy = (1 - k) * xy + k * xpzy;
  const MatrixXd h_inv = spd_inverse(h, &ok);

  auto finish = [&](const VectorXd& coef) {
    const VectorXd c = sy.col(0) - sx * coef;
    if (resid_coef) *resid_coef = c;
    fit.rss = m.ss(c);
    fit.sigma2 = fit.rss / (options.small ? n - k_cols - dm - sdm : n - dm);
    return c;
  };

  if (options.estimator == IvEstimator::kGmm2s && options.meat.kind != IvMeat::Kind::kIid) {
    const VectorXd b1 = h_inv * hy;
    const VectorXd e1 = sy.col(0) - sx * b1;
    const MatrixXd sigma = m.meat(sz, e1);
    if (first_step_coef) *first_step_coef = e1;
    const MatrixXd w_zx = spd_solve(sigma, zx, &ok);
    const MatrixXd a = zx.transpose() * w_zx;
    fit.coef = spd_solve(a, w_zx.transpose() * zy, &ok);
    fit.v = spd_inverse(a, &ok);
    finish(fit.coef);
    scale_vce(fit.v, options, n, k_cols);
    fit.ok = ok;
    return fit;
  }

  fit.coef = h_inv * hy;
  const VectorXd c = finish(fit.coef);
  if (options.meat.kind == IvMeat::Kind::kIid) {
    fit.v = fit.sigma2 * h_inv;
  } else {
    const MatrixXd meat = m.meat(sz * pi, c);
    fit.v = h_inv * meat * h_inv;
    scale_vce(fit.v, options, n, k_cols);
  }
  fit.v = (fit.v + fit.v.transpose()) / 2;
  fit.ok = ok;
  return fit;
}

IvIdentification iv_identification(const IvMoments& m, const IvRoles& r) {
  IvIdentification out;
  const IvMeat& meat = m.meat();
  const Index k1 = static_cast<Index>(r.x1.size()), l1 = static_cast<Index>(r.z1.size());
  const double n = m.n();
  const double l = static_cast<double>(l1 + static_cast<Index>(r.x2.size()));
  out.df = static_cast<int>(l1 - k1 + 1);
  if (k1 == 0 || l1 < k1) {
    out.ok = false;
    return out;
  }
  const MatrixXd x2 = m.select(r.x2);
  const MatrixXd y1 = partial_out(m, m.select(r.x1), x2);
  const MatrixXd z1 = partial_out(m, m.select(r.z1), x2);
  const MatrixXd qzz = m.cross(z1, z1) / n;
  const MatrixXd qyy = m.cross(y1, y1) / n;
  const MatrixXd qzy = m.cross(z1, y1) / n;
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

  // Kleibergen-Paap rk statistics (see iv.cpp for the construction).
  const Index q = k1 - 1;
  const MatrixXd u = svd.matrixU(), vv = svd.matrixV();
  const MatrixXd u_cols = u.rightCols(l1 - q);
  const MatrixXd u22 = u.bottomRightCorner(l1 - q, l1 - q);
  const MatrixXd v_cols = vv.rightCols(k1 - q);
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
    const MatrixXd shat = m.meat(z1, v, &rk_meat) / n;
    const MatrixXd omega = transform * shat * transform.transpose();
    MatrixXd vlab = t * omega * t.transpose();
    vlab = (vlab + vlab.transpose()) / 2;
    bool ok = true;
    const VectorXd sol = spd_solve(vlab, lam, &ok);
    return ok ? n * lam.dot(sol) : kNaN;
  };
  out.kp_lm = rk(y1);
  out.kp_wald = rk(y1 - z1 * pihat);
  if (meat.kind == IvMeat::Kind::kCluster) {
    const double mc = min_clusters(meat);
    out.kp_f = out.kp_wald / (n - 1) * (n - l - sdm) * (mc - 1) / mc / static_cast<double>(l1);
  } else {
    out.kp_lm *= (n - dm) / n;
    out.kp_f = out.kp_wald / n * (n - l - dm - sdm) / static_cast<double>(l1);
  }
  return out;
}

IvOverid iv_overid(const IvMoments& m, const IvRoles& r, const VectorXd& resid) {
  IvOverid out;
  const IvMeat& meat = m.meat();
  const MatrixXd x = m.select(concat(r.x1, r.x2));
  const MatrixXd z = m.select(concat(r.z1, r.x2));
  const double n = m.n();
  out.df = static_cast<int>(z.cols() - x.cols());
  if (out.df <= 0) return out;
  bool ok = true;
  if (meat.kind == IvMeat::Kind::kIid) {
    const VectorXd zu = m.cross(z, resid);
    out.stat = zu.dot(spd_solve(m.cross(z, z), zu, &ok).col(0)) /
               (m.ss(resid) / (n - meat.dofminus));
  } else {
    out.stat = gmm_j(m, x, z, m.select({r.y}), m.meat(z, resid), &ok);
    if (meat.kind == IvMeat::Kind::kRobust) out.stat *= (n - meat.dofminus) / n;
  }
  if (!ok) out.stat = kNaN;
  return out;
}

IvOverid iv_endog_test(const IvMoments& m, const IvRoles& r, const std::vector<int>& suspect) {
  const IvMeat& meat = m.meat();
  IvRoles restricted;
  restricted.y = r.y;
  std::vector<int> moved;
  for (size_t j = 0; j < r.x1.size(); ++j)
    (std::find(suspect.begin(), suspect.end(), static_cast<int>(j)) == suspect.end()
         ? restricted.x1
         : moved)
        .push_back(r.x1[j]);
  // The suspects order as given (iv.cpp moves them in suspect order).
  moved.clear();
  for (int s : suspect) moved.push_back(r.x1[static_cast<size_t>(s)]);
  restricted.z1 = r.z1;
  restricted.x2 = concat(moved, r.x2);

  IvOptions ro;
  ro.meat = meat;
  VectorXd rc;
  const IvFit rfit = iv_fit(m, restricted, ro, &rc, nullptr);
  const MatrixXd x = m.select(concat(r.x1, r.x2));
  const MatrixXd z_full = m.select(concat(r.z1, restricted.x2));
  const double n = m.n();
  MatrixXd sigma;
  if (meat.kind == IvMeat::Kind::kIid) {
    sigma = rfit.rss / n * m.cross(z_full, z_full);
  } else {
    sigma = m.meat(z_full, rc);
  }
  const Index l1 = static_cast<Index>(r.z1.size()), ls = static_cast<Index>(moved.size()),
              k2 = static_cast<Index>(r.x2.size());
  std::vector<Index> idx;
  for (Index j = 0; j < l1; ++j) idx.push_back(j);
  for (Index j = 0; j < k2; ++j) idx.push_back(l1 + ls + j);
  MatrixXd sigma_u(static_cast<Index>(idx.size()), static_cast<Index>(idx.size()));
  for (size_t a = 0; a < idx.size(); ++a)
    for (size_t b = 0; b < idx.size(); ++b)
      sigma_u(static_cast<Index>(a), static_cast<Index>(b)) = sigma(idx[a], idx[b]);
  const MatrixXd z = m.select(concat(r.z1, r.x2));
  const MatrixXd xr = m.select(concat(restricted.x1, restricted.x2));
  const MatrixXd y = m.select({r.y});
  bool ok = true;
  const double j_r = gmm_j(m, xr, z_full, y, sigma, &ok);
  const double j_u = gmm_j(m, x, z, y, sigma_u, &ok);
  IvOverid out;
  out.stat = ok ? j_r - j_u : kNaN;
  if (meat.kind != IvMeat::Kind::kCluster) out.stat *= (n - meat.dofminus) / n;
  out.df = static_cast<int>(suspect.size());
  return out;
}

IvOverid iv_orthog_test(const IvMoments& m, const IvRoles& r, const VectorXd& resid,
                        const std::vector<int>& excluded, const std::vector<int>& included) {
  const IvMeat& meat = m.meat();
  const std::vector<int> zi = concat(r.z1, r.x2);
  const MatrixXd x = m.select(concat(r.x1, r.x2));
  const MatrixXd z = m.select(zi);
  const MatrixXd y = m.select({r.y});
  const double n = m.n();
  const MatrixXd sigma =
      meat.kind == IvMeat::Kind::kIid ? MatrixXd(m.ss(resid) / n * m.cross(z, z)) : m.meat(z, resid);
  const Index l1 = static_cast<Index>(r.z1.size());
  std::vector<Index> keep;
  for (Index j = 0; j < z.cols(); ++j) {
    const bool drop =
        j < l1 ? std::count(excluded.begin(), excluded.end(), static_cast<int>(j)) > 0
               : std::count(included.begin(), included.end(), static_cast<int>(j - l1)) > 0;
    if (!drop) keep.push_back(j);
  }
  std::vector<int> zr_idx;
  MatrixXd sr(static_cast<Index>(keep.size()), static_cast<Index>(keep.size()));
  for (size_t a = 0; a < keep.size(); ++a) {
    zr_idx.push_back(zi[static_cast<size_t>(keep[a])]);
    for (size_t b = 0; b < keep.size(); ++b)
      sr(static_cast<Index>(a), static_cast<Index>(b)) = sigma(keep[a], keep[b]);
  }
  IvOverid out;
  if (static_cast<Index>(keep.size()) < x.cols()) return out;
  bool ok = true;
  const double j_full = gmm_j(m, x, z, y, sigma, &ok);
  const double j_restricted = static_cast<Index>(keep.size()) > x.cols()
                                  ? gmm_j(m, x, m.select(zr_idx), y, sr, &ok)
                                  : 0.0;
  out.stat = ok ? j_full - j_restricted : kNaN;
  if (meat.kind != IvMeat::Kind::kCluster) out.stat *= (n - meat.dofminus) / n;
  out.df = static_cast<int>(excluded.size() + included.size());
  return out;
}

IvAndersonRubin iv_anderson_rubin(const IvMoments& m, const IvRoles& r) {
  IvAndersonRubin out;
  const IvMeat& meat = m.meat();
  const MatrixXd z = m.select(concat(r.z1, r.x2));
  const MatrixXd sy = m.select({r.y});
  const double n = m.n();
  const Index l1 = static_cast<Index>(r.z1.size());
  const double l = static_cast<double>(z.cols());
  out.df = static_cast<int>(l1);
  bool ok = true;
  const MatrixXd zz_inv = spd_inverse(m.cross(z, z), &ok);
  const VectorXd b = zz_inv * m.cross(z, sy);
  const VectorXd e = sy.col(0) - z * b;
  const MatrixXd v = meat.kind == IvMeat::Kind::kIid ? MatrixXd(m.ss(e) / n * zz_inv)
                                                      : MatrixXd(zz_inv * m.meat(z, e) * zz_inv);
  const VectorXd b1 = b.head(l1);
  const MatrixXd v11 = v.topLeftCorner(l1, l1);
  out.chi2 = b1.dot(spd_solve(v11, b1, &ok).col(0));
  const double dm = meat.dofminus, sdm = meat.sdofminus;
  if (meat.kind == IvMeat::Kind::kCluster) {
    const double mc = min_clusters(meat);
    out.f = out.chi2 / static_cast<double>(l1) * (n - l - sdm) / (n - 1) * (mc - 1) / mc;
    out.df_r = mc - 1;
  } else {
    out.chi2 *= (n - dm) / n;
    out.f = out.chi2 / static_cast<double>(l1) * (n - l - dm - sdm) / (n - dm);
    out.df_r = n - l - dm - sdm;
  }
  if (!ok) out.chi2 = out.f = kNaN;
  return out;
}

IvFirstStage iv_first_stage(const IvMoments& m, const IvRoles& r) {
  IvFirstStage out;
  const IvMeat& meat = m.meat();
  const Index k1 = static_cast<Index>(r.x1.size()), l1 = static_cast<Index>(r.z1.size());
  const double n = m.n();
  const double l = static_cast<double>(l1 + static_cast<Index>(r.x2.size()));
  const MatrixXd x2 = m.select(r.x2);
  const MatrixXd y1 = partial_out(m, m.select(r.x1), x2);
  const MatrixXd z1 = partial_out(m, m.select(r.z1), x2);
  bool ok = true;
  const MatrixXd zz_inv = spd_inverse(m.cross(z1, z1), &ok);
  const MatrixXd pi = zz_inv * m.cross(z1, y1);
  const MatrixXd fitted = z1 * pi;
  const MatrixXd resid = y1 - fitted;
  out.partial_r2.resize(k1);
  out.shea_r2.resize(k1);
  out.f.resize(k1);
  out.f_p_df_r.resize(k1);
  out.sw_f.resize(k1);
  out.rmse.resize(k1);
  const double mc = meat.kind == IvMeat::Kind::kCluster ? min_clusters(meat) : 0;
  const double dm = meat.dofminus, sdm = meat.sdofminus;

  auto wald_f = [&](const VectorXd& v, double df_num) {
    const VectorXd b = zz_inv * m.cross(z1, v);
    const VectorXd e = v - z1 * b;
    if (meat.kind == IvMeat::Kind::kIid) {
      const double ess = m.ss(z1 * b);
      return (ess / df_num) / (m.ss(e) / (n - l - dm - sdm));
    }
    const MatrixXd vb = zz_inv * m.meat(z1, e) * zz_inv;
    const double w = b.dot(spd_solve(vb, b, &ok).col(0));
    if (meat.kind == IvMeat::Kind::kCluster)
      return w / df_num * (n - l - sdm) / (n - 1) * (mc - 1) / mc;
    return w / df_num * (n - l - dm - sdm) / n;
  };

  for (Index j = 0; j < k1; ++j) {
    out.partial_r2(j) = m.ss(fitted.col(j)) / m.ss(y1.col(j));
    out.f(j) = wald_f(y1.col(j), static_cast<double>(l1));
    out.f_p_df_r(j) = meat.kind == IvMeat::Kind::kCluster ? mc - 1 : n - l - dm - sdm;
    out.rmse(j) = std::sqrt(m.ss(resid.col(j)) / (n - l - dm - sdm));
  }
  const MatrixXd ols_inv = spd_inverse(m.cross(y1, y1), &ok);
  const MatrixXd iv_inv = spd_inverse(m.cross(fitted, fitted), &ok);
  for (Index j = 0; j < k1; ++j) out.shea_r2(j) = ols_inv(j, j) / iv_inv(j, j);
  out.sw_r2.resize(k1);
  out.ap_f.resize(k1);
  out.ap_r2.resize(k1);
  auto r2_on_z = [&](const VectorXd& v) {
    return m.ss(z1 * (zz_inv * m.cross(z1, v))) / m.ss(v);
  };
  for (Index j = 0; j < k1; ++j) {
    if (k1 == 1) {
      out.sw_f(j) = out.ap_f(j) = out.f(j);
      out.sw_r2(j) = out.ap_r2(j) = out.partial_r2(j);
      continue;
    }
    MatrixXd others(m.p(), k1 - 1);
    for (Index c = 0, o = 0; c < k1; ++c)
      if (c != j) others.col(o++) = y1.col(c);
    const MatrixXd oh = z1 * (zz_inv * m.cross(z1, others));
    const VectorXd d = spd_solve(m.cross(oh, others), m.cross(oh, y1.col(j)), &ok);
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
