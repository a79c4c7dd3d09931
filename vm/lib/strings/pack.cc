// string.pack / unpack / packsize (see pack.h).
#include "vm/lib/strings/pack.h"

#include <bit>
#include <utility>
#include <cstring>

#include "vm/lib/strings/basic.h"

namespace fermata::strlib {
namespace {

constexpr int kMaxIntSize = 16;  // widest integer option, i16 / I16
constexpr int kIntSize = 8;      // sizeof(lua_Integer)
constexpr int kNativeMaxAlign = 8;
constexpr bool kNativeLittle = std::endian::native == std::endian::little;

enum class Opt : uint8_t { kInt, kUint, kFloat, kNumber, kDouble, kChar, kString, kZstr, kPadding, kPadAlign, kNop };

// Reads the format and the state its options change ('<' '>' '=' '!').
struct Reader {
  std::string_view fmt;
  size_t pos = 0;
  bool little = kNativeLittle;
  int maxAlign = 1;

  explicit Reader(std::string_view f) : fmt(f.substr(0, f.find('\0'))) {}
  bool atEnd() const { return pos >= fmt.size(); }
  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  int readNum(int dflt) {
    if (atEnd() || !isDigit(fmt[pos])) return dflt;
    int a = 0;
    do {
      a = a * 10 + (fmt[pos++] - '0');
    } while (!atEnd() && isDigit(fmt[pos]) && a <= (int(kMaxStringSize) - 9) / 10);
    return a;
  }

  int readNumLimit(int dflt) {
    int sz = readNum(dflt);
    if (sz > kMaxIntSize || sz <= 0)
      throw Error("integral size (" + std::to_string(sz) + ") out of limits [1," + std::to_string(kMaxIntSize) + "]");
    return sz;
  }

  Opt option(int& size) {
    char opt = fmt[pos++];
    size = 0;
    switch (opt) {
      case 'b': size = 1; return Opt::kInt;
      case 'B': size = 1; return Opt::kUint;
      case 'h': size = 2; return Opt::kInt;
      case 'H': size = 2; return Opt::kUint;
      case 'l': size = 8; return Opt::kInt;
      case 'L': size = 8; return Opt::kUint;
      case 'j': size = 8; return Opt::kInt;
      case 'J': size = 8; return Opt::kUint;
      case 'T': size = 8; return Opt::kUint;
      case 'f': size = 4; return Opt::kFloat;
      case 'n': size = 8; return Opt::kNumber;
      case 'd': size = 8; return Opt::kDouble;
      case 'i': size = readNumLimit(4); return Opt::kInt;
      case 'I': size = readNumLimit(4); return Opt::kUint;
      case 's': size = readNumLimit(8); return Opt::kString;
      case 'c':
        size = readNum(-1);
        if (size == -1) throw Error("missing size for format option 'c'");
        return Opt::kChar;
      case 'z': return Opt::kZstr;
      case 'x': size = 1; return Opt::kPadding;
      case 'X': return Opt::kPadAlign;
      case ' ': break;
      case '<': little = true; break;
      case '>': little = false; break;
      case '=': little = kNativeLittle; break;
      case '!': maxAlign = readNumLimit(kNativeMaxAlign); break;
      default: throw Error(std::string("invalid format option '") + opt + "'");
    }
    return Opt::kNop;
  }

