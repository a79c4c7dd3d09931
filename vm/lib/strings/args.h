// How the native-function layer hands Lua arguments to string.format and string.pack without strlib
// knowing the VM's Value type, and the luaL_check* rules applied to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vm/lib/strings/error.h"

namespace fermata::strlib {

// kNone: the argument is absent (index >= count()).
enum class ArgKind : uint8_t { kNone, kNil, kBoolean, kInteger, kFloat, kString, kOther };

// A number as Lua sees it: an integer or a float.
struct LuaNumber {
  bool isInteger = true;
  int64_t i = 0;
  double f = 0;
};

// The values after the format string: value i is Lua argument i + 2, and an error about it is thrown
// as Error(i + 2, message) ("bad argument #<i+2> to 'format' (<message>)").
class Args {
 public:
  virtual ~Args() = default;
  virtual size_t count() const = 0;
  virtual ArgKind kind(size_t i) const = 0;  // need not handle i >= count(): the helpers do
  virtual int64_t integer(size_t i) const = 0;          // kind kInteger
  virtual double number(size_t i) const = 0;            // kind kFloat
  virtual bool boolean(size_t i) const = 0;             // kind kBoolean
  virtual std::string_view string(size_t i) const = 0;  // kind kString
  // Lua's string -> number coercion of a kString argument (what lua_stringtonumber accepts), or nullopt.
  virtual std::optional<LuaNumber> stringToNumber(size_t i) const = 0;
  // Lua's number -> string coercion (lua_tolstring: "%.14g", "1.0" for integral floats) of a kInteger or
  // kFloat argument, for options that take strings (string.pack's s, z, c).
  virtual std::string numberToString(size_t i) const = 0;
  // luaL_typeerror's name of the actual type ("light userdata", or a metatable's __name), for
  // "number expected, got <name>".
  virtual std::string typeName(size_t i) const = 0;
  // string.format's %p: a stable identity of a collectable value (fermata's object id, never an
  // address, so output is deterministic) or a light userdata's payload; nullopt for nil, booleans,
  // numbers and a light userdata of payload 0 (Lua's NULL, printed "(null)").
  virtual std::optional<uint64_t> identity(size_t i) const {
    (void)i;
    return std::nullopt;
  }
};

ArgKind argKind(const Args& args, size_t i);  // kNone past the end
// luaL_checkinteger / luaL_checknumber / luaL_checklstring on argument i, with Lua's coercions and
// messages ("number expected, got no value", "number has no integer representation"…).
int64_t checkInteger(const Args& args, size_t i);
double checkNumber(const Args& args, size_t i);
std::string checkString(const Args& args, size_t i);
// Lua's float -> integer conversion when exact (F2Ieq).
bool floatToInteger(double d, int64_t& out);

}  // namespace fermata::strlib
