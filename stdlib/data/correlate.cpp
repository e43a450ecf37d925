// correlate and pwcorr: correlation (or covariance) matrices on the casewise sample,
// and pairwise correlations with significance levels ([R] correlate; pwcorr follows
// pwcorr.ado 3.1.1).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/distributions.hpp"
#include "data_common.hpp"
#include "inspect_util.hpp"
#include "stat_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

namespace {

using inspect::pad_left;

/// Weighted second moments of two columns over the rows where both are present.
struct Pair {
  double n = 0;  ///< observations (sum of fweights)
  double rho = missing::kSysmiss;
  double cov = missing::kSysmiss;
  double var_x = missing::kSysmiss, var_y = missing::kSysmiss;
};

/// Two passes (means, then centred cross-products); aweights are scaled to sum to
/// the number of observations, so the divisor is n - 1 for them and W - 1 for fweights.
Pair pair_moments(const std::vector<double>& x, const std::vector<double>& y,
                  const stat::WeightedSample& s, const std::string& wtype) {
  Pair out;
  double W = 0, sx = 0, sy = 0, count = 0;
  auto used = [&](size_t row) {
    return s.touse[row] && !missing::is_missing(x[row]) && !missing::is_missing(y[row]);
  };
  for (size_t row = 0; row < x.size(); ++row) {
    if (!used(row)) continue;
    double w = s.w.empty() ? 1 : s.w[row];
    W += w;
    sx += w * x[row];
    sy += w * y[row];
    count += 1;
  }
  out.n = wtype == "fweight" ? W : count;
  if (count == 0) return out;
  double mx = sx / W, my = sy / W, sxx = 0, syy = 0, sxy = 0;
  for (size_t row = 0; row < x.size(); ++row) {
    if (!used(row)) continue;
    double w = s.w.empty() ? 1 : s.w[row];
    double dx = x[row] - mx, dy = y[row] - my;
    sxx += w * dx * dx;
    syy += w * dy * dy;
    sxy += w * dx * dy;
  }
  double scale = wtype == "aweight" ? count / W : 1.0;
  double denom = (wtype == "aweight" ? count : W) - 1;
  if (denom > 0) {
    out.cov = scale * sxy / denom;
    out.var_x = scale * sxx / denom;
    out.var_y = scale * syy / denom;
  }
  if (sxx > 0 && syy > 0) out.rho = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
  return out;
}

/// The column headings of one block: names abbreviated to 8 in 9 columns.
void block_head(Console& out, const std::vector<std::string>& names, size_t first, size_t last) {
  std::string head(13, ' ');
  head += "|";
  for (size_t j = first; j < last; ++j) head += pad_left(inspect::abbrev(names[j], 8), 9);
  out.println(head);
  out.println(std::string(13, '-') + "+" + std::string(9 * (last - first), '-'));
}

Matrix named(size_t k, const std::vector<std::string>& names) {
  Matrix m(static_cast<int>(k), static_cast<int>(k), missing::kSysmiss);
  for (size_t i = 0; i < k; ++i) m.rownames[i] = m.colnames[i] = names[i];
  return m;
}

}  // namespace

