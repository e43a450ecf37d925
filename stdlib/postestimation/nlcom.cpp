// nlcom: nonlinear combinations of the last estimates by the delta method
// ([R] nlcom): V = G V_b G' with G the Jacobian of the expressions, taken by
// central differences with one Richardson extrapolation step; z statistics.
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <set>

#include "linear_constraints.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/missing.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

// The session's view for expressions, with _b[] read from a coefficient vector
// that the derivative loop perturbs; records which coefficients were read.
class CoefEnv : public EvalEnv {
 public:
  CoefEnv(Session& session, const post::Estimates& est) : session_(session), est_(est), b_(est.b) {}
  Lookup result(char cls, const std::string& name) const override { return session_.result(cls, name); }
  std::optional<Lookup> scalar(const std::string& name) const override { return session_.scalar(name); }
  const Matrix* matrix(const std::string& name) const override { return session_.matrix(name); }
  std::mt19937_64& rng() override { return session_.rng(); }
  const std::vector<uint8_t>* e_sample() const override { return session_.e_sample(); }
  double coef(const std::string& which, const std::string& name) const override {
    const int j = post::find_coef(est_.names, name);
    if (j < 0) throw XtdoError(111, fmt::format("[{}] not found", name));
    if (which == "_se") return est_.v(j, j) > 0 ? std::sqrt(est_.v(j, j)) : missing::kSysmiss;
    used_.insert(j);
    return b_(j);
  }
  Eigen::VectorXd& b() { return b_; }
  const std::set<int>& used() const { return used_; }

 private:
  Session& session_;
  const post::Estimates& est_;
  Eigen::VectorXd b_;
  mutable std::set<int> used_;
};

struct Item {
  std::string name;
  std::string exp;
  int pos = 0;
};

// "name: exp" or "exp".
Item parse_item(const std::string& text, int pos, int index) {
  Item it;
  size_t i = text.find_first_not_of(" \t");
  size_t j = i;
  while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
  size_t k = j;
  while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
  if (i != std::string::npos && j > i && k < text.size() && text[k] == ':' &&
      !std::isdigit(static_cast<unsigned char>(text[i]))) {
    it.name = text.substr(i, j - i);
    it.exp = text.substr(k + 1);
    it.pos = pos + static_cast<int>(k + 1);
  } else {
    it.name = fmt::format("_nl_{}", index);
    it.exp = text;
    it.pos = pos;
  }
  if (it.name.size() > 32) throw XtdoError(198, fmt::format("{} invalid name", it.name), pos);
  if (util::trim(it.exp).empty()) throw XtdoError(198, "nlcom: expression required", pos);
  return it;
}

std::vector<Item> parse_items(const std::string& body, int pos) {
  std::vector<Item> items;
  const size_t first = body.find_first_not_of(" \t");
  if (first == std::string::npos) throw XtdoError(198, "nlcom: expression required", pos);
  // A list of parenthesised items when the whole line is (..) (..) ...
  bool list = body[first] == '(';
  std::vector<std::pair<size_t, size_t>> groups;
  if (list) {
    size_t i = first;
    while (i < body.size()) {
      while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
      if (i >= body.size()) break;
      if (body[i] != '(') {
        list = false;
        break;
      }
      int depth = 0;
      size_t j = i;
      for (; j < body.size(); ++j) {
        if (body[j] == '(') ++depth;
        if (body[j] == ')' && --depth == 0) break;
      }
      if (j >= body.size()) throw XtdoError(198, "unmatched parenthesis", pos + static_cast<int>(i));
      groups.emplace_back(i + 1, j);
      i = j + 1;
    }
    // `(_b[x] + 1)/2` is one expression, not a list of one item.
    if (list && groups.size() == 1) {
      const std::string inner = body.substr(groups[0].first, groups[0].second - groups[0].first);
      if (inner.find(':') == std::string::npos) list = false;
    }
  }
  if (!list) {
    items.push_back(parse_item(body, pos, 1));
    return items;
  }
  for (size_t g = 0; g < groups.size(); ++g)
    items.push_back(parse_item(body.substr(groups[g].first, groups[g].second - groups[g].first),
                               pos + static_cast<int>(groups[g].first), static_cast<int>(g) + 1));
  return items;
}

double eval_at(const ast::Expr& expr, Session& session, CoefEnv& env, const Item& item) {
  const Value v = evaluate_scalar(expr, &session.data, env);
  if (v.is_string) throw XtdoError(109, "type mismatch", item.pos);
  const double x = v.num.empty() ? missing::kSysmiss : v.num[0];
  return x;
}

}  // namespace

