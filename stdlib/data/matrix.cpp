// matrix: define matrices from literals, r()/e() results and expressions (+ - * ',
// I() J() inv() diag()), element assignment, list/dir/drop and row/column names ([P] matrix).
#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

using inspect::pad_left;

constexpr size_t kLineSize = 79;

/// A matrix value while an expression is evaluated; names not yet given stay default.
struct MatVal {
  Matrix m;
  bool row_names = false, col_names = false;
};

MatVal scalar_mat(double v) {
  MatVal out;
  out.m = Matrix(1, 1, v);
  return out;
}

void finish_names(MatVal& v) {
  if (!v.row_names)
    for (int i = 0; i < v.m.rows; ++i) v.m.rownames[i] = "r" + std::to_string(i + 1);
  if (!v.col_names)
    for (int j = 0; j < v.m.cols; ++j) v.m.colnames[j] = "c" + std::to_string(j + 1);
}

[[noreturn]] void conformability(int pos) { throw XtdoError(503, "conformability error", pos); }

/// Evaluates matrix expressions by splitting at the loosest top-level operator.
class MatrixEval {
 public:
  MatrixEval(Session& s) : session_(s) {}

  MatVal eval(const std::string& raw, int pos) {
    std::string text = util::trim(raw);
    pos += static_cast<int>(raw.find_first_not_of(" \t") == std::string::npos ? 0 : raw.find_first_not_of(" \t"));
    if (text.empty()) throw XtdoError(198, "matrix expression expected", pos);
    // Binary + and - (left associative: split at the last one).
    size_t op = find_top(text, "+-", true);
    if (op != std::string::npos) {
      MatVal a = eval(text.substr(0, op), pos), b = eval(text.substr(op + 1), pos + static_cast<int>(op) + 1);
      return add(a, b, text[op] == '-' ? -1.0 : 1.0, pos + static_cast<int>(op));
    }
    op = find_top(text, "*/", true);
    if (op != std::string::npos) {
      MatVal a = eval(text.substr(0, op), pos), b = eval(text.substr(op + 1), pos + static_cast<int>(op) + 1);
      if (text[op] == '/') {
        if (b.m.rows != 1 || b.m.cols != 1) conformability(pos + static_cast<int>(op));
        return scale(a, 1.0 / b.m.data[0]);
      }
      return multiply(a, b, pos + static_cast<int>(op));
    }
    if (text[0] == '-') return scale(eval(text.substr(1), pos + 1), -1.0);
    if (text.back() == '\'') return transpose(eval(text.substr(0, text.size() - 1), pos));
    if (text[0] == '(' && match_close(text, 0) == text.size() - 1) {
      std::string inside = text.substr(1, text.size() - 2);
      if (find_top(inside, ",\\", false) != std::string::npos) return literal(inside, pos + 1);
      return eval(inside, pos + 1);
    }
    size_t lp = text.find('(');
    if (lp != std::string::npos && lp > 0 && text.back() == ')' && match_close(text, lp) == text.size() - 1) {
      std::string fn = text.substr(0, lp);
      std::string inner = text.substr(lp + 1, text.size() - lp - 2);
      if ((fn == "e" || fn == "r") && session_.matrix(text)) {
        MatVal v;
        v.m = *session_.matrix(text);
        v.row_names = v.col_names = true;
        return v;
      }
      if (auto v = function(fn, inner, pos + static_cast<int>(lp) + 1)) return *v;
    }
    if (valid_name(text)) {
      auto it = session_.matrices.find(text);
      if (it != session_.matrices.end()) {
        MatVal v;
        v.m = it->second;
        v.row_names = v.col_names = true;
        return v;
      }
    }
    // Anything else is a scalar expression (numbers, scalars, r(mean), functions).
    Value v = session_.eval_scalar_text(text, pos);
    if (v.is_string) throw XtdoError(109, "type mismatch", pos);
    return scalar_mat(v.num.empty() ? missing::kSysmiss : v.num[0]);
  }

