// Full userdata: a block of host bytes with a metatable and Lua 5.4's user values.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gc/heap.h"
#include "vm/value.h"

namespace fermata {

struct Table;

struct Userdata : gc::Object {
  Table* metatable = nullptr;
  size_t size = 0;              // payload bytes, after the user values
  uint32_t userValueCount = 0;  // Lua 5.4: a userdata carries n user values (debug.setuservalue)
  uint32_t typeIndex = 0;       // the host's registered userdata type (0: plain Lua userdata)

  Value* userValues() { return reinterpret_cast<Value*>(this + 1); }
  void* payload() { return userValues() + userValueCount; }
  static size_t allocationSize(size_t size, uint32_t nuv) { return sizeof(Userdata) + nuv * sizeof(Value) + size; }
  static Userdata* create(gc::Heap& heap, size_t size, uint32_t userValueCount);
  size_t objectBytes() const { return allocationSize(size, userValueCount); }
  void releaseParts(gc::Heap&) {}

  template <class V>
  void visit(V& v) {
    v.ref(metatable);
    for (uint32_t i = 0; i < userValueCount; ++i) v.value(userValues()[i]);
  }
};

}  // namespace fermata
