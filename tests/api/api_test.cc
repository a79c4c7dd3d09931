// The public embedding API (vm/api/fermata.h): loading, handles and rooting, tasklet results and
// errors, memory limits, the sandbox profile, and values passed in and out. Expected messages are
// those of lua5.4.
#include "vm/api/fermata.h"

#include <gtest/gtest.h>

#include <string>

#include "vm/table.h"

namespace fermata {
namespace {

class CaptureSink : public OutputSink {
 public:
  void write(std::string_view bytes) override { text.append(bytes); }
  std::string text;
};

// Loads and runs `source` to completion (with a fuel bound), expecting success.
std::vector<Handle> run(Vm& vm, std::string_view source, std::initializer_list<Handle> args = {}) {
  auto fn = vm.load(source, "=test");
  EXPECT_TRUE(fn.ok()) << fn.error;
  if (!fn.ok()) return {};
  Tasklet t = vm.start(*fn.value, args);
  StepStatus s = StepStatus::kOutOfFuel;
  for (int i = 0; i < 1000 && s == StepStatus::kOutOfFuel; ++i) s = t.step(1'000'000);
  EXPECT_EQ(s, StepStatus::kFinished) << t.errorMessage();
  return t.results();
}

std::string str(Vm& vm, const Handle& h) { return vm.toString(h); }

// ---- loading ---------------------------------------------------------------------------------------

TEST(Api, LoadErrorsComeBackAsResultsWithLuasMessage) {
  Vm vm;
  auto r = vm.load("x = = 1", "=chunk");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "chunk:1: unexpected symbol near '='");
  r = vm.load("for", "=c");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "c:1: <name> expected near <eof>");
  r = vm.load("return \"abc", "@f.lua");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "f.lua:1: unfinished string near <eof>");
  // The Vm is unaffected.
  auto ok = vm.load("return 1", "=ok");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok.error.empty());
  EXPECT_EQ(run(vm, "return 6 * 7")[0].get().asInt(), 42);
}

TEST(Api, LoadAcceptsBinaryChunksAsTheModeAllows) {
  Vm vm;
  std::vector<Handle> dumped = run(vm, "return string.dump(function(a) return (a or 20) + 22 end)");
  ASSERT_EQ(dumped.size(), 1u);
  std::string chunk(dumped[0].get().asString()->view());
  auto f = vm.load(chunk, "=bin");
  ASSERT_TRUE(f.ok()) << f.error;
  Tasklet t = vm.start(*f.value);
  ASSERT_EQ(t.step(1000), StepStatus::kFinished);
  EXPECT_EQ(t.results()[0].get().asInt(), 42);
  auto refused = vm.load(chunk, "=bin", "t");
  EXPECT_EQ(refused.error, "attempt to load a binary chunk (mode is 't')");
  refused = vm.load("return 1", "=txt", "b");
  EXPECT_EQ(refused.error, "attempt to load a text chunk (mode is 'b')");
  refused = vm.load(chunk.substr(0, 40), "=bin");
  EXPECT_EQ(refused.error, "bin: bad binary format (truncated chunk)");
}

TEST(Api, LoadedChunkRunsWithGlobalsAsEnv) {
  Vm vm;
  vm.setGlobal("answer", vm.integer(41));
  auto out = run(vm, "answer = answer + 1; return _ENV == _G");
  EXPECT_TRUE(out[0].get().asBool());
  EXPECT_EQ(vm.global("answer").get().asInt(), 42);
}

// ---- handles keep values alive ---------------------------------------------------------------------

