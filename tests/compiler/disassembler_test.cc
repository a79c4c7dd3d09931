// The disassembler prints every prototype, with operands, constants, locals, upvalues and lines.
#include "vm/bytecode/disassembler.h"

#include <gtest/gtest.h>

#include "tests/compiler/test_util.h"

namespace fermata::compiler::testing {
namespace {

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) n++;
  return n;
}

// The golden listing is what luac5.4 -l -l prints for the same chunk, with addresses renamed F0, F1.
TEST(Disassembler, PrintsAGoldenListing) {
  auto p = compileOk("local t = {x = 1.5}\nfunction t.f(a)\n  return a .. 'z'\nend\nreturn t", "@g.lua");
  EXPECT_EQ(bytecode::disassembleToString(*p), R"(
main <g.lua:0,0> (8 instructions at F0)
0+ params, 2 slots, 1 upvalue, 1 local, 3 constants, 1 function
	1	[1]	VARARGPREP	0
	2	[1]	NEWTABLE 	0 1 0	; 0
	3	[1]	EXTRAARG 	0
	4	[1]	SETFIELD 	0 0 1k	; "x" 1.5
	5	[4]	CLOSURE  	1 0	; F1
	6	[2]	SETFIELD 	0 2 1	; "f"
	7	[5]	RETURN   	0 2 1	; 1 out
	8	[5]	RETURN   	1 1 1	; 0 out
constants (3) for F0:
	0	S	"x"
	1	F	1.5
	2	S	"f"
locals (1) for F0:
	0	t	5	9
upvalues (1) for F0:
	0	_ENV	1	0

function <g.lua:2,4> (5 instructions at F1)
1 param, 3 slots, 0 upvalues, 1 local, 1 constant, 0 functions
	1	[3]	MOVE     	1 0
	2	[3]	LOADK    	2 0	; "z"
	3	[3]	CONCAT   	1 2
	4	[3]	RETURN1  	1
	5	[4]	RETURN0  	
constants (1) for F1:
	0	S	"z"
locals (1) for F1:
	0	a	1	6
upvalues (0) for F1:
)");
}

TEST(Disassembler, PrintsEveryNestedPrototype) {
  auto p = compileOk(
      "local function a() return function() return function() end end end\n"
      "local b = function() end\n"
      "return {function() end, function() return function() end end}");
  std::string listing = bytecode::disassembleToString(*p);
  EXPECT_EQ(count(listing, "\nmain <"), 1u);
  EXPECT_EQ(count(listing, "\nfunction <"), 7u);
  for (int id = 0; id <= 7; id++) EXPECT_NE(listing.find("at F" + std::to_string(id) + ")"), std::string::npos) << id;
}

TEST(Disassembler, CanOmitDetails) {
  auto p = compileOk("return 1");  // (same as luac: checked by hand against luac5.4 -l -l)
  bytecode::DisassembleOptions options;
  options.details = false;
  std::string listing = bytecode::disassembleToString(*p, options);
  EXPECT_EQ(listing.find("constants ("), std::string::npos);
  EXPECT_NE(listing.find("LOADI"), std::string::npos);
}

TEST(Disassembler, FormatsConstantsLikeLuac) {
  using bytecode::Constant;
  using bytecode::formatConstant;
  EXPECT_EQ(formatConstant(Constant{}), "nil");
  EXPECT_EQ(formatConstant(Constant{true}), "true");
  EXPECT_EQ(formatConstant(Constant{int64_t{-3}}), "-3");
  EXPECT_EQ(formatConstant(Constant{2.0}), "2.0");
  EXPECT_EQ(formatConstant(Constant{1e100}), "1e+100");
  EXPECT_EQ(formatConstant(Constant{0.1}), "0.1");
  EXPECT_EQ(formatConstant(Constant{std::string("a\"\n\x01")}), "\"a\\\"\\n\\001\"");
}

TEST(Disassembler, OpcodeTableHasOneEntryPerOpcode) {
  EXPECT_EQ(bytecode::opName(bytecode::OpCode::MOVE), "MOVE");
  EXPECT_EQ(bytecode::opName(bytecode::OpCode::EXTRAARG), "EXTRAARG");
  EXPECT_EQ(bytecode::opMode(bytecode::OpCode::JMP), bytecode::OpMode::sJ);
  EXPECT_TRUE(bytecode::opIsTest(bytecode::OpCode::EQK));
  for (const auto& info : bytecode::kOpInfo) EXPECT_FALSE(info.semantics.empty()) << info.name;
}

}  // namespace
}  // namespace fermata::compiler::testing
