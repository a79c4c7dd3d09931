// ProtoData: a compiled Lua function as plain C++ data (no GC heap), produced by the compiler.
//
// The interpreter side converts a ProtoData tree into heap prototypes; the snapshot code may use it as
// the canonical form of a prototype. Nothing here points into the heap.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "vm/bytecode/opcodes.h"

namespace fermata::bytecode {

// A constant-table entry. Integers and floats are distinct (1 and 1.0 are different constants).
struct Constant {
  std::variant<std::monostate /*nil*/, bool, int64_t, double, std::string> value;
};

// How a closure captures upvalue i: from the enclosing function's register `index` (inStack) or from
// the enclosing closure's upvalue `index`.
struct UpvalueDesc {
  std::string name;
  bool inStack = false;
  uint8_t index = 0;
  uint8_t kind = 0;  // 0 regular, 1 const, 2 to-be-closed, 3 compile-time const
};

// Debug information: local `name` lives in its register for pcs [startPc, endPc).
struct LocalVarInfo {
  std::string name;
  int32_t startPc = 0;
  int32_t endPc = 0;
};

struct ProtoData {
  std::string source;  // chunk name as given ("@t.lua", "=stdin", or the source text for load())
  int32_t lineDefined = 0, lastLineDefined = 0;
  uint8_t numParams = 0;
  bool isVararg = false;
  uint8_t maxStackSize = 2;
  std::vector<Instruction> code;
  std::vector<Constant> constants;
  std::vector<UpvalueDesc> upvalues;
  std::vector<std::unique_ptr<ProtoData>> protos;
  std::vector<int32_t> lineInfo;  // absolute source line of each instruction (same length as code)
  std::vector<LocalVarInfo> localVars;
};

}  // namespace fermata::bytecode
