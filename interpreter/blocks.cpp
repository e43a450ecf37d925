// Block structure of scripts: foreach, forvalues, while, if/else, { } groups,
// capture/quietly/noisily blocks and `program define ... end`. Bodies are kept as
// raw logical lines and macro-expanded again on every pass, as Stata does.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "xtdo/session.hpp"
#include "xtdo/util.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {

namespace {

using util::trim;


std::string first_word(const std::string& t) {
  size_t e = 0;
  while (e < t.size() && t[e] != ' ' && t[e] != '\t' && t[e] != '{' && t[e] != ',' && t[e] != ':')
    ++e;
  return t.substr(0, e);
}

bool ends_with_brace(const std::string& t) { return !t.empty() && t.back() == '{'; }

/// Is `w` an abbreviation of `full` of at least `min` characters?
bool abbrev(const std::string& w, const char* full, size_t min) {
  std::string f(full);
  return w.size() >= min && w.size() <= f.size() && f.compare(0, w.size(), w) == 0;
}

/// Index of the `}` line closing the block opened at `open`, or throws 198.
size_t block_end(const std::vector<grammar::LogicalLine>& lines, size_t open) {
  int depth = 1;
  for (size_t j = open + 1; j < lines.size(); ++j) {
    std::string t = trim(lines[j].text);
    if (!t.empty() && t[0] == '}') {
      if (--depth == 0) return j;
      if (ends_with_brace(t)) ++depth;
    } else if (ends_with_brace(t)) {
      ++depth;
    }
  }
  throw XtdoError(198, fmt::format("unmatched '{{': the block opened on line {} is never closed",
                                   lines[open].line));
}

/// A prefix-only block opener: `capture {`, `quietly {`, `capture noisily {`, `{`.
bool prefix_block(const std::string& t, std::vector<std::string>& prefixes) {
  if (!ends_with_brace(t)) return false;
  std::string head = trim(t.substr(0, t.size() - 1));
  if (!head.empty() && head.back() == ':') head = trim(head.substr(0, head.size() - 1));
  prefixes.clear();
  auto words = grammar::split_words(head);
  for (auto& w : words) {
    if (abbrev(w, "capture", 3)) prefixes.push_back("capture");
    else if (abbrev(w, "quietly", 3)) prefixes.push_back("quietly");
    else if (abbrev(w, "noisily", 1)) prefixes.push_back("noisily");
    else return false;
  }
  return true;
}

}  // namespace

/// Runs a list of logical lines, recognising block openers.
class BlockRunner {
 public:
  BlockRunner(Session& s, const std::vector<grammar::LogicalLine>& lines, const std::string& file)
      : s_(s), lines_(lines), file_(file) {}

  void run() {
    size_t i = 0;
    while (i < lines_.size()) i = step(i);
  }

 private:
  Session& s_;
  const std::vector<grammar::LogicalLine>& lines_;
  const std::string& file_;

  std::vector<grammar::LogicalLine> body(size_t open, size_t close) const {
    return std::vector<grammar::LogicalLine>(lines_.begin() + open + 1, lines_.begin() + close);
  }

  /// Echo a block as Stata's do shows it: the opener, then numbered body lines.
  void echo_block(size_t open, size_t close, int first_number = 2) {
    if (!echoing()) return;
    s_.echo_comments(lines_[open]);
    s_.console.echo(trim(echo_of(lines_[open])));
    int k = first_number;
    for (size_t j = open + 1; j <= close && j < lines_.size(); ++j) {
      for (const std::string& c : lines_[j].echo_before)
        s_.console.print(fmt::format("{:>3}. {}\n", k++, c));
      if (!lines_[j].text.empty())
        s_.console.print(fmt::format("{:>3}. {}\n", k++, echo_of(lines_[j])));
    }
  }

  bool echoing() const {
    return s_.console.echo_commands && !s_.console.quiet() && s_.block_depth_ == 0;
  }

  /// A line as typed (indentation and comments kept), as Stata's do echoes it.
  static const std::string& echo_of(const grammar::LogicalLine& l) {
    return l.echo.empty() ? l.text : l.echo;
  }

  /// Run a body in a nested scope of block execution (no echo inside).
  void run_body(const std::vector<grammar::LogicalLine>& b) {
    ++s_.block_depth_;
    try {
      BlockRunner(s_, b, file_).run();
    } catch (...) {
      --s_.block_depth_;
      throw;
    }
    --s_.block_depth_;
  }

