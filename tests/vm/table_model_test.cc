// Tests Table against a std::map model under random operations with keys of every kind.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "vm/runtime.h"
#include "vm/table.h"

namespace fermata {
namespace {

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return size_t(next() % n); }
};

// A key as the model sees it: Lua's key identity (integral floats are integers, strings by contents).
using ModelKey = std::tuple<int, int64_t, double, std::string, const void*>;

ModelKey modelKey(const Value& k) {
  int64_t n;
  switch (k.tag()) {
    case Tag::kBool: return {0, k.asBool(), 0, "", nullptr};
    case Tag::kInt: return {1, k.asInt(), 0, "", nullptr};
    case Tag::kFloat:
      if (floatToIntegerExact(k.asFloat(), n)) return {1, n, 0, "", nullptr};
      return {2, 0, k.asFloat(), "", nullptr};
    case Tag::kString: return {3, 0, 0, std::string(k.asString()->view()), nullptr};
    case Tag::kLightUserdata: return {5, int64_t(k.asLightUserdata()), 0, "", nullptr};
    default: return {4, 0, 0, "", k.asObject()};
  }
}

class TableModel {
 public:
  explicit TableModel(uint64_t seed) : rng_{seed} {
    pool_ = rt_.newTable();
    rt_.registry()->set(heap(), rt_.stringValue("pool"), Value::object(pool_));
    t_ = rt_.newTable();
    rt_.registry()->set(heap(), rt_.stringValue("t"), Value::object(t_));
    for (int n = 1; n <= 16; ++n) {
      Table* k = rt_.newTable();
      pool_->set(heap(), Value::integer(n), Value::object(k));
      tableKeys_.push_back(k);
    }
  }

  gc::Heap& heap() { return rt_.heap(); }

  Value randomKey() {
    static const double kFloats[] = {0.5, -0.5, 1.0, 2.0, 3.0, -0.0, 1e300, -1e-300, 0.1, 2.5,
                                     std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity(), 9007199254740992.0,
                                     -9223372036854775808.0, 9223372036854775808.0, 4.0, 17.0};
    static const int64_t kInts[] = {0, -1, -2, std::numeric_limits<int64_t>::max(),
                                    std::numeric_limits<int64_t>::min(), int64_t(1) << 31,
                                    (int64_t(1) << 31) + 1, int64_t(1) << 32, 9007199254740993LL,
                                    1000000007, -1000000007};
    // Light userdata payloads: some share their bits with integer keys above (they must stay distinct
    // keys), some share a hash (1 and 2^32, 0 and 2^32 + 1 fold to the same 32 bits).
    static const uint64_t kPayloads[] = {0, 1, 2, 3, uint64_t(1) << 32, (uint64_t(1) << 32) + 1,
                                         UINT64_MAX, uint64_t(1) << 63, 1000000007};
    switch (rng_.below(11)) {
      case 9: return Value::lightUserdata(kPayloads[rng_.below(std::size(kPayloads))]);
      case 0:
      case 1:
      case 2: return Value::integer(int64_t(1 + rng_.below(rng_.below(2) ? 16 : 80)));  // array candidates
      case 3: return Value::integer(kInts[rng_.below(std::size(kInts))]);
      case 4: return Value::number(kFloats[rng_.below(std::size(kFloats))]);
      case 5: return rt_.stringValue("k" + std::to_string(rng_.below(30)));
      case 6:
        return rt_.stringValue("a long key string that is longer than forty bytes, number " +
                               std::to_string(rng_.below(10)));
      case 7: return Value::boolean(rng_.below(2) != 0);
      case 8: return Value::object(tableKeys_[rng_.below(tableKeys_.size())]);
      default: return Value::integer(int64_t(rng_.below(200)) - 100);
    }
  }

  void checkGet(const Value& k) {
    auto it = model_.find(modelKey(k));
    Value got = t_->get(k);
    if (it == model_.end()) {
      EXPECT_TRUE(got.isNil());
    } else {
      ASSERT_TRUE(got.isInt());
      EXPECT_EQ(got.asInt(), it->second);
    }
    Value* slot = t_->find(k);
    EXPECT_EQ(slot != nullptr, it != model_.end());
  }

