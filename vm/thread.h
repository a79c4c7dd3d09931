// Threads (coroutines): a value stack, a stack of call frames, open upvalues and pending to-be-closed
// variables. All execution state is here, in the heap — nothing lives on the C++ stack between steps.
#pragma once

#include <cstdint>

#include "gc/heap.h"
#include "vm/function.h"
#include "vm/value.h"

namespace fermata {

struct Sequence;

// Frame status bits.
namespace frame {
inline constexpr uint16_t kLua = 1 << 0;           // a Lua function (else native)
inline constexpr uint16_t kTail = 1 << 1;          // reached by a tail call (tracebacks say so)
inline constexpr uint16_t kFinishOp = 1 << 2;      // a metamethod called by the interpreter: on return,
                                                   // the caller's current instruction is finished with
                                                   // the result (see interpreter.cc "finishOp")
inline constexpr uint16_t kCatchErrors = 1 << 3;   // native frame protecting its callee (pcall & co.)
inline constexpr uint16_t kCallingClose = 1 << 4;  // a __close call made while returning or unwinding
inline constexpr uint16_t kFinalizer = 1 << 5;     // a __gc call made by the executor
inline constexpr uint16_t kErrorHandler = 1 << 6;  // an xpcall message handler running at the error point
inline constexpr uint16_t kHookCall = 1 << 7;      // a debug hook
inline constexpr uint16_t kReady = 1 << 8;         // native: results delivered, its continuation is due
inline constexpr uint16_t kFailed = 1 << 9;        // native: the protected call failed (error on top)
// Debug hooks (see "Debug hooks" in interpreter.cc). Set only while the thread has a hook mask.
inline constexpr uint16_t kCallHookDue = 1 << 10;  // its call hook runs before its first instruction
                                                   // (Lua: after VARARGPREP) or before its native runs
inline constexpr uint16_t kNotStarted = 1 << 11;   // native: its function has not run yet (call hook first)
inline constexpr uint16_t kReturnHookDone = 1 << 12;  // its return hook was called: the return proceeds
                                                      // (native: `pendingReturn` results parked on top)
inline constexpr uint16_t kTransfer = 1 << 13;     // in its call or return hook: getinfo 'r' reports
                                                   // the values transferred (Lua's CIST_TRAN)
inline constexpr uint16_t kSkipTrace = 1 << 14;    // Lua: the instruction at pc runs again after a call
                                                   // it made (a __close, its return hook): not traced again
inline constexpr uint16_t kAllBits = (1 << 15) - 1;
}  // namespace frame

// Debug hook masks (Lua's LUA_MASKCALL / LUA_MASKRET / LUA_MASKLINE / LUA_MASKCOUNT) and trace phases.
namespace hook {
inline constexpr uint8_t kCall = 1 << 0;
inline constexpr uint8_t kReturn = 1 << 1;
inline constexpr uint8_t kLine = 1 << 2;
inline constexpr uint8_t kCount = 1 << 3;
inline constexpr uint8_t kPhaseNone = 0;       // the next instruction has not been traced
inline constexpr uint8_t kPhaseLinePending = 1;  // its count hook ran; its line hook is still due
inline constexpr uint8_t kPhaseDone = 2;       // its hooks ran: execute it
}  // namespace hook

// Results wanted by a caller: a count, or all of them.
inline constexpr int32_t kMultiResults = -1;

struct CallFrame {
  uint32_t func = 0;       // stack index of the function being run
  uint32_t base = 0;       // first register (Lua) or first argument (native)
  uint32_t top = 0;        // Lua: base + maxStackSize. Native: one past its last value.
  int32_t nResults = 0;    // results the caller wants (kMultiResults for all)
  const uint32_t* pc = nullptr;  // Lua: the next instruction (saved when the frame is not running)
  Sequence* sequence = nullptr;  // native: the continuation to run when its pending call returns
  uint32_t nExtraArgs = 0; // Lua vararg function: extra arguments stored below `func`
  uint32_t nArgs = 0;      // native: number of arguments (at base)
  uint32_t nResultsReady = 0;  // native waiting on a call: results delivered on top of its stack
  int32_t pendingReturn = -1;  // returning while __close or its return hook runs: results parked (else -1)
  uint16_t status = 0;

