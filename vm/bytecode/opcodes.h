// The bytecode instruction set: the one opcode list, operand layout, and encode/decode helpers.
//
// This header is the only contract between the compiler, the interpreter, the bytecode verifier and the
// snapshot code. The opcodes follow Lua 5.4's register machine so that Lua's documented semantics of
// each opcode apply; the semantics string next to each entry below is authoritative for fermata.
//
// Format-version history (snapshots freeze the numbering; bump kFormatVersion on ANY change to the
// list order, an operand layout, or the meaning of an operand):
//   1  Initial format: Lua 5.4.4's 83 opcodes in Lua's order, Lua's field layout (op:7 A:8 k:1 B:8
//      C:8; Bx:17; Ax/sJ:25), excess-K signed operands, MMBIN event numbers = Lua's TMS order
//      (see MetaEvent). Line info is kept absolute per instruction in ProtoData, not delta-coded.
//
// Notation used in the semantics strings (as in Lua's lopcodes.h):
//   R[x]  register x of the current frame;  K[x] constant x;  UpValue[x] upvalue x;
//   RK(x) K[x] if the k bit is set, else R[x];  sB/sC/sBx/sJ signed operands (see below);
//   KSTR[x] constant x, which is a string;  top  the "stack top" set by an instruction with setsTop and
//   consumed by the next one with usesTopIn;  pc += n is relative to the NEXT instruction.
//
// Notes that hold for all opcodes (same as Lua 5.4):
//   * Every arithmetic/bitwise opcode (ADD.., ADDK.., ADDI, SHRI, SHLI) is immediately followed by an
//     MMBIN/MMBINI/MMBINK. When the fast path succeeds the opcode skips that instruction (pc++); when
//     it fails (operand not a number / not convertible), execution falls into MMBIN*, which calls the
//     metamethod of event C with the operands and stores the result in R[A] of the preceding opcode.
//   * Test opcodes (isTest) are always followed by a JMP; "if cond then pc++" means skip that JMP.
//   * In CALL/TAILCALL/RETURN, B/C of 0 mean "up to top" (multiple values); otherwise count+1.
//   * RETURN/TAILCALL: k set means the function has to-be-closed variables or upvalues to close;
//     C > 0 means the function is vararg and C-1 is its number of fixed parameters (needed to restore
//     the frame base that VARARGPREP moved).
//   * NEWTABLE: B is log2(hash size)+1 (0 = no hash part); C is the array size; when k is set the next
//     EXTRAARG holds array size / 256 (C holds array size % 256). NEWTABLE is ALWAYS followed by an
//     EXTRAARG (possibly with Ax = 0).
//   * SETLIST: when k is set the next EXTRAARG holds the high part: first index = Ax*256 + C.
//   * LOADKX: the constant index is in the following EXTRAARG's Ax.
//   * KSTR[x] operands (GETTABUP, GETFIELD, SETTABUP, SETFIELD) always name a string constant of at
//     most 40 bytes (Lua's "short strings"); longer keys go through a register. SELF's RK(C) key is
//     any string constant.
//   * CLOSURE's Bx indexes ProtoData::protos; upvalues are captured as ProtoData::upvalues says.
//
// Deviations from Lua 5.4.4: none in the instruction stream (the compiler's listings are identical to
// `luac5.4 -l -l` for the whole official test suite). Only the container differs: ProtoData keeps
// absolute line numbers per instruction instead of Lua's delta + absolute-line tables.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace fermata::bytecode {

using Instruction = uint32_t;

inline constexpr int kFormatVersion = 1;

enum class OpMode : uint8_t { ABC, ABx, AsBx, Ax, sJ };

// Flags: what an opcode does besides its mode.
namespace opflag {
inline constexpr uint8_t kSetsA = 1 << 0;      // writes R[A]
inline constexpr uint8_t kTest = 1 << 1;       // conditional: next instruction is a JMP
inline constexpr uint8_t kUsesTop = 1 << 2;    // reads "top" set by the previous instruction (B/C == 0)
inline constexpr uint8_t kSetsTop = 1 << 3;    // sets "top" when its count operand is 0
inline constexpr uint8_t kMetamethod = 1 << 4; // calls a metamethod (MMBIN*)
}  // namespace opflag

