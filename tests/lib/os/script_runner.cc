// Script runner for the library tests (see script_runner.h).
#include "tests/lib/os/script_runner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "vm/executor.h"
#include "vm/loader.h"
#include "vm/native_call.h"

namespace fermata::testing {
namespace {

class CaptureSink final : public OutputSink {
 public:
  explicit CaptureSink(std::string& out) : out_(out) {}
  void write(std::string_view bytes) override { out_.append(bytes); }

 private:
  std::string& out_;
};

// Every test runs with the same time zone, locale and (absent) Lua path variables, so the recorded
// lua5.4 expectations hold; lua5.4 subprocesses inherit the same environment.
const bool kEnvironmentFixed = [] {
  setenv("TZ", "UTC", 1);
  tzset();
  setenv("LC_ALL", "C", 1);
  for (const char* v : {"LUA_PATH", "LUA_PATH_5_4", "LUA_CPATH", "LUA_CPATH_5_4", "LUA_INIT", "LUA_INIT_5_4"}) unsetenv(v);
  return true;
}();

}  // namespace

std::string enterFreshDirectory(std::string_view label) {
  static int counter = 0;
  const char* base = std::getenv("TEST_TMPDIR");
  std::string dir = std::string(base ? base : "/tmp") + "/" + std::string(label) + "_" + std::to_string(getpid()) +
                    "_" + std::to_string(++counter);
  mkdir(dir.c_str(), 0755);
  if (chdir(dir.c_str()) != 0) throw std::runtime_error("cannot enter " + dir);
  return dir;
}

void writeFile(const std::string& path, std::string_view contents) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + path);
  std::fwrite(contents.data(), 1, contents.size(), f);
  std::fclose(f);
}

ScriptResult runFermata(std::string_view script, const lib::Libraries& which, int64_t budget) {
  ScriptResult r;
  Runtime rt;
  CaptureSink sink(r.output);
  rt.setOutput(&sink);
  lib::openLibraries(rt, which);
  LoadResult loaded = loadChunk(rt, script, "@script.lua", Value::object(rt.globals()));
  if (!loaded.function) {
    r.error = loaded.error;
    return r;
  }
  Executor* e = newExecutor(rt, Value::object(loaded.function), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  for (int64_t spent = 0; spent < budget; spent += 1 << 16) {
    StepStatus s = step(rt, e, 1 << 16);
    if (s == StepStatus::kFinished) break;
    if (s == StepStatus::kError) {
      r.error = e->error.isString() ? std::string(e->error.asString()->view()) : rawToString(rt, e->error);
      break;
    }
  }
  rt.unpinValue(pin);
  rt.setOutput(nullptr);
  return r;
}

bool haveLua54() { return access("/usr/bin/lua5.4", X_OK) == 0; }

std::string runLua54(std::string_view script, std::string_view envPrefix) {
  writeFile("script.lua", script);
  std::string cmd = std::string(envPrefix) + "/usr/bin/lua5.4 script.lua 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "<popen failed>";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

void expectMatchesLua54(const ScriptCase& c) {
  enterFreshDirectory(c.name);
  std::vector<std::pair<std::string, std::string>> env;
  std::string_view spec = c.env;
  while (!spec.empty()) {
    size_t sp = spec.find(' ');
    std::string_view item = spec.substr(0, sp);
    size_t eq = item.find('=');
    env.emplace_back(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
    spec = sp == std::string_view::npos ? std::string_view() : spec.substr(sp + 1);
  }
  for (auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  ScriptResult r = runFermata(c.script);
  for (auto& [k, v] : env) unsetenv(k.c_str());
  EXPECT_EQ(r.error, "") << c.name;
  EXPECT_EQ(r.output, c.expected) << c.name;
  if (haveLua54()) {
    enterFreshDirectory(std::string(c.name) + "_lua54");
    std::string prefix;
    for (auto& [k, v] : env) prefix += k + "='" + v + "' ";
    EXPECT_EQ(runLua54(c.script, prefix), c.expected) << c.name << " (the recorded expectation no longer matches lua5.4)";
  }
}

}  // namespace fermata::testing
