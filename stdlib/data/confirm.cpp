// confirm: verify that arguments are of the claimed kind and fail with Stata's
// message and return code otherwise ([P] confirm): variables (new, numeric,
// string, a storage type), files, names, numbers, matrices, scalars, formats.
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

bool is_abbrev(const std::string& typed, const std::string& full, size_t min) {
  return util::abbrev(typed, full, min);
}

/// The storage-type constraint of `confirm <type> variable`: "numeric", "string",
/// "str#" (any str#) or a storage type word.
bool type_matches(const Column& c, const std::string& want) {
  if (want == "numeric") return !c.is_string();
  if (want == "string") return c.is_string();
  if (want == "str#") return c.type == StorageType::Str;
  return storage_name(c.type, c.str_width) == want;
}

void confirm_variables(Session& session, const std::string& kind, const std::string& list,
                       bool exact, int pos) {
  const Dataset& data = session.data;
  if (kind == "new") {
    auto names = grammar::split_words(list);
    if (names.empty()) throw XtdoError(100, "varlist required", pos);
    for (const auto& name : names) {
      if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid name", name), pos);
      if (data.find(name) >= 0)
        throw XtdoError(110, fmt::format("variable {} already defined", name), pos);
    }
    return;
  }
  std::vector<std::string> names;
  if (exact) {
    for (const auto& name : grammar::split_words(list)) {
      if (data.find(name) < 0)
        throw XtdoError(111, fmt::format("variable {} not found", name), pos);
      names.push_back(name);
    }
  } else {
    names = expand_names(data, list, 0, pos);
  }
  if (names.empty()) throw XtdoError(100, "varlist required", pos);
  if (kind.empty()) return;
  for (const auto& name : names)
    if (!type_matches(*data.get(name), kind))
      throw XtdoError(7, fmt::format("'{}' found where {} variable expected", name, kind), pos);
}

bool read_number(const std::string& text, double& out) {
  if (text == ".") {
    out = missing::kSysmiss;
    return true;
  }
  if (text.size() == 2 && text[0] == '.' && text[1] >= 'a' && text[1] <= 'z') {
    out = missing::extended(text[1]);
    return true;
  }
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && std::isfinite(out);
}

void confirm_file(const std::string& path, bool is_new) {
  bool exists = static_cast<bool>(std::ifstream(path));
  if (!is_new) {
    if (!exists) throw XtdoError(601, fmt::format("file {} not found", path));
    return;
  }
  if (exists) throw XtdoError(602, fmt::format("file {} already exists", path));
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  if (::access(dir.c_str(), W_OK) != 0)
    throw XtdoError(603, fmt::format("file {} could not be opened", path));
}

bool valid_format(const std::string& f, const std::string& kind) {
  static const std::regex numeric(
      R"(%-?0?[0-9]*\.[0-9]+[fge]c?|%-?[0-9]+\.[0-9]+[fge]c?|%-?[0-9]*[fge]c?)");
  static const std::regex text(R"(%-?~?[0-9]*s)");
  static const std::regex date(R"(%-?t[cCdwmqhyg].*|%-?d.*)");
  bool is_num = std::regex_match(f, numeric), is_str = std::regex_match(f, text),
       is_date = std::regex_match(f, date);
  if (kind == "numeric") return is_num || is_date;
  if (kind == "string") return is_str;
  if (kind == "date") return is_date;
  return is_num || is_str || is_date;
}

}  // namespace

XTDO_COMMAND(confirm, "confirm", 4, "*") {
  // --- Bind
  const ast::Span& rest = args.cmd->rest;
  auto [body, opts] = data::split_comma(rest.text);
  bool exact = false;
  for (const auto& o : grammar::split_words(opts)) {
    if (is_abbrev(util::lower(o), "exact", 5))
      exact = true;
    else
      throw XtdoError(198, fmt::format("option {} not allowed", o), rest.pos);
  }
  std::string text = util::trim(body);
  auto next_word = [&](std::string& s) {
    s = util::trim(s);
    size_t sp = s.find_first_of(" \t");
    std::string w = s.substr(0, sp);
    s = sp == std::string::npos ? "" : util::trim(s.substr(sp));
    return w;
  };
  std::string word = next_word(text);
  if (word.empty()) throw XtdoError(198, "confirm: what to confirm?", rest.pos);

  // --- Check
  StorageType t;
  int width = 0;
  std::string qualifier;  // new / numeric / string / date / a storage type
  if (word == "new" || word == "numeric" || word == "string" || word == "date" || word == "str#" ||
      parse_storage(word, t, width) || is_abbrev(word, "numeric", 4) ||
      is_abbrev(word, "string", 3)) {
    qualifier = word;
    if (is_abbrev(word, "numeric", 4))
      qualifier = "numeric";
    else if (word != "str#" && is_abbrev(word, "string", 3))
      qualifier = "string";
    std::string integer_try = text;
    if (word == "int" && is_abbrev(next_word(integer_try), "number", 1)) {
      word = "integer";
      qualifier.clear();
    } else {
      word = next_word(text);
    }
  }
  if (word == "integer" || (qualifier.empty() && is_abbrev(word, "integer", 3))) {
    std::string what = next_word(text);
    if (!is_abbrev(what, "number", 1))
      throw XtdoError(198, "confirm integer: number expected", rest.pos);
    double v;
    if (!read_number(text, v) || (!missing::is_missing(v) && v != std::floor(v)))
      throw XtdoError(7, fmt::format("'{}' found where integer expected", text));
    return;
  }
  if (is_abbrev(word, "variable", 1)) {
    confirm_variables(session, qualifier, text, exact, rest.pos);
  } else if (word == "file") {
    if (!qualifier.empty() && qualifier != "new") throw XtdoError(198, "invalid syntax", rest.pos);
    auto parts = grammar::split_words(text);
    if (parts.size() != 1)
      throw XtdoError(7, fmt::format("'{}' found where filename expected", text));
    confirm_file(parts[0], qualifier == "new");
  } else if (word == "format") {
    if (!valid_format(text, qualifier))
      throw XtdoError(7, fmt::format("'{}' found where {}format expected", text,
                                     qualifier.empty() ? "" : qualifier + " "));
  } else if (!qualifier.empty()) {
    throw XtdoError(198, "invalid syntax", rest.pos);
  } else if (word == "names" || word == "name") {
    auto names = grammar::split_words(text);
    if (names.empty()) throw XtdoError(7, "'' found where name expected");
    for (const auto& n : names)
      if (!valid_name(n)) throw XtdoError(7, fmt::format("{} invalid name", n));
  } else if (is_abbrev(word, "number", 1)) {
    double v;
    if (!read_number(text, v))
      throw XtdoError(7, fmt::format("'{}' found where number expected", text));
  } else if (is_abbrev(word, "matrix", 3)) {
    if (!session.matrix(text)) throw XtdoError(111, fmt::format("matrix {} not found", text));
  } else if (is_abbrev(word, "scalar", 3)) {
    if (text == "_rc" || !session.scalar(text))
      throw XtdoError(111, fmt::format("scalar {} not found", text));
  } else if (is_abbrev(word, "existence", 1)) {
    if (text.empty()) throw XtdoError(6, "'' found where something expected");
  } else {
    throw XtdoError(198, fmt::format("confirm {}: invalid syntax", word), rest.pos);
  }
}

}  // namespace xtdo
