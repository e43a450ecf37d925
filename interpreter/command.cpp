// The command registry and the syntax binder: a Stata `syntax`-style spec is
// parsed once per command, and each command line is bound against it.
#include "xtdo/command.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/util.hpp"

namespace xtdo {

Registry& Registry::instance() {
  static Registry registry;
  return registry;
}

void Registry::add(CommandInfo info) {
  // A leading byable(...) in the spec declares how the command combines with by:.
  std::string& s = info.syntax;
  if (s.rfind("byable(", 0) == 0) {
    size_t close = s.find(')');
    std::string kind = s.substr(7, close - 7);
    info.byable = kind == "onecall" ? 2 : 1;
    s = s.substr(close + 1);
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  }
  commands_.push_back(std::move(info));
}

const CommandInfo* Registry::lookup(const std::string& typed) const {
  for (const auto& c : commands_)
    if (c.name == typed) return &c;
  for (const auto& c : commands_) {
    size_t min = c.min_abbrev > 0 ? static_cast<size_t>(c.min_abbrev) : c.name.size();
    if (typed.size() >= min && typed.size() < c.name.size() && c.name.compare(0, typed.size(), typed) == 0)
      return &c;
  }
  return nullptr;
}

std::vector<const CommandInfo*> Registry::all() const {
  std::vector<const CommandInfo*> out;
  for (const auto& c : commands_) out.push_back(&c);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
  return out;
}

namespace {

using util::trim;


std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// One declared option: lower-case name, minimum abbreviation, argument type and default.
struct OptSpec {
  std::string name;
  size_t min = 0;
  bool has_arg = false;
  std::string type;  ///< string, integer, real, varlist, varname, name, numlist, cilevel, ...
  std::string dflt;
};

/// The parsed form of a syntax spec.
struct Spec {
  std::string main;        ///< varlist, varname, newvarlist, newvarname, anything, namelist, name, ""
  bool main_optional = false;
  std::string main_args;   ///< inside varlist(...)
  bool exp = false, exp_optional = false;
  bool if_ok = false, in_ok = false, using_ok = false, using_required = false;
  std::vector<std::string> weights;
  std::vector<OptSpec> options;
  bool any_option = false;  ///< `*`
};

Spec parse_spec(const std::string& text) {
  Spec spec;
  size_t comma = std::string::npos;
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    else if (text[i] == ')') --depth;
    else if (text[i] == ',' && depth == 0) {
      comma = i;
      break;
    }
  }
  std::string head = text.substr(0, comma);
  std::string opts = comma == std::string::npos ? "" : text.substr(comma + 1);
  // Head tokens, with optional [brackets].
  std::vector<std::pair<std::string, bool>> toks;
  {
    size_t i = 0;
    while (i < head.size()) {
      while (i < head.size() && head[i] == ' ') ++i;
      if (i >= head.size()) break;
      bool opt = false;
      if (head[i] == '[') {
        opt = true;
        ++i;
      }
      size_t start = i;
      int d = 0;
      while (i < head.size() && (d > 0 || (head[i] != ']' && (head[i] != ' ' || opt)))) {
        if (head[i] == '(') ++d;
        if (head[i] == ')') --d;
        ++i;
      }
      std::string tok = trim(head.substr(start, i - start));
      if (i < head.size() && head[i] == ']') ++i;
      if (!tok.empty()) toks.emplace_back(tok, opt);
    }
  }
  for (auto& [tok, opt] : toks) {
    std::string word = tok.substr(0, tok.find('('));
    if (word == "varlist" || word == "varname" || word == "newvarlist" || word == "newvarname" ||
        word == "anything" || word == "namelist" || word == "name") {
      spec.main = word;
      spec.main_optional = opt;
      size_t lp = tok.find('(');
      if (lp != std::string::npos) spec.main_args = tok.substr(lp + 1, tok.rfind(')') - lp - 1);
    } else if (tok == "=exp" || tok == "=/exp") {
      spec.exp = true;
      spec.exp_optional = opt;
    } else if (tok == "if") {
      spec.if_ok = true;
    } else if (tok == "in") {
      spec.in_ok = true;
    } else if (tok == "using/" || tok == "using") {
      spec.using_ok = true;
      spec.using_required = !opt;
    } else {
      // weights: "aweight fweight pweight iweight" in any abbreviation
      auto words = grammar::split_words(tok);
      for (auto& w : words) {
        if (w[0] == 'a') spec.weights.push_back("aweight");
        else if (w[0] == 'f') spec.weights.push_back("fweight");
        else if (w[0] == 'p') spec.weights.push_back("pweight");
        else if (w[0] == 'i') spec.weights.push_back("iweight");
      }
    }
  }
  // Options: Name, Name(type [default])
  {
    std::string o = opts;
    for (char& c : o)
      if (c == '[' || c == ']') c = ' ';
    size_t i = 0;
    while (i < o.size()) {
      while (i < o.size() && o[i] == ' ') ++i;
      if (i >= o.size()) break;
      size_t start = i;
      int d = 0;
      while (i < o.size() && (d > 0 || o[i] != ' ')) {
        if (o[i] == '(') ++d;
        if (o[i] == ')') --d;
        ++i;
      }
      std::string tok = o.substr(start, i - start);
      if (tok == "*") {
        spec.any_option = true;
        continue;
      }
      OptSpec os;
      size_t lp = tok.find('(');
      std::string name = tok.substr(0, lp);
      size_t last_upper = 0;
      for (size_t k = 0; k < name.size(); ++k)
        if (std::isupper(static_cast<unsigned char>(name[k]))) last_upper = k + 1;
      os.name = lower(name);
      os.min = last_upper > 0 ? last_upper : os.name.size();
      if (lp != std::string::npos) {
        os.has_arg = true;
        auto inside = grammar::split_words(tok.substr(lp + 1, tok.rfind(')') - lp - 1));
        if (!inside.empty()) os.type = inside[0];
        if (inside.size() > 1) os.dflt = inside[1];
      }
      spec.options.push_back(os);
    }
  }
  return spec;
}

/// Find the top-level `=` that starts `=exp` (not part of ==, <=, >=, !=, ~=).
size_t find_assign(const std::string& s) {
  int depth = 0;
  bool quote = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') quote = !quote;
    if (quote) continue;
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == '=' && depth == 0) {
      bool prev_op = i > 0 && std::string("=<>!~").find(s[i - 1]) != std::string::npos;
      bool next_eq = i + 1 < s.size() && s[i + 1] == '=';
      if (!prev_op && !next_eq) return i;
      if (next_eq) ++i;
    }
  }
  return std::string::npos;
}

