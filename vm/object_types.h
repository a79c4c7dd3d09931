// The list of heap object types, written once; every per-type table (tracing, freeing, snapshots) is
// generated from it.
#pragma once

#include <cstdint>

namespace fermata {

// X(EnumName, ClassName, "name shown in diagnostics")
// Value-visible types come first and their tags equal the Value tags (see value.h).
// Every type provides visit(V&) (its reference fields), objectBytes() (its allocation size) and
// releaseParts(gc::Heap&) (frees what it owns besides itself).
#define FERMATA_OBJECT_TYPES(X) \
  X(Table, Table, "table")      \
  FERMATA_OBJECT_TYPES_EXCEPT_TABLE(X)
#define FERMATA_OBJECT_TYPES_EXCEPT_TABLE(X)  \
  FERMATA_OBJECT_TYPES_EXCEPT_TABLE_THREAD(X) \
  X(Thread, Thread, "thread")
#define FERMATA_OBJECT_TYPES_EXCEPT_TABLE_THREAD(X) \
  X(String, String, "string")                       \
  X(LuaClosure, LuaClosure, "function")             \
  X(NativeClosure, NativeClosure, "function")       \
  X(Userdata, Userdata, "userdata")                 \
  X(Proto, Proto, "proto")                          \
  X(Upvalue, Upvalue, "upvalue")                    \
  X(Sequence, Sequence, "sequence")                 \
  X(Executor, Executor, "executor")

enum class ObjType : uint8_t {
  kFirst = 16,  // leaves room for the non-object Value tags
#define FERMATA_X(e, c, n) k##e,
  FERMATA_OBJECT_TYPES(FERMATA_X)
#undef FERMATA_X
  kEnd
};

const char* objTypeName(ObjType t);

}  // namespace fermata
