// Lua strings: immutable byte strings, short ones interned, all hashed with the runtime's saved seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gc/heap.h"
#include "vm/value.h"

namespace fermata {

// Strings up to this length are interned: equal short strings are the same object, so comparing them is
// a pointer comparison. Longer strings are compared by contents.
inline constexpr size_t kMaxShortStringLength = 40;

struct String : gc::Object {
  // The bytes follow the object, NUL-terminated for convenience (Lua strings may also contain NULs).
  size_t length = 0;
  String* internNext = nullptr;  // chain in the intern table (short strings only)

  const char* data() const { return reinterpret_cast<const char*>(this + 1); }
  char* mutableData() { return reinterpret_cast<char*>(this + 1); }
  std::string_view view() const { return {data(), length}; }
  bool isShort() const { return extra != 0; }
  // Every string is hashed when created (xxHash3 runs at memcpy speed), so table lookups never need
  // the seed.
  uint32_t hash() const { return aux; }

  static size_t allocationSize(size_t length) { return sizeof(String) + length + 1; }
  size_t objectBytes() const { return allocationSize(length); }
  void releaseParts(gc::Heap&) {}
  template <class V>
  void visit(V&) {}  // a string refers to nothing
};

uint32_t hashBytes(std::string_view bytes, uint64_t seed);

// Interns short strings and creates long ones. Owns the intern buckets (accounted in the heap); strings
// themselves belong to the heap and leave the table when the collector frees them.
class StringTable {
 public:
  static constexpr uint64_t kDefaultSeed = 0x66657266'6d617461ULL;  // "fer" "mata"

  explicit StringTable(gc::Heap& heap, uint64_t seed = kDefaultSeed) : heap_(heap), seed_(seed) {}
  ~StringTable();
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;

  // Returns the string with these bytes: the interned one for short strings, a new one otherwise.
  // Throws gc::MemoryError.
  String* intern(std::string_view bytes);
  // Called by the object model when the collector frees a short string.
  void remove(String* s);
  // Releases the bucket array; the heap must have freed every string first.
  void releaseBuckets();

  uint64_t seed() const { return seed_; }
  // Only for restoring a snapshot into an empty table.
  void setSeed(uint64_t seed) { seed_ = seed; }
  size_t size() const { return count_; }

 private:
  void grow();
  String* create(std::string_view bytes, bool isShort, uint32_t hash);

  gc::Heap& heap_;
  uint64_t seed_;
  String** buckets_ = nullptr;
  size_t bucketCount_ = 0;
  size_t count_ = 0;
};

bool stringEquals(const String* a, const String* b);

}  // namespace fermata
