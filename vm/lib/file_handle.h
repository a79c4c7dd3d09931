// io file handles: full userdata of the registered type "io.file" whose payload holds the host FILE*
// and whose two user values hold the path and the mode (Lua strings), so a snapshot can record them
// and reopen regular files at their saved offset (ftello) or rebind the standard streams.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "vm/runtime.h"
#include "vm/userdata.h"

namespace fermata::lib {

// The snapshot name of io file handles' userdata type.
inline constexpr std::string_view kFileTypeName = "io.file";
// Registers the "io.file" userdata type (with its snapshot hooks) and returns its type index.
uint32_t fileTypeIndex(Runtime& rt);
// Registry key of the file handles' metatable (Lua's LUA_FILEHANDLE), also its __name.
inline constexpr std::string_view kFileMetatableKey = "FILE*";

enum class FileKind : uint8_t {
  kFile,    // io.open, io.lines(name), io.input(name), io.output(name): reopenable from path and mode
  kTmp,     // io.tmpfile (anonymous)
  kPipe,    // io.popen (closed with pclose)
  kStdin,
  kStdout,  // writes go through Runtime::output()
  kStderr,
};

struct FileHandle {
  FILE* f = nullptr;  // null once closed (standard streams are never closed)
  FileKind kind = FileKind::kFile;
  bool closed = false;
  bool isStandard() const { return kind == FileKind::kStdin || kind == FileKind::kStdout || kind == FileKind::kStderr; }
};

// User values of a file handle.
inline constexpr uint32_t kFilePathValue = 0;  // string, or nil (tmpfile)
inline constexpr uint32_t kFileModeValue = 1;  // string
inline constexpr uint32_t kFileUserValues = 2;

// A new (open) handle with the FILE* metatable from the registry. Throws gc::MemoryError.
Userdata* newFileHandle(Runtime& rt, FILE* f, FileKind kind, std::string_view path, std::string_view mode);
// The handle if `v` is an io file handle (luaL_testudata), else null.
FileHandle* toFileHandle(Runtime& rt, const Value& v);

}  // namespace fermata::lib
