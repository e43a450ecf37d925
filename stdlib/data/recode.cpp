// recode: change values of numeric variables by rules such as (1 2 = 3), (1/5 = 1),
// (min/0 = 0), (missing = 9), (else = .), in place or into new variables ([D] recode).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "data_common.hpp"
#include "stat_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// One element on the left of a rule: a value, a range whose ends may be `min` or
/// `max`, or one of the keywords.
struct Element {
  enum class Kind { Range, Missing, Nonmissing, Else } kind = Kind::Range;
  enum class End { Number, Min, Max };
  End lo_end = End::Number, hi_end = End::Number;
  double lo = 0, hi = 0;
};

struct Rule {
  std::vector<Element> from;
  bool copy = false;  ///< `else = copy`
  double to = 0;
  std::string label;  ///< optional "label" for the target value
  bool has_label = false;
  int pos = 0;
};

/// Parse the text inside one pair of parentheses.
Rule parse_rule(const std::string& text, int pos) {
  Rule rule;
  rule.pos = pos;
  auto bad = [&]() {
    return XtdoError(198, fmt::format("invalid rule: ({})", util::trim(text)), pos);
  };
  size_t eq = text.find('=');
  if (eq == std::string::npos || text.find('=', eq + 1) != std::string::npos) throw bad();
  auto left = grammar::split_words(text.substr(0, eq));
  std::string right = util::trim(text.substr(eq + 1));
  if (left.empty() || right.empty()) throw bad();
  // Right side: a value (or `copy`) and an optional quoted label.
  size_t quote = right.find('"');
  std::string target = util::trim(right.substr(0, quote));
  if (quote != std::string::npos) {
    auto words = grammar::split_words(
        right.substr(quote > 0 && right[quote - 1] == '`' ? quote - 1 : quote));
    if (words.size() != 1) throw bad();
    rule.label = words[0];
    rule.has_label = true;
    if (!target.empty() && target.back() == '`') target.pop_back();
    target = util::trim(target);
  }
  if (target == "copy") {
    rule.copy = true;
  } else if (!stat::is_number_literal(target, rule.to) || target.find(' ') != std::string::npos) {
    throw bad();
  }
  for (const auto& w : left) {
    Element e;
    std::string lw = util::lower(w);
    if (lw == "else" || lw == "*") {
      e.kind = Element::Kind::Else;
    } else if (util::abbrev(lw, "missing", 4)) {
      e.kind = Element::Kind::Missing;
    } else if (util::abbrev(lw, "nonmissing", 7)) {
      e.kind = Element::Kind::Nonmissing;
    } else {
      // `#`, `#/#`, `min`, `max`, `min/#`, `#/max`.
      size_t slash = w.find('/');
      std::string a = w.substr(0, slash);
      std::string b = slash == std::string::npos ? a : w.substr(slash + 1);
      auto end = [&](const std::string& t, Element::End& kind, double& v) {
        if (t == "min")
          kind = Element::End::Min;
        else if (t == "max")
          kind = Element::End::Max;
        else if (!stat::is_number_literal(t, v))
          throw bad();
      };
      end(a, e.lo_end, e.lo);
      end(b, e.hi_end, e.hi);
    }
    if (rule.copy && e.kind != Element::Kind::Else && e.kind != Element::Kind::Missing &&
        e.kind != Element::Kind::Nonmissing)
      throw bad();
    rule.from.push_back(e);
  }
  return rule;
}

/// Does `v` match a value or range element, given the sample's min and max?
bool matches(const Element& e, double v, double vmin, double vmax) {
  if (e.kind != Element::Kind::Range) return false;
  auto value = [&](Element::End kind, double x) {
    return kind == Element::End::Min ? vmin : kind == Element::End::Max ? vmax : x;
  };
  double lo = value(e.lo_end, e.lo), hi = value(e.hi_end, e.hi);
  if (missing::is_missing(v)) return v == lo && v == hi;
  return v >= lo && v <= hi;
}

}  // namespace

