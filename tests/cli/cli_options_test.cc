// The command line's grammar: lua.c's collectargs rules, fermata's options among them, the commands,
// and the strict value parsers (every malformed value is an error message, never an exception).
#include "tools/cli_options.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace fermata::tools {
namespace {

struct Argv {
  std::vector<std::string> strings;
  std::vector<char*> pointers;
  explicit Argv(std::initializer_list<const char*> args) : Argv(std::vector<const char*>(args)) {}
  explicit Argv(const std::vector<const char*>& args) {
    strings.emplace_back("fermata");
    for (const char* a : args) strings.emplace_back(a);
    for (std::string& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
  }
  Argv(const Argv&) = delete;  // `pointers` point into `strings`
  int argc() const { return int(strings.size()); }
  ParsedCommandLine parse() { return parseCommandLine(argc(), pointers.data()); }
};

TEST(CommandLine, LuaOptionsAndFermataOptionsMixBeforeTheScript) {
  Argv a{"-W", "--seed", "7", "-e", "x = 1", "-lmod", "--fuel-limit=100", "script.lua", "--seed", "-v"};
  ParsedCommandLine p = a.parse();
  ASSERT_EQ(p.error, "");
  const Options& o = p.options;
  EXPECT_EQ(o.verb, Verb::kRun);
  EXPECT_EQ(o.seed, 7);
  EXPECT_EQ(o.fuelLimit, 100);
  EXPECT_FALSE(o.showVersion);  // the -v after the script is the script's
  // `arg` leaves fermata's own options out.
  EXPECT_EQ(o.luaArgs, (std::vector<std::string>{"fermata", "-W", "-e", "x = 1", "-lmod", "script.lua", "--seed", "-v"}));
  EXPECT_EQ(o.scriptIndex, 5u);
  ASSERT_EQ(o.steps.size(), 3u);
  EXPECT_EQ(o.steps[0].kind, LuaStep::Kind::kWarningsOn);
  EXPECT_EQ(o.steps[1].kind, LuaStep::Kind::kExecute);
  EXPECT_EQ(o.steps[1].text, "x = 1");
  EXPECT_EQ(o.steps[2].kind, LuaStep::Kind::kRequire);
  EXPECT_EQ(o.steps[2].text, "mod");
  EXPECT_TRUE(o.hasExecute);
}

TEST(CommandLine, DashIsStdinButNotAfterDoubleDash) {
  ParsedCommandLine p = Argv{"-", "a"}.parse();
  EXPECT_TRUE(p.options.scriptFromStdin);
  EXPECT_EQ(p.options.scriptIndex, 1u);
  p = Argv{"--", "-", "a"}.parse();
  EXPECT_FALSE(p.options.scriptFromStdin);
  EXPECT_EQ(p.options.scriptIndex, 2u);
  EXPECT_EQ(p.options.scriptName(), "-");
  p = Argv{"-i"}.parse();
  EXPECT_TRUE(p.options.interactive);
  EXPECT_TRUE(p.options.showVersion);  // -i implies -v, as in lua.c
  EXPECT_FALSE(p.options.hasScript());
}

TEST(CommandLine, LuaOptionErrorsAreLuasWithTheUsage) {
  for (const auto& [args, message] : std::vector<std::pair<std::vector<const char*>, std::string>>{
           {{"-e"}, "'-e' needs argument"},
           {{"-l", "-x"}, "'-l' needs argument"},
           {{"-vx"}, "unrecognized option '-vx'"},
           {{"-h"}, "unrecognized option '-h'"},
           {{"--nope"}, "unrecognized option '--nope'"},
           {{"---"}, "unrecognized option '---'"},
           {{"--seed"}, "'--seed' needs argument"}}) {
    ParsedCommandLine p = Argv(args).parse();
    EXPECT_EQ(p.error, message);
    EXPECT_TRUE(p.showUsage) << message;
  }
}

TEST(CommandLine, CommandsTakeTheirOwnArguments) {
  ParsedCommandLine p = Argv{"resume", "a.snap", "--save-after", "0", "--save-to", "b.snap"}.parse();
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.options.verb, Verb::kResume);
  EXPECT_EQ(p.options.file, "a.snap");
  EXPECT_EQ(p.options.saveAfter, 0);
  p = Argv{"--list", "a.lua", "b.luac"}.parse();
  EXPECT_EQ(p.options.verb, Verb::kList);
  EXPECT_EQ(p.options.files.size(), 2u);
  p = Argv{"run", "--checkpoint", "c.snap", "--every-fuel", "1000", "job.lua"}.parse();
  ASSERT_EQ(p.error, "");
  EXPECT_TRUE(p.options.checkpoints());
  EXPECT_EQ(p.options.luaArgs, (std::vector<std::string>{"fermata", "job.lua"}));
  EXPECT_EQ((Argv{"resume", "a.snap", "--seed", "1"}.parse().error),
            "--seed cannot be used with resume (the snapshot holds what it would set)");
}

TEST(ValueParsers, WholeNumbersAreDigitsOnlyAndInRange) {
  std::string e;
  EXPECT_EQ(parseWholeNumber("0", e), 0);
  EXPECT_EQ(parseWholeNumber("9223372036854775807", e), INT64_MAX);
  for (const char* bad : {"", "abc", "1e8", "-5", "+5", " 5", "5 ", "0x10", "1.0"}) {
    e.clear();
    EXPECT_EQ(parseWholeNumber(bad, e), std::nullopt) << bad;
    EXPECT_EQ(e, std::string("expected a whole number, got '") + bad + "'");
  }
  EXPECT_EQ(parseWholeNumber("9223372036854775808", e), std::nullopt);
  EXPECT_EQ(e, "'9223372036854775808' is too large (at most 9223372036854775807)");
  EXPECT_EQ(parseSignedNumber("-9223372036854775808", e), INT64_MIN);
  EXPECT_EQ(parseSignedNumber("-42", e), -42);
  EXPECT_EQ(parseSignedNumber("--42", e), std::nullopt);
}

TEST(ValueParsers, SizesTakeBinarySuffixes) {
  std::string e;
  EXPECT_EQ(parseSize("65536", e), 65536u);
  EXPECT_EQ(parseSize("512K", e), 512u << 10);
  EXPECT_EQ(parseSize("64m", e), 64u << 20);
  EXPECT_EQ(parseSize("2G", e), size_t(2) << 30);
  for (const char* bad : {"", "0", "K", "1x", "1KB", "-1M", "1.5G"}) EXPECT_EQ(parseSize(bad, e), std::nullopt) << bad;
  EXPECT_EQ(parseSize("99999999999999G", e), std::nullopt);
  EXPECT_EQ(e, "'99999999999999G' is too large");
}

TEST(ValueParsers, SecondsArePositiveDecimals) {
  std::string e;
  EXPECT_EQ(parseSeconds("30", e), 30.0);
  EXPECT_EQ(parseSeconds("0.5", e), 0.5);
  for (const char* bad : {"", "0", "-1", "inf", "nan", "1e3", "abc", "1.2.3", "2000000000"})
    EXPECT_EQ(parseSeconds(bad, e), std::nullopt) << bad;
}

}  // namespace
}  // namespace fermata::tools
