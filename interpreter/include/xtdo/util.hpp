// Small text helpers shared by the interpreter and the commands.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace xtdo::util {

inline std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

inline std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Is `typed` an abbreviation of `full` with at least `min` characters?
inline bool abbrev(const std::string& typed, const std::string& full, size_t min) {
  return typed.size() >= min && typed.size() <= full.size() && full.compare(0, typed.size(), typed) == 0;
}

inline std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

}  // namespace xtdo::util
