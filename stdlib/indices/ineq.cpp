// ineq: Gini, Theil T (GE(1)), mean log deviation (GE(0)), GE(2), coefficient of
// variation and Atkinson indices of one variable, with Theil's within/between
// decomposition by group and one row per period with over() (docs/commands/ineq.md).
#include <fmt/format.h>

#include <cmath>

#include "../data/inspect_util.hpp"
#include "indices_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/inequality.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

using indices::num;
using inspect::pad_left;

/// Columns of r(ineq) (and scalar names without over()).
const std::vector<std::string> kStats = {"N", "sum_w", "mean", "gini", "theil", "mld",
                                         "ge2", "cv", "a05", "a1", "a2"};
const std::vector<std::string> kDecomp = {"theil_w", "theil_b", "mld_w", "mld_b"};

std::vector<double> stat_values(const kernel::Inequality& q) {
  return {q.n, q.sum_w, q.mean, q.gini, q.theil, q.mld, q.ge2, q.cv, q.atkinson_half, q.atkinson_1, q.atkinson_2};
}

/// One period's (or the whole sample's) computation.
struct Period {
  kernel::Inequality total;
  bool decomposed = false;
  kernel::TheilDecomposition decomposition;
  std::vector<std::string> group_labels;
};

Period compute(const Dataset& data, const std::string& var, const std::vector<int64_t>& rows,
               const std::vector<double>& weights, const std::string& by) {
  std::vector<double> y, w;
  for (int64_t row : rows) {
    y.push_back(data.get(var)->num[static_cast<size_t>(row)]);
    if (!weights.empty()) w.push_back(weights[static_cast<size_t>(row)]);
  }
  Period p;
  if (by.empty()) {
    p.total = kernel::inequality(y, w);
    return p;
  }
  std::vector<uint8_t> mask(data.nobs(), 0);
  for (int64_t row : rows) mask[static_cast<size_t>(row)] = 1;
  indices::Groups groups = indices::split_groups(data, by, mask);
  std::vector<int32_t> code(data.nobs(), -1);
  for (size_t g = 0; g < groups.rows.size(); ++g)
    for (int64_t row : groups.rows[g]) code[static_cast<size_t>(row)] = static_cast<int32_t>(g);
  std::vector<int32_t> codes;
  for (int64_t row : rows) codes.push_back(code[static_cast<size_t>(row)]);
  p.decomposition = kernel::theil_decomposition(y, w, codes, static_cast<int32_t>(groups.rows.size()));
  p.total = p.decomposition.total;
  p.decomposed = true;
  p.group_labels = groups.labels;
  return p;
}

void measures_table(Console& out, const kernel::Inequality& q) {
  const std::string rule = "    " + std::string(45, '-');
  out.println();
  out.println(rule);
  out.println("                        Measure |       Value");
  out.println("    ----------------------------+----------------");
  auto row = [&](const std::string& label, double v) {
    out.println(fmt::format("    {} |  {}", pad_left(label, 27), pad_left(num(v), 10)));
  };
  row("Gini coefficient", q.gini);
  row("Theil T, GE(1)", q.theil);
  row("Mean log deviation, GE(0)", q.mld);
  row("Half squared CV, GE(2)", q.ge2);
  row("Coefficient of variation", q.cv);
  row("Atkinson, e = 0.5", q.atkinson_half);
  row("Atkinson, e = 1", q.atkinson_1);
  row("Atkinson, e = 2", q.atkinson_2);
  out.println(rule);
}

