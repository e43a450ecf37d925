// The function registry and the mathematical functions ([FN] Mathematical functions,
// Programming functions, Random-number functions). Each is vectorised over its
// arguments, broadcasting scalars.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "eval_internal.hpp"

namespace xtdo {
namespace eval_detail {

Vec& FnArgs::num(size_t i) const {
  if (v[i].is_string) throw XtdoError(109, "type mismatch", pos(i));
  return v[i];
}

Vec& FnArgs::str(size_t i) const {
  if (!v[i].is_string) {
    // An absent r()/e() result stands for "" where a string is wanted.
    if (v[i].absent) {
      v[i] = Vec::text("");
      return v[i];
    }
    throw XtdoError(109, "type mismatch", pos(i));
  }
  return v[i];
}

bool FnArgs::all_scalar() const {
  return frame.scalar || std::all_of(v.begin(), v.end(), [](const Vec& x) { return x.scalar; });
}

namespace {

/// A numeric function of one argument: missing in → `.` out; NaN/inf out → `.`.
template <class F>
Vec unary_math(FnArgs& a, F f) {
  return map1(a.num(0), a.n(), [f](double x) { return miss(x) ? kMiss : missing::clean(f(x)); });
}

template <class F>
Vec binary_math(FnArgs& a, F f) {
  Vec& x = a.num(0);
  Vec& y = a.num(1);
  return map2(x, y, a.n(), [f](double p, double q) {
    return (miss(p) | miss(q)) ? kMiss : missing::clean(f(p, q));
  });
}

/// round(x [, y]) = y*floor(x/y + .5): halves go up; y = 0 returns x. A missing x is
/// returned as is (round(.a) = .a) unless y is missing ([FN] round()).
Vec fn_round(FnArgs& a) {
  if (a.size() == 1)
    return map1(a.num(0), a.n(), [](double x) { return miss(x) ? x : std::floor(x + 0.5); });
  Vec& x = a.num(0);
  Vec& y = a.num(1);
  return map2(x, y, a.n(), [](double p, double q) {
    if (miss(q)) return kMiss;
    if (miss(p) || q == 0) return p;
    return missing::clean(q * std::floor(p / q + 0.5));
  });
}

Vec fn_mod(FnArgs& a) {
  return binary_math(a, [](double x, double y) {
    if (y == 0) return kMiss;
    double r = x - y * std::floor(x / y);
    return r;
  });
}

/// min()/max(): missing arguments are ignored; all missing gives `.`.
template <bool IsMax>
Vec fn_extreme(FnArgs& a) {
  for (size_t k = 0; k < a.size(); ++k) a.num(k);
  const size_t n = a.all_scalar() ? 1 : a.n();
  std::vector<double> out(n, kMiss);
  for (size_t k = 0; k < a.size(); ++k) {
    const Vec& v = a.v[k];
    for (size_t i = 0; i < n; ++i) {
      double x = at(v, i);
      if (miss(x)) continue;
      if (miss(out[i]) || (IsMax ? x > out[i] : x < out[i])) out[i] = x;
    }
  }
  if (n == 1 && a.all_scalar()) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

/// sum(x): the running sum over rows in order, restarting at each by-group; missing
/// counts as 0 ([FN] sum()).
Vec fn_sum(FnArgs& a) {
  Vec& x = a.num(0);
  if (a.frame.scalar) {
    double v = at(x, 0);
    return Vec::number(miss(v) ? 0.0 : v);
  }
  const ByGroups* by = a.frame.ctx->by;
  const size_t n = a.n();
  std::vector<double> out(n);
  double acc = 0;
  for (size_t i = 0; i < n; ++i) {
    int64_t row = a.frame.begin + static_cast<int64_t>(i);
    if (by && by->start[row] == row) acc = 0;
    const std::vector<uint8_t>* keep = a.frame.ctx->rows;
    if (keep && !(*keep)[static_cast<size_t>(row)]) {
      out[i] = acc;
      continue;
    }
    double v = at(x, i);
    if (!miss(v)) acc += v;
    out[i] = acc;
  }
  return Vec::numbers(std::move(out));
}

/// cond(c, a, b [, m]): a where c is true, b where false, m (or a) where c is missing.
Vec fn_cond(FnArgs& a) {
  Vec& c = a.num(0);
  const bool strings = a.v[1].is_string || a.v[2].is_string;
  for (size_t k = 1; k < a.size(); ++k) {
    if (strings)
      a.str(k);
    else
      a.num(k);
  }
  const bool has_m = a.size() == 4;
  const size_t n = a.all_scalar() ? 1 : a.n();
  auto pick = [&](size_t i) -> size_t {
    double x = at(c, i);
    if (miss(x)) return has_m ? 3 : 1;
    return x != 0 ? 1 : 2;
  };
  if (strings) {
    std::vector<std::string> out(n);
    for (size_t i = 0; i < n; ++i) out[i] = sat(a.v[pick(i)], i);
    if (a.all_scalar()) return Vec::text(std::move(out[0]));
    return Vec::texts(std::move(out));
  }
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = at(a.v[pick(i)], i);
  if (a.all_scalar()) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

/// missing(x1, x2, ...): 1 if any argument is missing (numeric) or "" (string).
Vec fn_missing(FnArgs& a) {
  const size_t n = a.all_scalar() ? 1 : a.n();
  std::vector<double> out(n, 0.0);
  for (const Vec& v : a.v) {
    for (size_t i = 0; i < n; ++i) {
      bool m = v.is_string ? sat(v, i).empty() : miss(at(v, i));
      if (m) out[i] = 1.0;
    }
  }
  if (a.all_scalar()) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

/// inlist(z, a, b, ...): z equals one of the others; all of one type.
Vec fn_inlist(FnArgs& a) {
  const bool strings = a.v[0].is_string;
  for (size_t k = 0; k < a.size(); ++k) {
    if (strings)
      a.str(k);
    else
      a.num(k);
  }
  const size_t n = a.all_scalar() ? 1 : a.n();
  std::vector<double> out(n, 0.0);
  for (size_t k = 1; k < a.size(); ++k) {
    for (size_t i = 0; i < n; ++i) {
      bool eq = strings ? sat(a.v[0], i) == sat(a.v[k], i) : at(a.v[0], i) == at(a.v[k], i);
      if (eq) out[i] = 1.0;
    }
  }
  if (a.all_scalar()) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

/// inrange(z, a, b): 1 if it is known that a <= z <= b. Missing z gives 0; then a
/// missing bound is unbounded ([FN] inrange(), rules applied in that order).
Vec fn_inrange(FnArgs& a) {
  const bool strings = a.v[0].is_string;
  for (size_t k = 0; k < 3; ++k) {
    if (strings)
      a.str(k);
    else
      a.num(k);
  }
  const size_t n = a.all_scalar() ? 1 : a.n();
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    bool r;
    if (strings) {
      const std::string& z = sat(a.v[0], i);
      r = sat(a.v[1], i) <= z && z <= sat(a.v[2], i);
    } else {
      double z = at(a.v[0], i), lo = at(a.v[1], i), hi = at(a.v[2], i);
      if (miss(z))
        r = false;
      else if (miss(lo) && miss(hi))
        r = true;
      else if (miss(lo))
        r = z <= hi;
      else if (miss(hi))
        r = lo <= z;
      else
        r = lo <= z && z <= hi;
    }
    out[i] = r ? 1.0 : 0.0;
  }
  if (a.all_scalar()) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

/// A uniform draw on (0,1) from 53 random bits.
double uniform01(std::mt19937_64& rng) {
  return (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53;
}

std::mt19937_64& rng_of(FnArgs& a) {
  if (!a.frame.ctx->env) throw XtdoError(198, "random numbers need a session", a.node.pos);
  return a.frame.ctx->env->rng();
}

/// Draw one value per row from `draw(u, i)` given a uniform u; row i picks arguments.
template <class D>
Vec draw_rows(FnArgs& a, D draw) {
  auto& rng = rng_of(a);
  const size_t n = a.frame.scalar ? 1 : a.n();
  std::vector<double> out(n, kMiss);
  // Stata evaluates the expression only in the observations generate/replace keep,
  // so only they consume draws: the stream then matches Stata's under `if`.
  const std::vector<uint8_t>* keep = a.frame.scalar ? nullptr : a.frame.ctx->rows;
  for (size_t i = 0; i < n; ++i) {
    if (keep && !(*keep)[static_cast<size_t>(a.frame.begin + static_cast<int64_t>(i))]) continue;
    out[i] = draw(rng, i);
  }
  if (a.frame.scalar) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

Vec fn_runiform(FnArgs& a) {
  if (a.size() == 0) return draw_rows(a, [](std::mt19937_64& r, size_t) { return uniform01(r); });
  if (a.size() != 2) throw XtdoError(198, "runiform() takes 0 or 2 arguments", a.node.pos);
  const Vec& lo = a.num(0);
  const Vec& hi = a.num(1);
  return draw_rows(a, [&](std::mt19937_64& r, size_t i) {
    double l = at(lo, i), h = at(hi, i), u = uniform01(r);
    if (miss(l) || miss(h) || h < l) return kMiss;
    return l + (h - l) * u;
  });
}

Vec fn_runiformint(FnArgs& a) {
  const Vec& lo = a.num(0);
  const Vec& hi = a.num(1);
  return draw_rows(a, [&](std::mt19937_64& r, size_t i) {
    double l = std::ceil(at(lo, i)), h = std::floor(at(hi, i));
    if (miss(l) || miss(h) || h < l || h - l >= 0x1p53) return kMiss;
    // Stata's draw (checked against its published output): take the top k bits of
    // one 64-bit draw, k the fewest bits that can hold h-l, and draw again until the
    // value falls in range.
    const uint64_t span = static_cast<uint64_t>(h - l);
    if (span == 0) return l;
    const int bits = 64 - __builtin_clzll(span);
    uint64_t x;
    do x = r() >> (64 - bits);
    while (x > span);
    return l + static_cast<double>(x);
  });
}

Vec fn_rnormal(FnArgs& a) {
  if (a.size() == 1) throw XtdoError(198, "rnormal() takes 0 or 2 arguments", a.node.pos);
  static const Vec zero = Vec::number(0), one = Vec::number(1);
  const Vec& m = a.size() >= 1 ? a.num(0) : zero;
  const Vec& s = a.size() >= 2 ? a.num(1) : one;
  return draw_rows(a, [&](std::mt19937_64& r, size_t i) {
    double mu = at(m, i), sd = at(s, i), u = uniform01(r);
    if (miss(mu) || miss(sd) || sd < 0) return kMiss;
    return mu + sd * inv_normal(u);
  });
}

Vec fn_rexponential(FnArgs& a) {
  const Vec& b = a.num(0);
  return draw_rows(a, [&](std::mt19937_64& r, size_t i) {
    double scale = at(b, i), u = uniform01(r);
    if (miss(scale) || scale <= 0) return kMiss;
    return -scale * std::log(u);
  });
}

Vec fn_float(FnArgs& a) {
  return map1(a.num(0), a.n(), [](double x) {
    if (miss(x)) return x;  // extended missing values keep their letter
    return missing::clean(static_cast<double>(static_cast<float>(x)));
  });
}

/// reldif(x, y) = |x-y|/(|y|+1); 0 for two equal missing values ([FN] reldif()).
Vec fn_reldif(FnArgs& a) {
  Vec& x = a.num(0);
  Vec& y = a.num(1);
  return map2(x, y, a.n(), [](double p, double q) {
    if (miss(p) || miss(q)) return (miss(p) && miss(q) && p == q) ? 0.0 : kMiss;
    return missing::clean(std::fabs(p - q) / (std::fabs(q) + 1));
  });
}

double invlogit(double x) {
  if (x >= 0) return 1 / (1 + std::exp(-x));
  double e = std::exp(x);
  return e / (1 + e);
}

double comb(double n, double k) {
  if (n != std::floor(n) || k != std::floor(k) || k < 0 || n < 0 || k > n) return kMiss;
  k = std::min(k, n - k);
  if (n <= 1000) {
    double r = 1;
    for (double j = 1; j <= k; ++j) r = r * (n - k + j) / j;
    return std::round(r);
  }
  return std::round(std::exp(std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1)));
}

#define XTDO_UNARY(NAME, EXPR)                           \
  Vec NAME(FnArgs& a) {                                  \
    return unary_math(a, [](double x) { return EXPR; }); \
  }

XTDO_UNARY(fn_abs, std::fabs(x))
XTDO_UNARY(fn_exp, std::exp(x))
XTDO_UNARY(fn_ln, x > 0 ? std::log(x) : kMiss)
XTDO_UNARY(fn_log10, x > 0 ? std::log10(x) : kMiss)
XTDO_UNARY(fn_sqrt, x >= 0 ? std::sqrt(x) : kMiss)
XTDO_UNARY(fn_floor, std::floor(x))
XTDO_UNARY(fn_ceil, std::ceil(x))
XTDO_UNARY(fn_trunc, std::trunc(x))
XTDO_UNARY(fn_sign, x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0))
XTDO_UNARY(fn_logit, (x > 0 && x < 1) ? std::log(x / (1 - x)) : kMiss)
XTDO_UNARY(fn_invlogit, invlogit(x))
XTDO_UNARY(fn_cloglog, (x > 0 && x < 1) ? std::log(-std::log1p(-x)) : kMiss)
XTDO_UNARY(fn_invcloglog, -std::expm1(-std::exp(x)))
XTDO_UNARY(fn_lngamma, (x <= 0 && x == std::floor(x)) ? kMiss : std::lgamma(x))
XTDO_UNARY(fn_lnfactorial, (x < 0 || x != std::floor(x)) ? kMiss : std::lgamma(x + 1))
XTDO_UNARY(fn_ln1p, x > -1 ? std::log1p(x) : kMiss)
XTDO_UNARY(fn_ln1m, x < 1 ? std::log1p(-x) : kMiss)
XTDO_UNARY(fn_expm1, std::expm1(x))
XTDO_UNARY(fn_sin, std::sin(x))
XTDO_UNARY(fn_cos, std::cos(x))
XTDO_UNARY(fn_tan, std::tan(x))
XTDO_UNARY(fn_asin, std::asin(x))
XTDO_UNARY(fn_acos, std::acos(x))
XTDO_UNARY(fn_atan, std::atan(x))
XTDO_UNARY(fn_sinh, std::sinh(x))
XTDO_UNARY(fn_cosh, std::cosh(x))
XTDO_UNARY(fn_tanh, std::tanh(x))
XTDO_UNARY(fn_asinh, std::asinh(x))
XTDO_UNARY(fn_acosh, std::acosh(x))
XTDO_UNARY(fn_atanh, std::atanh(x))
#undef XTDO_UNARY

Vec fn_atan2(FnArgs& a) {
  return binary_math(a, [](double y, double x) { return std::atan2(y, x); });
}
Vec fn_comb(FnArgs& a) { return binary_math(a, comb); }
Vec fn_int(FnArgs& a) { return fn_trunc(a); }

/// The registry, built once from every family's table and sorted by name.
const std::vector<FnSpec>& registry() {
  static const std::vector<FnSpec> table = [] {
    std::vector<FnSpec> t;
    add_math_functions(t);
    add_stat_functions(t);
    add_string_functions(t);
    add_date_functions(t);
    std::sort(t.begin(), t.end(), [](const FnSpec& x, const FnSpec& y) { return x.name < y.name; });
    return t;
  }();
  return table;
}

}  // namespace

void add_math_functions(std::vector<FnSpec>& t) {
  t.insert(t.end(), {
                        {"abs", 1, 1, fn_abs},
                        {"exp", 1, 1, fn_exp},
                        {"ln", 1, 1, fn_ln},
                        {"log", 1, 1, fn_ln},
                        {"log10", 1, 1, fn_log10},
                        {"sqrt", 1, 1, fn_sqrt},
                        {"round", 1, 2, fn_round},
                        {"floor", 1, 1, fn_floor},
                        {"ceil", 1, 1, fn_ceil},
                        {"int", 1, 1, fn_int},
                        {"trunc", 1, 1, fn_trunc},
                        {"mod", 2, 2, fn_mod},
                        {"min", 1, -1, fn_extreme<false>},
                        {"max", 1, -1, fn_extreme<true>},
                        {"sum", 1, 1, fn_sum},
                        {"cond", 3, 4, fn_cond},
                        {"missing", 1, -1, fn_missing},
                        {"mi", 1, -1, fn_missing},
                        {"inlist", 2, -1, fn_inlist},
                        {"inrange", 3, 3, fn_inrange},
                        {"runiform", 0, 2, fn_runiform},
                        {"runiformint", 2, 2, fn_runiformint},
                        {"rnormal", 0, 2, fn_rnormal},
                        {"rexponential", 1, 1, fn_rexponential},
                        {"float", 1, 1, fn_float},
                        {"sign", 1, 1, fn_sign},
                        {"reldif", 2, 2, fn_reldif},
                        {"logit", 1, 1, fn_logit},
                        {"invlogit", 1, 1, fn_invlogit},
                        {"cloglog", 1, 1, fn_cloglog},
                        {"invcloglog", 1, 1, fn_invcloglog},
                        {"lngamma", 1, 1, fn_lngamma},
                        {"lnfactorial", 1, 1, fn_lnfactorial},
                        {"comb", 2, 2, fn_comb},
                        {"ln1p", 1, 1, fn_ln1p},
                        {"ln1m", 1, 1, fn_ln1m},
                        {"expm1", 1, 1, fn_expm1},
                        {"sin", 1, 1, fn_sin},
                        {"cos", 1, 1, fn_cos},
                        {"tan", 1, 1, fn_tan},
                        {"asin", 1, 1, fn_asin},
                        {"acos", 1, 1, fn_acos},
                        {"atan", 1, 1, fn_atan},
                        {"atan2", 2, 2, fn_atan2},
                        {"sinh", 1, 1, fn_sinh},
                        {"cosh", 1, 1, fn_cosh},
                        {"tanh", 1, 1, fn_tanh},
                        {"asinh", 1, 1, fn_asinh},
                        {"acosh", 1, 1, fn_acosh},
                        {"atanh", 1, 1, fn_atanh},
                    });
}

const FnSpec* find_function(std::string_view name) {
  const auto& t = registry();
  auto it = std::lower_bound(t.begin(), t.end(), name,
                             [](const FnSpec& s, std::string_view k) { return s.name < k; });
  return (it != t.end() && it->name == name) ? &*it : nullptr;
}

}  // namespace eval_detail

std::vector<std::string> function_names() {
  std::vector<std::string> out;
  // Functions the evaluator handles before the registry (their argument is a name).
  out = {"colsof", "el", "rowsof", "scalar"};
  for (const auto& spec : eval_detail::registry()) out.emplace_back(spec.name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace xtdo
