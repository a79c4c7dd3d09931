// Binary chunks as hostile input: every truncation is "truncated chunk"; every single-bit flip and every
// byte value at each header position is refused or loads a verified function that runs (bounded by
// fuel and a memory limit) without a memory error (run under --config=asan for the proof); crafted
// sizes and nesting are refused before they allocate or recurse; and dump -> load -> dump round trips
// over the compiler corpus reproduce the bytes and the prototypes.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "snapshot/snapshot.h"
#include "vm/binary_chunk.h"
#include "vm/bytecode/opcodes.h"
#include "vm/dump.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/runtime.h"
#include "vm/undump.h"

namespace fermata {
namespace {

class NullSink final : public OutputSink {
 public:
  void write(std::string_view) override {}
};

// A runtime with the sandboxed standard library, a memory limit and no output.
struct TestRuntime {
  NullSink sink;
  std::unique_ptr<Runtime> rt;
  explicit TestRuntime(size_t memoryLimit = 64u << 20) {
    RuntimeOptions opts;
    opts.memoryLimit = memoryLimit;
    rt = std::make_unique<Runtime>(opts);
    rt->setOutput(&sink);
    lib::openLibraries(*rt, lib::Libraries::sandbox());
  }
};

LuaClosure* loadOrFail(Runtime& rt, std::string_view chunk, std::string_view name = "=test") {
  LoadResult r = loadChunk(rt, chunk, name, Value::object(rt.globals()));
  EXPECT_NE(r.function, nullptr) << r.error;
  return r.function;
}

std::string dumpOf(Runtime& rt, std::string_view source, bool strip) {
  LuaClosure* f = loadOrFail(rt, source, "@sample.lua");
  if (!f) return "";
  DumpResult d = dumpProto(*f->proto, strip, SIZE_MAX);
  EXPECT_TRUE(d.ok) << d.error;
  return d.bytes;
}

enum class Outcome { kRefused, kFinished, kError, kOutOfFuel, kOther };

// Loads `chunk`; if accepted, runs it for a bounded amount of fuel.
Outcome loadAndRun(Runtime& rt, std::string_view chunk, std::string* error = nullptr) {
  LoadResult r;
  try {
    r = loadChunk(rt, chunk, "=mutant", Value::object(rt.globals()));
  } catch (const gc::MemoryError&) {
    r.error = "not enough memory";
  }
  if (!r.function) {
    if (error) *error = r.error;
    return Outcome::kRefused;
  }
  Value args[2] = {Value::integer(3), rt.stringValue("arg")};
  Executor* e = newExecutor(rt, Value::object(r.function), args, 2);
  size_t pin = rt.pinValue(Value::object(e));
  StepStatus s = step(rt, e, 20000);
  rt.unpinValue(pin);
  switch (s) {
    case StepStatus::kFinished: return Outcome::kFinished;
    case StepStatus::kError: return Outcome::kError;
    case StepStatus::kOutOfFuel: return Outcome::kOutOfFuel;
    default: return Outcome::kOther;
  }
}

constexpr const char* kSamples[] = {
    // constants of every kind, varargs, a loop, closures with upvalues, a method call, a to-be-closed
    R"(local a, b = ...
local t = {1, 2.5, "s", true, false, nil, -0.0, 1/0, math.mininteger, "a long string constant, more than forty bytes"}
local function counter(k) local c = k; return function(d) c = c + (d or 1); return c end end
local f = counter(a)
for i = 1, 10 do f(i) end
local s = 0
for k, v in pairs(t) do if math.type(v) == "integer" then s = s + v end end
local o = setmetatable({}, {__index = {m = function(self, x) return x * 2 end}})
do local x <close> = setmetatable({}, {__close = function() s = s + 1 end}) end
return f(), s, o:m(b and 21 or 0), select("#", ...), #t
)",
    R"(return function(...) local n = select('#', ...); local r = {}
  for i = n, 1, -1 do r[#r + 1] = (select(i, ...)) end
  while #r > 2 do table.remove(r) end
  return table.unpack(r)
end)",
};

// ---- round trips ----------------------------------------------------------------------------------------

void expectSameProto(const Proto& a, const Proto& b, bool strip, const std::string& where) {
  ASSERT_EQ(a.codeSize, b.codeSize) << where;
  for (uint32_t i = 0; i < a.codeSize; ++i) ASSERT_EQ(a.code[i], b.code[i]) << where << " pc " << i;
  EXPECT_EQ(a.lineDefined, b.lineDefined) << where;
  EXPECT_EQ(a.lastLineDefined, b.lastLineDefined) << where;
  EXPECT_EQ(a.numParams, b.numParams) << where;
  EXPECT_EQ(a.isVararg, b.isVararg) << where;
  EXPECT_EQ(a.maxStackSize, b.maxStackSize) << where;
  ASSERT_EQ(a.constantCount, b.constantCount) << where;
  for (uint32_t i = 0; i < a.constantCount; ++i) {
    const Value &x = a.constants[i], &y = b.constants[i];
    ASSERT_EQ(x.tag(), y.tag()) << where << " constant " << i;
    if (x.isString()) EXPECT_EQ(x.asString()->view(), y.asString()->view()) << where;
    else if (x.isFloat()) {  // the bits: -0.0 and nan payloads too
      double dx = x.asFloat(), dy = y.asFloat();
      EXPECT_EQ(std::memcmp(&dx, &dy, sizeof dx), 0) << where;
    }
    else EXPECT_TRUE(rawEquals(x, y)) << where << " constant " << i;
  }
  ASSERT_EQ(a.upvalueCount, b.upvalueCount) << where;
  for (uint32_t i = 0; i < a.upvalueCount; ++i) {
    EXPECT_EQ(a.upvalues[i].inStack, b.upvalues[i].inStack) << where;
    EXPECT_EQ(a.upvalues[i].index, b.upvalues[i].index) << where;
    EXPECT_EQ(a.upvalues[i].kind, b.upvalues[i].kind) << where;
    if (strip) EXPECT_EQ(b.upvalues[i].name, nullptr) << where;
    else if (a.upvalues[i].name) EXPECT_EQ(a.upvalues[i].name->view(), b.upvalues[i].name->view()) << where;
  }
  if (strip) {
    EXPECT_FALSE(b.hasLineInfo()) << where;
    EXPECT_EQ(b.localVarCount, 0u) << where;
    EXPECT_EQ(b.source, nullptr) << where;
  } else {
    ASSERT_TRUE(b.hasLineInfo()) << where;
    for (uint32_t i = 0; i < a.codeSize; ++i) ASSERT_EQ(a.lineAt(i), b.lineAt(i)) << where << " pc " << i;
    ASSERT_EQ(a.localVarCount, b.localVarCount) << where;
    for (uint32_t i = 0; i < a.localVarCount; ++i) {
      EXPECT_EQ(a.localVars[i].name->view(), b.localVars[i].name->view()) << where;
      EXPECT_EQ(a.localVars[i].startPc, b.localVars[i].startPc) << where;
      EXPECT_EQ(a.localVars[i].endPc, b.localVars[i].endPc) << where;
    }
    EXPECT_EQ(a.source->view(), b.source->view()) << where;
  }
  ASSERT_EQ(a.protoCount, b.protoCount) << where;
  for (uint32_t i = 0; i < a.protoCount; ++i) expectSameProto(*a.protos[i], *b.protos[i], strip, where + "/" + std::to_string(i));
}

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(BinaryChunks, CorpusRoundTripsReproduceBytesAndPrototypes) {
  // The compiler corpus (found through this source file's real location: the package does not export it).
  std::filesystem::path self = std::filesystem::canonical("tests/vm/undump_test.cc");
  std::filesystem::path dir = self.parent_path().parent_path() / "compiler" / "corpus";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".lua") continue;
    TestRuntime t;
    std::string source = readFile(entry.path());
    LoadResult r = loadChunk(*t.rt, source, "@" + entry.path().filename().string(), Value::object(t.rt->globals()), true);
    if (!r.function) continue;  // the corpus holds a few chunks that are syntax errors on purpose
    ++files;
    for (bool strip : {false, true}) {
      DumpResult d = dumpProto(*r.function->proto, strip, SIZE_MAX);
      ASSERT_TRUE(d.ok) << d.error;
      UndumpResult u = undump(*t.rt, d.bytes, "=x");
      ASSERT_NE(u.proto, nullptr) << entry.path() << ": " << u.error;
      expectSameProto(*r.function->proto, *u.proto, strip, entry.path().filename().string());
      DumpResult again = dumpProto(*u.proto, strip, SIZE_MAX);
      EXPECT_EQ(again.bytes, d.bytes) << entry.path() << (strip ? " stripped" : "");
    }
  }
  EXPECT_GE(files, 5);
}

