// The distribution functions of distributions.hpp, for the display layer: thin
// forwards to the interpreter's public xtdo/distributions.hpp.
#include "distributions.hpp"

#include "xtdo/distributions.hpp"
#include "xtdo/missing.hpp"

namespace xtdo::display {

double ttail(Session&, double df, double t) { return dist::ttail(df, t); }
double invttail(Session&, double df, double p) { return dist::invttail(df, p); }
double Ftail(Session&, double df1, double df2, double f) { return dist::Ftail(df1, df2, f); }
double model_f_p(Session&, double df_m, double df_r, double f) {
  return missing::is_missing(f) || df_m == 0 ? missing::kSysmiss : dist::Ftail(df_m, df_r, f);
}
double chi2tail(Session&, double df, double x) { return dist::chi2tail(df, x); }
double normal(Session&, double z) { return dist::normal(z); }
double invnormal(Session&, double p) { return dist::invnormal(p); }

}  // namespace xtdo::display
