// xtabond2's set-up (see xtabond2_setup.hpp): option parsing for the
// instrument groups, the panel layout and the transformations.
#include "xtabond2_setup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "design.hpp"
#include "xtdo/kernel/gmm.hpp"
#include "xtdo/util.hpp"

namespace xtdo::xtabond2 {

namespace {

// --- Bind helpers ----------------------------------------------------------------

std::string lag_text(int lag) { return lag >= kOpenLag ? "." : std::to_string(lag); }

// "varlist, sub(arg) flag" → varlist text, then (name, arg) pairs.
struct SubOptions {
  std::string varlist;
  std::vector<std::pair<std::string, std::optional<std::string>>> opts;
};

SubOptions split_suboptions(const std::string& text, const std::string& whole) {
  SubOptions out;
  int depth = 0;
  size_t comma = std::string::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') --depth;
    if (text[i] == ',' && depth == 0) {
      comma = i;
      break;
    }
  }
  out.varlist = util::trim(text.substr(0, comma));
  if (comma == std::string::npos) return out;
  const std::string rest = text.substr(comma + 1);
  size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
    if (i >= rest.size()) break;
    size_t b = i;
    while (i < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[i])) || rest[i] == '_'))
      ++i;
    if (i == b) throw XtdoError(198, whole + " invalid.");
    std::string name = util::lower(rest.substr(b, i - b));
    std::optional<std::string> arg;
    if (i < rest.size() && rest[i] == '(') {
      int d = 0;
      size_t a = i + 1;
      for (; i < rest.size(); ++i) {
        if (rest[i] == '(') ++d;
        if (rest[i] == ')' && --d == 0) break;
      }
      if (i >= rest.size()) throw XtdoError(198, whole + " invalid.");
      arg = rest.substr(a, i - a);
      ++i;
    }
    out.opts.push_back({name, arg});
  }
  return out;
}

int parse_equation(const std::optional<std::string>& arg) {
  if (!arg) return kBoth;
  const auto words = grammar::split_words(*arg);
  if (words.size() > 1) throw XtdoError(198, fmt::format("equation({}) invalid.", *arg));
  if (words.empty()) return kBoth;
  const std::string w = util::lower(words[0]);
  if (util::abbrev(w, "diff", 1)) return kDiff;
  if (util::abbrev(w, "level", 1)) return kLevel;
  if (util::abbrev(w, "both", 1)) return kBoth;
  throw XtdoError(198, fmt::format("equation({}) invalid.", *arg));
}

std::string join_names(const std::vector<VarRef>& vars) {
  std::vector<std::string> names;
  for (const auto& v : vars) names.push_back(v.name);
  return util::join(names, " ");
}

std::vector<VarRef> expand_instruments(const Session& session, const std::string& varlist,
                                       const std::string& whole) {
  if (varlist.empty()) throw XtdoError(198, whole + " invalid.");
  return expand_varlist(session.data, varlist, kVlNumeric | kVlTs | kVlFv);
}

}  // namespace

IvGroup parse_iv(const Session& session, const std::string& arg, bool system) {
  const std::string whole = "ivstyle(" + arg + ")";
  SubOptions so = split_suboptions(arg, whole);
  IvGroup g;
  g.vars = expand_instruments(session, so.varlist, whole);
  g.names = join_names(g.vars);
  for (const auto& [name, value] : so.opts) {
    if (util::abbrev(name, "equation", 1) && value) {
      g.equation = parse_equation(value);
    } else if (util::abbrev(name, "passthru", 1) && !value) {
      g.passthru = true;
    } else if (name == "mz" && !value) {
      g.mz = true;
    } else {
      throw XtdoError(198, whole + " invalid.");
    }
  }
  if (g.passthru && g.equation == kBoth && system)
    throw XtdoError(198, "passthru not valid with equation(both) in system GMM.");
  g.text = "iv(" + g.names;
  if (g.mz || g.passthru || g.equation != kBoth) {
    g.text += ",";
    if (g.passthru) g.text += " passthru";
    if (g.mz) g.text += " mz";
    if (g.equation != kBoth) g.text += g.equation == kDiff ? " eq(diff)" : " eq(level)";
  }
  g.text += ")";
  return g;
}

