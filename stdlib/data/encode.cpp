// encode and decode: a string variable to a labelled numeric one (codes 1, 2, ...
// in sorted order) and back ([D] encode).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// The one new variable named in generate(), checked before anything changes.
std::string generate_name(const Dataset& data, const CallArgs& args) {
  auto g = args.get("generate");
  if (!g) throw XtdoError(198, "option generate() required");
  auto words = grammar::split_words(*g);
  int pos = args.option_pos("generate");
  if (words.size() != 1)
    throw XtdoError(words.empty() ? 100 : 103,
                    words.empty() ? "varlist required" : "too many variables specified", pos);
  if (!valid_name(words[0])) throw XtdoError(198, fmt::format("{} invalid name", words[0]), pos);
  if (data.find(words[0]) >= 0)
    throw XtdoError(110, fmt::format("variable {} already defined", words[0]), pos);
  return words[0];
}

}  // namespace

// encode varname [if] [in], generate(newvar) [label(name) noextend]
XTDO_COMMAND(encode, "encode", 0, "varname [if] [in] [, Generate(string) Label(string) noextend]") {
  Dataset& data = session.data;
  // --- Bind
  const VarRef& ref = args.vars.at(0);
  if (!ref.is_string) throw XtdoError(107, "not possible with numeric variable");
  std::string name = generate_name(data, args);
  std::string lname = args.has("label") ? util::trim(*args.get("label")) : name;
  if (!valid_name(lname))
    throw XtdoError(198, fmt::format("{} invalid name", lname), args.option_pos("label"));

  // --- Sample: the strings to code (empty strings stay missing).
  std::vector<uint8_t> touse = args.sample(session, false);
  const Column& src = *data.get(ref.base);
  std::set<std::string> levels;
  for (size_t row = 0; row < data.nobs(); ++row)
    if (touse[row] && !src.str[row].empty()) levels.insert(src.str[row]);

  // --- Build: existing labels keep their codes; new strings follow the largest code.
  ValueLabel label;
  auto existing = data.value_labels.find(lname);
  if (existing != data.value_labels.end()) label = existing->second;
  std::map<std::string, double> code;
  for (auto it = label.rbegin(); it != label.rend(); ++it)
    code[it->second] = it->first;  // lowest code wins
  double next = label.empty() ? 1 : std::max(0.0, label.rbegin()->first) + 1;
  for (const auto& s : levels) {
    if (code.count(s)) continue;
    if (args.has("noextend"))
      throw XtdoError(
          459, fmt::format("there are values of {} not present in label {}; not encoded", ref.name,
                           lname));
    code[s] = next;
    label[next] = s;
    next += 1;
  }

  // --- Store
  std::vector<double> values(data.nobs(), missing::kSysmiss);
  for (size_t row = 0; row < data.nobs(); ++row)
    if (touse[row] && !src.str[row].empty()) values[row] = code[src.str[row]];
  std::string var_label = src.label;
  data.value_labels[lname] = std::move(label);
  Column& col = data.add_numeric(name, std::move(values), StorageType::Long);
  col.value_label = lname;
  col.label = var_label;
}

// decode varname [if] [in], generate(newvar) [maxlength(#)]
XTDO_COMMAND(decode, "decode", 0,
             "varname [if] [in] [, Generate(string) MAXLength(integer 2045)]") {
  Dataset& data = session.data;
  // --- Bind
  const VarRef& ref = args.vars.at(0);
  if (ref.is_string) throw XtdoError(108, "not possible with string variable");
  std::string name = generate_name(data, args);
  int64_t maxlen = static_cast<int64_t>(args.number("maxlength"));
  if (maxlen < 1 || maxlen > 2045)
    throw XtdoError(198, "maxlength() must be between 1 and 2045", args.option_pos("maxlength"));
  const Column& src = *data.get(ref.base);
  auto set = data.value_labels.find(src.value_label);
  if (src.value_label.empty() || set == data.value_labels.end())
    throw XtdoError(182, fmt::format("{} not labeled", ref.name));

  // --- Build: unlabelled values become "" (missing), as Stata's decode does.
  std::vector<uint8_t> touse = args.sample(session, false);
  std::vector<std::string> text(data.nobs());
  for (size_t row = 0; row < data.nobs(); ++row) {
    if (!touse[row]) continue;
    auto hit = set->second.find(src.num[row]);
    if (hit == set->second.end()) continue;
    text[row] = hit->second.substr(0, static_cast<size_t>(maxlen));
  }
  std::string var_label = src.label;
  data.add_string(name, std::move(text), 1).label = var_label;
}

}  // namespace xtdo
