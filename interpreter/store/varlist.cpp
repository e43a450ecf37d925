// Varlist expansion ([U] 11.4): names, abbreviations, wildcards, ranges, new-variable
// lists and time-series operators; factor terms are finished in factor.cpp.
#include "xtdo/varlist.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "varlist_detail.hpp"
#include "xtdo/error.hpp"
#include "xtdo/grammar.hpp"

namespace xtdo {
namespace detail {

namespace {

bool is_wild(char c) { return c == '*' || c == '?' || c == '~'; }

// '*' and '~' match any run of characters, '?' exactly one ([U] 11.4.1).
bool glob_match(std::string_view pat, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pat.size() && (pat[p] == '?' || pat[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pat.size() && (pat[p] == '*' || pat[p] == '~')) {
      star = p++;
      mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && (pat[p] == '*' || pat[p] == '~')) ++p;
  return p == pat.size();
}

// The one column a name or abbreviation stands for.
int match_one(const Dataset& data, const std::string& name, int pos) {
  auto cols = match_pattern(data, name, pos);
  if (cols.size() != 1) throw XtdoError(111, fmt::format("{} ambiguous abbreviation", name), pos);
  return cols.front();
}

}  // namespace

std::vector<int> match_pattern(const Dataset& data, const std::string& pattern, int pos) {
  const auto& cols = data.columns();
  std::vector<int> out;
  if (pattern == "_all") {
    for (size_t c = 0; c < cols.size(); ++c) out.push_back(static_cast<int>(c));
    return out;
  }
  if (std::any_of(pattern.begin(), pattern.end(), is_wild)) {
    for (size_t c = 0; c < cols.size(); ++c)
      if (glob_match(pattern, cols[c]->name)) out.push_back(static_cast<int>(c));
    if (out.empty()) throw XtdoError(111, fmt::format("variable {} not found", pattern), pos);
    // `~` is the wildcard that must match exactly one variable.
    if (out.size() > 1 && pattern.find('~') != std::string::npos)
      throw XtdoError(111, fmt::format("{} ambiguous abbreviation", pattern), pos);
    return out;
  }
  if (!valid_name(pattern)) throw XtdoError(198, fmt::format("{} invalid name", pattern), pos);
  int exact = data.find(pattern);
  if (exact >= 0) return {exact};
  // Unique abbreviation: the prefix of exactly one variable.
  for (size_t c = 0; c < cols.size(); ++c)
    if (cols[c]->name.compare(0, pattern.size(), pattern) == 0) out.push_back(static_cast<int>(c));
  if (out.empty()) throw XtdoError(111, fmt::format("variable {} not found", pattern), pos);
  if (out.size() > 1)
    throw XtdoError(111, fmt::format("{} ambiguous abbreviation", pattern), pos);
  return out;
}

std::vector<int> match_range(const Dataset& data, const std::string& from, const std::string& to,
                             int pos) {
  int first = match_one(data, from, pos);
  int last = match_one(data, to, pos);
  if (last < first)
    throw XtdoError(198, fmt::format("{}-{}: variables out of order", from, to), pos);
  std::vector<int> out;
  for (int c = first; c <= last; ++c) out.push_back(c);
  return out;
}

std::vector<int> match_item(const Dataset& data, const std::string& item, int pos) {
  auto dash = item.find('-');
  if (dash != std::string::npos && dash > 0 && dash + 1 < item.size())
    return match_range(data, item.substr(0, dash), item.substr(dash + 1), pos);
  return match_pattern(data, item, pos);
}

std::vector<VarRef::TsStep> canonical_ts(const TsOps& ops) {
  // L and F cancel (FL.x is x); D orders add; each S keeps its own lag
  // ([U] 11.4.4: ld2ls12d.gnp becomes L2D3S12.gnp).
  int shift = 0, diff = 0;
  std::vector<int> seasonal;
  for (auto [op, order] : ops) {
    switch (op) {
      case 'L': shift += order; break;
      case 'F': shift -= order; break;
      case 'D': diff += order; break;
      case 'S':
        if (order > 0) seasonal.push_back(order);
        break;
      default: break;
    }
  }
  std::vector<VarRef::TsStep> steps;
  if (diff > 0) steps.push_back({'D', diff});
  for (int s : seasonal) steps.push_back({'S', s});
  if (shift > 0) steps.push_back({'L', shift});
  if (shift < 0) steps.push_back({'F', -shift});
  return steps;
}

std::string ts_prefix(const std::vector<VarRef::TsStep>& steps) {
  auto piece = [](const VarRef::TsStep& s) {
    return s.order == 1 ? std::string(1, s.op) : fmt::format("{}{}", s.op, s.order);
  };
  std::string out;
  for (const auto& s : steps)
    if (s.op == 'L' || s.op == 'F') out += piece(s);
  for (const auto& s : steps)
    if (s.op == 'D') out += piece(s);
  for (const auto& s : steps)
    if (s.op == 'S') out += piece(s);
  return out;
}

bool parse_ts_prefix(std::string_view prefix, TsOps& ops) {
  if (prefix.empty()) return false;
  size_t at = 0;
  while (at < prefix.size()) {
    char op = static_cast<char>(std::toupper(static_cast<unsigned char>(prefix[at++])));
    if (op != 'L' && op != 'F' && op != 'D' && op != 'S') return false;
    int order = 1;
    if (at < prefix.size() && std::isdigit(static_cast<unsigned char>(prefix[at]))) {
      order = 0;
      while (at < prefix.size() && std::isdigit(static_cast<unsigned char>(prefix[at]))) {
        order = order * 10 + (prefix[at++] - '0');
        if (order > 100000) return false;
      }
    }
    ops.emplace_back(op, order);
  }
  return true;
}

}  // namespace detail

namespace {

using detail::Item;

int name_pos(const ast::VarTerm& term, const std::string& name) {
  auto at = term.text.find(name);
  return at == std::string::npos ? term.pos : term.pos + static_cast<int>(at);
}

// Every combination of the orders in `L(1/2)D(0/1).`, first operator outermost.
std::vector<detail::TsOps> ts_combinations(const std::vector<ast::TsOp>& ops) {
  std::vector<detail::TsOps> combos{{}};
  for (const auto& op : ops) {
    std::vector<int> orders = op.lags.empty() ? std::vector<int>{1} : op.lags;
    std::vector<detail::TsOps> next;
    for (const auto& combo : combos)
      for (int order : orders) {
        auto grown = combo;
        grown.emplace_back(static_cast<char>(std::toupper(static_cast<unsigned char>(op.op))),
                           order);
        next.push_back(std::move(grown));
      }
    combos = std::move(next);
  }
  return combos;
}

void require_ts(const Dataset& data, unsigned flags, int pos) {
  if (!(flags & kVlTs)) throw XtdoError(101, "time-series operators not allowed", pos);
  // Stata checks the setting when the varlist is read ([U] 11.4.4 remark 8).
  if (!data.ts.set()) throw XtdoError(111, "time variable not set, use tsset varname ...", pos);
}

VarRef make_ref(const Column& col, const std::vector<VarRef::TsStep>& steps, int pos) {
  VarRef ref;
  std::string prefix = detail::ts_prefix(steps);
  ref.name = prefix.empty() ? col.name : prefix + "." + col.name;
  ref.base = col.name;
  ref.is_string = col.is_string();
  ref.ts = steps;
  if (ref.is_string && !steps.empty())
    throw XtdoError(109, fmt::format("{}: time-series operators not allowed with string variables",
                                     col.name),
                    pos);
  return ref;
}

// A name that carries its own operator prefix (`L2.x` handed over unparsed).
bool split_ts_name(const std::string& name, std::string& var, detail::TsOps& ops) {
  auto dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  detail::TsOps parsed;
  if (!detail::parse_ts_prefix(std::string_view(name).substr(0, dot), parsed)) return false;
  var = name.substr(dot + 1);
  ops = std::move(parsed);
  return true;
}

// Names, patterns and ranges of a term, possibly with operators.
void expand_names_term(const Dataset& data, const ast::VarTerm& term, unsigned flags,
                       std::vector<Item>& items) {
  auto combos = ts_combinations(term.ts);
  if (!term.ts.empty()) require_ts(data, flags, term.pos);
  auto emit = [&](const std::vector<int>& cols, const detail::TsOps& extra, int pos) {
    // Variable-major: L(1/2).(k ys) is L.k L2.k L.ys L2.ys ([U] 11.4.4).
    for (int c : cols)
      for (const auto& combo : combos) {
        auto ops = extra;
        ops.insert(ops.end(), combo.begin(), combo.end());
        items.push_back({make_ref(data.col(c), detail::canonical_ts(ops), pos), std::nullopt});
      }
  };
  if (!term.range_to.empty()) {
    if (term.names.empty()) throw XtdoError(198, "invalid varlist", term.pos);
    emit(detail::match_range(data, term.names.front(), term.range_to, term.pos), {}, term.pos);
    return;
  }
  for (const auto& name : term.names) {
    int pos = name_pos(term, name);
    std::string var;
    detail::TsOps own;
    if (split_ts_name(name, var, own)) {
      require_ts(data, flags, pos);
      emit(detail::match_item(data, var, pos), own, pos);
    } else {
      emit(detail::match_item(data, name, pos), {}, pos);
    }
  }
}

// `(a b)` or `a` inside a factor part → the names it lists.
std::vector<std::string> part_names(const std::string& text) {
  std::string inner = text;
  if (!inner.empty() && inner.front() == '(') inner.erase(0, 1);
  if (!inner.empty() && inner.back() == ')') inner.pop_back();
  std::vector<std::string> out;
  size_t at = 0;
  while (at < inner.size()) {
    while (at < inner.size() && std::isspace(static_cast<unsigned char>(inner[at]))) ++at;
    size_t end = at;
    while (end < inner.size() && !std::isspace(static_cast<unsigned char>(inner[end]))) ++end;
    if (end > at) out.push_back(inner.substr(at, end - at));
    at = end;
  }
  return out;
}

detail::BaseSpec base_spec(const ast::FvPart& part) {
  detail::BaseSpec spec;
  using K = detail::BaseSpec::Kind;
  if (part.no_base) spec.kind = K::None;
  else if (part.base) spec = {K::Value, *part.base};
  else if (part.base_first) spec.kind = K::First;
  else if (part.base_last) spec.kind = K::Last;
  else if (part.base_freq) spec.kind = K::Freq;
  return spec;
}

// A factor-variable term: i.x, ib2.x, 2.x, c.x, a#b, i.a##c.z, i.(a b)#c.z, iL.x.
void expand_fv_term(const Dataset& data, const ast::VarTerm& term, unsigned flags,
                    std::vector<Item>& items) {
  if (!(flags & kVlFv)) throw XtdoError(101, "factor variables not allowed", term.pos);
  if (!term.ts.empty()) require_ts(data, flags, term.pos);
  const bool interaction = term.fv.size() > 1;
  for (const auto& combo : ts_combinations(term.ts)) {
    // Each part → its alternatives (several for `i.(a b)` or patterns).
    std::vector<std::vector<detail::FvComp>> parts;
    for (const auto& part : term.fv) {
      std::vector<detail::FvComp> alts;
      const bool indicator = part.kind == ast::FvPart::Kind::Indicator ||
                             (part.kind == ast::FvPart::Kind::Plain && interaction);
      for (const auto& item : part_names(part.name)) {
        int pos = name_pos(term, item);
        std::string var = item;
        detail::TsOps ops;
        if (split_ts_name(item, var, ops)) require_ts(data, flags, pos);
        ops.insert(ops.end(), combo.begin(), combo.end());
        auto steps = detail::canonical_ts(ops);
        for (int c : detail::match_item(data, var, pos)) {
          const Column& col = data.col(c);
          if (col.is_string())
            throw XtdoError(109,
                            indicator ? fmt::format("{}: string variables may not be used as "
                                                    "factor variables",
                                                    col.name)
                                      : fmt::format("string variables not allowed in varlist;\n"
                                                    "{} is a string variable",
                                                    col.name),
                            pos);
          if (indicator && std::any_of(steps.begin(), steps.end(),
                                       [](auto& s) { return s.op == 'D' || s.op == 'S'; }))
            throw XtdoError(101, "D. and S. operators may not be combined with factor variables",
                            pos);
          detail::FvComp comp;
          comp.var = col.name;
          comp.indicator = indicator;
          comp.ts = steps;
          comp.selected = !part.levels.empty();
          comp.levels = part.levels;
          std::sort(comp.levels.begin(), comp.levels.end());
          comp.levels.erase(std::unique(comp.levels.begin(), comp.levels.end()),
                            comp.levels.end());
          comp.base = base_spec(part);
          alts.push_back(std::move(comp));
        }
      }
      if (alts.empty()) throw XtdoError(198, "invalid factor-variable term", term.pos);
      parts.push_back(std::move(alts));
    }
    // Cartesian product over the parts, first part outermost: i.(a b)#c.z is
    // i.a#c.z i.b#c.z.
    std::vector<size_t> pick(parts.size(), 0);
    while (true) {
      std::vector<detail::FvComp> comps;
      for (size_t p = 0; p < parts.size(); ++p) comps.push_back(parts[p][pick[p]]);
      // `##` is every sub-interaction, by order then position: a##b##c is
      // a b c a#b a#c b#c a#b#c; repeats (c.x##c.x has x twice) are kept once.
      std::vector<std::vector<detail::FvComp>> subterms;
      if (term.fv_full) {
        const size_t k = comps.size();
        for (size_t size = 1; size <= k; ++size) {
          std::vector<size_t> idx(size);
          for (size_t c = 0; c < size; ++c) idx[c] = c;
          while (true) {
            std::vector<detail::FvComp> sub;
            for (size_t c : idx) sub.push_back(comps[c]);
            subterms.push_back(std::move(sub));
            // Next combination in lexicographic order.
            size_t c = size;
            while (c > 0 && idx[c - 1] == k - size + c - 1) --c;
            if (c == 0) break;
            ++idx[c - 1];
            for (size_t d = c; d < size; ++d) idx[d] = idx[d - 1] + 1;
          }
        }
      } else {
        subterms.push_back(comps);
      }
      std::vector<std::string> seen;
      for (auto& sub : subterms) {
        std::string key;
        for (const auto& c : sub)
          key += fmt::format("{}{}.{}#", c.indicator ? 'i' : 'c', detail::ts_prefix(c.ts), c.var);
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        if (sub.size() == 1 && !sub.front().indicator) {
          // c.x alone is just x.
          items.push_back(
              {make_ref(*data.get(sub.front().var), sub.front().ts, term.pos), std::nullopt});
        } else {
          items.push_back({std::nullopt, detail::FvTerm{std::move(sub), term.pos}});
        }
      }
      size_t p = parts.size();
      while (p > 0 && ++pick[p - 1] == parts[p - 1].size()) pick[--p] = 0;
      if (p == 0) break;
    }
  }
}

std::vector<VarRef> expand_new(const Dataset& data, std::string_view text, int base_offset) {
  std::vector<VarRef> out;
  auto add = [&](const std::string& name, int pos) {
    if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid name", name), pos);
    bool repeated = std::any_of(out.begin(), out.end(), [&](auto& r) { return r.name == name; });
    if (repeated || data.find(name) >= 0)
      throw XtdoError(110, fmt::format("variable {} already defined", name), pos);
    VarRef ref;
    ref.name = ref.base = name;
    out.push_back(std::move(ref));
  };
  size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    size_t end = at;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end == at) break;
    std::string word(text.substr(at, end - at));
    int pos = base_offset + static_cast<int>(at);
    at = end;
    auto dash = word.find('-');
    if (dash == std::string::npos) {
      add(word, pos);
      continue;
    }
    // [U] 11.4.2: new-variable lists may abbreviate v1-v4 (a common prefix, then numbers).
    std::string from = word.substr(0, dash), to = word.substr(dash + 1);
    auto prefix_len = [](const std::string& s) {
      size_t n = s.size();
      while (n > 0 && std::isdigit(static_cast<unsigned char>(s[n - 1]))) --n;
      return n;
    };
    size_t prefix = prefix_len(from);
    if (prefix == 0 || prefix == from.size() || prefix != prefix_len(to) ||
        from.compare(0, prefix, to, 0, prefix) != 0 || to.size() - prefix > 6 || from.size() - prefix > 6)
      throw XtdoError(198, fmt::format("{} invalid name", word), pos);
    int first = std::stoi(from.substr(prefix)), last = std::stoi(to.substr(prefix));
    if (last < first) throw XtdoError(198, fmt::format("{} invalid name", word), pos);
    for (int k = first; k <= last; ++k) add(from.substr(0, prefix) + std::to_string(k), pos);
  }
  return out;
}

std::vector<VarRef> expand_impl(const Dataset& data, std::string_view text, unsigned flags,
                                int base_offset, const std::vector<uint8_t>* sample) {
  std::vector<VarRef> out;
  int second_pos = base_offset;
  if (flags & kVlNew) {
    out = expand_new(data, text, base_offset);
  } else {
    auto terms = grammar::parse_varlist(text, base_offset);
    std::vector<Item> items;
    for (const auto& term : terms) {
      size_t before = items.size();
      if (!term.fv.empty()) expand_fv_term(data, term, flags, items);
      else expand_names_term(data, term, flags, items);
      if (flags & kVlNumeric)
        for (size_t i = before; i < items.size(); ++i)
          if (items[i].ref && items[i].ref->is_string)
            throw XtdoError(109,
                            fmt::format("string variables not allowed in varlist;\n{} is a "
                                        "string variable",
                                        items[i].ref->base),
                            name_pos(term, items[i].ref->base));
    }
    if (terms.size() > 1) second_pos = terms[1].pos;
    else if (!terms.empty()) second_pos = terms[0].pos;
    out = detail::expand_items(data, items, sample);
  }
  if (out.empty() && !(flags & kVlAllowEmpty)) throw XtdoError(100, "varlist required", base_offset);
  if ((flags & kVlSingle) && out.size() > 1)
    throw XtdoError(103, "too many variables specified", second_pos);
  return out;
}

}  // namespace

std::vector<VarRef> expand_varlist(const Dataset& data, std::string_view text, unsigned flags,
                                   int base_offset) {
  return expand_impl(data, text, flags, base_offset, nullptr);
}

std::vector<VarRef> expand_varlist(const Dataset& data, std::string_view text, unsigned flags,
                                   int base_offset, const std::vector<uint8_t>& sample) {
  if (sample.size() != data.nobs())
    throw XtdoError(198, "internal: sample mask does not match the number of observations");
  return expand_impl(data, text, flags, base_offset, &sample);
}

std::vector<std::string> expand_names(const Dataset& data, std::string_view text, unsigned flags,
                                      int base_offset) {
  std::vector<std::string> names;
  for (auto& ref : expand_varlist(data, text, flags & ~(kVlTs | kVlFv), base_offset))
    names.push_back(std::move(ref.name));
  return names;
}

std::string resolve_name(const Dataset& data, const std::string& name, int pos) {
  if (name.find_first_of("*?~") != std::string::npos || name == "_all")
    throw XtdoError(198, fmt::format("{} invalid name", name), pos);
  return data.col(detail::match_pattern(data, name, pos).front()).name;
}

}  // namespace xtdo