 private:
  Session& session_;

  static size_t match_close(const std::string& s, size_t open) {
    int depth = 0;
    bool quote = false;
    for (size_t i = open; i < s.size(); ++i) {
      if (s[i] == '"') quote = !quote;
      if (quote) continue;
      if (s[i] == '(' || s[i] == '[') ++depth;
      if (s[i] == ')' || s[i] == ']') {
        if (--depth == 0) return i;
      }
    }
    return std::string::npos;
  }

  /// Last (or first) top-level occurrence of one of `ops`; + and - only when binary
  /// (after an operand, and not the sign of an exponent as in 1e-5).
  static size_t find_top(const std::string& s, const char* ops, bool last) {
    int depth = 0;
    bool quote = false;
    size_t found = std::string::npos;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '"') quote = !quote;
      if (quote) continue;
      if (c == '(' || c == '[') ++depth;
      else if (c == ')' || c == ']') --depth;
      else if (depth == 0 && std::strchr(ops, c)) {
        if (c == '+' || c == '-') {
          size_t p = s.find_last_not_of(" \t", i == 0 ? std::string::npos : i - 1);
          if (i == 0 || p == std::string::npos) continue;
          char prev = s[p];
          if (std::strchr("+-*/^(,\\&|<>=!~", prev)) continue;  // unary
          if ((prev == 'e' || prev == 'E') && p > 0 &&
              (std::isdigit(static_cast<unsigned char>(s[p - 1])) || s[p - 1] == '.')) {
            // An exponent only if the whole token before is numeric.
            size_t t = p;
            while (t > 0 && (std::isalnum(static_cast<unsigned char>(s[t - 1])) || s[t - 1] == '.' || s[t - 1] == '_')) --t;
            std::string tok = s.substr(t, p - t);
            if (!tok.empty() && tok.find_first_not_of("0123456789.") == std::string::npos) continue;
          }
        }
        if (!last) return i;
        found = i;
      }
    }
    return found;
  }

  /// `a, b \ c, d`: elements are themselves expressions (scalars or blocks).
  MatVal literal(const std::string& inside, int pos) {
    std::vector<MatVal> rows;
    size_t start = 0;
    for (;;) {
      size_t bs = find_top(inside.substr(start), "\\", false);
      std::string row = inside.substr(start, bs == std::string::npos ? std::string::npos : bs);
      int row_pos = pos + static_cast<int>(start);
      std::vector<MatVal> pieces;
      size_t s2 = 0;
      for (;;) {
        size_t comma = find_top(row.substr(s2), ",", false);
        std::string el = row.substr(s2, comma == std::string::npos ? std::string::npos : comma);
        pieces.push_back(eval(el, row_pos + static_cast<int>(s2)));
        if (comma == std::string::npos) break;
        s2 += comma + 1;
      }
      rows.push_back(hjoin(pieces, row_pos));
      if (bs == std::string::npos) break;
      start += bs + 1;
    }
    return vjoin(rows, pos);
  }

  static MatVal hjoin(const std::vector<MatVal>& parts, int pos) {
    MatVal out = parts[0];
    for (size_t k = 1; k < parts.size(); ++k) {
      const MatVal& p = parts[k];
      // nullmat() of an undefined matrix is empty and joins as nothing.
      if (p.m.data.empty()) continue;
      if (out.m.data.empty()) {
        out = p;
        continue;
      }
      if (p.m.rows != out.m.rows) conformability(pos);
      Matrix m(out.m.rows, out.m.cols + p.m.cols);
      for (int i = 0; i < m.rows; ++i)
        for (int j = 0; j < m.cols; ++j) m.at(i, j) = j < out.m.cols ? out.m.at(i, j) : p.m.at(i, j - out.m.cols);
      m.rownames = out.m.rownames;
      m.colnames = out.m.colnames;
      m.colnames.insert(m.colnames.end(), p.m.colnames.begin(), p.m.colnames.end());
      out.col_names = out.col_names && p.col_names;
      out.m = std::move(m);
    }
    return out;
  }

  static MatVal vjoin(const std::vector<MatVal>& parts, int pos) {
    MatVal out = parts[0];
    for (size_t k = 1; k < parts.size(); ++k) {
      const MatVal& p = parts[k];
      // nullmat() of an undefined matrix is empty and joins as nothing.
      if (p.m.data.empty()) continue;
      if (out.m.data.empty()) {
        out = p;
        continue;
      }
      if (p.m.cols != out.m.cols) conformability(pos);
      Matrix m(out.m.rows + p.m.rows, out.m.cols);
      for (int i = 0; i < m.rows; ++i)
        for (int j = 0; j < m.cols; ++j) m.at(i, j) = i < out.m.rows ? out.m.at(i, j) : p.m.at(i - out.m.rows, j);
      m.colnames = out.m.colnames;
      m.rownames = out.m.rownames;
      m.rownames.insert(m.rownames.end(), p.m.rownames.begin(), p.m.rownames.end());
      out.row_names = out.row_names && p.row_names;
      out.m = std::move(m);
    }
    return out;
  }

  static MatVal add(MatVal a, const MatVal& b, double sign, int pos) {
    if (a.m.rows != b.m.rows || a.m.cols != b.m.cols) conformability(pos);
    for (size_t k = 0; k < a.m.data.size(); ++k) a.m.data[k] = missing::clean(a.m.data[k] + sign * b.m.data[k]);
    return a;
  }

  static MatVal scale(MatVal a, double f) {
    for (double& v : a.m.data) v = missing::is_missing(v) || missing::is_missing(f) ? missing::kSysmiss : v * f;
    return a;
  }

  static MatVal transpose(const MatVal& a) {
    MatVal out;
    out.m = Matrix(a.m.cols, a.m.rows);
    for (int i = 0; i < a.m.rows; ++i)
      for (int j = 0; j < a.m.cols; ++j) out.m.at(j, i) = a.m.at(i, j);
    out.m.rownames = a.m.colnames;
    out.m.colnames = a.m.rownames;
    out.row_names = a.col_names;
    out.col_names = a.row_names;
    return out;
  }

  static MatVal multiply(const MatVal& a, const MatVal& b, int pos) {
    if (a.m.rows == 1 && a.m.cols == 1) return scale(b, a.m.data[0]);
    if (b.m.rows == 1 && b.m.cols == 1) return scale(a, b.m.data[0]);
    if (a.m.cols != b.m.rows) conformability(pos);
    MatVal out;
    out.m = Matrix(a.m.rows, b.m.cols);
    for (int i = 0; i < a.m.rows; ++i)
      for (int j = 0; j < b.m.cols; ++j) {
        double s = 0;
        for (int k = 0; k < a.m.cols; ++k) s += a.m.at(i, k) * b.m.at(k, j);
        out.m.at(i, j) = missing::clean(s);
      }
    out.m.rownames = a.m.rownames;
    out.m.colnames = b.m.colnames;
    out.row_names = a.row_names;
    out.col_names = b.col_names;
    return out;
  }

  std::vector<std::string> split_args(const std::string& inner) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
      size_t c = find_top(inner.substr(start), ",", false);
      out.push_back(inner.substr(start, c == std::string::npos ? std::string::npos : c));
      if (c == std::string::npos) break;
      start += c + 1;
    }
    return out;
  }

  double scalar_arg(const std::string& text, int pos) {
    MatVal v = eval(text, pos);
    if (v.m.rows != 1 || v.m.cols != 1) conformability(pos);
    return v.m.data[0];
  }

  /// Matrix functions; nullopt when `fn` is not one (then it is a scalar function).
  std::optional<MatVal> function(const std::string& fn, const std::string& inner, int pos) {
    auto a = split_args(inner);
    auto dim = [&](const std::string& t) {
      double v = scalar_arg(t, pos);
      // Stata's matsize limit: at most 11,000 rows or columns.
      if (missing::is_missing(v) || v < 1 || v != std::floor(v)) throw XtdoError(198, "invalid matrix dimension", pos);
      if (v > 11000) throw XtdoError(908, "matsize too small", pos);
      return static_cast<int>(v);
    };
    if (fn == "I" && a.size() == 1) {
      int n = dim(a[0]);
      MatVal out;
      out.m = Matrix(n, n);
      for (int i = 0; i < n; ++i) out.m.at(i, i) = 1;
      return out;
    }
    if (fn == "J" && a.size() == 3) {
      int r = dim(a[0]), c = dim(a[1]);
      if (static_cast<double>(r) * c > 1e7) throw XtdoError(908, "matsize too small", pos);
      MatVal out;
      out.m = Matrix(r, c, scalar_arg(a[2], pos));
      return out;
    }
    if ((fn == "inv" || fn == "invsym") && a.size() == 1) {
      MatVal m = eval(a[0], pos);
      if (m.m.rows != m.m.cols) conformability(pos);
      int n = m.m.rows;
      Eigen::MatrixXd e(n, n);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) e(i, j) = m.m.at(i, j);
      Eigen::FullPivLU<Eigen::MatrixXd> lu(e);
      if (!lu.isInvertible()) {
        if (fn == "inv") throw XtdoError(504, "matrix has missing values or is singular", pos);
      }
      Eigen::MatrixXd inv = lu.isInvertible() ? Eigen::MatrixXd(lu.inverse()) : Eigen::MatrixXd::Zero(n, n);
      MatVal out = transpose(m);  // swapped names, as Stata's inverse has
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) out.m.at(i, j) = inv(i, j);
      return out;
    }
    if (fn == "diag" && a.size() == 1) {
      MatVal v = eval(a[0], pos);
      if (v.m.rows != 1 && v.m.cols != 1) conformability(pos);
      int n = std::max(v.m.rows, v.m.cols);
      MatVal out;
      out.m = Matrix(n, n);
      for (int i = 0; i < n; ++i) out.m.at(i, i) = v.m.data[i];
      const auto& names = v.m.rows == 1 ? v.m.colnames : v.m.rownames;
      bool named = v.m.rows == 1 ? v.col_names : v.row_names;
      out.m.rownames = out.m.colnames = names;
      out.row_names = out.col_names = named;
      return out;
    }
    if (fn == "vecdiag" && a.size() == 1) {
      MatVal m = eval(a[0], pos);
      if (m.m.rows != m.m.cols) conformability(pos);
      MatVal out;
      out.m = Matrix(1, m.m.rows);
      for (int i = 0; i < m.m.rows; ++i) out.m.at(0, i) = m.m.at(i, i);
      out.m.colnames = m.m.colnames;
      out.col_names = m.col_names;
      return out;
    }
    if (fn == "nullmat" && a.size() == 1) {
      std::string name = util::trim(a[0]);
      auto it = session_.matrices.find(name);
      if (it == session_.matrices.end()) {
        MatVal out;
        out.m = Matrix(0, 0);
        return out;
      }
      MatVal out;
      out.m = it->second;
      out.row_names = out.col_names = true;
      return out;
    }
    return std::nullopt;
  }
};

