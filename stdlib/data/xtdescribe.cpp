// xtdescribe: the panel structure ([XT] xtdescribe) — panels and times, the
// distribution of T_i across panels, and the most frequent participation patterns.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
namespace {

using inspect::pad_left;
using inspect::pad_right;

/// Stata's summarize, detail percentile on sorted integers (no weights).
double pct(const std::vector<double>& sorted, int p) {
  size_t n = sorted.size();
  uint64_t np = static_cast<uint64_t>(n) * static_cast<uint64_t>(p);
  size_t i = static_cast<size_t>(np / 100);
  if (np % 100 == 0) return i >= n ? sorted[n - 1] : (sorted[i - 1] + sorted[i]) / 2;
  return sorted[std::min(i, n - 1)];
}

/// Pad a line to display column `col` (1-based), as Stata's _col() does.
std::string to_col(std::string line, size_t col) {
  if (line.size() + 1 < col) line += std::string(col - 1 - line.size(), ' ');
  return line;
}

std::string f60(double v) { return format_number(v, "%6.0f"); }

}  // namespace

XTDO_COMMAND(xtdescribe, "xtdescribe", 5,
             "byable(recall) [if] [in] [, Patterns(integer 9) Width(integer 100)]") {
  // --- Bind
  Dataset& data = session.data;
  const TsSettings& ts = data.ts;
  if (ts.panelvar.empty()) throw XtdoError(459, "panel variable not set; use xtset varname ...");
  if (ts.timevar.empty()) throw XtdoError(459, "time variable not set; use xtset panelvar timevar ...");
  int patterns = static_cast<int>(args.number("patterns"));
  int width = static_cast<int>(args.number("width"));
  if (patterns < 0) throw XtdoError(198, "patterns() must be nonnegative", args.option_pos("patterns"));
  if (patterns >= 1000) patterns = 1 << 30;
  if (width <= 2) throw XtdoError(198, "width must be a positive integer greater than 2", args.option_pos("width"));

  // --- Sample
  std::vector<uint8_t> mask = args.sample(session, false);
  const Column& pcol = *data.get(ts.panelvar);
  const Column& tcol = *data.get(ts.timevar);
  const std::string& tfmt = tcol.format;
  // Times on the delta grid: (t - tmin)/delta, tmin over the whole dataset as xtset has it.
  double tmin_all = missing::kSysmiss;
  for (size_t row = 0; row < data.nobs(); ++row)
    if (!missing::is_missing(pcol.num[row]) && !missing::is_missing(tcol.num[row]))
      tmin_all = missing::is_missing(tmin_all) ? tcol.num[row] : std::min(tmin_all, tcol.num[row]);
  struct Obs {
    double panel, t, traw;
  };
  std::vector<Obs> obs;
  for (size_t row = 0; row < data.nobs(); ++row) {
    if (!mask[row] || missing::is_missing(pcol.num[row]) || missing::is_missing(tcol.num[row])) continue;
    double t = ts.delta == 1 ? tcol.num[row] : std::round((tcol.num[row] - tmin_all) / ts.delta);
    obs.push_back({pcol.num[row], t, tcol.num[row]});
  }
  if (obs.empty()) throw XtdoError(2000, "no observations");
  std::sort(obs.begin(), obs.end(), [](const Obs& a, const Obs& b) {
    return a.panel != b.panel ? a.panel < b.panel : a.t < b.t;
  });

  // --- Build: times, panels, T_i
  std::set<double> times;
  std::set<double> raw_times;
  for (const auto& o : obs) {
    times.insert(o.t);
    raw_times.insert(o.traw);
  }
  if (times.size() < 2)
    throw XtdoError(459, fmt::format("{} must have multiple distinct nonmissing values", ts.timevar));
  std::vector<double> tv(times.begin(), times.end());
  std::vector<double> traw(raw_times.begin(), raw_times.end());
  double tv0 = tv.front(), tv1 = tv.back();
  double span = tv1 - tv0 + 1;
  double dtv = missing::kSysmiss;
  for (size_t i = 1; i < tv.size(); ++i) dtv = std::min(dtv, tv[i] - tv[i - 1]);
  if (patterns != 0 && std::floor((tv1 - tv0) / dtv) + 1 > width) {
    dtv = std::floor((tv1 - tv0) / (width - 1));
    // Times closer than one unit (non-integer times) must not give an empty column width.
    if (!(dtv > 0)) dtv = (tv1 - tv0) / (width - 1);
  }
  std::vector<double> panel_ids;
  std::vector<double> T_i;
  bool unique = true;
  for (size_t i = 0; i < obs.size(); ++i) {
    if (i == 0 || obs[i].panel != obs[i - 1].panel) {
      panel_ids.push_back(obs[i].panel);
      T_i.push_back(0);
    } else if (obs[i].t == obs[i - 1].t) {
      unique = false;
    }
    T_i.back() += 1;
  }
  double n = static_cast<double>(panel_ids.size());

  // --- Display: header lines
  Console& out = session.console;
  out.println();
  auto name_lead = [](const std::string& name) {
    return std::string(name.size() < 8 ? 8 - name.size() : 0, ' ') + name + ":  ";
  };
  std::string val2 = panel_ids.size() > 1 ? format_default(panel_ids[1]) : ".";
  std::string line = name_lead(ts.panelvar) + format_default(panel_ids.front()) + ", " + val2 + ", ..., " +
                     format_default(panel_ids.back());
  out.println(to_col(line, 62) + "n =" + format_number(n, "%11.0f"));
  // Times as Stata's PrettyPrintT lays them out (up to three lines).
  std::vector<std::string> tlines(1);
  std::string first = inspect::fmt_trim(traw[0], tfmt) + ",";
  std::string second = inspect::fmt_trim(traw[1], tfmt);
  size_t cur = 0;
  if (first.size() + 1 + second.size() < 46) {
    tlines[0] = first + " " + second + ", ...,";
  } else {
    tlines[0] = first;
    tlines.push_back(second + ", ...,");
    cur = 1;
  }
  std::string last = inspect::fmt_trim(traw.back(), tfmt);
  if (tlines[cur].size() + last.size() < 50) {
    tlines[cur] += " " + last;
  } else {
    tlines.push_back(last);
  }
  out.println(to_col(name_lead(ts.timevar) + tlines[0], 62) + "T =" +
              format_number(static_cast<double>(tv.size()), "%11.0f"));
  for (size_t i = 1; i < tlines.size(); ++i) out.println(std::string(11, ' ') + tlines[i]);
  std::string unit_word = "unit";
  if (tfmt.size() >= 3 && tfmt.compare(0, 2, "%t") == 0) {
    static const std::map<char, std::string> kWords = {{'c', "millisecond"}, {'C', "millisecond"},
                                                      {'d', "day"},          {'w', "week"},
                                                      {'m', "month"},        {'q', "quarter"},
                                                      {'h', "halfyear"},     {'y', "year"}};
    auto it = kWords.find(tfmt[2]);
    if (it != kWords.end()) unit_word = it->second;
  }
  std::string deltas = inspect::fmt_trim(ts.delta, "%9.0g") + " " + unit_word + (ts.delta == 1 ? "" : "s");
  out.println(std::string(11, ' ') + "Delta(" + ts.timevar + ") = " + deltas);
  out.println(std::string(11, ' ') + "Span(" + ts.timevar + ")  = " + format_default(span) + " periods");
  out.println(std::string(11, ' ') + "(" + ts.panelvar + "*" + ts.timevar +
              (unique ? " uniquely identifies each observation)" : " does not uniquely identify observations)"));
  out.println();
  out.println("Distribution of T_i:   min      5%     25%       50%       75%     95%     max");
  std::vector<double> sorted_T = T_i;
  std::sort(sorted_T.begin(), sorted_T.end());
  double p5 = pct(sorted_T, 5), p25 = pct(sorted_T, 25), p50 = pct(sorted_T, 50), p75 = pct(sorted_T, 75),
         p95 = pct(sorted_T, 95);
  out.println(std::string(20, ' ') + f60(sorted_T.front()) + "  " + f60(p5) + "  " + f60(p25) + "    " + f60(p50) +
              "    " + f60(p75) + "  " + f60(p95) + "  " + f60(sorted_T.back()));

  // --- Post: n panels and the distribution of T_i.
  double mean_T = 0;
  for (double t : T_i) mean_T += t;
  ResultSet& r = session.r;
  r.clear();
  r.set_scalar("n", n);
  r.set_scalar("N", static_cast<double>(obs.size()));
  r.set_scalar("min", sorted_T.front());
  r.set_scalar("max", sorted_T.back());
  r.set_scalar("mean", mean_T / n);
  r.set_scalar("p5", p5);
  r.set_scalar("p25", p25);
  r.set_scalar("p50", p50);
  r.set_scalar("p75", p75);
  r.set_scalar("p95", p95);
  if (patterns == 0) return;

  // --- Display: participation patterns. Column j counts a panel's observations with
  // time in (tv0 - .5 + j*dtv, tv0 - .5 + (j+1)*dtv].
  std::vector<double> lows;
  for (double l = tv0 - 0.5; l < tv1; l += dtv) lows.push_back(l);
  size_t nT = lows.size();
  std::map<std::vector<int>, double> counts;
  {
    size_t i = 0;
    while (i < obs.size()) {
      std::vector<int> pat(nT, 0);
      size_t j = i;
      for (; j < obs.size() && obs[j].panel == obs[i].panel; ++j) {
        size_t col = static_cast<size_t>(std::ceil((obs[j].t - (tv0 - 0.5)) / dtv)) - 1;
        if (col < nT) ++pat[col];
      }
      counts[pat] += 1;
      i = j;
    }
  }
  std::vector<std::pair<std::vector<int>, double>> rows(counts.begin(), counts.end());
  // Most frequent first; ties in pattern order (as Stata's sort on -count then pattern).
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string pats = dtv != 1 ? "*" : "";
  size_t dup = std::max<size_t>(static_cast<size_t>(std::floor((tv1 - tv0) / dtv + 1.5)), 7 + pats.size());
  std::string rule = " " + std::string(27, '-') + "+" + std::string(dup + 2, '-');
  out.println();
  out.println("     Freq.  Percent    Cum. |  Pattern" + pats);
  out.println(rule);
  auto pattern_text = [](const std::vector<int>& pat) {
    std::string s;
    for (int c : pat) s += c == 0 ? '.' : (c <= 9 ? static_cast<char>('0' + c) : 'X');
    return s;
  };
  double cum = 0;
  size_t shown = std::min(rows.size(), static_cast<size_t>(patterns));
  for (size_t k = 0; k < shown; ++k) {
    cum += rows[k].second;
    out.println(format_number(rows[k].second, "%9.0f") + format_number(100 * rows[k].second / n, "%10.2f") +
                format_number(100 * cum / n, "%8.2f") + " |  " + pattern_text(rows[k].first));
  }
  if (shown < rows.size()) {
    double rest = n - cum;
    out.println(format_number(rest, "%9.0f") + format_number(100 * rest / n, "%10.2f") + format_number(100, "%8.2f") +
                " | (other patterns)");
  }
  out.println(rule);
  std::string any(nT, '.');
  for (const auto& [pat, count] : rows)
    for (size_t j = 0; j < nT; ++j)
      if (pat[j] > 0) any[j] = 'X';
  out.println(format_number(n, "%9.0f") + format_number(100, "%10.2f") + std::string(8, ' ') + " |  " + any);
  if (!pats.empty()) {
    out.println(rule);
    out.println(" *Each column represents " + format_default(dtv) + " periods.");
  }
  out.println();
}

}  // namespace xtdo
