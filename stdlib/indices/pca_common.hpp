// What pca, factortest, estat kmo/loadings and predict after pca share: the
// correlation checks and component scores computed from the posted e() results.
#pragma once

#include "xtdo/command.hpp"

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "xtdo/session.hpp"

namespace xtdo::indices {

/// The variables of the last pca (rownames of e(L)); throws 301 when the last
/// estimation command is not pca.
std::vector<std::string> pca_variables(const Session& session);

/// Component scores 1..n_comp for `rows` from e(means), e(sds), e(L) and e(Ctype):
/// Σ_j L_jk (x_j − mean_j)/sd_j (correlation) or Σ_j L_jk (x_j − mean_j) (covariance).
/// Rows with a missing variable get NaN.
Eigen::MatrixXd pca_scores_from_e(const Session& session, const std::vector<int64_t>& rows, int n_comp);

/// Reject a correlation analysis that cannot be done: fewer than two observations,
/// and variables that are constant in the sample (their correlations are undefined).
void check_correlation_input(const Eigen::MatrixXd& x, const std::vector<std::string>& vars);

/// Print the KMO table (per variable and overall), as `estat kmo` shows it.
void print_kmo_table(Session& session, const std::vector<std::string>& vars,
                     const Eigen::VectorXd& per_variable, double overall);

/// A variables × components table of numbers ("    Variable |  Comp1 ..."), as
/// the loadings and scoring-coefficient tables after pca are shown.
void print_component_table(Session& session, const std::vector<std::string>& vars,
                           const std::vector<std::string>& comps, const Eigen::MatrixXd& values,
                           const std::string& fmt);

/// `predict f1 f2 ... [if] [in], score` after pca (called by the predict command).
void predict_after_pca(Session& session, CallArgs& args);

}  // namespace xtdo::indices
