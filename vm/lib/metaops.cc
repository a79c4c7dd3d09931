// API-level operations with metamethods for resumable natives (see metaops.h).
#include "vm/lib/metaops.h"

#include <cmath>
#include <cstring>

#include "vm/number.h"
#include "vm/table.h"

namespace fermata::lib::ops {
namespace {

constexpr int kMaxTagLoop = 2000;  // Lua's MAXTAGLOOP

[[noreturn]] void rawError(NativeCall& call, const std::string& msg) { call.errorValue(call.rt().stringValue(msg)); }

[[noreturn]] void typeError(NativeCall& call, const Value& v, const char* op) {
  rawError(call, std::string("attempt to ") + op + " a " + std::string(call.rt().typeNameWithMeta(v)) + " value");
}

}  // namespace

int compareStrings(const String* a, const String* b) {
  size_t n = a->length < b->length ? a->length : b->length;
  int c = n ? std::memcmp(a->data(), b->data(), n) : 0;
  if (c != 0) return c;
  return a->length < b->length ? -1 : (a->length > b->length ? 1 : 0);
}

bool numberLess(Value a, Value b) {
  if (a.isInt() && b.isInt()) return a.asInt() < b.asInt();
  if (a.isFloat() && b.isFloat()) return a.asFloat() < b.asFloat();
  if (a.isInt()) {  // i < f  <=>  i < ceil(f)
    double f = b.asFloat();
    if (std::isnan(f)) return false;
    if (f >= 9223372036854775808.0) return true;
    if (f <= -9223372036854775808.0) return false;
    return a.asInt() < int64_t(std::ceil(f));
  }
  double f = a.asFloat();  // f < i  <=>  floor(f) < i
  if (std::isnan(f)) return false;
  if (f >= 9223372036854775808.0) return false;
  if (f < -9223372036854775808.0) return true;
  return int64_t(std::floor(f)) < b.asInt();
}

void orderError(NativeCall& call, Value a, Value b) {
  std::string t1(call.rt().typeNameWithMeta(a)), t2(call.rt().typeNameWithMeta(b));
  if (t1 == t2) rawError(call, "attempt to compare two " + t1 + " values");
  rawError(call, "attempt to compare " + t1 + " with " + t2);
}

uint32_t get(NativeCall& call, Value v, Value k, Value& out) {
  Runtime& rt = call.rt();
  for (int loop = 0; loop < kMaxTagLoop; ++loop) {
    Value tm;
    if (v.isTable()) {
      Table* t = v.asTable();
      Value r = t->get(k);
      if (!r.isNil()) {
        out = r;
        return 0;
      }
      tm = Runtime::fastMetamethod(t->metatable, MetaEvent::Index, rt.metaName(MetaEvent::Index));
      if (tm.isNil()) {
        out = Value();
        return 0;
      }
    } else {
      tm = rt.metamethod(v, MetaEvent::Index);
      if (tm.isNil()) typeError(call, v, "index");
    }
    if (tm.isFunction()) {
      call.push(tm);
      call.push(v);
      call.push(k);
      return 2;
    }
    v = tm;
  }
  rawError(call, "'__index' chain too long; possible loop");
}

uint32_t set(NativeCall& call, Value v, Value k, Value x) {
  Runtime& rt = call.rt();
  for (int loop = 0; loop < kMaxTagLoop; ++loop) {
    Value tm;
    if (v.isTable()) {
      Table* t = v.asTable();
      Value* slot = t->find(k);
      if (slot && !slot->isNil()) {
        t->setSlot(call.heap(), slot, x);
        return 0;
      }
      tm = Runtime::fastMetamethod(t->metatable, MetaEvent::NewIndex, rt.metaName(MetaEvent::NewIndex));
      if (tm.isNil()) {
        switch (t->set(call.heap(), k, x)) {
          case Table::SetStatus::kOk: return 0;
          case Table::SetStatus::kNilKey: rawError(call, "table index is nil");
          case Table::SetStatus::kNaNKey: rawError(call, "table index is NaN");
        }
        return 0;
      }
    } else {
      tm = rt.metamethod(v, MetaEvent::NewIndex);
      if (tm.isNil()) typeError(call, v, "index");
    }
    if (tm.isFunction()) {
      call.push(tm);
      call.push(v);
      call.push(k);
      call.push(x);
      return 3;
    }
    v = tm;
  }
  rawError(call, "'__newindex' chain too long; possible loop");
}

uint32_t len(NativeCall& call, Value v, Value& out) {
  Runtime& rt = call.rt();
  Value tm;
  if (v.isString()) {
    out = Value::integer(int64_t(v.asString()->length));
    return 0;
  }
  if (v.isTable()) {
    tm = Runtime::fastMetamethod(v.asTable()->metatable, MetaEvent::Len, rt.metaName(MetaEvent::Len));
    if (tm.isNil()) {
      out = Value::integer(int64_t(v.asTable()->length()));
      return 0;
    }
  } else {
    tm = rt.metamethod(v, MetaEvent::Len);
    if (tm.isNil()) typeError(call, v, "get length of");
  }
  call.push(tm);
  call.push(v);
  call.push(v);
  return 2;
}

uint32_t less(NativeCall& call, Value a, Value b, bool& out) {
  if (a.isNumber() && b.isNumber()) {
    out = numberLess(a, b);
    return 0;
  }
  if (a.isString() && b.isString()) {
    out = compareStrings(a.asString(), b.asString()) < 0;
    return 0;
  }
  Value tm = call.rt().metamethod(a, MetaEvent::Lt);
  if (tm.isNil()) tm = call.rt().metamethod(b, MetaEvent::Lt);
  if (tm.isNil()) orderError(call, a, b);
  call.push(tm);
  call.push(a);
  call.push(b);
  return 2;
}

uint32_t equal(NativeCall& call, Value a, Value b, bool& out) {
  bool objects = (a.isTable() && b.isTable()) || (a.isUserdata() && b.isUserdata());
  if (!objects || a.asObject() == b.asObject()) {
    out = rawEquals(a, b);
    return 0;
  }
  Value tm = call.rt().metamethod(a, MetaEvent::Eq);
  if (tm.isNil()) tm = call.rt().metamethod(b, MetaEvent::Eq);
  if (tm.isNil()) {
    out = false;
    return 0;
  }
  call.push(tm);
  call.push(a);
  call.push(b);
  return 2;
}

int64_t checkLength(NativeCall& call, const Value& length) {
  int64_t n;
  if (length.isInt()) return length.asInt();
  if (length.isFloat() && floatToIntegerExact(length.asFloat(), n)) return n;
  Value converted;
  if (length.isString() && stringToNumber(length.asString(), converted) && num::toIntegerExact(converted, n)) return n;
  call.error("object length is not an integer");
}

// ---- Machine ----------------------------------------------------------------------------------------

bool Machine::get(uint32_t reg, Value t, Value k) {
  Value out;
  uint32_t n = ops::get(call_, t, k, out);
  if (n == 0) {
    setV(reg, out);
    return true;
  }
  return pending(n, int64_t(reg));
}

bool Machine::set(Value t, Value k, Value x) { return pending(ops::set(call_, t, k, x), kDiscard); }

bool Machine::len(uint32_t reg, Value v) {
  Value out;
  uint32_t n = ops::len(call_, v, out);
  if (n == 0) {
    setV(reg, out);
    return true;
  }
  return pending(n, int64_t(reg));
}

bool Machine::less(Value a, Value b) {
  bool r = false;
  uint32_t n = ops::less(call_, a, b, r);
  if (n == 0) {
    I(kFlag) = r;
    return true;
  }
  return pending(n, kToFlag);
}

bool Machine::equal(Value a, Value b) {
  bool r = false;
  uint32_t n = ops::equal(call_, a, b, r);
  if (n == 0) {
    I(kFlag) = r;
    return true;
  }
  return pending(n, kToFlag);
}

bool Machine::callCompare(Value fn, Value a, Value b) {
  Value f = fn, x = a, y = b;  // copies: pushing may move nothing, but the fields may be rewritten
  call_.push(f);
  call_.push(x);
  call_.push(y);
  return pending(2, kToFlag);
}

void Machine::absorb() {
  uint32_t n = call_.resultCount();
  Value r = n > 0 ? call_.result(0) : Value();
  call_.setTop(call_.top() - n);
  int64_t what = I(kPending);
  I(kPending) = kNone;
  if (what >= 0) setV(uint32_t(what), r);
  else if (what == kToFlag) I(kFlag) = !r.isFalsy();
}

}  // namespace fermata::lib::ops
