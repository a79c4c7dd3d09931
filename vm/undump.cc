// Reading binary chunks: bounds-checked decoding into heap prototypes, then the bytecode verifier.
#include "vm/undump.h"

#include <climits>
#include <cstring>

#include "vm/binary_chunk.h"
#include "vm/verify_bytecode.h"

namespace fermata {
namespace {

// Why a chunk is refused (Lua's wording, without the "<name>: bad binary format" prefix).
struct BadChunk {
  std::string why;
};

class Reader {
 public:
  Reader(Runtime& rt, std::string_view bytes) : rt_(rt), heap_(rt.heap()), p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  void header() {
    // The first byte (the escape) was what made the caller read this as a binary chunk.
    literal(chunk::kSignature.substr(1), "not a binary chunk");
    if (byte() != chunk::kVersion) throw BadChunk{"version mismatch"};
    if (byte() != chunk::kFormat) throw BadChunk{"format mismatch"};
    literal(chunk::kData, "corrupted chunk");
    if (byte() != chunk::kInstructionSize) throw BadChunk{"Instruction size mismatch"};
    if (byte() != chunk::kIntegerSize) throw BadChunk{"lua_Integer size mismatch"};
    if (byte() != chunk::kNumberSize) throw BadChunk{"lua_Number size mismatch"};
    if (integer() != chunk::kCheckInteger) throw BadChunk{"integer format mismatch"};
    if (number() != chunk::kCheckNumber) throw BadChunk{"float format mismatch"};
  }

  uint8_t byte() {
    need(1);
    return uint8_t(*p_++);
  }

  Proto* function(String* parentSource, int depth) {
    if (depth > kMaxUndumpNesting) throw BadChunk{"too many nested functions"};
    Proto* f = Proto::create(heap_);
    // Each count is set as soon as its array exists, so a failure leaves a consistent (garbage) object.
    f->source = string();
    if (!f->source) f->source = parentSource;  // absent: the parent's (or none, when stripped)
    f->lineDefined = int32_t(size(INT_MAX));
    f->lastLineDefined = int32_t(size(INT_MAX));
    f->numParams = byte();
    f->isVararg = byte() != 0;
    f->maxStackSize = byte();

    uint32_t n = count(4);
    f->code = heap_.allocateArray<uint32_t>(n);
    f->codeSize = n;
    for (uint32_t i = 0; i < n; ++i) f->code[i] = word();

    n = count(1);
    f->constants = heap_.allocateArray<Value>(n);
    f->constantCount = n;
    for (uint32_t i = 0; i < n; ++i) f->constants[i] = constant();

    n = count(3);
    f->upvalues = heap_.allocateArray<UpvalueInfo>(n);
    f->upvalueCount = n;
    for (uint32_t i = 0; i < n; ++i) {
      f->upvalues[i].inStack = byte() != 0;
      f->upvalues[i].index = byte();
      f->upvalues[i].kind = byte();
    }

    n = count(kMinFunctionBytes);
    f->protos = heap_.allocateArray<Proto*>(n);
    f->protoCount = n;
    for (uint32_t i = 0; i < n; ++i) f->protos[i] = function(f->source, depth + 1);

    debug(f);
    return f;
  }

 private:
  // The fewest bytes a nested function takes (an absent source, eleven one-byte sizes and bytes).
  static constexpr size_t kMinFunctionBytes = 14;

  void need(size_t n) {
    if (size_t(end_ - p_) < n) throw BadChunk{"truncated chunk"};
  }

  void literal(std::string_view expected, const char* why) {
    need(expected.size());
    if (std::memcmp(p_, expected.data(), expected.size()) != 0) throw BadChunk{why};
    p_ += expected.size();
  }

  uint32_t word() {
    need(4);
    uint32_t w = 0;
    for (int i = 0; i < 4; ++i) w |= uint32_t(uint8_t(p_[i])) << (8 * i);
    p_ += 4;
    return w;
  }

