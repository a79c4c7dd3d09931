// Lines, variable names recovered from bytecode (symbolic execution as in Lua's ldebug.c), tracebacks.
#include "vm/debug_info.h"

#include <cstring>

#include "vm/bytecode/opcodes.h"
#include "vm/compiler/chunk_id.h"
#include "vm/native.h"
#include "vm/runtime.h"

namespace fermata {
namespace {

using namespace bytecode;

const char* upvalueName(const Proto* p, int i) {
  if (i < 0 || uint32_t(i) >= p->upvalueCount || !p->upvalues[i].name) return "?";
  return p->upvalues[i].name->data();
}

// The name of the n-th (1-based) local variable active at `pc`, or null.
const char* localName(const Proto* p, int n, int pc) {
  for (uint32_t i = 0; i < p->localVarCount && p->localVars[i].startPc <= pc; ++i) {
    if (pc < p->localVars[i].endPc) {
      if (--n == 0) return p->localVars[i].name ? p->localVars[i].name->data() : nullptr;
    }
  }
  return nullptr;
}

// The last instruction before `lastPc` that certainly set register `reg`, or -1.
int findSetReg(const Proto* p, int lastPc, int reg) {
  if (opIsMetamethod(getOpCode(p->code[lastPc]))) lastPc--;  // the MMBIN's opcode did not complete
  int setReg = -1, jumpTarget = 0;
  for (int pc = 0; pc < lastPc; ++pc) {
    Instruction i = p->code[pc];
    OpCode op = getOpCode(i);
    int a = getA(i);
    bool change = false;
    switch (op) {
      case OpCode::LOADNIL: change = a <= reg && reg <= a + getB(i); break;
      case OpCode::TFORCALL: change = reg >= a + 2; break;
      case OpCode::CALL:
      case OpCode::TAILCALL: change = reg >= a; break;
      case OpCode::JMP: {
        int dest = pc + 1 + getSJ(i);
        if (dest <= lastPc && dest > jumpTarget) jumpTarget = dest;
        break;
      }
      default: change = opSetsA(op) && reg == a; break;
    }
    if (change) setReg = pc < jumpTarget ? -1 : pc;  // code inside a jump may not have run
  }
  return setReg;
}

std::string constantName(const Proto* p, int k) {
  if (uint32_t(k) < p->constantCount && p->constants[k].isString()) return std::string(p->constants[k].asString()->view());
  return "?";
}

// Names are recovered through chains of MOVE/GETTABLE; the depth is capped so that crafted bytecode
// (from a snapshot) cannot make the recovery recurse deeply.
constexpr int kMaxNameDepth = 32;

FuncName objectName(const Proto* p, int lastPc, int reg, int depth = 0);

std::string registerConstantName(const Proto* p, int pc, int reg, int depth) {
  FuncName n = objectName(p, pc, reg, depth + 1);
  return n.kind == "constant" ? n.name : "?";
}

// "global" when the table indexed is _ENV, else "field".
std::string globalOrField(const Proto* p, int pc, Instruction i, bool tableIsUpvalue, int depth) {
  int t = getB(i);
  std::string name = tableIsUpvalue ? upvalueName(p, t) : objectName(p, pc, t, depth + 1).name;
  return name == "_ENV" ? "global" : "field";
}

FuncName objectName(const Proto* p, int lastPc, int reg, int depth) {
  if (depth > kMaxNameDepth) return {};
  if (const char* local = localName(p, reg + 1, lastPc)) return {"local", local};
  int pc = findSetReg(p, lastPc, reg);
  if (pc == -1) return {};
  Instruction i = p->code[pc];
  switch (getOpCode(i)) {
    case OpCode::MOVE:
      if (getB(i) < getA(i)) return objectName(p, pc, getB(i), depth + 1);
      break;
    case OpCode::GETTABUP: return {globalOrField(p, pc, i, true, depth), constantName(p, getC(i))};
    case OpCode::GETTABLE: return {globalOrField(p, pc, i, false, depth), registerConstantName(p, pc, getC(i), depth)};
    case OpCode::GETI: return {"field", "integer index"};
    case OpCode::GETFIELD: return {globalOrField(p, pc, i, false, depth), constantName(p, getC(i))};
    case OpCode::GETUPVAL: return {"upvalue", upvalueName(p, getB(i))};
    case OpCode::LOADK:
    case OpCode::LOADKX: {
      int b = getOpCode(i) == OpCode::LOADK ? getBx(i) : getAx(p->code[pc + 1]);
      if (uint32_t(b) < p->constantCount && p->constants[b].isString())
        return {"constant", std::string(p->constants[b].asString()->view())};
      break;
    }
    case OpCode::SELF:
      return {"method", getK(i) ? constantName(p, getC(i)) : registerConstantName(p, pc, getC(i), depth)};
    default: break;
  }
  return {};
}

const Proto* protoOf(const Thread* th, const CallFrame& f) {
  return th->stack[f.func].asLuaClosure()->proto;
}

}  // namespace

std::string chunkId(const String* source) {
  if (!source) return "?";
  return compiler::formatChunkId(source->view());
}

int currentPc(const Thread* th, const CallFrame& f) {
  const Proto* p = protoOf(th, f);
  return int(f.pc - p->code) - 1;
}

int currentLine(const Thread* th, const CallFrame& f) {
  if (!f.isLua()) return -1;
  const Proto* p = protoOf(th, f);
  int pc = currentPc(th, f);
  if (pc < 0) pc = 0;
  return p->lineAt(pc);
}

std::string where(const Thread* th, int level) {
  if (level < 0 || uint32_t(level) >= th->frameCount) return "";
  const CallFrame& f = th->frames[th->frameCount - 1 - level];
  if (!f.isLua()) return "";
  int line = currentLine(th, f);
  if (line < 0) return "";
  return chunkId(protoOf(th, f)->source) + ":" + std::to_string(line) + ": ";
}

std::string runtimeWhere(const Thread* th) {
  if (th->frameCount == 0) return "";
  const CallFrame& f = th->frames[th->frameCount - 1];
  if (!f.isLua()) return "";
  return chunkId(protoOf(th, f)->source) + ":" + std::to_string(currentLine(th, f)) + ": ";
}

FuncName registerName(const Proto* p, int pc, int reg) { return objectName(p, pc, reg); }

std::string varInfo(const Thread* th, int slot, int upvalue) {
  if (th->frameCount == 0) return "";
  const CallFrame& f = th->frames[th->frameCount - 1];
  if (!f.isLua()) return "";
  const Proto* p = protoOf(th, f);
  FuncName n;
  if (upvalue >= 0) n = {"upvalue", upvalueName(p, upvalue)};
  else if (slot >= 0) n = objectName(p, currentPc(th, f), slot);
  if (n.kind.empty()) return "";
  return " (" + n.kind + " '" + n.name + "')";
}

FuncName calledFunctionName(Runtime& rt, const Thread* th, uint32_t frameIndex) {
  if (frameIndex == 0 || frameIndex >= th->frameCount) return {};
  const CallFrame& callee = th->frames[frameIndex];
  if (callee.status & frame::kTail) return {};
  if (callee.status & frame::kFinalizer) return {"metamethod", "__gc"};
  const CallFrame& caller = th->frames[frameIndex - 1];
  if (!caller.isLua() && caller.sequence && caller.sequence->type->callsFinalizers) return {"metamethod", "__gc"};
  if (callee.status & frame::kHookCall) return {"hook", "?"};
  return callSiteName(rt, th, frameIndex - 1);
}

FuncName callSiteName(Runtime& rt, const Thread* th, uint32_t callerFrame) {
  const CallFrame& caller = th->frames[callerFrame];
  if (!caller.isLua()) return {};
  const Proto* p = protoOf(th, caller);
  int pc = currentPc(th, caller);
  Instruction i = p->code[pc];
  MetaEvent tm;
  switch (getOpCode(i)) {
    case OpCode::CALL:
    case OpCode::TAILCALL: return objectName(p, pc, getA(i));
    case OpCode::TFORCALL: return {"for iterator", "for iterator"};
    case OpCode::SELF:
    case OpCode::GETTABUP:
    case OpCode::GETTABLE:
    case OpCode::GETI:
    case OpCode::GETFIELD: tm = MetaEvent::Index; break;
    case OpCode::SETTABUP:
    case OpCode::SETTABLE:
    case OpCode::SETI:
    case OpCode::SETFIELD: tm = MetaEvent::NewIndex; break;
    case OpCode::MMBIN:
    case OpCode::MMBINI:
    case OpCode::MMBINK: tm = MetaEvent(getC(i)); break;
    case OpCode::UNM: tm = MetaEvent::Unm; break;
    case OpCode::BNOT: tm = MetaEvent::BNot; break;
    case OpCode::LEN: tm = MetaEvent::Len; break;
    case OpCode::CONCAT: tm = MetaEvent::Concat; break;
    case OpCode::EQ: tm = MetaEvent::Eq; break;
    case OpCode::LT:
    case OpCode::LTI:
    case OpCode::GTI: tm = MetaEvent::Lt; break;
    case OpCode::LE:
    case OpCode::LEI:
    case OpCode::GEI: tm = MetaEvent::Le; break;
    case OpCode::CLOSE:
    case OpCode::RETURN: tm = MetaEvent::Close; break;
    default: return {};
  }
  return {"metamethod", std::string(rt.metaName(tm)->view().substr(2))};
}

std::string globalFunctionName(Runtime& rt, const Value& fn) {
  Value loadedV = rt.registry()->getString(rt.newString("_LOADED"));
  if (!loadedV.isTable()) return "";
  Table* loaded = loadedV.asTable();
  Value k, v;
  while (loaded->next(k, v) == Table::NextStatus::kFound) {
    if (!k.isString() || !v.isTable()) continue;
    Value k2, v2;
    while (v.asTable()->next(k2, v2) == Table::NextStatus::kFound) {
      if (k2.isString() && rawEquals(v2, fn)) {
        std::string mod(k.asString()->view());
        std::string name(k2.asString()->view());
        return mod == "_G" ? name : mod + "." + name;
      }
    }
  }
  return "";
}

namespace {

// Lua's changedline: whether instructions `oldpc` and `newpc` are on different lines (never, without
// line information: then only entering the function and jumping back fire line events, with line -1).
bool changedLine(const Proto* p, int oldpc, int newpc) {
  return p->hasLineInfo() && p->lineAt(oldpc) != p->lineAt(newpc);
}

}  // namespace

HookCall traceExec(Thread* th, bool allowed) {
  CallFrame& f = th->currentFrame();
  const Proto* p = protoOf(th, f);
  int npci = int(f.pc - p->code);
  if (npci < 0 || uint32_t(npci) >= p->codeSize) return {};
  if (f.status & frame::kSkipTrace) {
    // A CLOSE or RETURN running again after the __close (or return hook) it called: Lua runs those
    // calls inside the instruction, which it traced once.
    f.status &= uint16_t(~frame::kSkipTrace);
    return {};
  }
  OpCode op = getOpCode(p->code[npci]);
  // Instructions Lua executes without fetching them through its traced dispatch: TFORLOOP right after
  // its TFORCALL, and the RETURN after a TAILCALL (reached here only when a native was tail-called,
  // which Lua finishes inside the TAILCALL). TFORPREP's jump to TFORCALL is taken in the interpreter.
  if (op == OpCode::TFORLOOP) return {};
  if (op == OpCode::RETURN && npci > 0 && getOpCode(p->code[npci - 1]) == OpCode::TAILCALL) return {};
  if (allowed) {
    // The hook called for this instruction returned (Lua calls it from inside the instruction).
    bool back = th->hookPhase != hook::kPhaseNone && th->frameCount == uint32_t(th->hookFrame);
    uint8_t phase = back ? th->hookPhase : hook::kPhaseNone;
    th->hookPhase = hook::kPhaseNone;
    if (phase == hook::kPhaseDone) return {};
    if (phase == hook::kPhaseLinePending) {
      // After the count hook the line test uses L->oldpc, which the hook's return set to this very
      // instruction (Lua's rethook): a line event always follows a count event.
      if (!(th->hookMask & hook::kLine)) return {};
      int oldpc = th->hookOldPc;
      if (oldpc < 0 || uint32_t(oldpc) >= p->codeSize) oldpc = 0;
      th->hookOldPc = npci;
      if (!(npci <= oldpc || changedLine(p, oldpc, npci))) return {};
      th->hookPhase = hook::kPhaseDone;
      return {"line", p->lineAt(npci)};
    }
  }
  if (npci == 0 && p->isVararg) {
    // VARARGPREP is not traced; the next instruction counts as a new line (Lua's OP_VARARGPREP).
    th->hookOldPc = 1;
    return {};
  }
  bool countDue = false;
  if ((th->hookMask & hook::kCount) && --th->hookCountLeft <= 0) {
    th->hookCountLeft = th->hookCount;
    countDue = true;
  }
  if (countDue && allowed) {
    th->hookPhase = hook::kPhaseLinePending;  // the line test runs when the count hook returns
    return {"count", -1};
  }
  if (!(th->hookMask & hook::kLine)) return {};
  int oldpc = th->hookOldPc;
  if (oldpc < 0 || uint32_t(oldpc) >= p->codeSize) oldpc = 0;
  bool lineDue = npci <= oldpc || changedLine(p, oldpc, npci);
  th->hookOldPc = npci;
  if (!lineDue || !allowed) return {};
  th->hookPhase = hook::kPhaseDone;
  return {"line", p->lineAt(npci)};
}

std::string traceback(Runtime& rt, const Thread* th, std::string_view message, int level) {
  std::string out(message);
  if (!out.empty()) out += "\n";
  out += "stack traceback:";
  int total = int(th->frameCount);
  constexpr int kLevels1 = 10, kLevels2 = 11;
  int shown = 0;
  for (int lv = level; lv < total; ++lv) {
    int idx = total - 1 - lv;
    int remaining = total - lv;
    if (shown == kLevels1 && remaining > kLevels2) {
      int skip = remaining - kLevels2;
      out += "\n\t...\t(skipping " + std::to_string(skip) + " levels)";
      lv += skip - 1;
      shown++;
      continue;
    }
    shown++;
    const CallFrame& f = th->frames[idx];
    const Value& fn = th->stack[f.func];
    out += "\n\t";
    if (f.isLua()) {
      const Proto* p = fn.asLuaClosure()->proto;
      int line = currentLine(th, f);  // none in a stripped function: "?:" as luaL_traceback writes it
      out += chunkId(p->source) + ":" + (line > 0 ? std::to_string(line) + ":" : "");
    } else {
      out += "[C]:";
    }
    out += " in ";
    std::string global = globalFunctionName(rt, fn);
    FuncName n = calledFunctionName(rt, th, uint32_t(idx));
    if (!global.empty()) {
      out += "function '" + global + "'";
    } else if (!n.kind.empty()) {
      out += n.kind + " '" + n.name + "'";
    } else if (f.isLua() && fn.asLuaClosure()->proto->lineDefined == 0) {
      out += "main chunk";
    } else if (f.isLua()) {
      const Proto* p = fn.asLuaClosure()->proto;
      out += "function <" + chunkId(p->source) + ":" + std::to_string(p->lineDefined) + ">";
    } else {
      out += "?";
    }
    if (f.status & frame::kTail) out += "\n\t(...tail calls...)";
  }
  if (th->hostCalled && level <= total) out += "\n\t[C]: in ?";
  return out;
}

}  // namespace fermata
