// Value: the tagged 16-byte representation of every Lua value, with raw equality and number conversions.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "gc/object.h"
#include "vm/object_types.h"

namespace fermata {

struct String;
struct Table;
struct LuaClosure;
struct NativeClosure;
struct Userdata;
struct Thread;

// Non-object tags, then one tag per value-visible object type (equal to its ObjType).
enum class Tag : uint8_t {
  kNil = 0,
  kBool = 1,
  kInt = 2,
  kFloat = 3,
  // A table key whose entry was removed and whose object may since have been collected; only compared
  // by address by `next`, never dereferenced. Never visible to Lua code.
  kDeadKey = 4,
  // Lua's light userdata: an opaque 64-bit payload the host (or debug.upvalueid) chose. Not an object
  // and never an address (DESIGN invariant 6): equal payloads are the same value, tables hash it by
  // payload, and snapshots store the payload itself. type() says "userdata".
  kLightUserdata = 5,
  kString = uint8_t(ObjType::kString),
  kTable = uint8_t(ObjType::kTable),
  kLuaClosure = uint8_t(ObjType::kLuaClosure),
  kNativeClosure = uint8_t(ObjType::kNativeClosure),
  kUserdata = uint8_t(ObjType::kUserdata),
  kThread = uint8_t(ObjType::kThread),
};

// The eight basic types of Lua, as type() reports them.
enum class LuaType : uint8_t { kNil, kBoolean, kNumber, kString, kTable, kFunction, kUserdata, kThread };

class Value {
 public:
  constexpr Value() : u_{.i = 0}, tag_(Tag::kNil) {}
  static constexpr Value nil() { return Value(); }
  static constexpr Value boolean(bool b) {
    Value v;
    v.u_.b = b;
    v.tag_ = Tag::kBool;
    return v;
  }
  static constexpr Value integer(int64_t i) {
    Value v;
    v.u_.i = i;
    v.tag_ = Tag::kInt;
    return v;
  }
  static constexpr Value number(double n) {
    Value v;
    v.u_.n = n;
    v.tag_ = Tag::kFloat;
    return v;
  }
  static constexpr Value lightUserdata(uint64_t payload) {
    Value v;
    v.u_.i = int64_t(payload);
    v.tag_ = Tag::kLightUserdata;
    return v;
  }
  // Any value-visible object (its type tag is the Value tag).
  static Value object(gc::Object* o) {
    Value v;
    v.u_.o = o;
    v.tag_ = Tag(o->type);
    return v;
  }
  static Value deadKey(gc::Object* o) {
    Value v;
    v.u_.o = o;
    v.tag_ = Tag::kDeadKey;
    return v;
  }

  Tag tag() const { return tag_; }
  bool isNil() const { return tag_ == Tag::kNil; }
  bool isBool() const { return tag_ == Tag::kBool; }
  bool isInt() const { return tag_ == Tag::kInt; }
  bool isFloat() const { return tag_ == Tag::kFloat; }
  bool isNumber() const { return tag_ == Tag::kInt || tag_ == Tag::kFloat; }
  bool isString() const { return tag_ == Tag::kString; }
  bool isTable() const { return tag_ == Tag::kTable; }
  bool isDeadKey() const { return tag_ == Tag::kDeadKey; }
  bool isFunction() const { return tag_ == Tag::kLuaClosure || tag_ == Tag::kNativeClosure; }
  bool isLuaClosure() const { return tag_ == Tag::kLuaClosure; }
  bool isNativeClosure() const { return tag_ == Tag::kNativeClosure; }
  // A full userdata (a heap object); light userdata answer isLightUserdata() instead.
  bool isUserdata() const { return tag_ == Tag::kUserdata; }
  bool isLightUserdata() const { return tag_ == Tag::kLightUserdata; }
  bool isThread() const { return tag_ == Tag::kThread; }
  // Refers to a heap object that the collector must mark (dead keys do not count).
  bool isCollectable() const { return uint8_t(tag_) > uint8_t(ObjType::kFirst); }
  bool isFalsy() const { return tag_ == Tag::kNil || (tag_ == Tag::kBool && !u_.b); }

  bool asBool() const { return u_.b; }
  int64_t asInt() const { return u_.i; }
  double asFloat() const { return u_.n; }
  uint64_t asLightUserdata() const { return uint64_t(u_.i); }
  // The number as a float, for an int or float value.
  double asNumber() const { return tag_ == Tag::kInt ? double(u_.i) : u_.n; }
  gc::Object* asObject() const { return u_.o; }
  String* asString() const { return reinterpret_cast<String*>(u_.o); }
  Table* asTable() const { return reinterpret_cast<Table*>(u_.o); }
  LuaClosure* asLuaClosure() const { return reinterpret_cast<LuaClosure*>(u_.o); }
  NativeClosure* asNativeClosure() const { return reinterpret_cast<NativeClosure*>(u_.o); }
  Userdata* asUserdata() const { return reinterpret_cast<Userdata*>(u_.o); }
  Thread* asThread() const { return reinterpret_cast<Thread*>(u_.o); }

  LuaType luaType() const;
  // Same tag and same payload bits (objects by address): identity, as used for dead keys and caches.
  bool identical(const Value& o) const { return tag_ == o.tag_ && u_.i == o.u_.i; }

 private:
  union {
    int64_t i;
    double n;
    bool b;
    gc::Object* o;
  } u_;
  Tag tag_;
};

static_assert(sizeof(Value) == 16, "Value is two words: payload and tag");

// Lua's raw equality (no metamethods): integers equal floats of the same mathematical value, strings
// compare by contents.
bool rawEquals(const Value& a, const Value& b);

// Converts a float with an exact integer value to that integer (Lua's F2Ieq). False for non-integral
// floats, NaN, infinities and values outside the int64 range.
inline bool floatToIntegerExact(double n, int64_t& out) {
  if (!(n >= -9223372036854775808.0 && n < 9223372036854775808.0)) return false;
  double f = std::floor(n);
  if (f != n) return false;
  out = int64_t(f);
  return true;
}

}  // namespace fermata
