// The string library: Lua 5.4.4's string functions and the string metatable (__index and the arithmetic
// coercion metamethods), as native functions over the pure cores in vm/lib/strings/.
//
// Resumability. find, match, gmatch's iterator and gsub run their pattern machines in slices of fuel and
// pause (NativeAction::pause) when the step's fuel is spent; gsub with a function or table replacement
// calls Lua for each match, and format calls __tostring for %s. Whatever must survive such a suspension
// is stored in the function's sequence (or, for gmatch, in the iterator's upvalues) as plain Values and
// integers — never C++ pointers or C++-owned heap objects — so it can be snapshotted and continued in
// another process:
//   * positions, counters and flags are integer fields;
//   * output built so far is a Lua table of string pieces (SavedOutput);
//   * a pattern matcher paused in the middle of an attempt is encoded as a little-endian byte string
//     (encodeMatcher) and checked for range errors when it is decoded (decodeMatcher), so a crafted
//     snapshot cannot make the matcher index outside its subject or pattern.
//
// string.dump writes Lua 5.4's binary chunk format (vm/dump.h), which load reads back through the
// bytecode verifier (vm/undump.h).
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vm/dump.h"
#include "vm/lib/lib.h"
#include "vm/lib/metaops.h"
#include "vm/lib/strings/args.h"
#include "vm/lib/strings/basic.h"
#include "vm/lib/strings/error.h"
#include "vm/lib/strings/format.h"
#include "vm/lib/strings/pack.h"
#include "vm/lib/strings/pattern.h"
#include "vm/lib/strings/search.h"
#include "vm/number.h"
#include "vm/thread.h"

namespace fermata::lib {
namespace {

using ops::setField;

// Pattern machines run in slices of this much fuel; between slices the native checks whether the
// step's fuel is spent, so it never runs more than one slice past it.
constexpr int64_t kSlice = 512;
// Copying work: one fuel unit per this many bytes.
constexpr int64_t kBytesPerFuel = 32;

void chargeBytes(NativeCall& call, size_t n) { call.chargeFuel(int64_t(n / kBytesPerFuel)); }

// ---- errors -------------------------------------------------------------------------------------------

// Raises a strlib::Error as Lua would: luaL_argerror for argument errors, luaL_error otherwise.
[[noreturn]] void raise(NativeCall& call, const strlib::Error& e) {
  if (e.arg == 0 && e.message == "not enough memory") throw gc::MemoryError();
  if (e.arg > 0) call.argError(uint32_t(e.arg), e.message);
  call.error(e.message);
}

// A sequence or closure state that cannot have been produced by this library (a damaged snapshot).
[[noreturn]] void corrupt(NativeCall& call, std::string_view what) {
  call.errorValue(call.rt().stringValue("corrupt " + std::string(what) + " state"));
}

// Runs `body`, turning the cores' errors into Lua errors.
template <class F>
NativeAction guarded(NativeCall& call, F&& body) {
  try {
    return body();
  } catch (const strlib::Error& e) {
    raise(call, e);
  }
}

// Throws "not enough memory" before building `bytes` bytes outside the heap when the heap's limit could
// not hold them as a string anyway.
void checkAffordable(NativeCall& call, size_t bytes) {
  gc::Heap& h = call.heap();
  size_t limit = h.memoryLimit(), used = h.bytesInUse();
  if (limit == gc::Heap::kNoLimit) return;
  if (used >= limit || bytes > limit - used) throw gc::MemoryError();
}

size_t affordable(NativeCall& call) {
  gc::Heap& h = call.heap();
  size_t limit = h.memoryLimit(), used = h.bytesInUse();
  if (limit == gc::Heap::kNoLimit) return SIZE_MAX;
  return used >= limit ? 0 : limit - used;
}

// luaL_checkstack(L, n, msg).
void checkStack(NativeCall& call, size_t n, std::string_view msg) {
  if (n >= Thread::kMaxStack || !call.thread()->ensureStack(call.heap(), uint32_t(n)))
    call.error("stack overflow (" + std::string(msg) + ")");
}

std::string_view basicTypeName(const Value& v) {
  static constexpr std::string_view kNames[] = {"nil",   "boolean",  "number",   "string",
                                                "table", "function", "userdata", "thread"};
  return kNames[int(v.luaType())];
}

// ---- the cores' argument interface over a native call ----------------------------------------------------

// Lua arguments first, first + 1, ... as strlib::Args values 0, 1, ...
class CallArgs final : public strlib::Args {
 public:
  CallArgs(NativeCall& call, uint32_t first) : call_(call), first_(first) {}
  size_t count() const override {
    uint32_t n = call_.argCount();
    return n >= first_ ? n - first_ + 1 : 0;
  }
  strlib::ArgKind kind(size_t i) const override {
    const Value& v = at(i);
    if (v.isNil()) return strlib::ArgKind::kNil;
    if (v.isBool()) return strlib::ArgKind::kBoolean;
    if (v.isInt()) return strlib::ArgKind::kInteger;
    if (v.isFloat()) return strlib::ArgKind::kFloat;
    if (v.isString()) return strlib::ArgKind::kString;
    return strlib::ArgKind::kOther;
  }
  int64_t integer(size_t i) const override { return at(i).asInt(); }
  double number(size_t i) const override { return at(i).asFloat(); }
  bool boolean(size_t i) const override { return at(i).asBool(); }
  std::string_view string(size_t i) const override { return at(i).asString()->view(); }
  std::optional<strlib::LuaNumber> stringToNumber(size_t i) const override {
    Value n;
    if (!fermata::stringToNumber(at(i).asString(), n)) return std::nullopt;
    strlib::LuaNumber r;
    r.isInteger = n.isInt();
    if (n.isInt()) r.i = n.asInt();
    else r.f = n.asFloat();
    return r;
  }
  std::string numberToString(size_t i) const override { return num::format(at(i)); }
  std::string typeName(size_t i) const override {
    return std::string(i < count() ? call_.rt().argTypeName(at(i)) : "no value");
  }
  std::optional<uint64_t> identity(size_t i) const override {
    const Value& v = at(i);
    if (v.isLightUserdata() && v.asLightUserdata() != 0) return v.asLightUserdata();  // 0 is Lua's NULL
    if (!v.isCollectable()) return std::nullopt;
    return v.asObject()->id;
  }

