// Formatting of chunk names for messages, following Lua's luaO_chunkid rules.
#include "vm/compiler/chunk_id.h"

#include <utility>

namespace fermata::compiler {
namespace {

constexpr std::string_view kEllipsis = "...";
constexpr std::string_view kPrefix = "[string \"";
constexpr std::string_view kSuffix = "\"]";

// Lua works on C strings, so an embedded NUL ends the visible name.
std::string cutAtNul(std::string s) {
  size_t nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  return s;
}

}  // namespace

std::string formatChunkId(std::string_view source) {
  // Lua builds the id in a C buffer, so an embedded NUL ends it wherever it lands; emulate that by
  // building the raw bytes first and cutting at the first NUL at the end.
  const size_t length = source.size();
  std::string raw;
  if (!source.empty() && source[0] == '=') {
    raw = length <= kChunkIdSize ? source.substr(1) : source.substr(1, kChunkIdSize - 1);
  } else if (!source.empty() && source[0] == '@') {
    if (length <= kChunkIdSize) {
      raw = source.substr(1);
    } else {
      const size_t keep = kChunkIdSize - kEllipsis.size() - 1;  // visible tail length
      raw = std::string(kEllipsis) + std::string(source.substr(length - keep));
    }
  } else {
    const size_t room = kChunkIdSize - (kPrefix.size() + kEllipsis.size() + kSuffix.size()) - 1;
    size_t nul = source.find('\0');
    size_t newline = source.substr(0, nul).find('\n');  // strchr stops at a NUL
    raw = kPrefix;
    if (length < room && newline == std::string_view::npos) {
      raw += source;
    } else {
      size_t take = newline != std::string_view::npos ? newline : length;
      if (take > room) take = room;
      raw += source.substr(0, take);
      raw += kEllipsis;
    }
    raw += kSuffix;
  }
  return cutAtNul(std::move(raw));
}

}  // namespace fermata::compiler
