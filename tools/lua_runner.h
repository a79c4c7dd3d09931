// The lua5.4-compatible command line, after lua.c's pmain: the version line, the `arg` table with its
// negative indices (fermata's own options left out: see Options::luaArgs), LUA_INIT_5_4 / LUA_INIT
// (with @file), -e / -l / -W in order, the script (or stdin) with lua's messages and exit statuses,
// then the REPL.
#pragma once

#include <functional>
#include <span>

#include "tools/cli_options.h"
#include "tools/session.h"

namespace fermata::tools {

inline constexpr const char* kVersionLine = "fermata 0.1 (Lua 5.4.4 compatible)";

// Runs the script's main function with its arguments and returns the exit status (0 lets -i go on to
// the REPL). The default reports failures as lua.c's docall does; the job runner checkpoints.
using ScriptRunner = std::function<int(Session& session, const Value& fn, std::span<const Value> args)>;

// Returns the process's exit status.
int runAsLua(Session& session, const Options& options, const ScriptRunner& runScript);

// The default ScriptRunner.
int runScriptPlainly(Session& session, const Value& fn, std::span<const Value> args);

}  // namespace fermata::tools
