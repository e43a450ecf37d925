// String functions ([FN] String functions): substr, strpos, subinstr, trims, case,
// words, regular expressions, and the number<->string conversions real()/string().
#include <fast_float/fast_float.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <unordered_map>

#include "eval_internal.hpp"

namespace xtdo::eval_detail {
namespace {

/// Build a string result row by row from f(i); scalar if every argument is.
template <class F>
Vec str_rows(FnArgs& a, F f) {
  const bool one = a.all_scalar();
  const size_t n = one ? 1 : a.n();
  std::vector<std::string> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = f(i);
  if (one) return Vec::text(std::move(out[0]));
  return Vec::texts(std::move(out));
}

/// Build a numeric result row by row from f(i).
template <class F>
Vec num_rows(FnArgs& a, F f) {
  const bool one = a.all_scalar();
  const size_t n = one ? 1 : a.n();
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = f(i);
  if (one) return Vec::number(out[0]);
  return Vec::numbers(std::move(out));
}

/// Number of UTF-8 characters (continuation bytes are not counted).
size_t utf8_length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

/// Byte offset of UTF-8 character `k` (0-based); s.size() if past the end.
size_t utf8_offset(const std::string& s, size_t k) {
  size_t chars = 0;
  for (size_t b = 0; b < s.size(); ++b) {
    if ((static_cast<unsigned char>(s[b]) & 0xC0) != 0x80) {
      if (chars == k) return b;
      ++chars;
    }
  }
  return s.size();
}

/// substr(s, n1, n2) on units of `len` (bytes or characters): n1 < 0 counts from the
/// end, n2 missing means the rest; out of range gives "".
template <bool Utf8>
std::string substring(const std::string& s, double n1, double n2) {
  if (miss(n1)) return std::string();
  const int64_t len = Utf8 ? static_cast<int64_t>(utf8_length(s)) : static_cast<int64_t>(s.size());
  int64_t start = to_index(n1);
  if (start < 0) start = len + start + 1;
  if (start < 1 || start > len) return std::string();
  int64_t count = miss(n2) ? len - start + 1 : to_index(n2);
  if (count <= 0) return std::string();
  int64_t end = std::min(len, start - 1 + count);
  if (!Utf8) return s.substr(static_cast<size_t>(start - 1), static_cast<size_t>(end - start + 1));
  size_t b0 = utf8_offset(s, static_cast<size_t>(start - 1));
  size_t b1 = utf8_offset(s, static_cast<size_t>(end));
  return s.substr(b0, b1 - b0);
}

std::string trim_chars(const std::string& s, bool left, bool right, const char* set) {
  size_t b = 0, e = s.size();
  if (left) b = s.find_first_not_of(set);
  if (b == std::string::npos) return std::string();
  if (right) e = s.find_last_not_of(set) + 1;
  return s.substr(b, e - b);
}

std::string collapse_blanks(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
  return out;
}

std::vector<std::string> split_blanks(const std::string& s) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) words.push_back(s.substr(b, i - b));
  }
  return words;
}

/// Replace the first `count` occurrences (all when missing) of `from`.
std::string replace_n(const std::string& s, const std::string& from, const std::string& to,
                      double count) {
  if (from.empty()) return s;
  int64_t left = miss(count) ? INT64_MAX : to_index(count);
  std::string out;
  size_t pos = 0;
  while (left > 0) {
    size_t hit = s.find(from, pos);
    if (hit == std::string::npos) break;
    out.append(s, pos, hit - pos);
    out += to;
    pos = hit + from.size();
    --left;
  }
  out.append(s, pos, std::string::npos);
  return out;
}

/// Like replace_n, but only where `from` is a whole blank-delimited word.
std::string replace_words(const std::string& s, const std::string& from, const std::string& to,
                          double count) {
  if (from.empty()) return s;
  int64_t left = miss(count) ? INT64_MAX : to_index(count);
  std::string out;
  size_t pos = 0, search = 0;
  while (left > 0) {
    size_t hit = s.find(from, search);
    if (hit == std::string::npos) break;
    bool starts = hit == 0 || s[hit - 1] == ' ';
    size_t end = hit + from.size();
    bool ends = end == s.size() || s[end] == ' ';
    if (!(starts && ends)) {
      search = hit + 1;
      continue;
    }
    out.append(s, pos, hit - pos);
    out += to;
    pos = search = end;
    --left;
  }
  out.append(s, pos, std::string::npos);
  return out;
}

