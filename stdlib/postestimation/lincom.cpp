// lincom: a linear combination of the last estimates with its standard error,
// t (with e(df_r)) or z statistic and confidence interval ([R] lincom).
#include <fmt/format.h>

#include <cmath>

#include "linear_constraints.hpp"
#include "xtdo/command.hpp"
#include "xtdo/missing.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(lincom, "lincom", 0, "*") {
  // --- Bind
  const post::Estimates est = post::current_estimates(session);
  const post::RawLine line = post::split_raw_line(args);
  const post::RawOption* level_opt = nullptr;
  for (const post::RawOption& opt : line.options) {
    if (opt.has_arg && util::abbrev(opt.name, "level", 1))
      level_opt = &opt;
    else if (opt.name == "eform" || opt.name == "or" || opt.name == "hr" || opt.name == "irr" ||
             opt.name == "rrr" || opt.name == "df")
      throw XtdoError(198, fmt::format("option {} is not supported", opt.name), opt.pos);
    else
      throw XtdoError(198, fmt::format("option {} not allowed", opt.name), opt.pos);
  }
  const double level = post::raw_level(session, level_opt);
  if (util::trim(line.body).empty()) throw XtdoError(198, "lincom: expression required", line.body_pos);
  if (line.body.find('=') != std::string::npos)
    throw XtdoError(198, "lincom: the expression may not contain =", line.body_pos);

  // --- Estimate: c'b + k with variance c'Vc.
  const post::LinearForm f = post::parse_linear(line.body, est.names, line.body_pos);
  const double estimate = f.coef.dot(est.b) + f.constant;
  const double var = f.coef.dot(est.v * f.coef);
  const double se = var > 0 ? std::sqrt(var) : 0.0;
  auto dfr = session.e.scalars.find("df_r");
  const double df = dfr == session.e.scalars.end() ? missing::kSysmiss : dfr->second;

  // --- Display
  session.console.println();
  session.console.println(" ( 1)  " + post::constraint_text(f.coef, -f.constant, est.names));
  session.console.println();
  const auto res = post::estimate_table(session, {{"(1)", estimate, se}}, df, level);

  // --- Post
  const bool use_t = !missing::is_missing(df);
  session.r.clear();
  session.r.set_scalar("estimate", estimate);
  session.r.set_scalar("se", se);
  session.r.set_scalar(use_t ? "t" : "z", res[0].stat);
  session.r.set_scalar("p", res[0].p);
  session.r.set_scalar("lb", res[0].lb);
  session.r.set_scalar("ub", res[0].ub);
  session.r.set_scalar("df", df);
  session.r.set_scalar("level", level);
}

}  // namespace xtdo
