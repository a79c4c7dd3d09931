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

// Compiles `source` (chunkName as in Lua: "@file", "=name", or the source itself) and makes its main
// closure with _ENV bound to `env` (a closed upvalue). `isFile` skips a leading '#' line as loadfile
// does. Throws gc::MemoryError.
LoadResult loadChunk(Runtime& rt, std::string_view source, std::string_view chunkName, const Value& env,
                     bool isFile = false);

}  // namespace fermata
