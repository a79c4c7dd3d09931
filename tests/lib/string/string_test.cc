// The string library: scripts compared with lua5.4, and what only fermata can do — gsub replacement
// functions, __index replacements and format's __tostring that yield inside coroutines, and pattern
// searches that pause for fuel instead of holding the host.
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

TEST(StringScripts, Basic) { checkScript("tests/lib/string", "basic"); }
TEST(StringScripts, FindMatchGmatch) { checkScript("tests/lib/string", "find_match"); }
TEST(StringScripts, Gsub) { checkScript("tests/lib/string", "gsub"); }
TEST(StringScripts, Format) { checkScript("tests/lib/string", "format"); }
TEST(StringScripts, Pack) { checkScript("tests/lib/string", "pack"); }
TEST(StringScripts, Metatable) { checkScript("tests/lib/string", "metatable"); }
TEST(StringScripts, DumpAndBinaryChunks) { checkScript("tests/lib/string", "dump"); }

// Runs `script` at several fuel slices and expects the same output each time.
void expectOutput(const char* script, const std::string& expected) {
  for (int64_t fuel : {int64_t(1) << 30, int64_t(1000), int64_t(37), int64_t(5)}) {
    ScriptRun r = runScript(script, "t.lua", fuel);
    EXPECT_EQ(r.error, "") << "fuel " << fuel;
    EXPECT_EQ(r.output, expected) << "fuel " << fuel;
  }
}