std::pair<int64_t, int64_t> parse_in(const ast::Span& span, int64_t nobs) {
  std::string t = trim(span.text);
  auto value = [&](const std::string& w) -> int64_t {
    std::string x = lower(trim(w));
    if (x == "f" || x == "first") return 1;
    if (x == "l" || x == "last") return nobs;
    char* end = nullptr;
    long v = std::strtol(x.c_str(), &end, 10);
    if (x.empty() || *end != '\0') throw XtdoError(198, fmt::format("'{}' invalid observation number", w), span.pos);
    if (v < 0) v = nobs + v + 1;  // -5 counts from the end
    return v;
  };
  size_t slash = t.find('/');
  int64_t a, b;
  if (slash == std::string::npos) {
    a = b = value(t);
  } else {
    a = value(t.substr(0, slash));
    b = value(t.substr(slash + 1));
  }
  if (a < 1 || b > nobs || a > b) throw XtdoError(198, "Obs. nos. out of range", span.pos);
  return {a - 1, b};
}

}  // namespace

std::vector<DeclaredOption> declared_options(const std::string& spec_text, bool* any_option) {
  Spec spec = parse_spec(spec_text);
  if (any_option) *any_option = spec.any_option;
  std::vector<DeclaredOption> out;
  for (const auto& o : spec.options) out.push_back({o.name, o.min, o.has_arg, o.type, o.dflt});
  return out;
}

