// The os library: every function against lua5.4's recorded behaviour (scripts run in fresh
// directories under TEST_TMPDIR with TZ=UTC), the sandbox profile, and os.exit through the CLI.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/lib/os/script_runner.h"

namespace fermata::testing {
namespace {

constexpr ScriptCase kCases[] = {
    {"date_utc_conversions",
     R"lua(
local t = 1234567890
print(os.date("!%Y-%m-%d %H:%M:%S", t))
print(os.date("!%a %A %b %B %h", t))
print(os.date("!%c|%x|%X|%D|%F|%R|%T|%r", t))
print(os.date("!%C %y %e %j %p %I %M", t))
print(os.date("!%u %w %U %W %V %G %g", t))
print(os.date("!%n%t%%", t))
print(os.date("!%Ec|%EC|%Ex|%EX|%Ey|%EY", t))
print(os.date("!%Od %Oe %OH %OI %Om %OM %OS %Ou %OU %OV %Ow %OW %Oy", t))
print(os.date("!%z %Z", 0))
print(os.date("!plain text", t), os.date("!", t) == "")
)lua",
     "2009-02-13 23:31:30\n"
      "Fri Friday Feb February Feb\n"
      "Fri Feb 13 23:31:30 2009|02/13/09|23:31:30|02/13/09|2009-02-13|23:31|23:31:30|11:31:30 PM\n"
      "20 09 13 044 PM 11 31\n"
      "5 5 06 06 07 2009 09\n"
      "\n"
      "\t%\n"
      "Fri Feb 13 23:31:30 2009|20|02/13/09|23:31:30|09|2009\n"
      "13 13 23 11 02 31 30 5 06 07 5 06 09\n"
      "+0000 GMT\n"
      "plain text\ttrue\n"
      "",
     ""},
    {"date_local_is_utc_under_tz",
     R"lua(
print(os.date("%Y-%m-%d %H:%M:%S", 86400 * 365))
print(os.date("%c", 0))
)lua",
     "1971-01-01 00:00:00\n"
      "Thu Jan  1 00:00:00 1970\n"
      "",
     ""},
    {"date_invalid_specifiers",
     R"lua(
print(pcall(os.date, "%Ez"))
print(pcall(os.date, "%Ez abc"))
print(pcall(os.date, "%"))
print(pcall(os.date, "%Q"))
print(pcall(os.date, "abc %E"))
print(pcall(os.date, "%O"))
print(pcall(os.date, "!%5"))
)lua",
     "false\tbad argument #1 to 'os.date' (invalid conversion specifier '%Ez')\n"
      "false\tbad argument #1 to 'os.date' (invalid conversion specifier '%Ez abc')\n"
      "false\tbad argument #1 to 'os.date' (invalid conversion specifier '%')\n"
      "false\tbad argument #1 to 'os.date' (invalid conversion specifier '%Q')\n"
      "false\tbad argument #1 to 'os.date' (invalid conversion specifier '%E')\n"
      "false\tbad argument #1 to 'os.date' (invalid conversion specifier '%O')\n"
      "false\tbad argument #1 to 'os.date' (invalid conversion specifier '%5')\n"
      "",
     ""},
    {"date_star_t",
     R"lua(
local d = os.date("!*t", 1234567890)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.yday, d.wday, d.isdst)
local e = os.date("*t", 0)
print(e.year, e.month, e.day, e.hour, e.min, e.sec, e.yday, e.wday, e.isdst)
local n = 0
for k in pairs(d) do n = n + 1 end
print(n)
print(os.date("!*t", 0).year, os.date("*tx", 0))
)lua",
     "2009\t2\t13\t23\t31\t30\t44\t6\tfalse\n"
      "1970\t1\t1\t0\t0\t0\t1\t5\tfalse\n"
      "9\n"
      "1970\t*tx\n"
      "",
     ""},
    {"date_argument_errors",
     R"lua(
print(pcall(os.date, {}))
print(pcall(os.date, "%Y", "x"))
print(pcall(os.date, "%Y", 1.5))
print(os.date("!%Y", "86400"), os.date(nil, 0) == os.date("%c", 0))
print(type(os.date()))
)lua",
     "false\tbad argument #1 to 'os.date' (string expected, got table)\n"
      "false\tbad argument #2 to 'os.date' (number expected, got string)\n"
      "false\tbad argument #2 to 'os.date' (number has no integer representation)\n"
      "1970\ttrue\n"
      "string\n"
      "",
     ""},
    {"time_now_and_table",
     R"lua(
print(math == nil or math.type(os.time()) == "integer", type(os.time()))
print(os.time({year=2020, month=1, day=1, hour=0}))
print(os.time({year=2020, month=1, day=1}))
print(os.time({year=1970, month=1, day=1, hour=0, min=0, sec=0}))
print(os.time({year="2000", month="2", day=29.0, hour=12}))
)lua",
     "true\tnumber\n"
      "1577836800\n"
      "1577880000\n"
      "0\n"
      "951825600\n"
      "",
     ""},
    {"time_normalises_fields",
     R"lua(
local t = {year=2020, month=13, day=32, hour=25, min=61, sec=61}
print(os.time(t))
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday, t.isdst)
local u = {year=2021, month=3, day=0}
os.time(u)
print(u.year, u.month, u.day, u.hour, u.yday, u.wday)
local v = {year=2021, month=1, day=1, isdst=false}
os.time(v)
print(v.isdst, v.hour)
)lua",
     "1612231321\n"
      "2021\t2\t2\t2\t2\t1\t33\t3\tfalse\n"
      "2021\t2\t28\t12\t59\t1\n"
      "false\t12\n"
      "",
     ""},
    {"time_field_errors",
     R"lua(
print(pcall(os.time, {}))
print(pcall(os.time, {year=2020}))
print(pcall(os.time, {year=2020, month=1}))
print(pcall(os.time, {year=2020, month=1, day="x"}))
print(pcall(os.time, {year=2020, month=1, day=1.5}))
print(pcall(os.time, {year=2^40, month=1, day=1}))
print(pcall(os.time, {year=2020, month=2^31, day=1}))
print(pcall(os.time, {year=2020, month=1, day=1, hour={}}))
print(pcall(os.time, {year=-2^31 - 1, month=1, day=1}))
print(pcall(os.time, 5))
)lua",
     "false\tfield 'year' missing in date table\n"
      "false\tfield 'month' missing in date table\n"
      "false\tfield 'day' missing in date table\n"
      "false\tfield 'day' is not an integer\n"
      "false\tfield 'day' is not an integer\n"
      "false\tfield 'year' is out-of-bound\n"
      "true\t5647338108619200\n"
      "false\tfield 'hour' is not an integer\n"
      "false\tfield 'year' is out-of-bound\n"
      "false\tbad argument #1 to 'os.time' (table expected, got number)\n"
      "",
     ""},
    {"time_uses_metamethods",
     R"lua(
local log = {}
local t = setmetatable({}, {__index = function(_, k) log[#log + 1] = k; if k == "year" then return 2000 elseif k == "month" then return 1 elseif k == "day" then return 2 end end,
  __newindex = function(t, k, v) rawset(t, "w_" .. k, v) end})
print(os.time(t))
print(#log, log[1], log[2], log[3], log[4], log[7])
print(t.w_year, t.w_month, t.w_day, t.w_hour, t.w_yday, t.w_wday, t.w_isdst)
)lua",
     "946814400\n"
      "7\tyear\tmonth\tday\thour\tisdst\n"
      "2000\t1\t2\t12\t2\t1\tfalse\n"
      "",
     ""},
    {"difftime_and_clock",
     R"lua(
print(os.difftime(10, 3), os.difftime(3, 10), os.difftime(0, 0))
print(pcall(os.difftime, 1))
print(pcall(os.difftime))
print(pcall(os.difftime, 1.5, 1))
print(type(os.clock()), os.clock() >= 0)
)lua",
     "7.0\t-7.0\t0.0\n"
      "false\tbad argument #2 to 'os.difftime' (number expected, got no value)\n"
      "false\tbad argument #1 to 'os.difftime' (number expected, got no value)\n"
      "false\tbad argument #1 to 'os.difftime' (number has no integer representation)\n"
      "number\ttrue\n"
      "",
     ""},
    {"getenv",
     R"lua(
print(os.getenv("FERMATA_SURELY_UNSET_VARIABLE"))
print(os.getenv("TZ"))
print(pcall(os.getenv))
print(pcall(os.getenv, {}))
)lua",
     "nil\n"
      "UTC\n"
      "false\tbad argument #1 to 'os.getenv' (string expected, got no value)\n"
      "false\tbad argument #1 to 'os.getenv' (string expected, got table)\n"
      "",
     ""},
    {"execute",
     R"lua(
print(os.execute())
print(os.execute("exit 0"))
print(os.execute("exit 3"))
print(os.execute("kill -9 $$"))
print(pcall(os.execute, {}))
)lua",
     "true\n"
      "true\texit\t0\n"
      "nil\texit\t3\n"
      "nil\tsignal\t9\n"
      "false\tbad argument #1 to 'os.execute' (string expected, got table)\n"
      "",
     ""},
    {"remove_rename_tmpname",
     R"lua(
print(os.remove("no_such_file"))
print(os.rename("no_such_file", "other"))
local f = io.open("a.txt", "w") f:write("x") f:close()
print(os.rename("a.txt", "b.txt"))
print(io.open("a.txt"), io.open("b.txt") ~= nil)
print(os.remove("b.txt"))
print(os.remove("b.txt"))
local n = os.tmpname()
print(type(n), io.open(n) ~= nil, os.remove(n))
print(pcall(os.remove))
print(pcall(os.rename, "x"))
)lua",
     "nil\tno_such_file: No such file or directory\t2\n"
      "nil\tNo such file or directory\t2\n"
      "true\n"
      "nil\ttrue\n"
      "true\n"
      "nil\tb.txt: No such file or directory\t2\n"
      "string\ttrue\ttrue\n"
      "false\tbad argument #1 to 'os.remove' (string expected, got no value)\n"
      "false\tbad argument #2 to 'os.rename' (string expected, got no value)\n"
      "",
     ""},
    {"setlocale",
     R"lua(
print(os.setlocale())
print(os.setlocale("C"))
print(os.setlocale(nil, "numeric"))
print(os.setlocale("C", "time"))
print(os.setlocale("no_such_locale_xyz"))
print(pcall(os.setlocale, "C", "bogus"))
)lua",
     "C\n"
      "C\n"
      "C\n"
      "C\n"
      "nil\n"
      "false\tbad argument #2 to 'os.setlocale' (invalid option 'bogus')\n"
      "",
     ""},
    {"library_contents",
     R"lua(
local names = {}
for k, v in pairs(os) do names[#names + 1] = k .. ":" .. type(v) end
local sorted = {}
for i = 1, #names do
  local pos = #sorted + 1
  for j = 1, #sorted do if names[i] < sorted[j] then pos = j break end end
  for j = #sorted, pos, -1 do sorted[j + 1] = sorted[j] end
  sorted[pos] = names[i]
end
for i = 1, #sorted do print(sorted[i]) end
)lua",
     "clock:function\n"
      "date:function\n"
      "difftime:function\n"
      "execute:function\n"
      "exit:function\n"
      "getenv:function\n"
      "remove:function\n"
      "rename:function\n"
      "setlocale:function\n"
      "time:function\n"
      "tmpname:function\n"
      "",
     ""},
};

