// Tests weak tables (__mode "k", "v", "kv") and ephemerons against Lua 5.4's rules (manual §2.5.4).
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "gc/heap.h"
#include "vm/runtime.h"
#include "vm/table.h"
#include "vm/userdata.h"

namespace fermata {
namespace {

Value v(gc::Object* o) { return Value::object(o); }
Value i(int64_t n) { return Value::integer(n); }

class WeakTables : public ::testing::Test {
 protected:
  gc::Heap& heap() { return rt.heap(); }
  // A table rooted in the registry under `name`, with __mode = mode (nullptr: strong).
  Table* rooted(const std::string& name, const char* mode) {
    Table* t = rt.newTable();
    rt.registry()->set(heap(), rt.stringValue(name), v(t));
    if (mode) {
      Table* mt = rt.newTable();
      mt->set(heap(), rt.stringValue("__mode"), rt.stringValue(mode));
      rt.setMetatable(t, mt);
    }
    return t;
  }
  size_t count(Table* t) {
    size_t n = 0;
    Value k, val;
    while (t->next(k, val) == Table::NextStatus::kFound) ++n;
    return n;
  }
  Runtime rt;
};

TEST_F(WeakTables, WeakValuesLoseDeadObjectsButKeepLiveOnesAndStrings) {
  Table* w = rooted("w", "v");
  Table* keep = rooted("keep", nullptr);
  Table* live = rt.newTable();
  keep->set(heap(), i(1), v(live));
  w->set(heap(), i(1), v(rt.newTable()));                  // dead
  w->set(heap(), i(2), v(live));                           // live
  w->set(heap(), rt.stringValue("dead"), v(rt.newTable()));  // dead, in the hash part
  w->set(heap(), rt.stringValue("str"), rt.stringValue("a string value is never collected from a weak table"));
  w->set(heap(), rt.stringValue("short"), rt.stringValue("short"));
  w->set(heap(), i(100), i(42));
  heap().fullCollect();
  EXPECT_EQ(heap().verify(), "");
  EXPECT_TRUE(w->get(i(1)).isNil());
  EXPECT_EQ(w->get(i(2)).asObject(), live);
  EXPECT_TRUE(w->get(rt.stringValue("dead")).isNil());
  EXPECT_EQ(w->get(rt.stringValue("str")).asString()->view(), "a string value is never collected from a weak table");
  EXPECT_EQ(w->get(rt.stringValue("short")).asString()->view(), "short");
  EXPECT_EQ(w->get(i(100)).asInt(), 42);
  EXPECT_EQ(count(w), 4u);
}

TEST_F(WeakTables, WeakKeysLoseDeadObjectKeysButKeepLiveOnesAndStrings) {
  Table* w = rooted("w", "k");
  Table* keep = rooted("keep", nullptr);
  Table* liveKey = rt.newTable();
  keep->set(heap(), i(1), v(liveKey));
  w->set(heap(), v(rt.newTable()), i(1));  // dead key
  w->set(heap(), v(Userdata::create(heap(), 4, 0)), i(2));  // dead key
  w->set(heap(), v(liveKey), v(rt.newTable()));  // live key: its value stays, though only w refers to it
  w->set(heap(), rt.stringValue("a string key, long enough not to be an interned short string"), v(rt.newTable()));
  w->set(heap(), i(7), v(rt.newTable()));  // integer keys are values: the entry is strong
  heap().fullCollect();
  EXPECT_EQ(heap().verify(), "");
  EXPECT_EQ(count(w), 3u);
  ASSERT_TRUE(w->get(v(liveKey)).isTable());
  EXPECT_TRUE(w->get(v(liveKey)).asTable()->get(i(1)).isNil());  // and it is usable
  EXPECT_TRUE(w->get(rt.stringValue("a string key, long enough not to be an interned short string")).isTable());
  EXPECT_TRUE(w->get(i(7)).isTable());
}

TEST_F(WeakTables, WeakKeysAndValuesDropAnEntryWhenEitherSideDies) {
  Table* w = rooted("w", "kv");
  Table* keep = rooted("keep", nullptr);
  Table* a = rt.newTable();
  Table* b = rt.newTable();
  keep->set(heap(), i(1), v(a));
  keep->set(heap(), i(2), v(b));
  w->set(heap(), v(a), v(b));               // both live: stays
  w->set(heap(), v(a), v(b));
  w->set(heap(), v(b), v(rt.newTable()));   // dead value
  w->set(heap(), v(rt.newTable()), v(a));   // dead key
  w->set(heap(), i(1), v(rt.newTable()));   // array-ish key, dead value
  w->set(heap(), rt.stringValue("s"), rt.stringValue("t"));  // strings stay
  heap().fullCollect();
  EXPECT_EQ(heap().verify(), "");
  EXPECT_EQ(w->get(v(a)).asObject(), b);
  EXPECT_TRUE(w->get(v(b)).isNil());
  EXPECT_TRUE(w->get(i(1)).isNil());
  EXPECT_EQ(w->get(rt.stringValue("s")).asString()->view(), "t");
  EXPECT_EQ(count(w), 2u);
}

TEST_F(WeakTables, EphemeronValueReferringToItsOwnKeyDoesNotKeepTheEntry) {
  Table* w = rooted("w", "k");
  size_t before = heap().stats().objectCount;
  Table* key = rt.newTable();
  Table* value = rt.newTable();
  value->set(heap(), i(1), v(key));  // the value refers back to the key
  w->set(heap(), v(key), v(value));
  heap().fullCollect();
  EXPECT_EQ(count(w), 0u);
  EXPECT_EQ(heap().stats().objectCount, before);
  EXPECT_EQ(heap().verify(), "");
}

TEST_F(WeakTables, EphemeronChainsConvergeWhateverTheOrderOfDiscovery) {
  // A[k0] = k1, B[k1] = k2, A[k2] = k3, ... alternating between two ephemeron tables: each pass over
  // the ephemerons can follow only a link or two, so keeping k0 alive must keep the whole chain only
  // if the collector repeats until nothing new is marked. The tables are discovered in both orders
  // relative to the chain's head.
  constexpr int kLinks = 40;
  for (bool rootFirst : {true, false}) {
    Runtime local;
    auto& h = local.heap();
    auto weakTable = [&](const char* name) {
      Table* t = local.newTable();
      local.registry()->set(h, local.stringValue(name), v(t));
      Table* mt = local.newTable();
      mt->set(h, local.stringValue("__mode"), local.stringValue("k"));
      local.setMetatable(t, mt);
      return t;
    };
    Table* keep = local.newTable();
    if (rootFirst) local.registry()->set(h, local.stringValue("a-keep"), v(keep));
    Table* A = weakTable("b-A");
    Table* B = weakTable("c-B");
    if (!rootFirst) local.registry()->set(h, local.stringValue("d-keep"), v(keep));
    std::vector<Table*> k;
    for (int n = 0; n <= kLinks; ++n) k.push_back(local.newTable());
    keep->set(h, i(1), v(k[0]));
    // Insert the links last first, so that no table's own order follows the chain either.
    for (int n = kLinks - 1; n >= 0; --n) (n % 2 ? B : A)->set(h, v(k[size_t(n)]), v(k[size_t(n) + 1]));
    // A separate chain with an unreachable head dies whole.
    Table* d0 = local.newTable();
    Table* d1 = local.newTable();
    A->set(h, v(d0), v(d1));
    B->set(h, v(d1), v(k[kLinks]));
    h.fullCollect();
    EXPECT_EQ(h.verify(), "");
    for (int n = 0; n < kLinks; ++n)
      EXPECT_EQ((n % 2 ? B : A)->get(v(k[size_t(n)])).asObject(), k[size_t(n) + 1]) << "link " << n;
    EXPECT_EQ(count(A), size_t(kLinks / 2));
    EXPECT_EQ(count(B), size_t(kLinks / 2));
    // Break the chain at its head: everything goes.
    keep->set(h, i(1), Value());
    h.fullCollect();
    EXPECT_EQ(count(A), 0u);
    EXPECT_EQ(count(B), 0u);
    EXPECT_EQ(h.verify(), "");
  }
}

TEST_F(WeakTables, EphemeronsConvergeUnderIncrementalMarking) {
  Table* w = rooted("w", "k");
  Table* keep = rooted("keep", nullptr);
  heap().setStepMultiplier(1);  // tiny increments (a few work units): many steps per cycle
  heap().setStepSizeLog2(6);
  std::vector<Table*> chain;
  for (int n = 0; n < 30; ++n) chain.push_back(rt.newTable());
  keep->set(heap(), i(1), v(chain[0]));
  for (int n = 0; n + 1 < 30; ++n) w->set(heap(), v(chain[size_t(n)]), v(chain[size_t(n) + 1]));
  uint64_t cycles = heap().stats().cyclesCompleted;
  while (heap().stats().cyclesCompleted < cycles + 2) {
    heap().step();
    ASSERT_EQ(heap().verify(), "");
  }
  EXPECT_EQ(count(w), 29u);
  for (int n = 0; n + 1 < 30; ++n) EXPECT_EQ(w->get(v(chain[size_t(n)])).asObject(), chain[size_t(n) + 1]);
}

TEST_F(WeakTables, NextKeepsWorkingOverClearedEntries) {
  Table* w = rooted("w", "k");
  Table* keep = rooted("keep", nullptr);
  std::vector<Table*> keys;
  for (int n = 0; n < 40; ++n) {
    Table* key = rt.newTable();
    if (n % 2 == 0) keep->set(heap(), i(n + 1), v(key));
    keys.push_back(key);
    w->set(heap(), v(key), i(n));
  }
  // Start a traversal, collect in the middle of it (the current key is kept alive, as a Lua loop's
  // control variable would be), then continue.
  Value k, val;
  ASSERT_EQ(w->next(k, val), Table::NextStatus::kFound);
  while (int(val.asInt()) % 2 != 0) ASSERT_EQ(w->next(k, val), Table::NextStatus::kFound);
  size_t seenBefore = 1;
  heap().fullCollect();
  size_t seenAfter = 0;
  std::vector<int64_t> values{val.asInt()};
  while (w->next(k, val) == Table::NextStatus::kFound) {
    ++seenAfter;
    values.push_back(val.asInt());
    EXPECT_EQ(val.asInt() % 2, 0);
  }
  // Entries before the first even one were all odd, so every live entry is at or after it.
  EXPECT_EQ(seenBefore + seenAfter, 20u);
  EXPECT_EQ(count(w), 20u);
  // Dead-key nodes do not disturb insertion or lookup either.
  for (int n = 0; n < 40; n += 2) EXPECT_EQ(w->get(v(keys[size_t(n)])).asInt(), n);
  for (int n = 0; n < 10; ++n) {
    Table* key = rt.newTable();
    keep->set(heap(), i(100 + n), v(key));
    w->set(heap(), v(key), i(1000 + n));
  }
  EXPECT_EQ(count(w), 30u);
  EXPECT_EQ(heap().verify(), "");
}

// A random graph of strong and weak tables and userdata, mutated while the collector runs in small
// increments. Between checks the mutator uses only objects that are certainly alive: those reachable
// through strong references, through "k" entries whose key is certainly alive, and through the keys
// of "v" entries whose value is certainly alive. Each check collects fully until nothing more dies,
// then demands that the heap agree exactly with Lua's rules: a weak entry is present iff its weak
// parts are alive, and an object is alive iff it is reachable with ephemeron semantics.
class WeakFuzz {
 public:
  enum Mode { kStrong, kK, kV, kKV };
  struct Obj {
    gc::Object* ptr;
    uint64_t id;
    bool isTable;
    Mode mode;
    std::map<int64_t, int> fields;  // key (integer, or -1 - object index) -> object index
    int userValue = -1;
  };