  /// Expand and locate errors in a block header.
  std::string header(size_t i, const std::string& text) {
    s_.set_location(file_, lines_[i].line, text);
    return s_.expand_macros(text);
  }

  size_t step(size_t i) {
    std::string t = trim(lines_[i].text);
    if (t.empty()) return i + 1;
    std::string w = first_word(t);
    std::vector<std::string> prefixes;

    if (w == "foreach" && ends_with_brace(t)) return do_foreach(i);
    if (abbrev(w, "forvalues", 4) && ends_with_brace(t)) return do_forvalues(i);
    if (w == "while" && ends_with_brace(t)) return do_while(i);
    if (w == "if" && ends_with_brace(t)) return do_if(i);
    if (w == "if") return do_if_command(i);
    if (w == "else") {
      s_.set_location(file_, lines_[i].line, t);
      throw XtdoError(198, "else without a preceding if { } block", 0);
    }
    if (w == "program" && is_program_define(t)) return do_program(i);
    if (prefix_block(t, prefixes)) return do_group(i, prefixes);
    if (w == "input" || w == "inpu" || w == "inp") return do_input(i);
    s_.execute_line(lines_[i], file_);
    return i + 1;
  }

  bool is_program_define(const std::string& t) {
    auto words = grammar::split_words(t);
    if (words.size() < 2) return false;
    const std::string& w = words[1];
    if (abbrev(w, "define", 3)) return true;
    static const char* verbs[] = {"drop", "dir", "list"};
    for (const char* v : verbs)
      if (w == v) return false;
    return w.find(',') == std::string::npos;
  }

  void with_loop_control(const std::vector<grammar::LogicalLine>& b, bool& stop) {
    try {
      run_body(b);
    } catch (const LoopControl& lc) {
      if (lc.is_break) stop = true;
    }
  }

  size_t do_foreach(size_t i) {
    size_t close = block_end(lines_, i);
    echo_block(i, close);
    std::string raw = trim(lines_[i].text);
    std::string h = header(i, raw.substr(0, raw.size() - 1));
    auto words = grammar::split_words(h);
    if (words.size() < 3) throw XtdoError(198, "foreach: invalid syntax (foreach name in|of ...)");
    std::string name = words[1];
    std::vector<std::string> items;
    // The list text after `in` or `of type`, kept verbatim for varlist/numlist parsing.
    size_t kw = h.find(' ' + words[2]);
    std::string after = trim(h.substr(kw + 1 + words[2].size()));
    if (words[2] == "in") {
      items = grammar::split_words(after);
    } else if (words[2] == "of") {
      if (words.size() < 4) throw XtdoError(198, "foreach: list type expected after of");
      std::string type = words[3];
      std::string list = trim(after.substr(type.size()));
      if (type == "local") {
        items = grammar::split_words(s_.macros.get_local(trim(list)));
      } else if (type == "global") {
        items = grammar::split_words(s_.macros.get_global(trim(list)));
      } else if (abbrev(type, "varlist", 3)) {
        items = expand_names(s_.data, list, kVlAllowEmpty);
      } else if (abbrev(type, "newlist", 3)) {
        items = grammar::split_words(list);
      } else if (abbrev(type, "numlist", 3)) {
        for (double v : grammar::parse_numlist(list)) items.push_back(macro_number(v));
      } else {
        throw XtdoError(198, fmt::format("foreach: unknown list type {}", type));
      }
    } else {
      throw XtdoError(198, "foreach: in or of expected");
    }
    auto b = body(i, close);
    bool stop = false;
    for (const auto& item : items) {
      s_.macros.set_local(name, item);
      with_loop_control(b, stop);
      if (stop) break;
    }
    return close + 1;
  }

