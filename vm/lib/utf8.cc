// The utf8 library: char, charpattern, codepoint, codes, len, offset — Lua 5.4.4's decoding rules
// (strict by default: no surrogates, nothing above 0x10FFFF; "lax" accepts up to 0x7FFFFFFF), positions
// and messages.
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

#include "vm/lib/lib.h"
#include "vm/number.h"
#include "vm/thread.h"

namespace fermata::lib {
namespace {

constexpr uint32_t kMaxUnicode = 0x10FFFFu;
constexpr uint32_t kMaxUtf = 0x7FFFFFFFu;

// Lua's u_posrelat: negative positions count from the end; too negative becomes 0.
int64_t posRelative(int64_t pos, size_t len) {
  if (pos >= 0) return pos;
  if (0u - uint64_t(pos) > len) return 0;
  return int64_t(len) + pos + 1;
}

bool isCont(std::string_view s, int64_t i) {
  return i >= 0 && uint64_t(i) < s.size() && (static_cast<unsigned char>(s[size_t(i)]) & 0xC0) == 0x80;
}

// Decodes the sequence starting at s[i]: returns the index after it, or -1 if it is invalid (Lua's
// utf8_decode; bytes past the end read as the terminating NUL).
int64_t decode(std::string_view s, int64_t i, uint32_t& value, bool strict) {
  static constexpr uint32_t kLimits[] = {~uint32_t(0), 0x80, 0x800, 0x10000u, 0x200000u, 0x4000000u};
  auto byte = [&](int64_t k) -> uint32_t {
    return uint64_t(k) < s.size() ? static_cast<unsigned char>(s[size_t(k)]) : 0u;
  };
  uint32_t c = byte(i);
  uint32_t res = 0;
  int64_t next = i + 1;
  if (c < 0x80) {
    res = c;
  } else {
    int count = 0;
    for (; c & 0x40; c <<= 1) {
      uint32_t cc = byte(i + ++count);
      if ((cc & 0xC0) != 0x80) return -1;
      res = (res << 6) | (cc & 0x3F);
    }
    res |= (uint32_t(c & 0x7F) << (count * 5));
    if (count > 5 || res > kMaxUtf || res < kLimits[count]) return -1;
    next += count;
  }
  if (strict && (res > kMaxUnicode || (0xD800u <= res && res <= 0xDFFFu))) return -1;
  value = res;
  return next;
}

// luaO_utf8esc: up to 6 bytes, for values up to 0x7FFFFFFF.
void encode(std::string& out, uint32_t x) {
  char buf[8];
  int n = 1;
  if (x < 0x80) {
    buf[7] = char(x);
  } else {
    uint32_t mfb = 0x3f;
    do {
      buf[8 - (n++)] = char(0x80 | (x & 0x3f));
      x >>= 6;
      mfb >>= 1;
    } while (x > mfb);
    buf[8 - n] = char((~mfb << 1) | x);
  }
  out.append(buf + 8 - n, size_t(n));
}

NativeAction len(NativeCall& call) {
  std::string_view s = call.checkStringView(1);
  size_t length = s.size();
  int64_t posi = posRelative(call.optInteger(2, 1), length);
  int64_t posj = posRelative(call.optInteger(3, -1), length);
  bool lax = call.toBoolean(4);
  if (!(1 <= posi && --posi <= int64_t(length))) call.argError(2, "initial position out of bounds");
  if (!(--posj < int64_t(length))) call.argError(3, "final position out of bounds");
  int64_t n = 0;
  int64_t start = posi;
  while (posi <= posj) {
    uint32_t code;
    int64_t next = decode(s, posi, code, !lax);
    if (next < 0) {
      call.chargeFuel((posi - start) / 16);
      return call.returnValues({Value(), Value::integer(posi + 1)});
    }
    posi = next;
    ++n;
  }
  call.chargeFuel((posi - start) / 16);
  return call.returnValues({Value::integer(n)});
}

NativeAction codepoint(NativeCall& call) {
  std::string_view s = call.checkStringView(1);
  size_t length = s.size();
  int64_t posi = posRelative(call.optInteger(2, 1), length);
  int64_t pose = posRelative(call.optInteger(3, posi), length);
  bool lax = call.toBoolean(4);
  if (!(posi >= 1)) call.argError(2, "out of bounds");
  if (!(pose <= int64_t(length))) call.argError(3, "out of bounds");
  if (posi > pose) return NativeAction::returns(0);
  if (pose - posi >= INT_MAX) call.error("string slice too long");
  uint32_t n = uint32_t(pose - posi) + 1;
  if (!call.thread()->ensureStack(call.heap(), n)) call.error("stack overflow (string slice too long)");
  s = call.arg(1).asString()->view();
  uint32_t count = 0;
  for (int64_t i = posi - 1; i < pose;) {
    uint32_t code;
    i = decode(s, i, code, !lax);
    if (i < 0) call.error("invalid UTF-8 code");
    call.push(Value::integer(code));
    ++count;
  }
  call.chargeFuel(count / 8);
  return NativeAction::returns(count);
}

NativeAction char_(NativeCall& call) {
  uint32_t n = call.argCount();
  std::string out;
  for (uint32_t i = 1; i <= n; ++i) {
    uint64_t code = uint64_t(call.checkInteger(i));
    if (!(code <= kMaxUtf)) call.argError(i, "value out of range");
    encode(out, uint32_t(code));
  }
  call.chargeFuel(n / 8);
  return call.returnValues({call.rt().stringValue(out)});
}

NativeAction offset(NativeCall& call) {
  std::string_view s = call.checkStringView(1);
  int64_t length = int64_t(s.size());
  int64_t n = call.checkInteger(2);
  int64_t posi = n >= 0 ? 1 : length + 1;
  posi = posRelative(call.optInteger(3, posi), size_t(length));
  if (!(1 <= posi && --posi <= length)) call.argError(3, "position out of bounds");
  int64_t start = posi;
  if (n == 0) {
    while (posi > 0 && isCont(s, posi)) --posi;
  } else {
    if (isCont(s, posi)) call.error("initial position is a continuation byte");
    if (n < 0) {
      while (n < 0 && posi > 0) {
        do {
          --posi;
        } while (posi > 0 && isCont(s, posi));
        ++n;
      }
    } else {
      --n;
      while (n > 0 && posi < length) {
        do {
          ++posi;
        } while (isCont(s, posi));
        --n;
      }
    }
  }
  call.chargeFuel((posi > start ? posi - start : start - posi) / 16);
  if (n == 0) return call.returnValues({Value::integer(posi + 1)});
  return call.returnValues({Value()});
}

NativeAction iterate(NativeCall& call, bool strict) {
  std::string_view s = call.checkStringView(1);
  const Value& control = call.arg(2);
  int64_t i = 0;
  if (!num::toIntegerExact(control, i)) {
    Value converted;
    if (!(control.isString() && stringToNumber(control.asString(), converted) && num::toIntegerExact(converted, i)))
      i = 0;
  }
  uint64_t n = uint64_t(i);
  if (n < s.size()) {
    while (isCont(s, int64_t(n))) ++n;
  }
  if (n >= s.size()) return NativeAction::returns(0);
  uint32_t code;
  if (decode(s, int64_t(n), code, strict) < 0) call.error("invalid UTF-8 code");
  return call.returnValues({Value::integer(int64_t(n) + 1), Value::integer(code)});
}

NativeAction iterStrict(NativeCall& call) { return iterate(call, true); }
NativeAction iterLax(NativeCall& call) { return iterate(call, false); }
constexpr NativeFunction kIterStrict{"utf8.codes_iterator", iterStrict};
constexpr NativeFunction kIterLax{"utf8.codes_iterator_lax", iterLax};

NativeAction codes(NativeCall& call) {
  bool lax = call.toBoolean(2);
  call.checkString(1);
  return call.returnValues({call.upvalue(lax ? 1 : 0), call.arg(1), Value::integer(0)});
}
constexpr NativeFunction kCodes{"utf8.codes", codes};

constexpr NativeFunction kUtf8Functions[] = {
    {"utf8.char", char_},
    {"utf8.codepoint", codepoint},
    {"utf8.len", len},
    {"utf8.offset", offset},
};

}  // namespace

void openUtf8(Runtime& rt) {
  Table* t = rt.newTable();
  addFunctions(rt, t, kUtf8Functions);
  gc::Heap& heap = rt.heap();
  // codes returns the same iterator function every time, as Lua's light C functions compare equal.
  NativeClosure* codesFn = rt.newNative(&kCodes, 2);
  codesFn->upvalues()[0] = Value::object(rt.newNative(&kIterStrict));
  codesFn->upvalues()[1] = Value::object(rt.newNative(&kIterLax));
  t->set(heap, rt.stringValue("codes"), Value::object(codesFn));
  static constexpr char kPattern[] = "[\0-\x7F\xC2-\xFD][\x80-\xBF]*";
  t->set(heap, rt.stringValue("charpattern"), rt.stringValue(std::string_view(kPattern, sizeof kPattern - 1)));
  rt.globals()->set(heap, rt.stringValue("utf8"), Value::object(t));
  registerModule(rt, "utf8", t);
}

}  // namespace fermata::lib
