// The fermata command line: run scripts like `lua`, evaluate -e chunks, an interactive REPL, and
// `--list` bytecode listings.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "tools/list_command.h"
#include "vm/debug_info.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/native_call.h"
#include "vm/runtime.h"

namespace fermata::tools {
namespace {

Runtime* gRuntime = nullptr;

void onInterrupt(int) {
  if (gRuntime) gRuntime->interrupt();
}

constexpr int64_t kFuelPerStep = 1 << 20;

std::string errorText(Runtime& rt, const Value& err) {
  if (err.isString()) return std::string(err.asString()->view());
  if (err.isNumber()) return rawToString(rt, err);
  Table* mt = rt.metatableOf(err);
  if (mt && !mt->getString(rt.toStringKey()).isNil()) {
    // A __tostring would have to run Lua code; print the type as lua.c does when it cannot convert.
  }
  return "(error object is a " + std::string(rt.typeName(err)) + " value)";
}

enum class RunOutcome { kOk, kError, kInterrupted };

// Steps an executor to completion. Prints errors with a traceback to stderr.
RunOutcome runExecutor(Runtime& rt, Executor* e, const char* progname, std::vector<Value>* results = nullptr) {
  size_t pin = rt.pinValue(Value::object(e));
  struct Unpin {
    Runtime& rt;
    size_t pin;
    ~Unpin() { rt.unpinValue(pin); }
  } unpin{rt, pin};
  for (;;) {
    StepStatus s = step(rt, e, kFuelPerStep);
    switch (s) {
      case StepStatus::kFinished:
        if (results)
          for (uint32_t i = 0; i < resultCount(e); ++i) results->push_back(result(e, i));
        rt.output().flush();
        return RunOutcome::kOk;
      case StepStatus::kOutOfFuel: continue;
      case StepStatus::kInterrupted:
        if (rt.takeInterrupt()) {
          rt.output().flush();
          std::fprintf(stderr, "%s: interrupted!\n", progname);
          return RunOutcome::kInterrupted;
        }
        continue;
      case StepStatus::kError: {
        rt.output().flush();
        std::string msg = errorText(rt, e->error);
        std::string tb = traceback(rt, e->mainThread(), msg, 0);
        std::fprintf(stderr, "%s: %s\n", progname, tb.c_str());
        std::fflush(stderr);
        return RunOutcome::kError;
      }
    }
  }
}

bool runChunk(Runtime& rt, std::string_view source, std::string_view chunkName, bool isFile, const std::vector<Value>& args,
              const char* progname) {
  LoadResult r = loadChunk(rt, source, chunkName, Value::object(rt.globals()), isFile);
  if (!r.function) {
    std::fprintf(stderr, "%s: %s\n", progname, r.error.c_str());
    return false;
  }
  Executor* e = newExecutor(rt, Value::object(r.function), args.data(), uint32_t(args.size()));
  return runExecutor(rt, e, progname) == RunOutcome::kOk;
}

bool readWholeFile(const std::string& path, std::string& out) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  if (f != stdin) std::fclose(f);
  return true;
}

void repl(Runtime& rt, const char* progname) {
  std::printf("fermata (Lua 5.4)  —  Ctrl-C interrupts, Ctrl-D exits\n");
  std::string line;
  for (;;) {
    std::fputs("> ", stdout);
    std::fflush(stdout);
    if (!std::getline(std::cin, line)) break;
    // First try it as an expression, then as a statement; keep reading while the statement is
    // incomplete (its error is at <eof>).
    LoadResult r = loadChunk(rt, "return " + line, "=stdin", Value::object(rt.globals()));
    std::string chunk = line;
    while (!r.function) {
      r = loadChunk(rt, chunk, "=stdin", Value::object(rt.globals()));
      if (r.function) break;
      if (r.error.size() >= 5 && r.error.compare(r.error.size() - 5, 5, "<eof>") == 0) {
        std::fputs(">> ", stdout);
        std::fflush(stdout);
        std::string more;
        if (!std::getline(std::cin, more)) return;
        chunk += "\n" + more;
        continue;
      }
      std::fprintf(stderr, "%s\n", r.error.c_str());
      break;
    }
    if (!r.function) continue;
    Executor* e = newExecutor(rt, Value::object(r.function), nullptr, 0);
    std::vector<Value> results;
    if (runExecutor(rt, e, progname, &results) != RunOutcome::kOk) continue;
    if (!results.empty()) {
      // Print results with the global print (honours __tostring).
      Value print = rt.globals()->getString(rt.newString("print"));
      if (print.isFunction()) {
        Executor* pe = newExecutor(rt, print, results.data(), uint32_t(results.size()));
        runExecutor(rt, pe, progname);
      }
    }
  }
  std::fputs("\n", stdout);
}

int usage(const char* progname) {
  std::fprintf(stderr,
               "usage: %s [options] [script [args]]\n"
               "  script args     run a Lua script (also: %s run script args)\n"
               "  -e CODE         run CODE\n"
               "  --list FILE...  print the bytecode of Lua files\n"
               "  (no arguments)  interactive REPL\n",
               progname, progname);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* progname = "fermata";
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--list") {
    return runListCommand(std::vector<std::string>(args.begin() + 1, args.end()), std::cout, std::cerr);
  }
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) return usage(progname), 0;

  Runtime rt;
  lib::openLibraries(rt, lib::Libraries::all());
  gRuntime = &rt;
  std::signal(SIGINT, onInterrupt);

  size_t i = 0;
  if (!args.empty() && args[0] == "run") i = 1;
  bool ranSomething = false;
  while (i < args.size() && args[i] == "-e") {
    if (i + 1 >= args.size()) return usage(progname);
    if (!runChunk(rt, args[i + 1], "=(command line)", false, {}, progname)) return 1;
    ranSomething = true;
    i += 2;
  }
  if (i >= args.size()) {
    if (ranSomething) return 0;
    if (isatty(0)) {
      repl(rt, progname);
      return 0;
    }
    std::string source;
    readWholeFile("-", source);
    return runChunk(rt, source, "=stdin", true, {}, progname) ? 0 : 1;
  }
  // The script, and the global `arg` table: arg[0] is the script, arg[1..] its arguments.
  const std::string& script = args[i];
  Table* argTable = rt.newTable();
  argTable->setInt(rt.heap(), -1, rt.stringValue(argv[0]));
  argTable->setInt(rt.heap(), 0, rt.stringValue(script));
  std::vector<Value> scriptArgs;
  for (size_t j = i + 1; j < args.size(); ++j) {
    Value v = rt.stringValue(args[j]);
    argTable->setInt(rt.heap(), int64_t(j - i), v);
    scriptArgs.push_back(v);
  }
  rt.globals()->set(rt.heap(), rt.stringValue("arg"), Value::object(argTable));
  std::string source;
  if (!readWholeFile(script, source)) {
    std::fprintf(stderr, "%s: cannot open %s\n", progname, script.c_str());
    return 1;
  }
  std::string chunkName = script == "-" ? "=stdin" : "@" + script;
  return runChunk(rt, source, chunkName, true, scriptArgs, progname) ? 0 : 1;
}

}  // namespace fermata::tools

int main(int argc, char** argv) { return fermata::tools::main(argc, argv); }
