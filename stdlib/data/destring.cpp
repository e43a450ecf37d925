// destring and tostring: convert string variables holding numbers to numeric ones
// and back, with Stata's messages and checks ([D] destring).
#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "data_common.hpp"
#include "inspect_util.hpp"
#include "stat_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// What `compress` makes of a double column: the smallest integer type when every
/// value is an integer in range, else float when float holds every value exactly,
/// else double.
StorageType compress_type(const std::vector<double>& values) {
  StorageType t = fit_numeric_type(values, false);
  if (t != StorageType::Double) return t;
  for (double v : values)
    if (!missing::is_missing(v) && round_to_float(v) != v) return StorageType::Double;
  return StorageType::Float;
}

/// generate(newvarlist) checked against the varlist: same count, all new, valid.
std::vector<std::string> generate_names(const Dataset& data, const CallArgs& args, size_t nvars) {
  auto words = grammar::split_words(*args.get("generate"));
  int pos = args.option_pos("generate");
  for (size_t i = 0; i < words.size(); ++i) {
    bool dup = std::find(words.begin(), words.begin() + i, words[i]) != words.begin() + i;
    if (!valid_name(words[i]) || data.find(words[i]) >= 0 || dup)
      throw XtdoError(data.find(words[i]) >= 0 || dup ? 110 : 198,
                      "generate() contains existing variable(s) and/or illegal variable name(s)",
                      pos);
  }
  if (words.size() != nvars)
    throw XtdoError(
        198,
        "number of variables in varlist must equal\nnumber of variables in generate(newvarlist)",
        pos);
  return words;
}

/// generate() xor replace, as both commands require.
void check_gen_replace(const CallArgs& args) {
  if (args.has("generate") && args.has("replace"))
    throw XtdoError(198, "options generate and replace are mutually exclusive");
  if (!args.has("generate") && !args.has("replace"))
    throw XtdoError(198, "must specify either generate or replace option");
}

/// Strip one level of "..." or `"..."'.
std::string unquote(std::string t) {
  t = util::trim(t);
  if (t.size() >= 4 && t.compare(0, 2, "`\"") == 0 && t.compare(t.size() - 2, 2, "\"'") == 0)
    return t.substr(2, t.size() - 4);
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"') return t.substr(1, t.size() - 2);
  return t;
}

/// Replace a column's contents in place (position, name and labels stay).
void retype_in_place(Dataset& data, Column& col, StorageType type, int width,
                     std::vector<double> num, std::vector<std::string> str,
                     const std::string& format) {
  col.type = type;
  col.str_width = width;
  col.num = std::move(num);
  col.str = std::move(str);
  col.format = format;
  col.value_label.clear();
  auto it = std::find(data.sortedby.begin(), data.sortedby.end(), col.name);
  if (it != data.sortedby.end()) data.sortedby.erase(it, data.sortedby.end());
  data.changed = true;
}

/// Move column `name` to just after column `after`.
void place_after(Dataset& data, const std::string& name, const std::string& after) {
  std::vector<std::string> names;
  for (const auto& c : data.columns()) {
    if (c->name == name) continue;
    names.push_back(c->name);
    if (c->name == after) names.push_back(name);
  }
  data.order(names);
}

}  // namespace