// recode varlist (rule) [(rule) ...] [if] [in] [, generate(newvars) prefix(str)
//   label(name) copyrest]. Explicit values and ranges are tried in the order written
// (the first that matches wins); `missing`, `nonmissing` and `else` take what no
// explicit element matched.
XTDO_COMMAND(recode, "recode", 0, "*") {
  Dataset& data = session.data;
  // --- Bind: lift the rules out (blanked so offsets stay), then bind the rest.
  ast::Command cmd = *args.cmd;
  std::string text = cmd.rest.text;
  std::vector<Rule> rules;
  {
    bool quote = false;
    int depth = 0;
    size_t open = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '"') quote = !quote;
      if (quote) continue;
      if (c == ',' && depth == 0) break;
      if (c == '(') {
        if (depth++ == 0) open = i;
      } else if (c == ')' && depth > 0 && --depth == 0) {
        rules.push_back(
            parse_rule(text.substr(open + 1, i - open - 1), cmd.rest.pos + static_cast<int>(open)));
        std::fill(text.begin() + static_cast<long>(open), text.begin() + static_cast<long>(i) + 1,
                  ' ');
      }
    }
    if (depth != 0) throw XtdoError(198, "unmatched parenthesis", cmd.rest.pos);
  }
  if (rules.empty()) throw XtdoError(198, "no rules specified", cmd.rest.pos);
  for (size_t k = 0; k + 1 < rules.size(); ++k)
    for (const auto& e : rules[k].from)
      if (e.kind == Element::Kind::Else)
        throw XtdoError(198, "else must be the last rule", rules[k].pos);
  cmd.rest.text = text;
  grammar::parse_command_body(cmd);
  CommandInfo spec{
      "recode", 0,
      "varlist(numeric) [if] [in] [, Generate(string) PREfix(string) Label(string) COPYrest]",
      nullptr};
  CallArgs bound;
  bound.cmd = &cmd;
  bound.info = &spec;
  bind_args(session, spec, cmd, bound);
  const size_t nvars = bound.vars.size();
  if (bound.has("generate") && bound.has("prefix"))
    throw XtdoError(198, "options generate() and prefix() may not be combined");
  std::vector<std::string> targets;
  if (bound.has("generate")) {
    targets = grammar::split_words(*bound.get("generate"));
    if (targets.size() != nvars)
      throw XtdoError(198, "the number of new variables does not match the number of variables",
                      bound.option_pos("generate"));
  } else if (bound.has("prefix")) {
    for (const auto& v : bound.vars) targets.push_back(util::trim(*bound.get("prefix")) + v.name);
  }
  for (const auto& t : targets) {
    if (!valid_name(t)) throw XtdoError(198, fmt::format("{} invalid name", t));
    if (data.find(t) >= 0) throw XtdoError(110, fmt::format("variable {} already defined", t));
  }
  for (const auto& v : bound.vars)
    if (!v.plain()) throw XtdoError(101, "time-series operators not allowed");
  // Value labels from "label" texts in the rules.
  ValueLabel labels;
  for (const auto& r : rules)
    if (r.has_label) {
      if (r.copy || missing::is_missing(r.to))
        throw XtdoError(198, "may not label missing or copied values", r.pos);
      labels[r.to] = r.label;
    }
  std::string label_name;
  if (!labels.empty()) {
    if (nvars != 1 && !bound.has("label"))
      throw XtdoError(198,
                      "option label() required when defining labels for more than one variable");
    label_name = bound.has("label") ? util::trim(*bound.get("label"))
                                    : (targets.empty() ? bound.vars[0].name : targets[0]);
    if (data.value_labels.count(label_name))
      throw XtdoError(110, fmt::format("label {} already defined", label_name));
  }

  // --- Compute every variable before changing any (a failure leaves data alone).
  std::vector<uint8_t> touse = bound.sample(session, false);
  const size_t n = data.nobs();
  std::vector<std::vector<double>> results(nvars);
  std::vector<StorageType> types(nvars);
  std::vector<int64_t> changes(nvars, 0);
  for (size_t k = 0; k < nvars; ++k) {
    const Column& src = *data.get(bound.vars[k].base);
    double vmin = missing::kSysmiss, vmax = -missing::kSysmiss;
    for (size_t row = 0; row < n; ++row)
      if (touse[row] && !missing::is_missing(src.num[row])) {
        vmin = std::min(vmin, src.num[row]);
        vmax = std::max(vmax, src.num[row]);
      }
    std::vector<double>& out = results[k];
    out.resize(n);
    StorageType type = src.type;
    for (size_t row = 0; row < n; ++row) {
      double v = src.num[row];
      if (!touse[row]) {
        out[row] = targets.empty() || bound.has("copyrest") ? v : missing::kSysmiss;
        if (!targets.empty() && bound.has("copyrest")) type = data::promoted_type(type, v);
        continue;
      }
      const Rule* hit = nullptr;
      for (const auto& r : rules) {
        for (const auto& e : r.from)
          if (matches(e, v, vmin, vmax)) hit = &r;
        if (hit) break;
      }
      if (!hit) {
        bool miss = missing::is_missing(v);
        for (const auto& r : rules) {
          for (const auto& e : r.from)
            if ((e.kind == Element::Kind::Missing && miss) ||
                (e.kind == Element::Kind::Nonmissing && !miss) || e.kind == Element::Kind::Else)
              hit = &r;
          if (hit) break;
        }
      }
      double to = (!hit || hit->copy) ? v : hit->to;
      type = data::promoted_type(type, to);
      out[row] = to;
    }
    for (size_t row = 0; row < n; ++row) {
      out[row] = data::to_storage(type, out[row]);
      changes[k] += !(out[row] == src.num[row]);
    }
    types[k] = type;
  }

  // --- Store and report
  for (size_t k = 0; k < nvars; ++k) {
    const std::string& name = bound.vars[k].name;
    if (targets.empty()) {
      Column& col = *data.get(bound.vars[k].base);
      if (col.format == default_format(col.type, 0)) col.format = default_format(types[k], 0);
      col.type = types[k];
      col.num = std::move(results[k]);
      auto it = std::find(data.sortedby.begin(), data.sortedby.end(), name);
      if (it != data.sortedby.end()) data.sortedby.erase(it, data.sortedby.end());
      data.changed = true;
      if (!label_name.empty()) col.value_label = label_name;
      session.console.println(fmt::format("({} change{} made to {})", data::commas(changes[k]),
                                          stat::plural(changes[k]), name));
    } else {
      std::string var_label = data.get(name)->label;
      Column& col = data.add_numeric(targets[k], std::move(results[k]), types[k]);
      col.label = var_label;
      if (!label_name.empty()) col.value_label = label_name;
      session.console.println(fmt::format("({} difference{} between {} and {})",
                                          data::commas(changes[k]), stat::plural(changes[k]), name,
                                          targets[k]));
    }
  }
  if (!label_name.empty()) data.value_labels[label_name] = labels;
}

}  // namespace xtdo
