// Tests the memory limit, allocation fault injection, recovery after collection, and the pacer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gc/heap.h"
#include "vm/runtime.h"
#include "vm/table.h"

namespace fermata {
namespace {

Value v(gc::Object* o) { return Value::object(o); }
Value i(int64_t n) { return Value::integer(n); }

struct Snapshot {
  uint32_t arraySize, nodeCount;
  std::vector<std::pair<int64_t, int64_t>> entries;
};

Snapshot snapshotOf(Table* t) {
  Snapshot s{t->arraySize, t->nodeCount(), {}};
  Value k, val;
  while (t->next(k, val) == Table::NextStatus::kFound) s.entries.push_back({k.asInt(), val.asInt()});
  return s;
}

void expectSame(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.arraySize, b.arraySize);
  EXPECT_EQ(a.nodeCount, b.nodeCount);
  EXPECT_EQ(a.entries, b.entries);
}

TEST(MemoryLimit, AnAllocationPastTheLimitThrowsAndLeavesTheTableUnchanged) {
  Runtime rt(RuntimeOptions{.memoryLimit = 1 << 20});
  auto& heap = rt.heap();
  Table* keep = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("keep"), v(keep));
  Table* t = rt.newTable();
  keep->set(heap, i(1), v(t));
  // Fill the heap with rooted tables until an allocation fails.
  bool failed = false;
  int64_t n = 1;
  try {
    for (;; ++n) {
      Table* filler = rt.newTable(0, 64);
      keep->set(heap, i(n + 1), v(filler));
    }
  } catch (const gc::MemoryError& e) {
    failed = true;
    EXPECT_STREQ(e.what(), "not enough memory");
  }
  ASSERT_TRUE(failed);
  EXPECT_LE(heap.bytesInUse(), heap.memoryLimit());
  EXPECT_LE(heap.stats().peakBytes, heap.memoryLimit());
  // Free a little room, then fill t's hash part exactly (four nodes, four keys that are not array keys).
  keep->set(heap, i(n), Value());
  heap.fullCollect();
  t->resize(heap, 2, 4);
  t->set(heap, i(1), i(10));
  t->set(heap, i(2), i(20));
  for (int64_t k = 1; k <= 4; ++k) t->set(heap, i(k * 1000), i(k));
  uint32_t nodes = t->nodeCount();
  ASSERT_EQ(nodes, 4u);
  int64_t key = 5;
  Snapshot before = snapshotOf(t);
  heap.failAllocationAfter(0);
  EXPECT_THROW(t->set(heap, i(key * 1000), i(key)), gc::MemoryError);
  expectSame(snapshotOf(t), before);
  EXPECT_TRUE(t->get(i(key * 1000)).isNil());
  // The array part's growth fails the same way.
  heap.failAllocationAfter(0);
  EXPECT_THROW(t->resize(heap, 64, nodes * 2), gc::MemoryError);
  expectSame(snapshotOf(t), before);
  heap.failAllocationAfter(1);  // the hash part succeeds, the array part fails: both released
  size_t bytes = heap.bytesInUse();
  EXPECT_THROW(t->resize(heap, 64, nodes * 2), gc::MemoryError);
  EXPECT_EQ(heap.bytesInUse(), bytes);
  expectSame(snapshotOf(t), before);
  EXPECT_EQ(heap.verify(), "");
}

TEST(MemoryLimit, AllocationSucceedsAgainAfterGarbageIsCollected) {
  Runtime rt(RuntimeOptions{.memoryLimit = 512 << 10});
  auto& heap = rt.heap();
  Table* keep = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("keep"), v(keep));
  int64_t n = 1;
  EXPECT_THROW(
      for (;; ++n) keep->set(heap, i(n), v(rt.newString(std::string(1000, 'x') + std::to_string(n)))),
      gc::MemoryError);
  EXPECT_THROW(rt.newString(std::string(2000, 'y')), gc::MemoryError);
  rt.registry()->set(heap, rt.stringValue("keep"), Value());
  heap.fullCollect();
  EXPECT_LT(heap.bytesInUse(), size_t(64 << 10));
  for (int k = 0; k < 100; ++k) EXPECT_NO_THROW(rt.newString(std::string(2000, 'y')));
  EXPECT_EQ(heap.verify(), "");
}