XTDO_COMMAND(nlcom, "nlcom", 0, "*") {
  // --- Bind
  const post::Estimates est = post::current_estimates(session);
  const post::RawLine line = post::split_raw_line(args);
  const post::RawOption* level_opt = nullptr;
  for (const post::RawOption& opt : line.options) {
    if (opt.has_arg && util::abbrev(opt.name, "level", 1))
      level_opt = &opt;
    else if (opt.name == "post" || opt.name == "iterate" || opt.name == "df" || opt.name == "noheader")
      throw XtdoError(198, fmt::format("option {} is not supported", opt.name), opt.pos);
    else
      throw XtdoError(198, fmt::format("option {} not allowed", opt.name), opt.pos);
  }
  const double level = post::raw_level(session, level_opt);
  const std::vector<Item> items = parse_items(line.body, line.body_pos);

  // --- Estimate
  const Eigen::Index k = est.b.size();
  const Eigen::Index q = static_cast<Eigen::Index>(items.size());
  Eigen::VectorXd value(q);
  Eigen::MatrixXd jac = Eigen::MatrixXd::Zero(q, k);
  for (Eigen::Index r = 0; r < q; ++r) {
    const Item& item = items[static_cast<size_t>(r)];
    ast::ExprPtr expr = grammar::parse_expression(item.exp, item.pos);
    CoefEnv env(session, est);
    value(r) = eval_at(*expr, session, env, item);
    if (missing::is_missing(value(r)) || !std::isfinite(value(r)))
      throw XtdoError(498, fmt::format("expression ({}) evaluates to missing", util::trim(item.exp)), item.pos);
    const std::set<int> used = env.used();
    for (int j : used) {
      // Central differences D(h) = (f(b + h) − f(b − h)) / 2h, refined by
      // Richardson's step (4 D(h/2) − D(h)) / 3: error O(h⁴).
      const double bj = est.b(j);
      const double h = 1e-4 * (std::fabs(bj) + 1e-4);
      auto at = [&](double step) {
        env.b()(j) = bj + step;
        const double f = eval_at(*expr, session, env, item);
        env.b()(j) = bj;
        if (missing::is_missing(f) || !std::isfinite(f))
          throw XtdoError(498, fmt::format("expression ({}) is not differentiable at the estimates",
                                           util::trim(item.exp)), item.pos);
        return f;
      };
      const double d1 = (at(h) - at(-h)) / (2 * h);
      const double d2 = (at(h / 2) - at(-h / 2)) / h;
      jac(r, j) = (4 * d2 - d1) / 3;
    }
  }
  const Eigen::MatrixXd v = jac * est.v * jac.transpose();

  // --- Display
  Console& out = session.console;
  out.println();
  for (const Item& item : items) {
    const std::string name = item.name.size() > 12 ? item.name.substr(0, 10) + "~" + item.name.back() : item.name;
    out.println(std::string(name.size() < 12 ? 12 - name.size() : 0, ' ') + name + ": " + util::trim(item.exp));
  }
  out.println();
  std::vector<post::EstimateRow> rows;
  for (Eigen::Index r = 0; r < q; ++r)
    rows.push_back({items[static_cast<size_t>(r)].name, value(r), v(r, r) > 0 ? std::sqrt(v(r, r)) : 0.0});
  post::estimate_table(session, rows, missing::kSysmiss, level);

  // --- Post
  Matrix rb(1, static_cast<int>(q)), rv(static_cast<int>(q), static_cast<int>(q));
  rb.rownames = {"y1"};
  rb.colnames.clear();
  rv.rownames.clear();
  rv.colnames.clear();
  for (Eigen::Index r = 0; r < q; ++r) {
    rb.colnames.push_back(items[static_cast<size_t>(r)].name);
    rv.rownames.push_back(items[static_cast<size_t>(r)].name);
    rv.colnames.push_back(items[static_cast<size_t>(r)].name);
    rb.at(0, static_cast<int>(r)) = value(r);
    for (Eigen::Index c = 0; c < q; ++c) rv.at(static_cast<int>(r), static_cast<int>(c)) = v(r, c);
  }
  session.r.clear();
  session.r.set_matrix("b", std::move(rb));
  session.r.set_matrix("V", std::move(rv));
  auto n = session.e.scalars.find("N");
  if (n != session.e.scalars.end()) session.r.set_scalar("N", n->second);
  session.r.set_scalar("level", level);
}

}  // namespace xtdo