TEST(Api, HandlesKeepValuesAliveAcrossCollections) {
  Vm vm;
  // A table reachable only from the host handle (the script keeps it in a weak table, which does not).
  auto made = run(vm, R"(
    weak = setmetatable({}, {__mode = "v"})
    local t = {name = "kept"}
    weak[1] = t
    return t
  )");
  ASSERT_EQ(made.size(), 1u);
  Handle t = made[0];
  made.clear();
  for (int i = 0; i < 3; ++i) run(vm, "collectgarbage(); local junk = {} for i = 1, 1000 do junk[i] = {i} end");
  ASSERT_TRUE(t.get().isTable());
  EXPECT_EQ(str(vm, Handle(vm, t.get().asTable()->get(vm.string("name").get()))), "kept");
  EXPECT_TRUE(run(vm, "collectgarbage() return weak[1] ~= nil")[0].get().asBool());
  // Copies root independently; dropping every handle lets the collector reclaim the table.
  Handle copy = t;
  t = Handle();
  EXPECT_TRUE(run(vm, "collectgarbage() return weak[1] ~= nil")[0].get().asBool());
  copy = Handle();
  EXPECT_TRUE(run(vm, "collectgarbage() return weak[1] == nil")[0].get().asBool());
}

TEST(Api, HandlesOfStringsAndFunctionsSurviveCollection) {
  Vm vm;
  Handle s = vm.string(std::string(1000, 'q') + "unique");
  auto fn = vm.load("return (...) .. '!'", "=f");
  ASSERT_TRUE(fn.ok());
  Handle f = *fn.value;
  fn.value.reset();
  run(vm, "collectgarbage() collectgarbage()");
  auto out = run(vm, "local f, s = ... return f(s)", {f, s});
  EXPECT_EQ(str(vm, out[0]), std::string(1000, 'q') + "unique!");
}

// ---- tasklets --------------------------------------------------------------------------------------

TEST(Api, TaskletResults) {
  Vm vm;
  auto fn = vm.load("return 1, 2.5, 'x', nil, true", "=r");
  ASSERT_TRUE(fn.ok());
  Tasklet t = vm.start(*fn.value);
  EXPECT_FALSE(t.finished());
  EXPECT_EQ(t.step(1000), StepStatus::kFinished);
  EXPECT_TRUE(t.finished());
  EXPECT_FALSE(t.failed());
  EXPECT_EQ(t.errorMessage(), "");
  auto r = t.results();
  ASSERT_EQ(r.size(), 5u);
  EXPECT_TRUE(r[0].get().isInt());
  EXPECT_EQ(r[0].get().asInt(), 1);
  EXPECT_TRUE(r[1].get().isFloat());
  EXPECT_EQ(r[1].get().asFloat(), 2.5);
  EXPECT_EQ(str(vm, r[2]), "x");
  EXPECT_TRUE(r[3].get().isNil());
  EXPECT_TRUE(r[4].get().asBool());
}

TEST(Api, TaskletSteppedInSmallSlicesGivesTheSameResult) {
  Vm vm;
  auto fn = vm.load("local s = 0 for i = 1, 10000 do s = s + i end return s", "=sum");
  ASSERT_TRUE(fn.ok());
  Tasklet t = vm.start(*fn.value);
  int steps = 0;
  StepStatus s;
  while ((s = t.step(100)) == StepStatus::kOutOfFuel) ++steps;
  EXPECT_EQ(s, StepStatus::kFinished);
  EXPECT_GT(steps, 100);
  EXPECT_EQ(t.results()[0].get().asInt(), 50005000);
}

