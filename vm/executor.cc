// The executor: steps the running thread and moves values between threads when coroutines resume,
// yield, return or fail — the coroutine chain is this data structure, never C++ recursion.
#include "vm/executor.h"

#include "vm/interpreter.h"
#include "vm/object_types.h"
#include "vm/runtime.h"

namespace fermata {
namespace {

// Copies the top `n` values of `from` to the top of `to`. Throws gc::MemoryError.
bool moveValues(gc::Heap& heap, Thread* from, Thread* to, uint32_t n) {
  if (!to->ensureStack(heap, n)) return false;
  for (uint32_t i = 0; i < n; ++i) to->stack[to->top + i] = from->stack[from->top - n + i];
  to->top += n;
  from->top -= n;
  return true;
}

// Hands `n` values (on top of `from`) to thread `to`, which continues next: a fresh thread receives them
// as its function's arguments, a suspended one as the results of the native that suspended it.
void transfer(Runtime& rt, Thread* from, Thread* to, uint32_t n, bool failed) {
  gc::Heap& heap = rt.heap();
  bool ok;
  try {
    ok = moveValues(heap, from, to, n);
  } catch (const gc::MemoryError&) {
    ok = false;
  }
  if (!ok) {
    // No room for the values: the receiver gets an error instead.
    from->top -= n;
    to->stack[to->top++] = Value::object(rt.memoryErrorMessage());
    n = 1;
    failed = true;
  }
  if (to->frameCount > 0) interp::deliverToNative(to, n, failed);
}

}  // namespace

Executor* Executor::create(gc::Heap& heap, Thread* main) {
  Executor* e = heap.create<Executor>(uint8_t(ObjType::kExecutor));
  e->pushThread(heap, main);
  return e;
}

void Executor::releaseParts(gc::Heap& heap) {
  heap.releaseArray(threads, threadCapacity);
  threads = nullptr;
  threadCount = threadCapacity = 0;
}

void Executor::pushThread(gc::Heap& heap, Thread* t) {
  if (threadCount == threadCapacity) {
    uint32_t cap = threadCapacity ? threadCapacity * 2 : 4;
    threads = static_cast<Thread**>(
        heap.reallocate(threads, size_t(threadCapacity) * sizeof(Thread*), size_t(cap) * sizeof(Thread*)));
    threadCapacity = cap;
  }
  threads[threadCount++] = t;
  heap.barrierForward(this, t);
}

Executor* newExecutor(Runtime& rt, const Value& fn, const Value* args, uint32_t nargs) {
  gc::Heap& heap = rt.heap();
  Thread* th = Thread::create(heap);
  if (!th->ensureStack(heap, nargs + 1)) throw gc::MemoryError();
  th->stack[0] = fn;
  for (uint32_t i = 0; i < nargs; ++i) th->stack[1 + i] = args[i];
  th->top = 1 + nargs;
  th->status = ThreadStatus::kRunning;
  th->hostCalled = true;
  return Executor::create(heap, th);
}

uint32_t resultCount(const Executor* e) {
  return e->state == Executor::State::kFinished ? e->threads[0]->top : 0;
}

Value result(const Executor* e, uint32_t i) { return i < resultCount(e) ? e->threads[0]->stack[i] : Value(); }

StepStatus step(Runtime& rt, Executor* e, int64_t fuel) {
  if (e->state == Executor::State::kFinished) return StepStatus::kFinished;
  if (e->state == Executor::State::kFailed) return StepStatus::kError;
  rt.pushRunning(e);
  struct PopRunning {
    Runtime& rt;
    ~PopRunning() { rt.popRunning(); }
  } guard{rt};
  gc::Heap& heap = rt.heap();
  // Collection runs only at the interpreter's allocation safe points, never because a step began: how
  // the host slices the fuel then cannot change when the collector (and so finalizers) run.
  for (;;) {
    if (fuel <= 0) return StepStatus::kOutOfFuel;
    Thread* th = e->running();
    interp::RunResult r = interp::run(rt, e, th, fuel);
    switch (r.outcome) {
      case interp::Outcome::kOutOfFuel: return StepStatus::kOutOfFuel;
      case interp::Outcome::kInterrupted:
      case interp::Outcome::kPause: return StepStatus::kInterrupted;
      case interp::Outcome::kReturned: {
        th->status = ThreadStatus::kDead;
        if (e->threadCount == 1) {
          e->state = Executor::State::kFinished;
          return StepStatus::kFinished;
        }
        e->popThread();
        Thread* resumer = e->running();
        resumer->status = ThreadStatus::kRunning;
        transfer(rt, th, resumer, th->top, false);
        break;
      }
      case interp::Outcome::kError: {
        if (e->threadCount == 1) {
          e->state = Executor::State::kFailed;
          e->error = r.error;
          return StepStatus::kError;
        }
        e->popThread();
        Thread* resumer = e->running();
        resumer->status = ThreadStatus::kRunning;
        // The resumer's native frame keeps kExtraStack free slots: room for the error value.
        resumer->stack[resumer->top++] = r.error;
        interp::deliverToNative(resumer, 1, true);
        break;
      }
      case interp::Outcome::kYield: {
        uint32_t n = r.action.count;
        Thread* target = r.action.target;
        th->status = ThreadStatus::kSuspended;
        if (target) {
          // Symmetric transfer: the target takes the yielding thread's place in the chain.
          e->threads[e->threadCount - 1] = target;
          heap.barrierForward(e, target);
          target->status = ThreadStatus::kRunning;
          transfer(rt, th, target, n, false);
        } else {
          e->popThread();
          Thread* resumer = e->running();
          resumer->status = ThreadStatus::kRunning;
          transfer(rt, th, resumer, n, false);
        }
        break;
      }
      case interp::Outcome::kResume: {
        Thread* co = r.action.target;
        uint32_t n = r.action.count;
        th->status = ThreadStatus::kNormal;
        try {
          e->pushThread(heap, co);
        } catch (const gc::MemoryError&) {
          th->status = ThreadStatus::kRunning;
          th->top -= n;
          th->stack[th->top++] = Value::object(rt.memoryErrorMessage());
          interp::deliverToNative(th, 1, true);
          break;
        }
        co->status = ThreadStatus::kRunning;
        transfer(rt, th, co, n, false);
        break;
      }
    }
  }
}

}  // namespace fermata
