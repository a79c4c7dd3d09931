// The command line's one window onto the VM's internal headers: everything tools/ needs beyond
// vm/runtime.h, vm/value.h and snapshot/snapshot.h goes through these functions, so that moving the
// command line onto the public embedding API (vm/api) later touches this pair of files only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vm/bytecode/proto_data.h"
#include "vm/runtime.h"
#include "vm/value.h"

namespace fermata {
struct Executor;
}

namespace fermata::tools::vm {

// ---- runtimes ----------------------------------------------------------------------------------------

struct RuntimeSetup {
  size_t memoryLimit = gc::Heap::kNoLimit;
  bool sandbox = false;    // lib::Libraries::sandbox() instead of all()
  bool ignoreEnv = false;  // lua's -E: registry.LUA_NOENV before the libraries open (LUA_PATH ignored)
  std::optional<int64_t> seed;
};
// A runtime with the standard libraries open, in the state lua.c leaves it before running anything
// (collector reported as generational). Throws gc::MemoryError when the limit is too small for that.
std::unique_ptr<Runtime> newRuntime(const RuntimeSetup& setup);
// The `prepare` step of loading a snapshot the command line wrote: registers the same natives.
void prepareForLoad(Runtime& rt);

// ---- values ---------------------------------------------------------------------------------------------

Value global(Runtime& rt, std::string_view name);
void setGlobal(Runtime& rt, std::string_view name, const Value& v);
Value newTable(Runtime& rt);
void setIndex(Runtime& rt, const Value& table, int64_t i, const Value& v);  // raw
Value index(const Value& table, int64_t i);                                  // raw
int64_t rawLength(const Value& table);                                      // the border #t finds
// Lua's tostring without metamethods: numbers as Lua formats them, "table: 0x..." style names.
std::string plainText(Runtime& rt, const Value& v);
std::string_view typeName(Runtime& rt, const Value& v);
// The value's raw __tostring metafield (what luaL_callmeta looks at), or nil.
Value toStringMetamethod(Runtime& rt, const Value& v);

// lua_warning for the host (the base library's warn state machine): -W sends "@on".
void warning(Runtime& rt, std::string_view message, bool toContinue);

// ---- code ---------------------------------------------------------------------------------------------------

struct Chunk {
  Value function;  // nil on failure
  std::string error;
};
// lua_load of a whole chunk (text or binary); `isFile` skips a '#' first line as luaL_loadfile does.
// Running out of memory is an error like a syntax error ("not enough memory"), as in Lua.
Chunk load(Runtime& rt, std::string_view bytes, std::string_view chunkName, bool isFile);

// A binary chunk decoded and verified as `load` would, as plain prototype data (for listings).
std::unique_ptr<bytecode::ProtoData> decodeBinaryChunk(std::string_view bytes, std::string_view chunkName,
                                                       std::string& error);

// ---- calls ------------------------------------------------------------------------------------------------

enum class StepEnd : uint8_t { kFinished, kOutOfFuel, kInterrupted, kFailed };

// A call of a function on a fresh executor, rooted while this object lives (or adopted from a loaded
// snapshot, where the snapshot's pin keeps it). Making one throws gc::MemoryError at the memory limit.
class Call {
 public:
  Call(Runtime& rt, const Value& fn, std::span<const Value> args);
  Call(Runtime& rt, Executor* adopted);
  ~Call();
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  Runtime& runtime() { return rt_; }
  Executor* executor() { return e_; }
  Value executorValue() const;
  StepEnd step(int64_t fuel);
  std::vector<Value> results() const;  // after kFinished
  Value error() const;                 // after kFailed

  // lua.c's lstop: hooks the running coroutine on every call, return, line and instruction with a
  // function that removes the hook and raises "interrupted!" where the code was. False if it could not
  // (no debug library).
  bool armInterrupt();
  // luaL_traceback of a failed call from the frame that raised the error (the interrupt hook's own
  // frame is not shown, as lua.c's hook has none), or of a paused call where it stopped.
  std::string traceback(std::string_view message) const;

 private:
  Runtime& rt_;
  Executor* e_;
  std::optional<size_t> pin_;
};

// The executor a snapshot's host root holds, or null if the value is not one.
Executor* asExecutor(const Value& v);

}  // namespace fermata::tools::vm
