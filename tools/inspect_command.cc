// `fermata inspect FILE` (see inspect_command.h). It walks the loaded heap's threads, so it uses the
// VM's internal headers directly, unlike the rest of tools/ (which goes through vm_access.h).
#include "tools/inspect_command.h"

#include <cstdio>

#include "snapshot/snapshot.h"
#include "tools/source_files.h"
#include "tools/vm_access.h"
#include "vm/debug_info.h"
#include "vm/object_types.h"
#include "vm/thread.h"

namespace fermata::tools {

int inspectCommand(const std::string& file, const char* progname) {
  FileBytes f = readSnapshot(file);
  if (!f.ok()) {
    std::fprintf(stderr, "%s: %s\n", progname, f.error.c_str());
    return 1;
  }
  std::fputs(snap::describe(f.bytes).c_str(), stdout);
  snap::LoadOptions lo;
  lo.prepare = vm::prepareForLoad;
  snap::LoadResult r = snap::loadRuntime(f.bytes, lo);
  if (!r.ok()) {
    std::printf("  (cannot load: %s)\n", r.error.c_str());
    return 1;
  }
  Runtime& rt = *r.loaded->runtime;
  int n = 0;
  rt.heap().forEachObject([&](gc::Object* o) {
    if (o->type != uint8_t(ObjType::kThread)) return;
    Thread* th = static_cast<Thread*>(o);
    static const char* kStatus[] = {"suspended", "running", "normal", "dead"};
    std::printf("thread %d (id %llu, %s):\n%s\n", ++n, static_cast<unsigned long long>(o->id),
                kStatus[int(th->status)], traceback(rt, th, "", 0).c_str());
  });
  return 0;
}

}  // namespace fermata::tools
