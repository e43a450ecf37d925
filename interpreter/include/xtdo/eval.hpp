// Vectorised expression evaluation: an ast::Expr is evaluated over whole columns
// (a row range at once), never by re-interpreting the tree per row.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "xtdo/ast.hpp"
#include "xtdo/results.hpp"
#include "xtdo/store.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {

/// What an expression can see besides the dataset. The Session implements it.
class EvalEnv {
 public:
  virtual ~EvalEnv() = default;
  /// r(name), e(name), c(name), s(name): a number, a string, or nullopt when absent
  /// (absent numeric results evaluate to missing, absent macros to "").
  struct Lookup {
    bool found = false;
    bool is_string = false;
    double num = missing::kSysmiss;
    std::string str;
  };
  virtual Lookup result(char cls, const std::string& name) const = 0;
  /// A named scalar (`scalar x = ...`); nullopt if none.
  virtual std::optional<Lookup> scalar(const std::string& name) const = 0;
  /// A named matrix (`matrix M = ...`, also `e(b)` via result matrices); nullptr if none.
  virtual const Matrix* matrix(const std::string& name) const = 0;
  /// _b[name] / _se[name] from the current e(b), e(V); throws XtdoError 111 if absent.
  virtual double coef(const std::string& which, const std::string& name) const = 0;
  /// The random-number generator behind runiform()/rnormal() (`set seed`).
  virtual std::mt19937_64& rng() = 0;
  /// e(sample): a 0/1 flag per observation, sized to the dataset when it was posted;
  /// nullptr when there is none (e(sample) is then 0 everywhere, as in Stata).
  virtual const std::vector<uint8_t>* e_sample() const { return nullptr; }
};

/// For `by varlist:`: the data are sorted by the groups; for each row, the first row
/// of its group and the group's size. `_n`/`_N` and `x[_n-1]` are taken within group.
struct ByGroups {
  std::vector<int64_t> start;  ///< per row: index of the first row of its group
  std::vector<int64_t> size;   ///< per row: number of rows in its group
  int64_t ngroups = 0;
  /// Build from a sorted dataset and the by-variables (rows equal on all of them
  /// form a group). Throws XtdoError 5 "not sorted" if not sorted on them.
  static ByGroups build(const Dataset& data, const std::vector<std::string>& vars);
};

/// The value of an expression over rows [row_begin, row_end): either a numeric or
/// a string vector. A constant expression still yields a full-length vector.
struct Value {
  bool is_string = false;
  std::vector<double> num;
  std::vector<std::string> str;
  size_t size() const { return is_string ? str.size() : num.size(); }
};

struct EvalContext {
  const Dataset* data = nullptr;   ///< may be null (no dataset references allowed then)
  EvalEnv* env = nullptr;
  const ByGroups* by = nullptr;
  int64_t row_begin = 0;
  int64_t row_end = -1;            ///< -1 = data->nobs()
  /// Scalar context (display, `local x = exp`, `if exp {`): a variable name means
  /// its value in the first observation, as Stata does; evaluates one "row".
  bool scalar_mode = false;
  /// Rows the caller keeps (generate/replace with if/in), or null for all. Stata
  /// evaluates the expression only in those observations, so the running sum()
  /// accumulates over them alone.
  const std::vector<uint8_t>* rows = nullptr;
  /// A panel/time index the caller built once for many narrow evaluations (replace's
  /// row-by-row path): time-series operators then read only the rows evaluated
  /// instead of building the whole operated column each time.
  const TsIndex* ts_index = nullptr;
};

/// Evaluate `expr` over the context's rows. Errors: 111 unknown name, 109 type
/// mismatch, 133 unknown function, 198 bad arguments; positions as in the tree.
Value evaluate(const ast::Expr& expr, const EvalContext& ctx);

/// Convenience: scalar-mode evaluation (no by, one value).
Value evaluate_scalar(const ast::Expr& expr, const Dataset* data, EvalEnv& env);

/// True if `expr` reads variable `var` at a row other than the current one
/// (`var[_n-1]`, `var[1]`), so `replace var = ...` must run row by row in order, as
/// Stata's replace does (needed for carry-forward filling).
bool reads_other_rows(const ast::Expr& expr, const std::string& var);

/// Every function name the evaluator knows (for tests and docs).
std::vector<std::string> function_names();

/// Format a number with a Stata display format (`%9.0g`, `%9.3f`, `%12.2fc`,
/// `%-10s`...). Missing values print as `.`/`.a`. Used by display, list, tables.
std::string format_number(double v, const std::string& fmt);
/// Stata's default formatting of a number in `display` (like %10.0g without padding).
std::string format_default(double v);
/// Format a string with a string format (`%20s` right-aligned, `%-20s` left, `%~20s`
/// centred); an invalid format returns the string unchanged.
std::string format_string(const std::string& s, const std::string& fmt);

}  // namespace xtdo
