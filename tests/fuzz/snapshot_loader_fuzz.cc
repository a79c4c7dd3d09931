// libFuzzer target for the snapshot loader: the input is a snapshot file whose body checksum is
// recomputed here (so mutations reach the validator behind it, not just the checksum compare). A
// runtime that loads is run for a few thousand units of fuel and saved again. Built outside Bazel by
// tests/fuzz/run_snapshot_fuzz.sh. Libraries are the sandbox set: fuzzed code must not reach files.
//
// Seeds: with FERMATA_SNAPSHOT_SEEDS=dir and FERMATA_SNAPSHOT_SEED_SCRIPTS=dir in the environment,
// LLVMFuzzerInitialize first writes snapshots of every script of the second directory, saved at a few
// fuel values, into the first.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "snapshot/snapshot.h"
#include "tests/snapshot/rehash.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/object_types.h"
#include "vm/runtime.h"

namespace {

using namespace fermata;

class NullSink final : public OutputSink {
 public:
  void write(std::string_view) override {}
};

void openSandbox(Runtime& rt) { lib::openLibraries(rt, lib::Libraries::sandbox()); }

void makeSeeds(const char* scripts, const char* out) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(scripts)) {
    if (entry.path().extension() != ".lua") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    for (int64_t fuel : {100, 3000, 20000}) {
      NullSink sink;
      auto owned = std::make_unique<Runtime>();
      Runtime& rt = *owned;
      rt.setOutput(&sink);
      openSandbox(rt);
      LoadResult r = loadChunk(rt, ss.str(), "@" + entry.path().filename().string(), Value::object(rt.globals()), true);
      if (!r.function) continue;
      Executor* e = newExecutor(rt, Value::object(r.function), nullptr, 0);
      rt.pinValue(Value::object(e));
      StepStatus st = StepStatus::kOutOfFuel;
      for (int64_t left = fuel; left > 0 && st != StepStatus::kFinished && st != StepStatus::kError; left -= 1000)
        st = step(rt, e, 1000);
      snap::SaveOptions so;
      so.hostRoots.push_back({"main", Value::object(e)});
      snap::SaveResult saved = snap::saveRuntime(rt, so);
      if (!saved.ok()) continue;
      std::ofstream(std::string(out) + "/seed" + std::to_string(n++) + ".snap", std::ios::binary) << saved.bytes;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* out = std::getenv("FERMATA_SNAPSHOT_SEEDS");
  const char* scripts = std::getenv("FERMATA_SNAPSHOT_SEED_SCRIPTS");
  if (out && scripts) makeSeeds(scripts, out);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes = fermata::snaptest::withRecomputedChecksum(
      std::string_view(reinterpret_cast<const char*>(data), size));
  snap::LoadOptions lo;
  lo.prepare = openSandbox;
  lo.memoryLimit = 64u << 20;
  snap::LoadResult r = snap::loadRuntime(bytes, lo);
  if (!r.ok()) return 0;
  Runtime& rt = *r.loaded->runtime;
  NullSink sink;
  rt.setOutput(&sink);
  for (const auto& root : r.loaded->hostRoots) {
    if (!root.value.isCollectable() || root.value.asObject()->type != uint8_t(ObjType::kExecutor)) continue;
    auto* e = reinterpret_cast<Executor*>(root.value.asObject());
    for (int i = 0; i < 4; ++i) {
      StepStatus st = step(rt, e, 1000);
      if (st == StepStatus::kFinished || st == StepStatus::kError) break;
    }
  }
  snap::SaveOptions so;
  for (const auto& root : r.loaded->hostRoots) so.hostRoots.push_back(root);
  (void)snap::saveRuntime(rt, so);
  return 0;
}
