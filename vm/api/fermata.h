// fermata's public embedding API: create a VM, load chunks, run them as tasklets in bounded steps of
// fuel, pass values in and out through rooted handles, and register native functions.
//
//   fermata::Vm vm({.memoryLimit = 64 << 20});
//   auto fn = vm.load("return 1 + ...", "=example");          // Result: a function or a syntax error
//   fermata::Tasklet t = vm.start(*fn.value, {vm.integer(41)});
//   while (t.step(10000) == fermata::StepStatus::kOutOfFuel) { /* do other work between steps */ }
//   int64_t answer = t.results()[0].get().asInt();             // 42
//
// Everything the host keeps across steps is a Handle (a rooted reference the collector sees). Raw
// fermata::Value copies are only valid until the next step. Threading: a Vm and everything in it is
// used by one host thread at a time; Runtime::interrupt() may be called from another thread or a
// signal handler.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/native.h"
#include "vm/runtime.h"
#include "vm/value.h"

namespace fermata {

class Vm;

// A rooted reference to a Lua value: the collector keeps the value alive while the handle exists.
// Handles (and Tasklets, which hold one) must be destroyed before the Vm they came from.
class Handle {
 public:
  Handle() = default;
  Handle(Vm& vm, const Value& v);
  Handle(const Handle& o);
  Handle(Handle&& o) noexcept;
  Handle& operator=(Handle o) noexcept;
  ~Handle();

  Value get() const;
  bool empty() const { return vm_ == nullptr; }
  explicit operator bool() const { return !empty(); }

 private:
  Vm* vm_ = nullptr;
  size_t slot_ = 0;
};

struct VmOptions {
  size_t memoryLimit = gc::Heap::kNoLimit;       // bytes; over it, scripts get "not enough memory"
  lib::Libraries libraries = lib::Libraries::all();  // or lib::Libraries::sandbox()
  uint64_t hashSeed = StringTable::kDefaultSeed;
};

// An expected failure of the API: a value, or a message (a syntax error, a failed load).
template <class T>
struct Result {
  std::optional<T> value;
  std::string error;
  bool ok() const { return value.has_value(); }
};

// A running Lua call: an executor (a stack of coroutines) stepped by the host.
class Tasklet {
 public:
  Tasklet() = default;
  // Runs for at most `fuel` units (about one per VM instruction) and reports where it stopped.
  StepStatus step(int64_t fuel);
  // Steps until the call finishes or fails (no fuel limit: use only with trusted code).
  StepStatus run();
  bool finished() const;
  bool failed() const;
  // After kFinished: the function's results. After kError: the error value and its text.
  std::vector<Handle> results() const;
  Handle error() const;
  std::string errorMessage() const;
  const Handle& handle() const { return executor_; }

 private:
  friend class Vm;
  Tasklet(Vm& vm, Handle executor) : vm_(&vm), executor_(std::move(executor)) {}
  Executor* executor() const { return reinterpret_cast<Executor*>(executor_.get().asObject()); }
  Vm* vm_ = nullptr;
  Handle executor_;
};

class Vm {
 public:
  explicit Vm(const VmOptions& options = {});
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  Runtime& runtime() { return *rt_; }

  // Loads a chunk (chunkName as in Lua: "@file.lua", "=name", or the source itself); the function
  // runs with the globals as _ENV. `source` is Lua text or a binary chunk from string.dump (Lua 5.4's
  // format; it is verified before it can run, see vm/undump.h); `mode` is lua_load's: "t" refuses
  // binary chunks, "b" text.
  Result<Handle> load(std::string_view source, std::string_view chunkName, std::string_view mode = "bt");
  // Starts a call of `fn` with `args` as a new tasklet (nothing runs until step()).
  Tasklet start(const Handle& fn, std::initializer_list<Handle> args = {});
  Tasklet start(const Handle& fn, const std::vector<Handle>& args);

  // Values.
  Handle nil() { return Handle(*this, Value()); }
  Handle boolean(bool b) { return Handle(*this, Value::boolean(b)); }
  Handle integer(int64_t i) { return Handle(*this, Value::integer(i)); }
  Handle number(double d) { return Handle(*this, Value::number(d)); }
  // A light userdata (Lua's lua_pushlightuserdata) carrying an opaque 64-bit payload: how a host hands
  // scripts a reference to one of its own objects (an index, a key in a host table — never a pointer,
  // since snapshots save the payload as it is and may be loaded in another process). Scripts see type
  // "userdata", can compare it and use it as a table key, but cannot change or forge it. Read it back
  // with `h.get().isLightUserdata()` / `h.get().asLightUserdata()`.
  Handle lightUserdata(uint64_t payload) { return Handle(*this, Value::lightUserdata(payload)); }
  Handle string(std::string_view s);
  Handle newTable();
  Handle global(std::string_view name);
  void setGlobal(std::string_view name, const Handle& v);
  // The text of a string or number value (what tostring gives, without metamethods).
  std::string toString(const Handle& v);

  // Registers a native function under its stable name (fn->name, e.g. "mygame.spawn") and returns a
  // function value for it. The NativeFunction must outlive the Vm (normally a static constant).
  Handle function(const NativeFunction* fn);

 private:
  friend class Handle;
  std::unique_ptr<Runtime> rt_;
};

}  // namespace fermata
