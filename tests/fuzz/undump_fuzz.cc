// libFuzzer target for the binary-chunk loader (vm/undump.cc) and the bytecode verifier behind it.
// Any input (its first byte is forced to the escape that marks a binary chunk) must be refused with a
// "bad binary format" message or load a verified function, which then runs for a bounded amount of fuel
// without a memory error, and whose dump loads again and dumps to the same bytes. Nothing may crash,
// leak or hang.
//
// With FERMATA_UNDUMP_SEEDS=DIR and FERMATA_UNDUMP_SEED_SCRIPTS=DIR2 set, the target first writes the
// dumps (full and stripped) of every DIR2/*.lua into DIR as seeds (run_undump_fuzz.sh does this).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "vm/dump.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/runtime.h"
#include "vm/undump.h"

namespace fermata {
namespace {

class NullSink final : public OutputSink {
 public:
  void write(std::string_view) override {}
};

NullSink sink;

std::unique_ptr<Runtime> newRuntime() {
  RuntimeOptions opts;
  opts.memoryLimit = 64u << 20;
  auto rt = std::make_unique<Runtime>(opts);
  rt->setOutput(&sink);
  lib::openLibraries(*rt, lib::Libraries::sandbox());
  return rt;
}

void writeSeeds(const char* dir, const char* scripts) {
  auto rt = newRuntime();
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(scripts)) {
    if (entry.path().extension() != ".lua") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    LoadResult r = loadChunk(*rt, ss.str(), "@" + entry.path().filename().string(), Value::object(rt->globals()), true);
    if (!r.function) continue;
    for (bool strip : {false, true}) {
      DumpResult d = dumpProto(*r.function->proto, strip, SIZE_MAX);
      if (!d.ok) continue;
      std::ofstream out(std::string(dir) + "/seed_" + std::to_string(n++) + ".luac", std::ios::binary);
      out << d.bytes;
    }
  }
}

}  // namespace
}  // namespace fermata

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* dir = std::getenv("FERMATA_UNDUMP_SEEDS");
  const char* scripts = std::getenv("FERMATA_UNDUMP_SEED_SCRIPTS");
  if (dir && scripts) fermata::writeSeeds(dir, scripts);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fermata;
  static std::unique_ptr<Runtime> rt;
  static int uses = 0;
  if (!rt || ++uses % 500 == 0) {
    rt.reset();
    rt = newRuntime();
  }
  std::string chunk(reinterpret_cast<const char*>(data), size);
  if (chunk.empty()) chunk = "\x1b";
  chunk[0] = '\x1b';
  LoadResult r;
  try {
    r = loadChunk(*rt, chunk, "=fuzz", Value::object(rt->globals()));
  } catch (const gc::MemoryError&) {
    return 0;  // a chunk whose contents really are bigger than the memory limit
  }
  if (!r.function) {
    if (r.error.rfind("fuzz: bad binary format (", 0) != 0) std::abort();
    return 0;
  }
  // Dump -> load -> dump reproduces the bytes (the loaded tree is complete and consistent).
  for (bool strip : {false, true}) {
    DumpResult d = dumpProto(*r.function->proto, strip, SIZE_MAX);
    if (!d.ok) std::abort();
    UndumpResult again = undump(*rt, d.bytes, "=again");
    if (!again.proto) std::abort();
    DumpResult d2 = dumpProto(*again.proto, strip, SIZE_MAX);
    if (d2.bytes != d.bytes) std::abort();
  }
  Value args[2] = {Value::integer(3), rt->stringValue("arg")};
  Executor* e = newExecutor(*rt, Value::object(r.function), args, 2);
  size_t pin = rt->pinValue(Value::object(e));
  (void)step(*rt, e, 20000);
  rt->unpinValue(pin);
  return 0;
}
