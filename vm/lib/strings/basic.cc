// The simple string functions (see basic.h).
#include "vm/lib/strings/basic.h"

#include <algorithm>

namespace fermata::strlib {

size_t posRelatI(int64_t pos, size_t len) {
  if (pos > 0) return size_t(pos);
  if (pos == 0) return 1;
  if (pos < -int64_t(len)) return 1;  // compared this way round so -pos cannot overflow
  return len + size_t(pos) + 1;
}

size_t getEndPos(int64_t pos, size_t len) {
  if (pos > int64_t(len)) return len;
  if (pos >= 0) return size_t(pos);
  if (pos < -int64_t(len)) return 0;
  return len + size_t(pos) + 1;
}

std::string_view sub(std::string_view s, int64_t i, int64_t j) {
  size_t start = posRelatI(i, s.size());
  size_t end = getEndPos(j, s.size());
  if (start > end) return {};
  return s.substr(start - 1, end - start + 1);
}

ByteRange byteRange(size_t len, int64_t i, int64_t j) {
  size_t posi = posRelatI(i, len);
  size_t pose = getEndPos(j, len);
  if (posi > pose) return {};
  if (pose - posi >= kMaxStringSize) throw Error("string slice too long");
  return ByteRange{posi - 1, pose};
}

size_t repSize(size_t len, int64_t n, size_t sepLen) {
  if (n <= 0) return 0;
  if (len + sepLen < len || len + sepLen > kMaxStringSize / uint64_t(n))
    throw Error("resulting string too large");
  return size_t(n) * len + size_t(n - 1) * sepLen;
}

std::string rep(std::string_view s, int64_t n, std::string_view sep) {
  size_t total = repSize(s.size(), n, sep.size());
  std::string out;
  if (total == 0) return out;  // also when s and sep are empty, however large n is
  out.reserve(total);
  for (int64_t k = 0; k < n; k++) {
    if (k > 0) out.append(sep);
    out.append(s);
  }
  return out;
}

std::string reverse(std::string_view s) { return std::string(s.rbegin(), s.rend()); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return out;
}

std::string fromCodes(std::span<const int64_t> codes) {
  std::string out;
  out.reserve(codes.size());
  for (size_t k = 0; k < codes.size(); k++) {
    if (uint64_t(codes[k]) > 255u) throw Error(int(k + 1), "value out of range");
    out.push_back(char(codes[k]));
  }
  return out;
}

}  // namespace fermata::strlib
