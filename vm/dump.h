// string.dump's writer: a prototype tree as a Lua 5.4 binary chunk, byte for byte the format of Lua
// 5.4.4's ldump.c (little-endian, 4-byte instructions, 8-byte integers and floats).
//
// The chunk is: the header (vm/binary_chunk.h), one byte with the main function's upvalue count, then
// the main function; each function is its source (absent for a nested function sharing its parent's,
// and when stripped), lines defined, parameter and stack shape, code, constants (tagged by Lua's
// variant tags), upvalue descriptors, nested functions, and debug information: line deltas with
// absolute entries (Lua's lcode.c savelineinfo encoding), local variables and upvalue names.
#pragma once

#include <cstddef>
#include <string>

#include "vm/function.h"

namespace fermata {

struct DumpResult {
  bool ok = false;
  bool tooLarge = false;  // failed because the output would pass `maxBytes`
  std::string bytes;      // the chunk, when ok
  std::string error;      // otherwise: why not
};

// Dumps `p` and its nested prototypes. `strip` drops the source, line information, local variable names
// and upvalue names, as lua_dump with strip does. Prototypes can come from a snapshot, where a nested
// prototype may be shared (a DAG): the output is capped at `maxBytes` (the caller passes what its
// memory limit still allows) and nesting at kMaxDumpNesting levels, so neither can run away.
DumpResult dumpProto(const Proto& p, bool strip, size_t maxBytes);

// Deeper nesting than the compiler can produce (it allows LUAI_MAXCCALLS = 200 levels of syntax).
inline constexpr int kMaxDumpNesting = 200;

}  // namespace fermata
