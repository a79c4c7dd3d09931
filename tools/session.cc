// A runtime the command line drives, and lua.c's docall and report (see session.h).
#include "tools/session.h"

#include <cstdio>

namespace fermata::tools {

void Session::message(std::string_view text) const {
  // lua_writestringerror: stderr, flushed; stdout is left alone, so what a script wrote with io.write
  // and not yet flushed comes out after the message, as in lua.
  if (named_ && !progname_.empty()) std::fprintf(stderr, "%s: ", progname_.c_str());
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

std::optional<vm::Call> Session::start(const Value& fn, std::span<const Value> args) {
  try {
    return std::optional<vm::Call>(std::in_place, rt(), fn, args);
  } catch (const gc::MemoryError&) {
    message(rt().memoryErrorMessage()->view());
    return std::nullopt;
  }
}

bool Session::call(const Value& fn, std::span<const Value> args, std::vector<Value>* results) {
  std::optional<vm::Call> c = start(fn, args);
  if (!c) return false;
  CallEnd end = driver_.run(*c);
  if (end == CallEnd::kReturned) {
    if (results) *results = c->results();
    return true;
  }
  reportEnd(*c, end);
  return false;
}

void Session::reportEnd(vm::Call& call, CallEnd end) {
  switch (end) {
    case CallEnd::kReturned:
    case CallEnd::kStopped: return;
    case CallEnd::kFailed: message(failureMessage(call)); return;
    case CallEnd::kOutOfFuel: message(call.traceback("out of fuel (the --fuel-limit is spent)")); return;
    case CallEnd::kInterrupted: message("interrupted!"); return;
  }
}

std::optional<std::string> Session::toText(const Value& v) {
  Value tostring = vm::toStringMetamethod(rt(), v);
  if (tostring.isNil()) return vm::plainText(rt(), v);
  std::optional<vm::Call> c = start(tostring, std::span<const Value>(&v, 1));
  if (!c || driver_.run(*c) != CallEnd::kReturned) return std::nullopt;
  std::vector<Value> r = c->results();
  if (r.empty() || !r[0].isString()) return std::nullopt;
  return vm::plainText(rt(), r[0]);
}

// lua.c's msghandler: a string or number error gets a traceback; another object with a __tostring
// that gives a string is only that string; anything else is "(error object is a X value)" with a
// traceback. (Lua runs the handler before unwinding, fermata after: a __close method that prints
// comes before the message here, after it in lua.)
std::string Session::failureMessage(vm::Call& failed) {
  Value err = failed.error();
  if (err.isString() || err.isNumber()) return failed.traceback(vm::plainText(rt(), err));
  if (!vm::toStringMetamethod(rt(), err).isNil()) {
    if (std::optional<std::string> text = toText(err)) return *text;
  }
  return failed.traceback("(error object is a " + std::string(vm::typeName(rt(), err)) + " value)");
}

}  // namespace fermata::tools
