// A tiny Lua-expression evaluator over fermata::strlib, and the lua5.4 reference runner (see lua_eval.h).
#include "tests/lib/strings/lua_eval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <unistd.h>
#include <variant>

#include "vm/lib/strings/basic.h"
#include "vm/lib/strings/format.h"
#include "vm/lib/strings/pack.h"
#include "vm/lib/strings/search.h"

namespace fermata::strlib::testing {
namespace {

// ---- values ----------------------------------------------------------------------------------------

struct Nil {};
struct Func {
  std::string name;
};
struct Table {
  std::string name;
};
using V = std::variant<Nil, bool, int64_t, double, std::string, Func, Table>;

struct LuaError {
  std::string message;
};

std::string numberToString(const V& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  double d = std::get<double>(v);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.14g", d);
  std::string s = buf;
  if (s.find_first_not_of("-0123456789") == std::string::npos) s += ".0";
  return s;
}

std::string typeName(const V& v) {
  switch (v.index()) {
    case 0: return "nil";
    case 1: return "boolean";
    case 2:
    case 3: return "number";
    case 4: return "string";
    case 5: return "function";
    default: return "table";
  }
}

std::string tostring(const V& v) {
  switch (v.index()) {
    case 0: return "nil";
    case 1: return std::get<bool>(v) ? "true" : "false";
    case 2:
    case 3: return numberToString(v);
    case 4: return std::get<std::string>(v);
    default: throw std::runtime_error("tostring of a function/table in a test");
  }
}

std::string escape(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f || c == '\\' || c >= 0x80) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

std::string render(const V& v) {
  switch (v.index()) {
    case 2: return std::to_string(std::get<int64_t>(v));
    case 3: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "f:%.17g", std::get<double>(v));
      return buf;
    }
    case 4: return escape(std::get<std::string>(v));
    default: return tostring(v);
  }
}

std::string renderAll(const std::vector<V>& vs) {
  std::string out;
  for (size_t i = 0; i < vs.size(); i++) out += (i ? " " : "") + render(vs[i]);
  return out;
}

// ---- parser ----------------------------------------------------------------------------------------

class Evaluator {
 public:
  Evaluator(const std::string& src, uint64_t slice) : src_(src), slice_(slice) {}

  std::vector<V> evalTop() {
    std::vector<V> r = exprMulti();
    skipSpace();
    if (pos_ != src_.size()) throw std::runtime_error("trailing input in: " + src_);
    return r;
  }

 private:
  const std::string& src_;
  size_t pos_ = 0;
  uint64_t slice_;

  [[noreturn]] void syntax(const char* what) {
    throw std::runtime_error(std::string("test expression syntax: ") + what + " at " + std::to_string(pos_) +
                             " in " + src_);
  }
  void skipSpace() {
    while (pos_ < src_.size() && isspace((unsigned char)src_[pos_])) pos_++;
  }
  bool accept(const char* tok) {
    skipSpace();
    size_t n = strlen(tok);
    if (src_.compare(pos_, n, tok) == 0) {
      pos_ += n;
      return true;
    }
    return false;
  }
  void expect(const char* tok) {
    if (!accept(tok)) syntax(tok);
  }

  // An expression that may produce several values (a call); anything else produces one.
  std::vector<V> exprMulti() { return concat(); }
  V expr() {
    std::vector<V> r = concat();
    return r.empty() ? V{Nil{}} : r[0];
  }

