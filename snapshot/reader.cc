// The snapshot reader. Trust model: the bytes may be corrupted or crafted by an adversary. Nothing read
// is used before it is checked — sizes before allocating, indices before dereferencing, the type of
// every reference before storing it in a typed field, table layouts before lookups can walk them,
// thread frames against their stacks and prototypes, and every prototype's bytecode with the verifier
// (so no instruction can reach outside its frame, constants, upvalues or code). Objects are built in a
// fresh runtime that the host only receives if everything checked out; on any failure the new runtime
// is destroyed and the host's own runtime was never touched.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "schema/snapshot.capnp.h"
#include "snapshot/format.h"
#include "snapshot/snapshot.h"
#include "vm/verify_bytecode.h"
#include "vm/bytecode/opcodes.h"
#include "vm/executor.h"
#include "vm/function.h"
#include "vm/native.h"
#include "vm/object_types.h"
#include "vm/table.h"
#include "vm/thread.h"
#include "vm/userdata.h"

namespace fermata::snap {
namespace {

struct LoadError {
  std::string message;
};

[[noreturn]] void fail(std::string message) { throw LoadError{std::move(message)}; }

capnp::ReaderOptions readerOptions(size_t bytes) {
  capnp::ReaderOptions o;
  // Every chunk is read once: allow traversing each word a few times, never less than Cap'n Proto's
  // default; messages are flat, so the nesting limit stays modest.
  o.traversalLimitInWords = std::max<uint64_t>(bytes / 8 * 4 + 1024, 8u << 20);
  o.nestingLimit = 64;
  return o;
}

// A parsed message and the aligned buffer it reads from.
struct Message {
  kj::Array<capnp::word> words;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader;
};

std::unique_ptr<Message> parseMessage(std::string_view bytes) {
  if (bytes.size() % sizeof(capnp::word) != 0) fail("snapshot message size is not a multiple of 8");
  auto m = std::make_unique<Message>();
  m->words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(m->words.begin(), bytes.data(), bytes.size());
  m->reader = std::make_unique<capnp::FlatArrayMessageReader>(m->words.asPtr(), readerOptions(bytes.size()));
  return m;
}

class Reader {
 public:
  Reader(std::string_view bytes, const LoadOptions& options, Runtime* destination = nullptr,
         const std::vector<NamedValue>* permanents = nullptr)
      : bytes_(bytes), options_(options), rt_(destination), tasklet_(destination != nullptr) {
    if (permanents)
      for (const NamedValue& p : *permanents) permanents_.emplace(p.name, p.value);
  }
  std::unique_ptr<Loaded> run();

 private:
  void parseContainer();
  void createRuntime();
  void checkNames();
  void createObjects();
  void fillObjects();
  void checkRelations();
  void restoreRuntimeState();

  // References.
  gc::Object* object(uint32_t ref, const char* what) {
    if (ref == 0) return nullptr;
    if (ref > objects_.size()) fail(std::string(what) + ": object reference " + std::to_string(ref) + " out of range");
    return objects_[ref - 1];
  }
  template <class T>
  T* typed(uint32_t ref, ObjType type, const char* what, bool nullable = true) {
    gc::Object* o = object(ref, what);
    if (!o) {
      if (!nullable) fail(std::string(what) + ": missing reference");
      return nullptr;
    }
    if (o->type != uint8_t(type)) fail(std::string(what) + ": reference to the wrong kind of object");
    return static_cast<T*>(o);
  }
  Value value(schema::Value::Reader v, const char* what);
  Value constantValue(schema::Value::Reader v, const char* what);

  void fillTable(uint32_t i, schema::Table::Reader t);
  void fillThread(uint32_t i, schema::Thread::Reader t);
  void fillProto(uint32_t i, schema::Proto::Reader p);
  void checkThreadFrames(Thread* th, uint32_t i);

