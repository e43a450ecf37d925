// Stata display formats ([D] format, [U] 12.5): %w.dg (general), %w.df (fixed),
// %w.de (exponential), c (commas), - (left-align), 0 (zero-pad), %ws strings and
// the date formats %td %tm %tq %th %tw %ty %tc.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "eval_internal.hpp"

namespace xtdo {
namespace eval_detail {

// Howard Hinnant's civil-date algorithms, shifted so that day 0 is 01jan1960 (Stata's
// origin for %td dates).
constexpr int64_t kDays1970To1960 = -3653;

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468 - kDays1970To1960;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468 + kDays1970To1960;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

}  // namespace eval_detail

namespace {

using namespace eval_detail;

/// A parsed display format.
struct Fmt {
  bool left = false;    ///< `-`
  bool center = false;  ///< `~` (strings)
  bool zero = false;    ///< `0` pad
  bool comma = false;   ///< trailing `c`
  int width = 0;
  int dec = -1;
  char type = 'g';   ///< g f e s t
  std::string date;  ///< for %t: unit letter and mask, e.g. "d", "dCCYY-NN-DD"
  bool ok = false;
};

Fmt parse_fmt(const std::string& s) {
  Fmt f;
  size_t i = 0;
  if (i >= s.size() || s[i] != '%') return f;
  ++i;
  for (; i < s.size(); ++i) {
    if (s[i] == '-')
      f.left = true;
    else if (s[i] == '~')
      f.center = true;
    else
      break;
  }
  if (i < s.size() && s[i] == '0') {
    f.zero = true;
    ++i;
  }
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
    f.width = std::min(f.width * 10 + (s[i++] - '0'), 4096);
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    f.dec = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      f.dec = std::min(f.dec * 10 + (s[i++] - '0'), 4096);
  }
  if (i >= s.size()) return f;
  char t = s[i++];
  if (t == 't') {
    f.type = 't';
    f.date = s.substr(i);
    if (f.date.empty()) return f;
    f.ok = true;
    return f;
  }
  if (t != 'g' && t != 'f' && t != 'e' && t != 's') return f;
  f.type = t;
  if (i < s.size() && s[i] == 'c') {
    f.comma = true;
    ++i;
  }
  f.ok = i == s.size();
  return f;
}

std::string pad(std::string s, const Fmt& f) {
  int w = f.width;
  if (static_cast<int>(s.size()) >= w) return s;
  size_t fill = static_cast<size_t>(w) - s.size();
  if (f.left) return s + std::string(fill, ' ');
  if (f.center) return std::string(fill / 2, ' ') + s + std::string(fill - fill / 2, ' ');
  if (f.zero && f.type != 's' && !s.empty() && s[0] != '.') {
    size_t sign = (s[0] == '-') ? 1 : 0;
    return s.substr(0, sign) + std::string(fill, '0') + s.substr(sign);
  }
  return std::string(fill, ' ') + s;
}

std::string printf_str(const char* spec, int prec, double v) {
  char buf[128];
  int len = std::snprintf(buf, sizeof buf, spec, prec, v);
  if (len < static_cast<int>(sizeof buf)) return buf;
  std::string big(static_cast<size_t>(len) + 1, '\0');
  std::snprintf(big.data(), big.size(), spec, prec, v);
  big.resize(static_cast<size_t>(len));
  return big;
}

/// Insert thousands separators into the integer part of an unsigned number text.
std::string with_commas(const std::string& s) {
  size_t end = s.find_first_of(".e");
  if (end == std::string::npos) end = s.size();
  std::string out;
  for (size_t i = 0; i < end; ++i) {
    out += s[i];
    size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  out += s.substr(end);
  return out;
}

/// Drop trailing zeros of a fraction, then a bare point.
void strip_fraction(std::string& s) {
  if (s.find('.') == std::string::npos) return;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
}

/// %w.dg for a nonmissing, nonzero magnitude `a`. Stata sets aside two of the w
/// positions for a sign and a decimal point, so P = w-2 positions hold digits (and
/// commas for %gc); it prints fixed-point when that shows at least as many
/// significant digits as exponential would, else d.ddde+XX (Gould, Statalist 2003).
std::string general(double a, int width, int dec, bool comma) {
  const int P = std::max(width - 2, 1);
  const int exp10 = static_cast<int>(std::floor(std::log10(a)));
  // Exponential candidate: the exponent takes 4 positions (5 for three digits).
  const int exp_len = std::abs(exp10) >= 100 ? 5 : 4;
  int sig_exp = std::max(P - exp_len, 1);
  if (dec > 0) sig_exp = std::min(sig_exp, dec);
  std::string exp_text = printf_str("%.*e", sig_exp - 1, a);

  // Fixed candidate.
  int int_digits = a >= 1 ? exp10 + 1 : 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    int commas = comma && int_digits > 0 ? (int_digits - 1) / 3 : 0;
    int decimals = P - int_digits - commas;
    if (decimals < 0) break;
    if (dec > 0) {
      // %w.dg with d>0: d significant digits below 1, at most d decimals above.
      if (a < 1)
        decimals = std::min(decimals, dec - 1 - exp10);
      else
        decimals = std::min(decimals, dec);
    }
    std::string s = printf_str("%.*f", decimals, a);
    size_t point = s.find('.');
    int shown_int = static_cast<int>(point == std::string::npos ? s.size() : point);
    if (shown_int == 1 && s[0] == '0') shown_int = 0;
    if (shown_int > int_digits) {  // rounding carried into a new digit (9.99 -> 10.0)
      int_digits = shown_int;
      continue;
    }
    strip_fraction(s);
    if (int_digits == 0) {
      // Below 1, leading zeros use up positions: compare the significant digits
      // fixed-point can show (before trailing zeros were dropped) with exponential's.
      size_t first = s.find_first_of("123456789");
      int sig = first == std::string::npos ? 0 : decimals - static_cast<int>(first - 2);
      if (sig < sig_exp) break;
    }
    if (s.size() > 1 && s[0] == '0' && s[1] == '.') s.erase(0, 1);  // ".5", as Stata prints
    if (s == "0") break;
    if (comma) s = with_commas(s);
    return s;
  }
  if (comma && dec <= 0) return general(a, width, dec, false);
  return exp_text;
}

std::string format_date(double v, const std::string& spec);

}  // namespace

