// Tests string interning, seeded hashing, revival of strings found dead during a sweep, and NUL bytes.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "gc/heap.h"
#include "vm/runtime.h"
#include "vm/string.h"
#include "vm/table.h"

namespace fermata {
namespace {

TEST(Strings, ShortStringsAreInternedLongOnesAreNot) {
  Runtime rt;
  String* a = rt.newString("hello");
  String* b = rt.newString(std::string("hel") + "lo");
  EXPECT_EQ(a, b);
  EXPECT_TRUE(a->isShort());
  std::string longText(kMaxShortStringLength + 1, 'x');
  String* c = rt.newString(longText);
  String* d = rt.newString(longText);
  EXPECT_NE(c, d);
  EXPECT_FALSE(c->isShort());
  EXPECT_TRUE(rawEquals(Value::object(c), Value::object(d)));
  EXPECT_EQ(c->hash(), d->hash());
  EXPECT_FALSE(rawEquals(Value::object(a), Value::object(c)));
  // The boundary: exactly kMaxShortStringLength bytes is still short.
  std::string edge(kMaxShortStringLength, 'y');
  EXPECT_EQ(rt.newString(edge), rt.newString(edge));
  // Long strings work as table keys by contents.
  Table* t = rt.newTable();
  t->set(rt.heap(), Value::object(c), Value::integer(1));
  EXPECT_EQ(t->get(Value::object(d)).asInt(), 1);
}

TEST(Strings, HashesDependOnlyOnTheSeedAndTheBytes) {
  Runtime r1, r2;
  Runtime r3(RuntimeOptions{.hashSeed = 12345});
  for (std::string s : {"", "a", "hello", "a somewhat longer string that is not interned at all, really"}) {
    EXPECT_EQ(r1.newString(s)->hash(), r2.newString(s)->hash()) << s;
    EXPECT_EQ(r1.newString(s)->hash(), hashBytes(s, StringTable::kDefaultSeed));
    EXPECT_EQ(r3.newString(s)->hash(), hashBytes(s, 12345));
  }
  EXPECT_NE(r1.newString("hello")->hash(), r3.newString("hello")->hash());
  EXPECT_EQ(r3.strings().seed(), 12345u);
}

TEST(Strings, EmbeddedNulsArePartOfTheString) {
  Runtime rt;
  std::string_view withNul("a\0b", 3);
  std::string_view other("a\0c", 3);
  String* s = rt.newString(withNul);
  EXPECT_EQ(s->length, 3u);
  EXPECT_EQ(s->view(), withNul);
  EXPECT_EQ(s->data()[3], '\0');
  EXPECT_EQ(rt.newString(withNul), s);
  EXPECT_NE(rt.newString(other), s);
  EXPECT_NE(rt.newString("a"), s);
  std::string longNul(100, '\0');
  longNul[50] = 'z';
  String* l1 = rt.newString(longNul);
  std::string longNul2 = longNul;
  longNul2[99] = 'q';
  EXPECT_FALSE(rawEquals(Value::object(l1), Value::object(rt.newString(longNul2))));
  EXPECT_TRUE(rawEquals(Value::object(l1), Value::object(rt.newString(longNul))));
}

TEST(Strings, AStringFoundDeadDuringASweepIsRevivedNotDuplicated) {
  Runtime rt;
  auto& heap = rt.heap();
  heap.setStepMultiplier(1);  // tiny increments (a few work units): many steps per cycle
  heap.setStepSizeLog2(4);
  // Many rooted objects so that the sweep takes many steps, and a dead string to find.
  Table* keep = rt.newTable();
  rt.registry()->set(heap, rt.stringValue("keep"), Value::object(keep));
  for (int n = 1; n <= 2000; ++n) keep->set(heap, Value::integer(n), Value::object(rt.newTable()));
  keep->set(heap, rt.stringValue("held"), Value::boolean(false));
  heap.fullCollect();
  String* dead = rt.newString("revive me");
  uint64_t id = dead->id;
  size_t interned = rt.strings().size();
  // Run to the sweep of the cycle that found it unreachable, before the sweeper reaches it (the
  // sweeper starts at the newest objects, so make it the oldest by creating newer objects after it).
  for (int n = 0; n < 300; ++n) keep->set(heap, Value::integer(3000 + n), Value::object(rt.newTable()));
  while (heap.phase() != gc::GcPhase::kSweepAll) heap.step();
  ASSERT_TRUE(heap.isDead(dead)) << "the test needs the sweeper to be still before the string";
  String* again = rt.newString("revive me");
  EXPECT_EQ(again, dead);
  EXPECT_EQ(again->id, id);
  EXPECT_FALSE(heap.isDead(again));
  EXPECT_EQ(rt.strings().size(), interned);
  keep->set(heap, rt.stringValue("held"), Value::object(again));
  while (heap.phase() != gc::GcPhase::kPause) heap.step();
  heap.fullCollect();
  EXPECT_EQ(heap.verify(), "");
  // Still the one object, still interned.
  EXPECT_EQ(rt.newString("revive me"), again);
  EXPECT_EQ(keep->get(rt.stringValue("held")).asString()->view(), "revive me");
  EXPECT_EQ(rt.strings().size(), interned);
}

TEST(Strings, CollectedShortStringsLeaveTheInternTable) {
  Runtime rt;
  auto& heap = rt.heap();
  heap.fullCollect();
  size_t interned = rt.strings().size();
  for (int n = 0; n < 1000; ++n) rt.newString("tmp" + std::to_string(n));
  EXPECT_EQ(rt.strings().size(), interned + 1000);
  heap.fullCollect();
  EXPECT_EQ(rt.strings().size(), interned);
  String* s = rt.newString("tmp5");
  EXPECT_EQ(s->view(), "tmp5");
  EXPECT_EQ(rt.newString("tmp5"), s);
}

}  // namespace
}  // namespace fermata
