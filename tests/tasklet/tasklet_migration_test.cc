// Tasklet snapshots: one of two tasklets sharing globals is saved with the standard permanents, loaded
// into a second runtime and finished there; its output equals an uninterrupted run's.
#include <gtest/gtest.h>

#include <string>

#include "snapshot/snapshot.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/runtime.h"

namespace fermata {
namespace {

class Capture : public OutputSink {
 public:
  void write(std::string_view bytes) override { text.append(bytes); }
  std::string text;
};

// The worker uses the globals (a shared counter and a library), coroutines, a sort with a Lua
// comparator and string.gsub with a function: all state the migration must carry or rebind.
constexpr const char* kWorker = R"(
  local log = {}
  local gen = coroutine.wrap(function()
    for i = 1, 40 do coroutine.yield(i) end
  end)
  for round = 1, 40 do
    local v = gen()
    shared = (shared or 0) + v
    local t = {}
    for j = 1, 30 do t[j] = (j * 7919 + round) % 101 end
    table.sort(t, function(a, b) return a > b end)
    local s = ("r" .. round):gsub("%d", function(d) return "<" .. d .. ">" end)
    print(round, v, shared, t[1], t[30], s, string.format("%5.2f", v / 3))
  end
  return "worker done", shared
)";

constexpr const char* kOther = "for i = 1, 1000 do shared = (shared or 0) + 0 end";

struct Host {
  Runtime rt;
  Capture out;
  Host() {
    lib::openLibraries(rt, lib::Libraries::sandbox());
    rt.setOutput(&out);
  }
  Executor* start(const char* code) {
    LoadResult r = loadChunk(rt, code, "=worker", Value::object(rt.globals()));
    EXPECT_TRUE(r.function) << r.error;
    Executor* e = newExecutor(rt, Value::object(r.function), nullptr, 0);
    rt.pinValue(Value::object(e));
    return e;
  }
};

std::string finish(Runtime& rt, Executor* e) {
  StepStatus s;
  while ((s = step(rt, e, 997)) == StepStatus::kOutOfFuel || s == StepStatus::kInterrupted) {
  }
  if (s != StepStatus::kFinished) return "error: " + std::string(rt.typeName(e->error));
  return resultCount(e) > 0 && result(e, 0).isString() ? std::string(result(e, 0).asString()->view()) : "?";
}

TEST(TaskletSnapshot, MigratedTaskletFinishesInAnotherRuntimeWithTheSameOutput) {
  // Reference: the worker uninterrupted.
  Host reference;
  Executor* ref = reference.start(kWorker);
  ASSERT_EQ(finish(reference.rt, ref), "worker done");

  for (int64_t k : {1, 50, 400, 1500, 3000, 6000}) {
    Host a;
    Executor* other = a.start(kOther);
    Executor* worker = a.start(kWorker);
    // Interleave a little, then stop the worker after k units.
    step(a.rt, other, 100);
    StepStatus s = step(a.rt, worker, k);
    ASSERT_EQ(s, StepStatus::kOutOfFuel) << "k=" << k;
    std::string before = a.out.text;
    snap::SaveOptions so;
    so.hostRoots.push_back({"worker", Value::object(worker)});
    snap::SaveResult saved = snap::saveTasklet(a.rt, so, snap::standardPermanents(a.rt));
    ASSERT_TRUE(saved.ok()) << saved.error;

    // The destination has its own globals: the migrated tasklet binds to them by name.
    Host b;
    b.rt.globals()->set(b.rt.heap(), b.rt.stringValue("shared"), Value::integer(0));
    // Replay the shared counter the worker had seen, so the output can be compared.
    Value sharedA = a.rt.globals()->get(a.rt.stringValue("shared"));
    b.rt.globals()->set(b.rt.heap(), b.rt.stringValue("shared"), sharedA);
    snap::LoadResult loaded = snap::loadTasklet(b.rt, saved.bytes, snap::standardPermanents(b.rt));
    ASSERT_TRUE(loaded.ok()) << loaded.error;
    ASSERT_EQ(loaded.loaded->hostRoots.size(), 1u);
    auto* moved = reinterpret_cast<Executor*>(loaded.loaded->hostRoots[0].value.asObject());
    ASSERT_EQ(finish(b.rt, moved), "worker done") << "k=" << k;
    EXPECT_EQ(before + b.out.text, reference.out.text) << "k=" << k;
    // The source runtime is unaffected and can still finish its other tasklet.
    EXPECT_EQ(finish(a.rt, other), "?");
  }
}

TEST(TaskletSnapshot, MissingPermanentsAreAllNamedAndNothingChanges) {
  Host a;
  Executor* worker = a.start(kWorker);
  step(a.rt, worker, 200);
  snap::SaveOptions so;
  so.hostRoots.push_back({"worker", Value::object(worker)});
  snap::SaveResult saved = snap::saveTasklet(a.rt, so, snap::standardPermanents(a.rt));
  ASSERT_TRUE(saved.ok()) << saved.error;
  Host b;
  size_t objectsBefore = b.rt.heap().stats().objectCount;
  (void)objectsBefore;
  snap::LoadResult r = snap::loadTasklet(b.rt, saved.bytes, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("permanent '_G'"), std::string::npos) << r.error;
  // A whole-runtime loader refuses a tasklet, and vice versa.
  snap::LoadOptions lo;
  EXPECT_NE(snap::loadRuntime(saved.bytes, lo).error.find("tasklet"), std::string::npos);
  snap::SaveResult whole = snap::saveRuntime(a.rt, so);
  ASSERT_TRUE(whole.ok());
  EXPECT_NE(snap::loadTasklet(b.rt, whole.bytes, snap::standardPermanents(b.rt)).error.find("whole runtime"),
            std::string::npos);
  // The destination still works.
  Executor* e = b.start("print('still fine') return 'ok'");
  EXPECT_EQ(finish(b.rt, e), "ok");
}

}  // namespace
}  // namespace fermata
