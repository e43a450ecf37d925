// r(), e() and named matrices/scalars: what a script can read after a command.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace xtdo {

/// A coefficient name with the base/omitted marks (`1b.`, `o.`), `c.` and the
/// lag number 1 (`L1.` = `L.`) removed, so that a name as typed matches its e(b) column.
std::string canonical_coef_name(const std::string& name);
/// Index in `names` of the coefficient `name` refers to (exact, then canonical), or -1.
int find_coef_name(const std::vector<std::string>& names, const std::string& name);

/// A named-row/named-column matrix (Stata `matrix`); row-major data.
struct Matrix {
  int rows = 0;
  int cols = 0;
  std::vector<std::string> rownames;
  std::vector<std::string> colnames;
  std::vector<double> data;

  Matrix() = default;
  Matrix(int r, int c, double fill = 0.0);
  double& at(int r, int c) { return data[static_cast<size_t>(r) * cols + c]; }
  double at(int r, int c) const { return data[static_cast<size_t>(r) * cols + c]; }
  /// Column index by name, -1 if absent.
  int col_index(const std::string& name) const;
  /// Column of a coefficient vector by the name a user writes (`_b[2.region]`
  /// finds `2b.region`, `x` finds `o.x`, `L1.x` finds `L.x`), -1 if absent.
  int coef_index(const std::string& name) const;
  int row_index(const std::string& name) const;
};

/// One results class (r() or e() or s()). `version` increases on every change so the
/// session can tell whether a command posted anything.
struct ResultSet {
  std::map<std::string, double> scalars;
  std::map<std::string, std::string> macros;
  std::map<std::string, Matrix> matrices;
  /// e(sample) (e() only): 1 for observations used; sized to the dataset at posting.
  std::vector<uint8_t> sample;
  bool has_sample = false;
  uint64_t version = 0;

  void clear();
  bool empty() const { return scalars.empty() && macros.empty() && matrices.empty(); }
  /// The scalar `k`, or system missing when it was not posted (displays read e() so).
  double scalar_or_missing(const std::string& k) const;
  /// The macro `k`, or "" when it was not posted.
  std::string macro_or_empty(const std::string& k) const;
  void set_scalar(const std::string& k, double v) { scalars[k] = v; ++version; }
  void set_macro(const std::string& k, std::string v) { macros[k] = std::move(v); ++version; }
  void set_matrix(const std::string& k, Matrix m) { matrices[k] = std::move(m); ++version; }
};

/// A named copy of e() kept by `estimates store` (and `eststo`). The sample flags
/// live in Dataset::stored_samples under the same name so that they follow the rows
/// through sort/keep/drop, as Stata's hidden `_est_name` variable does.
struct StoredEstimates {
  std::string name;
  std::string title;  ///< `estimates title` text ("" = none)
  ResultSet e;        ///< e() at the time of storing (sample flags not kept here)
};

}  // namespace xtdo
