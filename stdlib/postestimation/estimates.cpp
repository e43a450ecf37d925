// estimates: the named store of estimation results ([R] estimates) — store,
// restore, replay, dir, drop, clear, title, table — and estout's companions
// eststo (store with automatic names est1, est2, ...) and estadd (add scalars and
// macros to the active and stored results).
#include <fmt/format.h>

#include <algorithm>

#include "../data/file_util.hpp"
#include "../estimation/design.hpp"
#include "estimates_store.hpp"
#include "estimates_table.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

std::string rule(size_t n) { return std::string(n, '-'); }

/// Split `text` at the first top-level colon (outside quotes and parentheses).
bool split_colon(const std::string& text, std::string& before, std::string& after) {
  int depth = 0;
  bool quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quote = !quote;
    if (quote) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ':' && depth == 0) {
      before = text.substr(0, i);
      after = text.substr(i + 1);
      return true;
    }
  }
  before = text;
  after.clear();
  return false;
}

std::string emacro(const ResultSet& e, const std::string& name) {
  auto it = e.macros.find(name);
  return it == e.macros.end() ? std::string() : it->second;
}

/// The "Model name" banner of estimates replay.
void replay_banner(Session& session, const std::string& label) {
  Console& out = session.console;
  out.println();
  out.println(rule(79));
  out.println(label);
  out.println(rule(79));
}

void estimates_replay(Session& session, const std::string& names_text) {
  std::vector<std::string> names = estore::expand(session, names_text, true);
  if (names.empty()) names.push_back(".");
  for (const std::string& name : names) {
    if (name == ".") {
      if (!session.e.macros.count("cmd")) throw XtdoError(301, "last estimates not found");
      replay_banner(session, "active results");
      estore::replay_active(session);
      continue;
    }
    const StoredEstimates* s = estore::find(session, name);
    replay_banner(session, s->title.empty() ? fmt::format("Model {}", name)
                                            : fmt::format("Model {}: {}", name, s->title));
    estore::with_active(session, name, [&] { estore::replay_active(session); });
  }
}

void estimates_dir(Session& session, const std::string& names_text) {
  std::vector<std::string> names =
      util::trim(names_text).empty() ? estore::expand(session, "_all", false) : estore::expand(session, names_text, false);
  Console& out = session.console;
  session.r.clear();
  session.r.set_macro("names", util::join(names, " "));
  out.println();
  out.println(rule(59));
  out.println("        name | command      depvar       npar  title ");
  out.println(rule(13) + "+" + rule(45));
  for (const std::string& name : names) {
    const StoredEstimates* s = estore::find(session, name);
    auto b = s->e.matrices.find("b");
    const int npar = b == s->e.matrices.end() ? 0 : b->second.cols;
    out.println(fmt::format("{:>12} | {:<12} {:<12} {:>4}  {}", est::abbrev(name, 12),
                            est::abbrev(emacro(s->e, "cmd"), 12),
                            est::abbrev(emacro(s->e, "depvar"), 12), npar,
                            s->title.empty() ? emacro(s->e, "title") : s->title));
  }
  out.println(rule(59));
}

void estimates_drop(Session& session, const std::string& names_text, int pos) {
  if (util::trim(names_text).empty()) throw XtdoError(198, "namelist required", pos);
  std::vector<std::string> names = estore::expand(session, names_text, false, pos);
  for (const std::string& name : names) estore::drop(session, name);
}

void estimates_clear(Session& session) {
  session.stored_estimates.clear();
  session.data.stored_samples.clear();
}

