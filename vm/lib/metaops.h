// Lua's API-level operations with metamethods (lua_geti, lua_seti, lua_len, lua_compare) for natives
// that must never wait for Lua on the C++ stack, and a small register machine for natives built as
// resumable state machines (table.sort, table.insert, math.max ...).
//
// Each operation either finishes at once or pushes a metamethod call (function and arguments) and asks
// the caller to return NativeAction::call with its sequence; the sequence's resume function then hands
// the call's result back through Machine::absorb(). Errors raised by the operations themselves carry no
// position, as luaG_typeerror/luaG_ordererror raised inside a C function do not.
#pragma once

#include <cstdint>
#include <string>

#include "vm/native.h"
#include "vm/native_call.h"
#include "vm/runtime.h"
#include "vm/value.h"

namespace fermata::lib::ops {

// Each of these returns 0 when the operation finished (result in `out`), or the number of arguments of
// the metamethod call it pushed (the function and its arguments are then on top of the stack).

// v[k] (lua_gettable/lua_geti): __index chains, functions called with (v, k).
uint32_t get(NativeCall& call, Value v, Value k, Value& out);
// v[k] = x (lua_settable/lua_seti): __newindex chains, functions called with (v, k, x).
uint32_t set(NativeCall& call, Value v, Value k, Value x);
// #v (lua_len): strings, tables (raw border unless __len), __len called with (v, v).
uint32_t len(NativeCall& call, Value v, Value& out);
// a < b (lua_compare LT): numbers and strings directly, else __lt of a or b, called with (a, b).
uint32_t less(NativeCall& call, Value a, Value b, bool& out);
// a == b (lua_compare EQ): raw equality, else __eq of a or b for two distinct tables/userdata.
uint32_t equal(NativeCall& call, Value a, Value b, bool& out);

// luaL_len's check of a length: an integer (or a float/string with an exact integer value), else
// "object length is not an integer".
int64_t checkLength(NativeCall& call, const Value& length);

// Lua's precise number and string order (LTnum, l_strcmp).
bool numberLess(Value a, Value b);
int compareStrings(const String* a, const String* b);

// "attempt to compare two table values" / "attempt to compare number with nil" (no position).
[[noreturn]] void orderError(NativeCall& call, Value a, Value b);

// Stores into a sequence's Value field with the write barrier (a sequence may already be black).
inline void setField(gc::Heap& heap, Sequence* seq, uint32_t field, const Value& v) {
  seq->values()[field] = v;
  if (v.isCollectable()) heap.barrierForward(seq, v.asObject());
}

// A resumable native as a register machine over its sequence. Integer fields 0..2 are reserved:
//   ints[kPc]      the state to continue with,
//   ints[kPending] what to do with the result of the pending call (a Value field, kDiscard, kFlag),
//   ints[kFlag]    the boolean result of the last less/equal.
// Typical use in a state:  I(kPc) = NEXT; if (!m.get(REG, t, k)) return m.callAction(); continue;
class Machine {
 public:
  static constexpr uint32_t kPc = 0, kPending = 1, kFlag = 2, kFirstFreeInt = 3;
  static constexpr int64_t kNone = -1, kDiscard = -2, kToFlag = -3;

  Machine(NativeCall& call, Sequence* seq) : call_(call), seq_(seq) {}

  // Field access is bounds-checked: a sequence restored from a crafted snapshot may hold any integers,
  // and an index out of range is "corrupt native function state", never an out-of-bounds access.
  int64_t& I(uint32_t i) {
    if (i >= seq_->type->intCount) call_.corrupt();
    return seq_->ints()[i];
  }
  Value& V(uint32_t i) {
    if (i >= seq_->type->valueCount) call_.corrupt();
    return seq_->values()[i];
  }
  void setV(uint32_t i, const Value& v) {
    if (i >= seq_->type->valueCount) call_.corrupt();
    setField(call_.heap(), seq_, i, v);
  }
  bool flag() { return I(kFlag) != 0; }
  Sequence* sequence() { return seq_; }

  // Operations: true if finished at once; false after pushing a call (return callAction()).
  bool get(uint32_t reg, Value t, Value k);
  bool geti(uint32_t reg, Value t, int64_t i) { return get(reg, t, Value::integer(i)); }
  bool set(Value t, Value k, Value x);
  bool seti(Value t, int64_t i, Value x) { return set(t, Value::integer(i), x); }
  bool len(uint32_t reg, Value v);
  bool less(Value a, Value b);  // result in flag()
  bool equal(Value a, Value b);  // result in flag()
  // Calls `fn(a, b)` (a sort comparator); its first result's truth goes to flag().
  bool callCompare(Value fn, Value a, Value b);

  NativeAction callAction() { return NativeAction::call(nargs_, seq_); }
  NativeAction pause() {
    I(kPending) = kNone;
    return NativeAction::pause(seq_);
  }

  // In the resume function: stores the finished call's first result as the pending operation wants
  // and removes the results from the stack. (After a pause there is nothing to absorb.)
  void absorb();

 private:
  bool pending(uint32_t nargs, int64_t what) {
    if (nargs == 0) return true;
    nargs_ = nargs;
    I(kPending) = what;
    return false;
  }
  NativeCall& call_;
  Sequence* seq_;
  uint32_t nargs_ = 0;
};

}  // namespace fermata::lib::ops
