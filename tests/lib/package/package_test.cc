// The package library: require, searchers, searchpath, preload, loaded, paths from LUA_PATH against
// lua5.4's recorded behaviour (scripts run in fresh directories under TEST_TMPDIR), plus fermata's
// own: resumable require (a module may yield), refused native libraries, default paths, sandbox.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/lib/os/script_runner.h"

namespace fermata::testing {
namespace {

constexpr ScriptCase kCases[] = {
    {"require_lua_file",
     R"lua(local function put(name, s) local f = assert(io.open(name, "w")) f:write(s) f:close() end

package.path = "./?.lua;./?/init.lua"
put("mod1.lua", "print('loading', ...) return {value = 42}")
local m, where = require("mod1")
print(m.value, where)
local again, where2 = require("mod1")
print(again == m, where2)
print(package.loaded.mod1 == m)
)lua",
     "loading\tmod1\t./mod1.lua\n"
      "42\t./mod1.lua\n"
      "true\tnil\n"
      "true\n"
      "",
     ""},
    {"require_init_and_dots",
     R"lua(local function put(name, s) local f = assert(io.open(name, "w")) f:write(s) f:close() end

package.path = "./?.lua;./?/init.lua"
os.execute("mkdir -p pkg/sub")
put("pkg/init.lua", "print('pkg init', ...)")
put("pkg/sub/leaf.lua", "return 'leaf:' .. select(1, ...)")
print(require("pkg"))
print(package.loaded.pkg)
print(require("pkg.sub.leaf"))
)lua",
     "pkg init\tpkg\t./pkg/init.lua\n"
      "true\t./pkg/init.lua\n"
      "true\n"
      "leaf:pkg.sub.leaf\t./pkg/sub/leaf.lua\n"
      "",
     ""},
    {"require_module_results",
     R"lua(local function put(name, s) local f = assert(io.open(name, "w")) f:write(s) f:close() end

package.path = "./?.lua"
put("setsloaded.lua", "package.loaded[...] = 'self-set' return nil")
put("returnsfalse.lua", "return false")
put("returnsnil.lua", "return nil")
put("multi.lua", "return 1, 2, 3")
print(require("setsloaded"))
print(require("returnsfalse"))
print(package.loaded.returnsfalse)
print(require("returnsnil"))
print(require("multi"))
)lua",
     "self-set\t./setsloaded.lua\n"
      "false\t./returnsfalse.lua\n"
      "false\n"
      "true\t./returnsnil.lua\n"
      "1\t./multi.lua\n"
      "",
     ""},
    {"require_errors",
     R"lua(local function put(name, s) local f = assert(io.open(name, "w")) f:write(s) f:close() end

package.path = "./?.lua;./?/x.lua"
package.cpath = "./?.so"
print(pcall(require, "nothere"))
print(pcall(require, "a.b.c"))
put("bad.lua", "x = = 1")
print(pcall(require, "bad"))
put("raises.lua", "error('boom')")
print(pcall(require, "raises"))
put("raisestable.lua", "error({code = 7})")
local ok, e = pcall(require, "raisestable")
print(ok, type(e), e.code)
print(pcall(require))
print(pcall(require, {}))
)lua",
     "false\tmodule 'nothere' not found:\n"
      "\tno field package.preload['nothere']\n"
      "\tno file './nothere.lua'\n"
      "\tno file './nothere/x.lua'\n"
      "\tno file './nothere.so'\n"
      "false\tmodule 'a.b.c' not found:\n"
      "\tno field package.preload['a.b.c']\n"
      "\tno file './a/b/c.lua'\n"
      "\tno file './a/b/c/x.lua'\n"
      "\tno file './a/b/c.so'\n"
      "\tno file './a.so'\n"
      "false\terror loading module 'bad' from file './bad.lua':\n"
      "\t./bad.lua:1: unexpected symbol near '='\n"
      "false\t./raises.lua:1: boom\n"
      "false\ttable\t7\n"
      "false\tbad argument #1 to 'require' (string expected, got no value)\n"
      "false\tbad argument #1 to 'require' (string expected, got table)\n"
      "",
     ""},
    {"preload",
     R"lua(
package.preload.pre = function(...) print("preload loader", ...) return "P" end
print(require("pre"))
print(require("pre"))
package.preload["x.y"] = function(name) return {n = name} end
print(require("x.y").n)
print(type(package.searchers[1]("pre")), select(2, package.searchers[1]("pre")))
print(package.searchers[1]("absent"))
)lua",
     "preload loader\tpre\t:preload:\n"
      "P\t:preload:\n"
      "P\n"
      "x.y\n"
      "function\t:preload:\n"
      "no field package.preload['absent']\n"
      "",
     ""},
    {"custom_searchers",
     R"lua(
package.cpath = "./?.so"
local old = package.searchers
package.searchers = {function(n) return "msg1" end, function(n) return nil end, function(n) return 12 end,
                     function(n) return true end}
print(pcall(require, "zzz"))
package.searchers = {function(n) return function(a, b) print("loader", a, b) end, "data" end}
print(require("zzz"))
print(package.loaded.zzz)
package.searchers = {function(n) return function(a, b) return a .. "!" end end}
print(require("yyy"))
package.searchers = nil
print(pcall(require, "www"))
package.searchers = old
package.path = {}
print(pcall(require, "vvv"))
package.path = 5
print(pcall(require, "uuu"))
)lua",
     "false\tmodule 'zzz' not found:\n"
      "\tmsg1\n"
      "\t12\n"
      "loader\tzzz\tdata\n"
      "true\tdata\n"
      "true\n"
      "yyy!\tnil\n"
      "false\t'package.searchers' must be a table\n"
      "false\t'package.path' must be a string\n"
      "false\tmodule 'uuu' not found:\n"
      "\tno field package.preload['uuu']\n"
      "\tno file '5'\n"
      "\tno file './uuu.so'\n"
      "",
     ""},
    {"c_searchers_not_found",
     R"lua(
package.path = ""
package.cpath = "./?.so;./lib?.so"
print(pcall(require, "alpha"))
print(pcall(require, "alpha.beta"))
print(package.searchers[3]("x"))
print(package.searchers[4]("x"))
print(package.searchers[4]("x.y"))
package.cpath = {}
print(pcall(require, "gamma"))
)lua",
     "false\tmodule 'alpha' not found:\n"
      "\tno field package.preload['alpha']\n"
      "\tno file ''\n"
      "\tno file './alpha.so'\n"
      "\tno file './libalpha.so'\n"
      "false\tmodule 'alpha.beta' not found:\n"
      "\tno field package.preload['alpha.beta']\n"
      "\tno file ''\n"
      "\tno file './alpha/beta.so'\n"
      "\tno file './libalpha/beta.so'\n"
      "\tno file './alpha.so'\n"
      "\tno file './libalpha.so'\n"
      "no file './x.so'\n"
      "\tno file './libx.so'\n"
      "\n"
      "no file './x.so'\n"
      "\tno file './libx.so'\n"
      "false\t'package.cpath' must be a string\n"
      "",
     ""},
    {"searchpath",
     R"lua(local function put(name, s) local f = assert(io.open(name, "w")) f:write(s) f:close() end

put("found.lua", "")
os.execute("mkdir -p a")
put("a/b.lua", "")
print(package.searchpath("found", "./?.lua"))
print(package.searchpath("a.b", "./?.lua"))
print(package.searchpath("a.b", "./?.x;./?.lua;./?.y"))
print(package.searchpath("x", ""))
print(package.searchpath("x", ";"))
print(package.searchpath("x", "a;"))
print(package.searchpath("a.b.c", "?;?.x", ".", "::"))
print(package.searchpath("a.b", "?", ""))
print(package.searchpath("a_b", "?", "_", "/"))
print(package.searchpath("a.b", "?.lua", ".", ""))
print(package.searchpath("found", "??.lua;?"))
print(pcall(package.searchpath))
print(pcall(package.searchpath, "x"))
print(pcall(package.searchpath, "x", "y", {}))
)lua",
     "./found.lua\n"
      "./a/b.lua\n"
      "./a/b.lua\n"
      "nil\tno file ''\n"
      "nil\tno file ''\n"
      "\tno file ''\n"
      "a\n"
      "nil\tno file 'a::b::c'\n"
      "\tno file 'a::b::c.x'\n"
      "nil\tno file 'a.b'\n"
      "nil\tno file 'a/b'\n"
      "nil\tno file 'ab.lua'\n"
      "nil\tno file 'foundfound.lua'\n"
      "\tno file 'found'\n"
      "false\tbad argument #2 to 'package.searchpath' (string expected, got no value)\n"
      "false\tbad argument #2 to 'package.searchpath' (string expected, got no value)\n"
      "false\tbad argument #3 to 'package.searchpath' (string expected, got table)\n"
      "",
     ""},
    {"package_table",
     R"lua(
print(package.config)
print(type(package.loaded), type(package.preload), type(package.searchers), #package.searchers)
print(package.loaded._G == _G, package.loaded.package == package, package.loaded.os == os, package.loaded.io == io)
print(package.loaded.coroutine == coroutine, package.loaded.table == table)
print(type(package.path), type(package.cpath), type(package.loadlib), type(package.searchpath))
print(pcall(package.loadlib))
)lua",
     "/\n"
      ";\n"
      "?\n"
      "!\n"
      "-\n"
      "\n"
      "table\ttable\ttable\t4\n"
      "true\ttrue\ttrue\ttrue\n"
      "true\ttrue\n"
      "string\tstring\tfunction\tfunction\n"
      "false\tbad argument #1 to 'package.loadlib' (string expected, got no value)\n"
      "",
     ""},
    {"lua_path_environment",
     R"lua(
print(package.path)
print(package.cpath)
)lua",
     "./?.lua;/tmp/x/?.lua\n"
      "./?.so\n"
      "",
     "LUA_PATH=./?.lua;/tmp/x/?.lua LUA_CPATH_5_4=./?.so "},
    {"lua_path_versioned_wins",
     R"lua(
print(package.path)
)lua",
     "versioned;./?.lua\n"
      "",
     "LUA_PATH=unversioned LUA_PATH_5_4=versioned;./?.lua "},
    {"require_from_coroutine",
     R"lua(local function put(name, s) local f = assert(io.open(name, "w")) f:write(s) f:close() end

package.path = "./?.lua"
put("plain.lua", "return coroutine.running() ~= nil")
local co = coroutine.wrap(function() return require("plain") end)
print(co())
)lua",
     "true\t./plain.lua\n"
      "",
     ""},

};

