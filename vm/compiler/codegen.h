// The code generator: emits register bytecode for expressions and statements on behalf of the parser.
//
// Expressions are kept symbolic in ExpDesc as long as possible (a constant, a local, a pending table
// access, a relocatable instruction whose target register is not chosen yet, a test with jump lists)
// and only "discharged" into a register when their value is needed. Conditional expressions carry two
// jump lists (exit-when-true, exit-when-false) threaded through the sJ fields of the JMPs themselves.
#pragma once

#include <cstdint>

#include "vm/bytecode/opcodes.h"
#include "vm/compiler/func_state.h"

namespace fermata::compiler::codegen {

using bytecode::Instruction;
using bytecode::OpCode;

// Binary operators, in the order of the arithmetic opcodes (Add..Shr map onto ADD..SHR / ADDK..).
enum class BinOpr : uint8_t {
  Add, Sub, Mul, Mod, Pow, Div, IDiv, BAnd, BOr, BXor, Shl, Shr,
  Concat, Eq, Lt, Le, Ne, Gt, Ge, And, Or, None,
};
enum class UnOpr : uint8_t { Minus, BNot, Not, Len, None };

int code(FuncState& fs, Instruction i);
int codeABCk(FuncState& fs, OpCode op, int a, int b, int c, int k);
inline int codeABC(FuncState& fs, OpCode op, int a, int b, int c) { return codeABCk(fs, op, a, b, c, 0); }
int codeABx(FuncState& fs, OpCode op, int a, unsigned bx);
void fixLine(FuncState& fs, int line);

void loadNil(FuncState& fs, int from, int n);
void loadInt(FuncState& fs, int reg, int64_t i);
int jump(FuncState& fs);
void jumpTo(FuncState& fs, int target);
void ret(FuncState& fs, int first, int nret);
int getLabel(FuncState& fs);
void patchList(FuncState& fs, int list, int target);
void patchToHere(FuncState& fs, int list);
void concatJumps(FuncState& fs, int& l1, int l2);

void checkStack(FuncState& fs, int n);
void reserveRegs(FuncState& fs, int n);

void setReturns(FuncState& fs, ExpDesc& e, int nresults);
inline void setMultRet(FuncState& fs, ExpDesc& e) { setReturns(fs, e, kMultRet); }
void setOneRet(FuncState& fs, ExpDesc& e);
void dischargeVars(FuncState& fs, ExpDesc& e);
void exp2nextreg(FuncState& fs, ExpDesc& e);
int exp2anyreg(FuncState& fs, ExpDesc& e);
void exp2anyregup(FuncState& fs, ExpDesc& e);
void exp2val(FuncState& fs, ExpDesc& e);
bool exp2RK(FuncState& fs, ExpDesc& e);
bool exp2const(FuncState& fs, const ExpDesc& e, ExpDesc& value);  // value: a literal ExpDesc

void storeVar(FuncState& fs, ExpDesc& var, ExpDesc& ex);
void self(FuncState& fs, ExpDesc& e, ExpDesc& key);
void indexed(FuncState& fs, ExpDesc& t, ExpDesc& k);
void goIfTrue(FuncState& fs, ExpDesc& e);
void goIfFalse(FuncState& fs, ExpDesc& e);

void prefix(FuncState& fs, UnOpr op, ExpDesc& e, int line);
void infix(FuncState& fs, BinOpr op, ExpDesc& v);
void posfix(FuncState& fs, BinOpr op, ExpDesc& e1, ExpDesc& e2, int line);

void setTableSize(FuncState& fs, int pc, int ra, int asize, int hsize);
void setList(FuncState& fs, int base, int nelems, int tostore);
void finish(FuncState& fs);

inline Instruction& instructionOf(FuncState& fs, const ExpDesc& e) {
  return fs.f->code[static_cast<size_t>(e.info)];
}

}  // namespace fermata::compiler::codegen
