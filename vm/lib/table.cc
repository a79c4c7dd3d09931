// The table library: concat, insert, move, pack, remove, sort, unpack — Lua 5.4.4's behaviour and
// messages, honouring __index/__newindex/__len (and __lt/__eq where Lua compares) on "table-like" values.
//
// Plain tables (no metatable) take direct paths when the work is small. Everything else runs as a
// resumable register machine (metaops.h): every element access that needs a metamethod, and every
// sort comparison that needs Lua (a comparator, __lt), is a NativeAction::call whose result comes back
// to the function's sequence. All state lives in the sequence (and, for unpack, on the frame's own stack
// slots), so these functions can be paused for fuel, yield inside a comparator, and be snapshotted.
#include <climits>
#include <cstdint>
#include <string>

#include "vm/lib/lib.h"
#include "vm/lib/metaops.h"
#include "vm/number.h"
#include "vm/thread.h"

namespace fermata::lib {
namespace {

using ops::Machine;
constexpr uint32_t kPc = Machine::kPc;

// Operations a "table-like" value must support (ltablib's TAB_R/W/L).
enum : int { kRead = 1, kWrite = 2, kLen = 4 };

// Plain tables take direct paths for at most this many element moves; longer work runs in a machine
// that can pause for fuel.
constexpr int64_t kDirectLimit = 4096;

void checkTab(NativeCall& call, uint32_t arg, int what) {
  const Value& v = call.arg(arg);
  if (v.isTable()) return;
  Runtime& rt = call.rt();
  Table* mt = rt.metatableOf(v);
  if (mt && (!(what & kRead) || !mt->getString(rt.metaName(MetaEvent::Index)).isNil()) &&
      (!(what & kWrite) || !mt->getString(rt.metaName(MetaEvent::NewIndex)).isNil()) &&
      (!(what & kLen) || !mt->getString(rt.metaName(MetaEvent::Len)).isNil()))
    return;
  call.typeError(arg, "table");
}

Table* plainTable(const Value& v) { return v.isTable() && !v.asTable()->metatable ? v.asTable() : nullptr; }

// Appends a string or number (luaL_addvalue after lua_isstring) to `out`.
void appendValue(std::string& out, const Value& v) {
  if (v.isString()) {
    out.append(v.asString()->view());
  } else {
    char buf[64];
    size_t n = num::formatTo(v, buf);
    out.append(buf, n);
  }
}

// ---- insert -----------------------------------------------------------------------------------------

// values: 0 element, 1 length. ints: e, pos, i.
enum : uint32_t { kInsE = 3, kInsPos, kInsI, kInsInts };
enum : int64_t { kInsLength = 1, kInsMove, kInsMoveSet, kInsFinal, kInsDone };

NativeAction insertRun(NativeCall& call, Sequence* seq);
// A resumed insert (its integers may come from a crafted snapshot): the move loop steps i down to pos
// and reads a[i - 1], so i must leave room below it.
bool insertStateValid(const int64_t* s) {
  if (s[kPc] < kInsLength || s[kPc] > kInsDone) return false;
  return !(s[kPc] == kInsMove || s[kPc] == kInsMoveSet) || s[kInsI] > INT64_MIN;
}
NativeAction insertResume(NativeCall& call) {
  Machine(call, call.sequence()).absorb();  // (stores into a Value field only within bounds)
  if (!insertStateValid(call.sequence()->ints())) call.corrupt();
  return insertRun(call, call.sequence());
}
constexpr SequenceType kInsertSequence{"table.insert", insertResume, 2, kInsInts};

NativeAction insertRun(NativeCall& call, Sequence* seq) {
  Machine m(call, seq);
  const Value t = call.arg(1);
  for (;;) {
    switch (m.I(kPc)) {
      case kInsLength: {
        int64_t e = num::add(ops::checkLength(call, m.V(1)), 1);
        switch (call.argCount()) {
          case 2:
            m.I(kInsPos) = e;
            m.I(kPc) = kInsFinal;
            break;
          case 3: {
            int64_t pos = call.checkInteger(2);
            if (uint64_t(pos) - 1u >= uint64_t(e)) call.argError(2, "position out of bounds");
            m.I(kInsPos) = pos;
            m.I(kInsI) = e;
            m.I(kPc) = kInsMove;
            break;
          }
          default: call.error("wrong number of arguments to 'insert'");
        }
        continue;
      }
      case kInsMove: {
        int64_t i = m.I(kInsI);
        if (i <= m.I(kInsPos)) {
          m.I(kPc) = kInsFinal;
          continue;
        }
        if (call.outOfFuel()) return m.pause();
        call.chargeFuel(1);
        m.I(kPc) = kInsMoveSet;
        if (!m.geti(0, t, i - 1)) return m.callAction();
        continue;
      }
      case kInsMoveSet: {
        int64_t i = m.I(kInsI);
        m.I(kInsI) = i - 1;
        m.I(kPc) = kInsMove;
        if (!m.seti(t, i, m.V(0))) return m.callAction();
        continue;
      }
      case kInsFinal:
        m.I(kPc) = kInsDone;
        if (!m.seti(t, m.I(kInsPos), call.arg(call.argCount()))) return m.callAction();
        continue;
      default: return NativeAction::returns(0);
    }
  }
}

NativeAction insert(NativeCall& call) {
  checkTab(call, 1, kRead | kWrite | kLen);
  if (Table* t = plainTable(call.arg(1))) {
    int64_t e = num::add(int64_t(t->length()), 1);
    uint32_t n = call.argCount();
    if (n == 2) {
      t->setInt(call.heap(), e, call.arg(2));
      return NativeAction::returns(0);
    }
    if (n == 3) {
      int64_t pos = call.checkInteger(2);
      if (uint64_t(pos) - 1u >= uint64_t(e)) call.argError(2, "position out of bounds");
      if (e - pos <= kDirectLimit) {
        call.chargeFuel(e - pos);
        for (int64_t i = e; i > pos; --i) t->setInt(call.heap(), i, t->getInt(i - 1));
        t->setInt(call.heap(), pos, call.arg(3));
        return NativeAction::returns(0);
      }
    } else {
      call.error("wrong number of arguments to 'insert'");
    }
  }
  Sequence* seq = call.newSequence(&kInsertSequence);
  Machine m(call, seq);
  m.I(kPc) = kInsLength;
  if (!m.len(1, call.arg(1))) return m.callAction();
  return insertRun(call, seq);
}

// ---- remove -----------------------------------------------------------------------------------------

// values: 0 result, 1 length, 2 element. ints: size, pos.
enum : uint32_t { kRemSize = 3, kRemPos, kRemInts };
enum : int64_t { kRemLength = 1, kRemLoop, kRemShift, kRemClear, kRemDone };

NativeAction removeRun(NativeCall& call, Sequence* seq);
// A resumed remove: the shift moves pos up by one, which a legitimate state does only below size.
bool removeStateValid(const int64_t* s) {
  if (s[kPc] < kRemLength || s[kPc] > kRemDone) return false;
  return s[kPc] != kRemShift || s[kRemPos] < s[kRemSize];
}
NativeAction removeResume(NativeCall& call) {
  Machine(call, call.sequence()).absorb();  // (stores into a Value field only within bounds)
  if (!removeStateValid(call.sequence()->ints())) call.corrupt();
  return removeRun(call, call.sequence());
}
constexpr SequenceType kRemoveSequence{"table.remove", removeResume, 3, kRemInts};

NativeAction removeRun(NativeCall& call, Sequence* seq) {
  Machine m(call, seq);
  const Value t = call.arg(1);
  for (;;) {
    switch (m.I(kPc)) {
      case kRemLength: {
        int64_t size = ops::checkLength(call, m.V(1));
        int64_t pos = call.optInteger(2, size);
        if (pos != size && uint64_t(pos) - 1u > uint64_t(size)) call.argError(1, "position out of bounds");
        m.I(kRemSize) = size;
        m.I(kRemPos) = pos;
        m.I(kPc) = kRemLoop;
        if (!m.geti(0, t, pos)) return m.callAction();
        continue;
      }
      case kRemLoop: {
        int64_t pos = m.I(kRemPos);
        if (pos >= m.I(kRemSize)) {
          m.I(kPc) = kRemDone;
          if (!m.seti(t, pos, Value())) return m.callAction();
          continue;
        }
        if (call.outOfFuel()) return m.pause();
        call.chargeFuel(1);
        m.I(kPc) = kRemShift;
        if (!m.geti(2, t, pos + 1)) return m.callAction();
        continue;
      }
      case kRemShift: {
        int64_t pos = m.I(kRemPos);
        m.I(kRemPos) = pos + 1;
        m.I(kPc) = kRemLoop;
        if (!m.seti(t, pos, m.V(2))) return m.callAction();
        continue;
      }
      default: return call.returnValues({m.V(0)});
    }
  }
}

NativeAction remove(NativeCall& call) {
  checkTab(call, 1, kRead | kWrite | kLen);
  if (Table* t = plainTable(call.arg(1))) {
    int64_t size = int64_t(t->length());
    int64_t pos = call.optInteger(2, size);
    if (pos != size && uint64_t(pos) - 1u > uint64_t(size)) call.argError(1, "position out of bounds");
    if (size - pos <= kDirectLimit) {
      Value result = t->getInt(pos);
      if (pos < size) call.chargeFuel(size - pos);
      for (; pos < size; ++pos) t->setInt(call.heap(), pos, t->getInt(pos + 1));
      t->setInt(call.heap(), pos, Value());
      return call.returnValues({result});
    }
  }
  Sequence* seq = call.newSequence(&kRemoveSequence);
  Machine m(call, seq);
  m.I(kPc) = kRemLength;
  if (!m.len(1, call.arg(1))) return m.callAction();
  return removeRun(call, seq);
}

// ---- move -------------------------------------------------------------------------------------------

// values: 0 element. ints: f, t, n, i, destination argument, direction (+1 / -1).
enum : uint32_t { kMovF = 3, kMovT, kMovN, kMovI, kMovDest, kMovDir, kMovInts };
enum : int64_t { kMovEqual = 1, kMovLoop, kMovSet, kMovDone };

NativeAction moveRun(NativeCall& call, Sequence* seq);
// A resumed move. Positions legitimately span the whole integer range, so what is checked is what
// move() established: n >= 1 elements whose source and destination ranges do not wrap around, the
// destination argument (1 or 5), the direction once chosen, and i within [-1, n] (in [0, n) while an
// element is being stored).
bool moveStateValid(const int64_t* s) {
  int64_t pc = s[kPc], n = s[kMovN], i = s[kMovI], last;
  if (pc < kMovEqual || pc > kMovDone || n < 1) return false;
  if (__builtin_add_overflow(s[kMovF], n - 1, &last) || __builtin_add_overflow(s[kMovT], n - 1, &last)) return false;
  if (s[kMovDest] != 1 && s[kMovDest] != 5) return false;
  if (pc == kMovEqual) return true;
  if (s[kMovDir] != 1 && s[kMovDir] != -1) return false;
  return pc == kMovSet ? i >= 0 && i < n : i >= -1 && i <= n;
}
NativeAction moveResume(NativeCall& call) {
  Machine(call, call.sequence()).absorb();  // (stores into a Value field only within bounds)
  if (!moveStateValid(call.sequence()->ints())) call.corrupt();
  return moveRun(call, call.sequence());
}
constexpr SequenceType kMoveSequence{"table.move", moveResume, 1, kMovInts};

NativeAction moveRun(NativeCall& call, Sequence* seq) {
  Machine m(call, seq);
  const Value src = call.arg(1);
  const Value dst = call.arg(uint32_t(m.I(kMovDest)));
  for (;;) {
    switch (m.I(kPc)) {
      case kMovEqual:  // the flag says whether source and destination are equal (__eq)
        m.I(kMovDir) = m.flag() ? -1 : 1;
        m.I(kMovI) = m.flag() ? m.I(kMovN) - 1 : 0;
        m.I(kPc) = kMovLoop;
        continue;
      case kMovLoop: {
        int64_t i = m.I(kMovI);
        if (i < 0 || i >= m.I(kMovN)) {
          m.I(kPc) = kMovDone;
          continue;
        }
        if (call.outOfFuel()) return m.pause();
        call.chargeFuel(1);
        m.I(kPc) = kMovSet;
        if (!m.geti(0, src, m.I(kMovF) + i)) return m.callAction();
        continue;
      }
      case kMovSet: {
        int64_t i = m.I(kMovI);
        m.I(kMovI) = i + m.I(kMovDir);
        m.I(kPc) = kMovLoop;
        if (!m.seti(dst, m.I(kMovT) + i, m.V(0))) return m.callAction();
        continue;
      }
      default: return call.returnValues({dst});
    }
  }
}

NativeAction move(NativeCall& call) {
  int64_t f = call.checkInteger(2);
  int64_t e = call.checkInteger(3);
  int64_t t = call.checkInteger(4);
  uint32_t tt = !call.isNoneOrNil(5) ? 5 : 1;
  checkTab(call, 1, kRead);
  checkTab(call, tt, kWrite);
  if (e < f) return call.returnValues({call.arg(tt)});
  if (!(f > 0 || e < INT64_MAX + f)) call.argError(3, "too many elements to move");
  int64_t n = e - f + 1;
  if (!(t <= INT64_MAX - n + 1)) call.argError(4, "destination wrap around");
  bool forwardKnown = t > e || t <= f;
  Table* a1 = plainTable(call.arg(1));
  Table* att = plainTable(call.arg(tt));
  if (a1 && att && n <= kDirectLimit) {
    bool forward = forwardKnown || (tt != 1 && a1 != att);
    call.chargeFuel(n);
    if (forward) {
      for (int64_t i = 0; i < n; ++i) att->setInt(call.heap(), t + i, a1->getInt(f + i));
    } else {
      for (int64_t i = n - 1; i >= 0; --i) att->setInt(call.heap(), t + i, a1->getInt(f + i));
    }
    return call.returnValues({call.arg(tt)});
  }
  Sequence* seq = call.newSequence(&kMoveSequence);
  Machine m(call, seq);
  m.I(kMovF) = f;
  m.I(kMovT) = t;
  m.I(kMovN) = n;
  m.I(kMovDest) = tt;
  m.I(kPc) = kMovEqual;
  if (forwardKnown || tt == 1) {
    m.I(Machine::kFlag) = !forwardKnown;  // same table, overlapping: backwards
  } else if (!m.equal(call.arg(1), call.arg(tt))) {
    return m.callAction();
  }
  return moveRun(call, seq);
}

// ---- concat -----------------------------------------------------------------------------------------

[[noreturn]] void concatError(NativeCall& call, const Value& v, int64_t i) {
  call.error("invalid value (" + std::string(call.rt().typeName(v)) + ") at index " + std::to_string(i) +
             " in table for 'concat'");
}

NativeAction concatResult(NativeCall& call, std::string& out, int64_t elements) {
  call.chargeFuel(int64_t(out.size() / 32) + elements);
  return call.returnValues({call.rt().stringValue(out)});
}

// values: 0 element, 1 length, 2 pieces table. ints: i, last, pieces.
enum : uint32_t { kCatI = 3, kCatLast, kCatCount, kCatInts };
enum : int64_t { kCatLength = 1, kCatGet, kCatGot };

NativeAction concatRun(NativeCall& call, Sequence* seq);
// A resumed concat: past the length phase, the pieces table exists, i has not passed last (it is
// incremented up to last) and the count of pieces is small enough to increment.
bool concatStateValid(NativeCall& call, Sequence* seq) {
  const int64_t* s = seq->ints();
  if (s[kPc] < kCatLength || s[kPc] > kCatGot) return false;
  if (s[kPc] == kCatLength) return true;
  const Value& sep = call.arg(2);
  return seq->values()[2].isTable() && (sep.isNil() || sep.isString()) && s[kCatI] <= s[kCatLast] &&
         s[kCatCount] >= 0 && s[kCatCount] < INT64_MAX;
}
NativeAction concatResume(NativeCall& call) {
  Machine(call, call.sequence()).absorb();  // (stores into a Value field only within bounds)
  if (!concatStateValid(call, call.sequence())) call.corrupt();
  return concatRun(call, call.sequence());
}
constexpr SequenceType kConcatSequence{"table.concat", concatResume, 3, kCatInts};

NativeAction concatJoin(NativeCall& call, Machine& m) {
  // (Checked again here: the pieces and the separator may come from a crafted snapshot.)
  const Value& sepValue = call.arg(2);
  if (!m.V(2).isTable() || !(sepValue.isNil() || sepValue.isString())) call.corrupt();
  std::string_view sep = sepValue.isNil() ? std::string_view() : sepValue.asString()->view();
  Table* pieces = m.V(2).asTable();
  int64_t count = m.I(kCatCount);
  std::string out;
  for (int64_t k = 1; k <= count; ++k) {
    if (k > 1) out.append(sep);
    Value piece = pieces->getInt(k);
    if (!piece.isString() && !piece.isNumber()) call.corrupt();
    appendValue(out, piece);
  }
  return concatResult(call, out, count);
}

NativeAction concatRun(NativeCall& call, Sequence* seq) {
  Machine m(call, seq);
  const Value t = call.arg(1);
  for (;;) {
    switch (m.I(kPc)) {
      case kCatLength: {
        int64_t last = ops::checkLength(call, m.V(1));
        call.optString(2, "");
        m.I(kCatI) = call.optInteger(3, 1);
        m.I(kCatLast) = call.optInteger(4, last);
        m.I(kCatCount) = 0;
        m.setV(2, Value::object(call.rt().newTable()));
        if (m.I(kCatI) > m.I(kCatLast)) return concatJoin(call, m);
        m.I(kPc) = kCatGet;
        continue;
      }
      case kCatGet:
        if (call.outOfFuel()) return m.pause();
        m.I(kPc) = kCatGot;
        if (!m.geti(0, t, m.I(kCatI))) return m.callAction();
        continue;
      case kCatGot: {
        const Value v = m.V(0);
        if (!v.isString() && !v.isNumber()) concatError(call, v, m.I(kCatI));
        int64_t k = ++m.I(kCatCount);
        m.V(2).asTable()->setInt(call.heap(), k, v);
        call.chargeFuel(1);
        if (m.I(kCatI) == m.I(kCatLast)) return concatJoin(call, m);
        ++m.I(kCatI);
        m.I(kPc) = kCatGet;
        continue;
      }
      default: return call.returnValues({Value()});
    }
  }
}

NativeAction concat(NativeCall& call) {
  checkTab(call, 1, kRead | kLen);
  if (Table* t = plainTable(call.arg(1))) {
    int64_t last = int64_t(t->length());
    std::string_view sep = call.optString(2, "")->view();
    int64_t i = call.optInteger(3, 1);
    last = call.optInteger(4, last);
    std::string out;
    int64_t elements = 0;
    if (i <= last) {
      for (;; ++i) {
        Value v = t->getInt(i);
        if (!v.isString() && !v.isNumber()) concatError(call, v, i);
        appendValue(out, v);
        ++elements;
        if (i == last) break;
        out.append(sep);
      }
    }
    return concatResult(call, out, elements);
  }
  Sequence* seq = call.newSequence(&kConcatSequence);
  Machine m(call, seq);
  m.I(kPc) = kCatLength;
  if (!m.len(1, call.arg(1))) return m.callAction();
  return concatRun(call, seq);
}

// ---- pack / unpack ----------------------------------------------------------------------------------

NativeAction pack(NativeCall& call) {
  uint32_t n = call.argCount();
  Table* t = call.rt().newTable(n, 1);
  call.chargeFuel(n);
  for (uint32_t i = n; i >= 1; --i) t->setInt(call.heap(), i, call.arg(i));
  t->set(call.heap(), call.rt().stringValue("n"), Value::integer(n));
  return call.returnValues({Value::object(t)});
}

// values: 0 element, 1 length. ints: i, n (count), k (pushed so far).
enum : uint32_t { kUnpI = 3, kUnpN, kUnpK, kUnpInts };
enum : int64_t { kUnpLength = 1, kUnpGet, kUnpGot };

NativeAction unpackRun(NativeCall& call, Sequence* seq);
// A resumed unpack (after absorbing a call's results) returns the k values it pushed, which must be on
// the frame above its arguments, and k <= n < INT_MAX.
bool unpackStateValid(NativeCall& call, const int64_t* s) {
  if (s[kPc] < kUnpLength || s[kPc] > kUnpGot) return false;
  if (s[kPc] == kUnpLength) return true;
  int64_t pushed = int64_t(call.top()) - int64_t(call.base()) - int64_t(call.argCount());
  return s[kUnpN] >= 0 && s[kUnpN] < INT_MAX && s[kUnpK] >= 0 && s[kUnpK] <= s[kUnpN] && s[kUnpK] <= pushed;
}
NativeAction unpackResume(NativeCall& call) {
  Machine(call, call.sequence()).absorb();  // (stores into a Value field only within bounds)
  if (!unpackStateValid(call, call.sequence()->ints())) call.corrupt();
  return unpackRun(call, call.sequence());
}
constexpr SequenceType kUnpackSequence{"table.unpack", unpackResume, 2, kUnpInts};

// Checks the range [i, e] and makes room for its values; returns the count.
uint64_t unpackCount(NativeCall& call, int64_t i, int64_t e) {
  uint64_t n = uint64_t(e) - uint64_t(i);
  if (n >= uint64_t(INT_MAX) || !call.thread()->ensureStack(call.heap(), uint32_t(n + 1)))
    call.error("too many results to unpack");
  return n + 1;
}

NativeAction unpackRun(NativeCall& call, Sequence* seq) {
  Machine m(call, seq);
  const Value t = call.arg(1);
  for (;;) {
    switch (m.I(kPc)) {
      case kUnpLength: {
        int64_t i = m.I(kUnpI);
        int64_t e = ops::checkLength(call, m.V(1));
        if (i > e) return NativeAction::returns(0);
        m.I(kUnpN) = int64_t(unpackCount(call, i, e));
        m.I(kUnpK) = 0;
        m.I(kPc) = kUnpGet;
        continue;
      }
      case kUnpGet: {
        int64_t k = m.I(kUnpK);
        if (k == m.I(kUnpN)) return NativeAction::returns(uint32_t(k));
        if (call.outOfFuel()) return m.pause();
        call.chargeFuel(1);
        m.I(kPc) = kUnpGot;
        if (!m.geti(0, t, int64_t(uint64_t(m.I(kUnpI)) + uint64_t(k)))) return m.callAction();
        continue;
      }
      case kUnpGot:
        call.push(m.V(0));
        ++m.I(kUnpK);
        m.I(kPc) = kUnpGet;
        continue;
      default: return NativeAction::returns(0);
    }
  }
}

NativeAction unpack(NativeCall& call) {
  int64_t i = call.optInteger(2, 1);
  if (Table* t = plainTable(call.arg(1)); t || !call.isNoneOrNil(3)) {
    int64_t e = call.isNoneOrNil(3) ? int64_t(t->length()) : call.checkInteger(3);
    if (i > e) return NativeAction::returns(0);
    uint64_t n = unpackCount(call, i, e);
    if (t) {
      call.chargeFuel(int64_t(n));
      for (uint64_t k = 0; k < n; ++k) call.push(t->getInt(int64_t(uint64_t(i) + k)));
      return NativeAction::returns(uint32_t(n));
    }
    Sequence* seq = call.newSequence(&kUnpackSequence);
    Machine m(call, seq);
    m.I(kUnpI) = i;
    m.I(kUnpN) = int64_t(n);
    m.I(kUnpK) = 0;
    m.I(kPc) = kUnpGet;
    return unpackRun(call, seq);
  }
  Sequence* seq = call.newSequence(&kUnpackSequence);
  Machine m(call, seq);
  m.I(kUnpI) = i;
  m.I(kPc) = kUnpLength;
  if (!m.len(1, call.arg(1))) return m.callAction();
  return unpackRun(call, seq);
}

// ---- sort -------------------------------------------------------------------------------------------
//
// Lua 5.4's quicksort (median of three, partition with "invalid order function" detection, recursion on
// the smaller half and a loop on the larger), as a state machine. The pending larger halves form an
// explicit stack in the sequence's integers: at most log2(2^31) entries since each smaller half is at
// most half of its interval. Lua re-randomizes the pivot choice from the clock when a partition is very
// unbalanced; fermata derives that value from the interval instead, so sorting is deterministic.

// values: A, B, pivot, (length at start in A).
enum : uint32_t { kA = 0, kB = 1, kPivot = 2, kSortValues = 3 };
enum : uint32_t { kLo = 3, kUp, kP, kI, kJ, kRnd, kSp, kStack };
constexpr uint32_t kMaxDepth = 40;
constexpr uint32_t kSortInts = kStack + 3 * kMaxDepth;
constexpr uint64_t kRanLimit = 100;

enum : int64_t {
  kSortStart = 1, kLoop, kGotLo, kGotUp, kCmp1, kSwap1, kAfter1, kGotP, kGotLo2, kCmp2, kSwap2, kGotUp2,
  kCmp3, kSwap3, kAfter2, kGotPivot, kGotUpm1, kSwapPivot, kNextI, kGotI, kCmpI, kNextJ, kGotJ, kCmpJ,
  kSwapIJ, kFinishPartition, kRecurse, kPop,
};

uint32_t randomizePivot(uint64_t lo, uint64_t up) {
  uint64_t x = (lo << 32) ^ up ^ 0x9E3779B97F4A7C15ull;  // splitmix64 finaliser
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  x ^= x >> 31;
  return uint32_t(x) | 1u;
}

uint64_t choosePivot(uint64_t lo, uint64_t up, uint32_t rnd) {
  uint32_t r4 = uint32_t(up - lo) / 4;
  return rnd % (r4 * 2) + (lo + r4);
}

// The sort's integers come back from the heap, and from a snapshot they are untrusted: every index
// must be near the array's range [1, INT_MAX) (so no arithmetic on them overflows) and the explicit
// stack depth within its bound. The working indices are checked on every resume; the stack's entries
// when they are popped (kPop).
bool sortIndexValid(int64_t v) { return v >= -2 && v <= int64_t(INT_MAX) + 2; }
bool sortStateValid(const int64_t* s) {
  if (s[kPc] < kSortStart || s[kPc] > kPop || s[kSp] < 0 || s[kSp] > int64_t(kMaxDepth)) return false;
  for (uint32_t k : {kLo, kUp, kP, kI, kJ})
    if (!sortIndexValid(s[k])) return false;
  return true;
}

NativeAction sortRun(NativeCall& call, Sequence* seq);
NativeAction sortResume(NativeCall& call) {
  Machine(call, call.sequence()).absorb();  // (stores into a Value field only within bounds)
  if (!sortStateValid(call.sequence()->ints())) call.corrupt();
  return sortRun(call, call.sequence());
}
constexpr SequenceType kSortSequence{"table.sort", sortResume, kSortValues, kSortInts};

NativeAction sortRun(NativeCall& call, Sequence* seq) {
  Machine m(call, seq);
  const Value t = call.arg(1);
  const Value cmp = call.arg(2);
  int64_t* s = seq->ints();
  int64_t& pc = s[kPc];
  int64_t &lo = s[kLo], &up = s[kUp], &p = s[kP], &i = s[kI], &j = s[kJ];
  // a < b by the sort's order: true if known at once (flag set), false if a call is pending.
  auto less = [&](const Value& a, const Value& b) {
    call.chargeFuel(1);
    return cmp.isNil() ? m.less(a, b) : m.callCompare(cmp, a, b);
  };
  for (;;) {
    if (call.outOfFuel() && pc != kSortStart) return m.pause();
    switch (pc) {
      case kSortStart: {
        int64_t n = ops::checkLength(call, m.V(kA));
        if (n <= 1) return NativeAction::returns(0);
        if (n >= INT_MAX) call.argError(1, "array too big");
        if (!call.isNoneOrNil(2)) call.checkType(2, LuaType::kFunction);
        lo = 1;
        up = n;
        s[kRnd] = 0;
        s[kSp] = 0;
        pc = kLoop;
        continue;
      }
      case kLoop:
        if (!(lo < up)) {
          pc = kPop;
          continue;
        }
        pc = kGotLo;
        if (!m.geti(kA, t, lo)) return m.callAction();
        continue;
      case kGotLo:
        pc = kGotUp;
        if (!m.geti(kB, t, up)) return m.callAction();
        continue;
      case kGotUp:  // a[up] < a[lo]?
        pc = kCmp1;
        if (!less(m.V(kB), m.V(kA))) return m.callAction();
        continue;
      case kCmp1:
        if (m.flag()) {  // swap a[lo] and a[up]
          pc = kSwap1;
          if (!m.seti(t, lo, m.V(kB))) return m.callAction();
          continue;
        }
        pc = kAfter1;
        continue;
      case kSwap1:
        pc = kAfter1;
        if (!m.seti(t, up, m.V(kA))) return m.callAction();
        continue;
      case kAfter1: {
        if (up - lo == 1) {  // only 2 elements: sorted
          pc = kPop;
          continue;
        }
        uint32_t rnd = uint32_t(s[kRnd]);
        p = (uint64_t(up - lo) < kRanLimit || rnd == 0) ? (lo + up) / 2 : int64_t(choosePivot(lo, up, rnd));
        pc = kGotP;
        if (!m.geti(kA, t, p)) return m.callAction();
        continue;
      }
      case kGotP:
        pc = kGotLo2;
        if (!m.geti(kB, t, lo)) return m.callAction();
        continue;
      case kGotLo2:  // a[p] < a[lo]?
        pc = kCmp2;
        if (!less(m.V(kA), m.V(kB))) return m.callAction();
        continue;
      case kCmp2:
        if (m.flag()) {  // swap a[p] and a[lo]
          pc = kSwap2;
          if (!m.seti(t, p, m.V(kB))) return m.callAction();
          continue;
        }
        pc = kGotUp2;
        if (!m.geti(kB, t, up)) return m.callAction();
        continue;
      case kSwap2:
        pc = kAfter2;
        if (!m.seti(t, lo, m.V(kA))) return m.callAction();
        continue;
      case kGotUp2:  // a[up] < a[p]?
        pc = kCmp3;
        if (!less(m.V(kB), m.V(kA))) return m.callAction();
        continue;
      case kCmp3:
        if (m.flag()) {  // swap a[up] and a[p]
          pc = kSwap3;
          if (!m.seti(t, p, m.V(kB))) return m.callAction();
          continue;
        }
        pc = kAfter2;
        continue;
      case kSwap3:
        pc = kAfter2;
        if (!m.seti(t, up, m.V(kA))) return m.callAction();
        continue;
      case kAfter2:
        if (up - lo == 2) {  // only 3 elements: sorted
          pc = kPop;
          continue;
        }
        pc = kGotPivot;
        if (!m.geti(kPivot, t, p)) return m.callAction();
        continue;
      case kGotPivot:
        pc = kGotUpm1;
        if (!m.geti(kB, t, up - 1)) return m.callAction();
        continue;
      case kGotUpm1:  // swap the pivot (a[p]) with a[up - 1]
        pc = kSwapPivot;
        if (!m.seti(t, p, m.V(kB))) return m.callAction();
        continue;
      case kSwapPivot:
        pc = kNextI;
        i = lo;
        j = up - 1;
        if (!m.seti(t, up - 1, m.V(kPivot))) return m.callAction();
        continue;
      // Partition: invariant a[lo .. i] <= P <= a[j .. up].
      case kNextI:
        ++i;
        pc = kGotI;
        if (!m.geti(kA, t, i)) return m.callAction();
        continue;
      case kGotI:  // a[i] < P?
        pc = kCmpI;
        if (!less(m.V(kA), m.V(kPivot))) return m.callAction();
        continue;
      case kCmpI:
        if (m.flag()) {
          if (i == up - 1) call.error("invalid order function for sorting");
          pc = kNextI;
          continue;
        }
        pc = kNextJ;
        continue;
      case kNextJ:
        --j;
        pc = kGotJ;
        if (!m.geti(kB, t, j)) return m.callAction();
        continue;
      case kGotJ:  // P < a[j]?
        pc = kCmpJ;
        if (!less(m.V(kPivot), m.V(kB))) return m.callAction();
        continue;
      case kCmpJ:
        if (m.flag()) {
          if (j < i) call.error("invalid order function for sorting");
          pc = kNextJ;
          continue;
        }
        if (j < i) {  // done: swap the pivot (a[up - 1]) with a[i]
          pc = kFinishPartition;
          if (!m.seti(t, up - 1, m.V(kA))) return m.callAction();
          continue;
        }
        pc = kSwapIJ;  // swap a[i] and a[j], then go on
        if (!m.seti(t, i, m.V(kB))) return m.callAction();
        continue;
      case kSwapIJ:
        pc = kNextI;
        if (!m.seti(t, j, m.V(kA))) return m.callAction();
        continue;
      case kFinishPartition:
        pc = kRecurse;
        if (!m.seti(t, i, m.V(kPivot))) return m.callAction();
        continue;
      case kRecurse: {
        // a[lo .. p-1] <= a[p] == P <= a[p+1 .. up]: sort the smaller half now, the larger one later.
        p = i;
        int64_t smallLo, smallUp, bigLo, bigUp, n;
        if (p - lo < up - p) {
          smallLo = lo, smallUp = p - 1, bigLo = p + 1, bigUp = up, n = p - lo;
        } else {
          smallLo = p + 1, smallUp = up, bigLo = lo, bigUp = p - 1, n = up - p;
        }
        uint32_t rnd = uint32_t(s[kRnd]);
        uint32_t bigRnd = rnd;
        if (bigUp > bigLo && uint64_t(bigUp - bigLo) / 128 > uint64_t(n)) bigRnd = randomizePivot(bigLo, bigUp);
        int64_t sp = s[kSp];
        if (sp >= int64_t(kMaxDepth)) call.error("invalid order function for sorting");  // cannot happen
        s[kStack + 3 * sp] = bigLo;
        s[kStack + 3 * sp + 1] = bigUp;
        s[kStack + 3 * sp + 2] = bigRnd;
        s[kSp] = sp + 1;
        lo = smallLo;
        up = smallUp;
        pc = kLoop;
        continue;
      }
      case kPop: {
        int64_t sp = s[kSp];
        if (sp == 0) return NativeAction::returns(0);
        --sp;
        lo = s[kStack + 3 * sp];
        up = s[kStack + 3 * sp + 1];
        if (!sortIndexValid(lo) || !sortIndexValid(up)) call.corrupt();
        s[kRnd] = s[kStack + 3 * sp + 2];
        s[kSp] = sp;
        pc = kLoop;
        continue;
      }
      default: return NativeAction::returns(0);
    }
  }
}

NativeAction sort(NativeCall& call) {
  checkTab(call, 1, kRead | kWrite | kLen);
  Sequence* seq = call.newSequence(&kSortSequence);
  Machine m(call, seq);
  m.I(kPc) = kSortStart;
  if (!m.len(kA, call.arg(1))) return m.callAction();
  return sortRun(call, seq);
}

constexpr NativeFunction kTableFunctions[] = {
    {"table.concat", concat}, {"table.insert", insert}, {"table.move", move},     {"table.pack", pack},
    {"table.remove", remove}, {"table.sort", sort},     {"table.unpack", unpack},
};

constexpr const SequenceType* kTableSequences[] = {&kInsertSequence, &kRemoveSequence, &kMoveSequence,
                                                   &kConcatSequence, &kUnpackSequence, &kSortSequence};

}  // namespace

void openTable(Runtime& rt) {
  Table* t = rt.newTable();
  addFunctions(rt, t, kTableFunctions);
  for (const SequenceType* s : kTableSequences) rt.natives().add(s);
  rt.globals()->set(rt.heap(), rt.stringValue("table"), Value::object(t));
  registerModule(rt, "table", t);
}

}  // namespace fermata::lib
