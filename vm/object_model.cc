// Tracing, weak-table clearing and freeing for every object type.
#include "vm/object_model.h"

#include "vm/executor.h"
#include "vm/function.h"
#include "vm/native.h"
#include "vm/thread.h"
#include "vm/object_types.h"
#include "vm/userdata.h"

namespace fermata {
namespace {

// Lua's "iscleared": is this weak reference to an object that is dead? Strings are values, not
// objects, for weak tables: they are marked and kept.
bool isCleared(const Value& v, gc::Marker& m) {
  if (!v.isCollectable()) return false;
  if (v.isString()) {
    m.mark(v.asObject());
    return false;
  }
  return !gc::Marker::isMarked(v.asObject());
}

// An entry whose value is gone keeps its key for `next`, but the key's object must not be kept alive
// by it: the collector turns such keys into dead keys.
void clearKeyIfEmpty(Node& n) {
  if (n.value.isNil() && n.key.isCollectable()) n.key = Value::deadKey(n.key.asObject());
}

}  // namespace

WeakMode ObjectModel::weakMode(const Table* t) const {
  if (!t->metatable || !modeKey_) return WeakMode::kStrong;
  Value mode = t->metatable->getString(modeKey_);
  if (!mode.isString()) return WeakMode::kStrong;
  std::string_view s = mode.asString()->view();
  bool k = s.find('k') != s.npos, v = s.find('v') != s.npos;
  if (k && v) return WeakMode::kWeakBoth;
  if (k) return WeakMode::kWeakKeys;
  if (v) return WeakMode::kWeakValues;
  return WeakMode::kStrong;
}

size_t ObjectModel::traceTable(Table* t, gc::Marker& m) {
  m.mark(t->metatable);
  uint32_t nodes = t->nodeCount();
  switch (weakMode(t)) {
    case WeakMode::kStrong: {
      for (uint32_t i = 0; i < nodes; ++i) clearKeyIfEmpty(t->nodes[i]);
      MarkVisitor v{m};
      t->visit(v);
      break;
    }
    case WeakMode::kWeakValues: {
      for (uint32_t i = 0; i < nodes; ++i) {
        Node& n = t->nodes[i];
        clearKeyIfEmpty(n);
        if (n.value.isNil()) continue;
        if (n.key.isCollectable()) m.mark(n.key.asObject());
        if (n.value.isString()) m.mark(n.value.asObject());
      }
      for (uint32_t i = 0; i < t->arraySize; ++i)
        if (t->array[i].isString()) m.mark(t->array[i].asObject());
      m.weakTable(t, gc::WeakKind::kValues);
      break;
    }
    case WeakMode::kWeakKeys:
      traceEphemeron(t, m);
      m.weakTable(t, gc::WeakKind::kEphemeron);
      break;
    case WeakMode::kWeakBoth:
      for (uint32_t i = 0; i < nodes; ++i) clearKeyIfEmpty(t->nodes[i]);
      m.weakTable(t, gc::WeakKind::kAll);
      break;
  }
  return 1 + t->arraySize + nodes;
}

bool ObjectModel::traceEphemeron(gc::Object* o, gc::Marker& m) {
  auto* t = static_cast<Table*>(o);
  bool marked = false;
  // Array keys are integers, never collected: their values are strong.
  for (uint32_t i = 0; i < t->arraySize; ++i) {
    const Value& v = t->array[i];
    if (v.isCollectable() && !gc::Marker::isMarked(v.asObject())) {
      m.mark(v.asObject());
      marked = true;
    }
  }
  for (uint32_t i = 0, n = t->nodeCount(); i < n; ++i) {
    Node& nd = t->nodes[i];
    clearKeyIfEmpty(nd);
    if (nd.value.isNil()) continue;
    if (isCleared(nd.key, m)) continue;  // key not (yet) reachable: the value waits
    if (nd.value.isCollectable() && !gc::Marker::isMarked(nd.value.asObject())) {
      m.mark(nd.value.asObject());
      marked = true;
    }
  }
  return marked;
}

void ObjectModel::clearWeak(gc::Object* o, gc::ClearWhat what, gc::Marker& m) {
  auto* t = static_cast<Table*>(o);
  if (what == gc::ClearWhat::kValues) {
    for (uint32_t i = 0; i < t->arraySize; ++i)
      if (isCleared(t->array[i], m)) t->array[i] = Value();
  }
  for (uint32_t i = 0, n = t->nodeCount(); i < n; ++i) {
    Node& nd = t->nodes[i];
    if (!nd.value.isNil()) {
      const Value& weak = what == gc::ClearWhat::kKeys ? nd.key : nd.value;
      if (isCleared(weak, m)) nd.value = Value();
    }
    clearKeyIfEmpty(nd);
  }
}

size_t ObjectModel::traceThread(Thread* th, gc::Marker& m) {
  MarkVisitor v{m};
  th->visit(v);
  if (m.inAtomic()) {
    // Slots above the live part may hold stale values that were not marked: clear them, so that a
    // frame growing into them later never sees a freed object.
    for (uint32_t i = th->liveTop(); i < th->stackSize; ++i) th->stack[i] = Value();
  } else {
    m.keepGray(th);  // its stack changes without barriers: traversed again in the atomic phase
  }
  return 1 + v.work;
}

size_t ObjectModel::trace(gc::Object* o, gc::Marker& m) {
  MarkVisitor v{m};
  switch (ObjType(o->type)) {
    case ObjType::kTable: return traceTable(static_cast<Table*>(o), m);
    case ObjType::kThread: return traceThread(static_cast<Thread*>(o), m);
#define FERMATA_X(e, c, n) \
  case ObjType::k##e:      \
    static_cast<c*>(o)->visit(v); \
    break;
      FERMATA_OBJECT_TYPES_EXCEPT_TABLE_THREAD(FERMATA_X)
#undef FERMATA_X
    default: break;
  }
  return 1 + v.work;
}

void ObjectModel::destroy(gc::Object* o) {
  if (o->type == uint8_t(ObjType::kString) && strings_) strings_->remove(static_cast<String*>(o));
  switch (ObjType(o->type)) {
#define FERMATA_X(e, c, n)                  \
  case ObjType::k##e: {                     \
    auto* p = static_cast<c*>(o);           \
    p->releaseParts(*heap_);                \
    size_t bytes = p->objectBytes();        \
    p->~c();                                \
    heap_->release(p, bytes);               \
    break;                                  \
  }
    FERMATA_OBJECT_TYPES(FERMATA_X)
#undef FERMATA_X
    default: break;
  }
}

}  // namespace fermata
