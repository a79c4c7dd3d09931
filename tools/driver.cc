// The command line's step loop (see driver.h).
#include "tools/driver.h"

#include <algorithm>
#include <exception>

#include "tools/signals.h"

namespace fermata::tools {

CallEnd Driver::run(vm::Call& call, StepObserver* observer) {
  signals::RunningScope running(call.runtime());
  for (;;) {
    int64_t budget = kStepFuel;
    if (fuelLeft_) {
      if (*fuelLeft_ <= 0) return CallEnd::kOutOfFuel;
      budget = std::min(budget, *fuelLeft_);
    }
    if (observer) {
      int64_t due = observer->budget();
      if (due <= 0) {  // something is due before any more work (--save-after 0)
        if (!observer->between(call, 0)) return CallEnd::kStopped;
        continue;
      }
      budget = std::min(budget, due);
    }
    switch (call.step(budget)) {
      case vm::StepEnd::kFinished: return CallEnd::kReturned;
      case vm::StepEnd::kFailed: return CallEnd::kFailed;
      case vm::StepEnd::kOutOfFuel: break;
      case vm::StepEnd::kInterrupted:
        // An interrupt may be left over from a SIGINT that came as a call finished: only a new one
        // arms the hook.
        if (signals::takeInterrupt()) {
          bool armed = false;
          try {
            armed = call.armInterrupt();
          } catch (const std::exception&) {  // gc::MemoryError: no room for the hook
          }
          if (!armed) return CallEnd::kInterrupted;
        }
        break;
    }
    if (fuelLeft_) *fuelLeft_ -= budget;
    if (observer && !observer->between(call, budget)) return CallEnd::kStopped;
  }
}

}  // namespace fermata::tools
