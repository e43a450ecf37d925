// label: variable labels, dataset label, and value-label sets
// (label variable / data / define / values / list / drop / dir) as in [D] label.
#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// Strip one level of "..." or `"..."' quotes.
std::string unquote(const std::string& s) {
  std::string t = util::trim(s);
  if (t.size() >= 4 && t.compare(0, 2, "`\"") == 0 && t.compare(t.size() - 2, 2, "\"'") == 0)
    return t.substr(2, t.size() - 4);
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"') return t.substr(1, t.size() - 2);
  return t;
}

/// Text after the first `n` words of `s`.
std::string after_words(const std::string& s, size_t n) {
  size_t pos = 0;
  for (size_t w = 0; w < n; ++w) {
    while (pos < s.size() && s[pos] == ' ') ++pos;
    while (pos < s.size() && s[pos] != ' ') ++pos;
  }
  return pos < s.size() ? s.substr(pos) : std::string();
}

void label_define(Session& session, const std::vector<std::string>& words, const std::string& rest, int pos) {
  if (words.size() < 2) throw XtdoError(198, "label define: name expected", pos);
  std::string name = words[1];
  bool add = false, modify = false, replace = false;
  std::string body = after_words(rest, 2);
  size_t comma = body.rfind(',');
  if (comma != std::string::npos && body.find('"', comma) == std::string::npos) {
    for (auto& o : grammar::split_words(body.substr(comma + 1))) {
      if (o == "add") add = true;
      else if (o == "modify") modify = true;
      else if (o == "replace") replace = true;
      else throw XtdoError(198, fmt::format("option {} not allowed", o), pos);
    }
    body = body.substr(0, comma);
  }
  auto items = grammar::split_words(body);
  if (items.size() % 2 != 0) throw XtdoError(198, "label define: value and label pairs expected", pos);
  auto& sets = session.data.value_labels;
  if (sets.count(name) && !add && !modify && !replace)
    throw XtdoError(110, fmt::format("label {} already defined", name), pos);
  if (replace) sets.erase(name);
  ValueLabel& set = sets[name];
  for (size_t i = 0; i < items.size(); i += 2) {
    char* end = nullptr;
    double v = std::strtod(items[i].c_str(), &end);
    if (items[i].empty() || *end != '\0' || v != static_cast<long long>(v))
      throw XtdoError(198, fmt::format("{} is not an integer", items[i]), pos);
    if (set.count(v) && add && !modify)
      throw XtdoError(180, fmt::format("invalid attempt to modify label: {} already labeled", items[i]), pos);
    set[v] = items[i + 1];
  }
}

}  // namespace

XTDO_COMMAND(label, "label", 2, "*") {
  const std::string& rest = args.cmd->rest.text;
  int pos = args.cmd->rest.pos;
  auto words = grammar::split_words(rest);
  if (words.empty()) throw XtdoError(198, "label: subcommand expected", pos);
  std::string sub = words[0];
  Dataset& data = session.data;
  if (util::abbrev(sub, "variable", 3)) {
    if (words.size() < 2) throw XtdoError(100, "varname required", pos);
    std::string var = resolve_name(data, words[1], pos);
    data.get(var)->label = unquote(after_words(rest, 2));
  } else if (sub == "data") {
    data.label = unquote(after_words(rest, 1));
  } else if (util::abbrev(sub, "define", 3)) {
    label_define(session, words, rest, pos);
  } else if (util::abbrev(sub, "values", 3)) {
    if (words.size() < 2) throw XtdoError(100, "varlist required", pos);
    // The last word is the label name unless only variables are given (detach).
    std::string lbl = words.size() >= 3 ? words.back() : "";
    if (lbl == ".") lbl.clear();
    size_t nvars = words.size() >= 3 ? words.size() - 2 : 1;
    std::string vartext;
    for (size_t i = 1; i <= nvars; ++i) vartext += words[i] + " ";
    for (const auto& v : expand_names(data, vartext, 0, pos)) {
      Column* c = data.get(v);
      if (c->is_string()) throw XtdoError(181, "may not label strings", pos);
      c->value_label = lbl;
    }
  } else if (sub == "list") {
    std::vector<std::string> names(words.begin() + 1, words.end());
    if (names.empty())
      for (const auto& [k, v] : data.value_labels) names.push_back(k);
    for (const auto& n : names) {
      auto it = data.value_labels.find(n);
      if (it == data.value_labels.end()) throw XtdoError(111, fmt::format("value label {} not found", n), pos);
      session.console.println(n + ":");
      for (const auto& [v, t] : it->second)
        session.console.println(fmt::format("{:>12} {}", format_default(v), t));
    }
  } else if (sub == "dir") {
    for (const auto& [k, v] : data.value_labels) session.console.println(k);
  } else if (sub == "drop") {
    for (size_t i = 1; i < words.size(); ++i) {
      if (words[i] == "_all") data.value_labels.clear();
      else if (!data.value_labels.erase(words[i]))
        throw XtdoError(111, fmt::format("value label {} not found", words[i]), pos);
    }
  } else {
    throw XtdoError(198, fmt::format("label {} not allowed", sub), pos);
  }
}

}  // namespace xtdo
