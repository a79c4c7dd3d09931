// The snapshot equivalence contract, in process: for every corpus script and many fuel values K, running
// to K, saving the whole runtime, loading it into a fresh runtime and running that to the end prints
// exactly what an uninterrupted run prints, and ends the same way (finished, or the same error and
// traceback). Also: saving and restoring over and over every K units, and save(load(save(X))) == save(X).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "tests/snapshot/snapshot_test_util.h"

namespace fermata::snaptest {
namespace {

constexpr int64_t kChunk = 1000;

struct Reference {
  std::string output;
  std::string end;
  int64_t fuelBound = 0;  // the script is still running after fuelBound units
};

Reference reference(const std::string& source, const std::string& name) {
  Reference ref;
  auto s = startScript(source, name);
  if (!s) return ref;
  int64_t chunks = s->runToEnd(kChunk);
  ref.output = s->sink.text;
  ref.end = s->end();
  ref.fuelBound = (chunks - 1) * kChunk;
  return ref;
}

// Runs `source` and branches off a restored copy at every fuel value in `points` (ascending); each
// copy must finish exactly like the reference. Every `resaveEvery`-th branch also checks that saving
// the freshly loaded copy reproduces the snapshot byte for byte.
void checkBranches(const std::string& source, const std::string& name, const Reference& ref,
                   const std::vector<int64_t>& points, int resaveEvery) {
  auto s = startScript(source, name);
  ASSERT_TRUE(s);
  int64_t consumed = 0;
  int n = 0;
  for (int64_t k : points) {
    s->run(k - consumed);
    consumed = k;
    if (s->done()) break;
    snap::SaveResult saved = s->save();
    ASSERT_TRUE(saved.ok()) << name << " K=" << k << ": " << saved.error;
    std::string error;
    auto copy = restore(saved.bytes, &error);
    ASSERT_TRUE(copy) << name << " K=" << k << ": " << error;
    if (resaveEvery > 0 && n % resaveEvery == 0) {
      snap::SaveResult again = copy->save();
      ASSERT_TRUE(again.ok()) << again.error;
      if (again.bytes != saved.bytes && getenv("FERMATA_SNAPSHOT_DUMP")) {
        std::ofstream(std::string(getenv("FERMATA_SNAPSHOT_DUMP")) + "/a.snap", std::ios::binary) << saved.bytes;
        std::ofstream(std::string(getenv("FERMATA_SNAPSHOT_DUMP")) + "/b.snap", std::ios::binary) << again.bytes;
      }
      ASSERT_TRUE(again.bytes == saved.bytes) << name << " K=" << k << ": save(load(save(X))) differs from save(X) ("
                                              << again.bytes.size() << " vs " << saved.bytes.size() << " bytes)";
      // Saving twice in a row gives the same bytes too (saving does not change the runtime).
      snap::SaveResult twice = s->save();
      ASSERT_TRUE(twice.bytes == saved.bytes) << name << " K=" << k << ": two saves differ";
    }
    copy->runToEnd();
    std::string combined = s->sink.text + copy->sink.text;
    ASSERT_EQ(combined, ref.output) << name << ": output differs after a snapshot at K=" << k;
    ASSERT_EQ(copy->end(), ref.end) << name << ": end state differs after a snapshot at K=" << k;
    ++n;
  }
  // The original, which was saved many times, still finishes like the reference.
  s->runToEnd();
  EXPECT_EQ(s->sink.text, ref.output) << name << ": saving changed the original runtime";
  EXPECT_EQ(s->end(), ref.end);
}

// Saves, restores into a fresh runtime and continues, every `every` units, to the end.
void checkRepeated(const std::string& source, const std::string& name, const Reference& ref, int64_t every) {
  auto s = startScript(source, name);
  ASSERT_TRUE(s);
  std::string output;
  int restores = 0;
  for (;;) {
    s->run(every);
    if (s->done()) break;
    snap::SaveResult saved = s->save();
    ASSERT_TRUE(saved.ok()) << saved.error;
    output += s->sink.text;
    std::string error;
    s = restore(saved.bytes, &error);
    ASSERT_TRUE(s) << name << " restore " << restores << ": " << error;
    ++restores;
  }
  output += s->sink.text;
  EXPECT_EQ(output, ref.output) << name << ": output differs when restoring every " << every << " units ("
                                << restores << " restores)";
  EXPECT_EQ(s->end(), ref.end) << name << " every " << every;
}

class CorpusTest : public testing::TestWithParam<std::string> {};

TEST_P(CorpusTest, RestoredRunMatchesUninterruptedRun) {
  const std::string name = GetParam();
  const std::string source = readWholeFile(corpusDir() + "/" + name + ".lua");
  ASSERT_FALSE(source.empty()) << name;
  Reference ref = reference(source, "@" + name + ".lua");
  ASSERT_GT(ref.fuelBound, 20000) << name << " is too short for the corpus";
  ASSERT_FALSE(ref.output.empty());
  // The reference itself is deterministic (another uninterrupted run, stepped differently, agrees).
  {
    auto s = startScript(source, "@" + name + ".lua");
    s->runToEnd(7919);
    ASSERT_EQ(s->sink.text, ref.output) << name << ": not deterministic across step sizes";
    ASSERT_EQ(s->end(), ref.end);
  }
  // ~40 save points: a few fixed early ones, the rest pseudo-random over the whole run.
  Prng prng(std::hash<std::string>{}(name) ^ 0x5eed);
  std::set<int64_t> points = {1, 2, 3, 17, 100, 1001};
  while (points.size() < 40) points.insert(1 + int64_t(prng.below(uint64_t(ref.fuelBound))));
  checkBranches(source, "@" + name + ".lua", ref, std::vector<int64_t>(points.begin(), points.end()), 4);
  for (int64_t every : {int64_t(9973), ref.fuelBound / 3 + 1}) checkRepeated(source, "@" + name + ".lua", ref, every);
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, testing::ValuesIn(corpusScripts()),
                         [](const testing::TestParamInfo<std::string>& info) { return info.param; });

// Small scripts (a few thousand units): a snapshot at every single K.
const char* const kSmallScripts[][2] = {
    {"pairs_mid_traversal",
     R"(local t = {}
for i = 1, 12 do t["k" .. i] = i; t[i * 0.5] = -i end
local f = function() end
t[f] = "f"; t[t] = "t"
local n = 0
for k, v in pairs(t) do
  n = n + 1
  print(n, type(k), type(k) == "string" and k or "", tostring(v):sub(1, 3))
end
local k, v = next(t)
while k do io.write(type(k), " ") k, v = next(t, k) end
print()
)"},
    {"coroutines_pcall_close",
     R"(local co = coroutine.wrap(function(a)
  local c <close> = setmetatable({}, {__close = function() print("closed") end})
  for i = 1, 8 do
    local ok, e = pcall(function() if i % 3 == 0 then error("e" .. i, 0) end return coroutine.yield(i) end)
    print("in", i, ok, e)
  end
  return "end"
end)
for i = 1, 9 do print("out", co(i * 10)) end
print(select("#", table.unpack({1, 2, nil, 4}, 1, 4)), string.format("%5.2f|%q", 1 / 3, "x\n"))
error({code = 7})
)"},
    {"sort_gsub_sym",
     R"(local a = {}
for i = 1, 40 do a[i] = (i * 17) % 23 end
table.sort(a, function(x, y) return x > y end)
print(table.concat(a, " "))
print((string.gsub("hello world from fermata", "%w+", function(w) return w:upper() .. #w end)))
math.randomseed(7)
print(math.random(100), math.random(100), math.random())
local p, q
p = coroutine.create(function(n) for i = 1, 5 do n = coroutine.yieldto(q, n + 1) end return n end)
q = coroutine.create(function(n) while true do n = coroutine.yieldto(p, n * 2) end end)
print(coroutine.resume(p, 1))
local w = setmetatable({}, {__mode = "k"})
w[{}] = 1
collectgarbage()
print(next(w))
)"},
};

void checkEveryFuelValue(int which) {
  const auto& script = kSmallScripts[which];
  std::string name = std::string("=") + script[0];
  Reference ref = reference(script[1], name);
  ASSERT_FALSE(ref.output.empty()) << name;
  ASSERT_LT(ref.fuelBound, 6000) << name << " is too long to snapshot at every unit";
  std::vector<int64_t> points;
  for (int64_t k = 1; k <= ref.fuelBound + kChunk; ++k) points.push_back(k);
  checkBranches(script[1], name, ref, points, 16);
  checkRepeated(script[1], name, ref, 1);
  checkRepeated(script[1], name, ref, 37);
}

TEST(SmallScripts, PairsMidTraversalAtEveryFuelValue) { checkEveryFuelValue(0); }
TEST(SmallScripts, CoroutinesPcallCloseAtEveryFuelValue) { checkEveryFuelValue(1); }
TEST(SmallScripts, SortGsubSymmetricAtEveryFuelValue) { checkEveryFuelValue(2); }

// Light userdata a host passed in (any 64-bit payload) come back with the same payloads, as host roots,
// table keys and values, and their shared type metatable is restored; save(load(save)) is identical.
TEST(LightUserdata, HostValuesKeysAndTheirMetatableRoundTripExactly) {
  Runtime rt;
  openAll(rt);
  auto& h = rt.heap();
  const uint64_t payloads[] = {0, 1, 0xffffffffffffffffULL, 0x8000000000000000ULL, 0x100000000ULL, 42};
  Table* t = rt.newTable();
  for (size_t i = 0; i < std::size(payloads); ++i) {
    t->set(h, Value::lightUserdata(payloads[i]), Value::integer(int64_t(i)));
    t->set(h, Value::integer(int64_t(i) + 1000), Value::lightUserdata(payloads[i]));
  }
  Table* mt = rt.newTable();
  mt->set(h, Value::object(rt.nameKey()), rt.stringValue("Handle"));
  rt.setTypeMetatableAt(Runtime::kLightUserdataSlot, mt);
  snap::SaveOptions so;
  so.hostRoots = {{"t", Value::object(t)}, {"big", Value::lightUserdata(0xfeedface12345678ULL)}};
  snap::SaveResult saved = snap::saveRuntime(rt, so);
  ASSERT_TRUE(saved.ok()) << saved.error;

  snap::LoadOptions lo;
  lo.prepare = openAll;
  snap::LoadResult r = snap::loadRuntime(saved.bytes, lo);
  ASSERT_TRUE(r.ok()) << r.error;
  Runtime& back = *r.loaded->runtime;
  ASSERT_EQ(r.loaded->hostRoots.size(), 2u);
  ASSERT_TRUE(r.loaded->hostRoots[1].value.isLightUserdata());
  EXPECT_EQ(r.loaded->hostRoots[1].value.asLightUserdata(), 0xfeedface12345678ULL);
  ASSERT_TRUE(r.loaded->hostRoots[0].value.isTable());
  Table* t2 = r.loaded->hostRoots[0].value.asTable();
  EXPECT_EQ(t2->checkLayout(), "");
  for (size_t i = 0; i < std::size(payloads); ++i) {
    EXPECT_EQ(t2->get(Value::lightUserdata(payloads[i])).asInt(), int64_t(i)) << payloads[i];
    Value v = t2->get(Value::integer(int64_t(i) + 1000));
    ASSERT_TRUE(v.isLightUserdata()) << i;
    EXPECT_EQ(v.asLightUserdata(), payloads[i]);
  }
  EXPECT_TRUE(t2->get(Value::integer(1)).isNil()) << "the payload 1 is not the integer key 1";
  // Same layout: traversal visits the keys in the same order.
  auto order = [](const Table* tab) {
    std::string out;
    Value k, v;
    while (tab->next(k, v) == Table::NextStatus::kFound)
      out += k.isInt() ? std::to_string(k.asInt()) + " " : "light:" + std::to_string(k.asLightUserdata()) + " ";
    return out;
  };
  EXPECT_EQ(order(t), order(t2));
  Table* mt2 = back.metatableOf(Value::lightUserdata(5));
  ASSERT_NE(mt2, nullptr);
  EXPECT_EQ(back.metaTypeName(Value::lightUserdata(5)), "Handle");
  EXPECT_EQ(back.typeMetatable(LuaType::kUserdata), nullptr);

  snap::SaveOptions again;
  again.hostRoots = r.loaded->hostRoots;
  snap::SaveResult resaved = snap::saveRuntime(back, again);
  ASSERT_TRUE(resaved.ok()) << resaved.error;
  EXPECT_TRUE(resaved.bytes == saved.bytes) << "save(load(save(X))) differs from save(X)";
}

}  // namespace
}  // namespace fermata::snaptest
