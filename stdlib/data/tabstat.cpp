// tabstat: a compact table of summary statistics of several variables, optionally
// by groups, with Stata 17's layout and r(StatTotal), r(Stat1), ... ([R] tabstat;
// the display rules of tabstat.ado).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "inspect_util.hpp"
#include "quantile.hpp"
#include "stat_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

using inspect::pad_left;
using inspect::pad_right;

/// A statistic: its r() row name, the heading tables show, and (for percentiles) p.
struct StatDef {
  std::string key;
  std::string head;
  double p = -1;
};

/// statistics(...) as tabstat.ado's Stats subroutine reads it (abbreviations as in
/// its syntax line: MEan SUm COunt MIn MAx Range SKewness Kurtosis SDMean SEMean
/// MEDian Variance).
std::vector<StatDef> parse_stats(const std::string& text, int pos) {
  std::vector<StatDef> out;
  auto words = grammar::split_words(text);
  if (words.empty()) words = {"mean"};
  for (const auto& word : words) {
    std::string w = util::lower(word);
    auto is = [&](const char* full, size_t min) { return util::abbrev(w, full, min); };
    if (w == "n" || is("count", 2))
      out.push_back({"N", "N"});
    else if (is("mean", 2))
      out.push_back({"mean", "Mean"});
    else if (is("sum", 2))
      out.push_back({"sum", "Sum"});
    else if (is("min", 2))
      out.push_back({"min", "Min"});
    else if (is("max", 2))
      out.push_back({"max", "Max"});
    else if (is("range", 1))
      out.push_back({"range", "Range"});
    else if (w == "sd")
      out.push_back({"sd", "SD"});
    else if (is("variance", 1))
      out.push_back({"variance", "Variance"});
    else if (w == "cv")
      out.push_back({"cv", "CV"});
    else if (is("semean", 3) || is("sdmean", 3))
      out.push_back({"se(mean)", "SE(mean)"});
    else if (is("skewness", 2))
      out.push_back({"skewness", "Skewness"});
    else if (is("kurtosis", 1))
      out.push_back({"kurtosis", "Kurtosis"});
    else if (is("median", 3) || w == "p50")
      out.push_back({"p50", "p50", 50});
    else if (w == "iqr")
      out.push_back({"iqr", "IQR"});
    else if (w == "q") {
      out.push_back({"p25", "p25", 25});
      out.push_back({"p50", "p50", 50});
      out.push_back({"p75", "p75", 75});
    } else if (w == "p1" || w == "p5" || w == "p10" || w == "p25" || w == "p75" || w == "p90" ||
               w == "p95" || w == "p99") {
      out.push_back({w, w, std::stod(w.substr(1))});
    } else {
      throw XtdoError(198, fmt::format("unknown statistic: {}", word), pos);
    }
  }
  return out;
}

