// test and testparm: Wald tests of linear constraints on the last estimates
// ([R] test). F with e(df_r) numerator-scaled when the estimator posted residual
// degrees of freedom, chi2 otherwise; collinear constraints are dropped in order.
#include <fmt/format.h>

#include <cctype>
#include <map>

#include "linear_constraints.hpp"
#include "xtdo/command.hpp"
#include "xtdo/distributions.hpp"
#include "xtdo/missing.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

using post::Estimates;

struct Constraint {
  Eigen::VectorXd coef;
  double rhs = 0;
};

// Constraints kept for `accumulate`, per session and valid only for the estimates
// they were written against (e() changes bump its version).
struct Accumulated {
  uint64_t e_version = 0;
  std::vector<std::string> names;
  std::vector<Constraint> constraints;
};
std::map<const Session*, Accumulated>& accumulated() {
  static std::map<const Session*, Accumulated> store;
  return store;
}

std::string trim(const std::string& s) { return util::trim(s); }

// Split `text` at top-level occurrences of `sep` (outside () and []).
std::vector<std::pair<std::string, int>> split_top(const std::string& text, char sep, int pos) {
  std::vector<std::pair<std::string, int>> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size()) {
      const char c = text[i];
      if (c == '(' || c == '[') ++depth;
      if (c == ')' || c == ']') --depth;
      if (c != sep || depth != 0) continue;
    }
    out.emplace_back(text.substr(start, i - start), pos + static_cast<int>(start));
    start = i + 1;
  }
  return out;
}

bool has_operator(const std::string& s) {
  int depth = 0;
  for (char c : s) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (depth == 0 && (c == '+' || c == '-' || c == '*' || c == '/' || c == '(' || c == ')'))
      return true;
  }
  return false;
}

// --- testparm's varlist matching against e(b) column names.

bool wildcard_match(const std::string& pat, const std::string& s) {
  if (pat.empty()) return s.empty();
  if (pat[0] == '*') {
    for (size_t i = 0; i <= s.size(); ++i)
      if (wildcard_match(pat.substr(1), s.substr(i))) return true;
    return false;
  }
  if (s.empty()) return false;
  if (pat[0] == '?' || pat[0] == s[0]) return wildcard_match(pat.substr(1), s.substr(1));
  return false;
}

struct Component {
  std::string prefix;  // as written: "i", "c", "2", "L", "" ...
  std::string var;
};
Component split_component(const std::string& comp) {
  const size_t dot = comp.rfind('.');
  if (dot == std::string::npos) return {"", comp};
  return {comp.substr(0, dot), comp.substr(dot + 1)};
}
bool starts_digit(const std::string& s) {
  return !s.empty() && std::isdigit(static_cast<unsigned char>(s[0]));
}

// Does the element (one term of a testparm varlist) name e(b) column `col`?
bool element_matches(const std::string& element, const std::string& col) {
  const auto ecomps = split_top(element, '#', 0);
  const auto ccomps = split_top(col, '#', 0);
  if (ecomps.size() != ccomps.size()) return false;
  const bool interaction = ecomps.size() > 1;
  for (size_t k = 0; k < ecomps.size(); ++k) {
    const Component e = split_component(ecomps[k].first);
    const Component c = split_component(post::canonical_coef_name(ccomps[k].first));
    if (!wildcard_match(e.var, c.var)) return false;
    const std::string ep = util::lower(e.prefix);
    const bool c_level = starts_digit(c.prefix);
    if (ep == "i" || (ep.empty() && interaction)) {
      if (!c_level) return false;
    } else if (ep.empty() || ep == "c") {
      if (!c.prefix.empty()) return false;
    } else if (starts_digit(ep)) {
      if (!c_level || std::strtod(ep.c_str(), nullptr) != std::strtod(c.prefix.c_str(), nullptr))
        return false;
    } else {
      const Component canon = split_component(post::canonical_coef_name(e.prefix + ".v"));
      if (c_level || canon.prefix != c.prefix) return false;
    }
  }
  return true;
}

bool is_base(const std::string& col) {
  for (const auto& [comp, pos] : split_top(col, '#', 0)) {
    const Component c = split_component(comp);
    if (starts_digit(c.prefix) && c.prefix.find('b') != std::string::npos) return true;
  }
  return false;
}