void bind_args(Session& session, const CommandInfo& info, const ast::Command& cmd, CallArgs& out) {
  Spec spec = parse_spec(info.syntax);
  const Dataset& data = session.data;

  // --- if / in / weight / using
  if (cmd.if_exp) {
    if (!spec.if_ok) throw XtdoError(101, "if not allowed", cmd.if_exp->pos);
    out.if_exp = grammar::parse_expression(cmd.if_exp->text, cmd.if_exp->pos);
  }
  if (cmd.in_range) {
    if (!spec.in_ok) throw XtdoError(101, "in range not allowed", cmd.in_range->pos);
    out.in_range = parse_in(*cmd.in_range, static_cast<int64_t>(data.nobs()));
  }
  if (cmd.weight_type) {
    std::string wt = *cmd.weight_type;
    if (spec.weights.empty()) throw XtdoError(101, "weights not allowed", cmd.weight_exp ? cmd.weight_exp->pos : -1);
    if (wt == "weight") wt = spec.weights.front();
    if (std::find(spec.weights.begin(), spec.weights.end(), wt) == spec.weights.end())
      throw XtdoError(101, fmt::format("{} not allowed", wt), cmd.weight_exp ? cmd.weight_exp->pos : -1);
    out.weight_type = wt;
    out.weight_exp = grammar::parse_expression(cmd.weight_exp->text, cmd.weight_exp->pos);
  }
  if (cmd.using_file) {
    if (!spec.using_ok) throw XtdoError(101, "using not allowed", cmd.using_file->pos);
    out.using_file = cmd.using_file->text;
  } else if (spec.using_required) {
    throw XtdoError(100, "using required");
  }

  // --- main argument and =exp
  std::string args = cmd.args.text;
  int args_pos = cmd.args.pos;
  if (spec.exp) {
    size_t eq = find_assign(args);
    if (eq != std::string::npos) {
      std::string exptext = args.substr(eq + 1);
      if (trim(exptext).empty()) throw XtdoError(198, "expression expected after =", args_pos + static_cast<int>(eq));
      out.exp = grammar::parse_expression(exptext, args_pos + static_cast<int>(eq) + 1);
      out.exp_pos = args_pos + static_cast<int>(eq) + 1;
      args = args.substr(0, eq);
    } else if (!spec.exp_optional) {
      throw XtdoError(198, "= expected", args_pos + static_cast<int>(args.size()));
    }
  }
  std::string main = trim(args);
  int main_pos = args_pos + static_cast<int>(args.find_first_not_of(" \t") == std::string::npos
                                                 ? 0 : args.find_first_not_of(" \t"));
  if (spec.main.empty()) {
    if (!main.empty()) throw XtdoError(101, "varlist not allowed", main_pos);
  } else if (spec.main == "anything" || spec.main == "namelist" || spec.main == "name") {
    if (main.empty() && !spec.main_optional) throw XtdoError(100, "something required", main_pos);
    out.anything = main;
  } else if (spec.main == "newvarlist" || spec.main == "newvarname") {
    auto words = grammar::split_words(main);
    if (words.empty()) {
      if (!spec.main_optional) throw XtdoError(100, "varlist required", main_pos);
    } else {
      StorageType t;
      int w;
      size_t first = 0;
      if (parse_storage(words[0], t, w) && words.size() > 1) {
        out.newtype = words[0];
        first = 1;
      }
      for (size_t k = first; k < words.size(); ++k) {
        if (!valid_name(words[k])) throw XtdoError(198, fmt::format("{} invalid name", words[k]), main_pos);
        if (data.find(words[k]) >= 0)
          throw XtdoError(110, fmt::format("variable {} already defined", words[k]), main_pos);
        out.newvars.push_back(words[k]);
      }
      if (spec.main == "newvarname" && out.newvars.size() > 1)
        throw XtdoError(103, "too many variables specified", main_pos);
    }
  } else {
    unsigned flags = 0;
    auto margs = grammar::split_words(spec.main_args);
    for (auto& a : margs) {
      if (a == "numeric") flags |= kVlNumeric;
      else if (a == "ts") flags |= kVlTs;
      else if (a == "fv") flags |= kVlFv;
    }
    if (spec.main == "varname") flags |= kVlSingle;
    if (main.empty()) {
      if (!spec.main_optional) throw XtdoError(100, "varlist required", main_pos);
      bool none = std::find(margs.begin(), margs.end(), "default=none") != margs.end();
      if (!none) out.vars = expand_varlist(data, "_all", flags | kVlAllowEmpty, main_pos);
    } else {
      out.vars = expand_varlist(data, main, flags, main_pos);
    }
  }

  // --- options
  for (const auto& o : cmd.options) {
    std::string typed = lower(o.name);
    const OptSpec* hit = nullptr;
    for (const auto& os : spec.options)
      if (typed == os.name) hit = &os;
    if (!hit)
      for (const auto& os : spec.options)
        if (typed.size() >= os.min && typed.size() <= os.name.size() && os.name.compare(0, typed.size(), typed) == 0)
          hit = &os;
    if (!hit) {
      if (spec.any_option) {
        out.options.push_back({typed, o.arg, o.pos});
        continue;
      }
      throw XtdoError(198, fmt::format("option {} not allowed", o.name), o.pos);
    }
    if (hit->has_arg && !o.arg)
      throw XtdoError(198, fmt::format("option {}() requires an argument", hit->name), o.pos);
    if (!hit->has_arg && o.arg)
      throw XtdoError(198, fmt::format("option {} does not take an argument", hit->name), o.pos);
    if (hit->type == "integer" || hit->type == "real" || hit->type == "cilevel") {
      std::string a = trim(*o.arg);
      char* end = nullptr;
      double v = std::strtod(a.c_str(), &end);
      if (a.empty() || *end != '\0' || (hit->type == "integer" && v != static_cast<long long>(v)))
        throw XtdoError(hit->type == "integer" ? 126 : 198,
                        fmt::format("option {}() invalid: {} is not {}", hit->name, a,
                                    hit->type == "integer" ? "an integer" : "a number"), o.pos);
    }
    // The last occurrence wins, as in Stata.
    auto prev = std::find_if(out.options.begin(), out.options.end(),
                             [&](const CallArgs::BoundOption& b) { return b.name == hit->name; });
    if (prev != out.options.end()) out.options.erase(prev);
    out.options.push_back({hit->name, o.arg, o.pos});
  }
  // Defaults of typed options are remembered so number() can return them.
  for (const auto& os : spec.options)
    if (os.has_arg && !os.dflt.empty() && !out.has(os.name)) out.defaults.push_back({os.name, os.dflt});
}

