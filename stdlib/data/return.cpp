// return / ereturn / sreturn: `list` shows stored results in Stata's layout (scalars,
// macros, matrices, functions); scalar/local/matrix/clear set them from programs.
#include <map>

#include <fmt/format.h>

#include "../display/coef_table.hpp"
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

/// `ereturn post [b [V]] [, depname(name) obs(#) dof(#) esample(varname) properties(text)]`
/// ([P] ereturn): clears e(), moves matrices b and V into e(b), e(V), and posts the
/// sample and counts. V must be square and conform with b; names come from b.
void ereturn_post(Session& session, const std::string& text, int pos) {
  std::string body = text, opts;
  size_t comma = body.find(',');
  if (comma != std::string::npos) {
    opts = body.substr(comma + 1);
    body = body.substr(0, comma);
  }
  auto names = grammar::split_words(body);
  if (names.size() > 2) throw XtdoError(198, "ereturn post: at most b and V", pos);
  const Matrix* b = nullptr;
  const Matrix* v = nullptr;
  if (!names.empty()) {
    auto it = session.matrices.find(names[0]);
    if (it == session.matrices.end()) throw XtdoError(111, fmt::format("matrix {} not found", names[0]), pos);
    b = &it->second;
    if (b->rows != 1) throw XtdoError(503, fmt::format("{} must be a row vector", names[0]), pos);
  }
  if (names.size() == 2) {
    auto it = session.matrices.find(names[1]);
    if (it == session.matrices.end()) throw XtdoError(111, fmt::format("matrix {} not found", names[1]), pos);
    v = &it->second;
    if (v->rows != v->cols || v->rows != b->cols) throw XtdoError(503, "conformability error", pos);
  }
  // Options, read before anything changes so that a bad one leaves e() alone.
  std::map<std::string, std::string> o;
  {
    ast::Command c;
    c.rest.text = opts.empty() ? "" : ", " + opts;
    grammar::parse_command_body(c);
    for (const auto& opt : c.options) o[util::lower(opt.name)] = opt.arg ? util::trim(*opt.arg) : "";
  }
  for (const auto& [k, val] : o)
    if (k != "depname" && k != "obs" && k != "dof" && k != "esample" && k != "properties")
      throw XtdoError(198, fmt::format("option {} not allowed", k), pos);
  std::vector<uint8_t> sample;
  if (o.count("esample")) {
    std::string var = resolve_name(session.data, o["esample"], pos);
    const Column* c = session.data.get(var);
    if (c->is_string()) throw XtdoError(109, "esample() must be numeric", pos);
    for (double x : c->num) sample.push_back(!missing::is_missing(x) && x != 0);
  }
  Matrix bm = b ? *b : Matrix();
  Matrix vm = v ? *v : Matrix();
  if (v) {
    vm.rownames = bm.colnames;
    vm.colnames = bm.colnames;
  }
  session.e.clear();
  if (b) {
    session.e.set_matrix("b", bm);
    session.matrices.erase(names[0]);
  }
  if (v) {
    session.e.set_matrix("V", vm);
    session.matrices.erase(names[1]);
  }
  if (o.count("depname")) session.e.set_macro("depvar", o["depname"]);
  if (o.count("properties")) session.e.set_macro("properties", o["properties"]);
  else if (b && v) session.e.set_macro("properties", "b V");
  if (o.count("obs")) session.e.set_scalar("N", std::strtod(o["obs"].c_str(), nullptr));
  if (o.count("dof")) session.e.set_scalar("df_r", std::strtod(o["dof"].c_str(), nullptr));
  if (!sample.empty()) {
    session.set_esample(sample);
    if (!o.count("obs")) {
      double n = 0;
      for (auto f : sample) n += f;
      session.e.set_scalar("N", n);
    }
    // Stata moves the esample variable into e(sample).
    session.data.drop_column(resolve_name(session.data, o["esample"], pos));
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
  } else if (word == "post" && cls == 'e') {
    ereturn_post(session, after, after_pos);
  } else if (util::abbrev(word, "display", 2) && cls == 'e') {
    if (session.e.matrices.find("b") == session.e.matrices.end()) throw XtdoError(301, "last estimates not found");
    display::coef_table(session, display::CoefTableOptions{});
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
