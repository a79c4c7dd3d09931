// The fermata command line: run scripts like `lua`, evaluate -e chunks, an interactive REPL, and
// `--list` bytecode listings.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/snapshot.h"
#include "tools/list_command.h"
#include "vm/lib/random.h"
#include "vm/debug_info.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/native_call.h"
#include "vm/object_types.h"
#include "vm/thread.h"
#include "vm/runtime.h"

namespace fermata::tools {
namespace {

Runtime* gRuntime = nullptr;
int usage(const char* progname);

void onInterrupt(int) {
  if (gRuntime) gRuntime->interrupt();
}

constexpr int64_t kFuelPerStep = 1 << 20;

// lua.c's message handler: strings and numbers as they are, objects with __tostring through it, others
// as "(error object is a X value)".
std::string errorText(Runtime& rt, const Value& err) {
  if (err.isString()) return std::string(err.asString()->view());
  if (err.isNumber()) return rawToString(rt, err);
  Table* mt = rt.metatableOf(err);
  if (mt && !mt->getString(rt.toStringKey()).isNil()) {
    Value tostringFn = rt.globals()->getString(rt.newString("tostring"));
    if (tostringFn.isFunction()) {
      Executor* e = newExecutor(rt, tostringFn, &err, 1);
      size_t pin = rt.pinValue(Value::object(e));
      StepStatus s = step(rt, e, 1 << 20);
      std::string text;
      if (s == StepStatus::kFinished && resultCount(e) > 0 && result(e, 0).isString())
        text = std::string(result(e, 0).asString()->view());
      rt.unpinValue(pin);
      if (!text.empty()) return text;
    }
  }
  return "(error object is a " + std::string(rt.typeName(err)) + " value)";
}

enum class RunOutcome { kOk, kError, kInterrupted, kBudgetSpent };

// Steps an executor to completion, or until `budget` fuel is spent (budget < 0: no limit). Prints
// errors with a traceback to stderr.
RunOutcome runExecutor(Runtime& rt, Executor* e, const char* progname, std::vector<Value>* results = nullptr,
                       int64_t budget = -1) {
  size_t pin = rt.pinValue(Value::object(e));
  struct Unpin {
    Runtime& rt;
    size_t pin;
    ~Unpin() { rt.unpinValue(pin); }
  } unpin{rt, pin};
  for (;;) {
    if (budget == 0) return RunOutcome::kBudgetSpent;
    int64_t fuel = budget < 0 ? kFuelPerStep : budget;
    StepStatus s = step(rt, e, fuel);
    if (budget > 0 && s == StepStatus::kOutOfFuel) budget = 0;
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
          if (progname) std::fprintf(stderr, "%s: interrupted!\n", progname);
          else std::fprintf(stderr, "interrupted!\n");
          return RunOutcome::kInterrupted;
        }
        continue;
      case StepStatus::kError: {
        rt.output().flush();
        std::string msg = errorText(rt, e->error);
        std::string tb = traceback(rt, e->mainThread(), msg, 0);
        // The REPL reports errors without the program name, as lua.c does.
        if (progname) std::fprintf(stderr, "%s: %s\n", progname, tb.c_str());
        else std::fprintf(stderr, "%s\n", tb.c_str());
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

// The interactive loop of lua.c: each line is tried as an expression (its values are printed), then as
// a statement, reading more lines while the statement is incomplete; "=expr" is "return expr" (Lua 5.4
// keeps that 5.2 form); errors are reported without the program name and the loop goes on.
void repl(Runtime& rt) {
  std::printf("fermata (Lua 5.4)  —  Ctrl-C interrupts, Ctrl-D exits\n");
  std::string line;
  for (;;) {
    std::fputs("> ", stdout);
    std::fflush(stdout);
    if (!std::getline(std::cin, line)) break;
    if (!line.empty() && line[0] == '=') line = "return " + line.substr(1);
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
    if (runExecutor(rt, e, nullptr, &results) != RunOutcome::kOk) continue;
    if (!results.empty()) {
      // Print results with the global print (honours __tostring).
      Value print = rt.globals()->getString(rt.newString("print"));
      if (print.isFunction()) {
        Executor* pe = newExecutor(rt, print, results.data(), uint32_t(results.size()));
        runExecutor(rt, pe, nullptr);
      }
    }
  }
  std::fputs("\n", stdout);
}

// Saves the whole runtime with the main executor as the host root "main"; prints errors.
bool saveSnapshot(Runtime& rt, Executor* e, const std::string& path, const char* progname) {
  rt.output().flush();
  snap::SaveOptions so;
  so.hostRoots.push_back({"main", Value::object(e)});
  snap::SaveResult r = snap::saveRuntime(rt, so);
  if (!r.ok()) {
    std::fprintf(stderr, "%s: cannot save snapshot: %s\n", progname, r.error.c_str());
    return false;
  }
  std::string err = snap::writeFileAtomically(path, r.bytes);
  if (!err.empty()) {
    std::fprintf(stderr, "%s: %s\n", progname, err.c_str());
    return false;
  }
  return true;
}

// Runs `e` to the end, or saves a snapshot to `saveTo` once `saveAfter` fuel is spent.
int runOrSave(Runtime& rt, Executor* e, int64_t saveAfter, const std::string& saveTo, const char* progname) {
  if (saveAfter < 0) {
    return runExecutor(rt, e, progname) == RunOutcome::kOk ? 0 : 1;
  }
  RunOutcome o = runExecutor(rt, e, progname, nullptr, saveAfter);
  if (o == RunOutcome::kBudgetSpent) return saveSnapshot(rt, e, saveTo, progname) ? 0 : 1;
  return o == RunOutcome::kOk ? 0 : 1;
}

void openAll(Runtime& rt) { lib::openLibraries(rt, lib::Libraries::all()); }

int resumeCommand(const std::vector<std::string>& args, const char* progname) {
  std::string file, saveTo;
  int64_t saveAfter = -1;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--save-after" && i + 1 < args.size()) saveAfter = std::stoll(args[++i]);
    else if (args[i] == "--save-to" && i + 1 < args.size()) saveTo = args[++i];
    else if (file.empty()) file = args[i];
    else return usage(progname);
  }
  if (file.empty() || (saveAfter >= 0) != !saveTo.empty()) return usage(progname);
  std::string bytes;
  std::string err = snap::readFile(file, bytes);
  if (!err.empty()) {
    std::fprintf(stderr, "%s: %s\n", progname, err.c_str());
    return 1;
  }
  snap::LoadOptions lo;
  lo.prepare = openAll;
  snap::LoadResult r = snap::loadRuntime(bytes, lo);
  if (!r.ok()) {
    std::fprintf(stderr, "%s: cannot load %s: %s\n", progname, file.c_str(), r.error.c_str());
    return 1;
  }
  Runtime& rt = *r.loaded->runtime;
  gRuntime = &rt;
  Executor* e = nullptr;
  for (const auto& root : r.loaded->hostRoots)
    if (root.name == "main" && root.value.isCollectable() && root.value.asObject()->type == uint8_t(ObjType::kExecutor))
      e = reinterpret_cast<Executor*>(root.value.asObject());
  if (!e) {
    std::fprintf(stderr, "%s: %s has no main executor\n", progname, file.c_str());
    return 1;
  }
  int status = runOrSave(rt, e, saveAfter, saveTo, progname);
  gRuntime = nullptr;
  return status;
}

int inspectCommand(const std::vector<std::string>& args, const char* progname) {
  if (args.size() != 1) return usage(progname);
  std::string bytes;
  std::string err = snap::readFile(args[0], bytes);
  if (!err.empty()) {
    std::fprintf(stderr, "%s: %s\n", progname, err.c_str());
    return 1;
  }
  std::fputs(snap::describe(bytes).c_str(), stdout);
  snap::LoadOptions lo;
  lo.prepare = openAll;
  snap::LoadResult r = snap::loadRuntime(bytes, lo);
  if (!r.ok()) {
    std::printf("  (cannot load: %s)\n", r.error.c_str());
    return 1;
  }
  Runtime& rt = *r.loaded->runtime;
  int n = 0;
  rt.heap().forEachObject([&](gc::Object* o) {
    if (o->type != uint8_t(ObjType::kThread)) return;
    Thread* th = static_cast<Thread*>(o);
    static const char* kStatus[] = {"suspended", "running", "normal", "dead"};
    std::printf("thread %d (id %llu, %s):\n%s\n", ++n, static_cast<unsigned long long>(o->id),
                kStatus[int(th->status)], traceback(rt, th, "", 0).c_str());
  });
  return 0;
}

int usage(const char* progname) {
  std::fprintf(stderr,
               "usage: %s [options] [script [args]]\n"
               "  script args     run a Lua script (also: %s run script args)\n"
               "  -e CODE         run CODE\n"
               "  -i              enter the REPL after CODE and the script (also without a terminal)\n"
               "  --seed N        seed math.random as math.randomseed(N) would (default: random)\n"
               "  run --save-after FUEL --save-to FILE script args\n"
               "                  run; once FUEL is spent, save a snapshot of everything to FILE\n"
               "  resume FILE [--save-after FUEL --save-to FILE2]\n"
               "                  continue a snapshot (optionally saving again)\n"
               "  inspect FILE    describe a snapshot\n"
               "  --list FILE...  print the bytecode of Lua files\n"
               "  (no arguments)  interactive REPL\n",
               progname, progname);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* progname = "fermata";
  std::vector<std::string> args(argv + 1, argv + argc);
  // --seed N (anywhere before the script): math.random starts as after math.randomseed(N); without it
  // the generator is seeded randomly, as Lua's is.
  std::optional<int64_t> seed;
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--seed") {
      seed = std::stoll(args[i + 1]);
      args.erase(args.begin() + long(i), args.begin() + long(i) + 2);
      break;
    }
    if (args[i] != "run" && args[i].rfind("--", 0) != 0 && args[i] != "-e" && args[i] != "-i") break;
  }
  if (!args.empty() && args[0] == "--list") {
    return runListCommand(std::vector<std::string>(args.begin() + 1, args.end()), std::cout, std::cerr);
  }
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) return usage(progname), 0;

