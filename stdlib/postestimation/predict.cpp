// predict: linear predictions after regress, newey, areg, xtreg, reghdfe and xtabond2 (xb,
// residuals, stdp; u, e, ue, xbu after xtreg, fe; d, xbd after reghdfe with resid), and
// component scores after pca. Everything is
// computed from e() and the data, so it works after `estimates`-style replay too.
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "../indices/pca_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {

namespace {

/// The column an e(b) name stands for (`x`, `L.x`, `2.g`, `1.g#c.x`); base and
/// omitted terms (`1b.g`, `o.x`) have zero coefficients and are skipped by the caller.
std::vector<double> column_for(const Dataset& data, const std::string& name) {
  auto refs = expand_varlist(data, name, kVlTs | kVlFv | kVlNumeric);
  if (refs.size() != 1) throw XtdoError(198, fmt::format("cannot rebuild the variable {} of e(b)", name));
  return materialize(data, refs[0]);
}

bool zero_term(const std::string& name) {
  // Base (`1b.`) and omitted (`o.`, `2o.`) markers anywhere in the name.
  for (size_t i = 0; i + 1 < name.size(); ++i)
    if ((name[i] == 'b' || name[i] == 'o') && name[i + 1] == '.' &&
        (i == 0 || std::isdigit(static_cast<unsigned char>(name[i - 1])) || name[i - 1] == '#' || name[i - 1] == 'c'))
      return true;
  return false;
}

}  // namespace