std::string format_number(double v, const std::string& fmt) {
  Fmt f = parse_fmt(fmt);
  if (!f.ok) f = parse_fmt("%9.0g");
  if (missing::is_missing(v)) return pad(missing::to_string(v), f);
  if (f.type == 't') return pad(format_date(v, f.date), f);
  if (v == 0) v = 0;  // no "-0"
  const bool neg = v < 0;
  const double a = std::fabs(v);
  std::string body;
  switch (f.type) {
    case 'f': {
      body = printf_str("%.*f", std::max(f.dec, 0), a);
      if (f.comma) body = with_commas(body);
      break;
    }
    case 'e':
      body = printf_str("%.*e", std::max(f.dec, 0), a);
      break;
    default: {  // g, and s applied to a number
      int w = f.width > 0 ? f.width : 9;
      body = a == 0 ? "0" : general(a, w, f.type == 'g' ? f.dec : 0, f.comma);
      break;
    }
  }
  // A value that rounds to zero prints without a sign.
  bool all_zero = body.find_first_of("123456789") == std::string::npos;
  if (neg && !all_zero) body = "-" + body;
  return pad(body, f);
}

std::string format_default(double v) {
  std::string s = format_number(v, "%10.0g");
  size_t b = s.find_first_not_of(' ');
  return b == std::string::npos ? s : s.substr(b);
}

std::string format_string(const std::string& s, const std::string& fmt) {
  Fmt f = parse_fmt(fmt);
  if (!f.ok) return s;
  f.zero = false;
  f.type = 's';
  return pad(s, f);
}

