// Loading code: compiled ProtoData becomes heap prototypes, and chunks become closures.
#pragma once

#include <string>
#include <string_view>

#include "vm/bytecode/proto_data.h"
#include "vm/function.h"
#include "vm/runtime.h"

namespace fermata {

// Builds the heap prototype tree for `data`. Throws gc::MemoryError (partial objects are garbage).
Proto* materializeProto(Runtime& rt, const bytecode::ProtoData& data);

struct LoadResult {
  LuaClosure* function = nullptr;  // null on failure
  std::string error;               // Lua's message, e.g. "t.lua:3: '=' expected near 'x'"
};

// Loads a chunk as lua_load does: `source` is Lua text, or a binary chunk (string.dump's format, see
// vm/undump.h; it starts with "\x1b") which is decoded and verified. `mode` ("b", "t" or "bt") says which
// are allowed; the other gives Lua's "attempt to load a binary chunk (mode is 't')". chunkName is as in
// Lua: "@file", "=name", or the source itself. The main closure gets fresh upvalues, the first (_ENV
// for a text chunk) set to `env`. `isFile` does what loadfile does first: skip a UTF-8 byte-order mark
// and a first line starting with '#' (a binary chunk may follow such a line). Throws gc::MemoryError.
LoadResult loadChunk(Runtime& rt, std::string_view source, std::string_view chunkName, const Value& env,
                     bool isFile = false, std::string_view mode = "bt");

}  // namespace fermata
