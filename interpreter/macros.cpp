// Macro storage and execution-time expansion: `local', $global, ${global},
// nested ``x'', `=exp', `++i', and the extended functions `: word count ...'.
#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "xtdo/session.hpp"
#include "xtdo/util.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {

Macros::Macros() { frames_.emplace_back(); }

std::string Macros::get_local(const std::string& name) const {
  const auto& frame = frames_.back();
  auto it = frame.find(name);
  return it == frame.end() ? std::string() : it->second;
}

void Macros::set_local(const std::string& name, std::string value) {
  if (value.empty()) frames_.back().erase(name);
  else frames_.back()[name] = std::move(value);
}

std::string Macros::get_global(const std::string& name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? std::string() : it->second;
}

void Macros::set_global(const std::string& name, std::string value) {
  if (value.empty()) globals_.erase(name);
  else globals_[name] = std::move(value);
}

void Macros::drop_global(const std::string& name) { globals_.erase(name); }
void Macros::push_frame() { frames_.emplace_back(); }
void Macros::pop_frame() {
  if (frames_.size() > 1) frames_.pop_back();
}

std::string Macros::next_temp_name() { return fmt::format("__{:06d}", temp_counter_++); }

/// A number as a macro holds it: the shortest text that reads back to the same double,
/// Stata style (no leading zero: .5, -.25), missing as "." / ".a".
std::string macro_number(double v) {
  // Stata stores `local x = exp` with the %18.0g format (16 significant digits:
  // sqrt(2) -> 1.414213562373095, 1/3 -> .3333333333333333).
  if (missing::is_missing(v)) return missing::to_string(v);
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  std::string s = format_number(v, "%18.0g");
  size_t b = s.find_first_not_of(' ');
  return b == std::string::npos ? s : s.substr(b);
}

namespace {

using util::trim;

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}


/// Join words with single blanks, quoting those that contain blanks.
std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    if (w.find(' ') != std::string::npos) out += "`\"" + w + "\"'";
    else out += w;
  }
  return out;
}

}  // namespace

class MacroExpander {
 public:
  MacroExpander(Session& s, const std::string& text, int base) : s_(s), t_(text), base_(base) {}

  std::string run() {
    size_t pos = 0;
    return expand_until(pos, false);
  }

 private:
  Session& s_;
  const std::string& t_;
  int base_;

  [[noreturn]] void fail(int rc, const std::string& msg, size_t pos) {
    throw XtdoError(rc, msg, base_ + static_cast<int>(pos));
  }

  /// Expand from pos; when `in_ref` stop at the unmatched `'` that closes a macro
  /// reference (consumed).
  std::string expand_until(size_t& pos, bool in_ref) {
    std::string out;
    while (pos < t_.size()) {
      char c = t_[pos];
      if (c == '\\' && pos + 1 < t_.size() && (t_[pos + 1] == '`' || t_[pos + 1] == '$')) {
        out += t_[pos + 1];
        pos += 2;
      } else if (c == '`' && pos + 1 < t_.size() && t_[pos + 1] == '"') {
        // Compound quote: kept literally, contents expanded, nested quotes honoured.
        out += "`\"";
        pos += 2;
        out += expand_compound(pos);
      } else if (c == '`') {
        size_t start = pos;
        ++pos;
        std::string inner = expand_until(pos, true);
        out += resolve_ref(inner, start);
      } else if (c == '\'' && in_ref) {
        ++pos;
        return out;
      } else if (c == '$' && pos + 1 < t_.size() && t_[pos + 1] == '{') {
        size_t start = pos;
        pos += 2;
        std::string inner;
        while (pos < t_.size() && t_[pos] != '}') {
          if (t_[pos] == '`') {
            size_t s = pos++;
            inner += resolve_ref(expand_until(pos, true), s);
          } else {
            inner += t_[pos++];
          }
        }
        if (pos >= t_.size()) fail(198, "unmatched ${ in global macro reference", start);
        ++pos;
        out += s_.macros.get_global(trim(inner));
      } else if (c == '$' && pos + 1 < t_.size() &&
                 (std::isalpha(static_cast<unsigned char>(t_[pos + 1])) || t_[pos + 1] == '_')) {
        size_t e = pos + 1;
        while (e < t_.size() && name_char(t_[e]) && e - pos <= 32) ++e;
        out += s_.macros.get_global(t_.substr(pos + 1, e - pos - 1));
        pos = e;
      } else {
        out += c;
        ++pos;
      }
    }
    if (in_ref) fail(198, "unmatched quote in macro reference (` without ')", pos - 1);
    return out;
  }

