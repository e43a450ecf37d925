// The IV varlist syntax and design matrices (see iv_design.hpp).
#include "iv_design.hpp"

#include <fmt/format.h>

#include <functional>
#include <thread>

#include "xtdo/kernel/cross.hpp"
#include "xtdo/kernel/demean.hpp"
#include "xtdo/kernel/hdfe.hpp"
#include "xtdo/kernel/ols.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::est {

IvSyntax parse_iv_syntax(const std::string& text, int pos) {
  IvSyntax out;
  const size_t open = text.find('(');
  if (open == std::string::npos) {
    // No equation: every regressor is exogenous (ivreg2 then fits OLS).
    const auto words = grammar::split_words(text);
    if (words.empty()) throw XtdoError(102, "too few variables specified", pos);
    out.depvar = words[0];
    out.exog = util::trim(text.substr(text.find(words[0]) + words[0].size()));
    return out;
  }
  int depth = 0;
  size_t close = std::string::npos;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) {
      close = i;
      break;
    }
  }
  if (close == std::string::npos) throw XtdoError(132, "too few ')' or ']'", pos);
  // The equation's parenthesis is the first one not attached to an operator such
  // as L(1/2). : the character before it is a blank or the start.
  if (open > 0 && text[open - 1] != ' ')
    throw XtdoError(198, "syntax is depvar [exog] (endog = instruments)",
                    pos + static_cast<int>(open));
  const std::string inside = text.substr(open + 1, close - open - 1);
  const size_t eq = inside.find('=');
  if (eq == std::string::npos)
    throw XtdoError(198, "= not found in the parenthesised equation", pos);
  out.endog = util::trim(inside.substr(0, eq));
  out.inst = util::trim(inside.substr(eq + 1));
  const std::string before = util::trim(text.substr(0, open));
  const std::string after = util::trim(text.substr(close + 1));
  if (after.find('(') != std::string::npos)
    throw XtdoError(198, "only one parenthesised equation is allowed", pos);
  const auto words = grammar::split_words(before);
  if (words.empty()) throw XtdoError(102, "too few variables specified", pos);
  out.depvar = words[0];
  out.exog = util::trim(before.substr(before.find(words[0]) + words[0].size()) + " " + after);
  return out;
}

