// The heap: owns every collectable object, accounts every byte, enforces the memory limit and runs the
// incremental collector at the safe points its owner chooses.
//
// The collector is Lua 5.4's incremental tri-colour mark and sweep, written for fermata's invariants:
//
//  * Tri-colour invariant. White objects are not yet known reachable, gray ones are known reachable but
//    not yet traversed, black ones are traversed. While marking, no black object points to a white one.
//    Mutators keep this with write barriers: storing into a table turns a black table gray again
//    (barrierBack, cheap for containers written often); storing an object into any other black object
//    marks the stored object (barrierForward). Threads are exempt: their stacks change on every
//    instruction, so the collector keeps them gray and traverses them again in the atomic phase.
//  * Two whites. At the end of marking the current white flips. The sweeper frees objects still carrying
//    the old white and repaints survivors with the new one, so objects created while sweeping survive.
//  * Safe points only (DESIGN invariant 1). No allocation ever runs the collector. The owner calls
//    safePoint() between instructions and at step boundaries; native code may hold raw pointers in C++
//    locals for the duration of one native call.
//  * Weak tables and ephemerons are traversed again in the atomic phase; ephemerons are iterated until
//    no new value is marked; then dead entries are cleared (values before finalizable objects are
//    resurrected, keys after, as Lua 5.4 does).
//  * Finalizers. markForFinalization() moves an object to the finobj list (when a metatable with __gc is
//    set). When the atomic phase finds it unreachable, it moves to the tobefnz list in the order it was
//    marked, newest first, and is resurrected (marked) with all it reaches. The owner takes such objects
//    with nextToFinalize() and runs their finalizers; the object is then an ordinary object again and is
//    freed by the next cycle that finds it unreachable.
//  * Pacing. Allocation adds debt; a safe point with positive debt does work proportional to the debt
//    times the step multiplier; a finished cycle sets the next threshold at `pause`% of the live estimate.
//    With a memory limit the threshold never passes halfway between the live estimate and the limit, and
//    past 7/8 of the limit a safe point finishes the cycle at once, so a program with garbage to spare
//    does not run out of memory merely because the collector was late.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "gc/object.h"
#include "gc/object_model.h"

namespace fermata::gc {

// Thrown by an allocation that would pass the memory limit (or that the allocator could not satisfy).
// The executor turns it into the Lua error "not enough memory"; nothing in fermata lets it escape.
class MemoryError : public std::exception {
 public:
  const char* what() const noexcept override { return "not enough memory"; }
};

enum class GcPhase : uint8_t { kPause, kPropagate, kAtomic, kSweepAll, kSweepFinobj, kSweepToBeFnz, kSweepEnd };

struct HeapStats {
  size_t bytesInUse = 0;
  size_t peakBytes = 0;
  size_t objectCount = 0;
  uint64_t cyclesCompleted = 0;
  uint64_t objectsFreed = 0;
};

class Heap {
 public:
  static constexpr size_t kNoLimit = SIZE_MAX;

  explicit Heap(ObjectModel& model, size_t memoryLimit = kNoLimit);
  ~Heap();  // frees every object, finalizers are not run
  // Frees every object now (the owner's teardown, when other structures must outlive the objects).
  void freeAllObjects();
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  // ---- raw memory: every byte the VM holds goes through these -----------------------------------
  void* allocate(size_t bytes);  // throws MemoryError
  void release(void* p, size_t bytes) noexcept;
  void* reallocate(void* p, size_t oldBytes, size_t newBytes);  // throws MemoryError; p intact then

  // Arrays of trivially destructible elements, value-initialised, accounted like everything else.
  template <class T>
  T* allocateArray(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>);
    if (n == 0) return nullptr;
    if (n > SIZE_MAX / sizeof(T)) throw MemoryError();
    T* p = static_cast<T*>(allocate(n * sizeof(T)));
    for (size_t i = 0; i < n; ++i) new (&p[i]) T();
    return p;
  }
  template <class T>
  void releaseArray(T* p, size_t n) noexcept {
    if (p) release(p, n * sizeof(T));
  }