// --- Display

/// Stata lists a square matrix whose values are symmetric as `symmetric` (names do not
/// matter: `matrix list I(3)` is symmetric with rows r1.. and columns c1..).
bool is_symmetric(const Matrix& m) {
  if (m.rows != m.cols) return false;
  for (int i = 0; i < m.rows; ++i)
    for (int j = 0; j < i; ++j)
      if (m.at(i, j) != m.at(j, i)) return false;
  return true;
}

/// Stata's `matrix list` layout: one width for every column (widest number or name + 2),
/// row names right-aligned, the lower triangle only for symmetric matrices, and
/// columns wrapped into blocks that fit the line.
void list_matrix(Console& out, const std::string& title, const Matrix& m, const std::string& fmt) {
  bool sym = is_symmetric(m);
  out.println();
  out.println(fmt::format("{}{}[{},{}]", sym ? "symmetric " : "", title, m.rows, m.cols));
  if (m.rows == 0 || m.cols == 0) return;
  std::vector<std::string> cells(m.data.size());
  size_t width = 0, row_w = 0;
  for (int i = 0; i < m.rows; ++i) {
    row_w = std::max(row_w, m.rownames[i].size());
    for (int j = 0; j < m.cols; ++j) {
      if (sym && j > i) continue;
      std::string& c = cells[static_cast<size_t>(i) * m.cols + j];
      c = inspect::ltrim(format_number(m.at(i, j), fmt));
      width = std::max(width, c.size());
    }
  }
  for (const auto& n : m.colnames) width = std::max(width, n.size());
  width += 2;
  size_t per_block = std::max<size_t>(1, (kLineSize - row_w) / width);
  for (int first = 0; first < m.cols; first += static_cast<int>(per_block)) {
    int last = std::min(m.cols, first + static_cast<int>(per_block));
    if (first > 0) out.println();
    std::string head(row_w, ' ');
    for (int j = first; j < last; ++j) head += pad_left(m.colnames[j], width);
    out.println(head);
    for (int i = sym ? first : 0; i < m.rows; ++i) {
      std::string line = pad_left(m.rownames[i], row_w);
      for (int j = first; j < last; ++j) {
        if (sym && j > i) break;
        line += pad_left(cells[static_cast<size_t>(i) * m.cols + j], width);
      }
      out.println(line);
    }
  }
}

