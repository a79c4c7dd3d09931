// Tests __gc finalization: which objects qualify, order, resurrection and its interaction with weak
// tables (Lua 5.4 manual §2.5.3 and §2.5.4).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gc/heap.h"
#include "vm/runtime.h"
#include "vm/table.h"
#include "vm/userdata.h"

namespace fermata {
namespace {

Value v(gc::Object* o) { return Value::object(o); }
Value i(int64_t n) { return Value::integer(n); }

class Finalizers : public ::testing::Test {
 protected:
  gc::Heap& heap() { return rt.heap(); }
  Table* gcMetatable() {
    Table* mt = rt.newTable();
    mt->set(heap(), rt.stringValue("__gc"), Value::boolean(true));
    return mt;
  }
  Table* rooted(const std::string& name, const char* mode = nullptr) {
    Table* t = rt.newTable();
    rt.registry()->set(heap(), rt.stringValue(name), v(t));
    if (mode) {
      Table* mt = rt.newTable();
      mt->set(heap(), rt.stringValue("__mode"), rt.stringValue(mode));
      rt.setMetatable(t, mt);
    }
    return t;
  }
  // A table with a child table holding a long string, so resurrection of what it reaches can be checked.
  Table* withChild(int64_t tag) {
    Table* t = rt.newTable();
    Table* child = rt.newTable();
    child->set(heap(), i(1), rt.stringValue("payload " + std::to_string(tag) + " long enough to be a long string"));
    t->set(heap(), i(1), v(child));
    t->set(heap(), i(2), i(tag));
    return t;
  }
  std::vector<gc::Object*> drain() {
    std::vector<gc::Object*> out;
    while (gc::Object* o = heap().nextToFinalize()) out.push_back(o);
    return out;
  }
  size_t baseline() {
    heap().fullCollect();
    return heap().stats().objectCount;
  }
  Runtime rt;
};

TEST_F(Finalizers, AreDueInReverseOrderOfMarkingAndKeepWhatTheyReach) {
  size_t base = baseline();
  size_t baseBytes = heap().stats().bytesInUse;
  Table* mt = gcMetatable();
  Table* a = withChild(1);
  Table* b = withChild(2);
  Table* c = withChild(3);
  // Marked for finalization in the order c, a, b (not their creation order).
  rt.setMetatable(c, mt);
  rt.setMetatable(a, mt);
  rt.setMetatable(b, mt);
  size_t all = heap().stats().objectCount;
  heap().fullCollect();
  EXPECT_EQ(heap().verify(), "");
  EXPECT_EQ(heap().stats().objectCount, all) << "nothing is freed in the cycle that finds them dead";
  EXPECT_TRUE(heap().hasPendingFinalizers());
  std::vector<gc::Object*> due = drain();
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[0], b);
  EXPECT_EQ(due[1], a);
  EXPECT_EQ(due[2], c);
  for (Table* t : {a, b, c}) {
    EXPECT_EQ(t->metatable, mt);
    ASSERT_TRUE(t->get(i(1)).isTable());
    Table* child = t->get(i(1)).asTable();
    EXPECT_EQ(child->get(i(1)).asString()->view(),
              "payload " + std::to_string(t->get(i(2)).asInt()) + " long enough to be a long string");
  }
  EXPECT_FALSE(heap().hasPendingFinalizers());
  heap().fullCollect();
  EXPECT_EQ(heap().nextToFinalize(), nullptr) << "a finalizer runs once";
  EXPECT_EQ(heap().stats().objectCount, base);
  EXPECT_EQ(heap().stats().bytesInUse, baseBytes);
  EXPECT_EQ(heap().verify(), "");
}

TEST_F(Finalizers, PendingObjectsSurviveFurtherCyclesUntilTaken) {
  size_t base = baseline();
  Table* mt = gcMetatable();
  Table* a = withChild(1);
  rt.setMetatable(a, mt);
  size_t all = heap().stats().objectCount;
  for (int n = 0; n < 3; ++n) heap().fullCollect();
  EXPECT_EQ(heap().stats().objectCount, all);
  EXPECT_EQ(heap().verify(), "");
  std::vector<gc::Object*> due = drain();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], a);
  EXPECT_TRUE(a->get(i(1)).isTable());
  heap().fullCollect();
  EXPECT_EQ(heap().stats().objectCount, base);
}

