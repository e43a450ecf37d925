// table (basic, Stata 16 syntax): frequencies and up to five statistics of variables
// for the categories of one row variable, or one statistic table per cell of a row
// by column table, in the style of tabdisp ([R] table, version 16).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "data_common.hpp"
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

/// One entry of contents(): `freq` or `stat varname`.
struct Content {
  std::string stat;  ///< freq mean sd sum rawsum count n max min median p# iqr
  std::string var;
  double p = -1;
  std::string head() const { return stat == "freq" ? "Freq." : fmt::format("{}({})", stat, var); }
};

std::vector<Content> parse_contents(const Dataset& data, const std::string& text, int pos) {
  std::vector<Content> out;
  auto words = grammar::split_words(text);
  if (words.empty()) words = {"freq"};
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = util::lower(words[i]);
    Content c;
    if (w == "freq") {
      c.stat = "freq";
    } else {
      bool pct = w.size() > 1 && w[0] == 'p' && std::all_of(w.begin() + 1, w.end(), ::isdigit);
      if (!(w == "mean" || w == "sd" || w == "sum" || w == "rawsum" || w == "count" || w == "n" ||
            w == "max" || w == "min" || w == "median" || w == "iqr" || w == "semean" || pct))
        throw XtdoError(198, fmt::format("{} invalid statistic in contents()", words[i]), pos);
      if (i + 1 >= words.size())
        throw XtdoError(198, fmt::format("{} requires a variable name", words[i]), pos);
      c.stat = w;
      c.var = resolve_name(data, words[++i], pos);
      if (data.get(c.var)->is_string()) throw XtdoError(109, "type mismatch", pos);
      if (pct) c.p = w.size() > 4 ? 1000 : std::strtod(w.c_str() + 1, nullptr);
      if (w == "median") c.p = 50;
      if (c.p > 99 || c.p == 0)
        throw XtdoError(198, fmt::format("{} invalid statistic in contents()", words[i]), pos);
    }
    out.push_back(c);
  }
  if (out.size() > 5)
    throw XtdoError(198, "too many statistics in contents(); the limit is 5", pos);
  return out;
}

/// One statistic over the rows of a cell (weights as summarize uses them).
double statistic(const Content& c, const Dataset& data, const std::vector<size_t>& rows,
                 const stat::WeightedSample& s, const std::string& wtype) {
  if (c.stat == "freq") {
    double f = 0;
    for (size_t row : rows) f += s.w.empty() ? 1 : s.w[row];
    return f;
  }
  const std::vector<double>& x = data.get(c.var)->num;
  std::vector<double> vals, wts;
  for (size_t row : rows)
    if (!missing::is_missing(x[row])) {
      vals.push_back(x[row]);
      if (!s.w.empty()) wts.push_back(s.w[row]);
    }
  double n = static_cast<double>(vals.size());
  double raw_w = std::accumulate(wts.begin(), wts.end(), 0.0);
  if (c.stat == "count" || c.stat == "n") return wtype == "fweight" ? raw_w : n;
  if (vals.empty()) return c.stat == "sum" || c.stat == "rawsum" ? 0 : missing::kSysmiss;
  if (c.stat == "rawsum") return std::accumulate(vals.begin(), vals.end(), 0.0);
  if (c.stat == "min") return *std::min_element(vals.begin(), vals.end());
  if (c.stat == "max") return *std::max_element(vals.begin(), vals.end());
  if (c.p >= 0 || c.stat == "iqr") {
    std::vector<quantile::Percent> pcts;
    if (c.stat == "iqr")
      pcts = {quantile::percent_of(25), quantile::percent_of(75)};
    else
      pcts = {quantile::percent_of(c.p)};
    std::vector<double> q = quantile::percentiles(vals, wts, pcts, false);
    return c.stat == "iqr" ? q[1] - q[0] : q[0];
  }
  std::vector<double> wn = wts;
  if (wtype == "aweight")
    for (double& v : wn) v *= n / raw_w;
  inspect::Moments m = inspect::moments(vals, wn, false);
  double W = m.sum_w;
  double sd = W > 1 ? std::sqrt(m.ss / (W - 1)) : missing::kSysmiss;
  if (c.stat == "mean") return m.mean;
  if (c.stat == "sd") return sd;
  if (c.stat == "semean")
    return missing::is_missing(sd) ? sd : sd / std::sqrt(wtype == "fweight" ? raw_w : n);
  if (c.stat == "sum") return m.mean * (wts.empty() ? n : raw_w);
  return missing::kSysmiss;
}

std::string cell_text(const Content& c, double v, const std::string& fmt) {
  if (c.stat == "freq" || c.stat == "count" || c.stat == "n")
    return v == std::floor(v) ? data::commas(static_cast<int64_t>(v))
                              : inspect::ltrim(format_number(v, "%9.0g"));
  return inspect::ltrim(format_number(v, fmt));
}

}  // namespace