XTDO_COMMAND(predict, "predict", 0,
             "newvarlist [if] [in] [, XB Residuals STDP SCore U E UE XBU D XBD]") {
  // --- Bind
  auto cmd_it = session.e.macros.find("cmd");
  if (cmd_it == session.e.macros.end()) throw XtdoError(301, "last estimates not found");
  const std::string cmd = cmd_it->second;
  if (cmd == "pca") return indices::predict_after_pca(session, args);
  if (cmd != "regress" && cmd != "xtreg" && cmd != "areg" && cmd != "newey" && cmd != "xtabond2" &&
      cmd != "reghdfe")
    throw XtdoError(321, fmt::format("predict is not available after {}", cmd));
  if (args.newvars.size() != 1) throw XtdoError(103, "too many variables specified");
  std::string stat = "xb";
  int chosen = 0;
  for (const char* s : {"xb", "residuals", "stdp", "score", "u", "e", "ue", "xbu", "d", "xbd"})
    if (args.has(s)) stat = s, ++chosen;
  if (chosen > 1) throw XtdoError(198, "only one statistic may be specified");
  if (stat == "score") throw XtdoError(198, fmt::format("option score not allowed after {}", cmd));
  // xtabond2 (xtab2_p): x'b and y − x'b in levels, no other statistic.
  if (cmd == "xtabond2" && stat != "xb" && stat != "residuals")
    throw XtdoError(198, fmt::format("option {} not allowed after xtabond2", stat));
  const std::string model = session.e.macros.count("model") ? session.e.macros.at("model") : "";
  const bool panel_stat = stat == "u" || stat == "e" || stat == "ue" || stat == "xbu";
  if (panel_stat && !(cmd == "xtreg" && model == "fe"))
    throw XtdoError(198, fmt::format("option {} is available after xtreg, fe only", stat));
  // After reghdfe, the residuals (net of every fixed effect) are the variable saved
  // by its resid option; d = y − xb − residuals is the sum of the fixed effects.
  const bool absorbed_stat = stat == "d" || stat == "xbd";
  // After areg, d is the group mean of y − xb over e(sample) (the absorbed effect
  // with Stata's constant), residuals = y − xb − d and xbd = xb + d.
  const bool areg_group = cmd == "areg" && (absorbed_stat || stat == "residuals");
  if (absorbed_stat && cmd != "reghdfe" && cmd != "areg")
    throw XtdoError(198, fmt::format("option {} is available after areg and reghdfe only", stat));
  if (areg_group && session.e.macros.count("wtype") && !session.e.macros.at("wtype").empty())
    throw XtdoError(198, fmt::format("option {} after weighted areg is not supported", stat));
  const std::string resid_var = session.e.macros.count("resid") ? session.e.macros.at("resid") : "";
  if (cmd == "reghdfe" && (stat == "residuals" || absorbed_stat) && resid_var.empty())
    throw XtdoError(198, fmt::format("option {} after reghdfe requires the resid option at estimation", stat));
  if (stat == "residuals" && cmd == "xtreg")
    throw XtdoError(198, "option residuals not allowed after xtreg (use e or ue)");

  // --- Build: xb = sum_j b_j x_j over the e(b) columns (the constant is 1).
  const Dataset& data = session.data;
  const size_t n = data.nobs();
  const Matrix& b = session.e.matrices.at("b");
  const Matrix* V = session.e.matrices.count("V") ? &session.e.matrices.at("V") : nullptr;
  std::vector<std::vector<double>> cols(b.cols);
  std::vector<double> xb(n, 0.0);
  std::vector<uint8_t> ok(n, 1);
  for (int j = 0; j < b.cols; ++j) {
    const std::string& name = b.colnames[j];
    if (name == "_cons") {
      cols[j].assign(n, 1.0);
    } else if (zero_term(name) || b.at(0, j) == 0) {
      cols[j].assign(n, 0.0);
      continue;
    } else {
      cols[j] = column_for(data, name);
    }
    for (size_t row = 0; row < n; ++row) {
      if (missing::is_missing(cols[j][row])) ok[row] = 0;
      else xb[row] += b.at(0, j) * cols[j][row];
    }
  }
  std::vector<double> y;
  std::vector<double> saved_resid;
  if (cmd == "reghdfe" && !resid_var.empty() && (stat == "residuals" || absorbed_stat)) {
    const Column* rc = data.get(resid_var);
    if (!rc || rc->is_string())
      throw XtdoError(111, fmt::format("variable {} (the residuals saved by reghdfe) not found", resid_var));
    saved_resid = rc->num;
    for (size_t row = 0; row < n; ++row)
      if (missing::is_missing(saved_resid[row])) ok[row] = 0;
  }
  if (stat == "residuals" || panel_stat || absorbed_stat) {
    y = column_for(data, session.e.macros.at("depvar"));
    for (size_t row = 0; row < n; ++row)
      if (missing::is_missing(y[row])) ok[row] = 0;
  }

  // --- Estimate the requested statistic
  std::vector<uint8_t> keep = args.sample(session, false);
  std::vector<double> out(n, missing::kSysmiss);
  if (stat == "xb") {
    for (size_t row = 0; row < n; ++row)
      if (ok[row]) out[row] = xb[row];
  } else if (stat == "residuals" && !areg_group) {
    for (size_t row = 0; row < n; ++row)
      if (ok[row]) out[row] = saved_resid.empty() ? y[row] - xb[row] : saved_resid[row];
  } else if (absorbed_stat && !areg_group) {
    for (size_t row = 0; row < n; ++row)
      if (ok[row]) out[row] = stat == "d" ? y[row] - xb[row] - saved_resid[row] : y[row] - saved_resid[row];
  } else if (stat == "stdp") {
    if (!V) throw XtdoError(301, "e(V) not found");
    // stdp = sqrt(x' V x), the standard error of the linear prediction.
    for (size_t row = 0; row < n; ++row) {
      if (!ok[row]) continue;
      double s = 0;
      for (int j = 0; j < b.cols; ++j) {
        if (cols[j][row] == 0) continue;
        for (int k = 0; k < b.cols; ++k) s += cols[j][row] * V->at(j, k) * cols[k][row];
      }
      out[row] = std::sqrt(std::max(s, 0.0));
    }
  } else {
    // xtreg, fe: u_i is the panel mean of y - xb over the estimation sample
    // (so it sums to zero with Stata's constant), e = y - xb - u_i, ue = u_i + e.
    // After areg the same computation over the absorbed variable: d = u,
    // residuals = e, xbd = xbu.
    const std::string group_var = session.e.macros.at(areg_group ? "absvar" : "ivar");
    const Column* panel = data.get(group_var);
    if (!panel || panel->is_string())
      throw XtdoError(111, fmt::format("variable {} of the estimates not found", group_var));
    const std::string gstat = !areg_group ? stat : stat == "d" ? "u" : stat == "residuals" ? "e" : "xbu";
    const std::vector<uint8_t>& es = data.esample;
    std::map<double, std::pair<double, double>> sums;
    for (size_t row = 0; row < n; ++row)
      if (ok[row] && es.size() == n && es[row]) {
        auto& acc = sums[panel->num[row]];
        acc.first += y[row] - xb[row];
        acc.second += 1;
      }
    for (size_t row = 0; row < n; ++row) {
      if (!ok[row] && gstat != "u") continue;
      auto it = sums.find(panel->num[row]);
      double u = it == sums.end() ? missing::kSysmiss : it->second.first / it->second.second;
      double ue = ok[row] ? y[row] - xb[row] : missing::kSysmiss;
      if (gstat == "u") out[row] = u;
      else if (gstat == "ue") out[row] = ue;
      else if (missing::is_missing(u)) out[row] = missing::kSysmiss;
      else if (gstat == "e") out[row] = ue - u;
      else out[row] = xb[row] + u;  // xbu
    }
  }
  size_t nmiss = 0;
  for (size_t row = 0; row < n; ++row) {
    if (!keep[row]) out[row] = missing::kSysmiss;
    if (missing::is_missing(out[row])) ++nmiss;
  }

  // --- Post: a new float variable (Stata's default type), with Stata's note.
  StorageType type = StorageType::Float;
  int width = 0;
  if (!args.newtype.empty()) parse_storage(args.newtype, type, width);
  Column& c = session.data.add_numeric(args.newvars[0], std::move(out), type);
  const std::string ivar = session.e.macros.count("ivar") ? session.e.macros.at("ivar") : "";
  const std::map<std::string, std::string> labels = {
      {"xb", "Linear prediction"}, {"residuals", "Residuals"}, {"stdp", "S.E. of the prediction"},
      {"u", "u[" + ivar + "]"}, {"e", "e[" + ivar + ",t]"},
      {"ue", "u[" + ivar + "] + e[" + ivar + ",t]"}, {"xbu", "Xb + u[" + ivar + "]"},
      {"d", "Sum of fixed effects"}, {"xbd", "Xb + d"}};
  if (labels.count(stat)) c.label = labels.at(stat);
  if (cmd == "xtabond2" && stat == "xb") c.label = "Fitted Values";
  if (stat == "xb" && !args.has("xb")) session.console.println("(option xb assumed; fitted values)");
  if (nmiss) session.console.println(fmt::format("({} missing value{} generated)", nmiss, nmiss == 1 ? "" : "s"));
}

}  // namespace xtdo
