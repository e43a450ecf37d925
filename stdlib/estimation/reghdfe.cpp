// reghdfe: linear regression absorbing any number of categorical fixed effects
// (Correia's community command, version 6 conventions): iterative singleton
// dropping, partialling out by CG-accelerated symmetric Kaczmarz sweeps, the
// absorbed degrees of freedom (redundant levels from mobility groups, FEs nested
// in clusters), unadjusted/robust/multi-way cluster VCEs, reghdfe's header and
// "Absorbed degrees of freedom" table; typing `reghdfe` alone replays.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "design.hpp"
#include "panel.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/groups.hpp"
#include "xtdo/kernel/hdfe.hpp"
#include "xtdo/kernel/ols.hpp"
#include "xtdo/kernel/vce.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

double escalar(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string emacro(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
std::string pad_right(const std::string& s, size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}
std::string pad_left(const std::string& s, size_t w) {
  return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}

// --- Display (reads e() only) ---------------------------------------------

// One header row: `left` padded to column 50, the label from column 51, "= " at
// column 67 and a 10-wide value (reghdfe_header.ado's layout).
std::string header_row(const std::string& left, const std::string& label,
                       const std::string& value) {
  if (label.empty()) return left;
  return pad_right(left, 50) + pad_right(label, 16) + "= " + pad_left(value, 10);
}

void display_reghdfe(Session& session, double level) {
  Console& out = session.console;
  const double df_m = escalar(session, "df_m"), df_r = escalar(session, "df_r");
  const double f = escalar(session, "F");
  std::vector<std::pair<std::string, std::string>> right;
  right.push_back({"Number of obs", format_number(escalar(session, "N"), "%10.0fc")});
  const std::string f_label = "F(" + format_number(df_m, "%4.0f") + "," +
                              format_number(df_r, "%7.0f") + ")";
  if (missing::is_missing(f)) {
    right.push_back({f_label, "."});
    right.push_back({"Prob > F", "."});
  } else {
    right.push_back({f_label, format_number(f, "%10.2f")});
    right.push_back({"Prob > F", format_number(display::Ftail(session, df_m, df_r, f), "%10.4f")});
  }
  for (const auto& [name, label] : std::vector<std::pair<std::string, std::string>>{
           {"r2", "R-squared"}, {"r2_a", "Adj R-squared"}, {"r2_within", "Within R-sq."},
           {"rmse", "Root MSE"}}) {
    const double v = escalar(session, name);
    if (!missing::is_missing(v)) right.push_back({label, format_number(v, "%10.4f")});
  }

  std::vector<std::string> left;
  for (const char* t : {"title", "title2", "title3"}) {
    const std::string text = emacro(session, t);
    if (!text.empty()) left.push_back(text);
  }
  left.push_back("");
  const int n_clustervars =
      missing::is_missing(escalar(session, "N_clustervars"))
          ? 0
          : static_cast<int>(escalar(session, "N_clustervars"));
  std::vector<std::string> cluster_lines;
  for (int i = 1; i <= n_clustervars; ++i) {
    std::string line = "Number of clusters (" + emacro(session, fmt::format("clustvar{}", i)) + ") ";
    line = pad_right(line, 29) + "= " +
           format_number(escalar(session, fmt::format("N_clust{}", i)), "%10.0fc");
    cluster_lines.push_back(line);
  }
  const int space = static_cast<int>(right.size()) - static_cast<int>(left.size()) - n_clustervars;
  for (int i = 0; i < space; ++i) left.push_back("");
  for (auto& line : cluster_lines) left.push_back(line);
  const size_t rows = std::max(left.size(), right.size());
  out.println();
  for (size_t i = 0; i < rows; ++i) {
    const std::string l = i < left.size() ? left[i] : "";
    if (i < right.size()) {
      out.println(header_row(l, right[i].first, right[i].second));
    } else {
      out.println(l);
    }
  }
  out.println();
  display::CoefTableOptions opt;
  opt.level = level;
  display::coef_table(session, opt);

  // Footnote: the absorbed degrees of freedom (reghdfe_footnote.ado).
  if (emacro(session, "absvars") == "_cons") return;
  auto table_it = session.e.matrices.find("dof_table");
  if (table_it == session.e.matrices.end()) return;
  const Matrix& t = table_it->second;
  size_t width = 13;
  for (const auto& name : t.rownames) width = std::max(width, name.size() + 1);
  const std::string dashes = std::string(width, '-');
  out.println();
  out.println("Absorbed degrees of freedom:");
  out.println(dashes + std::string(40, '-') + "+");
  out.println(pad_left("Absorbed FE ", width) + "| Categories  - Redundant  = Num. Coefs |");
  out.println(dashes + "+" + std::string(39, '-') + "|");
  bool any_inexact = false, any_nested = false;
  for (int r = 0; r < t.rows; ++r) {
    std::string note = " ";
    if (t.at(r, 3) == 1) {
      note = "?";
      any_inexact = true;
    }
    if (t.at(r, 4) == 1) {
      note = "*";
      any_nested = true;
    }
    out.println(pad_left(t.rownames[static_cast<size_t>(r)] + " ", width) + "|" +
                pad_left(format_default(t.at(r, 0)), 10) +
                pad_left(format_default(t.at(r, 1)), 12) +
                pad_left(format_default(t.at(r, 2)), 12) + "    " + note + "|");
  }
  out.println(dashes + std::string(40, '-') + "+");
  if (any_inexact) out.println("? = number of redundant parameters may be higher");
  if (any_nested)
    out.println("* = FE nested within cluster; treated as redundant for DoF computation");
}

// --- Bind helpers ------------------------------------------------------------

// One absorbed factor as written: its variables (several for `a#b`) and its name.
struct AbsVar {
  std::vector<std::string> vars;
  std::string name;  ///< "id", "firm#year"
};

std::vector<AbsVar> parse_absorb(Session& session, const std::string& text, int pos) {
  std::string body = text;
  if (body.find(',') != std::string::npos)
    throw XtdoError(198, "absorb(): suboptions (savefe) are not supported", pos);
  if (body.find('=') != std::string::npos)
    throw XtdoError(198, "absorb(): saving fixed effects (newvar=absvar) is not supported", pos);
  std::vector<AbsVar> out;
  for (const auto& word : grammar::split_words(body)) {
    if (word.find("##") != std::string::npos || word.find("c.") != std::string::npos)
      throw XtdoError(198,
                      fmt::format("absorb(): heterogeneous slopes ({}) are not supported", word),
                      pos);
    AbsVar a;
    size_t start = 0;
    while (true) {
      const size_t hash = word.find('#', start);
      std::string part = word.substr(start, hash == std::string::npos ? std::string::npos : hash - start);
      if (part.size() > 2 && (part.compare(0, 2, "i.") == 0 || part.compare(0, 2, "I.") == 0))
        part = part.substr(2);
      if (part.empty()) throw XtdoError(198, fmt::format("absorb(): invalid term {}", word), pos);
      a.vars.push_back(resolve_name(session.data, part, pos));
      if (hash == std::string::npos) break;
      start = hash + 1;
    }
    a.name = util::join(a.vars, "#");
    for (const auto& prev : out)
      if (prev.name == a.name)
        throw XtdoError(198, fmt::format("absorb(): {} listed twice", a.name), pos);
    out.push_back(std::move(a));
  }
  return out;
}

enum class VceKind { kUnadjusted, kRobust, kCluster };

struct Vce {
  VceKind kind = VceKind::kUnadjusted;
  std::vector<std::string> clustvars;
};

Vce parse_reghdfe_vce(Session& session, const CallArgs& args) {
  Vce vce;
  auto add_clusters = [&](const std::vector<std::string>& words, size_t from, int pos) {
    if (words.size() <= from) throw XtdoError(198, "option vce(cluster) requires a variable name", pos);
    for (size_t i = from; i < words.size(); ++i) {
      if (words[i].find('#') != std::string::npos)
        throw XtdoError(198, "vce(cluster): interactions of cluster variables are not supported", pos);
      vce.clustvars.push_back(resolve_name(session.data, words[i], pos));
    }
    vce.kind = VceKind::kCluster;
  };
  if (auto v = args.get("vce")) {
    const int pos = args.option_pos("vce");
    std::vector<std::string> words;
    for (const auto& w : grammar::split_words(*v)) words.push_back(w);
    if (words.empty()) throw XtdoError(198, "option vce() misspecified", pos);
    const std::string kind = util::lower(words[0]);
    if (util::abbrev(kind, "unadjusted", 2) || kind == "ols" || util::abbrev(kind, "conventional", 4)) {
      if (words.size() != 1) throw XtdoError(198, "option vce() misspecified", pos);
      vce.kind = VceKind::kUnadjusted;
    } else if (util::abbrev(kind, "robust", 1)) {
      if (words.size() != 1) throw XtdoError(198, "option vce() misspecified", pos);
      vce.kind = VceKind::kRobust;
    } else if (util::abbrev(kind, "cluster", 2)) {
      add_clusters(words, 1, pos);
    } else {
      throw XtdoError(198, fmt::format("vcetype '{}' not allowed", words[0]), pos);
    }
  }
  if (args.has("robust") && vce.kind == VceKind::kUnadjusted) vce.kind = VceKind::kRobust;
  if (auto c = args.get("cluster")) {
    if (args.get("vce"))
      throw XtdoError(198, "only one of cluster() and vce() can be specified", args.option_pos("cluster"));
    std::vector<std::string> words;
    for (const auto& w : grammar::split_words(*c)) words.push_back(w);
    add_clusters(words, 0, args.option_pos("cluster"));
  }
  return vce;
}

// Keep only the rows with keep = 1 in the design (after singleton dropping).
// An empty d.rows stands for every dataset row (see `codes_over` below).
void subset_design(est::Design& d, const std::vector<uint8_t>& keep) {
  const bool identity = d.rows.empty();
  const Eigen::Index n = d.y.size();
  auto row_of = [&](Eigen::Index i) {
    return identity ? static_cast<int64_t>(i) : d.rows[static_cast<size_t>(i)];
  };
  std::vector<Eigen::Index> idx;
  for (Eigen::Index i = 0; i < n; ++i)
    if (keep[static_cast<size_t>(i)]) idx.push_back(i);
  const Eigen::Index m = static_cast<Eigen::Index>(idx.size());
  std::vector<int64_t> rows(static_cast<size_t>(m));
  Eigen::VectorXd y(m);
  Eigen::MatrixXd x(m, d.x.cols());
  for (Eigen::Index j = 0; j < m; ++j) {
    rows[static_cast<size_t>(j)] = row_of(idx[j]);
    y(j) = d.y(idx[j]);
  }
  for (Eigen::Index c = 0; c < d.x.cols(); ++c)
    for (Eigen::Index j = 0; j < m; ++j) x(j, c) = d.x(idx[j], c);
  if (d.weights.size()) {
    Eigen::VectorXd w(m);
    for (Eigen::Index j = 0; j < m; ++j) w(j) = d.weights(idx[j]);
    d.weights = std::move(w);
  }
  for (Eigen::Index i = 0; i < n; ++i)
    if (!keep[static_cast<size_t>(i)]) d.sample[static_cast<size_t>(row_of(i))] = 0;
  d.rows = std::move(rows);
  d.y = std::move(y);
  d.x = std::move(x);
}

// Absorbed degrees of freedom (reghdfe's DoF.mata rules, dof(pairwise clusters
// continuous)): every level of every factor is a parameter (K_g); redundant ones
// (M_g) are all levels of a factor nested in a cluster variable, one for each
// factor after the first, and for each pair of factors the number of connected
// components of their bipartite graph (exact for the first pair only).
struct AbsorbedDof {
  std::vector<double> k, m;
  std::vector<uint8_t> exact, nested;
  double nested_levels = 0, initial = 0, redundant = 0;
};

AbsorbedDof absorbed_dof(const std::vector<est::Codes>& fe, const std::vector<AbsVar>& absvars,
                         const std::vector<std::string>& clustvars,
                         const std::vector<const est::Codes*>& clusters, bool noabsorb) {
  const size_t g_count = fe.size();
  AbsorbedDof out;
  out.k.assign(g_count, 0);
  out.m.assign(g_count, 0);
  out.exact.assign(g_count, 0);
  out.nested.assign(g_count, 0);
  if (!noabsorb) {
    for (size_t g = 0; g < g_count; ++g) {
      for (size_t c = 0; c < clusters.size(); ++c) {
        if (absvars[g].name == clustvars[c] || est::nested_in(fe[g], *clusters[c])) {
          out.nested[g] = out.exact[g] = 1;
          break;
        }
      }
    }
  }
  std::vector<size_t> intercepts;
  for (size_t g = 0; g < g_count; ++g) {
    out.k[g] = fe[g].n_groups;
    if (out.nested[g]) {
      out.m[g] = out.k[g];
      out.nested_levels += out.m[g];
    } else {
      intercepts.push_back(g);
    }
  }
  if (intercepts.size() > 1 || (!intercepts.empty() && out.nested_levels > 0)) {
    for (size_t i = (out.nested_levels == 0 ? 1 : 0); i < intercepts.size(); ++i)
      out.m[intercepts[i]] = 1;
  }
  if (!intercepts.empty()) out.exact[intercepts[0]] = 1;
  int pair_count = 0;
  for (size_t i = 0; i < intercepts.size(); ++i) {
    for (size_t j = i + 1; j < intercepts.size(); ++j) {
      const size_t a = intercepts[i], b = intercepts[j];
      const int32_t groups =
          kernel::mobility_groups({fe[a].code, fe[a].n_groups}, {fe[b].code, fe[b].n_groups});
      out.m[b] = std::max(out.m[b], static_cast<double>(groups));
      if (++pair_count == 1) out.exact[b] = 1;
    }
  }
  for (size_t g = 0; g < g_count; ++g) {
    out.initial += out.k[g];
    out.redundant += out.m[g];
  }
  return out;
}

}  // namespace

XTDO_COMMAND(reghdfe, "reghdfe", 7,
             "[varlist(numeric fv ts default=none)] [if] [in] [aw fw pw] "
             "[, Absorb(string) NOAbsorb vce(string) Robust CLuster(string) KEEPSINgletons "
             "TOLerance(real 1e-8) MAXITerations(integer 16000) ABort(integer 1) Level(cilevel) *]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  std::string resid_name;
  bool want_resid = false;
  for (const auto& o : args.options) {
    if (o.name == "absorb" || o.name == "noabsorb" || o.name == "vce" || o.name == "robust" ||
        o.name == "cluster" || o.name == "keepsingletons" || o.name == "tolerance" ||
        o.name == "maxiterations" || o.name == "abort" || o.name == "level")
      continue;
    if (o.name.size() >= 5 && std::string("residuals").compare(0, o.name.size(), o.name) == 0) {
      want_resid = true;
      resid_name = o.arg ? util::trim(*o.arg) : std::string("_reghdfe_resid");
      if (resid_name.empty()) resid_name = "_reghdfe_resid";
      continue;
    }
    throw XtdoError(198, fmt::format("option {} not allowed", o.name), o.pos);
  }
  if (args.vars.empty()) {
    if (emacro(session, "cmd") != "reghdfe") throw XtdoError(301, "last estimates not found");
    display_reghdfe(session, level);
    return;
  }
  const bool noabsorb = args.has("noabsorb") || !args.get("absorb");
  if (args.has("noabsorb") && args.get("absorb"))
    throw XtdoError(198, "options absorb() and noabsorb may not be combined");
  std::vector<AbsVar> absvars;
  if (!noabsorb) {
    absvars = parse_absorb(session, *args.get("absorb"), args.option_pos("absorb"));
    if (absvars.empty()) throw XtdoError(198, "option absorb() required");
  }
  Vce vce = parse_reghdfe_vce(session, args);
  if (args.weight_type == "pweight" && vce.kind == VceKind::kUnadjusted) vce.kind = VceKind::kRobust;
  const double tolerance = args.number("tolerance");
  const double max_iter = args.number("maxiterations");
  if (!(tolerance > 0 && tolerance < 1))
    throw XtdoError(198, "tolerance() must be between 0 and 1", args.option_pos("tolerance"));
  if (max_iter < 1) throw XtdoError(198, "maxiterations() must be positive", args.option_pos("maxiterations"));
  if (want_resid && session.data.get(resid_name))
    throw XtdoError(110, fmt::format("variable {} already defined", resid_name));

  if (args.has("keepsingletons"))
    session.console.println(
        "WARNING: Singleton observations not dropped; statistical significance is biased (link)");

  // --- Sample
  est::DesignOptions dopt;
  for (const auto& a : absvars)
    for (const auto& v : a.vars) dopt.markout.push_back(v);
  for (const auto& c : vce.clustvars)
    if (std::find(dopt.markout.begin(), dopt.markout.end(), c) == dopt.markout.end())
      dopt.markout.push_back(c);
  est::Design d = est::build_design(session, args, dopt);
  // When the sample is every row (the usual case) the row numbers are 0..N-1:
  // drop them (8 bytes a row) and code numeric variables straight from their
  // columns. Until the row numbers are released before the partialling out, an
  // empty d.rows means "every row".
  if (static_cast<size_t>(d.n()) == session.data.nobs()) std::vector<int64_t>().swap(d.rows);
  auto codes_over = [&](const std::string& var) {
    const Column* col = session.data.get(var);
    if (!d.rows.empty() || !col || col->is_string()) {
      if (!d.rows.empty()) return est::codes_of(session.data, var, d.rows);
      std::vector<int64_t> all(session.data.nobs());
      std::iota(all.begin(), all.end(), int64_t{0});
      return est::codes_of(session.data, var, all);
    }
    kernel::GroupCodes g = kernel::encode_groups(std::span<const double>(col->num));
    return est::Codes{std::move(g.code), g.n_groups};
  };

  // --- Build: dense codes per absorbed factor (interactions by intersection).
  auto factor_codes = [&](const AbsVar& a) {
    est::Codes c = codes_over(a.vars[0]);
    for (size_t k = 1; k < a.vars.size(); ++k) {
      est::Codes next = codes_over(a.vars[k]);
      int32_t n_new = 0;
      c.code = kernel::intersect_codes({c.code, c.n_groups}, {next.code, next.n_groups}, &n_new);
      c.n_groups = n_new;
    }
    return c;
  };
  std::vector<est::Codes> fe;
  for (const auto& a : absvars) fe.push_back(factor_codes(a));
  if (noabsorb) fe.push_back(est::Codes{std::vector<int32_t>(static_cast<size_t>(d.y.size()), 0), 1});
  auto effects_of = [&]() {
    std::vector<kernel::FixedEffect> effects;
    for (const auto& c : fe) effects.push_back({c.code, c.n_groups});
    return effects;
  };

  // Singletons ([reghdfe] keepsingletons; Correia 2015): observations alone in a
  // level of some factor, dropped iteratively; frequency weights count.
  int64_t num_singletons = 0;
  if (!noabsorb && !args.has("keepsingletons")) {
    const Eigen::VectorXd fw =
        d.weight_kind == kernel::WeightKind::kFrequency ? d.weights : Eigen::VectorXd();
    const std::vector<uint8_t> keep = kernel::drop_singletons(effects_of(), fw);
    num_singletons = std::count(keep.begin(), keep.end(), uint8_t{0});
    if (num_singletons > 0) {
      for (auto& c : fe) {
        int32_t n_new = 0;
        c.code = kernel::compact_codes(c.code, c.n_groups, keep, &n_new);
        c.n_groups = n_new;
      }
      subset_design(d, keep);
      session.console.println(fmt::format("(dropped {} singleton observations)", num_singletons));
    }
  }
  if (d.y.size() < 2) throw XtdoError(2001, "insufficient observations");
  // Cluster codes; a cluster variable that is also an absorbed factor shares its
  // codes (same rows, same ascending order).
  std::vector<est::Codes> own_clusters;
  own_clusters.reserve(vce.clustvars.size());
  std::vector<const est::Codes*> clusters;
  for (const auto& c : vce.clustvars) {
    auto same = std::find_if(absvars.begin(), absvars.end(), [&](const AbsVar& a) { return a.name == c; });
    if (same != absvars.end()) {
      clusters.push_back(&fe[static_cast<size_t>(same - absvars.begin())]);
    } else {
      own_clusters.push_back(codes_over(c));
      clusters.push_back(&own_clusters.back());
    }
  }

  // --- Estimate: partial out the factors from y and X, in place in the design's
  // columns (no further copy of the regression data).
  const Eigen::Index n = d.y.size(), p = d.x.cols();
  // The sample's row numbers are not needed any more (d.sample has them): release
  // them before the large allocations below. `all_rows`: the sample is every row
  // of the dataset (no row numbers were kept, no singleton was dropped).
  const bool all_rows = d.rows.empty();
  std::vector<int64_t>().swap(d.rows);
  const Eigen::VectorXd w = kernel::normalized_weights(d.weights, d.weight_kind);
  const double sum_w = w.size() ? w.sum() : static_cast<double>(n);
  std::vector<double*> columns = {d.y.data()};
  for (Eigen::Index col = 0; col < p; ++col) columns.push_back(d.x.col(col).data());
  // norm2: each column's unweighted, uncentred sum of squares, reghdfe's yardstick
  // for "collinear with the fixed effects" below.
  Eigen::VectorXd means(p + 1), reference(p), norm2(p + 1);
  double tss = 0;
  for (Eigen::Index col = 0; col <= p; ++col) {
    const auto v = Eigen::Map<const Eigen::ArrayXd>(columns[static_cast<size_t>(col)], n);
    means(col) = (w.size() ? (v * w.array()).sum() : v.sum()) / sum_w;
    const double ss =
        w.size() ? ((v - means(col)).square() * w.array()).sum() : (v - means(col)).square().sum();
    norm2(col) = w.size() ? v.square().sum() : ss + static_cast<double>(n) * means(col) * means(col);
    if (col > 0) reference(col - 1) = ss;
    else tss = ss;
  }
  kernel::HdfeOptions ho;
  ho.tolerance = tolerance;
  ho.max_iterations = static_cast<int>(max_iter);
  const kernel::HdfeResult hr = kernel::demean_hdfe(columns, n, effects_of(), w, ho);
  // As reghdfe: an unconverged solve is error 430 unless abort(0), which keeps the
  // estimates with a warning and e(converged) = 0.
  if (!hr.converged && args.number("abort") != 0)
    throw XtdoError(430, fmt::format("convergence not achieved in {} iterations (last error={:e}); try "
                                     "increasing maxiter() or decreasing tol().",
                                     hr.iterations, hr.max_change));
  if (hr.converged)
    session.console.println(fmt::format("(MWFE estimator converged in {} iterations)", hr.iterations));
  else
    session.console.println(fmt::format(
        "warning: convergence not achieved in {} iterations (last error={:e}); the fixed effects are not "
        "fully partialled out and the estimates may be inaccurate",
        hr.iterations, hr.max_change));
  // reghdfe's check_collinear_with_fe: a column whose partialled-out sum of squares
  // is at most min(1e-6, tol/10) of its raw one is absorbed by the fixed effects;
  // it is zeroed (so the fit omits it) and noted. A dependent variable so absorbed
  // is kept, zeroed, with a warning.
  std::vector<uint8_t> fe_collinear(static_cast<size_t>(p), 0);
  if (!noabsorb) {
    const double collinear_tol = std::min(1e-6, tolerance / 10);
    for (Eigen::Index col = 0; col <= p; ++col) {
      auto v = Eigen::Map<Eigen::ArrayXd>(columns[static_cast<size_t>(col)], n);
      if (!(norm2(col) > 0) || v.square().sum() / norm2(col) > collinear_tol) continue;
      v.setZero();
      if (col == 0) {
        session.console.println(fmt::format(
            "warning: dependent variable {} is likely perfectly explained by the fixed effects (tol = {:.1e})",
            d.depvar, collinear_tol));
        continue;
      }
      fe_collinear[static_cast<size_t>(col - 1)] = 1;
      for (const auto& t : d.terms)
        if (t.column == col - 1)
          session.console.println(fmt::format("note: {} is probably collinear with the fixed effects (all "
                                              "partialled-out values are close to zero; tol = {:.1e})",
                                              t.name, collinear_tol));
    }
  }
  // Mobility groups and nesting need the codes; compute the absorbed dof now and
  // release the codes that are not also cluster codes before the fit.
  // With every row in the sample, the cluster codes are rebuilt from their columns
  // after the fit (the same codes: the same function of the same column), so all
  // codes are released here and the fit's peak does not hold them.
  const AbsorbedDof dof = absorbed_dof(fe, absvars, vce.clustvars, clusters, noabsorb);
  const bool recode_clusters = all_rows;
  for (auto& c : fe) {
    const bool used = std::find(clusters.begin(), clusters.end(), &c) != clusters.end();
    if (recode_clusters || !used) std::vector<int32_t>().swap(c.code);
  }
  if (recode_clusters) {
    clusters.clear();
    own_clusters.clear();
  }
  const double tss_within = w.size() ? (d.y.array().square() * w.array()).sum() : d.y.squaredNorm();
  // Regression through the means: the slopes from the partialled data, _cons =
  // ȳ − x̄'b, and (X'X)^-1 extended by the partitioned-inverse formula, which is
  // what OLS with a constant on (X̃ + x̄, ỹ + ȳ) gives.
  d.y.array() += means(0);
  for (Eigen::Index col = 0; col < p; ++col) d.x.col(col).array() += means(col + 1);
  kernel::OlsOptions oo;
  oo.constant = true;
  oo.weight_kind = d.weight_kind;
  oo.reference_ss = reference;
  const Eigen::MatrixXd& xt = d.x;
  kernel::OlsResult fit = kernel::ols(xt, d.y, d.weights, oo);
  for (auto& t : d.terms) {
    if (t.column < 0 || !fit.omitted[static_cast<size_t>(t.column)]) continue;
    t.collinear = true;
    if (!fe_collinear[static_cast<size_t>(t.column)])
      session.console.println(fmt::format("note: {} omitted because of collinearity", t.name));
  }
  // The fit has the residuals; the dependent variable is not read again.
  Eigen::VectorXd().swap(d.y);
  if (recode_clusters) {
    own_clusters.reserve(vce.clustvars.size());
    for (const auto& c : vce.clustvars) {
      own_clusters.push_back(codes_over(c));
      clusters.push_back(&own_clusters.back());
    }
  }
  const double nobs = fit.nobs;
  const double k = fit.rank - 1;

  const std::vector<double>& dof_k = dof.k;
  const std::vector<double>& dof_m = dof.m;
  const std::vector<uint8_t>& exact = dof.exact;
  const std::vector<uint8_t>& nested = dof.nested;
  const double df_a_nested = dof.nested_levels;
  const double df_a_initial = dof.initial, df_a_redundant = dof.redundant;
  const double df_a = df_a_initial - df_a_redundant;
  const size_t g_count = fe.size();
  double df_r = nobs - df_a - k;
  if (df_r <= 0) throw XtdoError(2001, "insufficient observations");
  const double used_df_r = df_r - df_a_nested;

  // VCE with reghdfe's small-sample factors (Regression.mata).
  Eigen::MatrixXd v;
  double n_clust = missing::kSysmiss;
  std::vector<int32_t> n_clust_list;
  bool psd_fixed = false;
  switch (vce.kind) {
    case VceKind::kUnadjusted:
      // s² (X̃'X̃)^-1 with s² = rss / (N − df_a − K).
      v = kernel::vce_conventional(fit, df_r).v;
      break;
    case VceKind::kRobust: {
      // HC1 with N / (N − df_a − K).
      kernel::RobustOptions ro;
      ro.dof_k = df_a + k;
      v = kernel::vce_robust(xt, fit, ro).v;
      break;
    }
    case VceKind::kCluster: {
      // (N − 1)/(N − K − df_a − [nested]) · G/(G − 1), G the fewest clusters; one
      // is added back to the subtracted count when some factor is nested in a
      // cluster, so that the constant counts as it does in xtreg, fe.
      std::vector<kernel::ClusterCodes> cc;
      for (const est::Codes* c : clusters) {
        cc.push_back({c->code, c->n_groups});
        n_clust_list.push_back(c->n_groups);
      }
      kernel::ClusterOptions co;
      co.dof_k = k + df_a + (df_a_nested > 0 ? 1 : 0);
      // One clustering: the one-way estimator reads the codes in place (the
      // multiway one copies them); the two give the same numbers for one.
      const kernel::VceResult res =
          cc.size() == 1 ? kernel::vce_cluster(xt, fit, cc[0].code, cc[0].n_clusters, co)
                         : kernel::vce_cluster_multiway(xt, fit, cc, co);
      v = res.v;
      psd_fixed = res.psd_fixed;
      n_clust = res.n_clusters;
      df_r = std::min(df_r, n_clust - 1);
      break;
    }
  }
  if (psd_fixed)
    session.console.println(
        "Warning: VCV matrix was non-positive semi-definite; adjustment from Cameron, Gelbach & "
        "Miller applied.");
  // Model F: Wald test that every slope is zero, divided by K.
  double f = missing::kSysmiss;
  if (k > 0) {
    std::vector<uint8_t> select(fit.coef.size(), 1);
    for (size_t j = 0; j < select.size(); ++j) select[j] = !fit.omitted[j];
    select.back() = 0;
    const kernel::WaldResult wt = kernel::wald_test(fit.coef, v, select);
    if (wt.rank < k) {
      session.console.println(
          "warning: missing F statistic; dropped variables due to collinearity or too few clusters");
    } else {
      f = wt.statistic / k;
    }
  }
  const double rss = fit.rss;
  const double r2 = tss > 0 ? 1 - rss / tss : missing::kSysmiss;
  const double r2_a = tss > 0 ? 1 - (rss / used_df_r) / (tss / (nobs - 1)) : missing::kSysmiss;
  const double r2_within = tss_within > 0 ? 1 - rss / tss_within : missing::kSysmiss;
  const double r2_a_within =
      tss_within > 0 ? 1 - (rss / used_df_r) / (tss_within / (used_df_r + k)) : missing::kSysmiss;
  const double log2pi = std::log(2 * M_PI);

  // --- Post
  if (want_resid) {
    std::vector<double> col(session.data.nobs(), missing::kSysmiss);
    Eigen::Index i = 0;
    for (size_t row = 0; row < col.size(); ++row)
      if (d.sample[row]) col[row] = fit.resid(i++);
    session.data.add_numeric(resid_name, std::move(col), StorageType::Double);
    session.data.get(resid_name)->label = "Residuals";
  }
  session.e.clear();
  est::post_coefficients(session, d, fit.coef, v, true);
  est::post_sample(session, d);
  auto& e = session.e;
  e.set_scalar("N", nobs);
  e.set_scalar("rank", k);
  e.set_scalar("df_m", k);
  e.set_scalar("df_r", df_r);
  e.set_scalar("df_a", df_a);
  e.set_scalar("df_a_initial", df_a_initial);
  e.set_scalar("df_a_redundant", df_a_redundant);
  e.set_scalar("df_a_nested", df_a_nested);
  e.set_scalar("N_hdfe", static_cast<double>(g_count));
  e.set_scalar("N_hdfe_extended", static_cast<double>(g_count));
  e.set_scalar("tss", tss);
  e.set_scalar("tss_within", tss_within);
  e.set_scalar("rss", rss);
  e.set_scalar("mss", tss - rss);
  e.set_scalar("rmse", used_df_r > 0 ? std::sqrt(rss / used_df_r) : std::sqrt(rss));
  e.set_scalar("F", f);
  e.set_scalar("ll", missing::clean(-0.5 * nobs * (1 + log2pi + std::log(rss / nobs))));
  e.set_scalar("ll_0", missing::clean(-0.5 * nobs * (1 + log2pi + std::log(tss_within / nobs))));
  e.set_scalar("r2", r2);
  e.set_scalar("r2_a", r2_a);
  e.set_scalar("r2_within", r2_within);
  e.set_scalar("r2_a_within", r2_a_within);
  if (!d.weight_type.empty()) e.set_scalar("sumweights", d.weights.sum());
  e.set_scalar("ic", hr.iterations);
  e.set_scalar("converged", hr.converged ? 1 : 0);
  e.set_scalar("report_constant", 1);
  e.set_scalar("drop_singletons", noabsorb || args.has("keepsingletons") ? 0 : 1);
  e.set_scalar("num_singletons", static_cast<double>(num_singletons));
  e.set_scalar("N_full", nobs + static_cast<double>(num_singletons));
  if (vce.kind == VceKind::kCluster) {
    e.set_scalar("N_clust", n_clust);
    e.set_scalar("N_clustervars", static_cast<double>(vce.clustvars.size()));
    for (size_t c = 0; c < vce.clustvars.size(); ++c) {
      e.set_scalar(fmt::format("N_clust{}", c + 1), n_clust_list[c]);
      e.set_macro(fmt::format("clustvar{}", c + 1), vce.clustvars[c]);
    }
    e.set_macro("clustvar", util::join(vce.clustvars, " "));
    e.set_macro("title3", "Statistics robust to heteroskedasticity");
    e.set_macro("vce", "cluster");
    e.set_macro("vcetype", "Robust");
  } else if (vce.kind == VceKind::kRobust) {
    e.set_macro("vce", "robust");
    e.set_macro("vcetype", "Robust");
  } else {
    e.set_macro("vce", "ols");
  }
  std::vector<std::string> names, indep;
  for (const auto& a : absvars) names.push_back(a.name);
  if (noabsorb) names.push_back("_cons");
  for (const auto& t : d.terms) indep.push_back(t.name);
  e.set_macro("absvars", util::join(names, " "));
  e.set_macro("extended_absvars", util::join(names, " "));
  e.set_macro("indepvars", util::join(indep, " "));
  e.set_macro("dofmethod", "pairwise clusters continuous");
  e.set_macro("title", "HDFE Linear regression");
  e.set_macro("title2", fmt::format("Absorbing {} HDFE {}", g_count, g_count == 1 ? "group" : "groups"));
  e.set_macro("model", "ols");
  e.set_macro("cmd", "reghdfe");
  e.set_macro("cmdline", "reghdfe " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("predict", "reghdfe_p");
  e.set_macro("properties", "b V");
  if (want_resid) e.set_macro("resid", resid_name);
  // e(dof_table): Categories, Redundant, Num Coefs, Inexact?, Nested? per factor.
  Matrix table(static_cast<int>(g_count), 5);
  table.rownames = names;
  table.colnames = {"Categories", "Redundant", "Num Coefs", "Inexact?", "Nested?"};
  for (size_t g = 0; g < g_count; ++g) {
    const int r = static_cast<int>(g);
    table.at(r, 0) = dof_k[g];
    table.at(r, 1) = dof_m[g];
    table.at(r, 2) = dof_k[g] - dof_m[g];
    table.at(r, 3) = exact[g] ? 0 : 1;
    table.at(r, 4) = nested[g];
  }
  e.set_matrix("dof_table", std::move(table));

  // --- Display
  display_reghdfe(session, level);
}

}  // namespace xtdo