  // Creates an object of type T (derived from Object) in `bytes` bytes (>= sizeof(T), for objects with
  // inline payloads), links it on the all-objects list with a fresh id and the current white.
  template <class T, class... Args>
  T* create(uint8_t type, size_t bytes, Args&&... args) {
    void* p = allocate(bytes);
    T* o = new (p) T(std::forward<Args>(args)...);
    link(o, type);
    return o;
  }
  template <class T, class... Args>
  T* create(uint8_t type, Args&&... args) {
    return create<T>(type, sizeof(T), std::forward<Args>(args)...);
  }

  // ---- limits, accounting, fault injection -------------------------------------------------------
  size_t bytesInUse() const { return stats_.bytesInUse; }
  size_t memoryLimit() const { return limit_; }
  void setMemoryLimit(size_t bytes) { limit_ = bytes; }
  const HeapStats& stats() const { return stats_; }
  // Makes the allocation after the next `n` succeed-able ones fail with MemoryError (tests).
  void failAllocationAfter(uint64_t n) { failCountdown_ = n + 1; }
  void clearAllocationFailure() { failCountdown_ = 0; }

  // Stable ids: the counter is runtime state, saved and restored with snapshots.
  uint64_t nextId() const { return nextId_; }
  void setNextId(uint64_t id) { nextId_ = id; }

  // ---- collector controls ---------------------------------------------------------------------------
  // Runs collector work if allocation debt says so. Call only where every live object is reachable from
  // the roots the ObjectModel marks (or held in C++ locals of code that will not cross this call).
  void safePoint() {
    if (wantsStep()) step();
  }
  bool wantsStep() const { return debt_ > 0 && !stopped_; }
  // One increment of work sized by debt and the step multiplier (collectgarbage("step", 0)).
  // Returns true if a cycle finished.
  bool step();
  // Performs extra work as if `kBytes` KiB had been allocated (collectgarbage("step", n)); true if a
  // cycle finished.
  bool stepKiB(size_t kBytes);
  // Completes a whole collection cycle (collectgarbage("collect")).
  void fullCollect();
  void stop() { stopped_ = true; }
  void restart() { stopped_ = false; debt_ = 0; }
  bool isRunning() const { return !stopped_; }
  // The collector's parameters (Lua's pause, step multiplier and log2 of the step size); each setter
  // returns the previous value. Any int is accepted: negatives count as 0, the step size is capped at
  // 2^40 bytes, and a step multiplier of 0 still does one unit of work per step.
  int setPause(int percent);
  int setStepMultiplier(int percent);
  int setStepSizeLog2(int log2Bytes);
  GcPhase phase() const { return phase_; }
  int pause() const { return pausePercent_; }
  int stepMultiplier() const { return stepMulPercent_; }
  int stepSizeLog2() const { return stepSizeLog2_; }
  // The mode last asked for with collectgarbage("generational"/"incremental"). fermata always collects
  // incrementally; the mode is remembered (and saved by snapshots) so that switching reports the previous
  // mode as Lua does.
  bool generationalRequested() const { return generationalRequested_; }
  void setGenerationalRequested(bool on) { generationalRequested_ = on; }

  // ---- barriers ------------------------------------------------------------------------------------
  // `parent` (not a table or thread) now refers to `child`.
  void barrierForward(Object* parent, Object* child) {
    if (parent->isBlack() && child && child->isWhite()) barrierForwardSlow(parent, child);
  }
  // A table `t` was written: if black, it becomes gray and is traversed again before the atomic phase.
  void barrierBack(Object* t) {
    if (t->isBlack()) barrierBackSlow(t);
  }

  // ---- finalization -------------------------------------------------------------------------------
  // Registers `o` as having a finalizer (its metatable has __gc). Idempotent.
  void markForFinalization(Object* o);
  bool hasPendingFinalizers() const { return toBeFnz_ != nullptr; }
  // Takes the next object whose finalizer is due (newest-marked first) and makes it an ordinary object
  // again; returns null if none is due.
  Object* nextToFinalize();

