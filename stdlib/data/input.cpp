// input: enter data lines (collected by the block runner between `input` and
// `end`) into new variables, or append observations to existing ones ([D] input).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

struct InputVar {
  std::string name;
  StorageType type = StorageType::Float;
  int width = 0;
  bool declared = false;  ///< a type was written before the name
};

/// `[type] name [type] name ... | type(name name) ...`: a type applies to the next
/// name, or to every name in the parentheses right after it.
std::vector<InputVar> parse_varlist(const std::string& text, StorageType dflt) {
  std::vector<InputVar> out;
  size_t i = 0;
  StorageType pending = dflt;
  int pending_width = 0;
  bool have_type = false;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '(')
      ++i;
    std::string word = text.substr(start, i - start);
    StorageType t;
    int w = 0;
    if (parse_storage(word, t, w)) {
      if (i < text.size() && text[i] == '(') {
        size_t close = text.find(')', i);
        if (close == std::string::npos) throw XtdoError(198, "unmatched parenthesis");
        std::string inside = text.substr(i + 1, close - i - 1);
        for (auto& name : grammar::split_words(inside)) out.push_back({name, t, w, true});
        i = close + 1;
        continue;
      }
      if (have_type)
        throw XtdoError(198, fmt::format("{} found where variable name expected", word));
      pending = t;
      pending_width = w;
      have_type = true;
      continue;
    }
    if (i < text.size() && text[i] == '(')
      throw XtdoError(198, fmt::format("{} invalid type", word));
    out.push_back({word, have_type ? pending : dflt, have_type ? pending_width : 0, have_type});
    have_type = false;
  }
  if (have_type) throw XtdoError(198, "variable name expected after type");
  return out;
}

/// Split a data line into values: blanks separate, "double quotes" (or compound
/// quotes) keep blanks; `quoted` tells which values were quoted.
std::vector<std::string> split_values(const std::string& line) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    if (std::isspace(static_cast<unsigned char>(line[i]))) {
      ++i;
      continue;
    }
    if (line[i] == '"' || (line[i] == '`' && i + 1 < line.size() && line[i + 1] == '"')) {
      bool compound = line[i] == '`';
      size_t start = i + (compound ? 2 : 1);
      size_t end = compound ? line.find("\"'", start) : line.find('"', start);
      if (end == std::string::npos) throw XtdoError(198, "unmatched quote in input data");
      out.push_back(line.substr(start, end - start));
      i = end + (compound ? 2 : 1);
      continue;
    }
    size_t start = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    out.push_back(line.substr(start, i - start));
  }
  return out;
}

/// A data value for a numeric variable: a number, `.` or `.a`–`.z`.
bool read_number(const std::string& text, double& out) {
  if (text == ".") {
    out = missing::kSysmiss;
    return true;
  }
  if (text.size() == 2 && text[0] == '.' && text[1] >= 'a' && text[1] <= 'z') {
    out = missing::extended(text[1]);
    return true;
  }
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && std::isfinite(out);
}

}  // namespace

XTDO_COMMAND(input, "input", 3, "*") {
  Dataset& data = session.data;
  // --- Bind
  auto [list, opts] = data::split_comma(args.cmd->rest.text);
  if (!util::trim(opts).empty())
    throw XtdoError(198, fmt::format("input: option {} not supported", util::trim(opts)));
  std::vector<InputVar> vars = parse_varlist(list, data::default_numeric_type(session));
  if (vars.empty()) {
    if (data.nvars() == 0) throw XtdoError(104, "nothing to input");
    for (const auto& col : data.columns())
      vars.push_back({col->name, col->type, col->str_width, false});
  }
  size_t existing = 0;
  for (auto& v : vars) {
    if (data.find(v.name) < 0) {
      if (!valid_name(v.name)) throw XtdoError(198, fmt::format("{} invalid name", v.name));
      continue;
    }
    if (v.declared) throw XtdoError(110, fmt::format("variable {} already defined", v.name));
    ++existing;
  }
  const bool append = existing == vars.size();
  if (existing > 0 && !append)
    throw XtdoError(
        110,
        "input: either all variables must exist (to add observations) or none (to create them)");

  // --- Read the data lines
  std::vector<std::vector<std::string>> rows;
  for (const auto& line : session.input_lines) {
    std::string text = session.expand_macros(line.text);
    if (util::trim(text).empty()) continue;
    auto values = split_values(text);
    if (values.size() > vars.size())
      throw XtdoError(198, fmt::format("input line {}: {} values for {} variables", line.line,
                                       values.size(), vars.size()));
    rows.push_back(std::move(values));
  }

  // --- Build: create the variables, then make room for the new observations.
  const size_t first_row = append ? data.nobs() : 0;
  if (!append) {
    for (auto& v : vars) {
      if (v.type == StorageType::Str || v.type == StorageType::StrL)
        data.add_string(v.name, std::vector<std::string>(data.nobs()), std::max(v.width, 1));
      else
        data.add_numeric(v.name, std::vector<double>(data.nobs(), missing::kSysmiss), v.type);
      if (v.type == StorageType::StrL) data.get(v.name)->type = StorageType::StrL;
    }
  }
  if (first_row + rows.size() > data.nobs()) data.set_obs(first_row + rows.size());

  for (size_t k = 0; k < rows.size(); ++k) {
    const size_t row = first_row + k;
    for (size_t j = 0; j < vars.size(); ++j) {
      Column& col = *data.get(vars[j].name);
      if (j >= rows[k].size()) continue;  // a short line leaves the rest missing
      const std::string& text = rows[k][j];
      if (col.is_string()) {
        std::string s = text;
        if (col.type == StorageType::Str && vars[j].declared &&
            s.size() > static_cast<size_t>(col.str_width))
          s.resize(static_cast<size_t>(col.str_width));
        col.str[row] = std::move(s);
      } else {
        double x;
        if (!read_number(text, x))
          throw XtdoError(198, fmt::format("'{}' cannot be read as a number for {}[{}]", text,
                                           col.name, row + 1));
        col.num[row] = data::to_storage(col.type, x);
      }
    }
  }
  for (auto& v : vars) data.get(v.name)->conform();
  if (!rows.empty()) {
    data.sortedby.clear();
    data.changed = true;
  }
}

}  // namespace xtdo
