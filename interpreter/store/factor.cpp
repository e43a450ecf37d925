// Factor-variable expansion ([U] 11.4.3): levels, base levels and the cells of
// interactions, with Stata's column names (1b.a, 2.a#c.z, 0b.a#co.z, 1o.a#1b.b).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "varlist_detail.hpp"
#include "xtdo/error.hpp"

namespace xtdo::detail {

namespace {

std::string comp_key(bool indicator, const std::vector<VarRef::TsStep>& ts,
                     const std::string& var) {
  return fmt::format("{}{}.{}", indicator ? 'i' : 'c', ts_prefix(ts), var);
}

// Terms are sets of components: a#b and b#a are the same term.
std::string term_key(std::vector<std::string> comps) {
  std::sort(comps.begin(), comps.end());
  std::string key;
  for (const auto& c : comps) key += c + "#";
  return key;
}

struct Levels {
  std::vector<double> values;   // ascending
  std::vector<int64_t> counts;  // observations at each level
};

// Distinct non-missing values of a factor variable within the sample. Values must be
// non-negative integers (r(452)). Dense counting for the usual small codes keeps this
// linear in rows.
Levels collect_levels(const std::vector<double>& values, const std::vector<uint8_t>* sample,
                      const std::string& var, int pos) {
  const size_t n = values.size();
  double top = -1;
  for (size_t row = 0; row < n; ++row) {
    if (sample && !(*sample)[row]) continue;
    double v = values[row];
    if (missing::is_missing(v)) continue;
    if (v != std::floor(v))
      throw XtdoError(452,
                      fmt::format("{}:  factor variables may not contain noninteger values", var),
                      pos);
    if (v < 0)
      throw XtdoError(452,
                      fmt::format("{}:  factor variables may not contain negative values", var),
                      pos);
    top = std::max(top, v);
  }
  Levels out;
  if (top < 0) return out;
  constexpr double kDenseLimit = 1 << 22;
  if (top < kDenseLimit) {
    std::vector<int64_t> count(static_cast<size_t>(top) + 1, 0);
    for (size_t row = 0; row < n; ++row) {
      if (sample && !(*sample)[row]) continue;
      double v = values[row];
      if (!missing::is_missing(v)) ++count[static_cast<size_t>(v)];
    }
    for (size_t level = 0; level < count.size(); ++level)
      if (count[level] > 0) {
        out.values.push_back(static_cast<double>(level));
        out.counts.push_back(count[level]);
      }
    return out;
  }
  std::vector<double> sorted;
  for (size_t row = 0; row < n; ++row)
    if ((!sample || (*sample)[row]) && !missing::is_missing(values[row]))
      sorted.push_back(values[row]);
  std::sort(sorted.begin(), sorted.end());
  for (double v : sorted) {
    if (out.values.empty() || out.values.back() != v) {
      out.values.push_back(v);
      out.counts.push_back(0);
    }
    ++out.counts.back();
  }
  return out;
}

std::string level_text(double level) {
  return fmt::format("{}", static_cast<long long>(level));
}

// A component as it enters the expansion: its levels and its base (if one applies).
struct Prepared {
  const FvComp* comp = nullptr;
  std::vector<double> levels;  // one level (0) stands for a continuous component
  std::optional<double> base;
  std::string key;
};

}  // namespace

std::vector<VarRef> expand_items(const Dataset& data, const std::vector<Item>& items,
                                 const std::vector<uint8_t>* sample) {
  // Which terms the list holds; a plain variable (or L.x) is the continuous term c.x.
  std::set<std::string> present;
  std::map<std::string, BaseSpec> base_of;
  for (const auto& item : items) {
    if (item.ref) {
      if (!item.ref->is_string && item.ref->fv.empty())
        present.insert(term_key({comp_key(false, item.ref->ts, item.ref->base)}));
      continue;
    }
    std::vector<std::string> keys;
    for (const auto& comp : item.term->comps) {
      keys.push_back(comp_key(comp.indicator, comp.ts, comp.var));
      // One base per variable for the whole list: `i.sex ib3.group sex#group` uses 3
      // in the interaction too ([U] 11.4.3.2); the first explicit choice wins.
      if (comp.indicator && comp.base.kind != BaseSpec::Kind::Default && !base_of.count(comp.var))
        base_of[comp.var] = comp.base;
    }
    present.insert(term_key(keys));
  }

  std::map<std::string, Levels> level_cache;
  std::optional<TsIndex> index;
  auto levels_of = [&](const FvComp& comp, int pos) -> const Levels& {
    std::string key = comp_key(true, comp.ts, comp.var);
    auto found = level_cache.find(key);
    if (found != level_cache.end()) return found->second;
    auto values = ts_values(data, comp.var, comp.ts, index);
    return level_cache.emplace(key, collect_levels(values, sample, comp.var, pos)).first->second;
  };

  std::vector<VarRef> out;
  for (const auto& item : items) {
    if (item.ref) {
      out.push_back(*item.ref);
      continue;
    }
    const FvTerm& term = *item.term;
    // Stata names an interaction with its factor components first and its continuous
    // ones after (`c.x#i.g` is `1.g#c.x`), keeping the written order within each kind.
    std::vector<const FvComp*> ordered;
    for (const auto& comp : term.comps) ordered.push_back(&comp);
    std::stable_partition(ordered.begin(), ordered.end(), [](const FvComp* c) { return c->indicator; });
    std::vector<Prepared> prep;
    for (const FvComp* comp_ptr : ordered) {
      const FvComp& comp = *comp_ptr;
      Prepared p;
      p.comp = &comp;
      p.key = comp_key(comp.indicator, comp.ts, comp.var);
      if (!comp.indicator) {
        p.levels = {0.0};
      } else if (comp.selected) {
        // 2.x and i(1 3).x pick levels and have no base.
        for (double level : comp.levels)
          if (level < 0 || level != std::floor(level))
            throw XtdoError(198, fmt::format("invalid factor level for {}", comp.var), term.pos);
        p.levels = comp.levels;
      } else {
        const Levels& lv = levels_of(comp, term.pos);
        p.levels = lv.values;
        BaseSpec spec = base_of.count(comp.var) ? base_of[comp.var] : comp.base;
        if (!lv.values.empty()) {
          switch (spec.kind) {
            case BaseSpec::Kind::Default:
            case BaseSpec::Kind::First: p.base = lv.values.front(); break;
            case BaseSpec::Kind::Last: p.base = lv.values.back(); break;
            case BaseSpec::Kind::Freq: {
              // The most frequent level; ties go to the smallest.
              size_t best = 0;
              for (size_t l = 1; l < lv.counts.size(); ++l)
                if (lv.counts[l] > lv.counts[best]) best = l;
              p.base = lv.values[best];
              break;
            }
            case BaseSpec::Kind::Value: p.base = spec.value; break;
            case BaseSpec::Kind::None: break;
          }
        }
      }
      prep.push_back(std::move(p));
    }
    const size_t k = prep.size();
    if (std::any_of(prep.begin(), prep.end(), [](auto& p) { return p.levels.empty(); })) continue;

    // For each set of components at their base, is the term left after removing some
    // of them also in the list? Then the cell is spanned by that lower-order term (the
    // empty term is the constant) and is a base: i.a alone gives 1b.a; i.a#i.b alone
    // only 1b.a#1b.b; i.a##i.b every cell with a base component (1b.a#2o.b);
    // i.a#c.z alone every level, i.a##c.z also 1b.a#co.z.
    std::map<unsigned, bool> spanned;
    auto is_spanned = [&](unsigned at_base) {
      auto found = spanned.find(at_base);
      if (found != spanned.end()) return found->second;
      bool result = false;
      for (unsigned drop = at_base; drop != 0 && !result; drop = (drop - 1) & at_base) {
        std::vector<std::string> rest;
        for (size_t c = 0; c < k; ++c)
          if (!(drop & (1u << c))) rest.push_back(prep[c].key);
        result = rest.empty() || present.count(term_key(rest)) > 0;
      }
      spanned[at_base] = result;
      return result;
    };

    std::vector<size_t> pick(k, 0);
    while (true) {
      unsigned at_base = 0;
      for (size_t c = 0; c < k; ++c)
        if (prep[c].base && prep[c].levels[pick[c]] == *prep[c].base) at_base |= 1u << c;
      const bool base = at_base != 0 && is_spanned(at_base);
      VarRef ref;
      ref.base = ordered.front()->var;
      ref.is_base = base;
      for (size_t c = 0; c < k; ++c) {
        const FvComp& comp = *prep[c].comp;
        const std::string ops = ts_prefix(comp.ts);
        if (c > 0) ref.name += "#";
        if (comp.indicator) {
          // Only base cells carry marks (Stata reads base/omitted status off the
          // name): components at their base get `b`, the others `o`.
          const char* mark = !base ? "" : (at_base & (1u << c)) ? "b" : "o";
          ref.name += fmt::format("{}{}{}.{}", level_text(prep[c].levels[pick[c]]), mark, ops,
                                  comp.var);
        } else {
          ref.name += fmt::format("{}{}.{}", base ? "co" : "c", ops, comp.var);
        }
        VarRef::FvComponent fc;
        fc.var = comp.var;
        fc.continuous = !comp.indicator;
        fc.level = comp.indicator ? prep[c].levels[pick[c]] : 0.0;
        fc.ts = comp.ts;
        ref.fv.push_back(std::move(fc));
      }
      out.push_back(std::move(ref));
      size_t c = k;
      while (c > 0 && ++pick[c - 1] == prep[c - 1].levels.size()) pick[--c] = 0;
      if (c == 0) break;
    }
  }
  return out;
}

}  // namespace xtdo::detail