// correlate [varlist] [if] [in] [aw fw] [, means covariance noformat wrap]
XTDO_COMMAND(correlate, "correlate", 3,
             "byable(recall) [varlist(numeric ts)] [if] [in] [aweight fweight] "
             "[, Means COVariance noFormat Wrap]") {
  const Dataset& data = session.data;
  // --- Sample: casewise over every variable.
  stat::WeightedSample s = stat::weighted_sample(session, args, true);
  const size_t k = args.vars.size();
  std::vector<std::vector<double>> cols(k);
  std::vector<std::string> names;
  for (size_t i = 0; i < k; ++i) {
    std::vector<double> holder;
    cols[i] = stat::numeric_values(data, args.vars[i], holder);
    names.push_back(args.vars[i].name);
  }
  double nobs = 0, sum_w = 0;
  int64_t count = 0;
  for (size_t row = 0; row < s.touse.size(); ++row) {
    if (!s.touse[row]) continue;
    ++count;
    sum_w += s.w.empty() ? 1 : s.w[row];
  }
  nobs = args.weight_type == "fweight" ? sum_w : static_cast<double>(count);
  if (count == 0) throw XtdoError(2000, "no observations");

  // --- Estimate
  const bool cov = args.has("covariance");
  Matrix C = named(k, names), R = named(k, names);
  for (size_t i = 0; i < k; ++i)
    for (size_t j = 0; j <= i; ++j) {
      Pair p = pair_moments(cols[i], cols[j], s, args.weight_type);
      double rho = i == j ? (p.var_x > 0 ? 1.0 : missing::kSysmiss) : p.rho;
      R.at(static_cast<int>(i), static_cast<int>(j)) =
          R.at(static_cast<int>(j), static_cast<int>(i)) = rho;
      C.at(static_cast<int>(i), static_cast<int>(j)) =
          C.at(static_cast<int>(j), static_cast<int>(i)) = p.cov;
    }

  // --- Display
  Console& out = session.console;
  out.println(fmt::format("(obs={})", data::commas(static_cast<int64_t>(nobs))));
  if (args.has("means")) {
    out.println();
    out.println("    Variable |         Mean    Std. dev.          Min          Max");
    out.println(std::string(13, '-') + "+" + std::string(52, '-'));
    for (size_t i = 0; i < k; ++i) {
      std::vector<double> x, w;
      for (size_t row = 0; row < s.touse.size(); ++row)
        if (s.touse[row]) {
          x.push_back(cols[i][row]);
          if (!s.w.empty()) w.push_back(s.w[row]);
        }
      if (args.weight_type == "aweight") {
        double tw = 0;
        for (double v : w) tw += v;
        for (double& v : w) v *= static_cast<double>(x.size()) / tw;
      }
      inspect::Moments m = inspect::moments(x, w, false);
      double var = C.at(static_cast<int>(i), static_cast<int>(i));
      double sd = missing::is_missing(var) ? var : std::sqrt(var);
      auto cell = [](double v) { return pad_left(inspect::ltrim(format_number(v, "%9.0g")), 13); };
      out.println(pad_left(inspect::abbrev(names[i], 12, &data), 12) + " |" + cell(m.mean) +
                  cell(sd) + cell(m.min) + cell(m.max));
    }
  }
  const Matrix& show = cov ? C : R;
  for (size_t first = 0; first < k; first += 7) {
    size_t last = std::min(k, first + 7);
    out.println();
    block_head(out, names, first, last);
    for (size_t i = first; i < k; ++i) {
      std::string line = pad_left(inspect::abbrev(names[i], 12, &data), 12) + " |";
      for (size_t j = first; j < std::min(last, i + 1); ++j) {
        double v = show.at(static_cast<int>(i), static_cast<int>(j));
        line += " " + (cov ? pad_left(inspect::ltrim(format_number(v, "%8.0g")), 8)
                           : format_number(v, "%8.4f"));
      }
      out.println(line);
    }
  }
  out.println();

  // --- Post
  session.r.clear();
  session.r.set_scalar("N", nobs);
  if (!s.w.empty()) session.r.set_scalar("sum_w", sum_w);
  if (k >= 2) session.r.set_scalar("rho", R.at(1, 0));
  if (cov && k >= 2) {
    session.r.set_scalar("cov_12", C.at(1, 0));
    session.r.set_scalar("Var_1", C.at(0, 0));
    session.r.set_scalar("Var_2", C.at(1, 1));
  }
  session.r.set_matrix("C", show);
}

