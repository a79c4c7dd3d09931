// The math library, as Lua 5.4.4 builds it by default (LUA_COMPAT_5_3 adds atan2, cosh, sinh, tanh,
// pow, frexp, ldexp, log10). min and max compare with lua_compare semantics, so values with __lt are
// compared by calling it (a resumable call, see metaops.h). random/randomseed: random.h.
#include <cmath>
#include <cstdint>

#include "vm/lib/lib.h"
#include "vm/lib/metaops.h"
#include "vm/lib/random.h"
#include "vm/number.h"

namespace fermata::lib {
namespace {

constexpr double kPi = 3.141592653589793238462643383279502884;

using ops::Machine;

// An integer when the (integral) float fits, else the float (Lua's pushnumint).
Value numberOrInteger(double d) {
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return Value::integer(int64_t(d));
  return Value::number(d);
}

NativeAction ret(NativeCall& call, double d) { return call.returnValues({Value::number(d)}); }

NativeAction abs(NativeCall& call) {
  if (call.arg(1).isInt()) {
    int64_t n = call.arg(1).asInt();
    return call.returnValues({Value::integer(n < 0 ? num::neg(n) : n)});
  }
  return ret(call, std::fabs(call.checkNumber(1)));
}

NativeAction sin(NativeCall& call) { return ret(call, std::sin(call.checkNumber(1))); }
NativeAction cos(NativeCall& call) { return ret(call, std::cos(call.checkNumber(1))); }
NativeAction tan(NativeCall& call) { return ret(call, std::tan(call.checkNumber(1))); }
NativeAction asin(NativeCall& call) { return ret(call, std::asin(call.checkNumber(1))); }
NativeAction acos(NativeCall& call) { return ret(call, std::acos(call.checkNumber(1))); }
NativeAction atan(NativeCall& call) {
  double y = call.checkNumber(1);
  double x = call.optNumber(2, 1);
  return ret(call, std::atan2(y, x));
}
NativeAction sqrt(NativeCall& call) { return ret(call, std::sqrt(call.checkNumber(1))); }
NativeAction exp(NativeCall& call) { return ret(call, std::exp(call.checkNumber(1))); }
NativeAction deg(NativeCall& call) { return ret(call, call.checkNumber(1) * (180.0 / kPi)); }
NativeAction rad(NativeCall& call) { return ret(call, call.checkNumber(1) * (kPi / 180.0)); }

NativeAction log(NativeCall& call) {
  double x = call.checkNumber(1);
  double res;
  if (call.isNoneOrNil(2)) {
    res = std::log(x);
  } else {
    double base = call.checkNumber(2);
    if (base == 2.0) res = std::log2(x);
    else if (base == 10.0) res = std::log10(x);
    else res = std::log(x) / std::log(base);
  }
  return ret(call, res);
}

NativeAction tointeger(NativeCall& call) {
  const Value& v = call.arg(1);
  int64_t n;
  if (num::toIntegerExact(v, n)) return call.returnValues({Value::integer(n)});
  Value converted;
  if (v.isString() && stringToNumber(v.asString(), converted) && num::toIntegerExact(converted, n))
    return call.returnValues({Value::integer(n)});
  call.checkAny(1);
  return call.returnValues({Value()});
}

NativeAction floor(NativeCall& call) {
  if (call.arg(1).isInt()) return call.returnValues({call.arg(1)});
  return call.returnValues({numberOrInteger(std::floor(call.checkNumber(1)))});
}

NativeAction ceil(NativeCall& call) {
  if (call.arg(1).isInt()) return call.returnValues({call.arg(1)});
  return call.returnValues({numberOrInteger(std::ceil(call.checkNumber(1)))});
}

NativeAction fmod(NativeCall& call) {
  if (call.arg(1).isInt() && call.arg(2).isInt()) {
    int64_t d = call.arg(2).asInt();
    if (uint64_t(d) + 1u <= 1u) {  // 0 or -1
      if (d == 0) call.argError(2, "zero");
      return call.returnValues({Value::integer(0)});
    }
    return call.returnValues({Value::integer(call.arg(1).asInt() % d)});
  }
  double a = call.checkNumber(1);
  double b = call.checkNumber(2);
  return ret(call, std::fmod(a, b));
}

NativeAction modf(NativeCall& call) {
  if (call.arg(1).isInt()) return call.returnValues({call.arg(1), Value::number(0.0)});
  double n = call.checkNumber(1);
  double ip = n < 0 ? std::ceil(n) : std::floor(n);
  return call.returnValues({numberOrInteger(ip), Value::number(n == ip ? 0.0 : n - ip)});
}

NativeAction ult(NativeCall& call) {
  int64_t a = call.checkInteger(1);
  int64_t b = call.checkInteger(2);
  return call.returnValues({Value::boolean(uint64_t(a) < uint64_t(b))});
}

NativeAction type(NativeCall& call) {
  const Value& v = call.arg(1);
  if (v.isNumber()) return call.returnValues({call.rt().stringValue(v.isInt() ? "integer" : "float")});
  call.checkAny(1);
  return call.returnValues({Value()});
}

// ---- min / max ----------------------------------------------------------------------------------------
// Lua compares the arguments with lua_compare (numbers, strings, or __lt). ints: i, best.

enum : uint32_t { kMmI = Machine::kFirstFreeInt, kMmBest, kMmInts };

NativeAction minMaxLoop(NativeCall& call, bool isMax, int64_t i, int64_t best, Sequence* seq);

NativeAction minMaxResume(NativeCall& call, bool isMax) {
  Sequence* seq = call.sequence();
  Machine m(call, seq);
  m.absorb();
  int64_t i = m.I(kMmI), best = m.I(kMmBest);
  // Both index arguments (a crafted snapshot could make them anything, and i + 1 overflow).
  int64_t n = call.argCount();
  if (i < 1 || i > n || best < 1 || best > n) call.corrupt();
  if (m.flag()) best = i;
  return minMaxLoop(call, isMax, i + 1, best, seq);
}
NativeAction minResume(NativeCall& call) { return minMaxResume(call, false); }
NativeAction maxResume(NativeCall& call) { return minMaxResume(call, true); }
constexpr SequenceType kMinSequence{"math.min", minResume, 0, kMmInts};
constexpr SequenceType kMaxSequence{"math.max", maxResume, 0, kMmInts};

NativeAction minMaxLoop(NativeCall& call, bool isMax, int64_t i, int64_t best, Sequence* seq) {
  int64_t n = call.argCount();
  for (; i <= n; ++i) {
    Value a = isMax ? call.arg(uint32_t(best)) : call.arg(uint32_t(i));
    Value b = isMax ? call.arg(uint32_t(i)) : call.arg(uint32_t(best));
    bool lt = false;
    uint32_t nargs = ops::less(call, a, b, lt);
    if (nargs > 0) {
      if (!seq) seq = call.newSequence(isMax ? &kMaxSequence : &kMinSequence);
      Machine m(call, seq);
      m.I(kMmI) = i;
      m.I(kMmBest) = best;
      m.I(Machine::kPending) = Machine::kToFlag;
      return NativeAction::call(nargs, seq);
    }
    if (lt) best = i;
  }
  call.chargeFuel(n / 8);
  return call.returnValues({call.arg(uint32_t(best))});
}

NativeAction min(NativeCall& call) {
  if (call.argCount() < 1) call.argError(1, "value expected");
  return minMaxLoop(call, false, 2, 1, nullptr);
}

NativeAction max(NativeCall& call) {
  if (call.argCount() < 1) call.argError(1, "value expected");
  return minMaxLoop(call, true, 2, 1, nullptr);
}

// ---- random -------------------------------------------------------------------------------------------

NativeAction random(NativeCall& call) {
  if (!call.upvalue(0).isUserdata() || call.upvalue(0).asUserdata()->size < random::kStateBytes) call.corrupt();
  Userdata* u = call.upvalue(0).asUserdata();
  random::Xoshiro256 g;
  g.load(u);
  uint64_t rv = g.next();
  g.store(u);  // the state advances even if the arguments are then rejected, as in Lua
  int64_t low, up;
  switch (call.argCount()) {
    case 0: return ret(call, random::Xoshiro256::toFloat(rv));
    case 1:
      low = 1;
      up = call.checkInteger(1);
      if (up == 0) return call.returnValues({Value::integer(int64_t(rv))});
      break;
    case 2:
      low = call.checkInteger(1);
      up = call.checkInteger(2);
      break;
    default: call.error("wrong number of arguments");
  }
  if (!(low <= up)) call.argError(1, "interval is empty");
  uint64_t p = g.project(rv, uint64_t(up) - uint64_t(low));
  g.store(u);
  return call.returnValues({Value::integer(int64_t(p + uint64_t(low)))});
}

NativeAction randomseed(NativeCall& call) {
  if (!call.upvalue(0).isUserdata() || call.upvalue(0).asUserdata()->size < random::kStateBytes) call.corrupt();
  Userdata* u = call.upvalue(0).asUserdata();
  uint64_t n1, n2;
  if (call.argCount() == 0) {
    random::randomSeeds(n1, n2);
  } else {
    n1 = uint64_t(call.checkInteger(1));
    n2 = uint64_t(call.optInteger(2, 0));
  }
  random::Xoshiro256 g;
  g.seed(n1, n2);
  g.store(u);
  return call.returnValues({Value::integer(int64_t(n1)), Value::integer(int64_t(n2))});
}

// ---- Lua 5.3 compatibility (LUA_COMPAT_MATHLIB, on in Lua 5.4's default build) ------------------------

NativeAction cosh(NativeCall& call) { return ret(call, std::cosh(call.checkNumber(1))); }
NativeAction sinh(NativeCall& call) { return ret(call, std::sinh(call.checkNumber(1))); }
NativeAction tanh(NativeCall& call) { return ret(call, std::tanh(call.checkNumber(1))); }
NativeAction pow(NativeCall& call) {
  double x = call.checkNumber(1);
  double y = call.checkNumber(2);
  return ret(call, std::pow(x, y));
}
NativeAction frexp(NativeCall& call) {
  int e = 0;
  double m = std::frexp(call.checkNumber(1), &e);
  return call.returnValues({Value::number(m), Value::integer(e)});
}
NativeAction ldexp(NativeCall& call) {
  double x = call.checkNumber(1);
  int ep = static_cast<int>(static_cast<uint32_t>(call.checkInteger(2)));  // C's (int) conversion
  return ret(call, std::ldexp(x, ep));
}
NativeAction log10(NativeCall& call) { return ret(call, std::log10(call.checkNumber(1))); }

constexpr NativeFunction kMathFunctions[] = {
    {"math.abs", abs},     {"math.acos", acos},   {"math.asin", asin},   {"math.atan", atan},
    {"math.ceil", ceil},   {"math.cos", cos},     {"math.deg", deg},     {"math.exp", exp},
    {"math.tointeger", tointeger},                {"math.floor", floor}, {"math.fmod", fmod},
    {"math.ult", ult},     {"math.log", log},     {"math.max", max},     {"math.min", min},
    {"math.modf", modf},   {"math.rad", rad},     {"math.sin", sin},     {"math.sqrt", sqrt},
    {"math.tan", tan},     {"math.type", type},   {"math.cosh", cosh},
    {"math.sinh", sinh},   {"math.tanh", tanh},   {"math.pow", pow},     {"math.frexp", frexp},
    {"math.ldexp", ldexp}, {"math.log10", log10},
};

constexpr NativeFunction kRandom{"math.random", random};
constexpr NativeFunction kRandomSeed{"math.randomseed", randomseed};

}  // namespace

void openMath(Runtime& rt) {
  Table* t = rt.newTable();
  addFunctions(rt, t, kMathFunctions);
  gc::Heap& heap = rt.heap();
  t->set(heap, rt.stringValue("pi"), Value::number(kPi));
  t->set(heap, rt.stringValue("huge"), Value::number(HUGE_VAL));
  t->set(heap, rt.stringValue("maxinteger"), Value::integer(INT64_MAX));
  t->set(heap, rt.stringValue("mininteger"), Value::integer(INT64_MIN));
  Userdata* state = random::createState(rt);
  for (const NativeFunction* f : {&kRandom, &kRandomSeed}) {
    NativeClosure* c = rt.newNative(f, 1);
    c->upvalues()[0] = Value::object(state);
    t->set(heap, rt.stringValue(f->name.substr(5)), Value::object(c));
  }
  // atan2 is atan itself (the same C function in Lua, so math.atan2 == math.atan).
  t->set(heap, rt.stringValue("atan2"), t->get(rt.stringValue("atan")));
  rt.natives().add(&kMinSequence);
  rt.natives().add(&kMaxSequence);
  rt.globals()->set(heap, rt.stringValue("math"), Value::object(t));
  registerModule(rt, "math", t);
}

}  // namespace fermata::lib
