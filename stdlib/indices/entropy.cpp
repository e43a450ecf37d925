// entropy index / entropy topsis: composite indices from several indicators by the
// entropy weight method and by entropy-weighted TOPSIS (docs/commands/entropy.md).
// The numerics are in kernel/entropy.cpp; this file binds, samples, posts, prints.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/coef_table.hpp"
#include "../data/data_common.hpp"
#include "indices_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/entropy.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

using indices::num;
using kernel::Direction;

constexpr const char* kUsage = "entropy index|topsis varlist [if] [in], generate(newvar) [options]";

constexpr const char* kIndexSpec =
    "varlist(numeric) [if] [in] [, GENerate(name) POSitive(string) NEGative(string) BY(varname) "
    "SHift(real 0) SCale(real 1) REPLACE]";
constexpr const char* kTopsisSpec =
    "varlist(numeric) [if] [in] [, GENerate(name) POSitive(string) NEGative(string) BY(varname) "
    "SHift(real 0) NORMalize(string) Weights(string) DPlus(name) DMinus(name) REPLACE]";

/// What both subcommands share after binding: indicators, directions, the sample
/// split into groups (one group without by()), and the variables to create.
struct Setup {
  std::vector<std::string> vars;
  std::vector<Direction> dir;
  std::vector<uint8_t> sample;
  indices::Groups groups;
  std::string by;
  std::string generate;
  double shift = 0;
  bool replace = false;
};