  std::string expand_compound(size_t& pos) {
    std::string out;
    int depth = 1;
    while (pos < t_.size()) {
      if (t_[pos] == '"' && pos + 1 < t_.size() && t_[pos + 1] == '\'') {
        out += "\"'";
        pos += 2;
        if (--depth == 0) return out;
      } else if (t_[pos] == '`' && pos + 1 < t_.size() && t_[pos + 1] == '"') {
        out += "`\"";
        pos += 2;
        ++depth;
      } else if (t_[pos] == '`') {
        size_t s = pos++;
        out += resolve_ref(expand_until(pos, true), s);
      } else if (t_[pos] == '$') {
        // Reuse the main loop for one global reference.
        size_t s = pos;
        size_t e = pos + 1;
        if (e < t_.size() && (t_[e] == '{' || std::isalpha(static_cast<unsigned char>(t_[e])) ||
                              t_[e] == '_')) {
          std::string piece = t_.substr(s);
          MacroExpander sub(s_, piece, base_ + static_cast<int>(s));
          // Expand only the global name: find its end.
          size_t end;
          if (t_[e] == '{') {
            end = t_.find('}', e);
            if (end == std::string::npos) fail(198, "unmatched ${", s);
            ++end;
          } else {
            end = e;
            while (end < t_.size() && name_char(t_[end])) ++end;
          }
          std::string ref = t_.substr(s, end - s);
          MacroExpander one(s_, ref, base_ + static_cast<int>(s));
          out += one.run();
          pos = end;
        } else {
          out += t_[pos++];
        }
      } else {
        out += t_[pos++];
      }
    }
    return out;  // unterminated compound quote: left for the command parser to reject
  }

  std::string resolve_ref(const std::string& inner, size_t start) {
    if (!inner.empty() && inner[0] == '=') return inline_expression(inner.substr(1), start);
    if (!inner.empty() && inner[0] == ':') return s_.extended_function(inner.substr(1));
    std::string name = trim(inner);
    if (name.size() > 2 && (name.rfind("++", 0) == 0 || name.rfind("--", 0) == 0)) {
      std::string n = name.substr(2);
      double v = number_of(s_.macros.get_local(n)) + (name[0] == '+' ? 1 : -1);
      s_.macros.set_local(n, macro_number(v));
      return s_.macros.get_local(n);
    }
    if (name.size() > 2 &&
        (name.compare(name.size() - 2, 2, "++") == 0 || name.compare(name.size() - 2, 2, "--") == 0)) {
      std::string n = name.substr(0, name.size() - 2);
      std::string old = s_.macros.get_local(n);
      s_.macros.set_local(n, macro_number(number_of(old) + (name.back() == '+' ? 1 : -1)));
      return old;
    }
    if (is_result_ref(name)) return stored_result(name);
    return s_.macros.get_local(name);
  }

  /// `r(name)', `e(name)', `s(name)', `c(name)' ([P] macro): a stored result, not a
  /// local. Not `e(sample)' or matrices, which have no text value.
  static bool is_result_ref(const std::string& name) {
    if (name.size() < 4 || name[1] != '(' || name.back() != ')') return false;
    if (std::string_view("recs").find(name[0]) == std::string_view::npos) return false;
    for (size_t i = 2; i + 1 < name.size(); ++i)
      if (!name_char(name[i])) return false;
    return true;
  }

  /// The text of a stored result: a string as it is, a number as `local x = r(name)`
  /// would store it, and "" when there is no such result (as Stata expands it).
  std::string stored_result(const std::string& name) {
    const char cls = name[0];
    const std::string key = name.substr(2, name.size() - 3);
    EvalEnv::Lookup lk = s_.result(cls, key);
    if (lk.found) return lk.is_string ? lk.str : macro_number(lk.num);
    if (cls != 'c') return std::string();
    // c() values the evaluator knows without a session (c(current_date), c(Mons), ...).
    Value v = s_.eval_scalar_text(name, 0);
    if (v.is_string) return v.str.empty() ? std::string() : v.str[0];
    if (v.num.empty() || missing::is_missing(v.num[0])) return std::string();
    return macro_number(v.num[0]);
  }

