// dagum: Dagum's (1997) decomposition of the Gini coefficient into within-group,
// net between-group and transvariation parts, with the intra-group G_jj and
// inter-group G_jh the regional-disparity literature tabulates, per period with
// over() (docs/commands/dagum.md). Pairwise sums use sorting, O(N log N).
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

const std::vector<std::string> kComponents = {"G", "Gw", "Gnb", "Gt", "Gw_share", "Gnb_share", "Gt_share"};

/// One period: the decomposition over the groups present in it, with `present`
/// mapping its local group codes to the global ones.
struct Period {
  kernel::Dagum d;
  std::vector<int32_t> present;
};

std::string pair_name(const std::vector<std::string>& labels, size_t j, size_t h) {
  return indices::matrix_name(labels[j]) + "_" + indices::matrix_name(labels[h]);
}

std::string short_label(const std::string& s, size_t width) {
  return inspect::display_width(s) > width ? inspect::abbrev(s, width) : s;
}

std::vector<double> components(const kernel::Dagum& d) {
  const double g = d.gini;
  return {g, d.within, d.net_between, d.transvariation, d.within / g, d.net_between / g, d.transvariation / g};
}

}  // namespace

XTDO_COMMAND(dagum, "dagum", 0, "varname(numeric) [if] [in] [, GRoup(varname) OVER(varname)]") {
  // --- Bind
  Dataset& data = session.data;
  const std::string var = args.vars.at(0).name;
  auto g = args.get("group");
  if (!g) throw XtdoError(198, "option group() required");
  const std::string group = resolve_name(data, util::trim(*g), args.option_pos("group"));
  std::string over;
  if (auto o = args.get("over")) over = resolve_name(data, util::trim(*o), args.option_pos("over"));

  // --- Sample
  std::vector<uint8_t> sample = args.sample(session);
  const indices::Groups groups = indices::split_groups(data, group, sample);  // global group codes
  indices::Groups periods;
  if (!over.empty()) {
    periods = indices::split_groups(data, over, sample);
  } else {
    periods.rows.push_back(indices::sample_rows(sample));
    periods.labels.push_back("");
  }
  const auto& y = data.get(var)->num;
  std::vector<int32_t> code(data.nobs(), -1);
  for (size_t j = 0; j < groups.rows.size(); ++j)
    for (int64_t row : groups.rows[j]) code[static_cast<size_t>(row)] = static_cast<int32_t>(j);
  size_t n_total = 0;
  int64_t n_negative = 0;
  for (const auto& rows : periods.rows) {
    n_total += rows.size();
    for (int64_t row : rows) n_negative += y[static_cast<size_t>(row)] < 0;
  }
  indices::require_observations(n_total);
  if (n_negative > 0)
    throw XtdoError(459, fmt::format("{} has {} negative value{}; the Gini decomposition needs non-negative values",
                                     var, n_negative, n_negative == 1 ? "" : "s"));

  // --- Estimate
  const size_t k = groups.rows.size();
  std::vector<Period> results;
  std::vector<std::string> notes;
  for (size_t t = 0; t < periods.rows.size(); ++t) {
    const std::string where = over.empty() ? "" : fmt::format(" in {} = {}", over, periods.labels[t]);
    std::vector<int32_t> local(k, -1);
    Period p;
    std::vector<double> values;
    std::vector<int32_t> codes;
    std::vector<int64_t> counts(k, 0);
    for (int64_t row : periods.rows[t]) ++counts[static_cast<size_t>(code[static_cast<size_t>(row)])];
    for (size_t j = 0; j < k; ++j)
      if (counts[j] > 0) {
        local[j] = static_cast<int32_t>(p.present.size());
        p.present.push_back(static_cast<int32_t>(j));
        if (counts[j] == 1) notes.push_back(fmt::format("group {}{} has one observation: its G_jj is 0", groups.labels[j], where));
      }
    for (int64_t row : periods.rows[t]) {
      values.push_back(y[static_cast<size_t>(row)]);
      codes.push_back(local[static_cast<size_t>(code[static_cast<size_t>(row)])]);
    }
    double sum = 0;
    for (double v : values) sum += v;
    if (!(sum > 0)) throw XtdoError(459, fmt::format("{} is zero everywhere{}; the Gini coefficient is undefined", var, where));
    p.d = kernel::dagum(values, codes, static_cast<int32_t>(p.present.size()));
    results.push_back(std::move(p));
  }

  // --- Post: matrices over the global groups; a group absent in a period is missing.
  const Eigen::Index T = static_cast<Eigen::Index>(results.size()), K = static_cast<Eigen::Index>(k);
  const Eigen::Index pairs = K * (K - 1) / 2;
  const double mv = std::nan("");
  Eigen::MatrixXd comp(T, 7), gjj = Eigen::MatrixXd::Constant(T, K, mv);
  Eigen::MatrixXd gjh = Eigen::MatrixXd::Constant(T, pairs, mv), djh = gjh;
  std::vector<std::string> pair_names, group_names, period_names;
  for (size_t j = 0; j < k; ++j) {
    group_names.push_back(indices::matrix_name(groups.labels[j]));
    for (size_t h = j + 1; h < k; ++h) pair_names.push_back(pair_name(groups.labels, j, h));
  }
  for (Eigen::Index t = 0; t < T; ++t) {
    const Period& p = results[static_cast<size_t>(t)];
    const auto c = components(p.d);
    for (size_t i = 0; i < c.size(); ++i) comp(t, static_cast<Eigen::Index>(i)) = c[i];
    for (size_t a = 0; a < p.present.size(); ++a) {
      gjj(t, p.present[a]) = p.d.g(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(a));
      for (size_t b = a + 1; b < p.present.size(); ++b) {
        // Index of the pair (j, h), j < h, in the row-wise upper triangle.
        const Eigen::Index j = p.present[a], h = p.present[b];
        const Eigen::Index at = j * K - j * (j + 1) / 2 + (h - j - 1);
        gjh(t, at) = p.d.g(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
        djh(t, at) = p.d.d(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
      }
    }
    period_names.push_back(over.empty() ? "r1" : indices::matrix_name(periods.labels[static_cast<size_t>(t)]));
  }
  ResultSet& r = session.r;
  r.clear();
  r.set_scalar("N", static_cast<double>(n_total));
  r.set_scalar("k", static_cast<double>(k));
  r.set_macro("varname", var);
  r.set_macro("group", group);
  if (over.empty()) {
    const kernel::Dagum& d = results[0].d;
    r.set_scalar("G", d.gini);
    r.set_scalar("Gw", d.within);
    r.set_scalar("Gnb", d.net_between);
    r.set_scalar("Gt", d.transvariation);
    // Full k × k matrices when every group is present (always, without over()).
    r.set_matrix("Gjh", indices::named_matrix(d.g, group_names, group_names));
    r.set_matrix("Djh", indices::named_matrix(d.d, group_names, group_names));
    r.set_matrix("Gjj", indices::named_matrix(gjj, period_names, group_names));
  } else {
    r.set_macro("over", over);
    r.set_scalar("N_over", static_cast<double>(T));
    r.set_matrix("Gjj", indices::named_matrix(gjj, period_names, group_names));
    r.set_matrix("Gjh", indices::named_matrix(gjh, period_names, pair_names));
    r.set_matrix("Djh", indices::named_matrix(djh, period_names, pair_names));
  }
  r.set_matrix("dagum", indices::named_matrix(comp, period_names, kComponents));

  // --- Display
  Console& out = session.console;
  auto header = [&](const std::string& left, const std::string& label, const std::string& value) {
    out.println(inspect::pad_right(left, 49) + inspect::pad_right(label, 17) + "= " + pad_left(value, 10));
  };
  out.println();
  header(fmt::format("Dagum Gini decomposition of {}", var), "Number of obs", inspect::commas(static_cast<double>(n_total)));
  header(fmt::format("Groups: {}", group), "Groups", inspect::commas(static_cast<double>(k)));
  if (!over.empty()) header(fmt::format("Periods: {}", over), "Periods", inspect::commas(static_cast<double>(T)));
  const std::string label = over.empty() ? "" : short_label(over, 12);
  auto period_label = [&](Eigen::Index t) {
    return over.empty() ? std::string("All") : short_label(periods.labels[static_cast<size_t>(t)], 12);
  };
  // (1) G and its components, with contribution shares.
  {
    std::string head = "    " + pad_left(label, 12) + " |";
    for (const char* c : {"G", "Gw", "Gnb", "Gt"}) head += pad_left(c, 10);
    head += "  |";
    for (const char* c : {"Gw share", "Gnb share", "Gt share"}) head += pad_left(c, 11);
    const size_t width = head.size() - 18;  // after "    " + 12 + " |"
    const std::string rule = "    " + std::string(14 + width, '-');
    out.println();
    out.println(rule);
    out.println(head);
    out.println("    -------------+" + std::string(width, '-'));
    for (Eigen::Index t = 0; t < T; ++t) {
      std::string line = "    " + pad_left(period_label(t), 12) + " |";
      for (int c = 0; c < 4; ++c) line += pad_left(num(comp(t, c), "%9.4f"), 10);
      line += "  |";
      for (int c = 4; c < 7; ++c) line += pad_left(num(100 * comp(t, c), "%8.2f") + "%", 11);
      out.println(line);
    }
    out.println(rule);
  }
  // (2) intra-group G_jj and (3) inter-group G_jh, one row per period.
  auto table = [&](const std::string& title, const std::vector<std::string>& cols, const Eigen::MatrixXd& m) {
    out.println();
    out.println(title);
    const std::string rule = "    " + std::string(14 + 11 * cols.size(), '-');
    out.println(rule);
    std::string head = "    " + pad_left(label, 12) + " |";
    for (const auto& c : cols) head += pad_left(short_label(c, 10), 11);
    out.println(head);
    out.println("    -------------+" + std::string(11 * cols.size(), '-'));
    for (Eigen::Index t = 0; t < T; ++t) {
      std::string line = "    " + pad_left(period_label(t), 12) + " |";
      for (Eigen::Index c = 0; c < m.cols(); ++c) line += pad_left(num(m(t, c), "%9.4f"), 11);
      out.println(line);
    }
    out.println(rule);
  };
  std::vector<std::string> pair_labels;
  for (size_t j = 0; j < k; ++j)
    for (size_t h = j + 1; h < k; ++h)
      pair_labels.push_back(short_label(groups.labels[j], 4) + "-" + short_label(groups.labels[h], 5));
  table("Intra-group Gini G_jj", groups.labels, gjj);
  if (pairs > 0) table("Inter-group Gini G_jh", pair_labels, gjh);
  for (const auto& note : notes) out.println(fmt::format("(note: {})", note));
}

}  // namespace xtdo
