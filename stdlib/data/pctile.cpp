// xtile, pctile and _pctile: quantile categories, a variable of percentiles, and
// percentiles posted in r(r1), r(r2), ... ([D] pctile), with Stata's default
// percentile definition (quantile.cpp) or altdef.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "data_common.hpp"
#include "quantile.hpp"
#include "stat_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// The text of `=exp` as typed (for the variable labels xtile and pctile write).
std::string exp_text(const CallArgs& args) {
  const std::string& a = args.cmd->args.text;
  size_t eq = a.find('=');
  return eq == std::string::npos ? std::string() : util::trim(a.substr(eq + 1));
}

/// `exp` over all rows (numeric), or r(109). A plain numeric variable is read in
/// place rather than copied (the common `xtile q = x`).
const std::vector<double>& eval_numeric(Session& session, const CallArgs& args,
                                        std::vector<double>& holder) {
  if (args.exp->kind == ast::ExprKind::Name) {
    const Column* col = session.data.get(args.exp->text);
    if (col && !col->is_string()) return col->num;
  }
  EvalContext ctx;
  ctx.data = &session.data;
  ctx.env = &session;
  Value v = evaluate(*args.exp, ctx);
  if (v.is_string) throw XtdoError(109, "type mismatch", args.exp_pos);
  holder = std::move(v.num);
  return holder;
}

/// Non-missing values in the sample, with their weights (empty when unweighted).
void collect(const std::vector<double>& x, const stat::WeightedSample& s, std::vector<double>& vals,
             std::vector<double>& wts) {
  for (size_t row = 0; row < x.size(); ++row) {
    if (!s.touse[row] || missing::is_missing(x[row])) continue;
    vals.push_back(x[row]);
    if (!s.w.empty()) wts.push_back(s.w[row]);
  }
}

void check_altdef(const CallArgs& args) {
  if (args.has("altdef") && args.weight_exp)
    throw XtdoError(198, "altdef option cannot be used with weights", args.option_pos("altdef"));
}

int64_t count(const std::vector<uint8_t>& mask) {
  int64_t n = 0;
  for (uint8_t m : mask) n += m != 0;
  return n;
}

/// The storage type of a new numeric variable: the one typed before its name, else
/// `fallback`.
StorageType new_type(const CallArgs& args, StorageType fallback) {
  StorageType t = fallback;
  int width = 0;
  if (!args.newtype.empty()) {
    parse_storage(args.newtype, t, width);
    if (t == StorageType::Str || t == StorageType::StrL) throw XtdoError(109, "type mismatch");
  }
  return t;
}

}  // namespace

// xtile newvar = exp [if] [in] [weight] [, nquantiles(#) cutpoints(varname) altdef]
// Category = 1 + the number of cutpoints strictly below the value: x <= c_1 is 1,
// c_1 < x <= c_2 is 2, ... Tied cutpoints skip categories, as Stata's xtile does.
XTDO_COMMAND(xtile, "xtile", 0,
             "newvarname =exp [if] [in] [aweight fweight pweight] "
             "[, Nquantiles(integer) Cutpoints(string) ALTdef]") {
  Dataset& data = session.data;
  // --- Bind
  const std::string name = args.newvars.at(0);
  check_altdef(args);
  const bool has_nq = args.has("nquantiles");
  const bool has_cut = args.has("cutpoints");
  if (has_nq && has_cut)
    throw XtdoError(198, "both nquantiles() and cutpoints() cannot be specified",
                    args.option_pos("cutpoints"));
  int64_t nq = has_nq ? static_cast<int64_t>(args.number("nquantiles")) : 2;
  std::string cutvar;
  if (has_cut) {
    cutvar = resolve_name(data, util::trim(*args.get("cutpoints")), args.option_pos("cutpoints"));
    if (data.get(cutvar)->is_string())
      throw XtdoError(109, "type mismatch", args.option_pos("cutpoints"));
  }
  if (has_nq && nq < 2)
    throw XtdoError(198, "nquantiles() must be greater than or equal to 2",
                    args.option_pos("nquantiles"));

  // --- Sample: the nquantiles() limit counts if/in/weight rows, missing values included.
  stat::WeightedSample s = stat::weighted_sample(session, args, false);
  if (has_nq && nq > count(s.touse) + 1)
    throw XtdoError(198,
                    "nquantiles() must be less than or equal to number of observations plus one",
                    args.option_pos("nquantiles"));
  std::vector<double> holder;
  const std::vector<double>& x = eval_numeric(session, args, holder);
  std::vector<double> vals, wts;
  collect(x, s, vals, wts);
  if (vals.empty()) throw XtdoError(2000, "no observations");

  // --- Cutpoints
  std::vector<double> cuts;
  if (has_cut) {
    for (double c : data.get(cutvar)->num)
      if (!missing::is_missing(c)) cuts.push_back(c);
    if (cuts.empty()) throw XtdoError(2000, "cutpoints() all missing");
    std::sort(cuts.begin(), cuts.end());
  } else {
    cuts = quantile::percentiles(vals, wts, quantile::nquantile_percents(static_cast<int>(nq)),
                                 args.has("altdef"));
    std::sort(cuts.begin(), cuts.end());
  }

  // --- Categories
  const size_t n = data.nobs();
  std::vector<double> cat(n, missing::kSysmiss);
  for (size_t row = 0; row < n; ++row) {
    if (!s.touse[row] || missing::is_missing(x[row])) continue;
    cat[row] = 1.0 + static_cast<double>(std::lower_bound(cuts.begin(), cuts.end(), x[row]) -
                                         cuts.begin());
  }
  double top = static_cast<double>(cuts.size() + 1);
  StorageType type = new_type(args, top <= 100     ? StorageType::Byte
                                    : top <= 32740 ? StorageType::Int
                                                   : StorageType::Long);
  for (double& v : cat) v = data::to_storage(type, v);
  Column& col = data.add_numeric(name, std::move(cat), type);
  col.label = has_cut ? fmt::format("{} categorized by {}", exp_text(args), cutvar)
                      : fmt::format("{} quantiles of {}", nq, exp_text(args));
}

