// reshape long / reshape wide: convert between one row per i (xij variables x80,
// x81, ...) and one row per i and j, with Stata's j-value discovery, checks, notes
// and before/after report ([D] reshape, as reshape.ado 4.5 of Stata 16 does it).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <unordered_map>

#include "combine_util.hpp"
#include "data_common.hpp"
#include "file_util.hpp"
#include "key_codes.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

/// What a reshape was asked to do (also remembered for a bare `reshape long|wide`).
struct Spec {
  bool to_long = true;
  std::vector<std::string> stems;  ///< as typed, possibly with @
  std::vector<std::string> ivars;
  std::string jvar = "_j";
  std::vector<std::string> jvals;  ///< given in j(name values), as text
  bool string = false;
  std::string atwl;
};

/// `stem` with `@` (or the end) replaced by `sub` (reshape.ado's Subname).
std::string subname(const std::string& stem, const std::string& sub) {
  size_t at = stem.find('@');
  if (at == std::string::npos) return stem + sub;
  return stem.substr(0, at) + sub + stem.substr(at + 1);
}

std::string picture() {
  const std::string in(8, ' ');
  const std::string gap(19, ' ');
  return in + " long" + std::string(32, ' ') + "wide\n" + in + "+---------------+" + gap +
         "+------------------+\n" + in + "| i   j   a   b |" + gap + "| i   a1 a2  b1 b2 |\n" + in +
         "|---------------| <--- reshape ---> |------------------|\n" + in + "| 1   1   1   2 |" +
         gap + "| 1   1   3   2  4 |\n" + in + "| 1   2   3   4 |" + gap +
         "| 2   5   7   6  8 |\n" + in + "| 2   1   5   6 |" + gap + "+------------------+\n" + in +
         "| 2   2   7   8 |\n" + in + "+---------------+";
}

std::string join(const std::vector<std::string>& v) { return util::join(v, " "); }

/// "inc80 inc81 ... inc89" as the report abbreviates a list of wide names.
std::string wide_list(const std::string& stem, const std::vector<std::string>& jv) {
  std::vector<std::string> parts;
  const size_t n = jv.size();
  if (n >= 1) parts.push_back(subname(stem, jv[0]));
  if (n >= 2) parts.push_back(subname(stem, jv[1]));
  if (n == 3) parts.push_back(subname(stem, jv[2]));
  if (n > 3) {
    parts.push_back("...");
    parts.push_back(subname(stem, jv[n - 1]));
  }
  return join(parts);
}

/// Pad `s` to column `col` (1-based) unless it is already there or beyond.
void to_col(std::string& s, size_t col) {
  if (s.size() < col - 1) s.resize(col - 1, ' ');
}

void report_head(Console& out, const char* from, const char* to, size_t oobs, size_t ovars,
                 size_t nobs, size_t nvars) {
  out.println();
  std::string s = "Data";
  to_col(s, 36);
  s += from;
  to_col(s, 43);
  s += "->";
  to_col(s, 48);
  out.println(s + to);
  out.println(std::string(77, '-'));
  auto row = [&](const char* label, size_t a, size_t b) {
    std::string line = label;
    to_col(line, 32);
    line += format_number(static_cast<double>(a), "%8.0g");
    to_col(line, 43);
    out.println(line + "->" + format_number(static_cast<double>(b), "%8.0g"));
  };
  row("Number of obs.", oobs, nobs);
  row("Number of variables", ovars, nvars);
}

/// The reshape's j values as numbers (numeric j) — text in `jv`.
std::vector<double> numeric_values(const std::vector<std::string>& jv) {
  std::vector<double> out;
  for (const auto& t : jv) out.push_back(std::strtod(t.c_str(), nullptr));
  return out;
}

/// The `j(name [values])` values: integers, a-b ranges, or words (string option).
std::vector<std::string> parse_jvalues(const std::vector<std::string>& words, bool& any_string) {
  std::vector<std::string> out;
  any_string = false;
  auto is_int = [](const std::string& w) {
    char* end = nullptr;
    double v = std::strtod(w.c_str(), &end);
    return !w.empty() && *end == '\0' && v == static_cast<long long>(v);
  };
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    size_t dash = w.find('-', 1);
    if (dash != std::string::npos && is_int(w.substr(0, dash)) && is_int(w.substr(dash + 1))) {
      long long a = std::atoll(w.substr(0, dash).c_str()),
                b = std::atoll(w.substr(dash + 1).c_str());
      if (a >= b) throw XtdoError(198, fmt::format("{}:  invalid range", w));
      for (long long v = a; v <= b; ++v) out.push_back(std::to_string(v));
      continue;
    }
    if (!is_int(w)) any_string = true;
    out.push_back(w);
  }
  return out;
}

