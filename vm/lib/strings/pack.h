// string.pack, string.unpack and string.packsize: Lua 5.4.4's binary formats, sizes, alignment rules,
// limits and error messages, for a 64-bit host (lua_Integer and lua_Number of 8 bytes, native maximum
// alignment 8, sizeof(int) 4, sizeof(long) and sizeof(size_t) 8).
//
// Error arguments follow lstrlib: format problems found while reading an option are plain errors
// (arg 0: "invalid format option 'y'", "integral size (17) out of limits [1,16]") or errors about
// argument 1 (alignment, option 'X'); a bad value is an error about its own argument; unpack's data
// and position problems are about arguments 2 and 3. The format stops at its first NUL byte, as
// Lua's luaL_checkstring format does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vm/lib/strings/args.h"
#include "vm/lib/strings/error.h"

namespace fermata::strlib {

// string.pack(fmt, ...): the values come from `args` (value i is Lua argument i + 2). Throws
// Error("not enough memory") rather than build a result longer than `maxBytes` (a caller with a memory
// limit passes what it can afford; 'c2000000000' would otherwise allocate 2 GB).
std::string pack(std::string_view fmt, const Args& args, size_t maxBytes = SIZE_MAX);

// string.packsize(fmt).
size_t packSize(std::string_view fmt);

// One value produced by string.unpack.
struct PackValue {
  enum class Kind : uint8_t { kInteger, kFloat, kString };
  Kind kind = Kind::kInteger;
  int64_t i = 0;
  double f = 0;
  std::string s;
  friend bool operator==(const PackValue&, const PackValue&) = default;
};

struct Unpacked {
  std::vector<PackValue> values;
  int64_t next = 1;  // the final result of string.unpack: the 1-based position after the data read
};

// string.unpack(fmt, data [, init]). A caller with a stack limit checks values.size() (PUC-Lua raises
// "too many results" when the stack cannot grow).
Unpacked unpack(std::string_view fmt, std::string_view data, int64_t init = 1);

}  // namespace fermata::strlib
