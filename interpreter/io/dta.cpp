// use / save: Stata .dta files through ReadStat. Reading keeps storage types, formats,
// variable and value labels and extended missing values; writing produces format 118.
#include <fmt/format.h>
#include <readstat.h>
#include <sys/stat.h>

#include <cctype>
#include <cmath>
#include <exception>
#include <map>
#include <string_view>
#include <unordered_map>

#include "temp_file.hpp"
#include "xtdo/error.hpp"
#include "xtdo/io.hpp"

namespace xtdo::io {
namespace {

// ---------------------------------------------------------------- reading

struct DtaVar {
  std::string name;
  StorageType type = StorageType::Double;
  int width = 0;
  std::string format, label, value_label;
  std::vector<double> num;
  std::vector<std::string> str;
};

struct DtaRead {
  int64_t nrows = 0;
  std::string file_label;
  std::vector<DtaVar> vars;
  std::map<std::string, ValueLabel> value_labels;
  std::exception_ptr error;  ///< an exception inside a callback, rethrown after parsing
};

/// A stored numeric value as a double, with `.` and `.a`..`.z` as xtdo's missing codes.
double numeric_value(readstat_value_t value) {
  if (readstat_value_is_tagged_missing(value)) {
    char tag = readstat_value_tag(value);
    return tag >= 'a' && tag <= 'z' ? missing::extended(tag) : missing::kSysmiss;
  }
  if (readstat_value_is_system_missing(value)) return missing::kSysmiss;
  switch (readstat_value_type(value)) {
    case READSTAT_TYPE_INT8:
      return readstat_int8_value(value);
    case READSTAT_TYPE_INT16:
      return readstat_int16_value(value);
    case READSTAT_TYPE_INT32:
      return readstat_int32_value(value);
    case READSTAT_TYPE_FLOAT:
      return static_cast<double>(readstat_float_value(value));
    case READSTAT_TYPE_DOUBLE:
      return readstat_double_value(value);
    default:
      return missing::kSysmiss;
  }
}

int on_metadata(readstat_metadata_t* meta, void* ctx) {
  auto& r = *static_cast<DtaRead*>(ctx);
  r.nrows = std::max(0, readstat_get_row_count(meta));
  if (const char* label = readstat_get_file_label(meta)) r.file_label = label;
  int nvars = readstat_get_var_count(meta);
  if (nvars > 0) r.vars.reserve(static_cast<size_t>(nvars));
  return READSTAT_HANDLER_OK;
}

int on_variable(int index, readstat_variable_t* variable, const char* val_labels, void* ctx) {
  auto& r = *static_cast<DtaRead*>(ctx);
  try {
    if (static_cast<size_t>(index) >= r.vars.size()) r.vars.resize(static_cast<size_t>(index) + 1);
    DtaVar& v = r.vars[static_cast<size_t>(index)];
    v.name = readstat_variable_get_name(variable);
    if (const char* f = readstat_variable_get_format(variable)) v.format = f;
    if (const char* l = readstat_variable_get_label(variable)) v.label = l;
    if (val_labels) v.value_label = val_labels;
    switch (readstat_variable_get_type(variable)) {
      case READSTAT_TYPE_INT8:
        v.type = StorageType::Byte;
        break;
      case READSTAT_TYPE_INT16:
        v.type = StorageType::Int;
        break;
      case READSTAT_TYPE_INT32:
        v.type = StorageType::Long;
        break;
      case READSTAT_TYPE_FLOAT:
        v.type = StorageType::Float;
        break;
      case READSTAT_TYPE_DOUBLE:
        v.type = StorageType::Double;
        break;
      case READSTAT_TYPE_STRING: {
        // ReadStat reports str# as width # + 1 (room for a NUL) and strL as a string of
        // width 0.
        size_t width = readstat_variable_get_storage_width(variable);
        v.type = width == 0 ? StorageType::StrL : StorageType::Str;
        v.width = width == 0 ? 0 : static_cast<int>(width - 1);
        break;
      }
      case READSTAT_TYPE_STRING_REF:
        v.type = StorageType::StrL;
        break;
    }
    if (v.type == StorageType::Str || v.type == StorageType::StrL) {
      v.str.resize(static_cast<size_t>(r.nrows));
    } else {
      v.num.assign(static_cast<size_t>(r.nrows), missing::kSysmiss);
    }
  } catch (...) {
    r.error = std::current_exception();
    return READSTAT_HANDLER_ABORT;
  }
  return READSTAT_HANDLER_OK;
}

int on_value(int obs, readstat_variable_t* variable, readstat_value_t value, void* ctx) {
  auto& r = *static_cast<DtaRead*>(ctx);
  size_t index = static_cast<size_t>(readstat_variable_get_index(variable));
  if (index >= r.vars.size() || obs < 0) return READSTAT_HANDLER_OK;
  DtaVar& v = r.vars[index];
  size_t row = static_cast<size_t>(obs);
  try {
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
      if (row >= v.str.size()) v.str.resize(row + 1);
      const char* s = readstat_string_value(value);
      v.str[row] = s ? s : "";
    } else {
      if (row >= v.num.size()) v.num.resize(row + 1, missing::kSysmiss);
      v.num[row] = numeric_value(value);
    }
  } catch (...) {
    r.error = std::current_exception();
    return READSTAT_HANDLER_ABORT;
  }
  return READSTAT_HANDLER_OK;
}

int on_value_label(const char* set, readstat_value_t value, const char* label, void* ctx) {
  auto& r = *static_cast<DtaRead*>(ctx);
  if (readstat_value_type_class(value) != READSTAT_TYPE_CLASS_NUMERIC) return READSTAT_HANDLER_OK;
  if (readstat_value_is_system_missing(value)) return READSTAT_HANDLER_OK;  // `.` has no label
  try {
    r.value_labels[set][numeric_value(value)] = label ? label : "";
  } catch (...) {
    r.error = std::current_exception();
    return READSTAT_HANDLER_ABORT;
  }
  return READSTAT_HANDLER_OK;
}

/// Names written by other programs may not be valid here: invalid bytes become '_'.
std::string usable_name(const std::string& name, size_t index) {
  if (valid_name(name)) return name;
  std::string out;
  for (unsigned char c : name)
    out.push_back(std::isalnum(c) && c < 128 ? static_cast<char>(c) : '_');
  if (out.size() > 32) out.resize(32);
  if (!valid_name(out)) out = fmt::format("v{}", index + 1);
  return out;
}

// ---------------------------------------------------------------- writing

ssize_t write_bytes(const void* bytes, size_t len, void* ctx) {
  auto* file = static_cast<TempFile*>(ctx);
  return file->try_write(static_cast<const char*>(bytes), len) ? static_cast<ssize_t>(len) : -1;
}

void check(readstat_error_t err, const std::string& path) {
  if (err != READSTAT_OK)
    throw XtdoError(
        603, fmt::format("file {} could not be written: {}", path, readstat_error_message(err)));
}

struct WriterGuard {
  readstat_writer_t* writer = readstat_writer_init();
  ~WriterGuard() { readstat_writer_free(writer); }
};

/// The storage type to write: the column's own, widened if a value does not fit it
/// (an integer column holding 300 in a byte cannot be written as a byte).
StorageType write_type(const Column& col) {
  switch (col.type) {
    case StorageType::Byte:
    case StorageType::Int:
    case StorageType::Long: {
      StorageType fit = fit_numeric_type(col.num, false);
      return static_cast<int>(fit) > static_cast<int>(col.type) ? fit : col.type;
    }
    default:
      return col.type;
  }
}

}  // namespace

