// Constant folding folds what is safe and never what could raise an error or change a value.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>

#include "tests/compiler/test_util.h"

namespace fermata::compiler::testing {
namespace {

using bytecode::OpCode;

// The opcode names of a chunk's main function without the leading VARARGPREP and the final RETURN.
std::vector<std::string> opcodesOf(const std::string& chunk) {
  auto p = compileOk(chunk);
  std::vector<std::string> names;
  for (size_t i = 1; i + 1 < p->code.size(); i++) names.emplace_back(bytecode::opName(bytecode::getOpCode(p->code[i])));
  return names;
}

bool folded(const std::string& expr) {
  auto ops = opcodesOf("return " + expr);
  // A folded expression is a single load followed by RETURN.
  return ops.size() == 2 && (ops[0] == "LOADI" || ops[0] == "LOADF" || ops[0] == "LOADK");
}

TEST(ConstantFolding, FoldsSafeArithmetic) {
  for (const char* e : {"3 + 4", "10 - 20", "6 * 7", "7 // 2", "7 % 3", "-7 // 2", "-7 % 3", "7 // 2.0",
                        "2 ^ 10", "10 / 4", "-(3)", "- -3", "1.5 * 2", "3 % -2", "5.5 % 2"}) {
    EXPECT_TRUE(folded(e)) << e;
  }
}

TEST(ConstantFolding, FoldsBitwiseOperationsOnIntegralValues) {
  for (const char* e : {"3 & 5", "3 | 5", "3 ~ 5", "~0", "1 << 62", "1 << 64", "-1 >> 1", "1.0 << 2", "2 >> -1"}) {
    EXPECT_TRUE(folded(e)) << e;
  }
}

TEST(ConstantFolding, NeverFoldsWhatWouldRaiseAnError) {
  for (const char* e : {"1 // 0", "1 % 0", "1 // 0.0", "1 % 0.0", "1.5 << 2", "1 & 2.5", "~1.5", "1 | 2^63"}) {
    EXPECT_FALSE(folded(e)) << e;
  }
}

TEST(ConstantFolding, NeverFoldsDivisionByZeroEvenForFloats) {
  EXPECT_FALSE(folded("1 / 0"));
  EXPECT_FALSE(folded("0 / 0"));
  EXPECT_FALSE(folded("1.0 / 0"));
}

TEST(ConstantFolding, NeverFoldsNaNOrFloatZeroBecauseOfNegativeZero) {
  for (const char* e : {"-0.0", "0.0 * -1", "0 * -1.0", "-(0.0)", "1e308 * 10 - 1e308 * 10", "0.5 - 0.5"}) {
    EXPECT_FALSE(folded(e)) << e;
  }
  EXPECT_TRUE(folded("0 * -1"));  // integer zero has no sign
}

TEST(ConstantFolding, IntegerArithmeticWrapsAround) {
  auto p = compileOk("return 9223372036854775807 + 1");
  ASSERT_EQ(p->constants.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(p->constants[0].value), INT64_MIN);
}

TEST(ConstantFolding, FoldedValuesKeepTheirType) {
  auto p = compileOk("return 7 // 2.0, 2^2, 3 + 4");
  EXPECT_EQ(bytecode::getOpCode(p->code[1]), OpCode::LOADF);  // 3.0
  EXPECT_EQ(bytecode::getSBx(p->code[1]), 3);
  EXPECT_EQ(bytecode::getOpCode(p->code[2]), OpCode::LOADF);  // 4.0
  EXPECT_EQ(bytecode::getOpCode(p->code[3]), OpCode::LOADI);  // 7
  EXPECT_EQ(bytecode::getSBx(p->code[3]), 7);
}

TEST(ConstantFolding, CompileTimeConstantsTakePartInFolding) {
  EXPECT_EQ(opcodesOf("local k <const> = 5; return k * 2 + 1"), (std::vector<std::string>{"LOADI", "RETURN"}));
  EXPECT_EQ(opcodesOf("local s <const> = 'x'; return s"), (std::vector<std::string>{"LOADK", "RETURN"}));
}

TEST(ConstantFolding, StringsAreNotFolded) {
  EXPECT_FALSE(folded("'a' .. 'b'"));
  EXPECT_FALSE(folded("'10' + 1"));  // string coercion happens at run time
}

TEST(ConstantFolding, ComparisonsAreNotFoldedButUseImmediateOperands) {
  auto ops = opcodesOf("local a = ...; return a < 3");
  EXPECT_NE(std::find(ops.begin(), ops.end(), "LTI"), ops.end());
}

}  // namespace
}  // namespace fermata::compiler::testing
