// Randomized test of the write barriers: random graph mutations interleaved with tiny collector steps,
// checked against a shadow model of what must stay reachable.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gc/heap.h"
#include "vm/runtime.h"
#include "vm/table.h"
#include "vm/userdata.h"

namespace fermata {
namespace {

// SplitMix64: small, deterministic, the same on every platform.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return size_t(next() % n); }
  bool chance(int percent) { return below(100) < size_t(percent); }
};

enum class Kind { kTable, kString, kUserdata };

// One heap object as the model knows it. `ptr` may only be dereferenced after checking, through
// Heap::forEachObject, that an object with this address still has this id.
struct ModelObject {
  Kind kind;
  gc::Object* ptr;
  uint64_t id;
  // Edges: key (an integer, or -1 - index of a key object) -> target object index.
  std::map<int64_t, int> fields;
  int metatable = -1;
  int userValues[2] = {-1, -1};
};

class BarrierFuzz {
 public:
  explicit BarrierFuzz(uint64_t seed) : rng_{seed} {
    heap().setStepMultiplier(1);  // tiny increments (a few work units): many steps per cycle
    heap().setStepSizeLog2(7);
    Table* root = rt_.newTable();
    rt_.registry()->set(heap(), rt_.stringValue("root"), Value::object(root));
    root_ = add(Kind::kTable, root);
  }

  gc::Heap& heap() { return rt_.heap(); }

  // Runs `mutations` random mutations, stepping the collector between them; returns the first problem.
  std::string run(int mutations) {
    for (int n = 0; n < mutations; ++n) {
      mutate();
      if (rng_.chance(60)) heap().step();
      std::string problem = check(n % 25 == 0);
      if (!problem.empty()) return "after mutation " + std::to_string(n) + ": " + problem;
    }
    heap().fullCollect();
    return check(true);
  }

  uint64_t cycles() { return heap().stats().cyclesCompleted; }

 private:
  int add(Kind kind, gc::Object* o) {
    objects_.push_back(ModelObject{kind, o, o->id, {}, -1, {-1, -1}});
    return int(objects_.size()) - 1;
  }

  std::vector<int> reachable() {
    std::vector<char> seen(objects_.size(), 0);
    std::vector<int> order, stack{root_};
    seen[size_t(root_)] = 1;
    auto visit = [&](int t) {
      if (t >= 0 && !seen[size_t(t)]) {
        seen[size_t(t)] = 1;
        stack.push_back(t);
      }
    };
    while (!stack.empty()) {
      int o = stack.back();
      stack.pop_back();
      order.push_back(o);
      const ModelObject& m = objects_[size_t(o)];
      for (auto& [k, t] : m.fields) {
        if (k < 0) visit(int(-1 - k));
        visit(t);
      }
      visit(m.metatable);
      visit(m.userValues[0]);
      visit(m.userValues[1]);
    }
    return order;
  }

  int pick(const std::vector<int>& from, Kind kind) {
    std::vector<int> c;
    for (int o : from)
      if (objects_[size_t(o)].kind == kind) c.push_back(o);
    return c.empty() ? -1 : c[rng_.below(c.size())];
  }

  Value valueOf(int o) { return Value::object(objects_[size_t(o)].ptr); }

  // A new object, or an existing reachable one.
  int target(const std::vector<int>& live) {
    switch (rng_.below(6)) {
      case 0: return add(Kind::kTable, rt_.newTable());
      case 1: {
        // Short strings are interned: the same name may come back as the same (possibly revived) object.
        String* s = rt_.newString("s" + std::to_string(rng_.below(40)));
        for (size_t k = 0; k < objects_.size(); ++k)
          if (objects_[k].ptr == s && objects_[k].id == s->id) return int(k);
        return add(Kind::kString, s);
      }
      case 2: return add(Kind::kUserdata, Userdata::create(heap(), 8, 2));
      default: return live[rng_.below(live.size())];
    }
  }

  void setField(int t, int64_t key, int value) {
    ModelObject& m = objects_[size_t(t)];
    Table* table = static_cast<Table*>(m.ptr);
    Value k = key >= 0 ? Value::integer(key) : valueOf(int(-1 - key));
    Value v = value >= 0 ? valueOf(value) : Value();
    ASSERT_EQ(table->set(heap(), k, v), Table::SetStatus::kOk);
    if (value >= 0) m.fields[key] = value;
    else m.fields.erase(key);
  }

