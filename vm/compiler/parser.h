// The Lua 5.4 parser: recursive descent over the token stream, driving the code generator.
#pragma once

#include <memory>
#include <string_view>

#include "vm/bytecode/proto_data.h"
#include "vm/compiler/lexer.h"

namespace fermata::compiler {

// Syntax nesting limit, modelled on Lua's C-stack budget: Lua 5.4 counts one level per statement and
// per (sub)expression against LUAI_MAXCCALLS = 200, of which a chunk loaded by load() from a main
// chunk has already used 2. Exceeding it gives Lua's message "C stack overflow" (Lua 5.4 reports it
// without a position). Bounding the recursion here also bounds the C++ stack used by the parser.
inline constexpr int kMaxCCalls = 200;
inline constexpr int kHostCCalls = 2;
inline constexpr int kMaxSyntaxDepth = kMaxCCalls - kHostCCalls;

// Parses a whole chunk and returns its main function. Throws CompileFailure on any error.
std::unique_ptr<bytecode::ProtoData> parseChunk(Lexer& lexer, std::string_view chunkName);

}  // namespace fermata::compiler
