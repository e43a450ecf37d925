// Quote- and bracket-aware scanning helpers shared by the hand-written parts of
// the grammar (lines, command lines, words). Private to grammar/src.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace xtdo::grammar::detail {

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
inline bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

/// Trim blanks at both ends.
std::string_view trim(std::string_view text);

/// If `text[at]` opens a string ("..." or `"..."', which nests), the index one past
/// its closing quote, or npos when it is never closed; `at` itself when no quote opens.
std::size_t skip_quoted(std::string_view text, std::size_t at);

/// True when a compound quote `" opens at `at`.
inline bool opens_compound(std::string_view text, std::size_t at) {
  return at + 1 < text.size() && text[at] == '`' && text[at + 1] == '"';
}

/// One flag per byte: 1 when the byte lies outside every string and bracket
/// (an opening bracket at depth 0 is itself top level). Throws XtdoError 198
/// "unmatched quote" or 132 for unbalanced ( ) [ ]; positions are offsets into
/// `text` plus `base`.
std::vector<char> top_level_mask(std::string_view text, int base = 0);

}  // namespace xtdo::grammar::detail