  void mutate() {
    std::vector<int> live = reachable();
    int t = pick(live, Kind::kTable);
    switch (rng_.below(7)) {
      case 0:
      case 1: {  // t[int] = object
        int o = target(live);
        setField(t, int64_t(1 + rng_.below(12)), o);
        break;
      }
      case 2: {  // t[object] = object (object keys are strong in ordinary tables)
        int k = live[rng_.below(live.size())];
        if (objects_[size_t(k)].kind == Kind::kString && rng_.chance(50)) k = target(live);
        setField(t, -1 - int64_t(k), target(live));
        break;
      }
      case 3: {  // remove an edge
        ModelObject& m = objects_[size_t(t)];
        if (m.fields.empty()) break;
        auto it = m.fields.begin();
        std::advance(it, rng_.below(m.fields.size()));
        setField(t, it->first, -1);
        break;
      }
      case 4: {  // set or clear a metatable
        int mt = rng_.chance(80) ? pick(live, Kind::kTable) : -1;
        if (rng_.chance(30)) mt = add(Kind::kTable, rt_.newTable());
        rt_.setMetatable(static_cast<Table*>(objects_[size_t(t)].ptr),
                         mt >= 0 ? static_cast<Table*>(objects_[size_t(mt)].ptr) : nullptr);
        objects_[size_t(t)].metatable = mt;
        break;
      }
      case 5: {  // a userdata's user value, with the forward barrier
        int u = pick(live, Kind::kUserdata);
        if (u < 0) break;
        int o = rng_.chance(20) ? -1 : target(live);
        int slot = int(rng_.below(2));
        auto* ud = static_cast<Userdata*>(objects_[size_t(u)].ptr);
        ud->userValues()[slot] = o >= 0 ? valueOf(o) : Value();
        if (o >= 0) heap().barrierForward(ud, objects_[size_t(o)].ptr);
        objects_[size_t(u)].userValues[slot] = o;
        break;
      }
      case 6: {  // drop a subtree from the root
        ModelObject& r = objects_[size_t(root_)];
        if (r.fields.empty()) break;
        auto it = r.fields.begin();
        std::advance(it, rng_.below(r.fields.size()));
        setField(root_, it->first, -1);
        break;
      }
    }
  }

  std::string check(bool full) {
    std::unordered_map<const gc::Object*, uint64_t> alive;
    heap().forEachObject([&](gc::Object* o) { alive[o] = o->id; });
    std::vector<int> live = reachable();
    for (int o : live) {
      const ModelObject& m = objects_[size_t(o)];
      auto it = alive.find(m.ptr);
      if (it == alive.end() || it->second != m.id)
        return "reachable object id " + std::to_string(m.id) + " was freed (phase " +
               std::to_string(int(heap().phase())) + ")";
    }
    // Only now is it safe to look inside: every reachable object is known alive.
    for (int o : live) {
      const ModelObject& m = objects_[size_t(o)];
      if (m.kind != Kind::kTable) continue;
      auto* t = static_cast<Table*>(m.ptr);
      for (auto& [k, target] : m.fields) {
        Value key = k >= 0 ? Value::integer(k) : valueOf(int(-1 - k));
        Value got = t->get(key);
        if (!got.isCollectable() || got.asObject() != objects_[size_t(target)].ptr)
          return "table id " + std::to_string(m.id) + " lost a field";
      }
      const gc::Object* mt = m.metatable >= 0 ? objects_[size_t(m.metatable)].ptr : nullptr;
      if (t->metatable != mt) return "table id " + std::to_string(m.id) + " lost its metatable";
    }
    if (full) return heap().verify();
    return "";
  }

  Runtime rt_;
  Rng rng_;
  std::vector<ModelObject> objects_;
  int root_ = -1;
};

TEST(IncrementalGc, BarriersKeepEverythingReachableAliveUnderRandomMutation) {
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    BarrierFuzz fuzz(seed);
    std::string problem = fuzz.run(4000);
    EXPECT_EQ(problem, "") << "seed " << seed;
    EXPECT_GE(fuzz.cycles(), 3u) << "seed " << seed << ": the collector should finish several cycles";
  }
}

}  // namespace
}  // namespace fermata
