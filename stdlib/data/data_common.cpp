// Helpers shared by the data-management commands: message formats, storage-type
// rules, group codes, sort permutations and dataset copies.
#include "data_common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "xtdo/session.hpp"

namespace xtdo::data {

std::string commas(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  int count = 0;
  for (size_t i = digits.size(); i-- > 0;) {
    out.push_back(digits[i]);
    if (++count % 3 == 0 && i > 0) out.push_back(',');
  }
  if (n < 0) out.push_back('-');
  std::reverse(out.begin(), out.end());
  return out;
}

void note_missing_generated(Session& session, int64_t n) {
  if (n <= 0) return;
  session.console.println(
      fmt::format("({} missing value{} generated)", commas(n), n == 1 ? "" : "s"));
}

StorageType default_numeric_type(const Session& session) {
  auto it = session.settings.find("type");
  return it != session.settings.end() && it->second == "double" ? StorageType::Double
                                                                : StorageType::Float;
}

int type_rank(StorageType t) {
  switch (t) {
    case StorageType::Byte:
      return 0;
    case StorageType::Int:
      return 1;
    case StorageType::Long:
      return 2;
    case StorageType::Float:
      return 3;
    case StorageType::Double:
      return 4;
    default:
      return 5;
  }
}

namespace {

// Stata's integer ranges leave the top codes for missing values ([D] Data types).
bool in_range(StorageType t, double v) {
  switch (t) {
    case StorageType::Byte:
      return v >= -127 && v <= 100;
    case StorageType::Int:
      return v >= -32767 && v <= 32740;
    case StorageType::Long:
      return v >= -2147483647.0 && v <= 2147483620.0;
    default:
      return true;
  }
}

bool is_integer_type(StorageType t) {
  return t == StorageType::Byte || t == StorageType::Int || t == StorageType::Long;
}

}  // namespace

bool fits_integer_type(StorageType t, double v) {
  if (missing::is_missing(v) || !is_integer_type(t)) return true;
  return v == std::trunc(v) && in_range(t, v);
}

double to_storage(StorageType t, double v) {
  if (missing::is_missing(v)) return v;
  if (t == StorageType::Float) return round_to_float(v);
  if (!is_integer_type(t)) return v;
  v = std::trunc(v);
  return in_range(t, v) ? v : missing::kSysmiss;
}

StorageType promoted_type(StorageType cur, double v) {
  if (!is_integer_type(cur) || fits_integer_type(cur, v)) return cur;
  if (v != std::trunc(v))
    return cur == StorageType::Long ? StorageType::Double : StorageType::Float;
  for (StorageType t : {StorageType::Int, StorageType::Long})
    if (type_rank(t) > type_rank(cur) && in_range(t, v)) return t;
  return StorageType::Double;
}

namespace {

/// Three-way comparison of two rows on one column, ascending.
inline int compare_rows(const Column& c, int64_t a, int64_t b) {
  if (c.is_string()) {
    int r = c.str[a].compare(c.str[b]);
    return r < 0 ? -1 : r > 0 ? 1 : 0;
  }
  double x = c.num[a], y = c.num[b];
  return x == y ? 0 : x < y ? -1 : 1;
}

/// Three-way comparison on one sort key, honouring direction and missing placement.
inline int compare_key(const SortKey& k, int64_t a, int64_t b) {
  const Column& c = *k.col;
  if (!k.descending) return compare_rows(c, a, b);
  if (c.is_string()) {
    const std::string& x = c.str[a];
    const std::string& y = c.str[b];
    if (x == y) return 0;
    // "" is the string missing value: last in descending order unless mfirst.
    if (x.empty() != y.empty()) return (x.empty() == k.missing_first) ? -1 : 1;
    return x > y ? -1 : 1;
  }
  double x = c.num[a], y = c.num[b];
  if (x == y) return 0;
  if (!k.missing_first) {
    bool mx = missing::is_missing(x), my = missing::is_missing(y);
    if (mx != my) return mx ? 1 : -1;
    if (mx) return x < y ? -1 : 1;
  }
  return x > y ? -1 : 1;
}

/// For one numeric column whose non-missing values are integers over a modest
/// range (ids, years, codes): each row's bucket 0..nbuckets-1 in ascending value
/// order, missing values after every number (`.`, then `.a`..`.z`). Lets sorting
/// and grouping run in linear time. False when the values do not qualify.
bool integer_buckets(const Column& c, const std::vector<uint8_t>* include,
                     std::vector<int32_t>& bucket, int64_t& nbuckets) {
  const size_t n = c.num.size();
  double lo = 0, hi = -1;
  for (size_t row = 0; row < n; ++row) {
    if (include && !(*include)[row]) continue;
    double v = c.num[row];
    if (missing::is_missing(v)) continue;
    if (v != std::trunc(v) || std::fabs(v) > 1e15) return false;
    if (hi < lo) lo = hi = v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double limit = std::max<double>(2.0 * static_cast<double>(n), 65536.0);
  const double range = hi < lo ? 0 : hi - lo + 1;
  if (range > limit || range > 2e9) return false;
  const int64_t numbers = static_cast<int64_t>(range);
  nbuckets = numbers + 27;
  bucket.resize(n);
  for (size_t row = 0; row < n; ++row) {
    double v = c.num[row];
    if (include && !(*include)[row]) {
      bucket[row] = 0;
    } else if (missing::is_missing(v)) {
      bucket[row] =
          static_cast<int32_t>(numbers + (missing::letter(v) ? missing::letter(v) - 'a' + 1 : 0));
    } else {
      bucket[row] = hi < lo ? 0 : static_cast<int32_t>(v - lo);
    }
  }
  return true;
}

}  // namespace

std::vector<int64_t> sort_permutation(const Dataset& data, const std::vector<SortKey>& keys) {
  const int64_t n = static_cast<int64_t>(data.nobs());
  auto cmp = [&](int64_t a, int64_t b) {
    for (const SortKey& k : keys) {
      int r = compare_key(k, a, b);
      if (r) return r;
    }
    return 0;
  };
  bool sorted = true;
  for (int64_t row = 1; row < n && sorted; ++row) sorted = cmp(row - 1, row) <= 0;
  if (sorted) return {};

  std::vector<int64_t> perm(static_cast<size_t>(n));
  std::vector<int32_t> bucket;
  int64_t nbuckets = 0;
  if (keys.size() == 1 && !keys[0].descending && !keys[0].col->is_string() &&
      integer_buckets(*keys[0].col, nullptr, bucket, nbuckets)) {
    // Counting sort: linear and stable.
    std::vector<int64_t> start(static_cast<size_t>(nbuckets) + 1, 0);
    for (int32_t b : bucket) ++start[b + 1];
    for (int64_t b = 0; b < nbuckets; ++b) start[b + 1] += start[b];
    for (int64_t row = 0; row < n; ++row) perm[start[bucket[row]]++] = row;
    return perm;
  }
  if (keys.size() == 1 && !keys[0].col->is_string()) {
    // One numeric key: sort (key, row) pairs, which is cache-friendly; the row
    // index as second key keeps ties in their current order.
    const SortKey& k = keys[0];
    std::vector<std::pair<double, int64_t>> pairs(static_cast<size_t>(n));
    for (int64_t row = 0; row < n; ++row) {
      double v = k.col->num[row];
      if (k.descending) v = (!k.missing_first && missing::is_missing(v)) ? v : -v;
      pairs[row] = {v, row};
    }
    std::sort(pairs.begin(), pairs.end());
    for (int64_t i = 0; i < n; ++i) perm[i] = pairs[i].second;
    return perm;
  }
  std::iota(perm.begin(), perm.end(), 0);
  std::sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) {
    int r = cmp(a, b);
    return r ? r < 0 : a < b;
  });
  return perm;
}

