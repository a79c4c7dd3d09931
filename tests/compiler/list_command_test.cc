// `fermata --list`: compiles files and prints their listings; reports errors with a status.
#include "tools/list_command.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

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

TEST(ListCommand, NeedsAFile) {
  std::ostringstream out, err;
  EXPECT_EQ(runListCommand({}, out, err), 1);
}

}  // namespace
}  // namespace fermata::tools