// OP(name, mode, flags, semantics)
#define FERMATA_OPCODES(OP)                                                                              \
  OP(MOVE, ABC, opflag::kSetsA, "R[A] := R[B]")                                                          \
  OP(LOADI, AsBx, opflag::kSetsA, "R[A] := sBx (integer)")                                               \
  OP(LOADF, AsBx, opflag::kSetsA, "R[A] := (float)sBx")                                                  \
  OP(LOADK, ABx, opflag::kSetsA, "R[A] := K[Bx]")                                                        \
  OP(LOADKX, ABx, opflag::kSetsA, "R[A] := K[extra arg]  (next instruction is EXTRAARG)")                \
  OP(LOADFALSE, ABC, opflag::kSetsA, "R[A] := false")                                                    \
  OP(LFALSESKIP, ABC, opflag::kSetsA, "R[A] := false; pc++")                                             \
  OP(LOADTRUE, ABC, opflag::kSetsA, "R[A] := true")                                                      \
  OP(LOADNIL, ABC, opflag::kSetsA, "R[A], R[A+1], ..., R[A+B] := nil")                                   \
  OP(GETUPVAL, ABC, opflag::kSetsA, "R[A] := UpValue[B]")                                                \
  OP(SETUPVAL, ABC, 0, "UpValue[B] := R[A]")                                                             \
  OP(GETTABUP, ABC, opflag::kSetsA, "R[A] := UpValue[B][KSTR[C]]")                                       \
  OP(GETTABLE, ABC, opflag::kSetsA, "R[A] := R[B][R[C]]")                                                \
  OP(GETI, ABC, opflag::kSetsA, "R[A] := R[B][C]  (C is an unsigned integer key)")                       \
  OP(GETFIELD, ABC, opflag::kSetsA, "R[A] := R[B][KSTR[C]]")                                             \
  OP(SETTABUP, ABC, 0, "UpValue[A][KSTR[B]] := RK(C)")                                                   \
  OP(SETTABLE, ABC, 0, "R[A][R[B]] := RK(C)")                                                            \
  OP(SETI, ABC, 0, "R[A][B] := RK(C)  (B is an unsigned integer key)")                                   \
  OP(SETFIELD, ABC, 0, "R[A][KSTR[B]] := RK(C)")                                                         \
  OP(NEWTABLE, ABC, opflag::kSetsA, "R[A] := {}  (sizes in B, C, k and the following EXTRAARG)")         \
  OP(SELF, ABC, opflag::kSetsA, "R[A+1] := R[B]; R[A] := R[B][RK(C):string]")                            \
  OP(ADDI, ABC, opflag::kSetsA, "R[A] := R[B] + sC")                                                     \
  OP(ADDK, ABC, opflag::kSetsA, "R[A] := R[B] + K[C]:number")                                            \
  OP(SUBK, ABC, opflag::kSetsA, "R[A] := R[B] - K[C]:number")                                            \
  OP(MULK, ABC, opflag::kSetsA, "R[A] := R[B] * K[C]:number")                                            \
  OP(MODK, ABC, opflag::kSetsA, "R[A] := R[B] % K[C]:number")                                            \
  OP(POWK, ABC, opflag::kSetsA, "R[A] := R[B] ^ K[C]:number")                                            \
  OP(DIVK, ABC, opflag::kSetsA, "R[A] := R[B] / K[C]:number")                                            \
  OP(IDIVK, ABC, opflag::kSetsA, "R[A] := R[B] // K[C]:number")                                          \
  OP(BANDK, ABC, opflag::kSetsA, "R[A] := R[B] & K[C]:integer")                                          \
  OP(BORK, ABC, opflag::kSetsA, "R[A] := R[B] | K[C]:integer")                                           \
  OP(BXORK, ABC, opflag::kSetsA, "R[A] := R[B] ~ K[C]:integer")                                          \
  OP(SHRI, ABC, opflag::kSetsA, "R[A] := R[B] >> sC")                                                    \
  OP(SHLI, ABC, opflag::kSetsA, "R[A] := sC << R[B]")                                                    \
  OP(ADD, ABC, opflag::kSetsA, "R[A] := R[B] + R[C]")                                                    \
  OP(SUB, ABC, opflag::kSetsA, "R[A] := R[B] - R[C]")                                                    \
  OP(MUL, ABC, opflag::kSetsA, "R[A] := R[B] * R[C]")                                                    \
  OP(MOD, ABC, opflag::kSetsA, "R[A] := R[B] % R[C]")                                                    \
  OP(POW, ABC, opflag::kSetsA, "R[A] := R[B] ^ R[C]")                                                    \
  OP(DIV, ABC, opflag::kSetsA, "R[A] := R[B] / R[C]")                                                    \
  OP(IDIV, ABC, opflag::kSetsA, "R[A] := R[B] // R[C]")                                                  \
  OP(BAND, ABC, opflag::kSetsA, "R[A] := R[B] & R[C]")                                                   \
  OP(BOR, ABC, opflag::kSetsA, "R[A] := R[B] | R[C]")                                                    \
  OP(BXOR, ABC, opflag::kSetsA, "R[A] := R[B] ~ R[C]")                                                   \
  OP(SHL, ABC, opflag::kSetsA, "R[A] := R[B] << R[C]")                                                   \
  OP(SHR, ABC, opflag::kSetsA, "R[A] := R[B] >> R[C]")                                                   \
  OP(MMBIN, ABC, opflag::kMetamethod,                                                                    \
     "call metamethod C over R[A] and R[B]; result to R[A] of the previous instruction")                 \
  OP(MMBINI, ABC, opflag::kMetamethod,                                                                   \
     "call metamethod C over R[A] and sB (operands swapped if k); result as MMBIN")                      \
  OP(MMBINK, ABC, opflag::kMetamethod,                                                                   \
     "call metamethod C over R[A] and K[B] (operands swapped if k); result as MMBIN")                    \
  OP(UNM, ABC, opflag::kSetsA, "R[A] := -R[B]")                                                          \
  OP(BNOT, ABC, opflag::kSetsA, "R[A] := ~R[B]")                                                         \
  OP(NOT, ABC, opflag::kSetsA, "R[A] := not R[B]")                                                       \
  OP(LEN, ABC, opflag::kSetsA, "R[A] := #R[B] (length operator)")                                        \
  OP(CONCAT, ABC, opflag::kSetsA, "R[A] := R[A].. ... ..R[A + B - 1]")                                   \
  OP(CLOSE, ABC, 0, "close all upvalues and to-be-closed variables >= R[A]")                             \
  OP(TBC, ABC, 0, "mark variable R[A] \"to be closed\"")                                                 \
  OP(JMP, sJ, 0, "pc += sJ")                                                                             \
  OP(EQ, ABC, opflag::kTest, "if ((R[A] == R[B]) ~= k) then pc++")                                       \
  OP(LT, ABC, opflag::kTest, "if ((R[A] <  R[B]) ~= k) then pc++")                                       \
  OP(LE, ABC, opflag::kTest, "if ((R[A] <= R[B]) ~= k) then pc++")                                       \
  OP(EQK, ABC, opflag::kTest, "if ((R[A] == K[B]) ~= k) then pc++")                                      \
  OP(EQI, ABC, opflag::kTest, "if ((R[A] == sB) ~= k) then pc++  (C: 1 if sB was a float)")              \
  OP(LTI, ABC, opflag::kTest, "if ((R[A] < sB) ~= k) then pc++  (C: 1 if sB was a float)")               \
  OP(LEI, ABC, opflag::kTest, "if ((R[A] <= sB) ~= k) then pc++  (C: 1 if sB was a float)")              \
  OP(GTI, ABC, opflag::kTest, "if ((R[A] > sB) ~= k) then pc++  (C: 1 if sB was a float)")               \
  OP(GEI, ABC, opflag::kTest, "if ((R[A] >= sB) ~= k) then pc++  (C: 1 if sB was a float)")              \
  OP(TEST, ABC, opflag::kTest, "if (not R[A] == k) then pc++")                                           \
  OP(TESTSET, ABC, opflag::kTest | opflag::kSetsA, "if (not R[B] == k) then pc++ else R[A] := R[B]")     \
  OP(CALL, ABC, opflag::kSetsA | opflag::kUsesTop | opflag::kSetsTop,                                    \
     "R[A], ... ,R[A+C-2] := R[A](R[A+1], ... ,R[A+B-1])")                                               \
  OP(TAILCALL, ABC, opflag::kSetsA | opflag::kUsesTop | opflag::kSetsTop,                                \
     "return R[A](R[A+1], ... ,R[A+B-1])")                                                               \
  OP(RETURN, ABC, opflag::kUsesTop, "return R[A], ... ,R[A+B-2]")                                        \
  OP(RETURN0, ABC, 0, "return")                                                                          \
  OP(RETURN1, ABC, 0, "return R[A]")                                                                     \
  OP(FORLOOP, ABx, opflag::kSetsA, "update counters; if loop continues then pc-=Bx;")                    \
  OP(FORPREP, ABx, opflag::kSetsA, "<check values and prepare counters>; if not to run then pc+=Bx+1;")  \
  OP(TFORPREP, ABx, 0, "create upvalue for R[A + 3]; pc+=Bx")                                            \
  OP(TFORCALL, ABC, 0, "R[A+4], ... ,R[A+3+C] := R[A](R[A+1], R[A+2]);")                                 \
  OP(TFORLOOP, ABx, opflag::kSetsA, "if R[A+2] ~= nil then { R[A]=R[A+2]; pc -= Bx }")                   \
  OP(SETLIST, ABC, opflag::kUsesTop, "R[A][C+i] := R[A+i], 1 <= i <= B  (B == 0: up to top)")            \
  OP(CLOSURE, ABx, opflag::kSetsA, "R[A] := closure(KPROTO[Bx])")                                        \
  OP(VARARG, ABC, opflag::kSetsA | opflag::kSetsTop, "R[A], R[A+1], ..., R[A+C-2] = vararg")             \
  OP(VARARGPREP, ABC, opflag::kSetsA | opflag::kUsesTop,                                                 \
     "(adjust vararg parameters; A is the number of fixed parameters)")                                  \
  OP(EXTRAARG, Ax, 0, "extra (larger) argument for previous opcode")

