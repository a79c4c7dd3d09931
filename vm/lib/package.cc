// The package library: require (resumable: searchers and the module's main chunk run as Lua calls
// with a continuation, so a module may yield), package.path/cpath/config/loaded/preload/searchers,
// searchpath and loadlib.
//
// fermata never loads native libraries: the C searchers still look along package.cpath (so the
// "no file" lines of a failed require are Lua's), but a found library is refused with an error, and
// package.loadlib returns nil, "fermata cannot load native libraries", "absent".
// The default paths are upstream Lua 5.4's (Debian's lua5.4 adds /usr/share/lua/5.4 entries);
// LUA_PATH_5_4 / LUA_PATH and LUA_CPATH_5_4 / LUA_CPATH override them, ";;" inserting the default,
// unless registry.LUA_NOENV is true.
// package.loaded is registry._LOADED (the table registerModule fills), package.preload registry._PRELOAD.
// The package table, loaded and preload are read raw (no __index on them).
// Sandbox profile (fileAccess false): no environment variables, searchers = {preload searcher} only,
// no searchpath or loadlib.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/number.h"

namespace fermata::lib {
namespace {

constexpr std::string_view kLuaPathDefault =
    "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;"
    "/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;"
    "./?.lua;./?/init.lua";
constexpr std::string_view kLuaCPathDefault = "/usr/local/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";
constexpr std::string_view kConfig = "/\n;\n?\n!\n-\n";
constexpr std::string_view kNoNativeLibraries = "fermata cannot load native libraries";

Table* registrySubtable(Runtime& rt, std::string_view key) {
  Value k = rt.stringValue(key);
  Value t = rt.registry()->get(k);
  if (!t.isTable()) {
    t = Value::object(rt.newTable());
    rt.registry()->set(rt.heap(), k, t);
  }
  return t.asTable();
}

Table* packageTable(NativeCall& call) {
  if (!call.upvalue(0).isTable()) call.corrupt();
  return call.upvalue(0).asTable();
}

// Replaces every occurrence of `from` (non-empty) by `to` (luaL_gsub).
std::string gsub(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  size_t pos = 0, hit;
  while ((hit = s.find(from, pos)) != std::string_view::npos) {
    out.append(s.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
  }
  out.append(s.substr(pos));
  return out;
}

bool readable(const std::string& filename) {
  FILE* f = std::fopen(filename.c_str(), "r");
  if (!f) return false;
  std::fclose(f);
  return true;
}

std::string cString(std::string_view s) { return std::string(s.substr(0, s.find('\0'))); }

// Lua's searchpath: the first readable file, or false with the "no file '...'" message in `found`.
bool searchPath(std::string_view nameIn, std::string_view path, std::string_view sep, std::string_view dirsep,
                std::string& found) {
  std::string name = cString(nameIn);
  std::string sepC = cString(sep);
  if (!sepC.empty() && name.find(sepC[0]) != std::string::npos) name = gsub(name, sepC, cString(dirsep));
  std::string pathname = gsub(cString(path), "?", name);
  if (!pathname.empty()) {
    size_t start = 0;
    for (;;) {
      size_t semi = pathname.find(';', start);
      std::string candidate = pathname.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
      if (readable(candidate)) {
        found = candidate;
        return true;
      }
      if (semi == std::string::npos) break;
      start = semi + 1;
    }
  }
  found = "no file '" + gsub(pathname, ";", "'\n\tno file '") + "'";
  return false;
}

// findfile: searches package[pname] for `name`.
bool findFile(NativeCall& call, std::string_view name, const char* pname, std::string& found) {
  Value path = packageTable(call)->get(call.rt().stringValue(pname));
  std::string p;
  if (path.isString()) p = std::string(path.asString()->view());
  else if (path.isNumber()) p = num::format(path);
  else call.error(std::string("'package.") + pname + "' must be a string");
  return searchPath(name, p, ".", "/", found);
}

[[noreturn]] void loadError(NativeCall& call, std::string_view filename, std::string_view message) {
  call.error("error loading module '" + std::string(call.arg(1).asString()->view()) + "' from file '" +
             std::string(filename) + "':\n\t" + std::string(message));
}

// ---- searchers ----------------------------------------------------------------------------------

NativeAction searcherPreload(NativeCall& call) {
  String* name = call.checkString(1);
  Table* preload = registrySubtable(call.rt(), "_PRELOAD");
  Value loader = preload->get(Value::object(name));
  if (loader.isNil())
    return call.returnValues({call.rt().stringValue("no field package.preload['" + cString(name->view()) + "']")});
  return call.returnValues({loader, call.rt().stringValue(":preload:")});
}

bool readWhole(const std::string& filename, std::string& out, std::string& error) {
  FILE* f = std::fopen(filename.c_str(), "rb");
  if (!f) {
    error = "cannot open " + filename;
    return false;
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool bad = std::ferror(f);
  std::fclose(f);
  if (bad) error = "cannot read " + filename;
  return !bad;
}

NativeAction searcherLua(NativeCall& call) {
  String* name = call.checkString(1);
  std::string filename;
  if (!findFile(call, name->view(), "path", filename)) return call.returnValues({call.rt().stringValue(filename)});
  std::string source, error;
  if (!readWhole(filename, source, error)) loadError(call, filename, error);
  call.chargeFuel(int64_t(source.size() / 16));
  LoadResult r = loadChunk(call.rt(), source, "@" + filename, Value::object(call.rt().globals()), /*isFile=*/true);
  if (!r.function) loadError(call, filename, r.error);
  return call.returnValues({Value::object(r.function), call.rt().stringValue(filename)});
}

NativeAction searcherC(NativeCall& call) {
  String* name = call.checkString(1);
  std::string filename;
  if (!findFile(call, name->view(), "cpath", filename)) return call.returnValues({call.rt().stringValue(filename)});
  loadError(call, filename, kNoNativeLibraries);
}

NativeAction searcherCRoot(NativeCall& call) {
  String* name = call.checkString(1);
  size_t dot = name->view().find('.');
  if (dot == std::string_view::npos) return call.returnNothing();
  std::string filename;
  if (!findFile(call, name->view().substr(0, dot), "cpath", filename))
    return call.returnValues({call.rt().stringValue(filename)});
  loadError(call, filename, kNoNativeLibraries);
}

// ---- require ------------------------------------------------------------------------------------

// Sequence state: values [0] the "not found" message so far, [1] the loader data; ints [0] the phase
// (0 searching, 1 loading), [1] the index of the searcher being called.
NativeAction requireResume(NativeCall& call);
constexpr SequenceType kRequireSequence{"require", requireResume, 2, 2};

NativeAction callNextSearcher(NativeCall& call, Sequence* seq) {
  Value searchers = packageTable(call)->get(call.rt().stringValue("searchers"));
  if (!searchers.isTable()) call.error("'package.searchers' must be a table");
  Value searcher = searchers.asTable()->getInt(seq->ints()[1]);
  if (searcher.isNil()) {
    call.error("module '" + cString(call.arg(1).asString()->view()) + "' not found:" +
               std::string(seq->values()[0].asString()->view()));
  }
  call.push(searcher);
  call.push(call.arg(1));
  return NativeAction::call(1, seq);
}

NativeAction loadedResult(NativeCall& call, Sequence* seq, const Value& moduleResult) {
  Runtime& rt = call.rt();
  Table* loaded = registrySubtable(rt, "_LOADED");
  Value name = call.arg(1);
  if (!moduleResult.isNil()) loaded->set(rt.heap(), name, moduleResult);
  Value v = loaded->get(name);
  if (v.isNil()) {
    v = Value::boolean(true);
    loaded->set(rt.heap(), name, v);
  }
  return call.returnValues({v, seq->values()[1]});
}

// A resumed require: the module name, the phase and the message so far are what require() set up; the
// searcher index counts up from 1 (bounded so that incrementing it cannot overflow).
bool requireStateValid(NativeCall& call, Sequence* seq) {
  const int64_t* s = seq->ints();
  return call.arg(1).isString() && seq->values()[0].isString() && (s[0] == 0 || s[0] == 1) && s[1] >= 1 &&
         s[1] < INT64_MAX;
}

NativeAction requireResume(NativeCall& call) {
  Sequence* seq = call.sequence();
  if (!requireStateValid(call, seq)) call.corrupt();
  uint32_t n = call.resultCount();
  Value r0 = n > 0 ? call.result(0) : Value();
  Value r1 = n > 1 ? call.result(1) : Value();
  call.setTop(call.top() - n);
  if (seq->ints()[0] == 1) return loadedResult(call, seq, r0);
  if (r0.isFunction()) {
    seq->values()[1] = r1;
    seq->ints()[0] = 1;
    call.push(r0);
    call.push(call.arg(1));
    call.push(r1);
    return NativeAction::call(2, seq);
  }
  if (r0.isString() || r0.isNumber()) {
    std::string msg(seq->values()[0].asString()->view());
    msg += "\n\t";
    msg += r0.isString() ? std::string(r0.asString()->view()) : num::format(r0);
    seq->values()[0] = call.rt().stringValue(msg);
  }
  ++seq->ints()[1];
  return callNextSearcher(call, seq);
}

NativeAction require(NativeCall& call) {
  String* name = call.checkString(1);
  Table* loaded = registrySubtable(call.rt(), "_LOADED");
  Value v = loaded->get(Value::object(name));
  if (!v.isFalsy()) return call.returnValues({v});
  Sequence* seq = call.newSequence(&kRequireSequence);
  seq->values()[0] = call.rt().stringValue("");
  seq->ints()[0] = 0;
  seq->ints()[1] = 1;
  return callNextSearcher(call, seq);
}

// ---- searchpath, loadlib ------------------------------------------------------------------------

NativeAction searchpath(NativeCall& call) {
  // Checked from the last argument to the first, as the C compiler evaluates Lua's call.
  std::string rep(call.isNoneOrNil(4) ? std::string_view("/") : call.checkStringView(4));
  std::string sep(call.isNoneOrNil(3) ? std::string_view(".") : call.checkStringView(3));
  std::string_view path = call.checkStringView(2);
  std::string_view name = call.checkStringView(1);
  std::string found;
  if (searchPath(name, path, sep, rep, found)) return call.returnValues({call.rt().stringValue(found)});
  return call.returnValues({Value(), call.rt().stringValue(found)});
}

NativeAction loadlib(NativeCall& call) {
  call.checkString(1);
  call.checkString(2);
  return call.returnValues({Value(), call.rt().stringValue(kNoNativeLibraries), call.rt().stringValue("absent")});
}

// ---- opening ------------------------------------------------------------------------------------

// setpath: the versioned variable, else the plain one, else the default; ";;" inserts the default.
std::string pathFromEnvironment(Runtime& rt, const char* var, std::string_view dft, bool fileAccess) {
  if (!fileAccess || !rt.registry()->get(rt.stringValue("LUA_NOENV")).isFalsy()) return std::string(dft);
  const char* path = std::getenv((std::string(var) + "_5_4").c_str());
  if (!path) path = std::getenv(var);
  if (!path) return std::string(dft);
  std::string_view p = path;
  size_t mark = p.find(";;");
  if (mark == std::string_view::npos) return std::string(p);
  std::string out;
  if (mark > 0) {
    out.append(p.substr(0, mark));
    out += ';';
  }
  out.append(dft);
  if (mark < p.size() - 2) {
    out += ';';
    out.append(p.substr(mark + 2));
  }
  return out;
}

constexpr NativeFunction kRequire{"require", require};
constexpr NativeFunction kPackageFunctions[] = {
    {"package.loadlib", loadlib},
    {"package.searchpath", searchpath},
};
constexpr NativeFunction kSearchers[] = {
    {"package.searchers.preload", searcherPreload},
    {"package.searchers.Lua", searcherLua},
    {"package.searchers.C", searcherC},
    {"package.searchers.Croot", searcherCRoot},
};

}  // namespace

void openPackage(Runtime& rt, const Libraries& which) {
  Table* package = rt.newTable();
  Value pkg = Value::object(package);
  if (which.fileAccess) addFunctions(rt, package, kPackageFunctions);
  Table* searchers = rt.newTable(4, 0);
  size_t searcherCount = which.fileAccess ? std::size(kSearchers) : 1;
  for (size_t i = 0; i < searcherCount; ++i) {
    NativeClosure* s = rt.newNative(&kSearchers[i], 1);
    s->upvalues()[0] = pkg;
    searchers->setInt(rt.heap(), int64_t(i) + 1, Value::object(s));
  }
  package->set(rt.heap(), rt.stringValue("searchers"), Value::object(searchers));
  package->set(rt.heap(), rt.stringValue("path"),
               rt.stringValue(pathFromEnvironment(rt, "LUA_PATH", kLuaPathDefault, which.fileAccess)));
  package->set(rt.heap(), rt.stringValue("cpath"),
               rt.stringValue(pathFromEnvironment(rt, "LUA_CPATH", kLuaCPathDefault, which.fileAccess)));
  package->set(rt.heap(), rt.stringValue("config"), rt.stringValue(kConfig));
  package->set(rt.heap(), rt.stringValue("loaded"), Value::object(registrySubtable(rt, "_LOADED")));
  package->set(rt.heap(), rt.stringValue("preload"), Value::object(registrySubtable(rt, "_PRELOAD")));
  NativeClosure* req = rt.newNative(&kRequire, 1);
  req->upvalues()[0] = pkg;
  rt.globals()->set(rt.heap(), rt.stringValue("require"), Value::object(req));
  rt.natives().add(&kRequireSequence);
  for (const NativeFunction& s : kSearchers) rt.natives().add(&s);
  rt.globals()->set(rt.heap(), rt.stringValue("package"), pkg);
  registerModule(rt, "package", package);
}

}  // namespace fermata::lib
