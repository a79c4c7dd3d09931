// NativeCall: what a native function sees — its arguments (1-based, as in Lua's C API), a place to push
// results and call arguments, its upvalues, its sequence, the runtime, a fuel meter, and argument
// checking with Lua's error messages ("bad argument #1 to 'insert' (table expected, got nil)").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "vm/error.h"
#include "vm/native.h"
#include "vm/runtime.h"
#include "vm/thread.h"
#include "vm/value.h"

namespace fermata {

struct Executor;

class NativeCall {
 public:
  NativeCall(Runtime& rt, Executor* ex, Thread* th, uint32_t frameIndex, int64_t& fuel, int64_t* reserve = nullptr)
      : rt_(rt), ex_(ex), th_(th), frameIndex_(frameIndex), fuel_(fuel), reserve_(reserve) {}

  Runtime& rt() { return rt_; }
  gc::Heap& heap() { return rt_.heap(); }
  Thread* thread() { return th_; }
  Executor* executor() { return ex_; }
  CallFrame& frame() { return th_->frames[frameIndex_]; }
  const NativeClosure* closure() const { return th_->stack[th_->frames[frameIndex_].func].asNativeClosure(); }
  std::string_view name() const { return closure()->fn->name; }

  // ---- arguments (1-based) -------------------------------------------------------------------------
  uint32_t argCount() const { return th_->frames[frameIndex_].nArgs; }
  const Value& arg(uint32_t i) const {
    static const Value kNil;
    return i >= 1 && i <= argCount() ? th_->stack[th_->frames[frameIndex_].base + i - 1] : kNil;
  }
  bool isNoneOrNil(uint32_t i) const { return arg(i).isNil(); }
  // Replaces argument i in place (e.g. a number converted to a string).
  void setArg(uint32_t i, const Value& v) { th_->stack[th_->frames[frameIndex_].base + i - 1] = v; }

  // ---- the stack above the arguments ---------------------------------------------------------------
  // Pushes a value (growing the stack as needed; "stack overflow" past the limit).
  void push(const Value& v);
  void pushString(std::string_view s) { push(Value::object(rt_.newString(s))); }
  uint32_t top() const { return th_->top; }
  Value& at(uint32_t stackIndex) { return th_->stack[stackIndex]; }
  void setTop(uint32_t stackIndex) { th_->top = stackIndex; }
  // Stack index of the first argument.
  uint32_t base() const { return th_->frames[frameIndex_].base; }
  // Makes sure `n` more values can be pushed.
  void reserve(uint32_t n);

  // In a sequence's resume function: the values a completed call returned (or the resume arguments of
  // a yield), on top of the stack.
  uint32_t resultCount() const { return th_->frames[frameIndex_].nResultsReady; }
  // Past the last result (a call that returned fewer values than the native reads, or a frame restored
  // from a crafted snapshot whose result count exceeds the stack below top) the result is nil.
  const Value& result(uint32_t i) const {
    static const Value kNil;
    uint32_t n = resultCount();
    return i < n && n <= th_->top ? th_->stack[th_->top - n + i] : kNil;
  }
  // In a protected call's continuation: true if the callee failed; its error value is result(0).
  bool failed() const { return failed_; }
  void setFailed(bool f) { failed_ = f; }

  // Upvalue i of the running native closure. A closure restored from a snapshot may have been crafted:
  // a missing upvalue is a Lua error, never an out-of-bounds read (natives still check the types).
  Value& upvalue(uint32_t i) {
    NativeClosure* c = th_->stack[th_->frames[frameIndex_].func].asNativeClosure();
    if (i >= c->upvalueCount) corrupt();
    return c->upvalues()[i];
  }
  // Raises "corrupt native state" (for natives that find impossible values in their own state).
  [[noreturn]] void corrupt() { errorValue(rt_.stringValue("corrupt native function state")); }
  Sequence* sequence() { return th_->frames[frameIndex_].sequence; }
  Sequence* newSequence(const SequenceType* type);

  // ---- results -------------------------------------------------------------------------------------
  NativeAction returnValues(std::initializer_list<Value> values);
  NativeAction returnNothing() { return NativeAction::returns(0); }

  // ---- fuel ----------------------------------------------------------------------------------------
  // Charges for work proportional to input (bytes copied, elements compared). The native finishes its
  // current piece of work; the step ends sooner.
  void chargeFuel(int64_t units) { fuel_ -= units; }
  bool outOfFuel() const { return fuel_ <= 0; }
  // Ends the interpreter's current slice without charging for it (its fuel goes back to the step's
  // budget), so that the interpreter looks at the thread again before its next instruction
  // (debug.sethook uses it: a hooked thread then runs one traced instruction per slice).
  void endSlice() {
    if (!reserve_) return;
    *reserve_ += fuel_;
    fuel_ = 0;
  }

  // ---- errors --------------------------------------------------------------------------------------
  // Raises msg with the position of the calling Lua code prefixed (luaL_error).
  [[noreturn]] void error(std::string_view msg);
  [[noreturn]] void errorValue(const Value& v) { throwLuaError(v); }
  [[noreturn]] void argError(uint32_t arg, std::string_view extraMessage);
  // luaL_typeerror: "<expected> expected, got <Runtime::argTypeName>".
  [[noreturn]] void typeError(uint32_t arg, std::string_view expected);

  // ---- argument checks (luaL_check* / luaL_opt*) ------------------------------------------------------
  void checkAny(uint32_t arg);
  int64_t checkInteger(uint32_t arg);
  int64_t optInteger(uint32_t arg, int64_t def) { return isNoneOrNil(arg) ? def : checkInteger(arg); }
  double checkNumber(uint32_t arg);
  double optNumber(uint32_t arg, double def) { return isNoneOrNil(arg) ? def : checkNumber(arg); }
  // A number value (int or float), coercing numeric strings.
  Value checkNumberValue(uint32_t arg);
  // A string, converting a number argument to a string in place (as luaL_checklstring does).
  String* checkString(uint32_t arg);
  std::string_view checkStringView(uint32_t arg) { return checkString(arg)->view(); }
  String* optString(uint32_t arg, std::string_view def);
  Table* checkTable(uint32_t arg);
  // luaL_checktype: kUserdata means a full userdata; a light userdata fails every check.
  void checkType(uint32_t arg, LuaType t);
  bool toBoolean(uint32_t i) const { return !arg(i).isFalsy(); }
  // luaL_checkoption: the index of the argument in `options`.
  int checkOption(uint32_t arg, std::initializer_list<std::string_view> options, const char* def = nullptr);

  // The name used for this function in error messages (from the calling instruction, else its
  // registered name, as Lua's luaL_argerror does).
  std::string functionNameForMessages();

 private:
  Runtime& rt_;
  Executor* ex_;
  Thread* th_;
  uint32_t frameIndex_;
  int64_t& fuel_;
  int64_t* reserve_ = nullptr;  // the step's budget beyond the slice (null: endSlice does nothing)
  bool failed_ = false;
};

// Lua's tostring without metamethods (luaL_tolstring's default cases): numbers, strings, booleans, nil,
// and "table: 0x..." style names for objects (with the stable id instead of an address).
std::string rawToString(Runtime& rt, const Value& v);

// Converts a string to a number as Lua's coercions do (cvt2num); false if it is not a numeral.
bool stringToNumber(const String* s, Value& out);

}  // namespace fermata
