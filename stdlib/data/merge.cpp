// merge: join the dataset in memory (master) with a using file on key variables
// (1:1, m:1, 1:m, m:m, or 1:1 _n by observation), with _merge codes 1-5, update/
// replace, keep()/assert() and Stata's result table ([D] merge).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "combine_util.hpp"
#include "data_common.hpp"
#include "file_util.hpp"
#include "key_codes.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

enum class Kind { OneOne, ManyOne, OneMany, ManyMany, Sequential };

using ResultSet5 = std::array<bool, 6>;  ///< index 1..5: the _merge codes selected

struct MergeOptions {
  Kind kind = Kind::OneOne;
  std::string kind_text;
  std::vector<std::string> keys;
  std::string file;
  std::string mergevar = "_merge";
  bool generate = true;
  bool update = false, replace = false, force = false, nolabel = false, report = true;
  std::optional<std::string> keepusing;
  std::optional<ResultSet5> keep, assert_;
};

/// One word of keep()/assert(): 1-5 or master, using, match(ed), match_update(s),
/// match_conflict(s) with Stata's minimum abbreviations.
int result_code(const std::string& w) {
  if (w.size() == 1 && w[0] >= '1' && w[0] <= '5') return w[0] - '0';
  auto ab = [&](const char* full, size_t min) { return util::abbrev(w, full, min); };
  if (ab("masters", 3)) return 1;
  if (ab("usings", 2)) return 2;
  if (ab("matches", 3) || ab("matched", 3)) return 3;
  if (ab("match_updates", 8)) return 4;
  if (ab("match_conflicts", 8)) return 5;
  throw XtdoError(
      198, w + ":  invalid resulttype\n" +
               combine::paragraph({"results, specified in options assert() and keep(), are the",
                                   "integers 1 through 5, or master (equivalent to 1), using (2),",
                                   "match (3), match_update (4), or match_conflict (5).  The last",
                                   "two arise only when option update is specified."}));
}

ResultSet5 parse_results(const std::string& text) {
  ResultSet5 set{};
  for (const auto& w : grammar::split_words(text)) set[result_code(util::lower(w))] = true;
  return set;
}

