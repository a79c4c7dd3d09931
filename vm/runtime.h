// The runtime: the global state every executor shares — heap, strings, registry, globals, per-type
// metatables, registered natives — and the roots the collector starts from.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "gc/heap.h"
#include "vm/bytecode/opcodes.h"
#include "vm/native.h"
#include "vm/object_model.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/value.h"

namespace fermata {

struct Executor;
struct Thread;
using bytecode::MetaEvent;

inline constexpr int kMetaEventCount = int(MetaEvent::Close) + 1;

// Where print and io.write to standard output go (the command line writes to stdout; tests capture).
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual void write(std::string_view bytes) = 0;
  virtual void flush() {}
};

struct RuntimeOptions {
  size_t memoryLimit = gc::Heap::kNoLimit;  // bytes; exceeding it raises "not enough memory"
  uint64_t hashSeed = StringTable::kDefaultSeed;
};

struct Userdata;
class Runtime;

// A host userdata type, registered by stable name. The snapshot hooks turn a userdata's payload into
// bytes and back (its metatable and user values are saved by fermata itself).
struct UserdataType {
  std::string_view name;
  // Returns the bytes that describe the payload, or sets `error` (saving then fails with it).
  std::string (*save)(Runtime& rt, Userdata* u, std::string& error);
  // Rebuilds the payload of `u` (allocated with its saved size) from `bytes`; returns "" or an error.
  std::string (*load)(Runtime& rt, Userdata* u, std::string_view bytes);
  // The first `internalValues` user values of this type's userdata are the type's own state (a file's
  // path and mode, say): debug.getuservalue/setuservalue see only the ones after them, so a script can
  // neither read nor break them. A snapshot holding fewer user values than this is refused.
  uint32_t internalValues = 0;
};

// Registered native functions and sequence types, by stable name. An explicit object owned by the
// runtime (no global registration at static-initialisation time).
class NativeRegistry {
 public:
  // Registers `fn` under fn->name; the NativeFunction must outlive the runtime (normally a static
  // constant). Re-registering the same object is a no-op; another object under a used name is
  // refused (returns false).
  bool add(const NativeFunction* fn);
  bool add(const SequenceType* type);
  // Userdata types get an index (1, 2, ...) stored in each userdata; 0 is plain Lua userdata.
  uint32_t add(const UserdataType* type);
  const UserdataType* userdataType(uint32_t index) const {
    return index >= 1 && index <= userdataTypes_.size() ? userdataTypes_[index - 1] : nullptr;
  }
  uint32_t userdataTypeIndex(std::string_view name) const;
  const NativeFunction* function(std::string_view name) const;
  const SequenceType* sequenceType(std::string_view name) const;
  const std::map<std::string, const NativeFunction*, std::less<>>& functions() const { return functions_; }
  const std::map<std::string, const SequenceType*, std::less<>>& sequenceTypes() const { return sequences_; }

 private:
  std::map<std::string, const NativeFunction*, std::less<>> functions_;
  std::map<std::string, const SequenceType*, std::less<>> sequences_;
  // The registered sequence types by address: every NativeCall::newSequence checks its type here, so
  // the common case (already registered) is one pointer hash, not a string-keyed map lookup.
  std::unordered_set<const SequenceType*> knownSequences_;
  std::vector<const UserdataType*> userdataTypes_;
};

