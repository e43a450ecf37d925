// summarize: observations, mean, standard deviation, extremes and (detail) percentiles,
// skewness and kurtosis of each variable ([R] summarize), with Stata's tables and r().
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
namespace {

using inspect::pad_left;
using inspect::pad_right;

/// Everything summarize computes for one variable.
struct Summary {
  double N = 0;      ///< observations (sum of weights with fweights)
  double sum_w = 0;  ///< sum of the weights (N unweighted)
  double mean = missing::kSysmiss, var = missing::kSysmiss, sd = missing::kSysmiss;
  double min = missing::kSysmiss, max = missing::kSysmiss, sum = 0;
  double skewness = missing::kSysmiss, kurtosis = missing::kSysmiss;
  double pct[9] = {};
  double smallest[4] = {}, largest[4] = {};
  bool is_string = false;
};

constexpr int kPcts[9] = {1, 5, 10, 25, 50, 75, 90, 95, 99};

/// Stata's summarize percentile ([R] summarize, Methods and formulas): with W_i the
/// cumulative weight of the i smallest values and P = W p/100, x_p is the average of
/// x_(i) and x_(i+1) when W_(i) = P exactly, else x_(i+1) for W_(i) < P < W_(i+1).
double percentile(const std::vector<double>& x, const std::vector<double>& w, double W, int p) {
  size_t n = x.size();
  if (w.empty()) {
    // Unweighted: W_i = i, and n*p/100 is an integer exactly when n*p is a multiple of 100.
    uint64_t np = static_cast<uint64_t>(n) * static_cast<uint64_t>(p);
    size_t i = static_cast<size_t>(np / 100);
    if (np % 100 == 0) return i >= n ? x[n - 1] : (x[i - 1] + x[i]) / 2;
    return x[std::min(i, n - 1)];
  }
  double P = W * p / 100.0;
  double cum = 0;
  for (size_t i = 0; i < n; ++i) {
    double before = cum;
    cum += w[i];
    if (cum > P) return (i > 0 && before == P) ? (x[i - 1] + x[i]) / 2 : x[i];
  }
  return x[n - 1];
}

Summary summarize_values(std::vector<double> x, std::vector<double> w, const std::string& wtype,
                         bool detail, bool meanonly) {
  Summary s;
  if (x.empty()) return s;
  bool weighted = !w.empty();
  // aweights are rescaled to sum to the number of observations ([R] summarize).
  double raw_w = 0;
  for (double v : w) raw_w += v;
  std::vector<double> wn = w;
  if (wtype == "aweight")
    for (double& v : wn) v *= static_cast<double>(x.size()) / raw_w;
  inspect::Moments m = inspect::moments(x, wn, detail);
  s.N = wtype == "fweight" ? raw_w : static_cast<double>(x.size());
  s.sum_w = weighted ? raw_w : static_cast<double>(x.size());
  s.mean = m.mean;
  s.min = m.min;
  s.max = m.max;
  s.sum = s.mean * s.sum_w;
  if (!weighted) {
    double sum = 0, c = 0;
    for (double v : x) {
      double t = sum + v;
      c += std::fabs(sum) >= std::fabs(v) ? (sum - t) + v : (v - t) + sum;
      sum = t;
    }
    s.sum = sum + c;
  }
  if (meanonly) return s;
  // Variance with the W - 1 divisor, W the (normalised) sum of weights.
  double W = m.sum_w;
  s.var = W > 1 ? m.ss / (W - 1) : missing::kSysmiss;
  s.sd = missing::is_missing(s.var) ? missing::kSysmiss : std::sqrt(s.var);
  if (!detail) return s;
  if (m.m2 > 0) {
    s.skewness = m.m3 / std::pow(m.m2, 1.5);
    s.kurtosis = m.m4 / (m.m2 * m.m2);
  }
  // Sort values (with their weights) for percentiles and the extremes.
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> xs(x.size()), ws;
  for (size_t i = 0; i < order.size(); ++i) xs[i] = x[order[i]];
  if (weighted) {
    ws.resize(x.size());
    for (size_t i = 0; i < order.size(); ++i) ws[i] = w[order[i]];
  }
  for (int k = 0; k < 9; ++k) s.pct[k] = percentile(xs, ws, raw_w, kPcts[k]);
  size_t n = xs.size();
  for (size_t k = 0; k < 4; ++k) {
    s.smallest[k] = k < n ? xs[k] : missing::kSysmiss;
    // largest[3] is the maximum; missing fill the top when n < 4.
    s.largest[k] = (3 - k) < n ? xs[n - 1 - (3 - k)] : missing::kSysmiss;
  }
  return s;
}

std::string g9(double v) { return format_number(v, "%9.0g"); }

/// A statistic in a column of `width`, with the variable's own format (format option)
/// or %9.0g.
std::string stat_field(double v, size_t width, const std::string& fmt) {
  std::string text = fmt.empty() ? g9(v) : inspect::fmt_trim(v, fmt);
  return pad_left(inspect::ltrim(text), width);
}

void table_header(Console& out, bool weight_col) {
  out.println();
  if (weight_col) {
    out.println("    Variable |     Obs      Weight        Mean   Std. dev.       Min        Max");
    out.println(std::string(13, '-') + "+" + std::string(65, '-'));
  } else {
    out.println("    Variable |        Obs        Mean    Std. dev.       Min        Max");
    out.println(std::string(13, '-') + "+" + std::string(57, '-'));
  }
}

void table_row(Console& out, const std::string& name, const Summary& s, bool weight_col,
               const std::string& fmt) {
  std::string line = pad_left(name, 12) + " |";
  if (s.N == 0 && s.sum_w == 0) {
    line += weight_col ? inspect::count_field(0, 8) : inspect::count_field(0, 11);
    out.println(line);
    return;
  }
  if (weight_col) {
    line += inspect::count_field(s.N, 8);
    line += "  " + format_number(s.sum_w, "%10.0g");
    line += stat_field(s.mean, 12, fmt);
    line += stat_field(s.sd, 11, fmt);
  } else {
    line += inspect::count_field(s.N, 11);
    line += stat_field(s.mean, 12, fmt);
    line += stat_field(s.sd, 12, fmt);
  }
  line += stat_field(s.min, 11, fmt);
  line += stat_field(s.max, 11, fmt);
  out.println(line);
}

/// Split a long title into lines of at most `width` characters at blanks.
std::vector<std::string> wrap_words(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::string cur;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t e = text.find(' ', pos);
    std::string word = text.substr(pos, e == std::string::npos ? std::string::npos : e - pos);
    pos = e == std::string::npos ? text.size() : e + 1;
    if (!cur.empty() && cur.size() + 1 + word.size() > width) {
      lines.push_back(cur);
      cur.clear();
    }
    cur += (cur.empty() ? "" : " ") + word;
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

void detail_block(Console& out, const std::string& title, const Summary& s) {
  out.println();
  // The title is centred over the 61-column rule.
  for (const auto& line : wrap_words(title, 50))
    out.println(std::string(line.size() < 61 ? (61 - line.size()) / 2 : 0, ' ') + line);
  out.println(std::string(61, '-'));
  if (s.N == 0 && s.sum_w == 0) {
    out.println("no observations");
    return;
  }
  auto pct_part = [&](int k) {
    return pad_left(fmt::format("{}%", kPcts[k]), 3) + "    " + g9(s.pct[k]);
  };
  auto right = [](const std::string& label, const std::string& value) {
    return "       " + pad_right(label, 12) + pad_left(value, 11);
  };
  std::string sum_w = (s.sum_w == std::floor(s.sum_w) && std::fabs(s.sum_w) < 1e15)
                          ? inspect::commas(s.sum_w) : inspect::ltrim(g9(s.sum_w));
  out.println("      Percentiles      Smallest");
  out.println(pct_part(0) + "      " + g9(s.smallest[0]));
  out.println(pct_part(1) + "      " + g9(s.smallest[1]));
  out.println(pct_part(2) + "      " + g9(s.smallest[2]) + right("Obs", inspect::commas(s.N)));
  out.println(pct_part(3) + "      " + g9(s.smallest[3]) + right("Sum of wgt.", sum_w));
  out.println();
  out.println(pct_part(4) + std::string(15, ' ') + right("Mean", g9(s.mean)));
  out.println(std::string(24, ' ') + "Largest" + right("Std. dev.", g9(s.sd)));
  out.println(pct_part(5) + "      " + g9(s.largest[0]));
  out.println(pct_part(6) + "      " + g9(s.largest[1]) + right("Variance", g9(s.var)));
  out.println(pct_part(7) + "      " + g9(s.largest[2]) + right("Skewness", g9(s.skewness)));
  out.println(pct_part(8) + "      " + g9(s.largest[3]) + right("Kurtosis", g9(s.kurtosis)));
}

void post(ResultSet& r, const Summary& s, bool detail, bool meanonly) {
  r.clear();
  r.set_scalar("N", s.N);
  r.set_scalar("sum_w", s.sum_w);
  if (s.N == 0 && s.sum_w == 0) {
    r.set_scalar("sum", 0);
    return;
  }
  r.set_scalar("mean", s.mean);
  if (!meanonly) {
    r.set_scalar("Var", s.var);
    r.set_scalar("sd", s.sd);
  }
  if (detail) {
    r.set_scalar("skewness", s.skewness);
    r.set_scalar("kurtosis", s.kurtosis);
  }
  r.set_scalar("sum", s.sum);
  r.set_scalar("min", s.min);
  r.set_scalar("max", s.max);
  if (detail)
    for (int k = 0; k < 9; ++k) r.set_scalar(fmt::format("p{}", kPcts[k]), s.pct[k]);
}

}  // namespace

XTDO_COMMAND(summarize, "summarize", 2,
             "byable(recall) [varlist(ts)] [if] [in] [aweight fweight iweight] "
             "[, Detail MEANonly Format SEParator(integer 5)]") {
  // --- Bind
  bool detail = args.has("detail");
  bool meanonly = args.has("meanonly");
  bool use_format = args.has("format");
  int sep = static_cast<int>(args.number("separator"));
  if (detail && meanonly)
    throw XtdoError(198, "options detail and meanonly may not be combined", args.option_pos("meanonly"));
  const std::string& wtype = args.weight_type;
  if (detail && wtype == "iweight")
    throw XtdoError(101, "iweights not allowed with the detail option", args.option_pos("detail"));

  // --- Sample: if/in/weights (and the by-group); missing values per variable.
  const Dataset& data = session.data;
  size_t nobs = data.nobs();
  std::vector<uint8_t> base = args.sample(session, false);
  std::vector<double> weights;
  if (args.weight_exp) {
    EvalContext ctx;
    ctx.data = &data;
    ctx.env = &session;
    weights = evaluate(*args.weight_exp, ctx).num;
    for (size_t row = 0; row < nobs; ++row) {
      if (!base[row]) continue;
      if (wtype == "fweight" && weights[row] != std::floor(weights[row]))
        throw XtdoError(401, "may not use noninteger frequency weights");
      // Zero weights drop the observation, as marksample does.
      if (wtype != "iweight" && weights[row] == 0) base[row] = 0;
    }
  }

  bool weight_col = wtype == "aweight" || wtype == "iweight";
  bool printed_header = false;
  int in_block = 0;
  Summary last;
  for (const VarRef& ref : args.vars) {
    Summary s;
    if (ref.is_string) {
      s.is_string = true;
    } else {
      std::vector<double> column;
      const std::vector<double>* values;
      if (ref.plain()) {
        values = &data.get(ref.base)->num;
      } else {
        column = materialize(data, ref);
        values = &column;
      }
      std::vector<double> x, w;
      x.reserve(nobs);
      for (size_t row = 0; row < nobs; ++row) {
        if (!base[row] || missing::is_missing((*values)[row])) continue;
        x.push_back((*values)[row]);
        if (!weights.empty()) w.push_back(weights[row]);
      }
      s = summarize_values(std::move(x), std::move(w), wtype, detail, meanonly);
    }
    last = s;
    if (meanonly) continue;

    // --- Display
    const Column* col = data.get(ref.base);
    std::string fmt = (use_format && col && !col->is_string() && ref.plain()) ? col->format : "";
    if (detail) {
      std::string title = (col && ref.plain() && !col->label.empty()) ? col->label : ref.name;
      detail_block(session.console, title, s);
      continue;
    }
    if (!printed_header) {
      table_header(session.console, weight_col);
      printed_header = true;
    } else if (sep > 0 && in_block == sep) {
      session.console.println(std::string(13, '-') + "+" + std::string(weight_col ? 65 : 57, '-'));
      in_block = 0;
    }
    table_row(session.console, inspect::abbrev(ref.name, 12, &data), s, weight_col, fmt);
    ++in_block;
  }

  // --- Post: r() describes the last variable.
  if (args.vars.empty()) {
    session.r.clear();
    return;
  }
  post(session.r, last, detail, meanonly);
}

}  // namespace xtdo
