// Probability distributions: the regularized incomplete gamma and beta functions
// and their inverses, from which normal, t, chi2, F and binomial are built.
// Accuracy target ~1e-13 relative over the ranges econometric output uses.
#include <cmath>
#include <utility>

#include "eval_internal.hpp"

namespace xtdo::eval_detail {
namespace {

constexpr double kEps = 1e-16;
/// Continued fractions stop when a factor is within one ulp of 1; a tighter test may
/// never be met and would only pile up rounding error over many more iterations.
constexpr double kCfEps = 3e-16;
constexpr double kTiny = 1e-300;
constexpr double kPi = 3.14159265358979323846;
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt2Pi = 2.50662827463100050242;

/// lgamma(x) - [(x-.5)ln x - x + .5 ln 2pi] for x >= 10 (Stirling series; the next
/// term is below 1e-17 there).
double stirling_corr(double x) {
  double x2 = 1 / (x * x);
  return (1.0 / 12 -
          x2 * (1.0 / 360 -
                x2 * (1.0 / 1260 -
                      x2 * (1.0 / 1680 - x2 * (1.0 / 1188 - x2 * (691.0 / 360360 - x2 / 156)))))) /
         x;
}

/// log1p(u) - u without cancellation for small u.
double log1pmx(double u) {
  if (std::fabs(u) > 0.1) return std::log1p(u) - u;
  // -u^2/2 + u^3/3 - u^4/4 + ...
  double term = u, sum = 0;
  for (int k = 2; k < 60; ++k) {
    term *= -u;
    double add = term / k;
    sum += add;
    if (std::fabs(add) < 1e-17 * std::fabs(sum)) break;
  }
  return sum;
}

/// x^a e^-x / Gamma(a). For large a the Stirling form avoids the cancellation
/// between a ln x and lgamma(a).
double gamma_prefix(double a, double x) {
  if (a < 10) return std::exp(a * std::log(x) - x - std::lgamma(a));
  // a(ln(x/a) - x/a + 1); through log1p near x = a, where it is small, and through
  // ln(x/a) away from it, where log1p(u) near u = -1 would magnify u's rounding.
  double u = (x - a) / a;
  double e = std::fabs(u) < 0.5 ? a * log1pmx(u) : a * std::log(x / a) - x + a;
  return std::exp(e - stirling_corr(a)) * std::sqrt(a / (2 * kPi));
}

/// P(a,x) and Q(a,x): series below a+1, Lentz continued fraction above (NR 6.2).
void gamma_pq(double a, double x, double& p, double& q) {
  if (x <= 0) {
    p = 0;
    q = 1;
    return;
  }
  if (std::isinf(x)) {
    p = 1;
    q = 0;
    return;
  }
  double pre = gamma_prefix(a, x);
  if (x < a + 1) {
    double ap = a, del = 1.0 / a, sum = del;
    for (int n = 0; n < 100000; ++n) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (std::fabs(del) < std::fabs(sum) * kEps) break;
    }
    p = sum * pre;
    q = 1 - p;
  } else {
    double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
    for (int i = 1; i < 100000; ++i) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (std::fabs(d) < kTiny) d = kTiny;
      c = b + an / c;
      if (std::fabs(c) < kTiny) c = kTiny;
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (std::fabs(del - 1) < kCfEps) break;
    }
    q = pre * h;
    p = 1 - q;
  }
}

/// lgamma(a+b) - lgamma(a) for b > 0, without the cancellation of two large lgammas
/// when a is large (Stirling: (a-.5) log1p(b/a) + b ln(a+b) - b + corrections).
double lgamma_delta(double a, double b) {
  if (a < 10) return std::lgamma(a + b) - std::lgamma(a);
  return (a - 0.5) * std::log1p(b / a) + b * std::log(a + b) - b + stirling_corr(a + b) -
         stirling_corr(a);
}

