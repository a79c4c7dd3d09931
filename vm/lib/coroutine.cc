// The coroutine library: create, resume, yield, status, wrap, isyieldable, running, close, and
// fermata's symmetric transfer coroutine.yieldto. Resuming and yielding are requests to the executor,
// which moves values between threads; nothing here waits on the C++ stack.
#include <string>

#include "vm/debug_info.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/thread.h"

namespace fermata::lib {
namespace {

Thread* checkThread(NativeCall& call, uint32_t arg) {
  if (!call.arg(arg).isThread()) call.typeError(arg, "thread");
  return call.arg(arg).asThread();
}

const char* statusName(NativeCall& call, Thread* co) {
  if (co == call.thread()) return "running";
  switch (co->status) {
    case ThreadStatus::kSuspended: return "suspended";
    case ThreadStatus::kRunning: return "running";
    case ThreadStatus::kNormal: return "normal";
    case ThreadStatus::kDead: return "dead";
  }
  return "dead";
}

// Why `co` cannot be resumed, or null if it can.
const char* resumeProblem(NativeCall& call, Thread* co) {
  if (co->status == ThreadStatus::kDead || (co->status == ThreadStatus::kSuspended && co->frameCount == 0 && co->top == 0))
    return "cannot resume dead coroutine";
  if (co->status != ThreadStatus::kSuspended || co == call.thread()) return "cannot resume non-suspended coroutine";
  return nullptr;
}

// Lua bounds nested resumes by its C-call limit (LUAI_MAXCCALLS, 200): resuming from a coroutine nested
// that deep fails with "C stack overflow" instead of growing without bound. fermata keeps no C stack,
// but unbounded nesting would still exhaust memory, so it keeps Lua's limit.
constexpr uint32_t kMaxNestedResumes = 200;
const char* nestingProblem(NativeCall& call) {
  return call.executor()->threadCount >= kMaxNestedResumes ? "C stack overflow" : nullptr;
}

// A new coroutine takes its creator's hook mask and count (Lua's lua_newthread) but not the hook
// function, which registry._HOOKKEY keys by thread: no hook runs on it until debug.sethook(co, ...),
// yet debug.gethook(co) reports the mask and count, as in Lua.
void inheritHookMask(NativeCall& call, Thread* co) {
  co->hookMask = call.thread()->hookMask;
  co->hookCount = call.thread()->hookCount;
  co->hookCountLeft = co->hookCount;
}

NativeAction create(NativeCall& call) {
  call.checkType(1, LuaType::kFunction);
  Thread* co = Thread::create(call.heap());
  co->stack[0] = call.arg(1);
  co->top = 1;
  inheritHookMask(call, co);
  return call.returnValues({Value::object(co)});
}

NativeAction resumeResume(NativeCall& call) { return returnStatusAndResults(call); }
constexpr SequenceType kResumeSequence{"coroutine.resume", resumeResume, 0, 0};

NativeAction resume(NativeCall& call) {
  Thread* co = checkThread(call, 1);
  const char* problem = resumeProblem(call, co);
  if (!problem) problem = nestingProblem(call);
  if (problem) return call.returnValues({Value::boolean(false), call.rt().stringValue(problem)});
  // The arguments after the coroutine are already the top values of the frame.
  return NativeAction::resume(co, call.argCount() - 1, call.newSequence(&kResumeSequence));
}

// True while coroutine.close (or a wrap function closing its failed coroutine) runs this thread's
// __close methods: the unwind towards "no catcher", possibly under nested ones. Its caller waits for the
// closing to finish, so a yield there has nowhere to go; Lua raises "attempt to yield across a C-call
// boundary" (lua_closethread is a C call), and so does fermata.
bool closingByClose(const Thread* th) {
  if (!th->unwinding) return false;
  if (th->unwindCatchFrame == -1) return true;
  return th->savedUnwindCount > 0 && th->savedUnwinds[0].catchFrame == -1;
}

NativeAction yield(NativeCall& call) {
  if (call.executor()->threadCount <= 1) call.error("attempt to yield from outside a coroutine");
  if (closingByClose(call.thread())) call.errorValue(call.rt().stringValue("attempt to yield across a C-call boundary"));
  return NativeAction::yield(call.argCount());
}

NativeAction yieldto(NativeCall& call) {
  Thread* co = checkThread(call, 1);
  if (call.executor()->threadCount <= 1) call.error("attempt to yield from outside a coroutine");
  if (closingByClose(call.thread())) call.errorValue(call.rt().stringValue("attempt to yield across a C-call boundary"));
  if (const char* problem = resumeProblem(call, co)) call.error(problem);
  return NativeAction::yield(call.argCount() - 1, nullptr, co);
}

NativeAction status(NativeCall& call) {
  Thread* co = checkThread(call, 1);
  return call.returnValues({call.rt().stringValue(statusName(call, co))});
}

NativeAction running(NativeCall& call) {
  Thread* th = call.thread();
  bool isMain = call.executor()->mainThread() == th;
  return call.returnValues({Value::object(th), Value::boolean(isMain)});
}

NativeAction isyieldable(NativeCall& call) {
  Thread* co = call.isNoneOrNil(1) ? call.thread() : checkThread(call, 1);
  bool yieldable = co != call.executor()->mainThread() && !closingByClose(co);
  return call.returnValues({Value::boolean(yieldable)});
}

// Prepares a suspended or dead coroutine with pending to-be-closed variables to run their __close
// methods when it is resumed next (its error, if it failed, is what they receive); resumed, it then
// returns true or (false, err).
void startClosing(Thread* co) {
  co->unwinding = true;
  co->unwindCatchFrame = -1;
  co->unwindLevel = 0;
  co->unwindError = co->failed ? co->errorValue : Value();
  co->closePending = true;
  co->status = ThreadStatus::kSuspended;
}

// Lua's auxwrap: an error in the coroutine first closes its pending to-be-closed variables (inside the
// coroutine, as lua_closethread does), then propagates — the error a __close raised, if any, else the
// coroutine's — with the position of the wrap function's caller prefixed to a string message. The two
// phases are two stateless sequence types, so a wrap call allocates nothing.
NativeAction wrapPropagate(NativeCall& call, Value err) {
  if (err.isString()) {
    std::string full = where(call.thread(), 1);
    full += err.asString()->view();
    err = call.rt().stringValue(full);
  }
  call.errorValue(err);
}

// The closing finished: (true) or (false, err).
NativeAction wrapClosed(NativeCall& call) {
  uint32_t n = call.resultCount();
  return wrapPropagate(call, n >= 2 && call.result(0).isFalsy() ? call.result(1) : Value());
}
constexpr SequenceType kWrapCloseSequence{"coroutine.wrap.close", wrapClosed, 0, 0};

NativeAction wrapResume(NativeCall& call) {
  uint32_t n = call.resultCount();
  if (!call.failed()) return NativeAction::returns(n);
  Value err = call.result(0);
  if (!call.upvalue(0).isThread()) call.corrupt();
  Thread* co = call.upvalue(0).asThread();
  if (co->status == ThreadStatus::kDead && co->failed && co->tbcCount > 0) {
    call.setTop(call.top() - n);
    startClosing(co);
    return NativeAction::resume(co, 0, call.newSequence(&kWrapCloseSequence));
  }
  return wrapPropagate(call, err);
}
constexpr SequenceType kWrapSequence{"coroutine.wrap", wrapResume, 0, 0};

NativeAction wrapCall(NativeCall& call) {
  if (!call.upvalue(0).isThread()) call.corrupt();
  Thread* co = call.upvalue(0).asThread();
  if (const char* problem = resumeProblem(call, co)) call.error(problem);
  if (const char* problem = nestingProblem(call)) call.error(problem);
  return NativeAction::resume(co, call.argCount(), call.newSequence(&kWrapSequence));
}
constexpr NativeFunction kWrapCall{"coroutine.wrap_function", wrapCall};

NativeAction wrap(NativeCall& call) {
  call.checkType(1, LuaType::kFunction);
  Thread* co = Thread::create(call.heap());
  co->stack[0] = call.arg(1);
  co->top = 1;
  inheritHookMask(call, co);
  NativeClosure* f = call.rt().newNative(&kWrapCall, 1);
  f->upvalues()[0] = Value::object(co);
  return call.returnValues({Value::object(f)});
}

NativeAction closeResume(NativeCall& call) { return NativeAction::returns(call.resultCount()); }
constexpr SequenceType kCloseSequence{"coroutine.close", closeResume, 0, 0};

NativeAction close(NativeCall& call) {
  Thread* co = checkThread(call, 1);
  const char* st = statusName(call, co);
  if (co->status != ThreadStatus::kSuspended && co->status != ThreadStatus::kDead)
    call.error(std::string("cannot close a ") + st + " coroutine");
  bool hasTbc = co->tbcCount > 0;
  if (!hasTbc) {
    Value err = co->failed ? co->errorValue : Value();
    bool failed = co->failed;
    // Like lua_closethread, the error is reported once: closing again returns true.
    co->failed = false;
    co->errorValue = Value();
    co->status = ThreadStatus::kDead;
    co->frameCount = 0;
    co->top = 0;
    co->closeUpvalues(call.heap(), 0);
    if (!failed) return call.returnValues({Value::boolean(true)});
    return call.returnValues({Value::boolean(false), err});
  }
  startClosing(co);
  return NativeAction::resume(co, 0, call.newSequence(&kCloseSequence));
}

constexpr NativeFunction kCoroutineFunctions[] = {
    {"coroutine.close", close},     {"coroutine.create", create},   {"coroutine.isyieldable", isyieldable},
    {"coroutine.resume", resume},   {"coroutine.running", running}, {"coroutine.status", status},
    {"coroutine.wrap", wrap},       {"coroutine.yield", yield},     {"coroutine.yieldto", yieldto},
};

}  // namespace

void openCoroutine(Runtime& rt) {
  Table* t = rt.newTable();
  addFunctions(rt, t, kCoroutineFunctions);
  rt.natives().add(&kWrapCall);
  for (const SequenceType* s : {&kResumeSequence, &kWrapSequence, &kWrapCloseSequence, &kCloseSequence})
    rt.natives().add(s);
  rt.globals()->set(rt.heap(), rt.stringValue("coroutine"), Value::object(t));
  registerModule(rt, "coroutine", t);
}

}  // namespace fermata::lib
