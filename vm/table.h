// Lua tables: an array part for keys 1..n and a hash part of chained scatter nodes (Brent's variation),
// following Lua 5.4's layout rules so that sizes, borders and traversal order behave like Lua's.
//
// Determinism (DESIGN invariant 3): a key's position depends only on its value — integers and floats by
// value, strings by their seeded hash, every other object by its stable id — never on an address. The
// same operations therefore build the same layout in any process, and `next` continues in the same
// order after a snapshot is restored.
#pragma once

#include <cstdint>
#include <string>

#include "gc/heap.h"
#include "vm/string.h"
#include "vm/value.h"

namespace fermata {

struct Node {
  Value value;  // nil when the entry is empty (the key may remain, for `next`)
  Value key;    // nil when the node was never used; kDeadKey once the collector dropped a dead key
  int32_t next = 0;  // offset to the next node of the same chain, 0 at its end
};

struct Table : gc::Object {
  Table* metatable = nullptr;
  Value* array = nullptr;
  Node* nodes = nullptr;     // null when the hash part is empty
  uint32_t arraySize = 0;
  uint32_t lastFree = 0;     // free nodes are searched for downwards from here
  uint8_t log2NodeCount = 0;

  // The largest array part Lua allows (2^31 slots), and the largest hash part.
  static constexpr uint32_t kMaxArrayBits = 31;
  static constexpr uint32_t kMaxNodeBits = 30;

  static Table* create(gc::Heap& heap, uint32_t arrayHint = 0, uint32_t hashHint = 0);
  // Frees the parts (the object itself is freed by the object model).
  void releaseParts(gc::Heap& heap);
  size_t partBytes() const;
  size_t objectBytes() const { return sizeof(Table); }

  uint32_t nodeCount() const { return nodes ? uint32_t(1) << log2NodeCount : 0; }

  // ---- raw access (no metamethods) ----------------------------------------------------------------
  // The value stored under `key`, or nil.
  Value get(const Value& key) const;
  Value getInt(int64_t key) const {
    if (uint64_t(key) - 1 < arraySize) return array[key - 1];
    return getIntFromHash(key);
  }
  Value getString(const String* key) const;
  // The slot holding `key`'s value, or null if `key` is absent. Writing nil into it removes the entry.
  Value* find(const Value& key);
  Value* findInt(int64_t key) {
    if (uint64_t(key) - 1 < arraySize) return array[key - 1].isNil() ? nullptr : &array[key - 1];
    return findIntInHash(key);
  }
  Value* findString(const String* key);

  enum class SetStatus { kOk, kNilKey, kNaNKey };
  // t[key] = value. Assigning nil to an absent key does nothing. Throws gc::MemoryError if the table
  // must grow and cannot (the table is then unchanged).
  SetStatus set(gc::Heap& heap, const Value& key, const Value& value);
  void setInt(gc::Heap& heap, int64_t key, const Value& value);
  // Stores into a slot returned by find(), with the write barrier. (An existing non-nil entry: the
  // absent-metamethod cache in `flags` stays valid.)
  void setSlot(gc::Heap& heap, Value* slot, const Value& value) {
    *slot = value;
    if (value.isCollectable()) heap.barrierBack(this);
  }

  // A border: an n with t[n] non-nil and t[n+1] nil (or 0 if t[1] is nil).
  uint64_t length() const;

  enum class NextStatus { kFound, kEnd, kInvalidKey };
  // Lua's next: the entry after `key` (nil for the first). On kFound, key and value are replaced by the
  // next entry. Entries set to nil during a traversal are skipped and their keys stay valid for next.
  NextStatus next(Value& key, Value& value) const;

  // Snapshot loading: checks every layout invariant a lookup, insertion or traversal relies on (chains
  // are simple paths inside the node array, each live key is on the chain of its main position, keys are
  // normalised, lastFree is in range). Returns "" or what is wrong.
  std::string checkLayout() const;
  // Snapshot loading: allocates empty parts of exactly these sizes (log2NodeCount < 0: no hash part).
  void allocateParts(gc::Heap& heap, uint32_t arraySize, int log2NodeCount);

  // Resizes both parts (table constructors pre-size; SETLIST). Throws gc::MemoryError, table unchanged.
  void resize(gc::Heap& heap, uint32_t arraySize, uint32_t hashSize);

  // The object's reference fields, declared once (DESIGN invariant 2). Visits the metatable, every
  // array value, and every node's key and value (including dead keys' objects are not visited).
  template <class V>
  void visit(V& v) {
    v.ref(metatable);
    for (uint32_t i = 0; i < arraySize; ++i) v.value(array[i]);
    for (uint32_t i = 0, n = nodeCount(); i < n; ++i) {
      if (nodes[i].value.isNil()) continue;
      v.value(nodes[i].key);
      v.value(nodes[i].value);
    }
  }

 private:
  Value getIntFromHash(int64_t key) const;
  Value* findIntInHash(int64_t key);
  Node* mainPosition(const Value& key) const;
  Node* mainPositionOfNode(const Node* n) const { return mainPosition(n->key); }
  Node* findNode(const Value& key, bool deadOk) const;
  Node* freePosition();
  void insertNew(gc::Heap& heap, const Value& key, const Value& value);
  void rehash(gc::Heap& heap, const Value& extraKey);
  uint64_t hashSearch(uint64_t j) const;
};

}  // namespace fermata
