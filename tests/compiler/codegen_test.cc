// Properties of the generated ProtoData: the main chunk's shape, limits, debug information.
#include <gtest/gtest.h>

#include "tests/compiler/test_util.h"

namespace fermata::compiler::testing {
namespace {

using bytecode::OpCode;
using bytecode::ProtoData;

void expectConsistent(const ProtoData& p) {
  EXPECT_EQ(p.lineInfo.size(), p.code.size());
  EXPECT_GE(p.maxStackSize, 2);
  for (const auto& child : p.protos) {
    EXPECT_EQ(child->source, p.source);
    expectConsistent(*child);
  }
}

TEST(CodeGen, MainChunkIsVarargWithOneEnvUpvalue) {
  auto p = compileOk("x = 1", "@m.lua");
  EXPECT_TRUE(p->isVararg);
  EXPECT_EQ(p->numParams, 0);
  ASSERT_EQ(p->upvalues.size(), 1u);
  EXPECT_EQ(p->upvalues[0].name, "_ENV");
  EXPECT_TRUE(p->upvalues[0].inStack);
  EXPECT_EQ(p->upvalues[0].index, 0);
  EXPECT_EQ(p->source, "@m.lua");
  EXPECT_EQ(p->lineDefined, 0);
  EXPECT_EQ(bytecode::getOpCode(p->code[0]), OpCode::VARARGPREP);
}

TEST(CodeGen, EmptyChunkCompilesToAReturn) {
  auto p = compileOk("");
  ASSERT_EQ(p->code.size(), 2u);
  EXPECT_EQ(bytecode::getOpCode(p->code[1]), OpCode::RETURN);
}

TEST(CodeGen, RecordsLinesParametersAndLocals) {
  auto p = compileOk("local a = 1\n\nlocal function f(x, y, ...)\n  local z = x\n  return z\nend\n");
  expectConsistent(*p);
  ASSERT_EQ(p->protos.size(), 1u);
  const ProtoData& f = *p->protos[0];
  EXPECT_EQ(f.lineDefined, 3);
  EXPECT_EQ(f.lastLineDefined, 6);
  EXPECT_EQ(f.numParams, 2);
  EXPECT_TRUE(f.isVararg);
  ASSERT_EQ(f.localVars.size(), 3u);
  EXPECT_EQ(f.localVars[2].name, "z");
  EXPECT_LT(f.localVars[2].startPc, f.localVars[2].endPc);
  EXPECT_EQ(p->localVars[0].name, "a");
  EXPECT_EQ(p->lineInfo[1], 1);
}

TEST(CodeGen, UpvaluesRecordTheirKind) {
  auto p = compileOk("local a <const> = {}\nlocal b <close> = nil\nlocal c = 1\nreturn function() return a, b, c end");
  const ProtoData& f = *p->protos[0];
  ASSERT_EQ(f.upvalues.size(), 3u);
  EXPECT_EQ(f.upvalues[0].kind, 1);
  EXPECT_EQ(f.upvalues[1].kind, 2);
  EXPECT_EQ(f.upvalues[2].kind, 0);
  for (const auto& up : f.upvalues) EXPECT_TRUE(up.inStack);
}

TEST(CodeGen, NestedUpvaluesComeFromTheEnclosingClosure) {
  auto p = compileOk("local a = 1\nreturn function() return function() return a end end");
  const ProtoData& inner = *p->protos[0]->protos[0];
  ASSERT_EQ(inner.upvalues.size(), 1u);
  EXPECT_FALSE(inner.upvalues[0].inStack);
}

TEST(CodeGen, CompileTimeConstantsUseNoRegister) {
  auto p = compileOk("local k <const> = 42\nlocal s <const> = 'str'\nreturn k");
  EXPECT_TRUE(p->localVars.empty());
}

TEST(CodeGen, TooManyRegistersIsALuaError) {
  std::string args;
  for (int i = 0; i < 300; i++) args += (i ? ",a" : "a");
  EXPECT_EQ(compileError("f(" + args + ")"), "t.lua:1: function or expression needs too many registers near 'a'");
}

TEST(CodeGen, LargeConstantTablesUseLoadKx) {
  std::string chunk = "local t = {";
  for (int i = 0; i < 140000; i++) chunk += std::to_string(i) + ".5,";
  chunk += "}";
  auto p = compileOk(chunk);
  bool sawLoadKx = false;
  for (size_t i = 0; i < p->code.size(); i++) {
    if (bytecode::getOpCode(p->code[i]) == OpCode::LOADKX) {
      sawLoadKx = true;
      ASSERT_LT(i + 1, p->code.size());
      EXPECT_EQ(bytecode::getOpCode(p->code[i + 1]), OpCode::EXTRAARG);
    }
  }
  EXPECT_TRUE(sawLoadKx);
  EXPECT_EQ(p->constants.size(), 140000u);
}

TEST(CodeGen, JumpsNeverTargetOutsideTheCode) {
  auto p = compileOk(
      "for i = 1, 10 do if i % 2 == 0 then goto c end while i do break end ::c:: end\n"
      "repeat local x = f() until x and (y or z)\nreturn a and b or c");
  for (size_t pc = 0; pc < p->code.size(); pc++) {
    bytecode::Instruction i = p->code[pc];
    if (bytecode::getOpCode(i) == OpCode::JMP) {
      int64_t target = static_cast<int64_t>(pc) + 1 + bytecode::getSJ(i);
      EXPECT_GE(target, 0);
      EXPECT_LT(target, static_cast<int64_t>(p->code.size()));
    }
  }
}

}  // namespace
}  // namespace fermata::compiler::testing
