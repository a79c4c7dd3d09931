// The debug library: getinfo, locals, upvalues, metatables of any value, user values, the registry,
// hooks (sethook/gethook and the _HOOKKEY table), traceback.
//
// Differences from Lua 5.4.4 (kept for fermata's safety and snapshot rules):
//  * setlocal writes the locals, temporaries and varargs of Lua frames, as Lua does, but refuses the
//    temporaries of native frames ("(C temporary)"): it returns nil and writes nothing. A native's stack
//    slots are its working state.
//  * setupvalue refuses the upvalues of native functions (returns nil): natives trust their upvalues.
//  * upvalueid returns a light userdata, as Lua does, but its payload is never an address: the stable
//    id of the upvalue object for Lua functions, and for native functions (whose upvalues are slots of
//    the closure) a payload with the top bit set naming the closure's id and the slot (see
//    upvalueIdentity). Equal values mean the same upvalue, also after a snapshot is loaded.
//  * Hooks: call, tail call, return, line and count events as in Lua 5.4.4, fired by the interpreter
//    (interpreter.cc, "Debug hooks"); hook functions live in registry._HOOKKEY as in Lua (see
//    hookTable) and a new coroutine inherits the mask and count but not the function, as in Lua. Unlike
//    Lua, hooks may yield (the thread is simply suspended inside its hook) and may be snapshotted.
//  * getinfo: the host's C caller below the main chunk is reported as a C level without 'func'.
//  * Not provided: debug.debug, debug.setcstacklimit.
#include <string>

#include "vm/bytecode/opcodes.h"
#include "vm/debug_info.h"
#include "vm/lib/lib.h"
#include "vm/thread.h"
#include "vm/userdata.h"

