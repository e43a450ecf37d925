// r(), e() and named matrices/scalars: what a script can read after a command.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace xtdo {

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
