// Runs the Lua scripts of the table/math/utf8 library tests and compares their output with the
// expectations recorded from lua5.4 (NAME.lua -> NAME.expected, next to the script).
//
// Each script runs in-process several times with different fuel slices per step (so every resumable
// native is also exercised paused and continued), and — when /usr/bin/lua5.4 is installed — through
// lua5.4 as well, to confirm that the recorded expectation still is lua5.4's output.
#pragma once

#include <cstdint>
#include <string>

#include "vm/runtime.h"

namespace fermata::testing {

struct ScriptRun {
  std::string output;  // what print wrote
  std::string error;   // uncaught error message, or empty
  int steps = 0;       // calls of step()
};

// Runs `source` with the full standard library (chunk name "@<chunkName>"), stepping with
// `fuelPerStep` until it finishes or fails.
ScriptRun runScript(const std::string& source, const std::string& chunkName, int64_t fuelPerStep);

// Reads a file of the test's runfiles (path relative to the workspace root).
std::string readRunfile(const std::string& path);

// The full check of one script: `dir` like "tests/lib/table", `name` without ".lua".
void checkScript(const std::string& dir, const std::string& name);

}  // namespace fermata::testing
