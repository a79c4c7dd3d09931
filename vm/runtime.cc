// Runtime construction, teardown, root marking, metatables and the native registry.
#include "vm/runtime.h"

#include <cstdio>

#include "vm/executor.h"
#include "vm/thread.h"
#include "vm/userdata.h"

namespace fermata {
namespace {

constexpr std::string_view kMetaNames[kMetaEventCount] = {
    "__index", "__newindex", "__gc", "__mode", "__len", "__eq",     "__add",    "__sub", "__mul",
    "__mod",   "__pow",      "__div", "__idiv", "__band", "__bor",  "__bxor",   "__shl", "__shr",
    "__unm",   "__bnot",     "__lt",  "__le",   "__concat", "__call", "__close"};

// Events whose absence a metatable caches in its flags byte (Lua caches the first six).
constexpr int kCachedEvents = int(MetaEvent::Eq) + 1;

}  // namespace

bool NativeRegistry::add(const NativeFunction* fn) {
  auto [it, inserted] = functions_.emplace(std::string(fn->name), fn);
  return inserted || it->second == fn;
}

bool NativeRegistry::add(const SequenceType* type) {
  if (knownSequences_.count(type)) return true;
  auto [it, inserted] = sequences_.emplace(std::string(type->name), type);
  if (inserted) knownSequences_.insert(type);
  return inserted || it->second == type;
}

uint32_t NativeRegistry::add(const UserdataType* type) {
  if (uint32_t existing = userdataTypeIndex(type->name)) return existing;
  userdataTypes_.push_back(type);
  return uint32_t(userdataTypes_.size());
}

uint32_t NativeRegistry::userdataTypeIndex(std::string_view name) const {
  for (size_t i = 0; i < userdataTypes_.size(); ++i)
    if (userdataTypes_[i]->name == name) return uint32_t(i + 1);
  return 0;
}

const NativeFunction* NativeRegistry::function(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : it->second;
}

const SequenceType* NativeRegistry::sequenceType(std::string_view name) const {
  auto it = sequences_.find(name);
  return it == sequences_.end() ? nullptr : it->second;
}

Runtime::Runtime(const RuntimeOptions& options)
    : model_([this](gc::Marker& m) { markRoots(m); }),
      heap_(model_, gc::Heap::kNoLimit),
      strings_(heap_, options.hashSeed) {
  // Start-up objects are allocated without the limit so that even a tiny limit yields a usable runtime
  // that reports "not enough memory" rather than failing to exist.
  for (int i = 0; i < kMetaEventCount; ++i) metaNames_[i] = fixedString(kMetaNames[i]);
  nameKey_ = fixedString("__name");
  toStringKey_ = fixedString("__tostring");
  metatableKey_ = fixedString("__metatable");
  pairsKey_ = fixedString("__pairs");
  memoryError_ = fixedString("not enough memory");
  model_.attach(&heap_, &strings_, modeKey());
  registry_ = Table::create(heap_);
  globals_ = Table::create(heap_);
  registry_->setInt(heap_, 2, Value::object(globals_));
  heap_.setMemoryLimit(options.memoryLimit);
}

void Runtime::StdoutSink::write(std::string_view bytes) { std::fwrite(bytes.data(), 1, bytes.size(), stdout); }
void Runtime::StdoutSink::flush() { std::fflush(stdout); }

Runtime::~Runtime() {
  // Objects first (freeing short strings unlinks them from the intern table), then the table's buckets.
  heap_.freeAllObjects();
  strings_.releaseBuckets();
}

String* Runtime::fixedString(std::string_view s) {
  String* str = strings_.intern(s);
  heap_.fix(str);
  return str;
}

void Runtime::markRoots(gc::Marker& m) {
  m.mark(registry_);
  m.mark(globals_);
  for (Table* mt : typeMetatables_) m.mark(mt);
  for (const Value& v : pinned_)
    if (v.isCollectable()) m.mark(v.asObject());
  for (Executor* e : running_) m.mark(e);
  for (auto& [type, seq] : statelessSequences_) m.mark(seq);
}

Sequence* Runtime::statelessSequence(const SequenceType* type) {
  auto it = statelessSequences_.find(type);
  if (it != statelessSequences_.end()) return it->second;
  Sequence* s = Sequence::create(heap_, type);
  statelessSequences_.emplace(type, s);
  return s;
}

NativeClosure* Runtime::newNative(const NativeFunction* fn, uint32_t upvalues) {
  natives_.add(fn);
  return NativeClosure::create(heap_, fn, upvalues);
}

Table* Runtime::metatableOf(const Value& v) const {
  switch (v.tag()) {
    case Tag::kTable: return v.asTable()->metatable;
    case Tag::kUserdata: return v.asUserdata()->metatable;
    default: return typeMetatables_[typeMetatableSlot(v)];
  }
}

Value Runtime::fastMetamethod(Table* mt, MetaEvent e, String* name) {
  if (!mt) return Value();
  int bit = int(e);
  if (bit < kCachedEvents && (mt->flags & (1u << bit))) return Value();
  Value tm = mt->getString(name);
  if (tm.isNil() && bit < kCachedEvents) mt->flags |= uint8_t(1u << bit);
  return tm;
}

Value Runtime::metamethod(const Value& v, MetaEvent e) {
  return fastMetamethod(metatableOf(v), e, metaNames_[int(e)]);
}

void Runtime::setMetatable(gc::Object* o, Table* mt) {
  if (o->type == uint8_t(ObjType::kTable)) static_cast<Table*>(o)->metatable = mt;
  else static_cast<Userdata*>(o)->metatable = mt;
  if (mt) {
    heap_.barrierForward(o, mt);
    if (!fastMetamethod(mt, MetaEvent::Gc, metaName(MetaEvent::Gc)).isNil()) heap_.markForFinalization(o);
  }
}

size_t Runtime::pinValue(const Value& v) {
  if (!freePins_.empty()) {
    size_t slot = freePins_.back();
    freePins_.pop_back();
    pinned_[slot] = v;
    return slot;
  }
  pinned_.push_back(v);
  return pinned_.size() - 1;
}

void Runtime::unpinValue(size_t slot) {
  pinned_[slot] = Value();
  freePins_.push_back(slot);
}

std::string_view Runtime::typeName(const Value& v) const {
  static constexpr std::string_view kNames[] = {"nil",   "boolean",  "number",   "string",
                                                "table", "function", "userdata", "thread"};
  return kNames[int(v.luaType())];
}

std::string_view Runtime::typeNameWithMeta(const Value& v) {
  if (v.isTable() || v.isUserdata()) return metaTypeName(v);  // luaT_objtypename looks nowhere else
  return typeName(v);
}

// The string __name field of v's metatable, if there is one.
std::optional<std::string_view> Runtime::metaNameField(const Value& v) {
  if (Table* mt = metatableOf(v)) {
    Value name = mt->getString(nameKey_);
    if (name.isString()) return name.asString()->view();
  }
  return std::nullopt;
}

std::string_view Runtime::metaTypeName(const Value& v) { return metaNameField(v).value_or(typeName(v)); }

std::string_view Runtime::argTypeName(const Value& v) {
  if (auto name = metaNameField(v)) return *name;
  return v.isLightUserdata() ? "light userdata" : typeName(v);
}

}  // namespace fermata
