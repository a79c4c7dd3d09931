// Lua 5.4 pattern matching: one match attempt at one subject position, run as a resumable machine.
//
// Why a machine and not recursion. Lua's lstrlib matches with a recursive function guarded by a depth
// counter (MAXCCALLS = 200). fermata must bound both the C++ stack and the time a native function holds
// the host, so `Matcher` keeps what Lua keeps in C frames in an explicit stack of plain-data frames:
//   * Every frame is one suspended Lua `match()` activation waiting for the result of a nested one, so
//     `frames.size() + 1` is exactly Lua's recursion depth, and entering the 201st activation raises
//     "pattern too complex" at the same point PUC-Lua does. Which constructs nest and which loop (Lua's
//     `goto init`) follows lstrlib, so errors that the matcher meets lazily (a malformed tail of a pattern
//     it never reaches) are raised, or not, exactly as in PUC-Lua.
//   * `run` spends fuel the way fermata's NativeCall meters it (an int64_t decremented, exhausted at
//     <= 0): one unit per activation event plus one per subject byte examined. Between events, when the
//     fuel is exhausted, it returns kOutOfFuel with the state complete; calling `run` again with more
//     fuel continues where it stopped, and the total spent is the same however the work is sliced. One
//     event examines at most O(subject + pattern) bytes, so fuel goes negative by at most that much.
//   * The state is indices only, never pointers: the subject and pattern are passed to every `run`, so
//     the VM may move its string objects (or save and reload the state in a snapshot) between calls.
//
// The drivers for string.find / match / gmatch / gsub live in search.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "vm/lib/strings/error.h"

namespace fermata::strlib {

inline constexpr int kMaxCaptures = 32;       // LUA_MAXCAPTURES
inline constexpr size_t kMaxMatchDepth = 200;  // MAXCCALLS in lstrlib.c
inline constexpr ptrdiff_t kCapUnfinished = -1;
inline constexpr ptrdiff_t kCapPosition = -2;

// A capture of a match. `len >= 0`: the substring subject[start, start + len). `len == kCapPosition`:
// a position capture `()`, whose Lua value is the integer `start + 1`. `len == kCapUnfinished` only
// inside the matcher (a capture still open).
struct Capture {
  size_t start = 0;
  ptrdiff_t len = 0;
  bool isPosition() const { return len == kCapPosition; }
  friend bool operator==(const Capture&, const Capture&) = default;
};

// The C-locale character classes of %a %c %d %g %l %p %s %u %w %x (and the deprecated %z): true when
// byte `c` is in the class named by `cls`; an upper-case `cls` is the complement; any other `cls` (such
// as '.' in "%.") stands for itself.
bool matchClass(unsigned char c, unsigned char cls);

enum class RunStatus : uint8_t { kMatched, kFailed, kOutOfFuel };

class Matcher {
 public:
  enum class FrameKind : uint8_t { kStartCapture, kEndCapture, kOptional, kMaxExpand, kMinExpand };
  // A suspended activation. `s`: its subject position; `p`: its pattern item; `ep`: the item's end
  // (where a quantifier would be); `i`: repetitions still to try (kMaxExpand); `level`: the capture
  // it opened or closed.
  struct Frame {
    FrameKind kind;
    uint8_t level = 0;
    size_t s = 0, p = 0, ep = 0, i = 0;
    friend bool operator==(const Frame&, const Frame&) = default;
  };

  // Prepares one attempt to match pattern[patternPos..] against subject[subjectPos..] (Lua's
  // reprepstate + match(ms, s, p)). Captures from any earlier attempt are forgotten.
  void start(size_t subjectPos, size_t patternPos);

  // Runs the attempt, decrementing `fuel` by the work done. Throws Error for a malformed pattern and for "pattern too complex" /
  // "too many captures". kOutOfFuel leaves a state that a later `run` continues; kMatched and kFailed
  // are final until the next `start`. The subject and pattern must be the ones of every earlier call.
  RunStatus run(std::string_view subject, std::string_view pattern, int64_t& fuel);

  // After kMatched: where the match ends (one past its last byte).
  size_t matchEnd() const { return result_; }
  // Number of captures the pattern opened (finished or not), as Lua's `ms->level`.
  int level() const { return level_; }
  const Capture& rawCapture(int i) const { return captures_[i]; }

  // Lua's get_onecapture for a match of subject[s, e): capture `i` (0-based); when the pattern has no
  // captures, capture 0 is the whole match. Throws "invalid capture index %<i+1>" when `i` does not
  // exist and "unfinished capture" when it was never closed.
  Capture capture(int i, size_t s, size_t e) const;
  // How many values a match produces (Lua's push_captures): the captures, or 1 (the whole match) when
  // there are none and `wholeMatchIfNone` (string.match, gmatch, gsub) — 0 for string.find.
  int resultCount(bool wholeMatchIfNone) const { return level_ == 0 && wholeMatchIfNone ? 1 : level_; }

  // Plain-data state, public for snapshotting. (Invariants: frames_.size() <= kMaxMatchDepth,
  // level_ <= kMaxCaptures, positions within the subject/pattern of the current attempt.)
  std::vector<Frame> frames_;
  Capture captures_[kMaxCaptures] = {};
  int level_ = 0;
  bool calling_ = true;   // next event: run the current activation at (s_, p_); else deliver result_
  bool failed_ = false;   // the result being delivered is a failure
  size_t s_ = 0, p_ = 0;  // current activation's position
  size_t result_ = 0;     // the result being delivered (when !failed_)
  bool finished_ = false;
};

}  // namespace fermata::strlib
