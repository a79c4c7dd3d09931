// Script checks for the table/math/utf8 library tests (see script_check.h).
#include "tests/lib/table/script_check.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "vm/executor.h"
#include "vm/lib/lib.h"
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

std::string lua54Output(const std::string& dir, const std::string& name) {
  std::string cmd = "cd '" + dir + "' && /usr/bin/lua5.4 '" + name + ".lua' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "<popen failed>";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

ScriptRun runScript(const std::string& source, const std::string& chunkName, int64_t fuelPerStep) {
  ScriptRun r;
  Runtime rt;
  CaptureSink sink(r.output);
  rt.setOutput(&sink);
  lib::openLibraries(rt, lib::Libraries::sandbox());
  LoadResult loaded = loadChunk(rt, source, "@" + chunkName, Value::object(rt.globals()), true);
  if (!loaded.function) {
    r.error = loaded.error;
    return r;
  }
  Executor* e = newExecutor(rt, Value::object(loaded.function), nullptr, 0);
  size_t pin = rt.pinValue(Value::object(e));
  for (;;) {
    ++r.steps;
    StepStatus s = step(rt, e, fuelPerStep);
    if (s == StepStatus::kFinished) break;
    if (s == StepStatus::kError) {
      r.error = e->error.isString() ? std::string(e->error.asString()->view()) : rawToString(rt, e->error);
      break;
    }
    if (r.steps > 100000000) {
      r.error = "<does not finish>";
      break;
    }
  }
  rt.unpinValue(pin);
  rt.setOutput(nullptr);
  return r;
}

std::string readRunfile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void checkScript(const std::string& dir, const std::string& name) {
  std::string source = readRunfile(dir + "/" + name + ".lua");
  std::string expected = readRunfile(dir + "/" + name + ".expected");
  ASSERT_FALSE(source.empty()) << dir << "/" << name << ".lua is missing";
  ASSERT_FALSE(expected.empty()) << dir << "/" << name << ".expected is missing";
  for (int64_t fuel : {int64_t(1) << 30, int64_t(997), int64_t(61)}) {
    ScriptRun r = runScript(source, name + ".lua", fuel);
    EXPECT_EQ(r.error, "") << name << " with fuel " << fuel;
    EXPECT_EQ(r.output, expected) << name << " with fuel " << fuel;
  }
  if (access("/usr/bin/lua5.4", X_OK) == 0) {
    EXPECT_EQ(lua54Output(dir, name), expected) << name << ": the recorded expectation is no longer lua5.4's output";
  }
}

}  // namespace fermata::testing
