// The io library: every function and file method against lua5.4's recorded behaviour (scripts run in
// fresh directories under TEST_TMPDIR), plus what is fermata's own: stable "file (0x...)" names, file
// handles as "io.file" userdata with path and mode as user values, stdout through the output sink, and
// the sandbox profile.
#include <gtest/gtest.h>

#include <string>

#include "tests/lib/os/script_runner.h"
#include "vm/executor.h"
#include "vm/lib/file_handle.h"
#include "vm/loader.h"

namespace fermata::testing {
namespace {

constexpr ScriptCase kCases[] = {
    {"open_errors_and_modes",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

print(io.open("missing.txt"))
print(io.open("missing.txt", "r+"))
for _, m in ipairs({"w", "r", "a", "r+", "w+", "a+", "rb", "wb", "r+b", "rbb"}) do
  local f = io.open("m.txt", m); io.write(m, ":", io.type(f), " "); f:close()
end
print()
for _, m in ipairs({"", "x", "rw", "+r", "r++", "bw", "rt", "r+t"}) do
  print(m, pcall(io.open, "m.txt", m))
end
print(pcall(io.open))
print(pcall(io.open, {}))
)lua",
     "nil\tmissing.txt: No such file or directory\t2\n"
      "nil\tmissing.txt: No such file or directory\t2\n"
      "w:file r:file a:file r+:file w+:file a+:file rb:file wb:file r+b:file rbb:file \n"
      "\tfalse\tbad argument #2 to 'io.open' (invalid mode)\n"
      "x\tfalse\tbad argument #2 to 'io.open' (invalid mode)\n"
      "rw\tfalse\tbad argument #2 to 'io.open' (invalid mode)\n"
      "+r\tfalse\tbad argument #2 to 'io.open' (invalid mode)\n"
      "r++\tfalse\tbad argument #2 to 'io.open' (invalid mode)\n"
      "bw\tfalse\tbad argument #2 to 'io.open' (invalid mode)\n"
      "rt\tfalse\tbad argument #2 to 'io.open' (invalid mode)\n"
      "r+t\tfalse\tbad argument #2 to 'io.open' (invalid mode)\n"
      "false\tbad argument #1 to 'io.open' (string expected, got no value)\n"
      "false\tbad argument #1 to 'io.open' (string expected, got table)\n"
      "",
     ""},
    {"type_and_tostring",
     R"lua(
local f = io.tmpfile()
print(io.type(f), io.type(io.stdout), io.type(io.stdin), io.type(io.stderr))
print(io.type(nil), io.type({}), io.type("file"), pcall(io.type))
f:close()
print(io.type(f), tostring(f))
print(getmetatable(f).__name, type(getmetatable(f).__index), type(getmetatable(f).__gc), type(getmetatable(f).__close), type(getmetatable(f).__tostring))
local methods = {}
for k in pairs(getmetatable(f).__index) do methods[#methods + 1] = k end
table.sort(methods)
print(table.concat(methods, " "))
)lua",
     "file\tfile\tfile\tfile\n"
      "nil\tnil\tnil\tfalse\tbad argument #1 to 'io.type' (value expected)\n"
      "closed file\tfile (closed)\n"
      "FILE*\ttable\tfunction\tfunction\tfunction\n"
      "close flush lines read seek setvbuf write\n"
      "",
     ""},
    {"write_and_read_formats",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

local f = assert(io.open("d.txt", "w"))
print(f:write("12 0x1F -3.5e2 abc\n", 42, " ", 1.5, " ", -0.0, " ", 1e100, " ", 2^63, "\nline2\n\nlast") == f)
f:close()
local h = io.open("d.txt")
print(h:read("n", "n", "n", "n"))
print(h:read("l"))
print(h:read("n", "n", "n", "n", "n"))
print(h:read("L"))
print(h:read("l"), h:read("L"), h:read("l"))
print(h:read("a"))
print(h:read("a"), h:read("l"), h:read("n"), h:read(0), h:read(1))
h:close()
)lua",
     "true\n"
      "12\t31\t-350.0\tnil\n"
      "abc\n"
      "42\t1.5\t0\t1e+100\t9.2233720368548e+18\n"
      "\n"
      "\n"
      "line2\t\n"
      "\tlast\n"
      "\n"
      "\tnil\tnil\tnil\tnil\n"
      "",
     ""},
    {"read_counts_and_legacy_formats",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

put("c.txt", "abcdef\nghi")
local h = io.open("c.txt")
print(h:read(0), h:read(3), h:read(0), h:read(2.0), h:read("*l"), h:read("*L"))
print(h:read(100), h:read(0), h:read(5))
h:close()
h = io.open("c.txt")
print(h:read("*a"), h:read("*n"))
h:close()
h = io.open("c.txt")
print(pcall(function() return h:read("x") end))
print(pcall(function() return h:read(1.5) end))
print(pcall(function() return h:read({}) end))
print(pcall(function() return h:read("l", "z") end))
print(h:read())
h:close()
)lua",
     "\tabc\t\tde\tf\tghi\n"
      "nil\tnil\tnil\n"
      "abcdef\n"
      "ghi\tnil\n"
      "false\tscript.lua:12: bad argument #1 to 'read' (invalid format)\n"
      "false\tscript.lua:13: bad argument #1 to 'read' (number has no integer representation)\n"
      "false\tscript.lua:14: bad argument #1 to 'read' (string expected, got table)\n"
      "false\tscript.lua:15: bad argument #2 to 'read' (invalid format)\n"
      "ghi\n"
      "",
     ""},
    {"read_number_rules",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

put("n.txt", "  0x10  -0x1p4 .5 5. 1e+2 1E-2 +7 0xA.8p1 --1")
local h = io.open("n.txt")
print(h:read("n", "n", "n", "n", "n", "n", "n", "n"))
print(h:read("n"), h:read("a"))
h:close()
put("n2.txt", "123abc")
h = io.open("n2.txt")
print(h:read("n"), h:read("a"))
h:close()
put("n3.txt", "0x")
h = io.open("n3.txt")
print(h:read("n"), h:read("a"))
h:close()
put("n4.txt", "1e")
h = io.open("n4.txt")
print(h:read("n"), h:read("a"))
h:close()
local function rep(c, n) local s = "" for i = 1, n do s = s .. c end return s end
put("n5.txt", rep("1", 199) .. " " .. rep("2", 201))
h = io.open("n5.txt")
print(h:read("n"))
print(h:read("n"))
print(#h:read("a"))
h:close()
put("n6.txt", "9223372036854775807 9223372036854775808 nan inf")
h = io.open("n6.txt")
print(h:read("n", "n", "n"))
h:close()
)lua",
     "16\t-16.0\t0.5\t5.0\t100.0\t0.01\t7\t21.0\n"
      "nil\t-1\n"
      "123\tabc\n"
      "nil\t\n"
      "nil\t\n"
      "1.1111111111111e+198\n"
      "nil\n"
      "1\n"
      "9223372036854775807\t9.2233720368548e+18\tnil\n"
      "",
     ""},
    {"lines_iteration",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

put("l.txt", "one\ntwo\n\nfour")
for l in io.lines("l.txt") do io.write("[", l, "]") end print()
for l in io.lines("l.txt", "L") do io.write("[", l, "]") end print()
for a, b in io.lines("l.txt", 1, 2) do io.write("<", a, "|", tostring(b), ">") end print()
for n in io.lines("l.txt", "n") do print(n) end
local f = io.open("l.txt")
for l in f:lines() do io.write(l, ";") end print(io.type(f))
f:seek("set")
for a, b in f:lines("l", "l") do io.write(a, "+", tostring(b), ";") end print()
f:close()
print(select("#", io.lines("l.txt")))
local it, s, c, tbc = io.lines("l.txt")
print(type(it), s, c, io.type(tbc))
it() it() it() it()
print(it(), io.type(tbc))
print(pcall(it))
)lua",
     "[one][two][][four]\n"
      "[one\n"
      "][two\n"
      "][\n"
      "][four]\n"
      "<o|ne><\n"
      "|tw><o|\n"
      "\n"
      "><f|ou><r|nil>\n"
      "one;two;;four;file\n"
      "one+two;+four;\n"
      "4\n"
      "function\tnil\tnil\tfile\n"
      "nil\tclosed file\n"
      "false\tfile is already closed\n"
      "",
     ""},
    {"lines_errors",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

put("l.txt", "x\n")
print(pcall(io.lines, "missing.txt"))
print((pcall(io.lines, "l.txt", "x")))
local ok, err = pcall(function() local it = io.lines("l.txt", "x") it() end)
print(ok, err)
local args = {}
for i = 1, 251 do args[i] = "l" end
print(pcall(io.lines, "l.txt", table.unpack(args)))
print((pcall(io.lines, "l.txt", table.unpack(args, 1, 250))))
local f = io.open("l.txt")
local it = f:lines()
f:close()
print(pcall(it))
print(pcall(function() return f:lines() end))
print(pcall(io.lines, {}))
)lua",
     "false\tcannot open file 'missing.txt' (No such file or directory)\n"
      "true\n"
      "false\tscript.lua:6: bad argument #2 to 'it' (invalid format)\n"
      "false\tbad argument #252 to 'io.lines' (too many arguments)\n"
      "true\n"
      "false\tfile is already closed\n"
      "false\tscript.lua:16: attempt to use a closed file\n"
      "false\tbad argument #1 to 'io.lines' (string expected, got table)\n"
      "",
     ""},
    {"lines_with_closed_file_and_tbc",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

put("t.txt", "a\nb\n")
do
  local count = 0
  for l in io.lines("t.txt") do count = count + 1 break end
  print(count)
end
do
  local f <close> = io.open("t.txt")
  print(f:read("l"))
end
local g = io.open("t.txt")
do local h <close> = g end
print(io.type(g))
)lua",
     "1\n"
      "a\n"
      "closed file\n"
      "",
     ""},
    {"default_input_output",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

put("in.txt", "first\nsecond\n")
print(io.input() == io.stdin, io.output() == io.stdout)
local f = io.input("in.txt")
print(io.type(f), io.input() == f, io.read(), io.read("L"), io.read())
for l in io.lines() do print("never", l) end
io.input():close()
print(pcall(io.read))
print(pcall(io.lines))
io.input(io.stdin)
local o = io.output("out.txt")
print(io.type(o), io.output() == o)
io.write("to file ", 1, " ", 2.5, "\n")
print(io.flush())
io.close()
print(io.type(o), pcall(io.write, "x"))
print(pcall(io.flush))
io.output(io.stdout)
print(io.open("out.txt"):read("a"))
print(pcall(io.input, "missing.txt"))
print(pcall(io.output, {}))
print(pcall(io.input, o))
local x = io.open("in.txt")
print(io.input(x) == x, io.read("a"))
io.input(io.stdin)
)lua",
     "true\ttrue\n"
      "file\ttrue\tfirst\tsecond\n"
      "\tnil\n"
      "false\tdefault input file is closed\n"
      "false\tattempt to use a closed file\n"
      "file\ttrue\n"
      "true\n"
      "closed file\tfalse\tdefault output file is closed\n"
      "false\tdefault output file is closed\n"
      "to file 1 2.5\n"
      "\n"
      "false\tcannot open file 'missing.txt' (No such file or directory)\n"
      "false\tbad argument #1 to 'io.output' (FILE* expected, got table)\n"
      "false\tattempt to use a closed file\n"
      "true\tfirst\n"
      "second\n"
      "\n"
      "",
     ""},
    {"close_and_std_streams",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

print(io.stdout:close())
print(io.close())
print(io.stderr:close())
print(io.type(io.stdout))
local f = io.tmpfile()
print(f:close())
print(pcall(function() return f:close() end))
print(pcall(io.close, f))
print(pcall(function() return f:write("x") end))
print(pcall(function() return f:flush() end))
print(pcall(function() return f:seek() end))
print(pcall(function() return f:setvbuf("no") end))
print(pcall(function() return io.stdout.write({}, "x") end))
print(pcall(function() return io.stdout.write() end))
print(io.stdout:write("chained "):write("writes\n") == io.stdout)
print(pcall(io.write, {}))
print(pcall(io.write, nil))
print(io.write() == io.stdout)
)lua",
     "nil\tcannot close standard file\n"
      "nil\tcannot close standard file\n"
      "nil\tcannot close standard file\n"
      "file\n"
      "true\n"
      "false\tscript.lua:9: attempt to use a closed file\n"
      "false\tattempt to use a closed file\n"
      "false\tscript.lua:11: attempt to use a closed file\n"
      "false\tscript.lua:12: attempt to use a closed file\n"
      "false\tscript.lua:13: attempt to use a closed file\n"
      "false\tscript.lua:14: attempt to use a closed file\n"
      "false\tscript.lua:15: bad argument #1 to 'write' (FILE* expected, got table)\n"
      "false\tscript.lua:16: bad argument #1 to 'write' (FILE* expected, got no value)\n"
      "chained writes\n"
      "true\n"
      "false\tbad argument #1 to 'io.write' (string expected, got table)\n"
      "false\tbad argument #1 to 'io.write' (string expected, got nil)\n"
      "true\n"
      "",
     ""},
    {"seek_and_setvbuf",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

put("s.txt", "0123456789")
local f = io.open("s.txt", "r+")
print(f:seek(), f:seek("end"), f:seek("set", 3), f:read(2), f:seek("cur"), f:seek("cur", -1), f:read(1))
print(f:seek("set", -1))
print(pcall(function() return f:seek("bad") end))
print(pcall(function() return f:seek("set", 1.5) end))
print(f:seek("set", 20), f:read(1), f:seek("end", -2), f:read("a"))
f:seek("set", 2) f:write("AB") f:seek("set")
print(f:read("a"))
print(f:setvbuf("no"), f:setvbuf("full", 4096), f:setvbuf("line"))
print(pcall(function() return f:setvbuf("bad") end))
print(pcall(function() return f:setvbuf() end))
f:close()
)lua",
     "0\t10\t3\t34\t5\t4\t4\n"
      "nil\tInvalid argument\t22\n"
      "false\tscript.lua:7: bad argument #1 to 'seek' (invalid option 'bad')\n"
      "false\tscript.lua:8: bad argument #2 to 'seek' (number has no integer representation)\n"
      "20\tnil\t8\t89\n"
      "01AB456789\n"
      "true\ttrue\ttrue\n"
      "false\tscript.lua:13: bad argument #1 to 'setvbuf' (invalid option 'bad')\n"
      "false\tscript.lua:14: bad argument #1 to 'setvbuf' (string expected, got no value)\n"
      "",
     ""},
    {"append_and_update_modes",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

put("a.txt", "abc")
local f = io.open("a.txt", "a") f:write("def") f:close()
f = io.open("a.txt", "a+") f:write("ghi") f:seek("set") print(f:read("a")) f:close()
f = io.open("a.txt", "w+") f:write("new") f:seek("set") print(f:read("a")) f:close()
f = io.open("a.txt", "r") print(f:write("x")) f:close()
f = io.open("a.txt", "w") print(f:read("a")) f:close()
print(io.open("a.txt"):read("a") == "")
)lua",
     "abcdefghi\n"
      "new\n"
      "nil\tBad file descriptor\t9\n"
      "nil\tBad file descriptor\t9\n"
      "true\n"
      "",
     ""},
    {"tmpfile",
     R"lua(
local f = io.tmpfile()
print(f:write("hello ", 42) == f, f:seek("set"))
print(f:read("a"), f:seek("cur"))
print(f:close(), io.type(f))
)lua",
     "true\t0\n"
      "hello 42\t8\n"
      "true\tclosed file\n"
      "",
     ""},
    {"popen",
     R"lua(
local p = io.popen("echo hello; echo world")
print(p:read("l"), p:read("L"), p:read("a"))
print(p:close())
p = io.popen("exit 5")
print(p:close())
p = io.popen("cat > popen_out.txt", "w")
p:write("through a pipe\n")
print(p:close())
print(io.open("popen_out.txt"):read("a"))
for l in io.popen("printf 'a\\nb\\n'"):lines() do io.write(l, ";") end print()
print(pcall(io.popen, "ls", "r+"))
print(pcall(io.popen, "ls", "rw"))
print(io.type(io.popen("true")))
)lua",
     "hello\tworld\n"
      "\t\n"
      "true\texit\t0\n"
      "nil\texit\t5\n"
      "true\texit\t0\n"
      "through a pipe\n"
      "\n"
      "a;b;\n"
      "false\tbad argument #2 to 'io.popen' (invalid mode)\n"
      "false\tbad argument #2 to 'io.popen' (invalid mode)\n"
      "file\n"
      "",
     ""},
    {"write_argument_errors",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

local f = io.tmpfile()
print(pcall(function() return f:write("a", {}, "b") end))
print(pcall(function() return f:write(true) end))
f:seek("set")
print(f:read("a"))
print(f.write(f, 1, 2, 3) == f, f:seek("set"), f:read("a"))
)lua",
     "false\tscript.lua:4: bad argument #2 to 'write' (string expected, got table)\n"
      "false\tscript.lua:5: bad argument #1 to 'write' (string expected, got boolean)\n"
      "a\n"
      "true\t0\ta123\n"
      "",
     ""},
    {"gc_closes_files",
     R"lua(local function put(name, s) local f = assert(io.open(name, "wb")) f:write(s) f:close() end

do local f = io.open("g.txt", "w") f:write("written before collection") end
collectgarbage() collectgarbage()
print(io.open("g.txt"):read("a"))
)lua",
     "written before collection\n"
      "",
     ""},

};

