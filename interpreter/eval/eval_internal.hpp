// Private to eval/: the vector type expressions are computed in, broadcasting
// helpers, the function registry and the numeric special functions.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xtdo/error.hpp"
#include "xtdo/eval.hpp"
#include "xtdo/missing.hpp"

namespace xtdo::eval_detail {

inline constexpr double kMiss = missing::kSysmiss;

/// Missing (any of `.`, `.a`..`.z`, NaN, inf): one comparison, so loops vectorise.
inline bool miss(double v) { return !(std::fabs(v) < kMiss); }

/// A count or position from a double, truncated toward zero and clamped so that the
/// conversion is always defined (huge values just fall out of any range).
inline int64_t to_index(double v) {
  if (!(v == v)) return 0;
  if (v > 4e18) return INT64_C(4000000000000000000);
  if (v < -4e18) return -INT64_C(4000000000000000000);
  return static_cast<int64_t>(v);
}

/// The longest string an expression may build (Stata's strL limit is 2e9 bytes; a
/// smaller cap keeps a runaway "x"*1e12 from exhausting memory).
inline constexpr size_t kMaxStringBytes = 100'000'000;

/// A column under evaluation. Numeric or string; either a view into dataset
/// memory, an owned buffer, or one value broadcast over every row (`scalar`).
/// Views let `x + y` read the columns without copying them.
struct Vec {
  bool is_string = false;
  bool scalar = false;
  bool absent = false;  ///< an r()/e() result that does not exist: `.`, or "" beside a string
  const double* num_view = nullptr;
  std::vector<double> num;
  const std::string* str_view = nullptr;
  std::vector<std::string> str;

  const double* nums() const { return num_view ? num_view : num.data(); }
  const std::string* strs() const { return str_view ? str_view : str.data(); }
  /// Owns a full-length numeric buffer that an operation may overwrite in place.
  bool reusable(size_t n) const { return !is_string && !scalar && !num_view && num.size() == n; }

  static Vec number(double v) {
    Vec r;
    r.scalar = true;
    r.num.assign(1, v);
    return r;
  }
  static Vec text(std::string s) {
    Vec r;
    r.is_string = r.scalar = true;
    r.str.assign(1, std::move(s));
    return r;
  }
  static Vec numbers(std::vector<double> v) {
    Vec r;
    r.num = std::move(v);
    return r;
  }
  static Vec texts(std::vector<std::string> v) {
    Vec r;
    r.is_string = true;
    r.str = std::move(v);
    return r;
  }
  static Vec num_view_of(const double* p) {
    Vec r;
    r.num_view = p;
    return r;
  }
  static Vec str_view_of(const std::string* p) {
    Vec r;
    r.is_string = true;
    r.str_view = p;
    return r;
  }
};

/// Take `a`'s buffer for the result when it may be overwritten, else allocate.
inline std::vector<double> take_buffer(Vec& a, size_t n) {
  if (a.reusable(n)) return std::move(a.num);
  return std::vector<double>(n);
}

/// out[i] = f(a[i]) with broadcasting; writes in place when `a` owns its buffer.
template <class F>
Vec map1(Vec& a, size_t n, F f) {
  if (a.scalar) return Vec::number(f(a.nums()[0]));
  const double* pa = a.nums();
  std::vector<double> out = take_buffer(a, n);
  double* po = out.data();
  for (size_t i = 0; i < n; ++i) po[i] = f(pa[i]);
  return Vec::numbers(std::move(out));
}

/// out[i] = f(a[i], b[i]) with broadcasting (the four cases are separate loops so
/// each one vectorises).
template <class F>
Vec map2(Vec& a, Vec& b, size_t n, F f) {
  const double* pa = a.nums();
  const double* pb = b.nums();
  if (a.scalar && b.scalar) return Vec::number(f(pa[0], pb[0]));
  std::vector<double> out = a.reusable(n) ? take_buffer(a, n) : take_buffer(b, n);
  double* po = out.data();
  if (a.scalar) {
    const double va = pa[0];
    for (size_t i = 0; i < n; ++i) po[i] = f(va, pb[i]);
  } else if (b.scalar) {
    const double vb = pb[0];
    for (size_t i = 0; i < n; ++i) po[i] = f(pa[i], vb);
  } else {
    for (size_t i = 0; i < n; ++i) po[i] = f(pa[i], pb[i]);
  }
  return Vec::numbers(std::move(out));
}

/// Element i of a numeric Vec, broadcasting scalars (for the less hot paths).
inline double at(const Vec& v, size_t i) { return v.scalar ? v.nums()[0] : v.nums()[i]; }
inline const std::string& sat(const Vec& v, size_t i) {
  return v.scalar ? v.strs()[0] : v.strs()[i];
}

/// Where an evaluation runs: the context plus the resolved row range.
struct Frame {
  const EvalContext* ctx = nullptr;
  size_t n = 0;       ///< rows evaluated (1 in scalar mode)
  int64_t begin = 0;  ///< first dataset row evaluated
  bool scalar = false;
};

/// Arguments of one function call, evaluated.
struct FnArgs {
  std::vector<Vec>& v;
  const Frame& frame;
  const ast::Expr& node;

