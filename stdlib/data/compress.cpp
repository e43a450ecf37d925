// compress: store each variable in the smallest type that holds its values exactly
// (doubles to float or integers, floats to byte/int, strings to their longest value),
// listing the changes and the bytes saved ([D] compress).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
namespace {

int64_t type_size(StorageType t, int width) {
  switch (t) {
    case StorageType::Byte:
      return 1;
    case StorageType::Int:
      return 2;
    case StorageType::Long:
    case StorageType::Float:
      return 4;
    case StorageType::Double:
      return 8;
    case StorageType::Str:
      return std::max(width, 1);
    default:
      return 0;  // strL is left alone
  }
}

/// The smallest type holding every value of a numeric column exactly.
StorageType smallest(const Column& c) {
  bool integral = true, float_exact = true;
  for (double v : c.num) {
    if (missing::is_missing(v)) continue;
    if (v != std::trunc(v)) integral = false;
    if (static_cast<double>(static_cast<float>(v)) != v) float_exact = false;
  }
  for (StorageType t : {StorageType::Byte, StorageType::Int, StorageType::Long}) {
    if (!integral) break;
    bool fits = std::all_of(c.num.begin(), c.num.end(),
                            [&](double v) { return data::fits_integer_type(t, v); });
    if (fits) return t;
  }
  return float_exact ? StorageType::Float : StorageType::Double;
}

}  // namespace

XTDO_COMMAND(compress, "compress", 0, "[varlist] [, NOCOALesce]") {
  Dataset& data = session.data;
  const int64_t n = static_cast<int64_t>(data.nobs());
  int64_t saved = 0;
  // --- Build: one variable at a time (a change cannot fail part way).
  for (const auto& ref : args.vars) {
    Column& c = *data.get(ref.name);
    StorageType to = c.type;
    int width = c.str_width;
    if (c.type == StorageType::Str) {
      size_t longest = 1;
      for (const auto& s : c.str) longest = std::max(longest, s.size());
      width = static_cast<int>(longest);
    } else if (c.type != StorageType::StrL) {
      to = smallest(c);
    }
    const int64_t gain = type_size(c.type, c.str_width) - type_size(to, width);
    if (gain <= 0) continue;  // e.g. a float of large integers would be a long: no saving
    session.console.println(fmt::format("  variable {} was {} now {}", c.name,
                                        storage_name(c.type, c.str_width),
                                        storage_name(to, width)));
    if (c.type == StorageType::Str && c.format == default_format(StorageType::Str, c.str_width))
      c.format = default_format(StorageType::Str, width);
    c.type = to;
    c.str_width = width;
    saved += gain * n;
    data.changed = true;
  }
  // --- Display
  session.console.println(fmt::format("  ({} bytes saved)", data::commas(saved)));
}

}  // namespace xtdo