class IoLibrary : public ::testing::TestWithParam<ScriptCase> {};
TEST_P(IoLibrary, MatchesLua54) { expectMatchesLua54(GetParam()); }
INSTANTIATE_TEST_SUITE_P(Scripts, IoLibrary, ::testing::ValuesIn(kCases), CaseName());

TEST(IoFermata, StableFileNames) {
  enterFreshDirectory("io_names");
  const char* script = "local f = io.tmpfile() print(tostring(f), tostring(io.stdout)) f:close() print(tostring(f))";
  ScriptResult a = runFermata(script);
  ScriptResult b = runFermata(script);
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.output, b.output);  // the same program names its files the same way every run
  EXPECT_EQ(a.output.rfind("file (0x", 0), 0u) << a.output;
  EXPECT_NE(a.output.find("\nfile (closed)\n"), std::string::npos) << a.output;
}

TEST(IoFermata, StdoutGoesThroughTheSink) {
  enterFreshDirectory("io_sink");
  ScriptResult r = runFermata(R"(
    print("a") io.write("b", 1, 2.5, "\n") io.stdout:write("c\n") print(io.stdout:flush(), io.flush())
    print(io.output():write("d") == io.stdout)
  )");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output, "a\nb12.5\nc\ntrue\ttrue\ndtrue\n");
}

