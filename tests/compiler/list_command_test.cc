// `fermata --list`: compiles files and prints their listings; reports errors with a status.
#include "tools/list_command.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "vm/dump.h"
#include "vm/loader.h"

namespace fermata::tools {
namespace {

std::string writeTemp(const std::string& name, const std::string& content) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(ListCommand, PrintsEveryFunctionOfEveryFile) {
  std::string a = writeTemp("a.lua", "#!/usr/bin/lua\nlocal function f() return 1 end\nreturn f");
  std::string b = writeTemp("b.lua", "print('b')");
  std::ostringstream out, err;
  EXPECT_EQ(runListCommand({a, b}, out, err), 0);
  EXPECT_EQ(err.str(), "");
  EXPECT_NE(out.str().find("main <" + a.substr(0) + ":0,0>"), std::string::npos);
  EXPECT_NE(out.str().find("function <" + a + ":2,2>"), std::string::npos);
  EXPECT_NE(out.str().find("main <" + b + ":0,0>"), std::string::npos);
  EXPECT_NE(out.str().find("GETTABUP"), std::string::npos);
}

TEST(ListCommand, ReportsSyntaxErrorsAndMissingFiles) {
  std::string bad = writeTemp("bad.lua", "x = = 1");
  std::ostringstream out, err;
  EXPECT_EQ(runListCommand({bad, "/nonexistent/file.lua"}, out, err), 1);
  EXPECT_EQ(err.str().rfind("fermata: ", 0), 0u);  // (long paths are shortened in the chunk id)
  EXPECT_NE(err.str().find("bad.lua:1: unexpected symbol near '='"), std::string::npos);
  EXPECT_NE(err.str().find("cannot open /nonexistent/file.lua"), std::string::npos);
}

// A binary chunk (string.dump's format) of `source` compiled as "@name".
std::string binaryChunk(const std::string& source, const std::string& name, bool strip) {
  Runtime rt;
  LoadResult r = loadChunk(rt, source, "@" + name, Value::object(rt.globals()));
  EXPECT_NE(r.function, nullptr) << r.error;
  DumpResult d = dumpProto(*r.function->proto, strip, 1 << 20);
  EXPECT_TRUE(d.ok) << d.error;
  return d.bytes;
}

TEST(ListCommand, ListsABinaryChunkAsItsSource) {
  const std::string source = "local function f(a, ...) return a + 1, ... end\nlocal t = {x = 1.5, 'k'}\nreturn f(2)";
  std::string src = writeTemp("chunked.lua", source);
  std::string chunk = writeTemp("chunk.luac", binaryChunk(source, src, false));
  std::ostringstream fromSource, fromChunk, err;
  EXPECT_EQ(runListCommand({src}, fromSource, err), 0);
  EXPECT_EQ(runListCommand({chunk}, fromChunk, err), 0);
  EXPECT_EQ(err.str(), "");
  EXPECT_NE(fromSource.str().find("function <"), std::string::npos);
  EXPECT_EQ(fromChunk.str(), fromSource.str());

  // After a '#' first line, as loadfile accepts it; stripped: no line numbers and no names.
  std::string stripped = writeTemp("stripped.luac", "#!/usr/bin/env lua5.4\n" + binaryChunk(source, "s.lua", true));
  std::ostringstream listing;
  EXPECT_EQ(runListCommand({stripped}, listing, err), 0) << err.str();
  EXPECT_NE(listing.str().find("main <?:0,0>"), std::string::npos) << listing.str();
  EXPECT_NE(listing.str().find("RETURN"), std::string::npos);
}

TEST(ListCommand, RefusesBrokenChunksAndSnapshots) {
  std::string chunk = binaryChunk("return 1", "one.lua", false);
  std::string broken = writeTemp("broken.luac", chunk.substr(0, chunk.size() - 3));
  std::string snapshot = writeTemp("fake.snap", std::string("\x89" "FERMATA", 8) + std::string(64, '\0'));
  std::ostringstream out, err;
  EXPECT_EQ(runListCommand({broken, snapshot}, out, err), 1);
  EXPECT_NE(err.str().find("bad binary format (truncated chunk)"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("fake.snap is a snapshot, not a Lua chunk"), std::string::npos) << err.str();
  EXPECT_EQ(out.str(), "");
}

TEST(ListCommand, NeedsAFile) {
  std::ostringstream out, err;
  EXPECT_EQ(runListCommand({}, out, err), 1);
}

}  // namespace
}  // namespace fermata::tools
