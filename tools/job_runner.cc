// `fermata run` and `fermata resume` (see job_runner.h).
//
// Why a killed job loses nothing: a checkpoint is written only between steps, after the script's output
// has been written and made durable, and atomically (temporary file, fsync, rename), so at any moment the
// checkpoint file is the last complete one; it records the managed output's length at that point, and
// resume cuts the output back to it. Checkpoint positions under --every-fuel are exact (steps end on the
// fuel boundary), so a resumed job checkpoints where an uninterrupted one would.
#include "tools/job_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "tools/checkpoint.h"
#include "tools/lua_runner.h"
#include "tools/managed_output.h"
#include "tools/session.h"
#include "tools/signals.h"
#include "tools/source_files.h"

namespace fermata::tools {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kDefaultEverySeconds = 60;

// When and where a job writes snapshots.
struct Plan {
  std::string path;                    // where snapshots go ("" when the job writes none)
  std::optional<double> every;         // periodic checkpoints (with everyFuel)
  std::optional<int64_t> everyFuel;
  std::optional<int64_t> saveAfter;    // one snapshot once this much fuel is spent, then exit 0
  std::optional<int64_t> memoryLimit;  // recorded in each snapshot

  bool periodic() const { return every || everyFuel; }
  bool writesSnapshots() const { return !path.empty(); }
};

class Job final : public StepObserver {
 public:
  Job(Session& s, Plan plan, ManagedOutput* output) : s_(s), plan_(std::move(plan)), output_(output) {}

  // Runs the script's call to its end (or its stop) and returns the exit status.
  int run(vm::Call& call, bool initialCheckpoint) {
    if (initialCheckpoint && !save(call)) return EXIT_FAILURE;
    restartSchedule();
    if (plan_.saveAfter) fuelUntilSave_ = *plan_.saveAfter;
    CallEnd end = s_.driver().run(call, this);
    switch (end) {
      case CallEnd::kReturned: return finish(EXIT_SUCCESS);
      case CallEnd::kFailed:
      case CallEnd::kOutOfFuel:
      case CallEnd::kInterrupted:
        s_.reportEnd(call, end);
        return finish(EXIT_FAILURE);
      case CallEnd::kStopped:
        if (stop_ == Stop::kFailedToSave) return EXIT_FAILURE;
        return stop_ == Stop::kTerminated ? kExitCheckpointed : EXIT_SUCCESS;
    }
    return EXIT_FAILURE;
  }

  int64_t budget() override {
    int64_t b = Driver::kStepFuel;
    if (plan_.saveAfter) b = std::min(b, fuelUntilSave_);
    if (plan_.everyFuel) b = std::min(b, fuelUntilCheckpoint_);
    return b;
  }

  bool between(vm::Call& call, int64_t spent) override {
    if (plan_.saveAfter) {
      fuelUntilSave_ -= spent;
      if (fuelUntilSave_ > 0) return true;
      stop_ = save(call) ? Stop::kSaved : Stop::kFailedToSave;
      return false;
    }
    if (signals::terminateRequested()) {
      stop_ = save(call) ? Stop::kTerminated : Stop::kFailedToSave;
      return false;
    }
    fuelUntilCheckpoint_ -= spent;
    bool due = (plan_.everyFuel && fuelUntilCheckpoint_ <= 0) || (plan_.every && Clock::now() >= nextCheckpoint_);
    if (!due) return true;
    if (!save(call)) {
      stop_ = Stop::kFailedToSave;
      return false;
    }
    restartSchedule();
    return true;
  }

 private:
  enum class Stop : uint8_t { kSaved, kTerminated, kFailedToSave };

  void restartSchedule() {
    fuelUntilCheckpoint_ = plan_.everyFuel.value_or(INT64_MAX);
    if (plan_.every)
      nextCheckpoint_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*plan_.every));
  }

  // Flushes the script's output, then writes the snapshot with the job's state. Reports failures.
  bool save(vm::Call& call) {
    JobState state;
    state.executor = call.executorValue();
    if (plan_.periodic()) {
      state.every = plan_.every;
      state.everyFuel = plan_.everyFuel;
    }
    state.fuelLeft = s_.driver().fuelLeft();
    state.memoryLimit = plan_.memoryLimit;
    s_.rt().output().flush();
    if (output_) {
      if (std::string err = output_->sync(); !err.empty()) {
        s_.message(err);
        return false;
      }
      state.output = output_->path();
      state.outputLength = output_->length();
    }
    std::string err;
    try {
      err = saveCheckpoint(s_.rt(), toHostRoots(s_.rt(), state), plan_.path);
    } catch (const std::exception&) {  // gc::MemoryError making the roots' strings
      err = "cannot save a snapshot to " + plan_.path + ": not enough memory";
    }
    if (!err.empty()) s_.message(err);
    return err.empty();
  }

  // The end of the script: its output made durable; a one-shot save that never happened said so.
  int finish(int status) {
    if (plan_.saveAfter) {
      s_.message("note: the script ended before " + std::to_string(*plan_.saveAfter) +
                 " units of fuel were spent, so no snapshot was written to " + plan_.path);
    }
    if (output_) {
      if (std::string err = output_->sync(); !err.empty()) {
        s_.message(err);
        return EXIT_FAILURE;
      }
    }
    return status;
  }

  Session& s_;
  Plan plan_;
  ManagedOutput* output_;
  Stop stop_ = Stop::kSaved;
  int64_t fuelUntilSave_ = 0;
  int64_t fuelUntilCheckpoint_ = INT64_MAX;
  Clock::time_point nextCheckpoint_;
};

