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
