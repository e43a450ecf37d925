// The columnar dataset: column management, row selection, sorting, storage types.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "xtdo/error.hpp"
#include "xtdo/store.hpp"

namespace xtdo {

std::string storage_name(StorageType t, int str_width) {
  switch (t) {
    case StorageType::Byte: return "byte";
    case StorageType::Int: return "int";
    case StorageType::Long: return "long";
    case StorageType::Float: return "float";
    case StorageType::Double: return "double";
    case StorageType::Str: return fmt::format("str{}", std::max(str_width, 1));
    case StorageType::StrL: return "strL";
  }
  return "double";
}

bool parse_storage(const std::string& word, StorageType& type, int& str_width) {
  str_width = 0;
  if (word == "byte") type = StorageType::Byte;
  else if (word == "int") type = StorageType::Int;
  else if (word == "long") type = StorageType::Long;
  else if (word == "float") type = StorageType::Float;
  else if (word == "double") type = StorageType::Double;
  else if (word == "strL") type = StorageType::StrL;
  else if (word.size() > 3 && word.compare(0, 3, "str") == 0 &&
           std::all_of(word.begin() + 3, word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    type = StorageType::Str;
    str_width = std::stoi(word.substr(3));
    if (str_width < 1 || str_width > 2045) return false;
  } else {
    return false;
  }
  return true;
}

StorageType fit_numeric_type(const std::vector<double>& values, bool allow_float) {
  // Stata's integer ranges leave room at the top for the missing codes
  // ([D] Data types): byte -127..100, int -32767..32740, long -2147483647..2147483620.
  bool integral = true;
  double lo = 0, hi = 0;
  bool any = false;
  bool float_exact = true;
  for (double v : values) {
    if (missing::is_missing(v)) continue;
    if (v != std::floor(v)) integral = false;
    if (static_cast<double>(static_cast<float>(v)) != v) float_exact = false;
    if (!any) {
      lo = hi = v;
      any = true;
    } else {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (integral) {
    if (lo >= -127 && hi <= 100) return StorageType::Byte;
    if (lo >= -32767 && hi <= 32740) return StorageType::Int;
    if (lo >= -2147483647.0 && hi <= 2147483620.0) return StorageType::Long;
    return StorageType::Double;
  }
  if (allow_float && float_exact) return StorageType::Float;
  return allow_float ? StorageType::Float : StorageType::Double;
}

double round_to_float(double v) {
  if (missing::is_missing(v)) return v;
  // Values beyond float range become missing, as Stata's float storage cannot hold them.
  if (std::fabs(v) > static_cast<double>(std::numeric_limits<float>::max())) return missing::kSysmiss;
  return static_cast<double>(static_cast<float>(v));
}

std::string default_format(StorageType t, int str_width) {
  switch (t) {
    case StorageType::Byte:
    case StorageType::Int: return "%8.0g";
    case StorageType::Long: return "%12.0g";
    case StorageType::Float: return "%9.0g";
    case StorageType::Double: return "%10.0g";
    case StorageType::Str: return fmt::format("%{}s", std::max(str_width, 1));
    case StorageType::StrL: return "%9s";
  }
  return "%9.0g";
}

void Column::conform() {
  switch (type) {
    case StorageType::Float:
      for (double& v : num) v = round_to_float(v);
      break;
    case StorageType::Byte:
    case StorageType::Int:
    case StorageType::Long:
      // Integer storage truncates toward zero as Stata does when assigning 2.7 to a byte.
      for (double& v : num)
        if (!missing::is_missing(v)) v = std::trunc(v);
      break;
    case StorageType::Str: {
      size_t width = static_cast<size_t>(str_width);
      for (const auto& s : str) width = std::max(width, s.size());
      if (width > 2045) {
        type = StorageType::StrL;
      } else {
        str_width = static_cast<int>(std::max<size_t>(width, 1));
      }
      break;
    }
    default: break;
  }
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 32) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(name[0])) return false;
  for (char c : name)
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

int Dataset::find(const std::string& name) const {
  for (size_t i = 0; i < cols_.size(); ++i)
    if (cols_[i]->name == name) return static_cast<int>(i);
  return -1;
}

Column* Dataset::get(const std::string& name) {
  int i = find(name);
  return i < 0 ? nullptr : cols_[i].get();
}

const Column* Dataset::get(const std::string& name) const {
  int i = find(name);
  return i < 0 ? nullptr : cols_[i].get();
}

static void check_new_name(const Dataset& data, const std::string& name) {
  if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid name", name));
  if (data.find(name) >= 0) throw XtdoError(110, fmt::format("variable {} already defined", name));
}

Column& Dataset::add_numeric(const std::string& name, std::vector<double> values, StorageType type) {
  check_new_name(*this, name);
  if (cols_.empty() && nobs_ == 0) nobs_ = values.size();
  if (values.size() != nobs_)
    throw XtdoError(198, fmt::format("internal: column {} has {} rows, dataset has {}", name,
                                     values.size(), nobs_));
  auto col = std::make_unique<Column>();
  col->name = name;
  col->type = type;
  col->format = default_format(type, 0);
  col->num = std::move(values);
  col->conform();
  cols_.push_back(std::move(col));
  changed = true;
  return *cols_.back();
}

Column& Dataset::add_string(const std::string& name, std::vector<std::string> values, int width) {
  check_new_name(*this, name);
  if (cols_.empty() && nobs_ == 0) nobs_ = values.size();
  if (values.size() != nobs_)
    throw XtdoError(198, fmt::format("internal: column {} has {} rows, dataset has {}", name,
                                     values.size(), nobs_));
  auto col = std::make_unique<Column>();
  col->name = name;
  col->type = StorageType::Str;
  col->str_width = std::max(width, 1);
  col->str = std::move(values);
  col->conform();
  col->format = default_format(col->type, col->str_width);
  cols_.push_back(std::move(col));
  changed = true;
  return *cols_.back();
}

void Dataset::drop_column(const std::string& name) {
  int i = find(name);
  if (i < 0) throw XtdoError(111, fmt::format("variable {} not found", name));
  cols_.erase(cols_.begin() + i);
  sortedby.erase(std::remove(sortedby.begin(), sortedby.end(), name), sortedby.end());
  if (ts.panelvar == name || ts.timevar == name) ts = TsSettings{};
  changed = true;
}

void Dataset::rename(const std::string& from, const std::string& to) {
  Column* c = get(from);
  if (!c) throw XtdoError(111, fmt::format("variable {} not found", from));
  if (from == to) return;
  check_new_name(*this, to);
  c->name = to;
  for (auto& s : sortedby)
    if (s == from) s = to;
  if (ts.panelvar == from) ts.panelvar = to;
  if (ts.timevar == from) ts.timevar = to;
  changed = true;
}

void Dataset::order(const std::vector<std::string>& names) {
  std::vector<std::unique_ptr<Column>> out;
  std::vector<bool> taken(cols_.size(), false);
  // Look every name up before moving any column out (find() reads cols_).
  std::vector<int> index;
  for (const auto& n : names) {
    int i = find(n);
    if (i < 0) throw XtdoError(111, fmt::format("variable {} not found", n));
    index.push_back(i);
  }
  for (int i : index) {
    if (taken[i]) continue;
    taken[i] = true;
    out.push_back(std::move(cols_[i]));
  }
  for (size_t i = 0; i < cols_.size(); ++i)
    if (!taken[i]) out.push_back(std::move(cols_[i]));
  cols_ = std::move(out);
}

void Dataset::keep_rows(const std::vector<uint8_t>& mask) {
  size_t kept = 0;
  for (size_t row = 0; row < nobs_; ++row) kept += mask[row] != 0;
  if (kept == nobs_) return;
  for (auto& col : cols_) {
    size_t out = 0;
    if (col->is_string()) {
      for (size_t row = 0; row < nobs_; ++row)
        if (mask[row]) {
          // Self-move-assignment empties a std::string: only move rows that shift.
          if (out != row) col->str[out] = std::move(col->str[row]);
          ++out;
        }
      col->str.resize(kept);
    } else {
      for (size_t row = 0; row < nobs_; ++row)
        if (mask[row]) col->num[out++] = col->num[row];
      col->num.resize(kept);
    }
  }
  auto keep_rows = [&](std::vector<uint8_t>& flags) {
    if (flags.size() != nobs_) return;
    size_t out = 0;
    for (size_t row = 0; row < nobs_; ++row)
      if (mask[row]) flags[out++] = flags[row];
    flags.resize(kept);
  };
  keep_rows(esample);
  for (auto& entry : stored_samples) keep_rows(entry.second);
  nobs_ = kept;
  changed = true;
  // Dropping rows keeps the relative order, so sortedby stays valid.
}

void Dataset::permute(const std::vector<int64_t>& perm) {
  for (auto& col : cols_) {
    if (col->is_string()) {
      std::vector<std::string> out(nobs_);
      for (size_t row = 0; row < nobs_; ++row) out[row] = std::move(col->str[perm[row]]);
      col->str = std::move(out);
    } else {
      std::vector<double> out(nobs_);
      for (size_t row = 0; row < nobs_; ++row) out[row] = col->num[perm[row]];
      col->num = std::move(out);
    }
  }
  auto permute_flags = [&](std::vector<uint8_t>& flags) {
    if (flags.size() != nobs_) return;
    std::vector<uint8_t> out(nobs_);
    for (size_t row = 0; row < nobs_; ++row) out[row] = flags[perm[row]];
    flags = std::move(out);
  };
  permute_flags(esample);
  for (auto& entry : stored_samples) permute_flags(entry.second);
  sortedby.clear();
  changed = true;
}

void Dataset::set_obs(size_t n) {
  if (n < nobs_)
    throw XtdoError(198, fmt::format("observations must be >= {}", nobs_));
  for (auto& col : cols_) {
    if (col->is_string()) col->str.resize(n);
    else col->num.resize(n, missing::kSysmiss);
  }
  if (esample.size() == nobs_) esample.resize(n, 0);
  for (auto& entry : stored_samples)
    if (entry.second.size() == nobs_) entry.second.resize(n, 0);
  nobs_ = n;
  changed = true;
}

void Dataset::sort(const std::vector<std::string>& vars) {
  std::vector<const Column*> keys;
  for (const auto& v : vars) {
    const Column* c = get(v);
    if (!c) throw XtdoError(111, fmt::format("variable {} not found", v));
    keys.push_back(c);
  }
  // Raw double comparison already orders missing values last (. < .a < ... < .z).
  auto less = [&](int64_t a, int64_t b) {
    for (const Column* c : keys) {
      if (c->is_string()) {
        int cmp = c->str[a].compare(c->str[b]);
        if (cmp != 0) return cmp < 0;
      } else {
        double x = c->num[a], y = c->num[b];
        if (x != y) return x < y;
      }
    }
    return false;
  };
  // Data that are already in order (the common case after xtset or a previous sort)
  // cost one linear pass.
  bool in_order = true;
  for (size_t row = 1; row < nobs_ && in_order; ++row)
    if (less(static_cast<int64_t>(row), static_cast<int64_t>(row - 1))) in_order = false;
  if (in_order) {
    sortedby = vars;
    return;
  }
  std::vector<int64_t> perm(nobs_);
  std::iota(perm.begin(), perm.end(), 0);
  std::stable_sort(perm.begin(), perm.end(), less);
  bool identity = true;
  for (size_t i = 0; i < nobs_ && identity; ++i) identity = perm[i] == static_cast<int64_t>(i);
  if (!identity) permute(perm);
  sortedby = vars;
}

void Dataset::clear() {
  cols_.clear();
  nobs_ = 0;
  value_labels.clear();
  sortedby.clear();
  ts = TsSettings{};
  label.clear();
  esample.clear();
  stored_samples.clear();
  changed = false;
}

}  // namespace xtdo
