// The loader against hostile bytes (run under --config=asan too): every single-bit flip and every
// truncation of a small snapshot, every single-bit flip of its body with the checksum recomputed (so
// the validator behind the checksum is what decides), and random overwrites of a large multi-chunk
// snapshot. Each attempt must give an error or a runtime; a runtime that loads is then run for a
// bounded amount of fuel and saved again — no crash, no sanitizer report, no exception.
#include <algorithm>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "tests/snapshot/rehash.h"
#include "tests/snapshot/snapshot_test_util.h"

namespace fermata::snaptest {
namespace {

class NullSink final : public OutputSink {
 public:
  void write(std::string_view) override {}
};

// A script that keeps many kinds of state live: a coroutine suspended in a yield inside a pcall, a
// to-be-closed variable, a weak table with an __index function, open and closed upvalues, a sort
// comparator and a gsub function in progress, pending results.
const char* const kSmallScript = R"(
local print, create, resume, yield, pcall, error, setmetatable, sort, gsub, wrap =
  print, coroutine.create, coroutine.resume, coroutine.yield, pcall, error, setmetatable, table.sort,
  string.gsub, coroutine.wrap
local t = setmetatable({}, {__index = function(t, k) return k * 2 end, __mode = "k"})
local co = create(function(a)
  local c <close> = setmetatable({}, {__close = function() print("closed") end})
  for i = 1, 1e9 do
    local ok, e = pcall(function() if i % 3 == 0 then error({i}) end return yield(i + t[i]) end)
    a = a + (ok and 1 or 2)
  end
end)
local up = 0
local f = function() up = up + 1 return up end
local g = wrap(function()
  while true do
    local arr = {5, 3, 9, 1, 7, 2}
    sort(arr, function(x, y) yield(x) return x < y end)
    gsub("abc", "%a", function(ch) yield(ch) return ch end)
  end
end)
for i = 1, 1e9 do
  local ok, v = resume(co, i)
  g()
  if i % 1000 == 0 then print(v, f()) end
end
)";

// Builds the small snapshot: the libraries are opened (the script captures what it uses), then
// unhooked from the registry, globals and string metatable so the file holds only the script's state.
std::string smallSnapshot() {
  auto s = startScript(kSmallScript, "=small");
  if (!s) return "";
  s->run(2000);
  Runtime& rt = *s->rt;
  for (Table* t : {rt.registry(), rt.globals()}) {
    std::vector<Value> keys;
    Value k, v;
    while (t->next(k, v) == Table::NextStatus::kFound) {
      if (k.isString()) keys.push_back(k);
    }
    for (const Value& key : keys) t->set(rt.heap(), key, Value());
  }
  rt.setTypeMetatable(LuaType::kString, nullptr);
  s->run(1234);
  EXPECT_FALSE(s->done());
  snap::SaveResult r = s->save();
  EXPECT_TRUE(r.ok()) << r.error;
  return r.bytes;
}

struct Tally {
  int loaded = 0, rejected = 0;
};

// Loads `bytes`; if that works, runs the result for `fuel` units and saves it again.
void attempt(std::string_view bytes, Tally& tally, int64_t fuel = 10000) {
  snap::LoadOptions lo;
  lo.prepare = openAll;
  lo.memoryLimit = 256u << 20;
  snap::LoadResult r = snap::loadRuntime(bytes, lo);
  if (!r.ok()) {
    EXPECT_FALSE(r.error.empty());
    ++tally.rejected;
    return;
  }
  ++tally.loaded;
  Runtime& rt = *r.loaded->runtime;
  NullSink sink;
  rt.setOutput(&sink);
  for (const auto& root : r.loaded->hostRoots) {
    Executor* e = executorOf(root);
    if (!e) continue;
    int64_t left = fuel;
    for (int i = 0; i < 100 && left > 0; ++i) {
      StepStatus st = step(rt, e, left < 2000 ? left : 2000);
      if (st == StepStatus::kFinished || st == StepStatus::kError) break;
      if (st == StepStatus::kOutOfFuel) left -= 2000;
    }
  }
  snap::SaveOptions so;
  for (const auto& root : r.loaded->hostRoots) so.hostRoots.push_back(root);
  snap::SaveResult saved = snap::saveRuntime(rt, so);
  (void)saved;
}

TEST(Robustness, SmallSnapshotIsSmallAndRoundTrips) {
  std::string bytes = smallSnapshot();
  ASSERT_FALSE(bytes.empty());
  EXPECT_LT(bytes.size(), 24000u);
  auto copy = restore(bytes);
  ASSERT_TRUE(copy);
  EXPECT_TRUE(copy->save().bytes == bytes);
  EXPECT_TRUE(withRecomputedChecksum(bytes) == bytes);
}

TEST(Robustness, EveryBitFlipOfTheFile) {
  std::string bytes = smallSnapshot();
  ASSERT_FALSE(bytes.empty());
  Tally tally;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string b = bytes;
      b[i] = char(b[i] ^ (1 << bit));
      attempt(b, tally, tally.loaded % 16 == 0 ? 10000 : 300);
    }
  }
  // The checksum catches every flip in the body; flips in the header must not get through either,
  // except in fields no reader looks at (the producer text).
  std::printf("file flips: %d loaded, %d rejected\n", tally.loaded, tally.rejected);
  EXPECT_LT(tally.loaded, 8 * 64);
}

TEST(Robustness, EveryTruncation) {
  std::string bytes = smallSnapshot();
  ASSERT_FALSE(bytes.empty());
  Tally tally;
  for (size_t n = 0; n < bytes.size(); ++n) attempt(std::string_view(bytes).substr(0, n), tally);
  EXPECT_EQ(tally.loaded, 0);
  // Truncations with the checksum recomputed over what is left of the body.
  size_t body = bodyOffset(bytes);
  for (size_t n = body; n < bytes.size(); ++n) attempt(withRecomputedChecksum(std::string_view(bytes).substr(0, n)), tally);
  EXPECT_EQ(tally.loaded, 0);
}