namespace {

// Cross-products of the design's columns (n values each, read at rows[i] when
// `rows` is given), centred when the model has a constant (the matrix Stata's
// collinearity rule works on), in one blocked pass.
Eigen::MatrixXd design_cross(const std::vector<const double*>& x, const int64_t* rows,
                             Eigen::Index n, bool constant) {
  const auto p = static_cast<Eigen::Index>(x.size());
  auto read = [&](Eigen::Index j, Eigen::Index r0, Eigen::Index len, double* out) {
    const double* col = x[static_cast<size_t>(j)];
    if (rows) {
      for (Eigen::Index i = 0; i < len; ++i) out[i] = col[rows[r0 + i]];
    } else {
      std::copy(col + r0, col + r0 + len, out);
    }
  };
  constexpr Eigen::Index kBlock = 512;
  Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(p);
  if (constant && n > 0 && !rows) {
    for (Eigen::Index j = 0; j < p; ++j)
      mean(j) = Eigen::Map<const Eigen::VectorXd>(x[static_cast<size_t>(j)], n).mean();
  } else if (constant && n > 0) {
    double buf[kBlock];
    for (Eigen::Index j = 0; j < p; ++j) {
      double sum = 0;
      for (Eigen::Index r0 = 0; r0 < n; r0 += kBlock) {
        const Eigen::Index len = std::min(kBlock, n - r0);
        read(j, r0, len, buf);
        for (Eigen::Index i = 0; i < len; ++i) sum += buf[i];
      }
      mean(j) = sum / static_cast<double>(n);
    }
  }
  // Rows [begin, end) into `g` (lower triangle); two workers on large data.
  auto range = [&](Eigen::Index begin, Eigen::Index end, Eigen::MatrixXd& g) {
    Eigen::MatrixXd blk(kBlock, p);
    for (Eigen::Index r0 = begin; r0 < end; r0 += kBlock) {
      const Eigen::Index len = std::min(kBlock, end - r0);
      for (Eigen::Index j = 0; j < p; ++j) {
        read(j, r0, len, blk.col(j).data());
        blk.col(j).head(len).array() -= mean(j);
      }
      kernel::add_block_cross(blk, len, g);
    }
  };
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(p, p);
  if (n >= 200000) {
    Eigen::MatrixXd g2 = Eigen::MatrixXd::Zero(p, p);
    std::thread worker([&] { range(n / 2, n, g2); });
    range(0, n / 2, g);
    worker.join();
    g += g2;
  } else {
    range(0, n, g);
  }
  return g.selfadjointView<Eigen::Lower>();
}

// Columns `cols` omitted by Stata's collinearity rule when they follow `kept`
// (indices into the design's columns): flags for `cols`.
std::vector<uint8_t> collinear_after(const Eigen::MatrixXd& cross, const std::vector<int>& kept,
                                     const std::vector<int>& cols) {
  std::vector<int> idx = kept;
  idx.insert(idx.end(), cols.begin(), cols.end());
  Eigen::MatrixXd sub(static_cast<Eigen::Index>(idx.size()), static_cast<Eigen::Index>(idx.size()));
  for (size_t a = 0; a < idx.size(); ++a)
    for (size_t b = 0; b < idx.size(); ++b)
      sub(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = cross(idx[a], idx[b]);
  const std::vector<uint8_t> omitted = kernel::collinear_columns(sub);
  return std::vector<uint8_t>(omitted.begin() + static_cast<long>(kept.size()), omitted.end());
}

Eigen::MatrixXd columns(const Eigen::MatrixXd& x, const std::vector<int>& cols) {
  Eigen::MatrixXd out(x.rows(), static_cast<Eigen::Index>(cols.size()));
  for (size_t j = 0; j < cols.size(); ++j) out.col(static_cast<Eigen::Index>(j)) = x.col(cols[j]);
  return out;
}

}  // namespace

IvDesign build_iv_design(Session& session, const CallArgs& args, const IvSyntax& syntax,
                         const IvDesignOptions& options) {
  IvDesign iv;
  iv.constant = options.constant;
  const int pos = args.cmd ? args.cmd->args.pos : 0;
  const std::string combined =
      syntax.depvar + " " + syntax.endog + " " + syntax.exog + " " + syntax.inst;

  // build_design reads the varlist from the command's args and marks out missing
  // values over CallArgs::vars: hand it the combined list without the parentheses.
  ast::Command cmd = args.cmd ? *args.cmd : ast::Command{};
  cmd.args.text = combined;
  cmd.args.pos = pos;
  CallArgs cargs = args;
  cargs.cmd = &cmd;
  cargs.vars = expand_varlist(session.data, combined, kVlNumeric | kVlTs | kVlFv, pos);
  DesignOptions dopt;
  dopt.markout = options.markout;
  dopt.borrow = options.borrow && !options.materialize;
  dopt.within = options.within;
  iv.d = build_design(session, cargs, dopt);
  Design& d = iv.d;

  // Split the terms by re-expanding each group over the estimation sample.
  auto count = [&](const std::string& text) -> size_t {
    if (util::trim(text).empty()) return 0;
    return expand_varlist(session.data, text, kVlNumeric | kVlTs | kVlFv, pos, d.sample).size();
  };
  iv.n_endog = count(syntax.endog);
  iv.n_exog = count(syntax.exog);
  iv.n_inst = count(syntax.inst);
  if (iv.n_endog + iv.n_exog + iv.n_inst != d.terms.size())
    throw XtdoError(198, "could not split the varlist into its equation parts", pos);

  // Collinearity, as ivreg2 checks it: exogenous regressors among themselves (with
  // the constant), then the excluded instruments given those, then the endogenous
  // regressors given the exogenous ones.
  std::vector<int> exog, endog, inst;
  for (size_t t = 0; t < d.terms.size(); ++t) {
    const int c = d.terms[t].column;
    if (c < 0) continue;
    (t < iv.n_endog ? endog : t < iv.n_endog + iv.n_exog ? exog : inst).push_back(c);
  }
  auto drop = [&](std::vector<int>& cols, const std::vector<uint8_t>& omitted) {
    std::vector<int> kept;
    std::vector<uint8_t> flags(static_cast<size_t>(d.x.cols()), 0);
    for (size_t j = 0; j < cols.size(); ++j) {
      if (omitted[j])
        flags[static_cast<size_t>(cols[j])] = 1;
      else
        kept.push_back(cols[j]);
    }
    mark_collinear(session, d, flags);
    cols = kept;
  };
  std::vector<const double*> xcols;
  for (Eigen::Index j = 0; j < d.x.cols(); ++j)
    xcols.push_back(d.borrowed() ? d.source[static_cast<size_t>(j) + 1] : d.x.col(j).data());
  const Eigen::MatrixXd cross = design_cross(
      xcols, d.borrowed() && !d.full_sample() ? d.rows.data() : nullptr, d.n(), iv.constant);
  if (iv.constant) iv.centred_ss = cross.diagonal();
  drop(exog, collinear_after(cross, {}, exog));
  drop(inst, collinear_after(cross, exog, inst));
  drop(endog, collinear_after(cross, exog, endog));
  if (inst.size() < endog.size())
    throw XtdoError(481,
                    "equation not identified; must have at least as many instruments not in "
                    "the regression as there are instrumented variables");
  iv.endog_cols = endog;
  iv.exog_cols = exog;
  iv.inst_cols = inst;
  for (size_t t = 0; t < d.terms.size(); ++t) {
    const auto& term = d.terms[t];
    if (term.column < 0 || term.collinear) continue;
    (t < iv.n_endog               ? iv.endog_names
     : t < iv.n_endog + iv.n_exog ? iv.exog_names
                                  : iv.inst_names)
        .push_back(term.name);
  }

  if (!options.materialize) return iv;
  // √w rows: weighted least squares on transformed data (aweights rescaled to sum to N).
  Eigen::VectorXd sw;
  if (d.weights.size()) sw = kernel::normalized_weights(d.weights, d.weight_kind).cwiseSqrt();
  iv.sqrt_w = sw;
  auto weigh = [&](Eigen::MatrixXd m) {
    if (sw.size()) m = m.array().colwise() * sw.array();
    return m;
  };
  iv.data.y = sw.size() ? Eigen::VectorXd(d.y.array() * sw.array()) : d.y;
  iv.data.x1 = weigh(columns(d.x, endog));
  Eigen::MatrixXd x2(d.n(), static_cast<Eigen::Index>(exog.size()) + (iv.constant ? 1 : 0));
  x2.leftCols(static_cast<Eigen::Index>(exog.size())) = columns(d.x, exog);
  if (iv.constant) x2.rightCols(1).setOnes();
  iv.data.x2 = weigh(x2);
  iv.data.z1 = weigh(columns(d.x, inst));
  return iv;
}

namespace {

// Connected components of the bipartite graph whose edges join level a of the
// first factor to level b of the second (union-find over G1 + G2 nodes).
int32_t components(const Codes& a, const Codes& b) {
  std::vector<int32_t> parent(static_cast<size_t>(a.n_groups + b.n_groups));
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<int32_t>(i);
  auto find = [&](int32_t x) {
    while (parent[static_cast<size_t>(x)] != x) {
      parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
      x = parent[static_cast<size_t>(x)];
    }
    return x;
  };
  int32_t count = a.n_groups + b.n_groups;
  for (size_t i = 0; i < a.code.size(); ++i) {
    const int32_t ra = find(a.code[i]), rb = find(a.n_groups + b.code[i]);
    if (ra != rb) {
      parent[static_cast<size_t>(ra)] = rb;
      --count;
    }
  }
  return count;
}

}  // namespace

std::vector<uint8_t> drop_absorbed(Session& session, IvDesign& iv, const std::vector<double>& ref,
                                   const std::function<double(size_t)>& ss) {
  std::vector<uint8_t> keep(ref.size(), 1);
  size_t at = 1;
  auto group = [&](std::vector<int>& kept_cols, std::vector<std::string>& names) {
    std::vector<int> out_cols;
    std::vector<std::string> out_names;
    for (size_t j = 0; j < kept_cols.size(); ++j, ++at) {
      if (ss(at) <= 1e-9 * ref[at]) {
        session.console.println(
            fmt::format("note: {} omitted because of collinearity.", names[j]));
        for (auto& t : iv.d.terms)
          if (t.column == kept_cols[j]) t.collinear = true;
        keep[at] = 0;
        continue;
      }
      out_cols.push_back(kept_cols[j]);
      out_names.push_back(names[j]);
    }
    kept_cols = out_cols;
    names = out_names;
  };
  group(iv.endog_cols, iv.endog_names);
  group(iv.exog_cols, iv.exog_names);
  group(iv.inst_cols, iv.inst_names);
  if (iv.inst_cols.size() < iv.endog_cols.size())
    throw XtdoError(481,
                    "equation not identified; must have at least as many instruments not in "
                    "the regression as there are instrumented variables");
  return keep;
}

namespace {

// Residualise `cols` (n rows each: y, then the kept endogenous, exogenous and
// instrument columns in that order) on the factors, in place. Regressors and
// instruments with (numerically) nothing left are absorbed: omitted with Stata's
// note and removed from iv's kept columns and names. Returns a keep flag per column.
std::vector<uint8_t> absorb_columns(Session& session, IvDesign& iv,
                                    const std::vector<Codes>& factors,
                                    const std::vector<double*>& cols, Eigen::Index n,
                                    const Eigen::VectorXd& weights,
                                    const std::vector<double>& known_ref = {},
                                    std::vector<double>* deferred_ref = nullptr) {
  // Reference sums of squares (weighted, centred) to recognise absorbed columns.
  const double wsum = weights.size() ? weights.sum() : static_cast<double>(n);
  auto wss = [&](const double* col, bool centre) {
    const auto v = Eigen::Map<const Eigen::ArrayXd>(col, n);
    const double mean =
        centre ? (weights.size() ? (v * weights.array()).sum() : v.sum()) / wsum : 0.0;
    return weights.size() ? ((v - mean).square() * weights.array()).sum() : (v - mean).square().sum();
  };
  std::vector<double> ref = known_ref;
  if (ref.size() != cols.size()) {
    ref.resize(cols.size());
    for (size_t c = 0; c < cols.size(); ++c) ref[c] = wss(cols[c], true);
  }
  std::vector<kernel::FixedEffect> fe;
  for (const auto& f : factors) fe.push_back({f.code, f.n_groups});
  kernel::HdfeOptions ho;
  ho.tolerance = 1e-12;
  const kernel::HdfeResult hr = kernel::demean_hdfe(cols, n, fe, weights, ho);
  if (!hr.converged) throw XtdoError(430, "absorbing the fixed effects did not converge");
  if (deferred_ref) {
    *deferred_ref = ref;
    return std::vector<uint8_t>(cols.size(), 1);
  }
  return drop_absorbed(session, iv, ref, [&](size_t c) { return wss(cols[c], false); });
}

// Degrees of freedom (reghdfe's pairwise rule): every level is a parameter; in
// each factor after the first, as many are redundant as the most connected
// components its bipartite graph has with an earlier factor (at least one); exact
// for one or two factors.
double absorbed_dof(const std::vector<Codes>& factors) {
  double df = 0;
  for (size_t g = 0; g < factors.size(); ++g) {
    double redundant = g == 0 ? 0 : 1;
    for (size_t h = 0; h < g; ++h)
      redundant = std::max(redundant, static_cast<double>(components(factors[h], factors[g])));
    df += factors[g].n_groups - redundant;
  }
  return df;
}

}  // namespace

double absorb_iv(Session& session, IvDesign& iv, const std::vector<Codes>& factors) {
  kernel::IvData& data = iv.data;
  const Eigen::Index n = data.y.size();
  // Drop the constant column: the factors absorb it.
  Eigen::MatrixXd x2 =
      iv.constant ? Eigen::MatrixXd(data.x2.leftCols(data.x2.cols() - 1)) : data.x2;
  iv.constant = false;
  const Eigen::Index k1 = data.x1.cols(), k2 = x2.cols(), l1 = data.z1.cols();
  Eigen::MatrixXd all(n, 1 + k1 + k2 + l1);
  all << data.y, data.x1, x2, data.z1;
  // Weighted (aweights, pweights): the rows hold √w·x; the within transformation
  // works on x with weighted group means / projections, and the rows are weighted
  // again afterwards.
  const Eigen::VectorXd& sw = iv.sqrt_w;
  Eigen::VectorXd weights;
  if (sw.size()) {
    all.array().colwise() /= sw.array();
    weights = sw.array().square();
  }
  std::vector<double*> cols;
  for (Eigen::Index c = 0; c < all.cols(); ++c) cols.push_back(all.col(c).data());
  const std::vector<uint8_t> keep = absorb_columns(session, iv, factors, cols, n, weights);
  if (sw.size()) all.array().colwise() *= sw.array();
  auto kept = [&](Eigen::Index first, Eigen::Index count) {
    Eigen::Index m = 0;
    for (Eigen::Index j = 0; j < count; ++j) m += keep[static_cast<size_t>(first + j)];
    Eigen::MatrixXd out(n, m);
    for (Eigen::Index j = 0, o = 0; j < count; ++j)
      if (keep[static_cast<size_t>(first + j)]) out.col(o++) = all.col(first + j);
    return out;
  };
  data.y = all.col(0);
  data.x1 = kept(1, k1);
  data.x2 = kept(1 + k1, k2);
  data.z1 = kept(1 + k1 + k2, l1);
  return absorbed_dof(factors);
}

namespace {

// Write a borrowed design's residualised columns (y and the kept columns, absorbed
// effects subtracted, sample rows only) into d.y and d.x; it is then an ordinary
// design. Two workers over the columns on large data.
void materialize_absorbed(IvDesign& iv) {
  Design& d = iv.d;
  const int64_t n = d.n();
  const int64_t* rows = d.full_sample() ? nullptr : d.rows.data();
  std::vector<int> cols = {-1};
  for (const auto* group : {&iv.endog_cols, &iv.exog_cols, &iv.inst_cols})
    cols.insert(cols.end(), group->begin(), group->end());
  d.y.resize(n);
  const Eigen::Index width = d.x.cols();
  d.x.resize(n, width);
  auto write = [&](int c) {
    const double* src = d.source[static_cast<size_t>(c + 1)];
    double* out = c < 0 ? d.y.data() : d.x.col(c).data();
    for (int64_t i = 0; i < n; ++i) out[i] = src[rows ? rows[i] : i];
    if (iv.fe_coef.empty()) return;
    const auto& coef = iv.fe_coef[static_cast<size_t>(c + 1)];
    for (size_t f = 0; f < coef.size(); ++f) {
      const double* a = coef[f].data();
      const int32_t* code = iv.fe_code[f];
      for (int64_t i = 0; i < n; ++i) out[i] -= a[code[i]];
    }
  };
  std::thread worker;
  if (n >= 200000 && cols.size() >= 2)
    worker = std::thread([&] {
      for (size_t k = 1; k < cols.size(); k += 2) write(cols[k]);
    });
  for (size_t k = 0; k < cols.size(); k += worker.joinable() ? 2 : 1) write(cols[k]);
  if (worker.joinable()) worker.join();
  d.source.clear();
  iv.fe_coef.clear();
  iv.fe_code.clear();
}

// absorb_iv_in_place on a borrowed design: the level coefficients of the plain
// sweeps; false (nothing changed) when they mix too slowly.
bool absorb_borrowed(Session& session, IvDesign& iv, const std::vector<Codes>& factors,
                     std::vector<double>* deferred_ref) {
  Design& d = iv.d;
  const int64_t n = d.n();
  const int64_t* rows = d.full_sample() ? nullptr : d.rows.data();
  std::vector<int> design_cols = {-1};  // y, then the kept columns
  for (const auto* group : {&iv.endog_cols, &iv.exog_cols, &iv.inst_cols})
    design_cols.insert(design_cols.end(), group->begin(), group->end());
  std::vector<const double*> cols;
  for (int c : design_cols) cols.push_back(d.source[static_cast<size_t>(c + 1)]);
  std::vector<kernel::FixedEffect> fe;
  for (const auto& f : factors) fe.push_back({f.code, f.n_groups});
  kernel::HdfeOptions ho;
  ho.tolerance = 1e-12;
  kernel::HdfeCoefficients hc = kernel::hdfe_coefficients(cols, rows, n, fe, ho);
  if (!hc.complete) return false;
  if (!hc.result.converged) throw XtdoError(430, "absorbing the fixed effects did not converge");
  // Sums of squares of a column (centred, or about zero) by a pass.
  auto ss = [&](size_t k, bool centre, bool absorbed) {
    double sum = 0, sq = 0;
    for (int64_t i = 0; i < n; ++i) {
      double v = cols[k][rows ? rows[i] : i];
      if (absorbed)
        for (size_t f = 0; f < fe.size(); ++f)
          v -= hc.coef[k][f][static_cast<size_t>(fe[f].code[static_cast<size_t>(i)])];
      sum += v;
      sq += v * v;
    }
    return centre ? sq - sum * sum / static_cast<double>(n) : sq;
  };
  std::vector<double> ref;
  for (size_t k = 0; k < cols.size(); ++k)
    ref.push_back(k > 0 && iv.centred_ss.size() ? iv.centred_ss(design_cols[k])
                                                : ss(k, true, false));
  std::vector<double> after;
  if (!deferred_ref)
    for (size_t k = 0; k < cols.size(); ++k) after.push_back(ss(k, false, true));
  iv.fe_code.clear();
  for (const auto& f : factors) iv.fe_code.push_back(f.code.data());
  iv.fe_coef.assign(static_cast<size_t>(d.x.cols()) + 1, {});
  for (size_t k = 0; k < cols.size(); ++k)
    iv.fe_coef[static_cast<size_t>(design_cols[k] + 1)] = std::move(hc.coef[k]);
  if (deferred_ref) {
    *deferred_ref = ref;
  } else {
    drop_absorbed(session, iv, ref, [&](size_t c) { return after[c]; });
  }
  return true;
}

}  // namespace

double absorb_iv_in_place(Session& session, IvDesign& iv, const std::vector<Codes>& factors,
                          std::vector<double>* deferred_ref) {
  Design& d = iv.d;
  iv.constant = false;
  if (d.borrowed()) {
    double df = 0;
    std::thread dof([&] { df = absorbed_dof(factors); });
    bool done = false;
    try {
      done = absorb_borrowed(session, iv, factors, deferred_ref);
    } catch (...) {
      dof.join();
      throw;
    }
    dof.join();
    if (done) return df;
    materialize_absorbed(iv);  // the coefficients were not kept: a plain copy
  }
  std::vector<double*> cols = {d.y.data()};
  // The regressors' centred sums of squares are known from the collinearity check.
  std::vector<double> ref;
  if (iv.centred_ss.size()) {
    const auto y = Eigen::Map<const Eigen::ArrayXd>(d.y.data(), d.n());
    ref.push_back((y - y.mean()).square().sum());
  }
  for (const auto* group : {&iv.endog_cols, &iv.exog_cols, &iv.inst_cols})
    for (int c : *group) {
      cols.push_back(d.x.col(c).data());
      if (iv.centred_ss.size()) ref.push_back(iv.centred_ss(c));
    }
  // The factors' degrees of freedom (a union-find over the codes) meanwhile.
  double df = 0;
  std::thread dof([&] { df = absorbed_dof(factors); });
  try {
    absorb_columns(session, iv, factors, cols, d.n(), Eigen::VectorXd(), ref, deferred_ref);
  } catch (...) {
    dof.join();
    throw;
  }
  dof.join();
  return df;
}

double partial_iv(IvDesign& iv, const std::vector<int>& which) {
  kernel::IvData& data = iv.data;
  const Eigen::Index n = data.y.size();
  const Eigen::Index k2 = data.x2.cols() - (iv.constant ? 1 : 0);
  std::vector<Eigen::Index> out_cols, keep_cols;
  for (Eigen::Index j = 0; j < k2; ++j)
    (std::count(which.begin(), which.end(), static_cast<int>(j)) ? out_cols : keep_cols)
        .push_back(j);
  Eigen::MatrixXd p(n, static_cast<Eigen::Index>(out_cols.size()) + (iv.constant ? 1 : 0));
  for (size_t j = 0; j < out_cols.size(); ++j)
    p.col(static_cast<Eigen::Index>(j)) = data.x2.col(out_cols[j]);
  if (iv.constant) p.rightCols(1) = data.x2.rightCols(1);
  Eigen::MatrixXd x2(n, static_cast<Eigen::Index>(keep_cols.size()));
  for (size_t j = 0; j < keep_cols.size(); ++j)
    x2.col(static_cast<Eigen::Index>(j)) = data.x2.col(keep_cols[j]);
  if (p.cols() > 0) {
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(p);
    auto resid = [&](const Eigen::MatrixXd& a) -> Eigen::MatrixXd {
      return a.cols() ? Eigen::MatrixXd(a - p * qr.solve(a)) : a;
    };
    data.y = resid(data.y);
    data.x1 = resid(data.x1);
    x2 = resid(x2);
    data.z1 = resid(data.z1);
  }
  data.x2 = x2;
  std::vector<int> cols;
  std::vector<std::string> names;
  for (Eigen::Index j : keep_cols) {
    cols.push_back(iv.exog_cols[static_cast<size_t>(j)]);
    names.push_back(iv.exog_names[static_cast<size_t>(j)]);
  }
  // Partialled terms (and the bases of partialled factor variables) leave e(b).
  iv.unposted.assign(iv.d.terms.size(), 0);
  std::vector<std::string> vars;
  for (Eigen::Index j : out_cols) {
    const int col = iv.exog_cols[static_cast<size_t>(j)];
    for (size_t t = 0; t < iv.d.terms.size(); ++t)
      if (iv.d.terms[t].column == col) {
        iv.unposted[t] = 1;
        if (!iv.d.terms[t].ref.fv.empty()) vars.push_back(iv.d.terms[t].ref.base);
      }
  }
  for (size_t t = 0; t < iv.d.terms.size(); ++t)
    if (iv.d.terms[t].column < 0 && !iv.d.terms[t].ref.fv.empty() &&
        std::count(vars.begin(), vars.end(), iv.d.terms[t].ref.base))
      iv.unposted[t] = 1;
  iv.exog_cols = cols;
  iv.exog_names = names;
  const double count = static_cast<double>(p.cols());
  iv.constant = false;
  return count;
}

void post_iv_coefficients(Session& session, const IvDesign& iv, const Eigen::VectorXd& coef,
                          const Eigen::MatrixXd& v) {
  // Map IvData order to the design's kernel order (columns of d.x, then _cons)
  // and post over the endogenous and exogenous terms only.
  // A design with the terms only (no data: post_coefficients reads the terms and
  // the number of columns).
  Design d;
  d.x.resize(0, iv.d.x.cols());
  for (size_t t = 0; t < iv.n_endog + iv.n_exog; ++t)
    if (iv.unposted.empty() || !iv.unposted[t]) d.terms.push_back(iv.d.terms[t]);
  const Eigen::Index p = d.x.cols();
  std::vector<Eigen::Index> to;
  for (int c : iv.endog_cols) to.push_back(c);
  for (int c : iv.exog_cols) to.push_back(c);
  if (iv.constant) to.push_back(p);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(p + 1);
  Eigen::MatrixXd vv = Eigen::MatrixXd::Zero(p + 1, p + 1);
  for (size_t r = 0; r < to.size(); ++r) {
    b(to[r]) = coef(static_cast<Eigen::Index>(r));
    for (size_t c = 0; c < to.size(); ++c)
      vv(to[r], to[c]) = v(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
  }
  post_coefficients(session, d, b, vv, iv.constant);
}

IvNumbers::IvNumbers(IvDesign& iv, const kernel::IvMeat& meat, bool moments)
    : iv_(iv), meat_(meat) {
  if (!moments) return;
  // Reading through the row index and subtracting absorbed effects costs little once
  // (W'W and the per-cluster sums in one pass) but adds up when every meat is a pass
  // over the rows (robust, two-way or many-cluster meats): then the columns are
  // written out once.
  if (iv.d.borrowed() && (!iv.fe_coef.empty() || !iv.d.full_sample())) {
    const double p =
        1.0 +
        static_cast<double>(iv.endog_cols.size() + iv.exog_cols.size() + iv.inst_cols.size()) +
        (iv.constant ? 1 : 0);
    const bool tensor =
        meat.kind == kernel::IvMeat::Kind::kCluster && meat.cluster.size() == 1 &&
        static_cast<double>(meat.n_clusters[0]) * p <= static_cast<double>(iv.d.n());
    if (meat.kind != kernel::IvMeat::Kind::kIid && !tensor) materialize_absorbed(iv);
  }
  kernel::IvColumns c;
  const Design& d = iv.d;
  c.n = d.n();
  // Column j of the design (-1 = y): the data set's own when borrowed.
  auto column = [&](int j) {
    if (d.borrowed()) return d.source[static_cast<size_t>(j + 1)];
    return j < 0 ? d.y.data() : d.x.col(j).data();
  };
  std::vector<int> order = {-1};
  for (const auto* group : {&iv.endog_cols, &iv.exog_cols, &iv.inst_cols})
    order.insert(order.end(), group->begin(), group->end());
  c.y = column(-1);
  for (int j : iv.endog_cols) c.x1.push_back(column(j));
  for (int j : iv.exog_cols) c.x2.push_back(column(j));
  for (int j : iv.inst_cols) c.z1.push_back(column(j));
  c.constant = iv.constant;
  if (d.borrowed() && !d.full_sample()) c.rows = d.rows.data();
  if (!iv.fe_coef.empty()) {
    c.fe_code = iv.fe_code;
    for (int j : order) {
      std::vector<const double*> per_factor;
      for (const auto& a : iv.fe_coef[static_cast<size_t>(j + 1)]) per_factor.push_back(a.data());
      c.fe_coef.push_back(std::move(per_factor));
    }
  }
  m_.emplace(c, meat);
}

kernel::IvFit IvNumbers::fit(const kernel::IvOptions& o) {
  if (!m_) {
    kernel::IvFit f = kernel::iv_fit(iv_.data, o);
    resid_ = f.resid;
    first_resid_ = f.first_step_resid;
    return f;
  }
  return kernel::iv_fit(*m_, m_->roles(), o, &resid_, &first_resid_);
}

kernel::IvIdentification IvNumbers::identification() const {
  return m_ ? kernel::iv_identification(*m_, m_->roles())
            : kernel::iv_identification(iv_.data, meat_);
}

kernel::IvOverid IvNumbers::overid() const {
  return m_ ? kernel::iv_overid(*m_, m_->roles(), j_resid())
            : kernel::iv_overid(iv_.data, j_resid(), meat_);
}

kernel::IvAndersonRubin IvNumbers::anderson_rubin() const {
  return m_ ? kernel::iv_anderson_rubin(*m_, m_->roles())
            : kernel::iv_anderson_rubin(iv_.data, meat_);
}

kernel::IvOverid IvNumbers::endog_test(const std::vector<int>& suspect) const {
  return m_ ? kernel::iv_endog_test(*m_, m_->roles(), suspect)
            : kernel::iv_endog_test(iv_.data, suspect, meat_);
}

kernel::IvOverid IvNumbers::orthog_test(const std::vector<int>& excl,
                                        const std::vector<int>& incl) const {
  return m_ ? kernel::iv_orthog_test(*m_, m_->roles(), j_resid(), excl, incl)
            : kernel::iv_orthog_test(iv_.data, j_resid(), excl, incl, meat_);
}

kernel::IvFirstStage IvNumbers::first_stage() const {
  return m_ ? kernel::iv_first_stage(*m_, m_->roles()) : kernel::iv_first_stage(iv_.data, meat_);
}

double IvNumbers::column_ss(size_t c) const {
  Eigen::VectorXd e = Eigen::VectorXd::Zero(m_->p());
  e(static_cast<Eigen::Index>(c)) = 1;
  return m_->ss(e);
}

kernel::IvFit IvNumbers::first_stage_fit(int j) const {
  kernel::IvOptions o;
  o.meat = meat_;
  o.small = true;
  if (m_) {
    const kernel::IvRoles& r = m_->roles();
    kernel::IvRoles first;
    first.y = j < 0 ? r.y : r.x1[static_cast<size_t>(j)];
    first.x2 = r.z1;
    first.x2.insert(first.x2.end(), r.x2.begin(), r.x2.end());
    return kernel::iv_fit(*m_, first, o, nullptr, nullptr);
  }
  const kernel::IvData& d = iv_.data;
  kernel::IvData data;
  data.y = j < 0 ? d.y : Eigen::VectorXd(d.x1.col(j));
  data.x1.resize(d.y.size(), 0);
  data.z1.resize(d.y.size(), 0);
  data.x2.resize(d.y.size(), d.z1.cols() + d.x2.cols());
  data.x2 << d.z1, d.x2;
  return kernel::iv_fit(data, o);
}

double IvNumbers::stock_wright() const {
  const double n = static_cast<double>(iv_.d.n());
  const double dm = meat_.dofminus;
  const bool cluster = meat_.kind == kernel::IvMeat::Kind::kCluster;
  if (m_) {
    const kernel::IvRoles& r = m_->roles();
    std::vector<int> zi = r.z1;
    zi.insert(zi.end(), r.x2.begin(), r.x2.end());
    const Eigen::MatrixXd z = m_->select(zi), x2 = m_->select(r.x2);
    Eigen::VectorXd e = m_->select({r.y}).col(0);
    if (x2.cols() > 0) e -= x2 * m_->cross(x2, x2).ldlt().solve(m_->cross(x2, e));
    const Eigen::VectorXd g = m_->cross(z, e);
    if (meat_.kind == kernel::IvMeat::Kind::kIid)
      return (n - dm) * g.dot(m_->cross(z, z).ldlt().solve(g)) / m_->ss(e);
    return g.dot(m_->meat(z, e).ldlt().solve(g)) * (cluster ? 1.0 : (n - dm) / n);
  }
  const kernel::IvData& d = iv_.data;
  Eigen::MatrixXd z(d.y.size(), d.z1.cols() + d.x2.cols());
  z << d.z1, d.x2;
  Eigen::VectorXd e = d.y;
  if (d.x2.cols() > 0) e -= d.x2 * d.x2.colPivHouseholderQr().solve(d.y);
  const Eigen::VectorXd g = z.transpose() * e;
  if (meat_.kind == kernel::IvMeat::Kind::kIid)
    return (n - dm) * g.dot((z.transpose() * z).ldlt().solve(g)) / e.squaredNorm();
  return g.dot(kernel::iv_omega(z, e, meat_).ldlt().solve(g)) * (cluster ? 1.0 : (n - dm) / n);
}

std::pair<double, double> IvNumbers::total_ss() const {
  if (m_) {
    const Eigen::MatrixXd sy = m_->select({0});
    const double yss = m_->ss(sy.col(0));
    const double ybar = m_->mean(0);
    if (iv_.constant) {
      Eigen::VectorXd c = sy.col(0);
      c(m_->roles().x2.back()) = -ybar;
      return {yss, m_->ss(c)};
    }
    return {yss, yss - m_->n() * ybar * ybar};
  }
  const Eigen::VectorXd& yw = iv_.data.y;
  // y is √w·y, so ȳ = Σ√w·y*/Σw.
  const Eigen::VectorXd one =
      iv_.sqrt_w.size() ? iv_.sqrt_w : Eigen::VectorXd(Eigen::VectorXd::Ones(yw.size()));
  return {yw.squaredNorm(), (yw - yw.dot(one) / one.squaredNorm() * one).squaredNorm()};
}

}  // namespace xtdo::est
