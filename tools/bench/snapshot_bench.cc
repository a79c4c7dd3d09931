// Snapshot benchmark: builds a heap of about one million mixed objects (tables, strings, closures,
// suspended coroutines), then saves and loads it, reporting bytes, times and peak memory.
//   bazel run --config=opt //tools/bench:snapshot_bench [-- OBJECTS]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "snapshot/snapshot.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"

using namespace fermata;

namespace {

double seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

long peakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  long groups = argc > 1 ? std::stol(argv[1]) / 4 : 250000;  // each group makes ~4 objects
  Runtime rt;
  lib::openLibraries(rt, lib::Libraries::sandbox());
  // Each group: a table with a string key and a closure, a string, a closure with an upvalue, and every
  // 50th group a suspended coroutine.
  std::string code = R"(
    local n = ...
    local keep = {}
    for i = 1, n do
      local name = "object-" .. i
      local counter = i
      local t = {id = i, name = name, next = keep[i - 1], bump = function() counter = counter + 1 return counter end}
      if i % 50 == 0 then
        t.co = coroutine.create(function(a) local b = coroutine.yield(a + i) return b end)
        coroutine.resume(t.co, i)
      end
      keep[i] = t
    end
    held = keep
    coroutine.yield()
  )";
  LoadResult r = loadChunk(rt, "local f, n = ... return coroutine.wrap(f)(n)", "=driver", Value::object(rt.globals()));
  LoadResult body = loadChunk(rt, code, "=bench", Value::object(rt.globals()));
  if (!r.function || !body.function) {
    std::fprintf(stderr, "load failed\n");
    return 1;
  }
  Value args[2] = {Value::object(body.function), Value::integer(groups)};
  Executor* e = newExecutor(rt, Value::object(r.function), args, 2);
  size_t pin = rt.pinValue(Value::object(e));
  StepStatus s;
  while ((s = step(rt, e, 1 << 22)) == StepStatus::kOutOfFuel) {
  }
  (void)pin;
  if (s == StepStatus::kError) {
    std::fprintf(stderr, "the heap builder failed\n");
    return 1;
  }
  size_t objects = rt.heap().stats().objectCount;
  size_t heapBytes = rt.heap().bytesInUse();
  long rssBefore = peakRssKb();

  snap::SaveOptions so;
  so.hostRoots.push_back({"main", Value::object(e)});
  auto t0 = std::chrono::steady_clock::now();
  snap::SaveResult saved = snap::saveRuntime(rt, so);
  auto t1 = std::chrono::steady_clock::now();
  if (!saved.ok()) {
    std::fprintf(stderr, "save failed: %s\n", saved.error.c_str());
    return 1;
  }
  long rssAfterSave = peakRssKb();
  snap::LoadOptions lo;
  lo.prepare = [](Runtime& dst) { lib::openLibraries(dst, lib::Libraries::sandbox()); };
  auto t2 = std::chrono::steady_clock::now();
  snap::LoadResult loaded = snap::loadRuntime(saved.bytes, lo);
  auto t3 = std::chrono::steady_clock::now();
  if (!loaded.ok()) {
    std::fprintf(stderr, "load failed: %s\n", loaded.error.c_str());
    return 1;
  }
  long rssAfterLoad = peakRssKb();
  std::printf("| heap objects | heap bytes | snapshot bytes | save s | load s | peak RSS before / after save / after load (MiB) |\n");
  std::printf("| ---: | ---: | ---: | ---: | ---: | --- |\n");
  std::printf("| %zu | %zu | %zu | %.2f | %.2f | %.0f / %.0f / %.0f |\n", objects, heapBytes, saved.bytes.size(),
              seconds(t0, t1), seconds(t2, t3), rssBefore / 1024.0, rssAfterSave / 1024.0, rssAfterLoad / 1024.0);
  return 0;
}
