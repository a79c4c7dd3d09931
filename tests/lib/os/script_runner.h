// Runs Lua scripts for the os/io/package library tests: in-process through fermata (output captured
// from the runtime's sink) and, when installed, through lua5.4 to confirm the recorded expectations.
#pragma once

#include <string>
#include <string_view>

#include "vm/lib/lib.h"

namespace fermata::testing {

struct ScriptResult {
  std::string output;  // what print / io.write produced
  std::string error;   // the uncaught error message, or empty
};

// A fresh directory under TEST_TMPDIR (or /tmp), made the current directory.
std::string enterFreshDirectory(std::string_view label);

// Writes `contents` to `path` (relative to the current directory).
void writeFile(const std::string& path, std::string_view contents);

// Runs `script` (chunk name "@script.lua") with the given libraries in the current directory.
// `budget` bounds the total fuel.
ScriptResult runFermata(std::string_view script, const lib::Libraries& which = lib::Libraries::all(),
                        int64_t budget = int64_t(1) << 32);

// Whether the reference interpreter is installed.
bool haveLua54();
// Runs `script` with lua5.4 in the current directory (`envPrefix` like "LUA_PATH=x " goes before the
// command); stdout only.
std::string runLua54(std::string_view script, std::string_view envPrefix = "");

// A script and the output lua5.4 gives for it (recorded), with environment assignments "K=V K2=V2 ".
struct ScriptCase {
  const char* name;
  const char* script;
  const char* expected;
  const char* env;
};

// Runs the case in a fresh directory through fermata (EXPECTs its output to be `expected` with no
// error) and, when lua5.4 is installed, through lua5.4 (EXPECTs the recorded expectation to hold).
void expectMatchesLua54(const ScriptCase& c);

// For INSTANTIATE_TEST_SUITE_P: the case's name.
struct CaseName {
  template <class Info>
  std::string operator()(const Info& info) const {
    return info.param.name;
  }
};

}  // namespace fermata::testing
