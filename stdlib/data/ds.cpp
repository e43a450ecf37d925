// ds and unab: list variables (filtered by type, labels or format) into r(varlist),
// and expand a varlist into a local macro ([D] ds, [P] unab).
#include <fmt/format.h>

#include <algorithm>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// Stata's wildcard match (`*` any run, `?` one character).
bool glob(const std::string& pat, const std::string& s, bool nocase) {
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  auto eq = [&](char a, char b) {
    return nocase ? std::tolower(static_cast<unsigned char>(a)) ==
                        std::tolower(static_cast<unsigned char>(b))
                  : a == b;
  };
  while (t < s.size()) {
    if (p < pat.size() && (pat[p] == '?' || eq(pat[p], s[t]))) {
      ++p;
      ++t;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

/// Does a variable have the property in has()/not()? `spec` is `type typelist`,
/// `varlabel [patterns]`, `vallabel [patterns]` or `format patterns`.
bool has_property(const Column& col, const std::vector<std::string>& spec, bool nocase) {
  const std::string& what = spec[0];
  std::vector<std::string> items(spec.begin() + 1, spec.end());
  if (util::abbrev(what, "type", 1)) {
    std::string t = storage_name(col.type, col.str_width);
    for (const auto& it : items) {
      if (it == "numeric" && !col.is_string()) return true;
      if (it == "string" && col.is_string()) return true;
      if (it == "str#" && col.type == StorageType::Str) return true;
      if (glob(it, t, false)) return true;
    }
    return false;
  }
  auto any_match = [&](const std::string& text) {
    if (text.empty()) return false;
    if (items.empty()) return true;
    for (const auto& it : items)
      if (glob(it, text, nocase)) return true;
    return false;
  };
  if (util::abbrev(what, "varlabel", 4)) return any_match(col.label);
  if (util::abbrev(what, "vallabel", 4)) return any_match(col.value_label);
  if (util::abbrev(what, "format", 1)) return any_match(col.format);
  throw XtdoError(198, fmt::format("{} not allowed in has() or not()", what));
}

}  // namespace

// ds [varlist] [, not has(spec) not(spec) alpha varwidth(#) skip(#) insensitive indent(#)]
XTDO_COMMAND(
    ds, "ds", 0,
    "[varlist] [, Alpha VARwidth(integer 12) SKip(integer 2) INsensitive INDent(integer 0) *]") {
  const Dataset& data = session.data;
  // --- Bind: `not` alone (complement of the varlist) and has()/not() share names,
  // so they arrive as unlisted options.
  bool complement = false;
  std::vector<std::pair<bool, std::vector<std::string>>> filters;  // {keep if has, spec}
  for (const auto& o : args.options) {
    if (o.name == "alpha" || o.name == "varwidth" || o.name == "skip" || o.name == "insensitive" ||
        o.name == "indent")
      continue;
    if (o.name == "not" && !o.arg) {
      complement = true;
    } else if ((o.name == "has" || o.name == "not") && o.arg) {
      auto words = grammar::split_words(*o.arg);
      if (words.empty())
        throw XtdoError(198, fmt::format("{}() requires an argument", o.name), o.pos);
      filters.push_back({o.name == "has", words});
    } else {
      throw XtdoError(198, fmt::format("option {} not allowed", o.name), o.pos);
    }
  }
  const bool nocase = args.has("insensitive");
  int64_t varwidth = std::clamp<int64_t>(static_cast<int64_t>(args.number("varwidth")), 5, 32);
  int64_t skip = std::max<int64_t>(0, static_cast<int64_t>(args.number("skip")));
  int64_t indent = std::max<int64_t>(0, static_cast<int64_t>(args.number("indent")));

  // --- Select
  std::vector<std::string> chosen;
  std::vector<std::string> named = args.var_names();
  std::vector<std::string> candidates;
  if (complement) {
    for (const auto& col : data.columns())
      if (std::find(named.begin(), named.end(), col->name) == named.end())
        candidates.push_back(col->name);
  } else {
    for (const auto& name : named)
      if (std::find(candidates.begin(), candidates.end(), name) == candidates.end())
        candidates.push_back(name);
  }
  for (const auto& name : candidates) {
    bool keep = true;
    for (const auto& [want, spec] : filters)
      if (has_property(*data.get(name), spec, nocase) != want) keep = false;
    if (keep) chosen.push_back(name);
  }
  if (args.has("alpha")) std::sort(chosen.begin(), chosen.end());

  // --- Display: names in columns of varwidth + skip, across then down.
  const size_t colw = static_cast<size_t>(varwidth + skip);
  const size_t per_line = std::max<size_t>(1, (80 - indent + skip) / colw);
  for (size_t i = 0; i < chosen.size(); i += per_line) {
    std::string line(static_cast<size_t>(indent), ' ');
    for (size_t j = i; j < std::min(chosen.size(), i + per_line); ++j) {
      std::string name = inspect::abbrev(chosen[j], static_cast<size_t>(varwidth));
      line += j + 1 < std::min(chosen.size(), i + per_line) ? inspect::pad_right(name, colw) : name;
    }
    session.console.println(line);
  }

  // --- Post
  session.r.clear();
  session.r.set_macro("varlist", util::join(chosen, " "));
}

// unab lmacname : varlist [, min(#) max(#) name(string)]
XTDO_COMMAND(unab, "unab", 0, "*") {
  std::string rest = args.cmd->rest.text;
  int pos = args.cmd->rest.pos;
  size_t colon = rest.find(':');
  if (colon == std::string::npos) throw XtdoError(198, "invalid syntax", pos);
  std::string macro = util::trim(rest.substr(0, colon));
  if (macro.empty() || macro.size() > 31 || macro.find(' ') != std::string::npos)
    throw XtdoError(198, "invalid syntax", pos);
  std::string body = rest.substr(colon + 1);
  int body_pos = pos + static_cast<int>(colon) + 1;
  int64_t min = 1, max = -1;
  std::string what = "variables";
  size_t comma = body.find(',');
  if (comma != std::string::npos) {
    ast::Command opts;
    opts.rest = {body.substr(comma), body_pos + static_cast<int>(comma)};
    grammar::parse_command_body(opts);
    for (const auto& o : opts.options) {
      std::string v = o.arg ? util::trim(*o.arg) : "";
      if (o.name == "min" && o.arg)
        min = std::strtoll(v.c_str(), nullptr, 10);
      else if (o.name == "max" && o.arg)
        max = std::strtoll(v.c_str(), nullptr, 10);
      else if (o.name == "name" && o.arg)
        what = v;
      else
        throw XtdoError(198, fmt::format("option {} not allowed", o.name), o.pos);
    }
    body = body.substr(0, comma);
  }
  std::vector<std::string> names;
  if (!util::trim(body).empty()) names = expand_names(session.data, body, 0, body_pos);
  if (static_cast<int64_t>(names.size()) < min)
    throw XtdoError(names.empty() ? 100 : 102,
                    names.empty() ? "varlist required" : "too few " + what + " specified");
  if (max >= 0 && static_cast<int64_t>(names.size()) > max)
    throw XtdoError(103, "too many " + what + " specified");
  session.macros.set_local(macro, util::join(names, " "));
}

}  // namespace xtdo