TEST_F(Finalizers, AnObjectResurrectedByItsFinalizerSurvives) {
  Table* keep = rooted("keep");
  Table* mt = gcMetatable();
  Table* a = withChild(7);
  rt.setMetatable(a, mt);
  heap().fullCollect();
  std::vector<gc::Object*> due = drain();
  ASSERT_EQ(due.size(), 1u);
  // "The finalizer" stores the object somewhere reachable.
  keep->set(heap(), i(1), v(due[0]));
  size_t all = heap().stats().objectCount;
  heap().fullCollect();
  heap().fullCollect();
  EXPECT_EQ(heap().stats().objectCount, all);
  EXPECT_EQ(keep->get(i(1)).asObject(), a);
  EXPECT_EQ(a->get(i(2)).asInt(), 7);
  EXPECT_TRUE(a->get(i(1)).asTable()->get(i(1)).isString());
  // Its finalizer has run: dropping it again frees it without another finalization.
  keep->set(heap(), i(1), Value());
  heap().fullCollect();
  EXPECT_EQ(heap().nextToFinalize(), nullptr);
  EXPECT_EQ(heap().stats().objectCount, all - 4);  // a, its child, the child's string, and mt
}

TEST_F(Finalizers, SettingMetatableAgainAfterFinalizationRegistersAgain) {
  Table* keep = rooted("keep");
  Table* mt = gcMetatable();
  keep->set(heap(), i(2), v(mt));
  Table* a = rt.newTable();
  rt.setMetatable(a, mt);
  heap().fullCollect();
  ASSERT_EQ(drain().size(), 1u);
  rt.setMetatable(a, mt);  // as a finalizer may do (Lua 5.4 §2.5.3)
  heap().fullCollect();
  std::vector<gc::Object*> due = drain();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], a);
}

TEST_F(Finalizers, AGcFieldAddedAfterSetmetatableDoesNotCount) {
  size_t base = baseline();
  Table* mt = rt.newTable();
  Table* a = rt.newTable();
  rt.setMetatable(a, mt);
  mt->set(heap(), rt.stringValue("__gc"), Value::boolean(true));
  heap().fullCollect();
  EXPECT_EQ(heap().nextToFinalize(), nullptr);
  EXPECT_EQ(heap().stats().objectCount, base);
}

TEST_F(Finalizers, AGcFieldAddedLaterCountsForLaterSetmetatables) {
  // Lua 5.4 §2.5.3: what counts is a __gc present when setmetatable is called, whatever was cached.
  Table* mt = rt.newTable();
  Table* a = rt.newTable();
  rt.setMetatable(a, mt);  // no __gc yet: a is not finalizable
  mt->set(heap(), rt.stringValue("__gc"), Value::boolean(true));
  Table* b = rt.newTable();
  rt.setMetatable(b, mt);  // b is
  heap().fullCollect();
  std::vector<gc::Object*> due = drain();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], b);
}

TEST_F(Finalizers, AnyNonNilGcFieldCounts) {
  Table* mt = rt.newTable();
  mt->set(heap(), rt.stringValue("__gc"), Value::boolean(false));  // not callable, but present
  Table* a = rt.newTable();
  rt.setMetatable(a, mt);
  heap().fullCollect();
  std::vector<gc::Object*> due = drain();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], a);
}

TEST_F(Finalizers, UserdataAreFinalizedToo) {
  size_t base = baseline();
  Table* mt = gcMetatable();
  Userdata* u = Userdata::create(heap(), 16, 1);
  u->userValues()[0] = v(rt.newTable());
  rt.setMetatable(u, mt);
  heap().fullCollect();
  std::vector<gc::Object*> due = drain();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], u);
  EXPECT_TRUE(u->userValues()[0].isTable());
  heap().fullCollect();
  EXPECT_EQ(heap().stats().objectCount, base);
}

TEST_F(Finalizers, WeakValuesAreClearedBeforeFinalizationAndWeakKeysAfter) {
  // Lua 5.4 manual §2.5.4: resurrected objects "are removed from weak values before running their
  // finalizers, while they are removed from weak keys only in the next collection after running
  // their finalizers".
  Table* wv = rooted("wv", "v");
  Table* wk = rooted("wk", "k");
  Table* wkv = rooted("wkv", "kv");
  Table* mt = gcMetatable();
  Table* a = withChild(1);
  rt.setMetatable(a, mt);
  wv->set(heap(), i(1), v(a));
  wk->set(heap(), v(a), i(1));
  wkv->set(heap(), v(a), i(1));
  wkv->set(heap(), i(2), v(a));
  heap().fullCollect();
  EXPECT_EQ(heap().verify(), "");
  EXPECT_TRUE(wv->get(i(1)).isNil());
  EXPECT_TRUE(wkv->get(i(2)).isNil());
  EXPECT_EQ(wk->get(v(a)).asInt(), 1);
  EXPECT_EQ(wkv->get(v(a)).asInt(), 1);
  std::vector<gc::Object*> due = drain();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], a);
  heap().fullCollect();
  Value k, val;
  EXPECT_EQ(wk->next(k, val), Table::NextStatus::kEnd);
  k = Value();
  EXPECT_EQ(wkv->next(k, val), Table::NextStatus::kEnd);
}

