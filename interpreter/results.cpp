// r()/e() result sets and the named matrix type.
#include "xtdo/results.hpp"

namespace xtdo {

Matrix::Matrix(int r, int c, double fill)
    : rows(r), cols(c), rownames(r), colnames(c), data(static_cast<size_t>(r) * c, fill) {
  for (int i = 0; i < r; ++i) rownames[i] = "r" + std::to_string(i + 1);
  for (int j = 0; j < c; ++j) colnames[j] = "c" + std::to_string(j + 1);
}

int Matrix::col_index(const std::string& name) const {
  for (int j = 0; j < cols; ++j)
    if (colnames[j] == name) return j;
  return -1;
}

int Matrix::row_index(const std::string& name) const {
  for (int i = 0; i < rows; ++i)
    if (rownames[i] == name) return i;
  return -1;
}

void ResultSet::clear() {
  scalars.clear();
  macros.clear();
  matrices.clear();
  sample.clear();
  has_sample = false;
  ++version;
}

}  // namespace xtdo