MergeOptions bind(Session& session, CallArgs& args, fileutil::SubCommand& sub) {
  MergeOptions o;
  const std::string& rest = args.cmd->rest.text;
  size_t after = 0;
  o.kind_text = fileutil::first_word(rest, after);
  static const std::vector<std::pair<std::string, Kind>> kinds = {
      {"1:1", Kind::OneOne},   {"m:1", Kind::ManyOne},  {"n:1", Kind::ManyOne},
      {"1:m", Kind::OneMany},  {"1:n", Kind::OneMany},  {"m:m", Kind::ManyMany},
      {"n:n", Kind::ManyMany}, {"m:n", Kind::ManyMany}, {"n:m", Kind::ManyMany}};
  auto hit =
      std::find_if(kinds.begin(), kinds.end(), [&](auto& k) { return k.first == o.kind_text; });
  if (hit == kinds.end()) {
    if (o.kind_text.find(':') == std::string::npos)
      throw XtdoError(
          198,
          "merge requires a match type: merge 1:1, m:1, 1:m or m:m varlist using "
          "filename\n    (the pre-Stata 11 syntax without a match type is not supported)",
          args.cmd->rest.pos);
    throw XtdoError(
        198,
        fmt::format("merge {}:  invalid merge type\n    merge types are 1:1, 1:m, m:1, or m:m",
                    o.kind_text),
        args.cmd->rest.pos);
  }
  o.kind = hit->second;
  size_t after_n = 0;
  std::string second = fileutil::first_word(rest.substr(after), after_n);
  if (second == "_n") {
    if (o.kind != Kind::OneOne)
      throw XtdoError(
          198,
          fmt::format("{} _n invalid\n    the syntax for a sequential merge is merge 1:1 _n ...",
                      o.kind_text));
    o.kind = Kind::Sequential;
    after += after_n;
  }
  fileutil::bind_sub(session, *args.cmd, after, "merge",
                     "[varlist(default=none)] using/ [, ASSERT(string) GENerate(string) FORCE "
                     "KEEP(string) KEEPUSing(string) NOLabel NONOTEs NOGENerate noREPort REPLACE "
                     "SORTED UPDATE]",
                     sub);
  const CallArgs& a = sub.args;
  o.keys = a.var_names();
  if (o.kind == Kind::Sequential && !o.keys.empty())
    throw XtdoError(198, "varlist cannot be specified after 1:1 _n");
  if (o.kind != Kind::Sequential && o.keys.empty())
    throw XtdoError(198,
                    fmt::format("varlist required after merge {}\n    you must specify the key "
                                "variables after merge {}",
                                o.kind_text, o.kind_text));
  for (size_t i = 0; i < o.keys.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (o.keys[i] == o.keys[j])
        throw XtdoError(198, fmt::format("variable {} mentioned twice", o.keys[i]));
  o.file = fileutil::with_default_ext(a.using_file, ".dta");
  o.update = a.has("update");
  o.replace = a.has("replace");
  o.force = a.has("force");
  o.nolabel = a.has("nolabel");
  o.report = !a.has("noreport");
  if (o.replace && !o.update)
    throw XtdoError(
        198, "option replace not allowed\n" +
                 combine::paragraph({"option replace requires you also specify option update,",
                                     "thus demonstrating your understanding that an update will",
                                     "be performed"}));
  if (auto g = a.get("generate")) {
    if (a.has("nogenerate"))
      throw XtdoError(198, "options generate() and nogenerate may not be specified together");
    o.mergevar = util::trim(*g);
    if (!valid_name(o.mergevar)) throw XtdoError(198, fmt::format("{} invalid name", o.mergevar));
  }
  o.generate = !a.has("nogenerate");
  if (o.generate && session.data.find(o.mergevar) >= 0)
    throw XtdoError(110, fmt::format("variable {} already defined", o.mergevar));
  if (auto k = a.get("keepusing")) o.keepusing = *k;
  if (auto k = a.get("keep")) o.keep = parse_results(*k);
  if (auto k = a.get("assert")) o.assert_ = parse_results(*k);
  return o;
}

/// The matched pairs: master row, using row (-1 = none) and the _merge code.
struct Pairs {
  std::vector<int32_t> m, u;
  std::vector<uint8_t> code;
  void push(int32_t mr, int32_t ur, uint8_t c) {
    m.push_back(mr);
    u.push_back(ur);
    code.push_back(c);
  }
};

void not_unique(const std::vector<std::string>& keys, const char* side) {
  throw XtdoError(459,
                  fmt::format("variable{} {} {} not uniquely identify observations in the {} data",
                              keys.size() > 1 ? "s" : "", util::join(keys, " "),
                              keys.size() > 1 ? "do" : "does", side));
}

/// Master rows in key order (stable), each paired with its using rows as the match
/// type says; using-only rows follow at the end, in key order, as Stata places them.
Pairs match_rows(const MergeOptions& o, const Dataset& master, const Dataset& used) {
  Pairs p;
  const size_t nm = master.nobs(), nu = used.nobs();
  if (o.kind == Kind::Sequential) {
    for (size_t r = 0; r < std::max(nm, nu); ++r) {
      int32_t mr = r < nm ? static_cast<int32_t>(r) : -1,
              ur = r < nu ? static_cast<int32_t>(r) : -1;
      p.push(mr, ur, mr >= 0 && ur >= 0 ? 3 : mr >= 0 ? 1 : 2);
    }
    return p;
  }
  std::vector<const Column*> mcols, ucols;
  for (const auto& k : o.keys) {
    mcols.push_back(master.get(k));
    ucols.push_back(used.get(k));
  }
  data::KeyCodes kc = data::key_codes(mcols, nm, ucols, nu);
  data::CodeOrder mo = data::order_by_code(kc.a, kc.ngroups);
  data::CodeOrder uo = data::order_by_code(kc.b, kc.ngroups);
  const bool master_unique = o.kind == Kind::OneOne || o.kind == Kind::OneMany;
  const bool using_unique = o.kind == Kind::OneOne || o.kind == Kind::ManyOne;
  for (int64_t g = 0; g < kc.ngroups; ++g) {
    if (master_unique && mo.start[g + 1] - mo.start[g] > 1) not_unique(o.keys, "master");
    if (using_unique && uo.start[g + 1] - uo.start[g] > 1) not_unique(o.keys, "using");
  }
  p.m.reserve(std::max(nm, nu));
  p.u.reserve(std::max(nm, nu));
  p.code.reserve(std::max(nm, nu));
  for (int64_t g = 0; g < kc.ngroups; ++g) {
    const int64_t ms = mo.start[g], me = mo.start[g + 1], us = uo.start[g], ue = uo.start[g + 1];
    const int64_t cm = me - ms, cu = ue - us;
    if (cm == 0) continue;
    if (cu == 0) {
      for (int64_t k = ms; k < me; ++k) p.push(mo.rows[k], -1, 1);
    } else if (o.kind == Kind::ManyMany) {
      // m:m pairs the k-th master and k-th using observation of the group; the shorter
      // side repeats its last observation ([D] merge).
      for (int64_t k = 0; k < std::max(cm, cu); ++k)
        p.push(mo.rows[ms + std::min(k, cm - 1)], uo.rows[us + std::min(k, cu - 1)], 3);
    } else if (cu == 1) {
      for (int64_t k = ms; k < me; ++k) p.push(mo.rows[k], uo.rows[us], 3);
    } else {
      for (int64_t k = us; k < ue; ++k) p.push(mo.rows[ms], uo.rows[k], 3);
    }
  }
  for (int64_t g = 0; g < kc.ngroups; ++g)
    if (mo.start[g + 1] == mo.start[g])
      for (int64_t k = uo.start[g]; k < uo.start[g + 1]; ++k) p.push(-1, uo.rows[k], 2);
  return p;
}

/// How one using variable enters the result.
struct UsingVar {
  const Column* col = nullptr;
  int master_index = -1;  ///< same-named master variable, or -1 (a new variable)
  bool key = false;
  bool ignored = false;  ///< string/numeric mismatch under force: treated as missing
};

/// Build one result column from a master column and, when it is shared, the using
/// column: using values fill using-only rows and, under update, matched rows.
void build_shared(Session& session, Dataset& out, Column& mcol, const UsingVar* uv, const Pairs& p,
                  bool identity, const MergeOptions& o, std::vector<uint8_t>& flags) {
  const size_t n = p.m.size();
  StorageType type = mcol.type;
  int width = mcol.str_width;
  const Column* ucol = uv && !uv->ignored ? uv->col : nullptr;
  if (ucol) {
    combine::promote(mcol.type, mcol.str_width, ucol->type, ucol->str_width, type, width);
    combine::note_promotion(session, mcol.name, combine::type_name(mcol),
                            storage_name(type, width));
  }
  const bool update = ucol && o.update && !uv->key;
  if (mcol.is_string()) {
    std::vector<std::string> v;
    if (identity) {
      v = std::move(mcol.str);
      v.resize(n);
    } else {
      v = combine::gather_str(mcol, p.m);
      std::vector<std::string>().swap(mcol.str);
    }
    if (ucol) {
      for (size_t r = 0; r < n; ++r) {
        if (p.u[r] < 0) continue;
        const std::string& us = ucol->str[p.u[r]];
        if (p.m[r] < 0) {
          v[r] = us;
        } else if (update && !us.empty()) {
          if (v[r].empty()) {
            v[r] = us;
            flags[r] |= 1;
          } else if (v[r] != us) {
            flags[r] |= 2;
            if (o.replace) v[r] = us;
          }
        }
      }
    }
    combine::add_string_like(out, mcol, std::move(v), type, width);
    return;
  }
  std::vector<double> v;
  if (identity) {
    v = std::move(mcol.num);
    v.resize(n, missing::kSysmiss);
  } else {
    v = combine::gather_num(mcol, p.m);
    std::vector<double>().swap(mcol.num);
  }
  if (ucol) {
    const double* un = ucol->num.data();
    for (size_t r = 0; r < n; ++r) {
      if (p.u[r] < 0) continue;
      double uval = un[p.u[r]];
      if (p.m[r] < 0) {
        v[r] = uval;
      } else if (update && !missing::is_missing(uval)) {
        if (missing::is_missing(v[r])) {
          v[r] = uval;
          flags[r] |= 1;
        } else if (v[r] != uval) {
          flags[r] |= 2;
          if (o.replace) v[r] = uval;
        }
      }
    }
  }
  combine::add_numeric_like(out, mcol, std::move(v), type);
}

/// "merge:  after merge, not all observations from master, from using, or matched".
std::string assert_message(const ResultSet5& allowed) {
  static const char* text[] = {"",        "from master",         "from using",
                               "matched", "matched and updated", "matched and conflicting"};
  std::vector<std::string> words;
  for (int c = 1; c <= 5; ++c)
    if (allowed[c]) words.push_back(text[c]);
  std::string msg = "merge:  after merge, not all observations";
  const std::string comma = words.size() > 2 ? "," : "";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i + 1 == words.size() && words.size() > 1)
      msg += " or " + words[i];
    else
      msg += " " + words[i] + comma;
  }
  return msg + "\n        (merged result left in memory)";
}

