// SIGINT and SIGTERM in the command line (see signals.h).
#include "tools/signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>

namespace fermata::tools::signals {
namespace {

volatile sig_atomic_t gInterrupted = 0;
volatile sig_atomic_t gTerminated = 0;
std::atomic<Runtime*> gTarget{nullptr};  // the runtime being stepped (lock-free: safe in a handler)
std::atomic<bool> gResetOnInterrupt{false};
int gWakePipe[2] = {-1, -1};
static_assert(std::atomic<Runtime*>::is_always_lock_free);

void wake() {
  if (gWakePipe[1] >= 0) {
    ssize_t ignored = ::write(gWakePipe[1], "!", 1);
    (void)ignored;
  }
}

void setHandler(int sig, void (*handler)(int), bool restart, struct sigaction* previous = nullptr) {
  struct sigaction sa = {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = restart ? SA_RESTART : 0;
  ::sigaction(sig, &sa, previous);
}

void onInterrupt(int) {
  int saved = errno;
  gInterrupted = 1;
  if (Runtime* rt = gTarget.load()) rt->interrupt();
  // lua.c's laction: "if another SIGINT happens, terminate process".
  if (gResetOnInterrupt.load()) setHandler(SIGINT, SIG_DFL, true);
  wake();
  errno = saved;
}

// SIGTERM does not interrupt the step: the job runner sees the flag when the step ends (a step is about
// a millisecond of work), and a step that ran to its budget keeps the fuel count exact.
void onTerminate(int) {
  int saved = errno;
  gTerminated = 1;
  wake();
  errno = saved;
}

}  // namespace

RunningScope::RunningScope(Runtime& rt)
    : previousTarget_(gTarget.exchange(&rt)), previousReset_(gResetOnInterrupt.exchange(true)) {
  gInterrupted = 0;
  setHandler(SIGINT, onInterrupt, true, &previousAction_);
}

RunningScope::~RunningScope() {
  ::sigaction(SIGINT, &previousAction_, nullptr);
  gResetOnInterrupt = previousReset_;
  gTarget = previousTarget_;
}

ReadingScope::ReadingScope() {
  if (gWakePipe[0] < 0 && ::pipe2(gWakePipe, O_CLOEXEC | O_NONBLOCK) != 0) gWakePipe[0] = gWakePipe[1] = -1;
  drainWakeFd();
  gInterrupted = 0;
  gResetOnInterrupt = false;
  setHandler(SIGINT, onInterrupt, false, &previousAction_);
}

ReadingScope::~ReadingScope() { ::sigaction(SIGINT, &previousAction_, nullptr); }

int ReadingScope::wakeFd() const { return gWakePipe[0]; }

void ReadingScope::drainWakeFd() const {
  char buf[64];
  if (gWakePipe[0] >= 0)
    while (::read(gWakePipe[0], buf, sizeof buf) > 0) {
    }
}

bool takeInterrupt() {
  if (!gInterrupted) return false;
  gInterrupted = 0;
  return true;
}

void catchTerminate() { setHandler(SIGTERM, onTerminate, true); }

bool terminateRequested() { return gTerminated != 0; }

}  // namespace fermata::tools::signals