/// estadd ysumm [, mean sum min max sd var prefix(name) replace quietly]: summary
/// statistics of the dependent variable over e(sample), added as e(ymean) ... (the
/// default set is sd max min mean, in that order, as estadd adds them).
void estadd_ysumm(Session& session, const std::string& opts, bool announce, int pos) {
  if (!session.e.macros.count("cmd")) throw XtdoError(301, "last estimates not found");
  const std::vector<uint8_t>* sample = session.e_sample();
  if (!sample) throw XtdoError(498, "e(sample) information not available", pos);
  auto wt = session.e.macros.find("wtype");
  if (wt != session.e.macros.end() && !wt->second.empty())
    throw XtdoError(198, "estadd ysumm after weighted estimation is not supported", pos);
  std::vector<std::string> chosen;
  std::string prefix = "y";
  bool replace = false, quiet = false;
  for (const std::string& w : grammar::split_words(opts)) {
    const std::string o = util::lower(w);
    if (o == "mean" || o == "me") chosen.push_back("mean");
    else if (o == "sum" || o == "su") chosen.push_back("sum");
    else if (o == "min" || o == "mi") chosen.push_back("min");
    else if (o == "max" || o == "ma") chosen.push_back("max");
    else if (o == "sd") chosen.push_back("sd");
    else if (o == "var" || o == "v") chosen.push_back("var");
    else if (util::abbrev(o, "replace", 1)) replace = true;
    else if (util::abbrev(o, "quietly", 1)) quiet = true;
    else if (o.compare(0, 2, "p(") == 0 || o.compare(0, 7, "prefix(") == 0)
      prefix = w.substr(w.find('(') + 1, w.size() - w.find('(') - 2);
    else throw XtdoError(198, fmt::format("estadd ysumm: option {} is not supported", w), pos);
  }
  // estadd's order: var sd max min sum mean; default sd max min mean.
  std::vector<std::string> stats;
  for (const char* st : {"var", "sd", "max", "min", "sum", "mean"})
    if (chosen.empty() ? std::string(st) != "var" && std::string(st) != "sum"
                       : std::find(chosen.begin(), chosen.end(), st) != chosen.end())
      stats.push_back(st);
  const std::vector<std::string> deps = grammar::split_words(session.e.macros["depvar"]);
  if (deps.empty()) throw XtdoError(198, "e(depvar) not found", pos);
  const Column* y = session.data.get(deps[0]);
  if (!y || y->is_string()) throw XtdoError(111, fmt::format("variable {} not found", deps[0]), pos);
  // summarize over e(sample): missing values of y are skipped as summarize does.
  double n = 0, sum = 0, lo = missing::kSysmiss, hi = -missing::kSysmiss;
  for (size_t row = 0; row < y->num.size(); ++row) {
    const double v = y->num[row];
    if (!(*sample)[row] || missing::is_missing(v)) continue;
    n += 1;
    sum += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double mean = n > 0 ? sum / n : missing::kSysmiss;
  double ss = 0;
  for (size_t row = 0; row < y->num.size(); ++row) {
    const double v = y->num[row];
    if ((*sample)[row] && !missing::is_missing(v)) ss += (v - mean) * (v - mean);
  }
  const double var = n > 1 ? ss / (n - 1) : missing::kSysmiss;
  if (n == 0) lo = hi = missing::kSysmiss;
  if (!replace)
    for (const auto& st : stats)
      if (session.e.scalars.count(prefix + st) || session.e.macros.count(prefix + st))
        throw XtdoError(110, fmt::format("e({}{}) already defined", prefix, st), pos);
  if (announce && !quiet) {
    session.console.println();
    session.console.println("added scalars:");
  }
  for (const auto& st : stats) {
    const double v = st == "mean" ? mean : st == "sum" ? sum : st == "min" ? lo : st == "max" ? hi
                   : st == "sd"   ? (missing::is_missing(var) ? var : std::sqrt(var))
                                  : var;
    session.e.set_scalar(prefix + st, v);
    if (announce && !quiet)
      session.console.println(fmt::format("{:>25} {}", fmt::format("e({}{}) = ", prefix, st), format_default(v)));
  }
}

}  // namespace

