// Statistical functions ([FN] Statistical functions): normal, t, chi2, F, gamma,
// beta and binomial distributions, each vectorised over its arguments.
#include <cmath>

#include "eval_internal.hpp"

namespace xtdo::eval_detail {
namespace {

/// Apply f to K numeric arguments row by row; any missing argument gives `.`, and a
/// NaN/inf result is `.` (a domain error in Stata returns missing).
template <size_t K, class F>
Vec map_k(FnArgs& a, F f) {
  const Vec* in[K];
  for (size_t k = 0; k < K; ++k) in[k] = &a.num(k);
  const bool one = a.all_scalar();
  const size_t n = one ? 1 : a.n();
  std::vector<double> out(n);
  double x[K];
  for (size_t i = 0; i < n; ++i) {
    bool m = false;
    for (size_t k = 0; k < K; ++k) {
      x[k] = at(*in[k], i);
      m |= miss(x[k]);
    }
    out[i] = m ? kMiss : missing::clean(f(x));
  }
  if (one) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

bool valid_p(double p) { return p >= 0 && p <= 1; }

Vec fn_normal(FnArgs& a) {
  return map1(a.num(0), a.n(), [](double z) { return miss(z) ? kMiss : normal_cdf(z); });
}

/// normalden(x), normalden(x, s), normalden(x, m, s).
Vec fn_normalden(FnArgs& a) {
  auto phi = [](double z) { return std::exp(-0.5 * z * z) / 2.50662827463100050242; };
  if (a.size() == 1) return map_k<1>(a, [&](const double* x) { return phi(x[0]); });
  if (a.size() == 2)
    return map_k<2>(a, [&](const double* x) { return x[1] > 0 ? phi(x[0] / x[1]) / x[1] : kMiss; });
  return map_k<3>(
      a, [&](const double* x) { return x[2] > 0 ? phi((x[0] - x[1]) / x[2]) / x[2] : kMiss; });
}

Vec fn_lnnormalden(FnArgs& a) {
  const double half_ln2pi = 0.91893853320467274178;
  if (a.size() == 1)
    return map_k<1>(a, [&](const double* x) { return -0.5 * x[0] * x[0] - half_ln2pi; });
  if (a.size() == 2)
    return map_k<2>(a, [&](const double* x) {
      double z = x[0] / x[1];
      return x[1] > 0 ? -0.5 * z * z - half_ln2pi - std::log(x[1]) : kMiss;
    });
  return map_k<3>(a, [&](const double* x) {
    double z = (x[0] - x[1]) / x[2];
    return x[2] > 0 ? -0.5 * z * z - half_ln2pi - std::log(x[2]) : kMiss;
  });
}

/// ln(normal(z)); for z far in the left tail, the asymptotic (Mills ratio) series.
Vec fn_lnnormal(FnArgs& a) {
  return map_k<1>(a, [](const double* x) {
    double z = x[0];
    if (z > -30) return std::log(normal_cdf(z));
    double z2 = 1 / (z * z);
    double series = 1 - z2 * (1 - 3 * z2 * (1 - 5 * z2 * (1 - 7 * z2)));
    return -0.5 * z * z - 0.91893853320467274178 - std::log(-z) + std::log(series);
  });
}

Vec fn_invnormal(FnArgs& a) {
  return map_k<1>(a, [](const double* x) { return inv_normal(x[0]); });
}

Vec fn_ttail(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return x[0] > 0 ? t_tail(x[0], x[1]) : kMiss; });
}
Vec fn_t(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return x[0] > 0 ? t_tail(x[0], -x[1]) : kMiss; });
}
Vec fn_invttail(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return inv_t_tail(x[0], x[1]); });
}
Vec fn_invt(FnArgs& a) {
  return map_k<2>(
      a, [](const double* x) { return valid_p(x[1]) ? inv_t_tail(x[0], 1 - x[1]) : kMiss; });
}
Vec fn_tden(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return x[0] > 0 ? t_density(x[0], x[1]) : kMiss; });
}

Vec fn_chi2(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return x[0] > 0 ? chi2_lower(x[0], x[1]) : kMiss; });
}
Vec fn_chi2tail(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return x[0] > 0 ? chi2_upper(x[0], x[1]) : kMiss; });
}
Vec fn_invchi2(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return inv_chi2_lower(x[0], x[1]); });
}
Vec fn_invchi2tail(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return inv_chi2_upper(x[0], x[1]); });
}
Vec fn_chi2den(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return x[0] > 0 ? chi2_density(x[0], x[1]) : kMiss; });
}

