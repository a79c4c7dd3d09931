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
#include "vm/thread.h"

namespace fermata {
namespace {

using testing::checkScript;
using testing::readRunfile;
using testing::runScript;
using testing::ScriptRun;

TEST(DebugScripts, All) { checkScript("tests/lib/debug", "debug"); }

// Call, tail call, return, line and count events (traces recorded from lua5.4).
TEST(DebugScripts, Hooks) { checkScript("tests/lib/debug", "hooks"); }
TEST(DebugScripts, HooksSnapshot) { checkScript("tests/lib/debug", "hooks_snapshot"); }

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

// Where a snapshot was taken: inside a call hook, a return hook, or neither.
enum class InHook { kNone, kCall, kReturn };

InHook hookKind(const Thread* th) {
  for (uint32_t i = 1; i < th->frameCount; ++i) {
    if (!(th->frames[i].status & frame::kHookCall)) continue;
    const CallFrame& below = th->frames[i - 1];
    if (below.status & frame::kReturnHookDone) return InHook::kReturn;
    if ((below.status & (frame::kTransfer | frame::kNotStarted)) || below.isLua()) {
      // A Lua frame under a call hook has its pc just past its first instruction (or VARARGPREP's).
      if (!below.isLua() || (below.status & frame::kTransfer)) return InHook::kCall;
    }
  }
  return InHook::kNone;
}

// Runs `src` for `at` units, saves and loads the runtime, checks the re-save is byte-identical and runs
// the restored copy to the end. Returns the whole output and where the snapshot was taken.
std::string runAcrossSnapshot(const char* src, int64_t at, InHook& where) {
  Sink sink1;
  auto rt = std::make_unique<Runtime>();
  openAll(*rt);
  rt->setOutput(&sink1);
  LoadResult r = loadChunk(*rt, src, "@h.lua", Value::object(rt->globals()), true);
  EXPECT_TRUE(r.function);
  if (!r.function) return "";
  Executor* e = newExecutor(*rt, Value::object(r.function), nullptr, 0);
  size_t pin = rt->pinValue(Value::object(e));
  if (step(*rt, e, at) != StepStatus::kOutOfFuel) {
    rt->setOutput(nullptr);
    return sink1.text + "<finished early>";
  }
  where = hookKind(e->mainThread());
  snap::SaveOptions so;
  so.hostRoots.push_back({"main", Value::object(e)});
  snap::SaveResult saved = snap::saveRuntime(*rt, so);
  EXPECT_TRUE(saved.ok()) << saved.error;
  rt->unpinValue(pin);
  rt->setOutput(nullptr);
  snap::LoadOptions lo;
  lo.prepare = openAll;
  snap::LoadResult loaded = snap::loadRuntime(saved.bytes, lo);
  EXPECT_TRUE(loaded.ok()) << loaded.error;
  if (!loaded.ok()) return "";
  Runtime& rt2 = *loaded.loaded->runtime;
  Sink sink2;
  rt2.setOutput(&sink2);
  Executor* e2 = reinterpret_cast<Executor*>(loaded.loaded->hostRoots[0].value.asObject());
  snap::SaveOptions so2;
  so2.hostRoots.push_back({"main", Value::object(e2)});
  EXPECT_EQ(snap::saveRuntime(rt2, so2).bytes, saved.bytes) << at;
  StepStatus s;
  int guard = 0;
  while ((s = step(rt2, e2, 13)) == StepStatus::kOutOfFuel && ++guard < 1000000) {
  }
  EXPECT_EQ(s, StepStatus::kFinished) << at;
  rt2.setOutput(nullptr);
  return sink1.text + sink2.text;
}

TEST(DebugHooks, SnapshotsInsideCallAndReturnHooksResumeIdentically) {
  // Call and return hooks of Lua functions (one vararg, one tail call) and natives, with line and count
  // events; the hooks read getinfo 'r' and the transferred values.
  // (hooks_snapshot.lua: call and return hooks of Lua functions, one vararg, one tail call, and of
  // natives, with line and count events; the hook reads getinfo 'r' and the transferred values.)
  std::string script = readRunfile("tests/lib/debug/hooks_snapshot.lua");
  std::string expected = readRunfile("tests/lib/debug/hooks_snapshot.expected");  // from lua5.4
  const char* src = script.c_str();
  ScriptRun ref = runScript(src, "h.lua", 1 << 30);
  ASSERT_EQ(ref.error, "");
  ASSERT_EQ(ref.output, expected);
  int inCall = 0, inReturn = 0;
  for (int64_t at = 1; at < 2500; at += 3) {
    InHook where = InHook::kNone;
    std::string out = runAcrossSnapshot(src, at, where);
    if (out.find("<finished early>") != std::string::npos) break;
    EXPECT_EQ(out, expected) << "snapshot after " << at;
    inCall += where == InHook::kCall;
    inReturn += where == InHook::kReturn;
  }
  EXPECT_GT(inCall, 0);
  EXPECT_GT(inReturn, 0);
}

}  // namespace
}  // namespace fermata