  size_t n() const { return frame.n; }
  size_t size() const { return v.size(); }
  int pos(size_t i) const { return i < node.args.size() ? node.args[i]->pos : node.pos; }
  /// Argument i, required numeric (else r(109) at the argument).
  Vec& num(size_t i) const;
  /// Argument i, required string (else r(109)).
  Vec& str(size_t i) const;
  /// True when every argument is a broadcast scalar (result is one too).
  bool all_scalar() const;
};

using FnImpl = Vec (*)(FnArgs&);

/// One entry of the function library: name, arity range, implementation.
struct FnSpec {
  std::string_view name;
  int min_args;
  int max_args;  ///< -1: any number
  FnImpl impl;
};

/// Each family of functions lists itself here (functions_*.cpp).
void add_math_functions(std::vector<FnSpec>& out);
void add_stat_functions(std::vector<FnSpec>& out);
void add_string_functions(std::vector<FnSpec>& out);
void add_date_functions(std::vector<FnSpec>& out);

/// Stata's real(): a number with optional surrounding blanks, `.`/`.a`.., else `.`.
double parse_real(const std::string& s);

/// The registry, sorted by name; nullptr if unknown.
const FnSpec* find_function(std::string_view name);

/// Broadcast a Vec to a full owned numeric / string vector of n elements.
std::vector<double> to_numbers(Vec v, size_t n);
std::vector<std::string> to_strings(Vec v, size_t n);

// --- Special functions (distributions.cpp); arguments already checked non-missing.
double normal_cdf(double z);
double inv_normal(double p);
double t_tail(double df, double t);
double inv_t_tail(double df, double p);
double t_density(double df, double t);
double chi2_lower(double df, double x);
double chi2_upper(double df, double x);
double inv_chi2_lower(double df, double p);
double inv_chi2_upper(double df, double p);
double chi2_density(double df, double x);
double f_lower(double df1, double df2, double f);
double f_upper(double df1, double df2, double f);
double inv_f_lower(double df1, double df2, double p);
double inv_f_upper(double df1, double df2, double p);
double f_density(double df1, double df2, double f);
double gamma_p(double a, double x);
double gamma_q(double a, double x);
double inv_gamma_p(double a, double p);
double inv_gamma_q(double a, double p);
double ibeta(double a, double b, double x);
double ibeta_tail(double a, double b, double x);
double inv_ibeta(double a, double b, double p);
double binomial_cdf(double n, double k, double p);
double binomial_tail(double n, double k, double p);

// --- Dates (format.cpp): Stata daily dates are days since 01jan1960.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d);

}  // namespace xtdo::eval_detail
