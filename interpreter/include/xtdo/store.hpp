// The in-memory columnar dataset: numeric (double) and string columns, labels,
// formats, sort order and panel settings. Commands change it only through here.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xtdo/missing.hpp"

namespace xtdo {

/// Stata storage types ([D] Data types). Numeric values are always held as
/// double; `Float` columns are rounded to float precision on assignment (as
/// Stata stores them), `Byte/Int/Long` hold integers.
enum class StorageType { Byte, Int, Long, Float, Double, Str, StrL };

/// "byte", "int", "long", "float", "double", "str#" (with width), "strL".
std::string storage_name(StorageType t, int str_width);
/// Parse a storage-type word (`double`, `str20`, `strL`); false if it is not one.
bool parse_storage(const std::string& word, StorageType& type, int& str_width);
/// The smallest Stata numeric type that holds every value exactly
/// (byte -127..100, int -32767..32740, long, else float if exact else double).
StorageType fit_numeric_type(const std::vector<double>& values, bool allow_float);
/// Round a value to float precision, keeping missing values (`.a` etc.) intact.
double round_to_float(double v);
/// Default display format for a storage type: %8.0g byte/int, %12.0g long,
/// %9.0g float, %10.0g double, %#s strings.
std::string default_format(StorageType t, int str_width);

struct Column {
  std::string name;
  StorageType type = StorageType::Float;
  int str_width = 0;          ///< for Str: the # in str#
  std::string format;         ///< display format, e.g. "%9.0g"
  std::string label;          ///< variable label
  std::string value_label;    ///< name of the attached value-label set, or empty
  std::vector<double> num;    ///< numeric data (empty for strings)
  std::vector<std::string> str;  ///< string data (empty for numerics)

  bool is_string() const { return type == StorageType::Str || type == StorageType::StrL; }
  /// Re-apply the storage type to every value (float rounding, str width growth).
  void conform();
};

/// One value-label set: value → text.
using ValueLabel = std::map<double, std::string>;

/// `xtset panelvar timevar, delta(#)` / `tsset`.
struct TsSettings {
  std::string panelvar;  ///< empty for tsset without a panel
  std::string timevar;
  double delta = 1.0;
  bool set() const { return !timevar.empty(); }
};

class Dataset {
 public:
  size_t nobs() const { return nobs_; }
  size_t nvars() const { return cols_.size(); }

  /// Columns in dataset order.
  const std::vector<std::unique_ptr<Column>>& columns() const { return cols_; }
  Column& col(size_t index) { return *cols_[index]; }
  const Column& col(size_t index) const { return *cols_[index]; }
  /// Exact (case-sensitive) name lookup; -1 if absent.
  int find(const std::string& name) const;
  Column* get(const std::string& name);
  const Column* get(const std::string& name) const;

  /// Add a column at the end. `values` must have nobs() elements (or the dataset
  /// must be empty of variables, in which case it sets nobs). Throws XtdoError 110
  /// if the name exists, 198 if the name is invalid.
  Column& add_numeric(const std::string& name, std::vector<double> values,
                      StorageType type = StorageType::Float);
  Column& add_string(const std::string& name, std::vector<std::string> values, int width = 0);
  void drop_column(const std::string& name);
  void rename(const std::string& from, const std::string& to);
  /// Reorder columns: `names` first in the given order, the rest after (or before `before`).
  void order(const std::vector<std::string>& names);

  /// Keep rows where mask[row] != 0 (stable).
  void keep_rows(const std::vector<uint8_t>& mask);
  /// Reorder rows: new row i = old row perm[i].
  void permute(const std::vector<int64_t>& perm);
  /// `set obs n`: grow with missing values / empty strings (never shrinks: r(198)).
  void set_obs(size_t n);
  /// Stable sort by variables (missing last, strings lexicographic). Sets sortedby.
  void sort(const std::vector<std::string>& vars);
  /// Remove everything: variables, observations, labels, settings.
  void clear();

  std::map<std::string, ValueLabel> value_labels;
  std::vector<std::string> sortedby;   ///< cleared by any change that may break it
  TsSettings ts;
  std::string label;                   ///< dataset label
  bool changed = false;                ///< data changed since last save/use
  /// e(sample) of the last estimation, one flag per row; it travels with the rows
  /// through sort/keep/drop as Stata's hidden e(sample) variable does. Empty = none.
  std::vector<uint8_t> esample;
  /// e(sample) of each stored estimation result (`estimates store name`), keyed by
  /// name; like esample it travels with the rows. Cleared with the data.
  std::map<std::string, std::vector<uint8_t>> stored_samples;

 private:
  std::vector<std::unique_ptr<Column>> cols_;
  size_t nobs_ = 0;
};

/// True for a valid Stata name: [A-Za-z_][A-Za-z0-9_]{0,31}.
bool valid_name(const std::string& name);

}  // namespace xtdo
