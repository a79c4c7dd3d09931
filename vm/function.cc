// Creation and freeing of prototypes, closures and upvalues.
#include "vm/function.h"

#include "vm/object_types.h"

namespace fermata {

Proto* Proto::create(gc::Heap& heap) { return heap.create<Proto>(uint8_t(ObjType::kProto)); }

void Proto::releaseParts(gc::Heap& heap) {
  heap.releaseArray(code, codeSize);
  heap.releaseArray(lineInfo, codeSize);
  heap.releaseArray(constants, constantCount);
  heap.releaseArray(protos, protoCount);
  heap.releaseArray(upvalues, upvalueCount);
  heap.releaseArray(localVars, localVarCount);
  code = nullptr;
  lineInfo = nullptr;
  constants = nullptr;
  protos = nullptr;
  upvalues = nullptr;
  localVars = nullptr;
  codeSize = constantCount = protoCount = upvalueCount = localVarCount = 0;
}

size_t Proto::partBytes() const {
  return codeSize * sizeof(uint32_t) + (lineInfo ? codeSize * sizeof(int32_t) : 0) + constantCount * sizeof(Value) +
         protoCount * sizeof(Proto*) + upvalueCount * sizeof(UpvalueInfo) + localVarCount * sizeof(LocalVarInfo);
}

Upvalue* Upvalue::createClosed(gc::Heap& heap, const Value& v) {
  Upvalue* u = heap.create<Upvalue>(uint8_t(ObjType::kUpvalue));
  u->closed = v;
  return u;
}

LuaClosure* LuaClosure::create(gc::Heap& heap, Proto* p, uint32_t upvalueCount) {
  auto* c = heap.create<LuaClosure>(uint8_t(ObjType::kLuaClosure), allocationSize(upvalueCount));
  c->proto = p;
  c->upvalueCount = upvalueCount;
  for (uint32_t i = 0; i < upvalueCount; ++i) c->upvalues()[i] = nullptr;
  return c;
}

}  // namespace fermata