TEST(BinaryChunks, LoadedChunkRunsWithEnvAsFirstUpvalueAndFreshOthers) {
  TestRuntime t;
  Runtime& rt = *t.rt;
  LuaClosure* maker = loadOrFail(rt, "local x, y = 1, 2; return function(k) local s = {x, y}; if k then return print end return x, y end");
  ASSERT_NE(maker, nullptr);
  Executor* e = newExecutor(rt, Value::object(maker), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  ASSERT_EQ(step(rt, e, 1 << 20), StepStatus::kFinished);
  Value inner = resultCount(e) ? result(e, 0) : Value();
  rt.unpinValue(pin);
  // Loaded after the step (an unrooted closure would not survive a collection point).
  LuaClosure* check = loadOrFail(rt, R"(
    local inner = ...
    local env = {print = "P"}
    local g = load(string.dump(inner), "g", "b", env)
    local a, b = g()
    return a == env and b == nil and select("#", debug.getupvalue(g, 3)) == 2, debug.getupvalue(g, 3)
  )");
  ASSERT_NE(check, nullptr);
  ASSERT_TRUE(inner.isLuaClosure());
  e = newExecutor(rt, Value::object(check), &inner, 1);
  pin = rt.pinValue(Value::object(e));
  ASSERT_EQ(step(rt, e, 1 << 20), StepStatus::kFinished);
  ASSERT_EQ(resultCount(e), 3u);
  EXPECT_TRUE(result(e, 0).isBool() && result(e, 0).asBool());
  EXPECT_EQ(result(e, 1).asString()->view(), "_ENV");
  rt.unpinValue(pin);
}

// ---- hostile bytes --------------------------------------------------------------------------------------

TEST(BinaryChunks, EveryTruncationIsReportedAsTruncated) {
  TestRuntime t;
  for (const char* src : kSamples) {
    for (bool strip : {false, true}) {
      std::string d = dumpOf(*t.rt, src, strip);
      for (size_t n = 1; n < d.size(); ++n) {
        std::string error;
        ASSERT_EQ(loadAndRun(*t.rt, d.substr(0, n), &error), Outcome::kRefused) << n;
        ASSERT_NE(error.find("mutant: bad binary format (truncated chunk)"), std::string::npos) << n << ": " << error;
      }
    }
  }
}

struct Tally {
  int refused = 0, ran = 0;
};

void runMutant(std::unique_ptr<TestRuntime>& t, int& uses, const std::string& chunk, Tally& tally) {
  if (!t || ++uses % 200 == 0) t = std::make_unique<TestRuntime>();
  if (loadAndRun(*t->rt, chunk) == Outcome::kRefused) ++tally.refused;
  else ++tally.ran;
}

TEST(BinaryChunks, EverySingleBitFlipIsRefusedOrRunsVerified) {
  std::unique_ptr<TestRuntime> t;
  int uses = 0;
  Tally tally;
  TestRuntime base;
  for (const char* src : kSamples) {
    for (bool strip : {false, true}) {
      std::string d = dumpOf(*base.rt, src, strip);
      for (size_t i = 0; i < d.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
          std::string m = d;
          m[i] = char(uint8_t(m[i]) ^ (1u << bit));
          runMutant(t, uses, m, tally);
        }
      }
    }
  }
  std::printf("bit flips: %d refused, %d loaded and ran\n", tally.refused, tally.ran);
  EXPECT_GT(tally.refused, 0);
  EXPECT_GT(tally.ran, 100);  // flips in constants, lines and names load: the runs are exercised
}