  double number_of(const std::string& s) {
    std::string t = trim(s);
    if (t.empty()) return 0;
    try {
      size_t used = 0;
      double v = std::stod(t, &used);
      if (used == t.size()) return v;
    } catch (...) {
    }
    return 0;
  }

  std::string inline_expression(const std::string& text, size_t start) {
    try {
      Value v = s_.eval_scalar_text(text, 0);
      if (v.is_string) return v.str.empty() ? std::string() : v.str[0];
      return macro_number(v.num.empty() ? missing::kSysmiss : v.num[0]);
    } catch (XtdoError& e) {
      e.shift_pos(base_ + static_cast<int>(start) + 2);
      throw;
    }
  }
};

std::string Session::expand_macros(const std::string& text, int line_pos_base) {
  if (text.find('`') == std::string::npos && text.find('$') == std::string::npos) return text;
  MacroExpander ex(*this, text, line_pos_base);
  return ex.run();
}

/// The extended macro functions ([P] macro): `: word count`, `: word # of`,
/// `: variable label`, `: value label`, `: label`, `: type`, `: format`, `: list ...`,
/// `: display`, `: di`.
std::string Session::extended_function(const std::string& spec_in) {
  std::string spec = trim(spec_in);
  auto words = grammar::split_words(spec);
  auto rest_after = [&](size_t nwords) {
    // Text after the first `nwords` blank-separated words of spec.
    size_t pos = 0;
    for (size_t w = 0; w < nwords; ++w) {
      while (pos < spec.size() && spec[pos] == ' ') ++pos;
      while (pos < spec.size() && spec[pos] != ' ') ++pos;
    }
    return trim(spec.substr(std::min(pos, spec.size())));
  };
  if (words.empty()) throw XtdoError(198, "invalid extended macro function");
  const std::string& fn = words[0];
  if (fn == "word" && words.size() >= 2 && words[1] == "count") {
    return std::to_string(grammar::split_words(rest_after(2)).size());
  }
  if (fn == "word" && words.size() >= 3 && words[2] == "of") {
    auto list = grammar::split_words(rest_after(3));
    int k = std::atoi(words[1].c_str());
    if (k >= 1 && k <= static_cast<int>(list.size())) return list[k - 1];
    return "";
  }
  if ((fn == "variable" || fn == "var") && words.size() >= 3 && words[1] == "label") {
    std::string v = resolve_name(data, words[2]);
    return data.get(v)->label;
  }
  if (fn == "value" && words.size() >= 3 && words[1] == "label") {
    std::string v = resolve_name(data, words[2]);
    return data.get(v)->value_label;
  }
  if (fn == "type" && words.size() >= 2) {
    const Column* c = data.get(resolve_name(data, words[1]));
    return storage_name(c->type, c->str_width);
  }
  if (fn == "format" && words.size() >= 2) {
    return data.get(resolve_name(data, words[1]))->format;
  }
  if (fn == "label" && words.size() >= 3) {
    std::string lbl = words[1];
    if (lbl.size() > 2 && lbl.front() == '(' && lbl.back() == ')') {
      lbl = data.get(resolve_name(data, lbl.substr(1, lbl.size() - 2)))->value_label;
    }
    if (words[2] == "maxlength") {
      size_t m = 0;
      auto it = data.value_labels.find(lbl);
      if (it != data.value_labels.end())
        for (auto& [k, t] : it->second) m = std::max(m, t.size());
      return std::to_string(m);
    }
    double k = std::atof(words[2].c_str());
    auto it = data.value_labels.find(lbl);
    if (it == data.value_labels.end()) {
      if (words[1].front() == '(') return words[2];
      throw XtdoError(111, fmt::format("value label {} not found", lbl));
    }
    auto lt = it->second.find(k);
    return lt == it->second.end() ? words[2] : lt->second;
  }
  if (fn == "list" && words.size() >= 3) {
    const std::string& op = words[1];
    auto list_of = [&](const std::string& name) { return grammar::split_words(macros.get_local(name)); };
    if (op == "sizeof") return std::to_string(list_of(words[2]).size());
    if (op == "uniq" || op == "dups" || op == "sort" || op == "retokenize" || op == "clean") {
      auto l = list_of(words[2]);
      std::vector<std::string> out;
      if (op == "uniq") {
        for (auto& w : l)
          if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
      } else if (op == "dups") {
        std::vector<std::string> seen;
        for (auto& w : l) {
          if (std::find(seen.begin(), seen.end(), w) != seen.end()) out.push_back(w);
          else seen.push_back(w);
        }
      } else if (op == "sort") {
        out = l;
        std::sort(out.begin(), out.end());
      } else {
        out = l;
      }
      return join_words(out);
    }
    if (op == "posof" && words.size() >= 5) {
      // `: list posof "elem" in listname'
      auto l = list_of(words[4]);
      for (size_t i = 0; i < l.size(); ++i)
        if (l[i] == words[2]) return std::to_string(i + 1);
      return "0";
    }
    if (words.size() >= 4) {
      // `: list A | B', `: list A & B', `: list A - B', `: list A in B', `: list A == B'
      auto a = list_of(words[1]);
      auto b = list_of(words[3]);
      const std::string& o = words[2];
      auto has = [](const std::vector<std::string>& l, const std::string& w) {
        return std::find(l.begin(), l.end(), w) != l.end();
      };
      std::vector<std::string> out;
      if (o == "|") {
        out = a;
        for (auto& w : b)
          if (!has(out, w)) out.push_back(w);
      } else if (o == "&") {
        for (auto& w : a)
          if (has(b, w) && !has(out, w)) out.push_back(w);
      } else if (o == "-") {
        for (auto& w : a)
          if (!has(b, w)) out.push_back(w);
      } else if (o == "in") {
        for (auto& w : a)
          if (!has(b, w)) return "0";
        return "1";
      } else if (o == "==" || o == "===") {
        return a == b ? "1" : "0";
      } else {
        throw XtdoError(198, fmt::format("invalid list operator {}", o));
      }
      return join_words(out);
    }
  }
  if (fn == "display" || fn == "di") {
    // `: di %fmt exp'
    std::string rest = rest_after(1);
    std::string fmtstr;
    if (!rest.empty() && rest[0] == '%') {
      size_t e = rest.find(' ');
      fmtstr = rest.substr(0, e);
      rest = e == std::string::npos ? "" : rest.substr(e + 1);
    }
    Value v = eval_scalar_text(rest, 0);
    if (v.is_string) return v.str.empty() ? "" : v.str[0];
    double x = v.num.empty() ? missing::kSysmiss : v.num[0];
    std::string s = fmtstr.empty() ? format_default(x) : format_number(x, fmtstr);
    return fmtstr.empty() ? s : s;
  }
  if ((fn == "colnames" || fn == "rownames" || fn == "colfullnames" || fn == "rowfullnames" ||
       fn == "rowsof" || fn == "colsof") && words.size() >= 2) {
    // Matrix names, including e(b), e(V), r(table): `: colnames e(b)'.
    const Matrix* m = matrix(words[1]);
    if (!m) throw XtdoError(111, fmt::format("matrix {} not found", words[1]));
    if (fn == "rowsof") return std::to_string(m->rows);
    if (fn == "colsof") return std::to_string(m->cols);
    const auto& names = fn[0] == 'c' ? m->colnames : m->rownames;
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
    return out;
  }
  if (fn == "data" && words.size() >= 2 && words[1] == "label") return data.label;
  if (fn == "environment" || fn == "env") {
    const char* v = std::getenv(rest_after(1).c_str());
    return v ? v : "";
  }
  if (fn == "piece" || fn == "subinstr" || fn == "strlen" || fn == "length") {
    if (fn == "length" && words.size() >= 3 && words[1] == "local") {
      return std::to_string(macros.get_local(words[2]).size());
    }
  }
  throw XtdoError(198, fmt::format("extended macro function {} not supported", fn));
}

}  // namespace xtdo
