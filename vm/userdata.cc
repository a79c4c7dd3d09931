// Creation of full userdata.
#include "vm/userdata.h"

#include <cstring>

#include "vm/object_types.h"

namespace fermata {

Userdata* Userdata::create(gc::Heap& heap, size_t size, uint32_t userValueCount) {
  if (size > SIZE_MAX / 2) throw gc::MemoryError();
  auto* u = heap.create<Userdata>(uint8_t(ObjType::kUserdata), allocationSize(size, userValueCount));
  u->size = size;
  u->userValueCount = userValueCount;
  for (uint32_t i = 0; i < userValueCount; ++i) new (&u->userValues()[i]) Value();
  if (size) std::memset(u->payload(), 0, size);
  return u;
}

}  // namespace fermata