  size_t do_forvalues(size_t i) {
    size_t close = block_end(lines_, i);
    echo_block(i, close);
    std::string raw = trim(lines_[i].text);
    std::string h = header(i, raw.substr(0, raw.size() - 1));
    size_t eq = h.find('=');
    if (eq == std::string::npos) throw XtdoError(198, "forvalues: name = range expected");
    size_t sp = h.find(' ');
    std::string name = trim(h.substr(sp, eq - sp));
    std::string range = trim(h.substr(eq + 1));
    double a, step, b;
    // Forms: a/b, a(d)b, a[,] a2 to b / a a2 : b (step = a2 - a).
    auto num = [&](const std::string& s) {
      std::string x = trim(s);
      Value v = s_.eval_scalar_text(x, 0);
      if (v.is_string || v.num.empty() || missing::is_missing(v.num[0]))
        throw XtdoError(198, fmt::format("forvalues: invalid range {}", range));
      return v.num[0];
    };
    size_t slash = range.find('/');
    size_t lp = range.find('(');
    if (slash != std::string::npos) {
      a = num(range.substr(0, slash));
      b = num(range.substr(slash + 1));
      step = 1;
    } else if (lp != std::string::npos) {
      size_t rp = range.find(')', lp);
      if (rp == std::string::npos) throw XtdoError(198, "forvalues: invalid range");
      a = num(range.substr(0, lp));
      step = num(range.substr(lp + 1, rp - lp - 1));
      b = num(range.substr(rp + 1));
    } else {
      size_t to = range.find(" to ");
      size_t colon = range.find(':');
      size_t cut = to != std::string::npos ? to : colon;
      if (cut == std::string::npos) throw XtdoError(198, fmt::format("forvalues: invalid range {}", range));
      auto firsts = grammar::split_words(range.substr(0, cut));
      std::string first_text = range.substr(0, cut);
      for (char& c : first_text)
        if (c == ',') c = ' ';
      firsts = grammar::split_words(first_text);
      if (firsts.size() != 2) throw XtdoError(198, "forvalues: invalid range");
      a = num(firsts[0]);
      step = num(firsts[1]) - a;
      b = num(range.substr(cut + (to != std::string::npos ? 4 : 1)));
    }
    if (step == 0) throw XtdoError(198, "forvalues: step may not be zero");
    auto bdy = body(i, close);
    bool stop = false;
    // Count iterations up front so that floating steps (0.1) do not drift.
    double n = std::floor((b - a) / step + 1e-9);
    for (double k = 0; k <= n && !stop; ++k) {
      double v = a + k * step;
      s_.macros.set_local(name, macro_number(v));
      with_loop_control(bdy, stop);
    }
    return close + 1;
  }

  size_t do_while(size_t i) {
    size_t close = block_end(lines_, i);
    echo_block(i, close);
    std::string raw = trim(lines_[i].text);
    std::string cond = trim(raw.substr(5, raw.size() - 6));
    auto b = body(i, close);
    bool stop = false;
    while (!stop) {
      // The condition is re-expanded on every pass (it usually holds a macro).
      std::string h = header(i, cond);
      if (!truth(h)) break;
      with_loop_control(b, stop);
    }
    return close + 1;
  }

  bool truth(const std::string& exp) {
    Value v = s_.eval_scalar_text(exp, 0);
    if (v.is_string) throw XtdoError(109, "type mismatch");
    return !v.num.empty() && v.num[0] != 0;
  }

  size_t do_if(size_t i) {
    size_t close = block_end(lines_, i);
    echo_block_chain(i);
    std::string raw = trim(lines_[i].text);
    bool taken = false;
    size_t open = i;
    std::string cond = trim(raw.substr(2, raw.size() - 3));
    while (true) {
      if (!taken && !cond.empty()) {
        std::string h = header(open, cond);
        if (truth(h)) {
          taken = true;
          run_body(body(open, close));
        }
      } else if (!taken && cond.empty()) {
        taken = true;
        run_body(body(open, close));
      }
      // Continue the chain: `} else [if ...] {` on the closing line, or `else` next.
      std::string closing = trim(lines_[close].text);
      std::string tail = trim(closing.substr(1));
      size_t next_open;
      if (!tail.empty()) {
        next_open = close;
      } else if (close + 1 < lines_.size() && first_word(trim(lines_[close + 1].text)) == "else") {
        next_open = close + 1;
        tail = trim(lines_[close + 1].text);
      } else {
        return close + 1;
      }
      if (first_word(tail) != "else" || !ends_with_brace(tail))
        throw XtdoError(198, "invalid syntax after }: expected else {");
      std::string rest = trim(tail.substr(4, tail.size() - 5));
      if (rest.rfind("if", 0) == 0 && (rest.size() == 2 || rest[2] == ' ' || rest[2] == '(')) {
        cond = trim(rest.substr(2));
        if (cond.empty()) throw XtdoError(198, "else if: condition expected");
      } else if (rest.empty()) {
        cond.clear();
      } else {
        throw XtdoError(198, "invalid syntax after else");
      }
      open = next_open;
      close = block_end(lines_, open);
    }
  }

