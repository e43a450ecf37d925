// The estimation sample and design matrix shared by regress, xtreg, areg and the
// later linear estimators (see design.hpp).
#include "design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <thread>

#include "xtdo/eval.hpp"
#include "xtdo/kernel/groups.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::est {

namespace {

kernel::WeightKind weight_kind_of(const std::string& type) {
  if (type == "aweight") return kernel::WeightKind::kAnalytic;
  if (type == "fweight") return kernel::WeightKind::kFrequency;
  if (type == "pweight") return kernel::WeightKind::kProbability;
  if (type == "iweight") return kernel::WeightKind::kImportance;
  return kernel::WeightKind::kNone;
}

// One component of an e(b) name with the omitted mark added: "x" → "o.x",
// "L.x" → "oL.x", "2.region" → "2o.region", "c.x" → "co.x". Base components
// ("1b.region") and components already marked keep their name.
std::string omit_component(const std::string& comp) {
  const size_t dot = comp.find('.');
  if (dot == std::string::npos) return "o." + comp;
  const std::string ops = comp.substr(0, dot);
  if (ops.find('b') != std::string::npos || ops.find('o') != std::string::npos) return comp;
  if (!ops.empty() && std::isdigit(static_cast<unsigned char>(ops[0]))) {
    size_t digits = 0;
    while (digits < ops.size() && std::isdigit(static_cast<unsigned char>(ops[digits]))) ++digits;
    return ops.substr(0, digits) + "o" + comp.substr(digits);
  }
  if (ops == "c") return "co" + comp.substr(dot);
  return "o" + comp;
}

}  // namespace

std::string Term::colname() const {
  if (!collinear) return name;
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t hash = name.find('#', start);
    out += omit_component(
        name.substr(start, hash == std::string::npos ? std::string::npos : hash - start));
    if (hash == std::string::npos) break;
    out += '#';
    start = hash + 1;
  }
  return out;
}

