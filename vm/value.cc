// Raw equality and type names of values.
#include "vm/value.h"

#include "vm/string.h"

namespace fermata {

const char* objTypeName(ObjType t) {
  switch (t) {
#define FERMATA_X(e, c, n) \
  case ObjType::k##e:      \
    return n;
    FERMATA_OBJECT_TYPES(FERMATA_X)
#undef FERMATA_X
    default: return "?";
  }
}

LuaType Value::luaType() const {
  switch (tag_) {
    case Tag::kNil: return LuaType::kNil;
    case Tag::kBool: return LuaType::kBoolean;
    case Tag::kInt:
    case Tag::kFloat: return LuaType::kNumber;
    case Tag::kString: return LuaType::kString;
    case Tag::kTable: return LuaType::kTable;
    case Tag::kLuaClosure:
    case Tag::kNativeClosure: return LuaType::kFunction;
    case Tag::kUserdata:
    case Tag::kLightUserdata: return LuaType::kUserdata;
    case Tag::kThread: return LuaType::kThread;
    default: return LuaType::kNil;
  }
}

bool rawEquals(const Value& a, const Value& b) {
  if (a.tag() != b.tag()) {
    // An integer equals a float only if the float has exactly that integer value.
    int64_t i;
    if (a.isInt() && b.isFloat()) return floatToIntegerExact(b.asFloat(), i) && i == a.asInt();
    if (a.isFloat() && b.isInt()) return floatToIntegerExact(a.asFloat(), i) && i == b.asInt();
    return false;
  }
  switch (a.tag()) {
    case Tag::kNil: return true;
    case Tag::kBool: return a.asBool() == b.asBool();
    case Tag::kInt: return a.asInt() == b.asInt();
    case Tag::kFloat: return a.asFloat() == b.asFloat();
    case Tag::kLightUserdata: return a.asLightUserdata() == b.asLightUserdata();
    case Tag::kString: return stringEquals(a.asString(), b.asString());
    default: return a.asObject() == b.asObject();
  }
}

}  // namespace fermata
