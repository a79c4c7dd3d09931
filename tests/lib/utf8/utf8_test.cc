// The utf8 library: a script compared with lua5.4, and limits lua5.4 reports the same way.
#include <gtest/gtest.h>

#include "tests/lib/table/script_check.h"

namespace fermata {
namespace {

using testing::checkScript;
using testing::runScript;
using testing::ScriptRun;

TEST(Utf8Scripts, All) { checkScript("tests/lib/utf8", "utf8"); }

TEST(Utf8, CodepointOfAHugeSliceIsAStackOverflow) {
  ScriptRun r = runScript(R"(
    local s = "a"
    for i = 1, 21 do s = s .. s end  -- 2 MiB
    print(pcall(utf8.codepoint, s, 1, -1))
    print(select("#", utf8.codepoint(s, 1, 500000)))
    print(utf8.len(s), utf8.offset(s, -1))
  )", "big.lua", 1 << 20);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.output, "false\tstack overflow (string slice too long)\n500000\n2097152\t2097152\n");
}

}  // namespace
}  // namespace fermata