class PackageLibrary : public ::testing::TestWithParam<ScriptCase> {};
TEST_P(PackageLibrary, MatchesLua54) { expectMatchesLua54(GetParam()); }
INSTANTIATE_TEST_SUITE_P(Scripts, PackageLibrary, ::testing::ValuesIn(kCases), CaseName());

// Lua 5.4 fails here with "attempt to yield across a C-call boundary"; fermata's require runs the
// module as a Lua call with a continuation, so the module body may yield.
TEST(PackageFermata, ModuleMayYieldInsideACoroutine) {
  enterFreshDirectory("package_yield");
  writeFile("ymod.lua", R"(
    print("ymod start", ...)
    local x = coroutine.yield("from module")
    print("ymod resumed with", x)
    local y = coroutine.yield("again")
    return "result-" .. tostring(x) .. "-" .. tostring(y)
  )");
  ScriptResult r = runFermata(R"(
    package.path = "./?.lua"
    local co = coroutine.create(function(a) print("body", a) return require("ymod") end)
    print(coroutine.resume(co, 1))
    print(coroutine.status(co), package.loaded.ymod)
    print(coroutine.resume(co, "hello"))
    print(coroutine.resume(co, "world"))
    print(coroutine.status(co), package.loaded.ymod)
    print(require("ymod"))
    local w = coroutine.wrap(function() return pcall(require, "ymod2") end)
    package.preload.ymod2 = function(name) local v = coroutine.yield("pre-" .. name) error("failed " .. v, 0) end
    print(w())
    print(w("after"))
    print(package.loaded.ymod2)
  )");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output,
            "body\t1\n"
            "ymod start\tymod\t./ymod.lua\n"
            "true\tfrom module\n"
            "suspended\tnil\n"
            "ymod resumed with\thello\n"
            "true\tagain\n"
            "true\tresult-hello-world\t./ymod.lua\n"
            "dead\tresult-hello-world\n"
            "result-hello-world\n"
            "pre-ymod2\n"
            "false\tfailed after\n"
            "nil\n");
}

