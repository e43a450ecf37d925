// Helpers shared by the composite-index and inequality commands.
#include "indices_common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../data/data_common.hpp"
#include "../data/inspect_util.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::indices {

SubCommand split_subcommand(const CallArgs& raw, const std::string& usage) {
  SubCommand sub;
  sub.cmd = std::make_unique<ast::Command>(*raw.cmd);
  const std::string& text = raw.cmd->rest.text;
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos || text[begin] == ',')
    throw XtdoError(198, fmt::format("subcommand required: {}", usage),
                    raw.cmd->rest.pos + static_cast<int>(text.size()));
  size_t end = begin;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != ',') ++end;
  sub.name = util::lower(text.substr(begin, end - begin));
  sub.name_pos = raw.cmd->rest.pos + static_cast<int>(begin);
  sub.cmd->rest.text = text.substr(end);
  sub.cmd->rest.pos = raw.cmd->rest.pos + static_cast<int>(end);
  return sub;
}

void bind_subcommand(Session& session, SubCommand& sub, const std::string& full_name,
                     const std::string& spec) {
  sub.info = std::make_unique<CommandInfo>(CommandInfo{full_name, 0, spec, nullptr});
  grammar::parse_command_body(*sub.cmd);
  sub.args.cmd = sub.cmd.get();
  sub.args.info = sub.info.get();
  bind_args(session, *sub.info, *sub.cmd, sub.args);
}

std::vector<kernel::Direction> directions(Session& session, const CallArgs& args,
                                          const std::vector<std::string>& vars) {
  std::vector<kernel::Direction> out(vars.size(), kernel::Direction::kPositive);
  auto listed = [&](const std::string& opt) {
    std::vector<std::string> names;
    if (auto text = args.get(opt))
      names = expand_names(session.data, *text, kVlNumeric, args.option_pos(opt));
    for (const auto& name : names)
      if (std::find(vars.begin(), vars.end(), name) == vars.end())
        throw XtdoError(198, fmt::format("{}(): {} is not one of the indicators", opt, name),
                        args.option_pos(opt));
    return names;
  };
  const auto positive = listed("positive");
  const auto negative = listed("negative");
  for (const auto& name : negative) {
    if (std::find(positive.begin(), positive.end(), name) != positive.end())
      throw XtdoError(198, fmt::format("{} may not be both positive and negative", name),
                      args.option_pos("negative"));
    auto at = std::find(vars.begin(), vars.end(), name) - vars.begin();
    out[static_cast<size_t>(at)] = kernel::Direction::kNegative;
  }
  return out;
}

Eigen::MatrixXd sample_matrix(const Dataset& data, const std::vector<std::string>& vars,
                              const std::vector<int64_t>& rows) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(vars.size()));
  for (size_t col = 0; col < vars.size(); ++col) {
    const auto& values = data.get(vars[col])->num;
    for (size_t i = 0; i < rows.size(); ++i)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(col)) = values[static_cast<size_t>(rows[i])];
  }
  return x;
}

std::vector<int64_t> sample_rows(const std::vector<uint8_t>& sample) {
  std::vector<int64_t> rows;
  for (size_t row = 0; row < sample.size(); ++row)
    if (sample[row]) rows.push_back(static_cast<int64_t>(row));
  return rows;
}

Groups split_groups(const Dataset& data, const std::string& var, std::vector<uint8_t>& sample) {
  const Column* col = data.get(var);
  for (size_t row = 0; row < sample.size(); ++row) {
    if (!sample[row]) continue;
    if (col->is_string() ? col->str[row].empty() : missing::is_missing(col->num[row])) sample[row] = 0;
  }
  data::GroupCodes codes = data::group_codes(data, {var}, &sample);
  Groups out;
  out.rows.resize(static_cast<size_t>(codes.ngroups));
  out.labels.resize(static_cast<size_t>(codes.ngroups));
  for (size_t row = 0; row < sample.size(); ++row) {
    if (!sample[row]) continue;
    auto& bucket = out.rows[static_cast<size_t>(codes.code[row])];
    if (bucket.empty()) {
      std::string label;
      if (col->is_string()) {
        label = col->str[row];
      } else {
        auto set = data.value_labels.find(col->value_label);
        if (set != data.value_labels.end()) {
          auto hit = set->second.find(col->num[row]);
          if (hit != set->second.end()) label = hit->second;
        }
        if (label.empty()) label = util::trim(format_number(col->num[row], col->format.empty() ? "%9.0g" : col->format));
      }
      out.labels[static_cast<size_t>(codes.code[row])] = label;
    }
    bucket.push_back(static_cast<int64_t>(row));
  }
  return out;
}

std::string matrix_name(const std::string& label) {
  std::string out = label;
  for (char& c : out)
    if (c == ' ' || c == '\t' || c == ':' || c == '.') c = '_';
  return out.empty() ? "_" : out;
}

void check_new_variable(const Dataset& data, const std::string& name, bool replace, int pos) {
  if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid name", name), pos);
  if (data.find(name) >= 0 && !replace)
    throw XtdoError(110, fmt::format("variable {} already defined", name), pos);
  if (data.find(name) >= 0 && data.get(name)->is_string())
    throw XtdoError(109, fmt::format("variable {} is a string variable", name), pos);
}

int64_t store_variable(Dataset& data, const std::string& name, std::vector<double> values) {
  int64_t n_missing = 0;
  for (double& v : values) {
    v = missing::clean(v);
    n_missing += missing::is_missing(v);
  }
  if (Column* col = data.get(name)) {
    col->num = std::move(values);
    col->type = StorageType::Double;
    col->format = default_format(StorageType::Double, 0);
    data.sortedby.clear();
    data.changed = true;
  } else {
    data.add_numeric(name, std::move(values), StorageType::Double);
  }
  return n_missing;
}

Matrix named_matrix(const Eigen::MatrixXd& m, const std::vector<std::string>& rownames,
                    const std::vector<std::string>& colnames) {
  Matrix out(static_cast<int>(m.rows()), static_cast<int>(m.cols()));
  for (int r = 0; r < out.rows; ++r)
    for (int c = 0; c < out.cols; ++c) out.at(r, c) = missing::clean(m(r, c));
  out.rownames = rownames;
  out.colnames = colnames;
  return out;
}

std::string num(double v, const std::string& fmt) {
  return util::trim(format_number(missing::clean(v), fmt));
}

std::string row_label(const Dataset& data, const std::string& name, size_t width) {
  return inspect::pad_left(inspect::abbrev(name, width, &data), width);
}

void require_observations(size_t n) {
  if (n == 0) throw XtdoError(2000, "no observations");
}

}  // namespace xtdo::indices
