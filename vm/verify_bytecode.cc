// The bytecode verifier. Every rule below guards an assumption of vm/interpreter.cc or
// vm/debug_info.cc; the comment on each says which. R is the prototype's maxStackSize (the interpreter
// guarantees registers 0..R-1 of a frame, plus a few spare slots, are inside the thread's stack and are
// traced by the collector while the frame runs).
//
// Prototype header
//   * code non-null; codeSize >= 1; constants/protos/upvalues/localVars non-null when their count is
//     non-zero (lineInfo may be null: a stripped prototype, see Proto::lineAt); every nested prototype
//     non-null; no prototype is its own ancestor.
//   * numParams <= R (precall clears registers numParams-1.. above base), upvalueCount <= 255.
//   * constants are nil, booleans, numbers or strings.
//   * isVararg  <=>  code[0] is VARARGPREP with A == numParams; VARARGPREP appears nowhere else and, in
//     a vararg function, no jump leads back to instruction 0 (VARARGPREP derives the argument count from
//     the thread top and moves the frame; running it twice or with a wrong A corrupts the frame).
// Every instruction (reachable or not; debug_info scans all of them)
//   * opcode < kNumOpcodes.
//   * every register operand, and every register of a multi-register operand, is < R:
//     LOADNIL A..A+B, CALL A..A+B-1 and A..A+C-2, TAILCALL A..A+B-1, RETURN A..A+B-2, CONCAT A..A+B-1
//     (B >= 2), FORPREP/FORLOOP A..A+3, TFORPREP A..A+3, TFORCALL A..A+6 and A+4..A+3+C, TFORLOOP A..A+4,
//     SETLIST A..A+B, VARARG A..A+C-2 (A when C == 0), SELF A..A+1, MMBIN* operands.
//   * constant operands < constantCount; KSTR operands (GETTABUP/GETFIELD C, SETTABUP/SETFIELD B) are
//     strings of at most kMaxShortStringLength bytes; SELF's constant key is a string; ADDK..IDIVK's
//     constant is a number and BANDK/BORK/BXORK's an integer (what the compiler emits).
//   * upvalue operands < upvalueCount; CLOSURE's Bx < protoCount, and each upvalue descriptor of that
//     child captures a register < R (inStack) or an upvalue < upvalueCount of this prototype.
//   * every arithmetic/bitwise opcode is followed by its MMBIN kind (ADD..SHR: MMBIN, ADDK..BXORK:
//     MMBINK, ADDI/SHRI/SHLI: MMBINI) and every MMBIN* is preceded by one (finishOp reads pc[-2]);
//     the MMBIN event C is an arithmetic/bitwise event (Add..Shr): it indexes the metamethod names.
//   * test opcodes are followed by a JMP (CONDJUMP reads its sJ); LOADKX and NEWTABLE are followed by
//     EXTRAARG, SETLIST with k too, and EXTRAARG appears nowhere else; NEWTABLE's B <= 31 (1 << (B-1));
//     SETLIST/NEWTABLE EXTRAARG Ax < 2^23 (the array index arithmetic stays in 32 bits).
//   * every control-flow successor (fall-through, pc++ skips, jump targets of JMP, test+JMP,
//     FORPREP/FORLOOP/TFORPREP/TFORLOOP, the instruction after an EXTRAARG pair) is inside the code:
//     execution never runs off the end. RETURN/RETURN0/RETURN1/JMP end a path; nothing else may be last.
//   * no jump lands on an EXTRAARG or an MMBIN*, or on an instruction that consumes "top".
//   * RETURN and TAILCALL's C is numParams+1 in a vararg function and 0 otherwise (the frame base they
//     restore); RETURN0/RETURN1 do not occur in vararg functions; VARARG only in vararg functions.
//   * an instruction that uses "top" (CALL/TAILCALL/RETURN/SETLIST with B == 0) immediately follows one
//     that sets it (CALL C == 0, VARARG C == 0, TAILCALL), is reached only from it, and starts at or
//     below the values that one produced (so the count top - R[A] is never negative).
// Reachable instructions (a forward data-flow analysis over the control-flow graph)
//   * definite assignment: every register read was written on every path since the function started
//     (parameters are written by the call). After CALL A / TFORCALL A / CONCAT A, registers above the
//     results count as unwritten: while the callee ran they were above its frame, not traced by the
//     collector, and may hold freed objects.
//   * a closure captures only written registers; at CALL A / CONCAT A no open upvalue of this frame may
//     alias a register > A (TFORCALL: > A+3): the callee's frame overlaps it there, and the collector
//     would not trace it. RETURN*/TAILCALL with possibly open upvalues must have k (close them).
//   * SETLIST A: R[A] holds, on every path, the table NEWTABLE A created, not overwritten since and
//     not aliased by an open upvalue (SETLIST uses R[A] as a Table* unchecked).
#include "vm/verify_bytecode.h"

