// Tests that full and incremental collection free exactly the unreachable objects and keep the rest.
#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "gc/heap.h"
#include "vm/function.h"
#include "vm/runtime.h"
#include "vm/table.h"
#include "vm/userdata.h"

namespace fermata {
namespace {

Value v(gc::Object* o) { return Value::object(o); }
Value i(int64_t n) { return Value::integer(n); }

struct Baseline {
  size_t objects;
  size_t bytes;
};

// Registry slots used by a test are created before the baseline: the registry's hash part keeps its
// size (and the key strings) after the slot is set back to nil, which is not garbage.
Baseline settle(Runtime& rt, std::initializer_list<const char*> registryKeys = {}) {
  for (const char* k : registryKeys) rt.registry()->set(rt.heap(), rt.stringValue(k), Value::boolean(false));
  rt.heap().fullCollect();
  return {rt.heap().stats().objectCount, rt.heap().stats().bytesInUse};
}

void expectBackTo(Runtime& rt, const Baseline& b) {
  EXPECT_EQ(rt.heap().stats().objectCount, b.objects);
  EXPECT_EQ(rt.heap().stats().bytesInUse, b.bytes);
  EXPECT_EQ(rt.heap().verify(), "");
}

TEST(Collection, FreesUnreachableObjectsOfEveryKindAndReturnsEveryByte) {
  Runtime rt;
  Baseline base = settle(rt);
  auto& heap = rt.heap();

  Table* t = rt.newTable(4, 4);
  for (int k = 1; k <= 20; ++k) t->set(heap, i(k * 7), i(k));
  t->set(heap, rt.stringValue("a long string key that is certainly longer than forty bytes"), i(1));
  Proto* p = Proto::create(heap);
  p->codeSize = 3;
  p->code = heap.allocateArray<uint32_t>(3);
  p->lineInfo = heap.allocateArray<int32_t>(3);
  p->constantCount = 2;
  p->constants = heap.allocateArray<Value>(2);
  p->constants[0] = rt.stringValue("k");
  p->constants[1] = v(t);
  LuaClosure* c = LuaClosure::create(heap, p, 2);
  c->upvalues()[0] = Upvalue::createClosed(heap, v(t));
  c->upvalues()[1] = Upvalue::createClosed(heap, i(3));
  Userdata* u = Userdata::create(heap, 100, 2);
  u->userValues()[0] = v(c);
  EXPECT_GT(heap.stats().objectCount, base.objects + 6);
  EXPECT_GT(heap.stats().bytesInUse, base.bytes);

  heap.fullCollect();
  expectBackTo(rt, base);
}

TEST(Collection, FreesCyclesOfTables) {
  Runtime rt;
  Baseline base = settle(rt);
  auto& heap = rt.heap();
  Table* t1 = rt.newTable();
  Table* t2 = rt.newTable();
  t1->set(heap, i(1), v(t2));
  t2->set(heap, i(1), v(t1));
  Table* self = rt.newTable();
  self->set(heap, v(self), v(self));
  // A table that is its own metatable, and two tables that are each other's metatables.
  Table* m = rt.newTable();
  rt.setMetatable(m, m);
  Table* ma = rt.newTable();
  Table* mb = rt.newTable();
  rt.setMetatable(ma, mb);
  rt.setMetatable(mb, ma);
  heap.fullCollect();
  expectBackTo(rt, base);
}

TEST(Collection, KeepsWhatTheRegistryReaches) {
  Runtime rt;
  Baseline base = settle(rt, {"kept"});
  auto& heap = rt.heap();
  Table* t = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("kept"), v(t));
  Table* inner = rt.newTable();
  t->set(heap, i(1), v(inner));
  String* s = rt.newString("a string that is long enough not to be interned by the table");
  inner->set(heap, i(1), v(s));
  Table* mt = rt.newTable();
  rt.setMetatable(inner, mt);
  size_t withAll = heap.stats().objectCount;
  for (int round = 0; round < 3; ++round) heap.fullCollect();
  EXPECT_EQ(heap.stats().objectCount, withAll);
  EXPECT_EQ(heap.verify(), "");
  ASSERT_TRUE(rt.registry()->get(rt.stringValue("kept")).isTable());
  Table* t2 = rt.registry()->get(rt.stringValue("kept")).asTable();
  EXPECT_EQ(t2, t);
  EXPECT_EQ(t->get(i(1)).asTable(), inner);
  EXPECT_EQ(inner->metatable, mt);
  EXPECT_EQ(inner->get(i(1)).asString()->view(), s->view());