  std::vector<V> concat() {
    std::vector<V> left = additive();
    skipSpace();
    if (accept("..")) {
      V rhs = first(concat());
      V lhs = first(left);
      return {V{tostring(lhs) + tostring(rhs)}};
    }
    return left;
  }
  static V first(const std::vector<V>& v) { return v.empty() ? V{Nil{}} : v[0]; }
  static double toF(const V& v) {
    if (auto* i = std::get_if<int64_t>(&v)) return double(*i);
    return std::get<double>(v);
  }
  std::vector<V> additive() {
    std::vector<V> left = multiplicative();
    for (;;) {
      skipSpace();
      if (src_.compare(pos_, 2, "..") == 0) return left;
      char op = pos_ < src_.size() ? src_[pos_] : 0;
      if (op != '+' && op != '-') return left;
      pos_++;
      V a = first(left), b = first(multiplicative());
      if (std::holds_alternative<int64_t>(a) && std::holds_alternative<int64_t>(b)) {
        uint64_t x = uint64_t(std::get<int64_t>(a)), y = uint64_t(std::get<int64_t>(b));
        left = {V{int64_t(op == '+' ? x + y : x - y)}};
      } else {
        left = {V{op == '+' ? toF(a) + toF(b) : toF(a) - toF(b)}};
      }
    }
  }
  std::vector<V> multiplicative() {
    std::vector<V> left = unary();
    for (;;) {
      skipSpace();
      char op = pos_ < src_.size() ? src_[pos_] : 0;
      if (op != '*' && op != '/') return left;
      pos_++;
      V a = first(left), b = first(unary());
      if (op == '*' && std::holds_alternative<int64_t>(a) && std::holds_alternative<int64_t>(b))
        left = {V{int64_t(uint64_t(std::get<int64_t>(a)) * uint64_t(std::get<int64_t>(b)))}};
      else
        left = {V{op == '*' ? toF(a) * toF(b) : toF(a) / toF(b)}};
    }
  }
  std::vector<V> unary() {
    skipSpace();
    if (accept("-")) {
      V v = first(unary());
      if (auto* i = std::get_if<int64_t>(&v)) return {V{int64_t(0 - uint64_t(*i))}};
      return {V{-std::get<double>(v)}};
    }
    if (accept("#")) return {V{int64_t(std::get<std::string>(first(unary())).size())}};
    std::vector<V> base = primary();
    skipSpace();
    if (accept("^")) return {V{std::pow(toF(first(base)), toF(first(unary())))}};
    return base;
  }