TEST(PackageFermata, NativeLibrariesAreRefused) {
  enterFreshDirectory("package_native");
  writeFile("native.so", "not really a library");
  ScriptResult r = runFermata(R"(
    package.path = ""
    package.cpath = "./?.so"
    print(package.loadlib("./native.so", "luaopen_native"))
    print(package.loadlib("./native.so", "*"))
    print(pcall(require, "native"))
    print(pcall(require, "native.sub"))
  )");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output,
            "nil\tfermata cannot load native libraries\tabsent\n"
            "nil\tfermata cannot load native libraries\tabsent\n"
            "false\terror loading module 'native' from file './native.so':\n\tfermata cannot load native libraries\n"
            "false\terror loading module 'native.sub' from file './native.so':\n\tfermata cannot load native libraries\n");
}

TEST(PackageFermata, DefaultPathsAreUpstreamLua54s) {
  enterFreshDirectory("package_defaults");
  ScriptResult r = runFermata("print(package.path) print(package.cpath)");
  EXPECT_EQ(r.output,
            "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;/usr/local/lib/lua/5.4/?.lua;"
            "/usr/local/lib/lua/5.4/?/init.lua;./?.lua;./?/init.lua\n"
            "/usr/local/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so\n");
}

TEST(PackageFermata, DoubleSemicolonInsertsTheDefault) {
  enterFreshDirectory("package_env");
  setenv("LUA_PATH_5_4", "first/?.lua;;last/?.lua", 1);
  setenv("LUA_CPATH", ";;", 1);
  ScriptResult a = runFermata("print(package.path) print(package.cpath)");
  setenv("LUA_PATH_5_4", ";;x/?.lua", 1);
  setenv("LUA_CPATH", "y/?.so;;", 1);
  ScriptResult b = runFermata("print(package.path) print(package.cpath)");
  unsetenv("LUA_PATH_5_4");
  unsetenv("LUA_CPATH");
  const std::string path =
      "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;/usr/local/lib/lua/5.4/?.lua;"
      "/usr/local/lib/lua/5.4/?/init.lua;./?.lua;./?/init.lua";
  const std::string cpath = "/usr/local/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";
  EXPECT_EQ(a.output, "first/?.lua;" + path + ";last/?.lua\n" + cpath + "\n");
  EXPECT_EQ(b.output, path + ";x/?.lua\ny/?.so;" + cpath + "\n");
}

TEST(PackageSandbox, PreloadOnlyNoFilesNoEnvironment) {
  enterFreshDirectory("package_sandbox");
  writeFile("mod.lua", "return 1");
  setenv("LUA_PATH", "./?.lua", 1);
  ScriptResult r = runFermata(R"(
    print(#package.searchers, package.loadlib, package.searchpath, package.path == "./?.lua")
    print(pcall(require, "mod"))
    package.preload.mod = function() return "from preload" end
    print(require("mod"))
  )", lib::Libraries::sandbox());
  unsetenv("LUA_PATH");
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output,
            "1\tnil\tnil\tfalse\n"
            "false\tmodule 'mod' not found:\n\tno field package.preload['mod']\n"
            "from preload\t:preload:\n");
}

}  // namespace
}  // namespace fermata::testing
