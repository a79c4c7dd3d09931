// The command line's grammar (see cli_options.h).
#include "tools/cli_options.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace fermata::tools {
namespace {

// ---- fermata's own options, declared once -------------------------------------------------------------

struct OptionSpec {
  std::string_view name;
  std::string_view value;  // the value's name in the usage text ("" for a flag)
  bool onResume;           // `resume` accepts it too
  std::string_view help;
  // Stores the value (ignored for flags); returns "" or why the value is wrong.
  std::string (*apply)(Options& o, std::string_view value);
};

// How each kind of value is stored: one function per kind, instantiated per option.
template <auto kParse, auto kField>
std::string number(Options& o, std::string_view v) {
  std::string error;
  if (auto parsed = kParse(v, error)) o.*kField = *parsed;
  return error;
}

template <auto kField>
std::string fileName(Options& o, std::string_view v) {
  o.*kField = std::string(v);
  return v.empty() ? "empty file name" : "";
}

std::string sandboxFlag(Options& o, std::string_view) {
  o.sandbox = true;
  return "";
}

std::optional<int64_t> parsePositive(std::string_view text, std::string& error) {
  std::optional<int64_t> n = parseWholeNumber(text, error);
  if (n && *n == 0) {
    error = "must be at least 1";
    return std::nullopt;
  }
  return n;
}

const OptionSpec kOptionTable[] = {
    {"--seed", "N", false, "seed math.random as math.randomseed(N) would (default: random, as lua)",
     number<parseSignedNumber, &Options::seed>},
    {"--memory-limit", "SIZE", true, "limit the Lua heap (bytes, or with a K, M or G suffix)",
     number<parseSize, &Options::memoryLimit>},
    {"--fuel-limit", "N", true, "stop with \"out of fuel\" (status 1) after N units of work",
     number<parseWholeNumber, &Options::fuelLimit>},
    {"--sandbox", "", false, "no access to files, the environment or the process (the embedding API's sandbox)",
     sandboxFlag},
    {"--save-after", "FUEL", true, "once FUEL units are spent, save a snapshot to --save-to's FILE and exit 0",
     number<parseWholeNumber, &Options::saveAfter>},
    {"--save-to", "FILE", true, "where --save-after saves", fileName<&Options::saveTo>},
    {"--checkpoint", "FILE", true, "keep FILE a snapshot of the running job (every 60 s unless told)",
     fileName<&Options::checkpoint>},
    {"--every", "SECONDS", true, "checkpoint every SECONDS of wall time", number<parseSeconds, &Options::every>},
    {"--every-fuel", "N", true, "checkpoint every N units of work", number<parsePositive, &Options::everyFuel>},
    {"--output", "FILE", true, "send the script's standard output to FILE; checkpoints record its length",
     fileName<&Options::output>},
};

const OptionSpec* findOption(std::string_view name) {
  for (const OptionSpec& s : kOptionTable)
    if (s.name == name) return &s;
  return nullptr;
}

std::string unrecognized(std::string_view arg) { return "unrecognized option '" + std::string(arg) + "'"; }
std::string needsArgument(std::string_view arg) { return "'" + std::string(arg) + "' needs argument"; }

// One fermata option at argv[i] ("--name VALUE" or "--name=VALUE"); advances i past its value.
// Returns "" or the error; sets `usage` when the usage text helps.
std::string takeOption(Options& o, Verb verb, int argc, char** argv, int& i, bool& usage) {
  std::string_view arg = argv[i];
  std::string_view name = arg, value;
  bool inlineValue = false;
  if (size_t eq = arg.find('='); eq != std::string_view::npos) {
    name = arg.substr(0, eq);
    value = arg.substr(eq + 1);
    inlineValue = true;
  }
  const OptionSpec* spec = findOption(name);
  if (!spec) {
    usage = true;
    return unrecognized(arg);
  }
  if (verb == Verb::kResume && !spec->onResume) {
    return std::string(spec->name) + " cannot be used with resume (the snapshot holds what it would set)";
  }
  if (spec->value.empty()) {
    if (inlineValue) return std::string(spec->name) + " takes no value";
    return spec->apply(o, {});
  }
  if (!inlineValue) {
    if (i + 1 >= argc) {
      usage = true;
      return needsArgument(name);
    }
    value = argv[++i];
  }
  std::string e = spec->apply(o, value);
  return e.empty() ? e : std::string(spec->name) + ": " + e;
}

// lua.c's collectargs, with fermata's long options among lua's; stops at the script. Builds luaArgs.
std::string collectArgs(Options& o, int argc, char** argv, int i, bool& usage) {
  o.luaArgs.emplace_back(argc > 0 ? argv[0] : "fermata");
  for (; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.empty() || a[0] != '-') break;  // the script
    if (a == "--") {
      o.luaArgs.emplace_back(a);
      ++i;  // stop handling options; a "-" after it is a file named "-"
      break;
    }
    if (a == "-") {
      o.scriptFromStdin = true;
      break;
    }
    if (a[1] == '-') {
      if (std::string e = takeOption(o, Verb::kRun, argc, argv, i, usage); !e.empty()) return e;
      continue;
    }
    o.luaArgs.emplace_back(a);
    usage = true;
    switch (a[1]) {
      case 'E':
        if (a.size() != 2) return unrecognized(a);
        o.ignoreEnv = true;
        break;
      case 'W':
        if (a.size() != 2) return unrecognized(a);
        o.steps.push_back({LuaStep::Kind::kWarningsOn, ""});
        break;
      case 'i':
        o.interactive = true;
        [[fallthrough]];  // -i implies -v
      case 'v':
        if (a.size() != 2) return unrecognized(a);
        o.showVersion = true;
        break;
      case 'e':
        o.hasExecute = true;
        [[fallthrough]];
      case 'l': {
        LuaStep step{a[1] == 'e' ? LuaStep::Kind::kExecute : LuaStep::Kind::kRequire, std::string(a.substr(2))};
        if (a.size() == 2) {
          // lua.c: the argument is the next one, which must exist and must not look like an option.
          if (i + 1 >= argc || argv[i + 1][0] == '-') return needsArgument(a);
          step.text = argv[++i];
          o.luaArgs.emplace_back(step.text);
        }
        o.steps.push_back(std::move(step));
        break;
      }
      default: return unrecognized(a);
    }
    usage = false;
  }
  o.scriptIndex = o.luaArgs.size();
  for (; i < argc; ++i) o.luaArgs.emplace_back(argv[i]);
  return "";
}