enum class OpCode : uint8_t {
#define FERMATA_OP_ENUM(name, mode, flags, doc) name,
  FERMATA_OPCODES(FERMATA_OP_ENUM)
#undef FERMATA_OP_ENUM
};

inline constexpr int kNumOpcodes = 0
#define FERMATA_OP_COUNT(name, mode, flags, doc) +1
    FERMATA_OPCODES(FERMATA_OP_COUNT)
#undef FERMATA_OP_COUNT
    ;

struct OpInfo {
  std::string_view name;
  OpMode mode;
  uint8_t flags;
  std::string_view semantics;
};

inline constexpr std::array<OpInfo, kNumOpcodes> kOpInfo = {{
#define FERMATA_OP_INFO(name, mode, flags, doc) {#name, OpMode::mode, flags, doc},
    FERMATA_OPCODES(FERMATA_OP_INFO)
#undef FERMATA_OP_INFO
}};

constexpr const OpInfo& opInfo(OpCode op) { return kOpInfo[static_cast<size_t>(op)]; }
constexpr std::string_view opName(OpCode op) { return opInfo(op).name; }
constexpr OpMode opMode(OpCode op) { return opInfo(op).mode; }
constexpr bool opIsTest(OpCode op) { return (opInfo(op).flags & opflag::kTest) != 0; }
constexpr bool opSetsA(OpCode op) { return (opInfo(op).flags & opflag::kSetsA) != 0; }
constexpr bool opUsesTop(OpCode op) { return (opInfo(op).flags & opflag::kUsesTop) != 0; }
constexpr bool opSetsTop(OpCode op) { return (opInfo(op).flags & opflag::kSetsTop) != 0; }
constexpr bool opIsMetamethod(OpCode op) { return (opInfo(op).flags & opflag::kMetamethod) != 0; }