XTDO_COMMAND(estimates, "estimates", 3, "*") {
  const ast::Command& cmd = *args.cmd;
  size_t after = 0;
  const std::string sub = fileutil::first_word(cmd.rest.text, after);
  const std::string rest = cmd.rest.text.substr(after);
  const int pos = cmd.rest.pos + static_cast<int>(after);
  auto [body, options] = [&] {
    std::string before, opts;
    int depth = 0;
    bool quote = false;
    for (size_t i = 0; i < rest.size(); ++i) {
      const char c = rest[i];
      if (c == '"') quote = !quote;
      if (quote) continue;
      if (c == '(') ++depth;
      if (c == ')') --depth;
      if (c == ',' && depth == 0) return std::make_pair(rest.substr(0, i), rest.substr(i + 1));
    }
    return std::make_pair(rest, std::string());
  }();
  auto no_options = [&](const char* what) {
    if (!util::trim(options).empty()) throw XtdoError(198, fmt::format("estimates {}: options not allowed", what), pos);
  };
  if (sub.empty()) throw XtdoError(198, "subcommand required", cmd.rest.pos);

  if (util::abbrev(sub, "store", 3)) {
    // --- estimates store name [, title(text) nocopy]
    fileutil::SubCommand sc;
    fileutil::bind_sub(session, cmd, after, "estimates store", "name [, Title(string) NOCOPY]", sc);
    const std::string name = util::trim(sc.args.anything);
    if (grammar::split_words(name).size() != 1) throw XtdoError(198, "too many names specified", pos);
    estore::store(session, name, fileutil::unquote(sc.args.get_or("title", "")), sc.args.has("nocopy"));
  } else if (util::abbrev(sub, "restore", 3)) {
    no_options("restore");
    const auto words = grammar::split_words(body);
    if (words.size() != 1) throw XtdoError(198, words.empty() ? "name required" : "too many names specified", pos);
    estore::restore(session, words[0]);
  } else if (util::abbrev(sub, "replay", 1)) {
    no_options("replay");
    estimates_replay(session, body);
  } else if (sub == "dir") {
    no_options("dir");
    estimates_dir(session, body);
  } else if (sub == "drop") {
    no_options("drop");
    estimates_drop(session, body, pos);
  } else if (sub == "clear") {
    no_options("clear");
    if (!util::trim(body).empty()) throw XtdoError(198, "estimates clear: nothing may follow", pos);
    estimates_clear(session);
  } else if (util::abbrev(sub, "title", 3)) {
    // estimates title: text — title of the active results, shown by estimates dir/replay
    std::string text = util::trim(rest);
    if (!text.empty() && text[0] == ':') text = util::trim(text.substr(1));
    if (!session.e.macros.count("cmd")) throw XtdoError(301, "last estimates not found");
    session.e.set_macro("_estimates_title", fileutil::unquote(text));
    auto it = session.e.macros.find("_estimates_name");
    if (it != session.e.macros.end())
      if (StoredEstimates* s = estore::find(session, it->second)) s->title = fileutil::unquote(text);
  } else if (util::abbrev(sub, "table", 3)) {
    est_table::estimates_table(session, rest, pos);
  } else {
    throw XtdoError(198, fmt::format("estimates {}: is not a supported subcommand", sub), cmd.rest.pos);
  }
}

