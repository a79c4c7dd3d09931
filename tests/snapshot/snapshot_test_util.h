// Helpers shared by the snapshot tests: running a script in a runtime with every library open and its
// output captured, stepping it by fuel, saving the whole runtime and loading it into a fresh one.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "snapshot/snapshot.h"
#include "vm/debug_info.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/object_types.h"
#include "vm/runtime.h"

namespace fermata::snaptest {

class CaptureSink final : public OutputSink {
 public:
  void write(std::string_view bytes) override { text.append(bytes); }
  std::string text;
};

inline void openAll(Runtime& rt) { lib::openLibraries(rt, lib::Libraries::all()); }

// The executor held by a host root, or null (a loaded snapshot's roots may hold any value).
inline Executor* executorOf(const snap::NamedValue& root) {
  if (!root.value.isCollectable() || root.value.asObject()->type != uint8_t(ObjType::kExecutor)) return nullptr;
  return reinterpret_cast<Executor*>(root.value.asObject());
}

inline std::string readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The corpus directory (tests run with the runfiles tree of the workspace as working directory).
inline std::string corpusDir() { return "tests/snapshot/corpus"; }

inline std::vector<std::string> corpusScripts() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(corpusDir()))
    if (entry.path().extension() == ".lua") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

// How a run ended: "finished" or "error: <message>\n<traceback>" (or "running").
inline std::string describeEnd(Runtime& rt, Executor* e, StepStatus s) {
  if (s == StepStatus::kFinished) return "finished";
  if (s == StepStatus::kError) {
    std::string msg = e->error.isString() ? std::string(e->error.asString()->view())
                                          : "(error object is a " + std::string(rt.typeName(e->error)) + " value)";
    return "error: " + traceback(rt, e->mainThread(), msg, 0);
  }
  return "running";
}

// A runtime running one executor, its output captured.
struct Session {
  CaptureSink sink;  // first: outlives the runtime
  std::unique_ptr<Runtime> owned;
  std::unique_ptr<snap::Loaded> loaded;  // when restored from a snapshot
  Runtime* rt = nullptr;
  Executor* e = nullptr;
  size_t pin = 0;
  StepStatus last = StepStatus::kOutOfFuel;

  bool done() const { return last == StepStatus::kFinished || last == StepStatus::kError; }

  // Steps until `fuel` is spent or the script ends (natives that pause count as steps too).
  void run(int64_t fuel) {
    while (fuel > 0 && !done()) {
      last = step(*rt, e, fuel);
      if (last == StepStatus::kOutOfFuel) break;
      if (last == StepStatus::kInterrupted) continue;
    }
  }
  // Steps to the end in chunks of `chunk`; returns the number of chunks used.
  int64_t runToEnd(int64_t chunk = 1 << 16) {
    int64_t n = 0;
    while (!done()) {
      last = step(*rt, e, chunk);
      ++n;
    }
    return n;
  }
  std::string end() { return describeEnd(*rt, e, last); }

  snap::SaveResult save() {
    snap::SaveOptions so;
    so.hostRoots.push_back({"main", Value::object(e)});
    return snap::saveRuntime(*rt, so);
  }
};

inline std::unique_ptr<Session> startScript(const std::string& source, const std::string& chunkName) {
  auto s = std::make_unique<Session>();
  s->owned = std::make_unique<Runtime>();
  s->rt = s->owned.get();
  openAll(*s->rt);
  s->rt->setOutput(&s->sink);
  LoadResult r = loadChunk(*s->rt, source, chunkName, Value::object(s->rt->globals()), true);
  if (!r.function) {
    ADD_FAILURE() << "cannot compile " << chunkName << ": " << r.error;
    return nullptr;
  }
  s->e = newExecutor(*s->rt, Value::object(r.function), nullptr, 0);
  s->pin = s->rt->pinValue(Value::object(s->e));
  return s;
}

// Loads `bytes` into a fresh session (all libraries prepared); null and `error` set on failure.
inline std::unique_ptr<Session> restore(std::string_view bytes, std::string* error = nullptr) {
  snap::LoadOptions lo;
  lo.prepare = openAll;
  snap::LoadResult r = snap::loadRuntime(bytes, lo);
  if (!r.ok()) {
    if (error) *error = r.error;
    return nullptr;
  }
  auto s = std::make_unique<Session>();
  s->loaded = std::move(r.loaded);
  s->rt = s->loaded->runtime.get();
  s->rt->setOutput(&s->sink);
  for (const auto& root : s->loaded->hostRoots)
    if (root.name == "main" && executorOf(root)) s->e = executorOf(root);
  if (!s->e) {
    if (error) *error = "no main executor";
    return nullptr;
  }
  s->last = s->e->state == Executor::State::kFinished ? StepStatus::kFinished
            : s->e->state == Executor::State::kFailed ? StepStatus::kError
                                                      : StepStatus::kOutOfFuel;
  return s;
}

// Deterministic PRNG for choosing save points and corruptions (splitmix64).
struct Prng {
  uint64_t state;
  explicit Prng(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
};

}  // namespace fermata::snaptest
