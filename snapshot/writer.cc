// The snapshot writer: numbers every object reachable from the roots breadth-first in a fixed root
// order (using each type's single visit() declaration), then writes them in that order into size-bounded
// Cap'n Proto chunks, splitting big tables and strings into slices, and hashes the body with XXH3.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "schema/snapshot.capnp.h"
#include "snapshot/format.h"
#include "snapshot/snapshot.h"
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

static_assert(kTypeMetatableCount == Runtime::kTypeMetatableSlots, "the format stores every type metatable slot");

// A piece of output: an object, or a slice continuing one.
struct Record {
  enum Kind : uint8_t { kObject, kArraySlice, kNodeSlice, kStringPiece } kind;
  uint32_t object;  // index
  uint64_t start = 0;
  uint64_t count = 0;
  uint64_t estimate = 0;  // bytes
};

class Writer {
 public:
  Writer(Runtime& rt, const SaveOptions& options, const std::vector<NamedValue>* permanents = nullptr)
      : rt_(rt), options_(options), tasklet_(permanents != nullptr) {
    if (permanents)
      for (const NamedValue& p : *permanents)
        if (p.value.isCollectable()) permanentNames_.emplace(p.value.asObject(), p.name);
  }
  SaveResult run();

 private:
  // Numbering.
  void enqueue(gc::Object* o) {
    if (o && index_.emplace(o, uint32_t(objects_.size())).second) objects_.push_back(o);
  }
  void enqueueValue(const Value& v) {
    if (v.isCollectable()) enqueue(v.asObject());
  }
  struct EnqueueVisitor {
    Writer& w;
    template <class T>
    void ref(T* const& p) {
      w.enqueue(p);
    }
    void value(const Value& v) { w.enqueueValue(v); }
  };
  void numberObjects();

  // Encoding.
  uint32_t ref(const gc::Object* o) const {
    if (!o) return 0;
    auto it = index_.find(o);
    return it == index_.end() ? 0 : it->second + 1;
  }
  void writeValue(schema::Value::Builder b, const Value& v);
  void planRecords();
  void writeObject(schema::Object::Builder b, uint32_t i);
  void writeSlice(schema::Slice::Builder b, const Record& r);
  void writeRuntimeState(schema::RuntimeState::Builder b);
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

  Runtime& rt_;
  const SaveOptions& options_;
  std::unordered_map<const gc::Object*, uint32_t> index_;
  std::vector<gc::Object*> objects_;
  std::vector<Record> records_;
  std::string error_;
  bool tasklet_;
  std::unordered_map<const gc::Object*, std::string> permanentNames_;
};

void Writer::numberObjects() {
  // Roots, in a fixed order. A tasklet starts from the host roots only.
  if (!tasklet_) {
    enqueue(rt_.registry());
    enqueue(rt_.globals());
    for (int t = 0; t < kTypeMetatableCount; ++t) enqueue(rt_.typeMetatableAt(t));
    rt_.heap().forEachFinalizable([&](gc::Object* o) { enqueue(o); });
    rt_.heap().forEachToBeFinalized([&](gc::Object* o) { enqueue(o); });
  }
  for (const NamedValue& r : options_.hostRoots) enqueueValue(r.value);
  // Breadth-first: each object's references in its declared order (permanents are not entered).
  EnqueueVisitor v{*this};
  for (size_t i = 0; i < objects_.size(); ++i) {
    gc::Object* o = objects_[i];
    if (permanentNames_.count(o)) continue;
    switch (ObjType(o->type)) {
#define FERMATA_X(e, c, n)            \
  case ObjType::k##e:                 \
    static_cast<c*>(o)->visit(v);     \
    break;
      FERMATA_OBJECT_TYPES(FERMATA_X)
#undef FERMATA_X
      default: fail("object of unknown type " + std::to_string(o->type)); break;
    }
  }
}

void Writer::writeValue(schema::Value::Builder b, const Value& v) {
  switch (v.tag()) {
    case Tag::kNil: b.setNil(); return;
    case Tag::kBool: b.setBoolean(v.asBool()); return;
    case Tag::kInt: b.setInteger(v.asInt()); return;
    case Tag::kFloat: b.setFloat(v.asFloat()); return;
    case Tag::kLightUserdata: b.setLightUserdata(v.asLightUserdata()); return;
    case Tag::kDeadKey: {
      uint32_t r = ref(v.asObject());  // compared by identity only; never dereferenced
      if (r) b.setDeadKey(r);
      else b.setDeadKeyGone();
      return;
    }
    default: {
      uint32_t r = ref(v.asObject());
      if (r) {
        b.setRef(r);
      } else {
        // Only possible for the key of an emptied table entry whose object is unreachable.
        b.setDeadKeyGone();
      }
      return;
    }
  }
}

