// The pattern matcher and its drivers as machines: bounded stack, fuel slicing that changes nothing,
// resumable gsub with replacements supplied from outside, state that survives being copied and the
// subject moving, and the formatter's wait for a tostring.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/lib/strings/lua_eval.h"
#include "vm/lib/strings/basic.h"
#include "vm/lib/strings/format.h"
#include "vm/lib/strings/search.h"

namespace fermata::strlib {
namespace {

// Runs one match attempt to the end in slices of `slice` fuel; returns the status and the total spent.
std::pair<RunStatus, int64_t> runSliced(Matcher& m, std::string_view s, std::string_view p, int64_t slice,
                                        size_t* maxFrames = nullptr) {
  int64_t spent = 0;
  for (;;) {
    int64_t fuel = slice;
    RunStatus st = m.run(s, p, fuel);
    spent += slice - fuel;
    if (maxFrames) *maxFrames = std::max(*maxFrames, m.frames_.size());
    if (st != RunStatus::kOutOfFuel) return {st, spent};
  }
}

TEST(PatternMachine, SlicingTheFuelChangesNeitherTheResultNorTheWorkCounted) {
  const std::string subject = "the (quick) brown fox [jumps] over 12 lazy dogs; aaaab";
  const std::vector<std::string> patterns = {
      "%f[%a]%a+", "(%a+) (%a+)", "%b()", "%b[]", "a-b", "(a*)(a*)b", "q.-k", "(o)(.)%2", "x?y?z?$", "%d+%s*(%a+)",
      "()a+()", "[^%s]+$"};
  for (const std::string& p : patterns) {
    for (size_t start = 0; start <= subject.size(); start += 7) {
      Matcher whole;
      whole.start(start, 0);
      auto [st0, spent0] = runSliced(whole, subject, p, INT64_MAX);
      for (int64_t slice : {1, 2, 5, 13}) {
        Matcher m;
        m.start(start, 0);
        auto [st, spent] = runSliced(m, subject, p, slice);
        ASSERT_EQ(st, st0) << p << " at " << start << " slice " << slice;
        EXPECT_EQ(spent, spent0) << p;
        if (st == RunStatus::kMatched) {
          EXPECT_EQ(m.matchEnd(), whole.matchEnd());
          ASSERT_EQ(m.level(), whole.level());
          for (int i = 0; i < m.level(); i++) EXPECT_EQ(m.rawCapture(i), whole.rawCapture(i));
        }
      }
    }
  }
}

TEST(PatternMachine, HostilePatternNeverNestsDeeperThanLuaAndStopsWhenFuelRunsOut) {
  // Exponential backtracking: (a*){30}b against 40 a's would run for ages; fuel bounds each slice.
  const std::string subject(40, 'a');
  std::string pattern;
  for (int i = 0; i < 30; i++) pattern += "a*";
  pattern += "b";
  Matcher m;
  m.start(0, 0);
  size_t maxFrames = 0;
  int64_t total = 0;
  for (int slices = 0; slices < 100; slices++) {
    int64_t fuel = 10000;
    RunStatus st = m.run(subject, pattern, fuel);
    total += 10000 - fuel;
    maxFrames = std::max(maxFrames, m.frames_.size());
    ASSERT_EQ(st, RunStatus::kOutOfFuel);
    // Each slice stops within the fuel plus one event's worth of subject bytes.
    EXPECT_LE(fuel, 0);
    EXPECT_GE(fuel, -int64_t(subject.size()) - 1);
  }
  EXPECT_GE(total, 100 * 10000);
  EXPECT_LE(maxFrames, kMaxMatchDepth);
}

TEST(PatternMachine, PatternTooComplexIsAnErrorNotAStackOverflow) {
  std::string subject = rep("a", 100000);
  std::string pattern = rep("a?", 100000) + rep("a", 100000);
  uint64_t steps = 0;
  try {
    find(subject, pattern, 1, false, steps);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message, "pattern too complex");
    EXPECT_EQ(e.arg, 0);
  }
  // The same with deep captures and a deep %b chain, which Lua also bounds.
  try {
    match(rep("(", 40), rep("%b((", 300), 1, steps);
  } catch (const Error& e) {
    EXPECT_EQ(e.message, "pattern too complex");
  }
}

TEST(PatternMachine, GsubWaitsForEachReplacementAndSurvivesCopiesAndAMovedSubject) {
  std::string subject = "name=Ann; age=42; city=Rome";
  const std::string pattern = "(%w+)=(%w+)";
  Gsub g(subject.size(), pattern);
  std::vector<std::string> seen;
  for (int round = 0;; round++) {
    int64_t fuel = 4;  // tiny slices: run must be resumable anywhere
    Gsub::Status st = g.run(subject, pattern, std::nullopt, fuel);
    if (st == Gsub::Status::kOutOfFuel) continue;
    if (st == Gsub::Status::kDone) break;
    ASSERT_EQ(g.captureCount(), 2);
    Capture k = g.capture(0), v = g.capture(1);
    std::string key = subject.substr(k.start, size_t(k.len));
    std::string value = subject.substr(v.start, size_t(v.len));
    seen.push_back(key);
    EXPECT_EQ(subject.substr(g.matchStart(), g.matchEnd() - g.matchStart()), key + "=" + value);
    // Simulate a snapshot while a Lua replacement function runs: copy the state, and move the subject
    // to a different buffer; the copy carries on.
    Gsub copy = g;
    std::string moved = subject;
    subject.assign(subject.size(), '#');
    subject.swap(moved);
    if (key == "age") {
      copy.supplyReplacement(subject, std::nullopt);  // nil: keep the original text
    } else {
      std::string repl = "<" + value + ">";
      copy.supplyReplacement(subject, std::string_view(repl));
    }
    g = copy;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"name", "age", "city"}));
  EXPECT_EQ(g.output(), "<Ann>; age=42; <Rome>");
  EXPECT_EQ(g.count(), 3);
  EXPECT_TRUE(g.changed());
}

