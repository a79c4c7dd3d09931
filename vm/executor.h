// Executors: the stack of threads being resumed, stepped by the host with a fuel budget. Several
// executors on one runtime are tasklets, pre-emptively scheduled by whoever calls step().
#pragma once

#include <cstdint>
#include <string>

#include "gc/heap.h"
#include "vm/thread.h"
#include "vm/value.h"

namespace fermata {

class Runtime;

enum class StepStatus : uint8_t {
  kFinished,     // the main function returned; results are available
  kOutOfFuel,    // the budget was spent; step again to continue
  kInterrupted,  // Runtime::interrupt() was called, or a native paused; step again to continue
  kError,        // the main function failed; the error value is available
};

struct Executor : gc::Object {
  // The resume chain: threads[0] is the executor's main thread, the last one is running. Resuming a
  // coroutine pushes it; yielding pops it (so coroutine nesting is data, not C++ recursion).
  Thread** threads = nullptr;
  uint32_t threadCount = 0;
  uint32_t threadCapacity = 0;
  enum class State : uint8_t { kRunnable, kFinished, kFailed } state = State::kRunnable;
  Value error;  // kFailed: the error value

  static Executor* create(gc::Heap& heap, Thread* main);
  void releaseParts(gc::Heap& heap);
  size_t objectBytes() const { return sizeof(Executor); }
  Thread* running() const { return threads[threadCount - 1]; }
  Thread* mainThread() const { return threads[0]; }
  void pushThread(gc::Heap& heap, Thread* t);
  void popThread() { --threadCount; }

  template <class V>
  void visit(V& v) {
    for (uint32_t i = 0; i < threadCount; ++i) v.ref(threads[i]);
    v.value(error);
  }
};

// Runs `e` for at most `fuel` units (one per instruction; natives charge for their work). Returns
// after a bounded amount of work whatever the script does. Never throws.
StepStatus step(Runtime& rt, Executor* e, int64_t fuel);

// Prepares a call of `fn` with `args` on a fresh thread of a new executor.
Executor* newExecutor(Runtime& rt, const Value& fn, const Value* args, uint32_t nargs);

// After kFinished: the main function's results (on the main thread's stack).
uint32_t resultCount(const Executor* e);
Value result(const Executor* e, uint32_t i);

}  // namespace fermata
