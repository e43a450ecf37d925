// Command lines ([U] 11.1): prefixes and the command word (parse_command_head),
// then the standard pieces args / if / in / [weight] / using / , options
// (parse_command_body). Hand-written: the pieces are found by a quote- and
// bracket-aware scan; the expressions inside them are parsed later by their users.

#include <algorithm>
#include <string>

#include "scan.hpp"
#include "xtdo/grammar.hpp"

namespace xtdo::grammar {

namespace {

using detail::is_blank;
using detail::is_name_char;

/// `word` abbreviates `full` with at least `min_len` characters (Stata's
/// underlined-abbreviation rule, case-sensitive like command names).
bool abbreviates(std::string_view word, std::string_view full, std::size_t min_len) {
  return word.size() >= min_len && word.size() <= full.size() &&
         full.substr(0, word.size()) == word;
}

std::size_t skip_blanks(std::string_view text, std::size_t at) {
  while (at < text.size() && is_blank(text[at])) ++at;
  return at;
}

std::size_t name_end(std::string_view text, std::size_t at) {
  while (at < text.size() && is_name_char(text[at])) ++at;
  return at;
}

/// Index of the bracket closing the one opened at `open` (quotes skipped), or npos.
std::size_t matching_close(std::string_view text, std::size_t open) {
  int depth = 0;
  std::size_t i = open;
  while (i < text.size()) {
    std::size_t after = detail::skip_quoted(text, i);
    if (after == std::string_view::npos) return after;
    if (after != i) {
      i = after;
      continue;
    }
    char c = text[i];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && --depth == 0) return i;
    ++i;
  }
  return std::string_view::npos;
}

/// A Span holding `text[begin, end)` trimmed, positioned in the full line.
ast::Span trimmed_span(std::string_view text, std::size_t begin, std::size_t end, int base) {
  while (begin < end && is_blank(text[begin])) ++begin;
  while (end > begin && is_blank(text[end - 1])) --end;
  return {std::string(text.substr(begin, end - begin)), static_cast<int>(begin) + base};
}

/// Blank-separated words of `text`, with their offsets.
std::vector<std::pair<std::string, std::size_t>> words_at(std::string_view text,
                                                          std::size_t offset) {
  std::vector<std::pair<std::string, std::size_t>> words;
  std::size_t i = 0;
  while ((i = skip_blanks(text, i)) < text.size()) {
    std::size_t end = i;
    while (end < text.size() && !is_blank(text[end])) ++end;
    words.emplace_back(std::string(text.substr(i, end - i)), i + offset);
    i = end;
  }
  return words;
}

/// `by varlist [(sortvars)] [, sort rc0]` ([D] by): `text` is what lies between
/// the word `by`/`bysort` and the colon, starting at `offset` in the line.
void parse_by_list(std::string_view text, std::size_t offset, ast::Prefix& prefix) {
  std::size_t comma = std::string_view::npos;
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') --depth;
    if (depth < 0 || depth > 1) {  // sort variables are one flat parenthesised list
      throw XtdoError(198, "invalid by varlist", static_cast<int>(offset + i));
    }
    if (text[i] == ',' && depth == 0) {
      comma = i;
      break;
    }
  }
  if (depth != 0) throw XtdoError(132, "too few ')' or ']'", static_cast<int>(offset));
  std::string_view vars = text.substr(0, comma);
  std::size_t i = 0;
  while (i < vars.size()) {
    std::size_t open = vars.find('(', i);
    std::size_t stop = open == std::string_view::npos ? vars.size() : open;
    for (auto& [word, at] : words_at(vars.substr(i, stop - i), 0)) prefix.by_vars.push_back(word);
    if (open == std::string_view::npos) break;
    std::size_t close = vars.find(')', open);
    for (auto& [word, at] : words_at(vars.substr(open + 1, close - open - 1), 0)) {
      prefix.sort_vars.push_back(word);
    }
    i = close + 1;
  }
  if (prefix.by_vars.empty()) {
    throw XtdoError(100, "varlist required", static_cast<int>(offset));
  }
  if (comma == std::string_view::npos) return;
  for (auto& [word, at] : words_at(text.substr(comma + 1), offset + comma + 1)) {
    if (abbreviates(word, "sort", 1)) {
      prefix.name = "bysort";
    } else if (word == "rc0") {
      prefix.rc0 = true;
    } else {
      throw XtdoError(198, "option " + word + " not allowed", static_cast<int>(at));
    }
  }
}

/// Weight keywords ([U] 11.1.6), abbreviations normalised; "" when not a weight.
std::string weight_type(std::string_view word) {
  if (abbreviates(word, "aweight", 2)) return "aweight";
  if (abbreviates(word, "fweight", 2) || abbreviates(word, "frequency", 4)) return "fweight";
  if (abbreviates(word, "pweight", 2)) return "pweight";
  if (abbreviates(word, "iweight", 2)) return "iweight";
  if (word == "weight") return "weight";
  return "";
}