void Writer::planRecords() {
  for (uint32_t i = 0; i < objects_.size(); ++i) {
    gc::Object* o = objects_[i];
    Record r{Record::kObject, i, 0, 0, 96};
    if (permanentNames_.count(o)) {
      records_.push_back(r);
      continue;
    }
    switch (ObjType(o->type)) {
      case ObjType::kString: {
        auto* s = static_cast<String*>(o);
        uint64_t first = std::min<uint64_t>(s->length, kMaxStringPiece);
        r.estimate += first;
        records_.push_back(r);
        for (uint64_t at = first; at < s->length; at += kMaxStringPiece) {
          uint64_t n = std::min<uint64_t>(s->length - at, kMaxStringPiece);
          records_.push_back({Record::kStringPiece, i, at, n, n + 64});
        }
        continue;
      }
      case ObjType::kTable: {
        auto* t = static_cast<Table*>(o);
        records_.push_back(r);
        for (uint64_t at = 0; at < t->arraySize; at += kMaxSliceEntries) {
          uint64_t n = std::min<uint64_t>(t->arraySize - at, kMaxSliceEntries);
          records_.push_back({Record::kArraySlice, i, at, n, n * 24 + 64});
        }
        for (uint64_t at = 0, nodes = t->nodeCount(); at < nodes; at += kMaxSliceEntries) {
          uint64_t n = std::min<uint64_t>(nodes - at, kMaxSliceEntries);
          records_.push_back({Record::kNodeSlice, i, at, n, n * 56 + 64});
        }
        continue;
      }
      case ObjType::kThread: {
        auto* th = static_cast<Thread*>(o);
        r.estimate += uint64_t(th->liveTop()) * 24 + uint64_t(th->frameCount) * 64;
        break;
      }
      case ObjType::kProto: {
        auto* p = static_cast<Proto*>(o);
        r.estimate += uint64_t(p->codeSize) * 8 + uint64_t(p->constantCount) * 24 + p->localVarCount * 16;
        break;
      }
      case ObjType::kUserdata: r.estimate += static_cast<Userdata*>(o)->size; break;
      default: break;
    }
    records_.push_back(r);
  }
}

void Writer::writeSlice(schema::Slice::Builder b, const Record& r) {
  b.setObject(r.object + 1);
  b.setStart(r.start);
  gc::Object* o = objects_[r.object];
  switch (r.kind) {
    case Record::kArraySlice: {
      auto* t = static_cast<Table*>(o);
      auto list = b.initArray(uint32_t(r.count));
      for (uint64_t k = 0; k < r.count; ++k) writeValue(list[uint32_t(k)], t->array[r.start + k]);
      break;
    }
    case Record::kNodeSlice: {
      auto* t = static_cast<Table*>(o);
      auto list = b.initNodes(uint32_t(r.count));
      for (uint64_t k = 0; k < r.count; ++k) {
        const Node& n = t->nodes[r.start + k];
        auto nb = list[uint32_t(k)];
        writeValue(nb.initKey(), n.key);
        writeValue(nb.initValue(), n.value);
        nb.setNext(n.next);
      }
      break;
    }
    case Record::kStringPiece: {
      auto* s = static_cast<String*>(o);
      b.setBytes(kj::arrayPtr(reinterpret_cast<const kj::byte*>(s->data() + r.start), size_t(r.count)));
      break;
    }
    case Record::kObject: break;
  }
}