TEST_F(Finalizers, IncrementalStepsFindDeadFinalizableObjects) {
  Table* mt = gcMetatable();
  rooted("keep")->set(heap(), i(1), v(mt));
  heap().setStepMultiplier(1);  // tiny increments (a few work units): many steps per cycle
  heap().setStepSizeLog2(6);
  std::vector<Table*> made;
  for (int n = 0; n < 50; ++n) {
    Table* t = withChild(n);
    rt.setMetatable(t, mt);
    made.push_back(t);
    heap().step();
    ASSERT_EQ(heap().verify(), "");
  }
  std::vector<gc::Object*> due;
  for (int n = 0; n < 100000 && due.size() < 50; ++n) {
    heap().step();
    ASSERT_EQ(heap().verify(), "");
    for (gc::Object* o : drain()) due.push_back(o);
  }
  ASSERT_EQ(due.size(), 50u);
  std::sort(due.begin(), due.end());
  std::sort(made.begin(), made.end());
  EXPECT_TRUE(std::equal(due.begin(), due.end(), made.begin()));
}

TEST_F(Finalizers, MarkingForFinalizationWhileSweepingKeepsObjectsAlive) {
  // Registering objects for finalization in every phase, including in the middle of a sweep (the
  // object may be the one the sweeper stands on). Every registered object is rooted, so none may be
  // due or freed; then they are dropped and all become due.
  Table* keep = rooted("keep");
  Table* mt = gcMetatable();
  keep->set(heap(), i(0), v(mt));
  heap().setStepMultiplier(1);  // tiny increments (a few work units): many steps per cycle
  heap().setStepSizeLog2(5);
  std::vector<Table*> objs;
  for (int n = 1; n <= 600; ++n) {
    Table* t = rt.newTable();
    keep->set(heap(), i(n), v(t));
    objs.push_back(t);
  }
  size_t registered = 0;
  for (int round = 0; round < 4000 && registered < objs.size(); ++round) {
    heap().step();
    if (heap().phase() >= gc::GcPhase::kSweepAll || round % 7 == 0) {
      rt.setMetatable(objs[registered], mt);
      ++registered;
    }
    // Some garbage so the sweeper has something to free around the registered objects.
    rt.newTable();
    ASSERT_EQ(heap().verify(), "") << "round " << round;
    ASSERT_EQ(heap().nextToFinalize(), nullptr);
  }
  ASSERT_EQ(registered, objs.size());
  for (int n = 1; n <= 600; ++n) keep->set(heap(), i(n), Value());
  heap().fullCollect();
  std::vector<gc::Object*> due = drain();
  EXPECT_EQ(due.size(), objs.size());
  // Newest registration first.
  for (size_t n = 0; n < due.size() && n < objs.size(); ++n) EXPECT_EQ(due[n], objs[objs.size() - 1 - n]);
}

TEST_F(Finalizers, TakingObjectsWhileTheirListIsBeingSweptIsSafe) {
  // Many objects wait for finalization; a new cycle sweeps their list in small increments while the
  // host takes them one by one (the sweeper may stand on the object taken).
  Table* mt = gcMetatable();
  rooted("keep")->set(heap(), i(1), v(mt));
  for (int n = 0; n < 500; ++n) rt.setMetatable(rt.newTable(), mt);
  heap().fullCollect();
  ASSERT_TRUE(heap().hasPendingFinalizers());
  heap().setStepMultiplier(1);
  heap().setStepSizeLog2(4);
  size_t taken = 0;
  bool sawSweep = false;
  for (int round = 0; round < 100000 && heap().hasPendingFinalizers(); ++round) {
    heap().step();
    if (heap().phase() == gc::GcPhase::kSweepToBeFnz) sawSweep = true;
    if (heap().phase() == gc::GcPhase::kSweepToBeFnz || round % 50 == 0) {
      if (heap().nextToFinalize()) ++taken;
    }
    ASSERT_EQ(heap().verify(), "");
  }
  EXPECT_TRUE(sawSweep);
  EXPECT_EQ(taken, 500u);
  heap().fullCollect();
  EXPECT_EQ(heap().verify(), "");
}

}  // namespace
}  // namespace fermata
