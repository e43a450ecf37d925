// collapse: replace the data by one observation per by-group holding summary
// statistics — mean, median, p1-p99, sd, semean, sum, count, min, max, first, last,
// iqr, percent ... — with aweights, fweights, iweights and pweights ([D] collapse,
// formulas and storage types as collapse.ado 6.2 computes them).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "combine_util.hpp"
#include "data_common.hpp"
#include "key_codes.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

enum class Stat {
  Mean,
  Sd,
  Semean,
  Sebinomial,
  Sepoisson,
  Sum,
  Rawsum,
  Count,
  Percent,
  Max,
  Min,
  Iqr,
  First,
  Last,
  Firstnm,
  Lastnm,
  Pctile
};

struct Target {
  std::string name;
  std::string source;
  Stat stat = Stat::Mean;
  int pct = 0;            ///< for Pctile
  std::string stat_text;  ///< as the variable label shows it: "mean", "p 50"
};

/// `(stat)` words, with collapse's abbreviations (sem, seb, sep).
bool parse_stat(const std::string& word, Target& t) {
  static const std::vector<std::tuple<const char*, size_t, Stat>> table = {
      {"mean", 4, Stat::Mean},
      {"sd", 2, Stat::Sd},
      {"semean", 3, Stat::Semean},
      {"sebinomial", 3, Stat::Sebinomial},
      {"sepoisson", 3, Stat::Sepoisson},
      {"sum", 3, Stat::Sum},
      {"rawsum", 6, Stat::Rawsum},
      {"count", 5, Stat::Count},
      {"percent", 7, Stat::Percent},
      {"max", 3, Stat::Max},
      {"min", 3, Stat::Min},
      {"iqr", 3, Stat::Iqr},
      {"first", 5, Stat::First},
      {"last", 4, Stat::Last},
      {"firstnm", 7, Stat::Firstnm},
      {"lastnm", 6, Stat::Lastnm}};
  for (const auto& [full, min, stat] : table)
    if (util::abbrev(word, full, min)) {
      t.stat = stat;
      t.stat_text = full;
      return true;
    }
  std::string p = word == "median" ? "p50" : word;
  if (p.size() >= 2 && p.size() <= 3 && p[0] == 'p' &&
      std::all_of(p.begin() + 1, p.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int v = std::atoi(p.c_str() + 1);
    if (v >= 1 && v <= 99 && p[1] != '0') {
      t.stat = Stat::Pctile;
      t.pct = v;
      t.stat_text = fmt::format("p {}", v);
      return true;
    }
  }
  return false;
}

/// The clist: `[(stat)] [newvar=]varname ... [(stat) ...]`; mean when no stat is given.
std::vector<Target> parse_clist(const Dataset& data, const std::string& text, int base) {
  std::vector<Target> out;
  Target cur;
  cur.stat_text = "mean";
  size_t i = 0;
  auto skip = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  auto word = [&] {
    size_t b = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '=' && text[i] != '(')
      ++i;
    return text.substr(b, i - b);
  };
  while (skip(), i < text.size()) {
    const int at = base + static_cast<int>(i);
    if (text[i] == '(') {
      size_t close = text.find(')', i);
      if (close == std::string::npos) throw XtdoError(198, "unmatched parenthesis", at);
      std::string w = util::lower(util::trim(text.substr(i + 1, close - i - 1)));
      if (!parse_stat(w, cur)) throw XtdoError(198, fmt::format("({}) invalid statistic", w), at);
      i = close + 1;
      continue;
    }
    std::string tok = word();
    if (tok.empty()) throw XtdoError(198, "invalid syntax", at);
    skip();
    if (i < text.size() && text[i] == '=') {
      ++i;
      skip();
      const int src_at = base + static_cast<int>(i);
      std::string src = word();
      if (src.empty()) throw XtdoError(198, "invalid syntax", src_at);
      if (!valid_name(tok)) throw XtdoError(198, fmt::format("{} invalid name", tok), at);
      Target t = cur;
      t.name = tok;
      t.source = resolve_name(data, src, src_at);
      out.push_back(t);
      continue;
    }
    for (const auto& name : expand_names(data, tok, 0, at)) {
      Target t = cur;
      t.name = t.source = name;
      out.push_back(t);
    }
  }
  if (out.empty()) throw XtdoError(198, "invalid syntax", base);
  return out;
}

/// Per-group results of one statistic over the included rows.
struct Groups {
  const std::vector<int32_t>& code;
  int64_t ng;
  const std::vector<double>* w;  ///< weights (null = unweighted)
  std::string wtype;
};

bool missing_at(const Column& c, size_t r) {
  return c.is_string() ? c.str[r].empty() : missing::is_missing(c.num[r]);
}

