// Panel bookkeeping for the xt estimators (see panel.hpp).
#include "panel.hpp"

#include <algorithm>
#include <cmath>

#include "xtdo/kernel/demean.hpp"
#include "xtdo/kernel/groups.hpp"
#include "xtdo/missing.hpp"

namespace xtdo::est {

Panel make_panel(const Dataset& data, const std::string& ivar, const Design& design) {
  Panel p;
  p.codes = codes_of(data, ivar, design.rows);
  p.size = kernel::group_counts(p.codes.code, p.codes.n_groups);
  const auto [lo, hi] = std::minmax_element(p.size.begin(), p.size.end());
  p.g_min = static_cast<double>(*lo);
  p.g_max = static_cast<double>(*hi);
  p.g_avg = static_cast<double>(design.n()) / p.codes.n_groups;
  p.balanced = *lo == *hi;
  return p;
}

bool constant_within(const Eigen::VectorXd& v, const Codes& groups) {
  std::vector<double> first(static_cast<size_t>(groups.n_groups), missing::kSysmiss);
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    double& f = first[static_cast<size_t>(groups.code[static_cast<size_t>(i)])];
    if (missing::is_missing(f))
      f = v(i);
    else if (f != v(i))
      return false;
  }
  return true;
}

bool nested_in(const Codes& inner, const Codes& outer) {
  std::vector<int32_t> owner(static_cast<size_t>(inner.n_groups), -1);
  for (size_t i = 0; i < inner.code.size(); ++i) {
    int32_t& o = owner[static_cast<size_t>(inner.code[i])];
    if (o < 0)
      o = outer.code[i];
    else if (o != outer.code[i])
      return false;
  }
  return true;
}

Eigen::VectorXd linear_prediction(const Design& design, const Eigen::VectorXd& coef,
                                  bool constant) {
  const Eigen::Index p = design.x.cols();
  Eigen::VectorXd xb = design.x * coef.head(p);
  if (constant) xb.array() += coef(p);
  return xb;
}

double correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::ArrayXd da = a.array() - a.mean(), db = b.array() - b.mean();
  const double saa = da.square().sum(), sbb = db.square().sum();
  if (!(saa > 0) || !(sbb > 0)) return missing::kSysmiss;
  return (da * db).sum() / std::sqrt(saa * sbb);
}

namespace {
double squared(double r) { return missing::is_missing(r) ? r : r * r; }
}  // namespace

Eigen::MatrixXd panel_means(const Eigen::MatrixXd& data, const Panel& panel) {
  return kernel::group_means(data, panel.codes.code, panel.codes.n_groups, Eigen::VectorXd());
}

PanelR2 panel_r2(const Design& design, const Eigen::VectorXd& xb, const Panel& panel) {
  Eigen::MatrixXd both(design.n(), 2);
  both << design.y, xb;
  const Eigen::MatrixXd means = panel_means(both, panel);
  Eigen::MatrixXd dev = both;
  for (Eigen::Index i = 0; i < design.n(); ++i)
    dev.row(i) -= means.row(panel.codes.code[static_cast<size_t>(i)]);
  PanelR2 r;
  r.overall = squared(correlation(design.y, xb));
  r.between = panel.codes.n_groups > 1 ? squared(correlation(means.col(0), means.col(1)))
                                       : missing::kSysmiss;
  r.within = squared(correlation(dev.col(0), dev.col(1)));
  return r;
}

PanelMoments fe_moments(const Design& design, const Eigen::VectorXd& coef, const Panel& panel) {
  const Eigen::VectorXd xb = linear_prediction(design, coef, true);
  Eigen::MatrixXd resid(design.n(), 1);
  resid.col(0) = design.y - xb;
  const Eigen::VectorXd u = panel_means(resid, panel).col(0);
  PanelMoments m;
  const double n_g = panel.codes.n_groups;
  m.sigma_u =
      n_g > 1 ? std::sqrt((u.array() - u.mean()).square().sum() / (n_g - 1)) : missing::kSysmiss;
  Eigen::VectorXd u_obs(design.n());
  for (Eigen::Index i = 0; i < design.n(); ++i)
    u_obs(i) = u(panel.codes.code[static_cast<size_t>(i)]);
  m.corr = correlation(u_obs, xb);
  const PanelR2 r2 = panel_r2(design, xb, panel);
  m.r2_b = r2.between;
  m.r2_o = r2.overall;
  return m;
}

double summarize_percentile(std::vector<double> x, int p) {
  std::sort(x.begin(), x.end());
  const size_t n = x.size();
  const uint64_t np = static_cast<uint64_t>(n) * static_cast<uint64_t>(p);
  const size_t i = static_cast<size_t>(np / 100);
  if (np % 100 == 0) return i == 0 ? x[0] : i >= n ? x[n - 1] : (x[i - 1] + x[i]) / 2;
  return x[std::min(i, n - 1)];
}

}  // namespace xtdo::est