Design build_design(Session& session, const CallArgs& args, const DesignOptions& options) {
  const Dataset& data = session.data;
  const size_t nobs = data.nobs();
  Design d;

  // --- Sample: if/in/by and missing values in the varlist; weights are checked
  // separately so that negative weights are an error rather than marked out.
  CallArgs unweighted = args;
  unweighted.weight_exp = nullptr;
  d.sample = unweighted.sample(session, true, false);
  for (const auto& var : options.markout) {
    const Column* c = data.get(var);
    if (!c) throw XtdoError(111, fmt::format("variable {} not found", var));
    if (c->is_string()) {
      for (size_t row = 0; row < nobs; ++row)
        if (c->str[row].empty()) d.sample[row] = 0;
    } else {
      const double* v = c->num.data();
      for (size_t row = 0; row < nobs; ++row)
        if (missing::is_missing(v[row])) d.sample[row] = 0;
    }
  }
  if (options.within)
    for (size_t row = 0; row < nobs; ++row)
      if (!(*options.within)[row]) d.sample[row] = 0;
  std::vector<double> wall;
  if (args.weight_exp) {
    d.weight_type = args.weight_type;
    d.weight_kind = weight_kind_of(args.weight_type);
    d.weight_exp =
        "= " + util::trim(args.cmd && args.cmd->weight_exp ? args.cmd->weight_exp->text : "");
    EvalContext ctx;
    ctx.data = &data;
    ctx.env = &session;
    Value w = evaluate(*args.weight_exp, ctx);
    if (w.is_string) throw XtdoError(109, "type mismatch", args.weight_exp->pos);
    wall = std::move(w.num);
    for (size_t row = 0; row < nobs; ++row) {
      if (!d.sample[row]) continue;
      const double v = wall[row];
      if (missing::is_missing(v) || v == 0) {
        d.sample[row] = 0;  // [U] 11.1.6: missing and zero weights are excluded
        continue;
      }
      if (v < 0 && d.weight_kind != kernel::WeightKind::kImportance)
        throw XtdoError(402, "negative weights encountered");
      if (d.weight_kind == kernel::WeightKind::kFrequency && v != std::floor(v))
        throw XtdoError(401, "may not use noninteger frequency weights");
    }
  }
  d.rows.reserve(static_cast<size_t>(std::count(d.sample.begin(), d.sample.end(), uint8_t{1})));
  for (size_t row = 0; row < nobs; ++row)
    if (d.sample[row]) d.rows.push_back(static_cast<int64_t>(row));
  if (d.rows.empty()) throw XtdoError(2000, "no observations");

  // --- Terms, re-expanded over the sample so factor levels and bases are the
  // sample's ([U] 11.4.3.2: the base is the smallest level present).
  const std::string text = args.cmd ? args.cmd->args.text : std::string();
  const int pos = args.cmd ? args.cmd->args.pos : 0;
  std::vector<VarRef> refs = expand_varlist(data, text, kVlNumeric | kVlTs | kVlFv, pos, d.sample);
  if (refs.empty()) throw XtdoError(100, "varlist required");
  if (!refs.front().fv.empty()) throw XtdoError(198, "depvar may not be a factor variable", pos);

  const int64_t n = d.n();
  // Written straight into the destination column (no temporary of N).
  auto gather = [&](const VarRef& ref, double* col) {
    if (ref.plain()) {
      const double* v = data.get(ref.base)->num.data();
      if (static_cast<size_t>(n) == nobs) {
        std::copy(v, v + n, col);  // every row is in the sample
        return;
      }
      for (int64_t i = 0; i < n; ++i) col[i] = v[d.rows[static_cast<size_t>(i)]];
    } else {
      std::vector<double> full = materialize(data, ref);
      for (int64_t i = 0; i < n; ++i) col[i] = full[static_cast<size_t>(d.rows[static_cast<size_t>(i)])];
    }
  };
  d.depvar = refs.front().name;

  int columns = 0;
  for (size_t k = 1; k < refs.size(); ++k) {
    Term t;
    t.name = refs[k].name;
    t.ref = refs[k];
    t.base = refs[k].is_base;
    t.user_omitted = refs[k].is_omitted;
    if (!t.base && !t.user_omitted) t.column = columns++;
    d.terms.push_back(std::move(t));
  }
  bool all_plain = refs.front().plain() && wall.empty();
  for (const auto& t : d.terms) all_plain = all_plain && (t.column < 0 || t.ref.plain());
  if (options.borrow && all_plain) {
    d.x.resize(0, columns);
    d.source.assign(static_cast<size_t>(columns) + 1, nullptr);
    d.source[0] = data.get(refs.front().base)->num.data();
    for (const auto& t : d.terms)
      if (t.column >= 0)
        d.source[static_cast<size_t>(t.column) + 1] = data.get(t.ref.base)->num.data();
    return d;
  }
  d.y.resize(n);
  gather(refs.front(), d.y.data());
  d.x.resize(n, columns);
  // Plain variables are copied on two workers when the data are large (filling fresh
  // memory is mostly page faults, which proceed in parallel); the rest here.
  std::vector<const Term*> plain, other;
  for (const auto& t : d.terms)
    if (t.column >= 0) (t.ref.plain() ? plain : other).push_back(&t);
  std::thread worker;
  if (n >= 200000 && plain.size() >= 2)
    worker = std::thread([&] {
      for (size_t k = 1; k < plain.size(); k += 2) gather(plain[k]->ref, d.x.col(plain[k]->column).data());
    });
  for (size_t k = 0; k < plain.size(); k += worker.joinable() ? 2 : 1)
    gather(plain[k]->ref, d.x.col(plain[k]->column).data());
  for (const Term* t : other) gather(t->ref, d.x.col(t->column).data());
  if (worker.joinable()) worker.join();

  if (!wall.empty()) {
    d.weights.resize(n);
    for (int64_t i = 0; i < n; ++i) d.weights(i) = wall[static_cast<size_t>(d.rows[i])];
  }
  return d;
}

Codes codes_of(const Dataset& data, const std::string& var, const std::vector<int64_t>& rows) {
  const Column* c = data.get(var);
  if (!c) throw XtdoError(111, fmt::format("variable {} not found", var));
  Codes out;
  if (!c->is_string()) {
    // Rows are ascending and distinct: all of them means the column as it is.
    std::vector<double> values;
    if (rows.size() != c->num.size()) {
      values.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) values[i] = c->num[static_cast<size_t>(rows[i])];
    }
    kernel::GroupCodes g = kernel::encode_groups(
        rows.size() == c->num.size() ? std::span<const double>(c->num) : std::span<const double>(values));
    out.code = std::move(g.code);
    out.n_groups = g.n_groups;
    return out;
  }
  std::map<std::string, int32_t> index;
  for (int64_t row : rows) index.emplace(c->str[static_cast<size_t>(row)], 0);
  int32_t next = 0;
  for (auto& [key, code] : index) code = next++;
  out.n_groups = next;
  out.code.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i)
    out.code[i] = index[c->str[static_cast<size_t>(rows[i])]];
  return out;
}

void mark_collinear(Session& session, Design& design, const std::vector<uint8_t>& omitted_columns) {
  for (auto& t : design.terms) {
    if (t.column < 0 || !omitted_columns[static_cast<size_t>(t.column)]) continue;
    t.collinear = true;
    session.console.println(fmt::format("note: {} omitted because of collinearity.", t.name));
  }
}

