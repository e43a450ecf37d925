// tabulate (one- and two-way) and tab1: the commands, and the one-way frequency
// table with Freq./Percent/Cum. columns ([R] tabulate oneway).
#include "tabulate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "data_common.hpp"
#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::tab {

using inspect::pad_left;

Options options(const CallArgs& args) {
  Options o;
  o.missing = args.has("missing");
  o.nolabel = args.has("nolabel");
  o.sort = args.has("sort");
  o.nofreq = args.has("nofreq");
  o.row = args.has("row");
  o.col = args.has("column");
  o.cell = args.has("cell");
  o.chi2 = args.has("chi2");
  o.lrchi2 = args.has("lrchi2");
  o.generate = util::trim(args.get_or("generate", ""));
  o.matcell = util::trim(args.get_or("matcell", ""));
  o.matrow = util::trim(args.get_or("matrow", ""));
  o.matcol = util::trim(args.get_or("matcol", ""));
  return o;
}

std::string freq_text(double f) {
  if (f == std::floor(f) && std::fabs(f) < 1e15) return data::commas(static_cast<int64_t>(f));
  return inspect::ltrim(format_number(f, "%9.0g"));
}

namespace {

/// The row_label width of a one-way table: at least 11 columns, at most 39.
size_t label_width(size_t values) { return std::clamp<size_t>(values, 11, 39); }

std::string cut(const std::string& s, size_t width) {
  auto chars = inspect::utf8_chars(s);
  if (chars.size() <= width) return s;
  std::string out;
  for (size_t i = 0; i < width; ++i) out += chars[i];
  return out;
}

}  // namespace

void oneway(Session& session, const VarRef& ref, const stat::WeightedSample& s,
            const std::string& wtype, const Options& opt) {
  Dataset& data = session.data;
  const Column& col = *data.get(ref.base);
  // --- Build: categories and (weighted) frequencies.
  stat::Categories cats = stat::categorize(data, col, s.touse, opt.missing, !opt.nolabel);
  const size_t n = data.nobs();
  std::vector<double> freq(static_cast<size_t>(cats.count), 0);
  double nobs = 0, wsum = 0;
  for (size_t row = 0; row < n; ++row) {
    int32_t c = cats.code[row];
    if (c < 0) continue;
    double w = s.w.empty() ? 1.0 : s.w[row];
    freq[c] += w;
    wsum += w;
    nobs += 1;
  }
  if (cats.count == 0) {
    // Stata's tabulate reports an empty sample as a note, not an error.
    session.console.println("no observations");
    session.r.clear();
    session.r.set_scalar("N", 0);
    session.r.set_scalar("r", 0);
    return;
  }
  // aweights are scaled to sum to the number of observations.
  if (wtype == "aweight" && wsum > 0)
    for (double& f : freq) f *= nobs / wsum;
  double total = std::accumulate(freq.begin(), freq.end(), 0.0);
  std::vector<int64_t> order(static_cast<size_t>(cats.count));
  std::iota(order.begin(), order.end(), 0);
  if (opt.sort)
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return freq[a] > freq[b]; });

  // --- Indicator variables (checked before anything is created).
  if (!opt.generate.empty()) {
    for (int64_t k = 1; k <= cats.count; ++k) {
      std::string name = fmt::format("{}{}", opt.generate, k);
      if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid name", name));
      if (data.find(name) >= 0)
        throw XtdoError(110, fmt::format("variable {} already defined", name));
    }
  }

  // --- Display
  Console& out = session.console;
  const size_t width = label_width(cats.width);
  const std::string label = col.label.empty() ? ref.name : col.label;
  std::vector<std::string> head = stat::wrap(label, width);
  out.println();
  for (size_t i = 0; i + 1 < head.size(); ++i) out.println(pad_left(head[i], width) + " |");
  out.println(pad_left(head.back(), width) + " |      Freq.     Percent        Cum.");
  std::string rule = std::string(width + 1, '-') + "+" + std::string(35, '-');
  out.println(rule);
  double cum = 0;
  for (int64_t c : order) {
    cum += freq[c];
    out.println(pad_left(cut(cats.text[c], width), width) + " |" +
                pad_left(freq_text(freq[c]), 11) +
                pad_left(fmt::format("{:.2f}", 100.0 * freq[c] / total), 12) +
                pad_left(fmt::format("{:.2f}", 100.0 * cum / total), 12));
  }
  out.println(rule);
  out.println(pad_left("Total", width) + " |" + pad_left(freq_text(total), 11) +
              pad_left("100.00", 12));

  // --- Post
  session.r.clear();
  session.r.set_scalar("N", total);
  session.r.set_scalar("r", static_cast<double>(cats.count));
  if (!opt.matcell.empty()) {
    Matrix m(static_cast<int>(cats.count), 1);
    for (int64_t k = 0; k < cats.count; ++k) m.at(static_cast<int>(k), 0) = freq[order[k]];
    session.matrices[opt.matcell] = m;
  }
  if (!opt.matrow.empty()) {
    if (col.is_string()) throw XtdoError(198, "matrow() not allowed with string variable");
    Matrix m(static_cast<int>(cats.count), 1);
    for (int64_t k = 0; k < cats.count; ++k) {
      m.at(static_cast<int>(k), 0) = col.num[cats.first_row[order[k]]];
    }
    session.matrices[opt.matrow] = m;
  }
  if (!opt.generate.empty()) {
    for (int64_t k = 0; k < cats.count; ++k) {
      std::vector<double> dummy(n, missing::kSysmiss);
      for (size_t row = 0; row < n; ++row)
        if (cats.code[row] >= 0) dummy[row] = cats.code[row] == k ? 1 : 0;
      Column& d = data.add_numeric(fmt::format("{}{}", opt.generate, k + 1), std::move(dummy),
                                   StorageType::Byte);
      d.label = fmt::format("{}=={}", ref.name, cats.text[k]);
    }
  }
}

}  // namespace xtdo::tab

