// xtset / tsset: declare the panel and time variables ([XT] xtset, [TS] tsset), sort
// the data by them, check for repeated times, report balance, range and delta in r().
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

/// The unit a time format implies: (r(unit), r(unit1), singular word).
struct TimeUnit {
  std::string unit = "generic", unit1, word = "unit";
};

TimeUnit unit_of(const std::string& format) {
  TimeUnit u;
  if (format.size() < 3 || format.compare(0, 2, "%t") != 0) return u;
  switch (format[2]) {
    case 'c': u = {"clock", "c", "millisecond"}; break;
    case 'C': u = {"Clock", "C", "millisecond"}; break;
    case 'd': u = {"daily", "d", "day"}; break;
    case 'w': u = {"weekly", "w", "week"}; break;
    case 'm': u = {"monthly", "m", "month"}; break;
    case 'q': u = {"quarterly", "q", "quarter"}; break;
    case 'h': u = {"halfyearly", "h", "halfyear"}; break;
    case 'y': u = {"yearly", "y", "year"}; break;
    default: break;
  }
  return u;
}

/// What xtset reports about the declared panel/time structure.
struct PanelReport {
  std::string balanced;   ///< "strongly balanced", "weakly balanced", "unbalanced"
  double tmin = missing::kSysmiss, tmax = missing::kSysmiss;
  double imin = missing::kSysmiss, imax = missing::kSysmiss;
  int64_t gaps = 0;       ///< consecutive observations more than delta apart
};

/// Sort by panel and time and examine the structure. Throws 451 on repeated times or
/// times that are not on the delta grid.
PanelReport examine(Dataset& data, const std::string& panelvar, const std::string& timevar,
                    double delta, bool tsset_only) {
  std::vector<std::string> keys;
  if (!panelvar.empty()) keys.push_back(panelvar);
  if (!timevar.empty()) keys.push_back(timevar);
  data.sort(keys);
  PanelReport rep;
  const Column* p = panelvar.empty() ? nullptr : data.get(panelvar);
  const Column* t = timevar.empty() ? nullptr : data.get(timevar);
  size_t n = data.nobs();
  // Panels: runs of equal panel values among rows with a panel (and time) value.
  std::vector<std::vector<double>> panel_times;
  std::vector<size_t> panel_sizes;
  double prev_panel = missing::kSysmiss;
  for (size_t row = 0; row < n; ++row) {
    double pv = p ? p->num[row] : 0.0;
    double tv = t ? t->num[row] : 0.0;
    if (missing::is_missing(pv) || missing::is_missing(tv)) continue;
    if (panel_sizes.empty() || pv != prev_panel) {
      panel_sizes.push_back(0);
      panel_times.emplace_back();
      prev_panel = pv;
      if (p) {
        rep.imin = missing::is_missing(rep.imin) ? pv : std::min(rep.imin, pv);
        rep.imax = missing::is_missing(rep.imax) ? pv : std::max(rep.imax, pv);
      }
    }
    ++panel_sizes.back();
    if (!t) continue;
    auto& times = panel_times.back();
    if (!times.empty()) {
      double step = tv - times.back();
      if (step == 0)
        throw XtdoError(451, tsset_only ? "repeated time values in sample" : "repeated time values within panel");
      // Times must lie on the grid of delta: a step that is not a multiple is an error.
      double k = step / delta;
      if (std::fabs(k - std::round(k)) > 1e-9 * std::max(1.0, std::fabs(k)))
        throw XtdoError(451, "time values with period less than delta() found");
      if (std::round(k) > 1) ++rep.gaps;
    }
    times.push_back(tv);
    rep.tmin = missing::is_missing(rep.tmin) ? tv : std::min(rep.tmin, tv);
    rep.tmax = missing::is_missing(rep.tmax) ? tv : std::max(rep.tmax, tv);
  }
  bool same_size = std::adjacent_find(panel_sizes.begin(), panel_sizes.end(), std::not_equal_to<>()) ==
                   panel_sizes.end();
  bool same_times = true;
  for (size_t i = 1; i < panel_times.size() && same_times; ++i) same_times = panel_times[i] == panel_times[0];
  if (!t) rep.balanced = same_size ? "balanced" : "unbalanced";
  else if (same_size && same_times) rep.balanced = "strongly balanced";
  else if (same_size) rep.balanced = "weakly balanced";
  else rep.balanced = "unbalanced";
  return rep;
}

std::string delta_text(double delta, const TimeUnit& u) {
  std::string num = inspect::fmt_trim(delta, "%9.0g");
  return fmt::format("{} {}{}", num, u.word, delta == 1 ? "" : "s");
}