// destring [varlist], {generate(newvarlist) | replace} [force float ignore("chars")
//   percent dpcomma] -- follows destring.ado 2.4.4 step by step: remove the ignored
// characters, trim, dpcomma, then real(); a value that real() cannot read makes the
// variable fail (message, no change) unless force.
XTDO_COMMAND(destring, "destring", 0,
             "[varlist] [, Generate(string) replace force float Ignore(string) percent dpcomma]") {
  Dataset& data = session.data;
  // --- Bind
  check_gen_replace(args);
  std::vector<std::string> gen;
  if (args.has("generate")) gen = generate_names(data, args, args.vars.size());
  const std::string genrep = gen.empty() ? "replace" : "generate";
  std::vector<std::string> ignore = inspect::utf8_chars(unquote(args.get_or("ignore", "")));
  const bool percent = args.has("percent");
  if (percent && std::find(ignore.begin(), ignore.end(), "%") == ignore.end())
    ignore.push_back("%");
  const bool has_ignore = !ignore.empty();
  const bool as_float = args.has("float");
  const size_t n = data.nobs();

  for (size_t k = 0; k < args.vars.size(); ++k) {
    const VarRef& ref = args.vars[k];
    Column* src = data.get(ref.base);
    if (!src->is_string()) {
      session.console.println(fmt::format("{} already numeric; no {}", ref.name, genrep));
      continue;
    }
    // --- Clean the text
    std::vector<bool> found(ignore.size(), false);
    int64_t with_pct = 0, oldmiss = 0, newmiss = 0;
    std::vector<double> values(n);
    for (size_t row = 0; row < n; ++row) {
      std::string s = src->str[row];
      if (percent && s.find('%') != std::string::npos) ++with_pct;
      for (size_t c = 0; c < ignore.size(); ++c) {
        const std::string& ch = ignore[c];
        size_t at = s.find(ch);
        if (at == std::string::npos) continue;
        found[c] = true;
        std::string out;
        size_t from = 0;
        for (; at != std::string::npos; at = s.find(ch, from)) {
          out += s.substr(from, at - from);
          from = at + ch.size();
        }
        s = out + s.substr(from);
      }
      s = util::trim(s);
      bool ismissing =
          s.empty() || s == "." || (s.size() == 2 && s[0] == '.' && s[1] >= 'a' && s[1] <= 'z');
      oldmiss += ismissing;
      if (args.has("dpcomma") && !ismissing) {
        // The decimal comma: points become invalid, the first comma becomes the point.
        for (char& ch : s)
          if (ch == '.') ch = 'X';
        bool skip = s == ",";
        for (size_t i = 0; i + 1 < s.size() && !skip; ++i)
          if (s[i] == ',' && s[i + 1] >= 'a' && s[i + 1] <= 'z') skip = true;
        size_t comma = s.find(',');
        if (!skip && comma != std::string::npos) s[comma] = '.';
      }
      double v = stat::stata_real(s);
      if (as_float) v = round_to_float(v);
      values[row] = v;
      newmiss += missing::is_missing(v);
    }
    const bool flag = oldmiss != newmiss;
    std::string removed;
    int64_t nremoved = 0;
    for (size_t c = 0; c < ignore.size(); ++c) {
      if (!found[c]) continue;
      removed += ignore[c] == " " ? " space" : " " + ignore[c];
      ++nremoved;
    }
    if (flag && !args.has("force")) {
      session.console.println(
          has_ignore ? fmt::format("{}: contains characters not specified in ignore(); no {}",
                                   ref.name, genrep)
                     : fmt::format("{}: contains nonnumeric characters; no {}", ref.name, genrep));
      continue;
    }
    // --- Convert: percentages are divided by 100; the type is the smallest that
    // holds every value (compress of the double result).
    if (with_pct > 0)
      for (double& v : values)
        if (!missing::is_missing(v)) v /= 100;
    StorageType type = compress_type(values);
    if (as_float && type == StorageType::Double) type = StorageType::Float;
    const std::string type_name = storage_name(type, 0);
    const std::string target = gen.empty() ? "" : gen[k] + " ";
    if (flag) {
      std::string line = fmt::format("{}: contains nonnumeric characters", ref.name);
      if (has_ignore) line += " not specified in ignore()";
      if (removed.empty()) line += fmt::format("; {}{}d as {}", target, genrep, type_name);
      session.console.println(line);
    }
    if (!removed.empty())
      session.console.println(fmt::format("{}: character{}{} removed; {}{}d as {}", ref.name,
                                          nremoved == 1 ? "" : "s", removed, target, genrep,
                                          type_name));
    else if (!flag)
      session.console.println(fmt::format("{}: all characters numeric; {}{}d as {}", ref.name,
                                          target, genrep, type_name));
    if (newmiss != 0)
      session.console.println(fmt::format("({} missing value{} generated)", data::commas(newmiss),
                                          stat::plural(newmiss)));
    const std::string format = as_float ? "%9.0g" : "%10.0g";
    if (gen.empty()) {
      retype_in_place(data, *src, type, 0, std::move(values), {}, format);
    } else {
      std::string label = src->label;
      Column& col = data.add_numeric(gen[k], std::move(values), type);
      col.format = format;
      col.label = label;
      place_after(data, gen[k], ref.base);
    }
  }
}

// tostring varlist, {generate(newvarlist) | replace} [force format(%fmt) usedisplayformat]
// Each value is written with format (default %12.0g); unless force, a variable whose
// text does not read back (real()) to the same number is left alone.
XTDO_COMMAND(tostring, "tostring", 0,
             "varlist [, Generate(string) replace force Format(string) USEDISPlayformat]") {
  Dataset& data = session.data;
  // --- Bind
  check_gen_replace(args);
  std::vector<std::string> gen;
  if (args.has("generate")) gen = generate_names(data, args, args.vars.size());
  const std::string genrep = gen.empty() ? "replace" : "generate";
  std::string format = util::trim(args.get_or("format", ""));
  if (args.has("format") && args.has("usedisplayformat"))
    throw XtdoError(198, "options format() and usedisplayformat may not be combined");
  if (!format.empty() && (format[0] != '%' || format.find('s') != std::string::npos ||
                          format_number(1, format) == format))
    throw XtdoError(120, fmt::format("invalid format: {}", format), args.option_pos("format"));
  const size_t n = data.nobs();

  for (size_t k = 0; k < args.vars.size(); ++k) {
    const VarRef& ref = args.vars[k];
    Column* src = data.get(ref.base);
    if (src->is_string()) {
      session.console.println(fmt::format("{} already string; no {}", ref.name, genrep));
      continue;
    }
    std::string fmt_k = !format.empty()                ? format
                        : args.has("usedisplayformat") ? src->format
                                                       : "%12.0g";
    std::vector<std::string> text(n);
    bool reversible = true;
    size_t width = 1;
    for (size_t row = 0; row < n; ++row) {
      double v = src->num[row];
      text[row] =
          missing::is_missing(v) ? missing::to_string(v) : util::trim(format_number(v, fmt_k));
      width = std::max(width, text[row].size());
      if (reversible && !missing::is_missing(v) && stat::stata_real(text[row]) != v)
        reversible = false;
    }
    if (!reversible && !args.has("force")) {
      session.console.println(
          fmt::format("{} cannot be converted reversibly; no {}", ref.name, genrep));
      continue;
    }
    StorageType type = width > 2045 ? StorageType::StrL : StorageType::Str;
    std::string type_name = storage_name(type, static_cast<int>(width));
    if (gen.empty()) {
      session.console.println(
          fmt::format("{} was {} now {}", ref.name, storage_name(src->type, 0), type_name));
      retype_in_place(data, *src, type, static_cast<int>(width), {}, std::move(text),
                      default_format(type, static_cast<int>(width)));
    } else {
      session.console.println(fmt::format("{} generated as {}", gen[k], type_name));
      std::string label = src->label;
      data.add_string(gen[k], std::move(text), static_cast<int>(width)).label = label;
    }
  }
}

}  // namespace xtdo
