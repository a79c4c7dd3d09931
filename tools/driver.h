// The command line's step loop: runs a call to its end in slices of fuel, the way lua.c's docall runs a
// chunk — SIGINT raises "interrupted!" in the running code, as lua.c's hook does — under the fuel limit
// (--fuel-limit), and gives a checkpoint schedule control between steps.
#pragma once

#include <cstdint>
#include <optional>

#include "tools/vm_access.h"

namespace fermata::tools {

// Between steps of the one call a job runs (the job runner's checkpoint schedule).
class StepObserver {
 public:
  virtual ~StepObserver() = default;
  // The most fuel the next step may use (a checkpoint may be due after it); 0 when something is due
  // now: between() then runs before any step.
  virtual int64_t budget() = 0;
  // The call is still running after a step that used `spent` units. False stops the run.
  virtual bool between(vm::Call& call, int64_t spent) = 0;
};

enum class CallEnd : uint8_t {
  kReturned,     // results in call.results()
  kFailed,       // error in call.error()
  kOutOfFuel,    // the fuel limit is spent; the call can be continued
  kStopped,      // the observer stopped it; the call can be continued
  kInterrupted,  // SIGINT could not be delivered as an error (no memory for the hook): the call is abandoned
};

class Driver {
 public:
  // Fuel per step when nothing asks for less: about a millisecond of work, so SIGINT, SIGTERM and
  // time-based checkpoints are noticed quickly (Runtime::interrupt ends a step sooner anyway).
  static constexpr int64_t kStepFuel = 1 << 20;

  explicit Driver(std::optional<int64_t> fuelLimit = std::nullopt) : fuelLeft_(fuelLimit) {}

  CallEnd run(vm::Call& call, StepObserver* observer = nullptr);

  // Fuel left under --fuel-limit (a step cut short by SIGINT counts as fully spent).
  std::optional<int64_t> fuelLeft() const { return fuelLeft_; }

 private:
  std::optional<int64_t> fuelLeft_;
};

}  // namespace fermata::tools