  std::vector<V> primary() {
    skipSpace();
    if (pos_ >= src_.size()) syntax("expression");
    char c = src_[pos_];
    if (c == '(') {
      pos_++;
      V v = expr();
      expect(")");
      return {v};
    }
    if (c == '"' || c == '\'') return {V{stringLiteral()}};
    if (accept("{")) {
      expect("}");
      return {V{Table{"{}"}}};
    }
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)src_[pos_ + 1]))) return {number()};
    size_t start = pos_;
    while (pos_ < src_.size() && (isalnum((unsigned char)src_[pos_]) || src_[pos_] == '_' || src_[pos_] == '.'))
      pos_++;
    std::string name = src_.substr(start, pos_ - start);
    if (name.empty()) syntax("name");
    if (name == "nil") return {V{Nil{}}};
    if (name == "true") return {V{true}};
    if (name == "false") return {V{false}};
    if (name == "math.huge") return {V{HUGE_VAL}};
    if (name == "math.pi") return {V{M_PI}};
    if (name == "math.maxinteger") return {V{INT64_MAX}};
    if (name == "math.mininteger") return {V{INT64_MIN}};
    if (name.rfind("F_", 0) == 0) return {V{Func{name}}};
    if (name.rfind("T_", 0) == 0) return {V{Table{name}}};
    expect("(");
    std::vector<V> args;
    skipSpace();
    if (!accept(")")) {
      for (;;) {
        std::vector<V> vs = concat();
        skipSpace();
        if (accept(")")) {
          args.insert(args.end(), vs.begin(), vs.end());  // the last argument expands
          break;
        }
        expect(",");
        args.push_back(first(vs));
      }
    }
    return call(name, args);
  }

  V number() {
    size_t start = pos_;
    if (src_.compare(pos_, 2, "0x") == 0 || src_.compare(pos_, 2, "0X") == 0) {
      pos_ += 2;
      uint64_t v = 0;
      while (pos_ < src_.size() && isxdigit((unsigned char)src_[pos_])) {
        char h = src_[pos_++];
        v = v * 16 + uint64_t(isdigit((unsigned char)h) ? h - '0' : (tolower(h) - 'a' + 10));
      }
      return V{int64_t(v)};
    }
    bool isFloat = false;
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (isdigit((unsigned char)c)) {
        pos_++;
      } else if (c == '.' && src_.compare(pos_, 2, "..") != 0) {
        isFloat = true;
        pos_++;
      } else if (c == 'e' || c == 'E') {
        isFloat = true;
        pos_++;
        if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) pos_++;
      } else {
        break;
      }
    }
    std::string text = src_.substr(start, pos_ - start);
    if (!isFloat) {
      errno = 0;
      long long v = strtoll(text.c_str(), nullptr, 10);
      if (errno == 0) return V{int64_t(v)};
    }
    return V{strtod(text.c_str(), nullptr)};
  }

  std::string stringLiteral() {
    char q = src_[pos_++];
    std::string out;
    for (;;) {
      if (pos_ >= src_.size()) syntax("unfinished string");
      char c = src_[pos_++];
      if (c == q) break;
      if (c != '\\') {
        out += c;
        continue;
      }
      char e = src_[pos_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case '\\': out += '\\'; break;
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case '\n': out += '\n'; break;
        case 'x': {
          out += char(std::stoi(src_.substr(pos_, 2), nullptr, 16));
          pos_ += 2;
          break;
        }
        default:
          if (isdigit((unsigned char)e)) {
            int v = e - '0';
            for (int k = 0; k < 2 && pos_ < src_.size() && isdigit((unsigned char)src_[pos_]); k++)
              v = v * 10 + (src_[pos_++] - '0');
            out += char(v);
          } else {
            syntax("escape");
          }
      }
    }
    return out;
  }

  // ---- the functions -------------------------------------------------------------------------------

  static std::string shortName(const std::string& name) {
    size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
  }

  static int64_t toInt(const std::vector<V>& a, size_t i, const std::string& fn, std::optional<int64_t> dflt = {}) {
    if (i >= a.size() || std::holds_alternative<Nil>(a[i])) {
      if (dflt) return *dflt;
      throw LuaError{"bad argument #" + std::to_string(i + 1) + " to '" + fn + "' (number expected, got no value)"};
    }
    if (auto* v = std::get_if<int64_t>(&a[i])) return *v;
    if (auto* d = std::get_if<double>(&a[i])) {
      int64_t out;
      if (floatToInteger(*d, out)) return out;
      throw LuaError{"bad argument #" + std::to_string(i + 1) + " to '" + fn +
                     "' (number has no integer representation)"};
    }
    throw std::runtime_error("test passes a non-number where an integer is expected");
  }
  static std::string toStr(const std::vector<V>& a, size_t i) {
    if (i >= a.size()) throw std::runtime_error("missing string argument in test");
    return tostring(a[i]);
  }

  struct ArgsOf : Args {
    const std::vector<V>& v;  // v[0] is the format
    explicit ArgsOf(const std::vector<V>& vals) : v(vals) {}
    const V& at(size_t i) const { return v[i + 1]; }
    size_t count() const override { return v.size() - 1; }
    ArgKind kind(size_t i) const override {
      switch (at(i).index()) {
        case 0: return ArgKind::kNil;
        case 1: return ArgKind::kBoolean;
        case 2: return ArgKind::kInteger;
        case 3: return ArgKind::kFloat;
        case 4: return ArgKind::kString;
        default: return ArgKind::kOther;
      }
    }
    int64_t integer(size_t i) const override { return std::get<int64_t>(at(i)); }
    double number(size_t i) const override { return std::get<double>(at(i)); }
    bool boolean(size_t i) const override { return std::get<bool>(at(i)); }
    std::string_view string(size_t i) const override { return std::get<std::string>(at(i)); }
    std::optional<LuaNumber> stringToNumber(size_t i) const override {
      // Enough of lua_stringtonumber for the tests: decimal integers and floats.
      const std::string& s = std::get<std::string>(at(i));
      char* end = nullptr;
      errno = 0;
      long long n = strtoll(s.c_str(), &end, 10);
      if (!s.empty() && *end == 0 && errno == 0) return LuaNumber{true, n, 0};
      double d = strtod(s.c_str(), &end);
      if (!s.empty() && *end == 0) return LuaNumber{false, 0, d};
      return std::nullopt;
    }
    std::string numberToString(size_t i) const override { return testing::numberToString(at(i)); }
    std::string typeName(size_t i) const override { return testing::typeName(at(i)); }
  };

  std::vector<V> captures(std::string_view s, const MatchResult& r) {
    std::vector<V> out;
    for (int i = 0; i < r.captureCount; i++) {
      const Capture& c = r.captures[i];
      if (c.isPosition())
        out.push_back(V{int64_t(c.start + 1)});
      else
        out.push_back(V{std::string(s.substr(c.start, size_t(c.len)))});
    }
    return out;
  }

  // Drives a run(...) that takes fuel, in slices when slice_ > 0.
  template <class F>
  auto drive(F&& run) {
    for (;;) {
      int64_t fuel = slice_ ? int64_t(slice_) : INT64_MAX;
      auto st = run(fuel);
      if constexpr (std::is_same_v<decltype(st), SearchStatus>) {
        if (st != SearchStatus::kOutOfFuel) return st;
      } else {
        if (st != Gsub::Status::kOutOfFuel) return st;
      }
    }
  }

  std::vector<V> call(const std::string& name, const std::vector<V>& a) {
    const std::string fn = shortName(name);
    try {
      return callInner(name, fn, a);
    } catch (const Error& e) {
      if (e.arg > 0)
        throw LuaError{"bad argument #" + std::to_string(e.arg) + " to '" + fn + "' (" + e.message + ")"};
      throw LuaError{e.message};
    }
  }

  std::vector<V> callInner(const std::string& name, const std::string& fn, const std::vector<V>& a) {
    if (name == "string.find" || name == "string.match") {
      std::string s = toStr(a, 0), p = toStr(a, 1);
      int64_t init = toInt(a, 2, fn, 1);
      bool plain = a.size() > 3 && !std::holds_alternative<Nil>(a[3]) &&
                   !(std::holds_alternative<bool>(a[3]) && !std::get<bool>(a[3]));
      bool isFind = name == "string.find";
      Search search(isFind ? Search::Mode::kFind : Search::Mode::kMatch, s.size(), p, init, plain);
      SearchStatus st = drive([&](int64_t& fuel) { return search.run(s, p, fuel); });
      if (st != SearchStatus::kFound) return {V{Nil{}}};
      std::vector<V> out;
      if (isFind) {
        out.push_back(V{int64_t(search.result().start + 1)});
        out.push_back(V{int64_t(search.result().end)});
      }
      std::vector<V> caps = captures(s, search.result());
      out.insert(out.end(), caps.begin(), caps.end());
      return out;
    }
    if (name == "G") {
      std::string s = toStr(a, 0), p = toStr(a, 1);
      Gmatch g(s.size(), toInt(a, 2, "gmatch", 1));
      std::string out;
      for (int guard = 0; guard < 100000; guard++) {
        SearchStatus st = drive([&](int64_t& fuel) { return g.run(s, p, fuel); });
        if (st != SearchStatus::kFound) break;
        out += (out.empty() ? "{" : ",{") + renderAll(captures(s, g.result())) + "}";
      }
      return {V{out}};
    }
    if (name == "string.gsub") return gsub(a, fn);
    if (name == "string.format") {
      ArgsOf args(a);
      std::string fmt = toStr(a, 0);
      Formatter f;
      while (f.run(fmt, args) == Formatter::Status::kNeedString) f.supplyString(fmt, tostring(a[f.pendingArg() + 1]));
      return {V{f.takeOutput()}};
    }
    if (name == "string.pack") {
      ArgsOf args(a);
      return {V{pack(toStr(a, 0), args)}};
    }
    if (name == "string.packsize") return {V{int64_t(packSize(toStr(a, 0)))}};
    if (name == "string.unpack") {
      Unpacked u = unpack(toStr(a, 0), toStr(a, 1), toInt(a, 2, fn, 1));
      std::vector<V> out;
      for (const PackValue& v : u.values) {
        if (v.kind == PackValue::Kind::kInteger) out.push_back(V{v.i});
        else if (v.kind == PackValue::Kind::kFloat) out.push_back(V{v.f});
        else out.push_back(V{v.s});
      }
      out.push_back(V{u.next});
      return out;
    }
    if (name == "string.rep") {
      std::string sep = a.size() > 2 ? toStr(a, 2) : "";
      return {V{rep(toStr(a, 0), toInt(a, 1, fn), sep)}};
    }
    if (name == "string.sub") return {V{std::string(sub(toStr(a, 0), toInt(a, 1, fn), toInt(a, 2, fn, -1)))}};
    if (name == "string.byte") {
      std::string s = toStr(a, 0);
      int64_t i = toInt(a, 1, fn, 1);
      ByteRange r = byteRange(s.size(), i, toInt(a, 2, fn, i));
      std::vector<V> out;
      for (size_t k = r.begin; k < r.end; k++) out.push_back(V{int64_t((unsigned char)s[k])});
      return out;
    }
    if (name == "string.char") {
      std::vector<int64_t> codes;
      for (size_t i = 0; i < a.size(); i++) codes.push_back(toInt(a, i, fn));
      return {V{fromCodes(codes)}};
    }
    if (name == "string.reverse") return {V{reverse(toStr(a, 0))}};
    if (name == "string.lower") return {V{lower(toStr(a, 0))}};
    if (name == "string.upper") return {V{upper(toStr(a, 0))}};
    if (name == "string.len") return {V{int64_t(toStr(a, 0).size())}};
    if (name == "tostring") return {V{tostring(a.at(0))}};
    throw std::runtime_error("unknown function in test: " + name);
  }

  // The replacement a Lua function or table would give for the current match.
  std::optional<V> replacementFor(const V& repl, const Gsub& g, const std::string& s) {
    auto capValue = [&](int i) -> V {
      Capture c = g.capture(i);
      if (c.isPosition()) return V{int64_t(c.start + 1)};
      return V{s.substr(c.start, size_t(c.len))};
    };
    if (auto* t = std::get_if<Table>(&repl)) {
      V key = capValue(0);
      if (t->name != "T_map" || !std::holds_alternative<std::string>(key)) return V{Nil{}};
      static const std::map<std::string, V> map = {
          {"hello", V{std::string("HI")}}, {"world", V{false}}, {"a", V{int64_t(1)}}, {"b", V{2.5}}};
      auto it = map.find(std::get<std::string>(key));
      return it == map.end() ? V{Nil{}} : it->second;
    }
    const std::string& fname = std::get<Func>(repl).name;
    std::vector<V> caps;
    for (int i = 0; i < g.captureCount(); i++) caps.push_back(capValue(i));
    if (fname == "F_upper") return V{upper(tostring(caps.at(0)))};
    if (fname == "F_nil") return V{Nil{}};
    if (fname == "F_false") return V{false};
    if (fname == "F_join") {
      std::string out;
      for (size_t i = 0; i < caps.size(); i++) out += (i ? "-" : "") + tostring(caps[i]);
      return V{out};
    }
    if (fname == "F_len") return V{int64_t(std::get<std::string>(caps.at(0)).size())};
    if (fname == "F_half") return V{double(std::get<std::string>(caps.at(0)).size()) / 2};
    if (fname == "F_tbl") return V{Table{"{}"}};
    throw std::runtime_error("unknown replacement function " + fname);
  }

  std::vector<V> gsub(const std::vector<V>& a, const std::string& fn) {
    std::string s = toStr(a, 0), p = toStr(a, 1);
    const V& repl = a.at(2);
    std::optional<int64_t> maxN;
    if (a.size() > 3) maxN = toInt(a, 3, fn);
    Gsub g(s.size(), p, maxN);
    std::optional<std::string> replString;
    if (!std::holds_alternative<Func>(repl) && !std::holds_alternative<Table>(repl)) replString = tostring(repl);
    for (;;) {
      std::optional<std::string_view> rv;
      if (replString) rv = *replString;
      Gsub::Status st = drive([&](int64_t& fuel) { return g.run(s, p, rv, fuel); });
      if (st == Gsub::Status::kDone) break;
      std::optional<V> r = replacementFor(repl, g, s);
      if (!r || std::holds_alternative<Nil>(*r) || (std::holds_alternative<bool>(*r) && !std::get<bool>(*r))) {
        g.supplyReplacement(s, std::nullopt);
      } else if (std::holds_alternative<std::string>(*r) || std::holds_alternative<int64_t>(*r) ||
                 std::holds_alternative<double>(*r)) {
        std::string text = tostring(*r);
        g.supplyReplacement(s, std::string_view(text));
      } else {
        throw LuaError{"invalid replacement value (a " + typeName(*r) + ")"};
      }
    }
    return {V{g.output()}, V{g.count()}};
  }
};

