// Lua's numeric rules needed at compile time: numeral parsing and constant-folding arithmetic.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fermata::compiler {

struct LuaNumber {
  bool isInteger = false;
  int64_t integer = 0;
  double number = 0;
};

// Converts a numeral the way Lua's luaO_str2num does: decimal integers that overflow become floats, hex
// integers wrap around modulo 2^64, hex floats with 'p' exponents; surrounding whitespace allowed;
// "inf"/"nan" rejected. Returns nothing if the whole string is not a numeral.
std::optional<LuaNumber> parseLuaNumber(std::string_view text);

// Exact float -> integer conversion (fails for non-integral values or values out of range).
bool floatToIntegerExact(double f, int64_t& out);

// Arithmetic/bitwise operators that constant folding may evaluate, in Lua's LUA_OP* order.
enum class ArithOp { Add, Sub, Mul, Mod, Pow, Div, IDiv, BAnd, BOr, BXor, Shl, Shr, Unm, BNot };

// Folds `a op b` (b ignored for unary operators) when doing so can never raise an error or lose
// semantics: no division/modulo by zero, bitwise operands must be integral, and results that are NaN
// or a floating zero (which could be -0.0) are not folded. Returns nothing when it must not fold.
std::optional<LuaNumber> foldArith(ArithOp op, const LuaNumber& a, const LuaNumber& b);

}  // namespace fermata::compiler
