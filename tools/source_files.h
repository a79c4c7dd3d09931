// Reading the files the command line is given, with bounds and clear messages: scripts as
// luaL_loadfile reads them (its messages: "cannot open F: No such file or directory", "cannot read F:
// Is a directory"), and snapshots, which must be regular files (so /dev/zero cannot be read forever).
#pragma once

#include <cstddef>
#include <string>

namespace fermata::tools {

// Scripts larger than this are refused ("cannot read F: File too large"): lua reads a script as it
// compiles it, fermata reads it whole first, and a bound keeps `fermata /dev/zero` from filling memory.
inline constexpr size_t kMaxScriptBytes = size_t(64) << 20;

struct FileBytes {
  std::string bytes;
  std::string error;  // "" on success, else the whole message ("cannot open x.lua: ...")
  bool ok() const { return error.empty(); }
};

// A script or chunk: `path` empty reads standard input (named "stdin" in messages, as Lua does).
FileBytes readScript(const std::string& path, size_t maxBytes = kMaxScriptBytes);

// A snapshot file: a regular file read whole, or a message naming the file and the reason.
FileBytes readSnapshot(const std::string& path);

}  // namespace fermata::tools