// One gmmstyle() option; `split` yields two groups (differences with the lags
// given, levels with lag a−1 only), in xtabond2's list order.
std::vector<GmmGroup> parse_gmm(Session& session, const std::string& arg, bool system) {
  const std::string whole = "gmmstyle(" + arg + ")";
  SubOptions so = split_suboptions(arg, whole);
  GmmGroup g;
  g.vars = expand_instruments(session, so.varlist, whole);
  g.names = join_names(g.vars);
  bool split = false, has_eq = false;
  for (const auto& [name, value] : so.opts) {
    if (util::abbrev(name, "equation", 1) && value) {
      g.equation = parse_equation(value);
      has_eq = true;
    } else if (util::abbrev(name, "laglimits", 1) && value) {
      const auto words = grammar::split_words(*value);
      if (words.size() != 2)
        throw XtdoError(198, fmt::format("Laglimits({}) must have two arguments.", *value));
      int lim[2];
      for (int i = 0; i < 2; ++i) {
        if (words[i] == ".") {
          lim[i] = i == 0 ? 1 : kOpenLag;
          continue;
        }
        char* end = nullptr;
        const double v = std::strtod(words[i].c_str(), &end);
        if (*end != '\0' || v != std::floor(v) || std::fabs(v) >= kOpenLag)
          throw XtdoError(198, fmt::format("Laglimits({}) invalid.", *value));
        lim[i] = static_cast<int>(v);
      }
      g.lo = std::min(lim[0], lim[1]);
      g.hi = std::max(lim[0], lim[1]);
    } else if (util::abbrev(name, "collapse", 1) && !value) {
      g.collapse = true;
    } else if (util::abbrev(name, "passthru", 1) && !value) {
      g.passthru = true;
    } else if (util::abbrev(name, "orthogonal", 1) && !value) {
      g.orthogonal = true;
    } else if (util::abbrev(name, "split", 2) && !value) {
      split = true;
    } else {
      throw XtdoError(198, whole + " invalid.");
    }
  }
  if (split && g.equation != kBoth) {
    session.console.println("Warning: split has no effect in combination with equation().");
    split = false;
  }
  if (split && !system) {
    session.console.println("Warning: split has no effect in Difference GMM.");
    split = false;
  }
  if (system && g.passthru && g.equation == kBoth)
    throw XtdoError(198, "passthru not valid with equation(both) in system GMM.");
  (void)has_eq;
  auto text_of = [](const GmmGroup& x) {
    std::string t = "gmm(" + x.names + ",";
    if (x.collapse) t += " collapse";
    if (x.passthru) t += " passthru";
    if (x.orthogonal) t += " orthogonal";
    if (x.equation != kBoth) t += x.equation == kDiff ? " eq(diff)" : " eq(level)";
    return t + " lag(" + lag_text(x.lo) + " " + lag_text(x.hi) + "))";
  };
  if (!split) {
    g.text = text_of(g);
    return {g};
  }
  GmmGroup diff = g, lev = g;
  diff.equation = kDiff;
  diff.text = text_of(diff);
  lev.equation = kLevel;
  lev.lo = lev.hi = g.lo - 1;
  lev.text = text_of(lev);
  return {lev, diff};
}

// --- Panel layout: every included panel gets T slots, one per period ---------



VectorXd gather(const std::vector<double>& full, const Layout& lay) {
  VectorXd out(static_cast<Index>(lay.slot_row.size()));
  for (size_t s = 0; s < lay.slot_row.size(); ++s) {
    const int64_t row = lay.slot_row[s];
    const double v = row >= 0 ? full[static_cast<size_t>(row)] : kNaN;
    out(static_cast<Index>(s)) = missing::is_missing(v) ? kNaN : v;
  }
  return out;
}

MatrixXd gather_vars(const Dataset& data, const std::vector<VarRef>& vars, const Layout& lay) {
  MatrixXd out(static_cast<Index>(lay.slot_row.size()), static_cast<Index>(vars.size()));
  for (size_t v = 0; v < vars.size(); ++v) {
    if (vars[v].plain()) {
      out.col(static_cast<Index>(v)) = gather(data.get(vars[v].base)->num, lay);
    } else {
      out.col(static_cast<Index>(v)) = gather(materialize(data, vars[v]), lay);
      // Factor base levels (1976b.year) and o. terms are columns of zeros, as
      // Stata's st_data() reads them after fvexpand: dropped as collinear
      // regressors, and as instruments left out of e(j) by the generalized inverse.
      if (vars[v].is_base || vars[v].is_omitted)
        out.col(static_cast<Index>(v)) = out.col(static_cast<Index>(v)).unaryExpr(
            [](double x) { return std::isnan(x) ? x : 0.0; });
    }
  }
  return out;
}