/// x^a y^b / B(a,b) with y = 1-x passed exactly; lx, ly are ln x and ln y when the
/// caller has them more accurately than log(x) would give (NaN otherwise).
double beta_prefix(double a, double b, double x, double y, double lx = NAN, double ly = NAN) {
  if (std::min(a, b) < 10) {
    double big = std::max(a, b), small = std::min(a, b);
    if (std::isnan(lx)) lx = std::log(x);
    if (std::isnan(ly)) ly = std::log(y);
    // With a large, a*ln(x) magnifies the rounding of x; hence the caller's logs.
    return std::exp(a * lx + b * ly + lgamma_delta(big, small) - std::lgamma(small));
  }
  // Stirling form: exp(a ln(xc/a) + b ln(yc/b) - corr) * sqrt(ab/(2 pi c)), c = a+b;
  // xc - a = xb - ya, and a u + b v = 0, so the exponent is a(log1p(u)-u) + b(...).
  double c = a + b;
  double u = (x * b - y * a) / a;
  double v = (y * a - x * b) / b;
  if (std::isnan(lx)) lx = std::log(x);
  if (std::isnan(ly)) ly = std::log(y);
  // As in gamma_prefix: log1p(u) - u near the centre, ln(xc/a) - u away from it.
  double ea = std::fabs(u) < 0.5 ? a * log1pmx(u) : a * (lx + std::log(c / a) - u);
  double eb = std::fabs(v) < 0.5 ? b * log1pmx(v) : b * (ly + std::log(c / b) - v);
  double corr = stirling_corr(a) + stirling_corr(b) - stirling_corr(c);
  return std::exp(ea + eb - corr) * std::sqrt(a * b / (2 * kPi * c));
}

/// Continued fraction for I_x(a,b) (NR 6.4, modified Lentz). It converges fast for
/// x < (a+1)/(a+b+2) and more slowly beyond; `converged` tells if it did in time.
double beta_cf(double a, double b, double x, double y, int max_iter = 200000,
               bool* converged = nullptr) {
  double qab = a + b, qap = a + 1, qam = a - 1;
  // d = 1 - (a+b)x/(a+1) = (1 - b + (a+b)y)/(a+1): take the form whose terms are
  // smaller, as each can cancel to a few digits where the other does not.
  double direct_terms = std::max(1.0, qab * x / qap);
  double via_y_terms = std::max(std::fabs(1 - b), qab * y) / qap;
  double c = 1, d = direct_terms <= via_y_terms ? 1 - qab * x / qap : (1 - b + qab * y) / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  if (converged) *converged = false;
  for (int m = 1; m < max_iter; ++m) {
    int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < kCfEps) {
      if (converged) *converged = true;
      break;
    }
  }
  return h;
}

/// I_x(a,b) for a large (>= 15) and b <= 1 by the asymptotic expansion BGRAT
/// (DiDonato & Morris 1992, eqs. 9-9.6), in terms of Q(b, u) with u = -(a+(b-1)/2) ln x.
/// The continued fraction loses about log10(a) digits there (x near 1).
double bgrat(double a, double b, double x, double y, double lx) {
  const double bm1 = b - 1;
  const double t = a + bm1 / 2;
  if (std::isnan(lx)) lx = y < 0.35 ? std::log1p(-y) : std::log(x);
  const double u = -t * lx;
  const double h = gamma_prefix(b, u);  // u^b e^-u / Gamma(b)
  if (!(h > 0)) return 0;
  // Gamma(a+b) / (Gamma(a) t^b) * h
  const double prefix = h * std::exp(lgamma_delta(a, b) - b * std::log(t));
  double j = gamma_q(b, u) / h;
  double sum = prefix * j;
  double p[30] = {1};
  double fact[60];  // fact[k] = k!
  fact[0] = 1;
  for (int k = 1; k < 60; ++k) fact[k] = fact[k - 1] * k;
  const double lx2 = (lx / 2) * (lx / 2);
  const double t4 = 4 * t * t;
  double lxp = 1, b2n = b;
  int tnp1 = 1;
  for (int n = 1; n < 30; ++n) {
    tnp1 += 2;
    p[n] = 0;
    int tmp1 = 3;
    for (int m = 1; m < n; ++m) {
      double mbn = m * b - n;
      p[n] += mbn * p[n - m] / fact[tmp1];
      tmp1 += 2;
    }
    p[n] /= n;
    p[n] += bm1 / fact[tnp1];
    j = (b2n * (b2n + 1) * j + (u + b2n + 1) * lxp) / t4;
    lxp *= lx2;
    b2n += 2;
    double r = prefix * p[n] * j;
    sum += r;
    if (std::fabs(r) < kEps * std::fabs(sum)) break;
  }
  return sum;
}