void decomposition_tables(Session& session, const Period& p, const std::string& by) {
  Console& out = session.console;
  const auto& d = p.decomposition;
  out.println();
  out.println(fmt::format("Subgroup inequality by {}", by));
  const std::string rule = "    " + std::string(96, '-');
  out.println(rule);
  out.println(fmt::format("    {} |      Obs   Pop. share  Inc. share        Mean        Gini     Theil T         MLD",
                          pad_left(by.size() > 12 ? inspect::abbrev(by, 12) : by, 12)));
  out.println("    -------------+" + std::string(82, '-'));
  for (size_t g = 0; g < d.group.size(); ++g) {
    const auto& q = d.group[g];
    const Eigen::Index gi = static_cast<Eigen::Index>(g);
    out.println(fmt::format("    {} |{}{}{}{}{}{}{}", pad_left(inspect::abbrev(p.group_labels[g], 12), 12),
                            pad_left(inspect::commas(q.n), 9), pad_left(num(d.pop_share(gi), "%9.4f"), 13),
                            pad_left(num(d.income_share(gi), "%9.4f"), 12), pad_left(num(q.mean), 12),
                            pad_left(num(q.gini), 12), pad_left(num(q.theil), 12), pad_left(num(q.mld), 12)));
  }
  out.println(rule);
  out.println();
  out.println(fmt::format("Theil decomposition by {}", by));
  const std::string rule2 = "    " + std::string(61, '-');
  out.println(rule2);
  out.println("                  |        Theil T, GE(1)          MLD, GE(0)");
  out.println("                  |       Value      Share       Value      Share");
  out.println("    --------------+" + std::string(46, '-'));
  auto row = [&](const std::string& label, double t, double l) {
    const double st = d.total.theil > 0 ? t / d.total.theil : missing::kSysmiss;
    const double sl = d.total.mld > 0 ? l / d.total.mld : missing::kSysmiss;
    out.println(fmt::format("    {} |{}{}{}{}", inspect::pad_right(label, 13), pad_left(num(t), 12),
                            pad_left(num(st, "%9.4f"), 11), pad_left(num(l), 12), pad_left(num(sl, "%9.4f"), 11)));
  };
  row("Within", d.theil_within, d.mld_within);
  row("Between", d.theil_between, d.mld_between);
  row("Total", d.total.theil, d.total.mld);
  out.println(rule2);
}

}  // namespace