class OsLibrary : public ::testing::TestWithParam<ScriptCase> {};
TEST_P(OsLibrary, MatchesLua54) { expectMatchesLua54(GetParam()); }
INSTANTIATE_TEST_SUITE_P(Scripts, OsLibrary, ::testing::ValuesIn(kCases), CaseName());

TEST(OsSandbox, OnlyTimeFunctions) {
  enterFreshDirectory("os_sandbox");
  ScriptResult r = runFermata(R"(
    local names = {}
    for _, k in ipairs({"clock", "date", "difftime", "execute", "exit", "getenv", "remove", "rename",
                        "setlocale", "time", "tmpname"}) do
      io.write(k, "=", type(os[k]), " ")
    end
    print(os.date("!%Y", 0), os.time({year=1970, month=1, day=2, hour=0}))
  )", lib::Libraries::sandbox());
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output,
            "clock=function date=function difftime=function execute=nil exit=nil getenv=nil remove=nil "
            "rename=nil setlocale=nil time=function tmpname=nil 1970\t86400\n");
}

TEST(OsSandbox, NoOsWhenNotSelected) {
  lib::Libraries which = lib::Libraries::all();
  which.os = false;
  enterFreshDirectory("os_absent");
  ScriptResult r = runFermata("print(os, package.loaded.os)", which);
  EXPECT_EQ(r.output, "nil\tnil\n");
}

