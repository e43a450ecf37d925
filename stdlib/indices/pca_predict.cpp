// predict after pca: component scores (`predict f1 f2 ..., score`), computed from
// e() alone. Registered here because no general `predict` exists yet; when one is
// written it should call indices::pca_scores_from_e() for e(cmd) == "pca" and this
// registration should go (docs/commands/pca.md).
#include <fmt/format.h>

#include "../data/data_common.hpp"
#include "indices_common.hpp"
#include "pca_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(predict, "predict", 0, "newvarlist [if] [in] [, SCore]") {
  auto cmd = session.e.macros.find("cmd");
  if (cmd == session.e.macros.end()) throw XtdoError(301, "last estimates not found");
  if (cmd->second != "pca")
    throw XtdoError(321, fmt::format("predict is not yet available after {}", cmd->second));

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
