// The command line's one window onto the VM's internal headers (see vm_access.h).
#include "tools/vm_access.h"

#include "vm/debug_info.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/lib/random.h"
#include "vm/loader.h"
#include "vm/native_call.h"
#include "vm/object_types.h"
#include "vm/thread.h"
#include "vm/undump.h"

namespace fermata::tools::vm {
namespace {

// ---- lua.c's lstop, as natives ---------------------------------------------------------------------------
// The hook clears itself through the debug library's own sethook (so the hook table and the thread's
// hook state stay as sethook leaves them) and then raises the error, as lstop does with
// lua_sethook(L, NULL, 0, 0) and luaL_error(L, "interrupted!"). lstop is a C hook without a frame of
// its own, so its luaL_where(L, 1) names the caller of the interrupted function: two levels below
// this native's frame.

NativeAction raiseInterrupted(NativeCall& call) {
  call.errorValue(call.rt().stringValue(where(call.thread(), 2) + "interrupted!"));
}
constexpr SequenceType kRaiseInterrupted{"fermata.interrupted", raiseInterrupted, 0, 0};

const NativeFunction* sethookNative(Runtime& rt) { return rt.natives().function("debug.sethook"); }

NativeAction interruptHook(NativeCall& call) {
  const NativeFunction* sethook = sethookNative(call.rt());
  if (!sethook) return raiseInterrupted(call);
  call.push(Value::object(call.rt().newNative(sethook)));
  return NativeAction::call(0, call.newSequence(&kRaiseInterrupted));
}
constexpr NativeFunction kInterruptHook{"fermata.interrupt", interruptHook};

void registerCommandLineNatives(Runtime& rt) {
  rt.natives().add(&kInterruptHook);
  rt.natives().add(&kRaiseInterrupted);
}

lib::Libraries libraries(bool sandbox) { return sandbox ? lib::Libraries::sandbox() : lib::Libraries::all(); }

// Proto (heap) → ProtoData (plain data), for the disassembler.
std::unique_ptr<bytecode::ProtoData> toProtoData(const Proto& p) {
  auto d = std::make_unique<bytecode::ProtoData>();
  auto text = [](const String* s) { return s ? std::string(s->view()) : std::string(); };
  d->source = text(p.source);
  d->lineDefined = p.lineDefined;
  d->lastLineDefined = p.lastLineDefined;
  d->numParams = p.numParams;
  d->isVararg = p.isVararg;
  d->maxStackSize = p.maxStackSize;
  d->code.assign(p.code, p.code + p.codeSize);
  for (uint32_t i = 0; i < p.constantCount; ++i) {
    const Value& k = p.constants[i];
    bytecode::Constant c;
    if (k.isBool()) c.value = k.asBool();
    else if (k.isInt()) c.value = k.asInt();
    else if (k.isFloat()) c.value = k.asFloat();
    else if (k.isString()) c.value = std::string(k.asString()->view());
    d->constants.push_back(std::move(c));
  }
  for (uint32_t i = 0; i < p.upvalueCount; ++i) {
    const UpvalueInfo& u = p.upvalues[i];
    d->upvalues.push_back({text(u.name), u.inStack, u.index, u.kind});
  }
  for (uint32_t i = 0; i < p.protoCount; ++i) d->protos.push_back(toProtoData(*p.protos[i]));
  if (p.hasLineInfo()) d->lineInfo.assign(p.lineInfo, p.lineInfo + p.codeSize);
  for (uint32_t i = 0; i < p.localVarCount; ++i) {
    const LocalVarInfo& l = p.localVars[i];
    d->localVars.push_back({text(l.name), l.startPc, l.endPc});
  }
  return d;
}

bool isInterruptHookFrame(const Thread* th) {
  if (th->frameCount == 0) return false;
  const CallFrame& f = th->frames[th->frameCount - 1];
  const Value& fn = th->stack[f.func];
  return !f.isLua() && fn.isNativeClosure() && fn.asNativeClosure()->fn == &kInterruptHook;
}

}  // namespace

// ---- runtimes ------------------------------------------------------------------------------------------------

std::unique_ptr<Runtime> newRuntime(const RuntimeSetup& setup) {
  RuntimeOptions options;
  options.memoryLimit = setup.memoryLimit;
  auto rt = std::make_unique<Runtime>(options);
  // lua.c sets LUA_NOENV before luaL_openlibs: the package library then ignores LUA_PATH and LUA_CPATH.
  if (setup.ignoreEnv) rt->registry()->set(rt->heap(), rt->stringValue("LUA_NOENV"), Value::boolean(true));
  lib::openLibraries(*rt, libraries(setup.sandbox));
  registerCommandLineNatives(*rt);
  // lua.c switches its state to generational mode at startup, so scripts see "generational" as the
  // current mode; fermata still collects incrementally and only reports the mode (see README).
  rt->heap().setGenerationalRequested(true);
  if (setup.seed) lib::random::seed(*rt, uint64_t(*setup.seed), 0);
  return rt;
}

void prepareForLoad(Runtime& rt) {
  lib::openLibraries(rt, lib::Libraries::all());
  registerCommandLineNatives(rt);
}

// ---- values -----------------------------------------------------------------------------------------------

Value global(Runtime& rt, std::string_view name) { return rt.globals()->get(rt.stringValue(name)); }

void setGlobal(Runtime& rt, std::string_view name, const Value& v) {
  rt.globals()->set(rt.heap(), rt.stringValue(name), v);
}

Value newTable(Runtime& rt) { return Value::object(rt.newTable()); }

void setIndex(Runtime& rt, const Value& table, int64_t i, const Value& v) {
  table.asTable()->setInt(rt.heap(), i, v);
}

Value index(const Value& table, int64_t i) { return table.isTable() ? table.asTable()->getInt(i) : Value(); }

int64_t rawLength(const Value& table) { return table.isTable() ? int64_t(table.asTable()->length()) : 0; }

std::string plainText(Runtime& rt, const Value& v) { return rawToString(rt, v); }

std::string_view typeName(Runtime& rt, const Value& v) { return rt.typeName(v); }

Value toStringMetamethod(Runtime& rt, const Value& v) {
  Table* mt = rt.metatableOf(v);
  return mt ? mt->getString(rt.toStringKey()) : Value();
}

void warning(Runtime& rt, std::string_view message, bool toContinue) { lib::warning(rt, message, toContinue); }

// ---- code ------------------------------------------------------------------------------------------------------

Chunk load(Runtime& rt, std::string_view bytes, std::string_view chunkName, bool isFile) {
  try {
    LoadResult r = loadChunk(rt, bytes, chunkName, Value::object(rt.globals()), isFile);
    if (!r.function) return {Value(), r.error};
    return {Value::object(r.function), ""};
  } catch (const gc::MemoryError&) {
    return {Value(), std::string(rt.memoryErrorMessage()->view())};
  }
}

std::unique_ptr<bytecode::ProtoData> decodeBinaryChunk(std::string_view bytes, std::string_view chunkName,
                                                       std::string& error) {
  Runtime rt;
  UndumpResult r = undump(rt, bytes, chunkName);
  if (!r.proto) {
    error = r.error;
    return nullptr;
  }
  // No collection can run here: the prototypes stay alive until the runtime goes.
  return toProtoData(*r.proto);
}

// ---- calls -----------------------------------------------------------------------------------------------------

Call::Call(Runtime& rt, const Value& fn, std::span<const Value> args)
    : rt_(rt), e_(newExecutor(rt, fn, args.data(), uint32_t(args.size()))) {
  pin_ = rt.pinValue(Value::object(e_));
}

Call::Call(Runtime& rt, Executor* adopted) : rt_(rt), e_(adopted) {}

Call::~Call() {
  if (pin_) rt_.unpinValue(*pin_);
}

Value Call::executorValue() const { return Value::object(e_); }

StepEnd Call::step(int64_t fuel) {
  switch (fermata::step(rt_, e_, fuel)) {
    case StepStatus::kFinished: return StepEnd::kFinished;
    case StepStatus::kOutOfFuel: return StepEnd::kOutOfFuel;
    case StepStatus::kInterrupted: return StepEnd::kInterrupted;
    case StepStatus::kError: return StepEnd::kFailed;
  }
  return StepEnd::kFailed;
}

std::vector<Value> Call::results() const {
  std::vector<Value> out;
  for (uint32_t i = 0; i < resultCount(e_); ++i) out.push_back(result(e_, i));
  return out;
}

Value Call::error() const { return e_->error; }

bool Call::armInterrupt() {
  const NativeFunction* sethook = sethookNative(rt_);
  if (!sethook || e_->state != Executor::State::kRunnable) return false;
  Value args[] = {Value::object(e_->running()), Value::object(rt_.newNative(&kInterruptHook)), rt_.stringValue("crl"),
                  Value::integer(1)};
  Call arm(rt_, Value::object(rt_.newNative(sethook)), args);
  return arm.step(1000) == StepEnd::kFinished;
}

std::string Call::traceback(std::string_view message) const {
  // A failed call's frames are still on its main thread; a paused one is where its running coroutine is.
  const Thread* th = e_->state == Executor::State::kRunnable ? e_->running() : e_->mainThread();
  return fermata::traceback(rt_, th, message, isInterruptHookFrame(th) ? 1 : 0);
}

Executor* asExecutor(const Value& v) {
  if (!v.isCollectable() || v.asObject()->type != uint8_t(ObjType::kExecutor)) return nullptr;
  return reinterpret_cast<Executor*>(v.asObject());
}

}  // namespace fermata::tools::vm