/// Glob match with * and ? (strmatch()).
bool glob_match(const char* p, const char* s) {
  const char* star = nullptr;
  const char* back = nullptr;
  while (*s) {
    if (*p == '?' || *p == *s) {
      ++p;
      ++s;
    } else if (*p == '*') {
      star = p++;
      back = s;
    } else if (star) {
      p = star + 1;
      s = ++back;
    } else {
      return false;
    }
  }
  while (*p == '*') ++p;
  return *p == 0;
}

/// A compiled regex per distinct pattern (patterns are usually one literal).
const std::regex& compiled(const std::string& pattern, int pos) {
  static thread_local std::unordered_map<std::string, std::regex> cache;
  auto it = cache.find(pattern);
  if (it != cache.end()) return it->second;
  try {
    if (cache.size() > 256) cache.clear();
    return cache.emplace(pattern, std::regex(pattern, std::regex::extended)).first->second;
  } catch (const std::regex_error&) {
    try {
      return cache.emplace(pattern, std::regex(pattern)).first->second;
    } catch (const std::regex_error&) {
      throw XtdoError(198, "regular expression invalid: " + pattern, pos);
    }
  }
}

}  // namespace

/// Stata's real(): blanks around a number are allowed; `.`, `.a`.. are missing values;
/// anything else is `.`.
double parse_real(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return kMiss;
  size_t e = s.find_last_not_of(" \t\r\n") + 1;
  std::string_view v(s.data() + b, e - b);
  if (v == ".") return kMiss;
  if (v.size() == 2 && v[0] == '.' && v[1] >= 'a' && v[1] <= 'z') return missing::extended(v[1]);
  bool neg = false;
  if (v[0] == '+' || v[0] == '-') {
    neg = v[0] == '-';
    v.remove_prefix(1);
  }
  if (v.empty() || !(std::isdigit(static_cast<unsigned char>(v[0])) || v[0] == '.')) return kMiss;
  double out = 0;
  auto res = fast_float::from_chars(v.data(), v.data() + v.size(), out);
  if (res.ec != std::errc() || res.ptr != v.data() + v.size()) return kMiss;
  out = neg ? -out : out;
  return missing::clean(out) == kMiss ? kMiss : out;
}

