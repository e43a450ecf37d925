// xtsum: overall, between (panel means) and within (x_it - xbar_i + xbar) summary
// statistics of panel data ([XT] xtsum), with Stata's three-row table and r().
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
namespace {

using inspect::pad_left;
using inspect::pad_right;

struct Decomposition {
  double N = 0, n = 0, Tbar = 0;
  bool balanced = true;
  inspect::Moments overall, between, within;
};

double sd_of(const inspect::Moments& m) { return m.n > 1 ? std::sqrt(m.ss / (m.n - 1)) : missing::kSysmiss; }

std::string g9(double v) { return format_number(v, "%9.0g"); }

}  // namespace

XTDO_COMMAND(xtsum, "xtsum", 0, "byable(recall) [varlist(numeric)] [if] [in]") {
  // --- Bind
  const Dataset& data = session.data;
  const std::string& panelvar = data.ts.panelvar;
  if (panelvar.empty()) throw XtdoError(459, "panel variable not set; use xtset varname ...");
  const Column& pcol = *data.get(panelvar);
  std::vector<uint8_t> base = args.sample(session, false);

  Console& out = session.console;
  out.println();
  out.println("Variable         |      Mean   Std. dev.       Min        Max |    Observations");
  out.println(std::string(17, '-') + "+" + std::string(44, '-') + "+" + std::string(16, '-'));
  Decomposition last;
  bool first = true;
  for (const VarRef& ref : args.vars) {
    // --- Sample: rows with the variable and the panel id.
    std::vector<double> column = ref.plain() ? data.get(ref.base)->num : materialize(data, ref);
    struct Obs {
      double panel, x;
    };
    std::vector<Obs> obs;
    for (size_t row = 0; row < data.nobs(); ++row)
      if (base[row] && !missing::is_missing(column[row]) && !missing::is_missing(pcol.num[row]))
        obs.push_back({pcol.num[row], column[row]});
    std::stable_sort(obs.begin(), obs.end(), [](const Obs& a, const Obs& b) { return a.panel < b.panel; });

    // --- Estimate: overall, panel means (between), deviations from them (within).
    Decomposition d;
    std::vector<double> x, means;
    std::vector<size_t> start;
    for (size_t i = 0; i < obs.size(); ++i) {
      x.push_back(obs[i].x);
      if (i == 0 || obs[i].panel != obs[i - 1].panel) start.push_back(i);
    }
    start.push_back(obs.size());
    d.overall = inspect::moments(x, {}, false);
    std::vector<double> within(x.size());
    for (size_t g = 0; g + 1 < start.size(); ++g) {
      std::vector<double> part(x.begin() + static_cast<long>(start[g]), x.begin() + static_cast<long>(start[g + 1]));
      double m = inspect::moments(part, {}, false).mean;
      means.push_back(m);
      for (size_t i = start[g]; i < start[g + 1]; ++i) within[i] = x[i] - m + d.overall.mean;
      if (g > 0 && start[g + 1] - start[g] != start[1] - start[0]) d.balanced = false;
    }
    d.between = inspect::moments(means, {}, false);
    d.within = inspect::moments(within, {}, false);
    d.N = static_cast<double>(x.size());
    d.n = static_cast<double>(means.size());
    d.Tbar = d.n > 0 ? d.N / d.n : missing::kSysmiss;
    last = d;

    // --- Display
    if (!first) out.println(std::string(17, ' ') + "|" + std::string(44, ' ') + "|");
    first = false;
    std::string name = pad_right(inspect::abbrev(ref.name, 8, &data), 8);
    auto row = [&](const std::string& lead, const std::string& mean, const inspect::Moments& m,
                   const std::string& obs_text) {
      out.println(lead + " |" + mean + "  " + g9(sd_of(m)) + "  " + g9(m.min) + "  " + g9(m.max) + " |" + obs_text);
    };
    std::string tbar = d.balanced ? "     T =" + format_number(d.Tbar, "%8.0f") : " T-bar =" + format_number(d.Tbar, "%8.0g");
    row(name + " overall", pad_left(g9(d.overall.mean), 10), d.overall, "     N =" + format_number(d.N, "%8.0f"));
    row(std::string(9, ' ') + "between", std::string(10, ' '), d.between, "     n =" + format_number(d.n, "%8.0f"));
    row(std::string(9, ' ') + "within ", std::string(10, ' '), d.within, tbar);
  }

  // --- Post: the last variable.
  ResultSet& r = session.r;
  r.clear();
  if (args.vars.empty()) return;
  r.set_scalar("N", last.N);
  r.set_scalar("n", last.n);
  r.set_scalar("Tbar", last.Tbar);
  r.set_scalar("mean", last.overall.mean);
  r.set_scalar("sd", sd_of(last.overall));
  r.set_scalar("min", last.overall.min);
  r.set_scalar("max", last.overall.max);
  r.set_scalar("sd_b", sd_of(last.between));
  r.set_scalar("min_b", last.between.min);
  r.set_scalar("max_b", last.between.max);
  r.set_scalar("sd_w", sd_of(last.within));
  r.set_scalar("min_w", last.within.min);
  r.set_scalar("max_w", last.within.max);
}

}  // namespace xtdo
