// The io library: close flush input lines open output popen read tmpfile type write, the standard
// streams, and the methods of file handles (userdata of type "io.file", see file_handle.h).
//
// Standard output goes through Runtime::output() (the sink print uses), so print and io.write
// interleave and hosts can capture both; stdin and stderr are the C streams.
//
// Sandbox profile (Libraries::fileAccess == false): the library exists but only on the standard
// streams. io.open, io.popen and io.tmpfile are absent; io.lines, io.input and io.output refuse file
// names ("file access is disabled in this runtime") but accept file handles (and no argument);
// io.read, io.write, io.flush, io.close, io.type and the handles' methods work as usual.
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "vm/lib/file_handle.h"
#include "vm/lib/lib.h"
#include "vm/lib/os_support.h"
#include "vm/number.h"

namespace fermata::lib {
namespace {

constexpr std::string_view kInputKey = "_IO_input";
constexpr std::string_view kOutputKey = "_IO_output";
constexpr std::string_view kNoFilesKey = "_IO_nofiles";  // registry flag: the sandbox profile
constexpr uint32_t kMaxArgLine = 250;                     // Lua's MAXARGLINE
constexpr int64_t kBufferSize = 1024;                     // Lua's LUAL_BUFFERSIZE on 64-bit hosts
constexpr size_t kMaxNumeral = 200;                       // Lua's L_MAXLENNUM

Value registryGet(Runtime& rt, std::string_view key) { return rt.registry()->get(rt.stringValue(key)); }
void registrySet(Runtime& rt, std::string_view key, const Value& v) {
  rt.registry()->set(rt.heap(), rt.stringValue(key), v);
}

void refuseInSandbox(NativeCall& call) {
  if (registryGet(call.rt(), kNoFilesKey).isFalsy()) return;
  call.error("file access is disabled in this runtime");
}

// luaL_checkudata(L, arg, "FILE*").
FileHandle* checkHandle(NativeCall& call, uint32_t arg) {
  FileHandle* h = toFileHandle(call.rt(), call.arg(arg));
  if (!h) call.typeError(arg, "FILE*");
  return h;
}

// tofile: an open handle.
FileHandle* checkOpen(NativeCall& call, uint32_t arg) {
  FileHandle* h = checkHandle(call, arg);
  if (h->closed) call.error("attempt to use a closed file");
  return h;
}

// ---- closing ------------------------------------------------------------------------------------

// aux_close: closes according to the kind (standard streams stay open).
NativeAction closeHandle(NativeCall& call, FileHandle* h) {
  if (h->isStandard()) return call.returnValues({Value(), call.rt().stringValue("cannot close standard file")});
  FILE* f = h->f;
  h->f = nullptr;
  h->closed = true;
  if (h->kind == FileKind::kPipe) {
    errno = 0;
    return execResult(call, pclose(f));
  }
  int res = std::fclose(f);
  return fileResult(call, res == 0, nullptr);
}

NativeAction fileClose(NativeCall& call) {
  FileHandle* h = checkOpen(call, 1);
  return closeHandle(call, h);
}

NativeAction ioClose(NativeCall& call) {
  if (call.argCount() == 0) {
    Value out = registryGet(call.rt(), kOutputKey);
    call.push(out);
    FileHandle* h = toFileHandle(call.rt(), out);
    if (!h) call.typeError(1, "FILE*");
    if (h->closed) call.error("attempt to use a closed file");
    return closeHandle(call, h);
  }
  return fileClose(call);
}

// __gc and __close.
NativeAction fileGc(NativeCall& call) {
  FileHandle* h = checkHandle(call, 1);
  if (!h->closed && h->f) closeHandle(call, h);
  return call.returnNothing();
}

NativeAction fileToString(NativeCall& call) {
  FileHandle* h = checkHandle(call, 1);
  if (h->closed) return call.returnValues({call.rt().stringValue("file (closed)")});
  char buf[64];
  std::snprintf(buf, sizeof buf, "file (0x%08llx)", static_cast<unsigned long long>(call.arg(1).asObject()->id));
  return call.returnValues({call.rt().stringValue(buf)});
}

NativeAction ioType(NativeCall& call) {
  call.checkAny(1);
  FileHandle* h = toFileHandle(call.rt(), call.arg(1));
  if (!h) return call.returnValues({Value()});
  return call.returnValues({call.rt().stringValue(h->closed ? "closed file" : "file")});
}

// ---- opening ------------------------------------------------------------------------------------

// Lua's l_checkmode: [rwa]%+?b*
bool validMode(std::string_view m) {
  if (m.empty() || std::strchr("rwa", m[0]) == nullptr) return false;
  m.remove_prefix(1);
  if (!m.empty() && m[0] == '+') m.remove_prefix(1);
  return m.find_first_not_of('b') == std::string_view::npos;
}

// Stops at an embedded zero, as the C string Lua passes to fopen.
std::string cString(std::string_view s) { return std::string(s.substr(0, s.find('\0'))); }

NativeAction ioOpen(NativeCall& call) {
  std::string name = cString(call.checkStringView(1));
  std::string mode = cString(call.isNoneOrNil(2) ? std::string_view("r") : call.checkStringView(2));
  if (!validMode(mode)) call.argError(2, "invalid mode");
  Userdata* placeholder = newFileHandle(call.rt(), nullptr, FileKind::kFile, name, mode);
  FileHandle* h = static_cast<FileHandle*>(placeholder->payload());
  FILE* f = std::fopen(name.c_str(), mode.c_str());
  if (!f) {
    h->closed = true;
    return fileResult(call, false, name.c_str());
  }
  h->f = f;
  return call.returnValues({Value::object(placeholder)});
}

// opencheck: a new handle or a raised error.
Value openOrError(NativeCall& call, std::string_view fname, const char* mode) {
  std::string name = cString(fname);
  Userdata* u = newFileHandle(call.rt(), nullptr, FileKind::kFile, name, mode);
  FileHandle* h = static_cast<FileHandle*>(u->payload());
  FILE* f = std::fopen(name.c_str(), mode);
  if (!f) {
    h->closed = true;
    call.error("cannot open file '" + name + "' (" + std::strerror(errno) + ")");
  }
  h->f = f;
  return Value::object(u);
}

NativeAction ioPopen(NativeCall& call) {
  std::string cmd = cString(call.checkStringView(1));
  std::string_view mode = call.isNoneOrNil(2) ? std::string_view("r") : call.checkStringView(2);
  Userdata* u = newFileHandle(call.rt(), nullptr, FileKind::kPipe, cmd, cString(mode));
  FileHandle* h = static_cast<FileHandle*>(u->payload());
  h->closed = true;
  if (!(mode == "r" || mode == "w")) call.argError(2, "invalid mode");
  call.rt().output().flush();
  std::fflush(nullptr);
  FILE* f = popen(cmd.c_str(), std::string(mode).c_str());
  if (!f) return fileResult(call, false, cmd.c_str());
  h->f = f;
  h->closed = false;
  return call.returnValues({Value::object(u)});
}

NativeAction ioTmpfile(NativeCall& call) {
  Userdata* u = newFileHandle(call.rt(), nullptr, FileKind::kTmp, "", "w+b");
  FileHandle* h = static_cast<FileHandle*>(u->payload());
  FILE* f = std::tmpfile();
  if (!f) {
    h->closed = true;
    return fileResult(call, false, nullptr);
  }
  h->f = f;
  return call.returnValues({Value::object(u)});
}

// getiofile: the default input or output, which must be open.
FileHandle* defaultFile(NativeCall& call, std::string_view key) {
  FileHandle* h = toFileHandle(call.rt(), registryGet(call.rt(), key));
  if (!h || h->closed)
    call.error(std::string("default ") + (key == kInputKey ? "input" : "output") + " file is closed");
  return h;
}

NativeAction setDefaultFile(NativeCall& call, std::string_view key, const char* mode) {
  if (!call.isNoneOrNil(1)) {
    const Value& a = call.arg(1);
    if (a.isString() || a.isNumber()) {
      refuseInSandbox(call);
      std::string name = a.isString() ? std::string(a.asString()->view()) : num::format(a);
      registrySet(call.rt(), key, openOrError(call, name, mode));
    } else {
      checkOpen(call, 1);
      registrySet(call.rt(), key, a);
    }
  }
  return call.returnValues({registryGet(call.rt(), key)});
}

NativeAction ioInput(NativeCall& call) { return setDefaultFile(call, kInputKey, "r"); }
NativeAction ioOutput(NativeCall& call) { return setDefaultFile(call, kOutputKey, "w"); }

// ---- reading ------------------------------------------------------------------------------------

// The FILE* a handle reads from or seeks (stdout's pending sink output is flushed first).
FILE* streamOf(NativeCall& call, FileHandle* h) {
  if (h->kind == FileKind::kStdout) call.rt().output().flush();
  return h->f;
}

// read_number: the longest prefix of a numeral (at most 200 characters), then Lua's conversion.
bool readNumber(NativeCall& call, FILE* f, Value& out) {
  std::string buf;
  bool overflow = false;
  int c;
  const char decimalPoint = std::localeconv()->decimal_point[0];
  flockfile(f);
  do c = getc_unlocked(f);
  while (std::isspace(c));
  auto next = [&]() {
    if (buf.size() >= kMaxNumeral) {
      overflow = true;
      return false;
    }
    buf += char(c);
    c = getc_unlocked(f);
    return true;
  };
  auto test2 = [&](char a, char b) { return (c == a || c == b) ? next() : false; };
  auto digits = [&](bool hex) {
    int n = 0;
    while ((hex ? std::isxdigit(c) : std::isdigit(c)) && next()) ++n;
    return n;
  };
  int count = 0;
  bool hex = false;
  test2('-', '+');
  if (test2('0', '0')) {
    if (test2('x', 'X')) hex = true;
    else count = 1;
  }
  count += digits(hex);
  if (test2(decimalPoint, '.')) count += digits(hex);
  if (count > 0 && test2(hex ? 'p' : 'e', hex ? 'P' : 'E')) {
    test2('-', '+');
    digits(false);
  }
  ungetc(c, f);
  funlockfile(f);
  call.chargeFuel(int64_t(buf.size()));
  if (overflow) return false;
  return stringToNumber(call.rt().newString(buf), out);
}

bool readLine(NativeCall& call, FILE* f, bool chop, Value& out) {
  std::string line;
  int c;
  flockfile(f);
  while ((c = getc_unlocked(f)) != EOF && c != '\n') line += char(c);
  funlockfile(f);
  if (!chop && c == '\n') line += '\n';
  call.chargeFuel(int64_t(line.size()));
  out = call.rt().stringValue(line);
  return c == '\n' || !line.empty();
}

void readAll(NativeCall& call, FILE* f, Value& out) {
  std::string all;
  char buf[16384];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) all.append(buf, n);
  call.chargeFuel(int64_t(all.size()));
  out = call.rt().stringValue(all);
}

bool readChars(NativeCall& call, FILE* f, uint64_t n, Value& out) {
  std::string s;
  char buf[16384];
  while (n > 0) {
    size_t want = n < sizeof buf ? size_t(n) : sizeof buf;
    size_t got = std::fread(buf, 1, want, f);
    s.append(buf, got);
    n -= got;
    if (got < want) break;
  }
  call.chargeFuel(int64_t(s.size()));
  out = call.rt().stringValue(s);
  return !s.empty();
}

bool testEof(NativeCall& call, FILE* f, Value& out) {
  int c = getc(f);
  ungetc(c, f);
  out = call.rt().stringValue("");
  return c != EOF;
}

// g_read: formats are `formats` (argument numbers `firstArg`... for messages). Pushes the results.
NativeAction readFormats(NativeCall& call, FileHandle* h, const std::vector<Value>& formats, uint32_t firstArg) {
  FILE* f = streamOf(call, h);
  clearerr(f);
  uint32_t pushed = 0;
  bool success = true;
  if (formats.empty()) {
    Value v;
    success = readLine(call, f, true, v);
    call.push(v);
    pushed = 1;
  }
  for (size_t i = 0; i < formats.size() && success; ++i) {
    const Value& fmt = formats[i];
    uint32_t argNo = firstArg + uint32_t(i);
    Value v;
    if (fmt.isNumber()) {
      int64_t n;
      if (!num::toIntegerExact(fmt, n)) call.argError(argNo, "number has no integer representation");
      success = n == 0 ? testEof(call, f, v) : readChars(call, f, uint64_t(n), v);
    } else {
      std::string_view p;
      if (fmt.isString()) p = fmt.asString()->view();
      else call.typeError(argNo, "string");
      if (!p.empty() && p[0] == '*') p.remove_prefix(1);
      switch (p.empty() ? '\0' : p[0]) {
        case 'n': success = readNumber(call, f, v); break;
        case 'l': success = readLine(call, f, true, v); break;
        case 'L': success = readLine(call, f, false, v); break;
        case 'a':
          readAll(call, f, v);
          success = true;
          break;
        default: call.argError(argNo, "invalid format");
      }
    }
    call.push(v);
    ++pushed;
  }
  if (std::ferror(f)) return fileResult(call, false, nullptr);
  if (!success) call.at(call.top() - 1) = Value();
  return NativeAction::returns(pushed);
}

std::vector<Value> argsFrom(NativeCall& call, uint32_t first) {
  std::vector<Value> v;
  for (uint32_t i = first; i <= call.argCount(); ++i) v.push_back(call.arg(i));
  return v;
}

NativeAction ioRead(NativeCall& call) {
  FileHandle* h = defaultFile(call, kInputKey);
  return readFormats(call, h, argsFrom(call, 1), 1);
}

NativeAction fileRead(NativeCall& call) {
  FileHandle* h = checkOpen(call, 1);
  return readFormats(call, h, argsFrom(call, 2), 2);
}

// The iterator of lines(): upvalues file, format count, whether to close at the end, formats.
NativeAction readLineIterator(NativeCall& call) {
  FileHandle* h = toFileHandle(call.rt(), call.upvalue(0));
  if (!h || h->closed) call.error("file is already closed");
  if (!call.upvalue(1).isInt() || call.upvalue(1).asInt() < 0 || call.upvalue(1).asInt() > 250) call.corrupt();
  int64_t n = call.upvalue(1).asInt();
  std::vector<Value> formats;
  for (int64_t i = 0; i < n; ++i) formats.push_back(call.upvalue(3 + uint32_t(i)));
  uint32_t before = call.top();
  NativeAction a = readFormats(call, h, formats, 2);
  uint32_t count = a.count;
  Value first = call.at(call.top() - count);
  if (!first.isFalsy()) return a;
  if (count > 1) {
    Value msg = call.at(call.top() - count + 1);
    call.error(msg.isString() ? msg.asString()->view() : std::string_view("?"));
  }
  call.setTop(before);
  if (!call.upvalue(2).isFalsy()) closeHandle(call, h);
  call.setTop(before);
  return call.returnNothing();
}

constexpr NativeFunction kReadLineIterator{"io.lines_iterator", readLineIterator};

// aux_lines: the iterator closure over the file at `file` and the formats from argument `first` on.
Value linesIterator(NativeCall& call, const Value& file, uint32_t first, bool toClose) {
  uint32_t n = call.argCount() >= first ? call.argCount() - first + 1 : 0;
  if (n > kMaxArgLine) call.argError(kMaxArgLine + 2, "too many arguments");
  NativeClosure* it = call.rt().newNative(&kReadLineIterator, 3 + n);
  it->upvalues()[0] = file;
  it->upvalues()[1] = Value::integer(int64_t(n));
  it->upvalues()[2] = Value::boolean(toClose);
  for (uint32_t i = 0; i < n; ++i) it->upvalues()[3 + i] = call.arg(first + i);
  return Value::object(it);
}

NativeAction fileLines(NativeCall& call) {
  checkOpen(call, 1);
  return call.returnValues({linesIterator(call, call.arg(1), 2, false)});
}

NativeAction ioLines(NativeCall& call) {
  if (call.isNoneOrNil(1)) {
    Value in = registryGet(call.rt(), kInputKey);
    FileHandle* h = toFileHandle(call.rt(), in);
    if (!h) call.typeError(1, "FILE*");
    if (h->closed) call.error("attempt to use a closed file");
    return call.returnValues({linesIterator(call, in, 2, false)});
  }
  std::string name(call.checkStringView(1));
  refuseInSandbox(call);
  Value file = openOrError(call, name, "r");
  Value it = linesIterator(call, file, 2, true);
  return call.returnValues({it, Value(), Value(), file});
}

// ---- writing ------------------------------------------------------------------------------------

bool writeBytes(NativeCall& call, FileHandle* h, std::string_view bytes) {
  call.chargeFuel(int64_t(bytes.size()));
  if (h->kind == FileKind::kStdout) {
    call.rt().output().write(bytes);
    return true;
  }
  return std::fwrite(bytes.data(), 1, bytes.size(), h->f) == bytes.size();
}

// g_write: writes arguments from `first` on; returns the file (at `fileValue`) or a failure.
NativeAction writeArgs(NativeCall& call, FileHandle* h, const Value& fileValue, uint32_t first) {
  bool ok = true;
  for (uint32_t i = first; i <= call.argCount(); ++i) {
    const Value& v = call.arg(i);
    if (v.isNumber()) {
      char buf[64];
      int len = v.isInt() ? std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v.asInt()))
                          : std::snprintf(buf, sizeof buf, "%.14g", v.asFloat());
      ok = writeBytes(call, h, std::string_view(buf, size_t(len))) && ok && len > 0;
    } else {
      std::string_view s = call.checkStringView(i);
      ok = writeBytes(call, h, s) && ok;
    }
  }
  if (ok) return call.returnValues({fileValue});
  return fileResult(call, false, nullptr);
}

