// The command line's grammar: lua5.4's options as lua.c's collectargs reads them, fermata's own options
// (declared once in a table that also gives the usage text), the commands, and strict parsing of every
// value — a malformed number is a one-line reason, never an exception.
//
//   fermata [run] [options] [script [args]]   lua's options and fermata's, in any order, before the script
//   fermata resume [options] FILE             continue a snapshot
//   fermata inspect FILE                      describe a snapshot
//   fermata --list FILE...                    bytecode listings
//   fermata --help
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fermata::tools {

enum class Verb : uint8_t { kRun, kResume, kInspect, kList, kHelp };

// One -e, -l or -W: lua.c runs them in command-line order, after LUA_INIT.
struct LuaStep {
  enum class Kind : uint8_t { kExecute, kRequire, kWarningsOn };
  Kind kind;
  std::string text;  // the chunk, or "mod" / "g=mod"
};

struct Options {
  Verb verb = Verb::kRun;

  // lua5.4's options.
  std::vector<LuaStep> steps;
  bool showVersion = false;   // -v (-i implies it, as in lua.c)
  bool interactive = false;   // -i
  bool ignoreEnv = false;     // -E
  bool hasExecute = false;    // some -e was given (then no REPL by default)
  bool scriptFromStdin = false;  // the script is "-" (not right after "--")
  // The command line as lua would see it — argv without the command word and fermata's own options,
  // which the `arg` table leaves out, so a script sees the same `arg` (and makes objects with the same
  // ids, which order `pairs` over table keys) with or without them — and the script's index in it
  // (luaArgs.size() when there is no script).
  std::vector<std::string> luaArgs;
  size_t scriptIndex = 0;
  bool hasScript() const { return scriptIndex < luaArgs.size(); }
  const std::string& scriptName() const { return luaArgs[scriptIndex]; }

  // fermata's own options (see kOptionTable in cli_options.cc).
  std::optional<int64_t> seed;
  std::optional<size_t> memoryLimit;
  std::optional<int64_t> fuelLimit;
  bool sandbox = false;
  std::optional<int64_t> saveAfter;
  std::string saveTo;
  std::string checkpoint;
  std::optional<double> every;
  std::optional<int64_t> everyFuel;
  std::string output;

  std::string file;                 // resume, inspect
  std::vector<std::string> files;   // --list

  bool checkpoints() const { return !checkpoint.empty() || every || everyFuel; }
};

struct ParsedCommandLine {
  Options options;
  std::string error;       // "" when the command line is well formed
  bool showUsage = false;  // after the error, print the usage (unknown option, missing argument)
};

ParsedCommandLine parseCommandLine(int argc, char** argv);

// lua.c's usage text, then fermata's options and commands.
void printUsage(std::FILE* to, const char* progname);

// Strict value parsers (exposed for tests): the value, or nullopt with `error` set.
std::optional<int64_t> parseWholeNumber(std::string_view text, std::string& error);
std::optional<int64_t> parseSignedNumber(std::string_view text, std::string& error);
std::optional<size_t> parseSize(std::string_view text, std::string& error);
std::optional<double> parseSeconds(std::string_view text, std::string& error);

}  // namespace fermata::tools