namespace {

const char* const kMon[] = {"jan", "feb", "mar", "apr", "may", "jun",
                            "jul", "aug", "sep", "oct", "nov", "dec"};
const char* const kMonth[] = {"january",   "february", "march",    "april",
                              "may",       "june",     "july",     "august",
                              "september", "october",  "november", "december"};
const char* const kDay[] = {"sunday",   "monday", "tuesday", "wednesday",
                            "thursday", "friday", "saturday"};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string capital(std::string s, bool upper_first) {
  if (upper_first && !s.empty())
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

/// Render a daily date (plus time of day in ms) with a Stata date mask: CC YY cc yy
/// NN nn DD dd Mon Month mon month Dayname Day HH hh MM SS ss, `_` for a blank,
/// other punctuation as is.
std::string apply_mask(int64_t days, double ms_of_day, const std::string& mask) {
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  int dow = static_cast<int>(((days % 7) + 7 + 5) % 7);  // 01jan1960 was a Friday
  int64_t secs = static_cast<int64_t>(ms_of_day / 1000);
  char buf[32];
  std::string out;
  size_t i = 0;
  auto starts = [&](const char* t) { return mask.compare(i, std::strlen(t), t) == 0; };
  while (i < mask.size()) {
    if (starts("CC")) {
      std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(y / 100));
      out += buf;
      i += 2;
    } else if (starts("cc")) {
      out += std::to_string(y / 100);
      i += 2;
    } else if (starts("YY")) {
      std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(y % 100));
      out += buf;
      i += 2;
    } else if (starts("yy")) {
      out += std::to_string(y % 100);
      i += 2;
    } else if (starts("NN")) {
      std::snprintf(buf, sizeof buf, "%02u", m);
      out += buf;
      i += 2;
    } else if (starts("nn")) {
      out += std::to_string(m);
      i += 2;
    } else if (starts("DD")) {
      std::snprintf(buf, sizeof buf, "%02u", d);
      out += buf;
      i += 2;
    } else if (starts("dd")) {
      out += std::to_string(d);
      i += 2;
    } else if (starts("Month")) {
      out += capital(kMonth[m - 1], true);
      i += 5;
    } else if (starts("month")) {
      out += kMonth[m - 1];
      i += 5;
    } else if (starts("Mon")) {
      out += capital(kMon[m - 1], true);
      i += 3;
    } else if (starts("mon")) {
      out += kMon[m - 1];
      i += 3;
    } else if (starts("Dayname")) {
      out += capital(kDay[dow], true);
      i += 7;
    } else if (starts("dayname")) {
      out += kDay[dow];
      i += 7;
    } else if (starts("Day")) {
      out += capital(std::string(kDay[dow]).substr(0, 3), true);
      i += 3;
    } else if (starts("day")) {
      out += std::string(kDay[dow]).substr(0, 3);
      i += 3;
    } else if (starts("HH")) {
      std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(secs / 3600));
      out += buf;
      i += 2;
    } else if (starts("hh")) {
      out += std::to_string(secs / 3600);
      i += 2;
    } else if (starts("MM")) {
      std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(secs / 60 % 60));
      out += buf;
      i += 2;
    } else if (starts("SS")) {
      std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(secs % 60));
      out += buf;
      i += 2;
    } else if (starts("ss")) {
      std::snprintf(buf, sizeof buf, "%06.3f", std::fmod(ms_of_day / 1000, 60.0));
      out += buf;
      i += 2;
    } else if (mask[i] == '_') {
      out += ' ';
      ++i;
    } else if (mask[i] == '!' && i + 1 < mask.size()) {
      out += mask[i + 1];
      i += 2;
    } else {
      out += mask[i];
      ++i;
    }
  }
  return out;
}

std::string format_date(double v, const std::string& spec) {
  if (std::fabs(v) > 1e15) return format_default(v);  // no calendar date
  char unit = spec[0];
  std::string mask = spec.substr(1);
  int64_t k = static_cast<int64_t>(std::floor(v));
  char buf[64];
  switch (unit) {
    case 'd':
      return apply_mask(k, 0, mask.empty() ? "DDmonCCYY" : mask);
    case 'c':
    case 'C': {
      int64_t days = static_cast<int64_t>(std::floor(v / 86400000.0));
      double ms = v - static_cast<double>(days) * 86400000.0;
      return apply_mask(days, ms, mask.empty() ? "DDmonCCYY_HH:MM:SS" : mask);
    }
    case 'm': {
      int64_t y = 1960 + floor_div(k, 12), m = k - floor_div(k, 12) * 12 + 1;
      if (!mask.empty())
        return apply_mask(days_from_civil(y, static_cast<unsigned>(m), 1), 0, mask);
      std::snprintf(buf, sizeof buf, "%lldm%lld", static_cast<long long>(y),
                    static_cast<long long>(m));
      return buf;
    }
    case 'q': {
      int64_t y = 1960 + floor_div(k, 4), q = k - floor_div(k, 4) * 4 + 1;
      std::snprintf(buf, sizeof buf, "%lldq%lld", static_cast<long long>(y),
                    static_cast<long long>(q));
      return buf;
    }
    case 'h': {
      int64_t y = 1960 + floor_div(k, 2), h = k - floor_div(k, 2) * 2 + 1;
      std::snprintf(buf, sizeof buf, "%lldh%lld", static_cast<long long>(y),
                    static_cast<long long>(h));
      return buf;
    }
    case 'w': {
      int64_t y = 1960 + floor_div(k, 52), w = k - floor_div(k, 52) * 52 + 1;
      std::snprintf(buf, sizeof buf, "%lldw%lld", static_cast<long long>(y),
                    static_cast<long long>(w));
      return buf;
    }
    case 'y':
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(k));
      return buf;
    case 'b':
    default:
      return format_default(v);
  }
}

}  // namespace
}  // namespace xtdo
