// Instrumental-variables estimators and diagnostics on dense data (see iv.hpp): the
// sandwich meats of N-row scores (i.i.d., robust, one- and two-way cluster, HAC,
// Driscoll-Kraay, AC), and the estimators and diagnostics, which are the moment
// engine (iv_moments.hpp) applied to the columns of an IvData.
#include "xtdo/kernel/iv.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "iv_hac.hpp"
#include "xtdo/kernel/groups.hpp"
#include "xtdo/kernel/iv_moments.hpp"

namespace xtdo::kernel {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

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

// The columns of an IvData for the moment engine (the constant, when fitted, is one
// of X2's columns), with further columns (residuals to test) after Z1.
IvColumns columns_of(const IvData& d, const std::vector<const VectorXd*>& extra = {}) {
  IvColumns c;
  c.n = d.y.size();
  c.y = d.y.data();
  for (Eigen::Index j = 0; j < d.x1.cols(); ++j) c.x1.push_back(d.x1.col(j).data());
  for (Eigen::Index j = 0; j < d.x2.cols(); ++j) c.x2.push_back(d.x2.col(j).data());
  for (Eigen::Index j = 0; j < d.z1.cols(); ++j) c.z1.push_back(d.z1.col(j).data());
  for (const VectorXd* e : extra) c.extra.push_back(e->data());
  return c;
}

// The coefficient vector over W of the extra column k.
VectorXd extra_coef(const IvMoments& m, size_t k) {
  VectorXd c = VectorXd::Zero(m.p());
  c(m.extra(k)) = 1;
  return c;
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
  const IvMoments m(columns_of(data), options.meat);
  VectorXd resid, first_step;
  IvFit fit = iv_fit(m, m.roles(), options, &resid, &first_step);
  fit.resid = m.rows(resid).col(0);
  if (first_step.size()) fit.first_step_resid = m.rows(first_step).col(0);
  return fit;
}

IvIdentification iv_identification(const IvData& data, const IvMeat& meat) {
  const IvMoments m(columns_of(data), meat);
  return iv_identification(m, m.roles());
}

IvOverid iv_overid(const IvData& data, const Eigen::VectorXd& resid, const IvMeat& meat) {
  const IvMoments m(columns_of(data, {&resid}), meat);
  return iv_overid(m, m.roles(), extra_coef(m, 0));
}

IvOverid iv_endog_test(const IvData& data, const std::vector<int>& suspect, const IvMeat& meat) {
  const IvMoments m(columns_of(data), meat);
  return iv_endog_test(m, m.roles(), suspect);
}

IvOverid iv_orthog_test(const IvData& data, const Eigen::VectorXd& resid,
                        const std::vector<int>& excluded, const std::vector<int>& included,
                        const IvMeat& meat) {
  const IvMoments m(columns_of(data, {&resid}), meat);
  return iv_orthog_test(m, m.roles(), extra_coef(m, 0), excluded, included);
}

IvAndersonRubin iv_anderson_rubin(const IvData& data, const IvMeat& meat) {
  const IvMoments m(columns_of(data), meat);
  return iv_anderson_rubin(m, m.roles());
}

IvFirstStage iv_first_stage(const IvData& data, const IvMeat& meat) {
  const IvMoments m(columns_of(data), meat);
  return iv_first_stage(m, m.roles());
}

}  // namespace xtdo::kernel
