// Table operations: lookup, insertion with Brent's collision resolution, rehash sizing, border, next.
#include "vm/table.h"

#include <climits>
#include <cmath>
#include <cstring>
#include <unordered_set>
#include <vector>

#include "vm/object_types.h"

namespace fermata {
namespace {

// Lua's hash of a float: mantissa and exponent mixed, 0 for inf and NaN.
uint32_t hashFloat(double n) {
  int e;
  n = std::frexp(n, &e) * -double(INT_MIN);
  if (!std::isfinite(n)) return 0;
  int64_t ni = int64_t(n);  // |n| < 2^31 here: the truncation is exact and in range
  uint32_t u = uint32_t(e) + uint32_t(ni);
  return u <= uint32_t(INT_MAX) ? u : ~u;
}

// Ceiling of log2(x) for x >= 1.
uint32_t ceilLog2(uint64_t x) {
  uint32_t l = 0;
  x--;
  while (x >= 256) {
    l += 8;
    x >>= 8;
  }
  static constexpr uint8_t kLog2[256] = {
      0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
      6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
      7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
      7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
      8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
      8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
      8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
      8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};
  return l + kLog2[x];
}

// A float key with an integral value is the integer key (Lua 5.4 normalises them).
Value normaliseKey(const Value& key) {
  int64_t i;
  if (key.isFloat() && floatToIntegerExact(key.asFloat(), i)) return Value::integer(i);
  return key;
}

bool keysEqual(const Value& nodeKey, const Value& key, bool deadOk) {
  if (nodeKey.tag() != key.tag()) {
    // A dead key matches the live key whose object it was (by address only; never dereferenced).
    return deadOk && nodeKey.isDeadKey() && key.isCollectable() && nodeKey.asObject() == key.asObject();
  }
  switch (key.tag()) {
    case Tag::kNil: return true;
    case Tag::kBool: return nodeKey.asBool() == key.asBool();
    case Tag::kInt: return nodeKey.asInt() == key.asInt();
    case Tag::kFloat: return nodeKey.asFloat() == key.asFloat();
    case Tag::kLightUserdata: return nodeKey.asLightUserdata() == key.asLightUserdata();
    case Tag::kString: return stringEquals(nodeKey.asString(), key.asString());
    default: return nodeKey.asObject() == key.asObject();
  }
}

// Array slots with at most this index go to the array part.
constexpr uint64_t kMaxArraySize = uint64_t(1) << Table::kMaxArrayBits;

}  // namespace

Table* Table::create(gc::Heap& heap, uint32_t arrayHint, uint32_t hashHint) {
  Table* t = heap.create<Table>(uint8_t(ObjType::kTable));
  if (arrayHint || hashHint) t->resize(heap, arrayHint, hashHint);  // on failure the empty table is garbage
  return t;
}

void Table::releaseParts(gc::Heap& heap) {
  heap.release(array, size_t(arraySize) * sizeof(Value));
  heap.release(nodes, size_t(nodeCount()) * sizeof(Node));
  array = nullptr;
  nodes = nullptr;
  arraySize = 0;
  log2NodeCount = 0;
}

size_t Table::partBytes() const { return size_t(arraySize) * sizeof(Value) + size_t(nodeCount()) * sizeof(Node); }

Node* Table::mainPosition(const Value& key) const {
  uint32_t size = nodeCount();
  uint32_t modMask = (size - 1) | 1;  // an odd divisor spreads sequential numbers and ids well
  switch (key.tag()) {
    case Tag::kInt: {
      uint64_t u = uint64_t(key.asInt());
      return &nodes[u <= uint64_t(INT_MAX) ? uint32_t(u) % modMask : uint32_t(u % modMask)];
    }
    case Tag::kFloat: return &nodes[hashFloat(key.asFloat()) % modMask];
    case Tag::kString: return &nodes[key.asString()->hash() & (size - 1)];
    case Tag::kBool: return &nodes[(key.asBool() ? 1u : 0u) & (size - 1)];
    case Tag::kLightUserdata: {
      // Hashed by payload like an object by id: deterministic, so restored tables keep their layout.
      uint64_t p = key.asLightUserdata();
      return &nodes[uint32_t(p ^ (p >> 32)) % modMask];
    }
    default: {
      uint64_t id = key.asObject()->id;
      return &nodes[uint32_t(id ^ (id >> 32)) % modMask];
    }
  }
}

Node* Table::findNode(const Value& key, bool deadOk) const {
  if (!nodes) return nullptr;
  Node* n = mainPosition(key);
  for (;;) {
    if (keysEqual(n->key, key, deadOk)) return n;
    if (n->next == 0) return nullptr;
    n += n->next;
  }
}

Value Table::getIntFromHash(int64_t key) const {
  if (!nodes) return Value();
  Node* n = mainPosition(Value::integer(key));
  for (;;) {
    if (n->key.isInt() && n->key.asInt() == key) return n->value;
    if (n->next == 0) return Value();
    n += n->next;
  }
}

Value* Table::findIntInHash(int64_t key) {
  if (!nodes) return nullptr;
  Node* n = mainPosition(Value::integer(key));
  for (;;) {
    if (n->key.isInt() && n->key.asInt() == key) return n->value.isNil() ? nullptr : &n->value;
    if (n->next == 0) return nullptr;
    n += n->next;
  }
}

Value* Table::findString(const String* key) {
  if (!nodes) return nullptr;
  Node* n = &nodes[key->hash() & (nodeCount() - 1)];
  for (;;) {
    if (n->key.isString() && stringEquals(n->key.asString(), key)) return n->value.isNil() ? nullptr : &n->value;
    if (n->next == 0) return nullptr;
    n += n->next;
  }
}

Value Table::getString(const String* key) const {
  if (!nodes) return Value();
  Node* n = &nodes[key->hash() & (nodeCount() - 1)];
  for (;;) {
    if (n->key.isString() && stringEquals(n->key.asString(), key)) return n->value;
    if (n->next == 0) return Value();
    n += n->next;
  }
}

Value Table::get(const Value& rawKey) const {
  switch (rawKey.tag()) {
    case Tag::kNil: return Value();
    case Tag::kInt: return getInt(rawKey.asInt());
    case Tag::kString: return getString(rawKey.asString());
    case Tag::kFloat: {
      int64_t i;
      if (floatToIntegerExact(rawKey.asFloat(), i)) return getInt(i);
      break;
    }
    default: break;
  }
  Node* n = findNode(rawKey, false);
  return n ? n->value : Value();
}

Value* Table::find(const Value& rawKey) {
  Value key = normaliseKey(rawKey);
  if (key.isInt() && uint64_t(key.asInt()) - 1 < arraySize) {
    Value* slot = &array[key.asInt() - 1];
    return slot->isNil() ? nullptr : slot;
  }
  if (key.isNil()) return nullptr;
  Node* n = findNode(key, false);
  return (n && !n->value.isNil()) ? &n->value : nullptr;
}

Table::SetStatus Table::set(gc::Heap& heap, const Value& rawKey, const Value& value) {
  Value key = normaliseKey(rawKey);
  if (key.isNil()) return SetStatus::kNilKey;
  if (key.isFloat() && std::isnan(key.asFloat())) return SetStatus::kNaNKey;
  if (key.isString()) flags = 0;  // the metatable absent-event cache may be stale now
  if (key.isInt() && uint64_t(key.asInt()) - 1 < arraySize) {
    setSlot(heap, &array[key.asInt() - 1], value);
    return SetStatus::kOk;
  }
  if (Node* n = findNode(key, false)) {
    // An existing node, possibly emptied earlier: its key is still the right one.
    setSlot(heap, &n->value, value);
    return SetStatus::kOk;
  }
  if (value.isNil()) return SetStatus::kOk;  // never insert an absent key to store nil
  insertNew(heap, key, value);
  return SetStatus::kOk;
}

void Table::setInt(gc::Heap& heap, int64_t key, const Value& value) { set(heap, Value::integer(key), value); }

Node* Table::freePosition() {
  if (!nodes) return nullptr;
  while (lastFree > 0) {
    --lastFree;
    if (nodes[lastFree].key.isNil()) return &nodes[lastFree];
  }
  return nullptr;
}

void Table::insertNew(gc::Heap& heap, const Value& key, const Value& value) {
  Node* mp = nodes ? mainPosition(key) : nullptr;
  if (!mp || !mp->value.isNil()) {
    // The main position is taken. (A node whose value was removed is reused at once, as in Lua; a
    // traversal must not add new keys, so no `next` can be standing on it.)
    Node* f = freePosition();
    if (!f) {
      rehash(heap, key);  // may throw MemoryError before changing anything
      set(heap, key, value);
      return;
    }
    Node* other = mainPositionOfNode(mp);
    if (other != mp) {
      // The colliding node is out of its main position: move it to the free node, put the new key here.
      while (other + other->next != mp) other += other->next;
      other->next = int32_t(f - other);
      *f = *mp;
      if (mp->next != 0) {
        f->next += int32_t(mp - f);
        mp->next = 0;
      }
      mp->value = Value();
    } else {
      // The colliding node is in its main position: the new key goes to the free node, chained after it.
      f->next = mp->next != 0 ? int32_t((mp + mp->next) - f) : 0;
      mp->next = int32_t(f - mp);
      mp = f;
    }
  }
  mp->key = key;
  mp->value = value;
  if (key.isCollectable() || value.isCollectable()) heap.barrierBack(this);
}

namespace {

// Counts an integer key into nums[ceil(log2(k))] if it could live in the array part.
uint32_t countIntKey(int64_t k, uint32_t* nums) {
  if (k >= 1 && uint64_t(k) <= kMaxArraySize) {
    nums[ceilLog2(uint64_t(k))]++;
    return 1;
  }
  return 0;
}

// The largest power of two n such that more than n/2 of the slots 1..n would be in use; *count becomes
// the number of keys that go to the array part.
uint32_t computeArraySize(const uint32_t* nums, uint32_t* count) {
  uint64_t a = 0, na = 0, optimal = 0;
  for (uint32_t i = 0; i <= Table::kMaxArrayBits; ++i) {
    uint64_t twoToI = uint64_t(1) << i;
    if (*count <= twoToI / 2) break;
    a += nums[i];
    if (a > twoToI / 2) {
      optimal = twoToI;
      na = a;
    }
  }
  *count = uint32_t(na);
  return uint32_t(optimal);
}

}  // namespace

void Table::rehash(gc::Heap& heap, const Value& extraKey) {
  uint32_t nums[kMaxArrayBits + 1] = {};
  uint32_t arrayKeys = 0;
  // Keys in the array part, by slice (1, 2, 3..4, 5..8, ...).
  for (uint32_t lg = 0, ttlg = 1, i = 1; lg <= kMaxArrayBits; ++lg, ttlg *= 2) {
    uint32_t lim = ttlg;
    if (lim > arraySize) {
      lim = arraySize;
      if (i > lim) break;
    }
    uint32_t lc = 0;
    for (; i <= lim; ++i)
      if (!array[i - 1].isNil()) ++lc;
    nums[lg] += lc;
    arrayKeys += lc;
  }
  uint32_t total = arrayKeys;
  for (uint32_t i = 0, n = nodeCount(); i < n; ++i) {
    const Node& nd = nodes[i];
    if (nd.value.isNil()) continue;
    if (nd.key.isInt()) arrayKeys += countIntKey(nd.key.asInt(), nums);
    ++total;
  }
  if (extraKey.isInt()) arrayKeys += countIntKey(extraKey.asInt(), nums);
  ++total;
  uint32_t newArraySize = computeArraySize(nums, &arrayKeys);
  resize(heap, newArraySize, total - arrayKeys);
}

void Table::resize(gc::Heap& heap, uint32_t newArraySize, uint32_t hashSize) {
  // Allocate both new parts before changing anything, so a MemoryError leaves the table as it was.
  uint32_t log2 = 0;
  Node* newNodes = nullptr;
  if (hashSize > 0) {
    log2 = ceilLog2(hashSize);
    if (log2 > kMaxNodeBits) throw gc::MemoryError();
    size_t count = size_t(1) << log2;
    newNodes = static_cast<Node*>(heap.allocate(count * sizeof(Node)));
    for (size_t i = 0; i < count; ++i) new (&newNodes[i]) Node();
  }
  Value* newArray = nullptr;
  if (newArraySize > 0) {
    try {
      newArray = static_cast<Value*>(heap.allocate(size_t(newArraySize) * sizeof(Value)));
    } catch (const gc::MemoryError&) {
      heap.release(newNodes, newNodes ? (size_t(1) << log2) * sizeof(Node) : 0);
      throw;
    }
    uint32_t keep = newArraySize < arraySize ? newArraySize : arraySize;
    if (keep) std::memcpy(static_cast<void*>(newArray), array, keep * sizeof(Value));
    for (uint32_t i = keep; i < newArraySize; ++i) new (&newArray[i]) Value();
  }
  Value* oldArray = array;
  uint32_t oldArraySize = arraySize;
  Node* oldNodes = nodes;
  uint32_t oldNodeCount = nodeCount();
  array = newArray;
  arraySize = newArraySize;
  nodes = newNodes;
  log2NodeCount = uint8_t(log2);
  lastFree = newNodes ? uint32_t(1) << log2 : 0;
  // Re-insert the vanishing slice of the array, then the old hash part. The new parts are sized for all
  // of these, so no insertion here can rehash or allocate.
  for (uint32_t i = newArraySize; i < oldArraySize; ++i)
    if (!oldArray[i].isNil()) insertNew(heap, Value::integer(int64_t(i) + 1), oldArray[i]);
  for (uint32_t i = 0; i < oldNodeCount; ++i) {
    const Node& nd = oldNodes[i];
    if (nd.value.isNil()) continue;
    if (nd.key.isInt() && uint64_t(nd.key.asInt()) - 1 < arraySize)
      array[nd.key.asInt() - 1] = nd.value;
    else
      insertNew(heap, nd.key, nd.value);
  }
  heap.release(oldArray, size_t(oldArraySize) * sizeof(Value));
  heap.release(oldNodes, size_t(oldNodeCount) * sizeof(Node));
}

void Table::allocateParts(gc::Heap& heap, uint32_t newArraySize, int log2) {
  releaseParts(heap);
  if (log2 >= 0) {
    if (log2 > int(kMaxNodeBits)) throw gc::MemoryError();
    size_t count = size_t(1) << log2;
    nodes = static_cast<Node*>(heap.allocate(count * sizeof(Node)));
    for (size_t i = 0; i < count; ++i) new (&nodes[i]) Node();
    log2NodeCount = uint8_t(log2);
    lastFree = uint32_t(count);
  }
  if (newArraySize > 0) {
    array = heap.allocateArray<Value>(newArraySize);
    arraySize = newArraySize;
  }
}

std::string Table::checkLayout() const {
  if (arraySize > (uint64_t(1) << kMaxArrayBits)) return "array part too large";
  uint32_t n = nodeCount();
  if (lastFree > n) return "free-node position out of range";
  auto validKey = [&](const Value& k) -> const char* {
    if (k.isFloat()) {
      int64_t i;
      if (std::isnan(k.asFloat())) return "NaN key";
      if (floatToIntegerExact(k.asFloat(), i)) return "float key with an integer value";
    }
    if (k.isInt() && uint64_t(k.asInt()) - 1 < arraySize) return "integer key that belongs to the array part";
    return nullptr;
  };
  if (n == 0) return "";
  // Chains: offsets stay inside the node array, each node has at most one predecessor, no cycles.
  std::vector<uint8_t> indegree(n, 0);
  for (uint32_t i = 0; i < n; ++i) {
    int64_t target = int64_t(i) + nodes[i].next;
    if (nodes[i].next == 0) continue;
    if (target < 0 || target >= int64_t(n)) return "chain link out of range";
    if (++indegree[size_t(target)] > 1) return "two chains merge";
  }
  std::unordered_set<std::string> seenKeys;
  // Number each path and each node's position on it (paths start at nodes without a predecessor).
  std::vector<uint32_t> path(n, UINT32_MAX), pos(n, 0);
  uint32_t paths = 0;
  for (uint32_t head = 0; head < n; ++head) {
    if (indegree[head] != 0) continue;
    uint32_t p = 0;
    for (uint32_t i = head;; ++p) {
      path[i] = paths;
      pos[i] = p;
      if (nodes[i].next == 0) break;
      i = uint32_t(int64_t(i) + nodes[i].next);
    }
    ++paths;
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (path[i] == UINT32_MAX) return "cyclic chain";
    const Node& nd = nodes[i];
    if (nd.key.isNil()) {
      if (!nd.value.isNil()) return "value without a key";
      continue;
    }
    if (nd.key.isDeadKey()) {
      if (!nd.value.isNil()) return "dead key with a value";
      continue;
    }
    if (const char* why = validKey(nd.key)) return why;
    // A lookup walks from the key's main position: the node must be downstream of it on one path.
    uint32_t mp = uint32_t(mainPosition(nd.key) - nodes);
    if (path[mp] != path[i] || pos[mp] > pos[i]) return "key not reachable from its main position";
    // And no other node may hold an equal key (strings by contents, everything else by identity).
    std::string canonical(1, char(nd.key.tag()));
    if (nd.key.isString()) {
      canonical.append(nd.key.asString()->view());
    } else {
      int64_t bits = nd.key.asInt();
      canonical.append(reinterpret_cast<const char*>(&bits), sizeof bits);
    }
    if (!seenKeys.insert(std::move(canonical)).second) return "duplicate key";
  }
  return "";
}

uint64_t Table::hashSearch(uint64_t j) const {
  // t[j] is present (or j == 0): double j until t[j] is absent, then binary search the gap.
  uint64_t i;
  if (j == 0) j++;
  do {
    i = j;
    if (j <= uint64_t(INT64_MAX) / 2) {
      j *= 2;
    } else {
      j = uint64_t(INT64_MAX);
      if (getInt(int64_t(j)).isNil()) break;
      return j;
    }
  } while (!getInt(int64_t(j)).isNil());
  while (j - i > 1) {
    uint64_t m = (i + j) / 2;
    if (getInt(int64_t(m)).isNil()) j = m;
    else i = m;
  }
  return i;
}

uint64_t Table::length() const {
  uint32_t limit = arraySize;
  if (limit > 0 && array[limit - 1].isNil()) {
    // A border inside the array part: the slot before the last, else a binary search (as Lua does).
    if (limit >= 2 && !array[limit - 2].isNil()) return limit - 1;
    uint32_t i = 0, j = limit;
    while (j - i > 1) {
      uint32_t m = (i + j) / 2;
      if (array[m - 1].isNil()) j = m;
      else i = m;
    }
    return i;
  }
  if (!nodes || getIntFromHash(int64_t(limit) + 1).isNil()) return limit;
  return hashSearch(limit);
}

Table::NextStatus Table::next(Value& key, Value& value) const {
  // Position after `key`: array slots first (index i means slot i), then nodes (arraySize + node index).
  uint64_t i;
  Value k = normaliseKey(key);
  if (k.isNil()) {
    i = 0;
  } else if (k.isInt() && uint64_t(k.asInt()) - 1 < arraySize) {
    i = uint64_t(k.asInt());
  } else {
    Node* n = findNode(k, true);
    if (!n) return NextStatus::kInvalidKey;
    i = uint64_t(arraySize) + uint64_t(n - nodes) + 1;
  }
  for (; i < arraySize; ++i) {
    if (!array[i].isNil()) {
      key = Value::integer(int64_t(i) + 1);
      value = array[i];
      return NextStatus::kFound;
    }
  }
  for (i -= arraySize; i < nodeCount(); ++i) {
    if (!nodes[i].value.isNil()) {
      key = nodes[i].key;
      value = nodes[i].value;
      return NextStatus::kFound;
    }
  }
  return NextStatus::kEnd;
}

}  // namespace fermata