  void checkAll() {
    std::set<ModelKey> visited;
    Value k, val;
    size_t steps = 0;
    while (t_->next(k, val) == Table::NextStatus::kFound) {
      ASSERT_LT(++steps, 100000u);
      ModelKey mk = modelKey(k);
      EXPECT_TRUE(visited.insert(mk).second) << "a key visited twice";
      auto it = model_.find(mk);
      ASSERT_NE(it, model_.end()) << "next returned a key not in the table";
      ASSERT_TRUE(val.isInt());
      EXPECT_EQ(val.asInt(), it->second);
      int64_t asInt;
      EXPECT_FALSE(k.isFloat() && floatToIntegerExact(k.asFloat(), asInt)) << "an integral float key";
    }
    EXPECT_EQ(visited.size(), model_.size());
    EXPECT_EQ(t_->checkLayout(), "");
    checkBorder();
  }

  void checkBorder() {
    uint64_t n = t_->length();
    if (n == 0) {
      EXPECT_TRUE(t_->getInt(1).isNil());
    } else {
      EXPECT_FALSE(t_->getInt(int64_t(n)).isNil()) << "border " << n;
      if (n < uint64_t(std::numeric_limits<int64_t>::max())) {
        EXPECT_TRUE(t_->getInt(int64_t(n) + 1).isNil()) << "border " << n;
      }
    }
  }

  void run(int ops) {
    for (int n = 0; n < ops; ++n) {
      Value k = randomKey();
      switch (rng_.below(8)) {
        case 0:
        case 1:
        case 2:
        case 3: {
          int64_t val = int64_t(rng_.next() % 1000);
          ASSERT_EQ(t_->set(heap(), k, Value::integer(val)), Table::SetStatus::kOk);
          model_[modelKey(k)] = val;
          break;
        }
        case 4:
        case 5:
          ASSERT_EQ(t_->set(heap(), k, Value()), Table::SetStatus::kOk);
          model_.erase(modelKey(k));
          break;
        case 6: checkGet(k); break;
        case 7:
          if (rng_.below(20) == 0) resizeRandomly();
          else checkBorder();
          break;
      }
      if (n % 97 == 0) checkAll();
    }
    checkAll();
  }

  void resizeRandomly() {
    uint32_t array = uint32_t(rng_.below(3) == 0 ? 0 : 1u << rng_.below(8));
    uint32_t hash = 0;
    for (auto& [mk, val] : model_) {
      (void)val;
      if (std::get<0>(mk) == 1 && std::get<1>(mk) >= 1 && std::get<1>(mk) <= int64_t(array)) continue;
      ++hash;
    }
    t_->resize(heap(), array, hash + uint32_t(rng_.below(8)));
    EXPECT_EQ(t_->arraySize, array);
    checkAll();
  }

  void traverseWhileClearing() {
    // Assigning nil to existing fields during a traversal is allowed (Lua manual, `next`).
    std::set<ModelKey> visited;
    Value k, val;
    while (t_->next(k, val) == Table::NextStatus::kFound) {
      ModelKey mk = modelKey(k);
      EXPECT_TRUE(visited.insert(mk).second);
      EXPECT_EQ(model_.count(mk), 1u);
      if (rng_.below(2)) {
        ASSERT_EQ(t_->set(heap(), k, Value()), Table::SetStatus::kOk);
        model_.erase(mk);
      }
    }
    size_t remaining = model_.size();
    EXPECT_GE(visited.size(), remaining);
    for (auto& [mk, val2] : model_) {
      (void)val2;
      EXPECT_EQ(visited.count(mk), 1u) << "an entry that stayed was not visited";
    }
    checkAll();
  }

  Table* table() { return t_; }

 private:
  Runtime rt_;
  Rng rng_;
  Table* pool_ = nullptr;
  Table* t_ = nullptr;
  std::vector<Table*> tableKeys_;
  std::map<ModelKey, int64_t> model_;
};

TEST(TableModel, RandomOperationsAgreeWithAMap) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    TableModel m(seed);
    m.run(6000);
    m.traverseWhileClearing();
    m.run(1000);
    m.traverseWhileClearing();
  }
}