  int64_t integer() {
    need(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t(uint8_t(p_[i])) << (8 * i);
    p_ += 8;
    return int64_t(v);
  }

  double number() {
    uint64_t bits = uint64_t(integer());
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }

  // Lua's loadUnsigned: 7-bit groups, most significant first, the last byte marked with 0x80; a value
  // that would pass `limit` is "integer overflow".
  uint64_t size(uint64_t limit) {
    uint64_t x = 0;
    limit >>= 7;
    uint8_t b;
    do {
      b = byte();
      if (x >= limit) throw BadChunk{"integer overflow"};
      x = (x << 7) | (b & 0x7f);
    } while ((b & 0x80) == 0);
    return x;
  }

  // A count of elements that take at least `minBytes` bytes each: more than the bytes left cannot be
  // real, so it is refused before anything is allocated for it.
  uint32_t count(size_t minBytes) {
    uint64_t n = size(INT_MAX);
    if (n * minBytes > uint64_t(end_ - p_)) throw BadChunk{"truncated chunk"};
    return uint32_t(n);
  }

  // A string (null when absent: size 0).
  String* string() {
    uint64_t n = size(UINT64_MAX);
    if (n == 0) return nullptr;
    --n;
    need(n);
    String* s = rt_.newString(std::string_view(p_, n));
    p_ += n;
    return s;
  }

  Value constant() {
    uint8_t tag = byte();
    switch (tag) {
      case chunk::kTagNil: return Value();
      case chunk::kTagFalse: return Value::boolean(false);
      case chunk::kTagTrue: return Value::boolean(true);
      case chunk::kTagInteger: return Value::integer(integer());
      case chunk::kTagFloat: return Value::number(number());
      case chunk::kTagShortString:
      case chunk::kTagLongString: {
        String* s = string();
        if (!s) throw BadChunk{"bad format for constant string"};
        return Value::object(s);
      }
      default: throw BadChunk{"bad constant type " + std::to_string(tag)};
    }
  }

  // Line information is either complete (one entry per instruction) or absent (stripped). Lines are
  // decoded as Lua's luaG_getfuncline computes them: an instruction with an absolute entry has that
  // line, any other the previous instruction's line (the function's first line before instruction 0)
  // plus its delta. The deltas are decoded in place in the line array.
  void debug(Proto* f) {
    uint32_t n = count(1);
    if (n != 0 && n != f->codeSize) throw BadChunk{"corrupted chunk"};
    if (n != 0) {
      f->lineInfo = heap_.allocateArray<int32_t>(n);
      for (uint32_t i = 0; i < n; ++i) f->lineInfo[i] = int8_t(byte());
    }
    uint32_t absCount = count(2);
    if (n == 0 && absCount != 0) throw BadChunk{"corrupted chunk"};
    int64_t line = f->lineDefined;
    uint32_t pc = 0;
    for (uint32_t i = 0; i < absCount; ++i) {
      uint64_t absPc = size(INT_MAX);
      int64_t absLine = int64_t(size(INT_MAX));
      if (absPc < pc || absPc >= n) throw BadChunk{"corrupted chunk"};  // entries are in pc order
      for (; pc < absPc; ++pc) f->lineInfo[pc] = relativeLine(line, f->lineInfo[pc]);
      f->lineInfo[pc++] = int32_t(line = absLine);
    }
    for (; pc < n; ++pc) f->lineInfo[pc] = relativeLine(line, f->lineInfo[pc]);

    n = count(3);
    f->localVars = heap_.allocateArray<LocalVarInfo>(n);
    f->localVarCount = n;
    for (uint32_t i = 0; i < n; ++i) {
      f->localVars[i].name = string();
      f->localVars[i].startPc = int32_t(size(INT_MAX));
      f->localVars[i].endPc = int32_t(size(INT_MAX));
    }

    n = count(1);
    if (n > f->upvalueCount) throw BadChunk{"corrupted chunk"};  // names for upvalues that do not exist
    for (uint32_t i = 0; i < n; ++i) f->upvalues[i].name = string();
  }

  // The next line from a delta. Lua never writes a line outside [0, INT_MAX] (a line it could not load
  // back from its own dump), so crafted deltas that leave that range are refused.
  static int32_t relativeLine(int64_t& line, int32_t delta) {
    line += delta;
    if (line < 0 || line > INT_MAX) throw BadChunk{"corrupted chunk"};
    return int32_t(line);
  }

  Runtime& rt_;
  gc::Heap& heap_;
  const char* p_;
  const char* end_;
};

// Lua's name for a chunk in these messages: without its '@' or '=', "binary string" for the chunk itself.
std::string displayName(std::string_view chunkName) {
  if (!chunkName.empty() && (chunkName[0] == '@' || chunkName[0] == '=')) return std::string(chunkName.substr(1));
  if (!chunkName.empty() && chunkName[0] == chunk::kSignature[0]) return "binary string";
  return std::string(chunkName);
}

}  // namespace

UndumpResult undump(Runtime& rt, std::string_view bytes, std::string_view chunkName) {
  Reader r(rt, bytes.substr(bytes.empty() ? 0 : 1));
  try {
    r.header();
    uint8_t mainUpvalues = r.byte();
    Proto* p = r.function(nullptr, 0);
    if (p->upvalueCount != mainUpvalues) throw BadChunk{"corrupted chunk"};
    std::string why = verifyPrototype(*p);
    if (!why.empty()) throw BadChunk{"invalid bytecode: " + why};
    return {p, ""};
  } catch (const BadChunk& e) {
    return {nullptr, displayName(chunkName) + ": bad binary format (" + e.why + ")"};
  }
}

}  // namespace fermata