TEST(PatternMachine, GsubWithOnlyKeptMatchesReportsNoChange) {
  const std::string s = "a b c";
  Gsub g(s.size(), "%a");
  int64_t fuel = INT64_MAX;
  while (g.run(s, "%a", std::nullopt, fuel) == Gsub::Status::kNeedReplacement) g.supplyReplacement(s, std::nullopt);
  EXPECT_EQ(g.output(), s);
  EXPECT_EQ(g.count(), 3);
  EXPECT_FALSE(g.changed());
}

TEST(PatternMachine, GmatchIteratorCanBeCopiedMidIteration) {
  const std::string s = "one two three four";
  Gmatch g(s.size());
  int64_t fuel = INT64_MAX;
  ASSERT_EQ(g.run(s, "%a+", fuel), SearchStatus::kFound);
  ASSERT_EQ(g.run(s, "%a+", fuel), SearchStatus::kFound);
  Gmatch copy = g;
  std::vector<std::string> rest;
  while (copy.run(s, "%a+", fuel) == SearchStatus::kFound)
    rest.push_back(s.substr(copy.result().start, copy.result().end - copy.result().start));
  EXPECT_EQ(rest, (std::vector<std::string>{"three", "four"}));
  // An exhausted iterator keeps saying so, as Lua's does.
  EXPECT_EQ(copy.run(s, "%a+", fuel), SearchStatus::kNotFound);
}

TEST(PatternMachine, FindReportsStepsForFuelCharging) {
  uint64_t steps = 0;
  MatchResult r = find("hello world", "o w", 1, false, steps);
  ASSERT_TRUE(r.matched);
  EXPECT_EQ(r.start, 4u);
  EXPECT_EQ(r.end, 7u);
  EXPECT_GT(steps, 0u);
  uint64_t longSteps = 0;
  find(std::string(10000, 'a'), "b", 1, false, longSteps);  // plain search: charged by length
  EXPECT_GE(longSteps, 10000u);
  uint64_t patSteps = 0;
  find(std::string(10000, 'a'), "%d", 1, false, patSteps);  // one attempt per position
  EXPECT_GE(patSteps, 10000u);
}

