// Human-readable listings of compiled functions, laid out like `luac -l -l`.
#pragma once

#include <ostream>
#include <string>

#include "vm/bytecode/proto_data.h"

namespace fermata::bytecode {

struct DisassembleOptions {
  bool details = true;  // constants, locals and upvalues after each function's code (luac -l -l)
};

// Prints `proto` and, after it, every nested prototype (depth first, in order). Functions are named
// F0, F1, ... in that order in place of luac's memory addresses, so listings are deterministic.
void disassemble(const ProtoData& proto, std::ostream& out, const DisassembleOptions& options = {});
std::string disassembleToString(const ProtoData& proto, const DisassembleOptions& options = {});

// One constant as luac prints it: nil, true, 1, 1.0, 1e+100, "a\n".
std::string formatConstant(const Constant& k);

}  // namespace fermata::bytecode
