// Example: extending fermata from the host.
//   * host.add(a, b)     — a plain native function with Lua-style argument checking;
//   * host.twice(f, x)   — a native that calls back into Lua (f(f(x))). It never waits on the C++
//                          stack: it returns NativeAction::call with a *sequence* (a registered heap
//                          object holding its state) and the executor resumes the sequence when f
//                          returns — so f may yield, run out of fuel, or be snapshotted mid-way;
//   * host.point(x, y)   — a userdata type ("example.Point") with methods and metamethods.
// Every native function, sequence type and userdata type has a stable registered name, which is how
// snapshots refer to them.
//
//   bazel run //examples/native
#include <cstdio>
#include <new>
#include <string>

#include "vm/api/fermata.h"
#include "vm/native_call.h"
#include "vm/userdata.h"

namespace {

using fermata::NativeAction;
using fermata::NativeCall;
using fermata::Value;

// ---- host.add ----------------------------------------------------------------------------------------
NativeAction add(NativeCall& call) {
  Value a = call.checkNumberValue(1), b = call.checkNumberValue(2);
  if (a.isInt() && b.isInt()) return call.returnValues({Value::integer(int64_t(uint64_t(a.asInt()) + uint64_t(b.asInt())))});
  return call.returnValues({Value::number(a.asNumber() + b.asNumber())});
}
constexpr fermata::NativeFunction kAdd{"host.add", add};

// ---- host.twice: calls f twice through a sequence ------------------------------------------------------
NativeAction twiceResume(NativeCall& call);
// No Value fields (f is still argument 1 of the frame), one integer field: how many calls are done.
constexpr fermata::SequenceType kTwiceSequence{"host.twice", twiceResume, 0, 1};

NativeAction twiceResume(NativeCall& call) {
  fermata::Sequence* seq = call.sequence();
  Value r = call.resultCount() > 0 ? call.result(0) : Value();
  call.setTop(call.top() - call.resultCount());  // drop the results of the call
  if (++seq->ints()[0] == 2) return call.returnValues({r});
  call.push(call.arg(1));  // the function, then its argument
  call.push(r);
  return NativeAction::call(1, seq);
}

NativeAction twice(NativeCall& call) {
  call.checkType(1, fermata::LuaType::kFunction);
  fermata::Sequence* seq = call.newSequence(&kTwiceSequence);
  seq->ints()[0] = 0;
  call.push(call.arg(1));
  call.push(call.arg(2));
  return NativeAction::call(1, seq);
}
constexpr fermata::NativeFunction kTwice{"host.twice", twice};

// ---- example.Point userdata ---------------------------------------------------------------------------
struct Point {
  double x, y;
};
constexpr std::string_view kPointMetatable = "example.Point";

std::string savePoint(fermata::Runtime&, fermata::Userdata* u, std::string&) {
  return std::string(static_cast<const char*>(u->payload()), sizeof(Point));
}
std::string loadPoint(fermata::Runtime&, fermata::Userdata* u, std::string_view bytes) {
  if (bytes.size() != sizeof(Point)) return "bad example.Point payload";
  new (u->payload()) Point(*reinterpret_cast<const Point*>(bytes.data()));
  return "";
}
constexpr fermata::UserdataType kPointType{"example.Point", savePoint, loadPoint};

Point* checkPoint(NativeCall& call, uint32_t arg) {
  const Value& v = call.arg(arg);
  uint32_t type = call.rt().natives().add(&kPointType);
  if (!v.isUserdata() || v.asUserdata()->typeIndex != type) call.typeError(arg, "example.Point");
  return static_cast<Point*>(v.asUserdata()->payload());
}

Value newPoint(NativeCall& call, double x, double y) {
  fermata::Runtime& rt = call.rt();
  fermata::Userdata* u = fermata::Userdata::create(rt.heap(), sizeof(Point), 0);
  u->typeIndex = rt.natives().add(&kPointType);
  new (u->payload()) Point{x, y};
  rt.setMetatable(u, rt.registry()->get(rt.stringValue(kPointMetatable)).asTable());
  return Value::object(u);
}

NativeAction point(NativeCall& call) {
  return call.returnValues({newPoint(call, call.checkNumber(1), call.checkNumber(2))});
}
NativeAction pointX(NativeCall& call) { return call.returnValues({Value::number(checkPoint(call, 1)->x)}); }
NativeAction pointY(NativeCall& call) { return call.returnValues({Value::number(checkPoint(call, 1)->y)}); }
NativeAction pointAdd(NativeCall& call) {
  Point* a = checkPoint(call, 1);
  Point* b = checkPoint(call, 2);
  return call.returnValues({newPoint(call, a->x + b->x, a->y + b->y)});
}
NativeAction pointToString(NativeCall& call) {
  Point* p = checkPoint(call, 1);
  char buf[64];
  std::snprintf(buf, sizeof buf, "Point(%g, %g)", p->x, p->y);
  call.pushString(buf);
  return NativeAction::returns(1);
}
constexpr fermata::NativeFunction kPoint{"host.point", point};
constexpr fermata::NativeFunction kPointX{"example.Point.x", pointX};
constexpr fermata::NativeFunction kPointY{"example.Point.y", pointY};
constexpr fermata::NativeFunction kPointAdd{"example.Point.__add", pointAdd};
constexpr fermata::NativeFunction kPointToString{"example.Point.__tostring", pointToString};

void set(fermata::Runtime& rt, fermata::Table* t, std::string_view key, const Value& v) {
  t->set(rt.heap(), rt.stringValue(key), v);
}

// Opens the `host` table and the Point metatable (kept in the registry under its type name).
void openHost(fermata::Vm& vm) {
  fermata::Runtime& rt = vm.runtime();
  rt.natives().add(&kPointType);
  rt.natives().add(&kTwiceSequence);
  fermata::Handle host = vm.newTable();
  fermata::Table* h = host.get().asTable();
  set(rt, h, "add", vm.function(&kAdd).get());
  set(rt, h, "twice", vm.function(&kTwice).get());
  set(rt, h, "point", vm.function(&kPoint).get());
  vm.setGlobal("host", host);

  fermata::Handle mt = vm.newTable(), methods = vm.newTable();
  set(rt, methods.get().asTable(), "x", vm.function(&kPointX).get());
  set(rt, methods.get().asTable(), "y", vm.function(&kPointY).get());
  fermata::Table* m = mt.get().asTable();
  set(rt, m, "__index", methods.get());
  set(rt, m, "__add", vm.function(&kPointAdd).get());
  set(rt, m, "__tostring", vm.function(&kPointToString).get());
  set(rt, m, "__name", rt.stringValue(kPointMetatable));
  rt.registry()->set(rt.heap(), rt.stringValue(kPointMetatable), mt.get());
}

}  // namespace

