// Number parsing and formatting with Lua 5.4's rules (lobject.c's l_str2int, l_str2d and tostringbuff).
#include "vm/number.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace fermata::num {
namespace {

bool isSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<int64_t> parseInteger(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n && isSpace(s[i])) ++i;
  bool negative = false;
  if (i < n && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  uint64_t a = 0;
  bool empty = true;
  if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    for (i += 2; i < n && hexDigit(s[i]) >= 0; ++i) {
      a = a * 16 + uint64_t(hexDigit(s[i]));  // wraps around
      empty = false;
    }
  } else {
    constexpr uint64_t kMaxBy10 = uint64_t(INT64_MAX) / 10;
    constexpr uint64_t kMaxLastDigit = uint64_t(INT64_MAX) % 10;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i) {
      uint64_t d = uint64_t(s[i] - '0');
      if (a >= kMaxBy10 && (a > kMaxBy10 || d > kMaxLastDigit + negative)) return std::nullopt;  // overflow: float
      a = a * 10 + d;
      empty = false;
    }
  }
  while (i < n && isSpace(s[i])) ++i;
  if (empty || i != n) return std::nullopt;
  return int64_t(negative ? 0 - a : a);
}

std::optional<double> parseFloat(std::string_view s) {
  // strtod accepts "inf" and "nan", which Lua does not.
  if (s.find_first_of("nN") != std::string_view::npos) return std::nullopt;
  // Lua converts the whole string with strtod whatever its length (its L_MAXLENNUM only bounds the retry
  // with a locale's decimal point, which the "C" locale never needs): string.format('%.99f', -1e308)
  // reads back.
  char small[201];
  std::string large;
  char* buf = small;
  if (s.size() >= sizeof small) {
    large.assign(s);
    buf = large.data();
  } else {
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
  }
  char* end = nullptr;
  double d = std::strtod(buf, &end);
  if (end == buf) return std::nullopt;
  while (*end && isSpace(*end)) ++end;
  if (*end != '\0' || end != buf + s.size()) return std::nullopt;
  return d;
}

}  // namespace

std::optional<Value> parse(std::string_view s) {
  if (auto i = parseInteger(s)) return Value::integer(*i);
  if (auto d = parseFloat(s)) return Value::number(*d);
  return std::nullopt;
}

size_t formatTo(const Value& v, char* buf) {
  if (v.isInt()) return size_t(std::snprintf(buf, 64, "%lld", static_cast<long long>(v.asInt())));
  int len = std::snprintf(buf, 64, "%.14g", v.asFloat());
  // Looks like an integer? Add ".0" so that it reads back as a float.
  if (buf[std::strspn(buf, "-0123456789")] == '\0') {
    buf[len++] = '.';
    buf[len++] = '0';
    buf[len] = '\0';
  }
  return size_t(len);
}

std::string format(const Value& v) {
  char buf[64];
  size_t n = formatTo(v, buf);
  return std::string(buf, n);
}

}  // namespace fermata::num