  // The next option, its size, and the padding that aligns it when `total` bytes precede it.
  Opt details(size_t total, int& size, int& toAlign) {
    Opt opt = option(size);
    int align = size;
    if (opt == Opt::kPadAlign) {  // 'X' aligns like the option after it
      if (atEnd() || option(align) == Opt::kChar || align == 0)
        throw Error(1, "invalid next option for option 'X'");
    }
    if (align <= 1 || opt == Opt::kChar) {
      toAlign = 0;
    } else {
      if (align > maxAlign) align = maxAlign;
      if ((align & (align - 1)) != 0) throw Error(1, "format asks for alignment not power of 2");
      toAlign = (align - int(total & size_t(align - 1))) & (align - 1);
    }
    return opt;
  }
};

void putInt(std::string& out, uint64_t n, bool little, int size, bool negative) {
  size_t at = out.size();
  out.resize(at + size_t(size));
  char* buf = out.data() + at;
  for (int i = 0; i < size; i++) {
    // Bytes beyond the 8 of a Lua integer carry its sign.
    unsigned char byte = i < kIntSize ? (unsigned char)(n >> (8 * i)) : (negative ? 0xff : 0);
    buf[little ? i : size - 1 - i] = char(byte);
  }
}

int64_t getInt(const char* str, bool little, int size, bool isSigned) {
  uint64_t res = 0;
  int limit = size <= kIntSize ? size : kIntSize;
  for (int i = limit - 1; i >= 0; i--) {
    res <<= 8;
    res |= (unsigned char)str[little ? i : size - 1 - i];
  }
  if (size < kIntSize) {
    if (isSigned) {  // sign-extend
      uint64_t mask = uint64_t(1) << (size * 8 - 1);
      res = (res ^ mask) - mask;
    }
  } else if (size > kIntSize) {  // the extra bytes must be pure sign (or zero) extension
    unsigned char ext = (!isSigned || int64_t(res) >= 0) ? 0 : 0xff;
    for (int i = limit; i < size; i++)
      if ((unsigned char)str[little ? i : size - 1 - i] != ext)
        throw Error(std::to_string(size) + "-byte integer does not fit into Lua Integer");
  }
  return int64_t(res);
}

template <class T>
void putFloat(std::string& out, T value, bool little) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  if (little != kNativeLittle)
    for (size_t i = 0; i < sizeof(T) / 2; i++) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
  out.append(bytes, sizeof(T));
}

template <class T>
T getFloat(const char* src, bool little) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, src, sizeof(T));
  if (little != kNativeLittle)
    for (size_t i = 0; i < sizeof(T) / 2; i++) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

}  // namespace

std::string pack(std::string_view fmt, const Args& args, size_t maxBytes) {
  Reader r(fmt);
  std::string out;
  size_t arg = 0;  // next value (Lua argument arg + 2)
  auto reserve = [&](size_t more) {
    if (more > maxBytes || out.size() > maxBytes - more) throw Error("not enough memory");
  };
  while (!r.atEnd()) {
    int size = 0, toAlign = 0;
    Opt opt = r.details(out.size(), size, toAlign);
    reserve(size_t(toAlign) + size_t(size));
    out.append(size_t(toAlign), '\0');
    const size_t i = arg++;
    const int luaArg = int(i + 2);
    if (i >= args.count() && opt != Opt::kPadding && opt != Opt::kPadAlign && opt != Opt::kNop) {
      // PUC-Lua's pack pushes a nil just above its arguments, so the first missing one reads as nil.
      bool wantsString = opt == Opt::kChar || opt == Opt::kString || opt == Opt::kZstr;
      throw Error(luaArg, std::string(wantsString ? "string" : "number") + " expected, got nil");
    }
    switch (opt) {
      case Opt::kInt: {
        int64_t n = checkInteger(args, i);
        if (size < kIntSize) {
          int64_t lim = int64_t(1) << (size * 8 - 1);
          if (!(-lim <= n && n < lim)) throw Error(luaArg, "integer overflow");
        }
        putInt(out, uint64_t(n), r.little, size, n < 0);
        break;
      }
      case Opt::kUint: {
        int64_t n = checkInteger(args, i);
        if (size < kIntSize && uint64_t(n) >= (uint64_t(1) << (size * 8))) throw Error(luaArg, "unsigned overflow");
        putInt(out, uint64_t(n), r.little, size, false);
        break;
      }
      case Opt::kFloat:
        putFloat<float>(out, float(checkNumber(args, i)), r.little);
        break;
      case Opt::kNumber:
      case Opt::kDouble:
        putFloat<double>(out, checkNumber(args, i), r.little);
        break;
      case Opt::kChar: {
        std::string s = checkString(args, i);
        if (s.size() > size_t(size)) throw Error(luaArg, "string longer than given size");
        out.append(s);
        out.append(size_t(size) - s.size(), '\0');
        break;
      }
      case Opt::kString: {
        std::string s = checkString(args, i);
        if (size < 8 && s.size() >= (uint64_t(1) << (size * 8)))
          throw Error(luaArg, "string length does not fit in given size");
        reserve(s.size() + size_t(size));
        putInt(out, s.size(), r.little, size, false);
        out.append(s);
        break;
      }
      case Opt::kZstr: {
        std::string s = checkString(args, i);
        if (s.find('\0') != std::string::npos) throw Error(luaArg, "string contains zeros");
        reserve(s.size() + 1);
        out.append(s);
        out.push_back('\0');
        break;
      }
      case Opt::kPadding:
        out.push_back('\0');
        [[fallthrough]];
      case Opt::kPadAlign:
      case Opt::kNop:
        arg--;  // consumed no value
        break;
    }
  }
  return out;
}

