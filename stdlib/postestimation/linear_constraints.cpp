// Coefficient names, linear expressions and the Wald test for test/lincom/nlcom.
#include "linear_constraints.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "../display/coef_table.hpp"
#include "xtdo/distributions.hpp"
#include "xtdo/missing.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::post {

Estimates current_estimates(const Session& session) {
  auto bit = session.e.matrices.find("b");
  auto vit = session.e.matrices.find("V");
  if (bit == session.e.matrices.end() || vit == session.e.matrices.end())
    throw XtdoError(301, "last estimates not found");
  const Matrix& b = bit->second;
  const Matrix& v = vit->second;
  Estimates out;
  out.names = b.colnames;
  const int k = b.cols;
  out.b.resize(k);
  out.v.resize(k, k);
  for (int j = 0; j < k; ++j) {
    out.b(j) = b.at(0, j);
    for (int i = 0; i < k; ++i) out.v(i, j) = v.at(i, j);
  }
  return out;
}

namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '#';
}

// Recursive descent over + - * / ( ) with numbers and coefficient references.
class LinearParser {
 public:
  LinearParser(const std::string& text, const std::vector<std::string>& names, int pos)
      : text_(text), names_(names), base_(pos) {}

  LinearForm parse() {
    LinearForm f = expr();
    skip();
    if (at_ < text_.size()) fail(198, fmt::format("invalid syntax near '{}'", text_.substr(at_)));
    return f;
  }

 private:
  const std::string& text_;
  const std::vector<std::string>& names_;
  int base_;
  size_t at_ = 0;

  [[noreturn]] void fail(int rc, const std::string& msg) {
    throw XtdoError(rc, msg, base_ + static_cast<int>(at_));
  }
  void skip() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  LinearForm zero() const {
    LinearForm f;
    f.coef = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(names_.size()));
    return f;
  }
  static bool is_constant(const LinearForm& f) { return (f.coef.array() == 0).all(); }

  LinearForm expr() {
    LinearForm f = term();
    while (true) {
      skip();
      if (at_ >= text_.size() || (text_[at_] != '+' && text_[at_] != '-')) return f;
      const char op = text_[at_++];
      LinearForm g = term();
      if (op == '+') {
        f.coef += g.coef;
        f.constant += g.constant;
      } else {
        f.coef -= g.coef;
        f.constant -= g.constant;
      }
    }
  }

  LinearForm term() {
    LinearForm f = unary();
    while (true) {
      skip();
      if (at_ >= text_.size() || (text_[at_] != '*' && text_[at_] != '/')) return f;
      const char op = text_[at_++];
      LinearForm g = unary();
      if (op == '*') {
        if (is_constant(f)) {
          g.coef *= f.constant;
          g.constant *= f.constant;
          f = g;
        } else if (is_constant(g)) {
          f.coef *= g.constant;
          f.constant *= g.constant;
        } else {
          fail(198, "expression is not linear in the coefficients");
        }
      } else {
        if (!is_constant(g)) fail(198, "expression is not linear in the coefficients");
        if (g.constant == 0) fail(198, "division by zero in linear expression");
        f.coef /= g.constant;
        f.constant /= g.constant;
      }
    }
  }

  LinearForm unary() {
    skip();
    if (at_ < text_.size() && (text_[at_] == '-' || text_[at_] == '+')) {
      const bool neg = text_[at_++] == '-';
      LinearForm f = unary();
      if (neg) {
        f.coef = -f.coef;
        f.constant = -f.constant;
      }
      return f;
    }
    return primary();
  }

  LinearForm coefficient(const std::string& name, size_t where) {
    const int j = find_coef(names_, name);
    if (j < 0) throw XtdoError(111, fmt::format("{} not found", name), base_ + static_cast<int>(where));
    LinearForm f = zero();
    f.coef(j) = 1;
    return f;
  }

  LinearForm primary() {
    skip();
    if (at_ >= text_.size()) fail(198, "invalid syntax: expression expected");
    const char c = text_[at_];
    if (c == '(') {
      ++at_;
      LinearForm f = expr();
      skip();
      if (at_ >= text_.size() || text_[at_] != ')') fail(198, "unmatched parenthesis");
      ++at_;
      return f;
    }
    const size_t start = at_;
    // _b[name] / _coef[name]
    for (const char* tag : {"_b[", "_coef["}) {
      const size_t len = std::char_traits<char>::length(tag);
      if (text_.compare(at_, len, tag) == 0) {
        const size_t close = text_.find(']', at_ + len);
        if (close == std::string::npos) fail(198, "unmatched bracket");
        const std::string name = util::trim(text_.substr(at_ + len, close - at_ - len));
        at_ = close + 1;
        return coefficient(name, start);
      }
    }
    if (!name_char(c)) fail(198, fmt::format("invalid syntax near '{}'", text_.substr(at_)));
    while (at_ < text_.size() && name_char(text_[at_])) ++at_;
    const std::string word = text_.substr(start, at_ - start);
    char* end = nullptr;
    const double num = std::strtod(word.c_str(), &end);
    if (end && *end == '\0' && !word.empty() && word.find('#') == std::string::npos) {
      LinearForm f = zero();
      f.constant = num;
      return f;
    }
    return coefficient(word, start);
  }
};

}  // namespace