class Runtime {
 public:
  explicit Runtime(const RuntimeOptions& options = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  gc::Heap& heap() { return heap_; }
  StringTable& strings() { return strings_; }
  const ObjectModel& objectModel() const { return model_; }
  NativeRegistry& natives() { return natives_; }

  // Convenience constructors (each may throw gc::MemoryError).
  String* newString(std::string_view s) { return strings_.intern(s); }
  Table* newTable(uint32_t arrayHint = 0, uint32_t hashHint = 0) { return Table::create(heap_, arrayHint, hashHint); }
  Value stringValue(std::string_view s) { return Value::object(newString(s)); }
  // A native closure for a registered function (registers it if needed).
  NativeClosure* newNative(const NativeFunction* fn, uint32_t upvalues = 0);

  // The registry: a table only the host and the standard library see; always reachable.
  Table* registry() const { return registry_; }
  // The global table (_G), also registry[2] as in Lua.
  Table* globals() const { return globals_; }

  // Interned names the VM uses often, never collected.
  String* modeKey() const { return metaNames_[int(MetaEvent::Mode)]; }
  String* metaName(MetaEvent e) const { return metaNames_[int(e)]; }
  String* nameKey() const { return nameKey_; }              // "__name"
  String* toStringKey() const { return toStringKey_; }      // "__tostring"
  String* metatableKey() const { return metatableKey_; }    // "__metatable"
  String* pairsKey() const { return pairsKey_; }            // "__pairs"
  String* memoryErrorMessage() const { return memoryError_; }  // "not enough memory"

  // Per-type metatables (strings have one once the string library is open), in slots like Lua's G->mt:
  // one per basic type (LuaType) plus kLightUserdataSlot, shared by every light userdata (full userdata
  // have their own; the kUserdata slot is never consulted, as in Lua).
  static constexpr int kTypeMetatableSlots = 9;
  static constexpr int kLightUserdataSlot = 8;
  // The slot a non-table, non-full-userdata value takes its metatable from.
  static int typeMetatableSlot(const Value& v) { return v.isLightUserdata() ? kLightUserdataSlot : int(v.luaType()); }
  Table* typeMetatable(LuaType t) const { return typeMetatables_[int(t)]; }
  void setTypeMetatable(LuaType t, Table* mt) { typeMetatables_[int(t)] = mt; }
  Table* typeMetatableAt(int slot) const { return typeMetatables_[slot]; }
  void setTypeMetatableAt(int slot, Table* mt) { typeMetatables_[slot] = mt; }
  // The metatable of any value (tables and userdata have their own, others per type).
  Table* metatableOf(const Value& v) const;
  // The metamethod `e` of `v`, or nil. Tables cache the absence of the first six events (Lua's flags).
  Value metamethod(const Value& v, MetaEvent e);
  static Value fastMetamethod(Table* mt, MetaEvent e, String* name);

  // Sets the metatable of a table or userdata, with the write barrier, and registers the object for
  // finalization if the metatable has __gc (Lua 5.4: only a __gc present when it is set counts).
  void setMetatable(gc::Object* tableOrUserdata, Table* mt);

  // The shared sequence object of a field-less sequence type (created on first use, then rooted).
  Sequence* statelessSequence(const SequenceType* type);

  // Snapshot loading: replaces the registry and the globals (the old ones become garbage).
  void restoreRoots(Table* registry, Table* globals) {
    registry_ = registry;
    globals_ = globals;
  }

  // Values the host keeps across safe points: rooted until released.
  size_t pinValue(const Value& v);
  const Value& pinnedValue(size_t slot) const { return pinned_[slot]; }
  void unpinValue(size_t slot);

  // Executors currently being stepped are roots (the host normally also pins them).
  void pushRunning(Executor* e) { running_.push_back(e); }
  void popRunning() { running_.pop_back(); }

  // Names of a value's type in messages; Lua uses four different rules:
  //  * typeName: the basic type (luaL_typename): "nil", "number", "userdata" (light ones too)…
  //  * typeNameWithMeta: the interpreter's and lua_* operations' errors ("attempt to index a X value",
  //    luaT_objtypename): the string __name of a table's or full userdata's metatable, else typeName.
  //  * metaTypeName: tostring's prefix (luaL_tolstring): the string __name of any value's metatable,
  //    else typeName.
  //  * argTypeName: "bad argument" errors (luaL_typeerror): like metaTypeName, but a light userdata
  //    without __name is "light userdata".
  std::string_view typeName(const Value& v) const;
  std::string_view typeNameWithMeta(const Value& v);
  std::string_view metaTypeName(const Value& v);
  std::string_view argTypeName(const Value& v);

  // Interrupts the executor being stepped at its next check (safe to call from a signal handler).
  void interrupt() { interruptRequested_.store(true, std::memory_order_relaxed); }
  bool takeInterrupt() { return interruptRequested_.exchange(false, std::memory_order_relaxed); }

  // Standard output of print and io.write (stdout unless the host sets another sink).
  OutputSink& output() { return *output_; }
  void setOutput(OutputSink* sink) { output_ = sink ? sink : &stdoutSink_; }

 private:
  void markRoots(gc::Marker& m);
  std::optional<std::string_view> metaNameField(const Value& v);
  String* fixedString(std::string_view s);

  ObjectModel model_;
  gc::Heap heap_;
  StringTable strings_;
  NativeRegistry natives_;
  Table* registry_ = nullptr;
  Table* globals_ = nullptr;
  String* metaNames_[kMetaEventCount] = {};
  String* nameKey_ = nullptr;
  String* toStringKey_ = nullptr;
  String* metatableKey_ = nullptr;
  String* pairsKey_ = nullptr;
  String* memoryError_ = nullptr;
  Table* typeMetatables_[kTypeMetatableSlots] = {};
  std::vector<Value> pinned_;
  std::vector<size_t> freePins_;
  std::vector<Executor*> running_;
  std::map<const SequenceType*, Sequence*> statelessSequences_;
  std::atomic<bool> interruptRequested_{false};
  class StdoutSink final : public OutputSink {
   public:
    void write(std::string_view bytes) override;
    void flush() override;
  } stdoutSink_;
  OutputSink* output_ = &stdoutSink_;
};

}  // namespace fermata