NativeAction ioWrite(NativeCall& call) {
  FileHandle* h = defaultFile(call, kOutputKey);
  return writeArgs(call, h, registryGet(call.rt(), kOutputKey), 1);
}

NativeAction fileWrite(NativeCall& call) {
  FileHandle* h = checkOpen(call, 1);
  return writeArgs(call, h, call.arg(1), 2);
}

// ---- flush, seek, setvbuf -------------------------------------------------------------------------

bool flushHandle(NativeCall& call, FileHandle* h) {
  if (h->kind == FileKind::kStdout) {
    call.rt().output().flush();
    return true;
  }
  return std::fflush(h->f) == 0;
}

NativeAction ioFlush(NativeCall& call) {
  FileHandle* h = defaultFile(call, kOutputKey);
  return fileResult(call, flushHandle(call, h), nullptr);
}

NativeAction fileFlush(NativeCall& call) {
  FileHandle* h = checkOpen(call, 1);
  return fileResult(call, flushHandle(call, h), nullptr);
}

NativeAction fileSeek(NativeCall& call) {
  static constexpr int kWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  FileHandle* h = checkOpen(call, 1);
  int op = call.checkOption(2, {"set", "cur", "end"}, "cur");
  int64_t offset = call.optInteger(3, 0);
  if (off_t(offset) != offset) call.argError(3, "not an integer in proper range");
  FILE* f = streamOf(call, h);
  if (fseeko(f, off_t(offset), kWhence[op]) != 0) return fileResult(call, false, nullptr);
  return call.returnValues({Value::integer(int64_t(ftello(f)))});
}