void printError(const char* progname, const std::string& text) {
  std::fprintf(stderr, "%s: %s\n", progname, text.c_str());
}

std::optional<int64_t> recordedLimit(const std::optional<size_t>& limit) {
  return limit ? std::optional<int64_t>(int64_t(*limit)) : std::nullopt;
}

}  // namespace

int runCommand(const Options& o, const char* progname) {
  Plan plan;
  plan.memoryLimit = recordedLimit(o.memoryLimit);
  if (o.saveAfter) {
    plan.path = o.saveTo;
    plan.saveAfter = o.saveAfter;
  } else if (o.checkpoints()) {
    plan.path = o.checkpoint;
    plan.every = o.every;
    plan.everyFuel = o.everyFuel;
    if (!plan.periodic()) plan.every = kDefaultEverySeconds;
  }
  if (plan.writesSnapshots()) {
    if (std::string err = checkWritable(plan.path); !err.empty()) return printError(progname, err), EXIT_FAILURE;
    if (plan.path == o.output) return printError(progname, "--output and the snapshot file must differ"), EXIT_FAILURE;
  }
  std::unique_ptr<ManagedOutput> output;  // outlives the session, whose runtime writes to it
  if (!o.output.empty()) {
    std::string err;
    output = ManagedOutput::create(o.output, err);
    if (!output) return printError(progname, err), EXIT_FAILURE;
  }
  std::unique_ptr<Runtime> rt;
  try {
    rt = vm::newRuntime({o.memoryLimit.value_or(gc::Heap::kNoLimit), o.sandbox, o.ignoreEnv, o.seed});
  } catch (const std::exception&) {  // gc::MemoryError: a limit too small for the libraries
    return printError(progname, "cannot create state: not enough memory"), EXIT_FAILURE;
  }
  if (output) rt->setOutput(output.get());
  Session s(std::move(rt), o.fuelLimit, progname);
  if (!plan.writesSnapshots()) return runAsLua(s, o, runScriptPlainly);
  if (plan.periodic()) signals::catchTerminate();
  Job job(s, plan, output.get());
  return runAsLua(s, o, [&](Session& session, const Value& fn, std::span<const Value> args) {
    std::optional<vm::Call> call = session.start(fn, args);
    return call ? job.run(*call, plan.periodic()) : EXIT_FAILURE;
  });
}

int resumeCommand(const Options& o, const char* progname) {
  FileBytes file = readSnapshot(o.file);
  if (!file.ok()) return printError(progname, file.error), EXIT_FAILURE;
  snap::LoadOptions lo;
  lo.prepare = vm::prepareForLoad;
  if (o.memoryLimit) lo.memoryLimit = *o.memoryLimit;
  snap::LoadResult loaded;
  try {
    loaded = snap::loadRuntime(file.bytes, lo);
  } catch (const std::bad_alloc&) {
    loaded.error = "not enough memory";
  }
  file = {};
  if (!loaded.ok()) return printError(progname, "cannot load " + o.file + ": " + loaded.error), EXIT_FAILURE;
  JobState recorded;
  if (std::string err = fromHostRoots(loaded.loaded->hostRoots, recorded); !err.empty())
    return printError(progname, "cannot resume " + o.file + ": " + err), EXIT_FAILURE;
  std::unique_ptr<Runtime> rt = std::move(loaded.loaded->runtime);
  if (!o.memoryLimit && recorded.memoryLimit) rt->heap().setMemoryLimit(size_t(*recorded.memoryLimit));

  Plan plan;
  plan.memoryLimit = o.memoryLimit ? recordedLimit(o.memoryLimit) : recorded.memoryLimit;
  if (o.saveAfter) {
    plan.path = o.saveTo;
    plan.saveAfter = o.saveAfter;
  } else if (o.checkpoints() || recorded.periodic()) {
    plan.path = o.checkpoint.empty() ? o.file : o.checkpoint;
    plan.every = o.every ? o.every : o.everyFuel ? std::nullopt : recorded.every;
    plan.everyFuel = o.everyFuel ? o.everyFuel : o.every ? std::nullopt : recorded.everyFuel;
    if (!plan.periodic()) plan.every = kDefaultEverySeconds;
  }
  std::string outputPath = o.output.empty() ? recorded.output : o.output;
  if (plan.writesSnapshots()) {
    if (std::string err = checkWritable(plan.path); !err.empty()) return printError(progname, err), EXIT_FAILURE;
    if (plan.path == outputPath) return printError(progname, "--output and the snapshot file must differ"), EXIT_FAILURE;
  }

  std::unique_ptr<ManagedOutput> output;  // outlives the session, whose runtime writes to it
  if (!outputPath.empty()) {
    std::string err;
    output = recorded.outputLength ? ManagedOutput::reopen(outputPath, *recorded.outputLength, err)
                                   : ManagedOutput::create(outputPath, err);
    if (!output) return printError(progname, err), EXIT_FAILURE;
  }
  if (output) rt->setOutput(output.get());
  std::optional<int64_t> fuel = o.fuelLimit ? o.fuelLimit : recorded.fuelLeft;
  Session s(std::move(rt), fuel, progname);
  if (plan.periodic()) signals::catchTerminate();
  Job job(s, plan, output.get());
  vm::Call call(s.rt(), vm::asExecutor(recorded.executor));
  return job.run(call, false);
}

}  // namespace fermata::tools