/// Every statistic of one variable in one group, computed as summarize does.
std::vector<double> compute(std::vector<double>& x, std::vector<double>& w,
                            const std::string& wtype, const std::vector<StatDef>& stats) {
  std::vector<double> out(stats.size(), missing::kSysmiss);
  const double n = static_cast<double>(x.size());
  double raw_w = std::accumulate(w.begin(), w.end(), 0.0);
  for (size_t k = 0; k < stats.size(); ++k)
    if (stats[k].key == "N") out[k] = wtype == "fweight" ? raw_w : n;
  if (x.empty()) {
    for (size_t k = 0; k < stats.size(); ++k)
      if (stats[k].key == "sum") out[k] = 0;
    return out;
  }
  std::vector<double> wn = w;
  if (wtype == "aweight")
    for (double& v : wn) v *= n / raw_w;
  inspect::Moments m = inspect::moments(x, wn, true);
  const double sum_w = w.empty() ? n : raw_w;
  double sum = m.mean * sum_w;
  if (w.empty()) {
    double s = 0, c = 0;
    for (double v : x) {
      double t = s + v;
      c += std::fabs(s) >= std::fabs(v) ? (s - t) + v : (v - t) + s;
      s = t;
    }
    sum = s + c;
  }
  const double W = m.sum_w;
  const double var = W > 1 ? m.ss / (W - 1) : missing::kSysmiss;
  const double sd = missing::is_missing(var) ? missing::kSysmiss : std::sqrt(var);
  const double N = wtype == "fweight" ? raw_w : n;
  std::vector<quantile::Percent> pcts;
  for (const auto& s : stats) {
    if (s.p >= 0) pcts.push_back(quantile::percent_of(s.p));
    if (s.key == "iqr") {
      pcts.push_back(quantile::percent_of(25));
      pcts.push_back(quantile::percent_of(75));
    }
  }
  std::vector<double> q;
  if (!pcts.empty()) q = quantile::percentiles(x, w, pcts, false);
  size_t qi = 0;
  for (size_t k = 0; k < stats.size(); ++k) {
    const std::string& key = stats[k].key;
    double v = out[k];
    if (key == "mean")
      v = m.mean;
    else if (key == "sum")
      v = sum;
    else if (key == "min")
      v = m.min;
    else if (key == "max")
      v = m.max;
    else if (key == "range")
      v = m.max - m.min;
    else if (key == "sd")
      v = sd;
    else if (key == "variance")
      v = var;
    else if (key == "cv")
      v = missing::is_missing(sd) ? sd : sd / m.mean;
    else if (key == "se(mean)")
      v = missing::is_missing(sd) ? sd : sd / std::sqrt(N);
    else if (key == "skewness")
      v = m.m2 > 0 ? m.m3 / std::pow(m.m2, 1.5) : missing::kSysmiss;
    else if (key == "kurtosis")
      v = m.m2 > 0 ? m.m4 / (m.m2 * m.m2) : missing::kSysmiss;
    else if (stats[k].p >= 0)
      v = q[qi++];
    else if (key == "iqr") {
      v = q[qi + 1] - q[qi];
      qi += 2;
    }
    out[k] = missing::clean(v);
  }
  return out;
}

}  // namespace

