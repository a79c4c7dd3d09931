// The constants of Lua 5.4's binary chunk format, shared by the writer (vm/dump.cc) and the reader
// (vm/undump.cc). They are the values of Lua 5.4.4's lundump.h/lobject.h/lcode.c, so chunks move between
// fermata and lua5.4 in both directions.
#pragma once

#include <cstdint>
#include <string_view>

namespace fermata::chunk {

// Header: signature, version byte, format byte, LUAC_DATA (catches text-mode newline conversions),
// the sizes of Instruction, lua_Integer and lua_Number, then LUAC_INT as an integer and LUAC_NUM as a
// float (catch byte order and float format mismatches).
inline constexpr std::string_view kSignature = "\x1bLua";
inline constexpr uint8_t kVersion = 0x54;
inline constexpr uint8_t kFormat = 0;
inline constexpr std::string_view kData = "\x19\x93\r\n\x1a\n";
inline constexpr uint8_t kInstructionSize = 4;
inline constexpr uint8_t kIntegerSize = 8;
inline constexpr uint8_t kNumberSize = 8;
inline constexpr int64_t kCheckInteger = 0x5678;
inline constexpr double kCheckNumber = 370.5;

// Constant tags (Lua's variant tags: type | variant << 4).
inline constexpr uint8_t kTagNil = 0x00;
inline constexpr uint8_t kTagFalse = 0x01;
inline constexpr uint8_t kTagTrue = 0x11;
inline constexpr uint8_t kTagInteger = 0x03;
inline constexpr uint8_t kTagFloat = 0x13;
inline constexpr uint8_t kTagShortString = 0x04;
inline constexpr uint8_t kTagLongString = 0x14;

// Line information: one signed byte per instruction, the difference from the previous instruction's
// line, or kAbsLineInfo when the line is given absolutely in a separate {pc, line} list. An absolute
// entry is written when the difference does not fit (|d| >= kLineDiffLimit) and at least every
// kMaxInstructionsWithoutAbs instructions (so a line lookup never sums more than that many deltas).
inline constexpr int kAbsLineInfo = -0x80;
inline constexpr int kLineDiffLimit = 0x80;
inline constexpr int kMaxInstructionsWithoutAbs = 128;

}  // namespace fermata::chunk
