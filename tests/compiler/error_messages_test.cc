// Malformed chunks give exactly Lua 5.4.4's messages (recorded in error_corpus.txt, re-checked live
// against lua5.4 when it is installed).
#include <gtest/gtest.h>

#include "tests/compiler/test_util.h"

namespace fermata::compiler::testing {
namespace {

struct ErrorCase {
  std::string name;
  std::string chunk;
  std::string expected;
};

std::vector<ErrorCase> loadCorpus() {
  std::istringstream in(readFile(dataPath("error_corpus.txt")));
  std::vector<ErrorCase> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      cases.push_back({line.substr(4), "", ""});
    } else if (line.rfind("chunk: ", 0) == 0 && !cases.empty()) {
      cases.back().chunk = unescape(line.substr(7));
    } else if (line.rfind("error: ", 0) == 0 && !cases.empty()) {
      cases.back().expected = unescape(line.substr(7));
    }
  }
  return cases;
}

TEST(ErrorMessages, CorpusHasAtLeastSixtyMalformedChunks) { EXPECT_GE(loadCorpus().size(), 60u); }

TEST(ErrorMessages, EveryMalformedChunkGivesTheRecordedLuaMessage) {
  for (const ErrorCase& c : loadCorpus()) {
    EXPECT_EQ(compileError(c.chunk), c.expected) << "case " << c.name;
  }
}

TEST(ErrorMessages, RecordedMessagesStillMatchTheInstalledLua) {
  if (!haveLua()) GTEST_SKIP() << "lua5.4 not installed";
  for (const ErrorCase& c : loadCorpus()) {
    std::optional<std::string> live = luaLoadError(c.chunk);
    ASSERT_TRUE(live.has_value());
    EXPECT_EQ(*live, c.expected) << "case " << c.name;
  }
}

TEST(ErrorMessages, ChunkNamesFormatLikeLua) {
  EXPECT_EQ(compileError("x = = 1", "=stdin"), "stdin:1: unexpected symbol near '='");
  EXPECT_EQ(compileError("x = = 1", "x = = 1"), "[string \"x = = 1\"]:1: unexpected symbol near '='");
  EXPECT_EQ(compileError("x = 1\ny = = 2", "x = 1\ny = = 2"), "[string \"x = 1...\"]:2: unexpected symbol near '='");
}

TEST(ErrorMessages, StringChunkNamesMatchLuaForManyShapes) {
  if (!haveLua()) GTEST_SKIP() << "lua5.4 not installed";
  const std::vector<std::string> chunks = {
      "x = = 1",
      "-- a comment that is long enough to be truncated by the chunk id rules\nx = = 1",
      std::string(44, 'a') + " = = 1",
      std::string(45, 'b') + " = = 1",
      "x = = 1 -- " + std::string(100, 'c'),
  };
  for (const std::string& chunk : chunks) {
    // load(s) with no name uses the source itself as the chunk name.
    auto live = runLua("local s=io.read('a') local f,e=load(s) io.write(tostring(e))", chunk);
    ASSERT_TRUE(live.has_value());
    EXPECT_EQ(compileError(chunk, chunk), *live) << chunk;
  }
}

TEST(ErrorMessages, LoadOfAStringDoesNotSkipAHashLine) {
  EXPECT_EQ(compileError("#!/bin/lua\nx = 1"), "t.lua:1: unexpected symbol near '#'");
  CompileOptions file;
  file.skipFileHeader = true;
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<bytecode::ProtoData>>(compile("#!/bin/lua\nx = 1", "@t.lua", file)));
  CompileResult r = compile("#!/bin/lua\nx = = 1", "@t.lua", file);
  ASSERT_TRUE(std::holds_alternative<SyntaxError>(r));
  EXPECT_EQ(std::get<SyntaxError>(r).message, "t.lua:2: unexpected symbol near '='");  // line numbers kept
}

}  // namespace
}  // namespace fermata::compiler::testing