/// The matrix a `matrix list` argument names: a matrix, e(name) or r(name).
const Matrix& lookup(Session& session, const std::string& name, int pos) {
  const Matrix* m = session.matrix(name);
  if (!m) throw XtdoError(111, fmt::format("matrix {} not found", name), pos);
  return *m;
}

// --- Subcommands

void define(Session& session, const std::string& text, int pos) {
  size_t eq = text.find('=');
  if (eq == std::string::npos) throw XtdoError(198, "= expected", pos + static_cast<int>(text.size()));
  std::string lhs = util::trim(text.substr(0, eq));
  MatrixEval ev(session);
  size_t br = lhs.find('[');
  if (br != std::string::npos) {
    // Element assignment: A[i,j] = exp
    std::string name = util::trim(lhs.substr(0, br));
    auto it = session.matrices.find(name);
    if (it == session.matrices.end()) throw XtdoError(111, fmt::format("matrix {} not found", name), pos);
    std::string idx = lhs.substr(br + 1, lhs.rfind(']') - br - 1);
    size_t comma = idx.find(',');
    double r = session.eval_scalar_text(idx.substr(0, comma), pos).num[0];
    double c = comma == std::string::npos ? 1 : session.eval_scalar_text(idx.substr(comma + 1), pos).num[0];
    Matrix& m = it->second;
    if (comma == std::string::npos && m.rows == 1) std::swap(r, c);
    if (!(r >= 1 && r <= m.rows && c >= 1 && c <= m.cols)) throw XtdoError(503, "conformability error", pos);
    MatVal v = ev.eval(text.substr(eq + 1), pos + static_cast<int>(eq) + 1);
    if (v.m.rows != 1 || v.m.cols != 1) throw XtdoError(503, "conformability error", pos);
    m.at(static_cast<int>(r) - 1, static_cast<int>(c) - 1) = v.m.data[0];
    return;
  }
  if (!valid_name(lhs)) throw XtdoError(198, fmt::format("{} invalid name", lhs), pos);
  MatVal v = ev.eval(text.substr(eq + 1), pos + static_cast<int>(eq) + 1);
  finish_names(v);
  session.matrices[lhs] = std::move(v.m);
}

