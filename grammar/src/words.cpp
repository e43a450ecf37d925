// split_words: Stata's blank-separated tokenisation with "quoted" and
// `"compound quoted"' words ([P] tokenize, [P] foreach ... in).

#include "scan.hpp"
#include "xtdo/grammar.hpp"

namespace xtdo::grammar {

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    if (detail::is_blank(text[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    std::size_t after = detail::skip_quoted(text, i);
    if (after != i) {
      // A word that is one quoted string: the outer quotes go; an unterminated
      // quote runs to the end of the text.
      std::size_t open = text[i] == '"' ? 1 : 2;
      std::size_t end = after == std::string_view::npos ? text.size() : after - open;
      if (after == std::string_view::npos) after = text.size();
      if (after == text.size() || detail::is_blank(text[after])) {
        words.emplace_back(text.substr(start + open, end - start - open));
        i = after;
        continue;
      }
    }
    // An ordinary word; quotes inside it still protect their blanks (e.g. opt("a b")).
    while (i < text.size() && !detail::is_blank(text[i])) {
      std::size_t next = detail::skip_quoted(text, i);
      i = next == std::string_view::npos ? text.size() : (next == i ? i + 1 : next);
    }
    words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

}  // namespace xtdo::grammar