void edit_missing(MatrixXd& m, double value) {
  m = m.unaryExpr([value](double v) { return std::isnan(v) ? value : v; });
}

// First differences within each panel; the first slot (and any difference
// touching a missing value) is `fill`.
MatrixXd first_diff(const MatrixXd& m, int t, double fill) {
  MatrixXd out = MatrixXd::Constant(m.rows(), m.cols(), fill);
  const Index n_g = m.rows() / t;
  for (Index g = 0; g < n_g; ++g)
    for (Index s = 1; s < t; ++s) out.row(g * t + s) = m.row(g * t + s) - m.row(g * t + s - 1);
  if (!std::isnan(fill)) edit_missing(out, fill);
  return out;
}

// Orthogonal deviations: forward (from the mean of later complete periods,
// stored one slot later to line up with first differences) or backward (from
// the mean of earlier complete periods, stored in place). Arellano and Bover
// (1995); xtabond2 counts only "complete" periods (regressors and
// instruments present) in the means.
MatrixXd orthogonal_dev(const MatrixXd& m, int t, const std::vector<uint8_t>& complete,
                        bool forward, double fill) {
  MatrixXd out = MatrixXd::Constant(m.rows(), m.cols(), fill);
  const Index n_g = m.rows() / t;
  Eigen::RowVectorXd sum(m.cols());
  for (Index g = 0; g < n_g; ++g) {
    int n = 0;
    sum.setZero();
    for (Index step = 0; step < t; ++step) {
      const Index s = forward ? t - 1 - step : step;
      const Index row = g * t + s;
      if (n > 0)
        out.row(forward ? row + 1 : row) =
            std::sqrt(1 - 1.0 / (n + 1)) * (m.row(row) - sum / static_cast<double>(n));
      if (complete[static_cast<size_t>(row)]) {
        ++n;
        sum += m.row(row);
      }
    }
  }
  return out;
}

// The transpose of xtabond2's transformation matrix M (T × T): column s holds
// the weights of the transformed observation stored in slot s.
MatrixXd transform_matrix(bool orthogonal, int t) {
  MatrixXd m = MatrixXd::Zero(t, t);
  for (int c = 1; c < t; ++c) {
    if (orthogonal) {
      m(c - 1, c) = 1;
      for (int r = c; r < t; ++r) m(r, c) = -1.0 / (t - c);
      m.col(c) /= m.col(c).norm();
    } else {
      m(c, c) = 1;
      m(c - 1, c) = -1;
    }
  }
  return m;
}

// xtabond2's H: h(1) identity; h(2) block-diagonal; h(3) with the covariance
// of transformed and level errors. Left and right transforms may differ (the
// AR test's Ψ).
MatrixXd h_matrix(int h, bool left_orth, bool right_orth, bool system, int t) {
  const MatrixXd ml = h == 1 ? MatrixXd::Identity(t, t) : transform_matrix(left_orth, t);
  const MatrixXd mr = h == 1 ? MatrixXd::Identity(t, t) : transform_matrix(right_orth, t);
  MatrixXd out;
  if (h == 3 || !system) {
    if (system) {
      MatrixXd l2(t, 2 * t), r2(t, 2 * t);
      l2 << ml, MatrixXd::Identity(t, t);
      r2 << mr, MatrixXd::Identity(t, t);
      out = l2.transpose() * r2;
    } else {
      out = ml.transpose() * mr;
    }
  } else {
    out = MatrixXd::Zero(2 * t, 2 * t);
    out.topLeftCorner(t, t) = ml.transpose() * mr;
    out.bottomRightCorner(t, t).setIdentity();
  }
  return out.unaryExpr([](double v) { return std::fabs(v) < 1e-12 ? 0.0 : v; });
}

// Instruments per base variable as xtabond2 counts them (e(j0)), clamping the
// lag limits to what the panel length allows.
int clamp_and_count(GmmGroup& g, int t) {
  const int lag_max = t - 1 - (g.full_levels && g.differenced ? 1 : 0);
  const int forward_max = t - 2 + (g.full_levels ? 1 : 0);
  g.lo = std::max(-forward_max, g.lo);
  g.hi = std::min(lag_max, g.hi);
  const int extra = g.extra ? (g.collapse ? 1 : t - (g.differenced ? 1 : 0)) : 0;
  if (g.collapse) return g.hi - g.lo + 1 + extra;
  long count;
  if (g.lo > 0 || g.hi <= 0) {
    long n1, n2;
    if (g.lo >= 0) {
      n1 = lag_max - g.lo + 1;
      n2 = lag_max - g.hi;
    } else {
      n1 = forward_max + g.hi + 1;
      n2 = forward_max + g.lo;
    }
    count = (n1 * (n1 + 1) - n2 * (n2 + 1)) / 2;
  } else {
    const long n1 = forward_max + g.lo, n2 = lag_max - g.hi;
    count = static_cast<long>(lag_max + 1) * (forward_max + 1) - (n1 * (n1 + 1) + n2 * (n2 + 1)) / 2;
  }
  return static_cast<int>(count) + extra;
}

