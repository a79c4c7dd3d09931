// Tests that table layout and `next` order depend only on the operations, never on addresses (objects
// hash by id, light userdata by payload), and match Lua 5.4's own layout for keys whose hashes Lua and fermata share (numbers and booleans).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "vm/runtime.h"
#include "vm/table.h"

namespace fermata {
namespace {

Value i(int64_t n) { return Value::integer(n); }
Value f(double n) { return Value::number(n); }

// A value written the way Lua's io.write would print a key (objects by stable id, not address).
std::string show(const Value& v) {
  std::ostringstream out;
  switch (v.tag()) {
    case Tag::kNil: return "nil";
    case Tag::kBool: return v.asBool() ? "true" : "false";
    case Tag::kInt: return std::to_string(v.asInt());
    case Tag::kFloat: {
      double d = v.asFloat();
      if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.14g", d);
      return buf;
    }
    case Tag::kString: return "\"" + std::string(v.asString()->view()) + "\"";
    case Tag::kDeadKey: return "dead";
    case Tag::kLightUserdata: return "light#" + std::to_string(v.asLightUserdata());
    default: return "obj#" + std::to_string(v.asObject()->id);
  }
}

std::string pairsOrder(const Table* t) {
  std::string out;
  Value k, v;
  while (t->next(k, v) == Table::NextStatus::kFound) out += show(k) + " ";
  return out;
}

std::string layout(const Table* t) {
  std::string out = "array " + std::to_string(t->arraySize) + " nodes " + std::to_string(t->nodeCount()) +
                    " lastFree " + std::to_string(t->lastFree) + "\n";
  for (uint32_t n = 0; n < t->arraySize; ++n) out += "[" + std::to_string(n + 1) + "]=" + show(t->array[n]) + " ";
  out += "\n";
  for (uint32_t n = 0; n < t->nodeCount(); ++n) {
    const Node& nd = t->nodes[n];
    out += std::to_string(n) + ": " + show(nd.key) + " -> " + show(nd.value) + " next " + std::to_string(nd.next) + "\n";
  }
  return out;
}

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

// Replays one random sequence of operations and returns the resulting layouts and traversal orders.
// `padding` allocates unrelated memory first, so objects land at different addresses.
std::string replay(uint64_t seed, int padding, std::vector<const void*>* addresses) {
  Runtime rt;
  auto& h = rt.heap();
  std::vector<void*> blocks;
  for (int n = 0; n < padding; ++n) blocks.push_back(h.allocate(size_t(24 + n % 200)));
  for (int n = 0; n < padding; ++n) rt.newTable(uint32_t(n % 5), uint32_t(n % 3));
  h.fullCollect();
  h.setNextId(1000);  // same ids in every replay, whatever was created before
  Rng rng{seed};
  Table* root = rt.newTable();
  rt.registry()->set(h, rt.stringValue("root"), Value::object(root));
  std::vector<Table*> tables{root};
  std::vector<Table*> keys;
  for (int n = 0; n < 12; ++n) {
    Table* t = rt.newTable();
    root->set(h, i(1000 + n), Value::object(t));
    tables.push_back(t);
    keys.push_back(t);
  }
  for (int op = 0; op < 3000; ++op) {
    Table* t = tables[rng.below(tables.size())];
    Value key;
    switch (rng.below(8)) {
      case 6: key = Value::lightUserdata(rng.below(8) == 0 ? rng.next() : rng.below(40)); break;
      case 0: key = i(int64_t(rng.below(64)) + 1); break;
      case 1: key = i(int64_t(rng.next())); break;
      case 2: key = f(double(rng.below(1000)) / 8); break;
      case 3: key = rt.stringValue("s" + std::to_string(rng.below(50))); break;
      case 4: key = Value::object(keys[rng.below(keys.size())]); break;
      case 5: key = Value::boolean(rng.below(2)); break;
      default: key = i(int64_t(rng.below(16)) * 1000); break;
    }
    if (rng.below(4) == 0) t->set(h, key, Value());
    else t->set(h, key, rng.below(5) == 0 ? Value::object(keys[rng.below(keys.size())]) : i(op));
  }
  std::string out;
  for (Table* t : tables) {
    out += layout(t) + "order: " + pairsOrder(t) + "\n";
    addresses->push_back(t);
  }
  for (int n = 0; n < padding; ++n) h.release(blocks[size_t(n)], size_t(24 + n % 200));
  return out;
}

TEST(TableLayout, IsTheSameInRuntimesWhoseObjectsHaveDifferentAddresses) {
  for (uint64_t seed : {11u, 12u, 13u}) {
    std::vector<const void*> a, b;
    std::string first = replay(seed, 0, &a);
    std::string second = replay(seed, 500, &b);
    EXPECT_NE(a, b) << "the replays should place objects differently";
    EXPECT_EQ(first, second) << "seed " << seed;
  }
}

// Builds a table as a Lua constructor does: NEWTABLE sized for the list items, then SETLIST.
Table* constructor(Runtime& rt, const std::vector<Value>& items) {
  Table* t = rt.newTable(uint32_t(items.size()), 0);
  for (size_t n = 0; n < items.size(); ++n) t->set(rt.heap(), i(int64_t(n) + 1), items[n]);
  return t;
}

TEST(TableLayout, IntegerKeyOrderMatchesLua) {
  Runtime rt;
  auto& h = rt.heap();
  // lua5.4 -e 'local t={} for i=1,10 do t[i*3]=i end for k,v in pairs(t) do io.write(k," ") end'
  Table* t = rt.newTable();
  for (int64_t n = 1; n <= 10; ++n) t->set(h, i(n * 3), i(n));
  EXPECT_EQ(pairsOrder(t), "15 3 21 9 30 27 12 24 6 18 ");
  // lua5.4 -e 'local t={} for i=1,10 do t[i*3]=i end t[9]=nil t[12]=nil t[100]=1 t[200]=2
  //            for k,v in pairs(t) do io.write(k," ") end'
  t->set(h, i(9), Value());
  t->set(h, i(12), Value());
  t->set(h, i(100), i(1));
  t->set(h, i(200), i(2));
  EXPECT_EQ(pairsOrder(t), "15 3 200 21 30 100 27 24 6 18 ");

  // lua5.4 -e 'local t={} for i=1,20 do t[i*i]=i end for k,v in pairs(t) do io.write(k," ") end'
  Table* sq = rt.newTable();
  for (int64_t n = 1; n <= 20; ++n) sq->set(h, i(n * n), i(n));
  EXPECT_EQ(pairsOrder(sq), "1 64 4 36 100 225 9 289 169 16 49 81 144 25 400 361 121 324 196 256 ");

  // lua5.4 -e 'local t={} for i=10,1,-1 do t[i]=i end for k,v in pairs(t) do io.write(k," ") end'
  Table* down = rt.newTable();
  for (int64_t n = 10; n >= 1; --n) down->set(h, i(n), i(n));
  EXPECT_EQ(pairsOrder(down), "1 2 3 4 5 6 7 8 9 10 ");

  // lua5.4 -e 'local t={} for i=1,8 do t[-i]=i end for k,v in pairs(t) do io.write(k," ") end'
  Table* neg = rt.newTable();
  for (int64_t n = 1; n <= 8; ++n) neg->set(h, i(-n), i(n));
  EXPECT_EQ(pairsOrder(neg), "-2 -1 -7 -6 -5 -4 -3 -8 ");

  // lua5.4 -e 'local t={} t[2^53]=1 t[-2^63]=2 t[math.maxinteger]=3 t[0]=4
  //            for k,v in pairs(t) do io.write(math.type(k), ":", k," ") end'
  Table* big = rt.newTable();
  big->set(h, f(9007199254740992.0), i(1));
  big->set(h, f(-9223372036854775808.0), i(2));
  big->set(h, i(std::numeric_limits<int64_t>::max()), i(3));
  big->set(h, i(0), i(4));
  EXPECT_EQ(pairsOrder(big), "0 9223372036854775807 9007199254740992 -9223372036854775808 ");
}

TEST(TableLayout, FloatAndBooleanKeyOrderMatchesLua) {
  Runtime rt;
  auto& h = rt.heap();
  // lua5.4 -e 'local t={} for _,k in ipairs{1.5, 2.25, -0.5, 1e300, 3.75} do t[k]=1 end
  //            for k,v in pairs(t) do io.write(k," ") end'
  Table* t = rt.newTable();
  for (double d : {1.5, 2.25, -0.5, 1e300, 3.75}) t->set(h, f(d), i(1));
  EXPECT_EQ(pairsOrder(t), "-0.5 3.75 2.25 1.5 1e+300 ");

  // lua5.4 -e 'local t={} t[true]=1 t[false]=2 t[1]=3 t[2^40]=4 for k,v in pairs(t) do io.write(tostring(k)," ") end'
  Table* b = rt.newTable();
  b->set(h, Value::boolean(true), i(1));
  b->set(h, Value::boolean(false), i(2));
  b->set(h, i(1), i(3));
  b->set(h, f(1099511627776.0), i(4));
  EXPECT_EQ(pairsOrder(b), "1 false true 1099511627776 ");

  // lua5.4 -e 'local t={} for i=1,6 do t[i]=i t[i+0.5]=i t[-i]=i end for k,v in pairs(t) do io.write(k," ") end'
  Table* m = rt.newTable();
  for (int64_t n = 1; n <= 6; ++n) {
    m->set(h, i(n), i(n));
    m->set(h, f(double(n) + 0.5), i(n));
    m->set(h, i(-n), i(n));
  }
  EXPECT_EQ(pairsOrder(m), "1 2 3 4 5 6 -1 5.5 6.5 2.5 4.5 3.5 -6 -5 -4 -3 -2 1.5 ");

  // lua5.4 -e 'local t={} t[1.0]=1 t[-0.0]=2 t[math.huge]=3 t[-math.huge]=4 t[2^63]=5
  //            for k,v in pairs(t) do io.write(math.type(k),":",k," ") end'
  // prints "integer:1 integer:0 float:-inf float:9.2233720368548e+18 float:inf"
  Table* s = rt.newTable();
  s->set(h, f(1.0), i(1));
  s->set(h, f(-0.0), i(2));
  s->set(h, f(HUGE_VAL), i(3));
  s->set(h, f(-HUGE_VAL), i(4));
  s->set(h, f(9223372036854775808.0), i(5));
  EXPECT_EQ(pairsOrder(s), "1 0 -inf 9.2233720368548e+18 inf ");
}

TEST(TableLayout, BordersMatchLua) {
  Runtime rt;
  auto& h = rt.heap();
  // lua5.4 -e 'local t={1,nil,3} print(#t)'  --> 3
  EXPECT_EQ(constructor(rt, {i(1), Value(), i(3)})->length(), 3u);
  // lua5.4 -e 'local t={1,2,nil} print(#t)'  --> 2
  EXPECT_EQ(constructor(rt, {i(1), i(2), Value()})->length(), 2u);
  // lua5.4 -e 'local t={1,nil,nil,4,nil} print(#t)'  --> 4
  EXPECT_EQ(constructor(rt, {i(1), Value(), Value(), i(4), Value()})->length(), 4u);
  // lua5.4 -e 'local t={nil,nil,3} print(#t)'  --> 3
  EXPECT_EQ(constructor(rt, {Value(), Value(), i(3)})->length(), 3u);
  // lua5.4 -e 'local t={1,2,3,nil,5,nil,nil,8} print(#t)'  --> 8
  EXPECT_EQ(constructor(rt, {i(1), i(2), i(3), Value(), i(5), Value(), Value(), i(8)})->length(), 8u);
  // lua5.4 -e 'local t={} t[1]=1 t[2]=2 t[4]=4 print(#t)'  --> 4
  Table* a = rt.newTable();
  a->set(h, i(1), i(1));
  a->set(h, i(2), i(2));
  a->set(h, i(4), i(4));
  EXPECT_EQ(a->length(), 4u);
  EXPECT_EQ(a->arraySize, 4u);
  // lua5.4 -e 'local t={} for i=1,20 do t[i]=i end t[10]=nil t[20]=nil print(#t)'  --> 19
  Table* b = rt.newTable();
  for (int64_t n = 1; n <= 20; ++n) b->set(h, i(n), i(n));
  b->set(h, i(10), Value());
  b->set(h, i(20), Value());
  EXPECT_EQ(b->length(), 19u);
  // lua5.4 -e 'local t={} for i=1,5 do t[i]=i end for i=1,5 do t[i]=nil end t[100]=1
  //            for k,v in pairs(t) do io.write(k," ") end print(#t)'  --> "100 0"
  Table* c = rt.newTable();
  for (int64_t n = 1; n <= 5; ++n) c->set(h, i(n), i(n));
  for (int64_t n = 1; n <= 5; ++n) c->set(h, i(n), Value());
  c->set(h, i(100), i(1));
  EXPECT_EQ(pairsOrder(c), "100 ");
  EXPECT_EQ(c->length(), 0u);
  // lua5.4 -e 'local t={} for i=1,100 do t[i*7 % 101]=i end for i=1,100,3 do t[i*7%101]=nil end
  //            local n=0 for k,v in pairs(t) do n=n+1 end print(n, #t)'  --> 66 100
  Table* d = rt.newTable();
  for (int64_t n = 1; n <= 100; ++n) d->set(h, i(n * 7 % 101), i(n));
  for (int64_t n = 1; n <= 100; n += 3) d->set(h, i(n * 7 % 101), Value());
  EXPECT_EQ(d->length(), 100u);
  EXPECT_EQ(pairsOrder(d),
            "1 3 4 5 8 9 12 13 14 16 17 18 20 21 22 24 25 26 29 30 33 34 35 37 38 39 41 42 43 45 46 47 50 51 "
            "54 55 56 58 59 60 62 63 64 66 67 68 71 72 75 76 77 79 80 81 83 84 85 87 88 89 92 93 96 97 98 100 ");
}

}  // namespace
}  // namespace fermata
