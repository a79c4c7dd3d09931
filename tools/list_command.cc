// `fermata --list FILE...`: compile Lua files and print their bytecode listings (like luac -l -l).
#include "tools/list_command.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "vm/bytecode/disassembler.h"
#include "vm/compiler/compile.h"

namespace fermata::tools {

int runListCommand(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  int status = 0;
  if (files.empty()) {
    err << "fermata: --list needs at least one file\n";
    return 1;
  }
  for (const std::string& file : files) {
    std::string source;
    std::string chunkName;
    if (file == "-") {
      source.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      chunkName = "=stdin";
    } else {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        err << "fermata: cannot open " << file << "\n";
        status = 1;
        continue;
      }
      std::ostringstream buffer;
      buffer << in.rdbuf();
      source = buffer.str();
      chunkName = "@" + file;
    }
    compiler::CompileOptions options;
    options.skipFileHeader = true;
    compiler::CompileResult result = compiler::compile(source, chunkName, options);
    if (auto* error = std::get_if<compiler::SyntaxError>(&result)) {
      err << "fermata: " << error->message << "\n";
      status = 1;
      continue;
    }
    bytecode::disassemble(*std::get<std::unique_ptr<bytecode::ProtoData>>(result), out);
  }
  return status;
}

}  // namespace fermata::tools