// The panels that hold at least one sample observation, T slots each.
Layout make_layout(const Dataset& data, const std::string& ivar, const std::string& tvar,
                   const std::vector<uint8_t>& touse) {
  const Column* pc = data.get(ivar);
  const Column* tc = data.get(tvar);
  if (!pc || !tc) throw XtdoError(111, fmt::format("variable {} not found", !pc ? ivar : tvar));
  std::vector<int64_t> rows;
  for (size_t row = 0; row < data.nobs(); ++row)
    if (!missing::is_missing(pc->num[row])) rows.push_back(static_cast<int64_t>(row));
  est::Codes codes = est::codes_of(data, ivar, rows);
  std::vector<int32_t> group(static_cast<size_t>(codes.n_groups), -1);
  for (size_t i = 0; i < rows.size(); ++i)
    if (touse[static_cast<size_t>(rows[i])]) group[static_cast<size_t>(codes.code[i])] = 0;
  Layout lay;
  for (auto& g : group)
    if (g == 0) g = lay.n_g++;
  if (lay.n_g == 0) throw XtdoError(2000, "No observations.");
  double tmin = std::numeric_limits<double>::infinity(), tmax = -tmin;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (group[static_cast<size_t>(codes.code[i])] < 0) continue;
    const double t = tc->num[static_cast<size_t>(rows[i])];
    if (missing::is_missing(t))
      throw XtdoError(459, fmt::format("Missing values in time variable ({}).", tvar));
    tmin = std::min(tmin, t);
    tmax = std::max(tmax, t);
  }
  const double delta = data.ts.delta > 0 ? data.ts.delta : 1;
  lay.t = static_cast<int>(std::llround((tmax - tmin) / delta)) + 1;
  lay.slot_row.assign(static_cast<size_t>(lay.n_g) * static_cast<size_t>(lay.t), -1);
  for (size_t i = 0; i < rows.size(); ++i) {
    const int32_t g = group[static_cast<size_t>(codes.code[i])];
    if (g < 0) continue;
    const double pos = (tc->num[static_cast<size_t>(rows[i])] - tmin) / delta;
    const int64_t slot = std::llround(pos);
    if (std::fabs(pos - static_cast<double>(slot)) > 1e-9)
      throw XtdoError(451, fmt::format("time values of {} are not on the xtset delta", tvar));
    int64_t& cell = lay.slot_row[static_cast<size_t>(g) * lay.t + static_cast<size_t>(slot)];
    if (cell >= 0) throw XtdoError(451, "repeated time values within panel");
    cell = rows[i];
  }
  return lay;
}

// Stata's _rmcoll as xtabond2 calls it on the stacked transformed regressors:
// the constant (last column, when present) is partialled out and always kept;
// the others are normalised and dropped in order when collinear.
std::vector<uint8_t> collinear_keep(const MatrixXd& x, bool has_cons) {
  const Index k = x.cols();
  std::vector<uint8_t> keep(static_cast<size_t>(k), 1);
  if (k <= 1) return keep;
  MatrixXd px = x;
  if (has_cons) {
    const VectorXd t = x.col(k - 1);
    const double tt = t.squaredNorm();
    if (tt > 0) px -= t * (t.transpose() * x) / tt;
  }
  const Index m = has_cons ? k - 1 : k;
  MatrixXd u = px.leftCols(m).transpose() * px.leftCols(m);
  VectorXd d(m);
  for (Index i = 0; i < m; ++i) d(i) = u(i, i) > 0 ? 1 / std::sqrt(u(i, i)) : 0;
  u = d.asDiagonal() * u * d.asDiagonal();
  kernel::SymInverse inv = kernel::invsym(u);
  for (Index i = 0; i < m; ++i) keep[static_cast<size_t>(i)] = inv.kept[static_cast<size_t>(i)];
  return keep;
}


}  // namespace xtdo::xtabond2
