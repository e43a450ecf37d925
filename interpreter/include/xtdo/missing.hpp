// Stata's missing values as doubles: `.` = 2^1023 and `.a`..`.z` just above it,
// so every missing value compares greater than every number, exactly as in Stata
// ([U] 12.2.1) and as they are stored in .dta files.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace xtdo::missing {

inline constexpr double kSysmiss = 0x1p1023;  ///< `.`

/// True for `.`, `.a`..`.z`, and (defensively) NaN or infinities.
inline bool is_missing(double v) { return !(v < kSysmiss) || v < -kSysmiss; }

/// `.a` (letter 'a') .. `.z`; letter 0 gives `.`.
inline double extended(char letter) {
  if (letter == 0) return kSysmiss;
  return kSysmiss * (1.0 + (letter - 'a' + 1) / 4096.0);
}

/// 0 for `.`, 'a'..'z' for extended missing; only meaningful when is_missing(v).
inline char letter(double v) {
  if (!(v >= kSysmiss) || std::isinf(v)) return 0;
  int k = static_cast<int>(std::lround((v / kSysmiss - 1.0) * 4096.0));
  if (k <= 0 || k > 26) return 0;
  return static_cast<char>('a' + k - 1);
}

/// Normalise a computed value: NaN/inf/overflow become `.` (Stata returns missing
/// for undefined results such as ln(-1) or 1/0).
inline double clean(double v) { return (std::isfinite(v) && std::fabs(v) < kSysmiss) ? v : kSysmiss; }

/// "." or ".a".."z".
inline std::string to_string(double v) {
  char l = letter(v);
  return l ? std::string(".") + l : std::string(".");
}

}  // namespace xtdo::missing
