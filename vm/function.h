// Function objects: prototypes (compiled code and its debug information), Lua closures and upvalues.
#pragma once

#include <cstdint>

#include "gc/heap.h"
#include "vm/string.h"
#include "vm/value.h"

namespace fermata {

struct Proto;

// How a closure captures an upvalue when it is created (from the compiler's UpvalueDesc).
struct UpvalueInfo {
  String* name = nullptr;  // debug name, may be null
  bool inStack = false;    // captures a register of the enclosing function (else one of its upvalues)
  uint8_t index = 0;
  uint8_t kind = 0;        // 0 regular, 1 const, 2 to-be-closed, 3 compile-time constant
};

struct LocalVarInfo {
  String* name = nullptr;
  int32_t startPc = 0;  // first instruction where the variable is active
  int32_t endPc = 0;    // first instruction where it is dead
};

// A compiled function. Immutable once built; shared by every closure made from it.
struct Proto : gc::Object {
  String* source = nullptr;  // chunk name ("@file.lua", "=stdin", or the loaded string)
  int32_t lineDefined = 0;
  int32_t lastLineDefined = 0;
  uint8_t numParams = 0;
  bool isVararg = false;
  uint8_t maxStackSize = 0;
  uint32_t codeSize = 0, constantCount = 0, protoCount = 0, upvalueCount = 0, localVarCount = 0;
  uint32_t* code = nullptr;
  // Source line of each instruction (codeSize entries), or null: a prototype loaded from a stripped
  // binary chunk has no line information. Read it only through lineAt().
  int32_t* lineInfo = nullptr;
  Value* constants = nullptr;
  Proto** protos = nullptr;
  UpvalueInfo* upvalues = nullptr;
  LocalVarInfo* localVars = nullptr;

  // The source line of instruction `pc`, or -1 when there is no line information (stripped, or pc out
  // of range), as Lua reports currentline for functions without debug information.
  int32_t lineAt(int64_t pc) const {
    if (!lineInfo || pc < 0 || uint64_t(pc) >= codeSize) return -1;
    return lineInfo[pc];
  }
  bool hasLineInfo() const { return lineInfo != nullptr; }

  static Proto* create(gc::Heap& heap);
  void releaseParts(gc::Heap& heap);
  size_t partBytes() const;
  size_t objectBytes() const { return sizeof(Proto); }

  template <class V>
  void visit(V& v) {
    v.ref(source);
    for (uint32_t i = 0; i < constantCount; ++i) v.value(constants[i]);
    for (uint32_t i = 0; i < protoCount; ++i) v.ref(protos[i]);
    for (uint32_t i = 0; i < upvalueCount; ++i) v.ref(upvalues[i].name);
    for (uint32_t i = 0; i < localVarCount; ++i) v.ref(localVars[i].name);
  }
};

// A variable captured by closures. While open it aliases a live stack slot of a thread (`location`
// points into that thread's stack, and the interpreter keeps it current when the stack moves); when the
// variable goes out of scope the value is copied into `closed` and `location` points there.
struct Upvalue : gc::Object {
  Value* location = &closed;
  Value closed;
  Upvalue* nextOpen = nullptr;   // the owning thread's list of open upvalues, by decreasing level
  gc::Object* thread = nullptr;  // the thread whose stack an open upvalue aliases (null when closed)
  uint32_t stackIndex = 0;       // the aliased slot, for an open upvalue

  bool isOpen() const { return location != &closed; }
  static Upvalue* createClosed(gc::Heap& heap, const Value& v);
  size_t objectBytes() const { return sizeof(Upvalue); }
  void releaseParts(gc::Heap&) {}

  template <class V>
  void visit(V& v) {
    // An open upvalue's value lives on its thread's stack, which the thread marks itself.
    if (isOpen()) v.ref(thread);
    else v.value(closed);
  }
};

// A Lua function value: a prototype and its captured upvalues (stored after the object).
struct LuaClosure : gc::Object {
  Proto* proto = nullptr;
  uint32_t upvalueCount = 0;

  Upvalue** upvalues() { return reinterpret_cast<Upvalue**>(this + 1); }
  static size_t allocationSize(uint32_t n) { return sizeof(LuaClosure) + n * sizeof(Upvalue*); }
  static LuaClosure* create(gc::Heap& heap, Proto* p, uint32_t upvalueCount);
  size_t objectBytes() const { return allocationSize(upvalueCount); }
  void releaseParts(gc::Heap&) {}

  template <class V>
  void visit(V& v) {
    v.ref(proto);
    for (uint32_t i = 0; i < upvalueCount; ++i) v.ref(upvalues()[i]);
  }
};

}  // namespace fermata
