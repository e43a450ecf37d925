// parse_numlist: Stata numlists ([U] 11.1.8): 1 2 3, 1/5, 1(2)9, 1[2]9,
// 10(-2)0, 1 3 to 9, 1 3 : 9, with negative and fractional numbers.

#include <charconv>
#include <cmath>
#include <string>

#include "scan.hpp"
#include "xtdo/grammar.hpp"

namespace xtdo::grammar {

namespace {

// Stata refuses numlists with more elements than it can hold; so do we, before
// allocating, so that `1/1e12` cannot exhaust memory.
constexpr double kMaxElements = 1e7;

struct Token {
  enum class Kind { Number, Slash, Open, Close, OpenBracket, CloseBracket, Colon, To } kind;
  double value = 0.0;
  int pos = 0;
};

[[noreturn]] void invalid(int pos) { throw XtdoError(121, "invalid numlist", pos); }

std::vector<Token> tokenize(std::string_view text, int base) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    int pos = static_cast<int>(i) + base;
    if (detail::is_blank(c) || c == ',') {
      ++i;
      continue;
    }
    auto single = [&](Token::Kind kind) {
      tokens.push_back({kind, 0.0, pos});
      ++i;
    };
    switch (c) {
      case '/':
        single(Token::Kind::Slash);
        continue;
      case '(':
        single(Token::Kind::Open);
        continue;
      case ')':
        single(Token::Kind::Close);
        continue;
      case '[':
        single(Token::Kind::OpenBracket);
        continue;
      case ']':
        single(Token::Kind::CloseBracket);
        continue;
      case ':':
        single(Token::Kind::Colon);
        continue;
      default:
        break;
    }
    if (text.compare(i, 2, "to") == 0 &&
        (i + 2 == text.size() || !detail::is_name_char(text[i + 2]))) {
      tokens.push_back({Token::Kind::To, 0.0, pos});
      i += 2;
      continue;
    }
    // from_chars rejects a leading '+', which Stata accepts.
    std::size_t start = (c == '+') ? i + 1 : i;
    double value = 0.0;
    auto [end, ec] = std::from_chars(text.data() + start, text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data() + start || !std::isfinite(value)) invalid(pos);
    std::size_t stop = static_cast<std::size_t>(end - text.data());
    if (stop < text.size() && (detail::is_name_char(text[stop]) || text[stop] == '.')) invalid(pos);
    tokens.push_back({Token::Kind::Number, value, pos});
    i = stop;
  }
  return tokens;
}

/// first, first+step, ... up to and including `last` (within rounding).
void expand(double first, double step, double last, int pos, std::vector<double>& out) {
  if (step == 0.0 || (last - first) * step < 0.0) invalid(pos);
  double count = std::floor((last - first) / step + 1e-9) + 1.0;
  if (count > kMaxElements) throw XtdoError(123, "invalid numlist has too many elements", pos);
  for (long k = 0; k < static_cast<long>(count); ++k) {
    double value = first + static_cast<double>(k) * step;
    // 0.1(0.1)0.3 should give 0.3, not 0.30000000000000004.
    if (std::fabs(value) < 1e6) {
      double rounded = std::round(value * 1e10) / 1e10;
      if (std::fabs(rounded - value) < 1e-9) value = rounded;
    }
    out.push_back(value);
  }
}

}  // namespace

std::vector<double> parse_numlist(std::string_view text, int base_offset) {
  std::vector<Token> tokens = tokenize(text, base_offset);
  std::vector<double> out;
  using Kind = Token::Kind;
  auto kind_at = [&](std::size_t k, Kind kind) {
    return k < tokens.size() && tokens[k].kind == kind;
  };
  auto number_at = [&](std::size_t k) {
    if (!kind_at(k, Kind::Number))
      invalid(k < tokens.size() ? tokens[k].pos : base_offset + static_cast<int>(text.size()));
    return tokens[k].value;
  };
  std::size_t k = 0;
  while (k < tokens.size()) {
    double first = number_at(k);
    int pos = tokens[k].pos;
    if (kind_at(k + 1, Kind::Slash)) {  // a/b counts by 1 in the direction of b
      double last = number_at(k + 2);
      expand(first, last >= first ? 1.0 : -1.0, last, pos, out);
      k += 3;
    } else if (kind_at(k + 1, Kind::Open) || kind_at(k + 1, Kind::OpenBracket)) {
      Kind close = kind_at(k + 1, Kind::Open) ? Kind::Close : Kind::CloseBracket;
      double step = number_at(k + 2);
      if (!kind_at(k + 3, close)) invalid(k + 3 < tokens.size() ? tokens[k + 3].pos : pos);
      expand(first, step, number_at(k + 4), pos, out);
      k += 5;
    } else if (kind_at(k + 1, Kind::Number) &&
               (kind_at(k + 2, Kind::To) || kind_at(k + 2, Kind::Colon))) {
      // "a b to c": the step is b - a.
      expand(first, tokens[k + 1].value - first, number_at(k + 3), pos, out);
      k += 4;
    } else {
      out.push_back(first);
      k += 1;
    }
  }
  return out;
}

}  // namespace xtdo::grammar
