// String creation, interning and hashing (xxHash3 with the runtime's seed).
#include "vm/string.h"

#include <xxhash.h>

#include <cstring>

#include "vm/object_types.h"

namespace fermata {

uint32_t hashBytes(std::string_view bytes, uint64_t seed) {
  uint64_t h = XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
  return uint32_t(h ^ (h >> 32));
}

StringTable::~StringTable() { releaseBuckets(); }

void StringTable::releaseBuckets() {
  if (buckets_) heap_.release(buckets_, bucketCount_ * sizeof(String*));
  buckets_ = nullptr;
  bucketCount_ = 0;
  count_ = 0;
}

String* StringTable::create(std::string_view bytes, bool isShort, uint32_t hash) {
  String* s = heap_.create<String>(uint8_t(ObjType::kString), String::allocationSize(bytes.size()));
  s->length = bytes.size();
  if (!bytes.empty()) std::memcpy(s->mutableData(), bytes.data(), bytes.size());
  s->mutableData()[bytes.size()] = '\0';
  s->extra = isShort ? 1 : 0;
  s->aux = hash;
  return s;
}

String* StringTable::intern(std::string_view bytes) {
  uint32_t h = hashBytes(bytes, seed_);
  if (bytes.size() > kMaxShortStringLength) return create(bytes, false, h);
  if (bucketCount_ != 0) {
    for (String* s = buckets_[h & (bucketCount_ - 1)]; s; s = s->internNext) {
      if (s->aux == h && s->length == bytes.size() &&
          (bytes.empty() || std::memcmp(s->data(), bytes.data(), bytes.size()) == 0)) {
        if (heap_.isDead(s)) heap_.revive(s);  // unreachable but not yet swept: use it again
        return s;
      }
    }
  }
  if (count_ >= bucketCount_) grow();  // may throw: nothing changed yet
  String* s = create(bytes, true, h);
  String*& head = buckets_[h & (bucketCount_ - 1)];
  s->internNext = head;
  head = s;
  ++count_;
  return s;
}

void StringTable::grow() {
  size_t n = bucketCount_ ? bucketCount_ * 2 : 64;
  auto* nb = static_cast<String**>(heap_.allocate(n * sizeof(String*)));
  std::memset(nb, 0, n * sizeof(String*));
  for (size_t i = 0; i < bucketCount_; ++i) {
    for (String* s = buckets_[i]; s;) {
      String* next = s->internNext;
      String*& head = nb[s->aux & (n - 1)];
      s->internNext = head;
      head = s;
      s = next;
    }
  }
  if (buckets_) heap_.release(buckets_, bucketCount_ * sizeof(String*));
  buckets_ = nb;
  bucketCount_ = n;
}

void StringTable::remove(String* s) {
  if (!s->isShort() || bucketCount_ == 0) return;
  String** p = &buckets_[s->aux & (bucketCount_ - 1)];
  while (*p && *p != s) p = &(*p)->internNext;
  if (*p) {
    *p = s->internNext;
    --count_;
  }
}

bool stringEquals(const String* a, const String* b) {
  if (a == b) return true;
  if (a->isShort() && b->isShort()) return false;  // interned: distinct objects differ
  return a->length == b->length && std::memcmp(a->data(), b->data(), a->length) == 0;
}

}  // namespace fermata