XTDO_COMMAND(ineq, "ineq", 0,
             "varname(numeric) [if] [in] [aweight fweight pweight] [, BY(varname) OVER(varname)]") {
  // --- Bind
  Dataset& data = session.data;
  const std::string var = args.vars.at(0).name;
  std::string by, over;
  if (auto b = args.get("by")) by = resolve_name(data, util::trim(*b), args.option_pos("by"));
  if (auto o = args.get("over")) over = resolve_name(data, util::trim(*o), args.option_pos("over"));

  // --- Sample: if/in, missing values, weights (zero weights drop the observation).
  std::vector<uint8_t> sample = args.sample(session);
  std::vector<double> weights;
  if (args.weight_exp) {
    EvalContext ctx;
    ctx.data = &data;
    ctx.env = &session;
    weights = evaluate(*args.weight_exp, ctx).num;
    for (size_t row = 0; row < data.nobs(); ++row) {
      if (!sample[row]) continue;
      if (args.weight_type == "fweight" && weights[row] != std::floor(weights[row]))
        throw XtdoError(401, "may not use noninteger frequency weights");
      if (weights[row] == 0) sample[row] = 0;
    }
  }
  if (!by.empty()) indices::split_groups(data, by, sample);  // drops missing group values
  const auto& y = data.get(var)->num;
  int64_t n_negative = 0;
  for (size_t row = 0; row < data.nobs(); ++row) n_negative += sample[row] && y[row] < 0;
  if (n_negative > 0)
    throw XtdoError(459, fmt::format("{} has {} negative value{}; inequality measures need non-negative values",
                                     var, n_negative, n_negative == 1 ? "" : "s"));
  indices::Groups periods;
  if (!over.empty()) {
    periods = indices::split_groups(data, over, sample);
  } else {
    periods.rows.push_back(indices::sample_rows(sample));
    periods.labels.push_back("");
  }
  size_t n_total = 0;
  for (const auto& rows : periods.rows) n_total += rows.size();
  indices::require_observations(n_total);

  // --- Estimate
  std::vector<Period> results;
  for (size_t t = 0; t < periods.rows.size(); ++t) {
    results.push_back(compute(data, var, periods.rows[t], weights, by));
    if (!(results.back().total.mean > 0))
      throw XtdoError(459, fmt::format("{} has mean zero{}; inequality measures are undefined", var,
                                       over.empty() ? "" : fmt::format(" in {} = {}", over, periods.labels[t])));
  }
  int64_t n_zero = 0;
  for (const auto& p : results) n_zero += p.total.n_zero;

  // --- Post
  ResultSet& r = session.r;
  r.clear();
  r.set_scalar("N", static_cast<double>(n_total));
  r.set_macro("varname", var);
  if (!by.empty()) r.set_macro("by", by);
  std::vector<std::string> cols = kStats;
  if (!by.empty()) cols.insert(cols.end(), kDecomp.begin(), kDecomp.end());
  if (over.empty()) {
    const Period& p = results[0];
    const auto values = stat_values(p.total);
    for (size_t i = 0; i < kStats.size(); ++i) r.set_scalar(kStats[i], missing::clean(values[i]));
    if (p.decomposed) {
      const auto& d = p.decomposition;
      r.set_scalar("theil_w", d.theil_within);
      r.set_scalar("theil_b", d.theil_between);
      r.set_scalar("mld_w", missing::clean(d.mld_within));
      r.set_scalar("mld_b", d.mld_between);
      const Eigen::Index G = static_cast<Eigen::Index>(d.group.size());
      Eigen::MatrixXd m(G, 7);
      std::vector<std::string> names;
      for (Eigen::Index g = 0; g < G; ++g) {
        const auto& q = d.group[static_cast<size_t>(g)];
        m.row(g) << q.n, d.pop_share(g), d.income_share(g), q.mean, q.gini, q.theil, q.mld;
        names.push_back(indices::matrix_name(p.group_labels[static_cast<size_t>(g)]));
      }
      r.set_matrix("groups", indices::named_matrix(m, names, {"N", "pop_share", "inc_share", "mean", "gini", "theil", "mld"}));
    }
  } else {
    r.set_macro("over", over);
    r.set_scalar("N_over", static_cast<double>(results.size()));
    Eigen::MatrixXd m(static_cast<Eigen::Index>(results.size()), static_cast<Eigen::Index>(cols.size()));
    std::vector<std::string> names;
    for (size_t t = 0; t < results.size(); ++t) {
      auto values = stat_values(results[t].total);
      if (results[t].decomposed) {
        const auto& d = results[t].decomposition;
        values.insert(values.end(), {d.theil_within, d.theil_between, d.mld_within, d.mld_between});
      }
      for (size_t c = 0; c < values.size(); ++c) m(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(c)) = values[c];
      names.push_back(indices::matrix_name(periods.labels[t]));
    }
    r.set_matrix("ineq", indices::named_matrix(m, names, cols));
  }

  // --- Display
  Console& out = session.console;
  auto header = [&](const std::string& left, const std::string& label, const std::string& value) {
    out.println(inspect::pad_right(left, 49) + inspect::pad_right(label, 17) + "= " + pad_left(value, 10));
  };
  out.println();
  if (over.empty()) {
    const auto& q = results[0].total;
    header("Inequality of " + var, "Number of obs", inspect::commas(q.n));
    if (!weights.empty()) header("", "Sum of weights", num(q.sum_w));
    header("", "Mean", num(q.mean));
    measures_table(out, q);
    if (results[0].decomposed) decomposition_tables(session, results[0], by);
  } else {
    header(fmt::format("Inequality of {} over {}", var, over), "Number of obs", inspect::commas(static_cast<double>(n_total)));
    header("", "Periods", inspect::commas(static_cast<double>(results.size())));
    const bool dec = !by.empty();
    const std::string rule = "    " + std::string(dec ? 107 : 83, '-');
    out.println();
    out.println(rule);
    out.println(fmt::format("    {} |      Obs        Mean        Gini     Theil T         MLD          CV{}",
                            pad_left(inspect::abbrev(over, 12), 12), dec ? "    T within   T between" : ""));
    out.println("    -------------+" + std::string(dec ? 93 : 69, '-'));
    for (size_t t = 0; t < results.size(); ++t) {
      const auto& q = results[t].total;
      std::string line = fmt::format("    {} |{}{}{}{}{}{}", pad_left(inspect::abbrev(periods.labels[t], 12), 12),
                                     pad_left(inspect::commas(q.n), 9), pad_left(num(q.mean), 12),
                                     pad_left(num(q.gini), 12), pad_left(num(q.theil), 12),
                                     pad_left(num(q.mld), 12), pad_left(num(q.cv), 12));
      if (dec)
        for (double v : {results[t].decomposition.theil_within, results[t].decomposition.theil_between})
          line += pad_left(num(v), 12);
      out.println(line);
    }
    out.println(rule);
  }
  if (n_zero > 0)
    out.println(fmt::format("(note: {} has {} zero value{}: the mean log deviation and Atkinson e = 1, 2 "
                            "are undefined and reported as missing)",
                            var, n_zero, n_zero == 1 ? "" : "s"));
}

}  // namespace xtdo
