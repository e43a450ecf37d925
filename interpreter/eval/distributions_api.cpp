// The public face of the distribution functions (xtdo/distributions.hpp): the
// private routines of distributions.cpp with the domain rules of the expression
// functions.
#include "xtdo/distributions.hpp"

#include "eval_internal.hpp"
#include "xtdo/missing.hpp"

namespace xtdo::dist {

namespace {
using missing::is_missing;
constexpr double kMiss = missing::kSysmiss;
bool any_missing(double a, double b = 0, double c = 0) { return is_missing(a) || is_missing(b) || is_missing(c); }
double clean(double v) { return missing::clean(v); }
}  // namespace

double normal(double z) { return is_missing(z) ? kMiss : clean(eval_detail::normal_cdf(z)); }
double invnormal(double p) { return is_missing(p) ? kMiss : clean(eval_detail::inv_normal(p)); }
double ttail(double df, double t) {
  return any_missing(df, t) || !(df > 0) ? kMiss : clean(eval_detail::t_tail(df, t));
}
double invttail(double df, double p) {
  return any_missing(df, p) ? kMiss : clean(eval_detail::inv_t_tail(df, p));
}
double Ftail(double df1, double df2, double f) {
  return any_missing(df1, df2, f) || !(df1 > 0 && df2 > 0) ? kMiss : clean(eval_detail::f_upper(df1, df2, f));
}
double invFtail(double df1, double df2, double p) {
  return any_missing(df1, df2, p) ? kMiss : clean(eval_detail::inv_f_upper(df1, df2, p));
}
double chi2tail(double df, double x) {
  return any_missing(df, x) || !(df > 0) ? kMiss : clean(eval_detail::chi2_upper(df, x));
}
double invchi2tail(double df, double p) {
  return any_missing(df, p) ? kMiss : clean(eval_detail::inv_chi2_upper(df, p));
}

}  // namespace xtdo::dist