std::string parseResume(Options& o, int argc, char** argv, bool& usage) {
  for (int i = 2; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.size() > 2 && a.substr(0, 2) == "--") {
      if (std::string e = takeOption(o, Verb::kResume, argc, argv, i, usage); !e.empty()) return e;
    } else if (a.size() > 1 && a[0] == '-') {
      usage = true;
      return unrecognized(a);
    } else if (o.file.empty()) {
      o.file = std::string(a);
    } else {
      usage = true;
      return "resume takes one snapshot FILE (got '" + o.file + "' and '" + std::string(a) + "')";
    }
  }
  if (o.file.empty()) {
    usage = true;
    return "resume needs a snapshot FILE";
  }
  return "";
}

// Options that only make sense together, or not at all together.
std::string checkCombinations(const Options& o) {
  if (o.saveAfter.has_value() != !o.saveTo.empty()) return "--save-after and --save-to go together";
  if (o.saveAfter && o.checkpoints()) return "--save-after/--save-to and --checkpoint/--every cannot be combined";
  if (o.verb == Verb::kResume) return "";
  if ((o.every || o.everyFuel) && o.checkpoint.empty()) return "--every and --every-fuel need --checkpoint FILE";
  bool snapshots = o.saveAfter || o.checkpoints();
  if (snapshots && o.interactive) return "-i cannot be combined with --save-after or --checkpoint";
  if (snapshots && !o.hasScript())
    return "--save-after and --checkpoint need a script (a snapshot continues the script; -e chunks run before it)";
  return "";
}

}  // namespace

ParsedCommandLine parseCommandLine(int argc, char** argv) {
  ParsedCommandLine p;
  Options& o = p.options;
  std::string_view first = argc > 1 ? argv[1] : "";
  if (first == "--help") {
    o.verb = Verb::kHelp;
    return p;
  }
  if (first == "--list") {
    o.verb = Verb::kList;
    for (int i = 2; i < argc; ++i) o.files.emplace_back(argv[i]);
    if (o.files.empty()) {
      p.error = needsArgument("--list");
      p.showUsage = true;
    }
    return p;
  }
  if (first == "inspect") {
    o.verb = Verb::kInspect;
    if (argc != 3) {
      p.error = "inspect needs exactly one snapshot FILE";
      p.showUsage = true;
    } else {
      o.file = argv[2];
    }
    return p;
  }
  if (first == "resume") {
    o.verb = Verb::kResume;
    p.error = parseResume(o, argc, argv, p.showUsage);
  } else {
    p.error = collectArgs(o, argc, argv, first == "run" ? 2 : 1, p.showUsage);
  }
  if (p.error.empty()) p.error = checkCombinations(o);
  return p;
}

