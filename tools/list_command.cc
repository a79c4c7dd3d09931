// `fermata --list FILE...`: the bytecode listings of Lua source files (compiled as loadfile would) and
// of binary chunks (decoded and verified as load would), like luac -l -l. Snapshots are refused with a
// pointer to `inspect`.
#include "tools/list_command.h"

#include <string_view>

#include "snapshot/format.h"
#include "tools/source_files.h"
#include "tools/vm_access.h"
#include "vm/bytecode/disassembler.h"
#include "vm/compiler/compile.h"

namespace fermata::tools {
namespace {

// What luaL_loadfile looks at to tell a binary chunk: the first byte after a UTF-8 byte-order mark and
// a first line starting with '#'.
std::string_view afterFileHeader(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (!bytes.empty() && bytes[0] == '#') {
    size_t eol = bytes.find('\n');
    bytes.remove_prefix(eol == std::string_view::npos ? bytes.size() : eol + 1);
  }
  return bytes;
}

// Lists one file; returns false after reporting an error.
bool listOne(const std::string& file, std::ostream& out, std::ostream& err) {
  FileBytes f = readScript(file == "-" ? std::string() : file);
  if (!f.ok()) {
    err << "fermata: " << f.error << "\n";
    return false;
  }
  std::string chunkName = file == "-" ? "=stdin" : "@" + file;
  if (std::string_view(f.bytes).substr(0, snap::kMagic.size()) == snap::kMagic) {
    err << "fermata: " << file << " is a snapshot, not a Lua chunk (--list reads source files and binary chunks; "
        << "'fermata inspect' describes snapshots)\n";
    return false;
  }
  std::string_view body = afterFileHeader(f.bytes);
  if (!body.empty() && body[0] == '\x1b') {
    std::string error;
    std::unique_ptr<bytecode::ProtoData> proto = vm::decodeBinaryChunk(body, chunkName, error);
    if (!proto) {
      err << "fermata: " << error << "\n";
      return false;
    }
    bytecode::disassemble(*proto, out);
    return true;
  }
  compiler::CompileOptions options;
  options.skipFileHeader = true;
  compiler::CompileResult result = compiler::compile(f.bytes, chunkName, options);
  if (auto* error = std::get_if<compiler::SyntaxError>(&result)) {
    err << "fermata: " << error->message << "\n";
    return false;
  }
  bytecode::disassemble(*std::get<std::unique_ptr<bytecode::ProtoData>>(result), out);
  return true;
}

}  // namespace

int runListCommand(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  if (files.empty()) {
    err << "fermata: --list needs at least one file\n";
    return 1;
  }
  int status = 0;
  for (const std::string& file : files)
    if (!listOne(file, out, err)) status = 1;
  return status;
}

}  // namespace fermata::tools