// pwcorr [varlist] [if] [in] [aw fw] [, obs sig print(#) star(#) bonferroni sidak listwise]
// Each pair uses the rows where both are present; p = min(1, 2 ttail(n - 2,
// |r| sqrt(n - 2) / sqrt(1 - r^2))), times the number of pairs with bonferroni.
XTDO_COMMAND(pwcorr, "pwcorr", 0,
             "byable(recall) [varlist(ts)] [if] [in] [aweight fweight] "
             "[, Bonferroni Obs Print(real -1) SIDak SIG STar(real -1) LISTwise CASEwise]") {
  const Dataset& data = session.data;
  // --- Bind
  std::vector<VarRef> vars;
  for (const auto& v : args.vars) {
    if (v.is_string)
      session.console.println(fmt::format("({} ignored because string variable)", v.name));
    else
      vars.push_back(v);
  }
  const size_t k = vars.size();
  if (k < 2) throw XtdoError(102, "too few variables specified");
  if (args.has("bonferroni") && args.has("sidak")) throw XtdoError(198, "invalid syntax");
  double star = args.number("star"), print = args.number("print");
  if (star >= 1) star /= 100;
  if (star >= 1) throw XtdoError(198, "star() out of range");
  if (print >= 1) print /= 100;
  if (print >= 1) throw XtdoError(198, "print() out of range");
  const double npairs = static_cast<double>(k * (k - 1) / 2);
  const double adj = args.has("bonferroni") ? npairs : 1;

  // --- Sample
  CallArgs casewise = args;
  casewise.vars = vars;
  stat::WeightedSample s =
      stat::weighted_sample(session, casewise, args.has("listwise") || args.has("casewise"));
  std::vector<std::vector<double>> cols(k);
  std::vector<std::string> names;
  for (size_t i = 0; i < k; ++i) {
    std::vector<double> holder;
    cols[i] = stat::numeric_values(data, vars[i], holder);
    names.push_back(vars[i].name);
  }

  // --- Estimate
  Matrix C = named(k, names), Nm = named(k, names), P = named(k, names);
  for (size_t i = 0; i < k; ++i)
    for (size_t j = 0; j <= i; ++j) {
      Pair pr = pair_moments(cols[i], cols[j], s, args.weight_type);
      double rho = i == j ? (pr.var_x > 0 ? 1.0 : missing::kSysmiss) : pr.rho;
      double p = missing::kSysmiss;
      if (!missing::is_missing(rho) && rho < 1)
        p = std::min(
            2 * adj *
                display::ttail(session, pr.n - 2,
                               std::fabs(rho) * std::sqrt(pr.n - 2) / std::sqrt(1 - rho * rho)),
            1.0);
      else if (!missing::is_missing(rho))
        p = 0;
      if (args.has("sidak") && !missing::is_missing(p))
        p = std::min(1.0, 1 - std::pow(1 - p, npairs));
      int ii = static_cast<int>(i), jj = static_cast<int>(j);
      C.at(ii, jj) = C.at(jj, ii) = rho;
      Nm.at(ii, jj) = Nm.at(jj, ii) = pr.n;
      P.at(ii, jj) = P.at(jj, ii) = i == j ? 0 : p;
    }
  if (k == 2 && Nm.at(1, 0) == 0) throw XtdoError(2000, "no observations");

  // --- Display
  Console& out = session.console;
  auto shown = [&](double p, size_t i, size_t j) { return p <= print || print == -1 || i == j; };
  for (size_t first = 0; first < k; first += 7) {
    size_t last = std::min(k, first + 7);
    out.println();
    block_head(out, names, first, last);
    for (size_t i = first; i < k; ++i) {
      int ii = static_cast<int>(i);
      std::string line = pad_left(inspect::abbrev(names[i], 12), 12) + " | ";
      size_t upto = std::min(last, i + 1);
      for (size_t j = first; j < upto; ++j) {
        double p = P.at(ii, static_cast<int>(j));
        if (!shown(p, i, j)) {
          line += std::string(9, ' ');
          continue;
        }
        line += " " + format_number(C.at(ii, static_cast<int>(j)), "%7.4f") +
                (p <= star && i != j ? "*" : " ");
      }
      out.println(line);
      if (args.has("sig")) {
        std::string sig = std::string(13, ' ') + "|";
        for (size_t j = first; j < std::min(last, i); ++j) {
          double p = P.at(ii, static_cast<int>(j));
          sig += shown(p, i, j) ? "  " + format_number(p, "%7.4f") : std::string(9, ' ');
        }
        out.println(sig);
      }
      if (args.has("obs")) {
        std::string obs = std::string(13, ' ') + "|";
        for (size_t j = first; j < upto; ++j) {
          double p = P.at(ii, static_cast<int>(j));
          obs += shown(p, i, j) ? "  " + format_number(Nm.at(ii, static_cast<int>(j)), "%7.0g")
                                : std::string(9, ' ');
        }
        out.println(obs);
      }
      if (args.has("sig") || args.has("obs")) out.println(std::string(13, ' ') + "|");
    }
  }

  // --- Post
  session.r.clear();
  session.r.set_scalar("rho", C.at(0, 1));
  session.r.set_scalar("N", Nm.at(0, 1));
  if (args.has("sig")) session.r.set_matrix("sig", P);
  session.r.set_matrix("C", C);
  session.r.set_matrix("Nobs", Nm);
}

}  // namespace xtdo
