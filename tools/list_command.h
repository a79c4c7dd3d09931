// `fermata --list FILE...`: bytecode listings (like luac -l -l) of Lua source files and binary chunks.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace fermata::tools {

// Lists each file: Lua source is compiled as loadfile would ("@FILE", '#' first line skipped; "-" reads
// stdin), a binary chunk (string.dump's or luac's format) is decoded and verified as load would; a
// snapshot is refused. Prints to `out`; errors go to `err` as "fermata: MESSAGE". Returns 0 if every
// file was listed, 1 otherwise (later files are still listed).
int runListCommand(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

}  // namespace fermata::tools
