// Shared PEGTL helpers for the grammars: the marker for token-level rules and
// the control that locates a syntax error. Private to grammar/src.
#pragma once

#include <algorithm>
#include <cstddef>
#include <tao/pegtl.hpp>
#include <type_traits>

namespace xtdo::grammar::detail {

/// Base of the rules whose successes count when locating a syntax error: token-level
/// rules and blanks, not their inner pieces or lookaheads.
struct reported {};

/// Control for a second parse run only after a failure: the furthest point any
/// reported rule reached is where the input stopped making sense.
template <typename Rule>
struct furthest_control : tao::pegtl::normal<Rule> {
  template <typename ParseInput>
  static void success(const ParseInput& in, std::size_t& furthest) noexcept {
    if constexpr (std::is_base_of_v<reported, Rule>) {
      furthest = std::max(furthest, static_cast<std::size_t>(in.current() - in.begin()));
    }
  }
};

/// Offset just past the longest prefix of `text` the grammar could make sense of.
template <typename Grammar>
std::size_t furthest_match(std::string_view text) {
  std::size_t furthest = 0;
  tao::pegtl::memory_input in(text.data(), text.size(), "");
  try {
    tao::pegtl::parse<Grammar, tao::pegtl::nothing, furthest_control>(in, furthest);
  } catch (const tao::pegtl::parse_error&) {
  }
  return furthest;
}

}  // namespace xtdo::grammar::detail
