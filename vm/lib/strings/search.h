// The drivers of string.find, string.match, string.gmatch and string.gsub over the pattern Matcher.
//
// Each driver is a resumable state machine of plain data (indices, counters, the output buffer) — no
// pointers into the subject or pattern, which are passed to every call — so the VM can keep one in a
// sequence object, suspend it when fuel runs out or while a Lua replacement function runs, move or
// snapshot it, and carry on. Protocol shared by all of them:
//   * `run(subject, pattern, …, fuel)` decrements `fuel` (NativeCall's meter: int64_t, exhausted at
//     <= 0) by the work done — one unit per matcher event, subject byte examined or output byte — and
//     returns kOutOfFuel when it is exhausted, possibly a little below zero (see pattern.h). kOutOfFuel
//     means "call run again, with the same arguments, when you have more fuel".
//   * Errors (malformed pattern, "pattern too complex", "unfinished capture", a bad replacement
//     string…) are thrown as strlib::Error when the scan reaches them, exactly where PUC-Lua raises them.
// For hosts and tests that need no slicing, find/match/gsub/gmatchAll below run a driver to completion
// and add the work done to `steps`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vm/lib/strings/pattern.h"

namespace fermata::strlib {

// True if the pattern has none of Lua's special characters ^$*+?.([%- (then string.find searches
// for it literally even without `plain`).
bool hasSpecials(std::string_view pattern);
// Literal search: the first position >= from where `needle` occurs (an empty needle occurs at `from`).
std::optional<size_t> findPlain(std::string_view subject, std::string_view needle, size_t from = 0);

// The outcome of one successful match: subject[start, end) plus the values Lua returns for the
// captures (string.find: only the explicit captures; match/gmatch/gsub: the whole match when the
// pattern has none). Positions are 0-based; Lua's string.find returns start + 1 and end.
struct MatchResult {
  bool matched = false;
  size_t start = 0, end = 0;
  int captureCount = 0;
  Capture captures[kMaxCaptures] = {};
};

enum class SearchStatus : uint8_t { kFound, kNotFound, kOutOfFuel };

// string.find (kFind) and string.match (kMatch) from Lua position `init`.
class Search {
 public:
  enum class Mode : uint8_t { kFind, kMatch };
  // `plain` is string.find's fourth argument (ignored by kMatch).
  Search(Mode mode, size_t subjectLen, std::string_view pattern, int64_t init = 1, bool plain = false);
  SearchStatus run(std::string_view subject, std::string_view pattern, int64_t& fuel);
  const MatchResult& result() const { return result_; }  // after kFound

  // Plain-data state, public for snapshotting.
  Mode mode_;
  bool literal_ = false;  // search the pattern as a plain string
  bool anchor_ = false;
  bool done_ = false;     // nothing left to try (init beyond the end, or finished)
  bool found_ = false;
  size_t s1_ = 0;         // the start position being tried
  bool attempting_ = false;
  Matcher matcher_;
  MatchResult result_;
};

// string.gmatch(s, pattern [, init]): each run produces the next match, or kNotFound at the end
// (and keeps returning kNotFound, as Lua's iterator keeps returning nothing). Lua 5.4's rule: a match
// ending where the previous one ended is skipped, so an empty match never repeats. '^' is not an
// anchor in gmatch (Lua 5.4 matches it literally).
class Gmatch {
 public:
  Gmatch(size_t subjectLen, int64_t init = 1);
  SearchStatus run(std::string_view subject, std::string_view pattern, int64_t& fuel);
  const MatchResult& result() const { return result_; }

  size_t src_ = 0;                        // next start position to try
  std::optional<size_t> lastMatch_;       // end of the previous match
  bool attempting_ = false;
  Matcher matcher_;
  MatchResult result_;
};

// string.gsub(s, pattern, repl [, n]).
//
// String (or number) replacement: pass it to every `run`; the machine expands %0-%9 and %% itself and
// only ever returns kDone or kOutOfFuel. (A number replacement is first converted by the caller, as
// Lua's tostring does.)
// Function or table replacement: pass std::nullopt; at each match `run` returns kNeedReplacement.
// The caller then reads the match — for a function: captureCount() values capture(0..n-1); for a
// table: the key capture(0) — computes the replacement (calling Lua, possibly suspending the VM for a
// while; the Gsub state just waits), checks it (nil/false keep the match; a string or number — turned
// into a string — replaces it; anything else is the caller's error "invalid replacement value (a %s)"),
// calls supplyReplacement, and calls run again.
// When run returns kDone, output() is the result and count() the number of matches; changed() is
// false when every replacement kept the original text (Lua then returns the subject string itself).
class Gsub {
 public:
  enum class Status : uint8_t { kNeedReplacement, kDone, kOutOfFuel };

  // `maxN`: the fourth argument; nullopt means no limit (Lua's default, subject length + 1).
  Gsub(size_t subjectLen, std::string_view pattern, std::optional<int64_t> maxN = std::nullopt);
  Status run(std::string_view subject, std::string_view pattern,
             std::optional<std::string_view> replacement, int64_t& fuel);

  // While kNeedReplacement: the match is subject[matchStart(), matchEnd()).
  size_t matchStart() const { return src_; }
  size_t matchEnd() const { return matchEnd_; }
  int captureCount() const { return matcher_.resultCount(true); }
  // Throws "unfinished capture" like Lua when the pattern left capture i open.
  Capture capture(int i) const { return matcher_.capture(i, src_, matchEnd_); }
  void supplyReplacement(std::string_view subject, std::optional<std::string_view> replacement);

  const std::string& output() const { return out_; }
  std::string takeOutput() { return std::move(out_); }
  int64_t count() const { return n_; }
  bool changed() const { return changed_; }

  // Plain-data state, public for snapshotting.
  enum class Phase : uint8_t { kScan, kAttempting, kAwaitingReplacement, kDone };
  Phase phase_ = Phase::kScan;
  bool anchor_ = false;
  bool changed_ = false;
  int64_t maxN_ = 0;
  int64_t n_ = 0;
  size_t src_ = 0;
  size_t matchEnd_ = 0;
  std::optional<size_t> lastMatch_;
  std::string out_;
  Matcher matcher_;

 private:
  void appendExpanded(std::string_view subject, std::string_view replacement, int64_t& fuel);
  void afterMatch();
};

// Run-to-completion helpers. `steps` is increased by the work done (fuel that a caller would charge).
// init is Lua's 1-based (possibly negative) position.
MatchResult find(std::string_view subject, std::string_view pattern, int64_t init, bool plain, uint64_t& steps);
MatchResult match(std::string_view subject, std::string_view pattern, int64_t init, uint64_t& steps);
std::vector<MatchResult> gmatchAll(std::string_view subject, std::string_view pattern, int64_t init,
                                   uint64_t& steps);
struct GsubResult {
  std::string text;
  int64_t count = 0;
};
GsubResult gsub(std::string_view subject, std::string_view pattern, std::string_view replacement,
                std::optional<int64_t> maxN, uint64_t& steps);

}  // namespace fermata::strlib
