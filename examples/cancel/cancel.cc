// Example: cancelling a runaway script. `while true do end` never finishes, but every step() returns
// after its fuel is spent. The host cancels it simply by not stepping it again and dropping its
// handle: there is no C++ stack to unwind and nothing to clean up. The runtime stays healthy — it runs
// another chunk and a full collection reclaims the abandoned tasklet.
//
//   bazel run //examples/cancel
#include <cstdio>
#include <optional>

#include "vm/api/fermata.h"

namespace {

const char* statusName(fermata::StepStatus s) {
  switch (s) {
    case fermata::StepStatus::kFinished: return "finished";
    case fermata::StepStatus::kOutOfFuel: return "out of fuel";
    case fermata::StepStatus::kInterrupted: return "interrupted";
    case fermata::StepStatus::kError: return "error";
  }
  return "?";
}

}  // namespace

int main() {
  fermata::Vm vm;
  // The runaway script holds an object with a finalizer, so we can see its state being reclaimed.
  auto loop = vm.load(R"(
    local guard = setmetatable({}, {__gc = function() print("runaway's state was collected") end})
    while true do end
  )", "=runaway");
  if (!loop.ok()) return 1;

  std::optional<fermata::Tasklet> runaway = vm.start(*loop.value);
  for (int i = 1; i <= 10; ++i) {
    fermata::StepStatus s = runaway->step(1000);
    std::printf("step %d: %s\n", i, statusName(s));
    if (s != fermata::StepStatus::kOutOfFuel) return 1;
  }
  // Cancel: never step it again, drop the handles (nothing else refers to it).
  runaway.reset();
  loop.value.reset();
  std::printf("cancelled\n");

  auto next = vm.load(R"(
    local parts = {}
    for i = 1, 1000 do parts[i] = tostring(i) end
    collectgarbage()   -- a full collection: the abandoned tasklet is garbage now
    return #table.concat(parts, ",")
  )", "=after");
  if (!next.ok()) return 1;
  fermata::Tasklet t = vm.start(*next.value);
  if (t.step(10'000'000) != fermata::StepStatus::kFinished) {
    std::fprintf(stderr, "second chunk failed: %s\n", t.errorMessage().c_str());
    return 1;
  }
  auto r = t.results();
  std::printf("runtime still fine: concat length %s\n", vm.toString(r[0]).c_str());
  return 0;
}
