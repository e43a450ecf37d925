// Typed syntax tree for xtdo: expressions, varlist terms and command lines.
// Produced only by the grammar target; nothing outside grammar/ sees PEGTL.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xtdo::ast {

/// Kinds of expression node (Stata [U] 13 "Functions and expressions").
enum class ExprKind {
  Number,     ///< numeric literal; `number` holds it (missing literals `.`, `.a` included)
  String,     ///< string literal ("..." or `"..."'); `text` holds the unquoted value
  Name,       ///< a variable, scalar or system name: `text` = name as written, possibly
              ///< with a time-series operator prefix (`L.x`, `L2D.y`); `_n`, `_N`, `_pi`
              ///< and `c(...)`-free names also arrive here
  Call,       ///< function call: `text` = function name, `args` = arguments
  Unary,      ///< `text` = "-" or "!" ("~" is normalised to "!"); one arg
  Binary,     ///< `text` = one of ^ * / + - < <= > >= == != & | ("~=" normalised to
              ///< "!="); two args
  Subscript,  ///< `text` = name, `args` = one (x[_n-1]) or two (M[1,2]) index exprs
  Result,     ///< r(name), e(name), c(name), s(name): `text` = "r"/"e"/"c"/"s",
              ///< `name` = the key (e.g. "mean")
  Coef,       ///< _b[name] or _se[name]: `text` = "_b"/"_se", `name` = the column name
              ///< as written (e.g. "L.n", "2.region", "_cons")
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

/// One node of an expression tree. Positions are byte offsets into the text
/// that was handed to parse_expression (plus its `base_offset`), for carets.
struct Expr {
  ExprKind kind = ExprKind::Number;
  double number = 0.0;
  std::string text;
  std::string name;
  std::vector<ExprPtr> args;
  int pos = 0;
};

/// A time-series operator applied to a varlist term: op is 'L', 'F', 'D' or 'S';
/// `lags` lists the orders requested (L(0/2). gives {0,1,2}; L. gives {1}).
struct TsOp {
  char op = 'L';
  std::vector<int> lags;
};

/// One factor-variable piece inside an interaction: `i.x`, `ib2.x`, `c.x`, or a
/// plain name (treated as continuous only inside `#` with c., else as a varname).
struct FvPart {
  enum class Kind { Plain, Indicator, Continuous } kind = Kind::Plain;
  std::string name;           ///< variable name or pattern as written
  std::optional<double> base; ///< ib#. base level; ibn. sets `no_base`
  bool base_first = false;    ///< ibf.
  bool base_last = false;     ///< ibl.
  bool base_freq = false;     ///< ibfreq.
  bool no_base = false;       ///< ibn.
  std::vector<double> levels; ///< i(1 3).x or 2.x selects levels; empty = all
};

/// A varlist term as written: one of
///  - a name / abbreviation / wildcard pattern (`x`, `inv*`, `z?`),
///  - a range `z1-z4` (`name` and `range_to`),
///  - time-series operators on a name or a parenthesised list (`L(0/2).(k ys)`),
///  - a factor-variable expression (`i.x`, `i.x#c.z`, `c.x##c.z`).
struct VarTerm {
  std::vector<TsOp> ts;          ///< applied left to right as written (L.D.x = L of D)
  std::vector<std::string> names;///< names/patterns; several when `op.(a b)` was used
  std::string range_to;          ///< non-empty for `a-b`
  std::vector<FvPart> fv;        ///< non-empty for factor-variable terms
  bool fv_full = false;          ///< `##` (full factorial) rather than `#`
  std::string text;              ///< the term as written
  int pos = 0;                   ///< offset of the term in the parsed text
};

/// `name` or `name(arg)` after the comma of a command line.
struct Option {
  std::string name;
  std::optional<std::string> arg;  ///< text inside the parentheses, verbatim
  int pos = 0;
};

/// A prefix such as `quietly`, `noisily`, `capture`, `by id:`, `bysort id (t):`.
struct Prefix {
  std::string name;                 ///< "quietly", "noisily", "capture", "by", "bysort", ...
  std::vector<std::string> by_vars; ///< for by/bysort: the grouping variables
  std::vector<std::string> sort_vars; ///< for by/bysort: the (sortvars) in parentheses
  bool rc0 = false;                 ///< `by ..., rc0`
  int pos = 0;
};

/// A piece of the command line with its offset in the full line text.
struct Span {
  std::string text;
  int pos = 0;
};

/// A command line split into Stata's standard pieces
/// ([U] 11.1 "The Stata language": [prefix :] command [varlist] [=exp] [if] [in]
/// [weight] [using filename] [, options]).
struct Command {
  std::vector<Prefix> prefixes;
  std::string name;                 ///< command word as typed (before abbreviation lookup)
  int name_pos = 0;
  Span rest;                        ///< everything after the command word, verbatim
  // The standard split of `rest` (filled by parse_command_body):
  Span args;                        ///< text before if/in/weight/using/comma (may hold `= exp`)
  std::optional<Span> if_exp;       ///< expression text after `if`
  std::optional<Span> in_range;     ///< text after `in` (e.g. "1/10", "f/l", "5")
  std::optional<std::string> weight_type;  ///< "aweight", "fweight", "pweight", "iweight"
                                           ///< (abbreviations normalised)
  std::optional<Span> weight_exp;
  std::optional<Span> using_file;   ///< unquoted filename
  std::vector<Option> options;
  bool has_comma = false;
};

}  // namespace xtdo::ast