Dataset read_dta(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw XtdoError(601, fmt::format("file {} not found", path));
  if (!S_ISREG(st.st_mode)) throw XtdoError(603, fmt::format("file {} could not be opened", path));

  DtaRead r;
  readstat_parser_t* parser = readstat_parser_init();
  readstat_set_metadata_handler(parser, on_metadata);
  readstat_set_variable_handler(parser, on_variable);
  readstat_set_value_handler(parser, on_value);
  readstat_set_value_label_handler(parser, on_value_label);
  readstat_error_t err = readstat_parse_dta(parser, path.c_str(), &r);
  readstat_parser_free(parser);
  if (r.error) std::rethrow_exception(r.error);
  if (err == READSTAT_ERROR_OPEN)
    throw XtdoError(603, fmt::format("file {} could not be opened", path));
  if (err != READSTAT_OK) throw XtdoError(610, fmt::format("file {} not Stata format", path));

  Dataset data;
  size_t nrows = static_cast<size_t>(r.nrows);
  for (size_t index = 0; index < r.vars.size(); ++index) {
    DtaVar& v = r.vars[index];
    std::string name = usable_name(v.name, index);
    Column* col;
    if (v.type == StorageType::Str || v.type == StorageType::StrL) {
      v.str.resize(nrows);
      col = &data.add_string(name, std::move(v.str), std::max(v.width, 1));
      if (v.type == StorageType::StrL) {
        col->type = StorageType::StrL;
        col->str_width = 0;
      }
    } else {
      v.num.resize(nrows, missing::kSysmiss);
      col = &data.add_numeric(name, std::move(v.num), v.type);
    }
    if (!v.format.empty()) col->format = v.format;
    col->label = v.label;
    col->value_label = v.value_label;
  }
  data.value_labels = std::move(r.value_labels);
  data.label = r.file_label;
  data.changed = false;
  return data;
}

