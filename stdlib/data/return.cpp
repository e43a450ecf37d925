// return / ereturn / sreturn: `list` shows stored results in Stata's layout (scalars,
// macros, matrices, functions); scalar/local/matrix/clear set them from programs.
#include <fmt/format.h>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

using inspect::pad_left;

/// Stata prints stored scalars with 16 significant digits (%18.0g).
std::string full_number(double v) { return inspect::ltrim(format_number(v, "%18.0g")); }

void list_results(Console& out, const ResultSet& set, char cls) {
  auto key = [cls](const std::string& name) { return fmt::format("{}({})", cls, name); };
  if (!set.scalars.empty()) {
    out.println();
    out.println("scalars:");
    for (const auto& [name, v] : set.scalars) out.println(pad_left(key(name), 22) + " =  " + full_number(v));
  }
  if (!set.macros.empty()) {
    out.println();
    out.println("macros:");
    for (const auto& [name, v] : set.macros) out.println(pad_left(key(name), 24) + " : \"" + v + "\"");
  }
  if (!set.matrices.empty()) {
    out.println();
    out.println("matrices:");
    for (const auto& [name, m] : set.matrices)
      out.println(pad_left(key(name), 22) + " :  " + fmt::format("{} x {}", m.rows, m.cols));
  }
  if (cls == 'e' && set.has_sample) {
    out.println();
    out.println("functions:");
    out.println(pad_left("e(sample)", 22) + "   ");
  }
}

/// `return scalar name = exp`, `return local name [=exp | text]`, `return matrix name [=] M`.
void set_result(Session& session, ResultSet& set, const std::string& kind, const std::string& text, int pos,
                bool allow_scalar) {
  std::string body = util::trim(text);
  size_t e = body.find_first_of(" \t=");
  std::string name = body.substr(0, e);
  if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid name", name), pos);
  std::string after = e == std::string::npos ? "" : body.substr(e);
  std::string trimmed = util::trim(after);
  if (kind == "scalar" && allow_scalar) {
    if (trimmed.empty() || trimmed[0] != '=') throw XtdoError(198, "= expected", pos);
    Value v = session.eval_scalar_text(trimmed.substr(1), pos);
    if (v.is_string) throw XtdoError(109, "type mismatch", pos);
    set.set_scalar(name, v.num.empty() ? missing::kSysmiss : v.num[0]);
  } else if (kind == "local") {
    if (!trimmed.empty() && trimmed[0] == '=') {
      Value v = session.eval_scalar_text(trimmed.substr(1), pos);
      set.set_macro(name, v.is_string ? (v.str.empty() ? "" : v.str[0])
                                      : macro_number(v.num.empty() ? missing::kSysmiss : v.num[0]));
    } else {
      std::string value = trimmed;
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      else if (value.size() >= 4 && value.compare(0, 2, "`\"") == 0 && value.compare(value.size() - 2, 2, "\"'") == 0)
        value = value.substr(2, value.size() - 4);
      set.set_macro(name, value);
    }
  } else if (kind == "matrix") {
    std::string src = trimmed;
    if (!src.empty() && src[0] == '=') src = util::trim(src.substr(1));
    size_t comma = src.find(',');
    bool copy = comma != std::string::npos && util::trim(src.substr(comma + 1)) == "copy";
    src = util::trim(src.substr(0, comma));
    auto it = session.matrices.find(src);
    if (it == session.matrices.end()) throw XtdoError(111, fmt::format("matrix {} not found", src), pos);
    set.set_matrix(name, it->second);
    if (!copy) session.matrices.erase(it);  // Stata moves the matrix unless `copy`
  } else {
    throw XtdoError(198, fmt::format("{} not allowed", kind), pos);
  }
}

void results_command(Session& session, CallArgs& args, char cls) {
  ResultSet& set = cls == 'r' ? session.return_target() : cls == 'e' ? session.e : session.s;
  const std::string& rest = args.cmd->rest.text;
  int base = args.cmd->rest.pos;
  size_t b = rest.find_first_not_of(" \t");
  if (b == std::string::npos) throw XtdoError(198, "invalid syntax", base);
  size_t e = rest.find_first_of(" \t", b);
  std::string word = rest.substr(b, e == std::string::npos ? std::string::npos : e - b);
  std::string after = e == std::string::npos ? "" : rest.substr(e);
  int after_pos = base + static_cast<int>(e == std::string::npos ? rest.size() : e);
  if (util::abbrev(word, "list", 1)) {
    list_results(session.console, cls == 'r' ? session.r : set, cls);
  } else if (word == "clear") {
    set.clear();
  } else if (util::abbrev(word, "scalar", 3) || util::abbrev(word, "local", 3) || util::abbrev(word, "matrix", 3)) {
    std::string kind = word[0] == 's' ? "scalar" : word[0] == 'l' ? "local" : "matrix";
    set_result(session, set, kind, after, after_pos, cls != 's');
  } else if (word == "add" && cls == 'r') {
    // `return add`: r() already holds the results of the last command.
  } else {
    throw XtdoError(198, fmt::format("{} {} not allowed", cls == 'r' ? "return" : cls == 'e' ? "ereturn" : "sreturn", word),
                    base + static_cast<int>(b));
  }
}

}  // namespace

XTDO_COMMAND(return, "return", 3, "*") { results_command(session, args, 'r'); }
XTDO_COMMAND(ereturn, "ereturn", 4, "*") { results_command(session, args, 'e'); }
XTDO_COMMAND(sreturn, "sreturn", 4, "*") { results_command(session, args, 's'); }

}  // namespace xtdo
