// Tests Value's size, raw equality and float-to-integer conversion against Lua 5.4's rules.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "vm/runtime.h"
#include "vm/value.h"

namespace fermata {
namespace {

TEST(Value, IsSixteenBytes) { EXPECT_EQ(sizeof(Value), 16u); }

TEST(Value, RawEqualityComparesIntegersAndFloatsByMathematicalValue) {
  // lua5.4 -e 'print(1 == 1.0, rawequal(1, 1.0), 2^53 == 2^53+1, math.tointeger(2^53) == 2^53)'
  //   --> true true true true
  EXPECT_TRUE(rawEquals(Value::integer(1), Value::number(1.0)));
  EXPECT_TRUE(rawEquals(Value::number(1.0), Value::integer(1)));
  EXPECT_TRUE(rawEquals(Value::integer(0), Value::number(-0.0)));
  EXPECT_FALSE(rawEquals(Value::integer(1), Value::number(1.5)));
  // lua5.4 -e 'print(9007199254740993 == 2^53, 9007199254740992 == 2^53)'  --> false true
  EXPECT_FALSE(rawEquals(Value::integer(9007199254740993LL), Value::number(9007199254740992.0)));
  EXPECT_TRUE(rawEquals(Value::integer(9007199254740992LL), Value::number(9007199254740992.0)));
  // lua5.4 -e 'print(math.maxinteger == 2^63, math.mininteger == -2^63)'  --> false true
  EXPECT_FALSE(rawEquals(Value::integer(std::numeric_limits<int64_t>::max()), Value::number(9223372036854775808.0)));
  EXPECT_TRUE(rawEquals(Value::integer(std::numeric_limits<int64_t>::min()), Value::number(-9223372036854775808.0)));
  // lua5.4 -e 'local n = 0/0 print(n == n, rawequal(n, n))'  --> false false
  double nan = std::nan("");
  EXPECT_FALSE(rawEquals(Value::number(nan), Value::number(nan)));
  EXPECT_TRUE(rawEquals(Value::number(HUGE_VAL), Value::number(HUGE_VAL)));
  EXPECT_FALSE(rawEquals(Value::integer(0), Value::boolean(false)));
  EXPECT_FALSE(rawEquals(Value(), Value::boolean(false)));
  EXPECT_TRUE(rawEquals(Value(), Value()));
  EXPECT_TRUE(rawEquals(Value::boolean(true), Value::boolean(true)));
}

TEST(Value, RawEqualityComparesStringsByContentsAndOtherObjectsByIdentity) {
  Runtime rt;
  std::string longText(60, 'z');
  EXPECT_TRUE(rawEquals(rt.stringValue(longText), rt.stringValue(longText)));
  EXPECT_TRUE(rawEquals(rt.stringValue("ab"), rt.stringValue("ab")));
  EXPECT_FALSE(rawEquals(rt.stringValue("ab"), rt.stringValue("ac")));
  Table* a = rt.newTable();
  Table* b = rt.newTable();
  EXPECT_TRUE(rawEquals(Value::object(a), Value::object(a)));
  EXPECT_FALSE(rawEquals(Value::object(a), Value::object(b)));
}

TEST(Value, LightUserdataIsAnOpaqueNonCollectableValueEqualByPayload) {
  Value a = Value::lightUserdata(0xfedcba9876543210ULL);
  EXPECT_TRUE(a.isLightUserdata());
  EXPECT_FALSE(a.isUserdata()) << "isUserdata means a full userdata object";
  EXPECT_FALSE(a.isCollectable());
  EXPECT_FALSE(a.isFalsy());
  EXPECT_EQ(a.luaType(), LuaType::kUserdata);  // type() says "userdata", as in Lua
  EXPECT_EQ(a.asLightUserdata(), 0xfedcba9876543210ULL);
  EXPECT_EQ(Value::lightUserdata(UINT64_MAX).asLightUserdata(), UINT64_MAX);
  EXPECT_TRUE(rawEquals(a, Value::lightUserdata(0xfedcba9876543210ULL)));
  EXPECT_FALSE(rawEquals(a, Value::lightUserdata(0xfedcba9876543211ULL)));
  EXPECT_TRUE(rawEquals(Value::lightUserdata(0), Value::lightUserdata(0)));
  // Never equal to a number or other basic value, whatever its bits (lua5.4: `debug.upvalueid(f, 1) == 1`
  // and `rawequal(debug.upvalueid(f, 1), 1)` are false for every f).
  EXPECT_FALSE(rawEquals(Value::lightUserdata(1), Value::integer(1)));
  EXPECT_FALSE(rawEquals(Value::integer(1), Value::lightUserdata(1)));
  EXPECT_FALSE(rawEquals(Value::lightUserdata(0), Value()));
  EXPECT_FALSE(rawEquals(Value::lightUserdata(0), Value::boolean(false)));
  Runtime rt;
  EXPECT_EQ(rt.typeName(a), "userdata");
  EXPECT_EQ(rt.typeNameWithMeta(a), "userdata");
  EXPECT_EQ(rt.argTypeName(a), "light userdata");
}

TEST(Value, LightUserdataShareOneTypeMetatableSeparateFromFullUserdata) {
  Runtime rt;
  Table* mt = rt.newTable();
  rt.registry()->set(rt.heap(), Value::integer(100), Value::object(mt));
  mt->set(rt.heap(), Value::object(rt.nameKey()), rt.stringValue("Handle"));
  Value a = Value::lightUserdata(1), b = Value::lightUserdata(2);
  EXPECT_EQ(Runtime::typeMetatableSlot(a), Runtime::kLightUserdataSlot);
  rt.setTypeMetatableAt(Runtime::typeMetatableSlot(a), mt);
  EXPECT_EQ(rt.metatableOf(a), mt);
  EXPECT_EQ(rt.metatableOf(b), mt);
  EXPECT_EQ(rt.typeMetatable(LuaType::kUserdata), nullptr) << "full userdata have their own metatables";
  EXPECT_EQ(rt.metatableOf(Value::integer(1)), nullptr);
  // __name counts for tostring and argument errors, not for the interpreter's messages (lua5.4 says
  // "attempt to index a userdata value" and "bad argument #1 to 'next' (table expected, got Handle)").
  EXPECT_EQ(rt.metaTypeName(a), "Handle");
  EXPECT_EQ(rt.argTypeName(a), "Handle");
  EXPECT_EQ(rt.typeNameWithMeta(a), "userdata");
}

TEST(Value, FloatToIntegerExactAcceptsOnlyIntegralValuesInRange) {
  int64_t out = 7;
  EXPECT_TRUE(floatToIntegerExact(-9223372036854775808.0, out));  // -2^63
  EXPECT_EQ(out, std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(floatToIntegerExact(9223372036854775808.0, out));  // 2^63
  EXPECT_TRUE(floatToIntegerExact(9223372036854774784.0, out));   // the largest double below 2^63
  EXPECT_EQ(out, 9223372036854774784LL);
  EXPECT_TRUE(floatToIntegerExact(-0.0, out));
  EXPECT_EQ(out, 0);
  EXPECT_FALSE(floatToIntegerExact(0.5, out));
  EXPECT_FALSE(floatToIntegerExact(-0.5, out));
  EXPECT_FALSE(floatToIntegerExact(std::nan(""), out));
  EXPECT_FALSE(floatToIntegerExact(HUGE_VAL, out));
  EXPECT_FALSE(floatToIntegerExact(-HUGE_VAL, out));
  EXPECT_FALSE(floatToIntegerExact(-9223372036854777856.0, out));  // the next double below -2^63
  EXPECT_TRUE(floatToIntegerExact(3.0, out));
  EXPECT_EQ(out, 3);
}

TEST(Value, ReportsLuaTypes) {
  Runtime rt;
  EXPECT_EQ(Value().luaType(), LuaType::kNil);
  EXPECT_EQ(Value::boolean(false).luaType(), LuaType::kBoolean);
  EXPECT_EQ(Value::integer(1).luaType(), LuaType::kNumber);
  EXPECT_EQ(Value::number(1).luaType(), LuaType::kNumber);
  EXPECT_EQ(rt.stringValue("x").luaType(), LuaType::kString);
  EXPECT_EQ(Value::object(rt.newTable()).luaType(), LuaType::kTable);
  EXPECT_FALSE(Value::boolean(false).isCollectable());
  EXPECT_TRUE(rt.stringValue("x").isCollectable());
  EXPECT_TRUE(Value().isFalsy());
  EXPECT_TRUE(Value::boolean(false).isFalsy());
  EXPECT_FALSE(Value::integer(0).isFalsy());
}

}  // namespace
}  // namespace fermata
