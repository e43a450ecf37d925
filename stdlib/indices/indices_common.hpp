// Helpers shared by the composite-index and inequality commands (stdlib/indices):
// subcommand binding, indicator directions, sample matrices, group labels, storing
// generated variables and the small tables these commands print.
#pragma once

#include <Eigen/Dense>
#include <memory>
#include <string>
#include <vector>

#include "xtdo/command.hpp"
#include "xtdo/kernel/entropy.hpp"
#include "xtdo/session.hpp"

namespace xtdo::indices {

/// A command line whose first word is a subcommand (`entropy index x1 x2, gen(s)`),
/// bound against the subcommand's own spec. Owns the command copy the CallArgs
/// point to.
struct SubCommand {
  std::string name;  ///< the subcommand word as typed
  int name_pos = -1;
  std::unique_ptr<ast::Command> cmd;
  std::unique_ptr<CommandInfo> info;
  CallArgs args;
};

/// Split the first word off a raw ("*") command line. Throws 198 when it is missing.
SubCommand split_subcommand(const CallArgs& raw, const std::string& usage);

/// Bind the rest of the line after the subcommand against `spec`.
void bind_subcommand(Session& session, SubCommand& sub, const std::string& full_name,
                     const std::string& spec);

/// Indicator directions from `positive()` / `negative()`: every variable of `vars`
/// is positive unless listed in negative(); positive() may list a subset. Throws 198
/// for a variable in both lists or one that is not among the indicators.
std::vector<kernel::Direction> directions(Session& session, const CallArgs& args,
                                          const std::vector<std::string>& vars);

/// Rows of `sample` (non-zero) as an N × K matrix of the named numeric columns.
Eigen::MatrixXd sample_matrix(const Dataset& data, const std::vector<std::string>& vars,
                              const std::vector<int64_t>& rows);

/// Indices of the rows where sample[row] != 0.
std::vector<int64_t> sample_rows(const std::vector<uint8_t>& sample);

/// The rows where `sample` is non-zero split by the values of variable `var`
/// (numeric or string), groups in ascending order of the value; rows where `var` is
/// missing are left out (and cleared in `sample`). `labels` holds each group's value
/// as Stata shows it (value label, else the variable's display format).
struct Groups {
  std::vector<std::vector<int64_t>> rows;
  std::vector<std::string> labels;
};
Groups split_groups(const Dataset& data, const std::string& var, std::vector<uint8_t>& sample);

/// A row name for a matrix from a group label: blanks become '_'.
std::string matrix_name(const std::string& label);

/// Check that `name` may be created (or, with `replace`, exists) as a new variable.
/// Throws 110 (already defined) or 198 (invalid name) with the option's position.
void check_new_variable(const Dataset& data, const std::string& name, bool replace, int pos);

/// Store `values` (length nobs, missing outside the sample) as double variable
/// `name`, replacing it when it exists. Returns the number of missing values.
int64_t store_variable(Dataset& data, const std::string& name, std::vector<double> values);

/// A 1 × k (or r × k) matrix with names.
Matrix named_matrix(const Eigen::MatrixXd& m, const std::vector<std::string>& rownames,
                    const std::vector<std::string>& colnames);

/// "+" / "−" for the direction column of indicator tables.
inline const char* direction_sign(kernel::Direction d) {
  return d == kernel::Direction::kNegative ? "-" : "+";
}

/// A number for the tables: %9.0g trimmed, or "." for missing/NaN.
std::string num(double v, const std::string& fmt = "%9.0g");

/// A variable name abbreviated and right-aligned in `width` columns (table rows).
std::string row_label(const Dataset& data, const std::string& name, size_t width = 12);

/// Throw r(2000) "no observations" when the sample is empty.
void require_observations(size_t n);

}  // namespace xtdo::indices