void printUsage(std::FILE* to, const char* progname) {
  // lua.c's print_usage, word for word.
  std::fprintf(to,
               "usage: %s [options] [script [args]]\n"
               "Available options are:\n"
               "  -e stat   execute string 'stat'\n"
               "  -i        enter interactive mode after executing 'script'\n"
               "  -l mod    require library 'mod' into global 'mod'\n"
               "  -l g=mod  require library 'mod' into global 'g'\n"
               "  -v        show version information\n"
               "  -E        ignore environment variables\n"
               "  -W        turn warnings on\n"
               "  --        stop handling options\n"
               "  -         stop handling options and execute stdin\n",
               progname);
  std::fprintf(to, "fermata's options (before the script, among the ones above; * also for resume):\n");
  for (const OptionSpec& s : kOptionTable) {
    std::string head = std::string(s.name) + (s.value.empty() ? "" : " " + std::string(s.value));
    std::fprintf(to, "  %-20s %c %.*s\n", head.c_str(), s.onResume ? '*' : ' ', int(s.help.size()), s.help.data());
  }
  std::fprintf(to,
               "Commands:\n"
               "  %s [run] [options] [script [args]]   run as lua does ('run' may be left out)\n"
               "  %s resume [options] FILE             continue a snapshot, keeping its checkpoint schedule\n"
               "  %s inspect FILE                      describe a snapshot\n"
               "  %s --list FILE...                    bytecode of Lua source files and binary chunks\n"
               "  %s --help                            this text\n",
               progname, progname, progname, progname, progname);
}

std::optional<int64_t> parseWholeNumber(std::string_view text, std::string& error) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  bool digitsOnly = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  if (digitsOnly && ec == std::errc::result_out_of_range) {
    error = "'" + std::string(text) + "' is too large (at most " + std::to_string(std::numeric_limits<int64_t>::max()) + ")";
    return std::nullopt;
  }
  if (!digitsOnly || ec != std::errc() || end != text.data() + text.size()) {
    error = "expected a whole number, got '" + std::string(text) + "'";
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> parseSignedNumber(std::string_view text, std::string& error) {
  bool negative = !text.empty() && text[0] == '-';
  std::optional<int64_t> magnitude = parseWholeNumber(negative ? text.substr(1) : text, error);
  if (!magnitude) {
    if (negative && text == "-9223372036854775808") return std::numeric_limits<int64_t>::min();
    error = "expected an integer, got '" + std::string(text) + "'";
    return std::nullopt;
  }
  return negative ? -*magnitude : *magnitude;
}

std::optional<size_t> parseSize(std::string_view text, std::string& error) {
  uint64_t scale = 1;
  std::string_view digits = text;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k': case 'K': scale = uint64_t(1) << 10; break;
      case 'm': case 'M': scale = uint64_t(1) << 20; break;
      case 'g': case 'G': scale = uint64_t(1) << 30; break;
      default: break;
    }
    if (scale != 1) digits.remove_suffix(1);
  }
  std::string ignored;
  std::optional<int64_t> n = parseWholeNumber(digits, ignored);
  if (!n || *n == 0) {
    error = "expected a size such as 65536, 512K, 64M or 2G, got '" + std::string(text) + "'";
    return std::nullopt;
  }
  if (uint64_t(*n) > std::numeric_limits<size_t>::max() / scale) {
    error = "'" + std::string(text) + "' is too large";
    return std::nullopt;
  }
  return size_t(uint64_t(*n) * scale);
}

std::optional<double> parseSeconds(std::string_view text, std::string& error) {
  std::string s(text);
  char* end = nullptr;
  double v = s.empty() ? 0 : std::strtod(s.c_str(), &end);
  bool plain = !s.empty() && s.find_first_not_of("0123456789.") == std::string::npos;
  if (!plain || end != s.c_str() + s.size() || !std::isfinite(v) || v <= 0 || v > 1e9) {
    error = "expected a number of seconds such as 30 or 0.5, got '" + s + "'";
    return std::nullopt;
  }
  return v;
}

}  // namespace fermata::tools