/// Print Stata's report and post r(); the settings must already be in data.ts.
void report_and_post(Session& session, bool tsset_only) {
  Dataset& data = session.data;
  const TsSettings& ts = data.ts;
  PanelReport rep = examine(data, ts.panelvar, ts.timevar, ts.delta, tsset_only);
  const Column* t = ts.timevar.empty() ? nullptr : data.get(ts.timevar);
  std::string tfmt = t ? t->format : "";
  TimeUnit unit = unit_of(tfmt);
  std::string tmins = t ? inspect::fmt_trim(rep.tmin, tfmt) : "";
  std::string tmaxs = t ? inspect::fmt_trim(rep.tmax, tfmt) : "";
  std::string deltas = delta_text(ts.delta, unit);

  // --- Display
  Console& out = session.console;
  out.println();
  std::string time_line;
  if (t) {
    time_line = fmt::format("{}, {} to {}", ts.timevar, tmins, tmaxs);
    if (rep.gaps == 1) time_line += ", but with a gap";
    else if (rep.gaps > 1) time_line += ", but with gaps";
  }
  if (!ts.panelvar.empty()) {
    out.println(fmt::format("Panel variable: {} ({})", ts.panelvar, rep.balanced));
    if (t) {
      out.println(" Time variable: " + time_line);
      out.println("         Delta: " + deltas);
    }
  } else {
    out.println("Time variable: " + time_line);
    out.println("        Delta: " + deltas);
  }

  // --- Post
  ResultSet& r = session.r;
  r.clear();
  if (!ts.panelvar.empty()) {
    r.set_scalar("imin", rep.imin);
    r.set_scalar("imax", rep.imax);
    r.set_macro("panelvar", ts.panelvar);
    r.set_macro("balanced", rep.balanced);
  }
  if (t) {
    r.set_scalar("tmin", rep.tmin);
    r.set_scalar("tmax", rep.tmax);
    r.set_scalar("tdelta", ts.delta);
    r.set_scalar("gaps", rep.gaps > 0 ? 1 : 0);
    r.set_macro("timevar", ts.timevar);
    r.set_macro("tmins", tmins);
    r.set_macro("tmaxs", tmaxs);
    r.set_macro("tdeltas", deltas);
    r.set_macro("tsfmt", tfmt);
    r.set_macro("unit", unit.unit);
    r.set_macro("unit1", unit.unit1);
  }
}

/// `delta(#)` or `delta(# units)`: the number in front.
double parse_delta(const CallArgs& args) {
  auto d = args.get("delta");
  if (!d) return 1.0;
  std::string text = util::trim(*d);
  if (!text.empty() && text.front() == '(' && text.back() == ')') text = text.substr(1, text.size() - 2);
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !(v > 0) || missing::is_missing(v))
    throw XtdoError(198, "delta() must be a positive number", args.option_pos("delta"));
  return v;
}

/// Unit options (`yearly`, `quarterly`, ...) give the time variable a %t format.
void apply_unit_option(Dataset& data, const CallArgs& args, const std::string& timevar) {
  static const std::pair<const char*, const char*> kUnits[] = {
      {"clocktime", "%tc"}, {"daily", "%td"},      {"weekly", "%tw"}, {"monthly", "%tm"},
      {"quarterly", "%tq"}, {"halfyearly", "%th"}, {"yearly", "%ty"}, {"generic", "%9.0g"}};
  for (const auto& [name, fmt] : kUnits)
    if (args.has(name) && !timevar.empty()) data.get(timevar)->format = fmt;
}

void set_command(Session& session, CallArgs& args, bool is_tsset) {
  Dataset& data = session.data;
  // --- Bind
  if (args.has("clear")) {
    data.ts = TsSettings{};
    return;
  }
  std::vector<std::string> names;
  for (const auto& v : args.vars) names.push_back(v.name);
  if (names.empty()) {
    // Report the current settings.
    if (!data.ts.set() && data.ts.panelvar.empty())
      throw XtdoError(459, is_tsset ? "time variable not set, use tsset varname ..."
                                    : "panel variable not set; use xtset varname ...");
    report_and_post(session, is_tsset && data.ts.panelvar.empty());
    return;
  }
  if (names.size() > 2) throw XtdoError(103, "too many variables specified");
  for (const auto& v : args.vars)
    if (v.is_string)
      throw XtdoError(109, fmt::format("{}:  string variable not allowed", v.name), args.cmd->args.pos);
  TsSettings ts;
  if (names.size() == 2) {
    ts.panelvar = names[0];
    ts.timevar = names[1];
  } else if (is_tsset) {
    ts.timevar = names[0];
  } else {
    ts.panelvar = names[0];
  }
  ts.delta = parse_delta(args);
  apply_unit_option(data, args, ts.timevar);
  // Validate on the sorted data before committing the new settings.
  TsSettings old = data.ts;
  data.ts = ts;
  try {
    report_and_post(session, names.size() == 1);
  } catch (...) {
    data.ts = old;
    throw;
  }
}

constexpr const char* kSpec =
    "[varlist(numeric default=none)] [, CLEAR Delta(string) CLOCKtime DAILY WEEKLY MONTHLY "
    "QUARTERLY HALFYEARLY YEARLY GENERIC noQUERY]";

}  // namespace

XTDO_COMMAND(xtset, "xtset", 0, kSpec) { set_command(session, args, false); }
XTDO_COMMAND(tsset, "tsset", 0, kSpec) { set_command(session, args, true); }

}  // namespace xtdo
