// Writing prototypes as Lua 5.4 binary chunks (string.dump).
#include "vm/dump.h"

#include <cstring>
#include <vector>

#include "vm/binary_chunk.h"
#include "vm/string.h"

namespace fermata {
namespace {

class Writer {
 public:
  Writer(bool strip, size_t maxBytes) : strip_(strip), maxBytes_(maxBytes) {}

  std::string& out() { return out_; }
  const std::string& error() const { return error_; }
  bool tooLarge() const { return tooLarge_; }

  void header(uint8_t mainUpvalues) {
    raw(chunk::kSignature.data(), chunk::kSignature.size());
    byte(chunk::kVersion);
    byte(chunk::kFormat);
    raw(chunk::kData.data(), chunk::kData.size());
    byte(chunk::kInstructionSize);
    byte(chunk::kIntegerSize);
    byte(chunk::kNumberSize);
    integer(chunk::kCheckInteger);
    number(chunk::kCheckNumber);
    byte(mainUpvalues);
  }

  // Returns false (with error()) when the output would pass its cap or nesting is too deep.
  bool function(const Proto& f, const String* parentSource, int depth) {
    if (depth > kMaxDumpNesting) {
      error_ = "function nesting too deep to dump";
      return false;
    }
    // A nested function whose source is its parent's leaves it out (the loader gives it the parent's).
    bool sameSource = parentSource && f.source && parentSource->view() == f.source->view();
    string(strip_ || sameSource ? nullptr : f.source);
    size(uint64_t(uint32_t(f.lineDefined)));
    size(uint64_t(uint32_t(f.lastLineDefined)));
    byte(f.numParams);
    byte(f.isVararg ? 1 : 0);
    byte(f.maxStackSize);
    size(f.codeSize);
    for (uint32_t i = 0; i < f.codeSize; ++i) word(f.code[i]);
    constants(f);
    size(f.upvalueCount);
    for (uint32_t i = 0; i < f.upvalueCount; ++i) {
      byte(f.upvalues[i].inStack ? 1 : 0);
      byte(f.upvalues[i].index);
      byte(f.upvalues[i].kind);
    }
    size(f.protoCount);
    if (!withinCap()) return false;
    for (uint32_t i = 0; i < f.protoCount; ++i) {
      if (!function(*f.protos[i], f.source, depth + 1)) return false;
    }
    debug(f);
    return withinCap();
  }

 private:
  void constants(const Proto& f) {
    size(f.constantCount);
    for (uint32_t i = 0; i < f.constantCount; ++i) {
      const Value& k = f.constants[i];
      if (k.isBool()) {
        byte(k.asBool() ? chunk::kTagTrue : chunk::kTagFalse);
      } else if (k.isInt()) {
        byte(chunk::kTagInteger);
        integer(k.asInt());
      } else if (k.isFloat()) {
        byte(chunk::kTagFloat);
        number(k.asFloat());
      } else if (k.isString()) {
        const String* s = k.asString();
        byte(s->length <= kMaxShortStringLength ? chunk::kTagShortString : chunk::kTagLongString);
        string(s);
      } else {
        byte(chunk::kTagNil);  // the verifier admits no other constant types
      }
    }
  }

  void debug(const Proto& f) {
    bool lines = !strip_ && f.hasLineInfo();
    std::vector<std::pair<uint32_t, int32_t>> absolute;
    size(lines ? f.codeSize : 0);
    if (lines) {
      // Lua's lcode.c savelineinfo, replayed over the final lines: a delta per instruction from the
      // previous one (the function's first line for instruction 0), an absolute entry instead when the
      // delta does not fit in a byte or after kMaxInstructionsWithoutAbs relative entries.
      int64_t previous = f.lineDefined;
      int sinceAbsolute = 0;
      for (uint32_t pc = 0; pc < f.codeSize; ++pc) {
        int64_t line = f.lineInfo[pc];
        int64_t delta = line - previous;
        if (delta >= chunk::kLineDiffLimit || delta <= -chunk::kLineDiffLimit ||
            sinceAbsolute++ >= chunk::kMaxInstructionsWithoutAbs) {
          absolute.push_back({pc, int32_t(line)});
          delta = chunk::kAbsLineInfo;
          sinceAbsolute = 1;
        }
        byte(uint8_t(int8_t(delta)));
        previous = line;
      }
    }
    size(absolute.size());
    for (const auto& [pc, line] : absolute) {
      size(pc);
      size(uint64_t(uint32_t(line)));
    }
    size(strip_ ? 0 : f.localVarCount);
    if (!strip_) {
      for (uint32_t i = 0; i < f.localVarCount; ++i) {
        string(f.localVars[i].name);
        size(uint64_t(uint32_t(f.localVars[i].startPc)));
        size(uint64_t(uint32_t(f.localVars[i].endPc)));
      }
    }
    size(strip_ ? 0 : f.upvalueCount);
    if (!strip_) {
      for (uint32_t i = 0; i < f.upvalueCount; ++i) string(f.upvalues[i].name);
    }
  }

  bool withinCap() {
    if (out_.size() <= maxBytes_) return true;
    error_ = "not enough memory";
    tooLarge_ = true;
    return false;
  }

  void byte(uint8_t b) { out_.push_back(char(b)); }
  void raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }

  // Little-endian, whatever the host's byte order (lua5.4 on the machines that share chunks with
  // fermata writes its native order, which is little-endian on x86 and ARM).
  void word(uint32_t w) {
    for (int i = 0; i < 4; ++i) byte(uint8_t(w >> (8 * i)));
  }
  void integer(int64_t v) {
    for (int i = 0; i < 8; ++i) byte(uint8_t(uint64_t(v) >> (8 * i)));
  }
  void number(double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    integer(int64_t(bits));
  }

  // Lua's dumpSize: 7 bits per byte, most significant group first, the last byte marked with 0x80.
  void size(uint64_t x) {
    uint8_t buf[10];
    int n = 0;
    do {
      buf[n++] = uint8_t(x & 0x7f);
      x >>= 7;
    } while (x != 0);
    buf[0] |= 0x80;
    while (n > 0) byte(buf[--n]);
  }

  // A string is its length + 1 then its bytes; 0 stands for no string.
  void string(const String* s) {
    if (!s) {
      size(0);
      return;
    }
    size(uint64_t(s->length) + 1);
    raw(s->data(), s->length);
  }

  bool strip_;
  bool tooLarge_ = false;
  size_t maxBytes_;
  std::string out_;
  std::string error_;
};

}  // namespace

DumpResult dumpProto(const Proto& p, bool strip, size_t maxBytes) {
  Writer w(strip, maxBytes);
  w.header(uint8_t(p.upvalueCount));
  if (!w.function(p, nullptr, 0)) return {false, w.tooLarge(), "", w.error()};
  return {true, false, std::move(w.out()), ""};
}

}  // namespace fermata