// tabstat varlist [if] [in] [weight] [, statistics(...) by(varname) columns(variables|
//   statistics) format[(%fmt)] casewise nototal missing noseparator longstub
//   varwidth(#) labelwidth(#) save]
XTDO_COMMAND(tabstat, "tabstat", 0,
             "byable(recall) varlist(numeric) [if] [in] [aweight fweight] "
             "[, BY(string) CASEwise Columns(string) LAbelwidth(integer -1) "
             "VArwidth(integer -1) LOngstub Missing SAME SAVE noSEParator Statistics(string) "
             "STATS(string) noTotal *]") {
  Dataset& data = session.data;
  // --- Bind
  if (args.has("stats") && args.has("statistics"))
    throw XtdoError(198, "options statistics() and stats() may not be specified together");
  std::string stat_text = args.has("stats") ? *args.get("stats") : args.get_or("statistics", "");
  std::vector<StatDef> stats =
      parse_stats(stat_text, args.option_pos(args.has("stats") ? "stats" : "statistics"));
  const bool total = !args.has("nototal");
  std::string by;
  if (args.has("by")) by = resolve_name(data, util::trim(*args.get("by")), args.option_pos("by"));
  if (!total && by.empty()) {
    session.console.println("nothing to display");
    return;
  }
  // `format` (each variable's display format) and `format(%fmt)` share a name, so
  // they arrive as unlisted options.
  bool use_own_format = false;
  std::string fmt_all;
  for (const auto& o : args.options) {
    if (o.name == "by" || o.name == "casewise" || o.name == "columns" || o.name == "labelwidth" ||
        o.name == "varwidth" || o.name == "longstub" || o.name == "missing" || o.name == "same" ||
        o.name == "save" || o.name == "noseparator" || o.name == "statistics" ||
        o.name == "stats" || o.name == "nototal")
      continue;
    if (!util::abbrev(o.name, "format", 1))
      throw XtdoError(198, fmt::format("option {} not allowed", o.name), o.pos);
    if (o.arg)
      fmt_all = util::trim(*o.arg);
    else
      use_own_format = true;
    if (o.arg && (fmt_all.empty() || fmt_all[0] != '%' || format_number(1, fmt_all) == fmt_all))
      throw XtdoError(120, fmt::format("invalid %fmt in option format(): {}", fmt_all), o.pos);
  }
  if (use_own_format && !fmt_all.empty())
    throw XtdoError(198, "options format and format() may not be specified together");
  std::string columns = util::lower(util::trim(args.get_or("columns", "")));
  bool stats_in_columns;
  if (columns.empty())
    stats_in_columns = args.vars.size() == 1;
  else if (util::abbrev(columns, "variables", 1))
    stats_in_columns = false;
  else if (util::abbrev(columns, "statistics", 1) || columns == "stats")
    stats_in_columns = true;
  else
    throw XtdoError(198, fmt::format("option columns({}) invalid -- specify columns(variables) or "
                                     "columns(statistics)",
                                     columns));
  int64_t varwidth = static_cast<int64_t>(args.number("varwidth"));
  const bool descr = args.has("longstub") || by.empty() || varwidth != -1;
  varwidth = varwidth == -1 ? 12 : std::clamp<int64_t>(varwidth, 8, 32);
  int64_t labelwidth = static_cast<int64_t>(args.number("labelwidth"));
  labelwidth = labelwidth == -1 ? 16 : std::clamp<int64_t>(labelwidth, 8, 32);
  std::vector<std::string> formats;
  for (const auto& v : args.vars) {
    if (!v.plain()) throw XtdoError(101, "time-series operators not allowed");
    formats.push_back(!fmt_all.empty() ? fmt_all
                      : use_own_format ? data.get(v.base)->format
                                       : "%9.0g");
  }

  // --- Sample
  stat::WeightedSample s =
      stat::weighted_sample(session, args, args.has("casewise") || args.has("same"));
  const size_t n = data.nobs();
  const Column* bycol = by.empty() ? nullptr : data.get(by);
  stat::Categories groups;
  if (bycol) {
    groups = stat::categorize(data, *bycol, s.touse, args.has("missing"), true);
    for (size_t row = 0; row < n; ++row)
      if (groups.code[row] < 0) s.touse[row] = 0;
  }
  if (std::none_of(s.touse.begin(), s.touse.end(), [](uint8_t m) { return m != 0; }))
    throw XtdoError(2000, "no observations");

  // --- Estimate: one matrix (stats x variables) per group, then the total.
  const size_t nby = bycol ? static_cast<size_t>(groups.count) : 0;
  std::vector<Matrix> mats;
  std::vector<std::string> labels;
  auto build = [&](int64_t group) {
    Matrix m(static_cast<int>(stats.size()), static_cast<int>(args.vars.size()));
    for (size_t k = 0; k < stats.size(); ++k) m.rownames[k] = stats[k].key;
    for (size_t j = 0; j < args.vars.size(); ++j) m.colnames[j] = args.vars[j].name;
    for (size_t j = 0; j < args.vars.size(); ++j) {
      const std::vector<double>& x = data.get(args.vars[j].base)->num;
      std::vector<double> vals, wts;
      for (size_t row = 0; row < n; ++row) {
        if (!s.touse[row] || missing::is_missing(x[row])) continue;
        if (group >= 0 && groups.code[row] != group) continue;
        vals.push_back(x[row]);
        if (!s.w.empty()) wts.push_back(s.w[row]);
      }
      std::vector<double> col = compute(vals, wts, args.weight_type, stats);
      for (size_t k = 0; k < stats.size(); ++k)
        m.at(static_cast<int>(k), static_cast<int>(j)) = col[k];
    }
    return m;
  };
  for (size_t g = 0; g < nby; ++g) {
    mats.push_back(build(static_cast<int64_t>(g)));
    labels.push_back(groups.text[g]);
  }
  if (total) {
    mats.push_back(build(-1));
    labels.push_back("Total");
  }

  // --- Display (tabstat.ado's layout with Stata 17's headings)
  Console& out = session.console;
  size_t byw = 0;
  if (bycol) {
    if (bycol->is_string())
      byw = std::min<size_t>(bycol->str_width, labelwidth);
    else if (!bycol->value_label.empty() && data.value_labels.count(bycol->value_label)) {
      size_t lg = 0;
      for (const auto& [v, t] : data.value_labels.at(bycol->value_label))
        lg = std::max(lg, inspect::display_width(t));
      byw = std::min<size_t>(labelwidth, lg);
    } else {
      byw = 8;
    }
    byw = std::max(byw, inspect::display_width(by));
    if (total) byw = std::max<size_t>(byw, 6);
  }
  const bool sepline = !args.has("noseparator") && ((stats.size() > 1 && !stats_in_columns) ||
                                                    (args.vars.size() > 1 && stats_in_columns));
  const size_t lleft = (bycol ? 1 + byw : 0) + (descr ? (stats_in_columns ? varwidth + 1 : 9) : 0);
  const size_t per_block = std::max<size_t>(1, (80 - (lleft + 1)) / 10);
  auto by_cell = [&](const std::string& text) {
    std::string t = inspect::utf8_chars(text).size() > byw ? text.substr(0, byw) : text;
    return (descr ? pad_right(t, byw) : pad_left(t, byw)) + " ";
  };
  if (!descr) {
    std::string names;
    for (size_t k = 0; k < stats.size(); ++k) names += (k ? ", " : " ") + stats[k].head;
    if (stats_in_columns) {
      std::string vars;
      for (const auto& v : args.vars) vars += " " + v.name;
      out.println();
      out.println("Summary for variables:" + vars);
    } else {
      out.println();
      out.println("Summary statistics:" + names);
    }
    std::string bylabel = bycol->label.empty() ? "" : " (" + bycol->label + ")";
    out.println("Group variable: " + by + bylabel);
  }
  const size_t ncols = stats_in_columns ? stats.size() : args.vars.size();
  const size_t nrows = stats_in_columns ? args.vars.size() : stats.size();
  for (size_t first = 0; first < ncols; first += per_block) {
    size_t last = std::min(ncols, first + per_block);
    out.println();
    std::string head;
    if (bycol)
      head += (descr ? pad_right(inspect::abbrev(by, byw), byw)
                     : pad_left(inspect::abbrev(by, byw), byw)) +
              " ";
    if (descr) head += stats_in_columns ? pad_left("Variable", varwidth) + " " : "   Stats ";
    head += "|";
    for (size_t c = first; c < last; ++c)
      head +=
          pad_left(stats_in_columns ? stats[c].head : inspect::abbrev(args.vars[c].name, 8), 10);
    out.println(head);
    const size_t ndash = 10 * (last - first);
    out.println(std::string(lleft, '-') + "+" + std::string(ndash, '-'));
    for (size_t g = 0; g < mats.size(); ++g) {
      for (size_t r = 0; r < nrows; ++r) {
        std::string line;
        if (bycol) line += r == 0 ? by_cell(labels[g]) : std::string(byw + 1, ' ');
        if (descr)
          line += stats_in_columns
                      ? pad_left(inspect::abbrev(args.vars[r].name, varwidth), varwidth) + " "
                      : pad_left(stats[r].head, 8) + " ";
        line += "|";
        for (size_t c = first; c < last; ++c) {
          size_t stat = stats_in_columns ? c : r, var = stats_in_columns ? r : c;
          double v = mats[g].at(static_cast<int>(stat), static_cast<int>(var));
          line += pad_left(inspect::ltrim(format_number(v, formats[var])), 10);
        }
        out.println(line);
      }
      if (g + 1 >= mats.size())
        out.println(std::string(lleft + 1 + ndash, '-'));
      else if (sepline || (g + 2 == mats.size() && total))
        out.println(std::string(lleft, '-') + "+" + std::string(ndash, '-'));
    }
  }

  // --- Post
  session.r.clear();
  if (total) session.r.set_matrix("StatTotal", mats.back());
  for (size_t g = 0; g < nby; ++g) {
    session.r.set_matrix(fmt::format("Stat{}", g + 1), mats[g]);
    session.r.set_macro(fmt::format("name{}", g + 1), labels[g]);
  }
}

}  // namespace xtdo
