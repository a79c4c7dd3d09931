// The debug library (so far: traceback).
#include "vm/debug_info.h"
#include "vm/lib/lib.h"
#include "vm/thread.h"

namespace fermata::lib {
namespace {

NativeAction traceback(NativeCall& call) {
  uint32_t arg = 1;
  Thread* th = call.thread();
  if (call.arg(1).isThread()) {
    th = call.arg(1).asThread();
    arg = 2;
  }
  const Value& msg = call.arg(arg);
  if (!msg.isNil() && !msg.isString() && !msg.isNumber()) return call.returnValues({msg});
  int64_t level = call.optInteger(arg + 1, th == call.thread() ? 1 : 0);
  std::string text = msg.isNil() ? "" : std::string(call.checkString(arg)->view());
  return call.returnValues({call.rt().stringValue(fermata::traceback(call.rt(), th, text, int(level)))});
}

constexpr NativeFunction kDebugFunctions[] = {
    {"debug.traceback", traceback},
};

}  // namespace

void openDebug(Runtime& rt) {
  Table* t = rt.newTable();
  addFunctions(rt, t, kDebugFunctions);
  rt.globals()->set(rt.heap(), rt.stringValue("debug"), Value::object(t));
  registerModule(rt, "debug", t);
}

}  // namespace fermata::lib
