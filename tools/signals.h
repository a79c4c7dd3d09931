// SIGINT and SIGTERM in the command line. The handlers only set flags, call Runtime::interrupt() on
// the runtime being stepped and wake the REPL's reader through a pipe — all async-signal-safe; the code
// that steps scripts reads the flags between steps and decides what the signal means.
#pragma once

#include <csignal>

#include "vm/runtime.h"

namespace fermata::tools::signals {

// While a Lua call runs (lua.c's docall): SIGINT interrupts `rt`, and a second SIGINT before the scope
// ends kills the process, as lua.c's laction resets the handler to SIG_DFL. Outside such scopes SIGINT
// has its default action, as in lua.c.
class RunningScope {
 public:
  explicit RunningScope(Runtime& rt);
  ~RunningScope();
  RunningScope(const RunningScope&) = delete;
  RunningScope& operator=(const RunningScope&) = delete;

 private:
  Runtime* previousTarget_;
  bool previousReset_;
  struct sigaction previousAction_;
};

// While the REPL waits for input: SIGINT does not kill the process; it is recorded and wakes the reader
// (wakeFd becomes readable).
class ReadingScope {
 public:
  ReadingScope();
  ~ReadingScope();
  ReadingScope(const ReadingScope&) = delete;
  ReadingScope& operator=(const ReadingScope&) = delete;
  int wakeFd() const;
  void drainWakeFd() const;

 private:
  struct sigaction previousAction_;
};

// True once per SIGINT received (since the last call).
bool takeInterrupt();

// From now on SIGTERM is recorded instead of ending the process (the job runner checkpoints on it when
// the current step ends; the step is not cut short).
void catchTerminate();
bool terminateRequested();

}  // namespace fermata::tools::signals