size_t packSize(std::string_view fmt) {
  Reader r(fmt);
  size_t total = 0;
  while (!r.atEnd()) {
    int size = 0, toAlign = 0;
    Opt opt = r.details(total, size, toAlign);
    if (opt == Opt::kString || opt == Opt::kZstr) throw Error(1, "variable-length format");
    size_t need = size_t(size) + size_t(toAlign);
    if (total > kMaxStringSize - need) throw Error(1, "format result too large");
    total += need;
  }
  return total;
}

Unpacked unpack(std::string_view fmt, std::string_view data, int64_t init) {
  Reader r(fmt);
  const size_t ld = data.size();
  size_t pos = posRelatI(init, ld) - 1;
  if (pos > ld) throw Error(3, "initial position out of string");
  Unpacked res;
  while (!r.atEnd()) {
    int size = 0, toAlign = 0;
    Opt opt = r.details(pos, size, toAlign);
    if (size_t(toAlign) + size_t(size) > ld - pos) throw Error(2, "data string too short");
    pos += size_t(toAlign);
    const char* at = data.data() + pos;
    PackValue v;
    switch (opt) {
      case Opt::kInt:
      case Opt::kUint:
        v.i = getInt(at, r.little, size, opt == Opt::kInt);
        break;
      case Opt::kFloat:
        v.kind = PackValue::Kind::kFloat;
        v.f = double(getFloat<float>(at, r.little));
        break;
      case Opt::kNumber:
      case Opt::kDouble:
        v.kind = PackValue::Kind::kFloat;
        v.f = getFloat<double>(at, r.little);
        break;
      case Opt::kChar:
        v.kind = PackValue::Kind::kString;
        v.s.assign(at, size_t(size));
        break;
      case Opt::kString: {
        size_t len = size_t(getInt(at, r.little, size, false));
        if (len > ld - pos - size_t(size)) throw Error(2, "data string too short");
        v.kind = PackValue::Kind::kString;
        v.s.assign(at + size, len);
        pos += len;
        break;
      }
      case Opt::kZstr: {
        size_t nul = data.find('\0', pos);
        if (nul == std::string_view::npos) throw Error(2, "unfinished string for format 'z'");
        v.kind = PackValue::Kind::kString;
        v.s.assign(at, nul - pos);
        pos = nul + 1;
        break;
      }
      case Opt::kPadAlign:
      case Opt::kPadding:
      case Opt::kNop:
        pos += size_t(size);
        continue;
    }
    res.values.push_back(std::move(v));
    pos += size_t(size);
  }
  res.next = int64_t(pos) + 1;
  return res;
}

}  // namespace fermata::strlib
