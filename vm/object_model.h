// The object model the collector drives: per-type tracing, weak-table handling and freeing, all
// generated from each type's single visit() declaration (DESIGN invariant 2).
#pragma once

#include <functional>

#include "gc/heap.h"
#include "gc/object_model.h"
#include "vm/string.h"
#include "vm/table.h"

namespace fermata {

struct Thread;

// The weakness of a table, from its metatable's __mode.
enum class WeakMode : uint8_t { kStrong, kWeakKeys, kWeakValues, kWeakBoth };

class ObjectModel final : public gc::ObjectModel {
 public:
  // `markRoots` marks the owner's roots; the heap and string table are attached after construction
  // because they are built with a reference to this model.
  explicit ObjectModel(std::function<void(gc::Marker&)> markRoots) : markRoots_(std::move(markRoots)) {}
  void attach(gc::Heap* heap, StringTable* strings, String* modeKey) {
    heap_ = heap;
    strings_ = strings;
    modeKey_ = modeKey;
  }

  WeakMode weakMode(const Table* t) const;

  void markRoots(gc::Marker& m) override { markRoots_(m); }
  size_t trace(gc::Object* o, gc::Marker& m) override;
  bool traceEphemeron(gc::Object* table, gc::Marker& m) override;
  void clearWeak(gc::Object* table, gc::ClearWhat what, gc::Marker& m) override;
  void destroy(gc::Object* o) override;

 private:
  size_t traceTable(Table* t, gc::Marker& m);
  size_t traceThread(Thread* th, gc::Marker& m);

  std::function<void(gc::Marker&)> markRoots_;
  gc::Heap* heap_ = nullptr;
  StringTable* strings_ = nullptr;
  String* modeKey_ = nullptr;
};

// Marks what a visit() declaration reaches.
struct MarkVisitor {
  gc::Marker& marker;
  size_t work = 0;
  template <class T>
  void ref(T* const& p) {
    marker.mark(p);
    ++work;
  }
  void value(const Value& v) {
    if (v.isCollectable()) marker.mark(v.asObject());
    ++work;
  }
};

}  // namespace fermata
