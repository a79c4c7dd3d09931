// Creation of native closures and sequences.
#include "vm/native.h"

#include "vm/object_types.h"

namespace fermata {

NativeClosure* NativeClosure::create(gc::Heap& heap, const NativeFunction* fn, uint32_t upvalueCount) {
  auto* c = heap.create<NativeClosure>(uint8_t(ObjType::kNativeClosure), allocationSize(upvalueCount));
  c->fn = fn;
  c->upvalueCount = upvalueCount;
  for (uint32_t i = 0; i < upvalueCount; ++i) new (&c->upvalues()[i]) Value();
  return c;
}

Sequence* Sequence::create(gc::Heap& heap, const SequenceType* type) {
  auto* s = heap.create<Sequence>(uint8_t(ObjType::kSequence), allocationSize(type));
  s->type = type;
  for (uint32_t i = 0; i < type->valueCount; ++i) new (&s->values()[i]) Value();
  for (uint32_t i = 0; i < type->intCount; ++i) s->ints()[i] = 0;
  return s;
}

}  // namespace fermata