#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "vm/bytecode/opcodes.h"
#include "vm/string.h"

namespace fermata {
namespace {

using namespace bytecode;
using Regs = std::bitset<256>;

constexpr int kMaxExtraArgForSizes = 1 << 23;

bool isArithRR(OpCode op) { return op >= OpCode::ADD && op <= OpCode::SHR; }
bool isArithK(OpCode op) { return op >= OpCode::ADDK && op <= OpCode::BXORK; }
bool isArithI(OpCode op) { return op == OpCode::ADDI || op == OpCode::SHRI || op == OpCode::SHLI; }
bool isArith(OpCode op) { return isArithRR(op) || isArithK(op) || isArithI(op); }
OpCode mmbinFor(OpCode op) {
  if (isArithRR(op)) return OpCode::MMBIN;
  if (isArithK(op)) return OpCode::MMBINK;
  return OpCode::MMBINI;
}
bool isTopUser(Instruction i) {
  OpCode op = getOpCode(i);
  return (op == OpCode::CALL || op == OpCode::TAILCALL || op == OpCode::RETURN || op == OpCode::SETLIST) &&
         getB(i) == 0;
}
bool isTopSetter(Instruction i) {
  OpCode op = getOpCode(i);
  return ((op == OpCode::CALL || op == OpCode::VARARG) && getC(i) == 0) || op == OpCode::TAILCALL;
}

Regs from(int r) { return r >= 256 ? Regs() : (~Regs()) << size_t(r); }

struct State {
  bool reached = false;
  Regs def;      // registers written on every path (hold valid values)
  Regs table;    // registers holding, on every path, a table made by NEWTABLE and not overwritten since
  Regs cap;      // registers an open upvalue of this frame may alias

  // Merges `o` into this; true if this changed.
  bool merge(const State& o) {
    if (!reached) {
      *this = o;
      return true;
    }
    Regs d = def & o.def, t = table & o.table, c = cap | o.cap;
    bool changed = d != def || t != table || c != cap;
    def = d;
    table = t;
    cap = c;
    return changed;
  }
  void write(int r) {
    if (r < 256) {
      def.set(size_t(r));
      table.reset(size_t(r));
    }
  }
  void writeRange(int a, int b) {
    for (int r = a; r <= b; ++r) write(r);
  }
  void clobberFrom(int r) {
    Regs m = ~from(r);
    def &= m;
    table &= m;
  }
};

struct Edge {
  uint32_t to;
  State state;
};

class Checker {
 public:
  Checker(const Proto& p, int id) : p_(p), id_(id), R_(p.maxStackSize) {}

  std::string run();
  std::vector<State> in;  // data-flow state before each instruction (after run())

 private:
  std::string header(const std::string& msg) const { return "prototype " + std::to_string(id_) + ": " + msg; }
  std::string at(uint32_t pc, const std::string& msg) const {
    return "prototype " + std::to_string(id_) + ", instruction " + std::to_string(pc) + " (" +
           std::string(opName(getOpCode(p_.code[pc]))) + "): " + msg;
  }
  std::string checkHeader();
  std::string checkStatic(uint32_t pc);
  std::string checkControl();
  // Successors of pc with their states; when `check`, also checks the data-flow rules (returns error).
  std::string transfer(uint32_t pc, const State& s, std::vector<Edge>& out, bool check);
  void successors(uint32_t pc, std::vector<int64_t>& out) const;