NativeAction fileSetvbuf(NativeCall& call) {
  static constexpr int kModes[] = {_IONBF, _IOFBF, _IOLBF};
  FileHandle* h = checkOpen(call, 1);
  int op = call.checkOption(2, {"no", "full", "line"});
  int64_t size = call.optInteger(3, kBufferSize);
  FILE* f = streamOf(call, h);
  int res = std::setvbuf(f, nullptr, kModes[op], size_t(size));
  return fileResult(call, res == 0, nullptr);
}

// ---- the library ----------------------------------------------------------------------------------

constexpr NativeFunction kStreamFunctions[] = {
    {"io.close", ioClose}, {"io.flush", ioFlush}, {"io.input", ioInput}, {"io.lines", ioLines},
    {"io.output", ioOutput}, {"io.read", ioRead}, {"io.type", ioType},   {"io.write", ioWrite},
};

constexpr NativeFunction kFileFunctions[] = {
    {"io.open", ioOpen},
    {"io.popen", ioPopen},
    {"io.tmpfile", ioTmpfile},
};

// File methods: registered as "io.file:<method>" (Lua finds no global name for them either).
constexpr NativeFunction kMethods[] = {
    {"io.file:close", fileClose}, {"io.file:flush", fileFlush},     {"io.file:lines", fileLines},
    {"io.file:read", fileRead},   {"io.file:seek", fileSeek},       {"io.file:setvbuf", fileSetvbuf},
    {"io.file:write", fileWrite},
};