void print_table(Console& out, const std::array<int64_t, 6>& n, bool update,
                 const std::string& var) {
  auto suffix = [&](int c) {
    return var.empty() ? std::string("  ") : fmt::format("  ({}=={})", var, c);
  };
  auto line = [&](int indent, const std::string& label, int64_t count, const std::string& tail) {
    std::string s(static_cast<size_t>(indent), ' ');
    s += label;
    s.resize(29, ' ');
    s += fmt::format("{:>16}", data::commas(count));
    out.println(s + tail);
  };
  out.println();
  out.println("    Result                      Number of obs");
  out.println("    -----------------------------------------");
  line(4, "Not matched", n[1] + n[2], "");
  if (n[1] || n[2]) {
    line(8, "from master", n[1], suffix(1));
    line(8, "from using", n[2], suffix(2));
    out.println();
  }
  if (!update) {
    line(4, "Matched", n[3], suffix(3));
  } else {
    if (n[1] == 0 && n[2] == 0) out.println();
    line(4, "Matched", n[3] + n[4] + n[5], "");
    line(8, "not updated", n[3], suffix(3));
    line(8, "missing updated", n[4], suffix(4));
    line(8, "nonmissing conflict", n[5], suffix(5));
  }
  out.println("    -----------------------------------------");
}

}  // namespace

