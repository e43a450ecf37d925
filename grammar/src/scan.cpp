// Quote- and bracket-aware scanning shared by lines, command lines and words.

#include "scan.hpp"

#include <string>

#include "xtdo/error.hpp"

namespace xtdo::grammar::detail {

std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_blank(text[begin])) ++begin;
  while (end > begin && is_blank(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::size_t skip_quoted(std::string_view text, std::size_t at) {
  if (at >= text.size()) return at;
  if (text[at] == '"') {
    // A simple string cannot contain a double quote ([U] 18.3.5): the next one closes it.
    std::size_t close = text.find('"', at + 1);
    return close == std::string_view::npos ? close : close + 1;
  }
  if (!opens_compound(text, at)) return at;
  int depth = 0;
  std::size_t i = at;
  while (i < text.size()) {
    if (opens_compound(text, i)) {
      ++depth;
      i += 2;
    } else if (text[i] == '"' && i + 1 < text.size() && text[i + 1] == '\'') {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

std::vector<char> top_level_mask(std::string_view text, int base) {
  std::vector<char> mask(text.size(), 0);
  std::vector<std::size_t> open;  // positions of the open brackets
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t after = skip_quoted(text, i);
    if (after == std::string_view::npos) {
      throw XtdoError(198, "unmatched quote", static_cast<int>(i) + base);
    }
    if (after != i) {
      i = after;
      continue;
    }
    char c = text[i];
    if (open.empty()) mask[i] = 1;
    if (c == '(' || c == '[') {
      open.push_back(i);
    } else if (c == ')' || c == ']') {
      if (open.empty()) {
        throw XtdoError(132, "too many ')' or ']'", static_cast<int>(i) + base);
      }
      char opener = text[open.back()];
      if ((opener == '(') != (c == ')')) {
        throw XtdoError(132, std::string("'") + opener + "' closed by '" + c + "'",
                        static_cast<int>(i) + base);
      }
      open.pop_back();
    }
    ++i;
  }
  if (!open.empty()) {
    throw XtdoError(132, "too few ')' or ']'", static_cast<int>(open.back()) + base);
  }
  return mask;
}

}  // namespace xtdo::grammar::detail
