// Time periods and the slope F test for the HAC estimators (see hac_common.hpp).
#include "hac_common.hpp"

#include <fmt/format.h>

#include <cmath>

#include "xtdo/kernel/vce.hpp"
#include "xtdo/missing.hpp"

namespace xtdo::est {

std::vector<int64_t> time_periods(const Session& session, const Design& design) {
  const TsSettings& ts = session.data.ts;
  if (!ts.set()) throw XtdoError(111, "time variable not set, use tsset varname ...");
  const Column* col = session.data.get(ts.timevar);
  if (!col) throw XtdoError(111, fmt::format("variable {} not found", ts.timevar));
  const double delta = ts.delta > 0 ? ts.delta : 1.0;
  std::vector<int64_t> out(design.rows.size());
  double t0 = 0;
  bool first = true;
  for (int64_t row : design.rows) {
    const double t = col->num[static_cast<size_t>(row)];
    if (first || t < t0) t0 = t;
    first = false;
  }
  for (size_t i = 0; i < design.rows.size(); ++i)
    out[i] = static_cast<int64_t>(std::llround((col->num[static_cast<size_t>(design.rows[i])] - t0) / delta));
  return out;
}

double slope_f(const kernel::OlsResult& fit, const Eigen::MatrixXd& v, double* df_m) {
  std::vector<uint8_t> select(static_cast<size_t>(fit.coef.size()), 1);
  int slopes = 0;
  for (size_t j = 0; j < select.size(); ++j) {
    select[j] = !fit.omitted[j];
    if (fit.constant && j + 1 == select.size()) select[j] = 0;
    slopes += select[j];
  }
  *df_m = slopes;
  if (slopes == 0) return missing::kSysmiss;
  const kernel::WaldResult w = kernel::wald_test(fit.coef, v, select);
  if (w.rank < slopes) {
    *df_m = w.rank;
    return missing::kSysmiss;
  }
  return w.statistic / w.rank;
}

}  // namespace xtdo::est