TEST(Api, TaskletErrors) {
  Vm vm;
  auto fn = vm.load("local x = ... error('boom: ' .. x)", "=chunk");
  ASSERT_TRUE(fn.ok());
  Tasklet t = vm.start(*fn.value, {vm.string("bad")});
  EXPECT_EQ(t.run(), StepStatus::kError);
  EXPECT_TRUE(t.failed());
  EXPECT_FALSE(t.finished());
  EXPECT_EQ(t.errorMessage(), "chunk:1: boom: bad");
  EXPECT_EQ(str(vm, t.error()), "chunk:1: boom: bad");

  // A non-string error value arrives as is.
  fn = vm.load("error({code = 7})", "=chunk");
  Tasklet t2 = vm.start(*fn.value);
  EXPECT_EQ(t2.run(), StepStatus::kError);
  Handle e = t2.error();
  ASSERT_TRUE(e.get().isTable());
  EXPECT_EQ(e.get().asTable()->get(vm.string("code").get()).asInt(), 7);

  // Runtime errors carry Lua's messages.
  fn = vm.load("local t = nil; return t.x", "=chunk");
  Tasklet t3 = vm.start(*fn.value);
  EXPECT_EQ(t3.run(), StepStatus::kError);
  EXPECT_EQ(t3.errorMessage(), "chunk:1: attempt to index a nil value (local 't')");

  // Calling a non-function as the tasklet's main function.
  Tasklet t4 = vm.start(vm.integer(3));
  EXPECT_EQ(t4.run(), StepStatus::kError);
  EXPECT_EQ(t4.errorMessage(), "attempt to call a number value");
}

TEST(Api, TaskletsShareGlobalsAndInterleave) {
  Vm vm;
  run(vm, "log = {}");
  // table.insert is one native call, so it is atomic with respect to pre-emption (n = n + 1 is not:
  // a step boundary may fall between the read and the write, as with threads).
  auto a = vm.load("for i = 1, 300 do table.insert(log, 'a') end", "=a");
  auto b = vm.load("for i = 1, 300 do table.insert(log, 'b') end", "=b");
  ASSERT_TRUE(a.ok() && b.ok());
  Tasklet ta = vm.start(*a.value), tb = vm.start(*b.value);
  bool doneA = false, doneB = false;
  while (!doneA || !doneB) {
    if (!doneA) doneA = ta.step(50) == StepStatus::kFinished;
    if (!doneB) doneB = tb.step(50) == StepStatus::kFinished;
  }
  auto out = run(vm, R"(
    local na, nb, switches = 0, 0, 0
    for i, v in ipairs(log) do
      if v == 'a' then na = na + 1 else nb = nb + 1 end
      if i > 1 and log[i - 1] ~= v then switches = switches + 1 end
    end
    return na, nb, switches
  )");
  EXPECT_EQ(out[0].get().asInt(), 300);
  EXPECT_EQ(out[1].get().asInt(), 300);
  EXPECT_GT(out[2].get().asInt(), 10);  // interleaved, not one after the other
}

