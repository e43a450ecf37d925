// Public interface of the grammar target: lines, expressions, varlists and
// command lines in, typed ast:: values out. No PEGTL type appears here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "xtdo/ast.hpp"
#include "xtdo/error.hpp"

namespace xtdo::grammar {

/// One logical line of a script: comments removed, `///` continuations joined,
/// `#delimit ;` statements split. `line` is the 1-based physical line where it starts.
struct LogicalLine {
  std::string text;
  int line = 0;
  /// The line as a do-file echoes it: the physical text as typed (comments and
  /// indentation kept), continuation lines joined by "\n> " (cr mode only).
  std::string echo;
  /// Comment-only and blank lines just before this one, as typed: Stata echoes them
  /// too. A final line with empty `text` carries comments that end a script.
  std::vector<std::string> echo_before;
};

/// State carried across calls of `LineSplitter::feed` (for the prompt, which
/// receives one physical line at a time).
class LineSplitter {
 public:
  /// Feed one physical line (without trailing newline). Returns the logical lines
  /// that are complete after it (possibly none, e.g. inside `/* */` or after `///`).
  std::vector<LogicalLine> feed(std::string_view physical, int line_no);
  /// Lines still pending at end of input (an unterminated `;` statement is returned
  /// as is; an unterminated `/* */` comment throws XtdoError rc 198... rather than
  /// silently eating the rest of the file).
  std::vector<LogicalLine> finish();
  /// True while a continuation (`///`, open `/*`, or `#delimit ;` statement) is pending.
  bool pending() const;
  bool delimit_semicolon() const { return semicolon_; }

 private:
  std::string buffer_;
  int start_line_ = 0;
  int comment_depth_ = 0;
  bool continuation_ = false;
  bool semicolon_ = false;
  int comment_line_ = 0;  ///< physical line where the open `/*` started (for the error)
  std::vector<std::string> raw_;           ///< physical lines of the statement being read
  std::vector<std::string> pending_echo_;  ///< comment/blank lines not yet attached
};

/// Split a whole script text into logical lines (Stata [P] #delimit, [U] 16.1.2 comments).
std::vector<LogicalLine> split_lines(std::string_view script);

/// Parse a Stata expression. Positions in the tree are offsets into `text` plus
/// `base_offset`. Throws XtdoError(198) with a position on a syntax error.
ast::ExprPtr parse_expression(std::string_view text, int base_offset = 0);

/// Split the command word and prefixes from a logical line:
/// `capture quietly by id: gen x = 1` → prefixes {capture, quietly, by id}, name "gen",
/// rest " x = 1". Only `rest` is filled of the body pieces.
ast::Command parse_command_head(std::string_view line);

/// Fill the standard pieces (args, if, in, weight, using, options) of `cmd` from
/// `cmd.rest`. Commas, `if`, `in` and `[` inside quotes or parentheses do not count.
/// Throws XtdoError(198) on unbalanced quotes/parentheses or a malformed option list.
void parse_command_body(ast::Command& cmd);

/// Parse a varlist into terms (names, wildcards, ranges, ts operators, factor
/// variables). Does not look anything up in a dataset.
std::vector<ast::VarTerm> parse_varlist(std::string_view text, int base_offset = 0);

/// Parse a Stata numlist ("1/5", "1(2)9", "10 20 30", "5/1", "1 2 to 4"? no) into numbers.
std::vector<double> parse_numlist(std::string_view text, int base_offset = 0);

/// Split on blanks respecting "double quotes" and `"compound quotes"' (Stata's
/// tokenisation for `foreach ... in`, `tokenize`, `: word`). Quotes are stripped.
std::vector<std::string> split_words(std::string_view text);

}  // namespace xtdo::grammar