namespace {

Vec fn_substr(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& n1 = a.num(1);
  const Vec& n2 = a.num(2);
  return str_rows(a, [&](size_t i) { return substring<false>(sat(s, i), at(n1, i), at(n2, i)); });
}

Vec fn_usubstr(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& n1 = a.num(1);
  const Vec& n2 = a.num(2);
  return str_rows(a, [&](size_t i) { return substring<true>(sat(s, i), at(n1, i), at(n2, i)); });
}

Vec fn_strlen(FnArgs& a) {
  const Vec& s = a.str(0);
  return num_rows(a, [&](size_t i) { return static_cast<double>(sat(s, i).size()); });
}

Vec fn_ustrlen(FnArgs& a) {
  const Vec& s = a.str(0);
  return num_rows(a, [&](size_t i) { return static_cast<double>(utf8_length(sat(s, i))); });
}

template <int Case>  // 1 upper, -1 lower, 0 proper
Vec fn_case(FnArgs& a) {
  const Vec& s = a.str(0);
  return str_rows(a, [&](size_t i) {
    std::string r = sat(s, i);
    bool after_letter = false;
    for (char& c : r) {
      unsigned char u = static_cast<unsigned char>(c);
      if (Case > 0)
        c = static_cast<char>(std::toupper(u));
      else if (Case < 0)
        c = static_cast<char>(std::tolower(u));
      else {
        c = static_cast<char>(after_letter ? std::tolower(u) : std::toupper(u));
        after_letter = std::isalpha(u) != 0;
      }
    }
    return r;
  });
}

template <bool Left, bool Right>
Vec fn_trim(FnArgs& a) {
  const Vec& s = a.str(0);
  return str_rows(a, [&](size_t i) { return trim_chars(sat(s, i), Left, Right, " "); });
}

Vec fn_ustrtrim(FnArgs& a) {
  const Vec& s = a.str(0);
  return str_rows(a, [&](size_t i) { return trim_chars(sat(s, i), true, true, " \t\r\n\v\f"); });
}

Vec fn_itrim(FnArgs& a) {
  const Vec& s = a.str(0);
  return str_rows(a, [&](size_t i) { return collapse_blanks(sat(s, i)); });
}

Vec fn_subinstr(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& from = a.str(1);
  const Vec& to = a.str(2);
  const Vec& n = a.num(3);
  return str_rows(
      a, [&](size_t i) { return replace_n(sat(s, i), sat(from, i), sat(to, i), at(n, i)); });
}

Vec fn_subinword(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& from = a.str(1);
  const Vec& to = a.str(2);
  const Vec& n = a.num(3);
  return str_rows(
      a, [&](size_t i) { return replace_words(sat(s, i), sat(from, i), sat(to, i), at(n, i)); });
}

Vec fn_strpos(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& t = a.str(1);
  return num_rows(a, [&](size_t i) {
    size_t p = sat(s, i).find(sat(t, i));
    return p == std::string::npos ? 0.0 : static_cast<double>(p + 1);
  });
}

/// ustrpos(s, t): like strpos(), but counting characters rather than bytes.
Vec fn_ustrpos(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& t = a.str(1);
  return num_rows(a, [&](size_t i) {
    const std::string& text = sat(s, i);
    size_t p = text.find(sat(t, i));
    return p == std::string::npos ? 0.0 : static_cast<double>(utf8_length(text.substr(0, p)) + 1);
  });
}

Vec fn_strrpos(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& t = a.str(1);
  return num_rows(a, [&](size_t i) {
    size_t p = sat(s, i).rfind(sat(t, i));
    return p == std::string::npos ? 0.0 : static_cast<double>(p + 1);
  });
}

Vec fn_real(FnArgs& a) {
  const Vec& s = a.str(0);
  return num_rows(a, [&](size_t i) { return parse_real(sat(s, i)); });
}

/// string(x) / strofreal(x): %9.0g ([FN] strofreal()); string(x, fmt) with a format.
/// Leading blanks of the formatted number are removed.
Vec fn_string(FnArgs& a) {
  const Vec& x = a.num(0);
  static const Vec default_fmt = Vec::text("%9.0g");
  const Vec& fmt = a.size() > 1 ? a.str(1) : default_fmt;
  return str_rows(a, [&](size_t i) {
    std::string r = format_number(at(x, i), sat(fmt, i));
    size_t b = r.find_first_not_of(' ');
    return b == std::string::npos ? std::string() : r.substr(b);
  });
}

Vec fn_word(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& n = a.num(1);
  return str_rows(a, [&](size_t i) {
    double k = at(n, i);
    if (miss(k)) return std::string();
    auto words = split_blanks(sat(s, i));
    int64_t kk = to_index(k), count = static_cast<int64_t>(words.size());
    if (kk < 0) kk = count + kk + 1;
    if (kk < 1 || kk > count) return std::string();
    return words[kk - 1];
  });
}

Vec fn_wordcount(FnArgs& a) {
  const Vec& s = a.str(0);
  return num_rows(a, [&](size_t i) { return static_cast<double>(split_blanks(sat(s, i)).size()); });
}

Vec fn_regexm(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& re = a.str(1);
  return num_rows(a, [&](size_t i) {
    return std::regex_search(sat(s, i), compiled(sat(re, i), a.pos(1))) ? 1.0 : 0.0;
  });
}

template <bool All>
Vec fn_regexr(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& re = a.str(1);
  const Vec& to = a.str(2);
  return str_rows(a, [&](size_t i) {
    auto flags =
        All ? std::regex_constants::format_default : std::regex_constants::format_first_only;
    return std::regex_replace(sat(s, i), compiled(sat(re, i), a.pos(1)), sat(to, i), flags);
  });
}

Vec fn_strmatch(FnArgs& a) {
  const Vec& s = a.str(0);
  const Vec& p = a.str(1);
  return num_rows(
      a, [&](size_t i) { return glob_match(sat(p, i).c_str(), sat(s, i).c_str()) ? 1.0 : 0.0; });
}

Vec fn_strreverse(FnArgs& a) {
  const Vec& s = a.str(0);
  return str_rows(a, [&](size_t i) {
    std::string r = sat(s, i);
    std::reverse(r.begin(), r.end());
    return r;
  });
}

Vec fn_char(FnArgs& a) {
  const Vec& n = a.num(0);
  return str_rows(a, [&](size_t i) {
    double c = at(n, i);
    if (miss(c) || c < 1 || c > 255) return std::string();
    return std::string(1, static_cast<char>(static_cast<int>(c)));
  });
}

/// strtoname(s): a valid Stata name from s (invalid characters become _).
Vec fn_strtoname(FnArgs& a) {
  const Vec& s = a.str(0);
  return str_rows(a, [&](size_t i) {
    std::string r = sat(s, i);
    for (char& c : r)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
    if (r.empty() || std::isdigit(static_cast<unsigned char>(r[0]))) r = "_" + r;
    if (r.size() > 32) r.resize(32);
    return r;
  });
}

}  // namespace