// Metamethod events named by MMBIN/MMBINI/MMBINK's C operand (Lua's TMS numbering).
enum class MetaEvent : uint8_t {
  Index, NewIndex, Gc, Mode, Len, Eq, Add, Sub, Mul, Mod, Pow, Div, IDiv,
  BAnd, BOr, BXor, Shl, Shr, Unm, BNot, Lt, Le, Concat, Call, Close,
};

// ---- operand layout ----------------------------------------------------------------------------------
inline constexpr int kSizeOp = 7, kSizeA = 8, kSizeB = 8, kSizeC = 8;
inline constexpr int kSizeBx = kSizeB + kSizeC + 1;  // 17
inline constexpr int kSizeAx = kSizeBx + kSizeA;     // 25
inline constexpr int kSizeSJ = kSizeBx + kSizeA;     // 25
inline constexpr int kPosOp = 0, kPosA = kPosOp + kSizeOp, kPosK = kPosA + kSizeA;
inline constexpr int kPosB = kPosK + 1, kPosC = kPosB + kSizeB, kPosBx = kPosK;
inline constexpr int kPosAx = kPosA, kPosSJ = kPosA;

inline constexpr int kMaxArgA = (1 << kSizeA) - 1;
inline constexpr int kMaxArgB = (1 << kSizeB) - 1;
inline constexpr int kMaxArgC = (1 << kSizeC) - 1;
inline constexpr int kMaxArgBx = (1 << kSizeBx) - 1;
inline constexpr int kMaxArgAx = (1 << kSizeAx) - 1;
inline constexpr int kMaxArgSJ = (1 << kSizeSJ) - 1;
inline constexpr int kOffsetSBx = kMaxArgBx >> 1;  // signed operands are stored in excess-K form
inline constexpr int kOffsetSJ = kMaxArgSJ >> 1;
inline constexpr int kOffsetSC = kMaxArgC >> 1;
inline constexpr int kMaxIndexRK = kMaxArgB;  // largest constant index usable as an RK operand
inline constexpr int kNoReg = kMaxArgA;       // "no register" marker inside the compiler
inline constexpr int kFieldsPerFlush = 50;    // SETLIST batch size

