// estat firststage | overid | endogenous after ivregress ([R] ivregress
// postestimation): print the statistics ivregress kept in e() and post r().
#pragma once

#include <Eigen/Dense>
#include <string>

#include "xtdo/command.hpp"
#include "xtdo/kernel/iv.hpp"
#include "xtdo/session.hpp"

namespace xtdo::est {

/// Called by ivregress at estimation (the data are gone at estat time): posts the
/// statistics of estat overid / endogenous that need the data beyond what
/// ivregress.cpp posts itself: after robust or cluster VCEs Wooldridge's robust
/// score tests (e(score) overid, e(r_score) endogeneity) and the robust
/// regression-based F (e(regF), e(regF_df_r)); after liml the Anderson-Rubin and
/// Basmann F statistics (e(ar), e(basmann_f)); and Durbin / Wu-Hausman for every
/// subset of the endogenous regressors (matrix e(endog_subsets), rows indexed by
/// the subset's bit mask − 1, columns durbin wu) when there are 2 to 4 of them;
/// after gmm the C statistic (e(C), and column C of e(endog_subsets)) with the
/// weight matrix's meat `wmeat`.
/// `data` is the (√w-weighted) design, `weights` the normalised weights (empty if
/// none), `resid` the model's (weighted) residuals, `kappa` the k-class value.
void post_iv_estat_statistics(Session& session, const kernel::IvData& data,
                              const Eigen::VectorXd& weights, const kernel::IvMeat& meat,
                              const kernel::IvMeat& wmeat, double n_clust,
                              const std::string& estimator, const Eigen::VectorXd& resid,
                              double kappa);

void estat_firststage(Session& session, const CallArgs& args);
void estat_overid(Session& session, const CallArgs& args);
void estat_endogenous(Session& session, const CallArgs& args);

}  // namespace xtdo::est