VceSpec parse_vce(Session& session, const CallArgs& args, const std::vector<std::string>& allowed) {
  VceSpec spec;
  auto allow = [&](const std::string& kind) {
    if (std::find(allowed.begin(), allowed.end(), kind) == allowed.end())
      throw XtdoError(198, fmt::format("vcetype '{}' not allowed", kind), args.option_pos("vce"));
  };
  if (auto v = args.get("vce")) {
    std::vector<std::string> words;
    for (const auto& w : grammar::split_words(*v)) words.push_back(w);
    if (words.empty()) throw XtdoError(198, "option vce() misspecified", args.option_pos("vce"));
    const std::string kind = util::lower(words[0]);
    if (kind == "ols") {
      allow("ols");
      spec.kind = VceSpec::Kind::kOls;
    } else if (util::abbrev(kind, "unadjusted", 2)) {
      allow("unadjusted");
      spec.kind = VceSpec::Kind::kOls;
    } else if (util::abbrev(kind, "conventional", 4)) {
      allow("conventional");
      spec.kind = VceSpec::Kind::kOls;
    } else if (util::abbrev(kind, "robust", 1)) {
      allow("robust");
      spec.kind = VceSpec::Kind::kRobust;
    } else if (kind == "hc2") {
      allow("hc2");
      spec.kind = VceSpec::Kind::kHC2;
    } else if (kind == "hc3") {
      allow("hc3");
      spec.kind = VceSpec::Kind::kHC3;
    } else if (util::abbrev(kind, "cluster", 2)) {
      allow("cluster");
      if (words.size() != 2)
        throw XtdoError(198,
                        words.size() < 2 ? "option vce(cluster) requires a variable name"
                                         : "option vce() misspecified",
                        args.option_pos("vce"));
      spec.kind = VceSpec::Kind::kCluster;
      spec.clustvar = resolve_name(session.data, words[1], args.option_pos("vce"));
    } else {
      throw XtdoError(198, fmt::format("vcetype '{}' not allowed", words[0]),
                      args.option_pos("vce"));
    }
  }
  if (args.has("robust")) {
    allow("robust");
    if (spec.kind == VceSpec::Kind::kDefault) spec.kind = VceSpec::Kind::kRobust;
  }
  if (auto c = args.get("cluster")) {
    allow("cluster");
    spec.kind = VceSpec::Kind::kCluster;
    spec.clustvar = resolve_name(session.data, util::trim(*c), args.option_pos("cluster"));
  }
  return spec;
}

double confidence_level(Session& session, const CallArgs& args) {
  double level = 95;
  auto it = session.settings.find("level");
  if (it != session.settings.end()) level = std::strtod(it->second.c_str(), nullptr);
  if (args.get("level")) level = args.number("level");
  if (!(level >= 10 && level <= 99.99))
    throw XtdoError(198, "level() must be between 10 and 99.99 inclusive",
                    args.option_pos("level"));
  return level;
}

void post_coefficients(Session& session, const Design& design, const Eigen::VectorXd& coef,
                       const Eigen::MatrixXd& v, bool constant) {
  std::vector<std::string> names;
  std::vector<int> source;  // index into coef/v, or -1 for a zero
  for (const auto& t : design.terms) {
    names.push_back(t.colname());
    source.push_back(t.column);
  }
  if (constant) {
    names.push_back("_cons");
    source.push_back(static_cast<int>(design.x.cols()));
  }
  const int k = static_cast<int>(names.size());
  Matrix b(1, k), vm(k, k);
  b.rownames = {"y1"};
  b.colnames = names;
  vm.rownames = names;
  vm.colnames = names;
  for (int r = 0; r < k; ++r) {
    if (source[r] >= 0) b.at(0, r) = coef(source[r]);
    for (int c = 0; c < k; ++c)
      if (source[r] >= 0 && source[c] >= 0) vm.at(r, c) = v(source[r], source[c]);
  }
  session.e.set_matrix("b", std::move(b));
  session.e.set_matrix("V", std::move(vm));
}

void post_sample(Session& session, const Design& design) {
  session.e.set_macro("depvar", design.depvar);
  if (!design.weight_type.empty()) {
    session.e.set_macro("wtype", design.weight_type);
    session.e.set_macro("wexp", design.weight_exp);
  }
  session.set_esample(design.sample);
}

std::string abbrev(const std::string& name, size_t width) {
  if (name.size() <= width || width < 3) return name;
  return name.substr(0, width - 2) + "~" + name.back();
}

}  // namespace xtdo::est
