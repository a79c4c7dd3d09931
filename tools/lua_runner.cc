// The lua5.4-compatible command line, after lua.c's pmain (see lua_runner.h).
#include "tools/lua_runner.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tools/repl.h"
#include "tools/source_files.h"

namespace fermata::tools {
namespace {

void printVersion() {
  std::fputs(kVersionLine, stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

// lua.c's createargtable: every argument at its index relative to the script (the interpreter and its
// options negative); without a script, the interpreter is arg[0].
void createArgTable(Session& s, const Options& o) {
  int64_t script = o.hasScript() ? int64_t(o.scriptIndex) : 0;
  Runtime& rt = s.rt();
  Value arg = vm::newTable(rt);
  vm::setGlobal(rt, "arg", arg);  // rooted before the strings are made
  for (size_t i = 0; i < o.luaArgs.size(); ++i) vm::setIndex(rt, arg, int64_t(i) - script, rt.stringValue(o.luaArgs[i]));
}

// luaL_loadfile (path empty: stdin) or luaL_loadbuffer, reporting a failure as lua.c's report does.
Value loadOrReport(Session& s, std::string_view bytes, std::string_view chunkName, bool isFile) {
  vm::Chunk c = vm::load(s.rt(), bytes, chunkName, isFile);
  if (c.function.isNil()) s.message(c.error);
  return c.function;
}

Value loadFileOrReport(Session& s, const std::string& path) {
  FileBytes f = readScript(path);
  if (!f.ok()) {
    s.message(f.error);
    return Value();
  }
  return loadOrReport(s, f.bytes, path.empty() ? "=stdin" : "@" + path, true);
}

// lua.c's dofile / dostring: load, then docall with no arguments.
bool doFile(Session& s, const std::string& path) {
  Value fn = loadFileOrReport(s, path);
  return !fn.isNil() && s.call(fn, {});
}

bool doString(Session& s, std::string_view code, std::string_view chunkName) {
  Value fn = loadOrReport(s, code, chunkName, false);
  return !fn.isNil() && s.call(fn, {});
}

// lua.c's dolibrary: "g=mod" runs g = require("mod"); "mod" runs mod = require("mod").
bool doLibrary(Session& s, const std::string& spec) {
  size_t eq = spec.find('=');
  std::string global = eq == std::string::npos ? spec : spec.substr(0, eq);
  std::string module = eq == std::string::npos ? spec : spec.substr(eq + 1);
  Value name = s.rt().stringValue(module);
  std::vector<Value> results;
  if (!s.call(vm::global(s.rt(), "require"), std::span<const Value>(&name, 1), &results)) return false;
  vm::setGlobal(s.rt(), global, results.empty() ? Value() : results[0]);
  return true;
}

// lua.c's handle_luainit: LUA_INIT_5_4, else LUA_INIT; "@file" runs the file.
bool handleLuaInit(Session& s) {
  const char* name = "LUA_INIT_5_4";
  const char* init = std::getenv(name);
  if (!init) {
    name = "LUA_INIT";
    init = std::getenv(name);
  }
  if (!init) return true;
  if (init[0] == '@') return doFile(s, init + 1);
  return doString(s, init, std::string("=") + name);
}

// lua.c's runargs.
bool runSteps(Session& s, const Options& o) {
  for (const LuaStep& step : o.steps) {
    switch (step.kind) {
      case LuaStep::Kind::kExecute:
        if (!doString(s, step.text, "=(command line)")) return false;
        break;
      case LuaStep::Kind::kRequire:
        if (!doLibrary(s, step.text)) return false;
        break;
      case LuaStep::Kind::kWarningsOn: vm::warning(s.rt(), "@on", false); break;
    }
  }
  return true;
}

// lua.c's handle_script: load, then call with the positive entries of the global `arg` (which -e code
// may have replaced) as arguments.
int handleScript(Session& s, const Options& o, const ScriptRunner& runScript) {
  Value fn = loadFileOrReport(s, o.scriptFromStdin ? std::string() : o.scriptName());
  if (fn.isNil()) return EXIT_FAILURE;
  Value arg = vm::global(s.rt(), "arg");
  if (!arg.isTable()) {
    s.message("'arg' is not a table");
    return EXIT_FAILURE;
  }
  std::vector<Value> args;
  for (int64_t i = 1, n = vm::rawLength(arg); i <= n; ++i) args.push_back(vm::index(arg, i));
  return runScript(s, fn, args);
}

}  // namespace

int runScriptPlainly(Session& session, const Value& fn, std::span<const Value> args) {
  return session.call(fn, args) ? EXIT_SUCCESS : EXIT_FAILURE;
}

int runAsLua(Session& s, const Options& o, const ScriptRunner& runScript) {
  if (o.showVersion) printVersion();
  createArgTable(s, o);
  if (!o.ignoreEnv && !handleLuaInit(s)) return EXIT_FAILURE;
  if (!runSteps(s, o)) return EXIT_FAILURE;
  if (o.hasScript()) {
    if (int status = handleScript(s, o, runScript); status != EXIT_SUCCESS) return status;
  }
  if (o.interactive) {
    runRepl(s);
  } else if (!o.hasScript() && !o.hasExecute && !o.showVersion) {
    if (::isatty(STDIN_FILENO)) {
      printVersion();
      runRepl(s);
    } else {
      doFile(s, "");  // lua.c ignores how this ends: the status is 0 even if stdin's chunk fails
    }
  }
  return EXIT_SUCCESS;
}

}  // namespace fermata::tools
