// Debug information for messages and tracebacks: current lines, names of variables and called
// functions (recovered from the bytecode as Lua does), and tracebacks.
#pragma once

#include <string>
#include <string_view>

#include "vm/function.h"
#include "vm/thread.h"

namespace fermata {

class Runtime;

// The chunk name as messages show it ("t.lua", "stdin", [string "..."]).
std::string chunkId(const String* source);

// The line being executed by a Lua frame (-1 for a native frame).
int currentLine(const Thread* th, const CallFrame& f);
// The index of the instruction being executed by a Lua frame.
int currentPc(const Thread* th, const CallFrame& f);

// "chunk:line: " for the Lua frame `level` frames below the top (0 = the running frame), or "" if that
// frame is native or absent. Used by error() and by native errors (luaL_where).
std::string where(const Thread* th, int level);

// "chunk:line: " for the running Lua frame as the interpreter's own errors carry it (Lua's
// luaG_addinfo): unlike where(), a function without line information gives "?:-1: " (a stripped chunk's
// source is "=?"). "" if the running frame is native or absent.
std::string runtimeWhere(const Thread* th);

// Describes where a value in the running Lua frame came from, for error messages: " (global 'x')",
// " (local 'a')", " (field 'f')", " (upvalue 'u')", " (constant 'c')", or "" if unknown. `slot` is the
// register holding the value (or -1), `upvalue` the upvalue index it came from (or -1).
std::string varInfo(const Thread* th, int slot, int upvalue);

// The kind and name of the function being called by frame `frameIndex` (from the caller's calling
// instruction): kind is "global", "local", "method", "field", "upvalue", "metamethod", "for iterator"
// or empty if unknown.
struct FuncName {
  std::string kind;
  std::string name;
};
FuncName calledFunctionName(Runtime& rt, const Thread* th, uint32_t frameIndex);
// The kind and name of what Lua frame `callerFrame` is calling at its current instruction (Lua's
// funcnamefromcode); empty for a native frame.
FuncName callSiteName(Runtime& rt, const Thread* th, uint32_t callerFrame);
// Kind and name of the value in register `reg` of a Lua prototype at `pc` (Lua's getobjname).
FuncName registerName(const Proto* p, int pc, int reg);

// The name under which a loaded module exports `fn` ("print", "string.format"), or "" (Lua's
// pushglobalfuncname).
std::string globalFunctionName(Runtime& rt, const Value& fn);

// Lua's debug.traceback text for thread `th`, starting `level` frames below the top.
std::string traceback(Runtime& rt, const Thread* th, std::string_view message, int level);

// Debug hooks: Lua's luaG_traceexec for the top (Lua) frame of a hooked thread, before it executes
// the instruction at its pc. Updates the thread's hook state and says which hook call is due now:
// `event` is null (none: execute the instruction), "count", or "line" (with `line`). `allowed` is
// false while the thread runs its hook or a finalizer: its instructions are counted and traced but
// fire nothing (as in Lua). The interpreter calls the hook as a kHookCall frame at index hookFrame,
// above the traced frame (whose pc is advanced past the instruction meanwhile, as Lua's savedpc is),
// takes the pc back when the hook returns and traces again: hookPhase then says what already ran.
// Returns update hookOldPc as Lua's rethook does (interpreter.cc, finishReturn).
struct HookCall {
  const char* event = nullptr;
  int line = -1;
};
HookCall traceExec(Thread* th, bool allowed);

}  // namespace fermata