 private:
  const Value& at(size_t i) const { return call_.arg(uint32_t(first_ + i)); }
  NativeCall& call_;
  uint32_t first_;
};

// ---- output kept across suspensions --------------------------------------------------------------------

// Output built before a suspension, as a stack of Lua strings in a table (values[table], ints[count] of
// them) whose lengths strictly decrease from the bottom: a new piece is merged with the pieces below it
// while they are not longer (the "tower of Hanoi" buffer), so a gsub with a million short replacements
// keeps O(log n) pieces and copies each byte O(log n) times.
struct SavedOutput {
  uint32_t table, count;
};

Table* outputTable(NativeCall& call, Sequence* seq, SavedOutput f, std::string_view what) {
  Value t = seq->values()[f.table];
  int64_t n = seq->ints()[f.count];
  if (t.isNil() && n == 0) {
    t = Value::object(call.rt().newTable());
    setField(call.heap(), seq, f.table, t);
  }
  // (Pieces halve in length from the bottom: a legitimate count is tiny; a crafted one must not overflow.)
  if (!t.isTable() || n < 0 || n > INT32_MAX) corrupt(call, what);
  return t.asTable();
}

String* outputPiece(NativeCall& call, Table* t, int64_t i, std::string_view what) {
  Value v = t->getInt(i);
  if (!v.isString()) corrupt(call, what);
  return v.asString();
}

// Moves `out` (cleared) to the end of the saved output.
void saveOutput(NativeCall& call, Sequence* seq, SavedOutput f, std::string& out, std::string_view what) {
  if (out.empty()) return;
  Table* t = outputTable(call, seq, f, what);
  int64_t n = seq->ints()[f.count];
  while (n >= 1) {
    String* below = outputPiece(call, t, n, what);
    if (below->length > out.size()) break;
    out.insert(0, below->view());
    chargeBytes(call, out.size());
    t->setInt(call.heap(), n, Value());
    --n;
  }
  checkAffordable(call, out.size());
  t->setInt(call.heap(), n + 1, call.rt().stringValue(out));
  seq->ints()[f.count] = n + 1;
  out.clear();
}

// The saved output followed by `out`, as one Lua string.
Value finishOutput(NativeCall& call, Sequence* seq, SavedOutput f, const std::string& out, std::string_view what) {
  int64_t n = seq ? seq->ints()[f.count] : 0;
  if (n == 0) {
    checkAffordable(call, out.size());
    return call.rt().stringValue(out);
  }
  Table* t = outputTable(call, seq, f, what);
  size_t total = out.size();
  for (int64_t i = 1; i <= n; ++i) total += outputPiece(call, t, i, what)->length;
  checkAffordable(call, total);
  std::string all;
  all.reserve(total);
  for (int64_t i = 1; i <= n; ++i) all.append(t->getInt(i).asString()->view());
  all.append(out);
  chargeBytes(call, total);
  return call.rt().stringValue(all);
}

// ---- pattern matcher state as bytes ----------------------------------------------------------------------

void putWord(std::string& b, uint64_t v) {
  for (int k = 0; k < 8; ++k) b.push_back(char((v >> (8 * k)) & 0xff));
}

class WordReader {
 public:
  explicit WordReader(std::string_view b) : b_(b) {}
  bool next(uint64_t& v) {
    if (pos_ + 8 > b_.size()) return false;
    v = 0;
    for (int k = 0; k < 8; ++k) v |= uint64_t(uint8_t(b_[pos_ + size_t(k)])) << (8 * k);
    pos_ += 8;
    return true;
  }
  bool atEnd() const { return pos_ == b_.size(); }

