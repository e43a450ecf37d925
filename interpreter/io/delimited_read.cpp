// import delimited: a parallel CSV/TSV reader. The file is memory-mapped and cut into
// chunks at record starts; rows are counted per chunk, the final columns are allocated
// once, and each thread parses its chunks straight into its slice of those columns.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

#include "delimited_scan.hpp"
#include "mapped_file.hpp"
#include "xtdo/error.hpp"
#include "xtdo/io.hpp"

namespace xtdo::io {
namespace {

using scan::Kind;

// Mapped pages are handed back after every this many bytes read, so the resident
// size is the columns plus a few MB of file, not the whole file.
constexpr size_t kReleaseStep = size_t{4} << 20;
// Files smaller than this are read by one thread: starting threads would cost more.
constexpr size_t kMinChunk = size_t{1} << 20;

struct Chunk {
  const char* begin = nullptr;
  const char* end = nullptr;
  size_t rows_ub = 0;  ///< upper bound on records (newlines, +1 for an unterminated last line)
  size_t base = 0;     ///< first row of this chunk's slice of the columns
  size_t rows = 0;     ///< records parsed
  size_t max_fields = 0;
  bool has_quote = false;
};

struct ColStats {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  bool fractional = false;
  bool text = false;  ///< some field is neither a number nor missing: a string column
  void merge(const ColStats& o) {
    lo = std::min(lo, o.lo);
    hi = std::max(hi, o.hi);
    fractional |= o.fractional;
    text |= o.text;
  }
};

/// Run fn(task) for every task in [0, ntasks) on up to `nthreads` threads, taking tasks
/// in order from a shared counter; the first exception is rethrown after all joined.
template <class F>
void parallel_for(size_t ntasks, unsigned nthreads, F&& fn) {
  if (ntasks == 0) return;
  size_t workers = std::min<size_t>(nthreads, ntasks);
  if (workers <= 1) {
    for (size_t task = 0; task < ntasks; ++task) fn(task);
    return;
  }
  std::atomic<size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    for (;;) {
      size_t task = next.fetch_add(1);
      if (task >= ntasks) return;
      try {
        fn(task);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next.store(ntasks);
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // fewer threads than asked for: the others take the tasks
    }
  }
  work();
  for (auto& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
}

[[noreturn]] void unterminated_quote(const MappedFile& file, const std::string& path,
                                     const char* field) {
  size_t line = 1 + static_cast<size_t>(std::count(file.data(), field, '\n'));
  throw XtdoError(
      198, fmt::format("malformed CSV: unterminated quote in {} starting on line {}", path, line));
}

const char* skip_blank_lines(const char* p, const char* end) {
  while (const char* next = scan::skip_blank_line(p, end)) p = next;
  return p;
}

/// The fields of the record at `p` as text; `next` receives the start of the next record.
std::vector<std::string> record_fields(const MappedFile& file, const std::string& path,
                                       const char* p, char delim, const char** next) {
  std::vector<std::string> fields;
  const char* end = file.end();
  for (;;) {
    const char* fe = scan::skip_field(p, end, delim);
    if (!fe) unterminated_quote(file, path, p);
    fields.push_back(scan::field_text(p, fe));
    if (fe < end && *fe == delim) {
      p = fe + 1;
      continue;
    }
    *next = fe < end ? fe + 1 : end;
    return fields;
  }
}

/// ',' unless the first line has tabs and no commas (Stata's import delimited default).
char detect_delimiter(const char* p, const char* end) {
  const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
  if (!eol) eol = end;
  bool tab = std::find(p, eol, '\t') != eol;
  bool comma = std::find(p, eol, ',') != eol;
  return tab && !comma ? '\t' : ',';
}

/// A first row is a header when no field is a number and some field is text.
bool looks_like_names(const std::vector<std::string>& fields, char delim) {
  bool any_text = false;
  for (const auto& f : fields) {
    double v;
    Kind kind = scan::classify(f.data(), f.data() + f.size(), delim, v);
    if (kind == Kind::Number) return false;
    if (kind == Kind::Text) any_text = true;
  }
  return any_text;
}

bool reserved_name(const std::string& s) {
  static const std::set<std::string> words = {
      "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if",   "in",    "int",
      "long", "_n", "_N",   "_pi",   "_pred", "_rc",    "_skip", "strL", "using", "with"};
  if (words.count(s)) return true;
  return s.size() > 3 && s.compare(0, 3, "str") == 0 &&
         std::all_of(s.begin() + 3, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Stata names from header texts: trimmed, lower-cased unless `preserve_case`, invalid
/// characters turned into '_', cut to 32 characters. Empty, digit-led, reserved or
/// repeated names become v# (# = column number), as import delimited does; the original
/// text is kept as the variable label whenever the name differs from it.
std::vector<std::string> make_names(const std::vector<std::string>& header, size_t ncols,
                                    bool preserve_case, std::vector<std::string>& labels) {
  std::vector<std::string> names(ncols);
  labels.assign(ncols, "");
  std::set<std::string> used;
  for (size_t col = 0; col < ncols; ++col) {
    std::string text = col < header.size() ? header[col] : std::string();
    size_t first = text.find_first_not_of(" \t");
    text = first == std::string::npos
               ? ""
               : text.substr(first, text.find_last_not_of(" \t") - first + 1);
    std::string name;
    bool any_alnum = false;
    for (unsigned char c : text) {
      if (std::isalnum(c) && c < 128) {
        any_alnum = true;
        name.push_back(preserve_case ? static_cast<char>(c) : static_cast<char>(std::tolower(c)));
      } else {
        name.push_back('_');
      }
    }
    if (name.size() > 32) name.resize(32);
    if (!any_alnum || std::isdigit(static_cast<unsigned char>(name[0])) || reserved_name(name) ||
        used.count(name)) {
      name = fmt::format("v{}", col + 1);
      for (int k = 2; used.count(name); ++k) name = fmt::format("v{}_{}", col + 1, k);
    }
    used.insert(name);
    names[col] = name;
    if (!text.empty() && text != name) labels[col] = text.substr(0, 80);
  }
  return names;
}

/// Chunk boundaries at line starts near equal byte offsets (valid when the body has no
/// quotes, so every newline ends a record).
std::vector<Chunk> cut_at_newlines(const char* body, const char* end, size_t nchunks) {
  std::vector<Chunk> chunks;
  const char* start = body;
  size_t size = static_cast<size_t>(end - body);
  for (size_t k = 1; k <= nchunks && start < end; ++k) {
    const char* stop = end;
    if (k < nchunks) {
      const char* target = body + size / nchunks * k;
      if (target < start) continue;
      const void* nl = std::memchr(target, '\n', static_cast<size_t>(end - target));
      stop = nl ? static_cast<const char*>(nl) + 1 : end;
    }
    chunks.push_back(Chunk{start, stop});
    start = stop;
  }
  return chunks;
}

/// Count newlines (row upper bound) and look for quotes, releasing pages as it goes.
void count_chunk(const MappedFile& file, Chunk& chunk) {
  size_t newlines = 0;
  unsigned char quote = 0;
  for (const char* b = chunk.begin; b < chunk.end; b += kReleaseStep) {
    const char* e =
        chunk.end - b > static_cast<ptrdiff_t>(kReleaseStep) ? b + kReleaseStep : chunk.end;
    size_t n = 0;
    unsigned char q = 0;
    for (const char* x = b; x < e; ++x) {  // vectorised by the compiler
      n += *x == '\n';
      q |= *x == scan::kQuote;
    }
    newlines += n;
    quote |= q;
    file.release(b, e);
  }
  chunk.rows_ub = newlines + (chunk.end > chunk.begin && chunk.end[-1] != '\n' ? 1 : 0);
  chunk.has_quote = quote != 0;
}

/// With quotes in the body a newline may sit inside a field, so record starts are found
/// by one sequential scan (fields are quoted only at their start, as the parser reads
/// them). Each chunk's row bound is its exact record count. Throws 198 on an open quote.
std::vector<Chunk> cut_at_records(const MappedFile& file, const std::string& path, const char* body,
                                  size_t nchunks, char delim) {
  const char* end = file.end();
  size_t size = static_cast<size_t>(end - body);
  std::vector<Chunk> chunks;
  Chunk current{body, body};
  const char* released = body;
  size_t k = 1;
  const char* p = body;
  while (p < end) {
    if (k < nchunks && p >= body + size / nchunks * k) {
      current.end = p;
      if (current.end > current.begin) chunks.push_back(current);
      current = Chunk{p, p};
      while (k < nchunks && p >= body + size / nchunks * k) ++k;
    }
    const char* bad = nullptr;
    const char* next = scan::skip_record(p, end, delim, &bad);
    if (!next) unterminated_quote(file, path, bad);
    ++current.rows_ub;
    p = next;
    if (static_cast<size_t>(p - released) > kReleaseStep) {
      file.release(released, p);
      released = p;
    }
  }
  current.end = end;
  if (current.end > current.begin) chunks.push_back(current);
  return chunks;
}

struct ParseTarget {
  char delim;
  size_t ncols;
  double* const* num;  ///< per column: the slice start of row 0
};

/// Parse one chunk's records into rows [base, base + rows) of the numeric columns.
void parse_chunk(const MappedFile& file, const std::string& path, Chunk& chunk,
                 const ParseTarget& target, std::vector<ColStats>& stats_out) {
  const char delim = target.delim;
  const size_t ncols = target.ncols;
  double* const* num = target.num;
  std::vector<ColStats> stats(ncols);
  const char* p = chunk.begin;
  const char* end = chunk.end;
  const char* released = p;
  size_t row = chunk.base;
  size_t max_fields = 0;
  while (p < end) {
    if (const char* next = scan::skip_blank_line(p, end)) {
      p = next;
      continue;
    }
    size_t field = 0;
    for (;;) {
      const char* fe;
      if (field < ncols) {
        ColStats& st = stats[field];
        double v;
        bool number = false;
        if (!st.text && scan::fast_number(p, end, delim, v, fe)) {
          number = true;
        } else {
          fe = scan::skip_field(p, end, delim);
          if (!fe) unterminated_quote(file, path, p);
          v = missing::kSysmiss;
          if (!st.text) {
            Kind kind = scan::classify(p, fe, delim, v);
            number = kind == Kind::Number;
            if (kind == Kind::Text) st.text = true;
          }
        }
        if (number) {
          if (v < st.lo) st.lo = v;
          if (v > st.hi) st.hi = v;
          if (!st.fractional && !scan::is_whole(v)) st.fractional = true;
        }
        num[field][row] = v;
      } else {
        fe = scan::skip_field(p, end, delim);
        if (!fe) unterminated_quote(file, path, p);
      }
      ++field;
      p = fe;
      if (p < end && *p == delim) {
        ++p;
        continue;
      }
      if (p < end) ++p;  // the '\n'
      break;
    }
    // Short rows are padded with missing values, as Stata does.
    for (size_t col = field; col < ncols; ++col) num[col][row] = missing::kSysmiss;
    max_fields = std::max(max_fields, field);
    ++row;
    if (static_cast<size_t>(p - released) > kReleaseStep) {
      file.release(released, p);
      released = p;
    }
  }
  file.release(released, p);
  chunk.rows = row - chunk.base;
  chunk.max_fields = max_fields;
  stats_out = std::move(stats);
}

/// Second pass for string columns only: the text of their fields, row by row.
void parse_text_chunk(const MappedFile& file, const Chunk& chunk, char delim,
                      const std::vector<std::string*>& text_cols) {
  const size_t ncols = text_cols.size();
  const char* p = chunk.begin;
  const char* end = chunk.end;
  const char* released = p;
  size_t row = chunk.base;
  while (p < end) {
    if (const char* next = scan::skip_blank_line(p, end)) {
      p = next;
      continue;
    }
    for (size_t field = 0;; ++field) {
      const char* fe = scan::skip_field(p, end, delim);  // cannot fail: the first pass checked
      if (field < ncols && text_cols[field]) text_cols[field][row] = scan::field_text(p, fe);
      p = fe;
      if (p < end && *p == delim) {
        ++p;
        continue;
      }
      if (p < end) ++p;
      break;
    }
    ++row;
    if (static_cast<size_t>(p - released) > kReleaseStep) {
      file.release(released, p);
      released = p;
    }
  }
  file.release(released, p);
}

size_t count_fields(const char* p, const char* end, char delim) {
  size_t n = 1;
  for (;;) {
    const char* fe = scan::skip_field(p, end, delim);
    if (!fe || fe == end || *fe != delim) return n;
    p = fe + 1;
    ++n;
  }
}

}  // namespace

Dataset read_delimited(const std::string& path, const DelimitedOptions& opts) {
  MappedFile file(path);
  if (file.size() == 0) return Dataset{};
  const char* end = file.end();
  const char* p = file.data();
  if (file.size() >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;  // UTF-8 BOM
  p = skip_blank_lines(p, end);
  unsigned nthreads = opts.threads > 0 ? static_cast<unsigned>(opts.threads)
                                       : std::max(1u, std::thread::hardware_concurrency());

  const char delim = opts.delimiter ? opts.delimiter : detect_delimiter(p, end);
  if (delim == scan::kQuote || delim == '\n' || delim == '\r')
    throw XtdoError(198, "invalid delimiter");

  // --- Header: varnames(#) skips the rows above the names; a row with a number is data.
  std::vector<std::string> header;
  bool has_header = false;
  const char* body = p;
  if (opts.header && p < end) {
    for (int skip = 1; skip < opts.varnames_row && body < end; ++skip) {
      const char* bad = nullptr;
      const char* next = scan::skip_record(body, end, delim, &bad);
      if (!next) unterminated_quote(file, path, bad);
      body = skip_blank_lines(next, end);
    }
    const char* after = body;
    std::vector<std::string> fields = record_fields(file, path, body, delim, &after);
    if (!opts.auto_header || looks_like_names(fields, delim)) {
      header = std::move(fields);
      has_header = true;
      body = after;
    }
  }
  body = skip_blank_lines(body, end);
  size_t ncols = has_header ? header.size() : (body < end ? count_fields(body, end, delim) : 0);
  if (ncols == 0) return Dataset{};

  // --- Chunks and row bounds
  size_t body_size = static_cast<size_t>(end - body);
  size_t nchunks = std::clamp<size_t>(body_size / kMinChunk, 1, size_t{nthreads} * 8);
  if (nchunks == 1) nthreads = 1;  // a small file: no thread is worth starting
  std::vector<Chunk> chunks = cut_at_newlines(body, end, nchunks);
  parallel_for(chunks.size(), nthreads, [&](size_t c) { count_chunk(file, chunks[c]); });
  if (std::any_of(chunks.begin(), chunks.end(), [](const Chunk& c) { return c.has_quote; }))
    chunks = cut_at_records(file, path, body, nchunks, delim);
  size_t rows_ub = 0;
  for (auto& chunk : chunks) {
    chunk.base = rows_ub;
    rows_ub += chunk.rows_ub;
  }

  // --- Parse numbers straight into the final columns. A row longer than the header
  // adds columns (named v#, as Stata does), which needs one more pass.
  std::vector<std::vector<double>> num;
  std::vector<std::vector<ColStats>> chunk_stats(chunks.size());
  for (;;) {
    num.assign(ncols, {});
    // Zero-filling 8 bytes a row is the first touch of the memory: share it out.
    // (Transparent huge pages were tried here: fewer faults, but with THP defrag
    // "madvise" a loaded machine pays more in compaction than it saves.)
    parallel_for(ncols, nthreads, [&](size_t col) { num[col].resize(rows_ub); });
    std::vector<double*> slices(ncols);
    for (size_t col = 0; col < ncols; ++col) slices[col] = num[col].data();
    ParseTarget target{delim, ncols, slices.data()};
    parallel_for(chunks.size(), nthreads,
                 [&](size_t c) { parse_chunk(file, path, chunks[c], target, chunk_stats[c]); });
    size_t widest = 0;
    for (const auto& chunk : chunks) widest = std::max(widest, chunk.max_fields);
    if (widest <= ncols) break;
    ncols = widest;
  }

  std::vector<ColStats> stats(ncols);
  for (const auto& cs : chunk_stats)
    for (size_t col = 0; col < ncols; ++col) stats[col].merge(cs[col]);

  // --- Close the gaps left by blank lines (row bounds were upper bounds).
  size_t nrows = 0;
  for (auto& chunk : chunks) {
    if (chunk.base != nrows) {
      for (size_t col = 0; col < ncols; ++col)
        if (!stats[col].text)
          std::memmove(num[col].data() + nrows, num[col].data() + chunk.base,
                       chunk.rows * sizeof(double));
      chunk.base = nrows;
    }
    nrows += chunk.rows;
  }

  // --- Strings: free the numeric scratch of text columns, then read their text.
  std::vector<std::vector<std::string>> str(ncols);
  std::vector<std::string*> text_cols(ncols, nullptr);
  bool any_text = false;
  for (size_t col = 0; col < ncols; ++col) {
    if (!stats[col].text) continue;
    std::vector<double>().swap(num[col]);
    str[col].resize(nrows);
    text_cols[col] = str[col].data();
    any_text = true;
  }
  if (any_text)
    parallel_for(chunks.size(), nthreads,
                 [&](size_t c) { parse_text_chunk(file, chunks[c], delim, text_cols); });

  // --- Build: storage types from the ranges seen (import delimited's rules).
  std::vector<std::string> labels;
  std::vector<std::string> names = make_names(has_header ? header : std::vector<std::string>{},
                                              ncols, opts.case_preserve, labels);
  std::vector<StorageType> types(ncols, StorageType::Double);
  for (size_t col = 0; col < ncols; ++col) {
    if (stats[col].text) continue;
    num[col].resize(nrows);
    const ColStats& st = stats[col];
    if (st.lo > st.hi)
      types[col] = StorageType::Byte;  // no value at all: all missing
    else if (st.fractional)
      types[col] = opts.as_double ? StorageType::Double : StorageType::Float;
    else
      types[col] = fit_numeric_type({st.lo, st.hi}, true);  // integers: the range decides
  }
  // Values conformed to their storage type here, on all threads, instead of by the
  // dataset one column at a time: float columns are rounded to float in blocks;
  // integer columns hold whole numbers and missing values only, which integer
  // storage keeps as they are.
  constexpr size_t kBlock = size_t{1} << 20;
  const size_t blocks = (nrows + kBlock - 1) / kBlock;
  parallel_for(ncols * blocks, nthreads, [&](size_t task) {
    const size_t col = task / blocks, b = task % blocks;
    if (stats[col].text || types[col] != StorageType::Float) return;
    double* v = num[col].data();
    for (size_t row = b * kBlock, stop = std::min(nrows, row + kBlock); row < stop; ++row)
      v[row] = round_to_float(v[row]);
  });
  Dataset data;
  for (size_t col = 0; col < ncols; ++col) {
    Column* added;
    if (stats[col].text) {
      added = &data.add_string(names[col], std::move(str[col]), 1);
    } else {
      // Added as double (which leaves the values alone), then given its type.
      added = &data.add_numeric(names[col], std::move(num[col]), StorageType::Double);
      added->type = types[col];
      added->format = default_format(types[col], 0);
    }
    if (has_header) added->label = labels[col];
  }
  return data;
}

}  // namespace xtdo::io
