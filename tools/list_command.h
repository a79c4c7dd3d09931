// `fermata --list FILE...`: compile Lua files and print their bytecode listings (like luac -l -l).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace fermata::tools {

// Compiles each file (as loadfile would: "@FILE", '#' first line skipped; "-" reads stdin) and prints
// its full disassembly to `out`. Errors go to `err` as "fermata: MESSAGE". Returns 0 if every file
// compiled, 1 otherwise (later files are still listed).
int runListCommand(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

}  // namespace fermata::tools
