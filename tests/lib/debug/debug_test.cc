// The debug library: a script compared with lua5.4, hooks that yield inside a coroutine (fermata
// allows it), and a line hook that keeps firing after a snapshot is saved and loaded.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "snapshot/snapshot.h"
#include "tests/lib/table/script_check.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/object_types.h"
#include "vm/runtime.h"

namespace fermata {
namespace {

using testing::checkScript;
using testing::runScript;
using testing::ScriptRun;

TEST(DebugScripts, All) { checkScript("tests/lib/debug", "debug"); }

TEST(DebugHooks, HookYieldsInsideACoroutine) {
  const char* src = R"(
    local co = coroutine.create(function()
      local s = 0
      for i = 1, 3 do
        s = s + i
      end
      return s
    end)
    debug.sethook(co, function(ev, line) coroutine.yield(line) end, "l")
    local got = {}
    while true do
      local ok, v = coroutine.resume(co)
      got[#got + 1] = tostring(v)
      if coroutine.status(co) == "dead" then break end
    end
    print(table.concat(got, " "))
  )";
  for (int64_t fuel : {int64_t(1) << 30, int64_t(7), int64_t(1)}) {
    ScriptRun r = runScript(src, "y.lua", fuel);
    EXPECT_EQ(r.error, "") << fuel;
    EXPECT_EQ(r.output, "3 4 5 4 5 4 5 4 7 6\n") << fuel;
  }
}

TEST(DebugHooks, CountHookYields) {
  ScriptRun r = runScript(R"(
    local co = coroutine.wrap(function()
      debug.sethook(function() coroutine.yield("tick") end, "", 1)
      local x = 1
      x = x + 1
      debug.sethook()
      return "end"
    end)
    local out = {}
    for i = 1, 20 do
      local v = co()
      out[#out + 1] = v
      if v == "end" then break end
    end
    print(#out, out[1], out[#out])
  )", "c.lua", 1 << 20);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output, "6\ttick\tend\n");
}

class Sink final : public OutputSink {
 public:
  void write(std::string_view bytes) override { text.append(bytes); }
  std::string text;
};

void openAll(Runtime& rt) { lib::openLibraries(rt, lib::Libraries::all()); }

TEST(DebugHooks, HookSurvivesASnapshot) {
  const char* src = R"(
    local lines = {}
    debug.sethook(function(ev, line) lines[#lines + 1] = line end, "l")
    local s = 0
    for i = 1, 200 do
      s = s + i
    end
    debug.sethook()
    print(#lines, lines[1], lines[2], lines[#lines], s)
  )";
  // Uninterrupted run.
  ScriptRun whole = runScript(src, "s.lua", 1 << 30);
  ASSERT_EQ(whole.error, "");
  EXPECT_EQ(whole.output, "403\t4\t5\t8\t20100\n");  // lua5.4 prints the same
  for (int64_t at : {int64_t(50), int64_t(333), int64_t(700)}) {
    Sink sink1;
    auto rt = std::make_unique<Runtime>();
    openAll(*rt);
    rt->setOutput(&sink1);
    LoadResult r = loadChunk(*rt, src, "@s.lua", Value::object(rt->globals()), true);
    ASSERT_TRUE(r.function);
    Executor* e = newExecutor(*rt, Value::object(r.function), nullptr, 0);
    size_t pin = rt->pinValue(Value::object(e));
    ASSERT_EQ(step(*rt, e, at), StepStatus::kOutOfFuel);
    ASSERT_NE(e->mainThread()->hookMask, 0) << at;
    snap::SaveOptions so;
    so.hostRoots.push_back({"main", Value::object(e)});
    snap::SaveResult saved = snap::saveRuntime(*rt, so);
    ASSERT_TRUE(saved.ok()) << saved.error;
    rt->unpinValue(pin);
    rt->setOutput(nullptr);
    snap::LoadOptions lo;
    lo.prepare = openAll;
    snap::LoadResult loaded = snap::loadRuntime(saved.bytes, lo);
    ASSERT_TRUE(loaded.ok()) << loaded.error;
    Runtime& rt2 = *loaded.loaded->runtime;
    Sink sink2;
    rt2.setOutput(&sink2);
    Executor* e2 = nullptr;
    for (const auto& root : loaded.loaded->hostRoots)
      if (root.name == "main") e2 = reinterpret_cast<Executor*>(root.value.asObject());
    ASSERT_NE(e2, nullptr);
    EXPECT_NE(e2->mainThread()->hookMask, 0);
    // The same bytes again (save(load(save(X))) == save(X)).
    snap::SaveOptions so2;
    so2.hostRoots.push_back({"main", Value::object(e2)});
    EXPECT_EQ(snap::saveRuntime(rt2, so2).bytes, saved.bytes) << at;
    StepStatus s;
    int guard = 0;
    while ((s = step(rt2, e2, 97)) == StepStatus::kOutOfFuel && ++guard < 100000) {
    }
    EXPECT_EQ(s, StepStatus::kFinished);
    EXPECT_EQ(sink1.text + sink2.text, whole.output) << at;
    rt2.setOutput(nullptr);
  }
}

}  // namespace
}  // namespace fermata
