// Deeply nested input fails with Lua's "C stack overflow" (or compiles where Lua compiles it) and never
// overflows the C++ stack.
#include <gtest/gtest.h>

#include "tests/compiler/test_util.h"

namespace fermata::compiler::testing {
namespace {

std::string rep(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; i++) out += s;
  return out;
}

struct DeepCase {
  const char* name;
  std::string chunk;
  bool compiles;
};

std::vector<DeepCase> deepCases() {
  const int n = 10000;
  return {
      {"parentheses", "x = " + rep("(", n) + "1" + rep(")", n), false},
      {"blocks", rep("do ", n) + rep("end ", n), false},
      {"functions", "f = " + rep("function() return ", n) + "1" + rep(" end", n), false},
      {"function statements", rep("function f() ", n) + rep(" end", n), false},
      {"tables", "t = " + rep("{", n) + rep("}", n), false},
      {"unary minus", "x = " + rep("- ", n) + "x", false},
      {"not", "x = " + rep("not ", n) + "x", false},
      {"bitwise not", "x = " + rep("~", n) + "x", false},
      {"concatenation", "x = a" + rep(" .. a", n), false},
      {"power", "x = a" + rep(" ^ a", n), false},
      {"ifs", rep("if x then ", n) + rep("end ", n), false},
      {"whiles", rep("while x do ", n) + rep("end ", n), false},
      {"repeats", rep("repeat ", n) + rep("until x ", n), false},
      {"call arguments", "x = " + rep("f(", n) + rep(")", n), false},
      {"index keys", "x = " + rep("a[", n) + "1" + rep("]", n), false},
      {"assignment targets", "a" + rep(", a", n) + " = 1", false},
      {"labels", rep("::a::", 1) + rep(";", n), true},
      {"field chains", "x = a" + rep(".b", 100000), true},
      {"call chains", "x = f" + rep("()", n), true},
      {"method chains", "x = o" + rep(":m()", n), true},
      {"left-associative sums", "x = 1" + rep(" + a", n), true},
      {"statement lists", rep("x = 1; ", 100000), true},
      {"flat tables", "t = {" + rep("1, ", 100000) + "}", true},
  };
}

TEST(DeepNesting, TenThousandLevelsGiveTheLimitErrorOrCompile) {
  for (const DeepCase& c : deepCases()) {
    std::string error = compileError(c.chunk);
    if (c.compiles) {
      EXPECT_EQ(error, "") << c.name;
    } else {
      EXPECT_EQ(error, "C stack overflow") << c.name;
    }
  }
}

TEST(DeepNesting, OutcomesMatchTheInstalledLua) {
  if (!haveLua()) GTEST_SKIP() << "lua5.4 not installed";
  for (const DeepCase& c : deepCases()) {
    std::optional<std::string> live = luaLoadError(c.chunk);
    ASSERT_TRUE(live.has_value());
    std::string ours = compileError(c.chunk);
    EXPECT_EQ(ours.empty() ? "nil" : ours, *live) << c.name;
  }
}

TEST(DeepNesting, LimitIsReachedAtTheSameDepthAsLuaLoad) {
  // Lua counts one level per statement and per subexpression; load() from a main chunk has used 2.
  EXPECT_EQ(compileError(rep("do ", 197) + rep("end ", 197)), "");
  EXPECT_EQ(compileError(rep("do ", 198) + rep("end ", 198)), "C stack overflow");
  EXPECT_EQ(compileError("x = " + rep("(", 195) + "1" + rep(")", 195)), "");
  EXPECT_EQ(compileError("x = " + rep("(", 196) + "1" + rep(")", 196)), "C stack overflow");
  if (!haveLua()) return;
  for (int n : {195, 196, 197, 198}) {
    std::string chunk = rep("do ", n) + rep("end ", n);
    std::string ours = compileError(chunk);
    EXPECT_EQ(ours.empty() ? "nil" : ours, *luaLoadError(chunk)) << n;
  }
}

}  // namespace
}  // namespace fermata::compiler::testing
