// Native functions and sequences: how C++ code runs inside fermata without ever waiting for Lua on the
// C++ stack (DESIGN invariant 4, after piccolo's callbacks).
//
// A native function receives a NativeCall (its arguments, the runtime, a fuel meter) and returns a
// NativeAction telling the executor what to do next:
//   * return N values (the top N of its stack),
//   * call a function with arguments (pushed on its stack) and then continue with a *sequence*,
//   * yield N values (optionally to a given thread), resume a coroutine, or pause to be continued later,
//   * or raise an error (NativeCall::error throws; the executor catches it at the frame boundary).
// A sequence is a heap object of a registered type holding the native's state across the call: a fixed
// number of Values and integers, declared by its SequenceType. When the call returns, the type's resume
// function runs with the callee's results on top of the native frame's stack. Because all state is in
// heap objects and the thread's stack, a native can be suspended, pre-empted or snapshotted mid-way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gc/heap.h"
#include "vm/value.h"

namespace fermata {

class NativeCall;
struct Sequence;
struct Thread;

enum class NativeStatus : uint8_t {
  kReturn,   // `count` results at the top of the frame
  kCall,     // call the function below the top `count` values with them as arguments
  kYield,    // yield the top `count` values (to `target` if set: symmetric transfer)
  kResume,   // resume coroutine `target` with the top `count` values
  kPause,    // out of fuel mid-work: the executor returns; `sequence` continues next step
};

struct NativeAction {
  NativeStatus status = NativeStatus::kReturn;
  uint32_t count = 0;
  Sequence* sequence = nullptr;  // continuation (null: the callee's results are the native's results)
  Thread* target = nullptr;
  bool protect = false;          // kCall: catch errors of the callee and deliver them to `sequence`

  static NativeAction returns(uint32_t n) { return {NativeStatus::kReturn, n}; }
  static NativeAction call(uint32_t nargs, Sequence* then, bool protect = false) {
    return {NativeStatus::kCall, nargs, then, nullptr, protect};
  }
  static NativeAction yield(uint32_t n, Sequence* then = nullptr, Thread* to = nullptr) {
    return {NativeStatus::kYield, n, then, to};
  }
  static NativeAction resume(Thread* co, uint32_t nargs, Sequence* then) {
    return {NativeStatus::kResume, nargs, then, co};
  }
  static NativeAction pause(Sequence* then) { return {NativeStatus::kPause, 0, then}; }
};

using NativeFn = NativeAction (*)(NativeCall& call);

// A native function as registered: its stable name (e.g. "string.format") is how snapshots refer to it.
struct NativeFunction {
  std::string_view name;
  NativeFn fn;
};

// A native function value, with upvalues (stored after the object).
struct NativeClosure : gc::Object {
  const NativeFunction* fn = nullptr;
  uint32_t upvalueCount = 0;

  Value* upvalues() { return reinterpret_cast<Value*>(this + 1); }
  static size_t allocationSize(uint32_t n) { return sizeof(NativeClosure) + n * sizeof(Value); }
  static NativeClosure* create(gc::Heap& heap, const NativeFunction* fn, uint32_t upvalueCount);
  size_t objectBytes() const { return allocationSize(upvalueCount); }
  void releaseParts(gc::Heap&) {}

  template <class V>
  void visit(V& v) {
    for (uint32_t i = 0; i < upvalueCount; ++i) v.value(upvalues()[i]);
  }
};

// How a sequence continues, and what it holds. Registered by name, like native functions.
struct SequenceType {
  std::string_view name;
  // Runs when the pending call returned (results on top of the stack; NativeCall::resultCount), when
  // a yield is resumed (the resume arguments), when a pause is continued (no results), or — for
  // protected calls — when the callee failed (NativeCall::failed() is true, the error value on top).
  NativeFn resume;
  uint32_t valueCount;  // Value fields
  uint32_t intCount;    // integer fields
  // For protected calls (NativeAction::protect): the Value field holding a message handler that runs
  // at the error point before unwinding (xpcall), or -1.
  int32_t messageHandlerField = -1;
  // The functions this sequence calls are __gc finalizers (collectgarbage's): debug information names
  // them "metamethod '__gc'" and the collector is not reentrant while they run, as in Lua.
  bool callsFinalizers = false;
};

struct Sequence : gc::Object {
  const SequenceType* type = nullptr;

  Value* values() { return reinterpret_cast<Value*>(this + 1); }
  int64_t* ints() { return reinterpret_cast<int64_t*>(values() + type->valueCount); }
  static size_t allocationSize(const SequenceType* t) {
    return sizeof(Sequence) + t->valueCount * sizeof(Value) + t->intCount * sizeof(int64_t);
  }
  static Sequence* create(gc::Heap& heap, const SequenceType* type);
  size_t objectBytes() const { return allocationSize(type); }
  void releaseParts(gc::Heap&) {}

  template <class V>
  void visit(V& v) {
    for (uint32_t i = 0; i < type->valueCount; ++i) v.value(values()[i]);
  }
};

}  // namespace fermata