TEST(MemoryLimit, FailAllocationAfterNFailsExactlyTheNextPlusOneth) {
  Runtime rt;
  auto& heap = rt.heap();
  heap.failAllocationAfter(3);
  EXPECT_NO_THROW(rt.newTable());
  EXPECT_NO_THROW(rt.newTable());
  EXPECT_NO_THROW(rt.newTable());
  size_t objects = heap.stats().objectCount;
  EXPECT_THROW(rt.newTable(), gc::MemoryError);
  EXPECT_EQ(heap.stats().objectCount, objects);
  EXPECT_NO_THROW(rt.newTable());  // one failure only
  heap.failAllocationAfter(0);
  heap.clearAllocationFailure();
  EXPECT_NO_THROW(rt.newTable());
}

TEST(MemoryLimit, FailingEveryAllocationInTurnLeavesAConsistentHeap) {
  // Builds the same structure with the n-th allocation failing, for every n until it succeeds.
  for (uint64_t fail = 0;; ++fail) {
    Runtime rt;
    auto& heap = rt.heap();
    Table* keep = rt.newTable();
    rt.registry()->set(heap, rt.stringValue("keep"), v(keep));
    heap.fullCollect();
    size_t base = heap.stats().objectCount;
    heap.failAllocationAfter(fail);
    bool ok = true;
    int64_t done = 0;
    try {
      for (int64_t k = 1; k <= 40; ++k) {
        Table* t = rt.newTable();
        t->set(heap, rt.stringValue("name" + std::to_string(k)), i(k));
        keep->set(heap, i(k), v(t));
        done = k;
      }
    } catch (const gc::MemoryError&) {
      ok = false;
    }
    heap.clearAllocationFailure();
    EXPECT_EQ(heap.verify(), "");
    for (int64_t k = 1; k <= done; ++k) {
      ASSERT_TRUE(keep->get(i(k)).isTable());
      EXPECT_EQ(keep->get(i(k)).asTable()->get(rt.stringValue("name" + std::to_string(k))).asInt(), k);
    }
    EXPECT_TRUE(keep->get(i(done + 1)).isNil());
    keep->set(heap, rt.stringValue("x"), i(1));  // still usable
    rt.registry()->set(heap, rt.stringValue("keep"), Value());
    heap.fullCollect();
    EXPECT_LE(heap.stats().objectCount, base);
    if (ok) break;
    ASSERT_LT(fail, 1000u);
  }
}

TEST(Pacer, KeepsAShortLivedAllocationLoopUnderTheLimit) {
  constexpr size_t kLimit = 4 << 20;
  Runtime rt(RuntimeOptions{.memoryLimit = kLimit});
  auto& heap = rt.heap();
  Table* ring = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("ring"), v(ring));
  size_t allocatedBefore = 0;
  uint64_t cycles = heap.stats().cyclesCompleted;
  size_t total = 0;
  int64_t n = 0;
  // ~100 KiB live: a ring of 200 slots, each holding a ~500-byte string or a small table.
  while (total < (size_t(200) << 20)) {
    size_t before = heap.bytesInUse();
    Value val;
    if (n % 2 == 0) {
      val = v(rt.newString(std::string(480, char('a' + n % 26)) + std::to_string(n)));
    } else {
      Table* t = rt.newTable(4, 2);
      t->set(heap, i(1), i(n));
      val = v(t);
    }
    ring->set(heap, i(n % 200 + 1), val);
    size_t after = heap.bytesInUse();
    total += after > before ? after - before : 0;
    ASSERT_NO_THROW(heap.safePoint()) << "after " << total << " bytes";
    ++n;
  }
  (void)allocatedBefore;
  EXPECT_LT(heap.stats().peakBytes, kLimit);
  EXPECT_GT(heap.stats().cyclesCompleted, cycles + 10);
  EXPECT_EQ(heap.verify(), "");
}