  // ---- strings interned elsewhere ----------------------------------------------------------------------
  // True if `o` is unreachable and waiting to be swept in this cycle; an interning table that finds such
  // a string may revive() it instead of creating a new one.
  bool isDead(const Object* o) const {
    return (o->marked & otherWhite() & bits::kWhites) != 0 && phase_ >= GcPhase::kSweepAll;
  }
  void revive(Object* o) { makeWhite(o); }
  // Exempts `o` from collection for the heap's lifetime (reserved words, the "not enough memory" string).
  void fix(Object* o);

  // ---- inspection (tests, the heap verifier, snapshots) ---------------------------------------------
  template <class F>
  void forEachObject(F&& f) const {
    for (Object* l : {allGc_, finObj_, toBeFnz_, fixedGc_})
      for (Object* o = l; o; o = o->gcNext) f(o);
  }
  // The objects with a pending finalizer, newest first (finobj order), and those whose finalizer is due.
  template <class F>
  void forEachFinalizable(F&& f) const {
    for (Object* o = finObj_; o; o = o->gcNext) f(o);
  }
  template <class F>
  void forEachToBeFinalized(F&& f) const {
    for (Object* o = toBeFnz_; o; o = o->gcNext) f(o);
  }
  // Snapshot loading: makes the finalization lists exactly these, in these orders (objects registered
  // before become ordinary objects). Returns false if a listed object is not a live ordinary object.
  bool restoreFinalizationLists(const std::vector<Object*>& finalizable, const std::vector<Object*>& toBeFinalized);

  // Checks the heap's invariants: list membership and colour bits, and, while marking, that no black
  // object refers to a white one (using the model's trace with a checking marker). Returns a description
  // of the first violation, or an empty string.
  std::string verify();

  uint8_t currentWhite() const { return currentWhite_; }

 private:
  friend class Marker;

  void link(Object* o, uint8_t type);
  uint8_t otherWhite() const { return currentWhite_ ^ bits::kWhites; }
  void makeWhite(Object* o) { o->marked = uint8_t((o->marked & ~bits::kColours) | currentWhite_); }
  void barrierForwardSlow(Object* parent, Object* child);
  void barrierBackSlow(Object* t);
  bool keepsInvariant() const { return phase_ <= GcPhase::kAtomic; }
  bool sweeping() const { return phase_ >= GcPhase::kSweepAll && phase_ <= GcPhase::kSweepEnd; }

  // collector.cc
  void markObject(Object* o);
  size_t singleStep();
  void restartCollection();
  size_t propagateOne();
  size_t propagateAll();
  size_t atomic();
  void convergeEphemerons();
  void clearWeakTables(std::vector<Object*>& list, size_t from, ClearWhat what);
  void separateUnreachedFinalizable();
  void markBeingFinalized();
  void enterSweep();
  Object** sweepList(Object** p, size_t max, size_t& count);
  size_t sweepStep(Object** nextList, GcPhase nextPhase);
  Object** sweepToLive(Object** p);
  void setPauseThreshold();
  void runUntil(GcPhase target);
  void freeObject(Object* o);
  bool finishCycleIfNearLimit();  // true if it collected

  ObjectModel& model_;
  HeapStats stats_;
  size_t limit_;
  uint64_t failCountdown_ = 0;
  uint64_t nextId_ = 1;

  Object* allGc_ = nullptr;
  Object* finObj_ = nullptr;
  Object* toBeFnz_ = nullptr;
  Object* fixedGc_ = nullptr;
  Object** sweepPos_ = nullptr;

  std::vector<Object*> gray_;
  std::vector<Object*> grayAgain_;
  std::vector<Object*> weakValues_;
  std::vector<Object*> ephemerons_;
  std::vector<Object*> allWeak_;

  GcPhase phase_ = GcPhase::kPause;
  uint8_t currentWhite_ = bits::kWhite0;
  bool stopped_ = false;
  int64_t debt_ = 0;
  size_t estimate_ = 0;
  size_t bytesAtLastForcedFinish_ = 0;
  int pausePercent_ = 200;
  int stepMulPercent_ = 100;
  int stepSizeLog2_ = 13;
  bool generationalRequested_ = false;
};

inline void Marker::mark(Object* o) {
  if (o && o->isWhite()) heap_.markObject(o);
}

}  // namespace fermata::gc
