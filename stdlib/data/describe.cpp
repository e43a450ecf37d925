// describe: the dataset header (observations, variables, label), the variable table
// (storage type, display format, value label, variable label) and the sort order.
#include <algorithm>

#include <fmt/format.h>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

using inspect::pad_left;
using inspect::pad_right;

constexpr size_t kLineSize = 79;
constexpr size_t kLabelCol = 46;  ///< where variable labels start in the table

/// Bytes per observation of a storage type, as Stata counts a dataset's width.
int storage_width(const Column& c) {
  switch (c.type) {
    case StorageType::Byte: return 1;
    case StorageType::Int: return 2;
    case StorageType::Long:
    case StorageType::Float: return 4;
    case StorageType::Double:
    case StorageType::StrL: return 8;
    case StorageType::Str: return std::max(c.str_width, 1);
  }
  return 8;
}

/// Word-wrap `text` into lines of at most `first` then `rest` characters.
std::vector<std::string> wrap(const std::string& text, size_t first, size_t rest) {
  std::vector<std::string> lines;
  std::string cur;
  size_t limit = first;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t e = text.find(' ', pos);
    std::string word = text.substr(pos, e == std::string::npos ? std::string::npos : e - pos);
    pos = e == std::string::npos ? text.size() : e + 1;
    if (!cur.empty() && inspect::display_width(cur) + 1 + inspect::display_width(word) > limit) {
      lines.push_back(cur);
      cur.clear();
      limit = rest;
    }
    // A single word longer than the line is cut, as Stata's wrapping does.
    while (inspect::display_width(word) > limit) {
      if (!cur.empty()) {
        lines.push_back(cur);
        cur.clear();
      }
      auto chars = inspect::utf8_chars(word);
      std::string head, tail;
      for (size_t i = 0; i < chars.size(); ++i) (i < limit ? head : tail) += chars[i];
      lines.push_back(head);
      word = tail;
      limit = rest;
    }
    cur += (cur.empty() ? "" : " ") + word;
  }
  if (!cur.empty() || lines.empty()) lines.push_back(cur);
  return lines;
}

void variable_table(Console& out, const Dataset& data, const std::vector<std::string>& names,
                    bool fullnames) {
  out.println("Variable      Storage   Display    Value");
  out.println("    name         type    format    label      Variable label");
  out.println(std::string(kLineSize, '-'));
  for (const auto& name : names) {
    const Column& c = *data.get(name);
    std::string shown = fullnames ? name : inspect::abbrev(name, 15, &data);
    std::string line = pad_right(shown, 15) + " " + pad_right(storage_name(c.type, c.str_width), 7) + " " +
                       pad_right(c.format, 10) + " " + pad_right(inspect::abbrev(c.value_label, 10), 10) + " ";
    if (inspect::display_width(line) < kLabelCol) line = pad_right(line, kLabelCol);
    auto pieces = wrap(c.label, kLineSize - inspect::display_width(line), kLineSize - kLabelCol - 2);
    out.println(line + pieces[0]);
    for (size_t i = 1; i < pieces.size(); ++i) out.println(std::string(kLabelCol + 2, ' ') + pieces[i]);
  }
}

void header(Session& session) {
  const Dataset& data = session.data;
  Console& out = session.console;
  auto file = session.settings.find("filename");
  if (file != session.settings.end() && !file->second.empty())
    out.println("Contains data from " + file->second);
  else
    out.println("Contains data");
  out.println(" Observations:" + pad_left(inspect::commas(static_cast<double>(data.nobs())), 14) +
              std::string(18, ' ') + data.label);
  out.println("    Variables:" + pad_left(inspect::commas(static_cast<double>(data.nvars())), 14) +
              std::string(18, ' '));
}

void footer(Session& session) {
  const Dataset& data = session.data;
  std::string sorted = "Sorted by: ";
  for (size_t i = 0; i < data.sortedby.size(); ++i) sorted += (i ? "  " : "") + data.sortedby[i];
  session.console.println(sorted);
  if (data.changed && data.nvars() > 0) session.console.println("     Note: Dataset has changed since last saved.");
}

}  // namespace

XTDO_COMMAND(describe, "describe", 1, "[varlist] [, Short SImple Fullnames VARlist]") {
  // --- Bind
  const Dataset& data = session.data;
  bool subset = !util::trim(args.cmd->args.text).empty();
  std::vector<std::string> names;
  for (const auto& v : args.vars)
    if (std::find(names.begin(), names.end(), v.base) == names.end()) names.push_back(v.base);
  Console& out = session.console;

  // --- Display
  if (args.has("simple")) {
    size_t width = 0;
    for (const auto& n : names) width = std::max(width, n.size());
    width += 2;
    size_t per_line = std::max<size_t>(1, (kLineSize + 2) / width);
    std::string line;
    for (size_t i = 0; i < names.size(); ++i) {
      bool last_in_line = (i + 1) % per_line == 0 || i + 1 == names.size();
      line += last_in_line ? names[i] : pad_right(names[i], width);
      if (last_in_line) {
        out.println(line);
        line.clear();
      }
    }
  } else if (subset) {
    out.println();
    variable_table(out, data, names, args.has("fullnames"));
  } else {
    out.println();
    header(session);
    if (!args.has("short") && data.nvars() > 0) {
      out.println(std::string(kLineSize, '-'));
      variable_table(out, data, names, args.has("fullnames"));
      out.println(std::string(kLineSize, '-'));
    }
    footer(session);
  }

  // --- Post
  int width = 0;
  for (const auto& c : data.columns()) width += storage_width(*c);
  session.r.clear();
  session.r.set_scalar("N", static_cast<double>(data.nobs()));
  session.r.set_scalar("k", static_cast<double>(data.nvars()));
  session.r.set_scalar("width", width);
  session.r.set_scalar("changed", data.changed ? 1 : 0);
  if (args.has("varlist")) {
    std::string list, sorted;
    for (size_t i = 0; i < names.size(); ++i) list += (i ? " " : "") + names[i];
    for (size_t i = 0; i < data.sortedby.size(); ++i) sorted += (i ? " " : "") + data.sortedby[i];
    session.r.set_macro("varlist", list);
    session.r.set_macro("sortlist", sorted);
  }
}

}  // namespace xtdo
