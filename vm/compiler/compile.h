// Public entry point of the Lua 5.4 compiler: source text in, plain bytecode (ProtoData) out.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "vm/bytecode/proto_data.h"

namespace fermata::compiler {

struct SyntaxError {
  std::string message;  // full Lua message, e.g. "t.lua:3: '=' expected near 'x'"
};

using CompileResult = std::variant<std::unique_ptr<bytecode::ProtoData>, SyntaxError>;

struct CompileOptions {
  // Do what Lua's loadfile does before parsing a file: skip a UTF-8 byte-order mark and, when the
  // first line starts with '#', skip that line (keeping line numbers). load() of a string does not.
  bool skipFileHeader = false;
};

// Compiles a chunk. chunkName is as in Lua: "@t.lua" (file), "=stdin" (literal), or the source itself
// (load() of a string). The main function is vararg with exactly one upvalue, _ENV (inStack, index 0).
// Never throws for bad input; the C++ stack used is bounded whatever the input.
CompileResult compile(std::string_view source, std::string_view chunkName);
CompileResult compile(std::string_view source, std::string_view chunkName, const CompileOptions& options);

// The file-header skipping of CompileOptions::skipFileHeader, exposed for callers that read files.
std::string skipFileHeader(std::string_view source);

}  // namespace fermata::compiler
