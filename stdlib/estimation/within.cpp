// One-way fixed effects by the within transformation (see within.hpp).
#include "within.hpp"

#include "xtdo/kernel/demean.hpp"

namespace xtdo::est {

WithinFit within_fit(const Design& design, const Codes& groups) {
  const Eigen::Index n = design.n(), p = design.x.cols();
  Eigen::VectorXd w = kernel::normalized_weights(design.weights, design.weight_kind);

  // Sums of squares before the transformation: a regressor whose transformed
  // values are only rounding noise (constant within every group) is recognised
  // against its original size and omitted, as Stata omits it.
  Eigen::VectorXd reference(p);
  for (Eigen::Index col = 0; col < p; ++col) {
    const auto x = design.x.col(col).array();
    const double sw = w.size() ? w.sum() : static_cast<double>(n);
    const double mean = (w.size() ? (x * w.array()).sum() : x.sum()) / sw;
    reference(col) = w.size() ? ((x - mean).square() * w.array()).sum() : (x - mean).square().sum();
  }

  Eigen::MatrixXd data(n, p + 1);
  data.col(0) = design.y;
  data.rightCols(p) = design.x;
  kernel::WithinOptions wo;
  wo.add_grand_mean = true;
  kernel::WithinResult wr = kernel::demean_within(data, groups.code, groups.n_groups, w, wo);

  WithinFit out;
  const Eigen::VectorXd yc = design.y.array() - wr.grand_mean(0);
  out.tss = w.size() ? (yc.array().square() * w.array()).sum() : yc.squaredNorm();
  kernel::OlsOptions oo;
  oo.constant = true;
  oo.weight_kind = design.weight_kind;
  oo.reference_ss = reference;
  out.xt = data.rightCols(p);
  out.fit = kernel::ols(out.xt, data.col(0), design.weights, oo);
  out.slopes = out.fit.rank - 1;
  out.omitted_columns.assign(out.fit.omitted.begin(), out.fit.omitted.begin() + p);
  return out;
}

double pooled_rss(const Design& design, const std::vector<uint8_t>& omitted_columns) {
  std::vector<Eigen::Index> keep;
  for (Eigen::Index col = 0; col < design.x.cols(); ++col)
    if (!omitted_columns[static_cast<size_t>(col)]) keep.push_back(col);
  Eigen::MatrixXd x(design.n(), static_cast<Eigen::Index>(keep.size()));
  for (size_t j = 0; j < keep.size(); ++j)
    x.col(static_cast<Eigen::Index>(j)) = design.x.col(keep[j]);
  kernel::OlsOptions oo;
  oo.weight_kind = design.weight_kind;
  return kernel::ols(x, design.y, design.weights, oo).rss;
}

}  // namespace xtdo::est
