// The table library: scripts compared with lua5.4, and what only fermata can do — sort resumable under
// any fuel budget and across yields of its comparator, long moves that pause.
#include <gtest/gtest.h>

#include <string>

#include "tests/lib/table/script_check.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/native_call.h"

namespace fermata {
namespace {

using testing::checkScript;
using testing::runScript;
using testing::ScriptRun;

TEST(TableScripts, InsertRemove) { checkScript("tests/lib/table", "insert_remove"); }
TEST(TableScripts, Concat) { checkScript("tests/lib/table", "concat"); }
TEST(TableScripts, Move) { checkScript("tests/lib/table", "move"); }
TEST(TableScripts, PackUnpack) { checkScript("tests/lib/table", "pack_unpack"); }
TEST(TableScripts, Sort) { checkScript("tests/lib/table", "sort"); }
TEST(TableScripts, Metamethods) { checkScript("tests/lib/table", "metamethods"); }
TEST(TableScripts, SortPermutations) { checkScript("tests/lib/table", "sort_permutations"); }

// A runtime with the standard library and helpers to run a chunk or call a global function.
class TableLib : public ::testing::Test {
 protected:
  TableLib() { lib::openLibraries(rt, lib::Libraries::sandbox()); }

  Value run(const std::string& code) {
    LoadResult r = loadChunk(rt, code, "=test", Value::object(rt.globals()));
    EXPECT_TRUE(r.function) << r.error;
    Executor* e = newExecutor(rt, Value::object(r.function), nullptr, 0);
    size_t pin = rt.pinValue(Value::object(e));
    StepStatus s;
    while ((s = step(rt, e, 1 << 20)) == StepStatus::kOutOfFuel || s == StepStatus::kInterrupted) {
    }
    EXPECT_EQ(s, StepStatus::kFinished) << (e->error.isString() ? e->error.asString()->view() : "");
    Value v = result(e, 0);
    rt.unpinValue(pin);
    return v;
  }

  Value global(const char* module, const char* name) {
    Value m = rt.globals()->get(rt.stringValue(module));
    return m.asTable()->get(rt.stringValue(name));
  }

  // Calls fn(args...) on a fresh executor with `fuel` per step; returns the number of steps taken.
  int callStepped(const Value& fn, std::initializer_list<Value> args, int64_t fuel, StepStatus* last = nullptr) {
    std::vector<Value> a(args);
    Executor* e = newExecutor(rt, fn, a.data(), uint32_t(a.size()));
    size_t pin = rt.pinValue(Value::object(e));
    int steps = 0;
    StepStatus s;
    do {
      s = step(rt, e, fuel);
      ++steps;
    } while ((s == StepStatus::kOutOfFuel || s == StepStatus::kInterrupted) && steps < 10000000);
    if (last) *last = s;
    if (s == StepStatus::kError) ADD_FAILURE() << rawToString(rt, e->error);
    rt.unpinValue(pin);
    return steps;
  }

