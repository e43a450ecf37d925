// format: set the display format of variables (`format varlist %fmt` or
// `format %fmt varlist`), or list them (`format varlist`) ([D] format).
#include <fmt/format.h>

#include <regex>

#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
namespace {

/// Numeric (%9.2f, %10.0gc, %td, %tc...) or string (%-20s) display formats.
bool numeric_format(const std::string& f) {
  static const std::regex num(
      R"(%-?0?[0-9]*\.[0-9]+[fge]c?|%-?[0-9]+[fge]c?|%-?t[cCdwmqhyg].*|%-?d.*)");
  return std::regex_match(f, num);
}
bool string_format(const std::string& f) {
  static const std::regex str(R"(%-?~?[0-9]+s)");
  return std::regex_match(f, str);
}

}  // namespace

XTDO_COMMAND(format, "format", 0, "*") {
  Dataset& data = session.data;
  // --- Bind: the one word starting with % is the format; the rest is the varlist.
  const ast::Span& rest = args.cmd->rest;
  std::string fmt_word, list;
  for (const auto& w : grammar::split_words(rest.text)) {
    if (!w.empty() && w[0] == '%') {
      if (!fmt_word.empty()) throw XtdoError(198, "invalid syntax", rest.pos);
      fmt_word = w;
    } else {
      list += (list.empty() ? "" : " ") + w;
    }
  }
  std::vector<std::string> vars =
      list.empty() ? std::vector<std::string>{} : expand_names(data, list, 0, rest.pos);

  if (fmt_word.empty()) {
    // --- Display: `format [varlist]` lists the formats.
    if (vars.empty())
      for (const auto& c : data.columns()) vars.push_back(c->name);
    Console& out = session.console;
    out.println();
    out.println("  Variable name   Display format");
    out.println("  " + std::string(33, '-'));
    for (const auto& v : vars) out.println(fmt::format("  {:<15} {}", v, data.get(v)->format));
    return;
  }
  if (vars.empty()) throw XtdoError(100, "varlist required", rest.pos);
  // --- Validate every variable before changing any.
  const bool is_num = numeric_format(fmt_word), is_str = string_format(fmt_word);
  if (!is_num && !is_str) throw XtdoError(120, fmt::format("invalid %format: '{}'", fmt_word));
  for (const auto& v : vars) {
    const Column& c = *data.get(v);
    if (c.is_string() ? !is_str : !is_num)
      throw XtdoError(120, fmt::format("{}:  {} invalid format for {} variable", v, fmt_word,
                                       c.is_string() ? "string" : "numeric"));
  }
  for (const auto& v : vars) data.get(v)->format = fmt_word;
}

}  // namespace xtdo
