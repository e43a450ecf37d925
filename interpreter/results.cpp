// r()/e() result sets and the named matrix type.
#include "xtdo/results.hpp"

#include "xtdo/missing.hpp"

#include <cctype>

namespace xtdo {

namespace {

// One '#'-component: "2b.region" → "2.region", "o.x" → "x", "c.x" → "x",
// "L1.x" → "L.x", "oL2.x" → "L2.x".
std::string canonical_component(const std::string& comp) {
  const size_t dot = comp.find('.');
  if (dot == std::string::npos) return comp;
  const std::string prefix = comp.substr(0, dot);
  const std::string var = comp.substr(dot + 1);
  std::string out;
  if (!prefix.empty() && std::isdigit(static_cast<unsigned char>(prefix[0]))) {
    size_t i = 0;
    while (i < prefix.size() && (std::isdigit(static_cast<unsigned char>(prefix[i])) || prefix[i] == '.'))
      ++i;
    out = prefix.substr(0, i);  // the level; b/o/n marks dropped
  } else {
    for (char c : prefix)
      if (c != 'o') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (out == "C") out.clear();
    // Lag/lead/difference numbers of 1 are implicit: L1 = L, D1 = D.
    std::string ops;
    for (size_t i = 0; i < out.size(); ++i) {
      ops += out[i];
      if (i + 1 < out.size() && out[i + 1] == '1' &&
          (i + 2 == out.size() || !std::isdigit(static_cast<unsigned char>(out[i + 2]))))
        ++i;
    }
    out = ops;
  }
  return out.empty() ? var : out + "." + var;
}

}  // namespace

std::string canonical_coef_name(const std::string& name) {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t hash = name.find('#', start);
    out += canonical_component(name.substr(start, hash == std::string::npos ? std::string::npos : hash - start));
    if (hash == std::string::npos) break;
    out += '#';
    start = hash + 1;
  }
  return out;
}

int find_coef_name(const std::vector<std::string>& names, const std::string& name) {
  for (size_t j = 0; j < names.size(); ++j)
    if (names[j] == name) return static_cast<int>(j);
  const std::string want = canonical_coef_name(name);
  for (size_t j = 0; j < names.size(); ++j)
    if (canonical_coef_name(names[j]) == want) return static_cast<int>(j);
  return -1;
}

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

int Matrix::coef_index(const std::string& name) const { return find_coef_name(colnames, name); }

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

double ResultSet::scalar_or_missing(const std::string& k) const {
  auto it = scalars.find(k);
  return it == scalars.end() ? missing::kSysmiss : it->second;
}

std::string ResultSet::macro_or_empty(const std::string& k) const {
  auto it = macros.find(k);
  return it == macros.end() ? std::string() : it->second;
}

}  // namespace xtdo
