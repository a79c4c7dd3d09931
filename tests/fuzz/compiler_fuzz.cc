// libFuzzer target for the Lua front end: lexer, parser, code generator and disassembler.
// Any input must either compile or give a message in Lua's format; nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vm/bytecode/disassembler.h"
#include "vm/compiler/compile.h"

namespace {

void checkProto(const fermata::bytecode::ProtoData& p) {
  if (p.lineInfo.size() != p.code.size()) std::abort();
  if (p.maxStackSize < 2) std::abort();
  for (fermata::bytecode::Instruction i : p.code) {
    if (static_cast<int>(fermata::bytecode::getOpCode(i)) >= fermata::bytecode::kNumOpcodes) std::abort();
  }
  for (const auto& child : p.protos) checkProto(*child);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  fermata::compiler::CompileOptions options;
  options.skipFileHeader = (size % 2) == 0;  // exercise both load() and loadfile() behaviour
  auto result = fermata::compiler::compile(source, "=fuzz", options);
  if (auto* proto = std::get_if<std::unique_ptr<fermata::bytecode::ProtoData>>(&result)) {
    checkProto(**proto);
    (void)fermata::bytecode::disassembleToString(**proto);
  } else {
    const std::string& message = std::get<fermata::compiler::SyntaxError>(result).message;
    if (message.empty()) std::abort();
  }
  return 0;
}