/// I_x(a,b) and its complement 1 - I_x(a,b) = I_y(b,a), each computed directly on
/// its own side so that the smaller one keeps full relative accuracy.
void ibeta_pair(double a, double b, double x, double y, double& i, double& ic, double lx = NAN,
                double ly = NAN) {
  if (x <= 0) {
    i = 0;
    ic = 1;
    return;
  }
  if (y <= 0) {
    i = 1;
    ic = 0;
    return;
  }
  // BGRAT gives the smaller side accurately; when its side is the larger one, the
  // continued fraction below computes the other side directly.
  bool ok = false;
  if (a >= 15 && b <= 1 && x > 0.5) {
    i = bgrat(a, b, x, y, lx);
    ic = 1 - i;
    if (i > 0.5) {
      double direct = beta_prefix(a, b, x, y, lx, ly) * beta_cf(b, a, y, x, 20000, &ok) / b;
      if (ok) ic = direct;
    }
    return;
  }
  if (b >= 15 && a <= 1 && y > 0.5) {
    ic = bgrat(b, a, y, x, ly);
    i = 1 - ic;
    if (ic > 0.5) {
      double direct = beta_prefix(a, b, x, y, lx, ly) * beta_cf(a, b, x, y, 20000, &ok) / a;
      if (ok) i = direct;
    }
    return;
  }
  double pre = beta_prefix(a, b, x, y, lx, ly);
  if (x < (a + 1) / (a + b + 2)) {
    i = pre * beta_cf(a, b, x, y) / a;
    ic = 1 - i;
    // 1 - i cancels when i > .5: compute the smaller side by its own fraction if it
    // converges in reasonable time.
    if (i > 0.5) {
      double direct = pre * beta_cf(b, a, y, x, 20000, &ok) / b;
      if (ok) ic = direct;
    }
  } else {
    ic = pre * beta_cf(b, a, y, x) / b;
    i = 1 - ic;
    if (ic > 0.5) {
      double direct = pre * beta_cf(a, b, x, y, 20000, &ok) / a;
      if (ok) i = direct;
    }
  }
}

/// Newton's method in s with a bisection safeguard: finds s where g(s) = 0, for g
/// monotone (increasing or not) on (lo, hi); g returns {value, derivative}.
template <class G>
double solve_monotone(G g, double s, double lo, double hi, bool increasing) {
  for (int it = 0; it < 400; ++it) {
    auto [v, dv] = g(s);
    if (v == 0 || std::isnan(v)) return s;
    if ((v < 0) == increasing)
      lo = s;
    else
      hi = s;
    double next = s - v / dv;
    if (!std::isfinite(next) || next <= lo || next >= hi) {
      if (std::isfinite(lo) && std::isfinite(hi))
        next = 0.5 * (lo + hi);
      else if (std::isfinite(lo))
        next = lo + std::max(1.0, std::fabs(lo));
      else
        next = hi - std::max(1.0, std::fabs(hi));
    }
    if (std::fabs(next - s) <= 4 * kEps * std::max(1.0, std::fabs(next))) return next;
    if (std::isfinite(lo) && std::isfinite(hi) &&
        hi - lo <= 4 * kEps * std::max(1.0, std::fabs(hi)))
      return next;
    s = next;
  }
  return s;
}

/// Solve side(x) = target for x > 0 in s = ln x, where `side` is a tail (decreasing,
/// `upper`) or a cumulative (increasing) probability with density dens(x).
template <class Side, class Dens>
double solve_positive(Side side, Dens dens, double target, bool upper, double x0) {
  if (!(x0 > 0) || !std::isfinite(x0)) x0 = 1;
  const double lt = std::log(target);
  auto g = [&](double s) -> std::pair<double, double> {
    double x = std::exp(s);
    double pr = side(x);
    if (pr <= 0) return {-1e300, upper ? -1.0 : 1.0};  // underflow: far past the root
    double dp = dens(x) * x * (upper ? -1 : 1);
    return {std::log(pr) - lt, dp / pr};
  };
  double s = solve_monotone(g, std::log(x0), -INFINITY, INFINITY, !upper);
  return std::exp(s);
}