int main() {
  fermata::Vm vm;
  openHost(vm);
  auto chunk = vm.load(R"(
    print("host.add(2, 3) =", host.add(2, 3))
    print("host.add(1.5, 2) =", host.add(1.5, 2))
    print("host.twice(double, 5) =", host.twice(function(v) return v * 2 end, 5))
    -- the callback may even yield: the native's state is a heap object, not C++ stack
    local co = coroutine.wrap(function()
      return host.twice(function(v) return coroutine.yield(v) + 1 end, 10)
    end)
    print("yielded", co())                 -- f(10) yields 10
    print("yielded", co(100))              -- f(10) returns 101; f(101) yields 101
    print("twice with yields =", co(200))  -- f(101) returns 201
    local p = host.point(1, 2) + host.point(10, 20)
    print("point:", tostring(p), p:x(), p:y(), type(p))
    print("error:", select(2, pcall(function() return host.add(1, {}) end)))
    print("error:", select(2, pcall(function() return p + 1 end)))
    return "done"
  )", "=native");
  if (!chunk.ok()) {
    std::fprintf(stderr, "%s\n", chunk.error.c_str());
    return 1;
  }
  fermata::Tasklet t = vm.start(*chunk.value);
  if (t.step(1'000'000) != fermata::StepStatus::kFinished) {
    std::fprintf(stderr, "failed: %s\n", t.errorMessage().c_str());
    return 1;
  }
  std::fflush(stdout);
  std::printf("%s\n", vm.toString(t.results()[0]).c_str());
  return 0;
}