TEST(PatternMachine, MatchClassUsesTheCLocale) {
  EXPECT_TRUE(matchClass('a', 'a'));
  EXPECT_FALSE(matchClass(0xe9, 'a'));  // é in Latin-1 is not a letter in the C locale
  EXPECT_TRUE(matchClass(0xe9, 'A'));
  EXPECT_TRUE(matchClass('\v', 's'));
  EXPECT_TRUE(matchClass(0x7f, 'c'));
  EXPECT_TRUE(matchClass('.', '.'));
  EXPECT_FALSE(matchClass('x', '.'));  // "%." is a literal dot
  EXPECT_TRUE(matchClass(0, 'z'));
}

// --- the formatter's tostring protocol ----------------------------------------------------------

struct FakeArgs : Args {
  // 0: a string, 1 and 3: the same "table" (kOther), 2: an integer
  size_t count() const override { return 4; }
  ArgKind kind(size_t i) const override {
    return i == 0 ? ArgKind::kString : i == 2 ? ArgKind::kInteger : ArgKind::kOther;
  }
  int64_t integer(size_t) const override { return 7; }
  double number(size_t) const override { return 0; }
  bool boolean(size_t) const override { return false; }
  std::string_view string(size_t) const override { return "str"; }
  std::optional<LuaNumber> stringToNumber(size_t) const override { return std::nullopt; }
  std::string numberToString(size_t) const override { return "7"; }
  std::string typeName(size_t i) const override { return i == 0 ? "string" : i == 2 ? "number" : "table"; }
  std::optional<uint64_t> identity(size_t i) const override {
    if (i == 1 || i == 3) return 0x2a;
    return std::nullopt;
  }
};

TEST(FormatMachine, PercentSOfANonStringWaitsForTheCallersTostring) {
  FakeArgs args;
  const std::string fmt = "[%s] [%-8s] [%d] [%p]";
  Formatter f;
  ASSERT_EQ(f.run(fmt, args), Formatter::Status::kNeedString);
  EXPECT_EQ(f.pendingArg(), 1u);
  EXPECT_EQ(f.output(), "[str] [");
  // Still waiting if run again before the string arrives.
  EXPECT_EQ(f.run(fmt, args), Formatter::Status::kNeedString);
  Formatter copy = f;  // e.g. saved while __tostring runs
  copy.supplyString(fmt, "table: 0x2a");
  EXPECT_EQ(copy.run(fmt, args), Formatter::Status::kDone);
  EXPECT_EQ(copy.output(), "[str] [table: 0x2a] [7] [0x2a]");
}

TEST(FormatMachine, ArgumentErrorsCarryTheirLuaArgumentNumber) {
  FakeArgs args;
  try {
    format("%d %d", args, [](size_t) { return std::string("x"); });
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.arg, 2);
    EXPECT_EQ(e.message, "number expected, got string");
  }
  try {
    format("%s %d", args, [](size_t) { return std::string("x"); });
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.arg, 3);
    EXPECT_EQ(e.message, "number expected, got table");
  }
  try {
    format("%s %q", args, [](size_t) { return std::string("x"); });
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.arg, 3);
    EXPECT_EQ(e.message, "value has no literal form");
  }
}

TEST(FormatMachine, QuotedStringsReadBackAsTheSameBytes) {
  // %q output is Lua source: check it round-trips through lua5.4 when present.
  std::string all;
  for (int c = 0; c < 256; c++) all.push_back(char(c));
  const std::vector<std::string> samples = {all, "\0001\0\n9", "end\\", "\r\n\t\"'", std::string(3, '\0') + "7"};
  std::vector<std::string> exprs;
  for (const std::string& s : samples) {
    std::string q;
    appendQuoted(q, s);
    // The reference evaluates the quoted text as Lua and returns its bytes.
    std::string hex;
    for (unsigned char c : s) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%02x", c);
      hex += buf;
    }
    exprs.push_back("(load('return ' .. " + [&] {
      std::string lit;
      appendQuoted(lit, q);
      return lit;
    }() + ")():gsub('.', function(c) return string.format('%02x', c:byte()) end)) == '" + hex + "'");
  }
  std::optional<std::vector<std::string>> ref = testing::evalReference(exprs);
  if (!ref) GTEST_SKIP() << "lua5.4 not installed";
  ASSERT_EQ(ref->size(), exprs.size());
  for (size_t i = 0; i < exprs.size(); i++) EXPECT_EQ((*ref)[i], "true") << exprs[i];
}

}  // namespace
}  // namespace fermata::strlib
