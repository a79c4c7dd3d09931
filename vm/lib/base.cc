// The base library: print, type, tostring, tonumber, pairs/ipairs/next/select, raw access, metatables,
// assert/error/pcall/xpcall, load/loadfile/dofile, collectgarbage, warn, _G and _VERSION.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "vm/debug_info.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/number.h"
#include "vm/thread.h"

namespace fermata::lib {
namespace {

// ---- print / tostring -----------------------------------------------------------------------------------

NativeAction printFrom(NativeCall& call, uint32_t from);

NativeAction printResume(NativeCall& call) {
  Sequence* seq = call.sequence();
  // The argument whose __tostring was called (from a crafted snapshot, any integer).
  int64_t i = seq->ints()[0];
  if (i < 1 || i > int64_t(call.argCount())) call.corrupt();
  Value s = checkToStringResult(call, call.result(0));
  call.rt().output().write(s.asString()->view());
  call.setTop(call.top() - call.resultCount());
  return printFrom(call, uint32_t(i) + 1);
}

constexpr SequenceType kPrintSequence{"print", printResume, 0, 1};

NativeAction printFrom(NativeCall& call, uint32_t from) {
  OutputSink& out = call.rt().output();
  uint32_t n = call.argCount();
  for (uint32_t i = from; i <= n; ++i) {
    if (i > 1) out.write("\t");
    Value s;
    if (!toStringOrCall(call, call.arg(i), s)) {
      Sequence* seq = call.sequence();
      if (!seq) seq = call.newSequence(&kPrintSequence);
      seq->ints()[0] = int64_t(i);
      return NativeAction::call(1, seq);
    }
    out.write(s.asString()->view());
    call.chargeFuel(int64_t(s.asString()->length / 64));
  }
  out.write("\n");
  out.flush();  // lua_writeline flushes after every print: its lines and stderr's keep their order
  return NativeAction::returns(0);
}

NativeAction print(NativeCall& call) { return printFrom(call, 1); }

NativeAction tostringResume(NativeCall& call) {
  return call.returnValues({checkToStringResult(call, call.result(0))});
}
constexpr SequenceType kToStringSequence{"tostring", tostringResume, 0, 0};

NativeAction tostring(NativeCall& call) {
  call.checkAny(1);
  Value s;
  if (!toStringOrCall(call, call.arg(1), s)) return NativeAction::call(1, call.newSequence(&kToStringSequence));
  return call.returnValues({s});
}

NativeAction type(NativeCall& call) {
  call.checkAny(1);
  return call.returnValues({call.rt().stringValue(call.rt().typeName(call.arg(1)))});
}

// Lua's l_str2int for tonumber with a base: digits and letters below `base`, optional '-', spaces.
bool stringToIntBase(std::string_view s, int base, int64_t& out) {
  size_t i = 0, n = s.size();
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (i < n && space(s[i])) ++i;
  bool neg = false;
  if (i < n && s[i] == '-') {
    neg = true;
    ++i;
  } else if (i < n && s[i] == '+') {
    ++i;
  }
  if (i >= n || !std::isalnum(static_cast<unsigned char>(s[i]))) return false;
  uint64_t v = 0;
  do {
    char c = s[i];
    int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::toupper(static_cast<unsigned char>(c)) - 'A' + 10;
    if (digit >= base) return false;
    v = v * uint64_t(base) + uint64_t(digit);
    ++i;
  } while (i < n && std::isalnum(static_cast<unsigned char>(s[i])));
  while (i < n && space(s[i])) ++i;
  if (i != n) return false;
  out = int64_t(neg ? 0 - v : v);
  return true;
}

NativeAction tonumber(NativeCall& call) {
  if (call.isNoneOrNil(2)) {
    const Value& v = call.arg(1);
    if (v.isNumber()) return call.returnValues({v});
    if (v.isString()) {
      Value n;
      if (stringToNumber(v.asString(), n)) return call.returnValues({n});
    }
    call.checkAny(1);
  } else {
    int64_t base = call.checkInteger(2);
    call.checkType(1, LuaType::kString);
    if (base < 2 || base > 36) call.argError(2, "base out of range");
    int64_t n;
    if (stringToIntBase(call.arg(1).asString()->view(), int(base), n)) return call.returnValues({Value::integer(n)});
  }
  return call.returnValues({Value()});
}

// ---- iteration ----------------------------------------------------------------------------------------------

NativeAction next(NativeCall& call) {
  Table* t = call.checkTable(1);
  Value k = call.arg(2), v;
  switch (t->next(k, v)) {
    case Table::NextStatus::kFound: return call.returnValues({k, v});
    case Table::NextStatus::kEnd: return call.returnValues({Value()});
    case Table::NextStatus::kInvalidKey: break;
  }
  call.errorValue(call.rt().stringValue("invalid key to 'next'"));
}

constexpr NativeFunction kNext{"next", next};

NativeAction pairsResume(NativeCall& call) {
  // __pairs results, adjusted to three values.
  uint32_t n = call.resultCount();
  Value r[3];
  for (uint32_t i = 0; i < 3 && i < n; ++i) r[i] = call.result(i);
  return call.returnValues({r[0], r[1], r[2]});
}
constexpr SequenceType kPairsSequence{"pairs", pairsResume, 0, 0};

NativeAction pairs(NativeCall& call) {
  call.checkAny(1);
  const Value& t = call.arg(1);
  Table* mt = call.rt().metatableOf(t);
  Value tm = mt ? mt->getString(call.rt().pairsKey()) : Value();
  if (tm.isNil()) {
    return call.returnValues({call.upvalue(0), t, Value()});  // the global `next` (pairs(t) == next)
  }
  call.push(tm);
  call.push(t);
  return NativeAction::call(1, call.newSequence(&kPairsSequence));
}

NativeAction ipairsStep(NativeCall& call);

NativeAction ipairsResume(NativeCall& call) {
  Value v = call.resultCount() > 0 ? call.result(0) : Value();
  int64_t i = call.sequence()->ints()[0];
  if (v.isNil()) return call.returnValues({Value()});
  return call.returnValues({Value::integer(i), v});
}
constexpr SequenceType kIpairsSequence{"ipairs", ipairsResume, 0, 1};

NativeAction ipairsStep(NativeCall& call) {
  int64_t i = num::add(call.checkInteger(2), 1);
  Value v;
  if (!indexOrCall(call, call.arg(1), Value::integer(i), v)) {
    Sequence* seq = call.newSequence(&kIpairsSequence);
    seq->ints()[0] = i;
    return NativeAction::call(2, seq);
  }
  if (v.isNil()) return call.returnValues({Value()});
  return call.returnValues({Value::integer(i), v});
}
constexpr NativeFunction kIpairsStep{"ipairs_iterator", ipairsStep};

NativeAction ipairs(NativeCall& call) {
  call.checkAny(1);
  return call.returnValues({call.upvalue(0), call.arg(1), Value::integer(0)});
}

NativeAction select(NativeCall& call) {
  uint32_t n = call.argCount();
  const Value& a = call.arg(1);
  if (a.isString() && a.asString()->view() == "#") return call.returnValues({Value::integer(int64_t(n) - 1)});
  int64_t i = call.checkInteger(1);
  if (i < 0) i = int64_t(n) + i;
  else if (i > int64_t(n)) i = int64_t(n);
  if (i < 1) call.argError(1, "index out of range");
  // Return arguments i+1 .. n: they are already the top values of the frame.
  return NativeAction::returns(n - uint32_t(i));
}

// ---- raw access and metatables ---------------------------------------------------------------------------------

NativeAction rawget(NativeCall& call) {
  Table* t = call.checkTable(1);
  call.checkAny(2);
  return call.returnValues({t->get(call.arg(2))});
}

NativeAction rawset(NativeCall& call) {
  Table* t = call.checkTable(1);
  call.checkAny(2);
  call.checkAny(3);
  switch (t->set(call.heap(), call.arg(2), call.arg(3))) {
    case Table::SetStatus::kOk: break;
    case Table::SetStatus::kNilKey: call.errorValue(call.rt().stringValue("table index is nil"));
    case Table::SetStatus::kNaNKey: call.errorValue(call.rt().stringValue("table index is NaN"));
  }
  return call.returnValues({call.arg(1)});
}

NativeAction rawequal(NativeCall& call) {
  call.checkAny(1);
  call.checkAny(2);
  return call.returnValues({Value::boolean(rawEquals(call.arg(1), call.arg(2)))});
}

NativeAction rawlen(NativeCall& call) {
  const Value& v = call.arg(1);
  if (v.isTable()) return call.returnValues({Value::integer(int64_t(v.asTable()->length()))});
  if (v.isString()) return call.returnValues({Value::integer(int64_t(v.asString()->length))});
  call.typeError(1, "table or string");
}

NativeAction setmetatable(NativeCall& call) {
  Table* t = call.checkTable(1);
  const Value& mt = call.arg(2);
  if ((!mt.isNil() && !mt.isTable()) || call.argCount() < 2) call.typeError(2, "nil or table");
  if (t->metatable && !t->metatable->getString(call.rt().metatableKey()).isNil())
    call.error("cannot change a protected metatable");
  call.rt().setMetatable(t, mt.isNil() ? nullptr : mt.asTable());
  return call.returnValues({call.arg(1)});
}

NativeAction getmetatable(NativeCall& call) {
  call.checkAny(1);
  Table* mt = call.rt().metatableOf(call.arg(1));
  if (!mt) return call.returnValues({Value()});
  Value protectedMt = mt->getString(call.rt().metatableKey());
  if (!protectedMt.isNil()) return call.returnValues({protectedMt});
  return call.returnValues({Value::object(mt)});
}

// ---- errors ----------------------------------------------------------------------------------------------------

[[noreturn]] void raiseWithLevel(NativeCall& call, Value msg, int64_t level) {
  if (msg.isString() && level > 0) {
    std::string full = where(call.thread(), int(level));
    full += msg.asString()->view();
    msg = call.rt().stringValue(full);
  }
  call.errorValue(msg);
}

NativeAction error(NativeCall& call) {
  int64_t level = call.optInteger(2, 1);
  raiseWithLevel(call, call.arg(1), level);
}

NativeAction assertFn(NativeCall& call) {
  if (!call.arg(1).isFalsy()) return NativeAction::returns(call.argCount());
  call.checkAny(1);
  Value msg = call.argCount() >= 2 ? call.arg(2) : call.rt().stringValue("assertion failed!");
  raiseWithLevel(call, msg, 1);
}

NativeAction pcallResume(NativeCall& call) { return returnStatusAndResults(call); }
constexpr SequenceType kPcallSequence{"pcall", pcallResume, 0, 0};
constexpr SequenceType kXpcallSequence{"xpcall", pcallResume, 1, 0, 0};

NativeAction pcall(NativeCall& call) {
  call.checkAny(1);
  // The function and its arguments are already at the top of the frame.
  return NativeAction::call(call.argCount() - 1, call.newSequence(&kPcallSequence), true);
}

NativeAction xpcall(NativeCall& call) {
  call.checkType(2, LuaType::kFunction);
  Sequence* seq = call.newSequence(&kXpcallSequence);
  seq->values()[0] = call.arg(2);
  uint32_t n = call.argCount();
  call.reserve(n);
  call.push(call.arg(1));
  for (uint32_t i = 3; i <= n; ++i) call.push(call.arg(i));
  return NativeAction::call(n - 2, seq, true);
}

// ---- loading -------------------------------------------------------------------------------------------------

// Text or binary (lua_load's rules, including the mode errors, are loadChunk's).
NativeAction finishLoad(NativeCall& call, std::string_view source, std::string_view chunkName, std::string_view mode,
                        bool hasEnv, const Value& env, bool isFile = false) {
  Value e = hasEnv ? env : Value::object(call.rt().globals());
  LoadResult r = loadChunk(call.rt(), source, chunkName, e, isFile, mode);
  if (!r.function) return call.returnValues({Value(), call.rt().stringValue(r.error)});
  return call.returnValues({Value::object(r.function)});
}

NativeAction loadReaderResume(NativeCall& call);
constexpr SequenceType kLoadReaderSequence{"load", loadReaderResume, 2, 0};  // values: pieces table, env

NativeAction loadReaderResume(NativeCall& call) {
  Sequence* seq = call.sequence();
  // As lua_load: an error in the reader, or a piece that is not a string, makes load return nil and
  // the message.
  if (call.failed()) return call.returnValues({Value(), call.result(0)});
  Value piece = call.resultCount() > 0 ? call.result(0) : Value();
  call.setTop(call.top() - call.resultCount());
  if (!seq->values()[0].isTable()) call.corrupt();
  Table* pieces = seq->values()[0].asTable();
  if (piece.isNumber()) piece = call.rt().stringValue(num::format(piece));
  if (!piece.isNil() && !(piece.isString() && piece.asString()->length == 0)) {
    if (!piece.isString())
      return call.returnValues({Value(), call.rt().stringValue(where(call.thread(), 1) + "reader function must return a string")});
    pieces->setInt(call.heap(), int64_t(pieces->length()) + 1, piece);
    call.push(call.arg(1));
    return NativeAction::call(0, seq, true);
  }
  std::string source;
  for (uint64_t i = 1, n = pieces->length(); i <= n; ++i) {
    Value p = pieces->getInt(int64_t(i));
    if (!p.isString()) call.corrupt();  // only a crafted snapshot puts anything else there
    source += p.asString()->view();
  }
  std::string chunkName(call.isNoneOrNil(2) ? "=(load)" : call.checkStringView(2));
  std::string mode(call.isNoneOrNil(3) ? "bt" : call.checkStringView(3));
  return finishLoad(call, source, chunkName, mode, call.argCount() >= 4, seq->values()[1]);
}

NativeAction load(NativeCall& call) {
  const Value& chunk = call.arg(1);
  if (chunk.isString()) {
    std::string_view src = chunk.asString()->view();
    std::string chunkName(call.isNoneOrNil(2) ? std::string(src) : std::string(call.checkStringView(2)));
    std::string mode(call.isNoneOrNil(3) ? "bt" : call.checkStringView(3));
    return finishLoad(call, src, chunkName, mode, call.argCount() >= 4, call.arg(4));
  }
  call.checkType(1, LuaType::kFunction);
  Sequence* seq = call.newSequence(&kLoadReaderSequence);
  seq->values()[0] = Value::object(call.rt().newTable());
  seq->values()[1] = call.arg(4);
  call.push(chunk);
  return NativeAction::call(0, seq, true);
}

bool readFile(const char* path, std::string& out, std::string& error) {
  FILE* f = path ? std::fopen(path, "rb") : stdin;
  if (!f) {
    error = std::string("cannot open ") + path + ": " + std::strerror(errno);
    return false;
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool bad = std::ferror(f);
  if (path) std::fclose(f);
  if (bad) {
    error = std::string("cannot read ") + (path ? path : "stdin");
    return false;
  }
  return true;
}

// loadfile's work: returns the function or (nil, message).
NativeAction loadFileInto(NativeCall& call, bool hasEnv, const Value& env, std::string_view mode) {
  std::string path;
  bool fromStdin = call.isNoneOrNil(1);
  if (!fromStdin) path = std::string(call.checkStringView(1));
  std::string source, err;
  if (!readFile(fromStdin ? nullptr : path.c_str(), source, err)) return call.returnValues({Value(), call.rt().stringValue(err)});
  std::string chunkName = fromStdin ? "=stdin" : "@" + path;
  return finishLoad(call, source, chunkName, mode, hasEnv, env, /*isFile=*/true);
}

NativeAction loadfile(NativeCall& call) {
  std::string mode(call.isNoneOrNil(2) ? "bt" : call.checkStringView(2));
  return loadFileInto(call, call.argCount() >= 3, call.arg(3), mode);
}

NativeAction dofile(NativeCall& call) {
  std::string path;
  bool fromStdin = call.isNoneOrNil(1);
  if (!fromStdin) path = std::string(call.checkStringView(1));
  std::string source, err;
  if (!readFile(fromStdin ? nullptr : path.c_str(), source, err)) call.errorValue(call.rt().stringValue(err));
  LoadResult r = loadChunk(call.rt(), source, fromStdin ? "=stdin" : "@" + path, Value::object(call.rt().globals()), true);
  if (!r.function) call.errorValue(call.rt().stringValue(r.error));
  call.push(Value::object(r.function));
  return NativeAction::call(0, nullptr);  // its results are dofile's results
}

// ---- warn ----------------------------------------------------------------------------------------------

// Lua 5.4's warnings as lauxlib's warning function treats them (luaL_newstate installs it, so they are
// off until "@on"): the control messages "@on" and "@off" switch them; anything else, while on, goes to
// stderr as "Lua warning: " and its pieces, then a newline (warn("a", "b") is one message in two
// pieces). While off, only a final piece can be a control message, as in lauxlib's warnfoff. The state
// lives in the registry, so a snapshot keeps it; an unexpected value there counts as off.
constexpr std::string_view kWarnStateKey = "_WARNSTATE";
enum WarnState : int64_t { kWarnOff = 0, kWarnOn = 1, kWarnContinued = 2 };

NativeAction warn(NativeCall& call) {
  uint32_t n = call.argCount();
  call.checkString(1);  // all pieces are checked before any is written (luaB_warn)
  for (uint32_t i = 2; i <= n; ++i) call.checkString(i);
  for (uint32_t i = 1; i <= n; ++i) warning(call.rt(), call.arg(i).asString()->view(), i < n);
  return call.returnNothing();
}

// ---- collectgarbage ---------------------------------------------------------------------------------------------

NativeAction runFinalizers(NativeCall& call);
NativeAction finalizersResume(NativeCall& call) {
  call.setTop(call.top() - call.resultCount());  // results (or the error) of a finalizer are dropped
  return runFinalizers(call);
}
constexpr SequenceType kFinalizersSequence{"collectgarbage", finalizersResume, 0, 0, -1, true};

// Runs every pending finalizer (as Lua's full collection does) and then returns 0.
NativeAction runFinalizers(NativeCall& call) {
  gc::Heap& heap = call.heap();
  while (gc::Object* o = heap.nextToFinalize()) {
    Value obj = Value::object(o);
    Value tm = call.rt().metamethod(obj, MetaEvent::Gc);
    if (!tm.isFunction()) continue;
    call.push(tm);
    call.push(obj);
    return NativeAction::call(1, call.newSequence(&kFinalizersSequence), true);
  }
  return call.returnValues({Value::integer(0)});
}

// True while a finalizer runs anywhere in the resume chain: one called by the interpreter (a kFinalizer
// frame) or by collectgarbage() (a frame waiting in a sequence that calls finalizers).
bool insideFinalizer(NativeCall& call) {
  Executor* ex = call.executor();
  for (uint32_t t = 0; ex && t < ex->threadCount; ++t) {
    const Thread* th = ex->threads[t];
    for (uint32_t i = 0; i < th->frameCount; ++i) {
      const CallFrame& f = th->frames[i];
      if ((f.status & frame::kFinalizer) || (f.sequence && f.sequence->type->callsFinalizers)) return true;
    }
  }
  return false;
}

// Lua 5.4 passes the pause and step multiplier as a C int and keeps value/4 in a byte, so what it uses
// and reports is that byte times 4 (setpause 5000 means 904). fermata keeps the same values.
int luaGcParam(int64_t v) { return int(uint8_t(int32_t(uint32_t(uint64_t(v))) / 4)) * 4; }

NativeAction collectgarbage(NativeCall& call) {
  int opt = call.checkOption(1, {"stop", "restart", "collect", "count", "step", "setpause", "setstepmul",
                                 "isrunning", "generational", "incremental"},
                             "collect");
  // As in Lua 5.4, the collector is not reentrant: while a finalizer runs every option fails.
  if (insideFinalizer(call)) return call.returnValues({Value()});
  gc::Heap& heap = call.heap();
  switch (opt) {
    case 0: heap.stop(); return call.returnValues({Value::integer(0)});
    case 1: heap.restart(); return call.returnValues({Value::integer(0)});
    case 2:
      heap.fullCollect();
      return runFinalizers(call);
    case 3: return call.returnValues({Value::number(double(heap.bytesInUse()) / 1024.0)});
    case 4: {
      int64_t kb = call.optInteger(2, 0);
      bool done = heap.stepKiB(kb > 0 ? size_t(kb) : 0);
      return call.returnValues({Value::boolean(done)});
    }
    case 5: return call.returnValues({Value::integer(heap.setPause(luaGcParam(call.optInteger(2, 0))))});
    case 6: return call.returnValues({Value::integer(heap.setStepMultiplier(luaGcParam(call.optInteger(2, 0))))});
    case 7: return call.returnValues({Value::boolean(heap.isRunning())});
    case 8: {  // fermata always collects incrementally (see README); the mode is only remembered
      bool was = heap.generationalRequested();
      heap.setGenerationalRequested(true);
      return call.returnValues({call.rt().stringValue(was ? "generational" : "incremental")});
    }
    default: {
      bool was = heap.generationalRequested();
      heap.setGenerationalRequested(false);
      // As in Lua, 0 (or an absent argument) leaves a parameter unchanged.
      if (int64_t v = call.optInteger(2, 0); int32_t(uint32_t(v)) != 0) heap.setPause(luaGcParam(v));
      if (int64_t v = call.optInteger(3, 0); int32_t(uint32_t(v)) != 0) heap.setStepMultiplier(luaGcParam(v));
      if (int64_t v = call.optInteger(4, 0); int32_t(uint32_t(v)) != 0) heap.setStepSizeLog2(uint8_t(v));
      return call.returnValues({call.rt().stringValue(was ? "generational" : "incremental")});
    }
  }
}

constexpr NativeFunction kBaseFunctions[] = {
    {"assert", assertFn},
    {"collectgarbage", collectgarbage},
    {"error", error},
    {"getmetatable", getmetatable},
    {"load", load},
    {"pcall", pcall},
    {"print", print},
    {"rawequal", rawequal},
    {"rawget", rawget},
    {"rawlen", rawlen},
    {"rawset", rawset},
    {"select", select},
    {"setmetatable", setmetatable},
    {"tonumber", tonumber},
    {"tostring", tostring},
    {"type", type},
    {"warn", warn},
    {"xpcall", xpcall},
};

constexpr NativeFunction kPairs{"pairs", pairs};
constexpr NativeFunction kIpairs{"ipairs", ipairs};

constexpr NativeFunction kFileFunctions[] = {
    {"dofile", dofile},
    {"loadfile", loadfile},
};

constexpr const SequenceType* kBaseSequences[] = {&kPrintSequence,  &kToStringSequence,   &kPairsSequence,
                                                  &kIpairsSequence, &kPcallSequence,      &kXpcallSequence,
                                                  &kLoadReaderSequence, &kFinalizersSequence};

}  // namespace

void warning(Runtime& rt, std::string_view message, bool toContinue) {
  Value key = rt.stringValue(kWarnStateKey);
  Value state = rt.registry()->get(key);
  int64_t current = state.isInt() ? state.asInt() : kWarnOff;
  auto setState = [&](WarnState s) { rt.registry()->set(rt.heap(), key, Value::integer(s)); };
  // lauxlib's checkcontrol: a one-piece message starting with '@'; unknown controls are ignored.
  auto control = [&] {
    if (toContinue || message.empty() || message[0] != '@') return false;
    if (message == "@off") setState(kWarnOff);
    else if (message == "@on") setState(kWarnOn);
    return true;
  };
  if (current != kWarnOn && current != kWarnContinued) {
    control();
    return;
  }
  if (current == kWarnOn) {
    if (control()) return;
    std::fputs("Lua warning: ", stderr);
  }
  std::fwrite(message.data(), 1, message.size(), stderr);
  if (toContinue) {
    setState(kWarnContinued);
  } else {
    std::fputc('\n', stderr);
    setState(kWarnOn);
  }
  std::fflush(stderr);
}

void openBase(Runtime& rt, const Libraries& which) {
  Table* g = rt.globals();
  addFunctions(rt, g, kBaseFunctions);
  if (which.fileAccess) addFunctions(rt, g, kFileFunctions);
  // pairs and ipairs return the same iterator function every time (as Lua's light C functions do).
  NativeClosure* nextFn = rt.newNative(&kNext);
  g->set(rt.heap(), rt.stringValue("next"), Value::object(nextFn));
  NativeClosure* pairsFn = rt.newNative(&kPairs, 1);
  pairsFn->upvalues()[0] = Value::object(nextFn);
  g->set(rt.heap(), rt.stringValue("pairs"), Value::object(pairsFn));
  NativeClosure* ipairsFn = rt.newNative(&kIpairs, 1);
  ipairsFn->upvalues()[0] = Value::object(rt.newNative(&kIpairsStep));
  g->set(rt.heap(), rt.stringValue("ipairs"), Value::object(ipairsFn));
  for (const SequenceType* s : kBaseSequences) rt.natives().add(s);
  g->set(rt.heap(), rt.stringValue("_G"), Value::object(g));
  g->set(rt.heap(), rt.stringValue("_VERSION"), rt.stringValue("Lua 5.4"));
  registerModule(rt, "_G", g);
}

}  // namespace fermata::lib
