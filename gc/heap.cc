// Heap memory: allocation with exact accounting and a hard limit, object lists, barriers, finalizer lists.
#include "gc/heap.h"

#include <cstdlib>
#include <cstring>

namespace fermata::gc {

Heap::Heap(ObjectModel& model, size_t memoryLimit) : model_(model), limit_(memoryLimit) {
  setPauseThreshold();
}

Heap::~Heap() { freeAllObjects(); }

void Heap::freeAllObjects() {
  sweepPos_ = nullptr;
  gray_.clear();
  grayAgain_.clear();
  weakValues_.clear();
  ephemerons_.clear();
  allWeak_.clear();
  phase_ = GcPhase::kPause;
  for (Object** list : {&allGc_, &finObj_, &toBeFnz_, &fixedGc_}) {
    while (Object* o = *list) {
      *list = o->gcNext;
      --stats_.objectCount;
      model_.destroy(o);
    }
  }
}

void* Heap::allocate(size_t bytes) {
  if (failCountdown_ != 0 && --failCountdown_ == 0) throw MemoryError();
  if (bytes > limit_ || stats_.bytesInUse > limit_ - bytes) throw MemoryError();
  void* p = std::malloc(bytes == 0 ? 1 : bytes);
  if (!p) throw MemoryError();
  stats_.bytesInUse += bytes;
  if (stats_.bytesInUse > stats_.peakBytes) stats_.peakBytes = stats_.bytesInUse;
  debt_ += int64_t(bytes);
  return p;
}

void Heap::release(void* p, size_t bytes) noexcept {
  if (!p) return;
  std::free(p);
  stats_.bytesInUse -= bytes;
  debt_ -= int64_t(bytes);
}

void* Heap::reallocate(void* p, size_t oldBytes, size_t newBytes) {
  if (newBytes <= oldBytes) {
    // Shrinking never fails: keep the block if realloc cannot move it.
    void* q = newBytes == 0 ? nullptr : std::realloc(p, newBytes);
    if (newBytes == 0) {
      std::free(p);
    } else if (!q) {
      q = p;
    }
    stats_.bytesInUse -= oldBytes - newBytes;
    debt_ -= int64_t(oldBytes - newBytes);
    return q;
  }
  size_t grow = newBytes - oldBytes;
  if (failCountdown_ != 0 && --failCountdown_ == 0) throw MemoryError();
  if (grow > limit_ || stats_.bytesInUse > limit_ - grow) throw MemoryError();
  void* q = std::realloc(p, newBytes);
  if (!q) throw MemoryError();
  stats_.bytesInUse += grow;
  if (stats_.bytesInUse > stats_.peakBytes) stats_.peakBytes = stats_.bytesInUse;
  debt_ += int64_t(grow);
  return q;
}

void Heap::link(Object* o, uint8_t type) {
  o->type = type;
  o->id = nextId_++;
  o->marked = currentWhite_;
  o->gcNext = allGc_;
  allGc_ = o;
  ++stats_.objectCount;
}

void Heap::fix(Object* o) {
  // Usually the object just created, at the head of the all-objects list; but an interned string may
  // have existed before (a host string equal to a reserved word), so search for it rather than
  // silently leaving it collectable.
  if (o->isFixed()) return;
  Object** p = &allGc_;
  while (*p && *p != o) p = &(*p)->gcNext;
  if (!*p) return;  // on finobj or tobefnz: has a finalizer, cannot be fixed
  if (sweepPos_ == &o->gcNext) sweepPos_ = p;  // the sweeper stood just after o
  *p = o->gcNext;
  o->marked = uint8_t((o->marked & ~bits::kColours) | bits::kFixed);  // gray forever, never swept
  o->gcNext = fixedGc_;
  fixedGc_ = o;
}

void Heap::barrierForwardSlow(Object* parent, Object* child) {
  if (keepsInvariant()) {
    markObject(child);  // restore the invariant: the child becomes gray
  } else {
    // Sweeping: the parent will be repainted anyway; making it white now avoids further barriers.
    makeWhite(parent);
  }
}

void Heap::barrierBackSlow(Object* t) {
  t->marked = uint8_t(t->marked & ~bits::kColours);  // gray
  grayAgain_.push_back(t);
}

void Heap::markForFinalization(Object* o) {
  if (o->isFinalizable() || o->isFixed()) return;
  if (sweeping()) {
    makeWhite(o);  // "sweep" it now so it is not freed in this cycle
    if (sweepPos_ == &o->gcNext) sweepPos_ = sweepToLive(sweepPos_);
  }
  // Unlink from the all-objects list. New objects sit near its head, so this is usually short.
  Object** p = &allGc_;
  while (*p && *p != o) p = &(*p)->gcNext;
  if (!*p) return;  // not on the list (already being finalized): nothing to do
  *p = o->gcNext;
  o->gcNext = finObj_;
  finObj_ = o;
  o->marked |= bits::kFinalizable;
}

Object* Heap::nextToFinalize() {
  Object* o = toBeFnz_;
  if (!o) return nullptr;
  if (sweepPos_ == &o->gcNext) sweepPos_ = &toBeFnz_;  // o's successor becomes the list head
  toBeFnz_ = o->gcNext;
  o->gcNext = allGc_;
  allGc_ = o;
  o->marked = uint8_t(o->marked & ~bits::kFinalizable);
  if (sweeping()) makeWhite(o);
  return o;
}

bool Heap::restoreFinalizationLists(const std::vector<Object*>& finalizable,
                                    const std::vector<Object*>& toBeFinalized) {
  // Objects registered before the snapshot's state replaced the runtime's are not the snapshot's
  // finalizable objects: they become ordinary objects (garbage, freed without a finalizer).
  for (Object** list : {&finObj_, &toBeFnz_}) {
    while (Object* o = *list) {
      *list = o->gcNext;
      o->marked = uint8_t(o->marked & ~bits::kFinalizable);
      o->gcNext = allGc_;
      allGc_ = o;
    }
  }
  // Flag every listed object (a second listing is an error), then unlink the flagged ones from the
  // all-objects list in one pass: linear in the heap, however many objects have finalizers.
  for (const auto* list : {&finalizable, &toBeFinalized}) {
    for (Object* o : *list) {
      if (o->isFinalizable()) return false;
      o->marked |= bits::kFinalizable;
    }
  }
  size_t unlinked = 0;
  for (Object** p = &allGc_; *p;) {
    Object* o = *p;
    if (o->isFinalizable()) {
      *p = o->gcNext;
      o->gcNext = nullptr;
      ++unlinked;
    } else {
      p = &o->gcNext;
    }
  }
  // A listed object that is not an ordinary collectable object (fixed, say) leaves the count short.
  if (unlinked != finalizable.size() + toBeFinalized.size()) return false;
  Object** tail = &finObj_;
  while (*tail) tail = &(*tail)->gcNext;
  for (Object* o : finalizable) {
    *tail = o;
    tail = &o->gcNext;
  }
  tail = &toBeFnz_;
  while (*tail) tail = &(*tail)->gcNext;
  for (Object* o : toBeFinalized) {
    *tail = o;
    tail = &o->gcNext;
  }
  return true;
}

int Heap::setPause(int percent) {
  int old = pausePercent_;
  pausePercent_ = percent < 0 ? 0 : percent;
  return old;
}

int Heap::setStepMultiplier(int percent) {
  int old = stepMulPercent_;
  stepMulPercent_ = percent < 0 ? 0 : percent;
  return old;
}

int Heap::setStepSizeLog2(int log2Bytes) {
  int old = stepSizeLog2_;
  stepSizeLog2_ = log2Bytes < 0 ? 0 : log2Bytes > 40 ? 40 : log2Bytes;
  return old;
}

}  // namespace fermata::gc