LinearForm parse_linear(const std::string& text, const std::vector<std::string>& names, int pos) {
  return LinearParser(text, names, pos).parse();
}

std::string constraint_text(const Eigen::VectorXd& coef, double rhs,
                            const std::vector<std::string>& names) {
  std::string out;
  for (Eigen::Index j = 0; j < coef.size(); ++j) {
    const double c = coef(j);
    if (c == 0) continue;
    const double mag = std::fabs(c);
    const std::string term = mag == 1 ? names[static_cast<size_t>(j)]
                                      : format_default(mag) + "*" + names[static_cast<size_t>(j)];
    if (out.empty())
      out = c < 0 ? "- " + term : term;
    else
      out += (c < 0 ? " - " : " + ") + term;
  }
  if (out.empty()) out = "0";
  return out + " = " + format_default(rhs == 0 ? 0.0 : rhs);
}

WaldTest wald(const Eigen::MatrixXd& r_mat, const Eigen::VectorXd& r_vec, const Estimates& est) {
  WaldTest out;
  const Eigen::MatrixXd rvr = r_mat * est.v * r_mat.transpose();
  const Eigen::VectorXd diff = r_mat * est.b - r_vec;
  const Eigen::Index q = r_mat.rows();
  // In-order Cholesky of R V R' that skips rows dependent on the rows kept before
  // them (pivot below 1e-12 of the row's own variance), as syminv drops them.
  std::vector<Eigen::Index> kept;
  Eigen::MatrixXd l = Eigen::MatrixXd::Zero(q, q);
  for (Eigen::Index i = 0; i < q; ++i) {
    const double diag = rvr(i, i);
    Eigen::VectorXd row(static_cast<Eigen::Index>(kept.size()));
    for (size_t a = 0; a < kept.size(); ++a) {
      double s = rvr(i, kept[a]);
      for (size_t c = 0; c < a; ++c) s -= l(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(c)) * row(static_cast<Eigen::Index>(c));
      row(static_cast<Eigen::Index>(a)) = s / l(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(a));
    }
    const double pivot = diag - row.squaredNorm();
    if (!(diag > 0) || !(pivot > 1e-12 * diag)) {
      out.dropped.push_back(static_cast<int>(i) + 1);
      continue;
    }
    const Eigen::Index a = static_cast<Eigen::Index>(kept.size());
    for (Eigen::Index c = 0; c < a; ++c) l(a, c) = row(c);
    l(a, a) = std::sqrt(pivot);
    kept.push_back(i);
  }
  const Eigen::Index m = static_cast<Eigen::Index>(kept.size());
  out.df = static_cast<int>(m);
  if (m == 0) return out;
  Eigen::VectorXd d(m);
  for (Eigen::Index a = 0; a < m; ++a) d(a) = diff(kept[static_cast<size_t>(a)]);
  const Eigen::VectorXd z = l.topLeftCorner(m, m).triangularView<Eigen::Lower>().solve(d);
  out.chi2 = z.squaredNorm();
  return out;
}