void add_string_functions(std::vector<FnSpec>& t) {
  t.insert(t.end(), {
                        {"substr", 3, 3, fn_substr},
                        {"usubstr", 3, 3, fn_usubstr},
                        {"strlen", 1, 1, fn_strlen},
                        {"length", 1, 1, fn_strlen},
                        {"ustrlen", 1, 1, fn_ustrlen},
                        {"upper", 1, 1, fn_case<1>},
                        {"strupper", 1, 1, fn_case<1>},
                        {"ustrupper", 1, 1, fn_case<1>},
                        {"lower", 1, 1, fn_case<-1>},
                        {"strlower", 1, 1, fn_case<-1>},
                        {"ustrlower", 1, 1, fn_case<-1>},
                        {"proper", 1, 1, fn_case<0>},
                        {"strproper", 1, 1, fn_case<0>},
                        {"trim", 1, 1, fn_trim<true, true>},
                        {"strtrim", 1, 1, fn_trim<true, true>},
                        {"ltrim", 1, 1, fn_trim<true, false>},
                        {"strltrim", 1, 1, fn_trim<true, false>},
                        {"rtrim", 1, 1, fn_trim<false, true>},
                        {"strrtrim", 1, 1, fn_trim<false, true>},
                        {"ustrtrim", 1, 1, fn_ustrtrim},
                        {"itrim", 1, 1, fn_itrim},
                        {"stritrim", 1, 1, fn_itrim},
                        {"subinstr", 4, 4, fn_subinstr},
                        {"usubinstr", 4, 4, fn_subinstr},
                        {"subinword", 4, 4, fn_subinword},
                        {"strpos", 2, 2, fn_strpos},
                        {"ustrpos", 2, 2, fn_ustrpos},
                        {"strrpos", 2, 2, fn_strrpos},
                        {"real", 1, 1, fn_real},
                        {"string", 1, 2, fn_string},
                        {"strofreal", 1, 2, fn_string},
                        {"word", 2, 2, fn_word},
                        {"wordcount", 1, 1, fn_wordcount},
                        {"regexm", 2, 2, fn_regexm},
                        {"regexr", 3, 3, fn_regexr<false>},
                        {"ustrregexm", 2, 2, fn_regexm},
                        {"ustrregexrf", 3, 3, fn_regexr<false>},
                        {"ustrregexra", 3, 3, fn_regexr<true>},
                        {"strmatch", 2, 2, fn_strmatch},
                        {"strreverse", 1, 1, fn_strreverse},
                        {"reverse", 1, 1, fn_strreverse},
                        {"char", 1, 1, fn_char},
                        {"strtoname", 1, 1, fn_strtoname},
                    });
}

}  // namespace xtdo::eval_detail