// table rowvar [colvar] [if] [in] [weight] [, contents(clist) format(%fmt) missing]
XTDO_COMMAND(table, "table", 0,
             "byable(recall) varlist [if] [in] [fweight aweight iweight pweight] "
             "[, Contents(string) Format(string) MISSing]") {
  const Dataset& data = session.data;
  // --- Bind
  if (args.vars.size() > 2)
    throw XtdoError(
        103, "too many variables specified (xtdo's table takes a row and a column variable)");
  for (const auto& v : args.vars)
    if (!v.plain()) throw XtdoError(101, "factor-variable and time-series operators not allowed");
  std::vector<Content> contents =
      parse_contents(data, args.get_or("contents", ""), args.option_pos("contents"));
  std::string fmt = util::trim(args.get_or("format", "%9.0g"));
  if (fmt.empty() || fmt[0] != '%' || format_number(1, fmt) == fmt)
    throw XtdoError(120, fmt::format("invalid format: {}", fmt), args.option_pos("format"));

  // --- Sample and cells
  stat::WeightedSample s = stat::weighted_sample(session, args, false, true);
  const Column& rcol = *data.get(args.vars[0].base);
  const Column* ccol = args.vars.size() == 2 ? data.get(args.vars[1].base) : nullptr;
  std::vector<uint8_t> touse = s.touse;
  for (size_t row = 0; row < touse.size() && !args.has("missing"); ++row) {
    if (!touse[row]) continue;
    for (const Column* c : {&rcol, ccol})
      if (c && (c->is_string() ? c->str[row].empty() : missing::is_missing(c->num[row])))
        touse[row] = 0;
  }
  stat::Categories rc = stat::categorize(data, rcol, touse, true, true);
  stat::Categories cc;
  if (ccol) cc = stat::categorize(data, *ccol, touse, true, true);
  if (rc.count == 0) throw XtdoError(2000, "no observations");
  const size_t R = static_cast<size_t>(rc.count), C = ccol ? static_cast<size_t>(cc.count) : 1;
  std::vector<std::vector<size_t>> cells(R * C);
  for (size_t row = 0; row < touse.size(); ++row)
    if (rc.code[row] >= 0) cells[rc.code[row] * C + (ccol ? cc.code[row] : 0)].push_back(row);

  // --- Text of every cell: one line per statistic (two-way) or one column each (one-way).
  std::vector<std::vector<std::string>> text(R * C);
  for (size_t k = 0; k < R * C; ++k)
    for (const auto& c : contents) {
      if (cells[k].empty()) {
        text[k].push_back("");
        continue;
      }
      text[k].push_back(cell_text(c, statistic(c, data, cells[k], s, args.weight_type), fmt));
    }

  // --- Display
  Console& out = session.console;
  const std::string rlabel = rcol.label.empty() ? args.vars[0].name : rcol.label;
  size_t row_label = rc.width;
  for (const auto& w : grammar::split_words(rlabel))
    row_label = std::max(row_label, inspect::display_width(w));
  row_label = std::clamp<size_t>(row_label, 8, 32);
  std::vector<std::string> rhead = stat::wrap(rlabel, row_label);
  std::vector<std::string> heads;  // column headings
  std::vector<size_t> widths;
  if (!ccol) {
    for (size_t j = 0; j < contents.size(); ++j) {
      heads.push_back(contents[j].head());
      size_t w = std::max<size_t>(9, heads.back().size());
      for (size_t i = 0; i < R; ++i) w = std::max(w, text[i][j].size());
      widths.push_back(w);
    }
  } else {
    for (size_t j = 0; j < C; ++j) {
      heads.push_back(cc.text[j]);
      size_t w = std::max<size_t>(9, inspect::display_width(heads.back()));
      for (size_t i = 0; i < R; ++i)
        for (const auto& t : text[i * C + j]) w = std::max(w, t.size());
      widths.push_back(w);
    }
  }
  size_t body = 0;
  for (size_t w : widths) body += w + 2;
  out.println();
  out.println(std::string(row_label + 3 + body, '-'));
  if (ccol) {
    const std::string clabel = ccol->label.empty() ? args.vars[1].name : ccol->label;
    std::string over = std::string(row_label + 2, ' ') + "|";
    size_t w = inspect::display_width(clabel);
    over += std::string(body > w ? (body - w) / 2 : 0, ' ') + clabel;
    out.println(over);
  }
  for (size_t i = 0; i + 1 < rhead.size(); ++i) out.println(" " + pad_right(rhead[i], row_label) + " |");
  std::string head = " " + pad_right(rhead.back(), row_label) + " |";
  for (size_t j = 0; j < heads.size(); ++j) head += "  " + pad_left(heads[j], widths[j]);
  out.println(head);
  out.println(std::string(row_label + 2, '-') + "+" + std::string(body, '-'));
  for (size_t i = 0; i < R; ++i) {
    size_t lines = ccol ? contents.size() : 1;
    for (size_t l = 0; l < lines; ++l) {
      std::string line = " " + pad_left(l == 0 ? rc.text[i] : "", row_label) + " |";
      for (size_t j = 0; j < heads.size(); ++j) {
        const std::string& t = ccol ? text[i * C + j][l] : text[i][j];
        line += "  " + pad_left(t, widths[j]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out.println(line);
    }
  }
  out.println(std::string(row_label + 3 + body, '-'));
}

}  // namespace xtdo
