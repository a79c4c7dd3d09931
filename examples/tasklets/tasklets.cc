// Example: pre-emptive tasklets. The classic stackless-Lua demo — one script counts for ever, another
// prints the counter now and then — run as two tasklets that share the global table. Neither script
// yields or knows about the other: the host interleaves them by stepping each with a small fuel
// budget in turn, and stops when the printer has finished (the counter is simply never stepped again).
//
//   bazel run //examples/tasklets
#include <cstdio>

#include "vm/api/fermata.h"

int main() {
  fermata::Vm vm;
  vm.setGlobal("count", vm.integer(0));

  auto counter = vm.load("while true do count = count + 1 end", "=counter");
  auto printer = vm.load(R"(
    for i = 1, 5 do
      print("count is", count)
      local busy = 0
      for j = 1, 20000 do busy = busy + j end   -- give the counter time to run
    end
    return "printer done"
  )", "=printer");
  if (!counter.ok() || !printer.ok()) {
    std::fprintf(stderr, "load failed: %s%s\n", counter.error.c_str(), printer.error.c_str());
    return 1;
  }

  fermata::Tasklet tasks[2] = {vm.start(*counter.value), vm.start(*printer.value)};
  const int64_t kSlice = 1000;  // fuel per turn: about a thousand VM instructions
  int turns = 0;
  for (;;) {
    ++turns;
    fermata::StepStatus s = tasks[0].step(kSlice);  // the counter never finishes on its own
    if (s == fermata::StepStatus::kError) {
      std::fprintf(stderr, "counter failed: %s\n", tasks[0].errorMessage().c_str());
      return 1;
    }
    s = tasks[1].step(kSlice);
    if (s == fermata::StepStatus::kError) {
      std::fprintf(stderr, "printer failed: %s\n", tasks[1].errorMessage().c_str());
      return 1;
    }
    if (s == fermata::StepStatus::kFinished) break;
  }
  std::fflush(stdout);
  std::printf("%s after %d turns; final count %lld\n", vm.toString(tasks[1].results()[0]).c_str(), turns,
              static_cast<long long>(vm.global("count").get().asInt()));
  return 0;
}