// eststo [name] [, title() nocopy prefix()] [: estimation command] | eststo clear | eststo dir
// (Jann's estout package). The names it stores are kept in the global $eststo and
// the running count in $eststo_counter, as the original does, so esttab finds them.
XTDO_COMMAND(eststo, "eststo", 0, "*") {
  const ast::Command& cmd = *args.cmd;
  std::string left, command;
  const bool has_command = split_colon(cmd.rest.text, left, command);
  const std::string word = util::trim(left);
  Macros& m = session.macros;
  if (!has_command && word == "clear") {
    for (const std::string& name : grammar::split_words(m.get_global("eststo"))) estore::drop(session, name);
    m.drop_global("eststo");
    m.drop_global("eststo_counter");
    return;
  }
  // Forget names that were dropped by other means (estimates drop/clear).
  std::vector<std::string> names;
  for (const std::string& name : grammar::split_words(m.get_global("eststo")))
    if (estore::find(session, name)) names.push_back(name);
  if (!has_command && word == "dir") {
    if (!names.empty()) estimates_dir(session, util::join(names, " "));
    return;
  }
  // --- Bind the part before the colon: [name] [, options]
  ast::Command head;
  head.name = "eststo";
  head.rest = ast::Span{left, cmd.rest.pos};
  grammar::parse_command_body(head);
  CommandInfo info{"eststo", 0, "[name] [, Title(string) Prefix(name) NOCOPY ADDscalars(string) Refresh NOEsample]",
                   nullptr};
  CallArgs bound;
  bind_args(session, info, head, bound);
  for (const char* unsupported : {"addscalars", "refresh", "noesample"})
    if (bound.has(unsupported))
      throw XtdoError(198, fmt::format("eststo option {}() is not supported", unsupported),
                      bound.option_pos(unsupported));
  std::string name = util::trim(bound.anything);
  int counter = std::atoi(m.get_global("eststo_counter").c_str());
  const bool named = !name.empty();
  const bool refresh = named && std::find(names.begin(), names.end(), name) != names.end();
  if (!refresh) ++counter;
  if (!named) name = bound.get_or("prefix", "est") + std::to_string(counter);

  // --- Run the estimation command, then store its results.
  if (has_command) {
    if (util::trim(command).empty()) throw XtdoError(198, "command required after eststo:", cmd.rest.pos);
    session.dispatch_text(command);
  }
  estore::store(session, name, fileutil::unquote(bound.get_or("title", "")), bound.has("nocopy"));
  if (!refresh) {
    names.push_back(name);
    m.set_global("eststo", util::join(names, " "));
    m.set_global("eststo_counter", std::to_string(counter));
    if (!named) session.console.println(fmt::format("({} stored)", name));
  }
}