// Columns named by a varlist, in varlist order (base levels excluded).
std::vector<int> varlist_columns(const std::string& text, int pos, const Estimates& est) {
  std::vector<std::string> elements;
  std::vector<int> positions;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    const size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::string word = text.substr(start, i - start);
    if (word.rfind("_b[", 0) == 0 && word.back() == ']') word = word.substr(3, word.size() - 4);
    // a##b = a b a#b
    const size_t full = word.find("##");
    if (full != std::string::npos) {
      const std::string a = word.substr(0, full), b = word.substr(full + 2);
      for (const std::string& w : {a, b, a + "#" + b}) {
        elements.push_back(w);
        positions.push_back(pos + static_cast<int>(start));
      }
    } else {
      elements.push_back(word);
      positions.push_back(pos + static_cast<int>(start));
    }
  }
  std::vector<int> cols;
  for (size_t e = 0; e < elements.size(); ++e) {
    bool any = false;
    const int exact = post::find_coef(est.names, elements[e]);
    for (size_t j = 0; j < est.names.size(); ++j) {
      const bool match = static_cast<int>(j) == exact || element_matches(elements[e], est.names[j]);
      if (!match) continue;
      any = true;
      if (is_base(est.names[j])) continue;
      if (std::find(cols.begin(), cols.end(), static_cast<int>(j)) == cols.end())
        cols.push_back(static_cast<int>(j));
    }
    if (!any) throw XtdoError(111, fmt::format("{} not found", elements[e]), positions[e]);
  }
  return cols;
}

// One test specification: `exp = exp [= exp ...]`, `exp` (= 0) or a coefficient list.
void add_spec(const std::string& spec, int pos, const Estimates& est, std::vector<Constraint>& out) {
  if (trim(spec).empty()) throw XtdoError(198, "empty test specification", pos);
  const auto parts = split_top(spec, '=', pos);
  const size_t k = est.names.size();
  if (parts.size() > 1) {
    const post::LinearForm first = post::parse_linear(parts[0].first, est.names, parts[0].second);
    for (size_t p = 1; p < parts.size(); ++p) {
      const post::LinearForm other = post::parse_linear(parts[p].first, est.names, parts[p].second);
      out.push_back({first.coef - other.coef, other.constant - first.constant});
    }
    return;
  }
  if (has_operator(spec)) {
    const post::LinearForm f = post::parse_linear(spec, est.names, pos);
    out.push_back({f.coef, -f.constant});
    return;
  }
  for (int col : varlist_columns(spec, pos, est)) {
    Eigen::VectorXd c = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(k));
    c(col) = 1;
    out.push_back({c, 0});
  }
}

bool has_df_r(const Session& session) {
  auto it = session.e.scalars.find("df_r");
  return it != session.e.scalars.end() && !missing::is_missing(it->second);
}

// Test the constraints, post r() and print Stata's report.
void run_test(Session& session, const Estimates& est, const std::vector<Constraint>& cons,
              bool show_test) {
  const Eigen::Index q = static_cast<Eigen::Index>(cons.size());
  const Eigen::Index k = static_cast<Eigen::Index>(est.names.size());
  Eigen::MatrixXd r_mat(q, k);
  Eigen::VectorXd r_vec(q);
  for (Eigen::Index i = 0; i < q; ++i) {
    r_mat.row(i) = cons[static_cast<size_t>(i)].coef.transpose();
    r_vec(i) = cons[static_cast<size_t>(i)].rhs;
  }
  const post::WaldTest w = post::wald(r_mat, r_vec, est);

  Console& out = session.console;
  out.println();
  for (Eigen::Index i = 0; i < q; ++i)
    out.println(fmt::format(" ({:>2})  ", i + 1) +
                post::constraint_text(cons[static_cast<size_t>(i)].coef, cons[static_cast<size_t>(i)].rhs, est.names));
  for (int d : w.dropped) out.println(fmt::format("       Constraint {} dropped", d));

  session.r.clear();
  const bool f_test = has_df_r(session);
  const double df = w.df;
  session.r.set_scalar("df", df);
  session.r.set_scalar("drop", w.dropped.empty() ? 0 : 1);
  for (size_t i = 0; i < w.dropped.size(); ++i)
    session.r.set_scalar(fmt::format("dropped_{}", i + 1), w.dropped[i]);
  if (f_test) {
    const double df_r = session.e.scalars.at("df_r");
    const double f = df > 0 ? w.chi2 / df : missing::kSysmiss;
    const double p = df > 0 ? dist::Ftail(df, df_r, f) : missing::kSysmiss;
    session.r.set_scalar("F", f);
    session.r.set_scalar("df_r", df_r);
    session.r.set_scalar("p", p);
    if (show_test) {
      out.println();
      out.println(fmt::format("       F({},{}) ={}", format_number(df, "%3.0f"),
                              format_number(df_r, "%6.0f"), format_number(f, "%8.2f")));
      out.println("            Prob > F =" + format_number(p, "%10.4f"));
    }
  } else {
    const double chi2 = df > 0 ? w.chi2 : missing::kSysmiss;
    const double p = df > 0 ? dist::chi2tail(df, chi2) : missing::kSysmiss;
    session.r.set_scalar("chi2", chi2);
    session.r.set_scalar("p", p);
    if (show_test) {
      out.println();
      out.println(fmt::format("           chi2({}) ={}", format_number(df, "%3.0f"),
                              format_number(chi2, "%8.2f")));
      out.println("         Prob > chi2 =" + format_number(p, "%10.4f"));
    }
  }
}

