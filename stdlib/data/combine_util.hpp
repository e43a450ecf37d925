// Helpers shared by the commands that build a new dataset from others (merge,
// append, reshape, collapse, fillin): loading a using file, storage-type promotion
// with Stata's notes, and copying columns through a row index.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data_common.hpp"
#include "file_util.hpp"
#include "xtdo/io.hpp"
#include "xtdo/session.hpp"

namespace xtdo::combine {

/// Join the pieces of a {p} paragraph (two blanks after a full stop, as SMCL does)
/// and wrap at 77 columns with `indent` blanks.
inline std::string paragraph(const std::vector<std::string>& pieces, size_t indent = 4) {
  std::string text;
  for (const auto& p : pieces) {
    if (!text.empty()) text += text.back() == '.' ? "  " : " ";
    text += p;
  }
  std::string out, line(indent, ' ');
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    std::string word = text.substr(i, j - i);
    size_t gap = 0;
    while (j + gap < text.size() && text[j + gap] == ' ') ++gap;
    if (line.size() > indent && line.size() + word.size() > 77) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
      line = std::string(indent, ' ');
    }
    line += word + std::string(gap, ' ');
    i = j + gap;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return out + line;
}

/// Read `using` data: `.csv`/`.tsv`/`.txt` as delimited text, anything else as
/// .dta (`.dta` is added when the name has no extension, as Stata does).
inline Dataset load_using(std::string file) {
  file = fileutil::with_default_ext(fileutil::unquote(file), ".dta");
  std::string ext = fileutil::extension(file);
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt")
    return io::read_delimited(file, io::DelimitedOptions{});
  return io::read_dta(file);
}

/// The storage type that holds the values of both `a` and `b` (same kind): the
/// larger numeric type (long with float needs double), or the wider string.
inline void promote(StorageType a, int aw, StorageType b, int bw, StorageType& out, int& out_w) {
  const bool str = a == StorageType::Str || a == StorageType::StrL;
  if (str) {
    out = (a == StorageType::StrL || b == StorageType::StrL) ? StorageType::StrL : StorageType::Str;
    out_w = std::max(aw, bw);
    return;
  }
  out_w = 0;
  if ((a == StorageType::Long && b == StorageType::Float) ||
      (a == StorageType::Float && b == StorageType::Long))
    out = StorageType::Double;
  else
    out = data::type_rank(a) >= data::type_rank(b) ? a : b;
}

/// "str5"/"float" of a column.
inline std::string type_name(const Column& c) { return storage_name(c.type, c.str_width); }

/// Stata's note when a master variable is widened for the using data's values.
inline void note_promotion(Session& session, const std::string& name, const std::string& from,
                           const std::string& to) {
  if (from == to) return;
  session.console.println(fmt::format(
      "(variable {} was {}, now {} to accommodate using data's values)", name, from, to));
}

/// "variable x is str5 in master but float in using data" (r(106)).
inline XtdoError type_mismatch(const std::string& name, const std::string& master_type,
                               bool master_string, const std::string& using_type,
                               const std::string& cmd, bool key) {
  std::string msg = fmt::format("{}variable {} is {} in master but {} in using data",
                                key ? "key " : "", name, master_type, using_type);
  std::vector<std::string> why;
  if (!key)
    why = {fmt::format("You could specify {}'s force option to ignore this", cmd),
           "string/numeric mismatch.  The using variable would then be treated as if it",
           fmt::format("contained {}.", master_string ? "\"\"" : "numeric missing value")};
  else
    why = {"Each key variable (the variables on which observations are matched) must be",
           "of the same generic type in the master and using datasets.  Same generic",
           "type means both numeric or both string."};
  msg += '\n';
  msg += paragraph(why);
  return XtdoError(106, msg);
}

/// Values of `src` at `rows` (-1 = missing / empty).
inline std::vector<double> gather_num(const Column& src, const std::vector<int32_t>& rows) {
  std::vector<double> out(rows.size());
  const double* in = src.num.data();
  for (size_t r = 0; r < rows.size(); ++r) out[r] = rows[r] >= 0 ? in[rows[r]] : missing::kSysmiss;
  return out;
}
inline std::vector<std::string> gather_str(const Column& src, const std::vector<int32_t>& rows) {
  std::vector<std::string> out(rows.size());
  for (size_t r = 0; r < rows.size(); ++r)
    if (rows[r] >= 0) out[r] = src.str[rows[r]];
  return out;
}

/// Add a column to `out` with `proto`'s attributes (label, format, value label) and
/// the given storage type.
inline Column& add_numeric_like(Dataset& out, const Column& proto, std::vector<double> values,
                                StorageType type) {
  Column& c = out.add_numeric(proto.name, std::move(values), type);
  c.format = proto.format;  // widening keeps the display format, as recast does
  c.label = proto.label;
  c.value_label = proto.value_label;
  return c;
}
inline Column& add_string_like(Dataset& out, const Column& proto, std::vector<std::string> values,
                               StorageType type, int width) {
  Column& c = out.add_string(proto.name, std::move(values), width);
  if (type == StorageType::StrL) c.type = StorageType::StrL;
  // A default %#s format follows the new width; a user format is kept.
  c.format = proto.format == default_format(proto.type, proto.str_width)
                 ? default_format(c.type, c.str_width)
                 : proto.format;
  c.label = proto.label;
  return c;
}

/// Copy the using data's value-label sets that the master lacks; a set defined in
/// both keeps the master's definition, with Stata's note.
inline void merge_value_labels(Session& session, Dataset& master, const Dataset& used) {
  for (const auto& [name, labels] : used.value_labels) {
    if (master.value_labels.count(name)) {
      session.console.println(fmt::format("(label {} already defined)", name));
      continue;
    }
    master.value_labels[name] = labels;
  }
}

/// Keep xtset/tsset settings only when their variables are still there.
inline void keep_ts_if_present(Dataset& data, const TsSettings& ts) {
  bool ok = ts.set() && data.find(ts.timevar) >= 0 &&
            (ts.panelvar.empty() || data.find(ts.panelvar) >= 0);
  data.ts = ok ? ts : TsSettings{};
}

}  // namespace xtdo::combine