// pctile [type] newvar = exp [if] [in] [weight] [, nquantiles(#) genp(newvar) altdef]
// The k - 1 percentiles 100 j / k go into the first k - 1 observations of newvar.
XTDO_COMMAND(pctile, "pctile", 0,
             "newvarname =exp [if] [in] [aweight fweight pweight] "
             "[, Nquantiles(integer 2) Genp(string) ALTdef]") {
  Dataset& data = session.data;
  // --- Bind
  const std::string name = args.newvars.at(0);
  check_altdef(args);
  int64_t nq = static_cast<int64_t>(args.number("nquantiles"));
  if (nq < 2)
    throw XtdoError(198, "nquantiles() must be greater than or equal to 2",
                    args.option_pos("nquantiles"));
  if (nq > static_cast<int64_t>(data.nobs()) + 1)
    throw XtdoError(198,
                    "nquantiles() must be less than or equal to number of observations plus one",
                    args.option_pos("nquantiles"));
  std::string genp;
  if (args.has("genp")) {
    auto words = grammar::split_words(*args.get("genp"));
    if (words.size() != 1)
      throw XtdoError(198, "only one variable allowed in genp()", args.option_pos("genp"));
    genp = words[0];
    if (!valid_name(genp))
      throw XtdoError(198, fmt::format("{} invalid name", genp), args.option_pos("genp"));
    if (data.find(genp) >= 0 || genp == name)
      throw XtdoError(110, fmt::format("variable {} already defined", genp),
                      args.option_pos("genp"));
  }
  StorageType type = new_type(args, data::default_numeric_type(session));

  // --- Sample and percentiles
  stat::WeightedSample s = stat::weighted_sample(session, args, false);
  std::vector<double> holder;
  const std::vector<double>& x = eval_numeric(session, args, holder);
  std::vector<double> vals, wts;
  collect(x, s, vals, wts);
  if (vals.empty()) throw XtdoError(2000, "no observations");
  std::vector<double> q = quantile::percentiles(
      vals, wts, quantile::nquantile_percents(static_cast<int>(nq)), args.has("altdef"));

  // --- Store
  const size_t n = data.nobs();
  std::vector<double> out(n, missing::kSysmiss), pcts(n, missing::kSysmiss);
  for (size_t k = 0; k < q.size(); ++k) {
    out[k] = data::to_storage(type, q[k]);
    pcts[k] = round_to_float(100.0 * static_cast<double>(k + 1) / static_cast<double>(nq));
  }
  data.add_numeric(name, std::move(out), type).label =
      fmt::format("percentiles of {}", exp_text(args));
  if (!genp.empty())
    data.add_numeric(genp, std::move(pcts), StorageType::Float).label =
        fmt::format("percentages for {}", name);
}

// _pctile varname [if] [in] [weight] [, percentiles(numlist) | nquantiles(#) altdef]
XTDO_COMMAND(_pctile, "_pctile", 0,
             "varname(numeric) [if] [in] [aweight fweight pweight] "
             "[, Percentiles(string) Nquantiles(integer) ALTdef]") {
  // --- Bind
  check_altdef(args);
  std::vector<quantile::Percent> pcts;
  if (args.has("percentiles") && args.has("nquantiles"))
    throw XtdoError(198, "options percentiles() and nquantiles() may not be combined",
                    args.option_pos("nquantiles"));
  if (args.has("percentiles")) {
    std::string text = *args.get("percentiles");
    std::replace(text.begin(), text.end(), ',', ' ');
    std::vector<double> list = grammar::parse_numlist(text);
    if (list.empty())
      throw XtdoError(198, "percentiles() required", args.option_pos("percentiles"));
    if (list.size() > 4096)
      throw XtdoError(198, "too many percentiles requested", args.option_pos("percentiles"));
    for (double p : list) {
      if (!(p >= 0 && p <= 100))
        throw XtdoError(198, "percentiles() must be between 0 and 100",
                        args.option_pos("percentiles"));
      pcts.push_back(quantile::percent_of(p));
    }
  } else {
    int64_t nq = args.has("nquantiles") ? static_cast<int64_t>(args.number("nquantiles")) : 2;
    if (nq < 2)
      throw XtdoError(198, "nquantiles() must be greater than or equal to 2",
                      args.option_pos("nquantiles"));
    if (nq > 4097)
      throw XtdoError(198, "nquantiles() must be less than or equal to 4097",
                      args.option_pos("nquantiles"));
    pcts = quantile::nquantile_percents(static_cast<int>(nq));
  }

  // --- Sample
  stat::WeightedSample s = stat::weighted_sample(session, args, true);
  std::vector<double> holder;
  const std::vector<double>& x = stat::numeric_values(session.data, args.vars.at(0), holder);
  std::vector<double> vals, wts;
  collect(x, s, vals, wts);
  if (vals.empty()) throw XtdoError(2000, "no observations");

  // --- Post
  std::vector<double> q = quantile::percentiles(vals, wts, pcts, args.has("altdef"));
  session.r.clear();
  for (size_t k = 0; k < q.size(); ++k) session.r.set_scalar(fmt::format("r{}", k + 1), q[k]);
}

}  // namespace xtdo