XTDO_COMMAND(merge, "merge", 0, "*") {
  // --- Bind
  fileutil::SubCommand sub;
  MergeOptions o = bind(session, args, sub);
  Dataset& master = session.data;

  // --- Validate (nothing in memory changes before the result is complete)
  Dataset used = combine::load_using(o.file);
  for (const auto& k : o.keys) {
    const Column* uc = used.get(k);
    if (!uc) throw XtdoError(111, fmt::format("variable {} not found in using data", k));
    const Column* mc = master.get(k);
    if (mc->is_string() != uc->is_string())
      throw combine::type_mismatch(k, combine::type_name(*mc), mc->is_string(),
                                   combine::type_name(*uc), "merge", true);
  }
  std::vector<std::string> brought;  // using variables that enter the result, in using order
  {
    std::vector<std::string> wanted;
    if (o.keepusing) wanted = expand_names(used, *o.keepusing, 0);
    for (const auto& c : used.columns()) {
      bool key = std::find(o.keys.begin(), o.keys.end(), c->name) != o.keys.end();
      bool listed =
          !o.keepusing || std::find(wanted.begin(), wanted.end(), c->name) != wanted.end();
      if (key || listed) brought.push_back(c->name);
    }
  }
  std::vector<UsingVar> uvars;
  for (const auto& name : brought) {
    UsingVar uv;
    uv.col = used.get(name);
    uv.master_index = master.find(name);
    uv.key = std::find(o.keys.begin(), o.keys.end(), name) != o.keys.end();
    if (uv.master_index < 0 && o.generate && name == o.mergevar)
      throw XtdoError(110, fmt::format("variable {} already defined", name));
    if (uv.master_index >= 0 && !uv.key &&
        master.col(uv.master_index).is_string() != uv.col->is_string()) {
      if (!o.force) {
        const Column& mc = master.col(uv.master_index);
        throw combine::type_mismatch(name, combine::type_name(mc), mc.is_string(),
                                     combine::type_name(*uv.col), "merge", false);
      }
      uv.ignored = true;
    }
    uvars.push_back(uv);
  }

  // --- Match (r(459) for keys that must be unique and are not)
  Pairs p = match_rows(o, master, used);
  const size_t n = p.m.size();
  const size_t nm = master.nobs();
  bool identity = true;  // master rows stay in place: columns can be moved, not copied
  for (size_t r = 0; r < n && identity; ++r)
    identity = r < nm ? p.m[r] == static_cast<int32_t>(r) : p.m[r] < 0;

  // --- Build the result aside (master columns are consumed as they are copied)
  Dataset out;
  std::vector<uint8_t> flags(n, 0);  // 1 = a missing master value was updated, 2 = conflict
  if (!o.nolabel) combine::merge_value_labels(session, master, used);
  out.value_labels = master.value_labels;
  out.label = master.label;
  const TsSettings ts = master.ts;
  for (size_t k = 0; k < master.nvars(); ++k) {
    Column& mcol = master.col(k);
    const UsingVar* uv = nullptr;
    for (const auto& u : uvars)
      if (u.master_index == static_cast<int>(k)) uv = &u;
    build_shared(session, out, mcol, uv, p, identity, o, flags);
  }
  for (const auto& uv : uvars) {
    if (uv.master_index >= 0) continue;
    if (uv.col->is_string())
      combine::add_string_like(out, *uv.col, combine::gather_str(*uv.col, p.u), uv.col->type,
                               uv.col->str_width);
    else
      combine::add_numeric_like(out, *uv.col, combine::gather_num(*uv.col, p.u), uv.col->type);
  }
  std::array<int64_t, 6> counts{};
  std::vector<double> codes(n);
  for (size_t r = 0; r < n; ++r) {
    uint8_t c = p.code[r];
    if (c == 3 && o.update) c = (flags[r] & 2) ? 5 : (flags[r] & 1) ? 4 : 3;
    codes[r] = c;
    ++counts[c];
  }
  {
    Column& mv = out.add_numeric(o.mergevar, std::move(codes), StorageType::Byte);
    mv.label = "Matching result from merge";
    mv.value_label = "_merge";
    if (o.generate && !out.value_labels.count("_merge"))
      out.value_labels["_merge"] = {{1, "Master only (1)"},
                                    {2, "Using only (2)"},
                                    {3, "Matched (3)"},
                                    {4, "Missing updated (4)"},
                                    {5, "Nonmissing conflict (5)"}};
  }
  combine::keep_ts_if_present(out, ts);
  out.changed = true;

  // --- Post: assert() before keep(); a failed assert leaves the merged result in
  // memory, as Stata does (r(9)).
  if (o.assert_) {
    for (int c = 1; c <= 5; ++c)
      if (counts[c] > 0 && !(*o.assert_)[c]) {
        if (!o.generate) out.drop_column(o.mergevar);
        session.data = std::move(out);
        throw XtdoError(9, assert_message(*o.assert_));
      }
  }
  if (o.keep) {
    const Column& mv = *out.get(o.mergevar);
    std::vector<uint8_t> mask(n);
    for (size_t r = 0; r < n; ++r) mask[r] = (*o.keep)[static_cast<int>(mv.num[r])];
    out.keep_rows(mask);
    counts = {};
    for (double c : out.get(o.mergevar)->num) ++counts[static_cast<int>(c)];
  }
  if (o.kind == Kind::OneOne && counts[2] == 0) out.sortedby = o.keys;
  if (!o.generate) out.drop_column(o.mergevar);
  session.data = std::move(out);

  // --- Display
  if (o.report) print_table(session.console, counts, o.update, o.generate ? o.mergevar : "");
}

}  // namespace xtdo