// estadd local name value [: namelist] | estadd scalar name [=] exp [: namelist]
// (Jann's estout package): add a macro or scalar to e(); with a name list, to each
// of those stored results instead. Results that were stored from the active ones
// (e(_estimates_name)) are updated as well, as estadd does.
XTDO_COMMAND(estadd, "estadd", 0, "*") {
  const ast::Command& cmd = *args.cmd;
  std::string left, targets;
  const bool has_targets = split_colon(cmd.rest.text, left, targets);
  size_t after = 0;
  const std::string kind = fileutil::first_word(left, after);
  std::string spec = util::trim(left.substr(after));
  const int pos = cmd.rest.pos;
  if (kind.empty()) throw XtdoError(198, "estadd: subcommand required (local or scalar)", pos);
  if (kind == "ysumm") {
    std::string opts = util::trim(spec);
    if (!opts.empty() && opts[0] == ',') opts = opts.substr(1);
    auto run = [&](bool announce) { estadd_ysumm(session, opts, announce, pos); };
    if (!has_targets) {
      run(true);
      auto it = session.e.macros.find("_estimates_name");
      if (it != session.e.macros.end())
        if (StoredEstimates* st = estore::find(session, it->second)) st->e = session.e;
      return;
    }
    for (const std::string& target : estore::expand(session, targets, true, pos)) {
      if (target == ".") {
        run(false);
        continue;
      }
      estore::with_active(session, target, [&] {
        run(false);
        StoredEstimates* st = estore::find(session, target);
        ResultSet copy = session.e;
        copy.sample.clear();
        st->e = copy;
      });
    }
    return;
  }
  if (kind != "local" && kind != "scalar" && kind != "loc" && kind != "loca" && kind != "sca" && kind != "scal" &&
      kind != "scala")
    throw XtdoError(198, fmt::format("estadd {}: is not supported (use estadd local or estadd scalar)", kind), pos);
  const bool is_local = kind.compare(0, 3, "loc") == 0;
  // Options after a top-level comma: replace, quietly, prefix(name).
  std::string opts;
  {
    int depth = 0;
    bool quote = false;
    for (size_t i = 0; i < spec.size(); ++i) {
      const char ch = spec[i];
      if (ch == '"') quote = !quote;
      if (quote) continue;
      if (ch == '(') ++depth;
      if (ch == ')') --depth;
      if (ch == ',' && depth == 0) {
        opts = spec.substr(i + 1);
        spec = util::trim(spec.substr(0, i));
        break;
      }
    }
  }
  bool replace = false, quiet = false;
  std::string prefix;
  for (const std::string& w : grammar::split_words(opts)) {
    const std::string o = util::lower(w);
    if (util::abbrev(o, "replace", 1)) replace = true;
    else if (util::abbrev(o, "quietly", 1)) quiet = true;
    else if (o.compare(0, 2, "p(") == 0 || o.compare(0, 7, "prefix(") == 0) prefix = w.substr(w.find('(') + 1, w.size() - w.find('(') - 2);
    else throw XtdoError(198, fmt::format("estadd: option {} not allowed", w), pos);
  }
  size_t name_end = spec.find_first_of(" \t=");
  const std::string name = prefix + spec.substr(0, name_end);
  std::string value_text = name_end == std::string::npos ? "" : util::trim(spec.substr(name_end));
  // `estadd scalar name` copies the Stata scalar of that name.
  if (!is_local && value_text.empty()) value_text = spec.substr(0, name_end);
  if (spec.empty()) throw XtdoError(198, fmt::format("estadd {}: name required", kind), pos);
  if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid name", name), pos);
  if (name == "b" || name == "V" || name == "sample")
    throw XtdoError(198, fmt::format("e({}) may not be changed by estadd", name), pos);

  // The value is computed once per target with that target active (e() in `exp`
  // refers to the target's results, as in estadd).
  // estadd reports what it added only when working on the active results.
  const bool announce = !has_targets && !quiet;
  auto add_to_active = [&] {
    if (!session.e.macros.count("cmd")) throw XtdoError(301, "last estimates not found");
    if (!replace && (session.e.scalars.count(name) || session.e.macros.count(name) || session.e.matrices.count(name)))
      throw XtdoError(110, fmt::format("e({}) already defined", name), pos);
    if (is_local) {
      std::string v = value_text;
      if (!v.empty() && v[0] == '=') {
        Value r = session.eval_scalar_text(v.substr(1), pos);
        v = r.is_string ? (r.str.empty() ? "" : r.str[0]) : macro_number(r.num.empty() ? missing::kSysmiss : r.num[0]);
      } else {
        v = fileutil::unquote(v);
      }
      session.e.set_macro(name, v);
      if (announce) {
        session.console.println();
        session.console.println("added macro:");
        session.console.println(fmt::format("{:>25}\"{}\"", fmt::format("e({}) : ", name), v));
      }
    } else {
      std::string expr = value_text;
      if (!expr.empty() && expr[0] == '=') expr = expr.substr(1);
      if (util::trim(expr).empty()) throw XtdoError(198, "expression required", pos);
      Value r = session.eval_scalar_text(expr, pos);
      if (r.is_string) throw XtdoError(109, "type mismatch", pos);
      const double v = r.num.empty() ? missing::kSysmiss : r.num[0];
      session.e.set_scalar(name, v);
      if (announce) {
        session.console.println();
        session.console.println("added scalar:");
        session.console.println(fmt::format("{:>25} {}", fmt::format("e({}) = ", name), format_default(v)));
      }
    }
  };
  auto sync_stored = [&](const std::string& stored_name) {
    if (StoredEstimates* s = estore::find(session, stored_name)) {
      if (is_local) s->e.set_macro(name, session.e.macros[name]);
      else s->e.set_scalar(name, session.e.scalars[name]);
    }
  };
  if (!has_targets) {
    add_to_active();
    auto it = session.e.macros.find("_estimates_name");
    if (it != session.e.macros.end()) sync_stored(it->second);
    return;
  }
  std::vector<std::string> list = estore::expand(session, targets, true, pos);
  if (list.empty()) throw XtdoError(198, "namelist required after estadd ... :", pos);
  for (const std::string& target : list) {
    if (target == ".") {
      add_to_active();
      continue;
    }
    estore::with_active(session, target, [&] {
      add_to_active();
      sync_stored(target);
    });
  }
}

}  // namespace xtdo