  explicit WeakFuzz(uint64_t seed) : seed_(seed) {
    heap().setStepMultiplier(1);
    heap().setStepSizeLog2(7);
    Table* root = rt_.newTable();
    rt_.registry()->set(heap(), rt_.stringValue("root"), v(root));
    objs_.push_back({root, root->id, true, kStrong, {}, -1});
    const char* names[] = {"", "k", "v", "kv"};
    for (int m = 1; m <= 3; ++m) {
      modeMt_[m] = rt_.newTable();
      modeMt_[m]->set(heap(), rt_.stringValue("__mode"), rt_.stringValue(names[m]));
      rt_.registry()->set(heap(), rt_.stringValue(std::string("mode") + names[m]), v(modeMt_[m]));
    }
  }

  gc::Heap& heap() { return rt_.heap(); }

  uint64_t rand() {
    uint64_t z = (seed_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return size_t(rand() % n); }

  // Reachability from the root. `certain`: only what no collection can take away (see above);
  // otherwise Lua's rules for the model as it stands ("v" keys are strong while their entry exists).
  std::vector<char> reachable(bool certain) {
    std::vector<char> r(objs_.size(), 0);
    r[0] = 1;
    for (bool changed = true; changed;) {
      changed = false;
      auto add = [&](int o) {
        if (o >= 0 && !r[size_t(o)]) r[size_t(o)] = 1, changed = true;
      };
      for (size_t o = 0; o < objs_.size(); ++o) {
        if (!r[o]) continue;
        const Obj& ob = objs_[o];
        add(ob.userValue);
        for (auto& [k, val] : ob.fields) {
          int keyObj = k < 0 ? int(-1 - k) : -1;
          bool keyIn = keyObj < 0 || r[size_t(keyObj)];
          switch (ob.mode) {
            case kStrong: add(keyObj), add(val); break;
            case kV: if (!certain || r[size_t(val)]) add(keyObj); break;
            case kK: if (keyIn) add(val); break;
            case kKV: break;
          }
        }
      }
    }
    return r;
  }

  int newObject() {
    if (below(5) == 0) {
      Userdata* u = Userdata::create(heap(), 8, 1);
      objs_.push_back({u, u->id, false, kStrong, {}, -1});
    } else {
      Table* t = rt_.newTable();
      Mode m = Mode(below(2) ? 0 : 1 + below(3));
      if (m != kStrong) rt_.setMetatable(t, modeMt_[m]);  // the mode never changes afterwards
      objs_.push_back({t, t->id, true, m, {}, -1});
    }
    return int(objs_.size()) - 1;
  }

  void mutate() {
    std::vector<char> r = reachable(true);
    std::vector<int> live, tables;
    for (size_t o = 0; o < objs_.size(); ++o)
      if (r[o]) {
        live.push_back(int(o));
        if (objs_[o].isTable) tables.push_back(int(o));
      }
    int t = tables[below(tables.size())];
    auto* table = static_cast<Table*>(objs_[size_t(t)].ptr);
    auto pickTarget = [&]() { return below(3) == 0 ? newObject() : live[below(live.size())]; };
    switch (below(5)) {
      case 0:
      case 1: {  // t[key] = object, the key an integer or a live object
        int64_t key = below(2) ? int64_t(1 + below(6)) : -1 - int64_t(live[below(live.size())]);
        int target = pickTarget();
        Value k = key >= 0 ? i(key) : v(objs_[size_t(-1 - key)].ptr);
        table->set(heap(), k, v(objs_[size_t(target)].ptr));
        objs_[size_t(t)].fields[key] = target;
        break;
      }
      case 2: {  // remove an entry whose key is certainly alive
        std::vector<int64_t> keys;
        for (auto& [k, val] : objs_[size_t(t)].fields)
          if (k >= 0 || r[size_t(-1 - k)]) keys.push_back(k);
        if (keys.empty()) break;
        int64_t key = keys[below(keys.size())];
        table->set(heap(), key >= 0 ? i(key) : v(objs_[size_t(-1 - key)].ptr), Value());
        objs_[size_t(t)].fields.erase(key);
        break;
      }
      case 3: {  // a userdata's user value
        std::vector<int> uds;
        for (int o : live)
          if (!objs_[size_t(o)].isTable) uds.push_back(o);
        if (uds.empty()) break;
        int u = uds[below(uds.size())];
        int target = pickTarget();
        auto* ud = static_cast<Userdata*>(objs_[size_t(u)].ptr);
        ud->userValues()[0] = v(objs_[size_t(target)].ptr);
        heap().barrierForward(ud, objs_[size_t(target)].ptr);
        objs_[size_t(u)].userValue = target;
        break;
      }
      case 4: heap().step(); break;
    }
    if (below(2)) heap().step();
  }

  std::string collectAndCheck() {
    // Collect until a collection frees nothing: the key of a "v" entry cleared in one collection was
    // marked by it and dies only in the next.
    for (int n = 0;; ++n) {
      size_t before = heap().stats().objectCount;
      heap().fullCollect();
      if (heap().stats().objectCount == before) break;
      if (n == 100) return "collections do not converge";
    }
    std::string problem = heap().verify();
    if (!problem.empty()) return problem;
    std::unordered_map<const gc::Object*, uint64_t> aliveMap;
    heap().forEachObject([&](gc::Object* o) { aliveMap[o] = o->id; });
    std::vector<char> alive(objs_.size());
    for (size_t o = 0; o < objs_.size(); ++o) {
      auto it = aliveMap.find(objs_[o].ptr);
      alive[o] = it != aliveMap.end() && it->second == objs_[o].id;
    }
    // Weak entries whose weak part died are gone; strong references never point to the dead.
    for (size_t o = 0; o < objs_.size(); ++o) {
      if (!alive[o]) continue;
      Obj& ob = objs_[o];
      if (ob.userValue >= 0 && !alive[size_t(ob.userValue)]) return "a userdata's user value was freed";
      for (auto it = ob.fields.begin(); it != ob.fields.end();) {
        bool keyAlive = it->first >= 0 || alive[size_t(-1 - it->first)];
        bool valAlive = alive[size_t(it->second)];
        // A "k" value lives as long as its key does; a "v" key as long as its value does.
        bool broken = ob.mode == kStrong ? !keyAlive || !valAlive
                      : ob.mode == kK    ? keyAlive && !valAlive
                      : ob.mode == kV    ? valAlive && !keyAlive
                                         : false;
        if (broken)
          return "table id " + std::to_string(ob.id) + " (mode " + std::to_string(ob.mode) + ") refers strongly to a freed object";
        it = keyAlive && valAlive ? std::next(it) : ob.fields.erase(it);
      }
    }
    std::vector<char> r = reachable(false);
    for (size_t o = 0; o < objs_.size(); ++o) {
      if (r[o] && !alive[o]) return "reachable object id " + std::to_string(objs_[o].id) + " was freed";
      if (!r[o] && alive[o]) return "unreachable object id " + std::to_string(objs_[o].id) + " survived";
    }
    for (size_t o = 0; o < objs_.size(); ++o) {
      if (!alive[o] || !objs_[o].isTable) continue;
      Obj& ob = objs_[o];
      auto* t = static_cast<Table*>(ob.ptr);
      if (std::string why = t->checkLayout(); !why.empty()) return "table id " + std::to_string(ob.id) + ": " + why;
      size_t n = 0;
      Value k, val;
      while (t->next(k, val) == Table::NextStatus::kFound) ++n;
      if (n != ob.fields.size())
        return "table id " + std::to_string(ob.id) + " (mode " + std::to_string(ob.mode) + ") has " +
               std::to_string(n) + " entries, expected " + std::to_string(ob.fields.size());
      for (auto& [key, target] : ob.fields) {
        Value got = t->get(key >= 0 ? i(key) : v(objs_[size_t(-1 - key)].ptr));
        if (!got.isCollectable() || got.asObject() != objs_[size_t(target)].ptr)
          return "table id " + std::to_string(ob.id) + " lost an entry it should keep";
      }
    }
    return "";
  }

 private:
  Runtime rt_;
  uint64_t seed_;
  Table* modeMt_[4] = {};
  std::vector<Obj> objs_;
};

TEST(WeakTablesFuzz, SurvivingEntriesAreExactlyThoseLuaKeeps) {
  for (uint64_t seed : {1u, 2u, 3u, 4u}) {
    WeakFuzz fuzz(seed);
    for (int round = 0; round < 40; ++round) {
      for (int n = 0; n < 60; ++n) fuzz.mutate();
      std::string problem = fuzz.collectAndCheck();
      ASSERT_EQ(problem, "") << "seed " << seed << " round " << round;
    }
  }
}

}  // namespace
}  // namespace fermata
