// coupling: the coupling coordination degree of two or three subsystem indices —
// coupling degree C, comprehensive index T = Σ α_i U_i and D = sqrt(C T)
// (docs/commands/coupling.md).
#include <fmt/format.h>

#include <cmath>

#include "../data/data_common.hpp"
#include "../data/inspect_util.hpp"
#include "indices_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/kernel/coupling.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(coupling, "coupling", 0,
             "varlist(numeric) [if] [in] [, GENerate(name) CDegree(name) TDegree(name) "
             "Weights(string) WANG REPLACE]") {
  // --- Bind
  Dataset& data = session.data;
  const std::vector<std::string> vars = args.var_names();
  if (vars.size() < 2 || vars.size() > 3)
    throw XtdoError(vars.size() < 2 ? 102 : 103,
                    fmt::format("coupling needs 2 or 3 subsystem indices, {} given", vars.size()));
  auto gen = args.get("generate");
  if (!gen) throw XtdoError(198, "option generate() required");
  const bool replace = args.has("replace");
  std::vector<std::pair<std::string, std::string>> targets = {{"generate", util::trim(*gen)}};
  for (const char* opt : {"cdegree", "tdegree"})
    if (auto v = args.get(opt)) targets.emplace_back(opt, util::trim(*v));
  for (const auto& [opt, name] : targets) indices::check_new_variable(data, name, replace, args.option_pos(opt));
  const Eigen::Index n_sub = static_cast<Eigen::Index>(vars.size());
  Eigen::VectorXd alpha = Eigen::VectorXd::Constant(n_sub, 1.0 / static_cast<double>(n_sub));
  if (auto w = args.get("weights")) {
    const std::vector<double> given = grammar::parse_numlist(*w, args.option_pos("weights"));
    if (given.size() != vars.size())
      throw XtdoError(198, fmt::format("weights() needs {} numbers, one per subsystem", vars.size()),
                      args.option_pos("weights"));
    double sum = 0;
    for (size_t i = 0; i < given.size(); ++i) {
      if (given[i] < 0) throw XtdoError(198, "weights() must be non-negative", args.option_pos("weights"));
      alpha(static_cast<Eigen::Index>(i)) = given[i];
      sum += given[i];
    }
    if (!(std::fabs(sum - 1) < 1e-9))
      throw XtdoError(198, fmt::format("weights() must sum to 1 (they sum to {})", indices::num(sum)),
                      args.option_pos("weights"));
  }
  const bool wang = args.has("wang");

  // --- Sample
  const std::vector<int64_t> rows = indices::sample_rows(args.sample(session));
  indices::require_observations(rows.size());
  const Eigen::MatrixXd u = indices::sample_matrix(data, vars, rows);
  for (Eigen::Index j = 0; j < n_sub; ++j) {
    if (u.col(j).minCoeff() < 0)
      throw XtdoError(459, fmt::format("{} has negative values; subsystem indices must be non-negative "
                                       "(normalize them first)", vars[static_cast<size_t>(j)]));
    if (wang && u.col(j).maxCoeff() > 1)
      throw XtdoError(459, fmt::format("{} exceeds 1; the wang formula needs indices in [0, 1]",
                                       vars[static_cast<size_t>(j)]));
  }

  // --- Estimate
  const kernel::Coupling res =
      kernel::coupling(u, alpha, wang ? kernel::CouplingFormula::kWang : kernel::CouplingFormula::kStandard);

  // --- Store and post
  int64_t n_undefined = 0;
  for (Eigen::Index i = 0; i < res.c.size(); ++i) n_undefined += std::isnan(res.c(i));
  auto column = [&](const Eigen::VectorXd& v) {
    std::vector<double> out(data.nobs(), missing::kSysmiss);
    for (size_t i = 0; i < rows.size(); ++i) out[static_cast<size_t>(rows[i])] = v(static_cast<Eigen::Index>(i));
    return out;
  };
  for (const auto& [opt, name] : targets)
    indices::store_variable(data, name, column(opt == "generate" ? res.d : opt == "cdegree" ? res.c : res.t));
  ResultSet& r = session.r;
  r.clear();
  r.set_scalar("N", static_cast<double>(rows.size()));
  r.set_scalar("n_sub", static_cast<double>(n_sub));
  r.set_macro("formula", wang ? "wang" : "standard");
  r.set_matrix("alpha", indices::named_matrix(alpha.transpose(), {"alpha"}, vars));
  auto mean_of = [](const Eigen::VectorXd& v) {
    double s = 0, n = 0;
    for (Eigen::Index i = 0; i < v.size(); ++i)
      if (!std::isnan(v(i))) s += v(i), ++n;
    return n > 0 ? s / n : missing::kSysmiss;
  };
  r.set_scalar("mean_C", mean_of(res.c));
  r.set_scalar("mean_T", mean_of(res.t));
  r.set_scalar("mean_D", mean_of(res.d));

  // --- Display
  Console& out = session.console;
  out.println();
  out.println(inspect::pad_right(fmt::format("Coupling coordination degree of {} subsystems", n_sub), 49) +
              inspect::pad_right("Number of obs", 17) + "= " +
              inspect::pad_left(inspect::commas(static_cast<double>(rows.size())), 10));
  out.println(fmt::format("C: {} form; T = {}", wang ? "Wang et al. (2021)" : "standard",
                          [&] {
                            std::string t;
                            for (Eigen::Index j = 0; j < n_sub; ++j)
                              t += fmt::format("{}{}*{}", j ? " + " : "", indices::num(alpha(j), "%9.4g"),
                                               vars[static_cast<size_t>(j)]);
                            return t;
                          }()));
  const std::string rule = "    " + std::string(54, '-');
  out.println(rule);
  out.println("                        |       Mean        Min        Max");
  out.println("    --------------------+" + std::string(33, '-'));
  auto row = [&](const std::string& label, const Eigen::VectorXd& v) {
    double lo = INFINITY, hi = -INFINITY;
    for (Eigen::Index i = 0; i < v.size(); ++i)
      if (!std::isnan(v(i))) lo = std::min(lo, v(i)), hi = std::max(hi, v(i));
    out.println(fmt::format("    {} |{}{}{}", inspect::pad_left(label, 19), inspect::pad_left(indices::num(mean_of(v)), 11),
                            inspect::pad_left(indices::num(lo), 11), inspect::pad_left(indices::num(hi), 11)));
  };
  row("Coupling C", res.c);
  row("Development T", res.t);
  row("Coordination D", res.d);
  out.println(rule);
  if (n_undefined > 0)
    out.println(fmt::format("(note: {} observation{} with every index 0: C and D are undefined, set to missing)",
                            n_undefined, n_undefined == 1 ? "" : "s"));
}

}  // namespace xtdo