GroupCodes group_codes(const Dataset& data, const std::vector<std::string>& vars,
                       const std::vector<uint8_t>* include) {
  const int64_t n = static_cast<int64_t>(data.nobs());
  std::vector<SortKey> keys;
  for (const auto& v : vars) {
    const Column* c = data.get(v);
    if (!c) throw XtdoError(111, fmt::format("variable {} not found", v));
    keys.push_back({c, false, false});
  }
  GroupCodes out;
  out.code.assign(static_cast<size_t>(n), -1);
  auto used = [&](int64_t row) { return !include || (*include)[row]; };
  auto equal = [&](int64_t a, int64_t b) {
    for (const SortKey& k : keys)
      if (compare_rows(*k.col, a, b) != 0) return false;
    return true;
  };
  if (keys.empty()) {
    for (int64_t row = 0; row < n; ++row)
      if (used(row)) out.code[row] = 0;
    out.ngroups = std::any_of(out.code.begin(), out.code.end(), [](int32_t c) { return c == 0; });
    return out;
  }
  // Already in order (the usual case under `by`/`bysort`): one linear pass.
  bool sorted = true;
  int64_t prev = -1;
  for (int64_t row = 0; row < n && sorted; ++row) {
    if (!used(row)) continue;
    if (prev >= 0) {
      for (const SortKey& k : keys) {
        int r = compare_rows(*k.col, prev, row);
        if (r < 0) break;
        if (r > 0) {
          sorted = false;
          break;
        }
      }
    }
    prev = row;
  }
  std::vector<int32_t> bucket;
  int64_t nbuckets = 0;
  if (!sorted && keys.size() == 1 && !keys[0].col->is_string() &&
      integer_buckets(*keys[0].col, include, bucket, nbuckets)) {
    // Integer codes over a modest range: number the buckets that occur, in order.
    std::vector<int32_t> remap(static_cast<size_t>(nbuckets), -1);
    for (int64_t row = 0; row < n; ++row)
      if (used(row)) remap[bucket[row]] = 0;
    int32_t next = 0;
    for (auto& r : remap)
      if (r == 0) r = next++;
    for (int64_t row = 0; row < n; ++row)
      if (used(row)) out.code[row] = remap[bucket[row]];
    out.ngroups = next;
    return out;
  }
  std::vector<int64_t> order;
  if (!sorted) {
    std::vector<SortKey> asc = keys;
    order = sort_permutation(data, asc);
  }
  int32_t code = -1;
  prev = -1;
  for (int64_t i = 0; i < n; ++i) {
    int64_t row = order.empty() ? i : order[i];
    if (!used(row)) continue;
    if (prev < 0 || !equal(prev, row)) ++code;
    out.code[row] = code;
    prev = row;
  }
  out.ngroups = code + 1;
  return out;
}