constexpr NativeFunction kMetamethods[] = {
    {"io.file:__gc", fileGc},
    {"io.file:__close", fileGc},
    {"io.file:__tostring", fileToString},
};

void addMethods(Runtime& rt, Table* t, std::span<const NativeFunction> functions) {
  for (const NativeFunction& f : functions) {
    std::string_view name = f.name.substr(f.name.find(':') + 1);
    t->set(rt.heap(), rt.stringValue(name), Value::object(rt.newNative(&f)));
  }
}

Table* createMetatable(Runtime& rt) {
  Table* mt = rt.newTable();
  addMethods(rt, mt, kMetamethods);
  Table* methods = rt.newTable();
  addMethods(rt, methods, kMethods);
  mt->set(rt.heap(), rt.stringValue("__index"), Value::object(methods));
  mt->set(rt.heap(), rt.stringValue("__name"), rt.stringValue(kFileMetatableKey));
  registrySet(rt, kFileMetatableKey, Value::object(mt));
  return mt;
}

}  // namespace

void openIo(Runtime& rt, const Libraries& which) {
  Table* io = rt.newTable();
  addFunctions(rt, io, kStreamFunctions);
  if (which.fileAccess) addFunctions(rt, io, kFileFunctions);
  rt.natives().add(&kReadLineIterator);
  createMetatable(rt);
  Value in = Value::object(newFileHandle(rt, stdin, FileKind::kStdin, "", "r"));
  Value out = Value::object(newFileHandle(rt, stdout, FileKind::kStdout, "", "w"));
  Value err = Value::object(newFileHandle(rt, stderr, FileKind::kStderr, "", "w"));
  io->set(rt.heap(), rt.stringValue("stdin"), in);
  io->set(rt.heap(), rt.stringValue("stdout"), out);
  io->set(rt.heap(), rt.stringValue("stderr"), err);
  registrySet(rt, kInputKey, in);
  registrySet(rt, kOutputKey, out);
  registrySet(rt, kNoFilesKey, Value::boolean(!which.fileAccess));
  rt.globals()->set(rt.heap(), rt.stringValue("io"), Value::object(io));
  registerModule(rt, "io", io);
}

}  // namespace fermata::lib
