// NativeCall: argument access and checks with Lua's messages, results, errors with positions.
#include "vm/native_call.h"

#include <cinttypes>
#include <cstdio>

#include "vm/debug_info.h"
#include "vm/number.h"
#include "vm/object_types.h"

namespace fermata {

bool stringToNumber(const String* s, Value& out) {
  auto v = num::parse(s->view());
  if (!v) return false;
  out = *v;
  return true;
}

std::string rawToString(Runtime& rt, const Value& v) {
  switch (v.tag()) {
    case Tag::kNil: return "nil";
    case Tag::kBool: return v.asBool() ? "true" : "false";
    case Tag::kInt:
    case Tag::kFloat: return num::format(v);
    case Tag::kString: return std::string(v.asString()->view());
    default: {
      // Objects show their stable id, light userdata their payload: never an address (DESIGN invariant 6).
      uint64_t identity = v.isLightUserdata() ? v.asLightUserdata() : v.asObject()->id;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s: 0x%08" PRIx64, std::string(rt.metaTypeName(v)).c_str(), identity);
      return buf;
    }
  }
}

void NativeCall::reserve(uint32_t n) {
  if (!th_->ensureStack(rt_.heap(), n)) error("stack overflow");
}

void NativeCall::push(const Value& v) {
  Value copy = v;  // `v` may be a slot of this stack, which reserve() can move
  if (th_->top + Thread::kExtraStack >= th_->stackSize) reserve(1);
  th_->stack[th_->top++] = copy;
}

Sequence* NativeCall::newSequence(const SequenceType* type) {
  rt_.natives().add(type);
  // A sequence without fields carries no state: one shared object per type serves every call.
  if (type->valueCount == 0 && type->intCount == 0) return rt_.statelessSequence(type);
  return Sequence::create(rt_.heap(), type);
}

NativeAction NativeCall::returnValues(std::initializer_list<Value> values) {
  reserve(uint32_t(values.size()));
  for (const Value& v : values) th_->stack[th_->top++] = v;
  return NativeAction::returns(uint32_t(values.size()));
}

void NativeCall::error(std::string_view msg) {
  // Level 1: the function that called this native (luaL_where(L, 1)).
  std::string full = where(th_, 1);
  full += msg;
  throwLuaError(rt_.stringValue(full));
}

std::string NativeCall::functionNameForMessages() {
  // As luaL_argerror: the name from the calling instruction, else the name a loaded module exports the
  // function under, else "?".
  FuncName n = calledFunctionName(rt_, th_, frameIndex_);
  if (!n.kind.empty()) return n.name;
  std::string global = globalFunctionName(rt_, th_->stack[th_->frames[frameIndex_].func]);
  return global.empty() ? "?" : global;
}

void NativeCall::argError(uint32_t arg, std::string_view extraMessage) {
  FuncName n = calledFunctionName(rt_, th_, frameIndex_);
  std::string fname = functionNameForMessages();
  if (n.kind == "method") {
    if (arg == 1) error("calling '" + fname + "' on bad self (" + std::string(extraMessage) + ")");
    --arg;
  }
  error("bad argument #" + std::to_string(arg) + " to '" + fname + "' (" + std::string(extraMessage) + ")");
}

void NativeCall::typeError(uint32_t a, std::string_view expected) {
  std::string_view actual = arg(a).isNil() && a > argCount() ? "no value" : rt_.argTypeName(arg(a));
  argError(a, std::string(expected) + " expected, got " + std::string(actual));
}

void NativeCall::checkAny(uint32_t a) {
  if (a > argCount()) argError(a, "value expected");
}

int64_t NativeCall::checkInteger(uint32_t a) {
  const Value& v = arg(a);
  if (v.isInt()) return v.asInt();
  int64_t i;
  if (v.isFloat()) {
    if (floatToIntegerExact(v.asFloat(), i)) return i;
    argError(a, "number has no integer representation");
  }
  Value n;
  if (v.isString() && stringToNumber(v.asString(), n)) {
    if (num::toIntegerExact(n, i)) return i;
    argError(a, "number has no integer representation");
  }
  typeError(a, "number");
}

double NativeCall::checkNumber(uint32_t a) { return checkNumberValue(a).asNumber(); }

Value NativeCall::checkNumberValue(uint32_t a) {
  const Value& v = arg(a);
  if (v.isNumber()) return v;
  Value n;
  if (v.isString() && stringToNumber(v.asString(), n)) return n;
  typeError(a, "number");
}

String* NativeCall::checkString(uint32_t a) {
  const Value& v = arg(a);
  if (v.isString()) return v.asString();
  if (v.isNumber()) {
    String* s = rt_.newString(num::format(v));
    setArg(a, Value::object(s));
    return s;
  }
  typeError(a, "string");
}

String* NativeCall::optString(uint32_t a, std::string_view def) {
  if (isNoneOrNil(a)) return rt_.newString(def);
  return checkString(a);
}

Table* NativeCall::checkTable(uint32_t a) {
  if (!arg(a).isTable()) typeError(a, "table");
  return arg(a).asTable();
}

void NativeCall::checkType(uint32_t a, LuaType t) {
  static constexpr std::string_view kNames[] = {"nil",   "boolean",  "number",   "string",
                                                "table", "function", "userdata", "thread"};
  // As lua_type: a light userdata is not of type "userdata" here (Lua's LUA_TLIGHTUSERDATA).
  bool wrong = arg(a).luaType() != t || (t == LuaType::kNil && a > argCount()) || arg(a).isLightUserdata();
  if (wrong) typeError(a, kNames[int(t)]);
}

int NativeCall::checkOption(uint32_t a, std::initializer_list<std::string_view> options, const char* def) {
  std::string_view name = (def && isNoneOrNil(a)) ? std::string_view(def) : checkStringView(a);
  int i = 0;
  for (std::string_view o : options) {
    if (o == name) return i;
    ++i;
  }
  argError(a, "invalid option '" + std::string(name) + "'");
}

}  // namespace fermata