namespace {

bool sees_groups(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Name && (e.text == "_n" || e.text == "_N")) return true;
  if (e.kind == ast::ExprKind::Subscript && e.args.size() == 1) return true;
  // sum() restarts at the first row of each by-group.
  if (e.kind == ast::ExprKind::Call && e.text == "sum") return true;
  for (const auto& a : e.args)
    if (a && sees_groups(*a)) return true;
  return false;
}

}  // namespace

void attach_by_groups(Session& session, EvalContext& ctx, std::optional<ByGroups>& holder,
                      std::initializer_list<const ast::Expr*> exprs) {
  if (!session.by.active()) return;
  bool needed = false;
  for (const ast::Expr* e : exprs) needed = needed || (e && sees_groups(*e));
  if (!needed) return;
  holder = ByGroups::build(session.data, session.by.vars);
  ctx.by = &*holder;
}

std::unique_ptr<Dataset> clone_dataset(const Dataset& data) {
  auto out = std::make_unique<Dataset>();
  for (const auto& src : data.columns()) {
    Column& c = src->is_string() ? out->add_string(src->name, src->str, src->str_width)
                                 : out->add_numeric(src->name, src->num, src->type);
    c.type = src->type;
    c.str_width = src->str_width;
    c.format = src->format;
    c.label = src->label;
    c.value_label = src->value_label;
  }
  if (data.nvars() == 0 && data.nobs() > 0) out->set_obs(data.nobs());
  out->value_labels = data.value_labels;
  out->sortedby = data.sortedby;
  out->ts = data.ts;
  out->label = data.label;
  out->esample = data.esample;
  out->stored_samples = data.stored_samples;
  out->changed = data.changed;
  return out;
}

std::pair<std::string, std::string> split_comma(const std::string& text) {
  int depth = 0;
  bool quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') quote = !quote;
    if (quote) continue;
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if (c == ',' && depth == 0)
      return {text.substr(0, i), text.substr(i + 1)};
  }
  return {text, std::string()};
}

}  // namespace xtdo::data