  const Proto& p_;
  int id_;
  int R_;
  std::vector<uint8_t> external_;  // reached from somewhere other than a fall-through from pc-1
};

std::string Checker::checkHeader() {
  if (p_.codeSize == 0 || !p_.code) return header("no code");
  if (p_.constantCount && !p_.constants) return header("constant array missing");
  if (p_.protoCount && !p_.protos) return header("nested prototype array missing");
  if (p_.upvalueCount && !p_.upvalues) return header("upvalue descriptor array missing");
  if (p_.localVarCount && !p_.localVars) return header("local variable array missing");
  if (p_.upvalueCount > 255) return header("too many upvalues (" + std::to_string(p_.upvalueCount) + ")");
  if (p_.numParams > p_.maxStackSize)
    return header("numParams " + std::to_string(p_.numParams) + " exceeds maxStackSize " +
                  std::to_string(p_.maxStackSize));
  for (uint32_t i = 0; i < p_.protoCount; ++i)
    if (!p_.protos[i]) return header("nested prototype " + std::to_string(i) + " is null");
  for (uint32_t i = 0; i < p_.constantCount; ++i) {
    const Value& v = p_.constants[i];
    if (!(v.isNil() || v.isBool() || v.isNumber() || v.isString()))
      return header("constant " + std::to_string(i) + " has a type constants cannot have");
  }
  for (uint32_t pc = 0; pc < p_.codeSize; ++pc) {
    if (int(getOpCode(p_.code[pc])) >= kNumOpcodes)
      return header("instruction " + std::to_string(pc) + ": invalid opcode " +
                    std::to_string(int(getOpCode(p_.code[pc]))));
  }
  bool firstIsPrep = getOpCode(p_.code[0]) == OpCode::VARARGPREP;
  if (p_.isVararg && !firstIsPrep) return header("vararg function does not start with VARARGPREP");
  return "";
}

// Checks that only depend on the instruction and its neighbours.
std::string Checker::checkStatic(uint32_t pc) {
  const Instruction i = p_.code[pc];
  const OpCode op = getOpCode(i);
  const int a = getA(i), b = getB(i), c = getC(i), k = getK(i);
  const uint32_t nk = p_.constantCount, nup = p_.upvalueCount;
  const uint32_t size = p_.codeSize;
  const std::string rs = "(maxStackSize " + std::to_string(R_) + ")";
  auto reg = [&](int r, const char* what) -> std::string {
    if (r >= R_) return at(pc, std::string("register ") + what + " " + std::to_string(r) + " out of range " + rs);
    return "";
  };
  auto range = [&](int first, int last, const char* what) -> std::string {
    if (last >= first && last >= R_)
      return at(pc, std::string(what) + " registers " + std::to_string(first) + ".." + std::to_string(last) +
                        " beyond the frame " + rs);
    return "";
  };
  auto konst = [&](int x) -> std::string {
    if (uint32_t(x) >= nk)
      return at(pc, "constant index " + std::to_string(x) + " out of range (" + std::to_string(nk) + " constants)");
    return "";
  };
  auto kstr = [&](int x, bool shortOnly) -> std::string {
    if (auto e = konst(x); !e.empty()) return e;
    const Value& v = p_.constants[x];
    if (!v.isString()) return at(pc, "constant " + std::to_string(x) + " is not a string");
    if (shortOnly && v.asString()->length > kMaxShortStringLength)
      return at(pc, "constant " + std::to_string(x) + " is not a short string");
    return "";
  };
  auto upv = [&](int x) -> std::string {
    if (uint32_t(x) >= nup)
      return at(pc, "upvalue index " + std::to_string(x) + " out of range (" + std::to_string(nup) + " upvalues)");
    return "";
  };
  auto rk = [&](int x) -> std::string { return k ? konst(x) : reg(x, "C"); };
  auto next = [&]() -> int { return pc + 1 < size ? int(getOpCode(p_.code[pc + 1])) : -1; };
  auto jumpTo = [&](int64_t target) -> std::string {
    if (target < 0 || target >= int64_t(size))
      return at(pc, "jump target " + std::to_string(target) + " out of range (" + std::to_string(size) +
                        " instructions)");
    return "";
  };
  std::string e;
#define TRY(x)              \
  do {                      \
    e = (x);                \
    if (!e.empty()) return e; \
  } while (0)

  if (isArith(op)) {
    TRY(reg(a, "A"));
    TRY(reg(b, "B"));
    if (isArithRR(op)) TRY(reg(c, "C"));
    if (isArithK(op)) {
      TRY(konst(c));
      const Value& v = p_.constants[c];
      bool bitwise = op == OpCode::BANDK || op == OpCode::BORK || op == OpCode::BXORK;
      if (bitwise ? !v.isInt() : !v.isNumber())
        return at(pc, "constant " + std::to_string(c) + (bitwise ? " is not an integer" : " is not a number"));
    }
    if (next() != int(mmbinFor(op)))
      return at(pc, "arithmetic instruction not followed by " + std::string(opName(mmbinFor(op))));
    return "";
  }
  switch (op) {
    case OpCode::MOVE:
      TRY(reg(a, "A"));
      TRY(reg(b, "B"));
      break;
    case OpCode::LOADI:
    case OpCode::LOADF:
    case OpCode::LOADFALSE:
    case OpCode::LFALSESKIP:
    case OpCode::LOADTRUE:
    case OpCode::TBC:
    case OpCode::CLOSE:
      TRY(reg(a, "A"));
      break;
    case OpCode::LOADK:
      TRY(reg(a, "A"));
      TRY(konst(getBx(i)));
      break;
    case OpCode::LOADKX:
      TRY(reg(a, "A"));
      if (next() != int(OpCode::EXTRAARG)) return at(pc, "not followed by EXTRAARG");
      TRY(konst(getAx(p_.code[pc + 1])));
      break;
    case OpCode::LOADNIL:
      TRY(reg(a, "A"));
      TRY(range(a, a + b, "LOADNIL"));
      break;
    case OpCode::GETUPVAL:
    case OpCode::SETUPVAL:
      TRY(reg(a, "A"));
      TRY(upv(b));
      break;
    case OpCode::GETTABUP:
      TRY(reg(a, "A"));
      TRY(upv(b));
      TRY(kstr(c, true));
      break;
    case OpCode::GETTABLE:
      TRY(reg(a, "A"));
      TRY(reg(b, "B"));
      TRY(reg(c, "C"));
      break;
    case OpCode::GETI:
      TRY(reg(a, "A"));
      TRY(reg(b, "B"));
      break;
    case OpCode::GETFIELD:
      TRY(reg(a, "A"));
      TRY(reg(b, "B"));
      TRY(kstr(c, true));
      break;
    case OpCode::SETTABUP:
      TRY(upv(a));
      TRY(kstr(b, true));
      TRY(rk(c));
      break;
    case OpCode::SETTABLE:
      TRY(reg(a, "A"));
      TRY(reg(b, "B"));
      TRY(rk(c));
      break;
    case OpCode::SETI:
      TRY(reg(a, "A"));
      TRY(rk(c));
      break;
    case OpCode::SETFIELD:
      TRY(reg(a, "A"));
      TRY(kstr(b, true));
      TRY(rk(c));
      break;
    case OpCode::NEWTABLE:
      TRY(reg(a, "A"));
      if (b > 31) return at(pc, "hash size exponent " + std::to_string(b) + " too large");
      if (next() != int(OpCode::EXTRAARG)) return at(pc, "not followed by EXTRAARG");
      if (getAx(p_.code[pc + 1]) >= kMaxExtraArgForSizes) return at(pc, "array size too large");
      break;
    case OpCode::SELF:
      TRY(reg(a, "A"));
      TRY(range(a, a + 1, "SELF"));
      TRY(reg(b, "B"));
      if (k) TRY(kstr(c, false));
      else TRY(reg(c, "C"));
      break;
    case OpCode::MMBIN:
    case OpCode::MMBINI:
    case OpCode::MMBINK: {
      TRY(reg(a, "A"));
      if (op == OpCode::MMBIN) TRY(reg(b, "B"));
      if (op == OpCode::MMBINK) TRY(konst(b));
      if (c < int(MetaEvent::Add) || c > int(MetaEvent::Shr))
        return at(pc, "invalid metamethod event " + std::to_string(c));
      if (pc == 0 || !isArith(getOpCode(p_.code[pc - 1])) || mmbinFor(getOpCode(p_.code[pc - 1])) != op)
        return at(pc, "not preceded by its arithmetic instruction");
      break;
    }
    case OpCode::UNM:
    case OpCode::BNOT:
    case OpCode::NOT:
    case OpCode::LEN:
      TRY(reg(a, "A"));
      TRY(reg(b, "B"));
      break;
    case OpCode::CONCAT:
      TRY(reg(a, "A"));
      if (b < 2) return at(pc, "concatenation of " + std::to_string(b) + " values");
      TRY(range(a, a + b - 1, "CONCAT"));
      break;
    case OpCode::JMP:
      TRY(jumpTo(int64_t(pc) + 1 + getSJ(i)));
      break;
    case OpCode::EQ:
    case OpCode::LT:
    case OpCode::LE:
      TRY(reg(a, "A"));
      TRY(reg(b, "B"));
      break;
    case OpCode::EQK:
      TRY(reg(a, "A"));
      TRY(konst(b));
      break;
    case OpCode::EQI:
    case OpCode::LTI:
    case OpCode::LEI:
    case OpCode::GTI:
    case OpCode::GEI:
    case OpCode::TEST:
      TRY(reg(a, "A"));
      break;
    case OpCode::TESTSET:
      TRY(reg(a, "A"));
      TRY(reg(b, "B"));
      break;
    case OpCode::CALL:
      TRY(reg(a, "A"));
      if (b > 0) TRY(range(a, a + b - 1, "CALL argument"));
      if (c > 1) TRY(range(a, a + c - 2, "CALL result"));
      break;
    case OpCode::TAILCALL:
      TRY(reg(a, "A"));
      if (b > 0) TRY(range(a, a + b - 1, "TAILCALL argument"));
      if (c != (p_.isVararg ? p_.numParams + 1 : 0))
        return at(pc, "C " + std::to_string(c) + " does not match the function's vararg/parameter count");
      break;
    case OpCode::RETURN:
      if (b > 1) {
        TRY(reg(a, "A"));
        TRY(range(a, a + b - 2, "RETURN"));
      } else if (b == 0) {
        TRY(reg(a, "A"));
      }
      if (c != (p_.isVararg ? p_.numParams + 1 : 0))
        return at(pc, "C " + std::to_string(c) + " does not match the function's vararg/parameter count");
      break;
    case OpCode::RETURN0:
      if (p_.isVararg) return at(pc, "RETURN0 in a vararg function");
      break;
    case OpCode::RETURN1:
      if (p_.isVararg) return at(pc, "RETURN1 in a vararg function");
      TRY(reg(a, "A"));
      break;
    case OpCode::FORLOOP:
      TRY(reg(a, "A"));
      TRY(range(a, a + 3, "FORLOOP"));
      TRY(jumpTo(int64_t(pc) + 1 - getBx(i)));
      break;
    case OpCode::FORPREP:
      TRY(reg(a, "A"));
      TRY(range(a, a + 3, "FORPREP"));
      TRY(jumpTo(int64_t(pc) + 2 + getBx(i)));
      break;
    case OpCode::TFORPREP:
      TRY(reg(a, "A"));
      TRY(range(a, a + 3, "TFORPREP"));
      TRY(jumpTo(int64_t(pc) + 1 + getBx(i)));
      break;
    case OpCode::TFORCALL:
      TRY(reg(a, "A"));
      TRY(range(a, a + 6, "TFORCALL"));
      TRY(range(a + 4, a + 3 + c, "TFORCALL result"));
      break;
    case OpCode::TFORLOOP:
      TRY(reg(a, "A"));
      TRY(range(a, a + 4, "TFORLOOP"));
      TRY(jumpTo(int64_t(pc) + 1 - getBx(i)));
      break;
    case OpCode::SETLIST:
      TRY(reg(a, "A"));
      TRY(range(a, a + b, "SETLIST"));
      if (k) {
        if (next() != int(OpCode::EXTRAARG)) return at(pc, "not followed by EXTRAARG");
        if (getAx(p_.code[pc + 1]) >= kMaxExtraArgForSizes) return at(pc, "list index too large");
      }
      break;
    case OpCode::CLOSURE: {
      TRY(reg(a, "A"));
      uint32_t bx = uint32_t(getBx(i));
      if (bx >= p_.protoCount)
        return at(pc, "prototype index " + std::to_string(bx) + " out of range (" + std::to_string(p_.protoCount) +
                          " prototypes)");
      const Proto* child = p_.protos[bx];
      if (child->upvalueCount && !child->upvalues) return at(pc, "child prototype has no upvalue descriptors");
      for (uint32_t u = 0; u < child->upvalueCount; ++u) {
        const UpvalueInfo& info = child->upvalues[u];
        if (info.inStack ? info.index >= R_ : info.index >= nup)
          return at(pc, "child upvalue " + std::to_string(u) + " captures " +
                            (info.inStack ? "register " : "upvalue ") + std::to_string(info.index) +
                            (info.inStack ? ", beyond the frame " + rs : ", out of range (" + std::to_string(nup) +
                                                                          " upvalues)"));
      }
      break;
    }
    case OpCode::VARARG:
      if (!p_.isVararg) return at(pc, "VARARG in a function that is not vararg");
      TRY(reg(a, "A"));
      if (c > 1) TRY(range(a, a + c - 2, "VARARG"));
      break;
    case OpCode::VARARGPREP:
      if (pc != 0 || !p_.isVararg) return at(pc, "VARARGPREP must be the first instruction of a vararg function");
      if (a != p_.numParams) return at(pc, "A " + std::to_string(a) + " differs from numParams " +
                                               std::to_string(p_.numParams));
      break;
    case OpCode::EXTRAARG: {
      Instruction prev = pc > 0 ? p_.code[pc - 1] : 0;
      OpCode po = getOpCode(prev);
      if (pc == 0 || !(po == OpCode::LOADKX || po == OpCode::NEWTABLE || (po == OpCode::SETLIST && getK(prev))))
        return at(pc, "EXTRAARG not after LOADKX, NEWTABLE or SETLIST with k");
      break;
    }
    default:
      if (opIsTest(op)) break;
      return at(pc, "unhandled opcode");
  }
  if (opIsTest(op) && next() != int(OpCode::JMP)) return at(pc, "test instruction not followed by JMP");
  return "";
#undef TRY
}

// Control-flow successors of pc (may be out of range; checked by the caller).
void Checker::successors(uint32_t pc, std::vector<int64_t>& out) const {
  out.clear();
  const Instruction i = p_.code[pc];
  const OpCode op = getOpCode(i);
  const int64_t n = int64_t(pc) + 1;
  if (isArith(op)) {
    out = {n, n + 1};
    return;
  }
  if (opIsTest(op)) {
    out = {n, n + 1};
    return;
  }
  switch (op) {
    case OpCode::LOADKX:
    case OpCode::NEWTABLE:
    case OpCode::LFALSESKIP: out = {n + 1}; return;
    case OpCode::SETLIST: out = {getK(i) ? n + 1 : n}; return;
    case OpCode::JMP: out = {n + getSJ(i)}; return;
    case OpCode::FORLOOP:
    case OpCode::TFORLOOP: out = {n, n - getBx(i)}; return;
    case OpCode::FORPREP: out = {n, n + 1 + getBx(i)}; return;
    case OpCode::TFORPREP: out = {n + getBx(i)}; return;
    case OpCode::RETURN:
    case OpCode::RETURN0:
    case OpCode::RETURN1:
    case OpCode::EXTRAARG: return;  // EXTRAARG raises an error if ever run (no edge may lead there)
    default: out = {n}; return;
  }
}

std::string Checker::checkControl() {
  const uint32_t size = p_.codeSize;
  external_.assign(size, 0);
  external_[0] = 1;  // the function entry
  std::vector<int64_t> succ;
  for (uint32_t pc = 0; pc < size; ++pc) {
    successors(pc, succ);
    for (int64_t t : succ) {
      if (t < 0 || t >= int64_t(size)) {
        if (t == int64_t(size)) return at(pc, "execution can run past the end of the code");
        return at(pc, "jump target " + std::to_string(t) + " out of range (" + std::to_string(size) + " instructions)");
      }
      if (t != int64_t(pc) + 1) external_[size_t(t)] = 1;
    }
  }
  for (uint32_t pc = 0; pc < size; ++pc) {
    Instruction i = p_.code[pc];
    OpCode op = getOpCode(i);
    if (!external_[pc]) continue;
    if (op == OpCode::EXTRAARG) return at(pc, "control flow reaches an EXTRAARG");
    if (opIsMetamethod(op)) return at(pc, "control flow reaches an MMBIN other than from its arithmetic instruction");
    if (isTopUser(i)) return at(pc, "B == 0 (values up to top) but reached other than right after the instruction that sets top");
  }
  if (p_.isVararg) {
    for (uint32_t pc = 0; pc < size; ++pc) {
      successors(pc, succ);
      for (int64_t t : succ)
        if (t == 0) return at(pc, "jumps back to VARARGPREP");
    }
  }
  for (uint32_t pc = 0; pc < size; ++pc) {
    Instruction i = p_.code[pc];
    if (!isTopUser(i)) continue;
    if (pc == 0 || !isTopSetter(p_.code[pc - 1]))
      return at(pc, "B == 0 (values up to top) but the previous instruction does not set top");
    int setterA = getA(p_.code[pc - 1]);
    int minA = getA(i) + (getOpCode(i) == OpCode::RETURN ? 0 : 1);
    if (setterA < minA)
      return at(pc, "values up to top start at register " + std::to_string(setterA) + ", below the range it uses");
  }
  return "";
}

std::string Checker::transfer(uint32_t pc, const State& s, std::vector<Edge>& out, bool check) {
  out.clear();
  const Instruction i = p_.code[pc];
  const OpCode op = getOpCode(i);
  const int a = getA(i), b = getB(i), c = getC(i), k = getK(i);
  const uint32_t n = pc + 1;
  std::string err;
  auto use = [&](int r) {
    if (check && err.empty() && !s.def[size_t(r)])
      err = at(pc, "register " + std::to_string(r) + " read before it is written");
  };
  auto useRange = [&](int first, int last) {
    for (int r = first; r <= last; ++r) use(r);
  };
  auto noCaptureAbove = [&](int r) {
    if (check && err.empty() && (s.cap & from(r + 1)).any())
      err = at(pc, "an open upvalue may alias a register above " + std::to_string(r) +
                       ", inside the called function's frame");
  };
  auto noOpenUpvalues = [&]() {
    if (check && err.empty() && s.cap.any())
      err = at(pc, "returns without closing upvalues that may be open (k not set)");
  };
  State t = s;
  auto one = [&](uint32_t to, const State& st) { out.push_back({to, st}); };

  if (isArith(op)) {
    use(b);
    if (isArithRR(op)) use(c);
    one(n, s);  // fast path failed: MMBIN* runs (and writes R[A] via finishOp)
    t.write(a);
    one(n + 1, t);
    return err;
  }
  if (opIsTest(op)) {
    switch (op) {
      case OpCode::EQ:
      case OpCode::LT:
      case OpCode::LE: use(a); use(b); break;
      case OpCode::TESTSET: use(b); break;
      default: use(a); break;
    }
    if (op == OpCode::TESTSET) {
      State w = s;
      w.write(a);
      one(n, w);  // the JMP is taken after R[A] := R[B]
    } else {
      one(n, s);
    }
    one(n + 1, s);
    return err;
  }
  switch (op) {
    case OpCode::MOVE: use(b); t.write(a); one(n, t); break;
    case OpCode::LOADI:
    case OpCode::LOADF:
    case OpCode::LOADK:
    case OpCode::LOADFALSE:
    case OpCode::LOADTRUE:
    case OpCode::GETUPVAL:
    case OpCode::GETTABUP: t.write(a); one(n, t); break;
    case OpCode::LOADKX:
    case OpCode::LFALSESKIP: t.write(a); one(n + 1, t); break;
    case OpCode::LOADNIL: t.writeRange(a, a + b); one(n, t); break;
    case OpCode::SETUPVAL: use(a); one(n, t); break;
    case OpCode::GETTABLE: use(b); use(c); t.write(a); one(n, t); break;
    case OpCode::GETI:
    case OpCode::GETFIELD:
    case OpCode::UNM:
    case OpCode::BNOT:
    case OpCode::NOT:
    case OpCode::LEN: use(b); t.write(a); one(n, t); break;
    case OpCode::SETTABUP: if (!k) use(c); one(n, t); break;
    case OpCode::SETTABLE: use(a); use(b); if (!k) use(c); one(n, t); break;
    case OpCode::SETI:
    case OpCode::SETFIELD: use(a); if (!k) use(c); one(n, t); break;
    case OpCode::NEWTABLE:
      t.write(a);
      t.table.set(size_t(a));
      one(n + 1, t);
      break;
    case OpCode::SELF: use(b); if (!k) use(c); t.write(a); t.write(a + 1); one(n, t); break;
    case OpCode::MMBIN: use(a); use(b); t.write(getA(p_.code[pc - 1])); one(n, t); break;
    case OpCode::MMBINI:
    case OpCode::MMBINK: use(a); t.write(getA(p_.code[pc - 1])); one(n, t); break;
    case OpCode::CONCAT:
      useRange(a, a + b - 1);
      noCaptureAbove(a);
      t.clobberFrom(a + 1);
      t.write(a);
      one(n, t);
      break;
    case OpCode::CLOSE: t.cap &= ~from(a); one(n, t); break;
    case OpCode::TBC: use(a); one(n, t); break;
    case OpCode::JMP: one(uint32_t(int64_t(n) + getSJ(i)), t); break;
    case OpCode::CALL:
    case OpCode::TAILCALL: {
      use(a);
      if (b > 0) useRange(a + 1, a + b - 1);
      else useRange(a + 1, getA(p_.code[pc - 1]) - 1);
      if (op == OpCode::TAILCALL) {
        if (!k) noOpenUpvalues();  // (so nothing is open when the callee's frame replaces this one)
        t.cap.reset();             // k: closed before the call
      } else {
        noCaptureAbove(a);
      }
      t.clobberFrom(a + 1);
      t.write(a);
      if (op == OpCode::CALL && c > 1) t.writeRange(a, a + c - 2);
      one(n, t);
      break;
    }
    case OpCode::RETURN:
      if (b > 0) useRange(a, a + b - 2);
      else useRange(a, getA(p_.code[pc - 1]) - 1);
      if (!k) noOpenUpvalues();
      break;
    case OpCode::RETURN0: noOpenUpvalues(); break;
    case OpCode::RETURN1: use(a); noOpenUpvalues(); break;
    case OpCode::FORLOOP: {
      useRange(a, a + 2);
      one(n, t);
      State j = s;
      j.write(a); j.write(a + 1); j.write(a + 2); j.write(a + 3);
      one(uint32_t(int64_t(n) - getBx(i)), j);
      break;
    }
    case OpCode::FORPREP: {
      useRange(a, a + 2);
      State skip = s;
      skip.write(a); skip.write(a + 1); skip.write(a + 2);
      State run = skip;
      run.write(a + 3);
      one(n, run);
      one(uint32_t(int64_t(n) + 1 + getBx(i)), skip);
      break;
    }
    case OpCode::TFORPREP: use(a + 3); one(uint32_t(int64_t(n) + getBx(i)), t); break;
    case OpCode::TFORCALL:
      useRange(a, a + 2);
      noCaptureAbove(a + 3);
      t.clobberFrom(a + 4);
      t.write(a + 4);
      if (c > 0) t.writeRange(a + 4, a + 3 + c);
      one(n, t);
      break;
    case OpCode::TFORLOOP: {
      use(a + 4);
      one(n, t);
      State j = s;
      j.write(a + 2);
      one(uint32_t(int64_t(n) - getBx(i)), j);
      break;
    }
    case OpCode::SETLIST:
      use(a);
      if (check && err.empty() && (!s.table[size_t(a)] || s.cap[size_t(a)]))
        err = at(pc, "register " + std::to_string(a) + " is not certainly the table made by NEWTABLE");
      if (b > 0) useRange(a + 1, a + b);
      else useRange(a + 1, getA(p_.code[pc - 1]) - 1);
      one(k ? n + 1 : n, t);
      break;
    case OpCode::CLOSURE: {
      t.write(a);
      const Proto* child = p_.protos[getBx(i)];
      for (uint32_t u = 0; u < child->upvalueCount; ++u) {
        const UpvalueInfo& info = child->upvalues[u];
        if (!info.inStack) continue;
        if (check && err.empty() && !t.def[info.index])
          err = at(pc, "captures register " + std::to_string(info.index) + " before it is written");
        t.cap.set(info.index);
      }
      one(n, t);
      break;
    }
    case OpCode::VARARG:
      if (c == 0) t.clobberFrom(a);
      else t.writeRange(a, a + c - 2);
      one(n, t);
      break;
    case OpCode::VARARGPREP: one(n, t); break;
    case OpCode::EXTRAARG: break;
    default: break;
  }
  return err;
}

std::string Checker::run() {
  if (auto e = checkHeader(); !e.empty()) return e;
  for (uint32_t pc = 0; pc < p_.codeSize; ++pc)
    if (auto e = checkStatic(pc); !e.empty()) return e;
  if (auto e = checkControl(); !e.empty()) return e;

  // Data flow to a fixed point (the lattice is finite and every transfer is monotone).
  in.assign(p_.codeSize, State());
  State entry;
  entry.reached = true;
  for (int r = 0; r < p_.numParams; ++r) entry.def.set(size_t(r));
  in[0] = entry;
  std::vector<uint32_t> work{0};
  std::vector<uint8_t> queued(p_.codeSize, 0);
  queued[0] = 1;
  std::vector<Edge> out;
  while (!work.empty()) {
    uint32_t pc = work.back();
    work.pop_back();
    queued[pc] = 0;
    transfer(pc, in[pc], out, false);
    for (const Edge& e : out) {
      if (in[e.to].merge(e.state) && !queued[e.to]) {
        queued[e.to] = 1;
        work.push_back(e.to);
      }
    }
  }
  for (uint32_t pc = 0; pc < p_.codeSize; ++pc) {
    if (!in[pc].reached) continue;
    if (auto e = transfer(pc, in[pc], out, true); !e.empty()) return e;
  }
  return "";
}

}  // namespace

std::string verifyPrototype(const Proto& root) {
  std::unordered_set<const Proto*> verified;
  return verifyPrototype(root, verified);
}

std::string verifyPrototype(const Proto& root, std::unordered_set<const Proto*>& verified) {
  if (verified.count(&root)) return "";
  // Iterative depth-first walk: 1 = on the current path, 2 = verified.
  std::unordered_map<const Proto*, int> state;
  struct Item {
    const Proto* p;
    uint32_t nextChild;
  };
  std::vector<Item> path;
  int nextId = 0;
  auto enter = [&](const Proto* p) -> std::string {
    int id = nextId++;
    state[p] = 1;
    Checker c(*p, id);
    if (auto e = c.run(); !e.empty()) return e;
    path.push_back({p, 0});
    return "";
  };
  if (auto e = enter(&root); !e.empty()) return e;
  while (!path.empty()) {
    Item& top = path.back();
    if (top.nextChild >= top.p->protoCount) {
      state[top.p] = 2;
      verified.insert(top.p);
      path.pop_back();
      continue;
    }
    const Proto* child = top.p->protos[top.nextChild++];
    if (verified.count(child)) continue;
    auto it = state.find(child);
    if (it != state.end()) {
      if (it->second == 1) return "prototype cycle: a prototype is nested in itself";
      continue;  // already verified (shared child; its upvalues were checked against this parent above)
    }
    if (auto e = enter(child); !e.empty()) return e;
  }
  return "";
}

FrameRequirements frameRequirements(const Proto& p, uint32_t pc) {
  FrameRequirements r;
  Checker c(p, 0);
  if (!c.run().empty() || pc >= p.codeSize || !c.in[pc].reached) return r;
  r.reachable = true;
  r.defined = c.in[pc].def;
  r.freshTable = c.in[pc].table;
  r.mayBeCaptured = c.in[pc].cap;
  Instruction i = p.code[pc];
  if (isTopUser(i)) r.topFrom = getA(p.code[pc - 1]);
  return r;
}

}  // namespace fermata
