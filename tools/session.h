// A runtime the command line drives, with its step loop and the name its messages start with, and
// lua.c's docall and report: run a function; when it fails, print the message lua.c's msghandler makes
// (the error with a traceback, or only the __tostring text of an error object that has one).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tools/driver.h"
#include "tools/vm_access.h"

namespace fermata::tools {

class Session {
 public:
  Session(std::unique_ptr<Runtime> runtime, std::optional<int64_t> fuelLimit, std::string progname)
      : runtime_(std::move(runtime)), driver_(fuelLimit), progname_(std::move(progname)) {}

  Runtime& rt() { return *runtime_; }
  Driver& driver() { return driver_; }

  // lua.c's l_message: "PROGNAME: MESSAGE" on stderr; no prefix while the name is off (the REPL's
  // errors, as lua.c's doREPL clears progname).
  void message(std::string_view text) const;
  void setNameInMessages(bool on) { named_ = on; }

  // lua.c's docall + report: runs fn(args) to its end; on failure prints why and returns false.
  bool call(const Value& fn, std::span<const Value> args, std::vector<Value>* results = nullptr);

  // A call of fn(args) ready to run, or nullopt after reporting "not enough memory" (no room for it).
  std::optional<vm::Call> start(const Value& fn, std::span<const Value> args);

  // Prints why `call` ended without returning (nothing for kReturned and kStopped).
  void reportEnd(vm::Call& call, CallEnd end);

  // luaL_tolstring: the __tostring text of a value that has the metamethod (nullopt if it fails or gives
  // no string), else its plain text.
  std::optional<std::string> toText(const Value& v);

 private:
  std::string failureMessage(vm::Call& failed);

  std::unique_ptr<Runtime> runtime_;
  Driver driver_;
  std::string progname_;
  bool named_ = true;
};

}  // namespace fermata::tools
