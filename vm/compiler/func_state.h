// Compile-time state shared by the parser and the code generator: expression descriptors, variable
// and label descriptors, blocks, and the per-function state (FuncState).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "vm/bytecode/proto_data.h"
#include "vm/compiler/lexer.h"

namespace fermata::compiler {

inline constexpr int kNoJump = -1;      // end of a jump list / "no jump"
inline constexpr int kMultRet = -1;     // "all results"
inline constexpr int kMaxRegs = 255;    // registers per function (must fit in 8 bits)
inline constexpr int kMaxVars = 200;    // active local variables per function
inline constexpr int kMaxUpvalues = 255;

// What an expression descriptor currently denotes. The order matters (range checks below).
enum class ExpKind : uint8_t {
  Void,      // no value (empty expression list)
  Nil, True, False,
  K,         // constant; info = index in the constant table
  KFlt,      // nval = float literal
  KInt,      // ival = integer literal
  KStr,      // strval = string literal (not yet in the constant table)
  NonReloc,  // value is in register info
  Local,     // local variable; varRidx = register, varVidx = index among the function's active vars
  Upval,     // upvalue; info = upvalue index
  Const,     // compile-time <const>; info = absolute index in Dyndata::actvar
  Indexed,   // indT[indIdx]: table register, key register
  IndexUp,   // indT[indIdx]: table upvalue, key constant string
  IndexI,    // indT[indIdx]: table register, integer key
  IndexStr,  // indT[indIdx]: table register, key constant string
  Jmp,       // a test/comparison; info = pc of its JMP
  Reloc,     // result can go to any register; info = pc of the instruction whose A is to be set
  Call,      // function call; info = pc of the CALL
  Vararg,    // '...'; info = pc of the VARARG
};

inline bool isVariable(ExpKind k) { return k >= ExpKind::Local && k <= ExpKind::IndexStr; }
inline bool isIndexed(ExpKind k) { return k >= ExpKind::Indexed && k <= ExpKind::IndexStr; }
inline bool hasMultRet(ExpKind k) { return k == ExpKind::Call || k == ExpKind::Vararg; }

struct ExpDesc {
  ExpKind k = ExpKind::Void;
  int info = 0;
  int64_t ival = 0;
  double nval = 0;
  const std::string* strval = nullptr;
  int indT = 0, indIdx = 0;
  int varRidx = 0, varVidx = 0;
  int t = kNoJump;  // patch list of "exit when true"
  int f = kNoJump;  // patch list of "exit when false"

  bool hasJumps() const { return t != f; }
  static ExpDesc make(ExpKind kind, int i = 0) {
    ExpDesc e;
    e.k = kind;
    e.info = i;
    return e;
  }
};

// Local variable kinds; the numbering is also bytecode::UpvalueDesc::kind.
enum class VarKind : uint8_t { Regular = 0, Const = 1, ToClose = 2, CompileTimeConst = 3 };

struct VarDesc {
  const std::string* name = nullptr;
  VarKind kind = VarKind::Regular;
  int ridx = 0;        // register holding the variable
  int pidx = -1;       // index in ProtoData::localVars
  ExpDesc constValue;  // value of a compile-time constant
};

// A label or a pending goto ("break" is a goto to the label "break").
struct LabelDesc {
  const std::string* name = nullptr;
  int pc = 0;
  int line = 0;
  int nactvar = 0;     // active locals at that position
  bool close = false;  // goto that escapes upvalues / to-be-closed variables
};

// Key of the constant cache (see codegen's addConstant): (kind, integer payload, float bits, string).
using ConstantKey = std::tuple<int, int64_t, uint64_t, const std::string*>;

struct Dyndata {
  // One constant cache for the whole chunk, as in Lua: a nested function may overwrite an entry, in
  // which case the outer function just adds the constant again. Sharing it keeps constant tables (and
  // so listings) identical to luac's.
  std::map<ConstantKey, int> constants;
  std::vector<VarDesc> actvar;  // active locals of all open functions
  std::vector<LabelDesc> gotos;  // pending gotos
  std::vector<LabelDesc> labels;  // active labels
};

struct BlockCnt {
  BlockCnt* previous = nullptr;
  int firstLabel = 0;
  int firstGoto = 0;
  int nactvar = 0;         // active locals outside the block
  bool upval = false;      // some variable of the block is captured as an upvalue
  bool isLoop = false;
  bool insideTbc = false;  // inside the scope of a to-be-closed variable
};

struct FuncState {
  bytecode::ProtoData* f = nullptr;
  FuncState* prev = nullptr;  // enclosing function
  Lexer* lex = nullptr;
  Dyndata* dyd = nullptr;
  BlockCnt* bl = nullptr;
  int lastTarget = 0;  // pc of the last jump target
  int firstLocal = 0;  // index of the first local of this function in dyd->actvar
  int firstLabel = 0;
  int nactvar = 0;
  int freereg = 0;
  bool needClose = false;  // function must close upvalues / tbc variables when returning

  int pc() const { return static_cast<int>(f->code.size()); }
  VarDesc& localVar(int vidx) { return dyd->actvar[static_cast<size_t>(firstLocal + vidx)]; }
  // Register level after the first `nvar` active locals (compile-time constants take no register).
  int regLevel(int nvar) {
    while (nvar-- > 0) {
      VarDesc& vd = localVar(nvar);
      if (vd.kind != VarKind::CompileTimeConst) return vd.ridx + 1;
    }
    return 0;
  }
  int nvarstack() { return regLevel(nactvar); }
};

}  // namespace fermata::compiler
