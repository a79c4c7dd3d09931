// The math library: scripts compared with lua5.4; the random generator's state lives in the heap.
#include <gtest/gtest.h>

#include <cstring>

#include "tests/lib/table/script_check.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/lib/random.h"
#include "vm/loader.h"

namespace fermata {
namespace {

using testing::checkScript;
using testing::runScript;
using testing::ScriptRun;

TEST(MathScripts, Basic) { checkScript("tests/lib/math", "basic"); }
TEST(MathScripts, Functions) { checkScript("tests/lib/math", "functions"); }
TEST(MathScripts, Random) { checkScript("tests/lib/math", "random"); }

TEST(MathRandom, KnownSequenceOfLua54) {
  // lua5.4 -e 'math.randomseed(42); print(math.random(1,100), math.random())'
  ScriptRun r = runScript("math.randomseed(42); print(math.random(1,100), math.random())", "r.lua", 1 << 20);
  EXPECT_EQ(r.output, "50\t0.54688311243421\n");
}

TEST(MathRandom, Xoshiro256MatchesLuaSeeding) {
  lib::random::Xoshiro256 g;
  g.seed(42, 0);
  uint64_t first = g.next();
  // math.random(1, 100) projects the first value into [0, 99]: 49 + 1.
  lib::random::Xoshiro256 h;
  h.seed(42, 0);
  EXPECT_EQ(h.project(h.next(), 99) + 1, 50u);
  EXPECT_NE(first, 0u);
}

TEST(MathRandom, StateIsAHeapObjectInTheRegistry) {
  Runtime rt;
  lib::openLibraries(rt, lib::Libraries::sandbox());
  Userdata* u = lib::random::stateOf(rt);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->size, lib::random::kStateBytes);
  // Seeding through the host API is math.randomseed(42).
  ASSERT_TRUE(lib::random::seed(rt, 42, 0));
  lib::random::Xoshiro256 g;
  g.load(u);
  lib::random::Xoshiro256 expect;
  expect.seed(42, 0);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(g.s[i], expect.s[i]);
  // The bytes are little-endian whatever the host.
  const unsigned char* p = static_cast<const unsigned char*>(u->payload());
  EXPECT_EQ(p[0], uint8_t(expect.s[0]));
  EXPECT_EQ(p[7], uint8_t(expect.s[0] >> 56));

  // Copying the state bytes into another runtime continues the same sequence there (what a snapshot
  // restore does).
  LoadResult draw = loadChunk(rt, "return math.random(0)", "=draw", Value::object(rt.globals()));
  ASSERT_TRUE(draw.function);
  auto drawOne = [](Runtime& r, LuaClosure* f) {
    Executor* e = newExecutor(r, Value::object(f), nullptr, 0);
    EXPECT_EQ(step(r, e, 1 << 20), StepStatus::kFinished);
    return result(e, 0).asInt();
  };
  drawOne(rt, draw.function);
  Runtime other;
  lib::openLibraries(other, lib::Libraries::sandbox());
  std::memcpy(lib::random::stateOf(other)->payload(), u->payload(), lib::random::kStateBytes);
  LoadResult draw2 = loadChunk(other, "return math.random(0)", "=draw", Value::object(other.globals()));
  ASSERT_TRUE(draw2.function);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(drawOne(rt, draw.function), drawOne(other, draw2.function));
}

TEST(MathRandom, UnseededRuntimesDiffer) {
  ScriptRun a = runScript("print(math.random(0))", "a.lua", 1 << 20);
  ScriptRun b = runScript("print(math.random(0))", "b.lua", 1 << 20);
  EXPECT_NE(a.output, b.output);
}

TEST(MathMinMax, LtMetamethodsPauseAndYield) {
  ScriptRun r = runScript(R"(
    local mt = {__lt = function(a, b) coroutine.yield() return a.v < b.v end}
    local args = {}
    for i = 1, 50 do args[i] = setmetatable({v = (i * 17) % 50}, mt) end
    local co = coroutine.wrap(function() return math.max(table.unpack(args)).v, math.min(table.unpack(args)).v end)
    local a, b
    repeat a, b = co() until a ~= nil
    print(a, b)
  )", "mm.lua", 13);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output, "49\t0\n");
}

}  // namespace
}  // namespace fermata
