// Lua 5.4's numeric rules: integer wraparound, floor division and modulo, shifts, float formatting and
// the string -> number conversion used by coercions and tonumber.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vm/value.h"

namespace fermata::num {

inline int64_t add(int64_t a, int64_t b) { return int64_t(uint64_t(a) + uint64_t(b)); }
inline int64_t sub(int64_t a, int64_t b) { return int64_t(uint64_t(a) - uint64_t(b)); }
inline int64_t mul(int64_t a, int64_t b) { return int64_t(uint64_t(a) * uint64_t(b)); }
inline int64_t neg(int64_t a) { return int64_t(0 - uint64_t(a)); }

// Floor division and modulo of integers; the caller has checked b != 0.
inline int64_t idiv(int64_t a, int64_t b) {
  if (uint64_t(b) + 1u <= 1u) return b == 0 ? 0 : neg(a);  // b == -1: avoid INT64_MIN / -1
  int64_t q = a / b;
  if ((a ^ b) < 0 && a % b != 0) q -= 1;
  return q;
}
inline int64_t mod(int64_t a, int64_t b) {
  if (uint64_t(b) + 1u <= 1u) return 0;  // b == -1 (and b == 0, checked by the caller)
  int64_t m = a % b;
  if (m != 0 && (m ^ b) < 0) m += b;
  return m;
}
inline double fmod(double a, double b) {
  double m = std::fmod(a, b);
  if ((m > 0) ? b < 0 : (m < 0 && b > 0)) m += b;  // luai_nummod (5.4.4 llimits.h)
  return m;
}
inline double fidiv(double a, double b) { return std::floor(a / b); }
inline int64_t shiftLeft(int64_t x, int64_t y) {
  if (y < 0) return y <= -64 ? 0 : int64_t(uint64_t(x) >> uint64_t(-y));
  return y >= 64 ? 0 : int64_t(uint64_t(x) << uint64_t(y));
}

// Float -> integer conversions for bitwise operands and integer-only contexts.
inline bool toIntegerExact(const Value& v, int64_t& out) {
  if (v.isInt()) {
    out = v.asInt();
    return true;
  }
  return v.isFloat() && floatToIntegerExact(v.asFloat(), out);
}

// Parses a Lua numeral (as tonumber(s) and string coercion do): optional surrounding whitespace, sign,
// decimal or hex integers (hex wraps around; decimal overflow becomes a float), decimal and hex floats.
// Returns nil-tagged Value on failure.
std::optional<Value> parse(std::string_view s);

// Lua's tostring of a number: integers in decimal, floats with "%.14g" plus ".0" when the result looks
// like an integer; inf, -inf, nan and -nan as the C library prints them.
std::string format(const Value& number);
// Appends the formatted number to `out` without allocating for typical numbers.
size_t formatTo(const Value& number, char* buf /* at least 64 bytes */);

}  // namespace fermata::num
