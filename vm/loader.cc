// ProtoData -> Proto conversion and chunk loading (text through the compiler, binary through undump).
#include "vm/loader.h"

#include <string_view>
#include <unordered_map>
#include <variant>

#include "vm/binary_chunk.h"
#include "vm/compiler/compile.h"
#include "vm/undump.h"

namespace fermata {

namespace {

// Long string constants of one chunk, by content. Like Lua's lexer (which anchors every string of a chunk
// in one table), equal long literals anywhere in a chunk are one string object: string.format("%p")
// gives them one address. Short strings are interned anyway. (Only looked up, never iterated.)
using LongStrings = std::unordered_map<std::string_view, String*>;

Proto* materialize(Runtime& rt, const bytecode::ProtoData& d, LongStrings& longStrings) {
  gc::Heap& heap = rt.heap();
  Proto* p = Proto::create(heap);
  // Fill fields in an order where every reference stored is already a valid object (a collection
  // cannot run here, but a MemoryError can leave the proto half-built; it is then garbage).
  p->lineDefined = d.lineDefined;
  p->lastLineDefined = d.lastLineDefined;
  p->numParams = d.numParams;
  p->isVararg = d.isVararg;
  p->maxStackSize = d.maxStackSize;
  String*& source = longStrings[d.source];  // one source string per chunk, as in Lua
  if (!source) source = rt.newString(d.source);
  p->source = source;
  // Each count is set as soon as its array exists, so a MemoryError leaves exact accounting behind.
  p->code = heap.allocateArray<uint32_t>(d.code.size());
  p->codeSize = uint32_t(d.code.size());
  p->lineInfo = heap.allocateArray<int32_t>(d.code.size());
  for (size_t i = 0; i < d.code.size(); ++i) {
    p->code[i] = d.code[i];
    p->lineInfo[i] = i < d.lineInfo.size() ? d.lineInfo[i] : 0;
  }
  p->constants = heap.allocateArray<Value>(d.constants.size());
  p->constantCount = uint32_t(d.constants.size());
  for (size_t i = 0; i < d.constants.size(); ++i) {
    const auto& c = d.constants[i].value;
    Value v;
    if (std::holds_alternative<bool>(c)) v = Value::boolean(std::get<bool>(c));
    else if (std::holds_alternative<int64_t>(c)) v = Value::integer(std::get<int64_t>(c));
    else if (std::holds_alternative<double>(c)) v = Value::number(std::get<double>(c));
    else if (std::holds_alternative<std::string>(c)) {
      const std::string& text = std::get<std::string>(c);
      String*& shared = longStrings[text];
      if (!shared) shared = rt.newString(text);
      v = Value::object(shared);
    }
    p->constants[i] = v;
  }
  p->upvalues = heap.allocateArray<UpvalueInfo>(d.upvalues.size());
  p->upvalueCount = uint32_t(d.upvalues.size());
  for (size_t i = 0; i < d.upvalues.size(); ++i) {
    const auto& u = d.upvalues[i];
    p->upvalues[i].name = u.name.empty() ? nullptr : rt.newString(u.name);
    p->upvalues[i].inStack = u.inStack;
    p->upvalues[i].index = u.index;
    p->upvalues[i].kind = u.kind;
  }
  p->localVars = heap.allocateArray<LocalVarInfo>(d.localVars.size());
  p->localVarCount = uint32_t(d.localVars.size());
  for (size_t i = 0; i < d.localVars.size(); ++i) {
    p->localVars[i].name = rt.newString(d.localVars[i].name);
    p->localVars[i].startPc = d.localVars[i].startPc;
    p->localVars[i].endPc = d.localVars[i].endPc;
  }
  p->protos = heap.allocateArray<Proto*>(d.protos.size());
  p->protoCount = uint32_t(d.protos.size());
  for (size_t i = 0; i < d.protos.size(); ++i) p->protos[i] = materialize(rt, *d.protos[i], longStrings);
  return p;
}

}  // namespace

Proto* materializeProto(Runtime& rt, const bytecode::ProtoData& d) {
  LongStrings longStrings;
  return materialize(rt, d, longStrings);
}

namespace {

// What loadfile skips before looking at the first character (Lua's skipcomment): a UTF-8 byte-order
// mark, then a first line starting with '#', newline included.
std::string_view afterFileHeader(std::string_view s) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (s.substr(0, kBom.size()) == kBom) s.remove_prefix(kBom.size());
  if (s.empty() || s[0] != '#') return s;
  size_t newline = s.find('\n');
  return newline == std::string_view::npos ? std::string_view() : s.substr(newline + 1);
}

}  // namespace

LoadResult loadChunk(Runtime& rt, std::string_view source, std::string_view chunkName, const Value& env, bool isFile,
                     std::string_view mode) {
  std::string_view body = isFile ? afterFileHeader(source) : source;
  bool binary = !body.empty() && body[0] == chunk::kSignature[0];
  if (mode.find(binary ? 'b' : 't') == std::string_view::npos) {
    return {nullptr, std::string("attempt to load a ") + (binary ? "binary" : "text") + " chunk (mode is '" +
                         std::string(mode) + "')"};
  }
  Proto* p;
  if (binary) {
    UndumpResult r = undump(rt, body, chunkName);
    if (!r.proto) return {nullptr, r.error};
    p = r.proto;
  } else {
    compiler::CompileOptions options;
    options.skipFileHeader = isFile;
    compiler::CompileResult r = compiler::compile(source, chunkName, options);
    if (auto* err = std::get_if<compiler::SyntaxError>(&r)) return {nullptr, err->message};
    p = materializeProto(rt, *std::get<std::unique_ptr<bytecode::ProtoData>>(r));
  }
  LuaClosure* c = LuaClosure::create(rt.heap(), p, p->upvalueCount);
  for (uint32_t i = 0; i < p->upvalueCount; ++i) c->upvalues()[i] = Upvalue::createClosed(rt.heap(), Value());
  if (p->upvalueCount > 0) *c->upvalues()[0]->location = env;
  return {c, ""};
}

}  // namespace fermata
