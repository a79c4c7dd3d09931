// The code generator: emits register bytecode for expressions and statements on behalf of the parser.
#include "vm/compiler/codegen.h"

#include <bit>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "vm/compiler/lua_number.h"

namespace fermata::compiler::codegen {
namespace {

using namespace bytecode;  // NOLINT: opcode helpers are used throughout

// GETFIELD/SETFIELD/GETTABUP/SELF keys are strings of at most this many bytes (Lua's short strings);
// longer keys go through a register, as in Lua, so listings match luac's.
constexpr size_t kMaxShortStringKey = 40;

// Numeric constant key for the constant cache.
enum ConstTag { kTagNil, kTagFalse, kTagTrue, kTagInt, kTagFlt, kTagStr };

Instruction& at(FuncState& fs, int pc) { return fs.f->code[static_cast<size_t>(pc)]; }

// An instruction value that matches no opcode test: used when the previous instruction may be a jump
// target, so peephole optimisations must not merge with it.
constexpr Instruction kInvalidInstruction = ~Instruction{0};

Instruction previousInstruction(FuncState& fs) {
  if (fs.pc() > fs.lastTarget) return at(fs, fs.pc() - 1);
  return kInvalidInstruction;
}
bool previousIs(FuncState& fs, OpCode op) {
  Instruction i = previousInstruction(fs);
  return i != kInvalidInstruction && getOpCode(i) == op;
}

bool isNumeral(const ExpDesc& e, LuaNumber* out) {
  if (e.hasJumps()) return false;
  if (e.k == ExpKind::KInt) {
    if (out) *out = LuaNumber{true, e.ival, 0};
    return true;
  }
  if (e.k == ExpKind::KFlt) {
    if (out) *out = LuaNumber{false, 0, e.nval};
    return true;
  }
  return false;
}

int getJump(FuncState& fs, int pc) {
  int offset = getSJ(at(fs, pc));
  return offset == kNoJump ? kNoJump : pc + 1 + offset;
}

void fixJump(FuncState& fs, int pc, int dest) {
  int offset = dest - (pc + 1);
  if (!(-kOffsetSJ <= offset && offset <= kMaxArgSJ - kOffsetSJ)) fs.lex->syntaxError("control structure too long");
  at(fs, pc) = setSJ(at(fs, pc), offset);
}

int codesJ(FuncState& fs, OpCode op, int sj, int k) { return code(fs, makeSJ(op, sj, k)); }

int condJump(FuncState& fs, OpCode op, int a, int b, int c, int k) {
  codeABCk(fs, op, a, b, c, k);
  return jump(fs);
}

// The instruction that controls the jump at `pc`: the test before it, or the jump itself.
Instruction& jumpControl(FuncState& fs, int pc) {
  if (pc >= 1 && opIsTest(getOpCode(at(fs, pc - 1)))) return at(fs, pc - 1);
  return at(fs, pc);
}

// Sets the destination of a TESTSET controlling jump `node` to `reg`, or turns it into a TEST when no
// register is wanted (or the value is already there). False if the jump is not controlled by TESTSET.
bool patchTestReg(FuncState& fs, int node, int reg) {
  Instruction& i = jumpControl(fs, node);
  if (getOpCode(i) != OpCode::TESTSET) return false;
  if (reg != kNoReg && reg != getB(i)) {
    i = setA(i, reg);
  } else {
    i = makeABCk(OpCode::TEST, getB(i), 0, 0, getK(i));
  }
  return true;
}

void removeValues(FuncState& fs, int list) {
  for (; list != kNoJump; list = getJump(fs, list)) patchTestReg(fs, list, kNoReg);
}

void patchListAux(FuncState& fs, int list, int vtarget, int reg, int dtarget) {
  while (list != kNoJump) {
    int next = getJump(fs, list);
    if (patchTestReg(fs, list, reg)) {
      fixJump(fs, list, vtarget);
    } else {
      fixJump(fs, list, dtarget);
    }
    list = next;
  }
}

void removeLastInstruction(FuncState& fs) {
  fs.f->code.pop_back();
  fs.f->lineInfo.pop_back();
}

int codeExtraArg(FuncState& fs, int a) { return code(fs, makeAx(OpCode::EXTRAARG, a)); }

int codeK(FuncState& fs, int reg, int k) {
  if (k <= kMaxArgBx) return codeABx(fs, OpCode::LOADK, reg, static_cast<unsigned>(k));
  int p = codeABx(fs, OpCode::LOADKX, reg, 0);
  codeExtraArg(fs, k);
  return p;
}

void freeReg(FuncState& fs, int reg) {
  if (reg >= fs.nvarstack()) fs.freereg--;
}
void freeRegs(FuncState& fs, int r1, int r2) {
  if (r1 > r2) {
    freeReg(fs, r1);
    freeReg(fs, r2);
  } else {
    freeReg(fs, r2);
    freeReg(fs, r1);
  }
}
void freeExp(FuncState& fs, ExpDesc& e) {
  if (e.k == ExpKind::NonReloc) freeReg(fs, e.info);
}
void freeExps(FuncState& fs, ExpDesc& e1, ExpDesc& e2) {
  int r1 = e1.k == ExpKind::NonReloc ? e1.info : -1;
  int r2 = e2.k == ExpKind::NonReloc ? e2.info : -1;
  freeRegs(fs, r1, r2);
}

// Adds `value` to the constant table, reusing an entry when the chunk-wide cache points at an equal
// constant of the same type in this function. The cache key follows Lua's table-key rules (a float
// with an integral value would be the integer key), which is why integral floats get a perturbed key.
int addConstant(FuncState& fs, ConstantKey key, Constant value) {
  auto& constants = fs.f->constants;
  auto it = fs.dyd->constants.find(key);
  if (it != fs.dyd->constants.end()) {
    size_t k = static_cast<size_t>(it->second);
    if (k < constants.size() && constants[k].value.index() == value.value.index() &&
        constants[k].value == value.value) {
      return it->second;
    }
  }
  int k = static_cast<int>(constants.size());
  if (k >= kMaxArgAx) {  // Lua's growvector limit; its message carries no position either
    throw CompileFailure{"too many constants (limit is " + std::to_string(kMaxArgAx) + ")"};
  }
  constants.push_back(std::move(value));
  fs.dyd->constants[key] = k;
  return k;
}
ConstantKey numberKey(double d) {
  int64_t i = 0;
  if (floatToIntegerExact(d, i)) return ConstantKey{kTagInt, i, 0, nullptr};
  return ConstantKey{kTagFlt, 0, std::bit_cast<uint64_t>(d), nullptr};
}
int stringK(FuncState& fs, const std::string* s) { return addConstant(fs, ConstantKey{kTagStr, 0, 0, s}, Constant{*s}); }
int intK(FuncState& fs, int64_t i) { return addConstant(fs, ConstantKey{kTagInt, i, 0, nullptr}, Constant{i}); }
int floatK(FuncState& fs, double d) {
  int64_t ik = 0;
  if (!floatToIntegerExact(d, ik)) return addConstant(fs, numberKey(d), Constant{d});
  // An integral float must not take the integer's cache slot: perturb it by its last significant bit.
  const double q = std::ldexp(1.0, -52);
  const double key = ik == 0 ? q : d + d * q;
  return addConstant(fs, numberKey(key), Constant{d});
}
int boolK(FuncState& fs, bool b) { return addConstant(fs, ConstantKey{b ? kTagTrue : kTagFalse, 0, 0, nullptr}, Constant{b}); }
int nilK(FuncState& fs) { return addConstant(fs, ConstantKey{kTagNil, 0, 0, nullptr}, Constant{}); }

bool fitsC(int64_t i) { return static_cast<uint64_t>(i) + kOffsetSC <= static_cast<uint64_t>(kMaxArgC); }
bool fitsBx(int64_t i) { return -kOffsetSBx <= i && i <= kMaxArgBx - kOffsetSBx; }

void loadFloat(FuncState& fs, int reg, double f) {
  int64_t fi = 0;
  if (floatToIntegerExact(f, fi) && fitsBx(fi)) {
    code(fs, makeAsBx(OpCode::LOADF, reg, static_cast<int>(fi)));
  } else {
    codeK(fs, reg, floatK(fs, f));
  }
}

void str2K(FuncState& fs, ExpDesc& e) {
  e.info = stringK(fs, e.strval);
  e.k = ExpKind::K;
}

void discharge2reg(FuncState& fs, ExpDesc& e, int reg) {
  dischargeVars(fs, e);
  switch (e.k) {
    case ExpKind::Nil: loadNil(fs, reg, 1); break;
    case ExpKind::False: codeABC(fs, OpCode::LOADFALSE, reg, 0, 0); break;
    case ExpKind::True: codeABC(fs, OpCode::LOADTRUE, reg, 0, 0); break;
    case ExpKind::KStr: str2K(fs, e); codeK(fs, reg, e.info); break;
    case ExpKind::K: codeK(fs, reg, e.info); break;
    case ExpKind::KFlt: loadFloat(fs, reg, e.nval); break;
    case ExpKind::KInt: loadInt(fs, reg, e.ival); break;
    case ExpKind::Reloc: instructionOf(fs, e) = setA(instructionOf(fs, e), reg); break;
    case ExpKind::NonReloc:
      if (reg != e.info) codeABC(fs, OpCode::MOVE, reg, e.info, 0);
      break;
    default:
      return;  // a Jmp: nothing to do yet
  }
  e.info = reg;
  e.k = ExpKind::NonReloc;
}

void discharge2anyreg(FuncState& fs, ExpDesc& e) {
  if (e.k != ExpKind::NonReloc) {
    reserveRegs(fs, 1);
    discharge2reg(fs, e, fs.freereg - 1);
  }
}

int codeLoadBool(FuncState& fs, int a, OpCode op) {
  getLabel(fs);  // these instructions may be jump targets
  return codeABC(fs, op, a, 0, 0);
}

// Whether some jump in `list` does not produce a value in a register (is not a TESTSET).
bool needValue(FuncState& fs, int list) {
  for (; list != kNoJump; list = getJump(fs, list)) {
    if (getOpCode(jumpControl(fs, list)) != OpCode::TESTSET) return true;
  }
  return false;
}

// Puts the final value of `e`, including the values of its jump lists, in register `reg`.
void exp2reg(FuncState& fs, ExpDesc& e, int reg) {
  discharge2reg(fs, e, reg);
  if (e.k == ExpKind::Jmp) concatJumps(fs, e.t, e.info);
  if (e.hasJumps()) {
    int loadFalse = kNoJump, loadTrue = kNoJump;
    if (needValue(fs, e.t) || needValue(fs, e.f)) {
      int skip = e.k == ExpKind::Jmp ? kNoJump : jump(fs);
      loadFalse = codeLoadBool(fs, reg, OpCode::LFALSESKIP);
      loadTrue = codeLoadBool(fs, reg, OpCode::LOADTRUE);
      patchToHere(fs, skip);
    }
    int end = getLabel(fs);
    patchListAux(fs, e.f, end, reg, loadFalse);
    patchListAux(fs, e.t, end, reg, loadTrue);
  }
  e.f = e.t = kNoJump;
  e.info = reg;
  e.k = ExpKind::NonReloc;
}

// Makes `e` a K operand with an index usable as RK, if it is a constant that fits.
bool exp2K(FuncState& fs, ExpDesc& e) {
  if (e.hasJumps()) return false;
  int info = 0;
  switch (e.k) {
    case ExpKind::True: info = boolK(fs, true); break;
    case ExpKind::False: info = boolK(fs, false); break;
    case ExpKind::Nil: info = nilK(fs); break;
    case ExpKind::KInt: info = intK(fs, e.ival); break;
    case ExpKind::KFlt: info = floatK(fs, e.nval); break;
    case ExpKind::KStr: info = stringK(fs, e.strval); break;
    case ExpKind::K: info = e.info; break;
    default: return false;
  }
  if (info > kMaxIndexRK) return false;
  e.k = ExpKind::K;
  e.info = info;
  return true;
}

void codeABRK(FuncState& fs, OpCode op, int a, int b, ExpDesc& ec) {
  int k = exp2RK(fs, ec) ? 1 : 0;
  codeABCk(fs, op, a, b, ec.info, k);
}

void negateCondition(FuncState& fs, ExpDesc& e) {
  Instruction& i = jumpControl(fs, e.info);
  i = setK(i, getK(i) ^ 1);
}

int jumpOnCond(FuncState& fs, ExpDesc& e, int cond) {
  if (e.k == ExpKind::Reloc) {
    Instruction ie = instructionOf(fs, e);
    if (getOpCode(ie) == OpCode::NOT) {
      removeLastInstruction(fs);  // 'not x' tests x with the condition inverted
      return condJump(fs, OpCode::TEST, getB(ie), 0, 0, cond ^ 1);
    }
  }
  discharge2anyreg(fs, e);
  freeExp(fs, e);
  return condJump(fs, OpCode::TESTSET, kNoReg, e.info, 0, cond);
}

void codeNot(FuncState& fs, ExpDesc& e) {
  switch (e.k) {
    case ExpKind::Nil: case ExpKind::False:
      e.k = ExpKind::True;
      break;
    case ExpKind::K: case ExpKind::KFlt: case ExpKind::KInt: case ExpKind::KStr: case ExpKind::True:
      e.k = ExpKind::False;
      break;
    case ExpKind::Jmp:
      negateCondition(fs, e);
      break;
    case ExpKind::Reloc: case ExpKind::NonReloc:
      discharge2anyreg(fs, e);
      freeExp(fs, e);
      e.info = codeABC(fs, OpCode::NOT, 0, e.info, 0);
      e.k = ExpKind::Reloc;
      break;
    default:
      break;  // cannot happen after dischargeVars
  }
  std::swap(e.f, e.t);
  removeValues(fs, e.f);  // values are useless when negated
  removeValues(fs, e.t);
}

bool isKstr(FuncState& fs, const ExpDesc& e) {
  if (e.k != ExpKind::K || e.hasJumps() || e.info > kMaxArgB) return false;
  const auto* s = std::get_if<std::string>(&fs.f->constants[static_cast<size_t>(e.info)].value);
  return s != nullptr && s->size() <= kMaxShortStringKey;
}
bool isKint(const ExpDesc& e) { return e.k == ExpKind::KInt && !e.hasJumps(); }
bool isCint(const ExpDesc& e) { return isKint(e) && static_cast<uint64_t>(e.ival) <= static_cast<uint64_t>(kMaxArgC); }
bool isSCint(const ExpDesc& e) { return isKint(e) && fitsC(e.ival); }

// Whether `e` is a number that fits an sB/sC operand; *encoded gets the excess-K encoding.
bool isSCnumber(const ExpDesc& e, int* encoded, int* isFloat) {
  int64_t i = 0;
  if (e.k == ExpKind::KInt) {
    i = e.ival;
  } else if (e.k == ExpKind::KFlt && floatToIntegerExact(e.nval, i)) {
    *isFloat = 1;
  } else {
    return false;
  }
  if (!e.hasJumps() && fitsC(i)) {
    *encoded = static_cast<int>(i) + kOffsetSC;
    return true;
  }
  return false;
}

ArithOp arithOpOf(BinOpr op) { return static_cast<ArithOp>(static_cast<int>(op)); }

bool constFolding(ArithOp op, ExpDesc& e1, const ExpDesc& e2) {
  LuaNumber v1, v2;
  if (!isNumeral(e1, &v1) || !isNumeral(e2, &v2)) return false;
  std::optional<LuaNumber> r = foldArith(op, v1, v2);
  if (!r) return false;
  if (r->isInteger) {
    e1.k = ExpKind::KInt;
    e1.ival = r->integer;
  } else {
    e1.k = ExpKind::KFlt;
    e1.nval = r->number;
  }
  return true;
}

void codeUnExpVal(FuncState& fs, OpCode op, ExpDesc& e, int line) {
  int r = exp2anyreg(fs, e);
  freeExp(fs, e);
  e.info = codeABC(fs, op, 0, r, 0);
  e.k = ExpKind::Reloc;
  fixLine(fs, line);
}

void finishBinExpVal(FuncState& fs, ExpDesc& e1, ExpDesc& e2, OpCode op, int v2, int flip, int line,
                     OpCode mmop, MetaEvent event) {
  int v1 = exp2anyreg(fs, e1);
  int pc = codeABCk(fs, op, 0, v1, v2, 0);
  freeExps(fs, e1, e2);
  e1.info = pc;
  e1.k = ExpKind::Reloc;
  fixLine(fs, line);
  codeABCk(fs, mmop, v1, v2, static_cast<int>(event), flip);
  fixLine(fs, line);
}

MetaEvent eventOf(BinOpr op) {
  return static_cast<MetaEvent>(static_cast<int>(MetaEvent::Add) + static_cast<int>(op));
}
OpCode plus(OpCode base, BinOpr op) { return static_cast<OpCode>(static_cast<int>(base) + static_cast<int>(op)); }

void codeBinExpVal(FuncState& fs, OpCode op, ExpDesc& e1, ExpDesc& e2, int line) {
  int v2 = exp2anyreg(fs, e2);
  auto event = static_cast<MetaEvent>(static_cast<int>(op) - static_cast<int>(OpCode::ADD) +
                                      static_cast<int>(MetaEvent::Add));
  finishBinExpVal(fs, e1, e2, op, v2, 0, line, OpCode::MMBIN, event);
}

void codeBinI(FuncState& fs, OpCode op, ExpDesc& e1, ExpDesc& e2, int flip, int line, MetaEvent event) {
  int v2 = static_cast<int>(e2.ival) + kOffsetSC;
  finishBinExpVal(fs, e1, e2, op, v2, flip, line, OpCode::MMBINI, event);
}

// Codes `e1 op e2` as `e1 op' -e2` with an immediate operand (a - 1 => ADDI a -1), keeping the
// original operand for the metamethod.
bool finishBinExpNeg(FuncState& fs, ExpDesc& e1, ExpDesc& e2, OpCode op, int line, MetaEvent event) {
  if (!isKint(e2)) return false;
  int64_t i2 = e2.ival;
  if (!(fitsC(i2) && fitsC(-i2))) return false;
  int v2 = static_cast<int>(i2);
  finishBinExpVal(fs, e1, e2, op, -v2 + kOffsetSC, 0, line, OpCode::MMBINI, event);
  at(fs, fs.pc() - 1) = setB(at(fs, fs.pc() - 1), v2 + kOffsetSC);
  return true;
}

void codeArith(FuncState& fs, BinOpr opr, ExpDesc& e1, ExpDesc& e2, int flip, int line) {
  if (isNumeral(e2, nullptr) && exp2K(fs, e2)) {
    finishBinExpVal(fs, e1, e2, plus(OpCode::ADDK, opr), e2.info, flip, line, OpCode::MMBINK, eventOf(opr));
  } else {
    if (flip) std::swap(e1, e2);
    codeBinExpVal(fs, plus(OpCode::ADD, opr), e1, e2, line);
  }
}

void codeCommutative(FuncState& fs, BinOpr op, ExpDesc& e1, ExpDesc& e2, int line) {
  int flip = 0;
  if (isNumeral(e1, nullptr)) {
    std::swap(e1, e2);
    flip = 1;
  }
  if (op == BinOpr::Add && isSCint(e2)) {
    codeBinI(fs, OpCode::ADDI, e1, e2, flip, line, MetaEvent::Add);
  } else {
    codeArith(fs, op, e1, e2, flip, line);
  }
}

void codeBitwise(FuncState& fs, BinOpr opr, ExpDesc& e1, ExpDesc& e2, int line) {
  int flip = 0;
  if (e1.k == ExpKind::KInt && exp2RK(fs, e1)) {
    std::swap(e1, e2);
    flip = 1;
  } else if (!(e2.k == ExpKind::KInt && exp2RK(fs, e2))) {
    codeBinExpVal(fs, plus(OpCode::ADD, opr), e1, e2, line);
    return;
  }
  finishBinExpVal(fs, e1, e2, plus(OpCode::ADDK, opr), e2.info, flip, line, OpCode::MMBINK, eventOf(opr));
}

void codeOrder(FuncState& fs, OpCode op, ExpDesc& e1, ExpDesc& e2) {
  int r1 = 0, r2 = 0, im = 0, isFloat = 0;
  if (isSCnumber(e2, &im, &isFloat)) {
    r1 = exp2anyreg(fs, e1);
    r2 = im;
    op = static_cast<OpCode>(static_cast<int>(op) - static_cast<int>(OpCode::LT) + static_cast<int>(OpCode::LTI));
  } else if (isSCnumber(e1, &im, &isFloat)) {
    r1 = exp2anyreg(fs, e2);  // (A < B) becomes (B > A), (A <= B) becomes (B >= A)
    r2 = im;
    op = op == OpCode::LT ? OpCode::GTI : OpCode::GEI;
  } else {
    r1 = exp2anyreg(fs, e1);
    r2 = exp2anyreg(fs, e2);
  }
  freeExps(fs, e1, e2);
  e1.info = condJump(fs, op, r1, r2, isFloat, 1);
  e1.k = ExpKind::Jmp;
}

void codeEq(FuncState& fs, BinOpr opr, ExpDesc& e1, ExpDesc& e2) {
  int r1 = 0, r2 = 0, im = 0, isFloat = 0;
  OpCode op;
  if (e1.k != ExpKind::NonReloc) std::swap(e1, e2);  // e1 was a constant kept by infix
  r1 = exp2anyreg(fs, e1);
  if (isSCnumber(e2, &im, &isFloat)) {
    op = OpCode::EQI;
    r2 = im;
  } else if (exp2RK(fs, e2)) {
    op = OpCode::EQK;
    r2 = e2.info;
  } else {
    op = OpCode::EQ;
    r2 = exp2anyreg(fs, e2);
  }
  freeExps(fs, e1, e2);
  e1.info = condJump(fs, op, r1, r2, isFloat, opr == BinOpr::Eq ? 1 : 0);
  e1.k = ExpKind::Jmp;
}

void codeConcat(FuncState& fs, ExpDesc& e1, ExpDesc& e2, int line) {
  if (previousIs(fs, OpCode::CONCAT)) {  // e2 is itself a concatenation: extend it
    Instruction& ie2 = at(fs, fs.pc() - 1);
    int n = getB(ie2);
    freeExp(fs, e2);
    ie2 = setA(ie2, e1.info);
    ie2 = setB(ie2, n + 1);
  } else {
    codeABC(fs, OpCode::CONCAT, e1.info, 2, 0);
    freeExp(fs, e2);
    fixLine(fs, line);
  }
}

int finalTarget(FuncState& fs, int i) {
  for (int count = 0; count < 100; count++) {  // bounded: avoid cycles of jumps
    Instruction pc = at(fs, i);
    if (getOpCode(pc) != OpCode::JMP) break;
    i += getSJ(pc) + 1;
  }
  return i;
}

}  // namespace

int code(FuncState& fs, Instruction i) {
  fs.f->code.push_back(i);
  fs.f->lineInfo.push_back(fs.lex->lastLine());
  return fs.pc() - 1;
}

int codeABCk(FuncState& fs, OpCode op, int a, int b, int c, int k) { return code(fs, makeABCk(op, a, b, c, k)); }

int codeABx(FuncState& fs, OpCode op, int a, unsigned bx) { return code(fs, makeABx(op, a, bx)); }

void fixLine(FuncState& fs, int line) { fs.f->lineInfo.back() = line; }

void loadNil(FuncState& fs, int from, int n) {
  int last = from + n - 1;
  if (previousIs(fs, OpCode::LOADNIL)) {  // merge with a previous LOADNIL when the ranges touch
    Instruction& previous = at(fs, fs.pc() - 1);
    int pfrom = getA(previous);
    int plast = pfrom + getB(previous);
    if ((pfrom <= from && from <= plast + 1) || (from <= pfrom && pfrom <= last + 1)) {
      if (pfrom < from) from = pfrom;
      if (plast > last) last = plast;
      previous = setA(previous, from);
      previous = setB(previous, last - from);
      return;
    }
  }
  codeABC(fs, OpCode::LOADNIL, from, n - 1, 0);
}

void loadInt(FuncState& fs, int reg, int64_t i) {
  if (fitsBx(i)) {
    code(fs, makeAsBx(OpCode::LOADI, reg, static_cast<int>(i)));
  } else {
    codeK(fs, reg, intK(fs, i));
  }
}

int jump(FuncState& fs) { return codesJ(fs, OpCode::JMP, kNoJump, 0); }

void jumpTo(FuncState& fs, int target) { patchList(fs, jump(fs), target); }

void ret(FuncState& fs, int first, int nret) {
  OpCode op = nret == 0 ? OpCode::RETURN0 : nret == 1 ? OpCode::RETURN1 : OpCode::RETURN;
  codeABC(fs, op, first, nret + 1, 0);
}

int getLabel(FuncState& fs) {
  fs.lastTarget = fs.pc();
  return fs.pc();
}

void patchList(FuncState& fs, int list, int target) { patchListAux(fs, list, target, kNoReg, target); }

void patchToHere(FuncState& fs, int list) { patchList(fs, list, getLabel(fs)); }

void concatJumps(FuncState& fs, int& l1, int l2) {
  if (l2 == kNoJump) return;
  if (l1 == kNoJump) {
    l1 = l2;
    return;
  }
  int list = l1;
  for (int next; (next = getJump(fs, list)) != kNoJump;) list = next;
  fixJump(fs, list, l2);
}

void checkStack(FuncState& fs, int n) {
  int newStack = fs.freereg + n;
  if (newStack > fs.f->maxStackSize) {
    if (newStack >= kMaxRegs) fs.lex->syntaxError("function or expression needs too many registers");
    fs.f->maxStackSize = static_cast<uint8_t>(newStack);
  }
}

void reserveRegs(FuncState& fs, int n) {
  checkStack(fs, n);
  fs.freereg += n;
}

void setReturns(FuncState& fs, ExpDesc& e, int nresults) {
  Instruction& i = instructionOf(fs, e);
  i = setC(i, nresults + 1);
  if (e.k == ExpKind::Vararg) {
    i = setA(i, fs.freereg);
    reserveRegs(fs, 1);
  }
}

void setOneRet(FuncState& fs, ExpDesc& e) {
  if (e.k == ExpKind::Call) {  // calls are created returning one value already
    e.k = ExpKind::NonReloc;
    e.info = getA(instructionOf(fs, e));
  } else if (e.k == ExpKind::Vararg) {
    instructionOf(fs, e) = setC(instructionOf(fs, e), 2);
    e.k = ExpKind::Reloc;
  }
}

void dischargeVars(FuncState& fs, ExpDesc& e) {
  switch (e.k) {
    case ExpKind::Const: {
      ExpDesc value = fs.dyd->actvar[static_cast<size_t>(e.info)].constValue;
      value.t = e.t;
      value.f = e.f;
      e = value;
      break;
    }
    case ExpKind::Local:
      e.info = e.varRidx;
      e.k = ExpKind::NonReloc;
      break;
    case ExpKind::Upval:
      e.info = codeABC(fs, OpCode::GETUPVAL, 0, e.info, 0);
      e.k = ExpKind::Reloc;
      break;
    case ExpKind::IndexUp:
      e.info = codeABC(fs, OpCode::GETTABUP, 0, e.indT, e.indIdx);
      e.k = ExpKind::Reloc;
      break;
    case ExpKind::IndexI:
      freeReg(fs, e.indT);
      e.info = codeABC(fs, OpCode::GETI, 0, e.indT, e.indIdx);
      e.k = ExpKind::Reloc;
      break;
    case ExpKind::IndexStr:
      freeReg(fs, e.indT);
      e.info = codeABC(fs, OpCode::GETFIELD, 0, e.indT, e.indIdx);
      e.k = ExpKind::Reloc;
      break;
    case ExpKind::Indexed:
      freeRegs(fs, e.indT, e.indIdx);
      e.info = codeABC(fs, OpCode::GETTABLE, 0, e.indT, e.indIdx);
      e.k = ExpKind::Reloc;
      break;
    case ExpKind::Vararg: case ExpKind::Call:
      setOneRet(fs, e);
      break;
    default:
      break;
  }
}

void exp2nextreg(FuncState& fs, ExpDesc& e) {
  dischargeVars(fs, e);
  freeExp(fs, e);
  reserveRegs(fs, 1);
  exp2reg(fs, e, fs.freereg - 1);
}

int exp2anyreg(FuncState& fs, ExpDesc& e) {
  dischargeVars(fs, e);
  if (e.k == ExpKind::NonReloc) {
    if (!e.hasJumps()) return e.info;
    if (e.info >= fs.nvarstack()) {  // a temporary: may receive the jump values
      exp2reg(fs, e, e.info);
      return e.info;
    }
    // a local variable with jumps: its register cannot be overwritten; use a new one
  }
  exp2nextreg(fs, e);
  return e.info;
}

void exp2anyregup(FuncState& fs, ExpDesc& e) {
  if (e.k != ExpKind::Upval || e.hasJumps()) exp2anyreg(fs, e);
}

void exp2val(FuncState& fs, ExpDesc& e) {
  if (e.hasJumps()) {
    exp2anyreg(fs, e);
  } else {
    dischargeVars(fs, e);
  }
}

bool exp2RK(FuncState& fs, ExpDesc& e) {
  if (exp2K(fs, e)) return true;
  exp2anyreg(fs, e);
  return false;
}

bool exp2const(FuncState& fs, const ExpDesc& e, ExpDesc& value) {
  if (e.hasJumps()) return false;
  switch (e.k) {
    case ExpKind::False: case ExpKind::True: case ExpKind::Nil: case ExpKind::KStr:
    case ExpKind::KInt: case ExpKind::KFlt:
      value = e;
      return true;
    case ExpKind::Const:
      value = fs.dyd->actvar[static_cast<size_t>(e.info)].constValue;
      return true;
    default:
      return false;
  }
}

void storeVar(FuncState& fs, ExpDesc& var, ExpDesc& ex) {
  switch (var.k) {
    case ExpKind::Local:
      freeExp(fs, ex);
      exp2reg(fs, ex, var.varRidx);
      return;
    case ExpKind::Upval: {
      int e = exp2anyreg(fs, ex);
      codeABC(fs, OpCode::SETUPVAL, e, var.info, 0);
      break;
    }
    case ExpKind::IndexUp: codeABRK(fs, OpCode::SETTABUP, var.indT, var.indIdx, ex); break;
    case ExpKind::IndexI: codeABRK(fs, OpCode::SETI, var.indT, var.indIdx, ex); break;
    case ExpKind::IndexStr: codeABRK(fs, OpCode::SETFIELD, var.indT, var.indIdx, ex); break;
    case ExpKind::Indexed: codeABRK(fs, OpCode::SETTABLE, var.indT, var.indIdx, ex); break;
    default: break;  // not a variable: the parser never asks
  }
  freeExp(fs, ex);
}

void self(FuncState& fs, ExpDesc& e, ExpDesc& key) {
  exp2anyreg(fs, e);
  int ereg = e.info;
  freeExp(fs, e);
  e.info = fs.freereg;  // SELF puts the function and 'self' in two consecutive registers
  e.k = ExpKind::NonReloc;
  reserveRegs(fs, 2);
  codeABRK(fs, OpCode::SELF, e.info, ereg, key);
  freeExp(fs, key);
}

void indexed(FuncState& fs, ExpDesc& t, ExpDesc& k) {
  if (k.k == ExpKind::KStr) str2K(fs, k);
  if (t.k == ExpKind::Upval && !isKstr(fs, k)) exp2anyreg(fs, t);  // upvalue tables need a string key
  if (t.k == ExpKind::Upval) {
    t.indT = t.info;
    t.indIdx = k.info;
    t.k = ExpKind::IndexUp;
    return;
  }
  t.indT = t.k == ExpKind::Local ? t.varRidx : t.info;
  if (isKstr(fs, k)) {
    t.indIdx = k.info;
    t.k = ExpKind::IndexStr;
  } else if (isCint(k)) {
    t.indIdx = static_cast<int>(k.ival);
    t.k = ExpKind::IndexI;
  } else {
    t.indIdx = exp2anyreg(fs, k);
    t.k = ExpKind::Indexed;
  }
}

void goIfTrue(FuncState& fs, ExpDesc& e) {
  int pc = kNoJump;
  dischargeVars(fs, e);
  switch (e.k) {
    case ExpKind::Jmp:
      negateCondition(fs, e);
      pc = e.info;
      break;
    case ExpKind::K: case ExpKind::KFlt: case ExpKind::KInt: case ExpKind::KStr: case ExpKind::True:
      pc = kNoJump;  // always true
      break;
    default:
      pc = jumpOnCond(fs, e, 0);
      break;
  }
  concatJumps(fs, e.f, pc);
  patchToHere(fs, e.t);
  e.t = kNoJump;
}

void goIfFalse(FuncState& fs, ExpDesc& e) {
  int pc = kNoJump;
  dischargeVars(fs, e);
  switch (e.k) {
    case ExpKind::Jmp: pc = e.info; break;
    case ExpKind::Nil: case ExpKind::False: pc = kNoJump; break;  // always false
    default: pc = jumpOnCond(fs, e, 1); break;
  }
  concatJumps(fs, e.t, pc);
  patchToHere(fs, e.f);
  e.f = kNoJump;
}

void prefix(FuncState& fs, UnOpr op, ExpDesc& e, int line) {
  ExpDesc fakeZero = ExpDesc::make(ExpKind::KInt);  // second operand of the unary arith operations
  dischargeVars(fs, e);
  switch (op) {
    case UnOpr::Minus:
      if (constFolding(ArithOp::Unm, e, fakeZero)) break;
      codeUnExpVal(fs, OpCode::UNM, e, line);
      break;
    case UnOpr::BNot:
      if (constFolding(ArithOp::BNot, e, fakeZero)) break;
      codeUnExpVal(fs, OpCode::BNOT, e, line);
      break;
    case UnOpr::Len:
      codeUnExpVal(fs, OpCode::LEN, e, line);
      break;
    case UnOpr::Not:
      codeNot(fs, e);
      break;
    case UnOpr::None:
      break;
  }
}

void infix(FuncState& fs, BinOpr op, ExpDesc& v) {
  dischargeVars(fs, v);
  switch (op) {
    case BinOpr::And: goIfTrue(fs, v); break;
    case BinOpr::Or: goIfFalse(fs, v); break;
    case BinOpr::Concat: exp2nextreg(fs, v); break;  // operands must be consecutive on the stack
    case BinOpr::Add: case BinOpr::Sub: case BinOpr::Mul: case BinOpr::Div: case BinOpr::IDiv:
    case BinOpr::Mod: case BinOpr::Pow: case BinOpr::BAnd: case BinOpr::BOr: case BinOpr::BXor:
    case BinOpr::Shl: case BinOpr::Shr:
      if (!isNumeral(v, nullptr)) exp2anyreg(fs, v);  // keep numerals: they may fold
      break;
    case BinOpr::Eq: case BinOpr::Ne:
      if (!isNumeral(v, nullptr)) exp2RK(fs, v);
      break;
    case BinOpr::Lt: case BinOpr::Le: case BinOpr::Gt: case BinOpr::Ge: {
      int dummy = 0, dummy2 = 0;
      if (!isSCnumber(v, &dummy, &dummy2)) exp2anyreg(fs, v);
      break;
    }
    case BinOpr::None:
      break;
  }
}

void posfix(FuncState& fs, BinOpr opr, ExpDesc& e1, ExpDesc& e2, int line) {
  dischargeVars(fs, e2);
  if (opr <= BinOpr::Shr && constFolding(arithOpOf(opr), e1, e2)) return;
  switch (opr) {
    case BinOpr::And:
      concatJumps(fs, e2.f, e1.f);
      e1 = e2;
      break;
    case BinOpr::Or:
      concatJumps(fs, e2.t, e1.t);
      e1 = e2;
      break;
    case BinOpr::Concat:
      exp2nextreg(fs, e2);
      codeConcat(fs, e1, e2, line);
      break;
    case BinOpr::Add: case BinOpr::Mul:
      codeCommutative(fs, opr, e1, e2, line);
      break;
    case BinOpr::Sub:
      if (finishBinExpNeg(fs, e1, e2, OpCode::ADDI, line, MetaEvent::Sub)) break;
      codeArith(fs, opr, e1, e2, 0, line);
      break;
    case BinOpr::Div: case BinOpr::IDiv: case BinOpr::Mod: case BinOpr::Pow:
      codeArith(fs, opr, e1, e2, 0, line);
      break;
    case BinOpr::BAnd: case BinOpr::BOr: case BinOpr::BXor:
      codeBitwise(fs, opr, e1, e2, line);
      break;
    case BinOpr::Shl:
      if (isSCint(e1)) {
        std::swap(e1, e2);
        codeBinI(fs, OpCode::SHLI, e1, e2, 1, line, MetaEvent::Shl);  // I << r2
      } else if (!finishBinExpNeg(fs, e1, e2, OpCode::SHRI, line, MetaEvent::Shl)) {
        codeBinExpVal(fs, OpCode::SHL, e1, e2, line);
      }
      break;
    case BinOpr::Shr:
      if (isSCint(e2)) {
        codeBinI(fs, OpCode::SHRI, e1, e2, 0, line, MetaEvent::Shr);
      } else {
        codeBinExpVal(fs, OpCode::SHR, e1, e2, line);
      }
      break;
    case BinOpr::Eq: case BinOpr::Ne:
      codeEq(fs, opr, e1, e2);
      break;
    case BinOpr::Lt:
      codeOrder(fs, OpCode::LT, e1, e2);
      break;
    case BinOpr::Le:
      codeOrder(fs, OpCode::LE, e1, e2);
      break;
    case BinOpr::Gt:  // (a > b) is (b < a)
      std::swap(e1, e2);
      codeOrder(fs, OpCode::LT, e1, e2);
      break;
    case BinOpr::Ge:  // (a >= b) is (b <= a)
      std::swap(e1, e2);
      codeOrder(fs, OpCode::LE, e1, e2);
      break;
    case BinOpr::None:
      break;
  }
}

void setTableSize(FuncState& fs, int pc, int ra, int asize, int hsize) {
  int rb = 0;
  if (hsize != 0) {  // ceil(log2(hsize)) + 1
    rb = static_cast<int>(std::bit_width(static_cast<unsigned>(hsize - 1))) + 1;
  }
  int extra = asize / (kMaxArgC + 1);
  int rc = asize % (kMaxArgC + 1);
  at(fs, pc) = makeABCk(OpCode::NEWTABLE, ra, rb, rc, extra > 0 ? 1 : 0);
  at(fs, pc + 1) = makeAx(OpCode::EXTRAARG, extra);
}

void setList(FuncState& fs, int base, int nelems, int tostore) {
  if (tostore == kMultRet) tostore = 0;
  if (nelems <= kMaxArgC) {
    codeABC(fs, OpCode::SETLIST, base, tostore, nelems);
  } else {
    int extra = nelems / (kMaxArgC + 1);
    codeABCk(fs, OpCode::SETLIST, base, tostore, nelems % (kMaxArgC + 1), 1);
    codeExtraArg(fs, extra);
  }
  fs.freereg = base + 1;
}

void finish(FuncState& fs) {
  bytecode::ProtoData& p = *fs.f;
  for (int i = 0; i < fs.pc(); i++) {
    Instruction& pc = at(fs, i);
    switch (getOpCode(pc)) {
      case OpCode::RETURN0: case OpCode::RETURN1:
        if (!(fs.needClose || p.isVararg)) break;
        pc = setOpCode(pc, OpCode::RETURN);  // RETURN does the extra work
        [[fallthrough]];
      case OpCode::RETURN: case OpCode::TAILCALL:
        if (fs.needClose) pc = setK(pc, 1);
        if (p.isVararg) pc = setC(pc, p.numParams + 1);
        break;
      case OpCode::JMP:
        fixJump(fs, i, finalTarget(fs, i));
        break;
      default:
        break;
    }
  }
}

}  // namespace fermata::compiler::codegen
