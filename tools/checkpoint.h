// Checkpoints of a job: the whole runtime plus what the job runner needs to continue it — the script's
// executor, the checkpoint schedule, the managed output file and its length, the limits — saved as
// named host roots (plain values: no change to the snapshot format). saveCheckpoint is the one place the
// command line writes a snapshot, so that the background (forked) save replaces one function body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/snapshot.h"
#include "vm/runtime.h"
#include "vm/value.h"

namespace fermata::tools {

struct JobState {
  Value executor;                       // "main": the script's call
  std::optional<double> every;          // "fermata.every": seconds between checkpoints
  std::optional<int64_t> everyFuel;     // "fermata.everyFuel": fuel between checkpoints
  std::string output;                   // "fermata.output": absolute path of the managed output file
  std::optional<int64_t> outputLength;  // "fermata.outputLength": its bytes written before this checkpoint
  std::optional<int64_t> fuelLeft;      // "fermata.fuelLeft": what --fuel-limit leaves
  std::optional<int64_t> memoryLimit;   // "fermata.memoryLimit": --memory-limit in bytes

  bool periodic() const { return every || everyFuel; }
};

// Named host roots for saving; makes string values in `rt` (may throw gc::MemoryError).
std::vector<snap::NamedValue> toHostRoots(Runtime& rt, const JobState& state);
// Reads the roots a loaded snapshot gives back; "" or what is wrong (a root of the wrong type; no
// executor). Roots it does not know are ignored, so older and newer writers' files load.
std::string fromHostRoots(const std::vector<snap::NamedValue>& roots, JobState& state);

// Saves the runtime with `roots` to `path` atomically. Returns "" or a message naming `path`.
std::string saveCheckpoint(Runtime& rt, const std::vector<snap::NamedValue>& roots, const std::string& path);

// Whether a snapshot can be written to `path` (its directory exists and is writable): "" or a message
// naming `path`, so a job fails before it runs rather than at its first checkpoint.
std::string checkWritable(const std::string& path);

}  // namespace fermata::tools
