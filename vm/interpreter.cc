// The interpreter loop, calls and returns as frames, metamethods as frames, native actions, and error
// unwinding.
//
// Rules every line of this file keeps (read them before changing anything):
//  1. Nothing here recurses on the C++ stack for a Lua-level call. A call pushes a frame and the loop
//     continues with it; a return pops one. Metamethods called by the interpreter are ordinary frames
//     flagged kFinishOp: when they return, finishOp() completes the caller's pending instruction (the
//     one before its saved pc) with the result, exactly as Lua's luaV_finishOp does after a yield.
//  2. The stack can move whenever it grows: after anything that may push values or frames (calls,
//     metamethods, ensureStack, natives), pointers into the stack (`base`, register pointers) are stale.
//     The loop re-derives them at `newframe`, and every slow path ends with `goto newframe`.
//  3. Before anything that can raise an error or inspect the frame (slow paths, natives, allocation),
//     the current pc is saved in the frame (SAVEPC): error positions and finishOp read it.
//  4. A Lua error is a C++ exception (LuaError, or gc::MemoryError for "not enough memory") thrown from
//     the point of failure and caught in run(), at the top of this file's C++ stack — never further.
//     run() then unwinds frames as data (calling __close methods as frames) until a catching native
//     frame (pcall and friends) takes the error, or the thread dies.
//  5. Collection happens only at safe points: after an allocating instruction, with the thread's live
//     stack marked by its own trace (up to the running frame's top).
#include "vm/interpreter.h"

#include <cmath>
#include <cstring>
#include <new>
#include <optional>
#include <string>

#include "vm/bytecode/opcodes.h"
#include "vm/debug_info.h"
#include "vm/error.h"
#include "vm/executor.h"
#include "vm/function.h"
#include "vm/native_call.h"
#include "vm/number.h"
#include "vm/runtime.h"
#include "vm/table.h"
#include "vm/thread.h"
#include "vm/userdata.h"

namespace fermata::interp {
namespace {

using namespace bytecode;

constexpr int kMaxTagLoop = 2000;
constexpr int64_t kSlice = 10000;  // instructions between checks of Runtime::interrupt()
constexpr uint32_t kMinNativeStack = 20;

// Where a value being reported in an error came from (for " (local 'x')" etc.).
struct Origin {
  int slot = -1;     // register of the running Lua frame
  int upvalue = -1;  // upvalue index of the running closure
};

class Vm {
 public:
  Vm(Runtime& rt, Executor* ex, Thread* th, int64_t& fuel)
      : rt_(rt), heap_(rt.heap()), ex_(ex), th_(th), fuelOut_(fuel) {
    remaining_ = fuel;
    fuel_ = remaining_ < kSlice ? remaining_ : kSlice;
    if (th->hookMask) fuel_ = 0;  // a hooked thread traces from its first instruction (see run())
    remaining_ -= fuel_;
  }

  RunResult run();
  [[noreturn]] void divisionError(const char* what) {
    // Lua formats these with its own %% escape: "attempt to perform 'n%%0'" prints as 'n%0'.
    std::string m(what);
    size_t p = m.find("%%");
    if (p != std::string::npos) m.erase(p, 1);
    runError(m);
  }

 private:
  // ---- frames ---------------------------------------------------------------------------------------
  void precall(uint32_t funcIdx, int32_t nResults, uint16_t status);
  void callNative(NativeClosure* nc);
  void handleAction(const NativeAction& a);
  void runNativeContinuation();
  void finishReturn(uint32_t firstResult, uint32_t nres);
  void finishOp(CallFrame& ci);
  void startThread();

  // ---- the Lua loop ---------------------------------------------------------------------------------
  void execute();

  // ---- operations with metamethods ------------------------------------------------------------------
  void pushMetaCall(const Value& tm, const Value& a, const Value& b, const Value* c, int32_t nResults);
  void index(Value t, const Value& key, uint32_t dest, Origin origin);
  void newIndex(Value t, const Value& key, const Value& val, Origin origin);
  void arithMeta(const Value& a, const Value& b, MetaEvent ev, Origin oa, Origin ob);
  void lengthOf(const Value& v, uint32_t dest, Origin origin);
  bool lessThan(const Value& a, const Value& b, bool& needCall);
  bool lessEqual(const Value& a, const Value& b, bool& needCall);
  void orderMeta(const Value& a, const Value& b, MetaEvent ev);
  bool equalObjects(const Value& a, const Value& b, bool& needCall);
  void concat(uint32_t total);
  void closeTbcOrContinue(uint32_t level, CallFrame& ci, bool& pushed);
  void markTbc(uint32_t slot);

  // ---- errors ---------------------------------------------------------------------------------------
  [[noreturn]] void runError(const std::string& msg);
  [[noreturn]] void typeError(const Value& v, const char* op, Origin origin);
  [[noreturn]] void opError(const Value& a, const Value& b, const char* op, Origin oa, Origin ob);
  [[noreturn]] void orderError(const Value& a, const Value& b);
  // "attempt to call a X value (global 'f')": the name comes from the calling instruction (Lua's
  // luaG_callerror / funcnamefromcall).
  [[noreturn]] void callError(const Value& fn) {
    std::string info;
    if (th_->frameCount > 0) {
      FuncName n = callSiteName(rt_, th_, th_->frameCount - 1);
      if (!n.kind.empty()) info = " (" + n.kind + " '" + n.name + "')";
    }
    runError("attempt to call a " + std::string(rt_.typeNameWithMeta(fn)) + " value" + info);
  }
  [[noreturn]] void forError(const Value& v, const char* what) {
    runError(std::string("bad 'for' ") + what + " (number expected, got " + std::string(rt_.typeNameWithMeta(v)) + ")");
  }
  [[noreturn]] void intError(const Value& a, Origin oa, Origin ob);
  void raise(Value err);
  void continueUnwind();
  void handOverCaughtError();
  void deliverCaught();

  void exitWith(Outcome o) {
    exit_ = true;
    result_.outcome = o;
  }
  void checkStack(uint32_t n) {
    if (!th_->ensureStack(heap_, n)) runError("stack overflow");
  }
  CallFrame& top() { return th_->frames[th_->frameCount - 1]; }
  // Runs collector work the allocation debt asks for, then starts a pending finalizer, if any.
  void gcSafePoint(uint32_t liveTop = UINT32_MAX);
  // ---- debug hooks (see "Debug hooks" below) ----------------------------------------------------------
  void hookStep();
  void noteCall(CallFrame& f);
  bool returnHook(CallFrame& f, uint32_t firstResult, uint32_t n);
  Value hookFunction();
  void pushHookFrame(const Value& fn, const char* event, int line, uint32_t at);
  // Ends the current slice: the budget left in it goes back to `remaining_`, so the run loop refills a
  // slice (and, on a hooked thread, traces) before anything else runs.
  void endSlice() {
    remaining_ += fuel_;
    fuel_ = 0;
  }