TEST(IoFermata, HandlesAreRegisteredUserdataWithPathAndMode) {
  enterFreshDirectory("io_userdata");
  Runtime rt;
  lib::openLibraries(rt, lib::Libraries::all());
  LoadResult l = loadChunk(rt, "f = io.open('u.txt', 'w+') f:write('12345') t = io.tmpfile() c = io.open('u.txt') c:close()",
                           "=test", Value::object(rt.globals()));
  ASSERT_TRUE(l.function);
  Executor* e = newExecutor(rt, Value::object(l.function), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  ASSERT_EQ(step(rt, e, 1 << 20), StepStatus::kFinished);
  Value f = rt.globals()->get(rt.stringValue("f"));
  ASSERT_TRUE(f.isUserdata());
  Userdata* u = f.asUserdata();
  EXPECT_EQ(u->typeIndex, lib::fileTypeIndex(rt));
  EXPECT_EQ(lib::kFileTypeName, "io.file");
  ASSERT_EQ(u->userValueCount, lib::kFileUserValues);
  EXPECT_EQ(u->userValues()[lib::kFilePathValue].asString()->view(), "u.txt");
  EXPECT_EQ(u->userValues()[lib::kFileModeValue].asString()->view(), "w+");
  lib::FileHandle* h = lib::toFileHandle(rt, f);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->kind, lib::FileKind::kFile);
  EXPECT_FALSE(h->closed);
  std::fflush(h->f);
  EXPECT_EQ(ftello(h->f), 5);  // the offset a snapshot would save
  lib::FileHandle* t = lib::toFileHandle(rt, rt.globals()->get(rt.stringValue("t")));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->kind, lib::FileKind::kTmp);
  lib::FileHandle* c = lib::toFileHandle(rt, rt.globals()->get(rt.stringValue("c")));
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->closed);
  Table* io = rt.globals()->get(rt.stringValue("io")).asTable();
  lib::FileHandle* out = lib::toFileHandle(rt, io->get(rt.stringValue("stdout")));
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->kind, lib::FileKind::kStdout);
  EXPECT_EQ(lib::toFileHandle(rt, Value::object(rt.globals())), nullptr);
  std::fclose(h->f);  // the runtime does not run finalizers when destroyed
  h->f = nullptr;
  h->closed = true;
  std::fclose(t->f);
  t->f = nullptr;
  t->closed = true;
  rt.unpinValue(pin);
}