Spec bind(Session& session, CallArgs& args) {
  Spec spec;
  const std::string& rest = args.cmd->rest.text;
  size_t after = 0;
  std::string sub = fileutil::first_word(rest, after);
  if (sub != "long" && sub != "wide") {
    if (sub == "error" || sub == "clear" || sub == "query" || sub == "i" || sub == "j" ||
        sub == "xij" || sub == "xi" || sub.empty())
      throw XtdoError(
          198, fmt::format("reshape {} is not supported; use reshape long|wide stems, i() j()",
                           sub.empty() ? "without arguments" : sub));
    throw XtdoError(
        198,
        "invalid syntax\n" +
            combine::paragraph(
                {"In the reshape command that you typed, you omitted the word wide or long,",
                 "or substituted some other word for it."}),
        args.cmd->rest.pos);
  }
  spec.to_long = sub == "long";
  fileutil::SubCommand sc;
  fileutil::bind_sub(session, *args.cmd, after, "reshape",
                     "[anything] [, I(string) J(string) String ATwl(string)]", sc);
  const CallArgs& a = sc.args;
  if (util::trim(a.anything).empty()) {
    // Bare `reshape long|wide`: repeat the last reshape's definitions.
    auto it = session.settings.find("_reshape_i");
    if (it == session.settings.end())
      throw XtdoError(
          111,
          "data have not been reshaped yet\n" +
              combine::paragraph({"What you typed is a syntax error because the data have not been",
                                  "reshaped previously.  The basic syntax of reshape is"}) +
              "\n\n" + picture());
    spec.ivars = grammar::split_words(it->second);
    spec.stems = grammar::split_words(session.settings["_reshape_xij"]);
    spec.jvar = session.settings["_reshape_j"];
    spec.string = session.settings["_reshape_str"] == "1";
    spec.atwl = session.settings["_reshape_atwl"];
    return spec;
  }
  spec.stems = grammar::split_words(a.anything);
  auto i = a.get("i");
  if (!i || util::trim(*i).empty()) throw XtdoError(198, "option i() required\n\n" + picture());
  spec.ivars = expand_names(session.data, *i, 0, a.option_pos("i"));
  spec.string = a.has("string");
  spec.atwl = a.get_or("atwl", "");
  if (auto j = a.get("j")) {
    auto words = grammar::split_words(*j);
    if (words.empty()) throw XtdoError(198, "option j() invalid");
    spec.jvar = words[0];
    bool any_string = false;
    spec.jvals =
        parse_jvalues(std::vector<std::string>(words.begin() + 1, words.end()), any_string);
    if (any_string && !spec.string)
      throw XtdoError(198, "must specify option string if string values are to be specified");
  } else if (!spec.to_long) {
    if (session.data.find("_j") < 0) throw XtdoError(198, "option j() required\n\n" + picture());
  }
  if (!spec.to_long && session.data.find(spec.jvar) < 0) {
    // reshape wide accepts an abbreviated j variable.
    try {
      spec.jvar = resolve_name(session.data, spec.jvar);
    } catch (const XtdoError&) {
      throw XtdoError(111,
                      fmt::format("variable {} not found\n    Data are already wide.", spec.jvar));
    }
  }
  return spec;
}

void remember(Session& session, const Spec& spec) {
  session.settings["_reshape_i"] = join(spec.ivars);
  session.settings["_reshape_xij"] = join(spec.stems);
  session.settings["_reshape_j"] = spec.jvar;
  session.settings["_reshape_str"] = spec.string ? "1" : "0";
  session.settings["_reshape_atwl"] = spec.atwl;
}

/// Reshape.ado's Recast: the type that holds every wide variable of a stem (its
/// quirks included: a float followed by a double stays float).
std::string recast(const std::string& a, const std::string& b) {
  if (a.empty() || a == b) return b;
  bool as = a.rfind("str", 0) == 0, bs = b.rfind("str", 0) == 0;
  if (as != bs) return "";
  if (a == "byte") return b;
  if (a == "int") return b != "byte" ? b : a;
  if (a == "long") return (b != "byte" && b != "int") ? b : a;
  if (a == "float" || a == "double") return a;
  if (a == "strL" || b == "strL") return "strL";
  return std::atoi(b.c_str() + 3) > std::atoi(a.c_str() + 3) ? b : a;
}