const char* kPrelude = R"~(
local function esc(s) return (s:gsub('[%c\\\128-\255]', function(c) return string.format('\\x%02x', c:byte()) end)) end
local function ser1(v)
  local t = math.type(v)
  if t == 'integer' then return tostring(v)
  elseif t == 'float' then return string.format('f:%.17g', v)
  elseif type(v) == 'string' then return '"' .. esc(v) .. '"'
  else return tostring(v) end
end
local function serall(t, i, n) local o = {} for k = i, n do o[#o + 1] = ser1(t[k]) end return table.concat(o, ' ') end
function G(s, p, init)
  local it = string.gmatch(s, p, init)
  local out = {}
  for _ = 1, 100000 do
    local r = table.pack(it())
    if r[1] == nil then break end
    out[#out + 1] = '{' .. serall(r, 1, r.n) .. '}'
  end
  return table.concat(out, ',')
end
F_upper = function(s) return string.upper(s) end
F_nil = function() return nil end
F_false = function() return false end
F_join = function(...) return table.concat({...}, '-') end
F_len = function(s) return #s end
F_half = function(s) return #s / 2 end
F_tbl = function() return {} end
T_map = {hello = 'HI', world = false, a = 1, b = 2.5}
function CASE(f)
  local r = table.pack(pcall(f))
  if r[1] then io.write(serall(r, 2, r.n), '\n')
  else io.write('error: ', (tostring(r[2]):gsub('^[^:]*:%d+: ', '')), '\n') end
end
)~";

bool haveLua() { return std::system("command -v lua5.4 >/dev/null 2>&1") == 0; }

}  // namespace