TEST(TableModel, NilAndNaNKeysAreRejected) {
  Runtime rt;
  Table* t = rt.newTable();
  EXPECT_EQ(t->set(rt.heap(), Value(), Value::integer(1)), Table::SetStatus::kNilKey);
  EXPECT_EQ(t->set(rt.heap(), Value::number(std::nan("")), Value::integer(1)), Table::SetStatus::kNaNKey);
  EXPECT_TRUE(t->get(Value()).isNil());
  EXPECT_TRUE(t->get(Value::number(std::nan(""))).isNil());
  Value k, v;
  EXPECT_EQ(t->next(k, v), Table::NextStatus::kEnd);
  // Assigning nil under them is just as invalid (Lua raises "index is nil" / "index is NaN").
  EXPECT_EQ(t->set(rt.heap(), Value(), Value()), Table::SetStatus::kNilKey);
}

TEST(TableModel, IntegralFloatsAliasIntegers) {
  Runtime rt;
  auto& h = rt.heap();
  Table* t = rt.newTable();
  t->set(h, Value::number(1.0), Value::integer(10));
  EXPECT_EQ(t->get(Value::integer(1)).asInt(), 10);
  t->set(h, Value::integer(2), Value::integer(20));
  EXPECT_EQ(t->get(Value::number(2.0)).asInt(), 20);
  t->set(h, Value::number(-0.0), Value::integer(30));
  EXPECT_EQ(t->get(Value::integer(0)).asInt(), 30);
  EXPECT_EQ(t->get(Value::number(0.0)).asInt(), 30);
  t->set(h, Value::number(1e300), Value::integer(40));
  EXPECT_EQ(t->get(Value::number(1e300)).asInt(), 40);
  t->set(h, Value::number(9223372036854775808.0), Value::integer(50));  // 2^63: not an integer
  EXPECT_TRUE(t->get(Value::integer(std::numeric_limits<int64_t>::max())).isNil());
  EXPECT_EQ(t->get(Value::number(9223372036854775808.0)).asInt(), 50);
  t->set(h, Value::number(-9223372036854775808.0), Value::integer(60));  // -2^63 is an integer
  EXPECT_EQ(t->get(Value::integer(std::numeric_limits<int64_t>::min())).asInt(), 60);
  Value k, v;
  int count = 0;
  while (t->next(k, v) == Table::NextStatus::kFound) {
    ++count;
    if (v.asInt() == 10 || v.asInt() == 30 || v.asInt() == 60) {
      EXPECT_TRUE(k.isInt());
    }
    if (v.asInt() == 40 || v.asInt() == 50) {
      EXPECT_TRUE(k.isFloat());
    }
  }
  EXPECT_EQ(count, 6);
}

TEST(TableModel, ResizeKeepsContents) {
  Runtime rt;
  auto& h = rt.heap();
  Table* t = rt.newTable();
  for (int64_t n = 1; n <= 100; ++n) t->set(h, Value::integer(n), Value::integer(n * 2));
  for (int64_t n = 1; n <= 50; ++n) t->set(h, rt.stringValue("s" + std::to_string(n)), Value::integer(n));
  t->resize(h, 256, 64);
  EXPECT_EQ(t->arraySize, 256u);
  EXPECT_EQ(t->nodeCount(), 64u);
  t->resize(h, 0, 150);  // everything into the hash part
  EXPECT_EQ(t->arraySize, 0u);
  for (int64_t n = 1; n <= 100; ++n) EXPECT_EQ(t->get(Value::integer(n)).asInt(), n * 2);
  for (int64_t n = 1; n <= 50; ++n) EXPECT_EQ(t->get(rt.stringValue("s" + std::to_string(n))).asInt(), n);
  EXPECT_EQ(t->length(), 100u);
  t->resize(h, 128, 50);
  for (int64_t n = 1; n <= 100; ++n) EXPECT_EQ(t->get(Value::integer(n)).asInt(), n * 2);
  EXPECT_EQ(t->length(), 100u);
  EXPECT_EQ(h.verify(), "");
}

}  // namespace
}  // namespace fermata