/// A top-level `[` opens a weight only as `[type = ...`; otherwise it is a
/// subscript such as `x[_n-1]` inside an expression.
bool weight_starts(std::string_view text, std::size_t open) {
  std::size_t i = skip_blanks(text, open + 1);
  std::size_t end = name_end(text, i);
  if (weight_type(text.substr(i, end - i)).empty()) return false;
  end = skip_blanks(text, end);
  return end < text.size() && text[end] == '=' && (end + 1 >= text.size() || text[end + 1] != '=');
}

/// `if`, `in` or `using` as a whole word at `at`; its length, or 0.
std::size_t keyword_at(std::string_view text, std::size_t at) {
  if (at > 0 && !is_blank(text[at - 1]) && text[at - 1] != ']') return 0;
  for (std::string_view word : {"if", "in", "using"}) {
    if (text.compare(at, word.size(), word) != 0) continue;
    std::size_t next = at + word.size();
    // `in*`, `inv?` and `if~x` are varlist wildcards, not qualifiers.
    if (next < text.size() && (is_name_char(text[next]) || text[next] == '.' || text[next] == '*' ||
                               text[next] == '?' || text[next] == '~'))
      continue;
    return word.size();
  }
  return 0;
}

/// `, name name(arg) ...` ([U] 11.1.7): arg is the verbatim text between the
/// balanced parentheses.
void parse_options(std::string_view text, std::size_t from, int base, ast::Command& cmd) {
  std::size_t i = from;
  while ((i = skip_blanks(text, i)) < text.size()) {
    std::size_t end = name_end(text, i);
    if (end == i) throw XtdoError(198, "invalid syntax", static_cast<int>(i) + base);
    ast::Option option;
    option.name = std::string(text.substr(i, end - i));
    option.pos = static_cast<int>(i) + base;
    std::size_t next = skip_blanks(text, end);
    if (next < text.size() && text[next] == '(') {
      std::size_t close = matching_close(text, next);
      if (close == std::string_view::npos) {
        throw XtdoError(132, "too few ')' or ']'", static_cast<int>(next) + base);
      }
      option.arg = std::string(text.substr(next + 1, close - next - 1));
      end = close + 1;
    }
    cmd.options.push_back(std::move(option));
    i = end;
  }
}

}  // namespace

ast::Command parse_command_head(std::string_view line) {
  ast::Command cmd;
  std::size_t i = skip_blanks(line, 0);
  // Prefixes ([U] 11.1.10 prefix commands) chain in any order, each optionally
  // followed by a colon: `capture quietly by id: ...`, `qui: reg ...`.
  while (i < line.size()) {
    std::size_t end = name_end(line, i);
    std::string_view word = line.substr(i, end - i);
    ast::Prefix prefix;
    prefix.pos = static_cast<int>(i);
    if (abbreviates(word, "quietly", 3)) {
      prefix.name = "quietly";
    } else if (abbreviates(word, "noisily", 1)) {
      prefix.name = "noisily";
    } else if (abbreviates(word, "capture", 3)) {
      prefix.name = "capture";
    } else if (word == "by" || abbreviates(word, "bysort", 3)) {
      prefix.name = word == "by" ? "by" : "bysort";
      std::size_t colon = end;
      int depth = 0;
      while (colon < line.size() && !(line[colon] == ':' && depth == 0)) {
        std::size_t after = detail::skip_quoted(line, colon);
        if (after == std::string_view::npos) {
          throw XtdoError(198, "unmatched quote", static_cast<int>(colon));
        }
        if (after != colon) {
          colon = after;
          continue;
        }
        if (line[colon] == '(') ++depth;
        if (line[colon] == ')') --depth;
        ++colon;
      }
      if (colon >= line.size()) {
        throw XtdoError(198, word.empty() ? "invalid syntax" : std::string(word) + " requires ':'",
                        static_cast<int>(i));
      }
      parse_by_list(line.substr(end, colon - end), end, prefix);
      cmd.prefixes.push_back(std::move(prefix));
      i = skip_blanks(line, colon + 1);
      continue;
    } else {
      break;
    }
    cmd.prefixes.push_back(std::move(prefix));
    i = skip_blanks(line, end);
    if (i < line.size() && line[i] == ':') i = skip_blanks(line, i + 1);
  }

  // The command word: a name, or one of the characters the interpreter handles
  // itself (`!` = shell, braces of blocks); anything else up to a blank so the
  // "unrecognized command" message can quote it.
  std::size_t end = i;
  if (i < line.size()) {
    char c = line[i];
    if (c == '!' || c == '{' || c == '}') {
      end = i + 1;
    } else if (is_name_char(c)) {
      end = name_end(line, i);
    } else {
      while (end < line.size() && !is_blank(line[end])) ++end;
    }
  }
  cmd.name = std::string(line.substr(i, end - i));
  if (cmd.name == "!") cmd.name = "shell";
  cmd.name_pos = static_cast<int>(i);
  cmd.rest = {std::string(line.substr(end)), static_cast<int>(end)};
  return cmd;
}