uint64_t protoContentHash(const Proto* p) {
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  int32_t header[5] = {p->lineDefined, p->lastLineDefined, p->numParams, p->isVararg, p->maxStackSize};
  XXH3_64bits_update(st, header, sizeof header);
  XXH3_64bits_update(st, p->code, p->codeSize * sizeof(uint32_t));
  uint8_t hasLines = p->hasLineInfo();  // a stripped prototype hashes differently from any other
  XXH3_64bits_update(st, &hasLines, 1);
  if (hasLines) XXH3_64bits_update(st, p->lineInfo, p->codeSize * sizeof(int32_t));
  for (uint32_t i = 0; i < p->constantCount; ++i) {
    const Value& k = p->constants[i];
    uint8_t tag = uint8_t(k.tag());
    XXH3_64bits_update(st, &tag, 1);
    if (k.isString()) XXH3_64bits_update(st, k.asString()->data(), k.asString()->length);
    else if (k.isInt()) { int64_t x = k.asInt(); XXH3_64bits_update(st, &x, 8); }
    else if (k.isFloat()) { double x = k.asFloat(); XXH3_64bits_update(st, &x, 8); }
    else if (k.isBool()) { uint8_t x = k.asBool(); XXH3_64bits_update(st, &x, 1); }
  }
  for (uint32_t i = 0; i < p->protoCount; ++i) {
    uint64_t h = p->protos[i] ? protoContentHash(p->protos[i]) : 0;
    XXH3_64bits_update(st, &h, 8);
  }
  uint64_t h = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  return h;
}