  /// The one-line `if exp command` ([P] if): the condition is the longest leading
  /// text that parses as an expression; the rest runs as a command when it is true.
  size_t do_if_command(size_t i) {
    s_.echo_comments(lines_[i]);
    std::string raw = trim(lines_[i].text);
    s_.execute_line_with([&](const std::string& text) { s_.run_if_command(text.substr(2), 2); },
                         lines_[i], file_, raw);
    return i + 1;
  }

  void echo_block_chain(size_t i) {
    // Find the end of the whole if/else chain for echo purposes.
    size_t close = block_end(lines_, i);
    while (true) {
      std::string tail = trim(trim(lines_[close].text).substr(1));
      if (!tail.empty() && first_word(tail) == "else") {
        close = block_end(lines_, close);
      } else if (close + 1 < lines_.size() && first_word(trim(lines_[close + 1].text)) == "else") {
        close = block_end(lines_, close + 1);
      } else {
        break;
      }
    }
    echo_block(i, close);
  }

  size_t do_group(size_t i, const std::vector<std::string>& prefixes) {
    size_t close = block_end(lines_, i);
    echo_block(i, close);
    auto b = body(i, close);
    bool capture = std::find(prefixes.begin(), prefixes.end(), "capture") != prefixes.end();
    int pushed = 0;
    for (const auto& p : prefixes) {
      if (p == "quietly" || p == "capture") s_.console.push_quiet(true), ++pushed;
      if (p == "noisily") s_.console.push_quiet(false), ++pushed;
    }
    auto unwind = [&] {
      for (int k = 0; k < pushed; ++k) s_.console.pop_quiet();
    };
    try {
      run_body(b);
      if (capture) s_.rc = 0;
    } catch (XtdoError& e) {
      unwind();
      if (!capture) throw;
      s_.rc = e.rc();
      return close + 1;
    } catch (...) {
      unwind();
      throw;
    }
    unwind();
    return close + 1;
  }

  /// `input varlist` followed by data lines and `end`: the data lines are handed to
  /// the input command through Session::input_lines.
  size_t do_input(size_t i) {
    size_t end = i + 1;
    while (end < lines_.size() && trim(lines_[end].text) != "end") ++end;
    if (end >= lines_.size())
      throw XtdoError(198, fmt::format("input on line {} has no end", lines_[i].line));
    if (echoing()) {
      s_.echo_comments(lines_[i]);
      s_.console.echo(trim(echo_of(lines_[i])));
      for (size_t j = i + 1; j <= end; ++j)
        s_.console.print(fmt::format("{:>3}. {}\n", j - i, lines_[j].text));
    }
    s_.input_lines = body(i, end);
    int saved = s_.block_depth_;
    s_.block_depth_ = 1;  // already echoed
    try {
      s_.execute_line(lines_[i], file_);
    } catch (...) {
      s_.block_depth_ = saved;
      s_.input_lines.clear();
      throw;
    }
    s_.block_depth_ = saved;
    s_.input_lines.clear();
    return end + 1;
  }

  size_t do_program(size_t i) {
    s_.set_location(file_, lines_[i].line, trim(lines_[i].text));
    size_t end = i + 1;
    while (end < lines_.size() && trim(lines_[end].text) != "end") ++end;
    if (end >= lines_.size())
      throw XtdoError(198, fmt::format("program defined on line {} has no end", lines_[i].line));
    echo_block(i, end);
    std::string h = s_.expand_macros(trim(lines_[i].text));
    std::string opts;
    size_t comma = h.find(',');
    if (comma != std::string::npos) {
      opts = trim(h.substr(comma + 1));
      h = h.substr(0, comma);
    }
    auto words = grammar::split_words(h);
    std::string name = words.size() >= 3 && abbrev(words[1], "define", 3) ? words[2]
                                                                          : words.size() >= 2 ? words[1] : "";
    if (!valid_name(name)) throw XtdoError(198, fmt::format("program: invalid name '{}'", name));
    if (s_.programs.count(name))
      throw XtdoError(110, fmt::format("program {} already defined", name));
    Program p;
    p.name = name;
    p.file = file_;
    p.props = opts;
    p.body = body(i, end);
    s_.programs[name] = std::move(p);
    return end + 1;
  }
};

void Session::run_lines(const std::vector<grammar::LogicalLine>& lines, const std::string& file) {
  BlockRunner(*this, lines, file).run();
}

}  // namespace xtdo