void check_unique_i(const Spec& spec, const data::KeyCodes& kc, size_t nobs) {
  if (static_cast<size_t>(kc.ngroups) == nobs) return;
  std::string i = join(spec.ivars);
  throw XtdoError(
      9, "variable id does not uniquely identify the observations\n" +
             combine::paragraph(
                 {"Your data are currently wide.", "You are performing a reshape long.",
                  fmt::format("You specified i({}) and j({}).", i, spec.jvar),
                  fmt::format("In the current wide form, variable {}", i),
                  "should uniquely identify the observations.", "Remember this picture:"}) +
             "\n\n" + picture() + "\n" +
             combine::paragraph({"Type reshape error for a list of the", "problem observations."}));
}

// --- reshape long -------------------------------------------------------------------

void reshape_long(Session& session, const Spec& spec) {
  Dataset& data = session.data;
  if (data.find(spec.jvar) >= 0)
    throw XtdoError(
        110, fmt::format("variable {} already exists\n    Data are already long.", spec.jvar));
  if (!valid_name(spec.jvar)) throw XtdoError(198, fmt::format("{} invalid name", spec.jvar));
  const size_t oobs = data.nobs(), ovars = data.nvars();

  // --- j values: given, or read off the names of the wide variables.
  std::vector<std::string> jv = spec.jvals;
  if (jv.empty()) {
    std::vector<std::string> suffix(data.nvars());
    for (const auto& stem : spec.stems) {
      size_t at = stem.find('@');
      std::string lft = at == std::string::npos ? stem : stem.substr(0, at);
      std::string rgt = at == std::string::npos ? "" : stem.substr(at + 1);
      for (size_t k = 0; k < data.nvars(); ++k) {
        const std::string& name = data.col(k).name;
        if (name.size() > lft.size() + rgt.size() && name.compare(0, lft.size(), lft) == 0 &&
            name.compare(name.size() - rgt.size(), rgt.size(), rgt) == 0)
          suffix[k] = name.substr(lft.size(), name.size() - lft.size() - rgt.size());
      }
    }
    if (std::all_of(suffix.begin(), suffix.end(), [](const std::string& s) { return s.empty(); }))
      throw XtdoError(
          111, "no xij variables found\n" +
                   combine::paragraph({"You typed something like reshape wide a b, i(i) j(j).",
                                       "reshape looked for existing variables named a# and b# but",
                                       "could not find any.  Remember this picture:"}) +
                   "\n\n" + picture());
    if (spec.string) {
      std::set<std::string> distinct;
      for (const auto& s : suffix)
        if (!s.empty()) distinct.insert(s);
      jv.assign(distinct.begin(), distinct.end());
    } else {
      std::set<double> distinct;
      for (const auto& s : suffix)
        if (!s.empty() &&
            std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
          distinct.insert(std::strtod(s.c_str(), nullptr));
      for (double v : distinct) jv.push_back(macro_number(v));
    }
    session.console.println(fmt::format("(note: j = {})", join(jv)));
  }
  std::set<std::string> wide_names;
  for (const auto& stem : spec.stems)
    for (const auto& v : jv) wide_names.insert(subname(stem, v));

  // --- Checks: i unique, one type per stem, no clash of a long name.
  for (const auto& i : spec.ivars)
    if (wide_names.count(i))
      throw XtdoError(198, fmt::format("variable {} is both i() and an xij variable", i));
  data::KeyCodes kc = data::key_codes(data, spec.ivars);
  check_unique_i(spec, kc, data.nobs());
  // Name lookups through a map: wide tables can have thousands of variables.
  std::unordered_map<std::string, const Column*> by_name;
  for (const auto& c : data.columns()) by_name.emplace(c->name, c.get());
  auto lookup = [&](const std::string& name) -> const Column* {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
  };
  struct StemInfo {
    std::string long_name;
    std::string type;
    std::vector<const Column*> wide;  ///< per j value (null: not found)
  };
  std::vector<StemInfo> stems;
  for (const auto& stem : spec.stems) {
    StemInfo s;
    s.long_name = subname(stem, spec.atwl);
    if (!valid_name(s.long_name)) throw XtdoError(198, fmt::format("{} invalid name", s.long_name));
    for (const auto& v : jv) {
      std::string name = subname(stem, v);
      const Column* c = lookup(name);
      if (c) {
        std::string t = recast(s.type, combine::type_name(*c));
        if (t.empty())
          throw XtdoError(
              198, fmt::format("variable {} type mismatch with other {} variables", name, stem));
        s.type = t;
      } else if (!valid_name(name)) {
        throw XtdoError(198, fmt::format("variable {} implied name too long", name));
      }
      s.wide.push_back(c);
    }
    if (s.type.empty()) s.type = "byte";
    if (lookup(s.long_name) && !wide_names.count(s.long_name))
      throw XtdoError(110, fmt::format("variable {} already defined", s.long_name));
    stems.push_back(s);
  }
  for (size_t k = 0; k < jv.size(); ++k)
    for (size_t st = 0; st < stems.size(); ++st)
      if (!stems[st].wide[k])
        session.console.println(
            fmt::format("(note: {} not found)", subname(spec.stems[st], jv[k])));

  // --- Build: row (g, k) is wide row order[g] at the k-th j value.
  const size_t nj = jv.size(), ng = data.nobs(), n = ng * nj;
  data::CodeOrder order = data::order_by_code(kc.a, kc.ngroups);
  auto wide_row = [&](size_t r) { return order.rows[r / nj]; };
  Dataset out;
  out.value_labels = data.value_labels;
  out.label = data.label;
  // Column order: i() variables, j, then the others as the last j value's wide
  // variables stood (stems missing there go last), as reshape.ado leaves them.
  std::vector<std::string> layout;
  for (const auto& c : data.columns()) {
    const std::string& name = c->name;
    if (std::find(spec.ivars.begin(), spec.ivars.end(), name) != spec.ivars.end()) continue;
    bool placed = false;
    for (const auto& s : stems)
      if (s.wide.back() && s.wide.back()->name == name) {
        layout.push_back("\x01" + s.long_name);
        placed = true;
      }
    if (!placed && !wide_names.count(name)) layout.push_back(name);
  }
  for (const auto& s : stems)
    if (!s.wide.back()) layout.push_back("\x01" + s.long_name);
  auto repeat = [&](const Column& c) {
    if (c.is_string()) {
      std::vector<std::string> v(n);
      for (size_t r = 0; r < n; ++r) v[r] = c.str[wide_row(r)];
      combine::add_string_like(out, c, std::move(v), c.type, c.str_width);
    } else {
      std::vector<double> v(n);
      for (size_t r = 0; r < n; ++r) v[r] = c.num[wide_row(r)];
      combine::add_numeric_like(out, c, std::move(v), c.type);
    }
  };
  for (const auto& i : spec.ivars) repeat(*data.get(i));
  if (spec.string) {
    std::vector<std::string> v(n);
    for (size_t r = 0; r < n; ++r) v[r] = jv[r % nj];
    out.add_string(spec.jvar, std::move(v), 1);
  } else {
    std::vector<double> vals = numeric_values(jv), v(n);
    for (size_t r = 0; r < n; ++r) v[r] = vals[r % nj];
    out.add_numeric(spec.jvar, std::move(v), fit_numeric_type(vals, true));
  }
  for (const auto& name : layout) {
    if (name[0] != '\x01') {
      repeat(*lookup(name));
      continue;
    }
    const StemInfo& s = *std::find_if(stems.begin(), stems.end(), [&](const StemInfo& x) {
      return x.long_name == name.substr(1);
    });
    StorageType type;
    int width;
    parse_storage(s.type, type, width);
    // Attributes of the last j value's variable (reshape.ado appends onto it); no
    // variable label, as Longdo clears it.
    const Column* proto = s.wide.back();
    Column meta;
    meta.name = s.long_name;
    meta.type = proto ? proto->type : type;
    meta.str_width = proto ? proto->str_width : width;
    meta.format = proto ? proto->format : default_format(type, width);
    meta.value_label = proto ? proto->value_label : "";
    if (type == StorageType::Str || type == StorageType::StrL) {
      std::vector<std::string> v(n);
      for (size_t r = 0; r < n; ++r)
        if (const Column* w = s.wide[r % nj]) v[r] = w->str[wide_row(r)];
      combine::add_string_like(out, meta, std::move(v), type, width);
    } else {
      std::vector<double> v(n, missing::kSysmiss);
      for (size_t r = 0; r < n; ++r)
        if (const Column* w = s.wide[r % nj]) v[r] = w->num[wide_row(r)];
      combine::add_numeric_like(out, meta, std::move(v), type);
    }
  }
  out.sortedby = spec.ivars;
  out.sortedby.push_back(spec.jvar);
  combine::keep_ts_if_present(out, data.ts);
  out.changed = true;
  session.data = std::move(out);
  remember(session, spec);

  // --- Display
  Console& con = session.console;
  report_head(con, "wide", "long", oobs, ovars, session.data.nobs(), session.data.nvars());
  std::string line = fmt::format("j variable ({} values)", nj);
  to_col(line, 43);
  con.println(line + "->   " + spec.jvar);
  con.println("xij variables:");
  for (size_t k = 0; k < stems.size(); ++k) {
    std::string list = wide_list(spec.stems[k], jv);
    std::string row = std::string(list.size() < 39 ? 39 - list.size() : 0, ' ') + list;
    to_col(row, 43);
    row += "->";
    to_col(row, 48);
    con.println(row + stems[k].long_name);
  }
  con.println(std::string(77, '-'));
}

// --- reshape wide -------------------------------------------------------------------

void reshape_wide(Session& session, const Spec& spec) {
  Dataset& data = session.data;
  const Column* jcol = data.get(spec.jvar);
  if (!jcol)
    throw XtdoError(111,
                    fmt::format("variable {} not found\n    Data are already wide.", spec.jvar));
  if (jcol->is_string() && !spec.string)
    throw XtdoError(109, fmt::format("variable {} is string; specify string option", spec.jvar));
  if (!jcol->is_string() && spec.string)
    throw XtdoError(109, fmt::format("variable {} is numeric", spec.jvar));
  const size_t n = data.nobs(), oobs = n, ovars = data.nvars();
  for (size_t r = 0; r < n; ++r) {
    if (jcol->is_string() ? util::trim(jcol->str[r]).empty() : missing::is_missing(jcol->num[r]))
      throw XtdoError(498, fmt::format("variable {} contains missing values", spec.jvar));
    if (jcol->is_string() && jcol->str[r] != util::trim(jcol->str[r]))
      throw XtdoError(498, fmt::format("variable {} has leading or trailing blanks", spec.jvar));
  }
  std::vector<std::string> long_names;
  for (const auto& stem : spec.stems) {
    std::string name = subname(stem, spec.atwl);
    if (!data.get(name)) throw XtdoError(111, fmt::format("variable {} not found", name));
    if (name == spec.jvar ||
        std::find(spec.ivars.begin(), spec.ivars.end(), name) != spec.ivars.end())
      throw XtdoError(198, fmt::format("variable {} is both an xij variable and i() or j()", name));
    long_names.push_back(name);
  }
  if (data.find("_merge") >= 0)
    throw XtdoError(110,
                    "cannot reshape data containing variable _merge\n    Either drop or rename "
                    "variable _merge.");

  // --- j values: given, or the sorted distinct values of j.
  data::KeyCodes jc = data::key_codes(data, {spec.jvar});
  std::vector<std::string> jv;  // text of each j code
  {
    std::vector<int32_t> first(static_cast<size_t>(jc.ngroups), -1);
    for (size_t r = 0; r < n; ++r)
      if (first[jc.a[r]] < 0) first[jc.a[r]] = static_cast<int32_t>(r);
    for (int32_t r : first) {
      if (jcol->is_string()) {
        if (jcol->str[r].find(' ') != std::string::npos)
          throw XtdoError(
              111, fmt::format("string j variable {} not allowed to contain spaces;\n    encode "
                               "string variable {} into a numeric variable and use the new\n    "
                               "numeric variable as the j variable",
                               spec.jvar, spec.jvar));
        jv.push_back(jcol->str[r]);
      } else {
        jv.push_back(macro_number(jcol->num[r]));
      }
    }
  }
  std::vector<int32_t> jcode_of_value;  // position in the output list → j code (-1: no data)
  std::vector<std::string> out_values;
  if (spec.jvals.empty()) {
    session.console.println(fmt::format("(note: j = {})", join(jv)));
    out_values = jv;
    for (int32_t g = 0; g < jc.ngroups; ++g) jcode_of_value.push_back(g);
  } else {
    for (const auto& v : spec.jvals) {
      auto it = std::find_if(jv.begin(), jv.end(), [&](const std::string& x) {
        return spec.string ? x == v
                           : std::strtod(x.c_str(), nullptr) == std::strtod(v.c_str(), nullptr);
      });
      if (it == jv.end()) {
        session.console.println(fmt::format("(note: no data for {} == {})", spec.jvar, v));
        continue;
      }
      out_values.push_back(v);
      jcode_of_value.push_back(static_cast<int32_t>(it - jv.begin()));
    }
  }

  // --- Checks: i j unique; the other variables constant within i.
  std::vector<std::string> xi;
  for (const auto& c : data.columns()) {
    const std::string& name = c->name;
    if (name == spec.jvar ||
        std::find(spec.ivars.begin(), spec.ivars.end(), name) != spec.ivars.end() ||
        std::find(long_names.begin(), long_names.end(), name) != long_names.end())
      continue;
    xi.push_back(name);
  }
  data::KeyCodes ic = data::key_codes(data, spec.ivars);
  const size_t ng = static_cast<size_t>(ic.ngroups), nj = static_cast<size_t>(jc.ngroups);
  std::vector<int32_t> cell(ng * nj, -1);
  const std::string ilist = join(spec.ivars);
  for (size_t r = 0; r < n; ++r) {
    int32_t& slot = cell[static_cast<size_t>(ic.a[r]) * nj + jc.a[r]];
    if (slot >= 0)
      throw XtdoError(
          9,
          fmt::format("values of variable {} not unique within {}\n", spec.jvar, ilist) +
              combine::paragraph(
                  {"Your data are currently long.", "You are performing a reshape wide.",
                   fmt::format("You specified i({}) and", ilist), fmt::format("j({}).", spec.jvar),
                   "There are observations within",
                   fmt::format("i({}) with the same value of", ilist),
                   fmt::format("j({}).  In the long data,", spec.jvar),
                   "variables i() and j() together", "must uniquely identify the observations."}) +
              "\n\n" + picture() + "\n" +
              combine::paragraph({"Type reshape error for a list", "of the problem variables."}));
    slot = static_cast<int32_t>(r);
  }
  std::vector<int32_t> first_row(ng, -1);
  for (size_t r = 0; r < n; ++r)
    if (first_row[ic.a[r]] < 0) first_row[ic.a[r]] = static_cast<int32_t>(r);
  std::vector<std::string> varying;
  for (const auto& name : xi) {
    const Column& c = *data.get(name);
    for (size_t r = 0; r < n; ++r) {
      int32_t f = first_row[ic.a[r]];
      bool same = c.is_string() ? c.str[r] == c.str[f] : c.num[r] == c.num[f];
      if (!same) {
        varying.push_back(name);
        break;
      }
    }
  }
  if (!varying.empty()) {
    std::string msg;
    for (const auto& v : varying)
      msg += fmt::format("variable {} not constant within {}\n", v, ilist);
    msg +=
        combine::paragraph({"Your data are currently long.", "You are performing a reshape wide.",
                            "You typed something like"}) +
        "\n\n" +
        combine::paragraph({fmt::format(". reshape wide a b, i({}) j({})", ilist, spec.jvar)}, 8) +
        "\n\n" +
        combine::paragraph({"There are variables other than a,",
                            fmt::format("b, {}, {} in your data.", ilist, spec.jvar),
                            "They must be constant within",
                            fmt::format("{} because that is the only way they can", ilist),
                            "fit into wide data without loss of information."}) +
        "\n\n" +
        combine::paragraph({"The variable or variables listed above are",
                            fmt::format("not constant within {}.", ilist),
                            "Perhaps the values are in error.",
                            "Type reshape error for a list of the", "problem observations."}) +
        "\n\n" +
        combine::paragraph({"Either that, or the values vary because", "they should vary, in which",
                            "case you must either add the variables",
                            "to the list of xij variables to be reshaped,", "or drop them."});
    throw XtdoError(9, msg);
  }
  // New names: valid and not taken.
  std::vector<std::string> long_in_order;  // xij variables in dataset order
  for (const auto& c : data.columns())
    if (std::find(long_names.begin(), long_names.end(), c->name) != long_names.end())
      long_in_order.push_back(c->name);
  std::set<std::string> taken(spec.ivars.begin(), spec.ivars.end());
  taken.insert(xi.begin(), xi.end());
  for (const auto& v : out_values)
    for (const auto& stem : spec.stems) {
      std::string name = subname(stem, v);
      if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid variable name", name));
      if (!taken.insert(name).second)
        throw XtdoError(110, fmt::format("variable {} already defined", name));
    }

  // --- Build: one row per i, in i order.
  data::CodeOrder order = data::order_by_code(ic.a, ic.ngroups);
  Dataset out;
  out.value_labels = data.value_labels;
  out.label = data.label;
  auto per_group = [&](const Column& c, auto row_of) {
    if (c.is_string()) {
      std::vector<std::string> v(ng);
      for (size_t g = 0; g < ng; ++g)
        if (int32_t r = row_of(g); r >= 0) v[g] = c.str[r];
      return std::pair<std::vector<double>, std::vector<std::string>>{{}, std::move(v)};
    }
    std::vector<double> v(ng, missing::kSysmiss);
    for (size_t g = 0; g < ng; ++g)
      if (int32_t r = row_of(g); r >= 0) v[g] = c.num[r];
    return std::pair<std::vector<double>, std::vector<std::string>>{std::move(v), {}};
  };
  auto add = [&](const Column& proto, auto values, const std::string& name,
                 const std::string& label) {
    Column meta;
    meta.name = name;
    meta.type = proto.type;
    meta.str_width = proto.str_width;
    meta.format = proto.format;
    meta.label = label;
    meta.value_label = proto.value_label;
    if (proto.is_string())
      combine::add_string_like(out, meta, std::move(values.second), proto.type, proto.str_width);
    else
      combine::add_numeric_like(out, meta, std::move(values.first), proto.type);
  };
  auto first_of = [&](size_t g) { return order.rows[order.start[g]]; };
  for (const auto& c : data.columns())
    if (std::find(spec.ivars.begin(), spec.ivars.end(), c->name) != spec.ivars.end())
      add(*c, per_group(*c, first_of), c->name, c->label);
  for (size_t k = 0; k < out_values.size(); ++k) {
    const int32_t jcode = jcode_of_value[k];
    for (const auto& name : long_in_order) {
      const Column& c = *data.get(name);
      const std::string& stem =
          spec.stems[std::find(long_names.begin(), long_names.end(), name) - long_names.begin()];
      auto row_of = [&](size_t g) { return cell[g * nj + static_cast<size_t>(jcode)]; };
      add(c, per_group(c, row_of), subname(stem, out_values[k]), out_values[k] + " " + name);
    }
  }
  for (const auto& name : xi) {
    const Column& c = *data.get(name);
    add(c, per_group(c, first_of), c.name, c.label);
  }
  out.sortedby = spec.ivars;
  combine::keep_ts_if_present(out, data.ts);
  out.changed = true;
  session.data = std::move(out);
  remember(session, spec);

  // --- Display
  Console& con = session.console;
  report_head(con, "long", "wide", oobs, ovars, session.data.nobs(), session.data.nvars());
  std::string line = fmt::format("j variable ({} values)", out_values.size());
  const long jcol_at =
      31 + 9 - static_cast<long>(spec.jvar.size());  // j right-aligned to column 39
  if (jcol_at > 0) to_col(line, static_cast<size_t>(jcol_at));
  line += spec.jvar;
  to_col(line, 43);
  con.println(line + "->   (dropped)");
  con.println("xij variables:");
  for (size_t k = 0; k < spec.stems.size(); ++k) {
    const std::string& lname = long_names[k];
    std::string row = std::string(lname.size() < 39 ? 39 - lname.size() : 0, ' ') + lname;
    to_col(row, 43);
    row += "->";
    to_col(row, 48);
    con.println(row + wide_list(spec.stems[k], out_values));
  }
  con.println(std::string(77, '-'));
}

}  // namespace

XTDO_COMMAND(reshape, "reshape", 0, "*") {
  // --- Bind
  Spec spec = bind(session, args);
  for (size_t a = 0; a < spec.stems.size(); ++a)
    for (size_t b = 0; b < a; ++b)
      if (spec.stems[a] == spec.stems[b])
        throw XtdoError(198, fmt::format("{} mentioned twice", spec.stems[a]));
  // --- Build and swap in (every check runs before the data in memory change)
  if (spec.to_long)
    reshape_long(session, spec);
  else
    reshape_wide(session, spec);
}

}  // namespace xtdo