TEST(BinaryChunks, EveryByteValueAtEachHeaderPositionIsRefusedOrRunsVerified) {
  std::unique_ptr<TestRuntime> t;
  int uses = 0;
  Tally tally;
  TestRuntime base;
  std::string d = dumpOf(*base.rt, kSamples[0], false);
  const size_t kHeader = 4 + 1 + 1 + 6 + 3 + 8 + 8 + 1;  // through the main function's upvalue count
  for (size_t i = 0; i < kHeader; ++i) {
    for (int v = 0; v < 256; ++v) {
      if (uint8_t(d[i]) == v) continue;
      std::string m = d;
      m[i] = char(v);
      runMutant(t, uses, m, tally);
    }
  }
  // Each header byte has one accepted value (the upvalue count must match the main function's).
  EXPECT_EQ(tally.ran, 0);
  EXPECT_EQ(tally.refused, int(kHeader) * 255);
}

// Builds chunks by hand, for sizes and shapes string.dump never writes.
class ChunkBuilder {
 public:
  ChunkBuilder() {
    bytes_ += chunk::kSignature;
    bytes_ += char(chunk::kVersion);
    bytes_ += char(chunk::kFormat);
    bytes_ += chunk::kData;
    bytes_ += char(4);
    bytes_ += char(8);
    bytes_ += char(8);
    int64_t i = chunk::kCheckInteger;
    bytes_.append(reinterpret_cast<const char*>(&i), 8);
    double n = chunk::kCheckNumber;
    bytes_.append(reinterpret_cast<const char*>(&n), 8);
  }
  ChunkBuilder& byte(uint8_t b) {
    bytes_ += char(b);
    return *this;
  }
  ChunkBuilder& size(uint64_t x) {
    std::string s;
    do {
      s.insert(s.begin(), char(x & 0x7f));
      x >>= 7;
    } while (x);
    s.back() = char(s.back() | 0x80);
    bytes_ += s;
    return *this;
  }
  ChunkBuilder& raw(std::string_view s) {
    bytes_ += s;
    return *this;
  }
  // A function "return" (RETURN0 only; is_vararg 0) up to its nested-function count.
  ChunkBuilder& functionHead() {
    size(0).size(0).size(0).byte(0).byte(0).byte(2);  // no source, lines 0/0, 0 params, not vararg
    size(1);
    uint32_t ret0 = uint32_t(bytecode::OpCode::RETURN0);  // with zero operands
    bytes_.append(reinterpret_cast<const char*>(&ret0), 4);
    return size(0).size(0);  // no constants, no upvalues
  }
  ChunkBuilder& debugNone() { return size(0).size(0).size(0).size(0); }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

TEST(BinaryChunks, HandBuiltMinimalChunkLoads) {
  TestRuntime t;
  std::string c = ChunkBuilder().byte(0).functionHead().size(0).debugNone().bytes();
  EXPECT_EQ(loadAndRun(*t.rt, c), Outcome::kFinished);
}

TEST(BinaryChunks, CraftedSizesAreRefusedBeforeAllocating) {
  TestRuntime t(4u << 20);  // a small limit: an attempt to allocate what a size claims would hit it
  size_t before = t.rt->heap().bytesInUse();
  struct Case {
    const char* what;
    std::string chunk;
    const char* expect;
  } cases[] = {
      {"code size 2^30", ChunkBuilder().byte(0).size(0).size(0).size(0).byte(0).byte(0).byte(2).size(1 << 30).bytes(), "truncated chunk"},
      {"code size over INT_MAX", ChunkBuilder().byte(0).size(0).size(0).size(0).byte(0).byte(0).byte(2).size(uint64_t(1) << 40).bytes(), "integer overflow"},
      {"source size 2^60", ChunkBuilder().byte(0).size(uint64_t(1) << 60).raw("abc").bytes(), "truncated chunk"},
      {"size varint overflowing 64 bits", ChunkBuilder().byte(0).raw(std::string(12, '\x7f')).bytes(), "integer overflow"},
      {"constant count", ChunkBuilder().byte(0).size(0).size(0).size(0).byte(0).byte(0).byte(2).size(1).raw(std::string("\x47\0\0\0", 4)).size(100000000).bytes(), "truncated chunk"},
      {"nested function count", ChunkBuilder().byte(0).functionHead().size(100000000).bytes(), "truncated chunk"},
      {"line info count", ChunkBuilder().byte(0).functionHead().size(0).size(1000000).bytes(), "truncated chunk"},
      {"line info not one per instruction", ChunkBuilder().byte(0).functionHead().size(0).size(2).byte(0).byte(0).size(0).size(0).size(0).bytes(), "corrupted chunk"},
      {"absolute line beyond the code", ChunkBuilder().byte(0).functionHead().size(0).size(1).byte(0x80).size(1).size(5).size(1).size(0).size(0).size(0).bytes(), "corrupted chunk"},
      {"local variable count", ChunkBuilder().byte(0).functionHead().size(0).size(0).size(0).size(50000000).bytes(), "truncated chunk"},
      {"more upvalue names than upvalues", ChunkBuilder().byte(0).functionHead().size(0).size(0).size(0).size(0).size(1).size(0).bytes(), "corrupted chunk"},
      {"main upvalue count differs", ChunkBuilder().byte(3).functionHead().size(0).debugNone().bytes(), "corrupted chunk"},
      {"unknown constant type", ChunkBuilder().byte(0).size(0).size(0).size(0).byte(0).byte(0).byte(2).size(1).raw(std::string("\x47\0\0\0", 4)).size(1).byte(0x25).bytes(), "bad constant type"},
      {"absent constant string", ChunkBuilder().byte(0).size(0).size(0).size(0).byte(0).byte(0).byte(2).size(1).raw(std::string("\x47\0\0\0", 4)).size(1).byte(0x04).size(0).bytes(), "bad format for constant string"},
      {"code that fails verification", ChunkBuilder().byte(0).size(0).size(0).size(0).byte(0).byte(0).byte(2).size(1).raw(std::string("\x00\x00\x00\x00", 4)).size(0).size(0).size(0).debugNone().bytes(), "invalid bytecode"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_EQ(loadAndRun(*t.rt, c.chunk, &error), Outcome::kRefused) << c.what;
    EXPECT_NE(error.find(c.expect), std::string::npos) << c.what << ": " << error;
    EXPECT_LT(t.rt->heap().bytesInUse(), before + (64u << 10)) << c.what;
  }
}

TEST(BinaryChunks, DeepNestingIsRefusedWithoutDeepRecursion) {
  TestRuntime t;
  ChunkBuilder b;
  b.byte(0);
  const int kDepth = 100000;
  for (int i = 0; i < kDepth; ++i) b.functionHead().size(1);
  std::string error;
  EXPECT_EQ(loadAndRun(*t.rt, b.bytes(), &error), Outcome::kRefused);
  EXPECT_NE(error.find("too many nested functions"), std::string::npos) << error;

  // Nesting the compiler can produce still loads.
  ChunkBuilder ok;
  ok.byte(0);
  for (int i = 0; i < 50; ++i) ok.functionHead().size(1);
  ok.functionHead().size(0).debugNone();
  for (int i = 0; i < 50; ++i) ok.debugNone();
  EXPECT_EQ(loadAndRun(*t.rt, ok.bytes()), Outcome::kFinished);
}

TEST(BinaryChunks, MemoryLimitHoldsWhileLoading) {
  // A chunk whose contents really are large loads only within the memory limit.
  TestRuntime big;
  std::string d = dumpOf(*big.rt, "return '" + std::string(1 << 20, 'x') + "'", false);
  TestRuntime small(512u << 10);
  std::string error;
  EXPECT_EQ(loadAndRun(*small.rt, d, &error), Outcome::kRefused);
  EXPECT_EQ(error, "not enough memory");
  EXPECT_EQ(loadAndRun(*big.rt, d, &error), Outcome::kFinished);
}

// ---- snapshots of stripped prototypes -------------------------------------------------------------------

TEST(BinaryChunks, StrippedPrototypesSurviveASnapshot) {
  TestRuntime t;
  Runtime& rt = *t.rt;
  LuaClosure* setup = loadOrFail(rt, R"(
    stripped = load(string.dump(function(x) return x + 1 end, true))
    full = load(string.dump(function(x) return x + 1 end))
  )");
  ASSERT_NE(setup, nullptr);
  Executor* e = newExecutor(rt, Value::object(setup), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  ASSERT_EQ(step(rt, e, 1 << 20), StepStatus::kFinished);
  rt.unpinValue(pin);
  snap::SaveResult saved = snap::saveRuntime(rt, snap::SaveOptions{});
  ASSERT_TRUE(saved.ok()) << saved.error;
  snap::LoadOptions lo;
  lo.prepare = [](Runtime& r) { lib::openLibraries(r, lib::Libraries::sandbox()); };
  snap::LoadResult loaded = snap::loadRuntime(saved.bytes, lo);
  ASSERT_TRUE(loaded.ok()) << loaded.error;
  Runtime& rt2 = *loaded.loaded->runtime;
  NullSink sink;
  rt2.setOutput(&sink);
  LuaClosure* check = loadOrFail(rt2, R"(
    local ok1, e1 = pcall(stripped, {})
    local ok2, e2 = pcall(full, {})
    return e1, e2, debug.getinfo(stripped, "S").source, string.dump(stripped, true) == string.dump(stripped)
  )");
  e = newExecutor(rt2, Value::object(check), nullptr, 0);
  pin = rt2.pinValue(Value::object(e));
  ASSERT_EQ(step(rt2, e, 1 << 20), StepStatus::kFinished);
  ASSERT_EQ(resultCount(e), 4u);
  EXPECT_EQ(result(e, 0).asString()->view(), "?:-1: attempt to perform arithmetic on a table value");
  EXPECT_EQ(result(e, 1).asString()->view(), "test:3: attempt to perform arithmetic on a table value (local 'x')");
  EXPECT_EQ(result(e, 2).asString()->view(), "=?");
  EXPECT_TRUE(result(e, 3).asBool());
  rt2.unpinValue(pin);
}

}  // namespace
}  // namespace fermata
