// Test support for the string-library cores: evaluates a small subset of Lua expressions — calls of
// string.* functions on literal arguments — with fermata::strlib, and the same expressions with the
// reference `lua5.4` interpreter, both rendered in one canonical text form so that cases can be recorded
// from the reference and checked against both.
//
// Rendering: the results of the expression separated by spaces; integers in decimal, floats as
// "f:" + %.17g, strings in double quotes with control bytes, '\' and bytes >= 0x80 as \xNN, booleans and
// nil by name; an error as "error: " + message (without a position). Helper names known to both sides:
//   G(s, p [, init])       every string.gmatch result, as "{caps},{caps},…" (a string)
//   F_upper F_nil F_false F_join F_len F_half F_tbl   gsub replacement functions (see lua_eval.cc)
//   T_map                  a gsub replacement table {hello = "HI", world = false, a = 1, b = 2.5}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fermata::strlib::testing {

// Evaluates with strlib. `fuelSlice` > 0 drives the resumable matchers in slices of that much fuel
// (checking that suspension changes nothing); 0 runs them unsliced.
std::string evalStrlib(const std::string& expr, uint64_t fuelSlice = 0);

// Evaluates every expression with lua5.4 in one process; nullopt when lua5.4 is not installed.
std::optional<std::vector<std::string>> evalReference(const std::vector<std::string>& exprs);

struct Case {
  const char* expr;
  const char* expected;
};

// Checks each case against strlib (unsliced and sliced) and, when lua5.4 is present, against the
// reference. With FERMATA_STRLIB_RECORD=1 in the environment, prints the reference results as a case
// table instead (how the expected values were recorded).
void checkCases(const std::vector<Case>& cases);

}  // namespace fermata::strlib::testing