void parse_command_body(ast::Command& cmd) {
  const std::string_view text = cmd.rest.text;
  const int base = cmd.rest.pos;
  std::vector<char> mask = detail::top_level_mask(text, base);

  std::size_t comma = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (mask[i] && text[i] == ',') {
      comma = i;
      break;
    }
  }
  const std::size_t main_end = comma == std::string_view::npos ? text.size() : comma;

  // Marks where each piece starts: if, in, using and [weight] may come in any order.
  enum class Piece { If, In, Using, Weight };
  struct Mark {
    Piece piece;
    std::size_t start;    ///< the keyword or `[`
    std::size_t content;  ///< first byte after the keyword / inside the brackets
    std::size_t close;    ///< `]` of a weight; npos otherwise
  };
  std::vector<Mark> marks;
  for (std::size_t i = 0; i < main_end; ++i) {
    if (!mask[i]) continue;
    if (text[i] == '[' && weight_starts(text, i)) {
      std::size_t close = matching_close(text, i);
      marks.push_back({Piece::Weight, i, i + 1, close});
      i = close;
      continue;
    }
    if (std::size_t len = keyword_at(text, i)) {
      Piece piece = len == 5 ? Piece::Using : text[i + 1] == 'f' ? Piece::If : Piece::In;
      marks.push_back({piece, i, i + len, std::string_view::npos});
      i += len - 1;
    }
  }

  std::size_t args_end = marks.empty() ? main_end : marks.front().start;
  cmd.args = trimmed_span(text, 0, args_end, base);
  if (cmd.args.text.empty()) cmd.args.pos = base + static_cast<int>(args_end);

  for (std::size_t m = 0; m < marks.size(); ++m) {
    const Mark& mark = marks[m];
    const std::size_t piece_end = m + 1 < marks.size() ? marks[m + 1].start : main_end;
    const int at = static_cast<int>(mark.start) + base;
    auto once = [&](bool already) {
      if (already) throw XtdoError(198, "invalid syntax", at);
    };
    if (mark.piece == Piece::Weight) {
      once(cmd.weight_type.has_value());
      std::size_t word = skip_blanks(text, mark.content);
      std::size_t word_end = name_end(text, word);
      cmd.weight_type = weight_type(text.substr(word, word_end - word));
      std::size_t equals = text.find('=', word_end);
      cmd.weight_exp = trimmed_span(text, equals + 1, mark.close, base);
      if (cmd.weight_exp->text.empty()) {
        throw XtdoError(198, "invalid syntax", static_cast<int>(mark.close) + base);
      }
      std::size_t junk = skip_blanks(text, mark.close + 1);
      if (junk < piece_end) throw XtdoError(198, "invalid syntax", static_cast<int>(junk) + base);
      continue;
    }
    ast::Span content = trimmed_span(text, mark.content, piece_end, base);
    if (content.text.empty()) throw XtdoError(198, "invalid syntax", at);
    if (mark.piece == Piece::If) {
      once(cmd.if_exp.has_value());
      cmd.if_exp = std::move(content);
    } else if (mark.piece == Piece::In) {
      once(cmd.in_range.has_value());
      cmd.in_range = std::move(content);
    } else {
      once(cmd.using_file.has_value());
      // A filename is one word unless quoted ([U] 11.6); the quotes are removed.
      std::string_view name = content.text;
      std::size_t after = detail::skip_quoted(name, 0);
      std::size_t strip = 0;
      if (after != 0) {
        strip = name[0] == '"' ? 1 : 2;
      } else {
        after = 0;
        while (after < name.size() && !is_blank(name[after])) ++after;
      }
      std::size_t junk = skip_blanks(name, after);
      if (junk < name.size()) {
        throw XtdoError(198, "invalid '" + std::string(name.substr(junk)) + "'",
                        content.pos + static_cast<int>(junk));
      }
      cmd.using_file = ast::Span{std::string(name.substr(strip, after - 2 * strip)),
                                 content.pos + static_cast<int>(strip)};
    }
  }

  cmd.has_comma = comma != std::string_view::npos;
  cmd.options.clear();
  if (cmd.has_comma) parse_options(text, comma + 1, base, cmd);
}

}  // namespace xtdo::grammar
