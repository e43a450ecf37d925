// Macro and scalar statements: local, global, macro drop/list, tempvar/tempname/
// tempfile, scalar. They take their line raw ([P] macro, [P] scalar).
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// `local name [=exp | :extended | text]`, shared by local and global.
void define_macro(Session& session, const ast::Command& cmd, bool global) {
  std::string rest = cmd.rest.text;
  int base = cmd.rest.pos;
  size_t b = rest.find_first_not_of(" \t");
  if (b == std::string::npos) throw XtdoError(198, "invalid syntax", base);
  // ++i / --i forms (local only)
  if (!global && (rest.compare(b, 2, "++") == 0 || rest.compare(b, 2, "--") == 0)) {
    std::string name = util::trim(rest.substr(b + 2));
    std::string cur = session.macros.get_local(name);
    double v = cur.empty() ? 0 : std::strtod(cur.c_str(), nullptr);
    session.macros.set_local(name, macro_number(v + (rest[b] == '+' ? 1 : -1)));
    return;
  }
  size_t e = b;
  while (e < rest.size() && rest[e] != ' ' && rest[e] != '\t' && rest[e] != '=' && rest[e] != ':') ++e;
  std::string name = rest.substr(b, e - b);
  if (name.empty() || name.size() > 31) throw XtdoError(198, "invalid macro name", base + static_cast<int>(b));
  std::string after = rest.substr(e);
  size_t a = after.find_first_not_of(" \t");
  std::string value;
  if (a == std::string::npos) {
    value.clear();
  } else if (after[a] == '=') {
    int off = base + static_cast<int>(e + a + 1);
    Value v = session.eval_scalar_text(after.substr(a + 1), off);
    if (v.is_string) value = v.str.empty() ? "" : v.str[0];
    else value = macro_number(v.num.empty() ? missing::kSysmiss : v.num[0]);
  } else if (after[a] == ':') {
    value = session.extended_function(after.substr(a + 1));
  } else {
    value = after.substr(a);
    // Trailing blanks are dropped; one level of enclosing quotes is stripped, as Stata does.
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    if (value.size() >= 4 && value.compare(0, 2, "`\"") == 0 && value.compare(value.size() - 2, 2, "\"'") == 0)
      value = value.substr(2, value.size() - 4);
    else if (value.size() >= 2 && value.front() == '"' && value.back() == '"' &&
             value.find('"', 1) == value.size() - 1)
      value = value.substr(1, value.size() - 2);
  }
  if (global) session.macros.set_global(name, value);
  else session.macros.set_local(name, value);
}

}  // namespace

XTDO_COMMAND(local, "local", 3, "*") { define_macro(session, *args.cmd, false); }
XTDO_COMMAND(global, "global", 2, "*") { define_macro(session, *args.cmd, true); }

XTDO_COMMAND(macro, "macro", 3, "*") {
  auto words = grammar::split_words(args.cmd->rest.text);
  if (words.empty()) throw XtdoError(198, "macro: drop or list expected");
  if (words[0] == "drop") {
    for (size_t i = 1; i < words.size(); ++i) {
      std::string n = words[i];
      if (!n.empty() && n[0] == '_') session.macros.set_local(n.substr(1), "");
      else session.macros.drop_global(n);
    }
  } else if (words[0] == "list" || words[0] == "dir") {
    for (size_t i = 1; i < words.size(); ++i) {
      std::string n = words[i];
      if (!n.empty() && n[0] == '_')
        session.console.println(fmt::format("{:<13}{}", n + ":", session.macros.get_local(n.substr(1))));
      else
        session.console.println(fmt::format("{:<13}{}", n + ":", session.macros.get_global(n)));
    }
  } else {
    throw XtdoError(198, fmt::format("macro {} not allowed", words[0]));
  }
}

/// tempvar / tempname / tempfile: each name gets a fresh unique value.
static void temp_names(Session& session, const ast::Command& cmd, bool file) {
  auto words = grammar::split_words(cmd.rest.text);
  if (words.empty()) throw XtdoError(100, "name required");
  for (const auto& w : words) {
    std::string t = session.macros.next_temp_name();
    if (file) {
      // Inside the session's own temporary folder, which goes when the session ends
      // (files derived from the name, such as `f'.csv, go with it), as in Stata.
      t = session.temp_dir() + "/" + t;
    }
    else if (!session.program_frames.empty()) session.program_frames.back().temp_names.push_back(t);
    session.macros.set_local(w, t);
  }
}
XTDO_COMMAND(tempvar, "tempvar", 0, "*") { temp_names(session, *args.cmd, false); }
XTDO_COMMAND(tempname, "tempname", 0, "*") { temp_names(session, *args.cmd, false); }
XTDO_COMMAND(tempfile, "tempfile", 0, "*") { temp_names(session, *args.cmd, true); }

/// `scalar [define] name = exp`, `scalar list [names]`, `scalar drop names|_all`.
XTDO_COMMAND(scalar, "scalar", 2, "*") {
  std::string rest = util::trim(args.cmd->rest.text);
  int base = args.cmd->rest.pos + static_cast<int>(args.cmd->rest.text.find_first_not_of(" \t"));
  auto words = grammar::split_words(rest);
  if (words.empty()) throw XtdoError(198, "invalid syntax", base);
  if (words[0] == "list" || words[0] == "dir") {
    std::vector<std::string> names(words.begin() + 1, words.end());
    if (names.empty() || names[0] == "_all")
      for (auto& [k, v] : session.scalars) names.push_back(k);
    for (const auto& n : names) {
      if (n == "_all") continue;
      auto it = session.scalars.find(n);
      if (it == session.scalars.end()) throw XtdoError(111, fmt::format("scalar {} not found", n));
      std::string val = it->second.is_string ? "\"" + it->second.str + "\"" : format_number(it->second.num, "%9.0g");
      session.console.println(fmt::format("{:>16} = {}", n, util::trim(val)));
    }
    return;
  }
  if (words[0] == "drop") {
    for (size_t i = 1; i < words.size(); ++i) {
      if (words[i] == "_all") session.scalars.clear();
      else if (!session.scalars.erase(words[i])) throw XtdoError(111, fmt::format("scalar {} not found", words[i]));
    }
    return;
  }
  size_t eq = rest.find('=');
  if (eq == std::string::npos) throw XtdoError(198, "scalar: = expected", base);
  std::string lhs = util::trim(rest.substr(0, eq));
  if (lhs.rfind("define ", 0) == 0 || lhs.rfind("def ", 0) == 0) lhs = util::trim(lhs.substr(lhs.find(' ')));
  if (!valid_name(lhs)) throw XtdoError(198, fmt::format("{} invalid name", lhs), base);
  Value v = session.eval_scalar_text(rest.substr(eq + 1), base + static_cast<int>(eq) + 1);
  EvalEnv::Lookup l;
  l.found = true;
  if (v.is_string) {
    l.is_string = true;
    l.str = v.str.empty() ? "" : v.str[0];
  } else {
    l.num = v.num.empty() ? missing::kSysmiss : v.num[0];
  }
  session.scalars[lhs] = l;
}

}  // namespace xtdo