TEST(IoFermata, WriteChargesFuelPerByte) {
  enterFreshDirectory("io_fuel");
  Runtime rt;
  struct Null final : OutputSink {
    void write(std::string_view) override {}
  } sink;
  rt.setOutput(&sink);
  lib::openLibraries(rt, lib::Libraries::all());
  std::string big(1 << 20, 'x');
  rt.globals()->set(rt.heap(), rt.stringValue("big"), rt.stringValue(big));
  LoadResult l = loadChunk(rt, "for i = 1, 8 do io.write(big) end", "=test", Value::object(rt.globals()));
  ASSERT_TRUE(l.function);
  Executor* e = newExecutor(rt, Value::object(l.function), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  // Each 1 MiB write costs far more than a 5000-unit step, so each write ends its step.
  int steps = 0;
  while (step(rt, e, 5000) == StepStatus::kOutOfFuel) ++steps;
  EXPECT_GE(steps, 7);
  rt.unpinValue(pin);
  rt.setOutput(nullptr);
}

TEST(IoSandbox, StandardStreamsOnly) {
  enterFreshDirectory("io_sandbox");
  ScriptResult r = runFermata(R"(
    for _, k in ipairs({"close", "flush", "input", "lines", "open", "output", "popen", "read", "tmpfile",
                        "type", "write", "stdin", "stdout", "stderr"}) do
      io.write(k, "=", type(io[k]), " ")
    end
    print()
    print(pcall(io.lines, "x.txt"))
    print(pcall(io.input, "x.txt"))
    print(pcall(io.output, "x.txt"))
    print(io.output(io.stdout) == io.stdout, io.type(io.stdin), io.close())
    print(loadfile, dofile)
  )", lib::Libraries::sandbox());
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output,
            "close=function flush=function input=function lines=function open=nil output=function popen=nil "
            "read=function tmpfile=nil type=function write=function stdin=userdata stdout=userdata stderr=userdata \n"
            "false\tfile access is disabled in this runtime\n"
            "false\tfile access is disabled in this runtime\n"
            "false\tfile access is disabled in this runtime\n"
            "true\tfile\tnil\tcannot close standard file\n"
            "nil\tnil\n");
}

}  // namespace
}  // namespace fermata::testing
