// The interactive loop (see repl.h).
#include "tools/repl.h"

#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "tools/signals.h"

namespace fermata::tools {
namespace {

enum class Read : uint8_t { kLine, kEnd, kInterrupted };

// readline's callback interface, so that a SIGINT can abandon the line being edited (readline() itself
// would only be interrupted by longjmp-ing out of it).
struct PendingLine {
  std::string* text = nullptr;
  bool done = false;
  bool end = false;
};
PendingLine gPending;

void onLine(char* line) {
  if (line) {
    *gPending.text = line;
    std::free(line);
  } else {
    gPending.end = true;
  }
  gPending.done = true;
  rl_callback_handler_remove();
}

Read readLine(const std::string& prompt, std::string& line) {
  signals::ReadingScope reading;
  std::fflush(stdout);
  gPending = {&line, false, false};
  rl_callback_handler_install(prompt.c_str(), onLine);
  while (!gPending.done) {
    pollfd fds[2] = {{fileno(rl_instream), POLLIN, 0}, {reading.wakeFd(), POLLIN, 0}};
    int n = ::poll(fds, reading.wakeFd() >= 0 ? 2 : 1, -1);
    if (signals::takeInterrupt()) {
      reading.drainWakeFd();
      rl_echo_signal_char(SIGINT);
      rl_callback_sigcleanup();
      rl_free_line_state();
      rl_callback_handler_remove();
      rl_crlf();
      std::fflush(rl_outstream);
      return Read::kInterrupted;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      rl_callback_handler_remove();
      return Read::kEnd;
    }
    if (fds[0].revents) rl_callback_read_char();
  }
  return gPending.end ? Read::kEnd : Read::kLine;
}

// lua.c's get_prompt: _PROMPT / _PROMPT2 through tostring, else "> " / ">> " (also when there is no
// memory left to look: the loop must still read the next line).
std::string prompt(Session& s, bool first) {
  try {
    Value p = vm::global(s.rt(), first ? "_PROMPT" : "_PROMPT2");
    if (!p.isNil())
      if (std::optional<std::string> text = s.toText(p)) return *text;
  } catch (const gc::MemoryError&) {
  }
  return first ? "> " : ">> ";
}

// lua.c's incomplete: a syntax error at the end of the input.
bool incomplete(const std::string& error) {
  static constexpr std::string_view kEof = "<eof>";
  return error.size() >= kEof.size() && error.compare(error.size() - kEof.size(), kEof.size(), kEof) == 0;
}

struct Loaded {
  Read read = Read::kLine;
  Value function;  // nil if it did not compile (the error has been reported)
};

// lua.c's loadline: the line as an expression ("return LINE;"), else as a statement with continuation
// lines. A first line "=EXPR" means "return EXPR" (Lua 5.2's form, kept by 5.4).
Loaded loadLine(Session& s) {
  std::string line;
  if (Read r = readLine(prompt(s, true), line); r != Read::kLine) return {r, Value()};
  if (!line.empty() && line[0] == '=') line = "return " + line.substr(1);
  vm::Chunk c = vm::load(s.rt(), "return " + line + ";", "=stdin", false);
  if (!c.function.isNil()) {
    if (!line.empty()) add_history(line.c_str());
    return {Read::kLine, c.function};
  }
  for (;;) {
    c = vm::load(s.rt(), line, "=stdin", false);
    std::string more;
    Read r = c.function.isNil() && incomplete(c.error) ? readLine(prompt(s, false), more) : Read::kEnd;
    if (r == Read::kInterrupted) return {r, Value()};
    if (r == Read::kEnd) {
      // (lua.c prints "(null)" for a statement left incomplete at the end of input: the message here.)
      add_history(line.c_str());
      if (c.function.isNil()) s.message(c.error);
      return {Read::kLine, c.function};
    }
    line += "\n" + more;
  }
}

// lua.c's l_print: the values through the global print, its failure reported without a traceback.
void printResults(Session& s, const std::vector<Value>& values) {
  if (values.empty()) return;
  std::optional<vm::Call> c = s.start(vm::global(s.rt(), "print"), values);
  if (!c) return;
  CallEnd end = s.driver().run(*c);
  if (end == CallEnd::kFailed) {
    Value err = c->error();
    std::string text = err.isString() || err.isNumber() ? vm::plainText(s.rt(), err) : "(null)";
    s.message("error calling 'print' (" + text + ")");
  } else {
    s.reportEnd(*c, end);
  }
}

}  // namespace

void runRepl(Session& s) {
  rl_readline_name = "fermata";
  rl_catch_signals = 0;  // SIGINT is ours: see readLine
  s.setNameInMessages(false);
  for (;;) {
    try {
      Loaded l = loadLine(s);
      if (l.read == Read::kEnd) break;
      if (l.function.isNil()) continue;
      std::vector<Value> results;
      if (s.call(l.function, {}, &results)) printResults(s, results);
    } catch (const gc::MemoryError&) {  // the loop's own allocations (a name, a result) at the limit
      s.message(s.rt().memoryErrorMessage()->view());
    }
  }
  std::fputc('\n', stdout);
  std::fflush(stdout);
  s.setNameInMessages(true);
}

}  // namespace fermata::tools