/// Weighted percentile over sorted (x, w) pairs, as collapse's _p computes it with
/// weights normalised to the number of observations.
double percentile(std::vector<std::pair<double, double>>& xw, int p) {
  if (xw.empty()) return missing::kSysmiss;
  std::sort(xw.begin(), xw.end());
  double total = 0;
  for (const auto& e : xw) total += e.second;
  const double scale = static_cast<double>(xw.size()) / total;
  const double g = static_cast<double>(xw.size()) * p / 100.0;
  double cum = 0, prev = -1;
  for (size_t i = 0; i < xw.size(); ++i) {
    cum += xw[i].second * scale;
    if (cum - g > 1e-6) {
      if (i == 0 || !(g - prev <= 1e-6)) return xw[i].first;
      return (xw[i - 1].first + xw[i].first) / 2;
    }
    prev = cum;
  }
  return xw.back().first;
}

std::vector<double> compute(const Target& t, const Column& x, const Groups& G,
                            const std::vector<uint8_t>& touse, const data::CodeOrder& order) {
  const int64_t ng = G.ng;
  const size_t n = x.num.size();
  const bool aw = G.wtype == "aweight";
  auto wt = [&](size_t r) { return G.w ? (*G.w)[r] : 1.0; };
  std::vector<double> out(static_cast<size_t>(ng), missing::kSysmiss);
  // Counts, sums of weights and weighted sums over nonmissing values.
  std::vector<double> cnt(ng, 0), sw(ng, 0), swx(ng, 0);
  auto moments = [&] {
    for (size_t r = 0; r < n; ++r) {
      if (!touse[r] || missing::is_missing(x.num[r])) continue;
      const int32_t g = G.code[r];
      cnt[g] += 1;
      sw[g] += wt(r);
      swx[g] += wt(r) * x.num[r];
    }
  };
  auto mean_of = [&](int64_t g) { return sw[g] != 0 ? swx[g] / sw[g] : missing::kSysmiss; };
  // sum of w~ (x - m)^2, with aweights normalised to the group's count
  auto dev2 = [&] {
    std::vector<double> d(ng, 0);
    for (size_t r = 0; r < n; ++r) {
      if (!touse[r] || missing::is_missing(x.num[r])) continue;
      const int32_t g = G.code[r];
      double w = aw ? wt(r) * cnt[g] / sw[g] : wt(r);
      double e = x.num[r] - swx[g] / sw[g];
      d[g] += w * e * e;
    }
    return d;
  };
  auto sd_of = [&](const std::vector<double>& d, int64_t g) {
    double denom = (aw ? cnt[g] : sw[g]) - 1;
    if (sw[g] == 0 || denom <= 0) return missing::kSysmiss;
    return missing::clean(std::sqrt(d[g] / denom));
  };
  switch (t.stat) {
    case Stat::Mean:
      moments();
      for (int64_t g = 0; g < ng; ++g) out[g] = mean_of(g);
      break;
    case Stat::Sum:
    case Stat::Rawsum:
      moments();
      if (t.stat == Stat::Rawsum || !G.w) {
        std::fill(swx.begin(), swx.end(), 0);
        for (size_t r = 0; r < n; ++r)
          if (touse[r] && !missing::is_missing(x.num[r])) swx[G.code[r]] += x.num[r];
        for (int64_t g = 0; g < ng; ++g) out[g] = swx[g];
      } else {
        for (int64_t g = 0; g < ng; ++g)
          out[g] = aw ? (sw[g] != 0 ? swx[g] * cnt[g] / sw[g] : 0) : swx[g];
      }
      break;
    case Stat::Count:
      moments();
      for (int64_t g = 0; g < ng; ++g) out[g] = (!G.w || aw) ? cnt[g] : sw[g];
      break;
    case Stat::Percent: {
      moments();
      double total = 0;
      for (int64_t g = 0; g < ng; ++g) total += G.w ? sw[g] : cnt[g];
      for (int64_t g = 0; g < ng; ++g)
        out[g] = missing::clean((G.w ? sw[g] : cnt[g]) / total * 100);
      break;
    }
    case Stat::Sd:
    case Stat::Semean: {
      moments();
      std::vector<double> d = dev2();
      for (int64_t g = 0; g < ng; ++g) {
        double sd = sd_of(d, g);
        if (t.stat == Stat::Semean && !missing::is_missing(sd)) {
          double obs = G.wtype == "fweight" ? sw[g] : cnt[g];
          sd = missing::clean(sd / std::sqrt(obs));
        }
        out[g] = sd;
      }
      break;
    }
    case Stat::Sebinomial:
    case Stat::Sepoisson: {
      moments();
      std::vector<uint8_t> bad(ng, 0);
      for (size_t r = 0; r < n; ++r) {
        if (!touse[r] || missing::is_missing(x.num[r])) continue;
        double v = x.num[r];
        if (t.stat == Stat::Sebinomial ? (v != 0 && v != 1) : v < 0) bad[G.code[r]] = 1;
      }
      for (int64_t g = 0; g < ng; ++g) {
        if (bad[g] || sw[g] == 0) continue;
        double m = swx[g] / sw[g], obs = sw[g];
        if (t.stat == Stat::Sebinomial) {
          out[g] = missing::clean(std::sqrt(m * (1 - m) / obs));
        } else {
          double k = std::floor(m * obs + 0.5);
          out[g] = missing::clean(std::sqrt(k) / obs);
        }
      }
      break;
    }
    case Stat::Min:
    case Stat::Max:
      for (int64_t g = 0; g < ng; ++g) {
        double best = missing::kSysmiss;
        bool any = false;
        double worst_missing = missing::kSysmiss;
        bool any_missing = false;
        for (int64_t k = order.start[g]; k < order.start[g + 1]; ++k) {
          double v = x.num[order.rows[k]];
          if (missing::is_missing(v)) {
            // All missing: min gives the smallest missing value, max the largest.
            if (!any_missing || (t.stat == Stat::Min ? v < worst_missing : v > worst_missing))
              worst_missing = v;
            any_missing = true;
            continue;
          }
          if (!any || (t.stat == Stat::Min ? v < best : v > best)) best = v;
          any = true;
        }
        out[g] = any ? best : worst_missing;
      }
      break;
    case Stat::Pctile:
    case Stat::Iqr: {
      std::vector<std::pair<double, double>> xw;
      for (int64_t g = 0; g < ng; ++g) {
        auto fill = [&] {
          xw.clear();
          for (int64_t k = order.start[g]; k < order.start[g + 1]; ++k) {
            size_t r = order.rows[k];
            if (!missing::is_missing(x.num[r])) xw.emplace_back(x.num[r], wt(r));
          }
        };
        fill();
        if (t.stat == Stat::Pctile) {
          out[g] = percentile(xw, t.pct);
        } else {
          double p75 = percentile(xw, 75), p25 = percentile(xw, 25);
          out[g] = missing::is_missing(p75) ? missing::kSysmiss : p75 - p25;
        }
      }
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace

XTDO_COMMAND(collapse, "collapse", 0, "*") {
  Dataset& data = session.data;
  // --- Bind: the clist by hand, if/in/weights/options through the binder.
  ast::Command cmd = *args.cmd;
  grammar::parse_command_body(cmd);
  std::vector<Target> targets = parse_clist(data, cmd.args.text, cmd.args.pos);
  CommandInfo info{"collapse", 0, "[if] [in] [aw fw iw pw] [, BY(string) CW FAST]", nullptr};
  CallArgs bound;
  bound.cmd = &cmd;
  bound.info = &info;
  cmd.args.text.clear();
  bind_args(session, info, cmd, bound);
  std::vector<std::string> by;
  if (auto b = bound.get("by")) by = expand_names(data, *b, 0, bound.option_pos("by"));
  for (size_t a = 0; a < targets.size(); ++a)
    for (size_t b = a + 1; b < targets.size(); ++b)
      if (targets[a].name == targets[b].name)
        throw XtdoError(
            198, fmt::format("error:\n       {} = ({}) {}\n       {} = ({}) {}\nname conflict",
                             targets[a].name, targets[a].stat_text, targets[a].source,
                             targets[b].name, targets[b].stat_text, targets[b].source));
  for (const auto& t : targets)
    if (std::find(by.begin(), by.end(), t.name) != by.end())
      throw XtdoError(198, fmt::format("{} may not be both target and by()", t.name));
  const std::string wtype = bound.weight_type;
  for (const auto& t : targets) {
    const Column& x = *data.get(t.source);
    bool str_ok = t.stat == Stat::First || t.stat == Stat::Last || t.stat == Stat::Firstnm ||
                  t.stat == Stat::Lastnm;
    if (x.is_string() && !str_ok) throw XtdoError(109, "type mismatch");
    auto refuse = [&](const char* w) {
      throw XtdoError(135, fmt::format("{} not allowed with {}s", t.stat_text, w));
    };
    if ((t.stat == Stat::Sd || t.stat == Stat::Semean) && wtype == "pweight") refuse("pweight");
    if (t.stat == Stat::Semean && wtype == "iweight") refuse("iweight");
    if ((t.stat == Stat::Sebinomial || t.stat == Stat::Sepoisson) && !wtype.empty() &&
        wtype != "fweight")
      refuse(wtype.c_str());
  }

  // --- Sample: if/in, positive nonmissing weights, and under cw complete cases.
  const size_t n = data.nobs();
  std::vector<uint8_t> touse = bound.sample(session, false);
  std::optional<std::vector<double>> w;
  if (bound.weight_exp) {
    EvalContext ctx;
    ctx.data = &data;
    ctx.env = &session;
    Value v = evaluate(*bound.weight_exp, ctx);
    for (size_t r = 0; r < n; ++r) {
      if (!touse[r]) continue;
      if (v.num[r] < 0) throw XtdoError(402, "negative weights encountered");
      if (v.num[r] == 0) touse[r] = 0;
      if (wtype == "fweight" && v.num[r] != std::floor(v.num[r]))
        throw XtdoError(401, "may not use noninteger frequency weights");
    }
    w = std::move(v.num);
  }
  if (bound.has("cw"))
    for (const auto& t : targets) {
      const Column& x = *data.get(t.source);
      for (size_t r = 0; r < n; ++r)
        if (missing_at(x, r)) touse[r] = 0;
    }
  if (std::none_of(touse.begin(), touse.end(), [](uint8_t u) { return u != 0; }))
    throw XtdoError(2000, "no observations");

  // --- Estimate: group codes once (sorted by the by-variables), then each target.
  data::KeyCodes kc = data::key_codes(data, by, &touse);
  data::CodeOrder order = data::order_by_code(kc.a, kc.ngroups);
  Groups G{kc.a, kc.ngroups, w ? &*w : nullptr, wtype};
  Dataset out;
  out.value_labels = data.value_labels;
  out.label = data.label;
  const StorageType dflt = data::default_numeric_type(session);
  auto first_rows = [&](bool last, bool nonmissing, const Column& c) {
    std::vector<int32_t> rows(static_cast<size_t>(kc.ngroups), -1);
    for (int64_t g = 0; g < kc.ngroups; ++g) {
      int64_t b = order.start[g], e = order.start[g + 1];
      int32_t pick = last ? order.rows[e - 1] : order.rows[b];
      if (nonmissing) {
        for (int64_t k = b; k < e; ++k) {
          int32_t r = order.rows[last ? e - 1 - (k - b) : k];
          if (!missing_at(c, static_cast<size_t>(r))) {
            pick = r;
            break;
          }
        }
      }
      rows[g] = pick;
    }
    return rows;
  };
  for (const auto& c : data.columns())
    if (std::find(by.begin(), by.end(), c->name) != by.end()) {
      std::vector<int32_t> rows = first_rows(false, false, *c);
      if (c->is_string())
        combine::add_string_like(out, *c, combine::gather_str(*c, rows), c->type, c->str_width);
      else
        combine::add_numeric_like(out, *c, combine::gather_num(*c, rows), c->type);
    }
  bool aw_count_note = false;
  for (const auto& t : targets) {
    const Column& x = *data.get(t.source);
    Column meta;
    meta.name = t.name;
    meta.format = x.format;
    meta.label = fmt::format("({}) {}", t.stat_text, t.source);
    meta.type = x.type;
    meta.str_width = x.str_width;
    if (t.stat == Stat::First || t.stat == Stat::Last || t.stat == Stat::Firstnm ||
        t.stat == Stat::Lastnm) {
      bool last = t.stat == Stat::Last || t.stat == Stat::Lastnm;
      bool nm = t.stat == Stat::Firstnm || t.stat == Stat::Lastnm;
      std::vector<int32_t> rows = first_rows(last, nm, x);
      if (x.is_string())
        combine::add_string_like(out, meta, combine::gather_str(x, rows), x.type, x.str_width);
      else
        combine::add_numeric_like(out, meta, combine::gather_num(x, rows), x.type);
      continue;
    }
    StorageType type;
    switch (t.stat) {
      case Stat::Sum:
      case Stat::Rawsum:
      case Stat::Percent:
        type = StorageType::Double;
        break;
      case Stat::Count:
        type = (wtype.empty() || wtype == "aweight") ? StorageType::Long : StorageType::Double;
        aw_count_note = aw_count_note || wtype == "aweight";
        break;
      case Stat::Min:
      case Stat::Max:
        type = x.type;
        break;
      default:  // mean-like: double for double or long sources, else the default type
        type = (x.type == StorageType::Double || x.type == StorageType::Long) ? StorageType::Double
                                                                              : dflt;
    }
    combine::add_numeric_like(out, meta, compute(t, x, G, touse, order), type);
  }
  out.sortedby = by;
  combine::keep_ts_if_present(out, data.ts);
  out.changed = true;
  session.data = std::move(out);

  // --- Display
  if (aw_count_note) session.console.println("(note: aweights not used to compute counts)");
}

}  // namespace xtdo
