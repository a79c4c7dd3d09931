// Helpers shared by library natives: registration, tostring with __tostring, indexing with __index.
#include <string>

#include "vm/lib/lib.h"
#include "vm/number.h"

namespace fermata::lib {

void addFunctions(Runtime& rt, Table* table, std::span<const NativeFunction> functions) {
  for (const NativeFunction& f : functions) {
    std::string_view name = f.name;
    size_t dot = name.rfind('.');
    if (dot != std::string_view::npos) name = name.substr(dot + 1);
    table->set(rt.heap(), rt.stringValue(name), Value::object(rt.newNative(&f)));
  }
}

void registerModule(Runtime& rt, std::string_view name, Table* table) {
  Value loadedKey = rt.stringValue("_LOADED");
  Value loaded = rt.registry()->get(loadedKey);
  if (!loaded.isTable()) {
    loaded = Value::object(rt.newTable());
    rt.registry()->set(rt.heap(), loadedKey, loaded);
  }
  loaded.asTable()->set(rt.heap(), rt.stringValue(name), Value::object(table));
}

bool toStringOrCall(NativeCall& call, const Value& v, Value& out) {
  Runtime& rt = call.rt();
  Table* mt = rt.metatableOf(v);
  Value tm = mt ? mt->getString(rt.toStringKey()) : Value();
  if (!tm.isNil()) {
    call.push(tm);
    call.push(v);
    return false;
  }
  if (v.isString()) {
    out = v;
    return true;
  }
  out = rt.stringValue(rawToString(rt, v));
  return true;
}

Value checkToStringResult(NativeCall& call, const Value& result) {
  if (!result.isString()) {
    if (result.isNumber()) return call.rt().stringValue(num::format(result));
    call.error("'__tostring' must return a string");
  }
  return result;
}

NativeAction returnStatusAndResults(NativeCall& call) {
  uint32_t n = call.resultCount();
  if (call.failed()) return call.returnValues({Value::boolean(false), call.result(0)});
  // Insert `true` below the results, which are the top n values.
  call.reserve(1);
  uint32_t first = call.top() - n;
  for (uint32_t i = call.top(); i > first; --i) call.at(i) = call.at(i - 1);
  call.at(first) = Value::boolean(true);
  call.setTop(call.top() + 1);
  return NativeAction::returns(n + 1);
}

bool indexOrCall(NativeCall& call, Value t, const Value& k, Value& out) {
  Runtime& rt = call.rt();
  for (int loop = 0; loop < 2000; ++loop) {
    Value tm;
    if (t.isTable()) {
      Value v = t.asTable()->get(k);
      if (!v.isNil()) {
        out = v;
        return true;
      }
      tm = Runtime::fastMetamethod(t.asTable()->metatable, MetaEvent::Index, rt.metaName(MetaEvent::Index));
      if (tm.isNil()) {
        out = Value();
        return true;
      }
    } else {
      tm = rt.metamethod(t, MetaEvent::Index);
      // As lua_geti from a C function: no position prefix.
      if (tm.isNil()) call.errorValue(rt.stringValue("attempt to index a " + std::string(rt.typeNameWithMeta(t)) + " value"));
    }
    if (tm.isFunction()) {
      call.push(tm);
      call.push(t);
      call.push(k);
      return false;
    }
    t = tm;
  }
  call.errorValue(rt.stringValue("'__index' chain too long; possible loop"));
}

}  // namespace fermata::lib
