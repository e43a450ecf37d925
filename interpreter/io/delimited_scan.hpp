// Field-level scanning shared by the delimited reader's passes: where a field ends,
// what its text is, and whether it is a number. One definition, so the pass that
// cuts the file into chunks and the passes that parse them agree on every boundary.
#pragma once

#include <fast_float/fast_float.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

#include "xtdo/missing.hpp"

namespace xtdo::io::scan {

inline constexpr char kQuote = '"';

/// Blank padding around a field: spaces and tabs, unless that character is the delimiter.
inline bool is_pad(char c, char delim) { return (c == ' ' || c == '\t') && c != delim; }

/// End of the field starting at `p`: the delimiter, the '\n', or `end`. A field is
/// quoted only when its first byte is a quote; inside, "" is a literal quote and
/// delimiters and newlines are data. Bytes after the closing quote up to the
/// delimiter belong to the field (lenient, as Stata). nullptr: unterminated quote.
inline const char* skip_field(const char* p, const char* end, char delim) {
  if (p < end && *p == kQuote) {
    ++p;
    for (;;) {
      const void* q = std::memchr(p, kQuote, static_cast<size_t>(end - p));
      if (!q) return nullptr;
      p = static_cast<const char*>(q) + 1;
      if (p < end && *p == kQuote) {
        ++p;
        continue;
      }
      break;
    }
  }
  while (p < end && *p != delim && *p != '\n') ++p;
  return p;
}

/// A blank line ("\n", "\r\n", or a lone "\r" before EOF) holds no record; returns the
/// start of the next line, or nullptr when `p` does not start a blank line.
inline const char* skip_blank_line(const char* p, const char* end) {
  if (p < end && *p == '\n') return p + 1;
  if (p < end && *p == '\r') {
    if (p + 1 == end) return end;
    if (p[1] == '\n') return p + 2;
  }
  return nullptr;
}

/// Start of the record after the one starting at `p` (nullptr: unterminated quote);
/// `bad_field` receives the start of the field whose quote never closes.
inline const char* skip_record(const char* p, const char* end, char delim, const char** bad_field) {
  for (;;) {
    const char* fe = skip_field(p, end, delim);
    if (!fe) {
      *bad_field = p;
      return nullptr;
    }
    if (fe == end) return end;
    if (*fe == '\n') return fe + 1;
    p = fe + 1;
  }
}

/// The text of field [b, e): an unquoted field as written; a quoted one without its
/// quotes, "" turned into ", followed by anything written after the closing quote.
/// The '\r' of a CRLF line end is dropped.
inline std::string field_text(const char* b, const char* e) {
  if (e > b && e[-1] == '\r') --e;
  if (b == e || *b != kQuote) return std::string(b, e);
  std::string out;
  const char* p = b + 1;
  while (p < e) {
    if (*p == kQuote) {
      if (p + 1 < e && p[1] == kQuote) {
        out.push_back(kQuote);
        p += 2;
        continue;
      }
      ++p;  // the closing quote
      while (e > p && (e[-1] == ' ' || e[-1] == '\t')) --e;
      out.append(p, e);
      return out;
    }
    out.push_back(*p++);
  }
  return out;
}

enum class Kind { Number, Missing, Text };

/// Classify a numeric field [b, e) (full field, quotes included) and parse it.
/// Missing: empty, ".", ".a".."z", and "NA". Stata's import delimited would turn a
/// column holding "NA" into a string column; we read "NA" as missing because R and
/// pandas write it for missing numbers, and a numeric column is what the user means.
inline Kind classify(const char* b, const char* e, char delim, double& value) {
  auto trim = [&] {
    while (b < e && (is_pad(*b, delim) || *b == '\r')) ++b;
    while (e > b && (is_pad(e[-1], delim) || e[-1] == '\r')) --e;
  };
  trim();
  if (b < e && *b == kQuote) {
    // "12" is the number 12; anything with inner quotes or text after the quote is text.
    if (e - b < 2 || e[-1] != kQuote) return Kind::Text;
    ++b;
    --e;
    if (std::memchr(b, kQuote, static_cast<size_t>(e - b))) return Kind::Text;
    trim();
  }
  value = missing::kSysmiss;
  if (b == e) return Kind::Missing;
  if (e - b == 2 && b[0] == 'N' && b[1] == 'A') return Kind::Missing;
  if (b[0] == '.') {
    if (e - b == 1) return Kind::Missing;
    if (e - b == 2 && b[1] >= 'a' && b[1] <= 'z') {
      value = missing::extended(b[1]);
      return Kind::Missing;
    }
  }
  if (b[0] == '+' && e - b > 1 && ((b[1] >= '0' && b[1] <= '9') || b[1] == '.')) ++b;
  auto res = fast_float::from_chars(b, e, value);
  if (res.ec != std::errc() || res.ptr != e || !(std::fabs(value) < missing::kSysmiss)) {
    value = missing::kSysmiss;
    return Kind::Text;
  }
  return Kind::Number;
}

/// The hot path: an unquoted number at `p` followed by padding and a field end.
/// On success sets `value` and `field_end` (at the delimiter/'\n'/end); on failure the
/// caller falls back to skip_field + classify from the same `p`.
inline bool fast_number(const char* p, const char* end, char delim, double& value,
                        const char*& field_end) {
  while (p < end && is_pad(*p, delim)) ++p;
  auto at_field_end = [&](const char* t) {
    while (t < end && (is_pad(*t, delim) || *t == '\r')) ++t;
    if (t < end && *t != delim && *t != '\n') return false;
    field_end = t;
    return true;
  };
  // Plain integers (ids, years, counts) are most fields of panel data: read them here.
  // Up to 15 digits the value is below 2^53, so the double is exact.
  const char* q = p;
  bool negative = q < end && *q == '-';
  q += negative;
  const char* digits = q;
  uint64_t acc = 0;
  while (q < end && static_cast<unsigned char>(*q - '0') < 10 && q - digits < 15) {
    acc = acc * 10 + static_cast<unsigned>(*q - '0');
    ++q;
  }
  if (q > digits && (q == end || *q == delim || *q == '\n' || *q == '\r' || is_pad(*q, delim))) {
    value = negative ? -static_cast<double>(acc) : static_cast<double>(acc);
    return at_field_end(q);
  }
  // Plain decimals (-0.8335630996659, 12.5): with at most 19 digits and a mantissa
  // below 2^53, mantissa / 10^k is one correctly rounded division (Clinger's fast
  // path), the same double fast_float returns, without its general machinery.
  if (q < end && *q == '.' && q - digits <= 15) {
    const char* frac = ++q;
    // Eight digits at a time while they last (SWAR: one load, three multiplies).
    while (end - q >= 8 && q - digits <= 11) {
      uint64_t w;
      std::memcpy(&w, q, 8);
      if (((w & 0xF0F0F0F0F0F0F0F0ULL) | (((w + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) !=
          0x3333333333333333ULL)
        break;
      w = ((w & 0x0F0F0F0F0F0F0F0FULL) * 2561) >> 8;
      w = ((w & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
      w = ((w & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32;
      acc = acc * 100000000ULL + w;
      q += 8;
    }
    while (q < end && static_cast<unsigned char>(*q - '0') < 10 && q - digits <= 19) {
      acc = acc * 10 + static_cast<unsigned>(*q - '0');
      ++q;
    }
    const long k = q - frac;
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if ((q > frac || frac - 1 > digits) && k <= 22 && acc <= (uint64_t{1} << 53) &&
        (q == end || *q == delim || *q == '\n' || *q == '\r' || is_pad(*q, delim))) {
      double m = static_cast<double>(acc) / kPow10[k];
      value = negative ? -m : m;
      return at_field_end(q);
    }
  }
  // Everything else through fast_float (which does not take a leading '+').
  if (p < end && *p == '+' && p + 1 < end && ((p[1] >= '0' && p[1] <= '9') || p[1] == '.')) ++p;
  auto res = fast_float::from_chars(p, end, value);
  if (res.ec != std::errc()) return false;
  if (!(std::fabs(value) < missing::kSysmiss)) return false;  // inf, nan, beyond Stata's range
  return at_field_end(res.ptr);
}

/// Whole-number test that needs no libm call: every double of magnitude >= 2^52 is whole.
inline bool is_whole(double v) {
  return std::fabs(v) >= 4503599627370496.0 || static_cast<double>(static_cast<int64_t>(v)) == v;
}

}  // namespace xtdo::io::scan