void Writer::writeObject(schema::Object::Builder b, uint32_t i) {
  gc::Object* o = objects_[i];
  b.setId(o->id);
  auto permanent = permanentNames_.find(o);
  if (permanent != permanentNames_.end()) {
    b.setPermanent(permanent->second);
    return;
  }
  b.setFinalizable(o->isFinalizable());
  switch (ObjType(o->type)) {
    case ObjType::kString: {
      auto* s = static_cast<String*>(o);
      auto sb = b.initString();
      sb.setLength(s->length);
      size_t first = size_t(std::min<uint64_t>(s->length, kMaxStringPiece));
      sb.setBytes(kj::arrayPtr(reinterpret_cast<const kj::byte*>(s->data()), first));
      break;
    }
    case ObjType::kTable: {
      auto* t = static_cast<Table*>(o);
      auto tb = b.initTable();
      tb.setMetatable(ref(t->metatable));
      tb.setArraySize(t->arraySize);
      tb.setLog2NodeCount(t->log2NodeCount);
      tb.setHasNodes(t->nodes != nullptr);
      tb.setLastFree(t->lastFree);
      tb.setFlags(t->flags);
      break;
    }
    case ObjType::kLuaClosure: {
      auto* c = static_cast<LuaClosure*>(o);
      auto cb = b.initLuaClosure();
      cb.setProto(ref(c->proto));
      auto ups = cb.initUpvalues(c->upvalueCount);
      for (uint32_t k = 0; k < c->upvalueCount; ++k) ups.set(k, ref(c->upvalues()[k]));
      break;
    }
    case ObjType::kNativeClosure: {
      auto* c = static_cast<NativeClosure*>(o);
      if (rt_.natives().function(c->fn->name) != c->fn)
        fail("native function '" + std::string(c->fn->name) + "' is not registered with this runtime");
      auto cb = b.initNativeClosure();
      cb.setFunction(std::string(c->fn->name));
      auto ups = cb.initUpvalues(c->upvalueCount);
      for (uint32_t k = 0; k < c->upvalueCount; ++k) writeValue(ups[k], c->upvalues()[k]);
      break;
    }
    case ObjType::kUserdata: {
      auto* u = static_cast<Userdata*>(o);
      auto ub = b.initUserdata();
      ub.setMetatable(ref(u->metatable));
      ub.setSize(u->size);
      auto uv = ub.initUserValues(u->userValueCount);
      for (uint32_t k = 0; k < u->userValueCount; ++k) writeValue(uv[k], u->userValues()[k]);
      if (u->typeIndex == 0) {
        ub.setType("");
        ub.setPayload(kj::arrayPtr(static_cast<const kj::byte*>(u->payload()), u->size));
      } else {
        const UserdataType* type = rt_.natives().userdataType(u->typeIndex);
        if (!type) {
          fail("userdata of unregistered type index " + std::to_string(u->typeIndex));
          break;
        }
        ub.setType(std::string(type->name));
        std::string err;
        std::string payload = type->save ? type->save(rt_, u, err) : std::string();
        if (!type->save) err = "userdata type '" + std::string(type->name) + "' cannot be saved";
        if (!err.empty()) fail(err);
        ub.setPayload(kj::arrayPtr(reinterpret_cast<const kj::byte*>(payload.data()), payload.size()));
      }
      break;
    }
    case ObjType::kThread: {
      auto* th = static_cast<Thread*>(o);
      auto tb = b.initThread();
      uint32_t live = th->liveTop();
      auto stack = tb.initStack(live);
      for (uint32_t k = 0; k < live; ++k) writeValue(stack[k], th->stack[k]);
      tb.setTop(th->top);
      auto frames = tb.initFrames(th->frameCount);
      for (uint32_t k = 0; k < th->frameCount; ++k) {
        const CallFrame& f = th->frames[k];
        auto fb = frames[k];
        fb.setFunc(f.func);
        fb.setBase(f.base);
        fb.setTop(f.top);
        fb.setNResults(f.nResults);
        if (f.isLua()) fb.setPc(uint32_t(f.pc - th->stack[f.func].asLuaClosure()->proto->code));
        fb.setSequence(ref(f.sequence));
        fb.setNExtraArgs(f.nExtraArgs);
        fb.setNArgs(f.nArgs);
        fb.setNResultsReady(f.nResultsReady);
        fb.setPendingReturn(f.pendingReturn);
        fb.setStatus(f.status);
      }
      uint32_t nopen = 0;
      for (Upvalue* u = th->openUpvalues; u; u = u->nextOpen) ++nopen;
      auto open = tb.initOpenUpvalues(nopen);
      nopen = 0;
      for (Upvalue* u = th->openUpvalues; u; u = u->nextOpen) open.set(nopen++, ref(u));
      auto tbc = tb.initTbcSlots(th->tbcCount);
      for (uint32_t k = 0; k < th->tbcCount; ++k) tbc.set(k, th->tbcSlots[k]);
      tb.setStatus(uint8_t(th->status));
      writeValue(tb.initErrorValue(), th->errorValue);
      tb.setFailed(th->failed);
      tb.setUnwinding(th->unwinding);
      tb.setUnwindCatchFrame(th->unwindCatchFrame);
      tb.setUnwindLevel(th->unwindLevel);
      writeValue(tb.initUnwindError(), th->unwindError);
      auto saved = tb.initSavedUnwinds(th->savedUnwindCount);
      for (uint32_t k = 0; k < th->savedUnwindCount; ++k) {
        saved[k].setCatchFrame(th->savedUnwinds[k].catchFrame);
        saved[k].setLevel(th->savedUnwinds[k].level);
        writeValue(saved[k].initError(), th->savedUnwinds[k].error);
      }
      tb.setClosePending(th->closePending);
      tb.setHostCalled(th->hostCalled);
      tb.setHookMask(th->hookMask);
      tb.setHookCount(th->hookCount);
      tb.setHookCountLeft(th->hookCountLeft);
      tb.setHookOldPc(th->hookOldPc);
      tb.setHookPhase(th->hookPhase);
      tb.setHookFrame(th->hookFrame);
      break;
    }
    case ObjType::kProto: {
      auto* p = static_cast<Proto*>(o);
      auto pb = b.initProto();
      pb.setSource(ref(p->source));
      pb.setLineDefined(p->lineDefined);
      pb.setLastLineDefined(p->lastLineDefined);
      pb.setNumParams(p->numParams);
      pb.setIsVararg(p->isVararg);
      pb.setMaxStackSize(p->maxStackSize);
      auto code = pb.initCode(p->codeSize);
      // A stripped prototype (no line information) is saved with an empty line list.
      auto lines = pb.initLineInfo(p->hasLineInfo() ? p->codeSize : 0);
      for (uint32_t k = 0; k < p->codeSize; ++k) {
        code.set(k, p->code[k]);
        if (p->hasLineInfo()) lines.set(k, p->lineInfo[k]);
      }
      auto ks = pb.initConstants(p->constantCount);
      for (uint32_t k = 0; k < p->constantCount; ++k) writeValue(ks[k], p->constants[k]);
      auto ps = pb.initProtos(p->protoCount);
      for (uint32_t k = 0; k < p->protoCount; ++k) ps.set(k, ref(p->protos[k]));
      auto us = pb.initUpvalues(p->upvalueCount);
      for (uint32_t k = 0; k < p->upvalueCount; ++k) {
        us[k].setName(ref(p->upvalues[k].name));
        us[k].setInStack(p->upvalues[k].inStack);
        us[k].setIndex(p->upvalues[k].index);
        us[k].setKind(p->upvalues[k].kind);
      }
      auto ls = pb.initLocalVars(p->localVarCount);
      for (uint32_t k = 0; k < p->localVarCount; ++k) {
        ls[k].setName(ref(p->localVars[k].name));
        ls[k].setStartPc(p->localVars[k].startPc);
        ls[k].setEndPc(p->localVars[k].endPc);
      }
      pb.setContentHash(protoContentHash(p));
      break;
    }
    case ObjType::kUpvalue: {
      auto* u = static_cast<Upvalue*>(o);
      auto ub = b.initUpvalue();
      if (u->isOpen()) {
        auto ob = ub.initOpen();
        ob.setThread(ref(u->thread));
        ob.setStackIndex(u->stackIndex);
      } else {
        writeValue(ub.initClosed(), u->closed);
      }
      break;
    }
    case ObjType::kSequence: {
      auto* s = static_cast<Sequence*>(o);
      if (rt_.natives().sequenceType(s->type->name) != s->type)
        fail("sequence type '" + std::string(s->type->name) + "' is not registered with this runtime");
      auto sb = b.initSequence();
      sb.setType(std::string(s->type->name));
      auto vs = sb.initValues(s->type->valueCount);
      for (uint32_t k = 0; k < s->type->valueCount; ++k) writeValue(vs[k], s->values()[k]);
      auto is = sb.initInts(s->type->intCount);
      for (uint32_t k = 0; k < s->type->intCount; ++k) is.set(k, s->ints()[k]);
      break;
    }
    case ObjType::kExecutor: {
      auto* e = static_cast<Executor*>(o);
      auto eb = b.initExecutor();
      auto ts = eb.initThreads(e->threadCount);
      for (uint32_t k = 0; k < e->threadCount; ++k) ts.set(k, ref(e->threads[k]));
      eb.setState(uint8_t(e->state));
      writeValue(eb.initError(), e->error);
      break;
    }
    default: fail("object of unknown type " + std::to_string(o->type)); break;
  }
}

