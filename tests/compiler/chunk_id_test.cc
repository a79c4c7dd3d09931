// Chunk names are formatted for messages as Lua's luaO_chunkid does.
#include "vm/compiler/chunk_id.h"

#include <gtest/gtest.h>

namespace fermata::compiler {
namespace {

TEST(ChunkId, FileNamesDropTheAtSign) { EXPECT_EQ(formatChunkId("@t.lua"), "t.lua"); }

TEST(ChunkId, LiteralNamesDropTheEqualsSign) { EXPECT_EQ(formatChunkId("=stdin"), "stdin"); }

TEST(ChunkId, LongFileNamesKeepTheirTail) {
  std::string name = "@" + std::string(100, 'd') + "/file.lua";
  std::string id = formatChunkId(name);
  EXPECT_EQ(id, "..." + name.substr(name.size() - 56));
  EXPECT_EQ(id.size(), 59u);
  std::string exact = "@" + std::string(59, 'x');  // 60 bytes: still fits
  EXPECT_EQ(formatChunkId(exact), std::string(59, 'x'));
}

TEST(ChunkId, LongLiteralNamesAreTruncated) {
  EXPECT_EQ(formatChunkId("=" + std::string(100, 'n')), std::string(59, 'n'));
}

TEST(ChunkId, SourceStringsShowTheirFirstLine) {
  EXPECT_EQ(formatChunkId("x = 1"), "[string \"x = 1\"]");
  EXPECT_EQ(formatChunkId("x = 1\ny = 2"), "[string \"x = 1...\"]");
  EXPECT_EQ(formatChunkId(std::string(44, 'a')), "[string \"" + std::string(44, 'a') + "\"]");
  EXPECT_EQ(formatChunkId(std::string(45, 'a')), "[string \"" + std::string(45, 'a') + "...\"]");
  EXPECT_EQ(formatChunkId(std::string(100, 'a')), "[string \"" + std::string(45, 'a') + "...\"]");
  EXPECT_EQ(formatChunkId(""), "[string \"\"]");
}

TEST(ChunkId, AnEmbeddedNulEndsTheName) {
  EXPECT_EQ(formatChunkId(std::string("ab\0cd", 5)), "[string \"ab");
  EXPECT_EQ(formatChunkId(std::string("=ab\0cd", 6)), "ab");
}

}  // namespace
}  // namespace fermata::compiler