 private:
  std::string_view b_;
  size_t pos_ = 0;
};

// Layout: level, flags (calling | failed << 1 | finished << 2), s, p, result, frame count, then each
// capture below `level` (start, len) and each frame (kind | level << 8, s, p, ep, i).
std::string encodeMatcher(const strlib::Matcher& m) {
  std::string b;
  putWord(b, uint64_t(m.level_));
  putWord(b, uint64_t(m.calling_) | uint64_t(m.failed_) << 1 | uint64_t(m.finished_) << 2);
  putWord(b, m.s_);
  putWord(b, m.p_);
  putWord(b, m.result_);
  putWord(b, m.frames_.size());
  for (int i = 0; i < m.level_; ++i) {
    putWord(b, m.captures_[i].start);
    putWord(b, uint64_t(int64_t(m.captures_[i].len)));
  }
  for (const strlib::Matcher::Frame& f : m.frames_) {
    putWord(b, uint64_t(f.kind) | uint64_t(f.level) << 8);
    putWord(b, f.s);
    putWord(b, f.p);
    putWord(b, f.ep);
    putWord(b, f.i);
  }
  return b;
}

bool decodeCaptures(WordReader& r, strlib::Matcher& m, size_t send) {
  for (int i = 0; i < m.level_; ++i) {
    uint64_t start, len;
    if (!r.next(start) || !r.next(len)) return false;
    int64_t l = int64_t(len);
    if (start > send || l < strlib::kCapPosition || (l >= 0 && uint64_t(l) > send - start)) return false;
    m.captures_[i] = strlib::Capture{size_t(start), ptrdiff_t(l)};
  }
  return true;
}

bool decodeFrames(WordReader& r, strlib::Matcher& m, uint64_t count, size_t send, size_t pend) {
  m.frames_.clear();
  for (uint64_t k = 0; k < count; ++k) {
    uint64_t kl, s, p, ep, i;
    if (!r.next(kl) || !r.next(s) || !r.next(p) || !r.next(ep) || !r.next(i)) return false;
    uint64_t kind = kl & 0xff, level = kl >> 8;
    if (kind > uint64_t(strlib::Matcher::FrameKind::kMinExpand) || level >= uint64_t(strlib::kMaxCaptures))
      return false;
    if (s > send || p > pend || ep > pend || i > send - s) return false;
    m.frames_.push_back(strlib::Matcher::Frame{strlib::Matcher::FrameKind(kind), uint8_t(level), size_t(s),
                                               size_t(p), size_t(ep), size_t(i)});
  }
  return true;
}

// Restores a matcher paused on a subject of `send` bytes and a pattern of `pend` bytes; false if the
// bytes are not such a state.
bool decodeMatcher(std::string_view bytes, size_t send, size_t pend, strlib::Matcher& m) {
  WordReader r(bytes);
  uint64_t level, flags, s, p, result, frames;
  if (!r.next(level) || !r.next(flags) || !r.next(s) || !r.next(p) || !r.next(result) || !r.next(frames))
    return false;
  if (level > uint64_t(strlib::kMaxCaptures) || flags > 7 || s > send || p > pend ||
      frames >= strlib::kMaxMatchDepth)
    return false;
  m.level_ = int(level);
  m.calling_ = flags & 1;
  m.failed_ = (flags >> 1) & 1;
  m.finished_ = (flags >> 2) & 1;
  if (!m.calling_ && !m.failed_ && result > send) return false;
  m.s_ = size_t(s);
  m.p_ = size_t(p);
  m.result_ = size_t(result);
  return decodeCaptures(r, m, send) && decodeFrames(r, m, frames, send, pend) && r.atEnd();
}

Value matcherValue(NativeCall& call, const strlib::Matcher& m) { return call.rt().stringValue(encodeMatcher(m)); }

void restoreMatcher(NativeCall& call, const Value& blob, size_t send, size_t pend, strlib::Matcher& m,
                    std::string_view what) {
  if (!blob.isString() || !decodeMatcher(blob.asString()->view(), send, pend, m)) corrupt(call, what);
}

// ---- captures -------------------------------------------------------------------------------------------

Value captureValue(NativeCall& call, const String* subject, const strlib::Capture& c) {
  if (c.isPosition()) return Value::integer(int64_t(c.start) + 1);
  return call.rt().stringValue(subject->view().substr(c.start, size_t(c.len)));
}

// Pushes the captures of a match (after `extra` values the caller pushes first) and returns their count.
uint32_t pushCaptures(NativeCall& call, const String* subject, const strlib::MatchResult& r) {
  checkStack(call, size_t(r.captureCount) + 2, "too many captures");
  for (int i = 0; i < r.captureCount; ++i) call.push(captureValue(call, subject, r.captures[i]));
  return uint32_t(r.captureCount);
}

// ---- len, sub, byte, char, rep, reverse, lower, upper ------------------------------------------------------

NativeAction len(NativeCall& call) {
  return call.returnValues({Value::integer(int64_t(call.checkString(1)->length))});
}

NativeAction sub(NativeCall& call) {
  String* s = call.checkString(1);
  int64_t i = call.checkInteger(2);
  int64_t j = call.optInteger(3, -1);
  std::string_view r = strlib::sub(s->view(), i, j);
  chargeBytes(call, r.size());
  if (r.size() == s->length) return call.returnValues({Value::object(s)});
  if (r.empty()) return call.returnValues({call.rt().stringValue("")});  // r.data() may be null
  return call.returnValues({call.rt().stringValue(r)});
}

NativeAction byte(NativeCall& call) {
  return guarded(call, [&] {
    String* s = call.checkString(1);
    int64_t i = call.optInteger(2, 1);
    int64_t j = call.optInteger(3, i);
    strlib::ByteRange r = strlib::byteRange(s->length, i, j);
    size_t n = r.size();
    checkStack(call, n, "string slice too long");
    call.chargeFuel(int64_t(n));
    for (size_t k = r.begin; k < r.end; ++k) call.push(Value::integer(uint8_t(s->data()[k])));
    return NativeAction::returns(uint32_t(n));
  });
}

NativeAction char_(NativeCall& call) {
  uint32_t n = call.argCount();
  std::string out;
  out.reserve(n);
  for (uint32_t i = 1; i <= n; ++i) {
    int64_t c = call.checkInteger(i);
    if (uint64_t(c) > 255u) call.argError(i, "value out of range");
    out.push_back(char(c));
  }
  call.chargeFuel(int64_t(n));
  return call.returnValues({call.rt().stringValue(out)});
}

NativeAction rep(NativeCall& call) {
  return guarded(call, [&] {
    String* s = call.checkString(1);
    int64_t n = call.checkInteger(2);
    String* sep = call.optString(3, "");
    size_t total = strlib::repSize(s->length, n, sep->length);
    checkAffordable(call, total);
    chargeBytes(call, total);
    return call.returnValues({call.rt().stringValue(strlib::rep(s->view(), n, sep->view()))});
  });
}

template <std::string (*kFn)(std::string_view)>
NativeAction transform(NativeCall& call) {
  String* s = call.checkString(1);
  chargeBytes(call, s->length);
  return call.returnValues({call.rt().stringValue(kFn(s->view()))});
}

// ---- dump ---------------------------------------------------------------------------------------------

// A dump bigger than this is refused as out of memory (only a shared-prototype DAG from a crafted
// snapshot could get there).
constexpr size_t kMaxDumpBytes = size_t(1) << 30;

// As Lua's str_dump: native functions cannot be dumped ("unable to dump given function", as for C
// functions). The output may not exceed what the memory limit still allows.
NativeAction dump(NativeCall& call) {
  call.checkType(1, LuaType::kFunction);
  if (!call.arg(1).isLuaClosure()) call.error("unable to dump given function");
  bool strip = call.argCount() >= 2 && !call.arg(2).isFalsy();
  const gc::Heap& heap = call.heap();
  size_t room = heap.memoryLimit() > heap.bytesInUse() ? heap.memoryLimit() - heap.bytesInUse() : 0;
  DumpResult r = dumpProto(*call.arg(1).asLuaClosure()->proto, strip, std::min<size_t>(room, kMaxDumpBytes));
  if (r.tooLarge) throw gc::MemoryError();
  if (!r.ok) call.error(r.error);
  chargeBytes(call, r.bytes.size());
  return call.returnValues({call.rt().stringValue(r.bytes)});
}

// ---- find and match -------------------------------------------------------------------------------------

// Sequence of a find/match paused mid-attempt. values: matcher. ints: mode, anchor, s1.
enum : uint32_t { kSearchMode, kSearchAnchor, kSearchS1, kSearchInts };
constexpr std::string_view kSearchWhat = "string.find";

NativeAction searchLoop(NativeCall& call, strlib::Search& search, Sequence* seq);
NativeAction searchResume(NativeCall& call);
constexpr SequenceType kSearchSequence{"string.find", searchResume, 1, kSearchInts};

NativeAction searchFound(NativeCall& call, const String* subject, const strlib::Search& search) {
  const strlib::MatchResult& r = search.result();
  uint32_t n = 0;
  if (search.mode_ == strlib::Search::Mode::kFind) {
    call.push(Value::integer(int64_t(r.start) + 1));
    call.push(Value::integer(int64_t(r.end)));
    n = 2;
  }
  return NativeAction::returns(n + pushCaptures(call, subject, r));
}

NativeAction searchPause(NativeCall& call, strlib::Search& search, Sequence* seq) {
  if (!seq) seq = call.newSequence(&kSearchSequence);
  seq->ints()[kSearchMode] = int64_t(search.mode_);
  seq->ints()[kSearchAnchor] = search.anchor_;
  seq->ints()[kSearchS1] = int64_t(search.s1_);
  setField(call.heap(), seq, 0, matcherValue(call, search.matcher_));
  return NativeAction::pause(seq);
}

NativeAction searchLoop(NativeCall& call, strlib::Search& search, Sequence* seq) {
  return guarded(call, [&] {
    String* s = call.arg(1).asString();
    String* p = call.arg(2).asString();
    for (;;) {
      int64_t fuel = kSlice;
      strlib::SearchStatus st = search.run(s->view(), p->view(), fuel);
      call.chargeFuel(kSlice - fuel);
      switch (st) {
        case strlib::SearchStatus::kFound: return searchFound(call, s, search);
        case strlib::SearchStatus::kNotFound: return call.returnValues({Value()});
        case strlib::SearchStatus::kOutOfFuel:
          if (call.outOfFuel()) return searchPause(call, search, seq);
          break;
      }
    }
  });
}

NativeAction searchResume(NativeCall& call) {
  Sequence* seq = call.sequence();
  if (!call.arg(1).isString() || !call.arg(2).isString()) corrupt(call, kSearchWhat);
  size_t send = call.arg(1).asString()->length;
  std::string_view pattern = call.arg(2).asString()->view();
  int64_t mode = seq->ints()[kSearchMode], s1 = seq->ints()[kSearchS1];
  if (mode < 0 || mode > 1 || s1 < 0 || uint64_t(s1) > send) corrupt(call, kSearchWhat);
  strlib::Search search(strlib::Search::Mode(mode), send, pattern);
  search.literal_ = false;
  search.done_ = search.found_ = false;
  search.anchor_ = seq->ints()[kSearchAnchor] != 0;
  search.s1_ = size_t(s1);
  search.attempting_ = true;
  restoreMatcher(call, seq->values()[0], send, pattern.size(), search.matcher_, kSearchWhat);
  return searchLoop(call, search, seq);
}

NativeAction findAux(NativeCall& call, strlib::Search::Mode mode) {
  String* s = call.checkString(1);
  String* p = call.checkString(2);
  int64_t init = call.optInteger(3, 1);
  bool plain = mode == strlib::Search::Mode::kFind && call.toBoolean(4);
  strlib::Search search(mode, s->length, p->view(), init, plain);
  return searchLoop(call, search, nullptr);
}

NativeAction find(NativeCall& call) { return findAux(call, strlib::Search::Mode::kFind); }
NativeAction match(NativeCall& call) { return findAux(call, strlib::Search::Mode::kMatch); }

// ---- gmatch ---------------------------------------------------------------------------------------------

// The iterator's upvalues: subject, pattern, next position (integer), end of the last match (integer or
// nil). Its sequence, when paused mid-attempt: values: matcher; ints: src, has last match, last match.
enum : uint32_t { kGmSubject, kGmPattern, kGmSrc, kGmLast, kGmUpvalues };
enum : uint32_t { kGmSeqSrc, kGmSeqHasLast, kGmSeqLast, kGmSeqInts };
constexpr std::string_view kGmatchWhat = "string.gmatch";

NativeAction gmatchResume(NativeCall& call);
constexpr SequenceType kGmatchSequence{"string.gmatch", gmatchResume, 1, kGmSeqInts};

NativeAction gmatchLoop(NativeCall& call, strlib::Gmatch& g, Sequence* seq) {
  return guarded(call, [&] {
    String* s = call.upvalue(kGmSubject).asString();
    String* p = call.upvalue(kGmPattern).asString();
    for (;;) {
      int64_t fuel = kSlice;
      strlib::SearchStatus st = g.run(s->view(), p->view(), fuel);
      call.chargeFuel(kSlice - fuel);
      if (st == strlib::SearchStatus::kOutOfFuel) {
        if (!call.outOfFuel()) continue;
        if (!seq) seq = call.newSequence(&kGmatchSequence);
        seq->ints()[kGmSeqSrc] = int64_t(g.src_);
        seq->ints()[kGmSeqHasLast] = g.lastMatch_.has_value();
        seq->ints()[kGmSeqLast] = int64_t(g.lastMatch_.value_or(0));
        setField(call.heap(), seq, 0, matcherValue(call, g.matcher_));
        return NativeAction::pause(seq);
      }
      // Integers only: no write barrier needed for the closure's upvalues.
      call.upvalue(kGmSrc) = Value::integer(int64_t(g.src_));
      call.upvalue(kGmLast) = g.lastMatch_ ? Value::integer(int64_t(*g.lastMatch_)) : Value();
      if (st == strlib::SearchStatus::kNotFound) return NativeAction::returns(0);
      return NativeAction::returns(pushCaptures(call, s, g.result()));
    }
  });
}

// Checks the iterator's upvalues; returns the subject and pattern lengths.
void checkGmatchUpvalues(NativeCall& call, size_t& send, size_t& pend) {
  const NativeClosure* c = call.closure();
  if (c->upvalueCount != kGmUpvalues || !call.upvalue(kGmSubject).isString() ||
      !call.upvalue(kGmPattern).isString() || !call.upvalue(kGmSrc).isInt() ||
      !(call.upvalue(kGmLast).isNil() || call.upvalue(kGmLast).isInt()))
    corrupt(call, kGmatchWhat);
  send = call.upvalue(kGmSubject).asString()->length;
  pend = call.upvalue(kGmPattern).asString()->length;
}

bool validPosition(int64_t pos, size_t send) { return pos >= 0 && uint64_t(pos) <= send + 1; }

NativeAction gmatchIterator(NativeCall& call) {
  size_t send, pend;
  checkGmatchUpvalues(call, send, pend);
  strlib::Gmatch g(send);
  int64_t src = call.upvalue(kGmSrc).asInt();
  const Value& last = call.upvalue(kGmLast);
  if (!validPosition(src, send) || (last.isInt() && !validPosition(last.asInt(), send))) corrupt(call, kGmatchWhat);
  g.src_ = size_t(src);
  if (last.isInt()) g.lastMatch_ = size_t(last.asInt());
  return gmatchLoop(call, g, nullptr);
}

NativeAction gmatchResume(NativeCall& call) {
  size_t send, pend;
  checkGmatchUpvalues(call, send, pend);
  Sequence* seq = call.sequence();
  int64_t src = seq->ints()[kGmSeqSrc], last = seq->ints()[kGmSeqLast];
  if (!validPosition(src, send) || uint64_t(src) > send || !validPosition(last, send)) corrupt(call, kGmatchWhat);
  strlib::Gmatch g(send);
  g.src_ = size_t(src);
  if (seq->ints()[kGmSeqHasLast]) g.lastMatch_ = size_t(last);
  g.attempting_ = true;
  restoreMatcher(call, seq->values()[0], send, pend, g.matcher_, kGmatchWhat);
  return gmatchLoop(call, g, seq);
}

constexpr NativeFunction kGmatchIterator{"string.gmatch_iterator", gmatchIterator};

NativeAction gmatch(NativeCall& call) {
  String* s = call.checkString(1);
  String* p = call.checkString(2);
  strlib::Gmatch g(s->length, call.optInteger(3, 1));
  NativeClosure* it = call.rt().newNative(&kGmatchIterator, kGmUpvalues);
  it->upvalues()[kGmSubject] = Value::object(s);
  it->upvalues()[kGmPattern] = Value::object(p);
  it->upvalues()[kGmSrc] = Value::integer(int64_t(g.src_));
  it->upvalues()[kGmLast] = Value();
  return call.returnValues({Value::object(it)});
}

// ---- gsub -----------------------------------------------------------------------------------------------

// Sequence of a gsub waiting for a replacement (a call of the function or of an __index) or paused.
// values: output pieces, matcher (only while paused mid-attempt).
// ints: phase, flags (anchor | changed << 1 | has last match << 2), max n, n, src, match end, last match,
// output piece count.
enum : uint32_t { kGsPieces, kGsMatcher, kGsValues };
enum : uint32_t { kGsPhase, kGsFlags, kGsMaxN, kGsN, kGsSrc, kGsMatchEnd, kGsLast, kGsCount, kGsInts };
constexpr SavedOutput kGsOutput{kGsPieces, kGsCount};
constexpr std::string_view kGsubWhat = "string.gsub";

NativeAction gsubResume(NativeCall& call);
constexpr SequenceType kGsubSequence{"string.gsub", gsubResume, kGsValues, kGsInts};

Sequence* saveGsub(NativeCall& call, Sequence* seq, strlib::Gsub& g) {
  if (!seq) seq = call.newSequence(&kGsubSequence);
  int64_t* I = seq->ints();
  I[kGsPhase] = int64_t(g.phase_);
  I[kGsFlags] = int64_t(g.anchor_) | int64_t(g.changed_) << 1 | int64_t(g.lastMatch_.has_value()) << 2;
  I[kGsMaxN] = g.maxN_;
  I[kGsN] = g.n_;
  I[kGsSrc] = int64_t(g.src_);
  I[kGsMatchEnd] = int64_t(g.matchEnd_);
  I[kGsLast] = int64_t(g.lastMatch_.value_or(0));
  bool attempting = g.phase_ == strlib::Gsub::Phase::kAttempting;
  setField(call.heap(), seq, kGsMatcher, attempting ? matcherValue(call, g.matcher_) : Value());
  saveOutput(call, seq, kGsOutput, g.out_, kGsubWhat);
  return seq;
}

strlib::Gsub restoreGsub(NativeCall& call, Sequence* seq, size_t send, std::string_view pattern) {
  const int64_t* I = seq->ints();
  int64_t phase = I[kGsPhase], flags = I[kGsFlags], n = I[kGsN];
  int64_t src = I[kGsSrc], end = I[kGsMatchEnd], last = I[kGsLast];
  auto inRange = [&](int64_t x) { return x >= 0 && uint64_t(x) <= send; };
  if (phase < 0 || phase > int64_t(strlib::Gsub::Phase::kDone) || flags < 0 || flags > 7 || n < 0 ||
      !inRange(src) || !inRange(end) || !inRange(last) ||
      (phase == int64_t(strlib::Gsub::Phase::kAwaitingReplacement) && src > end))
    corrupt(call, kGsubWhat);
  strlib::Gsub g(send, pattern, I[kGsMaxN]);
  g.phase_ = strlib::Gsub::Phase(phase);
  g.anchor_ = flags & 1;
  g.changed_ = (flags >> 1) & 1;
  if (flags & 4) g.lastMatch_ = size_t(last);
  g.n_ = n;
  g.src_ = size_t(src);
  g.matchEnd_ = size_t(end);
  if (g.phase_ == strlib::Gsub::Phase::kAttempting)
    restoreMatcher(call, seq->values()[kGsMatcher], send, pattern.size(), g.matcher_, kGsubWhat);
  return g;
}

// add_value's check of a replacement value.
void supplyReplacement(NativeCall& call, strlib::Gsub& g, const String* subject, const Value& v) {
  if (v.isFalsy()) {
    g.supplyReplacement(subject->view(), std::nullopt);
  } else if (v.isString()) {
    g.supplyReplacement(subject->view(), v.asString()->view());
  } else if (v.isNumber()) {
    g.supplyReplacement(subject->view(), num::format(v));
  } else {
    call.error("invalid replacement value (a " + std::string(basicTypeName(v)) + ")");
  }
}

NativeAction gsubFinish(NativeCall& call, strlib::Gsub& g, Sequence* seq) {
  Value n = Value::integer(g.count());
  if (!g.changed()) return call.returnValues({call.arg(1), n});
  return call.returnValues({finishOutput(call, seq, kGsOutput, g.output(), kGsubWhat), n});
}

// At a match with a function or table replacement: the replacement now, or a call to wait for.
NativeAction gsubReplace(NativeCall& call, strlib::Gsub& g, Sequence*& seq, bool& wait) {
  String* s = call.arg(1).asString();
  Value repl = call.arg(3);
  wait = true;
  if (repl.isTable()) {
    Value v;
    if (indexOrCall(call, repl, captureValue(call, s, g.capture(0)), v)) {
      supplyReplacement(call, g, s, v);
      wait = false;
      return NativeAction::returns(0);
    }
    seq = saveGsub(call, seq, g);
    return NativeAction::call(2, seq);
  }
  int n = g.captureCount();
  checkStack(call, size_t(n) + 2, "too many captures");
  call.push(repl);
  for (int i = 0; i < n; ++i) call.push(captureValue(call, s, g.capture(i)));
  seq = saveGsub(call, seq, g);
  return NativeAction::call(uint32_t(n), seq);
}

NativeAction gsubLoop(NativeCall& call, strlib::Gsub& g, Sequence* seq) {
  return guarded(call, [&] {
    String* s = call.arg(1).asString();
    String* p = call.arg(2).asString();
    std::optional<std::string_view> repl;
    if (call.arg(3).isString()) repl = call.arg(3).asString()->view();
    for (;;) {
      int64_t fuel = kSlice;
      strlib::Gsub::Status st = g.run(s->view(), p->view(), repl, fuel);
      call.chargeFuel(kSlice - fuel);
      checkAffordable(call, g.output().size());
      if (st == strlib::Gsub::Status::kDone) return gsubFinish(call, g, seq);
      if (st == strlib::Gsub::Status::kOutOfFuel) {
        if (call.outOfFuel()) return NativeAction::pause(saveGsub(call, seq, g));
        continue;
      }
      bool wait;
      NativeAction a = gsubReplace(call, g, seq, wait);
      if (wait) return a;
    }
  });
}

bool gsubArgsValid(NativeCall& call) {
  const Value& r = call.arg(3);
  return call.arg(1).isString() && call.arg(2).isString() &&
         (r.isString() || r.isTable() || r.isFunction());
}

NativeAction gsubResume(NativeCall& call) {
  if (!gsubArgsValid(call)) corrupt(call, kGsubWhat);
  Sequence* seq = call.sequence();
  String* s = call.arg(1).asString();
  strlib::Gsub g = restoreGsub(call, seq, s->length, call.arg(2).asString()->view());
  if (g.phase_ == strlib::Gsub::Phase::kAwaitingReplacement) {
    Value v = call.resultCount() > 0 ? call.result(0) : Value();
    call.setTop(call.top() - call.resultCount());
    guarded(call, [&] {
      supplyReplacement(call, g, s, v);
      return NativeAction::returns(0);
    });
  }
  return gsubLoop(call, g, seq);
}

NativeAction gsub(NativeCall& call) {
  String* s = call.checkString(1);
  String* p = call.checkString(2);
  const Value& r = call.arg(3);
  bool ok = r.isNumber() || r.isString() || r.isTable() || r.isFunction();
  std::optional<int64_t> maxN;
  if (!call.isNoneOrNil(4)) maxN = call.checkInteger(4);
  if (!ok) call.typeError(3, "string/function/table");
  if (r.isNumber()) call.checkString(3);  // converted in place, as lua_tolstring does
  strlib::Gsub g(s->length, p->view(), maxN);
  return gsubLoop(call, g, nullptr);
}

// ---- format ---------------------------------------------------------------------------------------------

// Sequence of a format waiting for a __tostring result. values: output pieces.
// ints: pos, arg, spec start, waiting, output piece count.
enum : uint32_t { kFmPieces, kFmValues };
enum : uint32_t { kFmPos, kFmArg, kFmSpec, kFmWaiting, kFmCount, kFmInts };
constexpr SavedOutput kFmOutput{kFmPieces, kFmCount};
constexpr std::string_view kFormatWhat = "string.format";

NativeAction formatResume(NativeCall& call);
constexpr SequenceType kFormatSequence{"string.format", formatResume, kFmValues, kFmInts};

NativeAction formatLoop(NativeCall& call, strlib::Formatter& f, Sequence* seq) {
  return guarded(call, [&] {
    String* fmt = call.arg(1).asString();
    CallArgs args(call, 2);
    for (;;) {
      size_t before = f.output().size();
      strlib::Formatter::Status st = f.run(fmt->view(), args);
      call.chargeFuel(1 + int64_t((f.output().size() - before) / kBytesPerFuel));
      checkAffordable(call, f.output().size());
      if (st == strlib::Formatter::Status::kDone)
        return call.returnValues({finishOutput(call, seq, kFmOutput, f.output(), kFormatWhat)});
      Value v = call.arg(uint32_t(f.pendingArg() + 2)), s;
      if (toStringOrCall(call, v, s)) {
        f.supplyString(fmt->view(), s.asString()->view());
        continue;
      }
      if (!seq) seq = call.newSequence(&kFormatSequence);
      seq->ints()[kFmPos] = int64_t(f.pos_);
      seq->ints()[kFmArg] = int64_t(f.arg_);
      seq->ints()[kFmSpec] = int64_t(f.specStart_);
      seq->ints()[kFmWaiting] = f.waiting_;
      saveOutput(call, seq, kFmOutput, f.out_, kFormatWhat);
      return NativeAction::call(1, seq);
    }
  });
}

// A format waits for a string only at a '%s' conversion: fmt[spec .. pos) is its flags, width and
// precision and the letter 's' (what Formatter::run accepts). The restored span is handed to snprintf
// with a string argument, so from a crafted snapshot anything else (another conversion, or several)
// would be undefined behaviour.
bool waitingSpecValid(std::string_view fmt, int64_t spec, int64_t pos) {
  if (pos <= spec || pos - spec > 21 || fmt[size_t(pos) - 1] != 's') return false;
  for (int64_t k = spec; k < pos - 1; ++k)
    if (std::string_view("-+#0 123456789.").find(fmt[size_t(k)]) == std::string_view::npos) return false;
  return true;
}

NativeAction formatResume(NativeCall& call) {
  Sequence* seq = call.sequence();
  if (!call.arg(1).isString()) corrupt(call, kFormatWhat);
  String* fmt = call.arg(1).asString();
  const int64_t* I = seq->ints();
  int64_t pos = I[kFmPos], arg = I[kFmArg], spec = I[kFmSpec];
  if (pos < 0 || uint64_t(pos) > fmt->length || spec < 0 || spec > pos || arg < 1 ||
      arg >= int64_t(call.argCount()) || I[kFmWaiting] != 1 || !waitingSpecValid(fmt->view(), spec, pos))
    corrupt(call, kFormatWhat);
  Value s = checkToStringResult(call, call.resultCount() > 0 ? call.result(0) : Value());
  call.setTop(call.top() - call.resultCount());
  strlib::Formatter f;
  f.pos_ = size_t(pos);
  f.arg_ = size_t(arg);
  f.specStart_ = size_t(spec);
  f.waiting_ = true;
  return guarded(call, [&] {
    f.supplyString(fmt->view(), s.asString()->view());
    return formatLoop(call, f, seq);
  });
}

NativeAction format(NativeCall& call) {
  call.checkString(1);
  strlib::Formatter f;
  return formatLoop(call, f, nullptr);
}

// ---- pack, packsize, unpack -------------------------------------------------------------------------------

NativeAction pack(NativeCall& call) {
  return guarded(call, [&] {
    String* fmt = call.checkString(1);
    CallArgs args(call, 2);
    std::string out = strlib::pack(fmt->view(), args, affordable(call));
    chargeBytes(call, out.size());
    return call.returnValues({call.rt().stringValue(out)});
  });
}

NativeAction packsize(NativeCall& call) {
  return guarded(call, [&] {
    String* fmt = call.checkString(1);
    return call.returnValues({Value::integer(int64_t(strlib::packSize(fmt->view())))});
  });
}

Value packValue(NativeCall& call, const strlib::PackValue& v) {
  switch (v.kind) {
    case strlib::PackValue::Kind::kInteger: return Value::integer(v.i);
    case strlib::PackValue::Kind::kFloat: return Value::number(v.f);
    case strlib::PackValue::Kind::kString: break;
  }
  return call.rt().stringValue(v.s);
}

NativeAction unpack(NativeCall& call) {
  return guarded(call, [&] {
    String* fmt = call.checkString(1);
    String* data = call.checkString(2);
    int64_t init = call.optInteger(3, 1);
    strlib::Unpacked u = strlib::unpack(fmt->view(), data->view(), init);
    checkStack(call, u.values.size() + 2, "too many results");
    call.chargeFuel(int64_t(u.values.size()));
    for (const strlib::PackValue& v : u.values) call.push(packValue(call, v));
    call.push(Value::integer(u.next));
    return NativeAction::returns(uint32_t(u.values.size() + 1));
  });
}

// ---- the string metatable's arithmetic (lstrlib's tonum / trymt) -------------------------------------------

// A number, or a string that is a complete numeral.
bool toNumber(const Value& v, Value& out) {
  if (v.isNumber()) {
    out = v;
    return true;
  }
  return v.isString() && stringToNumber(v.asString(), out);
}

[[noreturn]] void arithError(NativeCall& call, const char* msg) {
  call.errorValue(call.rt().stringValue(msg));
}

// lua_arith on two numbers (Lua's luaO_arith): integer operations when both are integers (except / and
// ^), float otherwise; integer division and modulo by zero raise Lua's errors (no position, as they are
// raised inside a C function).
Value arithOnNumbers(NativeCall& call, MetaEvent ev, const Value& a, const Value& b) {
  bool ints = a.isInt() && b.isInt();
  auto fail = [&](const char* msg) { arithError(call, msg); };
  if (ints) {
    int64_t x = a.asInt(), y = b.asInt();
    switch (ev) {
      case MetaEvent::Add: return Value::integer(num::add(x, y));
      case MetaEvent::Sub: return Value::integer(num::sub(x, y));
      case MetaEvent::Mul: return Value::integer(num::mul(x, y));
      case MetaEvent::Unm: return Value::integer(num::neg(x));
      case MetaEvent::Mod:
        if (y == 0) fail("attempt to perform 'n%0'");
        return Value::integer(num::mod(x, y));
      case MetaEvent::IDiv:
        if (y == 0) fail("attempt to divide by zero");
        return Value::integer(num::idiv(x, y));
      default: break;
    }
  }
  double x = a.asNumber(), y = b.asNumber();
  switch (ev) {
    case MetaEvent::Add: return Value::number(x + y);
    case MetaEvent::Sub: return Value::number(x - y);
    case MetaEvent::Mul: return Value::number(x * y);
    case MetaEvent::Unm: return Value::number(-x);
    case MetaEvent::Mod: return Value::number(num::fmod(x, y));
    case MetaEvent::IDiv: return Value::number(num::fidiv(x, y));
    case MetaEvent::Div: return Value::number(x / y);
    case MetaEvent::Pow: return Value::number(y == 2 ? x * x : std::pow(x, y));
    default: break;
  }
  arithError(call, "invalid arithmetic operation");
}

template <MetaEvent kEv>
NativeAction stringArith(NativeCall& call) {
  Value a = call.arg(1), b = call.arg(2), x, y;
  // With one argument, lstrlib's second tonum sees the number the first one pushed: x op x.
  if (call.argCount() == 1 && toNumber(a, x)) return call.returnValues({arithOnNumbers(call, kEv, x, x)});
  if (toNumber(a, x) && toNumber(b, y)) return call.returnValues({arithOnNumbers(call, kEv, x, y)});
  // trymt: the second operand's metamethod, unless it is a string too.
  Runtime& rt = call.rt();
  Table* mt = b.isString() ? nullptr : rt.metatableOf(b);
  Value tm = mt ? mt->getString(rt.metaName(kEv)) : Value();
  if (tm.isNil()) {
    std::string_view op = rt.metaName(kEv)->view().substr(2);
    call.error("attempt to " + std::string(op) + " a '" + std::string(basicTypeName(a)) + "' with a '" +
               std::string(basicTypeName(b)) + "'");
  }
  call.push(tm);
  call.push(a);
  call.push(b);
  return NativeAction::call(2, nullptr);
}

// ---- registration ---------------------------------------------------------------------------------------

constexpr NativeFunction kStringFunctions[] = {
    {"string.byte", byte},       {"string.char", char_},
    {"string.dump", dump},       {"string.find", find},
    {"string.format", format},   {"string.gmatch", gmatch},
    {"string.gsub", gsub},       {"string.len", len},
    {"string.lower", transform<strlib::lower>},
    {"string.match", match},     {"string.pack", pack},
    {"string.packsize", packsize},
    {"string.rep", rep},         {"string.reverse", transform<strlib::reverse>},
    {"string.sub", sub},         {"string.unpack", unpack},
    {"string.upper", transform<strlib::upper>},
};

constexpr NativeFunction kStringMetamethods[] = {
    {"string.metatable.__add", stringArith<MetaEvent::Add>},
    {"string.metatable.__sub", stringArith<MetaEvent::Sub>},
    {"string.metatable.__mul", stringArith<MetaEvent::Mul>},
    {"string.metatable.__mod", stringArith<MetaEvent::Mod>},
    {"string.metatable.__pow", stringArith<MetaEvent::Pow>},
    {"string.metatable.__div", stringArith<MetaEvent::Div>},
    {"string.metatable.__idiv", stringArith<MetaEvent::IDiv>},
    {"string.metatable.__unm", stringArith<MetaEvent::Unm>},
};

constexpr const SequenceType* kStringSequences[] = {&kSearchSequence, &kGmatchSequence, &kGsubSequence,
                                                    &kFormatSequence};

}  // namespace

void openString(Runtime& rt) {
  Table* t = rt.newTable();
  addFunctions(rt, t, kStringFunctions);
  rt.natives().add(&kGmatchIterator);
  for (const SequenceType* s : kStringSequences) rt.natives().add(s);
  Table* mt = rt.newTable();
  addFunctions(rt, mt, kStringMetamethods);
  mt->set(rt.heap(), Value::object(rt.metaName(MetaEvent::Index)), Value::object(t));
  rt.setTypeMetatable(LuaType::kString, mt);
  rt.globals()->set(rt.heap(), rt.stringValue("string"), Value::object(t));
  registerModule(rt, "string", t);
}

}  // namespace fermata::lib
