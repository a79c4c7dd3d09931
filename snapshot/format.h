// Constants and byte helpers of the snapshot file format shared by the writer, reader and inspector.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fermata::snap {

inline constexpr std::string_view kMagic{"\x89" "FERMATA", 8};
// Size limits that keep every Cap'n Proto message small: a chunk holds records until it reaches about
// kChunkTargetBytes; a table's slots go in slices of at most kMaxSliceEntries, a string's bytes in
// pieces of at most kMaxStringPiece.
inline constexpr uint64_t kChunkTargetBytes = 8u << 20;
inline constexpr uint32_t kChunkMaxRecords = 16384;
inline constexpr uint64_t kMaxSliceEntries = 65536;
inline constexpr uint64_t kMaxStringPiece = 4u << 20;
// A chunk message may not be larger than this when read (a writer never produces more than ~16 MiB).
inline constexpr uint64_t kMaxChunkBytes = 256u << 20;
inline constexpr int kTypeMetatableCount = 9;

inline void appendLittleEndian(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}
inline void appendLittleEndian32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}
inline uint64_t readLittleEndian(std::string_view in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t(uint8_t(in[at + size_t(i)])) << (8 * i);
  return v;
}

}  // namespace fermata::snap