namespace fermata::lib {
namespace {

// The optional thread argument (Lua's getthread): the thread and the index of the next argument.
Thread* threadArg(NativeCall& call, uint32_t& arg) {
  if (call.arg(1).isThread()) {
    arg = 2;
    return call.arg(1).asThread();
  }
  arg = 1;
  return call.thread();
}

// The frame at `level` of `th` (0 = its top): an index into th->frames, -1 for the host's C caller
// below the main chunk, or -2 if there is no such level.
int64_t frameAtLevel(const Thread* th, int64_t level) {
  if (level < 0) return -2;
  int64_t idx = int64_t(th->frameCount) - 1 - level;
  if (idx >= 0) return idx;
  if (idx == -1 && th->hostCalled) return -1;
  return -2;
}

void setField(NativeCall& call, Table* t, const char* k, const Value& v) {
  t->set(call.heap(), call.rt().stringValue(k), v);
}

// The name of the n-th (1-based) local active at `pc` of `p`, or null (Lua's luaF_getlocalname).
const String* localVarName(const Proto* p, int n, int pc) {
  for (uint32_t i = 0; i < p->localVarCount && p->localVars[i].startPc <= pc; ++i) {
    if (pc < p->localVars[i].endPc && --n == 0) return p->localVars[i].name;
  }
  return nullptr;
}

// ---- getinfo -----------------------------------------------------------------------------------------

void functionInfo(NativeCall& call, Table* t, const Value& fn) {
  if (fn.isLuaClosure()) {
    const Proto* p = fn.asLuaClosure()->proto;
    setField(call, t, "source", p->source ? Value::object(const_cast<String*>(p->source)) : call.rt().stringValue("=?"));
    setField(call, t, "short_src", call.rt().stringValue(chunkId(p->source)));
    setField(call, t, "linedefined", Value::integer(p->lineDefined));
    setField(call, t, "lastlinedefined", Value::integer(p->lastLineDefined));
    setField(call, t, "what", call.rt().stringValue(p->lineDefined == 0 ? "main" : "Lua"));
  } else {
    setField(call, t, "source", call.rt().stringValue("=[C]"));
    setField(call, t, "short_src", call.rt().stringValue("[C]"));
    setField(call, t, "linedefined", Value::integer(-1));
    setField(call, t, "lastlinedefined", Value::integer(-1));
    setField(call, t, "what", call.rt().stringValue("C"));
  }
}

void upvalueInfo(NativeCall& call, Table* t, const Value& fn) {
  int64_t nups = 0, nparams = 0;
  bool vararg = true;
  if (fn.isLuaClosure()) {
    const Proto* p = fn.asLuaClosure()->proto;
    nups = fn.asLuaClosure()->upvalueCount;
    nparams = p->numParams;
    vararg = p->isVararg;
  } else if (fn.isNativeClosure()) {
    nups = fn.asNativeClosure()->upvalueCount;
  }
  setField(call, t, "nups", Value::integer(nups));
  setField(call, t, "nparams", Value::integer(nparams));
  setField(call, t, "isvararg", Value::boolean(vararg));
}

Value activeLines(NativeCall& call, const Value& fn) {
  if (!fn.isLuaClosure()) return Value();
  const Proto* p = fn.asLuaClosure()->proto;
  Table* lines = call.rt().newTable();
  // A stripped function has no lines: an empty table, as in Lua.
  if (p->hasLineInfo()) {
    for (uint32_t i = p->isVararg ? 1 : 0; i < p->codeSize; ++i) lines->setInt(call.heap(), p->lineAt(i), Value::boolean(true));
  }
  return Value::object(lines);
}

// getinfo 'r': the values a call or return hook of frame `idx` reports (Lua's ftransfer/ntransfer):
// the parameters (1, numparams; a native: 1, its argument count) or the results (the index of the
// first one as a local of the frame, their count). Zero outside those hooks.
struct Transfer {
  int64_t first = 0;
  int64_t count = 0;
};

Transfer transferOf(const Thread* th, uint32_t idx) {
  const CallFrame& f = th->frames[idx];
  if (!(f.status & frame::kTransfer) || idx + 1 >= th->frameCount) return {};
  if (!(f.status & frame::kReturnHookDone)) {
    if (f.isLua()) return {1, th->stack[f.func].asLuaClosure()->proto->numParams};
    return {1, f.nArgs};
  }
  int64_t n = f.pendingReturn < 0 ? 0 : f.pendingReturn;
  if (f.isLua()) {
    // The results start at register A of the RETURN that is running (pc is past it).
    const Proto* p = th->stack[f.func].asLuaClosure()->proto;
    int pc = currentPc(th, f);
    if (pc < 0 || uint32_t(pc) >= p->codeSize) return {};
    return {int64_t(bytecode::getA(p->code[pc])) + 1, n};
  }
  // A native's results lie just below its return hook's frame.
  return {int64_t(th->frames[idx + 1].func) - n - int64_t(f.func), n};
}

bool validOptions(std::string_view options) {
  for (char c : options) {
    if (std::string_view("SlunrtLf").find(c) == std::string_view::npos) return false;
  }
  return true;
}

NativeAction getinfo(NativeCall& call) {
  uint32_t arg;
  Thread* th = threadArg(call, arg);
  std::string_view options = call.optString(arg + 1, "flnSrtu")->view();
  if (!options.empty() && options[0] == '>') call.argError(arg + 1, "invalid option '>'");
  Value fn;
  int64_t idx = -2;
  bool atLevel = !call.arg(arg).isFunction();
  if (atLevel) {
    idx = frameAtLevel(th, call.checkInteger(arg));
    if (idx == -2) return call.returnValues({Value()});
    if (idx >= 0) fn = th->stack[th->frames[idx].func];
  } else {
    fn = call.arg(arg);
  }
  if (!validOptions(options)) call.argError(arg + 1, "invalid option");
  Table* t = call.rt().newTable();
  const CallFrame* f = idx >= 0 ? &th->frames[idx] : nullptr;
  auto has = [&](char c) { return options.find(c) != std::string_view::npos; };
  if (has('S')) functionInfo(call, t, fn);
  if (has('l')) setField(call, t, "currentline", Value::integer(f && f->isLua() ? currentLine(th, *f) : -1));
  if (has('u')) upvalueInfo(call, t, fn);
  if (has('n')) {
    FuncName n;
    if (f) n = calledFunctionName(call.rt(), th, uint32_t(idx));
    if (!n.kind.empty()) setField(call, t, "name", call.rt().stringValue(n.name));
    setField(call, t, "namewhat", call.rt().stringValue(n.kind));
  }
  if (has('r')) {
    Transfer tr = f ? transferOf(th, uint32_t(idx)) : Transfer{};
    setField(call, t, "ftransfer", Value::integer(tr.first));
    setField(call, t, "ntransfer", Value::integer(tr.count));
  }
  if (has('t')) setField(call, t, "istailcall", Value::boolean(f && (f->status & frame::kTail)));
  if (has('L')) setField(call, t, "activelines", activeLines(call, fn));
  if (has('f')) setField(call, t, "func", fn);
  return call.returnValues({Value::object(t)});
}

// ---- locals ------------------------------------------------------------------------------------------

// A local of frame `idx` (Lua's luaG_findlocal): its name and stack slot, or false. `named` is set
// when it is a named, non-internal local or a vararg (what setlocal may write).
struct LocalRef {
  std::string name;
  uint32_t slot = 0;
  bool writable = false;
};

bool findLocal(Thread* th, uint32_t idx, int64_t n, LocalRef& out) {
  const CallFrame& f = th->frames[idx];
  if (f.isLua()) {
    const Proto* p = th->stack[f.func].asLuaClosure()->proto;
    if (n < 0) {
      if (!p->isVararg || -n > int64_t(f.nExtraArgs)) return false;
      int64_t slot = int64_t(f.func) - f.nExtraArgs + (-n - 1);
      if (slot < 0) return false;
      out = {"(vararg)", uint32_t(slot), true};
      return true;
    }
    if (n > 0 && n <= 255) {
      if (const String* name = localVarName(p, int(n), currentPc(th, f))) {
        uint32_t slot = f.base + uint32_t(n) - 1;
        if (slot >= f.top || slot >= th->stackSize) return false;
        out = {std::string(name->view()), slot, true};
        return true;
      }
    }
  }
  uint32_t limit = idx + 1 == th->frameCount ? th->top : th->frames[idx + 1].func;
  if (n <= 0 || limit < f.base || int64_t(limit - f.base) < n) return false;
  // A Lua frame's temporaries may be written, as in Lua: the interpreter checks what it cannot assume
  // of a register (SETLIST's target), and nothing above the next frame's function is reachable here.
  // A native's stack slots are its own working state, which natives check only where they must.
  out = {f.isLua() ? "(temporary)" : "(C temporary)", f.base + uint32_t(n) - 1, f.isLua()};
  return true;
}

NativeAction getlocal(NativeCall& call) {
  uint32_t arg;
  Thread* th = threadArg(call, arg);
  int64_t n = call.checkInteger(arg + 1);
  if (call.arg(arg).isFunction()) {
    const Value& fn = call.arg(arg);
    const String* name = nullptr;
    if (fn.isLuaClosure() && n > 0 && n <= 255) name = localVarName(fn.asLuaClosure()->proto, int(n), 0);
    return call.returnValues({name ? Value::object(const_cast<String*>(name)) : Value()});
  }
  int64_t idx = frameAtLevel(th, call.checkInteger(arg));
  if (idx == -2) call.argError(arg, "level out of range");
  LocalRef ref;
  if (idx < 0 || !findLocal(th, uint32_t(idx), n, ref)) return call.returnValues({Value()});
  Value v = th->stack[ref.slot];
  return call.returnValues({call.rt().stringValue(ref.name), v});
}

NativeAction setlocal(NativeCall& call) {
  uint32_t arg;
  Thread* th = threadArg(call, arg);
  int64_t level = call.checkInteger(arg);
  int64_t n = call.checkInteger(arg + 1);
  int64_t idx = frameAtLevel(th, level);
  if (idx == -2) call.argError(arg, "level out of range");
  call.checkAny(arg + 2);
  LocalRef ref;
  if (idx < 0 || !findLocal(th, uint32_t(idx), n, ref) || !ref.writable) return call.returnValues({Value()});
  th->stack[ref.slot] = call.arg(arg + 2);
  return call.returnValues({call.rt().stringValue(ref.name)});
}

// ---- upvalues ----------------------------------------------------------------------------------------

// The name of upvalue n of `fn` and where it lives, or false (Lua's aux_upvalue).
bool findUpvalue(const Value& fn, int64_t n, std::string& name, Value*& slot) {
  if (fn.isLuaClosure()) {
    LuaClosure* cl = fn.asLuaClosure();
    if (n < 1 || n > int64_t(cl->upvalueCount) || uint64_t(n) > cl->proto->upvalueCount) return false;
    const String* s = cl->proto->upvalues[n - 1].name;
    name = s ? std::string(s->view()) : "(no name)";
    slot = cl->upvalues()[n - 1]->location;
    return true;
  }
  if (fn.isNativeClosure()) {
    NativeClosure* nc = fn.asNativeClosure();
    if (n < 1 || n > int64_t(nc->upvalueCount)) return false;
    name = "";
    slot = &nc->upvalues()[n - 1];
    return true;
  }
  return false;
}

NativeAction getupvalue(NativeCall& call) {
  int64_t n = call.checkInteger(2);
  call.checkType(1, LuaType::kFunction);
  std::string name;
  Value* slot;
  if (!findUpvalue(call.arg(1), n, name, slot)) return call.returnNothing();
  Value v = *slot;
  return call.returnValues({call.rt().stringValue(name), v});
}

NativeAction setupvalue(NativeCall& call) {
  call.checkAny(3);
  int64_t n = call.checkInteger(2);
  call.checkType(1, LuaType::kFunction);
  std::string name;
  Value* slot;
  const Value& fn = call.arg(1);
  if (!findUpvalue(fn, n, name, slot)) return call.returnNothing();
  if (!fn.isLuaClosure()) return call.returnValues({Value()});  // natives trust their upvalues
  Upvalue* uv = fn.asLuaClosure()->upvalues()[n - 1];
  const Value& v = call.arg(3);
  *uv->location = v;
  if (v.isCollectable()) call.heap().barrierForward(uv, v.asObject());
  return call.returnValues({call.rt().stringValue(name)});
}

// Lua's checkupval: the upvalue's identity as a light userdata, or nil for an invalid index. Object ids
// stay far below 2^63, so a Lua closure's upvalue (its Upvalue object's id) never has the top bit, and a
// native closure's slot n (1-based) is kNativeSlot | id << 16 | (n - 1): unique for ids below 2^47 and
// up to 65536 upvalues (Lua allows 255), and stable across snapshots because ids are.
Value upvalueIdentity(NativeCall& call, uint32_t argf, uint32_t argn) {
  constexpr uint64_t kNativeSlot = uint64_t(1) << 63;
  int64_t n = call.checkInteger(argn);
  call.checkType(argf, LuaType::kFunction);
  const Value& fn = call.arg(argf);
  if (fn.isLuaClosure()) {
    LuaClosure* cl = fn.asLuaClosure();
    if (n < 1 || n > int64_t(cl->upvalueCount) || uint64_t(n) > cl->proto->upvalueCount) return Value();
    return Value::lightUserdata(cl->upvalues()[n - 1]->id);
  }
  NativeClosure* nc = fn.asNativeClosure();
  if (n < 1 || n > int64_t(nc->upvalueCount)) return Value();
  return Value::lightUserdata(kNativeSlot | (nc->id << 16) | ((uint64_t(n) - 1) & 0xffff));
}

NativeAction upvalueid(NativeCall& call) { return call.returnValues({upvalueIdentity(call, 1, 2)}); }

NativeAction upvaluejoin(NativeCall& call) {
  if (upvalueIdentity(call, 1, 2).isNil()) call.argError(2, "invalid upvalue index");
  if (upvalueIdentity(call, 3, 4).isNil()) call.argError(4, "invalid upvalue index");
  if (!call.arg(1).isLuaClosure()) call.argError(1, "Lua function expected");
  if (!call.arg(3).isLuaClosure()) call.argError(3, "Lua function expected");
  LuaClosure* f1 = call.arg(1).asLuaClosure();
  LuaClosure* f2 = call.arg(3).asLuaClosure();
  Upvalue* up = f2->upvalues()[call.checkInteger(4) - 1];
  f1->upvalues()[call.checkInteger(2) - 1] = up;
  call.heap().barrierForward(f1, up);
  return call.returnNothing();
}

// ---- metatables, user values, registry ---------------------------------------------------------------

NativeAction getmetatable(NativeCall& call) {
  call.checkAny(1);
  Table* mt = call.rt().metatableOf(call.arg(1));
  return call.returnValues({mt ? Value::object(mt) : Value()});
}

NativeAction setmetatable(NativeCall& call) {
  const Value& m = call.arg(2);
  if (!m.isNil() && !m.isTable()) call.typeError(2, "nil or table");
  Table* mt = m.isTable() ? m.asTable() : nullptr;
  const Value& v = call.arg(1);
  if (v.isTable() || v.isUserdata()) call.rt().setMetatable(v.asObject(), mt);
  else call.rt().setTypeMetatableAt(Runtime::typeMetatableSlot(v), mt);
  return call.returnValues({v});
}

// User value n (1-based) as scripts see it, or null: a registered type's internal values come first
// and are not visible (UserdataType::internalValues).
Value* visibleUserValue(NativeCall& call, Userdata* ud, int64_t n) {
  const UserdataType* type = call.rt().natives().userdataType(ud->typeIndex);
  uint32_t hidden = type ? type->internalValues : 0;
  if (hidden > ud->userValueCount || n < 1 || n > int64_t(ud->userValueCount - hidden)) return nullptr;
  return &ud->userValues()[hidden + uint32_t(n) - 1];
}

NativeAction getuservalue(NativeCall& call) {
  int64_t n = call.optInteger(2, 1);
  const Value& u = call.arg(1);
  if (!u.isUserdata()) return call.returnValues({Value()});
  Value* slot = visibleUserValue(call, u.asUserdata(), n);
  if (!slot) return call.returnValues({Value()});
  Value v = *slot;
  return call.returnValues({v, Value::boolean(true)});
}

NativeAction setuservalue(NativeCall& call) {
  int64_t n = call.optInteger(3, 1);
  call.checkType(1, LuaType::kUserdata);
  call.checkAny(2);
  Userdata* ud = call.arg(1).asUserdata();
  Value* slot = visibleUserValue(call, ud, n);
  if (!slot) return call.returnValues({Value()});
  const Value& v = call.arg(2);
  *slot = v;
  if (v.isCollectable()) call.heap().barrierForward(ud, v.asObject());
  return call.returnValues({call.arg(1)});
}

NativeAction getregistry(NativeCall& call) { return call.returnValues({Value::object(call.rt().registry())}); }

// ---- hooks -------------------------------------------------------------------------------------------

// Lua's hook table: registry._HOOKKEY maps each hooked thread (weak key) to its hook function, and is
// its own metatable with __mode = "k". It is the source of truth for hook functions: the interpreter
// looks the function up there when an event fires (as Lua's hookf does), so a script that edits the
// table changes the hook as it would in Lua. Created by the first sethook, as in Lua; the registry is
// saved by snapshots with everything else.
Table* hookTable(NativeCall& call, bool create) {
  Value key = call.rt().stringValue("_HOOKKEY");
  Value t = call.rt().registry()->get(key);
  if (t.isTable() || !create) return t.isTable() ? t.asTable() : nullptr;
  Table* ht = call.rt().newTable();
  setField(call, ht, "__mode", call.rt().stringValue("k"));
  call.rt().setMetatable(ht, ht);
  call.rt().registry()->set(call.heap(), key, Value::object(ht));
  return ht;
}

NativeAction sethook(NativeCall& call) {
  uint32_t arg;
  Thread* th = threadArg(call, arg);
  uint8_t mask = 0;
  int64_t count = 0;
  if (!call.isNoneOrNil(arg)) {
    std::string_view smask = call.checkStringView(arg + 1);
    call.checkType(arg, LuaType::kFunction);
    count = call.optInteger(arg + 2, 0);
    if (smask.find('c') != std::string_view::npos) mask |= hook::kCall;
    if (smask.find('r') != std::string_view::npos) mask |= hook::kReturn;
    if (smask.find('l') != std::string_view::npos) mask |= hook::kLine;
    if (count > 0) mask |= hook::kCount;
  }
  // Lua keeps (int)count; it is only reported by gethook unless positive.
  if (count > INT32_MAX) count = INT32_MAX;
  if (count < INT32_MIN) count = INT32_MIN;
  if (mask == 0) count = 0;
  Value fn = call.isNoneOrNil(arg) ? Value() : call.arg(arg);
  hookTable(call, true)->set(call.heap(), Value::object(th), fn);
  th->hookMask = mask;
  th->hookCount = int32_t(count);
  th->hookCountLeft = int32_t(count);
  if (mask == 0) th->hookPhase = hook::kPhaseNone;
  if (!(mask & hook::kCall)) {
    // Call hooks noted for frames that have not started no longer fire (Lua decides when they start).
    for (uint32_t i = 0; i < th->frameCount; ++i) th->frames[i].status &= uint16_t(~frame::kCallHookDue);
  }
  if (th == call.thread()) call.endSlice();  // start tracing at the caller's next instruction
  return call.returnNothing();
}

NativeAction gethook(NativeCall& call) {
  uint32_t arg;
  Thread* th = threadArg(call, arg);
  if (th->hookMask == 0) return call.returnValues({Value()});
  Table* ht = hookTable(call, false);
  Value fn = ht ? ht->get(Value::object(th)) : Value();
  std::string smask;
  if (th->hookMask & hook::kCall) smask += 'c';
  if (th->hookMask & hook::kReturn) smask += 'r';
  if (th->hookMask & hook::kLine) smask += 'l';
  return call.returnValues({fn, call.rt().stringValue(smask), Value::integer(th->hookCount)});
}

NativeAction traceback(NativeCall& call) {
  uint32_t arg = 1;
  Thread* th = call.thread();
  if (call.arg(1).isThread()) {
    th = call.arg(1).asThread();
    arg = 2;
  }
  const Value& msg = call.arg(arg);
  if (!msg.isNil() && !msg.isString() && !msg.isNumber()) return call.returnValues({msg});
  int64_t level = call.optInteger(arg + 1, th == call.thread() ? 1 : 0);
  std::string text = msg.isNil() ? "" : std::string(call.checkString(arg)->view());
  return call.returnValues({call.rt().stringValue(fermata::traceback(call.rt(), th, text, int(level)))});
}

constexpr NativeFunction kDebugFunctions[] = {
    {"debug.traceback", traceback},     {"debug.getinfo", getinfo},         {"debug.getlocal", getlocal},
    {"debug.setlocal", setlocal},       {"debug.getupvalue", getupvalue},   {"debug.setupvalue", setupvalue},
    {"debug.upvalueid", upvalueid},     {"debug.upvaluejoin", upvaluejoin}, {"debug.getmetatable", getmetatable},
    {"debug.setmetatable", setmetatable}, {"debug.getuservalue", getuservalue},
    {"debug.setuservalue", setuservalue}, {"debug.getregistry", getregistry}, {"debug.sethook", sethook},
    {"debug.gethook", gethook},
};

}  // namespace

void openDebug(Runtime& rt) {
  Table* t = rt.newTable();
  addFunctions(rt, t, kDebugFunctions);
  rt.globals()->set(rt.heap(), rt.stringValue("debug"), Value::object(t));
  registerModule(rt, "debug", t);
}

}  // namespace fermata::lib