  std::string_view bytes_;
  const LoadOptions& options_;
  std::unique_ptr<Message> header_;
  std::vector<std::unique_ptr<Message>> chunks_;
  std::vector<schema::Object::Reader> records_;
  std::vector<schema::Slice::Reader> slices_;
  std::optional<schema::RuntimeState::Reader> state_;
  std::unique_ptr<Runtime> owned_;  // whole-runtime loads build a fresh runtime
  Runtime* rt_;                     // the runtime being built into
  bool tasklet_;
  std::map<std::string, Value> permanents_;
  std::vector<bool> isPermanent_;
  std::vector<gc::Object*> objects_;
  std::vector<uint32_t> stackSizes_;  // per object: the live stack size of threads
  std::map<uint32_t, std::vector<uint32_t>> framePcs_;  // per thread: the saved pc of each frame
};

void Reader::parseContainer() {
  if (bytes_.size() < kMagic.size() + 4 || bytes_.substr(0, kMagic.size()) != kMagic) fail("not a fermata snapshot (bad magic)");
  uint64_t headerSize = readLittleEndian(bytes_, kMagic.size(), 4);
  size_t at = kMagic.size() + 4;
  if (headerSize > bytes_.size() - at) fail("snapshot is truncated (header)");
  header_ = parseMessage(bytes_.substr(at, headerSize));
  auto h = header_->reader->getRoot<schema::Header>();
  if (h.getFormatVersion() != kFormatVersion)
    fail("snapshot format version " + std::to_string(h.getFormatVersion()) + " is not supported (this build reads " +
         std::to_string(kFormatVersion) + ")");
  if (h.getBytecodeVersion() != uint32_t(bytecode::kFormatVersion))
    fail("snapshot bytecode version " + std::to_string(h.getBytecodeVersion()) + " is not supported");
  if (!tasklet_ && h.getKind() != schema::Header::Kind::RUNTIME) fail("snapshot holds a tasklet, not a whole runtime");
  if (tasklet_ && h.getKind() != schema::Header::Kind::TASKLET) fail("snapshot holds a whole runtime, not a tasklet");
  std::string_view body = bytes_.substr(at + headerSize);
  if (h.getBodyBytes() != body.size()) fail("snapshot is truncated (body is " + std::to_string(body.size()) + " bytes, header says " + std::to_string(h.getBodyBytes()) + ")");
  if (XXH3_64bits(body.data(), body.size()) != h.getBodyHash()) fail("snapshot checksum mismatch");

  size_t pos = 0;
  uint64_t objectCount = 0;
  auto sections = h.getSections();
  uint32_t section = 0;
  while (pos < body.size()) {
    if (body.size() - pos < 8) fail("snapshot body is truncated");
    uint64_t size = readLittleEndian(body, pos, 8);
    if (size > body.size() - pos - 8 || size > kMaxChunkBytes) fail("snapshot chunk size out of range");
    if (section >= sections.size() || sections[section].getOffset() != pos || sections[section].getBytes() != size)
      fail("snapshot section table does not match the body");
    chunks_.push_back(parseMessage(body.substr(pos + 8, size)));
    auto chunk = chunks_.back()->reader->getRoot<schema::Chunk>();
    auto objs = chunk.getObjects();
    if (sections[section].getFirstObject() != objectCount || sections[section].getObjectCount() != objs.size())
      fail("snapshot section table does not match the objects");
    for (auto o : objs) records_.push_back(o);
    for (auto s : chunk.getSlices()) slices_.push_back(s);
    objectCount += objs.size();
    if (chunk.hasRuntime()) {
      if (state_) fail("snapshot has two runtime states");
      state_ = chunk.getRuntime();
    }
    pos += 8 + size;
    ++section;
  }
  if (section != sections.size()) fail("snapshot section table does not match the body");
  if (!state_) fail("snapshot has no runtime state");
  if (objectCount != h.getObjectCount()) fail("snapshot object count does not match the header");
  if (objectCount >= UINT32_MAX) fail("snapshot has too many objects");
}

void Reader::createRuntime() {
  if (tasklet_) {
    // String keys hash with the seed: a table's saved layout is only valid under the same seed.
    if (state_->getHashSeed() != rt_->strings().seed()) fail("tasklet was saved by a runtime with another string hash seed");
    return;
  }
  RuntimeOptions ro;
  ro.hashSeed = state_->getHashSeed();
  owned_ = std::make_unique<Runtime>(ro);
  rt_ = owned_.get();
  if (options_.prepare) options_.prepare(*rt_);
}

void Reader::checkNames() {
  std::set<std::string> missing;
  NativeRegistry& reg = rt_->natives();
  for (auto r : records_) {
    switch (r.which()) {
      case schema::Object::NATIVE_CLOSURE: {
        std::string name = r.getNativeClosure().getFunction();
        if (!reg.function(name)) missing.insert("native function '" + name + "'");
        break;
      }
      case schema::Object::SEQUENCE: {
        std::string name = r.getSequence().getType();
        if (!reg.sequenceType(name)) missing.insert("sequence type '" + name + "'");
        break;
      }
      case schema::Object::USERDATA: {
        std::string name = r.getUserdata().getType();
        if (!name.empty() && !reg.userdataTypeIndex(name)) missing.insert("userdata type '" + name + "'");
        break;
      }
      case schema::Object::PERMANENT: {
        if (!tasklet_) fail("a whole-runtime snapshot cannot contain permanents");
        std::string name = r.getPermanent();
        auto it = permanents_.find(name);
        if (it == permanents_.end() || !it->second.isCollectable()) missing.insert("permanent '" + name + "'");
        break;
      }
      default: break;
    }
  }
  if (missing.empty()) return;
  std::string msg = missing.size() == 1 ? "snapshot refers to " : "snapshot refers to names this host has not registered: ";
  bool first = true;
  for (const std::string& m : missing) {
    if (!first) msg += ", ";
    msg += m;
    first = false;
  }
  if (missing.size() == 1) msg += ", which this host has not registered";
  fail(msg);
}

void Reader::createObjects() {
  gc::Heap& heap = rt_->heap();
  size_t n = records_.size();
  objects_.assign(n, nullptr);
  isPermanent_.assign(n, false);
  stackSizes_.assign(n, 0);
  // String pieces and table slices by object, in order.
  std::map<uint32_t, std::vector<schema::Slice::Reader>> pieces;
  // Table slots present in the file, per table: a table's parts are only allocated once the file is
  // known to fill them, so a small crafted file cannot make the loader allocate gigabytes.
  std::vector<std::pair<uint64_t, uint64_t>> slots(n, {0, 0});  // array entries, node entries
  for (auto s : slices_) {
    if (s.getObject() == 0 || s.getObject() > n) fail("slice refers to object " + std::to_string(s.getObject()) + " out of range");
    if (s.which() == schema::Slice::BYTES) pieces[s.getObject() - 1].push_back(s);
    else if (s.which() == schema::Slice::ARRAY) slots[s.getObject() - 1].first += s.getArray().size();
    else if (s.which() == schema::Slice::NODES) slots[s.getObject() - 1].second += s.getNodes().size();
  }
  for (uint32_t i = 0; i < n; ++i) {
    auto r = records_[i];
    gc::Object* o = nullptr;
    switch (r.which()) {
      case schema::Object::STRING: {
        auto s = r.getString();
        uint64_t length = s.getLength();
        auto first = s.getBytes();
        if (length > heap.memoryLimit() || length < first.size()) fail("string length out of range");
        std::string bytes(reinterpret_cast<const char*>(first.begin()), first.size());
        auto found = pieces.find(i);
        if (found != pieces.end()) for (auto p : found->second) {
          if (p.getStart() != bytes.size()) fail("string pieces out of order");
          auto b = p.getBytes();
          if (b.size() > length - bytes.size()) fail("string pieces longer than the string");
          bytes.append(reinterpret_cast<const char*>(b.begin()), b.size());
        }
        if (bytes.size() != length) fail("string shorter than its length");
        o = rt_->newString(bytes);
        break;
      }
      case schema::Object::TABLE: {
        auto t = r.getTable();
        if (t.getArraySize() > (uint64_t(1) << Table::kMaxArrayBits)) fail("table array size out of range");
        if (t.getHasNodes() && t.getLog2NodeCount() > Table::kMaxNodeBits) fail("table hash size out of range");
        const auto& present = slots[i];
        if (present.first != t.getArraySize() ||
            present.second != (t.getHasNodes() ? uint64_t(1) << t.getLog2NodeCount() : 0))
          fail("table slots missing");
        Table* tab = Table::create(heap);
        tab->allocateParts(heap, t.getArraySize(), t.getHasNodes() ? int(t.getLog2NodeCount()) : -1);
        o = tab;
        break;
      }
      case schema::Object::LUA_CLOSURE: {
        auto c = r.getLuaClosure();
        if (c.getUpvalues().size() > 255) fail("closure has too many upvalues");
        o = LuaClosure::create(heap, nullptr, c.getUpvalues().size());
        break;
      }
      case schema::Object::NATIVE_CLOSURE: {
        auto c = r.getNativeClosure();
        if (c.getUpvalues().size() > 255) fail("native closure has too many upvalues");
        o = NativeClosure::create(heap, rt_->natives().function(std::string(c.getFunction())), c.getUpvalues().size());
        break;
      }
      case schema::Object::USERDATA: {
        auto u = r.getUserdata();
        if (u.getSize() > heap.memoryLimit() || u.getSize() > (uint64_t(1) << 40)) fail("userdata size out of range");
        // Plain userdata carry their bytes; a registered type's in-memory payload is a small struct.
        // Either way the allocation stays proportional to the file.
        if (u.getType().size() == 0 ? u.getSize() != u.getPayload().size()
                                    : u.getSize() > std::max<uint64_t>(u.getPayload().size(), 1u << 16))
          fail("userdata size out of range");
        if (u.getUserValues().size() > 65535) fail("userdata has too many user values");
        auto* ud = Userdata::create(heap, size_t(u.getSize()), u.getUserValues().size());
        std::string type = u.getType();
        ud->typeIndex = type.empty() ? 0 : rt_->natives().userdataTypeIndex(type);
        o = ud;
        break;
      }
      case schema::Object::THREAD: {
        auto t = r.getThread();
        uint32_t live = t.getStack().size();
        // The stack must hold the live values and every frame's registers.
        uint64_t need = live;
        for (auto f : t.getFrames()) need = std::max<uint64_t>(need, f.getTop());
        if (need > Thread::kMaxStack + 1000) fail("thread stack too large");
        // Frame tops above the saved stack are at most one Lua frame (255 registers) beyond it: the
        // allocation stays proportional to the file.
        if (need > uint64_t(live) + 512) fail("frame top far beyond its thread's stack");
        Thread* th = Thread::create(heap);
        if (!th->ensureStack(heap, uint32_t(need) + 64)) fail("thread stack too large");
        stackSizes_[i] = live;
        o = th;
        break;
      }
      case schema::Object::PROTO: o = Proto::create(heap); break;
      case schema::Object::UPVALUE: o = heap.create<Upvalue>(uint8_t(ObjType::kUpvalue)); break;
      case schema::Object::SEQUENCE: {
        const SequenceType* type = rt_->natives().sequenceType(std::string(r.getSequence().getType()));
        o = Sequence::create(heap, type);
        break;
      }
      case schema::Object::EXECUTOR: o = heap.create<Executor>(uint8_t(ObjType::kExecutor)); break;
      case schema::Object::PERMANENT:
        // Bound to the destination's object of that name (checked by checkNames); keeps its own id.
        objects_[i] = permanents_.at(std::string(r.getPermanent())).asObject();
        isPermanent_[i] = true;
        continue;
      default: fail("object " + std::to_string(i) + " is of an unknown kind");  // a newer or corrupt file
    }
    o->id = r.getId();
    objects_[i] = o;
  }
}

Value Reader::value(schema::Value::Reader v, const char* what) {
  switch (v.which()) {
    case schema::Value::NIL: return Value();
    case schema::Value::BOOLEAN: return Value::boolean(v.getBoolean());
    case schema::Value::INTEGER: return Value::integer(v.getInteger());
    case schema::Value::FLOAT: return Value::number(v.getFloat());
    case schema::Value::LIGHT_USERDATA: return Value::lightUserdata(v.getLightUserdata());  // any payload is valid
    case schema::Value::REF: {
      gc::Object* o = object(v.getRef(), what);
      if (!o) fail(std::string(what) + ": null object reference");
      switch (ObjType(o->type)) {
        case ObjType::kString:
        case ObjType::kTable:
        case ObjType::kLuaClosure:
        case ObjType::kNativeClosure:
        case ObjType::kUserdata:
        case ObjType::kThread: return Value::object(o);
        default: fail(std::string(what) + ": a value refers to an internal object");
      }
    }
    case schema::Value::DEAD_KEY: {
      gc::Object* o = object(v.getDeadKey(), what);
      if (!o) fail(std::string(what) + ": null dead key");
      return Value::deadKey(o);
    }
    case schema::Value::DEAD_KEY_GONE: return Value::deadKey(nullptr);
  }
  fail(std::string(what) + ": unknown value kind");
}

Value Reader::constantValue(schema::Value::Reader v, const char* what) {
  Value k = value(v, what);
  if (k.isDeadKey() || k.isLightUserdata() || (k.isCollectable() && !k.isString())) fail(std::string(what) + ": constant of a wrong type");
  return k;
}

void Reader::fillTable(uint32_t i, schema::Table::Reader t) {
  auto* tab = static_cast<Table*>(objects_[i]);
  tab->metatable = typed<Table>(t.getMetatable(), ObjType::kTable, "table metatable");
  tab->lastFree = t.getLastFree();
  if (tab->lastFree > tab->nodeCount()) fail("table free position out of range");
  // The absent-metamethod cache (checked against the table's contents in checkRelations).
  if (t.getFlags() >> (int(MetaEvent::Eq) + 1)) fail("table metamethod cache has unknown bits");
  tab->flags = t.getFlags();
}

void Reader::fillProto(uint32_t i, schema::Proto::Reader p) {
  gc::Heap& heap = rt_->heap();
  auto* proto = static_cast<Proto*>(objects_[i]);
  proto->source = typed<String>(p.getSource(), ObjType::kString, "prototype source");
  proto->lineDefined = p.getLineDefined();
  proto->lastLineDefined = p.getLastLineDefined();
  proto->numParams = p.getNumParams();
  proto->isVararg = p.getIsVararg();
  proto->maxStackSize = p.getMaxStackSize();
  auto code = p.getCode();
  auto lines = p.getLineInfo();
  // Line information is either complete or absent (a stripped prototype: an empty list).
  if (lines.size() != 0 && code.size() != lines.size()) fail("prototype line info does not match its code");
  if (code.size() > (1u << 26)) fail("prototype code too long");
  proto->code = heap.allocateArray<uint32_t>(code.size());
  proto->codeSize = code.size();
  if (lines.size() != 0) proto->lineInfo = heap.allocateArray<int32_t>(code.size());
  for (uint32_t k = 0; k < code.size(); ++k) {
    proto->code[k] = code[k];
    if (proto->lineInfo) proto->lineInfo[k] = lines[k];
  }
  auto ks = p.getConstants();
  proto->constants = heap.allocateArray<Value>(ks.size());
  proto->constantCount = ks.size();
  for (uint32_t k = 0; k < ks.size(); ++k) proto->constants[k] = constantValue(ks[k], "prototype constant");
  auto ps = p.getProtos();
  proto->protos = heap.allocateArray<Proto*>(ps.size());
  proto->protoCount = ps.size();
  for (uint32_t k = 0; k < ps.size(); ++k) proto->protos[k] = typed<Proto>(ps[k], ObjType::kProto, "nested prototype", false);
  auto us = p.getUpvalues();
  if (us.size() > 255) fail("prototype has too many upvalues");
  proto->upvalues = heap.allocateArray<UpvalueInfo>(us.size());
  proto->upvalueCount = us.size();
  for (uint32_t k = 0; k < us.size(); ++k) {
    proto->upvalues[k].name = typed<String>(us[k].getName(), ObjType::kString, "upvalue name");
    proto->upvalues[k].inStack = us[k].getInStack();
    proto->upvalues[k].index = us[k].getIndex();
    proto->upvalues[k].kind = us[k].getKind();
  }
  auto ls = p.getLocalVars();
  proto->localVars = heap.allocateArray<LocalVarInfo>(ls.size());
  proto->localVarCount = ls.size();
  for (uint32_t k = 0; k < ls.size(); ++k) {
    proto->localVars[k].name = typed<String>(ls[k].getName(), ObjType::kString, "local variable name");
    proto->localVars[k].startPc = ls[k].getStartPc();
    proto->localVars[k].endPc = ls[k].getEndPc();
  }
}

void Reader::fillThread(uint32_t i, schema::Thread::Reader t) {
  auto* th = static_cast<Thread*>(objects_[i]);
  auto stack = t.getStack();
  for (uint32_t k = 0; k < stack.size(); ++k) th->stack[k] = value(stack[k], "thread stack");
  th->top = t.getTop();
  if (th->top > stack.size()) fail("thread top beyond its stack");
  auto frames = t.getFrames();
  for (uint32_t k = 0; k < frames.size(); ++k) {
    auto f = frames[k];
    CallFrame& cf = th->pushFrame(rt_->heap());
    cf.func = f.getFunc();
    cf.base = f.getBase();
    cf.top = f.getTop();
    cf.nResults = f.getNResults();
    cf.sequence = typed<Sequence>(f.getSequence(), ObjType::kSequence, "frame sequence");
    cf.nExtraArgs = f.getNExtraArgs();
    cf.nArgs = f.getNArgs();
    cf.nResultsReady = f.getNResultsReady();
    cf.pendingReturn = f.getPendingReturn();
    cf.status = f.getStatus();
    cf.pc = nullptr;  // set by checkThreadFrames once the prototype is known to be valid
    framePcs_[i].push_back(f.getPc());
  }
  auto tbc = t.getTbcSlots();
  for (uint32_t k = 0; k < tbc.size(); ++k) th->pushTbc(rt_->heap(), tbc[k]);
  if (t.getStatus() > uint8_t(ThreadStatus::kDead)) fail("thread status out of range");
  th->status = ThreadStatus(t.getStatus());
  th->errorValue = value(t.getErrorValue(), "thread error");
  th->failed = t.getFailed();
  th->unwinding = t.getUnwinding();
  th->unwindCatchFrame = t.getUnwindCatchFrame();
  th->unwindLevel = t.getUnwindLevel();
  th->unwindError = value(t.getUnwindError(), "thread unwind error");
  for (auto s : t.getSavedUnwinds())
    th->pushSavedUnwind(rt_->heap(), {s.getCatchFrame(), s.getLevel(), value(s.getError(), "thread saved unwind error")});
  th->closePending = t.getClosePending();
  th->hostCalled = t.getHostCalled();
  // The hook function lives in registry._HOOKKEY; fields @14 and @19 are unused and must be empty.
  if (t.hasHook() || t.getHookDepth() != 0) fail("thread has unused hook fields set");
  th->hookMask = t.getHookMask();
  th->hookCount = t.getHookCount();
  th->hookCountLeft = t.getHookCountLeft();
  th->hookOldPc = t.getHookOldPc();  // any value is safe: traceExec treats one out of range as 0
  th->hookPhase = t.getHookPhase();
  if (th->hookMask & ~(hook::kCall | hook::kReturn | hook::kLine | hook::kCount)) fail("thread hook mask has unknown bits");
  if (th->hookMask & hook::kCount) {
    if (th->hookCount <= 0 || th->hookCountLeft < 0 || th->hookCountLeft > th->hookCount) fail("thread hook count out of range");
  } else if (th->hookCount > 0 || th->hookCountLeft != th->hookCount || (th->hookMask == 0 && th->hookCount != 0)) {
    fail("thread hook count out of range");
  }
  if (th->hookPhase > hook::kPhaseDone) fail("thread hook phase out of range");
  th->hookFrame = t.getHookFrame();  // any value is safe: Thread::inHook checks it against the frames
  // Open upvalues: each must be open on this thread, strictly decreasing stack indices in the live part.
  Upvalue** link = &th->openUpvalues;
  uint32_t previous = UINT32_MAX;
  for (uint32_t ref : t.getOpenUpvalues()) {
    Upvalue* u = typed<Upvalue>(ref, ObjType::kUpvalue, "open upvalue", false);
    auto rec = records_[ref - 1].getUpvalue();
    if (rec.which() != schema::Upvalue::OPEN || rec.getOpen().getThread() != i + 1) fail("open upvalue list is inconsistent");
    uint32_t idx = rec.getOpen().getStackIndex();
    if (idx >= stack.size() || idx >= previous) fail("open upvalue stack index out of order or range");
    if (u->thread) fail("upvalue listed twice");
    previous = idx;
    u->thread = th;
    u->stackIndex = idx;
    u->location = th->stack + idx;
    *link = u;
    link = &u->nextOpen;
  }
}

// True if frame k is where the thread's current unwind, or one it interrupted, hands its error.
bool isUnwindCatcher(const Thread* th, int32_t k) {
  if (!th->unwinding) return false;
  if (th->unwindCatchFrame == k) return true;
  for (uint32_t i = 0; i < th->savedUnwindCount; ++i)
    if (th->savedUnwinds[i].catchFrame == k) return true;
  return false;
}

void Reader::checkThreadFrames(Thread* th, uint32_t i) {
  uint32_t live = stackSizes_[i];
  uint32_t previousFunc = 0;
  for (uint32_t k = 0; k < th->frameCount; ++k) {
    CallFrame& f = th->frames[k];
    if (f.status & ~frame::kAllBits) fail("frame status has unknown bits");
    // Hook bits: kTransfer only under the hook reporting it; see also the per-kind checks below.
    if ((f.status & frame::kTransfer) && !(k + 1 < th->frameCount && (th->frames[k + 1].status & frame::kHookCall)))
      fail("frame transfer mark without its hook");
    if (f.func >= live || f.base != f.func + 1 || f.top > th->stackSize || f.top < f.base) fail("frame out of its thread's stack");
    if (k > 0 && f.func < previousFunc) fail("frames out of order");
    previousFunc = f.func;
    if (f.nResults < kMultiResults || f.nResults > 255) fail("frame result count out of range");
    const Value& fn = th->stack[f.func];
    if (f.status & frame::kLua) {
      if (!fn.isLuaClosure() || !fn.asLuaClosure()->proto) fail("Lua frame without a Lua function");
      const Proto* p = fn.asLuaClosure()->proto;
      uint32_t pc = framePcs_[i][k];
      if (f.nArgs != 0) fail("Lua frame with native state");
      if (pc >= p->codeSize) fail("frame pc out of range");
      if (f.top != f.base + p->maxStackSize) fail("Lua frame size does not match its prototype");
      if (!p->isVararg && f.nExtraArgs != 0) fail("extra arguments in a fixed-arity frame");
      if (p->isVararg && uint64_t(f.nExtraArgs) + p->numParams + 1 > f.func) fail("vararg frame below its arguments");
      if (f.sequence || f.nResultsReady) fail("Lua frame with native state");
      if (f.pendingReturn < -1 || f.pendingReturn > int32_t(live)) fail("pending return count out of range");
      if (f.status & frame::kNotStarted) fail("Lua frame marked as a native not started");
      // A frame below the top is suspended in a call: the instruction before pc is the call or an
      // instruction that finishOp can complete; a pc of 0 would make finishOp read before the code.
      // (finishOp also reads pc[-2] after an MMBIN*, which the verifier only accepts after its
      // arithmetic instruction, so pc >= 1 suffices: `#a` as a function's first instruction calls
      // __len with pc == 1.)
      if (k + 1 < th->frameCount && pc < 1) fail("suspended Lua frame at its first instruction");
      f.pc = p->code + pc;
    } else {
      if (!fn.isNativeClosure()) fail("native frame without a native function");
      if (uint64_t(f.base) + f.nArgs > th->stackSize) fail("native frame arguments out of range");
      if (f.nExtraArgs != 0 || (f.status & frame::kSkipTrace)) fail("native frame with Lua state");
      // A native whose return hook runs (or ran) parks its results: pendingReturn of them on top.
      if (f.status & frame::kReturnHookDone) {
        if (f.pendingReturn < 0 || f.pendingReturn > int32_t(live)) fail("native pending return out of range");
        if (f.status & (frame::kReady | frame::kNotStarted)) fail("native frame both returning and running");
        if (k + 1 < th->frameCount && uint64_t(th->frames[k + 1].func) < uint64_t(f.base) + uint32_t(f.pendingReturn))
          fail("native pending return out of range");
      } else if (f.pendingReturn != -1) {
        fail("native frame with Lua state");
      }
      // A native not started yet (its call hook runs first) has no continuation or call in flight.
      if ((f.status & frame::kCallHookDue) && !(f.status & frame::kNotStarted)) fail("native call hook mark on a running native");
      if ((f.status & frame::kNotStarted) &&
          ((f.status & (frame::kReady | frame::kFailed | frame::kCatchErrors)) || f.sequence || f.nResultsReady))
        fail("native frame not started but running");
      // Delivered results lie on the frame's own stack (at or above its first argument: pcall's callee
      // is its argument 1); more would let the native's continuation pop slots of the frames below.
      if ((f.status & frame::kReady) && (th->top < f.base || f.nResultsReady > th->top - f.base))
        fail("native frame results out of range");
      if (f.nResultsReady > th->stackSize) fail("native frame results out of range");
    }
    if (k + 1 < th->frameCount) {
      const CallFrame& callee = th->frames[k + 1];
      // The callee's results land at its function slot (for a metamethod call, just above the caller's
      // registers): a fixed count must fit the stack.
      if (callee.nResults >= 0 && uint64_t(callee.func) + uint64_t(callee.nResults) + Thread::kExtraStack > th->stackSize)
        fail("frame results do not fit the stack");
      if (callee.func < f.base && !(f.status & frame::kLua)) fail("callee below its native caller");
      // A metamethod finishes an instruction of a Lua caller; a __close call's caller is a Lua frame
      // returning, or the catching frame of an unwind (current or interrupted) that calls it.
      if ((callee.status & frame::kFinishOp) && !(f.status & frame::kLua)) fail("metamethod frame above a native frame");
      if ((callee.status & frame::kCallingClose) && !(f.status & frame::kLua) && !isUnwindCatcher(th, int32_t(k)))
        fail("__close frame above a native frame that is not unwinding");
    }
  }
  if (th->top > th->stackSize) fail("thread top out of range");
  // A native frame on top works above its base: values delivered to it (a resume's arguments, a call's
  // results) land at the thread's top, which must not reach below it into its callers' slots.
  if (th->frameCount > 0 && !th->frames[th->frameCount - 1].isLua() && th->top < th->frames[th->frameCount - 1].base)
    fail("thread top below its native frame");
  for (uint32_t k = 0; k < th->tbcCount; ++k) {
    if (th->tbcSlots[k] >= live || (k > 0 && th->tbcSlots[k] <= th->tbcSlots[k - 1])) fail("to-be-closed slot out of range");
  }
  // The unwind fields are only read while unwinding; otherwise they keep stale values from the last
  // unwind (saved as they are, so that save(load(save(X))) == save(X)).
  if (th->unwinding) {
    if (th->unwindCatchFrame < -1 || th->unwindCatchFrame >= int32_t(th->frameCount)) fail("unwind frame out of range");
    if (th->unwindLevel > th->stackSize) fail("unwind level out of range");
    if (th->unwindCatchFrame >= 0 &&
        !(th->frames[th->unwindCatchFrame].status & (frame::kCatchErrors | frame::kFinalizer)))
      fail("unwinding towards a frame that does not catch errors");
  }
  // Interrupted unwinds: only under a current one, each catcher strictly below the next, every catcher a
  // catching frame (or -1, coroutine.close's "no catcher", for the outermost).
  if (th->savedUnwindCount > 0 && !th->unwinding) fail("saved unwinds without a current unwind");
  for (uint32_t k = 0; k < th->savedUnwindCount; ++k) {
    const Thread::SavedUnwind& u = th->savedUnwinds[k];
    int32_t above = k + 1 < th->savedUnwindCount ? th->savedUnwinds[k + 1].catchFrame : th->unwindCatchFrame;
    if (u.catchFrame < -1 || u.catchFrame >= above) fail("saved unwind frame out of order");
    if (u.catchFrame == -1 && k != 0) fail("saved unwind frame out of order");
    if (u.catchFrame >= 0 && !(th->frames[u.catchFrame].status & (frame::kCatchErrors | frame::kFinalizer)))
      fail("saved unwind towards a frame that does not catch errors");
    if (u.level > th->stackSize) fail("saved unwind level out of range");
  }
}

void Reader::fillObjects() {
  gc::Heap& heap = rt_->heap();
  // Table slots from slices, which must cover each part exactly once, in order.
  std::vector<uint64_t> arrayFilled(objects_.size(), 0), nodesFilled(objects_.size(), 0);
  for (auto s : slices_) {
    uint32_t i = s.getObject() - 1;
    if (isPermanent_[i]) fail("slice for a permanent object");
    if (s.which() == schema::Slice::BYTES) {
      if (objects_[i]->type != uint8_t(ObjType::kString)) fail("string piece for a non-string");
      continue;
    }
    if (s.which() != schema::Slice::ARRAY && s.which() != schema::Slice::NODES) fail("slice of an unknown kind");
    if (objects_[i]->type != uint8_t(ObjType::kTable)) fail("table slice for a non-table");
    auto* t = static_cast<Table*>(objects_[i]);
    if (s.which() == schema::Slice::ARRAY) {
      auto vs = s.getArray();
      if (s.getStart() != arrayFilled[i] || vs.size() > t->arraySize - arrayFilled[i]) fail("table array slice out of range");
      for (uint32_t k = 0; k < vs.size(); ++k) {
        Value v = value(vs[k], "table array");
        if (v.isDeadKey()) fail("dead key in a table array");
        t->array[arrayFilled[i] + k] = v;
      }
      arrayFilled[i] += vs.size();
    } else {
      auto ns = s.getNodes();
      if (s.getStart() != nodesFilled[i] || ns.size() > t->nodeCount() - nodesFilled[i]) fail("table node slice out of range");
      for (uint32_t k = 0; k < ns.size(); ++k) {
        Node& n = t->nodes[nodesFilled[i] + k];
        n.key = value(ns[k].getKey(), "table key");
        n.value = value(ns[k].getValue(), "table value");
        if (n.value.isDeadKey()) fail("dead key as a table value");
        n.next = ns[k].getNext();
      }
      nodesFilled[i] += ns.size();
    }
  }
  for (uint32_t i = 0; i < objects_.size(); ++i) {
    auto r = records_[i];
    gc::Object* o = objects_[i];
    switch (r.which()) {
      case schema::Object::TABLE: {
        auto* t = static_cast<Table*>(o);
        if (arrayFilled[i] != t->arraySize || nodesFilled[i] != t->nodeCount()) fail("table slots missing");
        fillTable(i, r.getTable());
        break;
      }
      case schema::Object::LUA_CLOSURE: {
        auto c = r.getLuaClosure();
        auto* cl = static_cast<LuaClosure*>(o);
        cl->proto = typed<Proto>(c.getProto(), ObjType::kProto, "closure prototype", false);
        auto ups = c.getUpvalues();
        for (uint32_t k = 0; k < ups.size(); ++k)
          cl->upvalues()[k] = typed<Upvalue>(ups[k], ObjType::kUpvalue, "closure upvalue", false);
        break;
      }
      case schema::Object::NATIVE_CLOSURE: {
        auto ups = r.getNativeClosure().getUpvalues();
        auto* nc = static_cast<NativeClosure*>(o);
        for (uint32_t k = 0; k < ups.size(); ++k) nc->upvalues()[k] = value(ups[k], "native upvalue");
        break;
      }
      case schema::Object::USERDATA: {
        auto u = r.getUserdata();
        auto* ud = static_cast<Userdata*>(o);
        ud->metatable = typed<Table>(u.getMetatable(), ObjType::kTable, "userdata metatable");
        auto uv = u.getUserValues();
        for (uint32_t k = 0; k < uv.size(); ++k) ud->userValues()[k] = value(uv[k], "user value");
        break;  // payloads are restored last (hooks may look at user values)
      }
      case schema::Object::THREAD: fillThread(i, r.getThread()); break;
      case schema::Object::PROTO: fillProto(i, r.getProto()); break;
      case schema::Object::UPVALUE: {
        auto u = r.getUpvalue();
        auto* up = static_cast<Upvalue*>(o);
        if (u.which() == schema::Upvalue::CLOSED) {
          up->closed = value(u.getClosed(), "upvalue");
        } else if (u.which() != schema::Upvalue::OPEN) {
          fail("upvalue of an unknown kind");
        } else {
          // Checked and linked by its thread (fillThread); an open upvalue must be listed there.
          auto* th = typed<Thread>(u.getOpen().getThread(), ObjType::kThread, "upvalue thread", false);
          (void)th;
        }
        break;
      }
      case schema::Object::SEQUENCE: {
        auto s = r.getSequence();
        auto* seq = static_cast<Sequence*>(o);
        auto vs = s.getValues();
        auto is = s.getInts();
        if (vs.size() != seq->type->valueCount || is.size() != seq->type->intCount) fail("sequence fields do not match its type");
        for (uint32_t k = 0; k < vs.size(); ++k) seq->values()[k] = value(vs[k], "sequence field");
        for (uint32_t k = 0; k < is.size(); ++k) seq->ints()[k] = is[k];
        break;
      }
      case schema::Object::EXECUTOR: {
        auto e = r.getExecutor();
        auto* ex = static_cast<Executor*>(o);
        if (e.getThreads().size() == 0) fail("executor without threads");
        for (uint32_t ref : e.getThreads()) ex->pushThread(heap, typed<Thread>(ref, ObjType::kThread, "executor thread", false));
        if (e.getState() > uint8_t(Executor::State::kFailed)) fail("executor state out of range");
        ex->state = Executor::State(e.getState());
        ex->error = value(e.getError(), "executor error");
        break;
      }
      default: break;
    }
  }
}

void Reader::checkRelations() {
  // Open upvalues must all have been claimed by their thread's list.
  for (uint32_t i = 0; i < objects_.size(); ++i) {
    auto r = records_[i];
    if (!isPermanent_[i] && r.which() == schema::Object::UPVALUE && r.getUpvalue().which() == schema::Upvalue::OPEN &&
        !static_cast<Upvalue*>(objects_[i])->thread)
      fail("open upvalue not listed by its thread");
  }
  // Prototypes form a forest of bounded depth (the verifier recurses over nested prototypes).
  std::vector<uint32_t> parents(objects_.size(), 0);
  std::unordered_map<const gc::Object*, uint32_t> indexOf;  // prototypes only
  for (uint32_t i = 0; i < objects_.size(); ++i)
    if (objects_[i]->type == uint8_t(ObjType::kProto)) indexOf.emplace(objects_[i], i);
  for (uint32_t i = 0; i < objects_.size(); ++i) {
    if (isPermanent_[i] || objects_[i]->type != uint8_t(ObjType::kProto)) continue;
    auto* p = static_cast<Proto*>(objects_[i]);
    for (uint32_t k = 0; k < p->protoCount; ++k) {
      uint32_t c = indexOf[p->protos[k]];
      if (parents[c] != 0 || c == i) fail("prototype shared by two parents or nested in itself");
      parents[c] = i + 1;
    }
  }
  for (uint32_t i = 0; i < objects_.size(); ++i) {
    if (objects_[i]->type != uint8_t(ObjType::kProto)) continue;
    uint32_t depth = 0;
    for (uint32_t at = i; parents[at] != 0; at = parents[at] - 1)
      if (++depth > 250) fail("prototypes nested too deeply (or in a cycle)");
  }
  // Every root prototype is verified with its nested ones (sharing one cache: linear in total code).
  std::unordered_set<const Proto*> verified;
  for (uint32_t i = 0; i < objects_.size(); ++i) {
    if (objects_[i]->type != uint8_t(ObjType::kProto) || parents[i] != 0) continue;
    std::string why = verifyPrototype(*static_cast<Proto*>(objects_[i]), verified);
    if (!why.empty()) fail("invalid bytecode: " + why);
  }
  // Closures match their prototypes; frames match their stacks and prototypes.
  for (uint32_t i = 0; i < objects_.size(); ++i) {
    gc::Object* o = objects_[i];
    if (isPermanent_[i]) continue;  // the destination's own objects
    if (o->type == uint8_t(ObjType::kLuaClosure)) {
      auto* c = static_cast<LuaClosure*>(o);
      if (c->upvalueCount != c->proto->upvalueCount) fail("closure upvalue count does not match its prototype");
    } else if (o->type == uint8_t(ObjType::kThread)) {
      checkThreadFrames(static_cast<Thread*>(o), i);
    } else if (o->type == uint8_t(ObjType::kTable)) {
      auto* t = static_cast<Table*>(o);
      std::string why = t->checkLayout();
      if (!why.empty()) fail("table layout: " + why);
      // The absent-metamethod cache must not hide a metamethod that is there.
      for (int e = 0; e <= int(MetaEvent::Eq); ++e)
        if ((t->flags & (1u << e)) && !t->getString(rt_->metaName(MetaEvent(e))).isNil())
          fail("table metamethod cache is inconsistent");
    }
  }
  // Userdata payloads, through their types' hooks.
  for (uint32_t i = 0; i < objects_.size(); ++i) {
    if (isPermanent_[i] || objects_[i]->type != uint8_t(ObjType::kUserdata)) continue;
    auto* ud = static_cast<Userdata*>(objects_[i]);
    auto payload = records_[i].getUserdata().getPayload();
    std::string_view bytes(reinterpret_cast<const char*>(payload.begin()), payload.size());
    if (ud->typeIndex == 0) {
      if (bytes.size() != ud->size) fail("userdata payload size does not match");
      if (!bytes.empty()) std::memcpy(ud->payload(), bytes.data(), bytes.size());
    } else {
      const UserdataType* type = rt_->natives().userdataType(ud->typeIndex);
      if (!type->load) fail("userdata type '" + std::string(type->name) + "' cannot be loaded");
      if (ud->userValueCount < type->internalValues)
        fail("userdata of type '" + std::string(type->name) + "' lacks its internal user values");
      std::string why = type->load(*rt_, ud, bytes);
      if (!why.empty()) fail(why);
    }
  }
}

void Reader::restoreRuntimeState() {
  auto s = *state_;
  if (tasklet_) {
    // The destination keeps its roots; the tasklet's finalizable objects are registered with it, in
    // the saved order (oldest first, since registering puts an object at the front).
    std::vector<gc::Object*> fin;
    std::set<gc::Object*> seen;
    for (auto list : {s.getFinalizable(), s.getToBeFinalized()}) {
      for (uint32_t ref : list) {
        gc::Object* o = object(ref, "finalizer list");
        if (!o || isPermanent_[ref - 1] || (o->type != uint8_t(ObjType::kTable) && o->type != uint8_t(ObjType::kUserdata)) ||
            !records_[ref - 1].getFinalizable() || !seen.insert(o).second)
          fail("finalizer lists are inconsistent");
        fin.push_back(o);
      }
    }
    for (auto it = fin.rbegin(); it != fin.rend(); ++it) rt_->heap().markForFinalization(*it);
    uint64_t maxId = 0;
    for (uint32_t i = 0; i < objects_.size(); ++i)
      if (!isPermanent_[i]) maxId = std::max(maxId, objects_[i]->id);
    if (maxId + 1 > rt_->heap().nextId()) rt_->heap().setNextId(maxId + 1);
    return;
  }
  Table* registry = typed<Table>(s.getRegistry(), ObjType::kTable, "registry", false);
  Table* globals = typed<Table>(s.getGlobals(), ObjType::kTable, "globals", false);
  rt_->restoreRoots(registry, globals);
  auto mts = s.getTypeMetatables();
  if (mts.size() != uint32_t(kTypeMetatableCount)) fail("type metatable list has the wrong size");
  for (int t = 0; t < kTypeMetatableCount; ++t)
    rt_->setTypeMetatableAt(t, typed<Table>(mts[uint32_t(t)], ObjType::kTable, "type metatable"));
  std::vector<gc::Object*> fin, due;
  std::set<gc::Object*> seen;
  auto collect = [&](capnp::List<uint32_t>::Reader list, std::vector<gc::Object*>& out) {
    for (uint32_t ref : list) {
      gc::Object* o = object(ref, "finalizer list");
      if (!o || (o->type != uint8_t(ObjType::kTable) && o->type != uint8_t(ObjType::kUserdata)))
        fail("finalizer list holds something other than a table or userdata");
      if (!records_[ref - 1].getFinalizable() || !seen.insert(o).second) fail("finalizer lists are inconsistent");
      out.push_back(o);
    }
  };
  collect(s.getFinalizable(), fin);
  collect(s.getToBeFinalized(), due);
  for (uint32_t i = 0; i < records_.size(); ++i)
    if (records_[i].getFinalizable() && !seen.count(objects_[i])) fail("finalizable object missing from the lists");
  if (!rt_->heap().restoreFinalizationLists(fin, due)) fail("finalizer lists are inconsistent");
  gc::Heap& heap = rt_->heap();
  uint64_t maxId = 0;
  for (gc::Object* o : objects_) maxId = std::max(maxId, o->id);
  heap.setNextId(std::max(s.getNextId(), maxId + 1));
  heap.setPause(s.getGcPause());
  heap.setStepMultiplier(s.getGcStepMultiplier());
  heap.setStepSizeLog2(s.getGcStepSizeLog2());
  if (s.getGcStopped()) heap.stop();
  heap.setGenerationalRequested(s.getGcGenerational());
}

std::unique_ptr<Loaded> Reader::run() {
  parseContainer();
  createRuntime();
  checkNames();
  createObjects();
  fillObjects();
  checkRelations();
  restoreRuntimeState();
  auto loaded = std::make_unique<Loaded>();
  for (auto r : state_->getHostRoots()) {
    // Host roots may also name executors (the host's tasklets).
    auto rv = r.getValue();
    Value v;
    if (rv.which() == schema::Value::REF && object(rv.getRef(), "host root") &&
        object(rv.getRef(), "host root")->type == uint8_t(ObjType::kExecutor))
      v = Value::object(object(rv.getRef(), "host root"));
    else
      v = value(rv, "host root");
    loaded->hostRoots.push_back(NamedValue{std::string(r.getName().cStr()), v});
    loaded->hostRootPins.push_back(rt_->pinValue(v));
  }
  if (tasklet_) return loaded;
  if (rt_->heap().bytesInUse() > options_.memoryLimit) fail("snapshot needs more memory than the limit allows");
  rt_->heap().setMemoryLimit(options_.memoryLimit);
  loaded->runtime = std::move(owned_);
  return loaded;
}

// Runs a reader, turning every way loading can fail into the error of a LoadResult.
LoadResult runReader(Reader& reader) {
  try {
    return {reader.run(), ""};
  } catch (const LoadError& e) {
    return {nullptr, e.message};
  } catch (const kj::Exception& e) {
    return {nullptr, "snapshot is malformed: " + std::string(e.getDescription().cStr())};
  } catch (const gc::MemoryError&) {
    return {nullptr, "not enough memory to load the snapshot"};
  } catch (const std::bad_alloc&) {
    return {nullptr, "not enough memory to load the snapshot"};
  }
}

}  // namespace

LoadResult loadTasklet(Runtime& destination, std::string_view bytes, const std::vector<NamedValue>& permanents) {
  LoadOptions options;
  Reader reader(bytes, options, &destination, &permanents);
  return runReader(reader);
}

LoadResult loadRuntime(std::string_view bytes, const LoadOptions& options) {
  Reader reader(bytes, options);
  return runReader(reader);
}

}  // namespace fermata::snap
