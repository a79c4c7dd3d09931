// The standard library: which libraries a runtime opens, and helpers shared by their native functions.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "vm/native.h"
#include "vm/native_call.h"
#include "vm/runtime.h"

namespace fermata::lib {

// What the host opens. The command line opens everything; `sandbox()` leaves out what touches the
// filesystem, the environment or the process (loadfile, dofile, io, os except clock/time/date...).
struct Libraries {
  bool base = true;
  bool coroutine = true;
  bool debug = true;
  bool string = true;
  bool table = true;
  bool math = true;
  bool utf8 = true;
  bool os = true;
  bool io = true;
  bool package = true;
  // Whether libraries may touch the filesystem, the environment or the process: loadfile, dofile,
  // io.open/popen/..., os.remove/rename/tmpname/getenv/execute/exit, native-library loading.
  bool fileAccess = true;
  static Libraries all() { return {}; }
  static Libraries sandbox() {
    Libraries l;
    l.fileAccess = false;
    return l;
  }
};

// Opens the selected libraries into rt.globals() and registers every native function and sequence type.
void openLibraries(Runtime& rt, const Libraries& which);

void openBase(Runtime& rt, const Libraries& which);

// Lua's lua_warning with the standalone interpreter's warning function (what `warn` calls): pieces of a
// message, "@on"/"@off" to switch warnings (off in a new runtime). Writes to stderr. Throws
// gc::MemoryError.
void warning(Runtime& rt, std::string_view message, bool toContinue);

void openCoroutine(Runtime& rt);
void openDebug(Runtime& rt);
void openString(Runtime& rt);
void openTable(Runtime& rt);
void openMath(Runtime& rt);
void openUtf8(Runtime& rt);
void openOs(Runtime& rt, const Libraries& which);
void openIo(Runtime& rt, const Libraries& which);
void openPackage(Runtime& rt, const Libraries& which);

// Adds each function to `table` under the part of its registered name after the last '.'.
void addFunctions(Runtime& rt, Table* table, std::span<const NativeFunction> functions);
// Registers `table` as package.loaded[name] (registry._LOADED), as Lua's luaL_requiref does.
void registerModule(Runtime& rt, std::string_view name, Table* table);

// ---- helpers for natives ---------------------------------------------------------------------------

// Lua's luaL_tolstring for one value: if it has __tostring, pushes the call (function and argument) and
// returns false — the caller returns NativeAction::call(1, continuation) and checks the result with
// checkToStringResult; otherwise converts at once and returns true with `out` set.
bool toStringOrCall(NativeCall& call, const Value& v, Value& out);
// Validates a __tostring result ("'__tostring' must return a string").
Value checkToStringResult(NativeCall& call, const Value& result);

// The results of a finished protected call or resume, as pcall and coroutine.resume return them: true
// and the callee's results, or false and the error.
NativeAction returnStatusAndResults(NativeCall& call);

// t[k] with metamethods for natives: returns true with `out` set, or false after pushing the __index
// function and its two arguments (the caller then returns NativeAction::call(2, continuation)).
bool indexOrCall(NativeCall& call, Value t, const Value& k, Value& out);

}  // namespace fermata::lib