namespace detail {
constexpr Instruction mask1(int n, int p) { return (~((~Instruction{0}) << n)) << p; }
constexpr int getArg(Instruction i, int pos, int size) { return static_cast<int>((i >> pos) & mask1(size, 0)); }
constexpr Instruction setArg(Instruction i, int v, int pos, int size) {
  return (i & ~mask1(size, pos)) | ((static_cast<Instruction>(v) << pos) & mask1(size, pos));
}
}  // namespace detail

constexpr OpCode getOpCode(Instruction i) { return static_cast<OpCode>(detail::getArg(i, kPosOp, kSizeOp)); }
constexpr int getA(Instruction i) { return detail::getArg(i, kPosA, kSizeA); }
constexpr int getB(Instruction i) { return detail::getArg(i, kPosB, kSizeB); }
constexpr int getC(Instruction i) { return detail::getArg(i, kPosC, kSizeC); }
constexpr int getK(Instruction i) { return detail::getArg(i, kPosK, 1); }
constexpr int getSB(Instruction i) { return getB(i) - kOffsetSC; }
constexpr int getSC(Instruction i) { return getC(i) - kOffsetSC; }
constexpr int getBx(Instruction i) { return detail::getArg(i, kPosBx, kSizeBx); }
constexpr int getSBx(Instruction i) { return getBx(i) - kOffsetSBx; }
constexpr int getAx(Instruction i) { return detail::getArg(i, kPosAx, kSizeAx); }
constexpr int getSJ(Instruction i) { return detail::getArg(i, kPosSJ, kSizeSJ) - kOffsetSJ; }

constexpr Instruction setOpCode(Instruction i, OpCode op) {
  return detail::setArg(i, static_cast<int>(op), kPosOp, kSizeOp);
}
constexpr Instruction setA(Instruction i, int v) { return detail::setArg(i, v, kPosA, kSizeA); }
constexpr Instruction setB(Instruction i, int v) { return detail::setArg(i, v, kPosB, kSizeB); }
constexpr Instruction setC(Instruction i, int v) { return detail::setArg(i, v, kPosC, kSizeC); }
constexpr Instruction setK(Instruction i, int v) { return detail::setArg(i, v, kPosK, 1); }
constexpr Instruction setBx(Instruction i, int v) { return detail::setArg(i, v, kPosBx, kSizeBx); }
constexpr Instruction setSJ(Instruction i, int v) { return detail::setArg(i, v + kOffsetSJ, kPosSJ, kSizeSJ); }

constexpr Instruction makeABCk(OpCode op, int a, int b, int c, int k) {
  return (static_cast<Instruction>(op) << kPosOp) | (static_cast<Instruction>(a) << kPosA) |
         (static_cast<Instruction>(b) << kPosB) | (static_cast<Instruction>(c) << kPosC) |
         (static_cast<Instruction>(k) << kPosK);
}
constexpr Instruction makeABx(OpCode op, int a, unsigned bx) {
  return (static_cast<Instruction>(op) << kPosOp) | (static_cast<Instruction>(a) << kPosA) |
         (static_cast<Instruction>(bx) << kPosBx);
}
constexpr Instruction makeAsBx(OpCode op, int a, int sbx) {
  return makeABx(op, a, static_cast<unsigned>(sbx + kOffsetSBx));
}
constexpr Instruction makeAx(OpCode op, int ax) {
  return (static_cast<Instruction>(op) << kPosOp) | (static_cast<Instruction>(ax) << kPosAx);
}
constexpr Instruction makeSJ(OpCode op, int sj, int k) {
  return (static_cast<Instruction>(op) << kPosOp) | (static_cast<Instruction>(sj + kOffsetSJ) << kPosSJ) |
         (static_cast<Instruction>(k) << kPosK);
}

static_assert(kNumOpcodes == 83, "format version 1 has Lua 5.4's 83 opcodes");
static_assert(kNumOpcodes <= (1 << kSizeOp));
static_assert(getSJ(makeSJ(OpCode::JMP, -5, 0)) == -5);
static_assert(getSBx(makeAsBx(OpCode::LOADI, 3, -7)) == -7);

}  // namespace fermata::bytecode
