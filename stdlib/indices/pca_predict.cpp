// predict after pca: component scores (`predict f1 f2 ..., score`), computed from
// e() alone. The `predict` command (stdlib/postestimation/predict.cpp) calls it when
// e(cmd) is pca.
#include <fmt/format.h>

#include "../data/data_common.hpp"
#include "indices_common.hpp"
#include "pca_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

void indices::predict_after_pca(Session& session, CallArgs& args) {
  for (const auto& o : args.options)
    if (o.name != "score")
      throw XtdoError(198, fmt::format("option {} not allowed after pca (use score)", o.name), o.pos);

  // --- Bind: one new variable per component, at most the retained ones.
  const int f = session.e.matrices.at("L").cols;
  const int n_new = static_cast<int>(args.newvars.size());
  if (n_new > f)
    throw XtdoError(103, fmt::format("too many variables specified: pca retained {} component{}", f,
                                     f == 1 ? "" : "s"));

  // --- Sample: if/in; rows with a missing pca variable get missing scores.
  const std::vector<int64_t> rows = indices::sample_rows(args.sample(session, false));
  const Eigen::MatrixXd scores = indices::pca_scores_from_e(session, rows, n_new);

  // --- Store
  for (int k = 0; k < n_new; ++k) {
    std::vector<double> values(session.data.nobs(), missing::kSysmiss);
    for (size_t i = 0; i < rows.size(); ++i)
      values[static_cast<size_t>(rows[i])] = scores(static_cast<Eigen::Index>(i), k);
    indices::store_variable(session.data, args.newvars[static_cast<size_t>(k)], std::move(values));
    session.data.get(args.newvars[static_cast<size_t>(k)])->label = fmt::format("Scores for component {}", k + 1);
  }
  // --- Display: the scoring coefficients (the unit-length eigenvectors).
  const Matrix& L = session.e.matrices.at("L");
  Eigen::MatrixXd coef(L.rows, n_new);
  std::vector<std::string> comps;
  for (int k = 0; k < n_new; ++k) {
    comps.push_back(L.colnames[static_cast<size_t>(k)]);
    for (int j = 0; j < L.rows; ++j) coef(j, k) = L.at(j, k);
  }
  session.console.println("Scoring coefficients ");
  session.console.println("    sum of squares(column-loading) = 1");
  indices::print_component_table(session, L.rownames, comps, coef, "%8.4f");
}

}  // namespace xtdo