void set_names(Session& session, const std::string& rest, int pos, bool rows) {
  size_t eq = rest.find('=');
  if (eq == std::string::npos) throw XtdoError(198, "= expected", pos);
  std::string name = util::trim(rest.substr(0, eq));
  auto it = session.matrices.find(name);
  if (it == session.matrices.end()) throw XtdoError(111, fmt::format("matrix {} not found", name), pos);
  auto names = grammar::split_words(rest.substr(eq + 1));
  Matrix& m = it->second;
  if (static_cast<int>(names.size()) != (rows ? m.rows : m.cols)) throw XtdoError(503, "conformability error", pos);
  (rows ? m.rownames : m.colnames) = names;
}

bool word_is(const std::string& w, const char* full, size_t min) { return util::abbrev(w, full, min); }

}  // namespace

XTDO_COMMAND(matrix, "matrix", 3, "*") {
  const std::string& rest = args.cmd->rest.text;
  int base = args.cmd->rest.pos;
  size_t b = rest.find_first_not_of(" \t");
  if (b == std::string::npos) throw XtdoError(198, "invalid syntax", base);
  size_t e = rest.find_first_of(" \t=,[", b);
  std::string word = rest.substr(b, e == std::string::npos ? std::string::npos : e - b);
  std::string after = e == std::string::npos ? "" : rest.substr(e);
  int after_pos = base + static_cast<int>(e == std::string::npos ? rest.size() : e);
  bool has_eq_next = util::trim(after).rfind('=', 0) == 0 || util::trim(after).rfind('[', 0) == 0;

  if (!has_eq_next && word_is(word, "define", 3)) {
    define(session, after, after_pos);
  } else if (!has_eq_next && word_is(word, "list", 1)) {
    // matrix list name [, format(%fmt) noheader]
    std::string body = after, fmt = "%10.0g";
    size_t comma = body.find(',');
    if (comma != std::string::npos) {
      std::string opts = body.substr(comma + 1);
      body = body.substr(0, comma);
      size_t f = opts.find("format(");
      if (f == std::string::npos) f = opts.find("f(");
      if (f != std::string::npos) {
        size_t lp = opts.find('(', f), rp = opts.find(')', f);
        fmt = util::trim(opts.substr(lp + 1, rp - lp - 1));
      }
    }
    std::string name = util::trim(body);
    if (name.empty()) throw XtdoError(198, "matrix name expected", after_pos);
    list_matrix(session.console, name, lookup(session, name, after_pos), fmt);
  } else if (!has_eq_next && word == "dir") {
    for (const auto& [name, m] : session.matrices)
      session.console.println(fmt::format("{}[{},{}]", pad_left(name, 12), m.rows, m.cols));
  } else if (!has_eq_next && word == "drop") {
    for (const auto& n : grammar::split_words(after)) {
      if (n == "_all") session.matrices.clear();
      else if (!session.matrices.erase(n)) throw XtdoError(111, fmt::format("matrix {} not found", n), after_pos);
    }
  } else if (!has_eq_next && word_is(word, "rownames", 4)) {
    set_names(session, after, after_pos, true);
  } else if (!has_eq_next && word_is(word, "colnames", 4)) {
    set_names(session, after, after_pos, false);
  } else if (!has_eq_next && word == "rename") {
    auto w = grammar::split_words(after);
    if (w.size() != 2) throw XtdoError(198, "matrix rename: two names expected", after_pos);
    auto it = session.matrices.find(w[0]);
    if (it == session.matrices.end()) throw XtdoError(111, fmt::format("matrix {} not found", w[0]), after_pos);
    Matrix m = std::move(it->second);
    session.matrices.erase(it);
    session.matrices[w[1]] = std::move(m);
  } else if (has_eq_next || rest.find('=') != std::string::npos) {
    define(session, rest.substr(b), base + static_cast<int>(b));
  } else {
    throw XtdoError(198, fmt::format("matrix {} not supported", word), base + static_cast<int>(b));
  }
}

}  // namespace xtdo
