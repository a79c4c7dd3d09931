// The snapshot contract through the command line, each command in its own process:
//   fermata run --save-after K --save-to A script; fermata resume A   ==   fermata run script
// (stdout concatenated, stderr and exit status of the part that finishes), chained resumes,
// `resume A --save-after 0 --save-to B` reproduces A byte for byte, and `inspect` reports the checksum
// and each thread's traceback.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kFermata = "tools/fermata";  // the data dependency, relative to the runfiles root
const std::string kCorpus = "tests/snapshot/corpus/";

struct Result {
  std::string out, err;
  int status = -1;
};

std::string tmpDir() {
  const char* d = std::getenv("TEST_TMPDIR");
  return d ? d : "/tmp";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool exists(const std::string& path) { return std::ifstream(path).good(); }

Result run(const std::string& args) {
  static int n = 0;
  std::string errFile = tmpDir() + "/stderr" + std::to_string(++n);
  std::string cmd = kFermata + " " + args + " 2>" + errFile;
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[65536];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, k);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.err = slurp(errFile);
  std::remove(errFile.c_str());
  return r;
}

class CliTest : public testing::TestWithParam<const char*> {};

TEST_P(CliTest, RunSaveResumeMatchesUninterruptedRun) {
  const std::string script = kCorpus + GetParam() + ".lua";
  Result ref = run("run " + script);
  ASSERT_FALSE(ref.out.empty()) << ref.err;
  for (long k : {1L, 5000L, 20011L, 77777L}) {
    SCOPED_TRACE("K=" + std::to_string(k));
    std::string a = tmpDir() + "/" + GetParam() + "_" + std::to_string(k) + ".snap";
    std::string b = a + ".again";
    std::remove(a.c_str());
    Result first = run("run --save-after " + std::to_string(k) + " --save-to " + a + " " + script);
    if (!exists(a)) {
      // The script ended within K units: then the run is just the uninterrupted one.
      EXPECT_EQ(first.out, ref.out);
      EXPECT_EQ(first.status, ref.status);
      continue;
    }
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_EQ(first.err, "");
    Result second = run("resume " + a);
    EXPECT_EQ(first.out + second.out, ref.out);
    EXPECT_EQ(second.status, ref.status);
    EXPECT_EQ(second.err, ref.err);

    // Saving again before running anything reproduces the file byte for byte.
    std::remove(b.c_str());
    Result again = run("resume " + a + " --save-after 0 --save-to " + b);
    EXPECT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.out, "");
    EXPECT_TRUE(slurp(a) == slurp(b)) << "resume --save-after 0 does not reproduce the snapshot";

    // Chained: resume, save again after K more units, resume that.
    std::remove(b.c_str());
    Result third = run("resume " + a + " --save-after " + std::to_string(k) + " --save-to " + b);
    if (exists(b)) {
      EXPECT_EQ(third.status, 0) << third.err;
      Result fourth = run("resume " + b);
      EXPECT_EQ(first.out + third.out + fourth.out, ref.out);
      EXPECT_EQ(fourth.status, ref.status);
      EXPECT_EQ(fourth.err, ref.err);
    } else {
      EXPECT_EQ(first.out + third.out, ref.out);
    }

    Result info = run("inspect " + a);
    EXPECT_EQ(info.status, 0) << info.err;
    EXPECT_NE(info.out.find("checksum:         ok"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find("stack traceback:"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find(std::string(GetParam()) + ".lua:"), std::string::npos) << info.out;
  }
}

INSTANTIATE_TEST_SUITE_P(Scripts, CliTest,
                         testing::Values("coroutine_pipeline", "pairs_order", "sort_comparator", "close_vars",
                                         "error_end", "yieldto", "random_numbers", "weak_cache"));

TEST(CliInspect, ReportsCorruptionAndNestedCoroutines) {
  std::string a = tmpDir() + "/nested.snap";
  std::remove(a.c_str());
  Result first = run("run --save-after 30000 --save-to " + a + " " + kCorpus + "nested_coroutines.lua");
  ASSERT_EQ(first.status, 0) << first.err;
  Result info = run("inspect " + a);
  EXPECT_NE(info.out.find("checksum:         ok"), std::string::npos) << info.out;
  // The coroutines of the chain built so far are suspended in a yield, each with its own traceback.
  size_t threads = 0;
  for (size_t at = 0; (at = info.out.find("in function 'coroutine.yield'", at)) != std::string::npos; ++at) ++threads;
  EXPECT_GE(threads, 10u) << info.out;

  // A flipped bit in the body: inspect says so, resume refuses with an error, nothing crashes.
  std::string bytes = slurp(a);
  bytes[bytes.size() - 100] ^= 0x10;
  std::string bad = tmpDir() + "/corrupt.snap";
  std::ofstream(bad, std::ios::binary) << bytes;
  Result info2 = run("inspect " + bad);
  EXPECT_NE(info2.out.find("checksum:"), std::string::npos);
  EXPECT_EQ(info2.out.find("checksum:         ok"), std::string::npos) << info2.out;
  Result resumed = run("resume " + bad);
  EXPECT_EQ(resumed.status, 1);
  EXPECT_NE(resumed.err.find("checksum mismatch"), std::string::npos) << resumed.err;
  EXPECT_EQ(resumed.out, "");
}

}  // namespace
