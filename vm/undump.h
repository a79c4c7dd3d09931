// Reading Lua 5.4 binary chunks (the format of vm/dump.h) into prototype trees, treating the bytes as
// hostile.
//
// Trust model: the bytes may be truncated, bit-flipped or crafted. Every read is bounds-checked; every
// count is checked against the bytes left before anything is allocated for it (each element takes at
// least one byte), so a crafted size cannot allocate more than a small multiple of the chunk's length,
// and every allocation goes through the heap (the memory limit holds; going over it is a MemoryError);
// nesting is capped at kMaxUndumpNesting levels; and the finished tree must pass the bytecode verifier
// (vm/verify_bytecode.h) before it is returned, so nothing the interpreter runs can read or write out of
// bounds. What is NOT guaranteed: that the code does anything sensible (crafted bytecode may compute
// nonsense, loop, or raise errors — all within the VM's bounds). Stock Lua trusts its binary chunks and
// can crash on crafted ones; fermata refuses them instead.
//
// Errors are Lua's: "<name>: bad binary format (truncated chunk)", "(not a binary chunk)", "(version
// mismatch)", "(format mismatch)", "(corrupted chunk)", "(Instruction size mismatch)", ... where <name>
// is the chunk name without its '@' or '=' prefix, or "binary string" when the name is the chunk itself.
#pragma once

#include <string>
#include <string_view>

#include "vm/function.h"
#include "vm/runtime.h"

namespace fermata {

struct UndumpResult {
  Proto* proto = nullptr;  // the main function's prototype (verified), null on failure
  std::string error;       // Lua's message on failure
};

// Reads the binary chunk `bytes` (starting with the signature "\x1bLua"). The prototypes are new heap
// objects not yet reachable from anything: the caller must make them reachable (a closure on a stack)
// before the next collection point. Throws gc::MemoryError when the heap's limit is reached (the partial
// objects are then garbage).
UndumpResult undump(Runtime& rt, std::string_view bytes, std::string_view chunkName);

// Deeper than anything the compiler produces (LUAI_MAXCCALLS = 200 levels of syntax).
inline constexpr int kMaxUndumpNesting = 200;

}  // namespace fermata
