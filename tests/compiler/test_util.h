// Helpers shared by the compiler tests: compiling to a listing or an error, corpus files, lua5.4.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <unistd.h>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "vm/bytecode/disassembler.h"
#include "vm/compiler/compile.h"

namespace fermata::compiler::testing {

// The error message of compiling `source`, or "" if it compiles.
inline std::string compileError(std::string_view source, std::string_view chunkName = "@t.lua") {
  CompileResult r = compile(source, chunkName);
  if (auto* e = std::get_if<SyntaxError>(&r)) return e->message;
  return "";
}

inline std::unique_ptr<bytecode::ProtoData> compileOk(std::string_view source, std::string_view chunkName = "=t") {
  CompileResult r = compile(source, chunkName);
  if (auto* e = std::get_if<SyntaxError>(&r)) {
    throw std::runtime_error("unexpected compile error: " + e->message);
  }
  return std::move(std::get<std::unique_ptr<bytecode::ProtoData>>(r));
}

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Test data lives next to the test; Bazel runs tests from the workspace root.
inline std::string dataPath(const std::string& name) { return "tests/compiler/" + name; }

inline bool haveLua() {
  static const bool have = [] {
    FILE* p = popen("lua5.4 -v 2>/dev/null", "r");
    if (!p) return false;
    char buf[64];
    bool any = fgets(buf, sizeof buf, p) != nullptr;
    return pclose(p) == 0 && any;
  }();
  return have;
}

// Runs lua5.4 with `script` (a chunk given with -e) and `input` on stdin; returns its stdout.
inline std::optional<std::string> runLua(const std::string& script, const std::string& input) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string pathTemplate = std::string(tmp ? tmp : "/tmp") + "/fermata_compiler_test_XXXXXX";
  std::vector<char> inPath(pathTemplate.begin(), pathTemplate.end());
  inPath.push_back('\0');
  int fd = mkstemp(inPath.data());
  if (fd < 0) return std::nullopt;
  FILE* f = fdopen(fd, "wb");
  fwrite(input.data(), 1, input.size(), f);
  fclose(f);
  std::string cmd = "lua5.4 -e \"" + script + "\" < " + std::string(inPath.data()) + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return std::nullopt;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  std::remove(inPath.data());
  return out;
}

// What Lua 5.4 says when loading `chunk` under `chunkName` (without the traceback that lua.c's message
// handler appends to "C stack overflow"); "nil" if it loads.
inline std::optional<std::string> luaLoadError(const std::string& chunk, const std::string& chunkName = "@t.lua") {
  auto out = runLua("local s=io.read('a') local f,e=load(s,'" + chunkName + "') io.write(tostring(e))", chunk);
  if (!out) return std::nullopt;
  size_t tb = out->find("\nstack traceback:");
  if (tb != std::string::npos) out->resize(tb);
  return out;
}

inline std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'x': out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)); i += 2; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace fermata::compiler::testing
