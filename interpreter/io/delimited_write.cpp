// export delimited: write selected variables and rows as CSV/TSV, numbers in their
// shortest round-trip form, through a temporary file renamed into place.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>

#include "temp_file.hpp"
#include "xtdo/error.hpp"
#include "xtdo/io.hpp"

namespace xtdo::io {
namespace {

constexpr size_t kFlushAt = size_t{1} << 20;

/// Shortest text that reads back to the stored value. Float columns hold values rounded
/// to float, so the float's shortest form ("0.1", not "0.10000000149011612") is exact.
void append_number(std::string& out, double v, StorageType type) {
  char buf[64];
  std::to_chars_result res;
  bool integer_type =
      type == StorageType::Byte || type == StorageType::Int || type == StorageType::Long;
  if (integer_type && v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) {
    res = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
  } else if (type == StorageType::Float && static_cast<double>(static_cast<float>(v)) == v) {
    res = std::to_chars(buf, buf + sizeof buf, static_cast<float>(v));
  } else {
    res = std::to_chars(buf, buf + sizeof buf, v);
  }
  out.append(buf, res.ptr);
}

void append_string(std::string& out, const std::string& s, const ExportOptions& opts) {
  bool special = s.find_first_of(std::string{opts.delimiter, '"', '\n', '\r'}) != std::string::npos;
  if (!special && !opts.quote_strings) {
    out += s;
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

void write_delimited(const Dataset& data, const std::string& path,
                     const std::vector<std::string>& vars, const std::vector<uint8_t>* rows,
                     const ExportOptions& opts) {
  // --- Validate before creating anything on disk.
  std::vector<const Column*> cols;
  if (vars.empty()) {
    for (const auto& c : data.columns()) cols.push_back(c.get());
  } else {
    for (const auto& name : vars) {
      const Column* c = data.get(name);
      if (!c) throw XtdoError(111, fmt::format("variable {} not found", name));
      cols.push_back(c);
    }
  }
  if (rows && rows->size() != data.nobs())
    throw XtdoError(198, "internal: row selection does not match the number of observations");
  if (opts.delimiter == '"' || opts.delimiter == '\n' || opts.delimiter == '\r' ||
      opts.delimiter == 0)
    throw XtdoError(198, "invalid delimiter");

  // Value labels to print instead of values (unless nolabel).
  std::vector<const ValueLabel*> labels(cols.size(), nullptr);
  if (!opts.nolabel) {
    for (size_t k = 0; k < cols.size(); ++k) {
      if (cols[k]->is_string() || cols[k]->value_label.empty()) continue;
      auto it = data.value_labels.find(cols[k]->value_label);
      if (it != data.value_labels.end()) labels[k] = &it->second;
    }
  }

  // --- Write
  TempFile file(path);
  std::string out;
  out.reserve(kFlushAt + 4096);
  if (opts.header) {
    for (size_t k = 0; k < cols.size(); ++k) {
      if (k) out.push_back(opts.delimiter);
      out += cols[k]->name;
    }
    out.push_back('\n');
  }
  for (size_t row = 0; row < data.nobs(); ++row) {
    if (rows && !(*rows)[row]) continue;
    for (size_t k = 0; k < cols.size(); ++k) {
      if (k) out.push_back(opts.delimiter);
      const Column& col = *cols[k];
      if (col.is_string()) {
        append_string(out, col.str[row], opts);
        continue;
      }
      double v = col.num[row];
      if (labels[k]) {
        auto it = labels[k]->find(v);
        if (it != labels[k]->end()) {
          append_string(out, it->second, opts);
          continue;
        }
      }
      if (!missing::is_missing(v)) append_number(out, v, col.type);  // missing: empty field
    }
    out.push_back('\n');
    if (out.size() >= kFlushAt) {
      file.write(out.data(), out.size());
      out.clear();
    }
  }
  file.write(out.data(), out.size());
  file.commit();
}

}  // namespace xtdo::io
