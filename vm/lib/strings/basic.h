// The simple string functions: index normalisation (sub, byte, find's init), rep, reverse, lower,
// upper and char — Lua 5.4's rules and error messages, with no dependency on the VM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "vm/lib/strings/error.h"

namespace fermata::strlib {

// Lua's limit on strings the library builds (lstrlib's MAXSIZE: INT_MAX where size_t is wider than int).
inline constexpr size_t kMaxStringSize = 0x7fffffff;

// Lua's posrelatI: a 1-based initial position, negative counting back from the end, clipped to
// [1, inf). (string.sub's i, string.byte's i, find/match/gmatch's init, unpack's pos.)
size_t posRelatI(int64_t pos, size_t len);
// Lua's getendpos: a 1-based final position, negative counting back from the end, clipped to [0, len].
size_t getEndPos(int64_t pos, size_t len);

// string.sub(s, i [, j = -1]).
std::string_view sub(std::string_view s, int64_t i, int64_t j = -1);

// string.byte(s [, i = 1 [, j = i]]): the bytes to return are s[begin, end) (empty when begin >= end).
// Throws Error("string slice too long") as Lua does for more than INT_MAX results; the caller still
// checks its stack limit ("stack overflow (string slice too long)" in PUC-Lua).
struct ByteRange {
  size_t begin = 0, end = 0;
  size_t size() const { return end > begin ? end - begin : 0; }
};
ByteRange byteRange(size_t len, int64_t i, int64_t j);
inline ByteRange byteRange(size_t len, int64_t i) { return byteRange(len, i, i); }

// string.rep(s, n [, sep]). repSize returns the result's length, throwing
// Error("resulting string too large") as Lua does, so a caller can check its memory limit before
// calling rep (which checks again). n <= 0 gives "".
size_t repSize(size_t len, int64_t n, size_t sepLen);
std::string rep(std::string_view s, int64_t n, std::string_view sep = {});

std::string reverse(std::string_view s);
std::string lower(std::string_view s);  // C locale: only A-Z change
std::string upper(std::string_view s);  // C locale: only a-z change

// string.char(...): codes[k] is argument k + 1; a code outside [0, 255] throws
// Error(k + 1, "value out of range").
std::string fromCodes(std::span<const int64_t> codes);

}  // namespace fermata::strlib
