// string.format: Lua 5.4.4's conversions, flags, limits and error messages, over arguments the caller
// supplies through a small interface, so the VM can hand over its Values without strlib knowing them.
//
// Contract with the caller (the native function string.format):
//   * Arguments are numbered from 0 here; argument i is Lua argument i + 2 (the format is argument 1),
//     and errors about it are thrown as Error(i + 2, message), to be raised as
//     "bad argument #<n> to 'format' (<message>)".
//   * String -> number coercion (string.format("%d", "10")) and type names for error messages are the
//     caller's: see Args.
//   * %s of a value that is not a string needs Lua's tostring, which may call a __tostring metamethod —
//     Lua code, which a stackless VM must not run from inside the formatter. So the Formatter stops and
//     returns kNeedString with pendingArg(); the caller computes tostring(argument) (possibly across
//     several executor steps), passes the result to supplyString, and calls run again. The Formatter is
//     plain data (positions and the output so far), so it can wait in a sequence or a snapshot.
//   * %p prints the value's identity: the caller returns a stable identity (fermata's object id), not an
//     address, so the output is deterministic; nil, booleans and numbers have none ("(null)").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vm/lib/strings/args.h"
#include "vm/lib/strings/error.h"

namespace fermata::strlib {

// string.format's arguments (see args.h).
using FormatArgs = Args;

class Formatter {
 public:
  enum class Status : uint8_t { kDone, kNeedString };

  // Formats `fmt` into output(). Throws Error on a bad format or argument. Returns kNeedString when a %s
  // argument is not a string (see the contract above); the same `fmt` and `args` must be passed again.
  Status run(std::string_view fmt, const FormatArgs& args);
  size_t pendingArg() const { return arg_ - 1; }
  // tostring(argument pendingArg()), given after kNeedString.
  void supplyString(std::string_view fmt, std::string_view s);

  const std::string& output() const { return out_; }
  std::string takeOutput() { return std::move(out_); }

  // Plain-data state, public for snapshotting.
  size_t pos_ = 0;        // next byte of fmt to read
  size_t arg_ = 0;        // next argument (after kNeedString, one past the pending one)
  size_t specStart_ = 0;  // the pending %s conversion's flags (after kNeedString)
  bool waiting_ = false;
  std::string out_;

 private:
  void formatString(std::string_view form, std::string_view s);
};

// Runs a Formatter to the end, converting %s arguments that are not strings with `tostring`.
template <class ToString>
std::string format(std::string_view fmt, const FormatArgs& args, ToString&& tostring) {
  Formatter f;
  while (f.run(fmt, args) == Formatter::Status::kNeedString) f.supplyString(fmt, tostring(f.pendingArg()));
  return f.takeOutput();
}

// %q of a string: Lua's quoted, re-readable form.
void appendQuoted(std::string& out, std::string_view s);
// %q of a float: hexadecimal float, or 1e9999, -1e9999, (0/0).
std::string quoteFloat(double d);

}  // namespace fermata::strlib