Vec fn_F(FnArgs& a) {
  return map_k<3>(a, [](const double* x) {
    return (x[0] > 0 && x[1] > 0) ? f_lower(x[0], x[1], x[2]) : kMiss;
  });
}
Vec fn_Ftail(FnArgs& a) {
  return map_k<3>(a, [](const double* x) {
    return (x[0] > 0 && x[1] > 0) ? f_upper(x[0], x[1], x[2]) : kMiss;
  });
}
Vec fn_invF(FnArgs& a) {
  return map_k<3>(a, [](const double* x) { return inv_f_lower(x[0], x[1], x[2]); });
}
Vec fn_invFtail(FnArgs& a) {
  return map_k<3>(a, [](const double* x) { return inv_f_upper(x[0], x[1], x[2]); });
}
Vec fn_Fden(FnArgs& a) {
  return map_k<3>(a, [](const double* x) {
    return (x[0] > 0 && x[1] > 0) ? f_density(x[0], x[1], x[2]) : kMiss;
  });
}

Vec fn_gammap(FnArgs& a) {
  return map_k<2>(
      a, [](const double* x) { return x[0] > 0 && x[1] >= 0 ? gamma_p(x[0], x[1]) : kMiss; });
}
Vec fn_gammaptail(FnArgs& a) {
  return map_k<2>(
      a, [](const double* x) { return x[0] > 0 && x[1] >= 0 ? gamma_q(x[0], x[1]) : kMiss; });
}
Vec fn_invgammap(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return inv_gamma_p(x[0], x[1]); });
}
Vec fn_invgammaptail(FnArgs& a) {
  return map_k<2>(a, [](const double* x) { return inv_gamma_q(x[0], x[1]); });
}

Vec fn_ibeta(FnArgs& a) {
  return map_k<3>(a, [](const double* x) {
    return (x[0] > 0 && x[1] > 0 && valid_p(x[2])) ? ibeta(x[0], x[1], x[2]) : kMiss;
  });
}
Vec fn_ibetatail(FnArgs& a) {
  return map_k<3>(a, [](const double* x) {
    return (x[0] > 0 && x[1] > 0 && valid_p(x[2])) ? ibeta_tail(x[0], x[1], x[2]) : kMiss;
  });
}
Vec fn_invibeta(FnArgs& a) {
  return map_k<3>(a, [](const double* x) { return inv_ibeta(x[0], x[1], x[2]); });
}

Vec fn_binomial(FnArgs& a) {
  return map_k<3>(a, [](const double* x) {
    return (x[0] >= 0 && valid_p(x[2])) ? binomial_cdf(x[0], x[1], x[2]) : kMiss;
  });
}
Vec fn_binomialtail(FnArgs& a) {
  return map_k<3>(a, [](const double* x) {
    return (x[0] >= 0 && valid_p(x[2])) ? binomial_tail(x[0], x[1], x[2]) : kMiss;
  });
}

}  // namespace

void add_stat_functions(std::vector<FnSpec>& t) {
  t.insert(t.end(), {
                        {"normal", 1, 1, fn_normal},
                        {"normalden", 1, 3, fn_normalden},
                        {"lnnormal", 1, 1, fn_lnnormal},
                        {"lnnormalden", 1, 3, fn_lnnormalden},
                        {"invnormal", 1, 1, fn_invnormal},
                        {"ttail", 2, 2, fn_ttail},
                        {"t", 2, 2, fn_t},
                        {"invttail", 2, 2, fn_invttail},
                        {"invt", 2, 2, fn_invt},
                        {"tden", 2, 2, fn_tden},
                        {"chi2", 2, 2, fn_chi2},
                        {"chi2tail", 2, 2, fn_chi2tail},
                        {"invchi2", 2, 2, fn_invchi2},
                        {"invchi2tail", 2, 2, fn_invchi2tail},
                        {"chi2den", 2, 2, fn_chi2den},
                        {"F", 3, 3, fn_F},
                        {"Ftail", 3, 3, fn_Ftail},
                        {"invF", 3, 3, fn_invF},
                        {"invFtail", 3, 3, fn_invFtail},
                        {"Fden", 3, 3, fn_Fden},
                        {"gammap", 2, 2, fn_gammap},
                        {"gammaptail", 2, 2, fn_gammaptail},
                        {"invgammap", 2, 2, fn_invgammap},
                        {"invgammaptail", 2, 2, fn_invgammaptail},
                        {"ibeta", 3, 3, fn_ibeta},
                        {"ibetatail", 3, 3, fn_ibetatail},
                        {"invibeta", 3, 3, fn_invibeta},
                        {"binomial", 3, 3, fn_binomial},
                        {"binomialtail", 3, 3, fn_binomialtail},
                    });
}

}  // namespace xtdo::eval_detail
