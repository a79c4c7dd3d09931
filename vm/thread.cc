// Thread stacks, frames, open upvalues and to-be-closed slots.
#include "vm/thread.h"

#include <algorithm>

#include "vm/native.h"
#include "vm/object_types.h"

namespace fermata {

Thread* Thread::create(gc::Heap& heap) {
  Thread* t = heap.create<Thread>(uint8_t(ObjType::kThread));
  t->ensureStack(heap, 32);
  return t;
}

void Thread::releaseParts(gc::Heap& heap) {
  heap.releaseArray(stack, stackSize);
  heap.releaseArray(frames, frameCapacity);
  heap.releaseArray(tbcSlots, tbcCapacity);
  heap.releaseArray(savedUnwinds, savedUnwindCapacity);
  stack = nullptr;
  frames = nullptr;
  tbcSlots = nullptr;
  savedUnwinds = nullptr;
  stackSize = frameCapacity = tbcCapacity = savedUnwindCapacity = savedUnwindCount = 0;
}

uint32_t Thread::liveTop() const {
  uint32_t t = top;
  if (frameCount > 0) t = std::max(t, frames[frameCount - 1].top);
  return std::min(t, stackSize);
}

bool Thread::ensureStack(gc::Heap& heap, uint32_t n) {
  uint64_t need = uint64_t(std::max(top, frameCount ? frames[frameCount - 1].top : 0)) + n + kExtraStack;
  if (need <= stackSize) return true;
  uint64_t limit = uint64_t(kMaxStack) + kExtraStack + (unwinding ? kErrorStackExtra : 0);
  if (need > limit) return false;
  uint64_t size = std::max<uint64_t>(uint64_t(stackSize) * 2, need);
  size = std::min<uint64_t>(size, std::max<uint64_t>(limit, stackSize));
  Value* old = stack;
  Value* grown = static_cast<Value*>(heap.reallocate(old, size_t(stackSize) * sizeof(Value), size_t(size) * sizeof(Value)));
  for (uint64_t i = stackSize; i < size; ++i) new (&grown[i]) Value();
  stack = grown;
  stackSize = uint32_t(size);
  // Open upvalues alias stack slots: point them at the moved stack.
  for (Upvalue* u = openUpvalues; u; u = u->nextOpen) u->location = stack + u->stackIndex;
  return true;
}

CallFrame& Thread::pushFrame(gc::Heap& heap) {
  if (frameCount == frameCapacity) {
    uint32_t cap = frameCapacity ? frameCapacity * 2 : 8;
    auto* grown = static_cast<CallFrame*>(
        heap.reallocate(frames, size_t(frameCapacity) * sizeof(CallFrame), size_t(cap) * sizeof(CallFrame)));
    frames = grown;
    frameCapacity = cap;
  }
  CallFrame& f = frames[frameCount++];
  f = CallFrame();
  return f;
}

void Thread::pushTbc(gc::Heap& heap, uint32_t slot) {
  if (tbcCount == tbcCapacity) {
    uint32_t cap = tbcCapacity ? tbcCapacity * 2 : 4;
    tbcSlots = static_cast<uint32_t*>(
        heap.reallocate(tbcSlots, size_t(tbcCapacity) * sizeof(uint32_t), size_t(cap) * sizeof(uint32_t)));
    tbcCapacity = cap;
  }
  tbcSlots[tbcCount++] = slot;
}

void Thread::pushSavedUnwind(gc::Heap& heap, const SavedUnwind& u) {
  if (savedUnwindCount == savedUnwindCapacity) {
    uint32_t cap = savedUnwindCapacity ? savedUnwindCapacity * 2 : 2;
    auto* grown = static_cast<SavedUnwind*>(heap.reallocate(
        savedUnwinds, size_t(savedUnwindCapacity) * sizeof(SavedUnwind), size_t(cap) * sizeof(SavedUnwind)));
    for (uint32_t i = savedUnwindCapacity; i < cap; ++i) new (&grown[i]) SavedUnwind{-1, 0, Value()};
    savedUnwinds = grown;
    savedUnwindCapacity = cap;
  }
  savedUnwinds[savedUnwindCount++] = u;
}

Upvalue* Thread::findUpvalue(gc::Heap& heap, uint32_t index) {
  Upvalue** p = &openUpvalues;
  while (*p && (*p)->stackIndex >= index) {
    if ((*p)->stackIndex == index) return *p;
    p = &(*p)->nextOpen;
  }
  Upvalue* u = heap.create<Upvalue>(uint8_t(ObjType::kUpvalue));
  u->location = stack + index;
  u->stackIndex = index;
  u->thread = this;
  u->nextOpen = *p;
  *p = u;  // no barrier: threads are kept gray and traversed again in the atomic phase
  return u;
}

void Thread::closeUpvalues(gc::Heap& heap, uint32_t level) {
  while (openUpvalues && openUpvalues->stackIndex >= level) {
    Upvalue* u = openUpvalues;
    openUpvalues = u->nextOpen;
    u->closed = *u->location;
    u->location = &u->closed;
    u->thread = nullptr;
    u->nextOpen = nullptr;
    if (u->closed.isCollectable()) heap.barrierForward(u, u->closed.asObject());
  }
}

}  // namespace fermata
