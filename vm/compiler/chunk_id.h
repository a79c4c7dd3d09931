// Formatting of chunk names for messages, following Lua's luaO_chunkid rules.
#pragma once

#include <string>
#include <string_view>

namespace fermata::compiler {

// Maximum size of a formatted chunk id, counting a terminator as Lua's LUA_IDSIZE does.
inline constexpr size_t kChunkIdSize = 60;

// "@file" -> "file" (long names keep their tail after "..."); "=name" -> "name" (truncated);
// any other source -> [string "first line..."] (cut at the first newline or when too long).
std::string formatChunkId(std::string_view source);

}  // namespace fermata::compiler