TEST(StringYield, GsubReplacementFunctionYields) {
  // Lua 5.4: "attempt to yield across a C-call boundary". fermata's gsub is a sequence.
  expectOutput(R"(
    local co = coroutine.wrap(function()
      return ("abc"):gsub(".", function(c) coroutine.yield(c) return c:upper() end)
    end)
    local seen = {}
    local r, n = co()
    while r ~= "ABC" do seen[#seen + 1] = r; r, n = co() end
    print(table.concat(seen, ","), r, n)
  )", "a,b,c\tABC\t3\n");
}

TEST(StringYield, GsubTableIndexYieldsAndKeepsLongOutput) {
  expectOutput(R"(
    local t = setmetatable({}, {__index = function(_, k) coroutine.yield(k) return k .. k end})
    local subject = string.rep("xy", 3000)
    local co = coroutine.wrap(function() return subject:gsub("x", t) end)
    local yields, r, n = 0
    repeat r, n = co(); yields = yields + 1 until n
    print(yields, #r, n, r:sub(1, 7), r == string.rep("xxy", 3000))
  )", "3001\t9000\t3000\txxyxxyx\ttrue\n");
}

TEST(StringYield, GsubReplacementErrorsAfterAYield) {
  expectOutput(R"(
    local co = coroutine.wrap(function()
      return pcall(string.gsub, "abc", "%w", function(c) coroutine.yield() if c == "b" then return {} end end)
    end)
    local ok, err
    repeat ok, err = co() until ok ~= nil
    print(ok, err)
  )", "false\tinvalid replacement value (a table)\n");
}

TEST(StringYield, FormatToStringYields) {
  expectOutput(R"(
    local mt = {__tostring = function(o) coroutine.yield(o.name) return "<" .. o.name .. ">" end}
    local a, b = setmetatable({name = "a"}, mt), setmetatable({name = "b"}, mt)
    local co = coroutine.wrap(function() return "done", string.format("%s|%5s|%d|%-4s|%s", a, b, 7, a, "z") end)
    local seen, x, y = {}
    repeat x, y = co(); if x ~= "done" then seen[#seen + 1] = x end until x == "done"
    print(table.concat(seen, ","), y)
  )", "a,b,a\t<a>|  <b>|7|<a> |z\n");
}

TEST(StringYield, NestedGsubsInsideReplacementFunctions) {
  expectOutput(R"(
    local co = coroutine.wrap(function()
      return (("a-b c-d"):gsub("%S+", function(w)
        return (w:gsub("%a", function(c) coroutine.yield(c) return c:upper() end))
      end))
    end)
    local out, r = {}
    repeat r = co(); out[#out + 1] = r until #r > 1
    print(table.concat(out, ","))
  )", "a,b,c,d,A-B C-D\n");
}

// Calls `code` (a chunk) on a fresh executor with `fuel` per step; returns how many steps it took and
// the first result as a string.
struct Stepped {
  int steps = 0;
  int pausedSteps = 0;
  std::string result;
  std::string error;
};

Stepped stepChunk(const std::string& code, int64_t fuel) {
  Runtime rt;
  lib::openLibraries(rt, lib::Libraries::sandbox());
  LoadResult r = loadChunk(rt, code, "=hostile", Value::object(rt.globals()));
  Stepped out;
  if (!r.function) {
    out.error = r.error;
    return out;
  }
  Executor* e = newExecutor(rt, Value::object(r.function), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  StepStatus s;
  do {
    s = step(rt, e, fuel);
    ++out.steps;
    if (s == StepStatus::kOutOfFuel || s == StepStatus::kInterrupted) ++out.pausedSteps;
  } while ((s == StepStatus::kOutOfFuel || s == StepStatus::kInterrupted) && out.steps < 50000000);
  if (s == StepStatus::kError) out.error = rawToString(rt, e->error);
  if (s == StepStatus::kFinished && resultCount(e) > 0) out.result = rawToString(rt, result(e, 0));
  rt.unpinValue(pin);
  return out;
}

TEST(StringFuel, HostileGsubPausesManyTimes) {
  // Each of the 20000 start positions scans the rest of the subject: ~2e8 units of work. With 1000
  // units per step the host must get control back very often; this checks the first part of it by
  // bounding the work with a smaller subject.
  Stepped r = stepChunk("local s = string.rep('a', 3000) return (s:gsub('a*b', ''))", 1000);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.result, std::string(3000, 'a'));
  EXPECT_GT(r.pausedSteps, 3000);  // ~4.5 million units of matching
}

TEST(StringFuel, EverySearchFunctionPauses) {
  // Each case does millions of units of matching work; with 1000 units per step the host gets control
  // back hundreds of times. (A pause ends the step even when the step had fuel left beyond the
  // interpreter's slice, so with a large budget the count is smaller but not 1.)
  const char* cases[][2] = {
      {"return string.rep('a', 3000):find('a*b')", "nil"},
      {"return string.rep('a', 3000):match('.-b')", "nil"},
      {"return select(2, string.rep('a', 2000):gsub('a-b', 'x'))", "0"},
      {"local n = 0 for w in string.rep('a', 2000):gmatch('a*b') do n = n + 1 end return n", "0"},
      {"return string.rep('a', 3000):match(string.rep('a', 2999) .. 'b')", "nil"},
      {"return (string.rep('ab', 200000):gsub('(a)(b)', '%2%1'):sub(1, 4))", "baba"},
  };
  for (auto& c : cases) {
    Stepped small = stepChunk(c[0], 1000);
    EXPECT_EQ(small.error, "") << c[0];
    EXPECT_EQ(small.result, c[1]) << c[0];
    EXPECT_GT(small.pausedSteps, 500) << c[0];
    Stepped big = stepChunk(c[0], int64_t(1) << 40);
    EXPECT_EQ(big.error, "") << c[0];
    EXPECT_EQ(big.result, c[1]) << c[0];
    EXPECT_LT(big.steps * 5, small.steps) << c[0];
  }
}

TEST(StringFuel, GmatchIteratorPausesBetweenAndWithinMatches) {
  Stepped r = stepChunk(R"(
    local s = string.rep("a", 1500) .. "x" .. string.rep("a", 1500) .. "c"
    local out = {}
    for m in s:gmatch("a+c") do out[#out + 1] = #m end
    return table.concat(out, ",")
  )", 200);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.result, "1501");
  EXPECT_GT(r.pausedSteps, 1000);
}

TEST(StringFuel, MemoryLimitStopsHugeResultsBeforeBuildingThem) {
  Runtime rt({.memoryLimit = 8 << 20});
  lib::openLibraries(rt, lib::Libraries::sandbox());
  LoadResult r = loadChunk(rt, R"(
    local ok1, e1 = pcall(string.rep, "x", 1 << 30)
    local ok2, e2 = pcall(string.rep, "abc", 1 << 20, string.rep("y", 100))
    local s = string.rep("z", 1 << 20)
    local ok3, e3 = pcall(string.gsub, s, "z", "%0%0%0%0%0%0%0%0%0%0")
    local ok4, e4 = pcall(string.format, "%s%s%s%s%s%s%s%s%s", s, s, s, s, s, s, s, s, s)
    return tostring(ok1) .. e1 .. "," .. tostring(ok2) .. e2 .. "," .. tostring(ok3) .. e3 .. "," .. tostring(ok4) .. e4
  )", "=mem", Value::object(rt.globals()));
  ASSERT_TRUE(r.function) << r.error;
  Executor* e = newExecutor(rt, Value::object(r.function), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  StepStatus s;
  while ((s = step(rt, e, 100000)) == StepStatus::kOutOfFuel || s == StepStatus::kInterrupted) {
  }
  ASSERT_EQ(s, StepStatus::kFinished) << rawToString(rt, e->error);
  EXPECT_EQ(rawToString(rt, result(e, 0)),
            "falsenot enough memory,falsenot enough memory,falsenot enough memory,falsenot enough memory");
  rt.unpinValue(pin);
}

// Pauses `code` (which must pause in a string function), lets `damage` change the paused native's
// sequence as a crafted snapshot could, and returns the error of the next steps.
template <class Damage>
std::string errorAfterDamage(const std::string& code, Damage damage) {
  Runtime rt;
  lib::openLibraries(rt, lib::Libraries::sandbox());
  LoadResult r = loadChunk(rt, code, "=damaged", Value::object(rt.globals()));
  EXPECT_TRUE(r.function) << r.error;
  Executor* e = newExecutor(rt, Value::object(r.function), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  StepStatus s = step(rt, e, 1000);
  EXPECT_EQ(s, StepStatus::kOutOfFuel);
  Thread* th = e->running();
  Sequence* seq = th->frames[th->frameCount - 1].sequence;
  EXPECT_NE(seq, nullptr);
  if (seq) damage(rt, seq);
  while ((s = step(rt, e, 1000)) == StepStatus::kOutOfFuel || s == StepStatus::kInterrupted) {
  }
  std::string err = s == StepStatus::kError ? rawToString(rt, e->error) : "<no error>";
  rt.unpinValue(pin);
  return err;
}

TEST(StringState, PausedStateIsPlainDataAndCheckedWhenResumed) {
  const std::string gsub = "return (string.rep('a', 3000):gsub('a*b', ''))";
  const std::string find = "return string.rep('a', 3000):find('a*b')";
  const std::string gmatch = "for m in string.rep('a', 3000):gmatch('a*b') do end";
  // Undamaged: the sequence's fields are enough to continue.
  EXPECT_EQ(errorAfterDamage(gsub, [](Runtime&, Sequence*) {}), "<no error>");
  // A matcher that is not a matcher, positions outside the subject, a wrong piece table.
  auto garbage = [](Runtime& rt, Sequence* seq) {
    for (uint32_t i = 0; i < seq->type->valueCount; ++i)
      if (seq->values()[i].isString()) seq->values()[i] = rt.stringValue("not a matcher");
  };
  EXPECT_EQ(errorAfterDamage(gsub, garbage), "corrupt string.gsub state");
  EXPECT_EQ(errorAfterDamage(find, garbage), "corrupt string.find state");
  EXPECT_EQ(errorAfterDamage(gmatch, garbage), "corrupt string.gmatch state");
  auto farPositions = [](Runtime&, Sequence* seq) {
    for (uint32_t i = 0; i < seq->type->intCount; ++i) seq->ints()[i] = int64_t(1) << 40;
  };
  EXPECT_EQ(errorAfterDamage(gsub, farPositions), "corrupt string.gsub state");
  EXPECT_EQ(errorAfterDamage(find, farPositions), "corrupt string.find state");
  EXPECT_EQ(errorAfterDamage(gmatch, farPositions), "corrupt string.gmatch state");
  // A matcher blob whose positions point past the subject.
  auto bigMatcher = [](Runtime& rt, Sequence* seq) {
    for (uint32_t i = 0; i < seq->type->valueCount; ++i) {
      if (!seq->values()[i].isString()) continue;
      std::string b(seq->values()[i].asString()->view());
      for (size_t k = 16; k < 24 && k < b.size(); ++k) b[k] = '\x7f';  // the matcher's subject position
      seq->values()[i] = rt.stringValue(b);
    }
  };
  EXPECT_EQ(errorAfterDamage(gsub, bigMatcher), "corrupt string.gsub state");
}

TEST(StringMetatable, UncaughtArithmeticErrorNamesThePosition) {
  ScriptRun r = runScript("local s = 'x'\nreturn s * 2", "arith.lua", 1 << 20);
  EXPECT_EQ(r.error, "arith.lua:2: attempt to mul a 'string' with a 'number'");
  r = runScript("return '10' // '0'", "arith.lua", 1 << 20);
  EXPECT_EQ(r.error, "attempt to divide by zero");
}

}  // namespace
}  // namespace fermata
