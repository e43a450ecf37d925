// display: strings, expressions (%fmt), _newline, _column, _skip, _dup, _continue,
// `as` styles ([P] display). Expressions are the longest text that parses.
#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

struct DisplayWriter {
  Session& session;
  std::string out;
  size_t line_start = 0;
  void put(const std::string& s) { out += s; }
  size_t column() const {
    size_t nl = out.rfind('\n');
    return nl == std::string::npos ? out.size() : out.size() - nl - 1;
  }
};

/// Parse "(#)" right after a directive; returns the number (default 1) and advances.
int directive_arg(const std::string& t, size_t& pos, Session& session, int base) {
  if (pos >= t.size() || t[pos] != '(') return 1;
  size_t close = t.find(')', pos);
  if (close == std::string::npos) throw XtdoError(198, "')' expected", base + static_cast<int>(pos));
  Value v = session.eval_scalar_text(t.substr(pos + 1, close - pos - 1), base + static_cast<int>(pos) + 1);
  pos = close + 1;
  if (v.is_string || v.num.empty() || missing::is_missing(v.num[0])) return 0;
  return static_cast<int>(v.num[0]);
}

bool word_at(const std::string& t, size_t pos, const char* w) {
  size_t n = std::strlen(w);
  if (t.compare(pos, n, w) != 0) return false;
  return pos + n == t.size() || t[pos + n] == ' ' || t[pos + n] == '(' || t[pos + n] == '\t';
}

}  // namespace

/// Render the directives of a display line; returns the text and whether it ends
/// with _continue (no newline).
std::string render_display(Session& session, const std::string& t, int base, bool& cont) {
  DisplayWriter w{session};
  std::string pending_format;
  size_t pos = 0;
  cont = false;
  while (pos < t.size()) {
    while (pos < t.size() && (t[pos] == ' ' || t[pos] == '\t')) ++pos;
    if (pos >= t.size()) break;
    cont = false;
    if (t[pos] == '%') {
      size_t e = t.find_first_of(" \t", pos);
      pending_format = t.substr(pos, e == std::string::npos ? std::string::npos : e - pos);
      pos = e == std::string::npos ? t.size() : e;
      continue;
    }
    if (word_at(t, pos, "_n") || word_at(t, pos, "_newline")) {
      pos += t.compare(pos, 8, "_newline") == 0 ? 8 : 2;
      int k = directive_arg(t, pos, session, base);
      for (int i = 0; i < k; ++i) w.put("\n");
      continue;
    }
    if (word_at(t, pos, "_col") || word_at(t, pos, "_column")) {
      pos += t.compare(pos, 7, "_column") == 0 ? 7 : 4;
      int k = directive_arg(t, pos, session, base);
      size_t col = w.column();
      if (k - 1 > static_cast<int>(col)) w.put(std::string(k - 1 - col, ' '));
      continue;
    }
    if (word_at(t, pos, "_skip")) {
      pos += 5;
      int k = directive_arg(t, pos, session, base);
      w.put(std::string(std::max(k, 0), ' '));
      continue;
    }
    if (word_at(t, pos, "_char")) {
      pos += 5;
      int k = directive_arg(t, pos, session, base);
      w.put(std::string(1, static_cast<char>(k)));
      continue;
    }
    if (word_at(t, pos, "_dup")) {
      pos += 4;
      int k = directive_arg(t, pos, session, base);
      // The next directive (a string) is repeated k times.
      while (pos < t.size() && t[pos] == ' ') ++pos;
      bool c2;
      size_t next_end = pos;
      if (next_end < t.size() && t[next_end] == '"') {
        next_end = t.find('"', next_end + 1);
        next_end = next_end == std::string::npos ? t.size() : next_end + 1;
      }
      std::string piece = render_display(session, t.substr(pos, next_end - pos), base + static_cast<int>(pos), c2);
      if (!piece.empty() && piece.back() == '\n') piece.pop_back();
      for (int i = 0; i < k; ++i) w.put(piece);
      pos = next_end;
      continue;
    }
    if (word_at(t, pos, "_continue") || word_at(t, pos, "_c")) {
      pos += t.compare(pos, 9, "_continue") == 0 ? 9 : 2;
      cont = true;
      continue;
    }
    if (word_at(t, pos, "as") || word_at(t, pos, "in")) {
      // Output styles (as text/result/error/input, in smcl) change colour only.
      pos += 2;
      while (pos < t.size() && t[pos] == ' ') ++pos;
      while (pos < t.size() && t[pos] != ' ') ++pos;
      continue;
    }
    // The longest prefix, ending before a blank or at the end, that parses as an expression.
    std::vector<size_t> ends;
    for (size_t e = pos + 1; e <= t.size(); ++e)
      if (e == t.size() || t[e] == ' ' || t[e] == '\t') ends.push_back(e);
    ast::ExprPtr expr;
    size_t used = 0;
    XtdoError first_err(198, "invalid syntax", base + static_cast<int>(pos));
    bool have_err = false;
    for (auto it = ends.rbegin(); it != ends.rend(); ++it) {
      try {
        expr = grammar::parse_expression(t.substr(pos, *it - pos), base + static_cast<int>(pos));
        used = *it;
        break;
      } catch (XtdoError& e) {
        if (!have_err) {
          first_err = e;
          have_err = true;
        }
      }
    }
    if (!expr) throw first_err;
    Value v = evaluate_scalar(*expr, &session.data, session);
    if (v.is_string) {
      std::string s = v.str.empty() ? "" : v.str[0];
      if (!pending_format.empty() && pending_format.back() == 's') {
        // %#s right-aligns, %-#s left-aligns in # columns.
        bool left = pending_format.size() > 1 && pending_format[1] == '-';
        int width = std::atoi(pending_format.c_str() + (left ? 2 : 1));
        if (static_cast<int>(s.size()) < width)
          s = left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
      }
      w.put(s);
    } else {
      double x = v.num.empty() ? missing::kSysmiss : v.num[0];
      w.put(pending_format.empty() ? format_default(x) : format_number(x, pending_format));
    }
    pending_format.clear();
    pos = used;
  }
  return w.out;
}

XTDO_COMMAND(display, "display", 2, "*") {
  bool cont = false;
  std::string text = render_display(session, args.cmd->rest.text, args.cmd->rest.pos, cont);
  if (cont) session.console.print(text);
  else session.console.println(text);
}

}  // namespace xtdo
