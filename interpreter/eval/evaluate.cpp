// The expression evaluator: each node of the tree computes a whole column over the
// row range at once (Stata [U] 13), with Stata's missing-value rules.
#include <algorithm>
#include <cctype>
#include <ctime>
#include <optional>

#include "eval_internal.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {
namespace {

using namespace eval_detail;

// --- Names -------------------------------------------------------------------

/// Exact name, then a unique abbreviation of a variable ([U] 11.2); -1 if none.
/// Throws 111 "x ambiguous abbreviation".
int find_variable(const Dataset& data, const std::string& name, int pos) {
  int exact = data.find(name);
  if (exact >= 0) return exact;
  int found = -1;
  const auto& cols = data.columns();
  for (size_t idx = 0; idx < cols.size(); ++idx) {
    const std::string& cname = cols[idx]->name;
    if (cname.size() > name.size() && cname.compare(0, name.size(), name) == 0) {
      if (found >= 0) throw XtdoError(111, name + " ambiguous abbreviation", pos);
      found = static_cast<int>(idx);
    }
  }
  return found;
}

/// Index of a row/column name (Matrix::row_index lives in the interpreter target,
/// which eval does not link).
int name_index(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

Vec from_lookup(const EvalEnv::Lookup& lk) {
  if (lk.is_string) return Vec::text(lk.str);
  return Vec::number(lk.found ? lk.num : kMiss);
}

/// One time-series operator step parsed from a name such as `L2D.y`.
struct TsStep {
  char op;
  int order;
};

/// Split `L2D.y` / `l.x` / `L.D.x` into its operators and the variable name;
/// false if the name carries no operator.
bool split_ts_name(const std::string& text, std::vector<TsStep>& steps, std::string& var) {
  size_t dot = text.rfind('.');
  if (dot == std::string::npos || dot == 0) return false;
  var = text.substr(dot + 1);
  size_t i = 0;
  while (i < dot) {
    if (text[i] == '.') {
      ++i;
      continue;
    }
    char op = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    if (op != 'L' && op != 'F' && op != 'D' && op != 'S') return false;
    ++i;
    int order = 0;
    bool digits = false;
    while (i < dot && std::isdigit(static_cast<unsigned char>(text[i]))) {
      order = std::min(order * 10 + (text[i] - '0'), 10'000'000);
      digits = true;
      ++i;
    }
    if (!digits) order = 1;
    steps.push_back({op, order});
  }
  return !steps.empty() && !var.empty();
}

/// The whole column (all nobs rows) of a time-series-operated variable.
std::vector<double> ts_column(const Dataset& data, const std::vector<TsStep>& steps,
                              const Column& col, int pos) {
  if (col.is_string()) throw XtdoError(109, "type mismatch", pos);
  std::optional<TsIndex> built;
  try {
    built.emplace(data);
  } catch (XtdoError& e) {
    if (e.pos() < 0) e.set_pos(pos);
    throw;
  }
  const TsIndex& index = *built;
  std::vector<double> v = col.num;
  auto difference = [](std::vector<double>& cur, const std::vector<double>& lag) {
    for (size_t i = 0; i < cur.size(); ++i) {
      double r = cur[i] - lag[i];
      cur[i] = (miss(cur[i]) | miss(lag[i]) | miss(r)) ? kMiss : r;
    }
  };
  // The operators are linear shifts, so they commute; apply them in written order.
  for (const TsStep& step : steps) {
    switch (step.op) {
      case 'L':
        v = index.shifted(v, -step.order);
        break;
      case 'F':
        v = index.shifted(v, step.order);
        break;
      case 'D':
        // Each difference is a pass over the data; no real use goes beyond a few.
        if (step.order > 1000) throw XtdoError(198, "time-series operator order too large", pos);
        for (int k = 0; k < step.order; ++k) difference(v, index.shifted(v, -1));
        break;
      case 'S':
        if (step.order > 0) difference(v, index.shifted(v, -step.order));
        break;
    }
  }
  return v;  // a lagged `.a` stays `.a`, as in Stata
}

/// One row of a time-series-operated variable, through an index built once: the
/// operators are linear shifts, so each is applied to the value function of the rest.
/// `D` and `S` difference two such values (missing if either is).
double ts_value(const TsIndex& index, const std::vector<TsStep>& steps, size_t j,
                const std::vector<double>& x, int64_t row) {
  if (row < 0) return kMiss;
  if (j == 0) return x[static_cast<size_t>(row)];
  const TsStep& step = steps[j - 1];
  auto diff = [&](int lag, size_t rest, int64_t r) {
    double a = ts_value(index, steps, rest, x, r);
    double b = ts_value(index, steps, rest, x, index.shift(r, -lag));
    double d = a - b;
    return (miss(a) | miss(b) | miss(d)) ? kMiss : d;
  };
  switch (step.op) {
    case 'L':
      return ts_value(index, steps, j - 1, x, index.shift(row, -step.order));
    case 'F':
      return ts_value(index, steps, j - 1, x, index.shift(row, step.order));
    case 'S':
      return step.order > 0 ? diff(step.order, j - 1, row) : ts_value(index, steps, j - 1, x, row);
    default: {  // 'D': D^k = D(D^(k-1)), as ts_column applies it
      if (step.order == 0) return ts_value(index, steps, j - 1, x, row);
      std::vector<TsStep> fewer(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(j));
      fewer[j - 1].order -= 1;
      double a = ts_value(index, fewer, j, x, row);
      double b = ts_value(index, fewer, j, x, index.shift(row, -1));
      double d = a - b;
      return (miss(a) | miss(b) | miss(d)) ? kMiss : d;
    }
  }
}

// --- c() values that need no session -------------------------------------------

bool constant_c(const std::string& name, Vec& out) {
  static const char* kMons = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec";
  if (name == "pi")
    out = Vec::number(3.14159265358979323846);
  else if (name == "maxdouble")
    out = Vec::number(8.9884656743115785e+307);
  else if (name == "mindouble")
    out = Vec::number(-8.9884656743115785e+307);
  else if (name == "epsdouble")
    out = Vec::number(2.220446049250313e-16);
  else if (name == "smallestdouble")
    out = Vec::number(2.2250738585072014e-308);
  else if (name == "maxfloat")
    out = Vec::number(1.70141173319e+38);
  else if (name == "epsfloat")
    out = Vec::number(1.1920928955078125e-07);
  else if (name == "maxlong")
    out = Vec::number(2147483620);
  else if (name == "minlong")
    out = Vec::number(-2147483647);
  else if (name == "maxint")
    out = Vec::number(32740);
  else if (name == "minint")
    out = Vec::number(-32767);
  else if (name == "maxbyte")
    out = Vec::number(100);
  else if (name == "minbyte")
    out = Vec::number(-127);
  else if (name == "alpha")
    out = Vec::text("a b c d e f g h i j k l m n o p q r s t u v w x y z");
  else if (name == "ALPHA")
    out = Vec::text("A B C D E F G H I J K L M N O P Q R S T U V W X Y Z");
  else if (name == "Mons")
    out = Vec::text(kMons);
  else if (name == "Months")
    out = Vec::text(
        "January February March April May June July August September October "
        "November December");
  else if (name == "Wdays")
    out = Vec::text("Sun Mon Tue Wed Thu Fri Sat");
  else if (name == "Weekdays")
    out = Vec::text("Sunday Monday Tuesday Wednesday Thursday Friday Saturday");
  else if (name == "current_date" || name == "current_time") {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[32];
    if (name == "current_date") {
      std::string mons(kMons);
      std::snprintf(buf, sizeof buf, "%2d %s %d", tm.tm_mday, mons.substr(tm.tm_mon * 4, 3).c_str(),
                    tm.tm_year + 1900);
    } else {
      std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    out = Vec::text(buf);
  } else {
    return false;
  }
  return true;
}

// --- The evaluator -------------------------------------------------------------

class Evaluator {
 public:
  explicit Evaluator(const Frame& frame) : f_(frame), ctx_(*frame.ctx) {}

  Vec eval(const ast::Expr& e) {
    switch (e.kind) {
      case ast::ExprKind::Number:
        return Vec::number(e.number);
      case ast::ExprKind::String:
        return Vec::text(e.text);
      case ast::ExprKind::Name:
        return name(e);
      case ast::ExprKind::Call:
        return call(e);
      case ast::ExprKind::Unary:
        return unary(e);
      case ast::ExprKind::Binary:
        return binary(e);
      case ast::ExprKind::Subscript:
        return subscript(e);
      case ast::ExprKind::Result:
        return result(e);
      case ast::ExprKind::Coef: {
        if (!ctx_.env) throw XtdoError(111, e.text + "[" + e.name + "] not found", e.pos);
        try {
          return Vec::number(missing::clean(ctx_.env->coef(e.text, e.name)));
        } catch (XtdoError& err) {
          if (err.pos() < 0) err.set_pos(e.pos);
          throw;
        }
      }
    }
    throw XtdoError(198, "invalid expression", e.pos);
  }

 private:
  const Frame& f_;
  const EvalContext& ctx_;

  size_t nobs() const { return ctx_.data ? ctx_.data->nobs() : 0; }

  /// A dataset column over the frame: a view, or observation 1 in scalar mode.
  Vec column(const Column& col) {
    if (f_.scalar) {
      if (col.is_string()) return Vec::text(nobs() ? col.str[0] : std::string());
      return Vec::number(nobs() ? col.num[0] : kMiss);
    }
    if (col.is_string()) return Vec::str_view_of(col.str.data() + f_.begin);
    return Vec::num_view_of(col.num.data() + f_.begin);
  }

  /// _n: 1-based row, within the by-group when there is one.
  Vec row_numbers() {
    if (f_.scalar) return Vec::number(1);
    std::vector<double> out(f_.n);
    for (size_t i = 0; i < f_.n; ++i) {
      int64_t row = f_.begin + static_cast<int64_t>(i);
      out[i] = static_cast<double>(ctx_.by ? row - ctx_.by->start[row] + 1 : row + 1);
    }
    return Vec::numbers(std::move(out));
  }

  Vec group_sizes() {
    if (f_.scalar || !ctx_.by) return Vec::number(static_cast<double>(nobs()));
    std::vector<double> out(f_.n);
    for (size_t i = 0; i < f_.n; ++i) out[i] = static_cast<double>(ctx_.by->size[f_.begin + i]);
    return Vec::numbers(std::move(out));
  }

  Vec name(const ast::Expr& e) {
    const std::string& nm = e.text;
    const Dataset* data = ctx_.data;
    if (data) {
      int idx = data->find(nm);
      if (idx >= 0) return column(data->col(idx));
    }
    if (nm == "_n") return row_numbers();
    if (nm == "_N") return group_sizes();
    if (nm == "_pi") return Vec::number(3.14159265358979323846);
    if (ctx_.env) {
      if (auto s = ctx_.env->scalar(nm)) return from_lookup(*s);
    }
    if (data) {
      std::vector<TsStep> steps;
      std::string var;
      if (split_ts_name(nm, steps, var)) {
        int idx = find_variable(*data, var, e.pos);
        if (idx < 0) throw XtdoError(111, "variable " + var + " not found", e.pos);
        int total_order = 0;
        for (const TsStep& st : steps) total_order += st.op == 'D' ? st.order : 0;
        if (ctx_.ts_index && !f_.scalar && total_order <= 8 && !data->col(idx).is_string()) {
          // Rows read one at a time (replace's sequential path): no whole column.
          const std::vector<double>& x = data->col(idx).num;
          std::vector<double> out(f_.n);
          for (size_t i = 0; i < f_.n; ++i)
            out[i] = ts_value(*ctx_.ts_index, steps, steps.size(), x,
                              static_cast<int64_t>(f_.begin + i));
          return Vec::numbers(std::move(out));
        }
        std::vector<double> full = ts_column(*data, steps, data->col(idx), e.pos);
        if (f_.scalar) return Vec::number(full.empty() ? kMiss : full[0]);
        std::vector<double> out(full.begin() + f_.begin, full.begin() + f_.begin + f_.n);
        return Vec::numbers(std::move(out));
      }
      int idx = find_variable(*data, nm, e.pos);
      if (idx >= 0) return column(data->col(idx));
    }
    throw XtdoError(111, "variable " + nm + " not found", e.pos);
  }

  /// The full column (all rows) a subscripted name refers to, for `x[exp]`.
  struct FullColumn {
    const double* num = nullptr;
    const std::string* str = nullptr;
    std::vector<double> owned;
    bool is_string = false;
  };

  FullColumn full_column(const ast::Expr& e) {
    FullColumn fc;
    const Dataset* data = ctx_.data;
    if (!data) throw XtdoError(111, "variable " + e.text + " not found", e.pos);
    int idx = find_variable(*data, e.text, e.pos);
    if (idx >= 0) {
      const Column& col = data->col(idx);
      fc.is_string = col.is_string();
      if (fc.is_string)
        fc.str = col.str.data();
      else
        fc.num = col.num.data();
      return fc;
    }
    std::vector<TsStep> steps;
    std::string var;
    if (split_ts_name(e.text, steps, var)) {
      int vidx = find_variable(*data, var, e.pos);
      if (vidx >= 0) {
        fc.owned = ts_column(*data, steps, data->col(vidx), e.pos);
        fc.num = fc.owned.data();
        return fc;
      }
    }
    throw XtdoError(111, "variable " + e.text + " not found", e.pos);
  }

  Vec subscript(const ast::Expr& e) {
    if (e.args.size() == 2) return matrix_element(e);
    if (e.args.size() != 1) throw XtdoError(198, "invalid syntax", e.pos);
    FullColumn fc = full_column(e);
    Vec index = eval(*e.args[0]);
    if (index.is_string) throw XtdoError(109, "type mismatch", e.args[0]->pos);
    const int64_t total = static_cast<int64_t>(nobs());
    const ByGroups* by = f_.scalar ? nullptr : ctx_.by;
    // Row of the k-th observation (1-based), within the by-group if any; -1 outside.
    auto target = [&](size_t i, double k) -> int64_t {
      if (miss(k)) return -1;
      int64_t kk = to_index(k);
      if (by) {
        int64_t row = f_.begin + static_cast<int64_t>(i);
        if (kk < 1 || kk > by->size[row]) return -1;
        return by->start[row] + kk - 1;
      }
      return (kk < 1 || kk > total) ? -1 : kk - 1;
    };
    const bool one = f_.scalar || (index.scalar && !by);
    const size_t n = one ? 1 : f_.n;
    if (fc.is_string) {
      std::vector<std::string> out(n);
      for (size_t i = 0; i < n; ++i) {
        int64_t r = target(i, at(index, i));
        if (r >= 0) out[i] = fc.str[r];
      }
      if (one) return Vec::text(std::move(out[0]));
      return Vec::texts(std::move(out));
    }
    std::vector<double> out(n);
    for (size_t i = 0; i < n; ++i) {
      int64_t r = target(i, at(index, i));
      out[i] = r >= 0 ? fc.num[r] : kMiss;
    }
    if (one) return Vec::number(out[0]);
    return Vec::numbers(std::move(out));
  }

  /// `M[i,j]`: an element of a named matrix; indices may be numbers or row/column names.
  Vec matrix_element(const ast::Expr& e) {
    const Matrix* m = ctx_.env ? ctx_.env->matrix(e.text) : nullptr;
    if (!m) throw XtdoError(111, "matrix " + e.text + " not found", e.pos);
    Vec ri = eval(*e.args[0]);
    Vec ci = eval(*e.args[1]);
    const size_t n = (ri.scalar && ci.scalar) ? 1 : f_.n;
    std::vector<double> out(n);
    for (size_t i = 0; i < n; ++i) {
      int r = ri.is_string
                  ? name_index(m->rownames, sat(ri, i))
                  : static_cast<int>(std::clamp<int64_t>(to_index(at(ri, i)), -1, INT32_MAX)) - 1;
      int c = ci.is_string
                  ? name_index(m->colnames, sat(ci, i))
                  : static_cast<int>(std::clamp<int64_t>(to_index(at(ci, i)), -1, INT32_MAX)) - 1;
      if ((!ri.is_string && miss(at(ri, i))) || (!ci.is_string && miss(at(ci, i))) || r < 0 ||
          c < 0 || r >= m->rows || c >= m->cols)
        throw XtdoError(503, "conformability error", e.pos);
      out[i] = m->at(r, c);
    }
    if (n == 1) return Vec::number(out[0]);
    return Vec::numbers(std::move(out));
  }

  /// e(sample) over the frame; 0 where no estimation sample matches the data.
  Vec sample_flags() {
    const std::vector<uint8_t>* sample = ctx_.env ? ctx_.env->e_sample() : nullptr;
    if (!sample || sample->size() != nobs()) return Vec::number(0);
    if (f_.scalar) return Vec::number(sample->empty() ? 0 : (*sample)[0]);
    std::vector<double> out(f_.n);
    for (size_t i = 0; i < f_.n; ++i) out[i] = (*sample)[f_.begin + i] ? 1.0 : 0.0;
    return Vec::numbers(std::move(out));
  }

  Vec result(const ast::Expr& e) {
    const char cls = e.text.empty() ? 'r' : e.text[0];
    if (cls == 'e' && e.name == "sample") return sample_flags();
    if (cls == 'c') {
      if (e.name == "N") return Vec::number(static_cast<double>(nobs()));
      if (e.name == "k")
        return Vec::number(ctx_.data ? static_cast<double>(ctx_.data->nvars()) : 0);
    }
    if (ctx_.env) {
      EvalEnv::Lookup lk = ctx_.env->result(cls, e.name);
      if (lk.found) return from_lookup(lk);
    }
    Vec out;
    if (cls == 'c' && constant_c(e.name, out)) return out;
    out = Vec::number(kMiss);
    out.absent = true;
    return out;
  }

  Vec call(const ast::Expr& e) {
    // Functions whose argument is a name, not a value.
    if (e.text == "scalar" && e.args.size() == 1 && e.args[0]->kind == ast::ExprKind::Name) {
      if (ctx_.env)
        if (auto s = ctx_.env->scalar(e.args[0]->text)) return from_lookup(*s);
      throw XtdoError(111, "scalar " + e.args[0]->text + " not found", e.args[0]->pos);
    }
    if ((e.text == "rowsof" || e.text == "colsof") && e.args.size() == 1 &&
        e.args[0]->kind == ast::ExprKind::Name) {
      const Matrix* m = ctx_.env ? ctx_.env->matrix(e.args[0]->text) : nullptr;
      if (!m) throw XtdoError(111, "matrix " + e.args[0]->text + " not found", e.args[0]->pos);
      return Vec::number(e.text == "rowsof" ? m->rows : m->cols);
    }
    if (e.text == "el" && e.args.size() == 3 && e.args[0]->kind == ast::ExprKind::Name) {
      ast::Expr sub;
      sub.kind = ast::ExprKind::Subscript;
      sub.text = e.args[0]->text;
      sub.args = {e.args[1], e.args[2]};
      sub.pos = e.pos;
      return matrix_element(sub);
    }
    const FnSpec* spec = find_function(e.text);
    if (!spec) throw XtdoError(133, "unknown function " + e.text + "()", e.pos);
    const int nargs = static_cast<int>(e.args.size());
    if (nargs < spec->min_args || (spec->max_args >= 0 && nargs > spec->max_args))
      throw XtdoError(198, "invalid syntax: wrong number of arguments to " + e.text + "()", e.pos);
    std::vector<Vec> args;
    args.reserve(e.args.size());
    for (const auto& a : e.args) args.push_back(eval(*a));
    FnArgs fa{args, f_, e};
    return spec->impl(fa);
  }

  Vec unary(const ast::Expr& e) {
    Vec a = eval(*e.args.at(0));
    if (a.is_string) throw XtdoError(109, "type mismatch", e.pos);
    if (e.text == "-") return map1(a, f_.n, [](double x) { return miss(x) ? kMiss : -x; });
    if (e.text == "!") return map1(a, f_.n, [](double x) { return x == 0 ? 1.0 : 0.0; });
    if (e.text == "+") return a;
    throw XtdoError(198, "invalid operator " + e.text, e.pos);
  }

  Vec binary(const ast::Expr& e) {
    Vec a = eval(*e.args.at(0));
    Vec b = eval(*e.args.at(1));
    // An absent r()/e() value beside a string is the empty string, as a macro would be.
    if (a.is_string && !b.is_string && b.absent) b = Vec::text("");
    if (b.is_string && !a.is_string && a.absent) a = Vec::text("");
    const std::string& op = e.text;
    if (a.is_string || b.is_string) return string_binary(e, a, b);
    const size_t n = f_.n;
    // Arithmetic: any missing operand, or an undefined/overflowing result, gives `.`.
    if (op == "+")
      return map2(a, b, n, [](double x, double y) {
        double r = x + y;
        return (miss(x) | miss(y) | miss(r)) ? kMiss : r;
      });
    if (op == "-")
      return map2(a, b, n, [](double x, double y) {
        double r = x - y;
        return (miss(x) | miss(y) | miss(r)) ? kMiss : r;
      });
    if (op == "*")
      return map2(a, b, n, [](double x, double y) {
        double r = x * y;
        return (miss(x) | miss(y) | miss(r)) ? kMiss : r;
      });
    if (op == "/")
      return map2(a, b, n, [](double x, double y) {
        double r = x / y;
        return (miss(x) | miss(y) | miss(r)) ? kMiss : r;
      });
    if (op == "^") {
      if (b.scalar && b.nums()[0] == 2.0)
        return map1(a, n, [](double x) {
          double r = x * x;
          return (miss(x) | miss(r)) ? kMiss : r;
        });
      // pow gives 0^0 = 1 and NaN for a negative base with a non-integer power.
      return map2(a, b, n, [](double x, double y) {
        if (miss(x) || miss(y)) return kMiss;
        return missing::clean(std::pow(x, y));
      });
    }
    // Comparisons are on the raw doubles: missing values sort above all numbers.
    if (op == "<") return map2(a, b, n, [](double x, double y) { return x < y ? 1.0 : 0.0; });
    if (op == "<=") return map2(a, b, n, [](double x, double y) { return x <= y ? 1.0 : 0.0; });
    if (op == ">") return map2(a, b, n, [](double x, double y) { return x > y ? 1.0 : 0.0; });
    if (op == ">=") return map2(a, b, n, [](double x, double y) { return x >= y ? 1.0 : 0.0; });
    if (op == "==") return map2(a, b, n, [](double x, double y) { return x == y ? 1.0 : 0.0; });
    if (op == "!=" || op == "~=")
      return map2(a, b, n, [](double x, double y) { return x != y ? 1.0 : 0.0; });
    // Logical: any nonzero value, missing included, is true ([U] 13.2.4).
    if (op == "&")
      return map2(a, b, n, [](double x, double y) { return (x != 0) & (y != 0) ? 1.0 : 0.0; });
    if (op == "|")
      return map2(a, b, n, [](double x, double y) { return (x != 0) | (y != 0) ? 1.0 : 0.0; });
    throw XtdoError(198, "invalid operator " + op, e.pos);
  }

  Vec string_binary(const ast::Expr& e, Vec& a, Vec& b) {
    const std::string& op = e.text;
    const size_t n = (a.scalar && b.scalar) ? 1 : f_.n;
    const bool one = a.scalar && b.scalar;
    // "ab"*3 and 3*"ab" repeat the string ([U] 13.2.2).
    if (op == "*" && a.is_string != b.is_string) {
      const Vec& s = a.is_string ? a : b;
      const Vec& k = a.is_string ? b : a;
      std::vector<std::string> out(n);
      for (size_t i = 0; i < n; ++i) {
        double times = at(k, i);
        if (miss(times) || times < 1) continue;
        const std::string& piece = sat(s, i);
        if (static_cast<double>(piece.size()) * times > static_cast<double>(kMaxStringBytes))
          throw XtdoError(920, "string too long", e.pos);
        for (int64_t r = 0; r < to_index(times); ++r) out[i] += piece;
      }
      if (one) return Vec::text(std::move(out[0]));
      return Vec::texts(std::move(out));
    }
    if (!a.is_string || !b.is_string) throw XtdoError(109, "type mismatch", e.pos);
    if (op == "+") {
      std::vector<std::string> out(n);
      for (size_t i = 0; i < n; ++i) {
        const std::string& x = sat(a, i);
        const std::string& y = sat(b, i);
        out[i].reserve(x.size() + y.size());
        out[i] = x;
        out[i] += y;
      }
      if (one) return Vec::text(std::move(out[0]));
      return Vec::texts(std::move(out));
    }
    int kind;
    if (op == "<")
      kind = 0;
    else if (op == "<=")
      kind = 1;
    else if (op == ">")
      kind = 2;
    else if (op == ">=")
      kind = 3;
    else if (op == "==")
      kind = 4;
    else if (op == "!=" || op == "~=")
      kind = 5;
    else
      throw XtdoError(109, "type mismatch", e.pos);
    std::vector<double> out(n);
    for (size_t i = 0; i < n; ++i) {
      // std::string compares bytes as unsigned char: Stata's byte order.
      int c = sat(a, i).compare(sat(b, i));
      bool r = false;
      switch (kind) {
        case 0:
          r = c < 0;
          break;
        case 1:
          r = c <= 0;
          break;
        case 2:
          r = c > 0;
          break;
        case 3:
          r = c >= 0;
          break;
        case 4:
          r = c == 0;
          break;
        case 5:
          r = c != 0;
          break;
      }
      out[i] = r ? 1.0 : 0.0;
    }
    if (one) return Vec::number(out[0]);
    return Vec::numbers(std::move(out));
  }
};

bool mentions(const std::string& written, const std::string& var) {
  // `written` may abbreviate `var`; be conservative and treat a prefix as a match.
  return !written.empty() && var.compare(0, written.size(), written) == 0;
}

}  // namespace

namespace eval_detail {

std::vector<double> to_numbers(Vec v, size_t n) {
  if (v.scalar) return std::vector<double>(n, v.num.empty() ? kMiss : v.num[0]);
  if (v.num_view) return std::vector<double>(v.num_view, v.num_view + n);
  return std::move(v.num);
}

std::vector<std::string> to_strings(Vec v, size_t n) {
  if (v.scalar) return std::vector<std::string>(n, v.str.empty() ? std::string() : v.str[0]);
  if (v.str_view) return std::vector<std::string>(v.str_view, v.str_view + n);
  return std::move(v.str);
}

}  // namespace eval_detail

Value evaluate(const ast::Expr& expr, const EvalContext& ctx) {
  Frame frame;
  frame.ctx = &ctx;
  frame.scalar = ctx.scalar_mode;
  if (ctx.scalar_mode) {
    frame.n = 1;
    frame.begin = 0;
  } else {
    const int64_t total = ctx.data ? static_cast<int64_t>(ctx.data->nobs()) : 0;
    int64_t end = ctx.row_end < 0 ? total : std::min(ctx.row_end, total);
    if (ctx.by && static_cast<int64_t>(ctx.by->start.size()) != total)
      throw XtdoError(198, "by-groups were built for a different dataset");
    frame.begin = std::clamp<int64_t>(ctx.row_begin, 0, total);
    frame.n = static_cast<size_t>(std::max<int64_t>(0, end - frame.begin));
  }
  Evaluator ev(frame);
  Vec v = ev.eval(expr);
  Value out;
  out.is_string = v.is_string;
  if (v.is_string)
    out.str = to_strings(std::move(v), frame.n);
  else
    out.num = to_numbers(std::move(v), frame.n);
  return out;
}

Value evaluate_scalar(const ast::Expr& expr, const Dataset* data, EvalEnv& env) {
  EvalContext ctx;
  ctx.data = data;
  ctx.env = &env;
  ctx.scalar_mode = true;
  return evaluate(expr, ctx);
}

bool reads_other_rows(const ast::Expr& expr, const std::string& var) {
  if (expr.kind == ast::ExprKind::Subscript && expr.args.size() == 1) {
    const ast::Expr& idx = *expr.args[0];
    bool same_row = idx.kind == ast::ExprKind::Name && idx.text == "_n";
    std::string base = expr.text;
    size_t dot = base.rfind('.');
    if (dot != std::string::npos) base = base.substr(dot + 1);
    if (!same_row && mentions(base, var)) return true;
  }
  if (expr.kind == ast::ExprKind::Name) {
    // A time-series operator (`L.x`, `D.x`) reads other observations of x.
    size_t dot = expr.text.rfind('.');
    if (dot != std::string::npos && dot > 0 && mentions(expr.text.substr(dot + 1), var))
      return true;
  }
  for (const auto& a : expr.args)
    if (a && reads_other_rows(*a, var)) return true;
  return false;
}

}  // namespace xtdo
