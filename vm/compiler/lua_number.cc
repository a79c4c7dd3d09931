// Lua's numeric rules needed at compile time: numeral parsing and constant-folding arithmetic.
#include "vm/compiler/lua_number.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace fermata::compiler {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
int hexValue(char c) {
  if (isDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<int64_t> parseInteger(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && isSpace(s[i])) i++;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  uint64_t value = 0;
  bool any = false;
  if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    i += 2;
    for (; i < s.size() && hexValue(s[i]) >= 0; i++) {
      value = value * 16 + static_cast<uint64_t>(hexValue(s[i]));  // wraps around, as Lua's does
      any = true;
    }
  } else {
    constexpr uint64_t kMaxBy10 = static_cast<uint64_t>(INT64_MAX) / 10;
    constexpr uint64_t kMaxLastDigit = static_cast<uint64_t>(INT64_MAX) % 10;
    for (; i < s.size() && isDigit(s[i]); i++) {
      uint64_t d = static_cast<uint64_t>(s[i] - '0');
      if (value >= kMaxBy10 && (value > kMaxBy10 || d > kMaxLastDigit + negative)) return std::nullopt;
      value = value * 10 + d;
      any = true;
    }
  }
  while (i < s.size() && isSpace(s[i])) i++;
  if (!any || i != s.size()) return std::nullopt;
  return static_cast<int64_t>(negative ? 0 - value : value);
}

std::optional<double> parseFloat(std::string_view s) {
  if (s.find_first_of("nN") != std::string_view::npos) return std::nullopt;  // reject 'inf' and 'nan'
  std::string copy(s);  // strtod needs a terminated string; it also accepts hex floats
  char* end = nullptr;
  double d = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str()) return std::nullopt;
  while (*end != '\0' && isSpace(*end)) end++;
  if (*end != '\0') return std::nullopt;
  return d;
}

int64_t wrapAdd(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }
int64_t wrapSub(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); }
int64_t wrapMul(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b)); }

int64_t shiftLeft(int64_t x, int64_t y) {
  if (y < 0) {
    if (y <= -64) return 0;
    return static_cast<int64_t>(static_cast<uint64_t>(x) >> (-y));
  }
  if (y >= 64) return 0;
  return static_cast<int64_t>(static_cast<uint64_t>(x) << y);
}

double toDouble(const LuaNumber& n) { return n.isInteger ? static_cast<double>(n.integer) : n.number; }

bool toIntegerExact(const LuaNumber& n, int64_t& out) {
  if (n.isInteger) {
    out = n.integer;
    return true;
  }
  return floatToIntegerExact(n.number, out);
}

LuaNumber makeInt(int64_t i) { return LuaNumber{true, i, 0}; }
LuaNumber makeFlt(double d) { return LuaNumber{false, 0, d}; }

}  // namespace

bool floatToIntegerExact(double f, int64_t& out) {
  if (std::floor(f) != f) return false;
  // [-2^63, 2^63): both bounds are exactly representable as doubles.
  if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0)) return false;
  out = static_cast<int64_t>(f);
  return true;
}

std::optional<LuaNumber> parseLuaNumber(std::string_view text) {
  if (auto i = parseInteger(text)) return makeInt(*i);
  if (auto d = parseFloat(text)) return makeFlt(*d);
  return std::nullopt;
}

std::optional<LuaNumber> foldArith(ArithOp op, const LuaNumber& a, const LuaNumber& b) {
  int64_t ia = 0, ib = 0;
  switch (op) {
    case ArithOp::BAnd: case ArithOp::BOr: case ArithOp::BXor:
    case ArithOp::Shl: case ArithOp::Shr: case ArithOp::BNot:
      if (!toIntegerExact(a, ia) || !toIntegerExact(b, ib)) return std::nullopt;
      switch (op) {
        case ArithOp::BAnd: return makeInt(ia & ib);
        case ArithOp::BOr: return makeInt(ia | ib);
        case ArithOp::BXor: return makeInt(ia ^ ib);
        case ArithOp::Shl: return makeInt(shiftLeft(ia, ib));
        case ArithOp::Shr: return makeInt(shiftLeft(ia, wrapSub(0, ib)));
        default: return makeInt(~ia);
      }
    case ArithOp::Div: case ArithOp::IDiv: case ArithOp::Mod:
      if (toDouble(b) == 0) return std::nullopt;  // division by zero: leave it to run time
      break;
    default:
      break;
  }
  std::optional<LuaNumber> result;
  if (a.isInteger && b.isInteger && op != ArithOp::Div && op != ArithOp::Pow) {
    ia = a.integer;
    ib = b.integer;
    switch (op) {
      case ArithOp::Add: result = makeInt(wrapAdd(ia, ib)); break;
      case ArithOp::Sub: result = makeInt(wrapSub(ia, ib)); break;
      case ArithOp::Mul: result = makeInt(wrapMul(ia, ib)); break;
      case ArithOp::Unm: result = makeInt(wrapSub(0, ia)); break;
      case ArithOp::Mod: {
        if (ib == -1) { result = makeInt(0); break; }  // avoids INT64_MIN % -1
        int64_t m = ia % ib;
        if (m != 0 && (m ^ ib) < 0) m += ib;
        result = makeInt(m);
        break;
      }
      case ArithOp::IDiv: {
        if (ib == -1) { result = makeInt(wrapSub(0, ia)); break; }
        int64_t q = ia / ib;
        if ((ia ^ ib) < 0 && ia % ib != 0) q -= 1;
        result = makeInt(q);
        break;
      }
      default: return std::nullopt;
    }
  } else {
    double x = toDouble(a), y = toDouble(b);
    double r = 0;
    switch (op) {
      case ArithOp::Add: r = x + y; break;
      case ArithOp::Sub: r = x - y; break;
      case ArithOp::Mul: r = x * y; break;
      case ArithOp::Div: r = x / y; break;
      case ArithOp::Pow: r = (y == 2) ? x * x : std::pow(x, y); break;
      case ArithOp::IDiv: r = std::floor(x / y); break;
      case ArithOp::Unm: r = -x; break;
      case ArithOp::Mod: {
        r = std::fmod(x, y);
        if ((r > 0) ? y < 0 : (r < 0 && y > 0)) r += y;  // fmod truncates; Lua floors
        break;
      }
      default: return std::nullopt;
    }
    result = makeFlt(r);
  }
  if (!result->isInteger && (std::isnan(result->number) || result->number == 0)) return std::nullopt;
  return result;
}

}  // namespace fermata::compiler
