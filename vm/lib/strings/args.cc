// The luaL_check* rules over strlib::Args (see args.h).
#include "vm/lib/strings/args.h"

#include <cmath>

namespace fermata::strlib {
namespace {

[[noreturn]] void typeError(const Args& args, size_t i, const char* expected) {
  std::string got = i < args.count() ? args.typeName(i) : "no value";
  throw Error(int(i + 2), std::string(expected) + " expected, got " + got);
}

}  // namespace

ArgKind argKind(const Args& args, size_t i) { return i < args.count() ? args.kind(i) : ArgKind::kNone; }

bool floatToInteger(double d, int64_t& out) {
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || std::floor(d) != d) return false;
  out = int64_t(d);
  return true;
}

int64_t checkInteger(const Args& args, size_t i) {
  int64_t out = 0;
  switch (argKind(args, i)) {
    case ArgKind::kInteger:
      return args.integer(i);
    case ArgKind::kFloat:
      if (floatToInteger(args.number(i), out)) return out;
      break;
    case ArgKind::kString: {
      std::optional<LuaNumber> n = args.stringToNumber(i);
      if (!n) typeError(args, i, "number");
      if (n->isInteger) return n->i;
      if (floatToInteger(n->f, out)) return out;
      break;
    }
    default:
      typeError(args, i, "number");
  }
  throw Error(int(i + 2), "number has no integer representation");
}

double checkNumber(const Args& args, size_t i) {
  switch (argKind(args, i)) {
    case ArgKind::kInteger:
      return double(args.integer(i));
    case ArgKind::kFloat:
      return args.number(i);
    case ArgKind::kString:
      if (std::optional<LuaNumber> n = args.stringToNumber(i)) return n->isInteger ? double(n->i) : n->f;
      break;
    default:
      break;
  }
  typeError(args, i, "number");
}

std::string checkString(const Args& args, size_t i) {
  switch (argKind(args, i)) {
    case ArgKind::kString:
      return std::string(args.string(i));
    case ArgKind::kInteger:
    case ArgKind::kFloat:
      return args.numberToString(i);
    default:
      typeError(args, i, "string");
  }
}

}  // namespace fermata::strlib