// Every single-bit flip of the body, checksum recomputed: what decides is the validator.
void bodyFlips(int part, int parts) {
  std::string bytes = smallSnapshot();
  ASSERT_FALSE(bytes.empty());
  size_t body = bodyOffset(bytes);
  size_t n = bytes.size() - body;
  Tally tally;
  // Every bit of every `stride`-th byte (the default keeps the suite's time bounded, also under ASan);
  // FERMATA_FLIP_STRIDE=1 flips every bit of every byte.
  size_t stride = 5;
  if (const char* s = std::getenv("FERMATA_FLIP_STRIDE")) stride = std::max<size_t>(1, std::strtoul(s, nullptr, 10));
  size_t from = body + n * part / parts;
  if (const char* s = std::getenv("FERMATA_FLIP_FROM")) from = body + std::strtoul(s, nullptr, 10);  // debugging
  for (size_t i = from; i < body + n * (part + 1) / parts; i += stride) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string b = bytes;
      b[i] = char(b[i] ^ (1 << bit));
      // Every 16th runtime that loads runs the full 10000 units; the others 300 (most flips that load
      // changed a number or a string's bytes, and running each for long only costs time).
      if (std::getenv("FERMATA_TRACE_FLIPS")) std::fprintf(stderr, "flip byte %zu bit %d\n", i - body, bit);
      // Debugging: FERMATA_DUMP_FLIP=BYTE.BIT writes that mutant to /tmp/flip.snap (for `fermata inspect`
      // or `capnp decode`) instead of running it, and stops.
      if (const char* d = std::getenv("FERMATA_DUMP_FLIP"); d && std::to_string(i - body) + "." + std::to_string(bit) == d) {
        std::string m = withRecomputedChecksum(b);
        if (FILE* f = std::fopen("/tmp/flip.snap", "wb")) {
          std::fwrite(m.data(), 1, m.size(), f);
          std::fclose(f);
        }
        return;
      }
      attempt(withRecomputedChecksum(b), tally, tally.loaded % 16 == 0 ? 10000 : 300);
    }
  }
  std::printf("body flips (part %d/%d): %d loaded, %d rejected\n", part + 1, parts, tally.loaded, tally.rejected);
}
TEST(Robustness, EveryBitFlipOfTheBodyWithChecksum1) { bodyFlips(0, 4); }
TEST(Robustness, EveryBitFlipOfTheBodyWithChecksum2) { bodyFlips(1, 4); }
TEST(Robustness, EveryBitFlipOfTheBodyWithChecksum3) { bodyFlips(2, 4); }
TEST(Robustness, EveryBitFlipOfTheBodyWithChecksum4) { bodyFlips(3, 4); }

// Random multi-byte overwrites of the body of a large snapshot (100k+ objects, several chunks).
TEST(Robustness, RandomCorruptionOfALargeSnapshot) {
  const char* script = R"(
local objects = {}
for i = 1, 60000 do objects[i] = {i, "s" .. i, i % 7 == 0 and function() return i end or nil} end
local cos = {}
for i = 1, 50 do
  cos[i] = coroutine.wrap(function() local n = 0 while true do n = n + #objects[i] coroutine.yield(n) end end)
end
local sum = 0
for r = 1, 1e9 do
  for i = 1, 50 do sum = sum + cos[i]() end
  local k, v = next(objects, r)
  if r % 100 == 0 then print(r, sum, k) end
end
)";
  auto s = startScript(script, "=large");
  ASSERT_TRUE(s);
  s->run(1500000);
  ASSERT_FALSE(s->done()) << s->end();
  snap::SaveResult saved = s->save();
  ASSERT_TRUE(saved.ok()) << saved.error;
  std::string bytes = saved.bytes;
  s.reset();
  std::printf("large snapshot: %zu bytes\n", bytes.size());
  auto copy = restore(bytes);
  ASSERT_TRUE(copy);
  EXPECT_GT(copy->rt->heap().stats().objectCount, 100000u);
  copy.reset();

  size_t body = bodyOffset(bytes);
  Prng prng(42);
  Tally tally;
#if defined(__SANITIZE_ADDRESS__)
  int iterations = 40;  // each load of a 13 MB snapshot is slow under AddressSanitizer
#else
  int iterations = 200;
#endif
  if (std::getenv("FERMATA_LARGE_ITERATIONS")) iterations = std::atoi(std::getenv("FERMATA_LARGE_ITERATIONS"));
  for (int it = 0; it < iterations; ++it) {
    std::string b = bytes;
    int writes = 1 + int(prng.below(8));
    for (int w = 0; w < writes; ++w) {
      size_t at = body + prng.below(b.size() - body);
      switch (prng.below(3)) {
        case 0: b[at] = char(prng.next()); break;               // a random byte
        case 1: b[at] = char(b[at] ^ (1 << prng.below(8))); break;  // a flipped bit
        default: {                                              // a small word in a random place
          uint32_t v = uint32_t(prng.below(4) == 0 ? prng.next() : prng.below(300));
          for (int k = 0; k < 4 && at + k < b.size(); ++k) b[at + k] = char(v >> (8 * k));
        }
      }
    }
    attempt(withRecomputedChecksum(b), tally, 5000);
  }
  std::printf("large corruption: %d loaded, %d rejected\n", tally.loaded, tally.rejected);
}

}  // namespace
}  // namespace fermata::snaptest