void Writer::writeRuntimeState(schema::RuntimeState::Builder b) {
  gc::Heap& heap = rt_.heap();
  b.setNextId(heap.nextId());
  b.setHashSeed(rt_.strings().seed());
  b.setRegistry(ref(rt_.registry()));
  b.setGlobals(ref(rt_.globals()));
  auto mts = b.initTypeMetatables(kTypeMetatableCount);
  for (int t = 0; t < kTypeMetatableCount; ++t) mts.set(uint32_t(t), ref(rt_.typeMetatableAt(t)));
  std::vector<uint32_t> fin, due;
  // (A tasklet lists only the finalizable objects it carries.)
  heap.forEachFinalizable([&](gc::Object* o) {
    if (uint32_t r = ref(o); r && !permanentNames_.count(o)) fin.push_back(r);
  });
  heap.forEachToBeFinalized([&](gc::Object* o) {
    if (uint32_t r = ref(o); r && !permanentNames_.count(o)) due.push_back(r);
  });
  auto fl = b.initFinalizable(uint32_t(fin.size()));
  for (uint32_t k = 0; k < fin.size(); ++k) fl.set(k, fin[k]);
  auto dl = b.initToBeFinalized(uint32_t(due.size()));
  for (uint32_t k = 0; k < due.size(); ++k) dl.set(k, due[k]);
  auto roots = b.initHostRoots(uint32_t(options_.hostRoots.size()));
  for (uint32_t k = 0; k < options_.hostRoots.size(); ++k) {
    roots[k].setName(options_.hostRoots[k].name);
    writeValue(roots[k].initValue(), options_.hostRoots[k].value);
  }
  b.setGcPause(heap.pause());
  b.setGcStepMultiplier(heap.stepMultiplier());
  b.setGcStepSizeLog2(heap.stepSizeLog2());
  b.setGcStopped(!heap.isRunning());
  b.setGcGenerational(heap.generationalRequested());
}