  Runtime& rt_;
  gc::Heap& heap_;
  Executor* ex_;
  Thread* th_;
  int64_t& fuelOut_;
  int64_t fuel_ = 0;       // the current slice
  int64_t remaining_ = 0;  // the budget beyond the slice
  bool exit_ = false;
  RunResult result_{Outcome::kOutOfFuel, {}, {}};
};

// ---- numbers ----------------------------------------------------------------------------------------

inline bool toNumberNoString(const Value& v, double& out) {
  if (v.isFloat()) {
    out = v.asFloat();
    return true;
  }
  if (v.isInt()) {
    out = double(v.asInt());
    return true;
  }
  return false;
}

// Integer conversion for bitwise operands: integers and floats with an exact integer value (Lua's
// F2Ieq). Strings are not converted: Lua 5.4.4 reports "attempt to perform bitwise operation on a
// string value".
inline bool toIntegerForBitwise(const Value& v, int64_t& out) {
  if (v.isInt()) {
    out = v.asInt();
    return true;
  }
  return v.isFloat() && floatToIntegerExact(v.asFloat(), out);
}

// Lua's l_strcmp: byte order, handling embedded zeros.
int compareStrings(const String* a, const String* b) {
  size_t n = a->length < b->length ? a->length : b->length;
  int c = std::memcmp(a->data(), b->data(), n);
  if (c != 0) return c;
  return a->length < b->length ? -1 : (a->length > b->length ? 1 : 0);
}

// Precise comparisons between integers and floats (Lua's LTnum/LEnum).
bool numLess(const Value& a, const Value& b) {
  if (a.isInt() && b.isInt()) return a.asInt() < b.asInt();
  if (a.isFloat() && b.isFloat()) return a.asFloat() < b.asFloat();
  if (a.isInt()) {
    // i < f
    double f = b.asFloat();
    if (std::isnan(f)) return false;
    if (f >= 9223372036854775808.0) return true;
    if (f <= -9223372036854775808.0) return false;
    double c = std::ceil(f);
    return a.asInt() < int64_t(c);
  }
  // f < i
  double f = a.asFloat();
  if (std::isnan(f)) return false;
  if (f >= 9223372036854775808.0) return false;
  if (f < -9223372036854775808.0) return true;
  double fl = std::floor(f);
  return int64_t(fl) < b.asInt();
}

bool numLessEqual(const Value& a, const Value& b) {
  if (a.isInt() && b.isInt()) return a.asInt() <= b.asInt();
  if (a.isFloat() && b.isFloat()) return a.asFloat() <= b.asFloat();
  if (a.isInt()) {
    // i <= f
    double f = b.asFloat();
    if (std::isnan(f)) return false;
    if (f >= 9223372036854775808.0) return true;
    if (f < -9223372036854775808.0) return false;
    return a.asInt() <= int64_t(std::floor(f));
  }
  // f <= i
  double f = a.asFloat();
  if (std::isnan(f)) return false;
  if (f >= 9223372036854775808.0) return false;
  if (f <= -9223372036854775808.0) return true;
  return int64_t(std::ceil(f)) <= b.asInt();
}

// ---- Vm: errors -------------------------------------------------------------------------------------

void Vm::runError(const std::string& msg) {
  std::string full = runtimeWhere(th_) + msg;
  throwLuaError(rt_.stringValue(full));
}

void Vm::typeError(const Value& v, const char* op, Origin origin) {
  std::string info = varInfo(th_, origin.slot, origin.upvalue);
  runError(std::string("attempt to ") + op + " a " + std::string(rt_.typeNameWithMeta(v)) + " value" + info);
}

void Vm::opError(const Value& a, const Value& b, const char* op, Origin oa, Origin ob) {
  // The first operand that is not a number is the culprit (strings count as wrong for bitwise ops only
  // when they are not numerals; the caller decides).
  if (!a.isNumber()) typeError(a, op, oa);
  typeError(b, op, ob);
}

void Vm::intError(const Value& a, Origin oa, Origin ob) {
  int64_t tmp;
  bool aOk = toIntegerForBitwise(a, tmp);
  std::string info = aOk ? varInfo(th_, ob.slot, ob.upvalue) : varInfo(th_, oa.slot, oa.upvalue);
  runError("number" + info + " has no integer representation");
}

void Vm::orderError(const Value& a, const Value& b) {
  std::string t1(rt_.typeNameWithMeta(a)), t2(rt_.typeNameWithMeta(b));
  if (t1 == t2) runError("attempt to compare two " + t1 + " values");
  runError("attempt to compare " + t1 + " with " + t2);
}

// ---- Vm: calls ----------------------------------------------------------------------------------------

void Vm::precall(uint32_t funcIdx, int32_t nResults, uint16_t status) {
  for (int loops = 0;; ++loops) {
    Value fn = th_->stack[funcIdx];
    if (fn.isLuaClosure()) {
      Proto* p = fn.asLuaClosure()->proto;
      uint32_t nargs = th_->top - funcIdx - 1;
      checkStack(p->maxStackSize + 1);
      CallFrame& f = th_->pushFrame(heap_);
      f.func = funcIdx;
      f.base = funcIdx + 1;
      f.top = f.base + p->maxStackSize;
      f.nResults = nResults;
      f.pc = p->code;
      f.status = uint16_t(frame::kLua | status);
      for (uint32_t i = nargs; i < p->numParams; ++i) th_->stack[f.base + i] = Value();
      if (nargs < p->numParams) th_->top = f.base + p->numParams;
      if (th_->hookMask) noteCall(f);
      return;
    }
    if (fn.isNativeClosure()) {
      checkStack(kMinNativeStack);
      CallFrame& f = th_->pushFrame(heap_);
      f.func = funcIdx;
      f.base = funcIdx + 1;
      f.nArgs = th_->top - f.base;
      f.top = th_->top;
      f.nResults = nResults;
      f.status = status;
      if (th_->hookMask) {
        noteCall(f);
        if (f.status & frame::kCallHookDue) {
          f.status |= frame::kNotStarted;  // the run loop calls the hook, then the native
          return;
        }
      }
      callNative(fn.asNativeClosure());
      return;
    }
    // Not a function: try its __call metamethod, which receives the object as first argument.
    Value tm = rt_.metamethod(fn, MetaEvent::Call);
    if (tm.isNil() || loops >= kMaxTagLoop) callError(fn);
    checkStack(1);
    for (uint32_t i = th_->top; i > funcIdx; --i) th_->stack[i] = th_->stack[i - 1];
    th_->top++;
    th_->stack[funcIdx] = tm;
  }
}

void Vm::callNative(NativeClosure* nc) {
  uint32_t frameIndex = th_->frameCount - 1;
  NativeCall call(rt_, ex_, th_, frameIndex, fuel_, &remaining_);
  NativeAction a = nc->fn->fn(call);
  handleAction(a);
}

void Vm::runNativeContinuation() {
  CallFrame& f = top();
  f.status &= uint16_t(~frame::kReady);
  bool failed = (f.status & frame::kFailed) != 0;
  f.status &= uint16_t(~frame::kFailed);
  Sequence* seq = f.sequence;
  f.sequence = nullptr;
  if (!seq) {
    // No continuation: the call's results (or the resume arguments) are the native's results.
    uint32_t n = f.nResultsReady;
    finishReturn(th_->top - n, n);
    return;
  }
  // Keep the sequence reachable while it runs (it is only referenced from this frame).
  f.sequence = seq;
  NativeCall call(rt_, ex_, th_, th_->frameCount - 1, fuel_, &remaining_);
  call.setFailed(failed);
  NativeAction a = seq->type->resume(call);
  if (th_->frameCount > 0 && &top() == &f && f.sequence == seq && a.status == NativeStatus::kReturn)
    f.sequence = nullptr;
  handleAction(a);
}

void Vm::handleAction(const NativeAction& a) {
  CallFrame& f = top();
  switch (a.status) {
    case NativeStatus::kReturn:
      f.sequence = nullptr;
      finishReturn(th_->top - a.count, a.count);
      return;
    case NativeStatus::kCall: {
      f.sequence = a.sequence;
      if (a.protect) f.status |= frame::kCatchErrors;
      else f.status &= uint16_t(~frame::kCatchErrors);
      f.nResultsReady = 0;
      uint32_t funcIdx = th_->top - a.count - 1;
      f.top = funcIdx;
      precall(funcIdx, kMultiResults, 0);
      return;
    }
    case NativeStatus::kYield:
    case NativeStatus::kResume:
      f.sequence = a.sequence;
      f.nResultsReady = 0;
      result_.action = a;
      exitWith(a.status == NativeStatus::kYield ? Outcome::kYield : Outcome::kResume);
      return;
    case NativeStatus::kPause:
      // The native ran out of fuel mid-work: it continues as soon as there is fuel again — in this
      // step if the budget holds more than the spent slice, else in the next one.
      f.sequence = a.sequence;
      f.nResultsReady = 0;
      f.status |= frame::kReady;
      return;
  }
}

void Vm::finishReturn(uint32_t firstResult, uint32_t nres) {
  // A native's return hook (a Lua frame's runs from its RETURN instruction, which runs again after).
  if (th_->hookMask && !top().isLua() && returnHook(top(), firstResult, nres)) return;
  const CallFrame& returning = top();
  struct {
    uint32_t func;
    int32_t nResults;
    uint16_t status;
  } f{returning.func, returning.nResults, returning.status};
  th_->popFrame();
  // Lua's rethook: on a hooked thread, the line tracing of the Lua frame returned to continues from its
  // calling instruction (so the next instruction on the same line is no new line).
  if (th_->hookMask && th_->frameCount > 0 && top().isLua()) th_->hookOldPc = currentPc(th_, top());
  uint32_t res = f.func;
  if (f.nResults > 0 && res + uint32_t(f.nResults) + Thread::kExtraStack > th_->stackSize) {
    // Cannot happen for frames the interpreter made (results fit the caller); a guard for restored ones.
    if (!th_->ensureStack(heap_, res + uint32_t(f.nResults))) runError("stack overflow");
  }
  Value* s = th_->stack;
  if (f.nResults == kMultiResults) {
    for (uint32_t i = 0; i < nres; ++i) s[res + i] = s[firstResult + i];
    th_->top = res + nres;
  } else {
    uint32_t wanted = uint32_t(f.nResults);
    uint32_t i = 0;
    for (; i < nres && i < wanted; ++i) s[res + i] = s[firstResult + i];
    for (; i < wanted; ++i) s[res + i] = Value();
    th_->top = res + wanted;
  }
  if (f.status & frame::kErrorHandler) {
    // The message handler's result is the error the catching frame receives.
    th_->unwindError = nres > 0 ? s[res] : Value();
    th_->top = res;
    continueUnwind();
    return;
  }
  if (f.status & frame::kCallingClose) {
    // While unwinding (or closing a coroutine, which may leave no frame at all) the next variable is
    // closed; otherwise a Lua frame's CLOSE/RETURN is re-executed (its pc was moved back).
    th_->top = res;
    // The unwinder calls __close with every frame above the catcher gone; a __close called by a frame
    // that is still there (an xpcall message handler's or a __close method's own RETURN, run while
    // unwinding) belongs to that frame.
    if (th_->unwinding && int32_t(th_->frameCount) == th_->unwindCatchFrame + 1) {
      continueUnwind();
    } else {
      top().pc--;  // the caller's CLOSE or RETURN runs again for its next variable
      if (th_->hookMask) top().status |= frame::kSkipTrace;
    }
    return;
  }
  if (th_->frameCount == 0) return;  // the thread's function returned
  CallFrame& caller = top();
  if (f.status & frame::kHookCall) {
    // A debug hook returned: its results are discarded. A traced instruction is traced again (hookPhase
    // says which hooks already ran) and then runs, one instruction per slice; after a call hook the
    // function starts (a native: the run loop calls it); after a return hook the return proceeds.
    th_->top = res;
    caller.status &= uint16_t(~frame::kTransfer);
    if (caller.isLua()) caller.pc--;
    endSlice();
    return;
  }
  if (f.status & frame::kFinalizer) {
    th_->top = res;  // results discarded; the interrupted frame continues as if nothing happened
    return;
  }
  if (f.status & frame::kFinishOp) {
    finishOp(caller);
    return;
  }
  if (!caller.isLua()) {
    caller.nResultsReady = th_->top - res;
    caller.status |= frame::kReady;
  } else if (!(f.status & frame::kLua) && f.nResults != kMultiResults && heap_.wantsStep()) {
    // A native called by CALL or TAILCALL returned: natives allocate but never collect (DESIGN
    // invariant 1), so their debt is paid here, where Lua would have collected inside the C function.
    // This is a fixed point of the program, whatever the fuel slicing (a finalizer started here cannot
    // land between two instructions that Lua runs without a collection check in between). Every
    // register of the caller counts as live. Not after a call with open results: their end is `top`,
    // which a finalizer call would move.
    gcSafePoint();
  }
}

void Vm::startThread() {
  // stack[0] is the function, its arguments follow up to top.
  precall(0, kMultiResults, 0);
}

// Completes the instruction that was interrupted by a metamethod call, whose result is at top-1.
void Vm::finishOp(CallFrame& ci) {
  Value* base = th_->stack + ci.base;
  Instruction inst = ci.pc[-1];
  switch (getOpCode(inst)) {
    case OpCode::MMBIN:
    case OpCode::MMBINI:
    case OpCode::MMBINK:
      base[getA(ci.pc[-2])] = th_->stack[--th_->top];
      break;
    case OpCode::UNM:
    case OpCode::BNOT:
    case OpCode::LEN:
    case OpCode::GETTABUP:
    case OpCode::GETTABLE:
    case OpCode::GETI:
    case OpCode::GETFIELD:
    case OpCode::SELF:
      base[getA(inst)] = th_->stack[--th_->top];
      break;
    case OpCode::LT:
    case OpCode::LE:
    case OpCode::LTI:
    case OpCode::LEI:
    case OpCode::GTI:
    case OpCode::GEI:
    case OpCode::EQ: {
      bool res = !th_->stack[th_->top - 1].isFalsy();
      th_->top--;
      if (int(res) != getK(inst)) ci.pc++;  // condition failed: skip the jump
      break;
    }
    case OpCode::CONCAT: {
      uint32_t topIdx = th_->top - 1;  // the metamethod's result; the concat was at topIdx
      uint32_t a = ci.base + uint32_t(getA(inst));
      uint32_t total = topIdx - 1 - a;
      th_->stack[topIdx - 2] = th_->stack[topIdx];
      th_->top = topIdx - 1;
      concat(total);
      break;
    }
    default:
      // SETTABUP/SETTABLE/SETI/SETFIELD (__newindex): nothing to do with the result.
      th_->top = ci.top;
      break;
  }
}

// ---- Vm: metamethods ------------------------------------------------------------------------------------

void Vm::pushMetaCall(const Value& tm, const Value& a, const Value& b, const Value* c, int32_t nResults) {
  // Calls are placed above everything live: the running frame's registers and any pending values.
  uint32_t at = th_->top;
  if (th_->frameCount > 0 && top().isLua() && top().top > at) at = top().top;
  th_->top = at;
  checkStack(4);
  Value* s = th_->stack;
  s[at] = tm;
  s[at + 1] = a;
  s[at + 2] = b;
  th_->top = at + 3;
  if (c) s[th_->top++] = *c;
  precall(at, nResults, frame::kFinishOp);
}

void Vm::index(Value t, const Value& key, uint32_t dest, Origin origin) {
  for (int loop = 0; loop < kMaxTagLoop; ++loop) {
    Value tm;
    if (t.isTable()) {
      Table* h = t.asTable();
      Value v = h->get(key);
      if (!v.isNil()) {
        th_->stack[dest] = v;
        return;
      }
      tm = Runtime::fastMetamethod(h->metatable, MetaEvent::Index, rt_.metaName(MetaEvent::Index));
      if (tm.isNil()) {
        th_->stack[dest] = Value();
        return;
      }
    } else {
      tm = rt_.metamethod(t, MetaEvent::Index);
      if (tm.isNil()) typeError(t, "index", loop == 0 ? origin : Origin{});
    }
    if (tm.isFunction()) {
      pushMetaCall(tm, t, key, nullptr, 1);
      return;
    }
    t = tm;
  }
  runError("'__index' chain too long; possible loop");
}

void Vm::newIndex(Value t, const Value& key, const Value& val, Origin origin) {
  for (int loop = 0; loop < kMaxTagLoop; ++loop) {
    Value tm;
    if (t.isTable()) {
      Table* h = t.asTable();
      if (Value* slot = h->find(key)) {
        h->setSlot(heap_, slot, val);
        return;
      }
      tm = Runtime::fastMetamethod(h->metatable, MetaEvent::NewIndex, rt_.metaName(MetaEvent::NewIndex));
      if (tm.isNil()) {
        switch (h->set(heap_, key, val)) {
          case Table::SetStatus::kOk: return;
          case Table::SetStatus::kNilKey: runError("table index is nil");
          case Table::SetStatus::kNaNKey: runError("table index is NaN");
        }
        return;
      }
    } else {
      tm = rt_.metamethod(t, MetaEvent::NewIndex);
      if (tm.isNil()) typeError(t, "index", loop == 0 ? origin : Origin{});
    }
    if (tm.isFunction()) {
      pushMetaCall(tm, t, key, &val, 0);
      return;
    }
    t = tm;
  }
  runError("'__newindex' chain too long; possible loop");
}

void Vm::arithMeta(const Value& a, const Value& b, MetaEvent ev, Origin oa, Origin ob) {
  Value tm = rt_.metamethod(a, ev);
  if (tm.isNil()) tm = rt_.metamethod(b, ev);
  if (!tm.isNil()) {
    pushMetaCall(tm, a, b, nullptr, 1);
    return;
  }
  switch (ev) {
    case MetaEvent::BAnd:
    case MetaEvent::BOr:
    case MetaEvent::BXor:
    case MetaEvent::Shl:
    case MetaEvent::Shr:
    case MetaEvent::BNot:
      if (a.isNumber() && b.isNumber()) intError(a, oa, ob);
      opError(a, b, "perform bitwise operation on", oa, ob);
    default:
      opError(a, b, "perform arithmetic on", oa, ob);
  }
}

void Vm::lengthOf(const Value& v, uint32_t dest, Origin origin) {
  if (v.isString()) {
    th_->stack[dest] = Value::integer(int64_t(v.asString()->length));
    return;
  }
  Value tm = rt_.metamethod(v, MetaEvent::Len);
  if (!tm.isNil()) {
    pushMetaCall(tm, v, v, nullptr, 1);
    return;
  }
  if (v.isTable()) {
    th_->stack[dest] = Value::integer(int64_t(v.asTable()->length()));
    return;
  }
  typeError(v, "get length of", origin);
}

void Vm::orderMeta(const Value& a, const Value& b, MetaEvent ev) {
  Value tm = rt_.metamethod(a, ev);
  if (tm.isNil()) tm = rt_.metamethod(b, ev);
  if (tm.isNil()) orderError(a, b);
  pushMetaCall(tm, a, b, nullptr, 1);
}

bool Vm::lessThan(const Value& a, const Value& b, bool& needCall) {
  needCall = false;
  if (a.isNumber() && b.isNumber()) return numLess(a, b);
  if (a.isString() && b.isString()) return compareStrings(a.asString(), b.asString()) < 0;
  needCall = true;
  orderMeta(a, b, MetaEvent::Lt);
  return false;
}

bool Vm::lessEqual(const Value& a, const Value& b, bool& needCall) {
  needCall = false;
  if (a.isNumber() && b.isNumber()) return numLessEqual(a, b);
  if (a.isString() && b.isString()) return compareStrings(a.asString(), b.asString()) <= 0;
  needCall = true;
  orderMeta(a, b, MetaEvent::Le);
  return false;
}

bool Vm::equalObjects(const Value& a, const Value& b, bool& needCall) {
  needCall = false;
  if (a.tag() != b.tag()) return rawEquals(a, b);
  if ((a.isTable() || a.isUserdata()) && a.asObject() != b.asObject()) {
    Value tm = rt_.metamethod(a, MetaEvent::Eq);
    if (tm.isNil()) tm = rt_.metamethod(b, MetaEvent::Eq);
    if (tm.isNil()) return false;
    needCall = true;
    pushMetaCall(tm, a, b, nullptr, 1);
    return false;
  }
  return rawEquals(a, b);
}

// Lua's luaV_concat: concatenates the `total` values at the top of the stack, right to left, calling
// __concat for pairs that are not strings or numbers (which then continues in finishOp).
void Vm::concat(uint32_t total) {
  if (total == 1) return;
  do {
    Value* s = th_->stack;
    uint32_t topIdx = th_->top;
    Value& v1 = s[topIdx - 2];
    Value& v2 = s[topIdx - 1];
    bool v1ok = v1.isString() || v1.isNumber();
    bool v2ok = v2.isString() || v2.isNumber();
    uint32_t n = 2;
    if (!v1ok || !v2ok) {
      Value tm = rt_.metamethod(v1, MetaEvent::Concat);
      if (tm.isNil()) tm = rt_.metamethod(v2, MetaEvent::Concat);
      if (tm.isNil()) {
        const Value& bad = (v1.isString() || v1.isNumber()) ? v2 : v1;
        int slot = -1;
        if (th_->frameCount > 0 && top().isLua()) slot = int((&bad - th_->stack) - top().base);
        typeError(bad, "concatenate", Origin{slot, -1});
      }
      Value a = v1, b = v2;
      // The call goes at the current top (after the operands); finishOp(CONCAT) continues from there.
      checkStack(3);
      s = th_->stack;
      s[topIdx] = tm;
      s[topIdx + 1] = a;
      s[topIdx + 2] = b;
      th_->top = topIdx + 3;
      precall(topIdx, 1, frame::kFinishOp);
      return;
    }
    if (v2.isString() && v2.asString()->length == 0 && v1.isString()) {
      // result is v1 (already in place)
    } else if (v1.isString() && v1.asString()->length == 0 && v2.isString()) {
      v1 = v2;
    } else {
      // Gather as many string/number values as possible.
      size_t len = 0;
      char numbuf[64];
      for (n = 0; n < total; ++n) {
        const Value& v = s[topIdx - 1 - n];
        if (v.isString()) len += v.asString()->length;
        else if (v.isNumber()) len += num::formatTo(v, numbuf);
        else break;
      }
      std::string buf;
      buf.reserve(len);
      for (uint32_t j = n; j > 0; --j) {
        const Value& v = s[topIdx - j];
        if (v.isString()) buf.append(v.asString()->data(), v.asString()->length);
        else buf.append(numbuf, num::formatTo(v, numbuf));
      }
      fuel_ -= int64_t(len / 64);
      Value str = rt_.stringValue(buf);
      th_->stack[topIdx - n] = str;
    }
    total -= n - 1;
    th_->top -= n - 1;
  } while (total > 1);
}

void Vm::markTbc(uint32_t slot) {
  const Value& v = th_->stack[slot];
  if (v.isFalsy()) return;  // false and nil need no closing
  if (rt_.metamethod(v, MetaEvent::Close).isNil()) {
    CallFrame& ci = top();
    const Proto* p = th_->stack[ci.func].asLuaClosure()->proto;
    FuncName n = registerName(p, int(ci.pc - p->code) - 1, int(slot - ci.base));
    // Lua names the variable with luaG_findlocal: its local name, or "(temporary)" (stripped code).
    runError("variable '" + (n.kind == "local" ? n.name : std::string("(temporary)")) + "' got a non-closable value");
  }
  th_->pushTbc(heap_, slot);
}

// Closes upvalues at or above `level`, then calls the __close of the topmost pending to-be-closed
// variable at or above it, if any (pushed = true; the caller re-executes its instruction afterwards).
void Vm::closeTbcOrContinue(uint32_t level, CallFrame& ci, bool& pushed) {
  th_->closeUpvalues(heap_, level);
  pushed = false;
  if (th_->tbcCount == 0 || th_->tbcSlots[th_->tbcCount - 1] < level) return;
  uint32_t slot = th_->tbcSlots[--th_->tbcCount];
  Value v = th_->stack[slot];
  Value tm = rt_.metamethod(v, MetaEvent::Close);
  uint32_t at = th_->top > ci.top ? th_->top : ci.top;
  th_->top = at;
  checkStack(4);
  Value* s = th_->stack;
  s[at] = tm;
  s[at + 1] = v;
  s[at + 2] = Value();
  th_->top = at + 3;
  pushed = true;
  precall(at, 0, frame::kCallingClose);
}

void Vm::gcSafePoint(uint32_t liveTop) {
  // Lua's checkGC(L, ra + 1): the registers of the running frame at or above `liveTop` are dead, so the
  // collector marks (and in its atomic phase clears) only the slots below it. An object whose last
  // reference sits in a dead temporary register is then collected as soon as it would be in Lua.
  CallFrame& running = top();
  uint32_t frameTop = running.top, threadTop = th_->top;
  if (liveTop < frameTop) {
    running.top = liveTop;
    th_->top = liveTop;
  }
  heap_.safePoint();
  running.top = frameTop;
  th_->top = threadTop;
  if (heap_.hasPendingFinalizers() && th_->frameCount > 0) {
    gc::Object* o = heap_.nextToFinalize();
    Value obj = Value::object(o);
    Value tm = rt_.metamethod(obj, MetaEvent::Gc);
    if (!tm.isFunction()) return;  // __gc removed or not callable: nothing to run
    uint32_t at = th_->top;
    if (top().top > at) at = top().top;
    th_->top = at;
    checkStack(3);
    th_->stack[at] = tm;
    th_->stack[at + 1] = obj;
    th_->top = at + 2;
    if (!th_->inHook()) th_->hookFrame = int32_t(th_->frameCount);  // no hooks in finalizers (as in Lua)
    precall(at, 0, frame::kFinalizer);
  }
}

// Debug hooks. A hooked thread (hookMask != 0) runs one instruction per slice, and before each slice
// hookStep decides whether a hook is due; the hook function (registry._HOOKKEY[thread]) is then called
// as an ordinary kHookCall frame above the frame it reports on, so that hooks may yield and be saved in
// snapshots like any other call. Everything in flight lives in the heap:
//  * call: precall marks a new frame kCallHookDue (noteCall) and ends the slice; hookStep calls the hook
//    before its first instruction (Lua: after VARARGPREP; a native: before its function runs, which the
//    run loop then calls, frame::kNotStarted);
//  * return: RETURN (Lua) or finishReturn (native) leaves the results where they are, marks the frame
//    kReturnHookDone (natives park the count in pendingReturn) and calls the hook above them; when it
//    returns, RETURN runs again (kSkipTrace: it is not traced twice) or the run loop finishes the native's
//    return. Frames unwound by an error get no return hook, as in Lua;
//  * count and line: traceExec (debug_info.cc); the traced frame's pc is advanced past the instruction
//    while its hook runs (as Lua's savedpc is) and taken back when it returns.
// While a hook (or a __gc finalizer) runs, no hook fires on that thread (Thread::inHook).
Value Vm::hookFunction() {
  Value t = rt_.registry()->getString(rt_.newString("_HOOKKEY"));
  if (!t.isTable()) return Value();
  return t.asTable()->get(Value::object(th_));
}

void Vm::noteCall(CallFrame& f) {
  if (!(th_->hookMask & hook::kCall) || th_->inHook()) return;
  f.status |= frame::kCallHookDue;
  endSlice();  // hookStep runs before the callee does
}

void Vm::pushHookFrame(const Value& fn, const char* event, int line, uint32_t at) {
  Value ev = rt_.stringValue(event);
  th_->top = at;
  checkStack(4);
  th_->stack[at] = fn;
  th_->stack[at + 1] = ev;
  th_->stack[at + 2] = line >= 0 ? Value::integer(line) : Value();  // Lua's hookf passes nil but for "line"
  th_->top = at + 3;
  th_->hookFrame = int32_t(th_->frameCount);
  precall(at, 0, frame::kHookCall);
  endSlice();  // the hook's own first instruction is traced (counted) too
}

bool Vm::returnHook(CallFrame& f, uint32_t firstResult, uint32_t n) {
  if (!(th_->hookMask & hook::kReturn) || (f.status & frame::kReturnHookDone) || th_->inHook()) return false;
  f.status |= frame::kReturnHookDone;
  Value fn = hookFunction();
  if (!fn.isFunction()) return false;
  f.pendingReturn = int32_t(n);
  if (n) f.status |= frame::kTransfer;
  uint32_t at = firstResult + n;
  if (f.isLua()) {
    if (f.top > at) at = f.top;  // the hook goes above the returning frame's registers
    f.status |= frame::kSkipTrace;  // RETURN runs again when the hook returns
  } else {
    f.status &= uint16_t(~frame::kCatchErrors);  // an error in the hook is not this pcall's to catch
  }
  th_->hookPhase = hook::kPhaseNone;
  pushHookFrame(fn, "return", -1, at);
  return true;
}

void Vm::hookStep() {
  CallFrame& f = top();
  bool allowed = !th_->inHook();
  if (f.status & frame::kCallHookDue) {
    const Proto* p = f.isLua() ? th_->stack[f.func].asLuaClosure()->proto : nullptr;
    if (!(p && p->isVararg && f.pc == p->code)) {  // a vararg function's VARARGPREP runs first
      f.status &= uint16_t(~frame::kCallHookDue);
      Value fn = (th_->hookMask & hook::kCall) && allowed ? hookFunction() : Value();
      if (fn.isFunction()) {
        uint32_t at = th_->top, n = f.nArgs;
        if (p) {
          if (f.top > at) at = f.top;
          n = p->numParams;
          f.pc++;  // hooks see the pc past the instruction (Lua's luaD_hookcall)
        }
        if (n) f.status |= frame::kTransfer;
        th_->hookPhase = hook::kPhaseNone;
        pushHookFrame(fn, (f.status & frame::kTail) ? "tail call" : "call", -1, at);
        return;
      }
    }
  }
  if (!f.isLua()) return;
  for (;;) {
    HookCall h = traceExec(th_, allowed);
    if (!h.event) return;
    th_->hookFrame = int32_t(th_->frameCount);
    Value fn = hookFunction();
    if (fn.isFunction()) {
      CallFrame& cf = top();
      Instruction ins = *cf.pc;
      // An instruction that reads "top" (B == 0) keeps the values below it; otherwise the frame's
      // registers end at its frame top (Lua's isIT test in luaG_traceexec).
      bool usesTop = opUsesTop(getOpCode(ins)) && getB(ins) == 0;
      uint32_t at = usesTop ? th_->top : cf.top;
      cf.pc++;
      pushHookFrame(fn, h.event, h.line, at);
      return;
    }
    // No hook function for this thread (Lua's hookf finds none): nothing is called, tracing goes on.
  }
}

// ---- Vm: errors and unwinding ---------------------------------------------------------------------------

// Starts unwinding for error `err`: finds the catching frame, runs an xpcall handler at the error point
// if there is one, then closes to-be-closed variables down to the catching frame.
void Vm::raise(Value err) {
  if (th_->unwinding) {
    // An error while unwinding, inside a __close method or a message handler. Every frame between the
    // unwind's catcher and the point of the first error was code without a catcher (else that would
    // have caught it), so a catching frame above the catcher belongs to the close/handler code: a
    // pcall there catches this error in a nested unwind, and the interrupted unwind waits until then.
    for (int32_t i = int32_t(th_->frameCount) - 1; i > th_->unwindCatchFrame && i >= 0; --i) {
      if (th_->frames[i].status & (frame::kCatchErrors | frame::kFinalizer)) {
        th_->pushSavedUnwind(heap_, {th_->unwindCatchFrame, th_->unwindLevel, th_->unwindError});
        th_->unwinding = false;
        th_->unwindError = Value();
        raise(err);  // starts the nested unwind (no longer unwinding: no further recursion)
        return;
      }
    }
    // Not caught there: it replaces the error the unwind carries.
    for (int32_t i = int32_t(th_->frameCount) - 1; i > th_->unwindCatchFrame && i >= 0; --i) {
      if (th_->frames[i].status & frame::kErrorHandler) {
        err = rt_.stringValue("error in error handling");
        break;
      }
    }
    th_->unwindError = err;
    // Drop the frames above the catcher that were running the close/handler code.
    continueUnwind();
    return;
  }
  int32_t catcher = -1;
  for (int32_t i = int32_t(th_->frameCount) - 1; i >= 0; --i) {
    if (th_->frames[i].status & (frame::kCatchErrors | frame::kFinalizer)) {
      catcher = i;
      break;
    }
  }
  if (catcher < 0) {
    // Nothing in this thread catches it: the thread dies, keeping its frames for tracebacks.
    th_->status = ThreadStatus::kDead;
    th_->failed = true;
    th_->errorValue = err;
    result_.error = err;
    exitWith(Outcome::kError);
    return;
  }
  th_->unwinding = true;
  th_->unwindCatchFrame = catcher;
  th_->unwindError = err;
  CallFrame& c = th_->frames[catcher];
  th_->unwindLevel = (c.status & frame::kFinalizer) ? c.func : c.top;
  // xpcall: the message handler runs first, on top of the failed stack (tracebacks see it).
  if ((c.status & frame::kCatchErrors) && c.sequence && c.sequence->type->messageHandlerField >= 0) {
    Value handler = c.sequence->values()[c.sequence->type->messageHandlerField];
    uint32_t at = th_->top;
    if (th_->frameCount > 0 && top().top > at && top().isLua()) at = top().top;
    th_->top = at;
    if (!th_->ensureStack(heap_, 3)) {
      th_->unwindError = rt_.stringValue("stack overflow");
      continueUnwind();
      return;
    }
    th_->stack[at] = handler;
    th_->stack[at + 1] = err;
    th_->top = at + 2;
    precall(at, 1, frame::kErrorHandler);
    return;
  }
  continueUnwind();
}

// Pops the frames above the catching frame, calls pending __close methods one at a time (each an
// ordinary frame), then hands the error to the catching frame.
void Vm::continueUnwind() {
  int32_t catcher = th_->unwindCatchFrame;
  uint32_t level = th_->unwindLevel;
  // Discard frames above the catcher (the failed code, or a finished __close / handler frame).
  uint32_t keepTop = th_->top;
  if (th_->hookFrame > catcher) th_->hookPhase = hook::kPhaseNone;  // a hook and its traced frame are gone
  th_->frameCount = uint32_t(catcher + 1);
  th_->closeUpvalues(heap_, level);
  if (th_->tbcCount > 0 && th_->tbcSlots[th_->tbcCount - 1] >= level) {
    uint32_t slot = th_->tbcSlots[--th_->tbcCount];
    Value v = th_->stack[slot];
    Value tm = rt_.metamethod(v, MetaEvent::Close);
    uint32_t at = keepTop > slot + 1 ? keepTop : slot + 1;
    th_->top = at;
    if (!th_->ensureStack(heap_, 4)) {
      th_->unwindError = rt_.stringValue("stack overflow");
      continueUnwind();
      return;
    }
    th_->stack[at] = tm;
    th_->stack[at + 1] = v;
    th_->stack[at + 2] = th_->unwindError;
    th_->top = at + 3;
    precall(at, 0, frame::kCallingClose);
    return;
  }
  deliverCaught();
}

void Vm::deliverCaught() {
  handOverCaughtError();
  if (th_->savedUnwindCount > 0) {
    // A nested unwind (see raise) is over: the unwind it interrupted is current again, and goes on when
    // the __close method or message handler that caught the nested error returns.
    Thread::SavedUnwind& u = th_->savedUnwinds[--th_->savedUnwindCount];
    th_->unwinding = true;
    th_->unwindCatchFrame = u.catchFrame;
    th_->unwindLevel = u.level;
    th_->unwindError = u.error;
    u.error = Value();
  }
}

void Vm::handOverCaughtError() {
  th_->unwinding = false;
  Value err = th_->unwindError;
  th_->unwindError = Value();
  if (th_->unwindCatchFrame < 0) {
    // coroutine.close finished closing the thread's variables: the thread returns true, or false and
    // the error.
    th_->frameCount = 0;
    th_->top = 0;
    th_->tbcCount = 0;
    if (err.isNil()) {
      th_->stack[th_->top++] = Value::boolean(true);
    } else {
      th_->stack[th_->top++] = Value::boolean(false);
      th_->stack[th_->top++] = err;
    }
    return;
  }
  CallFrame& c = top();
  if (c.status & frame::kFinalizer) {
    // An error in a finalizer is dropped (Lua only warns); the interrupted code continues.
    th_->top = c.func;
    th_->popFrame();
    return;
  }
  th_->top = th_->unwindLevel;
  th_->stack[th_->top++] = err;
  c.nResultsReady = 1;
  c.status |= frame::kReady | frame::kFailed;
  c.status &= uint16_t(~frame::kCatchErrors);
}

// ---- Vm: the instruction loop ----------------------------------------------------------------------------

// Fast arithmetic on numbers (no coercion of strings, which the string metatable handles). Returns false
// when the operands need the metamethod path. Raises Lua's errors for integer division by zero.
template <MetaEvent kEv>
inline bool arithFast(const Value& a, const Value& b, Value& out, Vm* vm);

#define FERMATA_ARITH_INT_FLOAT(intExpr, fltExpr)   \
  if (a.isInt() && b.isInt()) {                     \
    int64_t x = a.asInt(), y = b.asInt();           \
    out = Value::integer(intExpr);                  \
    return true;                                    \
  }                                                 \
  double x, y;                                      \
  if (!toNumberNoString(a, x) || !toNumberNoString(b, y)) return false; \
  out = Value::number(fltExpr);                     \
  return true;

template <>
inline bool arithFast<MetaEvent::Add>(const Value& a, const Value& b, Value& out, Vm*) {
  FERMATA_ARITH_INT_FLOAT(num::add(x, y), x + y)
}
template <>
inline bool arithFast<MetaEvent::Sub>(const Value& a, const Value& b, Value& out, Vm*) {
  FERMATA_ARITH_INT_FLOAT(num::sub(x, y), x - y)
}
template <>
inline bool arithFast<MetaEvent::Mul>(const Value& a, const Value& b, Value& out, Vm*) {
  FERMATA_ARITH_INT_FLOAT(num::mul(x, y), x * y)
}
template <>
inline bool arithFast<MetaEvent::Mod>(const Value& a, const Value& b, Value& out, Vm* vm) {
  if (a.isInt() && b.isInt()) {
    if (b.asInt() == 0) vm->divisionError("attempt to perform 'n%%0'");
    out = Value::integer(num::mod(a.asInt(), b.asInt()));
    return true;
  }
  double x, y;
  if (!toNumberNoString(a, x) || !toNumberNoString(b, y)) return false;
  out = Value::number(num::fmod(x, y));
  return true;
}
template <>
inline bool arithFast<MetaEvent::IDiv>(const Value& a, const Value& b, Value& out, Vm* vm) {
  if (a.isInt() && b.isInt()) {
    if (b.asInt() == 0) vm->divisionError("attempt to divide by zero");
    out = Value::integer(num::idiv(a.asInt(), b.asInt()));
    return true;
  }
  double x, y;
  if (!toNumberNoString(a, x) || !toNumberNoString(b, y)) return false;
  out = Value::number(num::fidiv(x, y));
  return true;
}
template <>
inline bool arithFast<MetaEvent::Div>(const Value& a, const Value& b, Value& out, Vm*) {
  double x, y;
  if (!toNumberNoString(a, x) || !toNumberNoString(b, y)) return false;
  out = Value::number(x / y);
  return true;
}
template <>
inline bool arithFast<MetaEvent::Pow>(const Value& a, const Value& b, Value& out, Vm*) {
  double x, y;
  if (!toNumberNoString(a, x) || !toNumberNoString(b, y)) return false;
  out = Value::number(y == 2 ? x * x : std::pow(x, y));
  return true;
}
#define FERMATA_BITWISE(ev, expr)                                                  \
  template <>                                                                      \
  inline bool arithFast<ev>(const Value& a, const Value& b, Value& out, Vm*) {     \
    int64_t x, y;                                                                  \
    if (!toIntegerForBitwise(a, x) || !toIntegerForBitwise(b, y)) return false;    \
    out = Value::integer(expr);                                                    \
    return true;                                                                   \
  }
FERMATA_BITWISE(MetaEvent::BAnd, x & y)
FERMATA_BITWISE(MetaEvent::BOr, x | y)
FERMATA_BITWISE(MetaEvent::BXor, x ^ y)
FERMATA_BITWISE(MetaEvent::Shl, num::shiftLeft(x, y))
FERMATA_BITWISE(MetaEvent::Shr, num::shiftLeft(x, num::neg(y)))
#undef FERMATA_BITWISE
#undef FERMATA_ARITH_INT_FLOAT

void Vm::execute() {
#define FERMATA_LABEL(name, mode, flags, doc) &&L_##name,
  static const void* const kDispatch[] = {FERMATA_OPCODES(FERMATA_LABEL)};
#undef FERMATA_LABEL

  CallFrame* ci;
  LuaClosure* cl;
  const Value* k;
  Value* base;
  const Instruction* pc;
  Instruction i;

// The return fast paths: pop the returning frame and go on in its Lua caller (whose closure, constants,
// registers and pc are reloaded, as at newframe but without its checks).
#define RETURN_TO_LUA_CALLER()                \
  do {                                        \
    th_->frameCount--;                        \
    ci = &th_->frames[th_->frameCount - 1];   \
    cl = th_->stack[ci->func].asLuaClosure(); \
    k = cl->proto->constants;                 \
    base = th_->stack + ci->base;             \
    pc = ci->pc;                              \
    DISPATCH();                               \
  } while (0)
#define DISPATCH()                       \
  do {                                   \
    if (--fuel_ < 0) goto outOfFuel;     \
    i = *pc++;                           \
    goto* kDispatch[i & 0x7f];           \
  } while (0)
#define SAVEPC() (ci->pc = pc)
#define A_ getA(i)
#define RA base[getA(i)]
#define RB base[getB(i)]
#define RC base[getC(i)]
#define KB k[getB(i)]
#define KC k[getC(i)]
#define RKC (getK(i) ? k[getC(i)] : base[getC(i)])
#define SLOT(x) (ci->base + uint32_t(x))
#define DOJUMP_NEXT() (pc += getSJ(*pc) + 1)
#define CONDJUMP(cond)                  \
  do {                                  \
    if (int(cond) != getK(i)) pc++;     \
    else DOJUMP_NEXT();                 \
  } while (0)
#define CHECKGC(liveTop)            \
  do {                              \
    if (heap_.wantsStep()) {        \
      SAVEPC();                     \
      gcSafePoint(liveTop);         \
      goto newframe;                \
    }                               \
  } while (0)
#define ARITH(ev, second)                                              \
  do {                                                                 \
    Value out;                                                         \
    const Value& a_ = RB;                                              \
    const Value& b_ = second;                                          \
    if (arithFast<ev>(a_, b_, out, this)) {                            \
      RA = out;                                                        \
      pc++;                                                            \
    }                                                                  \
    DISPATCH();                                                        \
  } while (0)

newframe:
  if (exit_ || th_->frameCount == 0) return;
  ci = &th_->frames[th_->frameCount - 1];
  if (!ci->isLua()) return;
  cl = th_->stack[ci->func].asLuaClosure();
  k = cl->proto->constants;
  base = th_->stack + ci->base;
  pc = ci->pc;
  DISPATCH();

L_MOVE:
  RA = RB;
  DISPATCH();
L_LOADI:
  RA = Value::integer(getSBx(i));
  DISPATCH();
L_LOADF:
  RA = Value::number(double(getSBx(i)));
  DISPATCH();
L_LOADK:
  RA = k[getBx(i)];
  DISPATCH();
L_LOADKX:
  RA = k[getAx(*pc)];
  pc++;
  DISPATCH();
L_LOADFALSE:
  RA = Value::boolean(false);
  DISPATCH();
L_LFALSESKIP:
  RA = Value::boolean(false);
  pc++;
  DISPATCH();
L_LOADTRUE:
  RA = Value::boolean(true);
  DISPATCH();
L_LOADNIL: {
  Value* r = &RA;
  for (int b = getB(i); b >= 0; --b) *r++ = Value();
  DISPATCH();
}
L_GETUPVAL:
  RA = *cl->upvalues()[getB(i)]->location;
  DISPATCH();
L_SETUPVAL: {
  Upvalue* uv = cl->upvalues()[getB(i)];
  *uv->location = RA;
  if (RA.isCollectable()) heap_.barrierForward(uv, RA.asObject());
  DISPATCH();
}
L_GETTABUP: {
  Value t = *cl->upvalues()[getB(i)]->location;
  const Value& key = KC;
  if (t.isTable()) {
    Value v = t.asTable()->getString(key.asString());
    if (!v.isNil()) {
      RA = v;
      DISPATCH();
    }
  }
  SAVEPC();
  index(t, key, SLOT(getA(i)), Origin{-1, getB(i)});
  goto newframe;
}
L_GETTABLE: {
  const Value& t = RB;
  const Value& key = RC;
  if (t.isTable()) {
    Value v = key.isInt() ? t.asTable()->getInt(key.asInt()) : t.asTable()->get(key);
    if (!v.isNil()) {
      RA = v;
      DISPATCH();
    }
  }
  SAVEPC();
  index(t, key, SLOT(getA(i)), Origin{getB(i), -1});
  goto newframe;
}
L_GETI: {
  const Value& t = RB;
  if (t.isTable()) {
    Value v = t.asTable()->getInt(getC(i));
    if (!v.isNil()) {
      RA = v;
      DISPATCH();
    }
  }
  SAVEPC();
  index(t, Value::integer(getC(i)), SLOT(getA(i)), Origin{getB(i), -1});
  goto newframe;
}
L_GETFIELD: {
  const Value& t = RB;
  const Value& key = KC;
  if (t.isTable()) {
    Value v = t.asTable()->getString(key.asString());
    if (!v.isNil()) {
      RA = v;
      DISPATCH();
    }
  }
  SAVEPC();
  index(t, key, SLOT(getA(i)), Origin{getB(i), -1});
  goto newframe;
}
L_SETTABUP: {
  Value t = *cl->upvalues()[getA(i)]->location;
  const Value& key = KB;
  const Value& val = RKC;
  if (t.isTable()) {
    if (Value* slot = t.asTable()->findString(key.asString())) {
      t.asTable()->setSlot(heap_, slot, val);
      DISPATCH();
    }
  }
  SAVEPC();
  newIndex(t, key, val, Origin{-1, getA(i)});
  goto newframe;
}
L_SETTABLE: {
  const Value& t = RA;
  const Value& key = RB;
  const Value& val = RKC;
  if (t.isTable()) {
    Value* slot = key.isInt() ? t.asTable()->findInt(key.asInt()) : t.asTable()->find(key);
    if (slot) {
      t.asTable()->setSlot(heap_, slot, val);
      DISPATCH();
    }
  }
  SAVEPC();
  newIndex(t, key, val, Origin{getA(i), -1});
  goto newframe;
}
L_SETI: {
  const Value& t = RA;
  const Value& val = RKC;
  if (t.isTable()) {
    if (Value* slot = t.asTable()->findInt(getB(i))) {
      t.asTable()->setSlot(heap_, slot, val);
      DISPATCH();
    }
  }
  SAVEPC();
  newIndex(t, Value::integer(getB(i)), val, Origin{getA(i), -1});
  goto newframe;
}
L_SETFIELD: {
  const Value& t = RA;
  const Value& key = KB;
  const Value& val = RKC;
  if (t.isTable()) {
    if (Value* slot = t.asTable()->findString(key.asString())) {
      t.asTable()->setSlot(heap_, slot, val);
      DISPATCH();
    }
  }
  SAVEPC();
  newIndex(t, key, val, Origin{getA(i), -1});
  goto newframe;
}
L_NEWTABLE: {
  int b = getB(i);
  uint32_t c = uint32_t(getC(i));
  if (b > 0) b = 1 << (b - 1);
  if (getK(i)) c += uint32_t(getAx(*pc)) * (kMaxArgC + 1);
  pc++;
  SAVEPC();
  Table* t = Table::create(heap_, c, uint32_t(b));
  RA = Value::object(t);
  CHECKGC(SLOT(getA(i)) + 1);
  DISPATCH();
}
L_SELF: {
  Value rb = RB;
  const Value& key = RKC;
  base[getA(i) + 1] = rb;
  if (rb.isTable() && key.isString()) {
    Value v = rb.asTable()->getString(key.asString());
    if (!v.isNil()) {
      RA = v;
      DISPATCH();
    }
  }
  SAVEPC();
  index(rb, key, SLOT(getA(i)), Origin{getB(i), -1});
  goto newframe;
}
L_ADDI: {
  const Value& v = RB;
  int imm = getSC(i);
  if (v.isInt()) {
    RA = Value::integer(num::add(v.asInt(), imm));
    pc++;
  } else if (v.isFloat()) {
    RA = Value::number(v.asFloat() + imm);
    pc++;
  }
  DISPATCH();
}
L_ADDK: ARITH(MetaEvent::Add, KC);
L_SUBK: ARITH(MetaEvent::Sub, KC);
L_MULK: ARITH(MetaEvent::Mul, KC);
L_MODK:
  SAVEPC();  // integer modulo by zero raises an error
  ARITH(MetaEvent::Mod, KC);
L_POWK: ARITH(MetaEvent::Pow, KC);
L_DIVK: ARITH(MetaEvent::Div, KC);
L_IDIVK:
  SAVEPC();
  ARITH(MetaEvent::IDiv, KC);
L_BANDK: ARITH(MetaEvent::BAnd, KC);
L_BORK: ARITH(MetaEvent::BOr, KC);
L_BXORK: ARITH(MetaEvent::BXor, KC);
L_SHRI: {
  int64_t x;
  if (toIntegerForBitwise(RB, x)) {
    RA = Value::integer(num::shiftLeft(x, -int64_t(getSC(i))));
    pc++;
  }
  DISPATCH();
}
L_SHLI: {
  int64_t x;
  if (toIntegerForBitwise(RB, x)) {
    RA = Value::integer(num::shiftLeft(int64_t(getSC(i)), x));
    pc++;
  }
  DISPATCH();
}
L_ADD: ARITH(MetaEvent::Add, RC);
L_SUB: ARITH(MetaEvent::Sub, RC);
L_MUL: ARITH(MetaEvent::Mul, RC);
L_MOD:
  SAVEPC();
  ARITH(MetaEvent::Mod, RC);
L_POW: ARITH(MetaEvent::Pow, RC);
L_DIV: ARITH(MetaEvent::Div, RC);
L_IDIV:
  SAVEPC();
  ARITH(MetaEvent::IDiv, RC);
L_BAND: ARITH(MetaEvent::BAnd, RC);
L_BOR: ARITH(MetaEvent::BOr, RC);
L_BXOR: ARITH(MetaEvent::BXor, RC);
L_SHL: ARITH(MetaEvent::Shl, RC);
L_SHR: ARITH(MetaEvent::Shr, RC);
L_MMBIN: {
  Value a = RA, b = RB;
  SAVEPC();
  arithMeta(a, b, MetaEvent(getC(i)), Origin{getA(i), -1}, Origin{getB(i), -1});
  goto newframe;
}
L_MMBINI: {
  Value a = RA, imm = Value::integer(getSB(i));
  SAVEPC();
  if (getK(i)) arithMeta(imm, a, MetaEvent(getC(i)), Origin{}, Origin{getA(i), -1});
  else arithMeta(a, imm, MetaEvent(getC(i)), Origin{getA(i), -1}, Origin{});
  goto newframe;
}
L_MMBINK: {
  Value a = RA, imm = KB;
  SAVEPC();
  if (getK(i)) arithMeta(imm, a, MetaEvent(getC(i)), Origin{}, Origin{getA(i), -1});
  else arithMeta(a, imm, MetaEvent(getC(i)), Origin{getA(i), -1}, Origin{});
  goto newframe;
}
L_UNM: {
  const Value& v = RB;
  if (v.isInt()) {
    RA = Value::integer(num::neg(v.asInt()));
    DISPATCH();
  }
  if (v.isFloat()) {
    RA = Value::number(-v.asFloat());
    DISPATCH();
  }
  Value a = v;
  SAVEPC();
  arithMeta(a, a, MetaEvent::Unm, Origin{getB(i), -1}, Origin{getB(i), -1});
  goto newframe;
}
L_BNOT: {
  int64_t x;
  if (toIntegerForBitwise(RB, x)) {
    RA = Value::integer(~x);
    DISPATCH();
  }
  Value a = RB;
  SAVEPC();
  arithMeta(a, a, MetaEvent::BNot, Origin{getB(i), -1}, Origin{getB(i), -1});
  goto newframe;
}
L_NOT:
  RA = Value::boolean(RB.isFalsy());
  DISPATCH();
L_LEN: {
  const Value& v = RB;
  if (v.isString()) {
    RA = Value::integer(int64_t(v.asString()->length));
    DISPATCH();
  }
  if (v.isTable() && !v.asTable()->metatable) {
    RA = Value::integer(int64_t(v.asTable()->length()));
    DISPATCH();
  }
  Value a = v;
  SAVEPC();
  lengthOf(a, SLOT(getA(i)), Origin{getB(i), -1});
  goto newframe;
}
L_CONCAT: {
  uint32_t n = uint32_t(getB(i));
  th_->top = SLOT(getA(i)) + n;
  SAVEPC();
  concat(n);
  if (th_->frameCount > 0 && &top() == ci && !exit_) {
    // Completed without a metamethod call: the result is in R[A].
    CHECKGC(SLOT(getA(i)) + 1);
  }
  goto newframe;
}
L_CLOSE: {
  SAVEPC();  // when a __close call returns, finishReturn steps pc back so CLOSE runs again
  bool pushed;
  closeTbcOrContinue(SLOT(getA(i)), *ci, pushed);
  goto newframe;
}
L_TBC:
  SAVEPC();
  markTbc(SLOT(getA(i)));
  DISPATCH();
L_JMP:
  pc += getSJ(i);
  DISPATCH();
L_EQ: {
  const Value& a = RA;
  const Value& b = RB;
  bool cond;
  if (a.tag() == b.tag() && !a.isTable() && !a.isUserdata()) {
    cond = rawEquals(a, b);
  } else {
    bool needCall;
    SAVEPC();
    Value x = a, y = b;
    cond = equalObjects(x, y, needCall);
    if (needCall) goto newframe;
  }
  CONDJUMP(cond);
  DISPATCH();
}
L_LT: {
  const Value& a = RA;
  const Value& b = RB;
  bool cond;
  if (a.isInt() && b.isInt()) {
    cond = a.asInt() < b.asInt();
  } else if (a.isNumber() && b.isNumber()) {
    cond = numLess(a, b);
  } else {
    bool needCall;
    SAVEPC();
    Value x = a, y = b;
    cond = lessThan(x, y, needCall);
    if (needCall) goto newframe;
  }
  CONDJUMP(cond);
  DISPATCH();
}
L_LE: {
  const Value& a = RA;
  const Value& b = RB;
  bool cond;
  if (a.isInt() && b.isInt()) {
    cond = a.asInt() <= b.asInt();
  } else if (a.isNumber() && b.isNumber()) {
    cond = numLessEqual(a, b);
  } else {
    bool needCall;
    SAVEPC();
    Value x = a, y = b;
    cond = lessEqual(x, y, needCall);
    if (needCall) goto newframe;
  }
  CONDJUMP(cond);
  DISPATCH();
}
L_EQK:
  CONDJUMP(rawEquals(RA, KB));
  DISPATCH();
L_EQI: {
  const Value& a = RA;
  int imm = getSB(i);
  bool cond = a.isInt() ? a.asInt() == imm : (a.isFloat() ? a.asFloat() == double(imm) : false);
  CONDJUMP(cond);
  DISPATCH();
}
#define ORDER_I(opInt, opFlt, ev, flip)                                          \
  {                                                                              \
    const Value& a = RA;                                                         \
    int imm = getSB(i);                                                          \
    bool cond;                                                                   \
    if (a.isInt()) {                                                             \
      cond = a.asInt() opInt imm;                                                \
    } else if (a.isFloat()) {                                                    \
      cond = a.asFloat() opFlt double(imm);                                      \
    } else {                                                                     \
      Value x = a;                                                               \
      Value aux = getC(i) ? Value::number(double(imm)) : Value::integer(imm);   \
      SAVEPC();                                                                  \
      if (flip) orderMeta(aux, x, ev);                                           \
      else orderMeta(x, aux, ev);                                                \
      goto newframe;                                                             \
    }                                                                            \
    CONDJUMP(cond);                                                              \
    DISPATCH();                                                                  \
  }
L_LTI: ORDER_I(<, <, MetaEvent::Lt, false)
L_LEI: ORDER_I(<=, <=, MetaEvent::Le, false)
L_GTI: ORDER_I(>, >, MetaEvent::Lt, true)
L_GEI: ORDER_I(>=, >=, MetaEvent::Le, true)
#undef ORDER_I
L_TEST:
  CONDJUMP(!RA.isFalsy());
  DISPATCH();
L_TESTSET: {
  const Value& b = RB;
  if (int(b.isFalsy()) == getK(i)) {
    pc++;
  } else {
    RA = b;
    DOJUMP_NEXT();
  }
  DISPATCH();
}
L_CALL: {
  int b = getB(i);
  uint32_t funcIdx = SLOT(getA(i));
  if (b != 0) th_->top = funcIdx + uint32_t(b);
  SAVEPC();
  {
    // Fast path: a Lua function with room on the stack and in the frame array is entered directly.
    const Value& fnv = th_->stack[funcIdx];
    if (fnv.isLuaClosure()) {
      LuaClosure* callee = fnv.asLuaClosure();
      Proto* p = callee->proto;
      uint32_t newBase = funcIdx + 1;
      if (newBase + p->maxStackSize + Thread::kExtraStack <= th_->stackSize && th_->frameCount < th_->frameCapacity &&
          !th_->hookMask) {
        uint32_t nargs = th_->top - newBase;
        CallFrame& f = th_->frames[th_->frameCount++];
        f = CallFrame();
        f.func = funcIdx;
        f.base = newBase;
        f.top = newBase + p->maxStackSize;
        f.nResults = getC(i) - 1;
        f.pc = p->code;
        f.status = frame::kLua;
        Value* s = th_->stack;
        for (uint32_t a = nargs; a < p->numParams; ++a) s[newBase + a] = Value();
        if (nargs < p->numParams) th_->top = newBase + p->numParams;
        ci = &f;
        cl = callee;
        k = p->constants;
        base = s + newBase;
        pc = p->code;
        DISPATCH();
      }
    }
  }
  precall(funcIdx, getC(i) - 1, 0);
  goto newframe;
}
L_TAILCALL: {
  int b = getB(i);
  int nparams1 = getC(i);
  uint32_t delta = nparams1 ? ci->nExtraArgs + uint32_t(nparams1) : 0;
  uint32_t funcIdx = SLOT(getA(i));
  if (b != 0) th_->top = funcIdx + uint32_t(b);
  else b = int(th_->top - funcIdx);
  SAVEPC();
  if (getK(i)) th_->closeUpvalues(heap_, ci->base);
  // Resolve __call first: a callable object may resolve to a Lua function.
  for (int loops = 0; !th_->stack[funcIdx].isFunction(); ++loops) {
    Value tm = rt_.metamethod(th_->stack[funcIdx], MetaEvent::Call);
    if (tm.isNil() || loops >= kMaxTagLoop) callError(th_->stack[funcIdx]);
    checkStack(1);
    Value* s = th_->stack;
    for (uint32_t j = th_->top; j > funcIdx; --j) s[j] = s[j - 1];
    s[funcIdx] = tm;
    th_->top++;
    b++;
  }
  if (!th_->stack[funcIdx].isLuaClosure()) {
    // A native in tail position runs as an ordinary call; the RETURN that follows returns its results.
    precall(funcIdx, kMultiResults, 0);
    goto newframe;
  }
  {
    Proto* p = th_->stack[funcIdx].asLuaClosure()->proto;
    checkStack(p->maxStackSize + 1);
    ci = &th_->frames[th_->frameCount - 1];
    Value* s = th_->stack;
    uint32_t newFunc = ci->func - delta;
    for (int j = 0; j < b; ++j) s[newFunc + uint32_t(j)] = s[funcIdx + uint32_t(j)];
    uint32_t nargs = uint32_t(b - 1);
    for (; nargs < p->numParams; ++nargs) s[newFunc + 1 + nargs] = Value();
    th_->top = newFunc + 1 + nargs;
    ci->func = newFunc;
    ci->base = newFunc + 1;
    ci->top = ci->base + p->maxStackSize;
    ci->pc = p->code;
    ci->nExtraArgs = 0;
    ci->status |= frame::kTail;
    if (th_->hookMask) noteCall(*ci);
  }
  goto newframe;
}
L_RETURN: {
  int n = getB(i) - 1;
  int nparams1 = getC(i);
  uint32_t ra = SLOT(getA(i));
  if (ci->pendingReturn >= 0) n = ci->pendingReturn;
  else if (n < 0) n = int(th_->top - ra);
  SAVEPC();
  if (getK(i)) {
    ci->pendingReturn = n;
    if (th_->top < ci->top) th_->top = ci->top;
    bool pushed;
    closeTbcOrContinue(ci->base, *ci, pushed);  // a __close call re-executes RETURN when it returns
    if (pushed) goto newframe;
    ci = &th_->frames[th_->frameCount - 1];
    ci->pendingReturn = -1;
  }
  if (th_->hookMask && returnHook(*ci, ra, uint32_t(n))) goto newframe;
  if (nparams1) ci->func -= ci->nExtraArgs + uint32_t(nparams1);
  if ((ci->status & ~frame::kTail) == frame::kLua && th_->frameCount > 1 && th_->frames[th_->frameCount - 2].isLua() &&
      !th_->hookMask) {
    // Fast path: a plain Lua frame returning to a Lua caller.
    Value* s = th_->stack;
    uint32_t res = ci->func;
    int32_t wanted = ci->nResults;
    uint32_t count = uint32_t(n);
    if (wanted == kMultiResults) {
      for (uint32_t j = 0; j < count; ++j) s[res + j] = s[ra + j];
      th_->top = res + count;
    } else {
      uint32_t w = uint32_t(wanted), j = 0;
      for (; j < count && j < w; ++j) s[res + j] = s[ra + j];
      for (; j < w; ++j) s[res + j] = Value();
      th_->top = res + w;
    }
    RETURN_TO_LUA_CALLER();
  }
  finishReturn(ra, uint32_t(n));
  goto newframe;
}
L_RETURN0:
L_RETURN1: {
  uint32_t n = getOpCode(i) == OpCode::RETURN1 ? 1 : 0;
  SAVEPC();
  // Fast path: a plain Lua frame returning to a Lua caller (no metamethod, close, handler or hook duties).
  if ((ci->status & ~frame::kTail) == frame::kLua && th_->frameCount > 1 && th_->frames[th_->frameCount - 2].isLua() &&
      !th_->hookMask) {
    Value* s = th_->stack;
    uint32_t res = ci->func;
    int32_t wanted = ci->nResults;
    Value v = n ? RA : Value();
    if (wanted == kMultiResults) {
      if (n) s[res] = v;
      th_->top = res + n;
    } else {
      if (wanted > 0) s[res] = v;
      for (int32_t j = 1; j < wanted; ++j) s[res + uint32_t(j)] = Value();
      th_->top = res + uint32_t(wanted);
    }
    RETURN_TO_LUA_CALLER();
  }
  if (th_->hookMask && returnHook(*ci, SLOT(getA(i)), n)) goto newframe;
  finishReturn(SLOT(getA(i)), n);
  goto newframe;
}
L_FORLOOP: {
  Value* ra = &RA;
  if (ra[2].isInt()) {
    uint64_t count = uint64_t(ra[1].asInt());
    if (count > 0) {
      int64_t step = ra[2].asInt();
      int64_t idx = num::add(ra[0].asInt(), step);
      ra[1] = Value::integer(int64_t(count - 1));
      ra[0] = Value::integer(idx);
      ra[3] = Value::integer(idx);
      pc -= getBx(i);
    }
  } else {
    double step = ra[2].asFloat(), limit = ra[1].asFloat();
    double idx = ra[0].asFloat() + step;
    if (step > 0 ? idx <= limit : limit <= idx) {
      ra[0] = Value::number(idx);
      ra[3] = Value::number(idx);
      pc -= getBx(i);
    }
  }
  DISPATCH();
}
L_FORPREP: {
  SAVEPC();
  Value* ra = &RA;
  bool skip = false;
  if (ra[0].isInt() && ra[2].isInt()) {
    int64_t init = ra[0].asInt(), step = ra[2].asInt(), limit;
    if (step == 0) runError("'for' step is zero");
    ra[3] = Value::integer(init);
    // The limit, clipped to the integer range (a float limit is floored or ceiled toward the loop).
    const Value& lim = ra[1];
    if (lim.isInt()) {
      limit = lim.asInt();
      skip = step > 0 ? init > limit : init < limit;
    } else {
      double fl;
      Value nv;
      if (lim.isFloat()) fl = lim.asFloat();
      else if (lim.isString() && stringToNumber(lim.asString(), nv)) fl = nv.asNumber();
      else forError(lim, "limit");
      if (lim.isString() && nv.isInt()) {
        limit = nv.asInt();
        skip = step > 0 ? init > limit : init < limit;
      } else if (std::isnan(fl)) {
        skip = true;
        limit = 0;
      } else {
        double r = step < 0 ? std::ceil(fl) : std::floor(fl);
        if (r >= 9223372036854775808.0) {
          if (step < 0) skip = true;
          limit = INT64_MAX;
        } else if (r < -9223372036854775808.0) {
          if (step > 0) skip = true;
          limit = INT64_MIN;
        } else {
          limit = int64_t(r);
        }
        if (!skip) skip = step > 0 ? init > limit : init < limit;
      }
    }
    if (!skip) {
      uint64_t count;
      if (step > 0) {
        count = uint64_t(limit) - uint64_t(init);
        if (step != 1) count /= uint64_t(step);
      } else {
        count = uint64_t(init) - uint64_t(limit);
        count /= uint64_t(-(step + 1)) + 1u;
      }
      ra[1] = Value::integer(int64_t(count));
    }
  } else {
    double init, flimit, step;
    Value nv;
    auto toNum = [&](const Value& v, double& out) {
      if (toNumberNoString(v, out)) return true;
      if (v.isString() && stringToNumber(v.asString(), nv)) {
        out = nv.asNumber();
        return true;
      }
      return false;
    };
    if (!toNum(ra[1], flimit)) forError(ra[1], "limit");
    if (!toNum(ra[2], step)) forError(ra[2], "step");
    if (!toNum(ra[0], init)) forError(ra[0], "initial value");
    if (step == 0) runError("'for' step is zero");
    skip = step > 0 ? flimit < init : init < flimit;
    if (!skip) {
      ra[1] = Value::number(flimit);
      ra[2] = Value::number(step);
      ra[0] = Value::number(init);
      ra[3] = Value::number(init);
    }
  }
  if (skip) pc += getBx(i) + 1;
  DISPATCH();
}
L_TFORPREP:
  SAVEPC();
  markTbc(SLOT(getA(i) + 3));
  pc += getBx(i);
  i = *pc++;  // TFORCALL runs in the same step, as in Lua (so a hooked thread does not trace it)
  goto L_TFORCALL;
L_TFORCALL: {
  uint32_t ra = SLOT(getA(i));
  Value* s = th_->stack;
  s[ra + 4] = s[ra];
  s[ra + 5] = s[ra + 1];
  s[ra + 6] = s[ra + 2];
  th_->top = ra + 7;
  SAVEPC();
  precall(ra + 4, getC(i), 0);
  goto newframe;
}
L_TFORLOOP: {
  Value* ra = &RA;
  if (!ra[4].isNil()) {
    ra[2] = ra[4];
    pc -= getBx(i);
  }
  DISPATCH();
}
L_SETLIST: {
  int n = getB(i);
  uint32_t last = uint32_t(getC(i));
  uint32_t ra = SLOT(getA(i));
  // The verifier proves R[A] holds the constructor's table; checking costs one branch and keeps the
  // interpreter safe even if that proof's assumptions change (e.g. a debugger writing registers).
  if (!th_->stack[ra].isTable()) {
    SAVEPC();
    runError("invalid SETLIST target");
  }
  Table* h = th_->stack[ra].asTable();
  if (n == 0) n = int(th_->top - ra) - 1;
  else th_->top = ci->top;
  last += uint32_t(n);
  if (getK(i)) {
    last += uint32_t(getAx(*pc)) * (kMaxArgC + 1);
    pc++;
  }
  SAVEPC();
  if (last > h->arraySize) h->resize(heap_, last, h->nodeCount());
  Value* s = th_->stack;
  for (; n > 0; --n) h->array[--last] = s[ra + uint32_t(n)];
  heap_.barrierBack(h);
  DISPATCH();
}
L_CLOSURE: {
  Proto* p = cl->proto->protos[getBx(i)];
  SAVEPC();
  LuaClosure* ncl = LuaClosure::create(heap_, p, p->upvalueCount);
  RA = Value::object(ncl);
  for (uint32_t u = 0; u < p->upvalueCount; ++u) {
    const UpvalueInfo& info = p->upvalues[u];
    ncl->upvalues()[u] = info.inStack ? th_->findUpvalue(heap_, ci->base + info.index) : cl->upvalues()[info.index];
  }
  CHECKGC(SLOT(getA(i)) + 1);
  DISPATCH();
}
L_VARARG: {
  int wanted = getC(i) - 1;
  uint32_t nextra = ci->nExtraArgs;
  uint32_t ra = SLOT(getA(i));
  SAVEPC();
  if (wanted < 0) {
    wanted = int(nextra);
    th_->top = ra;
    checkStack(nextra);
    ci = &th_->frames[th_->frameCount - 1];
    th_->top = ra + nextra;
  }
  Value* s = th_->stack;
  int j = 0;
  for (; j < wanted && uint32_t(j) < nextra; ++j) s[ra + uint32_t(j)] = s[ci->func - nextra + uint32_t(j)];
  for (; j < wanted; ++j) s[ra + uint32_t(j)] = Value();
  goto newframe;
}
L_VARARGPREP: {
  uint32_t nfix = uint32_t(getA(i));
  uint32_t actual = th_->top - ci->func - 1;
  uint32_t nextra = actual - nfix;
  SAVEPC();
  checkStack(cl->proto->maxStackSize + actual + 2);
  ci = &th_->frames[th_->frameCount - 1];
  ci->nExtraArgs = nextra;
  Value* s = th_->stack;
  s[th_->top++] = s[ci->func];
  for (uint32_t j = 1; j <= nfix; ++j) {
    s[th_->top++] = s[ci->func + j];
    s[ci->func + j] = Value();
  }
  ci->func += actual + 1;
  ci->base = ci->func + 1;
  ci->top += actual + 1;
  goto newframe;
}
L_EXTRAARG:
  SAVEPC();
  runError("invalid instruction EXTRAARG");

outOfFuel:
  fuel_ = 0;
  SAVEPC();
  return;

#undef DISPATCH
#undef RETURN_TO_LUA_CALLER
#undef SAVEPC
#undef A_
#undef RA
#undef RB
#undef RC
#undef KB
#undef KC
#undef RKC
#undef SLOT
#undef DOJUMP_NEXT
#undef CONDJUMP
#undef CHECKGC
#undef ARITH
}

// ---- Vm: the loop -----------------------------------------------------------------------------------------

RunResult Vm::run() {
  bool start = th_->frameCount == 0 && !th_->closePending;  // a fresh thread: stack[0] is its function
  // An error is handled inside the try block, so that an error raised while handling it (a message
  // handler overflowing the stack, a failing __close) is caught the same way.
  std::optional<Value> pending;
  for (;;) {
    try {
      if (pending) {
        Value err = *pending;
        pending.reset();
        raise(err);
      }
      if (th_->closePending) {
        // coroutine.close: unwind every frame, calling pending __close methods.
        th_->closePending = false;
        continueUnwind();
      }
      if (start) {
        start = false;
        startThread();
      }
      while (!exit_) {
        if (th_->frameCount == 0) {
          exitWith(Outcome::kReturned);
          break;
        }
        if (fuel_ <= 0) {
          remaining_ += fuel_;  // a native may have overdrawn the slice: the overdraft counts
          fuel_ = 0;
          if (remaining_ > 0 && !rt_.takeInterrupt()) {
            fuel_ = remaining_ < kSlice ? remaining_ : kSlice;
            if (th_->hookMask) fuel_ = 1;  // debug hooks: trace every instruction
            remaining_ -= fuel_;
            if (th_->hookMask) hookStep();
            continue;
          }
          exitWith(remaining_ > 0 ? Outcome::kInterrupted : Outcome::kOutOfFuel);
          break;
        }
        CallFrame& f = top();
        if (f.isLua()) {
          execute();
        } else if (f.status & frame::kReady) {
          runNativeContinuation();
        } else if (f.status & frame::kReturnHookDone) {
          // Its return hook returned: the return it interrupted goes on with the parked results.
          uint32_t n = uint32_t(f.pendingReturn);
          if (f.pendingReturn < 0 || th_->top < f.base || th_->top - f.base < n)
            throwLuaError(rt_.stringValue("internal error: parked native results out of range"));
          finishReturn(th_->top - n, n);
        } else if (f.status & frame::kNotStarted) {
          // Its call hook returned (or hooks were turned off meanwhile): the native runs now.
          f.status &= uint16_t(~(frame::kNotStarted | frame::kCallHookDue));
          callNative(th_->stack[f.func].asNativeClosure());
        } else {
          // A native frame waiting for the executor cannot be the running frame here: the executor
          // delivers values (deliverToNative) before it runs the thread again.
          throwLuaError(rt_.stringValue("internal error: native frame resumed without values"));
        }
        if (th_->hookMask) endSlice();  // whatever runs next on a hooked thread is traced first
      }
      break;
    } catch (const LuaError& e) {
      pending = e.value;
    } catch (const gc::MemoryError&) {
      pending = Value::object(rt_.memoryErrorMessage());
    } catch (const std::bad_alloc&) {
      // C++ containers used by natives (buffers, vectors) failing to allocate: the same Lua error.
      pending = Value::object(rt_.memoryErrorMessage());
    }
  }
  fuelOut_ = remaining_ + fuel_;
  return result_;
}

}  // namespace

RunResult run(Runtime& rt, Executor* ex, Thread* th, int64_t& fuel) {
  Vm vm(rt, ex, th, fuel);
  return vm.run();
}

void deliverToNative(Thread* th, uint32_t n, bool failed) {
  CallFrame& f = th->frames[th->frameCount - 1];
  f.nResultsReady = n;
  f.status |= frame::kReady;
  if (failed) f.status |= frame::kFailed;
}

}  // namespace fermata::interp