namespace xtdo {

// tabulate varname [varname] [if] [in] [weight] [, options]
XTDO_COMMAND(
    tabulate, "tabulate", 2,
    "byable(recall) varlist [if] [in] [fweight aweight iweight] "
    "[, Missing NOLabel SORT Generate(string) MATCELL(string) MATROW(string) MATCOL(string) "
    "NOFreq Row COLumn CEll CHi2 LRchi2 subpop(string) PLot]") {
  // --- Bind
  if (args.vars.size() > 2) throw XtdoError(103, "too many variables specified");
  for (const auto& v : args.vars)
    if (!v.plain()) throw XtdoError(101, "factor-variable and time-series operators not allowed");
  tab::Options opt = tab::options(args);
  if (args.has("subpop") || args.has("plot"))
    throw XtdoError(198,
                    fmt::format("option {} not supported", args.has("plot") ? "plot" : "subpop()"));
  const bool two = args.vars.size() == 2;
  if (two && (!opt.generate.empty() || opt.sort))
    throw XtdoError(198, fmt::format("option {} not allowed with two-way tables",
                                     opt.sort ? "sort" : "generate()"));
  if (!two && (opt.row || opt.col || opt.cell || opt.chi2 || opt.lrchi2 || opt.nofreq ||
               !opt.matcol.empty()))
    throw XtdoError(
        198, "options row, column, cell, chi2, lrchi2, nofreq and matcol() require two variables");
  // --- Sample
  stat::WeightedSample s = stat::weighted_sample(session, args, false, true);
  if (two)
    tab::twoway(session, args.vars[0], args.vars[1], s, args.weight_type, opt);
  else
    tab::oneway(session, args.vars[0], s, args.weight_type, opt);
}

// tab1 varlist [if] [in] [weight] [, tabulate oneway options]: a one-way table each.
XTDO_COMMAND(tab1, "tab1", 0,
             "byable(recall) varlist [if] [in] [fweight aweight iweight] "
             "[, Missing NOLabel SORT subpop(string) PLot]") {
  for (const auto& v : args.vars)
    if (!v.plain()) throw XtdoError(101, "factor-variable and time-series operators not allowed");
  if (args.has("subpop") || args.has("plot"))
    throw XtdoError(198,
                    fmt::format("option {} not supported", args.has("plot") ? "plot" : "subpop()"));
  tab::Options opt = tab::options(args);
  stat::WeightedSample s = stat::weighted_sample(session, args, false, true);
  std::string qual;
  qual += args.cmd->if_exp ? " if " + util::trim(args.cmd->if_exp->text) : " ";
  qual += args.cmd->in_range ? " in " + util::trim(args.cmd->in_range->text) : " ";
  for (const auto& v : args.vars) {
    session.console.println();
    session.console.println("-> tabulation of " + v.name + qual);
    tab::oneway(session, v, s, args.weight_type, opt);
  }
}

}  // namespace xtdo