double acklam(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  if (p < 0.02425) {
    double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

// --- Normal -----------------------------------------------------------------------

double normal_cdf(double z) { return 0.5 * std::erfc(-z / kSqrt2); }

/// Acklam's rational approximation (1e-9) refined by Halley steps on erfc, using the
/// lower tail (1-p is exact for p >= .5), so tails keep full relative accuracy.
double inv_normal(double p) {
  if (!(p > 0 && p < 1)) return kMiss;
  if (p > 0.5) return -inv_normal(1 - p);
  if (p == 0.5) return 0;
  double x = acklam(p);
  for (int it = 0; it < 3; ++it) {
    double e = normal_cdf(x) - p;
    double u = e * kSqrt2Pi * std::exp(0.5 * x * x);
    double nx = x - u / (1 + 0.5 * x * u);
    if (nx == x) break;
    x = nx;
  }
  return x;
}

// --- Gamma and chi-squared ------------------------------------------------------------

double gamma_p(double a, double x) {
  double p, q;
  gamma_pq(a, x, p, q);
  return p;
}

double gamma_q(double a, double x) {
  double p, q;
  gamma_pq(a, x, p, q);
  return q;
}

double gamma_density(double a, double x) { return x > 0 ? gamma_prefix(a, x) / x : 0.0; }

namespace {
double gamma_start(double a, double p_lower) {
  // Wilson-Hilferty, with the small-x series P ~ x^a / Gamma(a+1) as a floor.
  double z = inv_normal(p_lower);
  double w = 1 - 1 / (9 * a) + z / (3 * std::sqrt(a));
  double x = a * w * w * w;
  double small = std::exp((std::log(p_lower) + std::lgamma(a + 1)) / a);
  if (!(x > 0) || x < small) x = small;
  return x;
}
}  // namespace

double inv_gamma_p(double a, double p) {
  if (!(p >= 0 && p <= 1) || !(a > 0)) return kMiss;
  if (p == 0) return 0;
  if (p == 1) return kMiss;
  double x0 = gamma_start(a, p);
  if (p > 0.5)
    return solve_positive([a](double x) { return gamma_q(a, x); },
                          [a](double x) { return gamma_density(a, x); }, 1 - p, true, x0);
  return solve_positive([a](double x) { return gamma_p(a, x); },
                        [a](double x) { return gamma_density(a, x); }, p, false, x0);
}

double inv_gamma_q(double a, double p) {
  if (!(p >= 0 && p <= 1) || !(a > 0)) return kMiss;
  if (p == 1) return 0;
  if (p == 0) return kMiss;
  double x0 = gamma_start(a, 1 - p);
  if (p > 0.5)
    return solve_positive([a](double x) { return gamma_p(a, x); },
                          [a](double x) { return gamma_density(a, x); }, 1 - p, false, x0);
  return solve_positive([a](double x) { return gamma_q(a, x); },
                        [a](double x) { return gamma_density(a, x); }, p, true, x0);
}

double chi2_lower(double df, double x) { return x <= 0 ? 0.0 : gamma_p(df / 2, x / 2); }
double chi2_upper(double df, double x) { return x <= 0 ? 1.0 : gamma_q(df / 2, x / 2); }
double chi2_density(double df, double x) { return x <= 0 ? 0.0 : gamma_density(df / 2, x / 2) / 2; }
double inv_chi2_lower(double df, double p) {
  double g = inv_gamma_p(df / 2, p);
  return miss(g) ? g : 2 * g;
}
double inv_chi2_upper(double df, double p) {
  double g = inv_gamma_q(df / 2, p);
  return miss(g) ? g : 2 * g;
}

// --- Beta, t and F -------------------------------------------------------------------

double ibeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  double i, ic;
  ibeta_pair(a, b, x, 1 - x, i, ic);
  return i;
}

double ibeta_tail(double a, double b, double x) {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  double i, ic;
  ibeta_pair(a, b, x, 1 - x, i, ic);
  return ic;
}

double inv_ibeta(double a, double b, double p) {
  if (!(p >= 0 && p <= 1) || !(a > 0) || !(b > 0)) return kMiss;
  if (p == 0) return 0;
  if (p == 1) return 1;
  // Newton in the logit of x, bracketed; derivative of I_x by the chain rule.
  auto g = [&](double s) -> std::pair<double, double> {
    double x = 1 / (1 + std::exp(-s)), y = 1 / (1 + std::exp(s));
    double i, ic;
    ibeta_pair(a, b, x, y, i, ic);
    double dens = beta_prefix(a, b, x, y);  // x^a y^b / B = dens_x * x * y = dI/ds
    return {p <= 0.5 ? i - p : (1 - p) - ic, dens};
  };
  double mean = a / (a + b);
  double s = solve_monotone(g, std::log(mean / (1 - mean)), -INFINITY, INFINITY, true);
  return 1 / (1 + std::exp(-s));
}

double t_tail(double df, double t) {
  if (t == 0) return 0.5;
  if (df > 1e10) return normal_cdf(-t);
  double r = t * t / df;
  if (std::isinf(r)) return t > 0 ? 0.0 : 1.0;
  double x = 1 / (1 + r), y = r / (1 + r);
  double lx = -std::log1p(r), ly = -std::log1p(1 / r);
  double i, ic;
  ibeta_pair(df / 2, 0.5, x, y, i, ic, lx, ly);
  return t > 0 ? 0.5 * i : 0.5 + 0.5 * ic;
}

double t_density(double df, double t) {
  if (df > 1e10) return std::exp(-0.5 * t * t) / kSqrt2Pi;
  return std::exp(lgamma_delta(df / 2, 0.5) - 0.5 * std::log(df * kPi) -
                  (df + 1) / 2 * std::log1p(t * t / df));
}

double inv_t_tail(double df, double p) {
  if (!(p > 0 && p < 1) || !(df > 0)) return kMiss;
  if (p == 0.5) return 0;
  if (p > 0.5) return -inv_t_tail(df, 1 - p);
  if (df == 1) return 1 / std::tan(kPi * p);  // tan(pi(.5-p)) without cancelling
  if (df == 2) return (1 - 2 * p) / std::sqrt(2 * p * (1 - p));
  // Start from the Cornish-Fisher expansion around the normal quantile (Hill 1970).
  double z = -inv_normal(p), z2 = z * z;
  double g1 = (z2 + 1) * z / 4;
  double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  double t0 = z + g1 / df + g2 / (df * df) + g3 / (df * df * df);
  return solve_positive([df](double t) { return t_tail(df, t); },
                        [df](double t) { return t_density(df, t); }, p, true, t0);
}

double f_upper(double df1, double df2, double f) {
  if (f <= 0) return 1;
  if (std::isinf(f)) return 0;
  double s = df2 + df1 * f, q = df1 * f / df2;
  double lx = -std::log1p(q), ly = -std::log1p(1 / q);  // ln(1/(1+q)), ln(q/(1+q))
  double i, ic;
  ibeta_pair(df2 / 2, df1 / 2, df2 / s, df1 * f / s, i, ic, lx, ly);
  return i;
}

double f_lower(double df1, double df2, double f) {
  if (f <= 0) return 0;
  if (std::isinf(f)) return 1;
  double s = df2 + df1 * f, q = df1 * f / df2;
  double lx = -std::log1p(q), ly = -std::log1p(1 / q);  // ln(1/(1+q)), ln(q/(1+q))
  double i, ic;
  ibeta_pair(df2 / 2, df1 / 2, df2 / s, df1 * f / s, i, ic, lx, ly);
  return ic;
}

double f_density(double df1, double df2, double f) {
  if (f <= 0) return 0;
  double s = df2 + df1 * f;
  return beta_prefix(df1 / 2, df2 / 2, df1 * f / s, df2 / s) / f;
}

double inv_f_upper(double df1, double df2, double p) {
  if (!(p >= 0 && p <= 1) || !(df1 > 0) || !(df2 > 0)) return kMiss;
  if (p == 1) return 0;
  if (p == 0) return kMiss;
  double x0 = inv_chi2_upper(df1, p) / df1;
  if (p > 0.5)
    return solve_positive([=](double f) { return f_lower(df1, df2, f); },
                          [=](double f) { return f_density(df1, df2, f); }, 1 - p, false, x0);
  return solve_positive([=](double f) { return f_upper(df1, df2, f); },
                        [=](double f) { return f_density(df1, df2, f); }, p, true, x0);
}

double inv_f_lower(double df1, double df2, double p) {
  if (!(p >= 0 && p <= 1)) return kMiss;
  return inv_f_upper(df1, df2, 1 - p);
}

// --- Binomial -------------------------------------------------------------------------

/// P(X <= k) for X ~ Binomial(n, p) = I_{1-p}(n-k, k+1).
double binomial_cdf(double n, double k, double p) {
  k = std::floor(k);
  if (k < 0) return 0;
  if (k >= n) return 1;
  double i, ic;
  ibeta_pair(n - k, k + 1, 1 - p, p, i, ic);
  return i;
}

/// P(X >= k) = I_p(k, n-k+1).
double binomial_tail(double n, double k, double p) {
  k = std::ceil(k);
  if (k <= 0) return 1;
  if (k > n) return 0;
  double i, ic;
  ibeta_pair(k, n - k + 1, p, 1 - p, i, ic);
  return i;
}

}  // namespace xtdo::eval_detail