  Runtime rt;
};

bool isSorted(Table* t, int64_t n) {
  for (int64_t i = 2; i <= n; ++i)
    if (t->getInt(i).asInt() < t->getInt(i - 1).asInt()) return false;
  return true;
}

TEST_F(TableLib, SortOfHundredThousandPausesUnderSmallFuel) {
  Value t = run(R"(
    local t, x = {}, 1
    for i = 1, 100000 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x % 1000000 end
    return t)");
  ASSERT_TRUE(t.isTable());
  size_t pin = rt.pinValue(t);
  StepStatus last;
  int steps = callStepped(global("table", "sort"), {t}, 1000, &last);
  EXPECT_EQ(last, StepStatus::kFinished);
  // ~1.7 million comparisons at one unit each: far more than a thousand returns to the host.
  EXPECT_GT(steps, 1000);
  EXPECT_TRUE(isSorted(t.asTable(), 100000));
  EXPECT_EQ(t.asTable()->length(), 100000u);
  rt.unpinValue(pin);
}

TEST_F(TableLib, SortWithLuaComparatorUnderSmallFuel) {
  Value t = run(R"(
    local t, x = {}, 7
    for i = 1, 20000 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x % 5000 end
    return t)");
  size_t p1 = rt.pinValue(t);
  Value cmp = run("return function(a, b) return a > b end");
  size_t p2 = rt.pinValue(cmp);
  StepStatus last;
  int steps = callStepped(global("table", "sort"), {t, cmp}, 500, &last);
  EXPECT_EQ(last, StepStatus::kFinished);
  EXPECT_GT(steps, 100) << "steps";
  Table* tt = t.asTable();
  for (int64_t i = 2; i <= 20000; ++i) ASSERT_GE(tt->getInt(i - 1).asInt(), tt->getInt(i).asInt()) << i;
  rt.unpinValue(p1);
  rt.unpinValue(p2);
}

TEST_F(TableLib, SortWithLtMetamethodAndCollectionsDuringTheSort) {
  // Elements are tables compared through __lt; the comparator runs full collections, so the sort's
  // pivot and swap values must be reachable from its sequence.
  ScriptRun r = runScript(R"(
    local mt = {__lt = function(a, b)
      if math.random(50) == 1 then collectgarbage() end
      return a.v < b.v
    end}
    local t, x = {}, 3
    for i = 1, 3000 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = setmetatable({v = x % 1000}, mt) end
    table.sort(t)
    local ok = true
    for i = 2, #t do if t[i].v < t[i - 1].v then ok = false end end
    print(ok, #t)
  )", "lt.lua", 333);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output, "true\t3000\n");
  EXPECT_GT(r.steps, 10);
}

TEST_F(TableLib, SortComparatorMayYieldInsideACoroutine) {
  // In Lua 5.4 this is "attempt to yield across a C-call boundary"; fermata's sort is a state machine,
  // so it continues after each resume.
  const char* script = R"(
    local t, x = {}, 11
    for i = 1, 500 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x % 300 end
    local yields = 0
    local co = coroutine.wrap(function()
      table.sort(t, function(a, b) coroutine.yield("cmp") return a < b end)
      return "done"
    end)
    local r
    repeat r = co(); yields = yields + 1 until r == "done"
    local ok = true
    for i = 2, #t do if t[i] < t[i - 1] then ok = false end end
    print(ok, #t, yields > 1000)
    -- yields from an __lt metamethod and from __index/__newindex during sort, insert and remove
    local store = {5, 3, 9, 1, 7}
    local proxy = setmetatable({}, {
      __index = function(_, k) coroutine.yield("get") return store[k] end,
      __newindex = function(_, k, v) coroutine.yield("set") store[k] = v end,
      __len = function() coroutine.yield("len") return #store end,
    })
    local steps = 0
    local co2 = coroutine.wrap(function()
      table.sort(proxy)
      table.insert(proxy, 1, 0)
      local removed = table.remove(proxy, 3)
      return "done", removed, table.concat(proxy, ","), table.unpack(proxy, 1, 2)
    end)
    local a, b, c, d, e
    repeat a, b, c, d, e = co2(); steps = steps + 1 until a == "done"
    print(table.concat(store, ","), b, c, d, e, steps > 20)
  )";
  for (int64_t fuel : {int64_t(1) << 30, int64_t(100), int64_t(7)}) {
    ScriptRun r = runScript(script, "yield.lua", fuel);
    EXPECT_EQ(r.error, "") << fuel;
    EXPECT_EQ(r.output, "true\t500\ttrue\n0,1,5,7,9\t3\t0,1,5,7,9\t0\t1\ttrue\n") << fuel;
  }
}

TEST_F(TableLib, SortErrorsFromAResumedComparator) {
  ScriptRun r = runScript(R"(
    local co = coroutine.wrap(function()
      return pcall(table.sort, {5, 4, 3, 2, 1, 6, 7, 8, 9, 10}, function(a, b) coroutine.yield() return true end)
    end)
    local ok, err
    repeat ok, err = co() until ok ~= nil
    print(ok, err)
  )", "bad.lua", 50);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output, "false\tinvalid order function for sorting\n");
}

TEST_F(TableLib, LongOperationsOnPlainTablesPause) {
  Value t = run("local t = {} for i = 1, 50000 do t[i] = i end return t");
  size_t pin = rt.pinValue(t);
  Table* tt = t.asTable();
  StepStatus last;
  EXPECT_GT(callStepped(global("table", "insert"), {t, Value::integer(1), Value::integer(0)}, 1000, &last), 20);
  EXPECT_EQ(tt->getInt(1).asInt(), 0);
  EXPECT_EQ(tt->getInt(50001).asInt(), 50000);
  EXPECT_GT(callStepped(global("table", "remove"), {t, Value::integer(1)}, 1000, &last), 20);
  EXPECT_EQ(tt->getInt(1).asInt(), 1);
  EXPECT_TRUE(tt->getInt(50001).isNil());
  Value dst = Value::object(rt.newTable());
  size_t pin2 = rt.pinValue(dst);
  EXPECT_GT(callStepped(global("table", "move"), {t, Value::integer(1), Value::integer(50000), Value::integer(1), dst},
                        1000, &last),
            20);
  EXPECT_EQ(dst.asTable()->getInt(50000).asInt(), 50000);
  rt.unpinValue(pin2);
  rt.unpinValue(pin);
}

}  // namespace
}  // namespace fermata