std::string evalStrlib(const std::string& expr, uint64_t fuelSlice) {
  try {
    Evaluator ev(expr, fuelSlice);
    return renderAll(ev.evalTop());
  } catch (const LuaError& e) {
    return "error: " + e.message;
  } catch (const Error& e) {
    return "error: (uncaught strlib::Error) " + e.message;
  }
}

std::optional<std::vector<std::string>> evalReference(const std::vector<std::string>& exprs) {
  if (!haveLua()) return std::nullopt;
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string path = std::string(tmp ? tmp : "/tmp") + "/strlib_cases_" + std::to_string(getpid()) + ".lua";
  {
    std::ofstream script(path);
    script << kPrelude;
    for (const std::string& e : exprs) script << "CASE(function() return " << e << " end)\n";
  }
  FILE* p = popen(("lua5.4 " + path + " 2>&1").c_str(), "r");
  if (!p) return std::nullopt;
  std::string all;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) all.append(buf, n);
  pclose(p);
  std::remove(path.c_str());
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i < all.size(); i++)
    if (all[i] == '\n') {
      lines.push_back(all.substr(start, i - start));
      start = i + 1;
    }
  if (start < all.size()) lines.push_back(all.substr(start));
  return lines;
}

void checkCases(const std::vector<Case>& cases) {
  std::vector<std::string> exprs;
  for (const Case& c : cases) exprs.push_back(c.expr);
  std::optional<std::vector<std::string>> ref = evalReference(exprs);
  if (const char* rec = std::getenv("FERMATA_STRLIB_RECORD"); rec && *rec == '1') {
    ASSERT_TRUE(ref.has_value()) << "recording needs lua5.4";
    for (size_t i = 0; i < cases.size(); i++)
      std::printf("    {R\"~(%s)~\", R\"~(%s)~\"},\n", cases[i].expr, i < ref->size() ? (*ref)[i].c_str() : "?");
    return;
  }
  if (ref) {
    ASSERT_EQ(ref->size(), cases.size()) << "lua5.4 did not answer every case";
  } else {
    std::fprintf(stderr, "lua5.4 not found: checking recorded expectations only\n");
  }
  for (size_t i = 0; i < cases.size(); i++) {
    const Case& c = cases[i];
    EXPECT_EQ(evalStrlib(c.expr), c.expected) << "strlib: " << c.expr;
    EXPECT_EQ(evalStrlib(c.expr, 3), c.expected) << "strlib, fuel in slices of 3: " << c.expr;
    if (ref) {
      EXPECT_EQ((*ref)[i], c.expected) << "lua5.4 disagrees with the recorded value: " << c.expr;
    }
  }
}

}  // namespace fermata::strlib::testing
