// Date functions ([FN] Date and time functions): %td days since 01jan1960 and the
// monthly/quarterly/half-yearly/weekly/yearly counts, with date("...", "DMY").
#include <cctype>
#include <ctime>

#include "eval_internal.hpp"

namespace xtdo::eval_detail {
namespace {

template <size_t K, class F>
Vec date_map(FnArgs& a, F f) {
  const Vec* in[K];
  for (size_t k = 0; k < K; ++k) in[k] = &a.num(k);
  const bool one = a.all_scalar();
  const size_t n = one ? 1 : a.n();
  std::vector<double> out(n);
  double x[K];
  for (size_t i = 0; i < n; ++i) {
    bool m = false;
    for (size_t k = 0; k < K; ++k) {
      x[k] = at(*in[k], i);
      m |= miss(x[k]);
    }
    out[i] = m ? kMiss : f(x);
  }
  if (one) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

int64_t ifloor(double v) { return to_index(std::floor(v)); }
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned month_days(int64_t y, unsigned m) {
  static const unsigned d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

double mdy(double m, double d, double y) {
  if (m != std::floor(m) || d != std::floor(d) || y != std::floor(y)) return kMiss;
  if (m < 1 || m > 12 || d < 1 || y < 100 || y > 9999) return kMiss;
  if (d > month_days(static_cast<int64_t>(y), static_cast<unsigned>(m))) return kMiss;
  return static_cast<double>(
      days_from_civil(static_cast<int64_t>(y), static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

/// Field of a daily date: 'y' year, 'm' month, 'd' day, 'w' day of week (0 = Sunday),
/// 'j' day of year, 'q' quarter, 'h' half.
double part(double td, char which) {
  if (std::fabs(td) > 1e9) return kMiss;  // beyond year +-2.7 million
  int64_t days = ifloor(td), y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  switch (which) {
    case 'y':
      return static_cast<double>(y);
    case 'm':
      return m;
    case 'd':
      return d;
    case 'w':
      return static_cast<double>(((days % 7) + 7 + 5) % 7);
    case 'j':
      return static_cast<double>(days - days_from_civil(y, 1, 1) + 1);
    case 'q':
      return (m - 1) / 3 + 1;
    case 'h':
      return (m - 1) / 6 + 1;
    case 'k':
      return std::min<double>(52, static_cast<double>((days - days_from_civil(y, 1, 1)) / 7 + 1));
  }
  return kMiss;
}

#define XTDO_PART(NAME, CH)                                                \
  Vec NAME(FnArgs& a) {                                                    \
    return date_map<1>(a, [](const double* x) { return part(x[0], CH); }); \
  }
XTDO_PART(fn_year, 'y')
XTDO_PART(fn_month, 'm')
XTDO_PART(fn_day, 'd')
XTDO_PART(fn_dow, 'w')
XTDO_PART(fn_doy, 'j')
XTDO_PART(fn_quarter, 'q')
XTDO_PART(fn_halfyear, 'h')
XTDO_PART(fn_week, 'k')
#undef XTDO_PART

Vec fn_mdy(FnArgs& a) {
  return date_map<3>(a, [](const double* x) { return mdy(x[0], x[1], x[2]); });
}

/// Periods since 1960 with `per` periods a year: ym(), yq(), yh(), yw().
template <int Per>
Vec fn_yperiod(FnArgs& a) {
  return date_map<2>(a, [](const double* x) {
    if (x[1] < 1 || x[1] > Per) return kMiss;
    return (std::floor(x[0]) - 1960) * Per + std::floor(x[1]) - 1;
  });
}

/// Daily date -> period count: mofd(), qofd(), hofd(), wofd(), yofd().
template <int Per>
Vec fn_pofd(FnArgs& a) {
  return date_map<1>(a, [](const double* x) {
    double y = part(x[0], 'y');
    double sub;
    if (Per == 12)
      sub = part(x[0], 'm') - 1;
    else if (Per == 4)
      sub = part(x[0], 'q') - 1;
    else if (Per == 2)
      sub = part(x[0], 'h') - 1;
    else if (Per == 52)
      sub = part(x[0], 'k') - 1;
    else
      return y;
    return (y - 1960) * Per + sub;
  });
}

/// Period count -> daily date of the period's first day: dofm(), dofq(), dofh(), dofw(), dofy().
template <int Per>
Vec fn_dofp(FnArgs& a) {
  return date_map<1>(a, [](const double* x) {
    if (std::fabs(x[0]) > 1e8) return kMiss;
    int64_t k = ifloor(x[0]);
    if (Per == 1) return static_cast<double>(days_from_civil(k, 1, 1));
    int64_t y = 1960 + floor_div(k, Per), sub = k - floor_div(k, Per) * Per;
    if (Per == 52) return static_cast<double>(days_from_civil(y, 1, 1) + 7 * sub);
    unsigned month = static_cast<unsigned>(sub * (12 / Per) + 1);
    return static_cast<double>(days_from_civil(y, month, 1));
  });
}

int month_from_name(const std::string& word) {
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  std::string w;
  for (size_t i = 0; i < 3; ++i)
    w += static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
  for (int m = 0; m < 12; ++m)
    if (w == names[m]) return m + 1;
  return 0;
}

/// date(s, mask [, topyear]): s holds day, month and year in the order of mask's D M
/// Y letters (digits before Y, as in "19Y", fix the century of two-digit years).
double parse_date(const std::string& s, const std::string& mask, double topyear) {
  std::string order;
  int century = -1;
  for (size_t i = 0; i < mask.size(); ++i) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(mask[i])));
    if (std::isdigit(static_cast<unsigned char>(c)) && i + 1 < mask.size() &&
        std::isdigit(static_cast<unsigned char>(mask[i + 1]))) {
      century = (c - '0') * 10 + (mask[i + 1] - '0');
      ++i;
    } else if ((c == 'D' || c == 'M' || c == 'Y') && order.find(c) == std::string::npos) {
      order += c;
    }
  }
  if (order.size() != 3) return kMiss;
  std::vector<std::string> tokens;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t b = i;
    if (std::isdigit(c)) {
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    } else if (std::isalpha(c)) {
      while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    } else {
      ++i;
      continue;
    }
    tokens.push_back(s.substr(b, i - b));
  }
  // One run of digits ("20200115"): split by field widths (Y 4, or 2 with a century).
  if (tokens.size() == 1 && std::isdigit(static_cast<unsigned char>(tokens[0][0]))) {
    std::string digits = tokens[0];
    tokens.clear();
    size_t pos = 0;
    for (char f : order) {
      size_t w = f == 'Y' ? (digits.size() == 6 ? 2 : 4) : 2;
      if (pos + w > digits.size()) return kMiss;
      tokens.push_back(digits.substr(pos, w));
      pos += w;
    }
    if (pos != digits.size()) return kMiss;
  }
  if (tokens.size() != 3) return kMiss;
  double d = kMiss, m = kMiss, y = kMiss;
  for (size_t k = 0; k < 3; ++k) {
    const std::string& t = tokens[k];
    bool numeric = std::isdigit(static_cast<unsigned char>(t[0])) != 0;
    if (numeric && t.size() > 9) return kMiss;
    double value = numeric ? std::stod(t) : month_from_name(t);
    if (!numeric && (order[k] != 'M' || value == 0)) return kMiss;
    if (order[k] == 'D')
      d = value;
    else if (order[k] == 'M')
      m = value;
    else {
      y = value;
      if (t.size() <= 2 && numeric) {
        if (century >= 0)
          y += century * 100;
        else if (!miss(topyear)) {
          double base = std::floor(topyear / 100) * 100 + value;
          y = base > topyear ? base - 100 : base;
        } else
          return kMiss;
      }
    }
  }
  return mdy(m, d, y);
}

Vec fn_date(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& mask = a.str(1);
  static const Vec no_top = Vec::number(kMiss);
  const Vec& top = a.size() > 2 ? a.num(2) : no_top;
  const bool one = a.all_scalar();
  const size_t n = one ? 1 : a.n();
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = parse_date(sat(s, i), sat(mask, i), at(top, i));
  if (one) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

/// tm(2020m1), tq(2020q3), th(2020h2), tw(2020w15): a year, the unit letter and the
/// period within the year; `.` unless the text is exactly that ([FN] Date and time
/// functions, "pseudofunctions").
double parse_period(const std::string& s, char unit, int per) {
  size_t i = 0;
  auto blanks = [&] {
    while (i < s.size() && s[i] == ' ') ++i;
  };
  auto number = [&](double& out) {
    size_t b = i;
    while (i < s.size() && i - b < 9 && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == b) return false;
    out = std::stod(s.substr(b, i - b));
    return true;
  };
  double year = 0, sub = 0;
  blanks();
  if (!number(year)) return kMiss;
  blanks();
  if (i >= s.size() || std::tolower(static_cast<unsigned char>(s[i])) != unit) return kMiss;
  ++i;
  blanks();
  if (!number(sub)) return kMiss;
  blanks();
  if (i != s.size() || sub < 1 || sub > per) return kMiss;
  return (year - 1960) * per + sub - 1;
}

/// The date pseudofunctions: the grammar hands over their literal text as a string.
Vec fn_td(FnArgs& a) {
  const Vec& s = a.str(0);
  return Vec::number(parse_date(sat(s, 0), "DMY", kMiss));
}
template <char Unit, int Per>
Vec fn_tperiod(FnArgs& a) {
  const Vec& s = a.str(0);
  return Vec::number(parse_period(sat(s, 0), Unit, Per));
}

Vec fn_today(FnArgs&) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return Vec::number(static_cast<double>(days_from_civil(
      tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1), static_cast<unsigned>(tm.tm_mday))));
}

}  // namespace

void add_date_functions(std::vector<FnSpec>& t) {
  t.insert(t.end(), {
                        {"mdy", 3, 3, fn_mdy},         {"year", 1, 1, fn_year},
                        {"month", 1, 1, fn_month},     {"day", 1, 1, fn_day},
                        {"dow", 1, 1, fn_dow},         {"doy", 1, 1, fn_doy},
                        {"quarter", 1, 1, fn_quarter}, {"halfyear", 1, 1, fn_halfyear},
                        {"week", 1, 1, fn_week},       {"ym", 2, 2, fn_yperiod<12>},
                        {"yq", 2, 2, fn_yperiod<4>},   {"yh", 2, 2, fn_yperiod<2>},
                        {"yw", 2, 2, fn_yperiod<52>},  {"mofd", 1, 1, fn_pofd<12>},
                        {"qofd", 1, 1, fn_pofd<4>},    {"hofd", 1, 1, fn_pofd<2>},
                        {"wofd", 1, 1, fn_pofd<52>},   {"yofd", 1, 1, fn_pofd<1>},
                        {"dofm", 1, 1, fn_dofp<12>},   {"dofq", 1, 1, fn_dofp<4>},
                        {"dofh", 1, 1, fn_dofp<2>},    {"dofw", 1, 1, fn_dofp<52>},
                        {"dofy", 1, 1, fn_dofp<1>},    {"date", 2, 3, fn_date},
                        {"daily", 2, 3, fn_date},      {"today", 0, 0, fn_today},
                        {"td", 1, 1, fn_td},           {"tm", 1, 1, fn_tperiod<'m', 12>},
                        {"tq", 1, 1, fn_tperiod<'q', 4>}, {"th", 1, 1, fn_tperiod<'h', 2>},
                        {"tw", 1, 1, fn_tperiod<'w', 52>},
                    });
}

}  // namespace xtdo::eval_detail