bool CallArgs::has(const std::string& opt) const {
  for (const auto& o : options)
    if (o.name == opt) return true;
  return false;
}

std::optional<std::string> CallArgs::get(const std::string& opt) const {
  for (const auto& o : options)
    if (o.name == opt) return o.arg ? *o.arg : std::string();
  return std::nullopt;
}

std::string CallArgs::get_or(const std::string& opt, const std::string& dflt) const {
  auto v = get(opt);
  return v ? *v : dflt;
}

double CallArgs::number(const std::string& opt) const {
  auto v = get(opt);
  if (!v) {
    for (const auto& [name, d] : defaults)
      if (name == opt) return std::strtod(d.c_str(), nullptr);
    return missing::kSysmiss;
  }
  return std::strtod(trim(*v).c_str(), nullptr);
}

int CallArgs::option_pos(const std::string& opt) const {
  for (const auto& o : options)
    if (o.name == opt) return o.pos;
  return -1;
}

std::vector<std::string> CallArgs::var_names() const {
  std::vector<std::string> out;
  for (const auto& v : vars) out.push_back(v.name);
  return out;
}

std::vector<uint8_t> CallArgs::sample(Session& session, bool markout, bool strok) const {
  const Dataset& data = session.data;
  size_t n = data.nobs();
  std::vector<uint8_t> mask(n, 1);
  if (!session.by_rows.empty())
    for (size_t row = 0; row < n; ++row) mask[row] = session.by_rows[row];
  if (in_range) {
    for (size_t row = 0; row < n; ++row)
      if (static_cast<int64_t>(row) < in_range->first || static_cast<int64_t>(row) >= in_range->second) mask[row] = 0;
  }
  if (if_exp) {
    if (!if_mask_cached || if_mask_cache.size() != n) {
      std::optional<ByGroups> groups;
      EvalContext ctx;
      ctx.data = &data;
      ctx.env = &session;
      if (session.by.active()) {
        groups = ByGroups::build(data, session.by.vars);
        ctx.by = &*groups;
      }
      Value v = evaluate(*if_exp, ctx);
      if (v.is_string) throw XtdoError(109, "type mismatch", if_exp->pos);
      if_mask_cache.assign(n, 1);
      for (size_t row = 0; row < n; ++row)
        if (v.num[row] == 0) if_mask_cache[row] = 0;
      if_mask_cached = true;
    }
    for (size_t row = 0; row < n; ++row)
      if (!if_mask_cache[row]) mask[row] = 0;
  }
  if (weight_exp) {
    EvalContext ctx;
    ctx.data = &data;
    ctx.env = &session;
    Value w = evaluate(*weight_exp, ctx);
    if (w.is_string) throw XtdoError(109, "type mismatch", weight_exp->pos);
    for (size_t row = 0; row < n; ++row)
      if (missing::is_missing(w.num[row]) || w.num[row] < 0) mask[row] = 0;
  }
  if (markout) {
    for (const auto& ref : vars) {
      if (ref.is_string) {
        if (strok) continue;
        const Column* c = data.get(ref.base);
        for (size_t row = 0; row < n; ++row)
          if (c->str[row].empty()) mask[row] = 0;
        continue;
      }
      if (ref.plain()) {
        const Column* c = data.get(ref.base);
        for (size_t row = 0; row < n; ++row)
          if (missing::is_missing(c->num[row])) mask[row] = 0;
      } else {
        std::vector<double> col = materialize(data, ref);
        for (size_t row = 0; row < n; ++row)
          if (missing::is_missing(col[row])) mask[row] = 0;
      }
    }
  }
  return mask;
}

}  // namespace xtdo
