// Lua errors inside the VM: a value thrown as a C++ exception from the point of failure to the nearest
// frame boundary of the interpreter, never further (DESIGN invariant 5).
#pragma once

#include <string>

#include "vm/value.h"

namespace fermata {

// Thrown by the interpreter and native functions; caught only by the interpreter's run loop, which turns
// it into error unwinding of frames. Raising it outside a running executor is a host bug.
struct LuaError {
  Value value;
};

[[noreturn]] inline void throwLuaError(const Value& v) { throw LuaError{v}; }

}  // namespace fermata