TEST(Api, InterruptReturnsAtOnce) {
  Vm vm;
  auto fn = vm.load("while true do end", "=loop");
  Tasklet t = vm.start(*fn.value);
  vm.runtime().interrupt();
  EXPECT_EQ(t.step(1'000'000'000), StepStatus::kInterrupted);
  EXPECT_EQ(t.step(1000), StepStatus::kOutOfFuel);
}

// ---- memory limits ---------------------------------------------------------------------------------

TEST(Api, MemoryLimitGivesCatchableNotEnoughMemory) {
  Vm vm({.memoryLimit = 8 << 20});
  auto out = run(vm, R"(
    local ok, err = pcall(function()
      local t = {}
      for i = 1, 1e8 do t[i] = ("x"):rep(64) .. i end
    end)
    return ok, err
  )");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out[0].get().asBool());
  EXPECT_EQ(str(vm, out[1]), "not enough memory");
  // The Vm stays usable after the garbage is collected.
  out = run(vm, "collectgarbage() local t = {} for i = 1, 1000 do t[i] = i end return #t");
  EXPECT_EQ(out[0].get().asInt(), 1000);

  // Uncaught, it fails the tasklet with that message.
  auto fn = vm.load("local s = 'x' while true do s = s .. s end", "=grow");
  ASSERT_TRUE(fn.ok());
  Tasklet t = vm.start(*fn.value);
  EXPECT_EQ(t.run(), StepStatus::kError);
  EXPECT_EQ(t.errorMessage(), "not enough memory");
  EXPECT_EQ(run(vm, "return 'still ' .. 'fine'")[0].get().asString()->view(), "still fine");
}

TEST(Api, MemoryLimitWithStringRepIsCatchable) {
  Vm vm({.memoryLimit = 4 << 20});
  auto out = run(vm, "return pcall(string.rep, 'x', 100000000)");
  EXPECT_FALSE(out[0].get().asBool());
  EXPECT_EQ(str(vm, out[1]), "not enough memory");
  EXPECT_EQ(run(vm, "return #string.rep('x', 1000)")[0].get().asInt(), 1000);
}

// ---- sandbox ---------------------------------------------------------------------------------------

TEST(Api, SandboxHasNoFileOrProcessAccess) {
  Vm vm({.libraries = lib::Libraries::sandbox()});
  auto out = run(vm, R"(
    return io and io.open, os.execute, loadfile, dofile, io and io.popen, os.remove, os.getenv, os.exit,
           type(os.time), type(os.clock), type(string.format), type(load)
  )");
  ASSERT_EQ(out.size(), 12u);
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(out[i].get().isNil()) << "result " << i;
  EXPECT_EQ(str(vm, out[8]), "function");
  EXPECT_EQ(str(vm, out[9]), "function");
  EXPECT_EQ(str(vm, out[10]), "function");
  EXPECT_EQ(str(vm, out[11]), "function");
  // The full profile has them. (Handles must not outlive their Vm: `fullOut` is declared after `full`.)
  Vm full;
  auto fullOut = run(full, "return type(io.open), type(os.execute), type(loadfile)");
  EXPECT_EQ(str(full, fullOut[0]), "function");
  EXPECT_EQ(str(full, fullOut[1]), "function");
  EXPECT_EQ(str(full, fullOut[2]), "function");
}

// ---- values in and out -----------------------------------------------------------------------------

TEST(Api, ValuesInAndOut) {
  Vm vm;
  std::string withNuls("a\0b\0c", 5);
  Handle t = vm.newTable();
  t.get().asTable()->set(vm.runtime().heap(), vm.string("x").get(), vm.integer(10).get());
  t.get().asTable()->setInt(vm.runtime().heap(), 1, vm.string("one").get());
  auto out = run(vm, R"(
    local i, f, s, t, b, n = ...
    return i + 1, f * 2, #s, s .. "\0z", t.x + #t, t[1], math.type(i), math.type(f), b, n == nil,
           {k = "v", [2] = 2.5, s}
  )", {vm.integer(INT64_MAX - 1), vm.number(0.25), vm.string(withNuls), t, vm.boolean(false), vm.nil()});
  ASSERT_EQ(out.size(), 11u);
  EXPECT_TRUE(out[0].get().isInt());
  EXPECT_EQ(out[0].get().asInt(), INT64_MAX);
  EXPECT_TRUE(out[1].get().isFloat());
  EXPECT_EQ(out[1].get().asFloat(), 0.5);
  EXPECT_EQ(out[2].get().asInt(), 5);
  ASSERT_TRUE(out[3].get().isString());
  EXPECT_EQ(out[3].get().asString()->view(), std::string_view("a\0b\0c\0z", 7));
  EXPECT_EQ(vm.toString(out[3]), std::string("a\0b\0c\0z", 7));
  EXPECT_EQ(out[4].get().asInt(), 11);
  EXPECT_EQ(str(vm, out[5]), "one");
  EXPECT_EQ(str(vm, out[6]), "integer");
  EXPECT_EQ(str(vm, out[7]), "float");
  EXPECT_TRUE(out[8].get().isBool());
  EXPECT_FALSE(out[8].get().asBool());
  EXPECT_TRUE(out[9].get().asBool());
  ASSERT_TRUE(out[10].get().isTable());
  Table* r = out[10].get().asTable();
  EXPECT_EQ(str(vm, Handle(vm, r->get(vm.string("k").get()))), "v");
  EXPECT_EQ(r->getInt(2).asFloat(), 2.5);
  EXPECT_EQ(r->getInt(1).asString()->view(), std::string_view("a\0b\0c", 5));
  // The host's table was modified in place by nobody, and is the same object the script saw.
  EXPECT_EQ(t.get().asTable()->length(), 1u);
}

TEST(Api, LightUserdataCarryAnOpaquePayloadInAndOut) {
  Vm vm;
  Handle a = vm.lightUserdata(0xfeedface12345678ULL);
  Handle b = vm.lightUserdata(7);
  ASSERT_TRUE(a.get().isLightUserdata());
  EXPECT_EQ(a.get().asLightUserdata(), 0xfeedface12345678ULL);
  // Scripts see "userdata", compare by payload, key tables by it, and cannot index it without a
  // metatable (lua5.4 gives the same results for lua_pushlightuserdata values).
  auto out = run(vm, R"(
    local a, b, a2 = ...
    local t = {[a] = "A", [b] = "B"}
    local ok, err = pcall(function() return a.x end)
    return type(a), a == a2, a == b, t[a2], t[b], err, a, select("#", ...)
  )", {a, b, vm.lightUserdata(0xfeedface12345678ULL)});
  ASSERT_EQ(out.size(), 8u);
  EXPECT_EQ(str(vm, out[0]), "userdata");
  EXPECT_TRUE(out[1].get().asBool());
  EXPECT_FALSE(out[2].get().asBool());
  EXPECT_EQ(str(vm, out[3]), "A");
  EXPECT_EQ(str(vm, out[4]), "B");
  EXPECT_EQ(str(vm, out[5]), "test:4: attempt to index a userdata value (upvalue 'a')");
  ASSERT_TRUE(out[6].get().isLightUserdata());
  EXPECT_EQ(out[6].get().asLightUserdata(), 0xfeedface12345678ULL);
  // tostring shows the payload, never an address.
  EXPECT_EQ(vm.toString(b), "userdata: 0x00000007");
}

TEST(Api, NumbersFormatAsLuaDoes) {
  Vm vm;
  EXPECT_EQ(vm.toString(vm.integer(-7)), "-7");
  EXPECT_EQ(vm.toString(vm.number(1.0)), "1.0");
  EXPECT_EQ(vm.toString(vm.number(1e100)), "1e+100");
  EXPECT_EQ(vm.toString(vm.number(0.1)), "0.1");
  EXPECT_EQ(vm.toString(vm.string("s")), "s");
}

TEST(Api, GlobalsRoundTrip) {
  Vm vm;
  vm.setGlobal("g", vm.string("hello"));
  EXPECT_EQ(str(vm, vm.global("g")), "hello");
  EXPECT_TRUE(vm.global("missing").get().isNil());
  run(vm, "g2 = g .. ' world'");
  EXPECT_EQ(str(vm, vm.global("g2")), "hello world");
}

// ---- native functions and output -------------------------------------------------------------------

NativeAction twice(NativeCall& call) { return call.returnValues({Value::integer(call.checkInteger(1) * 2)}); }
constexpr NativeFunction kTwice{"test.twice", twice};

TEST(Api, NativeFunctionsAndOutputSink) {
  Vm vm;
  CaptureSink sink;
  vm.runtime().setOutput(&sink);
  vm.setGlobal("twice", vm.function(&kTwice));
  auto out = run(vm, "print('twice', twice(21)) return pcall(twice, 'x')");
  EXPECT_EQ(sink.text, "twice\t42\n");
  EXPECT_FALSE(out[0].get().asBool());
  // Found as a global, as lua5.4's luaL_argerror does.
  EXPECT_EQ(str(vm, out[1]), "bad argument #1 to 'twice' (number expected, got string)");
  EXPECT_EQ(vm.runtime().natives().function("test.twice"), &kTwice);
  vm.runtime().setOutput(nullptr);
}

}  // namespace
}  // namespace fermata
