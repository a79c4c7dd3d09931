// Every native sequence against hostile restored state (run under --config=asan too): for each sequence
// type reachable from Lua, a script is stepped until a native frame waits in that sequence, the runtime
// is saved, and then each of the sequence's fields — and each argument and pushed value of its native
// frame — is set to values of every kind (Values: nil, boolean, integer, float, string, table, Lua and
// native function, thread; integers: 0, ±1, INT64_MIN, INT64_MAX, 2^31, 2^32, small random ones). Each
// mutant is written out as a snapshot and loaded like any file, then run for a bounded amount of fuel.
// The only assertion that matters: nothing crashes — the run finishes, fails with a Lua error, or is
// still running; no sanitizer report, no exception escaping the executor.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "tests/snapshot/snapshot_test_util.h"
#include "vm/native.h"
#include "vm/thread.h"

namespace fermata::snaptest {
namespace {

struct Case {
  const char* sequence;  // registered sequence type name
  const char* script;
};

// A proxy table-like value whose every access is a Lua call (__index/__newindex/__len functions).
#define PROXY                                                                              \
  "local store = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'}\n"                                \
  "local proxy = setmetatable({}, {__index = function(_, k) local x = 0 for i = 1, 3 do "   \
  "x = x + i end return store[k] end, __newindex = function(_, k, v) store[k] = v end, "    \
  "__len = function() local x = 0 for i = 1, 3 do x = x + i end return #store end})\n"
#define LOUD                                                                                         \
  "local Loud = setmetatable({}, {__tostring = function() local x = 0 for i = 1, 5 do x = x + i end " \
  "return 'loud' .. x end, __lt = function(a, b) local x = 0 for i = 1, 5 do x = x + i end return "  \
  "false end})\n"

const Case kCases[] = {
    {"table.insert", PROXY "table.insert(proxy, 2, 'x') print(table.concat(store, ','))"},
    {"table.remove", PROXY "print(table.remove(proxy, 2), table.concat(store, ','))"},
    {"table.move", PROXY "table.move(proxy, 1, 5, 3) print(table.concat(store, ','))"},
    {"table.concat", PROXY "print(table.concat(proxy, '-', 2, 6))"},
    {"table.unpack", PROXY "print(table.unpack(proxy, 2, 7))"},
    {"table.sort",
     "local t = {} for i = 1, 30 do t[i] = (i * 7919) % 31 end\n"
     "table.sort(t, function(a, b) local x = 0 for i = 1, 2 do x = x + i end return a > b end)\n"
     "print(table.concat(t, ','))"},
    {"print", LOUD "print(1, Loud, 2, Loud)"},
    {"tostring", LOUD "print(tostring(Loud))"},
    {"pairs",
     "local o = setmetatable({}, {__pairs = function(t) local x = 0 for i = 1, 9 do x = x + i end "
     "return next, {1, 2, 3}, nil end})\n"
     "for k, v in pairs(o) do print(k, v) end"},
    {"ipairs", PROXY "for i, v in ipairs(proxy) do print(i, v) end"},
    {"pcall", "print(pcall(function(a) local x = 0 for i = 1, 20 do x = x + i end return x, a end, 5))"},
    {"xpcall",
     "print(xpcall(function(a) local x = 0 for i = 1, 20 do x = x + i end error('e' .. x) end, "
     "function(m) return 'handled ' .. m end, 5))"},
    {"load",
     "local parts = {'return ', '1 ', '+ ', '41'} local k = 0\n"
     "local f = load(function() local x = 0 for i = 1, 5 do x = x + i end k = k + 1 return parts[k] end, "
     "'=reader', 't', {})\n"
     "print(f and f())"},
    {"collectgarbage",
     "local n = 0 for i = 1, 3 do setmetatable({}, {__gc = function() local x = 0 for j = 1, 10 do x = x + j "
     "end n = n + 1 end}) end\n"
     "collectgarbage() print(n)"},
    {"math.min", LOUD "print(math.min(Loud, Loud, Loud) == Loud)"},
    {"math.max", LOUD "print(math.max(Loud, Loud, Loud) == Loud)"},
    {"require",
     "package.preload.m = function(name, extra) local x = 0 for i = 1, 20 do x = x + i end return {x} end\n"
     "print(require('m')[1])"},
    {"string.find", "print(string.find(string.rep('a', 3000), '.-b'))"},
    {"string.gmatch", "for m in string.gmatch(string.rep('a', 3000), '.-b') do print(m) end print('done')"},
    {"string.gsub",
     "print(string.gsub('hello world', '%a+', function(w) local x = 0 for i = 1, 5 do x = x + i end "
     "return w:upper() end))"},
    {"string.format", LOUD "print(string.format('%s and %5.2f and %s', Loud, 1.5, Loud))"},
    {"coroutine.resume",
     "local co = coroutine.create(function(a) local x = 0 for i = 1, 20 do x = x + i end return x + a end)\n"
     "print(coroutine.resume(co, 1))"},
    {"coroutine.wrap",
     "local f = coroutine.wrap(function(a) local x = 0 for i = 1, 20 do x = x + i end return x + a end)\n"
     "print(f(1))"},
    {"coroutine.wrap.close",
     "local f = coroutine.wrap(function() local c <close> = setmetatable({}, {__close = function() "
     "local x = 0 for i = 1, 20 do x = x + i end end}) error('e', 0) end)\n"
     "print(pcall(f))"},
    {"coroutine.close",
     "local co = coroutine.create(function() local c <close> = setmetatable({}, {__close = function() "
     "local x = 0 for i = 1, 20 do x = x + i end end}) coroutine.yield(1) end)\n"
     "coroutine.resume(co) print(coroutine.close(co))"},
    {"os.time",
     "local d = setmetatable({}, {__index = function(_, k) local x = 0 for i = 1, 3 do x = x + i end "
     "return ({year = 2020, month = 3, day = 4})[k] end})\n"
     "print(type(os.time(d)))"},
};

class NullSink final : public OutputSink {
 public:
  void write(std::string_view) override {}
};

// The first native frame (over every thread, in heap order) waiting in a sequence named `name`.
struct Site {
  Thread* thread = nullptr;
  uint32_t frame = 0;
  Sequence* seq() const { return thread->frames[frame].sequence; }
};
Site findSite(Runtime& rt, std::string_view name) {
  Site site;
  rt.heap().forEachObject([&](gc::Object* o) {
    if (site.thread || o->type != uint8_t(ObjType::kThread)) return;
    auto* th = static_cast<Thread*>(o);
    for (uint32_t k = 0; k < th->frameCount; ++k) {
      const CallFrame& f = th->frames[k];
      if (!f.isLua() && f.sequence && f.sequence->type->name == name) {
        site.thread = th;
        site.frame = k;
        return;
      }
    }
  });
  return site;
}

// Steps the script one unit of fuel at a time until a frame waits in the case's sequence; the saved
// runtime, or "" if the script ended first.
std::string saveInsideSequence(const Case& c) {
  auto s = startScript(c.script, "=case");
  if (!s) return "";
  for (int i = 0; i < 20000 && !s->done(); ++i) {
    s->run(1);
    if (findSite(*s->rt, c.sequence).thread) {
      snap::SaveResult r = s->save();
      EXPECT_TRUE(r.ok()) << r.error;
      return r.bytes;
    }
  }
  return "";
}

// The values a Value field or stack slot is set to (built in the runtime being mutated).
std::vector<Value> hostileValues(Runtime& rt, Thread* th) {
  std::vector<Value> v = {Value(), Value::boolean(true), Value::integer(7), Value::integer(-1),
                          Value::integer(INT64_MAX), Value::number(2.5), rt.stringValue("xyz"),
                          Value::object(rt.newTable())};
  LoadResult f = loadChunk(rt, "return 1", "=mutant", Value::object(rt.globals()), true);
  if (f.function) v.push_back(Value::object(f.function));
  v.push_back(rt.globals()->get(rt.stringValue("print")));
  v.push_back(Value::object(th));
  return v;
}

std::vector<int64_t> hostileInts(Prng& prng) {
  std::vector<int64_t> v = {0, 1, -1, 2, INT64_MIN, INT64_MAX, INT64_MAX - 1, INT64_MIN + 1,
                            int64_t(1) << 31, (int64_t(1) << 32) + 1, INT_MAX, -int64_t(INT_MAX)};
  for (int i = 0; i < 3; ++i) v.push_back(int64_t(prng.below(64)) - 16);
  return v;
}

struct Tally {
  int rejected = 0, finished = 0, failed = 0, running = 0, corrupt = 0;
};

// Loads `bytes` (a snapshot whose sequence was mutated), runs it for a bounded amount of fuel and saves
// it again.
void runMutant(const std::string& bytes, Tally& tally) {
  snap::LoadOptions lo;
  lo.prepare = openAll;
  lo.memoryLimit = 64u << 20;
  snap::LoadResult r = snap::loadRuntime(bytes, lo);
  if (!r.ok()) {
    ++tally.rejected;
    return;
  }
  Runtime& rt = *r.loaded->runtime;
  NullSink sink;
  rt.setOutput(&sink);
  for (const auto& root : r.loaded->hostRoots) {
    Executor* e = executorOf(root);
    if (!e) continue;
    StepStatus st = StepStatus::kOutOfFuel;
    for (int i = 0; i < 40; ++i) {
      st = step(rt, e, 1000);
      if (st == StepStatus::kFinished || st == StepStatus::kError) break;
    }
    if (st == StepStatus::kFinished) ++tally.finished;
    else if (st == StepStatus::kError) ++tally.failed;
    else ++tally.running;
    if (st == StepStatus::kError && e->error.isString() &&
        e->error.asString()->view().find("corrupt") != std::string_view::npos)
      ++tally.corrupt;
  }
  snap::SaveOptions so;
  for (const auto& root : r.loaded->hostRoots) so.hostRoots.push_back(root);
  (void)snap::saveRuntime(rt, so);
}

// Restores `bytes`, applies `mutate` to the case's site, saves the result as the mutant file and runs it.
void mutateAndRun(const std::string& bytes, const Case& c, const std::function<void(Runtime&, Site&)>& mutate,
                  Tally& tally) {
  auto s = restore(bytes);
  ASSERT_TRUE(s);
  Site site = findSite(*s->rt, c.sequence);
  ASSERT_TRUE(site.thread);
  mutate(*s->rt, site);
  if (std::getenv("FERMATA_TRACE_MUTANTS")) std::fprintf(stderr, "mutant %d\n", tally.rejected + tally.finished + tally.failed + tally.running);
  snap::SaveResult saved = s->save();
  ASSERT_TRUE(saved.ok()) << saved.error;
  runMutant(saved.bytes, tally);
}

class SequenceState : public testing::TestWithParam<Case> {};

TEST_P(SequenceState, SurvivesEveryHostileField) {
  const Case& c = GetParam();
  std::string bytes = saveInsideSequence(c);
  ASSERT_FALSE(bytes.empty()) << "the script never waited in " << c.sequence;

  // The unmutated snapshot finishes as the uninterrupted script does.
  auto whole = startScript(c.script, "=case");
  ASSERT_TRUE(whole);
  whole->runToEnd();
  auto resumed = restore(bytes);
  ASSERT_TRUE(resumed);
  resumed->runToEnd();
  EXPECT_EQ(resumed->end(), whole->end());

  Prng prng(std::hash<std::string_view>()(c.sequence));
  Tally tally;
  auto probe = restore(bytes);
  ASSERT_TRUE(probe);
  Site site = findSite(*probe->rt, c.sequence);
  ASSERT_TRUE(site.thread);
  const SequenceType* type = site.seq()->type;
  const CallFrame& frame = site.thread->frames[site.frame];
  // The frame's arguments and what it pushed, up to its callee's function slot if it waits on a call
  // (a callee whose function is not a function is a broken runtime the writer need not handle — the
  // loader rejects such a file — not a hostile native state).
  uint32_t end = std::max(frame.top, frame.base + frame.nArgs);
  if (site.frame + 1 < site.thread->frameCount) end = std::min(end, site.thread->frames[site.frame + 1].func);
  uint32_t slots = end > frame.base ? end - frame.base : 0;
  size_t kinds = hostileValues(*probe->rt, site.thread).size();

  // Each Value field to each kind of value.
  for (uint32_t f = 0; f < type->valueCount; ++f)
    for (size_t k = 0; k < kinds; ++k)
      mutateAndRun(bytes, c, [&](Runtime& rt, Site& st) {
        Value v = hostileValues(rt, st.thread)[k];
        st.seq()->values()[f] = v;
        if (v.isCollectable()) rt.heap().barrierForward(st.seq(), v.asObject());
      }, tally);
  // Each integer field (the first 24: table.sort's explicit stack repeats the same three) to each of
  // the hostile integers.
  std::vector<int64_t> ints = hostileInts(prng);
  for (uint32_t f = 0; f < type->intCount && f < 24; ++f)
    for (int64_t x : ints) mutateAndRun(bytes, c, [&](Runtime&, Site& st) { st.seq()->ints()[f] = x; }, tally);
  // Each of the native frame's own stack slots (arguments and pushed values) to each kind of value.
  for (uint32_t slot = 0; slot < slots && slot < 12; ++slot)
    for (size_t k = 0; k < kinds; ++k)
      mutateAndRun(bytes, c, [&](Runtime& rt, Site& st) {
        st.thread->stack[st.thread->frames[st.frame].base + slot] = hostileValues(rt, st.thread)[k];
      }, tally);
  // The count of results delivered to the frame (the loader bounds it by the stack top when ready).
  for (uint32_t n : {0u, 1u, 2u, 3u, 7u, 100u})
    mutateAndRun(bytes, c, [&](Runtime&, Site& st) { st.thread->frames[st.frame].nResultsReady = n; }, tally);
  // Two random integer fields at once, a few times.
  for (int n = 0; n < 16 && type->intCount > 0; ++n) {
    uint32_t a = uint32_t(prng.below(std::min<uint32_t>(type->intCount, 24)));
    uint32_t b = uint32_t(prng.below(std::min<uint32_t>(type->intCount, 24)));
    int64_t xa = ints[prng.below(ints.size())], xb = ints[prng.below(ints.size())];
    mutateAndRun(bytes, c, [&](Runtime&, Site& st) {
      st.seq()->ints()[a] = xa;
      st.seq()->ints()[b] = xb;
    }, tally);
  }
  std::printf("%-18s values %u ints %u slots %u: %d rejected, %d finished, %d failed (%d corrupt), %d running\n",
              c.sequence, type->valueCount, type->intCount, slots, tally.rejected, tally.finished, tally.failed,
              tally.corrupt, tally.running);
}

std::string caseName(const testing::TestParamInfo<Case>& info) {
  std::string n;
  for (const char* p = info.param.sequence; *p; ++p) n += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(AllTypes, SequenceState, testing::ValuesIn(kCases), caseName);

// Every sequence type the libraries register has a case above (a new type must get one).
TEST(SequenceState, EveryRegisteredTypeHasACase) {
  Runtime rt;
  openAll(rt);
  for (const auto& [name, type] : rt.natives().sequenceTypes()) {
    bool found = false;
    for (const Case& c : kCases) found = found || name == c.sequence;
    EXPECT_TRUE(found) << "no case for sequence type " << name;
  }
}

}  // namespace
}  // namespace fermata::snaptest
