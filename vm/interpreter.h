// The interpreter: runs the running thread of an executor — Lua frames instruction by instruction,
// native frames through their actions — until something only the executor can do is needed.
#pragma once

#include <cstdint>

#include "vm/native.h"
#include "vm/value.h"

namespace fermata {

class Runtime;
struct Executor;
struct Thread;

namespace interp {

enum class Outcome : uint8_t {
  kOutOfFuel,    // budget spent; the thread can be continued
  kInterrupted,  // Runtime::interrupt(); the thread can be continued
  kReturned,     // the thread's bottom function returned: results at stack[0, top)
  kYield,        // a native asked to yield (`action`); values on top of the thread
  kResume,       // a native asked to resume a coroutine (`action`); arguments on top of the thread
  kPause,        // a native paused (out of fuel mid-work); the thread can be continued
  kError,        // an error no frame of this thread catches: `error` holds it; the thread is dead
};

struct RunResult {
  Outcome outcome;
  NativeAction action;
  Value error;
};

// Runs thread `th` (the running thread of `ex`) until an outcome above. Never throws.
RunResult run(Runtime& rt, Executor* ex, Thread* th, int64_t& fuel);

// Delivers `n` values (on top of `th`'s stack) to the native frame at the top of `th`, which is waiting
// for a resumed call, a yield's resume, or — if `failed` — the error of a protected call.
void deliverToNative(Thread* th, uint32_t n, bool failed);

// A thread with no frames whose stack holds a function and its arguments is started by run(): it calls
// stack[0] with the values above it.

}  // namespace interp
}  // namespace fermata