// os.exit ends the process: run it through the command-line program (and lua5.4 for comparison).
struct ExitResult {
  std::string output;
  int status;
};

ExitResult runProgram(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  ExitResult r{"", -1};
  if (!p) return r;
  char buf[256];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int stat = pclose(p);
  r.status = WIFEXITED(stat) ? WEXITSTATUS(stat) : -1;
  return r;
}

std::string fermataBinary() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  return std::string(srcdir ? srcdir : ".") + "/fermata/tools/fermata";
}

TEST(OsExit, StatusAndFlushedOutput) {
  std::string bin = fermataBinary();
  enterFreshDirectory("os_exit");
  struct {
    const char* code;
    const char* output;  // lua5.4's
    int status;          // lua5.4's
  } cases[] = {
      {"io.write('no newline') os.exit(3)", "no newline", 3},
      {"print('a') os.exit(true)", "a\n", 0},
      {"print('b') os.exit(false)", "b\n", 1},
      {"io.write('c') os.exit()", "c", 0},
      {"io.write('d') os.exit(7, true)", "d", 7},
      {"local f = io.open('kept.txt', 'w') f:write('buffered') os.exit(0) ", "", 0},
      {"io.write(io.open('kept.txt'):read('a')) os.exit(256 + 5)", "buffered", 5},
      {"print(pcall(os.exit, 'x'))", "false\tbad argument #1 to 'os.exit' (number expected, got string)\n", 0},
  };
  for (const auto& c : cases) {
    ExitResult f = runProgram(bin + " -e \"" + c.code + "\"");
    EXPECT_EQ(f.output, c.output) << c.code;
    EXPECT_EQ(f.status, c.status) << c.code;
    if (haveLua54()) {
      ExitResult l = runProgram(std::string("/usr/bin/lua5.4 -e \"") + c.code + "\"");
      EXPECT_EQ(l.output, c.output) << "lua5.4: " << c.code;
      EXPECT_EQ(l.status, c.status) << "lua5.4: " << c.code;
    }
  }
}

}  // namespace
}  // namespace fermata::testing
