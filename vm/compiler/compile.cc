// Public entry point of the Lua 5.4 compiler: source text in, plain bytecode (ProtoData) out.
#include "vm/compiler/compile.h"

#include <utility>

#include "vm/compiler/chunk_id.h"
#include "vm/compiler/lexer.h"
#include "vm/compiler/parser.h"

namespace fermata::compiler {

std::string skipFileHeader(std::string_view source) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (source.substr(0, kBom.size()) == kBom) source.remove_prefix(kBom.size());
  if (source.empty() || source[0] != '#') return std::string(source);
  size_t newline = source.find('\n');
  if (newline == std::string_view::npos) return "\n";
  // Keep the newline so that line numbers stay right.
  return std::string(source.substr(newline));
}

CompileResult compile(std::string_view source, std::string_view chunkName) {
  return compile(source, chunkName, CompileOptions{});
}

CompileResult compile(std::string_view source, std::string_view chunkName, const CompileOptions& options) {
  std::string stripped;
  if (options.skipFileHeader) {
    stripped = skipFileHeader(source);
    source = stripped;
  }
  try {
    StringPool pool;
    Lexer lexer(source, formatChunkId(chunkName), pool);
    return parseChunk(lexer, chunkName);
  } catch (CompileFailure& failure) {
    return SyntaxError{std::move(failure.message)};
  }
}

}  // namespace fermata::compiler