Setup setup(Session& session, const CallArgs& args, const std::string& sub) {
  Setup s;
  s.vars = args.var_names();
  for (size_t i = 0; i < s.vars.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (s.vars[i] == s.vars[j])
        throw XtdoError(198, fmt::format("indicator {} listed twice", s.vars[i]));
  auto gen = args.get("generate");
  if (!gen) throw XtdoError(198, fmt::format("entropy {}: option generate() required", sub));
  s.generate = util::trim(*gen);
  s.replace = args.has("replace");
  indices::check_new_variable(session.data, s.generate, s.replace, args.option_pos("generate"));
  s.dir = indices::directions(session, args, s.vars);
  s.shift = args.number("shift");
  if (s.shift < 0) throw XtdoError(198, "shift() must be zero or positive", args.option_pos("shift"));
  s.sample = args.sample(session);
  if (auto by = args.get("by")) {
    s.by = resolve_name(session.data, util::trim(*by), args.option_pos("by"));
    s.groups = indices::split_groups(session.data, s.by, s.sample);
  } else {
    s.groups.rows.push_back(indices::sample_rows(s.sample));
    s.groups.labels.push_back("");
  }
  size_t total = 0;
  for (const auto& g : s.groups.rows) total += g.size();
  indices::require_observations(total);
  return s;
}

std::string group_suffix(const Setup& s, size_t g) {
  return s.by.empty() ? std::string() : fmt::format(" in {} = {}", s.by, s.groups.labels[g]);
}

/// The checks every group must pass before any weight is computed: two or more
/// observations (ln N > 0) and no constant indicator (max = min cannot be scaled).
void validate_group(const Setup& s, size_t g, const Eigen::MatrixXd& x) {
  if (x.rows() < 2)
    throw XtdoError(2001, fmt::format("insufficient observations{}: the entropy method needs at least 2",
                                      group_suffix(s, g)));
  for (int col : kernel::constant_columns(x))
    throw XtdoError(459, fmt::format("indicator {} is constant{} (max = min = {}); it carries no "
                                     "information and cannot be standardized: drop it",
                                     s.vars[static_cast<size_t>(col)], group_suffix(s, g),
                                     num(x(0, col))));
}

std::string by_line(const Setup& s, size_t g) {
  return fmt::format("-> {} = {}", s.by, s.groups.labels[g]);
}

std::vector<std::string> group_rownames(const Setup& s) {
  if (s.by.empty()) return {"r1"};
  std::vector<std::string> out;
  for (const auto& label : s.groups.labels) out.push_back(indices::matrix_name(label));
  return out;
}

void header(Session& session, const Setup& s, const std::string& title, const std::string& second,
            size_t n) {
  Console& out = session.console;
  out.println();
  out.println(display::header_line(title, "Number of obs", display::count_text(static_cast<double>(n))));
  out.println(display::header_line(second, "Indicators", display::count_text(static_cast<double>(s.vars.size()))));
  if (!s.by.empty())
    out.println(display::header_line("", "Groups", display::count_text(static_cast<double>(s.groups.rows.size()))));
}

/// The indicator table the applied papers print: direction, e_j, d_j, w_j.
void entropy_table(Session& session, const Setup& s, const kernel::EntropyWeights& w) {
  Console& out = session.console;
  const std::string rule(13, '-');
  out.println(rule + "-" + std::string(53, '-'));
  out.println("   Indicator |  Direction     Entropy e  Divergence d      Weight w");
  out.println(rule + "+" + std::string(53, '-'));
  for (size_t j = 0; j < s.vars.size(); ++j) {
    const Eigen::Index col = static_cast<Eigen::Index>(j);
    out.println(fmt::format("{} |{:>11}{:>14}{:>14}{:>14}", indices::row_label(session.data, s.vars[j]),
                            indices::direction_sign(s.dir[j]), num(w.e(col), "%9.4f"),
                            num(w.d(col), "%9.4f"), num(w.w(col), "%9.4f")));
  }
  out.println(rule + "-" + std::string(53, '-'));
}

void run_index(Session& session, const CallArgs& args) {
  // --- Bind and sample
  Setup s = setup(session, args, "index");
  const double scale = args.number("scale");
  if (!(scale > 0)) throw XtdoError(198, "scale() must be positive", args.option_pos("scale"));
  Dataset& data = session.data;

  // --- Estimate: every group is validated before anything is computed or stored.
  const size_t n_groups = s.groups.rows.size();
  std::vector<Eigen::MatrixXd> xs;
  for (size_t g = 0; g < n_groups; ++g) {
    xs.push_back(indices::sample_matrix(data, s.vars, s.groups.rows[g]));
    validate_group(s, g, xs.back());
  }
  const Eigen::Index k = static_cast<Eigen::Index>(s.vars.size());
  Eigen::MatrixXd e(static_cast<Eigen::Index>(n_groups), k), d(e.rows(), k), w(e.rows(), k);
  std::vector<double> score(data.nobs(), missing::kSysmiss);
  std::vector<kernel::EntropyWeights> weights;
  size_t n_total = 0;
  for (size_t g = 0; g < n_groups; ++g) {
    kernel::EntropyIndexOptions options;
    options.direction = s.dir;
    options.shift = s.shift;
    options.scale = scale;
    kernel::EntropyIndexResult result = kernel::entropy_index(xs[g], options);
    const Eigen::Index row = static_cast<Eigen::Index>(g);
    e.row(row) = result.weights.e.transpose();
    d.row(row) = result.weights.d.transpose();
    w.row(row) = result.weights.w.transpose();
    for (size_t i = 0; i < s.groups.rows[g].size(); ++i)
      score[static_cast<size_t>(s.groups.rows[g][i])] = result.score(static_cast<Eigen::Index>(i));
    weights.push_back(result.weights);
    n_total += s.groups.rows[g].size();
  }

  // --- Store and post
  int64_t n_missing = indices::store_variable(data, s.generate, std::move(score));
  ResultSet& r = session.r;
  r.clear();
  r.set_scalar("N", static_cast<double>(n_total));
  r.set_scalar("k", static_cast<double>(k));
  r.set_scalar("shift", s.shift);
  r.set_scalar("scale", scale);
  if (!s.by.empty()) {
    r.set_scalar("N_g", static_cast<double>(n_groups));
    r.set_macro("by", s.by);
  }
  r.set_macro("varlist", util::join(s.vars, " "));
  r.set_macro("generate", s.generate);
  const auto rows = group_rownames(s);
  r.set_matrix("weights", indices::named_matrix(w, rows, s.vars));
  r.set_matrix("e", indices::named_matrix(e, rows, s.vars));
  r.set_matrix("d", indices::named_matrix(d, rows, s.vars));

  // --- Display
  header(session, s, "Entropy weight method",
         fmt::format("Min-max standardization, shift = {}", num(s.shift)), n_total);
  for (size_t g = 0; g < n_groups; ++g) {
    session.console.println();
    if (!s.by.empty()) session.console.println(by_line(s, g));
    entropy_table(session, s, weights[g]);
  }
  if (n_missing > 0) data::note_missing_generated(session, n_missing);
}

/// weights(matname): a 1 × k or k × 1 matrix, matched to the indicators by column
/// names when they are the indicator names, else by position; rescaled to sum to 1
/// (the closeness does not depend on the scale of the weights).
Eigen::VectorXd given_weights(Session& session, const CallArgs& args, const Setup& s) {
  const std::string name = util::trim(*args.get("weights"));
  const int pos = args.option_pos("weights");
  const Matrix* m = session.matrix(name);
  if (!m) throw XtdoError(111, fmt::format("matrix {} not found", name), pos);
  const size_t k = s.vars.size();
  if (static_cast<size_t>(m->rows) * static_cast<size_t>(m->cols) != k || (m->rows != 1 && m->cols != 1))
    throw XtdoError(503, fmt::format("weights(): matrix {} must be 1 x {}", name, k), pos);
  Eigen::VectorXd w(static_cast<Eigen::Index>(k));
  const bool by_name = m->rows == 1 && std::all_of(s.vars.begin(), s.vars.end(), [&](const std::string& v) {
                         return m->col_index(v) >= 0;
                       });
  for (size_t j = 0; j < k; ++j) {
    const double v = by_name ? m->at(0, m->col_index(s.vars[j])) : m->data[j];
    if (missing::is_missing(v) || v < 0)
      throw XtdoError(498, fmt::format("weights(): weights must be non-negative numbers"), pos);
    w(static_cast<Eigen::Index>(j)) = v;
  }
  if (!(w.sum() > 0)) throw XtdoError(498, "weights(): the weights sum to zero", pos);
  return w / w.sum();
}

void run_topsis(Session& session, const CallArgs& args) {
  // --- Bind and sample
  Setup s = setup(session, args, "topsis");
  const std::string norm = util::lower(util::trim(args.get_or("normalize", "minmax")));
  kernel::Scaling scaling;
  if (norm == "minmax")
    scaling = kernel::Scaling::kMinMax;
  else if (norm == "vector")
    scaling = kernel::Scaling::kVector;
  else
    throw XtdoError(198, fmt::format("normalize({}) invalid: use minmax or vector", norm),
                    args.option_pos("normalize"));
  std::vector<std::pair<std::string, std::string>> extra;  // option, variable
  for (const char* opt : {"dplus", "dminus"})
    if (auto v = args.get(opt)) {
      extra.emplace_back(opt, util::trim(*v));
      indices::check_new_variable(session.data, extra.back().second, s.replace, args.option_pos(opt));
    }
  Eigen::VectorXd fixed;
  if (args.get("weights")) fixed = given_weights(session, args, s);
  Dataset& data = session.data;

  // --- Estimate
  const size_t n_groups = s.groups.rows.size();
  std::vector<Eigen::MatrixXd> xs;
  for (size_t g = 0; g < n_groups; ++g) {
    xs.push_back(indices::sample_matrix(data, s.vars, s.groups.rows[g]));
    validate_group(s, g, xs.back());
  }
  const Eigen::Index k = static_cast<Eigen::Index>(s.vars.size()), G = static_cast<Eigen::Index>(n_groups);
  Eigen::MatrixXd w(G, k), e(G, k), d(G, k), vpos(G, k), vneg(G, k);
  std::vector<double> closeness(data.nobs(), missing::kSysmiss), dplus(closeness), dminus(closeness);
  std::vector<kernel::TopsisResult> results;
  size_t n_total = 0;
  for (size_t g = 0; g < n_groups; ++g) {
    kernel::TopsisOptions options;
    options.direction = s.dir;
    options.normalization = scaling;
    options.shift = s.shift;
    options.weights = fixed;
    kernel::TopsisResult res = kernel::topsis(xs[g], options);
    const Eigen::Index row = static_cast<Eigen::Index>(g);
    w.row(row) = res.w.transpose();
    if (fixed.size() == 0) {
      e.row(row) = res.entropy.e.transpose();
      d.row(row) = res.entropy.d.transpose();
    }
    vpos.row(row) = res.ideal_pos.transpose();
    vneg.row(row) = res.ideal_neg.transpose();
    for (size_t i = 0; i < s.groups.rows[g].size(); ++i) {
      const size_t at = static_cast<size_t>(s.groups.rows[g][i]);
      const Eigen::Index obs = static_cast<Eigen::Index>(i);
      closeness[at] = res.closeness(obs);
      dplus[at] = res.d_pos(obs);
      dminus[at] = res.d_neg(obs);
    }
    n_total += s.groups.rows[g].size();
    results.push_back(std::move(res));
  }

  // --- Store and post
  int64_t n_missing = indices::store_variable(data, s.generate, std::move(closeness));
  for (const auto& [opt, var] : extra)
    indices::store_variable(data, var, opt == "dplus" ? dplus : dminus);
  ResultSet& r = session.r;
  r.clear();
  r.set_scalar("N", static_cast<double>(n_total));
  r.set_scalar("k", static_cast<double>(k));
  r.set_scalar("shift", s.shift);
  if (!s.by.empty()) {
    r.set_scalar("N_g", static_cast<double>(n_groups));
    r.set_macro("by", s.by);
  }
  r.set_macro("varlist", util::join(s.vars, " "));
  r.set_macro("generate", s.generate);
  r.set_macro("normalize", norm);
  r.set_macro("weights", fixed.size() ? util::trim(*args.get("weights")) : "entropy");
  const auto rows = group_rownames(s);
  r.set_matrix("weights", indices::named_matrix(w, rows, s.vars));
  if (fixed.size() == 0) {
    r.set_matrix("e", indices::named_matrix(e, rows, s.vars));
    r.set_matrix("d", indices::named_matrix(d, rows, s.vars));
  }
  r.set_matrix("ideal_pos", indices::named_matrix(vpos, rows, s.vars));
  r.set_matrix("ideal_neg", indices::named_matrix(vneg, rows, s.vars));

  // --- Display
  header(session, s, "Entropy-weighted TOPSIS",
         fmt::format("{} normalization, {} weights", norm == "minmax" ? "Min-max" : "Vector",
                     fixed.size() ? "given" : "entropy"),
         n_total);
  Console& out = session.console;
  for (size_t g = 0; g < n_groups; ++g) {
    out.println();
    if (!s.by.empty()) out.println(by_line(s, g));
    const std::string rule(13, '-');
    out.println(rule + "-" + std::string(53, '-'));
    out.println("   Indicator |  Direction      Weight w     Ideal V+      Ideal V-");
    out.println(rule + "+" + std::string(53, '-'));
    for (size_t j = 0; j < s.vars.size(); ++j) {
      const Eigen::Index col = static_cast<Eigen::Index>(j);
      const auto& res = results[g];
      out.println(fmt::format("{} |{:>11}{:>14}{:>14}{:>14}", indices::row_label(session.data, s.vars[j]),
                              indices::direction_sign(s.dir[j]), num(res.w(col), "%9.4f"),
                              num(res.ideal_pos(col), "%9.4f"), num(res.ideal_neg(col), "%9.4f")));
    }
    out.println(rule + "-" + std::string(53, '-'));
  }
  if (n_missing > 0) data::note_missing_generated(session, n_missing);
}

}  // namespace

XTDO_COMMAND(entropy, "entropy", 0, "*") {
  indices::SubCommand sub = indices::split_subcommand(args, kUsage);
  if (sub.name == "index") {
    indices::bind_subcommand(session, sub, "entropy index", kIndexSpec);
    run_index(session, sub.args);
  } else if (sub.name == "topsis") {
    indices::bind_subcommand(session, sub, "entropy topsis", kTopsisSpec);
    run_topsis(session, sub.args);
  } else {
    throw XtdoError(198, fmt::format("entropy: unknown subcommand {}; use index or topsis", sub.name),
                    sub.name_pos);
  }
}

}  // namespace xtdo