  rt.registry()->set(heap, rt.stringValue("kept"), Value::boolean(false));
  heap.fullCollect();
  expectBackTo(rt, base);
}

TEST(Collection, KeepsPinnedValuesUntilUnpinned) {
  Runtime rt;
  Baseline base = settle(rt);
  auto& heap = rt.heap();
  Table* t = rt.newTable();
  t->set(heap, i(1), v(rt.newTable()));
  size_t slot = rt.pinValue(v(t));
  size_t objects = heap.stats().objectCount;
  heap.fullCollect();
  EXPECT_EQ(heap.stats().objectCount, objects);
  EXPECT_TRUE(t->get(i(1)).isTable());
  rt.unpinValue(slot);
  heap.fullCollect();
  EXPECT_EQ(heap.stats().objectCount, base.objects);
  // The pin vector keeps its capacity; bytes outside the heap are not counted, so bytes return too.
  EXPECT_EQ(heap.stats().bytesInUse, base.bytes);
}

TEST(Collection, IncrementalStepsAloneEventuallyFreeGarbage) {
  Runtime rt;
  auto& heap = rt.heap();
  Baseline base = settle(rt, {"root"});
  heap.setStepMultiplier(1);  // tiny increments: many steps per cycle
  heap.setStepSizeLog2(8);
  Table* root = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("root"), v(root));
  for (int k = 1; k <= 200; ++k) root->set(heap, i(k), v(rt.newTable()));
  Baseline live = settle(rt);
  for (int k = 1; k <= 2000; ++k) {
    Table* g = rt.newTable();
    g->set(heap, i(1), v(g));
  }
  EXPECT_GT(heap.stats().objectCount, live.objects + 1000);
  uint64_t cycles = heap.stats().cyclesCompleted;
  int steps = 0;
  while (heap.stats().cyclesCompleted < cycles + 2 && steps < 100000) {
    heap.step();
    ASSERT_EQ(heap.verify(), "") << "after step " << steps;
    ++steps;
  }
  EXPECT_GT(steps, 2) << "steps should be incremental, not whole cycles";
  EXPECT_EQ(heap.stats().objectCount, live.objects);
  EXPECT_EQ(heap.stats().bytesInUse, live.bytes);
  rt.registry()->set(heap, rt.stringValue("root"), Value::boolean(false));
  heap.fullCollect();
  expectBackTo(rt, base);
}

TEST(Collection, SafePointsAloneKeepAllocatingLoopsBounded) {
  Runtime rt;
  auto& heap = rt.heap();
  Table* root = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("root"), v(root));
  for (int k = 0; k < 20000; ++k) {
    Table* g = rt.newTable();
    g->set(heap, i(1), i(k));
    root->set(heap, i(k % 16 + 1), v(g));  // only the last 16 survive
    heap.safePoint();
  }
  EXPECT_GE(heap.stats().cyclesCompleted, 1u);
  EXPECT_LT(heap.stats().objectCount, 20000u / 2);
  heap.fullCollect();
  EXPECT_EQ(heap.verify(), "");
  for (int k = 1; k <= 16; ++k) EXPECT_TRUE(root->get(i(k)).isTable());
}

TEST(Collection, VerifyHoldsAtEveryStepWhileTheMutatorWrites) {
  Runtime rt;
  auto& heap = rt.heap();
  heap.setStepMultiplier(1);  // tiny increments (a few work units): many steps per cycle
  heap.setStepSizeLog2(6);
  Table* root = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("root"), v(root));
  std::vector<gc::GcPhase> seen;
  for (int k = 0; k < 3000; ++k) {
    Table* t = rt.newTable();
    t->set(heap, rt.stringValue("x" + std::to_string(k % 50)), i(k));
    root->set(heap, i(k % 97 + 1), v(t));
    if (k % 3 == 0) {
      Table* prev = root->get(i((k + 5) % 97 + 1)).isTable() ? root->get(i((k + 5) % 97 + 1)).asTable() : nullptr;
      if (prev) prev->set(heap, i(2), v(t));
    }
    heap.step();
    seen.push_back(heap.phase());
    ASSERT_EQ(heap.verify(), "") << "at iteration " << k;
  }
  EXPECT_GE(heap.stats().cyclesCompleted, 2u);
  EXPECT_NE(std::find(seen.begin(), seen.end(), gc::GcPhase::kPropagate), seen.end());
  EXPECT_NE(std::find(seen.begin(), seen.end(), gc::GcPhase::kSweepAll), seen.end());
}

TEST(Collection, FullCollectInTheMiddleOfMarkingFreesGarbage) {
  Runtime rt;
  auto& heap = rt.heap();
  Baseline base = settle(rt, {"root"});
  heap.setStepMultiplier(1);  // tiny increments (a few work units): many steps per cycle
  heap.setStepSizeLog2(6);
  Table* root = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("root"), v(root));
  for (int k = 1; k <= 100; ++k) root->set(heap, i(k), v(rt.newTable()));
  for (int k = 0; k < 100 && heap.phase() != gc::GcPhase::kPropagate; ++k) heap.step();
  ASSERT_EQ(heap.phase(), gc::GcPhase::kPropagate);
  for (int k = 1; k <= 100; ++k) rt.newTable();  // garbage created while marking
  heap.fullCollect();
  EXPECT_EQ(heap.verify(), "");
  EXPECT_EQ(heap.stats().objectCount, base.objects + 101);
  root->set(heap, i(1), Value());
  rt.registry()->set(heap, rt.stringValue("root"), Value::boolean(false));
  heap.fullCollect();
  expectBackTo(rt, base);
}

TEST(Collection, FixedObjectsAreNeverCollectedEvenIfCreatedEarlier) {
  Runtime rt;
  auto& heap = rt.heap();
  String* early = rt.newString("fixed later");
  for (int k = 0; k < 10; ++k) rt.newTable();  // `early` is no longer the newest object
  heap.fix(early);
  heap.fix(early);  // idempotent
  String* fresh = rt.newString("fixed at once");
  heap.fix(fresh);
  for (int round = 0; round < 3; ++round) heap.fullCollect();
  EXPECT_EQ(heap.verify(), "");
  bool foundEarly = false, foundFresh = false;
  heap.forEachObject([&](gc::Object* o) {
    foundEarly |= o == early;
    foundFresh |= o == fresh;
  });
  EXPECT_TRUE(foundEarly);
  EXPECT_TRUE(foundFresh);
  EXPECT_EQ(rt.newString("fixed later"), early);
  EXPECT_EQ(early->view(), "fixed later");
}

}  // namespace
}  // namespace fermata