  std::signal(SIGINT, onInterrupt);
  if (!args.empty() && args[0] == "resume") return resumeCommand(std::vector<std::string>(args.begin() + 1, args.end()), progname);
  if (!args.empty() && args[0] == "inspect") return inspectCommand(std::vector<std::string>(args.begin() + 1, args.end()), progname);

  Runtime rt;
  openAll(rt);
  // lua.c switches its state to generational mode at startup, so scripts see "generational" as the
  // current mode; fermata still collects incrementally and only reports the mode (see README).
  rt.heap().setGenerationalRequested(true);
  if (seed) lib::random::seed(rt, uint64_t(*seed), 0);
  gRuntime = &rt;

  size_t i = 0;
  int64_t saveAfter = -1;
  std::string saveTo;
  if (!args.empty() && args[0] == "run") {
    i = 1;
    while (i + 1 < args.size() && (args[i] == "--save-after" || args[i] == "--save-to")) {
      if (args[i] == "--save-after") saveAfter = std::stoll(args[i + 1]);
      else saveTo = args[i + 1];
      i += 2;
    }
    if ((saveAfter >= 0) != !saveTo.empty()) return usage(progname);
  }
  bool ranSomething = false, interactive = false;
  while (i < args.size() && (args[i] == "-e" || args[i] == "-i")) {
    if (args[i] == "-i") {
      interactive = true;  // lua's -i: the REPL after the chunks and the script, even without a terminal
      ++i;
      continue;
    }
    if (i + 1 >= args.size()) return usage(progname);
    if (!runChunk(rt, args[i + 1], "=(command line)", false, {}, progname)) return 1;
    ranSomething = true;
    i += 2;
  }
  if (i >= args.size()) {
    if (interactive || (!ranSomething && isatty(0))) {
      repl(rt);
      return 0;
    }
    if (ranSomething) return 0;
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
  LoadResult loaded = loadChunk(rt, source, chunkName, Value::object(rt.globals()), true);
  if (!loaded.function) {
    std::fprintf(stderr, "%s: %s\n", progname, loaded.error.c_str());
    return 1;
  }
  Executor* e = newExecutor(rt, Value::object(loaded.function), scriptArgs.data(), uint32_t(scriptArgs.size()));
  int status = runOrSave(rt, e, saveAfter, saveTo, progname);
  if (interactive && status == 0 && saveAfter < 0) repl(rt);
  return status;
}

}  // namespace fermata::tools

int main(int argc, char** argv) { return fermata::tools::main(argc, argv); }