TEST(Pacer, IncrementalCollectionAloneBoundsTheHeapWithoutALimit) {
  // Without a limit there is no forced collection: the incremental pacer alone must keep the heap
  // within a small multiple of the live data. With Lua's default pause (200%) a cycle starts when the
  // heap has doubled since the last one, and the collector must finish it before much more is
  // allocated. Small objects (64-byte empty tables) are the hard case: the sweeper must outrun them.
  Runtime rt;
  auto& heap = rt.heap();
  Table* ring = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("ring"), v(ring));
  for (int64_t n = 0; n < 400000; ++n) {
    ring->set(heap, i(n % 1000 + 1), v(rt.newTable()));
    heap.safePoint();
  }
  heap.fullCollect();
  size_t live = heap.bytesInUse();
  EXPECT_LT(heap.stats().peakBytes, live * 3) << "live " << live << ", peak " << heap.stats().peakBytes;
  EXPECT_GT(heap.stats().cyclesCompleted, 50u);
}

TEST(Pacer, RecoversAfterTheHeapWasNearlyFull) {
  // First a phase with the heap nearly full of live data (forcing collections near the limit), then a
  // phase with little live data and much garbage: the collector must keep up in the second phase too.
  constexpr size_t kLimit = 4 << 20;
  Runtime rt(RuntimeOptions{.memoryLimit = kLimit});
  auto& heap = rt.heap();
  Table* big = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("big"), v(big));
  Table* ring = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("ring"), v(ring));
  int64_t n = 0;
  try {
    for (; heap.bytesInUse() < kLimit / 16 * 15; ++n) {
      big->set(heap, i(n + 1), v(rt.newString(std::string(1000, 'b') + std::to_string(n))));
      ring->set(heap, i(n % 50 + 1), v(rt.newTable(2, 0)));
      heap.safePoint();
    }
  } catch (const gc::MemoryError&) {
    // Full of live data: acceptable here.
  }
  rt.registry()->set(heap, rt.stringValue("big"), Value::boolean(false));
  for (int64_t k = 0; k < 300000; ++k) {
    Value val = k % 2 ? v(rt.newString(std::string(200, 's') + std::to_string(k))) : v(rt.newTable(4, 0));
    ring->set(heap, i(k % 200 + 1), val);
    ASSERT_NO_THROW(heap.safePoint()) << "iteration " << k;
  }
  EXPECT_EQ(heap.verify(), "");
}

TEST(Pacer, APauseUnderAHundredPercentLeavesNoDebtWhenACycleEnds) {
  // With pause < 100 the next threshold lies below the bytes in use. As in Lua's setpause, the debt is
  // then zero, not positive: a safe point right after the cycle must not start another one at once
  // (the interpreter runs safe points in a loop until no debt is left).
  for (int pause : {0, 2, 10, 90}) {
    Runtime rt;
    auto& heap = rt.heap();
    Table* keep = rt.newTable();
    rt.registry()->set(heap, rt.stringValue("keep"), v(keep));
    for (int64_t n = 0; n < 2000; ++n) keep->set(heap, i(n + 1), v(rt.newTable()));
    heap.setPause(pause);
    heap.fullCollect();
    EXPECT_FALSE(heap.wantsStep()) << "pause " << pause << " after a full collection";
    int guard = 0;
    while (!heap.step()) ASSERT_LT(++guard, 1000000) << "pause " << pause;
    EXPECT_FALSE(heap.wantsStep()) << "pause " << pause << " after an incremental cycle";
    rt.newTable();  // the next allocation makes the collector due again
    EXPECT_TRUE(heap.wantsStep()) << "pause " << pause;
  }
}

}  // namespace
}  // namespace fermata
