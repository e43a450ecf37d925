// normalize: min–max, z-score or vector standardisation of indicators with their
// directions, into new prefixed variables or in place (docs/commands/normalize.md).
#include <fmt/format.h>

#include <cmath>

#include "indices_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/entropy.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(normalize, "normalize", 4,
             "varlist(numeric) [if] [in] [, GENerate(name) REPLACE POSitive(string) NEGative(string) "
             "METhod(string) SHift(real 0) BY(varname)]") {
  // --- Bind
  Dataset& data = session.data;
  const std::vector<std::string> vars = args.var_names();
  const bool replace = args.has("replace");
  const auto prefix = args.get("generate");
  if (replace == prefix.has_value())
    throw XtdoError(198, "normalize: specify either generate(prefix) or replace");
  const std::string method = util::lower(util::trim(args.get_or("method", "minmax")));
  kernel::Scaling scaling;
  if (method == "minmax")
    scaling = kernel::Scaling::kMinMax;
  else if (method == "zscore")
    scaling = kernel::Scaling::kZScore;
  else if (method == "vector")
    scaling = kernel::Scaling::kVector;
  else
    throw XtdoError(198, fmt::format("method({}) invalid: use minmax, zscore or vector", method),
                    args.option_pos("method"));
  const std::vector<kernel::Direction> dir = indices::directions(session, args, vars);
  if (scaling == kernel::Scaling::kVector)
    for (auto d : dir)
      if (d == kernel::Direction::kNegative)
        throw XtdoError(198, "negative() not allowed with method(vector): vector normalization keeps "
                             "the sign; apply the direction at the ideal solutions (entropy topsis)",
                        args.option_pos("negative"));
  const double shift = args.number("shift");
  std::vector<std::string> targets;
  for (const auto& v : vars) {
    const std::string name = replace ? v : util::trim(*prefix) + v;
    if (!replace) indices::check_new_variable(data, name, false, args.option_pos("generate"));
    targets.push_back(name);
  }

  // --- Sample: if/in (and by-group) here; missing values per variable below.
  std::vector<uint8_t> sample = args.sample(session, /*markout=*/false);
  indices::Groups groups;
  std::string by;
  if (auto b = args.get("by")) {
    by = resolve_name(data, util::trim(*b), args.option_pos("by"));
    groups = indices::split_groups(data, by, sample);
  } else {
    groups.rows.push_back(indices::sample_rows(sample));
    groups.labels.push_back("");
  }

  // --- Estimate: every variable and group first, so that an error changes nothing.
  std::vector<std::vector<double>> out;
  for (size_t j = 0; j < vars.size(); ++j) {
    const auto& x = data.get(vars[j])->num;
    std::vector<double> values = replace ? x : std::vector<double>(data.nobs(), missing::kSysmiss);
    for (size_t g = 0; g < groups.rows.size(); ++g) {
      std::vector<int64_t> rows;
      for (int64_t row : groups.rows[g])
        if (!missing::is_missing(x[static_cast<size_t>(row)])) rows.push_back(row);
      if (rows.empty()) continue;
      Eigen::MatrixXd col = indices::sample_matrix(data, {vars[j]}, rows);
      Eigen::MatrixXd z = kernel::standardize(col, {dir[j]}, scaling, shift);
      if (rows.size() < 2 || !std::isfinite(z(0, 0)))
        throw XtdoError(459, fmt::format("{} is constant{} and cannot be normalized", vars[j],
                                         by.empty() ? "" : fmt::format(" in {} = {}", by, groups.labels[g])));
      for (size_t i = 0; i < rows.size(); ++i) values[static_cast<size_t>(rows[i])] = z(static_cast<Eigen::Index>(i), 0);
    }
    out.push_back(std::move(values));
  }

  // --- Store and post
  for (size_t j = 0; j < vars.size(); ++j) indices::store_variable(data, targets[j], std::move(out[j]));
  session.r.clear();
  session.r.set_macro("method", method);
  session.r.set_macro("varlist", util::join(vars, " "));
  session.r.set_macro("newvars", util::join(targets, " "));

  // --- Display
  const char* label = method == "minmax" ? "min-max" : method == "zscore" ? "z-score" : "vector";
  session.console.println(fmt::format("({} variable{} normalized by {}{})", vars.size(),
                                      vars.size() == 1 ? "" : "s", label,
                                      replace ? ", replaced" : ": " + util::join(targets, " ")));
}

}  // namespace xtdo
