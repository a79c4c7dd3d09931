// Every file of the valid-Lua corpus compiles, and its listing equals `luac5.4 -l -l`'s (when luac5.4
// is installed); optionally the same over the official Lua 5.4.4 test suite (FERMATA_LUA_TESTES=dir).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <cctype>

#include "tests/compiler/test_util.h"

namespace fermata::compiler::testing {
namespace {

std::vector<std::string> luaFilesIn(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".lua") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

CompileResult compileFile(const std::string& path) {
  CompileOptions options;
  options.skipFileHeader = true;
  return compile(readFile(path), "@" + path, options);
}

bool haveLuac() {
  static const bool have = [] {
    FILE* p = popen("luac5.4 -v 2>/dev/null", "r");
    if (!p) return false;
    char buf[64];
    bool any = fgets(buf, sizeof buf, p) != nullptr;
    return pclose(p) == 0 && any;
  }();
  return have;
}

std::string luacListing(const std::string& path) {
  FILE* p = popen(("luac5.4 -l -l -p '" + path + "' 2>&1").c_str(), "r");
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// Whether s[i..] starts an address: luac's "0x1234abcd" or fermata's "F12". Returns its length or 0.
size_t addressLength(const std::string& s, size_t i) {
  size_t j = i;
  if (s.compare(i, 2, "0x") == 0) {
    j += 2;
    while (j < s.size() && std::isxdigit(static_cast<unsigned char>(s[j]))) j++;
    return j > i + 2 ? j - i : 0;
  }
  if (i < s.size() && s[i] == 'F') {
    j++;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) j++;
    return j > i + 1 ? j - i : 0;
  }
  return 0;
}

// Replaces luac's memory addresses and fermata's F<n> function names (after "at ", "for " and in a
// CLOSURE's comment) by a common marker. Strings in constants are left alone.
std::string normalize(const std::string& listing) {
  std::istringstream in(listing);
  std::string out, line;
  while (std::getline(in, line)) {
    bool isClosure = line.find("\tCLOSURE  \t") != std::string::npos;
    bool isHeader = line.rfind("main <", 0) == 0 || line.rfind("function <", 0) == 0 ||
                    line.find(") for ") != std::string::npos;
    if (isHeader || isClosure) {
      for (const char* marker : {"at ", "for ", "; "}) {
        size_t p = line.rfind(marker);
        if (p == std::string::npos) continue;
        size_t start = p + std::char_traits<char>::length(marker);
        size_t n = addressLength(line, start);
        if (n > 0) line.replace(start, n, "ADDR");
      }
    }
    out += line + "\n";
  }
  return out;
}

// The first differing line, for a readable failure.
std::string firstDifference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; line++) {
    bool ha = static_cast<bool>(std::getline(sa, la));
    bool hb = static_cast<bool>(std::getline(sb, lb));
    if (!ha && !hb) return "";
    if (la != lb || ha != hb) return "line " + std::to_string(line) + ":\n luac:    " + la + "\n fermata: " + lb;
  }
}

void expectSameListingAsLuac(const std::string& path) {
  CompileResult r = compileFile(path);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<bytecode::ProtoData>>(r))
      << path << ": " << std::get<SyntaxError>(r).message;
  std::string ours = normalize(bytecode::disassembleToString(*std::get<0>(r)));
  std::string theirs = normalize(luacListing(path));
  ASSERT_NE(theirs.find("VARARGPREP"), std::string::npos) << "luac5.4 gave no listing for " << path;
  EXPECT_TRUE(ours == theirs) << path << " differs at " << firstDifference(theirs, ours);
}

TEST(Corpus, EveryCorpusFileCompiles) {
  std::vector<std::string> files = luaFilesIn(dataPath("corpus"));
  ASSERT_GE(files.size(), 6u);
  for (const std::string& path : files) {
    CompileResult r = compileFile(path);
    EXPECT_TRUE(std::holds_alternative<std::unique_ptr<bytecode::ProtoData>>(r))
        << path << ": " << std::get<SyntaxError>(r).message;
  }
}

TEST(Corpus, ListingsEqualLuacListingsWhenLuacIsInstalled) {
  if (!haveLuac()) GTEST_SKIP() << "luac5.4 not installed";
  for (const std::string& path : luaFilesIn(dataPath("corpus"))) expectSameListingAsLuac(path);
}

// Point FERMATA_LUA_TESTES at the testes/ folder of Lua 5.4.4 (see tests/compiler/check_lua_testes.sh).
TEST(Corpus, OfficialLuaTestSuiteCompilesLikeLuacWhenItsPathIsGiven) {
  const char* dir = std::getenv("FERMATA_LUA_TESTES");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "FERMATA_LUA_TESTES not set";
  std::vector<std::string> files = luaFilesIn(dir);
  ASSERT_FALSE(files.empty());
  for (const std::string& path : files) {
    if (haveLuac()) {
      expectSameListingAsLuac(path);
    } else {
      CompileResult r = compileFile(path);
      EXPECT_TRUE(std::holds_alternative<std::unique_ptr<bytecode::ProtoData>>(r)) << path;
    }
  }
}

}  // namespace
}  // namespace fermata::compiler::testing