struct TestOptions {
  bool accumulate = false;
  bool notest = false;
  bool equal = false;
};

TestOptions parse_options(const post::RawLine& line, bool testparm) {
  TestOptions o;
  for (const post::RawOption& opt : line.options) {
    if (!opt.has_arg && util::abbrev(opt.name, "accumulate", 1) && !testparm)
      o.accumulate = true;
    else if (!opt.has_arg && util::abbrev(opt.name, "notest", 4) && !testparm)
      o.notest = true;
    else if (!opt.has_arg && util::abbrev(opt.name, "equal", 5) && testparm)
      o.equal = true;
    else if (util::abbrev(opt.name, "mtest", 1) || opt.name == "df" || opt.name == "coef" ||
             opt.name == "common" || opt.name == "constant" || opt.name == "nosvyadjust" ||
             opt.name == "equation")
      throw XtdoError(198, fmt::format("option {} is not supported", opt.name), opt.pos);
    else
      throw XtdoError(198, fmt::format("option {} not allowed", opt.name), opt.pos);
  }
  return o;
}

// Prepend the stored constraints for `accumulate`, and remember the new list.
std::vector<Constraint> with_history(Session& session, const Estimates& est,
                                     std::vector<Constraint> fresh, bool accumulate) {
  Accumulated& acc = accumulated()[&session];
  std::vector<Constraint> all;
  if (accumulate && acc.e_version == session.e.version && acc.names == est.names)
    all = acc.constraints;
  all.insert(all.end(), fresh.begin(), fresh.end());
  acc.e_version = session.e.version;
  acc.names = est.names;
  acc.constraints = all;
  return all;
}

}  // namespace

XTDO_COMMAND(test, "test", 0, "*") {
  const Estimates est = post::current_estimates(session);
  const post::RawLine line = post::split_raw_line(args);
  const TestOptions o = parse_options(line, false);
  std::vector<Constraint> cons;
  const std::string body = line.body;
  const size_t first = body.find_first_not_of(" \t");
  if (first == std::string::npos) {
    if (!o.accumulate) throw XtdoError(198, "test: constraint or coefficient list required", line.body_pos);
  } else if (body[first] == '(') {
    // (spec) (spec) ...: each parenthesised group is one specification.
    size_t i = first;
    while (i < body.size()) {
      while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
      if (i >= body.size()) break;
      if (body[i] != '(')
        throw XtdoError(198, "test: expected ( after a parenthesised specification",
                        line.body_pos + static_cast<int>(i));
      int depth = 0;
      size_t j = i;
      for (; j < body.size(); ++j) {
        if (body[j] == '(') ++depth;
        if (body[j] == ')' && --depth == 0) break;
      }
      if (j >= body.size())
        throw XtdoError(198, "unmatched parenthesis", line.body_pos + static_cast<int>(i));
      const std::string inner = body.substr(i + 1, j - i - 1);
      // A leading group may itself be part of an expression: `(x1 + x2)/2 = 0`.
      const size_t after = body.find_first_not_of(" \t", j + 1);
      if (after != std::string::npos && body[after] != '(') {
        add_spec(body.substr(i), line.body_pos + static_cast<int>(i), est, cons);
        break;
      }
      add_spec(inner, line.body_pos + static_cast<int>(i) + 1, est, cons);
      i = j + 1;
    }
  } else {
    add_spec(body, line.body_pos, est, cons);
  }
  cons = with_history(session, est, std::move(cons), o.accumulate);
  run_test(session, est, cons, !o.notest);
}

XTDO_COMMAND(testparm, "testparm", 0, "*") {
  const Estimates est = post::current_estimates(session);
  const post::RawLine line = post::split_raw_line(args);
  const TestOptions o = parse_options(line, true);
  if (util::trim(line.body).empty()) throw XtdoError(100, "varlist required", line.body_pos);
  const std::vector<int> cols = varlist_columns(line.body, line.body_pos, est);
  const Eigen::Index k = static_cast<Eigen::Index>(est.names.size());
  std::vector<Constraint> cons;
  if (o.equal) {
    if (cols.size() < 2) throw XtdoError(198, "testparm, equal: at least two coefficients required");
    for (size_t i = 1; i < cols.size(); ++i) {
      Eigen::VectorXd c = Eigen::VectorXd::Zero(k);
      c(cols[0]) = 1;
      c(cols[i]) = -1;
      cons.push_back({c, 0});
    }
  } else {
    for (int col : cols) {
      Eigen::VectorXd c = Eigen::VectorXd::Zero(k);
      c(col) = 1;
      cons.push_back({c, 0});
    }
  }
  cons = with_history(session, est, std::move(cons), false);
  run_test(session, est, cons, true);
}

}  // namespace xtdo
