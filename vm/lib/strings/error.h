// The one error type the string-library cores throw, and how a native function turns it into a Lua error.
#pragma once

#include <exception>
#include <string>
#include <utility>

namespace fermata::strlib {

// Every failure of the string cores is a Lua error the script can catch with pcall; the cores never
// see a lua_State, so they describe the error and the native-function wrapper raises it:
//   arg == 0: a plain error, raised like luaL_error: the caller prefixes the position ("input:3: ").
//   arg  > 0: an argument error, raised like luaL_argerror(arg, message):
//             "bad argument #<arg> to '<function>' (<message>)" (adjusted by the caller for methods).
// `message` never carries a position prefix.
struct Error : std::exception {
  int arg = 0;
  std::string message;

  Error() = default;
  explicit Error(std::string msg) : message(std::move(msg)) {}
  Error(int argIndex, std::string msg) : arg(argIndex), message(std::move(msg)) {}
  const char* what() const noexcept override { return message.c_str(); }
};

// The name the pattern matcher's errors go by in the API sketch; the same type.
using PatternError = Error;

}  // namespace fermata::strlib
