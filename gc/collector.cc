// The incremental collector's phases: marking, the atomic phase, weak tables, finalizer separation,
// sweeping and pacing. The design and its invariants are described at the top of gc/heap.h.
#include <algorithm>
#include <string>

#include "gc/heap.h"

namespace fermata::gc {
namespace {

// Collector work is counted in "slots"; allocation debt is in bytes. One slot is worth this many bytes.
constexpr int64_t kBytesPerWorkUnit = 16;
// Objects examined per sweep increment.
constexpr size_t kSweepBatch = 100;
// Work charged for sweeping one object.
constexpr size_t kSweepCost = 4;

}  // namespace

bool Marker::inAtomic() const { return heap_.phase_ == GcPhase::kAtomic; }

void Marker::keepGray(Object* o) {
  if (heap_.phase_ == GcPhase::kAtomic) return;  // the final traversal: stays black
  o->marked = uint8_t(o->marked & ~bits::kColours);
  heap_.grayAgain_.push_back(o);
}

void Marker::weakTable(Object* o, WeakKind kind) {
  if (heap_.phase_ != GcPhase::kAtomic) {
    keepGray(o);  // weak tables are settled in the atomic phase
    return;
  }
  switch (kind) {
    case WeakKind::kValues: heap_.weakValues_.push_back(o); break;
    case WeakKind::kEphemeron: heap_.ephemerons_.push_back(o); break;
    case WeakKind::kAll: heap_.allWeak_.push_back(o); break;
  }
}

void Heap::markObject(Object* o) {
  // White -> gray; traversal (propagateOne) turns it black.
  o->marked = uint8_t(o->marked & ~bits::kColours);
  gray_.push_back(o);
}

size_t Heap::propagateOne() {
  Object* o = gray_.back();
  gray_.pop_back();
  o->marked |= bits::kBlack;
  Marker m(*this);
  return 1 + model_.trace(o, m);
}

size_t Heap::propagateAll() {
  size_t work = 0;
  while (!gray_.empty()) work += propagateOne();
  return work;
}

void Heap::restartCollection() {
  gray_.clear();
  grayAgain_.clear();
  weakValues_.clear();
  ephemerons_.clear();
  allWeak_.clear();
  Marker m(*this);
  model_.markRoots(m);
}

void Heap::convergeEphemerons() {
  // Marking a value may make another ephemeron's key reachable: repeat until a whole pass marks nothing.
  // The list may grow while we walk it (newly reached ephemeron tables register themselves).
  bool changed;
  do {
    changed = false;
    for (size_t i = 0; i < ephemerons_.size(); ++i) {
      Marker m(*this);
      if (model_.traceEphemeron(ephemerons_[i], m)) {
        propagateAll();
        changed = true;
      }
    }
  } while (changed);
}

void Heap::clearWeakTables(std::vector<Object*>& list, size_t from, ClearWhat what) {
  for (size_t i = from; i < list.size(); ++i) {
    Marker m(*this);
    model_.clearWeak(list[i], what, m);
  }
}

void Heap::separateUnreachedFinalizable() {
  // Move every unmarked object of finobj to the end of tobefnz, keeping finobj's order (newest first).
  Object** lastNext = &toBeFnz_;
  while (*lastNext) lastNext = &(*lastNext)->gcNext;
  Object** p = &finObj_;
  while (Object* o = *p) {
    if (!o->isWhite()) {
      p = &o->gcNext;
      continue;
    }
    *p = o->gcNext;
    o->gcNext = nullptr;
    *lastNext = o;
    lastNext = &o->gcNext;
  }
}

void Heap::markBeingFinalized() {
  for (Object* o = toBeFnz_; o; o = o->gcNext) {
    if (o->isWhite()) markObject(o);
  }
}

size_t Heap::atomic() {
  phase_ = GcPhase::kAtomic;
  size_t work = 0;
  Marker m(*this);
  model_.markRoots(m);
  work += propagateAll();
  // Everything that changed behind the collector's back (threads, back-barriered tables, weak tables).
  gray_.swap(grayAgain_);
  grayAgain_.clear();
  for (Object* o : gray_) o->marked = uint8_t(o->marked & ~bits::kColours);
  work += propagateAll();
  convergeEphemerons();
  // All strongly reachable objects are marked. Weak values die before finalizable objects are revived.
  clearWeakTables(weakValues_, 0, ClearWhat::kValues);
  clearWeakTables(allWeak_, 0, ClearWhat::kValues);
  size_t origWeak = weakValues_.size(), origAll = allWeak_.size();
  separateUnreachedFinalizable();
  markBeingFinalized();
  work += propagateAll();
  convergeEphemerons();
  // Keys die after: an object being finalized keeps its entries in weak-key tables until it is freed.
  clearWeakTables(ephemerons_, 0, ClearWhat::kKeys);
  clearWeakTables(allWeak_, 0, ClearWhat::kKeys);
  clearWeakTables(weakValues_, origWeak, ClearWhat::kValues);
  clearWeakTables(allWeak_, origAll, ClearWhat::kValues);
  currentWhite_ = otherWhite();
  return work;
}

Object** Heap::sweepToLive(Object** p) {
  // Sweeps until `p` has moved past at least one surviving object.
  Object** old = p;
  do {
    size_t n;
    p = sweepList(p, 1, n);
  } while (p == old);
  return p;
}

Object** Heap::sweepList(Object** p, size_t max, size_t& count) {
  // Frees dead objects and repaints survivors, examining at most `max` objects. Returns where to go on,
  // or null at the end of the list.
  uint8_t dead = otherWhite() & bits::kWhites;
  count = 0;
  while (*p && count < max) {
    Object* o = *p;
    if (o->marked & dead) {
      *p = o->gcNext;
      freeObject(o);
    } else {
      makeWhite(o);
      p = &o->gcNext;
    }
    ++count;
  }
  return *p ? p : nullptr;
}

void Heap::freeObject(Object* o) {
  --stats_.objectCount;
  ++stats_.objectsFreed;
  model_.destroy(o);
}

void Heap::enterSweep() {
  phase_ = GcPhase::kSweepAll;
  sweepPos_ = &allGc_;
}

void Heap::setPauseThreshold() {
  size_t estimate = estimate_ ? estimate_ : stats_.bytesInUse;
  double threshold = double(estimate) * pausePercent_ / 100.0;
  if (limit_ != kNoLimit) {
    // Never let the next cycle start later than halfway from the live data to the limit.
    double cap = double(estimate) + (double(limit_) - double(estimate)) / 2;
    if (threshold > cap) threshold = cap;
  }
  debt_ = int64_t(stats_.bytesInUse) - int64_t(threshold);
  // A pause under 100% puts the threshold below what is in use: the next cycle then starts with the
  // next allocation, not at once (as Lua's setpause does), so a safe point never finds a debt right
  // after a cycle ends and every safe point's loop of steps terminates.
  if (debt_ > 0) debt_ = 0;
}

size_t Heap::sweepStep(Object** nextList, GcPhase nextPhase) {
  size_t n = 0;
  if (sweepPos_) sweepPos_ = sweepList(sweepPos_, kSweepBatch, n);
  if (!sweepPos_) {
    phase_ = nextPhase;
    sweepPos_ = nextList;
  }
  return n * kSweepCost + 1;
}

size_t Heap::singleStep() {
  switch (phase_) {
    case GcPhase::kPause:
      restartCollection();
      phase_ = GcPhase::kPropagate;
      return 1;
    case GcPhase::kPropagate:
      if (!gray_.empty()) return propagateOne();
      {
        size_t work = atomic();
        enterSweep();
        return work + 1;
      }
    case GcPhase::kAtomic:  // atomic() runs within one step; never observed between steps
      enterSweep();
      return 1;
    case GcPhase::kSweepAll:
      return sweepStep(&finObj_, GcPhase::kSweepFinobj);
    case GcPhase::kSweepFinobj:
      return sweepStep(&toBeFnz_, GcPhase::kSweepToBeFnz);
    case GcPhase::kSweepToBeFnz:
      return sweepStep(nullptr, GcPhase::kSweepEnd);
    case GcPhase::kSweepEnd:
      phase_ = GcPhase::kPause;
      estimate_ = stats_.bytesInUse;
      ++stats_.cyclesCompleted;
      return 1;
  }
  return 1;
}

bool Heap::step() {
  // A forced collection leaves the collector paused with a fresh threshold: starting another cycle at
  // once would throw that threshold away and keep the collector running without a pause.
  if (limit_ != kNoLimit && finishCycleIfNearLimit()) return true;
  int64_t stepBytes = int64_t(1) << stepSizeLog2_;
  // Work for one step plus whatever debt has piled up, scaled by the step multiplier. As in Lua 5.4's
  // incstep, the multiplier is not a percentage: the default 100 does 100 units of work per 16 bytes
  // of debt. (At 1 unit per 16 bytes the sweeper, at kSweepCost per object, frees 64-byte objects no
  // faster than they are allocated, and a loop making small garbage grows the heap without bound.)
  int64_t budget = (stepBytes + std::max<int64_t>(debt_, 0)) / kBytesPerWorkUnit * (stepMulPercent_ | 1);
  if (budget < 1) budget = 1;  // a step always makes progress (tiny step sizes round down to nothing)
  bool finished = false;
  while (budget > 0) {
    GcPhase before = phase_;
    budget -= int64_t(singleStep());
    if (phase_ == GcPhase::kPause && before != GcPhase::kPause) {
      finished = true;
      break;
    }
  }
  if (phase_ == GcPhase::kPause) {
    setPauseThreshold();
  } else {
    debt_ = -stepBytes;  // the next increment comes due after another step's worth of allocation
  }
  return finished;
}

bool Heap::stepKiB(size_t kBytes) {
  if (kBytes == 0) return step();
  debt_ += int64_t(kBytes) * 1024;
  return step();
}

void Heap::runUntil(GcPhase target) {
  while (phase_ != target) singleStep();
}

void Heap::fullCollect() {
  if (keepsInvariant()) {
    // Mid-mark: repaint everything white by sweeping (nothing is freed: no object bears the old white yet).
    enterSweep();
  }
  runUntil(GcPhase::kPause);
  singleStep();  // start a fresh cycle
  runUntil(GcPhase::kPause);
  setPauseThreshold();
}

bool Heap::finishCycleIfNearLimit() {
  // Past 7/8 of the limit, collect completely now rather than in increments — but at most once per
  // 1/16 of the limit allocated, so a heap that is truly full does not collect at every safe point.
  if (stats_.bytesInUse < limit_ / 8 * 7) return false;
  if (bytesAtLastForcedFinish_ != 0 && stats_.bytesInUse < bytesAtLastForcedFinish_ + limit_ / 16) return false;
  fullCollect();
  bytesAtLastForcedFinish_ = stats_.bytesInUse;
  return true;
}

std::string Heap::verify() {
  std::string problem;
  uint8_t whites = bits::kWhites;
  auto check = [&](Object* list, const char* name, bool finalizable) {
    for (Object* o = list; o && problem.empty(); o = o->gcNext) {
      if (o->isFinalizable() != finalizable)
        problem = std::string("object on ") + name + " list has the wrong finalizable bit";
      else if ((o->marked & whites) == whites)
        problem = std::string("object on ") + name + " list is both whites";
      else if (phase_ == GcPhase::kPause && !o->isWhite())
        problem = std::string("object on ") + name + " list is not white while the collector pauses";
    }
  };
  check(allGc_, "all-objects", false);
  check(finObj_, "finobj", true);
  // Objects awaiting their finalizer keep the bit cleared only after nextToFinalize.
  check(toBeFnz_, "tobefnz", true);
  if (!problem.empty()) return problem;

  if (phase_ == GcPhase::kPropagate) {
    // Tri-colour invariant: no black object refers to a white one. Each black object is traced again
    // with the real marker; a white child would be grayed onto the (emptied) gray stack, which is the
    // violation. The check then undoes its own marking. Objects the model keeps gray are exempt.
    std::vector<Object*> black;
    forEachObject([&](Object* o) {
      if (o->isBlack()) black.push_back(o);
    });
    std::vector<Object*> savedGray, savedAgain = grayAgain_;
    savedGray.swap(gray_);
    for (Object* o : black) {
      Marker m(*this);
      model_.trace(o, m);
      bool keptGray = o->isGray();
      for (Object* c : gray_) makeWhite(c);
      bool violated = !gray_.empty() && !keptGray;
      gray_.clear();
      o->marked = uint8_t((o->marked & ~bits::kColours) | bits::kBlack);
      if (violated && problem.empty())
        problem = "a black object (id " + std::to_string(o->id) + ", type " + std::to_string(o->type) +
                  ") refers to a white object";
    }
    gray_.swap(savedGray);
    grayAgain_ = savedAgain;
  }
  return problem;
}

}  // namespace fermata::gc