void write_dta(const Dataset& data, const std::string& path) {
  WriterGuard guard;
  readstat_writer_t* w = guard.writer;
  if (!w) throw XtdoError(603, fmt::format("file {} could not be written", path));
  check(readstat_set_data_writer(w, write_bytes), path);
  check(readstat_writer_set_file_format_version(w, 118), path);
  check(readstat_writer_set_file_label(w, data.label.substr(0, 80).c_str()), path);

  // Value labels: Stata labels integers and `.a`..`.z`; other keys cannot be stored.
  std::map<std::string, readstat_label_set_t*> sets;
  auto label_set = [&](const std::string& name) {
    auto it = sets.find(name);
    if (it != sets.end()) return it->second;
    readstat_label_set_t* set = readstat_add_label_set(w, READSTAT_TYPE_INT32, name.c_str());
    sets.emplace(name, set);
    return set;
  };
  for (const auto& [name, labels] : data.value_labels) {
    readstat_label_set_t* set = label_set(name);
    for (const auto& [value, text] : labels) {
      if (missing::is_missing(value)) {
        char tag = missing::letter(value);
        if (tag) readstat_label_tagged_value(set, tag, text.c_str());
      } else if (value == std::trunc(value) && std::fabs(value) <= 2147483620.0) {
        readstat_label_int32_value(set, static_cast<int32_t>(value), text.c_str());
      }
    }
  }

  // Variables
  const size_t nvars = data.nvars();
  const size_t nrows = data.nobs();
  std::vector<readstat_variable_t*> vars(nvars);
  std::vector<StorageType> types(nvars);
  for (size_t k = 0; k < nvars; ++k) {
    const Column& col = data.col(k);
    StorageType type = write_type(col);
    readstat_type_t rtype = READSTAT_TYPE_DOUBLE;
    size_t width = 0;
    if (col.is_string()) {
      size_t longest = 1;
      for (const auto& s : col.str) longest = std::max(longest, s.size());
      if (col.type == StorageType::StrL || longest > 2045) {
        type = StorageType::StrL;
        rtype = READSTAT_TYPE_STRING_REF;
      } else {
        type = StorageType::Str;
        rtype = READSTAT_TYPE_STRING;
        width = std::max<size_t>(longest, static_cast<size_t>(std::max(col.str_width, 1)));
      }
    } else {
      switch (type) {
        case StorageType::Byte:
          rtype = READSTAT_TYPE_INT8;
          break;
        case StorageType::Int:
          rtype = READSTAT_TYPE_INT16;
          break;
        case StorageType::Long:
          rtype = READSTAT_TYPE_INT32;
          break;
        case StorageType::Float:
          rtype = READSTAT_TYPE_FLOAT;
          break;
        default:
          rtype = READSTAT_TYPE_DOUBLE;
          break;
      }
    }
    types[k] = type;
    readstat_variable_t* var = readstat_add_variable(w, col.name.c_str(), rtype, width);
    if (!var) throw XtdoError(603, fmt::format("file {} could not be written", path));
    std::string format = col.format;
    if (format.empty() || (col.is_string() && type == StorageType::StrL && format == "%9s"))
      format = default_format(type, static_cast<int>(width));
    readstat_variable_set_format(var, format.c_str());
    if (!col.label.empty()) readstat_variable_set_label(var, col.label.substr(0, 80).c_str());
    if (!col.is_string() && !col.value_label.empty())
      readstat_variable_set_label_set(var, label_set(col.value_label));
    vars[k] = var;
  }

  // strL contents: one shared reference per distinct text, added before the first row
  // because the file's map (written with the first row) measures them.
  std::vector<std::vector<readstat_string_ref_t*>> refs(nvars);
  for (size_t k = 0; k < nvars; ++k) {
    if (types[k] != StorageType::StrL) continue;
    std::unordered_map<std::string_view, readstat_string_ref_t*> seen;
    refs[k].resize(nrows);
    for (size_t row = 0; row < nrows; ++row) {
      const std::string& s = data.col(k).str[row];
      auto [it, fresh] = seen.emplace(s, nullptr);
      if (fresh) it->second = readstat_add_string_ref(w, s.c_str());
      refs[k][row] = it->second;
    }
  }

  TempFile file(path);
  check(readstat_begin_writing_dta(w, &file, static_cast<long>(nrows)), path);
  for (size_t k = 0; k < nvars; ++k) check(readstat_validate_variable(w, vars[k]), path);
  check(readstat_validate_metadata(w), path);
  for (size_t row = 0; row < nrows; ++row) {
    check(readstat_begin_row(w), path);
    for (size_t k = 0; k < nvars; ++k) {
      const Column& col = data.col(k);
      readstat_variable_t* var = vars[k];
      if (types[k] == StorageType::StrL) {
        check(readstat_insert_string_ref(w, var, refs[k][row]), path);
        continue;
      }
      if (types[k] == StorageType::Str) {
        check(readstat_insert_string_value(w, var, col.str[row].c_str()), path);
        continue;
      }
      double v = col.num[row];
      if (missing::is_missing(v)) {
        char tag = missing::letter(v);
        check(tag ? readstat_insert_tagged_missing_value(w, var, tag)
                  : readstat_insert_missing_value(w, var),
              path);
        continue;
      }
      switch (types[k]) {
        case StorageType::Byte:
          check(readstat_insert_int8_value(w, var, static_cast<int8_t>(v)), path);
          break;
        case StorageType::Int:
          check(readstat_insert_int16_value(w, var, static_cast<int16_t>(v)), path);
          break;
        case StorageType::Long:
          check(readstat_insert_int32_value(w, var, static_cast<int32_t>(v)), path);
          break;
        case StorageType::Float:
          check(readstat_insert_float_value(w, var, static_cast<float>(v)), path);
          break;
        default:
          check(readstat_insert_double_value(w, var, v), path);
          break;
      }
    }
    check(readstat_end_row(w), path);
  }
  check(readstat_end_writing(w), path);
  file.commit();
}

}  // namespace xtdo::io
