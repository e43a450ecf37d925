// replace: change the values of an existing variable ([D] generate). Vectorised,
// except when the expression reads the target at other rows (x[_n-1], L.x): then
// row by row in order, as Stata does, so that carry-forward fills work.
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

namespace {

/// Counts for the "(N real changes made, M to missing)" note.
struct Tally {
  int64_t changes = 0;
  int64_t to_missing = 0;
};

bool is_integer_type(StorageType t) {
  return t == StorageType::Byte || t == StorageType::Int || t == StorageType::Long;
}

/// The type an integer column must become to hold `values` at the rows in
/// `touse` (Stata's automatic promotion; float and double are never promoted).
StorageType needed_type(StorageType cur, const std::vector<double>& values,
                        const std::vector<uint8_t>& touse) {
  if (!is_integer_type(cur)) return cur;
  bool non_integer = false;
  StorageType need = cur;
  for (size_t row = 0; row < values.size(); ++row) {
    if (!touse[row]) continue;
    double v = values[row];
    if (missing::is_missing(v) || data::fits_integer_type(need, v)) continue;
    if (v != std::trunc(v)) {
      non_integer = true;
      continue;
    }
    need = data::promoted_type(need, v);
  }
  if (!non_integer) return need;
  // A float cannot hold every long exactly, so long (or huge integers) goes to double.
  return (cur == StorageType::Long || data::type_rank(need) >= data::type_rank(StorageType::Long))
             ? StorageType::Double
             : StorageType::Float;
}

void retype(Column& col, StorageType to) {
  if (col.format == default_format(col.type, col.str_width)) col.format = default_format(to, 0);
  col.type = to;
}

inline void store_number(Column& col, size_t row, double x, Tally& tally) {
  double old = col.num[row];
  if (x == old) return;
  ++tally.changes;
  if (missing::is_missing(x) && !missing::is_missing(old)) ++tally.to_missing;
  col.num[row] = x;
}

inline void store_string(Column& col, size_t row, std::string s, Tally& tally) {
  std::string& old = col.str[row];
  if (s == old) return;
  ++tally.changes;
  if (s.empty()) ++tally.to_missing;
  old = std::move(s);
}

/// Grow a str# column to hold a string of `len` bytes (strL beyond 2045).
void widen(Column& col, size_t len) {
  if (col.type != StorageType::Str || len <= static_cast<size_t>(col.str_width)) return;
  bool default_fmt = col.format == default_format(col.type, col.str_width);
  if (len > 2045) {
    col.type = StorageType::StrL;
  } else {
    col.str_width = static_cast<int>(len);
  }
  if (default_fmt) col.format = default_format(col.type, col.str_width);
}

}  // namespace

XTDO_COMMAND(replace, "replace", 0, "byable(onecall) varname =exp [if] [in] [, NOPromote]") {
  Dataset& data = session.data;
  // --- Bind
  const std::string target = args.vars.at(0).name;
  Column& col = *data.get(target);
  const bool promote = !args.has("nopromote");
  const StorageType old_type = col.type;
  const int old_width = col.str_width;

  std::optional<ByGroups> groups;
  EvalContext ctx;
  ctx.data = &data;
  ctx.env = &session;
  data::attach_by_groups(session, ctx, groups, {args.exp.get(), args.if_exp.get()});
  const size_t n = data.nobs();
  const bool if_reads = args.if_exp && reads_other_rows(*args.if_exp, target);
  const bool sequential = if_reads || reads_other_rows(*args.exp, target);
  Tally tally;

  if (!sequential) {
    // --- Sample and evaluate, whole columns
    std::vector<uint8_t> touse = args.sample(session, /*markout=*/false);
    ctx.rows = &touse;
    Value v = evaluate(*args.exp, ctx);
    if (v.is_string != col.is_string()) throw XtdoError(109, "type mismatch", args.exp_pos);
    // --- Store
    if (v.is_string) {
      size_t longest = 0;
      for (size_t row = 0; row < n; ++row)
        if (touse[row]) longest = std::max(longest, v.str[row].size());
      widen(col, longest);
      for (size_t row = 0; row < n; ++row)
        if (touse[row]) store_string(col, row, std::move(v.str[row]), tally);
    } else {
      if (promote) {
        StorageType to = needed_type(col.type, v.num, touse);
        if (to != col.type) retype(col, to);
      }
      for (size_t row = 0; row < n; ++row)
        if (touse[row]) store_number(col, row, data::to_storage(col.type, v.num[row]), tally);
    }
  } else {
    // --- Row by row, in order: each row sees the values replaced before it.
    CallArgs no_if = args;
    no_if.if_exp = nullptr;
    std::vector<uint8_t> touse =
        if_reads ? no_if.sample(session, false) : args.sample(session, false);
    EvalContext none = ctx;
    none.row_begin = none.row_end = 0;
    if (evaluate(*args.exp, none).is_string != col.is_string())
      throw XtdoError(109, "type mismatch", args.exp_pos);
    EvalContext one = ctx;
    // Lags read the rows already replaced: with one index built here, each row's
    // L.x costs a lookup, not a whole operated column (which made this quadratic).
    std::optional<TsIndex> ts;
    if (data.ts.set() && target != data.ts.timevar && target != data.ts.panelvar) {
      try {
        ts.emplace(data);
        one.ts_index = &*ts;
      } catch (const XtdoError&) {
        // Not a valid panel/time index: the row evaluation reports the error.
      }
    }
    for (size_t row = 0; row < n; ++row) {
      if (!touse[row]) continue;
      one.row_begin = static_cast<int64_t>(row);
      one.row_end = one.row_begin + 1;
      if (if_reads) {
        Value cond = evaluate(*args.if_exp, one);
        if (cond.is_string) throw XtdoError(109, "type mismatch", args.if_exp->pos);
        if (cond.num[0] == 0) continue;
      }
      Value v = evaluate(*args.exp, one);
      if (v.is_string) {
        widen(col, v.str[0].size());
        store_string(col, row, std::move(v.str[0]), tally);
      } else {
        if (promote) {
          StorageType to = needed_type(col.type, v.num, std::vector<uint8_t>{1});
          if (to != col.type) retype(col, to);
        }
        store_number(col, row, data::to_storage(col.type, v.num[0]), tally);
      }
    }
  }

  // --- Post: a changed sort key breaks the recorded sort order from there on.
  if (tally.changes > 0) {
    data.changed = true;
    for (size_t k = 0; k < data.sortedby.size(); ++k)
      if (data.sortedby[k] == target) {
        data.sortedby.resize(k);
        break;
      }
  }

  // --- Display
  if (col.type != old_type || col.str_width != old_width)
    session.console.println(fmt::format("variable {} was {} now {}", target,
                                        storage_name(old_type, old_width),
                                        storage_name(col.type, col.str_width)));
  std::string note = fmt::format("({} real change{} made", data::commas(tally.changes),
                                 tally.changes == 1 ? "" : "s");
  if (tally.to_missing > 0) note += fmt::format(", {} to missing", data::commas(tally.to_missing));
  session.console.println(note + ")");
}

}  // namespace xtdo