RawLine split_raw_line(const CallArgs& args) {
  RawLine out;
  const std::string& text = args.cmd ? args.cmd->rest.text : std::string();
  const int base = args.cmd ? args.cmd->rest.pos : 0;
  int depth = 0;
  size_t comma = std::string::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == ',' && depth == 0) {
      comma = i;
      break;
    }
  }
  out.body = text.substr(0, comma);
  out.body_pos = base;
  if (comma == std::string::npos) return out;
  size_t i = comma + 1;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    RawOption opt;
    opt.pos = base + static_cast<int>(i);
    const size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '(') ++i;
    opt.name = util::lower(text.substr(start, i - start));
    if (i < text.size() && text[i] == '(') {
      int d = 0;
      const size_t open = i;
      for (; i < text.size(); ++i) {
        if (text[i] == '(') ++d;
        if (text[i] == ')' && --d == 0) break;
      }
      if (i >= text.size()) throw XtdoError(198, "unmatched parenthesis in options", opt.pos);
      opt.arg = text.substr(open + 1, i - open - 1);
      opt.has_arg = true;
      ++i;
    }
    out.options.push_back(opt);
  }
  return out;
}

double raw_level(const Session& session, const RawOption* opt) {
  double level = 95;
  auto it = session.settings.find("level");
  if (it != session.settings.end()) level = std::strtod(it->second.c_str(), nullptr);
  if (opt) {
    char* end = nullptr;
    const std::string text = util::trim(opt->arg);
    level = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || level < 10 || level > 99.99)
      throw XtdoError(198, "level() must be between 10 and 99.99 inclusive", opt->pos);
  }
  return level;
}

std::vector<EstimateTableResult> estimate_table(Session& session, const std::vector<EstimateRow>& rows,
                                                double df, double level) {
  const bool use_t = !missing::is_missing(df);
  const double alpha = 1 - level / 100.0;
  const double crit = use_t ? dist::invttail(df, alpha / 2) : dist::invnormal(1 - alpha / 2);
  auto depvar = session.e.macros.find("depvar");
  std::string dep = depvar == session.e.macros.end() ? std::string() : depvar->second;
  if (dep.size() > 12) dep = dep.substr(0, 10) + "~" + dep.back();
  auto pad = [](const std::string& s, size_t w) {
    return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
  };
  auto g9 = [](double v) { return format_number(v, "%9.0g"); };
  Console& out = session.console;
  const std::string rule(78, '-');
  out.println(rule);
  out.println(pad(dep, 12) + " | Coefficient  Std. err." +
              (use_t ? "      t    P>|t|" : "      z    P>|z|") +
              pad(fmt::format("[{}% conf. interval]", format_default(level)), 25));
  out.println(std::string(13, '-') + "+" + std::string(64, '-'));
  std::vector<EstimateTableResult> results;
  for (const EstimateRow& row : rows) {
    EstimateTableResult r;
    r.stat = row.se > 0 ? row.estimate / row.se : missing::kSysmiss;
    r.p = missing::is_missing(r.stat) ? missing::kSysmiss
          : use_t                     ? 2 * dist::ttail(df, std::fabs(r.stat))
                                      : 2 * dist::normal(-std::fabs(r.stat));
    r.lb = row.se > 0 ? row.estimate - crit * row.se : missing::kSysmiss;
    r.ub = row.se > 0 ? row.estimate + crit * row.se : missing::kSysmiss;
    std::string label = row.label.size() > 12 ? row.label.substr(0, 10) + "~" + row.label.back() : row.label;
    out.println(pad(label, 12) + " |  " + g9(row.estimate) + "  " +
                g9(row.se > 0 ? row.se : missing::kSysmiss) + " " + format_number(r.stat, "%8.2f") +
                "   " + format_number(r.p, "%5.3f") + "    " + g9(r.lb) + "   " + g9(r.ub));
    results.push_back(r);
  }
  out.println(rule);
  return results;
}

}  // namespace xtdo::post