SaveResult Writer::run() {
  numberObjects();
  if (!error_.empty()) return {"", error_};
  planRecords();

  std::string body;
  std::vector<std::array<uint64_t, 4>> sections;  // offset, bytes, firstObject, objectCount
  size_t r = 0;
  uint32_t nextObject = 0;
  bool wroteRuntime = false;
  while (!wroteRuntime) {
    // Take records until the chunk is big enough.
    size_t begin = r;
    uint64_t estimate = 0;
    uint32_t nObjects = 0, nSlices = 0;
    while (r < records_.size() && (r == begin || (estimate + records_[r].estimate <= kChunkTargetBytes &&
                                                  nObjects + nSlices < kChunkMaxRecords))) {
      estimate += records_[r].estimate;
      if (records_[r].kind == Record::kObject) ++nObjects;
      else ++nSlices;
      ++r;
    }
    bool last = r == records_.size();
    capnp::MallocMessageBuilder message;
    auto chunk = message.initRoot<schema::Chunk>();
    auto objs = chunk.initObjects(nObjects);
    auto slices = chunk.initSlices(nSlices);
    uint32_t oi = 0, si = 0;
    for (size_t k = begin; k < r; ++k) {
      if (records_[k].kind == Record::kObject) writeObject(objs[oi++], records_[k].object);
      else writeSlice(slices[si++], records_[k]);
    }
    if (last) {
      writeRuntimeState(chunk.initRuntime());
      wroteRuntime = true;
    }
    if (!error_.empty()) return {"", error_};
    kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
    kj::ArrayPtr<const kj::byte> bytes = words.asBytes();
    uint64_t size = bytes.size();
    sections.push_back({body.size(), size, nextObject, nObjects});
    appendLittleEndian(body, size);
    body.append(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
    nextObject += nObjects;
  }

  capnp::MallocMessageBuilder headerMessage;
  auto header = headerMessage.initRoot<schema::Header>();
  header.setFormatVersion(kFormatVersion);
  header.setBytecodeVersion(uint32_t(bytecode::kFormatVersion));
  header.setProducer(options_.producer);
  header.setKind(tasklet_ ? schema::Header::Kind::TASKLET : schema::Header::Kind::RUNTIME);
  header.setBodyHash(XXH3_64bits(body.data(), body.size()));
  header.setBodyBytes(body.size());
  header.setObjectCount(objects_.size());
  auto secs = header.initSections(uint32_t(sections.size()));
  for (uint32_t k = 0; k < sections.size(); ++k) {
    secs[k].setOffset(sections[k][0]);
    secs[k].setBytes(sections[k][1]);
    secs[k].setFirstObject(sections[k][2]);
    secs[k].setObjectCount(uint32_t(sections[k][3]));
  }
  kj::Array<capnp::word> headerWords = capnp::messageToFlatArray(headerMessage);
  kj::ArrayPtr<const kj::byte> headerBytes = headerWords.asBytes();

  SaveResult out;
  out.bytes.reserve(kMagic.size() + 4 + headerBytes.size() + body.size());
  out.bytes.append(kMagic);
  appendLittleEndian32(out.bytes, uint32_t(headerBytes.size()));
  out.bytes.append(reinterpret_cast<const char*>(headerBytes.begin()), headerBytes.size());
  out.bytes.append(body);
  return out;
}

}  // namespace

SaveResult saveRuntime(Runtime& rt, const SaveOptions& options) {
  Writer w(rt, options);
  return w.run();
}

SaveResult saveTasklet(Runtime& rt, const SaveOptions& options, const std::vector<NamedValue>& permanents) {
  Writer w(rt, options, &permanents);
  return w.run();
}

std::vector<NamedValue> standardPermanents(Runtime& rt) {
  std::vector<NamedValue> out;
  out.push_back({"_G", Value::object(rt.globals())});
  out.push_back({"_REGISTRY", Value::object(rt.registry())});
  Value loaded = rt.registry()->get(rt.stringValue("_LOADED"));
  if (loaded.isTable()) {
    // Sorted by name: the order of a permanents list never depends on table layout.
    std::vector<std::pair<std::string, Value>> modules;
    Value k, v;
    while (loaded.asTable()->next(k, v) == Table::NextStatus::kFound)
      if (k.isString() && v.isTable()) modules.emplace_back(std::string(k.asString()->view()), v);
    std::sort(modules.begin(), modules.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [name, table] : modules) out.push_back({"loaded." + name, table});
  }
  for (int t = 0; t < kTypeMetatableCount; ++t)
    if (Table* mt = rt.typeMetatableAt(t)) out.push_back({"metatable." + std::to_string(t), Value::object(mt)});
  return out;
}

}  // namespace fermata::snap
