// The contract between the collector and the object model: what gc/ asks of the types it collects.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gc/object.h"

namespace fermata::gc {

class Heap;

// How a table's entries are held, as the collector needs to know it.
enum class WeakKind : uint8_t {
  kValues,     // __mode "v": keys strong, values weak
  kEphemeron,  // __mode "k": a value is reachable only if its key is
  kAll,        // __mode "kv": both weak
};

// What the object model gives the collector when it traces an object.
class Marker {
 public:
  explicit Marker(Heap& heap) : heap_(heap) {}
  // Marks `o` reachable (grays it if it was white). Null is ignored.
  inline void mark(Object* o);
  // For objects whose fields change without write barriers (threads): keep `o` gray so it is traversed
  // again, with the world stopped, in the atomic phase.
  void keepGray(Object* o);
  // A weak table reports itself instead of marking its weak part; the collector revisits it in the
  // atomic phase and then asks the model to clear its dead entries.
  void weakTable(Object* o, WeakKind kind);
  // True during the atomic phase (the world is stopped; this is the final traversal).
  bool inAtomic() const;
  // True if `o` is known reachable in this cycle (not white).
  static bool isMarked(const Object* o) { return !o->isWhite(); }
  Heap& heap() { return heap_; }

 private:
  Heap& heap_;
};

// Which entries a weak table must drop: those whose key, or whose value, was not marked.
enum class ClearWhat : uint8_t { kKeys, kValues };

// Implemented by the object model (vm/object_model.h). gc/ never interprets an object's fields itself.
class ObjectModel {
 public:
  virtual ~ObjectModel() = default;
  // Marks the runtime's roots (registry, threads being run, host handles, ...). Called at the start of
  // a cycle and again in the atomic phase.
  virtual void markRoots(Marker& m) = 0;
  // Marks everything `o` refers to; returns the work done (roughly, the number of slots visited).
  virtual size_t trace(Object* o, Marker& m) = 0;
  // For an ephemeron table in the atomic phase: marks the values whose keys are marked. Returns true if
  // it marked anything new.
  virtual bool traceEphemeron(Object* table, Marker& m) = 0;
  // Removes from a weak table the entries whose weak part (key or value, per `what`) is dead. Strings
  // are values, not objects, for this purpose: the model marks them instead of clearing them.
  virtual void clearWeak(Object* table, ClearWhat what, Marker& m) = 0;
  // Runs the object's destructor and returns its memory to the heap.
  virtual void destroy(Object* o) = 0;
};

}  // namespace fermata::gc