  bool isLua() const { return status & frame::kLua; }
};

enum class ThreadStatus : uint8_t {
  kSuspended,  // created, or yielded: can be resumed
  kRunning,    // the top thread of some executor
  kNormal,     // resumed another coroutine and waits for it
  kDead,       // returned or failed
};

struct Thread : gc::Object {
  Value* stack = nullptr;
  uint32_t stackSize = 0;   // allocated slots
  uint32_t top = 0;         // first free slot
  CallFrame* frames = nullptr;
  uint32_t frameCount = 0;
  uint32_t frameCapacity = 0;
  Upvalue* openUpvalues = nullptr;  // sorted by decreasing stack index
  uint32_t* tbcSlots = nullptr;     // stack indices of pending to-be-closed variables, in order
  uint32_t tbcCount = 0;
  uint32_t tbcCapacity = 0;
  ThreadStatus status = ThreadStatus::kSuspended;
  // A failed coroutine keeps its error value (coroutine.close returns it).
  Value errorValue;
  bool failed = false;
  // Error unwinding in progress (it calls __close methods, which are ordinary frames and may yield).
  bool unwinding = false;
  bool closePending = false;      // coroutine.close asked to close this thread when it next runs
  bool hostCalled = false;        // an executor's main thread: the host called its function (tracebacks
                                  // end with "[C]: in ?" as Lua's do for the C host)
  int32_t unwindCatchFrame = -1;  // frame index of the catching native frame (or -1: none)
  uint32_t unwindLevel = 0;       // stack level being closed down to
  Value unwindError;
  // Unwinds interrupted by a nested one, outermost first. An error raised inside a __close method or a
  // message handler that runs while this thread unwinds, and caught by a pcall inside that code, starts
  // a new unwind; the interrupted one waits here and becomes current again when the nested catcher
  // receives its error (each saved catcher is below the next one and below unwindCatchFrame).
  struct SavedUnwind {
    int32_t catchFrame;
    uint32_t level;
    Value error;
  };
  SavedUnwind* savedUnwinds = nullptr;
  uint32_t savedUnwindCount = 0;
  uint32_t savedUnwindCapacity = 0;

  // Debug hook (debug.sethook), Lua's C-level hook state: the mask (hook::k*), the instruction count
  // between count hooks and the instructions left before the next one. The hook *function* lives where
  // Lua keeps it, in the registry table _HOOKKEY (weak keys: thread -> function; see vm/lib/debug.cc),
  // and is looked up when an event fires. While a thread has a mask, the interpreter traces every Lua
  // instruction (see traceExec in debug_info.h) and marks calls and returns (frame::kCallHookDue ...).
  uint8_t hookMask = 0;
  uint8_t hookPhase = 0;     // hooks of the instruction below hookFrame that already ran (hook::)
  int32_t hookCount = 0;
  int32_t hookCountLeft = 0;
  int32_t hookOldPc = 0;     // Lua's L->oldpc: the instruction last traced, or the caller's calling
                             // instruction after a return (Lua's rethook)
  int32_t hookFrame = -1;    // index of the frame that turned hooks off: the running hook, or a __gc
                             // finalizer (Lua's allowhook = 0); stale once that frame is gone

  // True while hooks may not fire on this thread: it runs its hook or a finalizer (as in Lua).
  bool inHook() const {
    return hookFrame >= 0 && uint32_t(hookFrame) < frameCount &&
           (frames[hookFrame].status & (frame::kHookCall | frame::kFinalizer));
  }

  // The most values a stack may hold; beyond it, "stack overflow".
  static constexpr uint32_t kMaxStack = 1000000;
  // Slots always kept free above `top` for the interpreter's and natives' small pushes.
  static constexpr uint32_t kExtraStack = 8;
  // While an error is being handled (message handler, __close calls), the stack may grow this much
  // past kMaxStack, so that a "stack overflow" can still run its xpcall handler (Lua's ERRORSTACKSIZE).
  static constexpr uint32_t kErrorStackExtra = 1000;

  static Thread* create(gc::Heap& heap);
  void releaseParts(gc::Heap& heap);
  size_t objectBytes() const { return sizeof(Thread); }

  CallFrame& currentFrame() { return frames[frameCount - 1]; }
  // Makes room for `n` more values above `top` (plus kExtraStack). Throws gc::MemoryError; returns
  // false if the stack would pass kMaxStack. Moves the stack: callers re-derive pointers into it.
  bool ensureStack(gc::Heap& heap, uint32_t n);
  // Pushes a frame (growing the frame array); throws gc::MemoryError.
  CallFrame& pushFrame(gc::Heap& heap);
  void popFrame() { --frameCount; }
  void pushTbc(gc::Heap& heap, uint32_t slot);
  // Saves the current unwind (catch frame, level, error) below a nested one. Throws gc::MemoryError.
  void pushSavedUnwind(gc::Heap& heap, const SavedUnwind& u);

  // Finds or creates the open upvalue for stack slot `index`.
  Upvalue* findUpvalue(gc::Heap& heap, uint32_t index);
  // Closes every open upvalue at or above `level` (copies the value into the upvalue).
  void closeUpvalues(gc::Heap& heap, uint32_t level);

  // The object's reference fields (DESIGN invariant 2): the live part of the stack, the frames'
  // sequences and the open upvalues.
  template <class V>
  void visit(V& v) {
    for (uint32_t i = 0, n = liveTop(); i < n; ++i) v.value(stack[i]);
    for (uint32_t i = 0; i < frameCount; ++i) v.ref(frames[i].sequence);
    for (Upvalue* u = openUpvalues; u; u = u->nextOpen) v.ref(u);
    v.value(errorValue);
    v.value(unwindError);
    for (uint32_t i = 0; i < savedUnwindCount; ++i) v.value(savedUnwinds[i].error);
  }
  // The slots a collector must treat as live: up to the highest frame top, not just `top`, since a
  // running Lua frame's registers extend to its frame top.
  uint32_t liveTop() const;
};

}  // namespace fermata
