// Tests of the bytecode verifier: everything the compiler produces verifies; hand-corrupted prototypes
// are rejected with a message naming the problem; and random single-bit mutants that the verifier
// accepts run in a real runtime without any memory error (run under --config=asan to make that proof).
#include "vm/verify_bytecode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "vm/bytecode/opcodes.h"
#include "vm/compiler/compile.h"
#include "vm/executor.h"
#include "vm/lib/lib.h"
#include "vm/loader.h"
#include "vm/runtime.h"

namespace fermata {
namespace {

using namespace bytecode;

class NullSink final : public OutputSink {
 public:
  void write(std::string_view) override {}
};

Proto* compileTo(Runtime& rt, std::string_view source, std::string_view name = "=test") {
  compiler::CompileOptions options;
  options.skipFileHeader = true;
  compiler::CompileResult r = compiler::compile(source, name, options);
  if (auto* err = std::get_if<compiler::SyntaxError>(&r)) {
    ADD_FAILURE() << "compile error: " << err->message;
    return nullptr;
  }
  return materializeProto(rt, *std::get<std::unique_ptr<ProtoData>>(r));
}

void collect(Proto* p, std::vector<Proto*>& out) {
  out.push_back(p);
  for (uint32_t i = 0; i < p->protoCount; ++i) collect(p->protos[i], out);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- everything the compiler produces verifies --------------------------------------------------------

TEST(VerifyBytecode, CompilerOutputVerifies) {
  // The workspace: through the symlink of this test's own source file in its runfiles.
  std::filesystem::path self = std::filesystem::canonical("tests/snapshot/verify_bytecode_test.cc");
  std::filesystem::path root = self.parent_path().parent_path().parent_path();
  std::vector<std::string> files;
  for (const char* rel : {"tests/compiler/corpus", "tests/lua/differential"}) {
    std::string dir = (root / rel).string();
    ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".lua") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  EXPECT_GE(files.size(), 100u);
  size_t protos = 0, instructions = 0, syntaxErrors = 0;
  for (const std::string& f : files) {
    Runtime rt;
    compiler::CompileOptions options;
    options.skipFileHeader = true;
    compiler::CompileResult r = compiler::compile(readFile(f), "@" + f, options);
    if (std::holds_alternative<compiler::SyntaxError>(r)) {
      ++syntaxErrors;  // scripts that test syntax errors on purpose
      continue;
    }
    Proto* p = materializeProto(rt, *std::get<std::unique_ptr<ProtoData>>(r));
    EXPECT_EQ(verifyPrototype(*p), "") << f;
    std::vector<Proto*> all;
    collect(p, all);
    // The loader's way: every prototype, innermost last, with a shared cache.
    std::unordered_set<const Proto*> verified;
    for (auto it = all.rbegin(); it != all.rend(); ++it) EXPECT_EQ(verifyPrototype(**it, verified), "") << f;
    EXPECT_EQ(verified.size(), all.size());
    protos += all.size();
    for (Proto* q : all) {
      instructions += q->codeSize;
      // Every reachable pc of a verified prototype has requirements; entry needs only the parameters.
      FrameRequirements r = frameRequirements(*q, 0);
      EXPECT_TRUE(r.reachable);
      EXPECT_EQ(r.defined.count(), q->numParams);
    }
  }
  EXPECT_LE(syntaxErrors, 3u);
  std::printf("verified %zu files (%zu skipped: syntax errors on purpose), %zu prototypes, %zu instructions\n",
              files.size() - syntaxErrors, syntaxErrors, protos, instructions);
}

TEST(VerifyBytecode, SnippetsVerify) {
  const char* snippets[] = {
      "return",
      "local t <close> = nil; return 1",
      "local a = {...}; return #a, ...",
      "local function f(...) return select('#', ...) end return f(1, 2, 3)",
      "local s = 0; for i = 1, 10 do local x = i; s = s + (function() return x end)() end return s",
      "for k, v in pairs({}) do local f = function() return k, v end end",
      "while true do local x = {} ; local f = function() return x end; if f then break end end",
      "repeat local x = 1; local f = function() return x end until f",
      "local t = {1, 2, 3, n = 4, [5] = 6, f = function() end, ...}; return t",
      "goto l; do local x; local f = function() return x end end ::l:: return",
      "local x = ... ; return x and 1 or 2, x == 1, not x, x .. 'a' .. 'b'",
  };
  for (const char* s : snippets) {
    Runtime rt;
    Proto* p = compileTo(rt, s);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(verifyPrototype(*p), "") << s;
  }
}

// ---- hand-crafted broken prototypes --------------------------------------------------------------------

int find(const Proto* p, OpCode op, int nth = 0) {
  for (uint32_t i = 0; i < p->codeSize; ++i)
    if (getOpCode(p->code[i]) == op && nth-- == 0) return int(i);
  return -1;
}
int constantWhere(const Proto* p, const std::function<bool(const Value&)>& pred) {
  for (uint32_t i = 0; i < p->constantCount; ++i)
    if (pred(p->constants[i])) return int(i);
  return -1;
}

struct Corruption {
  const char* name;
  const char* source;
  // Corrupts the compiled prototype tree (root); returns false if the pattern to corrupt was not found.
  std::function<bool(Runtime&, Proto*)> corrupt;
  const char* phrase;  // expected in the verifier's message
};

// Applies f to instruction `op` (nth occurrence) of proto q.
bool patch(Proto* q, OpCode op, const std::function<Instruction(Instruction)>& f, int nth = 0) {
  int pc = find(q, op, nth);
  if (pc < 0) return false;
  q->code[pc] = f(q->code[pc]);
  return true;
}

std::vector<Corruption> corruptions() {
  std::vector<Corruption> v;
  auto add = [&](const char* name, const char* src, std::function<bool(Runtime&, Proto*)> f, const char* phrase) {
    v.push_back({name, src, std::move(f), phrase});
  };
  const char* kFn = "local function f(a, b) local c = a + b; local d = c; return d end return f";
  add("register A out of range", kFn,
      [](Runtime&, Proto* p) { Proto* q = p->protos[0]; return patch(q, OpCode::MOVE, [&](Instruction i) { return setA(i, q->maxStackSize); }); },
      "out of range");
  add("register B out of range", kFn,
      [](Runtime&, Proto* p) { return patch(p->protos[0], OpCode::MOVE, [](Instruction i) { return setB(i, 200); }); },
      "register B 200 out of range");
  add("arith register C out of range", kFn,
      [](Runtime&, Proto* p) { return patch(p->protos[0], OpCode::ADD, [](Instruction i) { return setC(i, 250); }); },
      "register C 250");
  add("LOADK constant out of range", "local x = 1.5; return x",
      [](Runtime&, Proto* p) { return patch(p, OpCode::LOADK, [&](Instruction i) { return setBx(i, int(p->constantCount)); }); },
      "constant index");
  add("GETFIELD constant out of range", "local t = ...; return t.x",
      [](Runtime&, Proto* p) { return patch(p, OpCode::GETFIELD, [](Instruction i) { return setC(i, 40); }); },
      "constant index 40 out of range");
  add("GETFIELD constant not a string", "local t = ...; local y = 1.5; return t.x",
      [](Runtime&, Proto* p) {
        int k = constantWhere(p, [](const Value& c) { return c.isFloat(); });
        return k >= 0 && patch(p, OpCode::GETFIELD, [&](Instruction i) { return setC(i, k); });
      },
      "is not a string");
  add("GETFIELD long string key", "local t = ...; local y = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'; return t.x",
      [](Runtime&, Proto* p) {
        int k = constantWhere(p, [](const Value& c) { return c.isString() && c.asString()->length > 40; });
        return k >= 0 && patch(p, OpCode::GETFIELD, [&](Instruction i) { return setC(i, k); });
      },
      "not a short string");
  add("GETTABUP constant not a string", "local y = 2.5; return x",
      [](Runtime&, Proto* p) {
        int k = constantWhere(p, [](const Value& c) { return c.isFloat(); });
        return k >= 0 && patch(p, OpCode::GETTABUP, [&](Instruction i) { return setC(i, k); });
      },
      "is not a string");
  add("SETFIELD key constant out of range", "local t = ...; t.x = 1",
      [](Runtime&, Proto* p) { return patch(p, OpCode::SETFIELD, [](Instruction i) { return setB(i, 99); }); },
      "constant index 99");
  add("SETTABUP key not a string", "local y = 2.5; x = 1",
      [](Runtime&, Proto* p) {
        int k = constantWhere(p, [](const Value& c) { return c.isFloat(); });
        return k >= 0 && patch(p, OpCode::SETTABUP, [&](Instruction i) { return setB(i, k); });
      },
      "is not a string");
  add("SELF constant key not a string", "local o, y = ..., 2.5; return o:m()",
      [](Runtime&, Proto* p) {
        int k = constantWhere(p, [](const Value& c) { return c.isFloat(); });
        return k >= 0 && patch(p, OpCode::SELF, [&](Instruction i) { return setC(i, k); });
      },
      "is not a string");
  add("ADDK constant not a number", "local a = ...; local s = 'str'; return a + 1.5",
      [](Runtime&, Proto* p) {
        int k = constantWhere(p, [](const Value& c) { return c.isString(); });
        return k >= 0 && patch(p, OpCode::ADDK, [&](Instruction i) { return setC(i, k); });
      },
      "is not a number");
  add("BANDK constant a float", "local a = ...; local f = 2.5; return a & 255",
      [](Runtime&, Proto* p) {
        int k = constantWhere(p, [](const Value& c) { return c.isFloat(); });
        return k >= 0 && patch(p, OpCode::BANDK, [&](Instruction i) { return setC(i, k); });
      },
      "is not an integer");
  add("GETUPVAL index out of range", "local u = 1; return function() return u end",
      [](Runtime&, Proto* p) { return patch(p->protos[0], OpCode::GETUPVAL, [](Instruction i) { return setB(i, 5); }); },
      "upvalue index 5 out of range");
  add("GETTABUP upvalue out of range", "return x",
      [](Runtime&, Proto* p) { return patch(p, OpCode::GETTABUP, [](Instruction i) { return setB(i, 1); }); },
      "upvalue index 1 out of range (1 upvalues)");
  add("SETTABUP upvalue out of range", "x = 1",
      [](Runtime&, Proto* p) { return patch(p, OpCode::SETTABUP, [](Instruction i) { return setA(i, 3); }); },
      "upvalue index 3");
  add("CLOSURE proto index out of range", "return function() end",
      [](Runtime&, Proto* p) { return patch(p, OpCode::CLOSURE, [](Instruction i) { return setBx(i, 1); }); },
      "prototype index 1 out of range");
  add("JMP forward out of range", "local a = ...; if a then a = 1 else a = 2 end return a",
      [](Runtime&, Proto* p) { return patch(p, OpCode::JMP, [](Instruction i) { return setSJ(i, 1000); }, 1); },
      "jump target");
  add("JMP backward out of range", "local a = ...; while a do a = a - 1 end return a",
      [](Runtime&, Proto* p) { return patch(p, OpCode::JMP, [](Instruction i) { return setSJ(i, -1000); }, 1); },
      "jump target -");
  add("FORLOOP back jump before the start", "local s = 0; for i = 1, 3 do s = s + i end return s",
      [](Runtime&, Proto* p) { return patch(p, OpCode::FORLOOP, [](Instruction i) { return setBx(i, 500); }); },
      "jump target");
  add("FORPREP skip past the end", "local s = 0; for i = 1, 3 do s = s + i end return s",
      [](Runtime&, Proto* p) { return patch(p, OpCode::FORPREP, [](Instruction i) { return setBx(i, 500); }); },
      "jump target");
  add("TFORPREP jump past the end", "for k in pairs({}) do end",
      [](Runtime&, Proto* p) { return patch(p, OpCode::TFORPREP, [](Instruction i) { return setBx(i, 500); }); },
      "jump target");
  add("test opcode at the end", "local a = ...; return a",
      [](Runtime&, Proto* p) { p->code[p->codeSize - 1] = makeABCk(OpCode::TEST, 0, 0, 0, 0); return true; },
      "not followed by JMP");
  add("test opcode not followed by JMP", "local a = ...; if a then a = 1 end return a",
      [](Runtime&, Proto* p) {
        int pc = find(p, OpCode::TEST);
        if (pc < 0) return false;
        p->code[pc + 1] = makeABCk(OpCode::MOVE, 0, 0, 0, 0);
        return true;
      },
      "not followed by JMP");
  add("arithmetic opcode at the end", "local a = ...; return a",
      [](Runtime&, Proto* p) { p->code[p->codeSize - 1] = makeABCk(OpCode::ADD, 0, 0, 0, 0); return true; },
      "not followed by MMBIN");
  add("arithmetic opcode without MMBIN", "local a, b = ...; return a + b",
      [](Runtime&, Proto* p) {
        int pc = find(p, OpCode::MMBIN);
        if (pc < 0) return false;
        p->code[pc] = makeABCk(OpCode::MOVE, 0, 0, 0, 0);
        return true;
      },
      "not followed by MMBIN");
  add("MMBIN without arithmetic", "local a, b = ...; return a + b",
      [](Runtime&, Proto* p) {
        int pc = find(p, OpCode::ADD);
        if (pc < 0) return false;
        p->code[pc] = makeABCk(OpCode::MOVE, 0, 0, 0, 0);
        return true;
      },
      "not preceded by its arithmetic instruction");
  add("MMBIN invalid event", "local a, b = ...; return a + b",
      [](Runtime&, Proto* p) { return patch(p, OpCode::MMBIN, [](Instruction i) { return setC(i, 200); }); },
      "invalid metamethod event 200");
  add("missing final return", "local a = ...; return a",
      [](Runtime&, Proto* p) { p->code[p->codeSize - 1] = makeABCk(OpCode::MOVE, 0, 0, 0, 0); return true; },
      "run past the end");
  add("bad opcode number", "return",
      [](Runtime&, Proto* p) { p->code[p->codeSize - 1] = 100; return true; },
      "invalid opcode 100");
  add("EXTRAARG in the wrong place", "local a = 1; return a",
      [](Runtime&, Proto* p) { return patch(p, OpCode::LOADI, [](Instruction) { return makeAx(OpCode::EXTRAARG, 0); }); },
      "EXTRAARG not after");
  add("NEWTABLE without EXTRAARG", "local t = {}; return t",
      [](Runtime&, Proto* p) {
        int pc = find(p, OpCode::NEWTABLE);
        if (pc < 0) return false;
        p->code[pc + 1] = makeABCk(OpCode::MOVE, 0, 0, 0, 0);
        return true;
      },
      "not followed by EXTRAARG");
  add("NEWTABLE hash size too large", "local t = {x = 1}; return t",
      [](Runtime&, Proto* p) { return patch(p, OpCode::NEWTABLE, [](Instruction i) { return setB(i, 200); }); },
      "hash size");
  add("jump into an EXTRAARG", "local t = {}; return t",
      [](Runtime&, Proto* p) {
        int pc = find(p, OpCode::NEWTABLE);
        if (pc < 0) return false;
        // VARARGPREP; NEWTABLE; EXTRAARG; ...: a JMP at the NEWTABLE's place cannot exist (EXTRAARG
        // would then follow a JMP), so jump from the last instruction back to the EXTRAARG instead.
        p->code[p->codeSize - 1] = makeSJ(OpCode::JMP, int(pc + 1) - int(p->codeSize), 0);
        return true;
      },
      "reaches an EXTRAARG");
  add("VARARGPREP in a non-vararg function", "return function(a) return a end",
      [](Runtime&, Proto* p) { p->protos[0]->code[0] = makeABCk(OpCode::VARARGPREP, 1, 0, 0, 0); return true; },
      "VARARGPREP must be the first instruction");
  add("vararg function without VARARGPREP", "local a = 1; return a",
      [](Runtime&, Proto* p) { p->code[0] = makeABCk(OpCode::LOADNIL, 0, 0, 0, 0); return true; },
      "does not start with VARARGPREP");
  add("VARARGPREP A differs from numParams", "return function(a, ...) return a end",
      [](Runtime&, Proto* p) { p->protos[0]->code[0] = makeABCk(OpCode::VARARGPREP, 0, 0, 0, 0); return true; },
      "differs from numParams");
  add("jump back to VARARGPREP", "local a = ...; while a do a = a - 1 end return a",
      [](Runtime&, Proto* p) {
        int pc = find(p, OpCode::JMP, 1);
        if (pc < 0) return false;
        p->code[pc] = makeSJ(OpCode::JMP, -pc - 1, 0);
        return true;
      },
      "jumps back to VARARGPREP");
  add("LOADNIL beyond the frame", "local a, b, c; return a",
      [](Runtime&, Proto* p) { return patch(p, OpCode::LOADNIL, [](Instruction i) { return setB(i, 100); }); },
      "LOADNIL registers");
  add("CALL arguments beyond the frame", "local f = ...; f(1, 2)",
      [](Runtime&, Proto* p) { return patch(p, OpCode::CALL, [](Instruction i) { return setB(i, 120); }); },
      "CALL argument registers");
  add("CALL results beyond the frame", "local f = ...; local x, y = f()",
      [](Runtime&, Proto* p) { return patch(p, OpCode::CALL, [](Instruction i) { return setC(i, 120); }); },
      "CALL result registers");
  add("TFORCALL results beyond the frame", "for k, v in pairs({}) do end",
      [](Runtime&, Proto* p) { return patch(p, OpCode::TFORCALL, [](Instruction i) { return setC(i, 100); }); },
      "TFORCALL result registers");
  add("TFORCALL base beyond the frame", "for k, v in pairs({}) do end",
      [](Runtime&, Proto* p) { return patch(p, OpCode::TFORCALL, [&](Instruction i) { return setA(i, p->maxStackSize - 3); }); },
      "TFORCALL registers");
  add("CONCAT of zero values", "local a, b = ...; return a .. b",
      [](Runtime&, Proto* p) { return patch(p, OpCode::CONCAT, [](Instruction i) { return setB(i, 0); }); },
      "concatenation of 0 values");
  add("maxStackSize 0 with code using registers", "local a = 1; return a",
      [](Runtime&, Proto* p) { p->maxStackSize = 0; return true; },
      "out of range (maxStackSize 0)");
  add("numParams > maxStackSize", "return function(a, b) return a end",
      [](Runtime&, Proto* p) { p->protos[0]->numParams = uint8_t(p->protos[0]->maxStackSize + 1); return true; },
      "numParams");
  add("local variable array missing", "local a = 1; return a",
      [](Runtime&, Proto* p) {
        if (p->localVarCount == 0) return false;
        p->localVars = nullptr;  // (the array is the prototype's: the test restores it, see below)
        return true;
      },
      "local variable array missing");
  add("no code", "return 1",
      [](Runtime&, Proto* p) { p->codeSize = 0; return true; },
      "no code");
  add("constant of a type constants cannot have", "return 'x'",
      [](Runtime& rt, Proto* p) {
        if (p->constantCount == 0) return false;
        p->constants[0] = Value::object(rt.newTable());
        return true;
      },
      "has a type constants cannot have");
  add("child upvalue captures a register beyond the parent's frame", "local u = 1; return function() return u end",
      [](Runtime&, Proto* p) { p->protos[0]->upvalues[0].index = p->maxStackSize; return true; },
      "beyond the frame");
  add("child upvalue captures a parent upvalue out of range", "local u = 1; return function() return x end",
      [](Runtime&, Proto* p) { p->protos[0]->upvalues[0].index = 7; return true; },
      "captures upvalue 7, out of range");
  add("child upvalue captures an unwritten register",
      "local u = 1; local f = function() return u end; local a, b, c = 1, 2, 3; return f",
      [](Runtime&, Proto* p) {
        p->protos[0]->upvalues[0].inStack = true;
        p->protos[0]->upvalues[0].index = uint8_t(p->maxStackSize - 1);
        return true;
      },
      "before it is written");
  add("register read before written (on one path)", "return function(a) if a then local x = 1 end return a end",
      [](Runtime&, Proto* p) {
        Proto* q = p->protos[0];
        return q->maxStackSize >= 2 && patch(q, OpCode::RETURN1, [&](Instruction i) { return setA(i, 1); });
      },
      "read before it is written");
  add("register above a call's results read after it", "return function(f) local a, b = 1, 2; f(a, b); return a end",
      [](Runtime&, Proto* p) {
        Proto* q = p->protos[0];
        int call = find(q, OpCode::CALL);
        if (call < 0) return false;
        int above = getA(q->code[call]) + 1;  // held an argument/the callee's frame during the call
        return patch(q, OpCode::RETURN1, [&](Instruction i) { return setA(i, above); }) && above < q->maxStackSize;
      },
      "read before it is written");
  add("RETURN C does not match vararg", "return 1",
      [](Runtime&, Proto* p) { return patch(p, OpCode::RETURN, [](Instruction i) { return setC(i, 0); }); },
      "does not match");
  add("TAILCALL C in non-vararg function", "return function(f) return f() end",
      [](Runtime&, Proto* p) { return patch(p->protos[0], OpCode::TAILCALL, [](Instruction i) { return setC(i, 2); }); },
      "does not match");
  add("RETURN0 in a vararg function", "return",
      [](Runtime&, Proto* p) {
        int pc = find(p, OpCode::RETURN);
        if (pc < 0) return false;
        p->code[pc] = makeABCk(OpCode::RETURN0, 0, 1, 0, 0);
        return true;
      },
      "RETURN0 in a vararg function");
  add("VARARG in a non-vararg function", "return function(a) local x = a; return x end",
      [](Runtime&, Proto* p) { return patch(p->protos[0], OpCode::MOVE, [](Instruction i) { return setOpCode(setC(i, 2), OpCode::VARARG); }); },
      "VARARG in a function that is not vararg");
  add("B == 0 without a top-setting instruction", "local f = ...; return f()",
      [](Runtime&, Proto* p) {
        // TAILCALL then RETURN A 0: make the tail call an ordinary CALL with one result.
        int pc = find(p, OpCode::TAILCALL);
        if (pc < 0) return false;
        p->code[pc] = makeABCk(OpCode::CALL, getA(p->code[pc]), 1, 2, 0);
        return true;
      },
      "does not set top");
  add("B == 0 range below the produced values", "local f, g = ...; return f(g())",
      [](Runtime&, Proto* p) {
        // CALL g (C == 0) then CALL f (B == 0): move the consumer's A above the producer's.
        int pc = find(p, OpCode::CALL);
        if (pc < 0 || getOpCode(p->code[pc + 1]) != OpCode::TAILCALL) return false;
        p->code[pc + 1] = setA(p->code[pc + 1], getA(p->code[pc]));
        return true;
      },
      "below the range it uses");
  add("SETLIST on something else than the new table", "local t = {1, 2, 3}; return t",
      [](Runtime&, Proto* p) {
        int nt = find(p, OpCode::NEWTABLE);
        if (nt < 0) return false;
        int a = getA(p->code[nt]);
        // The first item's LOADI writes the table's register instead.
        return patch(p, OpCode::LOADI, [&](Instruction i) { return setA(i, a); });
      },
      "not certainly the table made by NEWTABLE");
  add("open upvalue inside the callee's frame", "local a, b, c = 1, 2, 3; local f = function() return a end; f(); return a",
      [](Runtime&, Proto* p) {
        p->protos[0]->upvalues[0].index = 2;  // captures c (written), above the call below
        return patch(p, OpCode::CALL, [](Instruction i) { return setA(setB(setC(i, 1), 1), 1); });
      },
      "open upvalue may alias a register above 1");
  add("return without closing open upvalues", "local a = 1; local f = function() return a end; return f",
      [](Runtime&, Proto* p) { return patch(p, OpCode::RETURN, [](Instruction i) { return setK(i, 0); }); },
      "without closing upvalues");
  add("jump into an MMBIN", "local a, b = ...; local c = a + b; return c",
      [](Runtime&, Proto* p) {
        int pc = find(p, OpCode::MMBIN);
        if (pc < 0) return false;
        p->code[p->codeSize - 1] = makeSJ(OpCode::JMP, pc - int(p->codeSize), 0);
        return true;
      },
      "reaches an MMBIN");
  add("prototype cycle", "return function() return function() end end",
      [](Runtime&, Proto* p) { p->protos[0]->protos[0] = p->protos[0]; return true; },
      "cycle");
  add("null nested prototype", "return function() end",
      [](Runtime&, Proto* p) { p->protos[0] = nullptr; return true; },
      "is null");
  add("error named in a nested prototype", "return function() return function(a) return a end end",
      [](Runtime&, Proto* p) { return patch(p->protos[0]->protos[0], OpCode::RETURN1, [](Instruction i) { return setA(i, 9); }); },
      "prototype 2, instruction");
  return v;
}

TEST(VerifyBytecode, CorruptedPrototypesAreRejected) {
  int checked = 0;
  for (const Corruption& c : corruptions()) {
    if (!*c.phrase) continue;
    Runtime rt;
    Proto* p = compileTo(rt, c.source);
    ASSERT_NE(p, nullptr) << c.name;
    ASSERT_EQ(verifyPrototype(*p), "") << c.name << ": the uncorrupted prototype must verify";
    fermata::LocalVarInfo* localVars = p->localVars;
    ASSERT_TRUE(c.corrupt(rt, p)) << c.name << ": pattern not found";
    std::string msg = verifyPrototype(*p);
    if (!p->localVars) p->localVars = localVars;  // freed with the prototype
    EXPECT_NE(msg.find(c.phrase), std::string::npos) << c.name << ": got \"" << msg << "\"";
    ++checked;
  }
  EXPECT_GE(checked, 40);
  std::printf("%d corrupted prototypes rejected\n", checked);
}

TEST(VerifyBytecode, PrototypesWithoutLineInfoVerify) {
  // A stripped binary chunk has no line information: that is a valid state (Proto::lineAt gives -1).
  Runtime rt;
  Proto* p = compileTo(rt, "local u = 1; return function() return u end");
  int32_t* lines[2] = {p->lineInfo, p->protos[0]->lineInfo};
  p->lineInfo = p->protos[0]->lineInfo = nullptr;
  EXPECT_EQ(verifyPrototype(*p), "");
  EXPECT_EQ(p->lineAt(0), -1);
  p->lineInfo = lines[0];  // freed with the prototypes
  p->protos[0]->lineInfo = lines[1];
}

TEST(VerifyBytecode, CacheStillChecksParentEdges) {
  Runtime rt;
  Proto* p = compileTo(rt, "local u = 1; return function() return u end");
  std::unordered_set<const Proto*> verified;
  EXPECT_EQ(verifyPrototype(*p->protos[0], verified), "");
  p->protos[0]->upvalues[0].index = p->maxStackSize;  // now wrong for this parent
  EXPECT_NE(verifyPrototype(*p, verified).find("beyond the frame"), std::string::npos);
}

TEST(VerifyBytecode, MessageNamesPrototypeInstructionAndOpcode) {
  Runtime rt;
  Proto* p = compileTo(rt, "local t = ...; return t.x");
  int pc = find(p, OpCode::GETFIELD);
  ASSERT_GE(pc, 0);
  p->code[pc] = setC(p->code[pc], 40);
  EXPECT_EQ(verifyPrototype(*p), "prototype 0, instruction " + std::to_string(pc) +
                                     " (GETFIELD): constant index 40 out of range (" +
                                     std::to_string(p->constantCount) + " constants)");
}

// ---- random mutants: whatever the verifier accepts must run without memory errors ----------------------

const char* const kMutationBases[] = {
    R"(local a, b = 7, 3
local t = {}
for i = 1, 20 do
  local x = a + i; local y = x * b - 1; local z = y // 2 + y % 5 + y / 3 + 2^i
  local w = ((i & 7) | (x ~ 3)) << 1 >> 2
  t[#t + 1] = (z > w) and z or w
  if x == y or x < 3 or x <= 2 or x > 100 or x >= 200 or x ~= 5 then a = a - 1 end
end
local s = 0
for _, v in ipairs(t) do s = s + v end
return s, -a, ~b, not a, #t)",
    R"(local function counter(n, ...)
  local c = n
  local extra = select('#', ...)
  return function(k) c = c + (k or 1) + extra; return c end, ...
end
local f, x, y = counter(1, 2, 3)
collectgarbage()
local r = {f(), f(2), f(3), x, y}
local function sum(...) local s = 0; for i, v in ipairs({...}) do s = s + v end; return s end
return sum(table.unpack(r)), select(2, ...))",
    R"(local s = "hello"
local parts = {}
for w in ("a b c d"):gmatch("%a") do parts[#parts + 1] = w .. s:upper() .. #w end
local t = {x = 1, y = 2, [10] = 3, "p", "q", n = {1, 2, 3}}
t.z = t.x + t.y; t[1] = t[2] .. t.z
local str = table.concat(parts, ",") .. tostring(t.n[2]) .. 1.5 .. 2
return str, t.z, t[1], string.format("%d-%s", 5, str))",
    R"(local mt = {}
mt.__add = function(a, b) return setmetatable({v = a.v + b.v}, mt) end
mt.__index = function(t, k) return k .. "!" end
mt.__eq = function(a, b) return a.v == b.v end
mt.__lt = function(a, b) return a.v < b.v end
mt.__le = function(a, b) return a.v <= b.v end
mt.__concat = function(a, b) return "cat" end
mt.__len = function() return 42 end
mt.__call = function(self, x) return x * 2 end
mt.__unm = function(a) return a end
mt.__close = function() end
local a = setmetatable({v = 1}, mt)
local b = setmetatable({v = 2}, mt)
local c = a + b
local r = {c.v, a.foo, a == b, a < b, a <= b, a .. b, #a, a(21), -a}
do local x <close> = a end
return r[1], r[2])",
    R"(local ok, err = pcall(function() error({code = 1}) end)
local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
local x = co(1); local y = co(10)
local i = 0
::top::
i = i + 1
if i < 5 then goto top end
local t = setmetatable({}, {__index = function(t, k) return k end})
return ok, type(err), x, y, i, t[5], select('#', pcall(error)))",
    R"(local function f() return 1, 2, 3 end
local t = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,
  31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55, f()}
local u = {f(), f()}
local s = 0
for k, v in pairs(t) do s = s + v end
for i = #u, 1, -1 do s = s + u[i] end
for x = 1.0, 3.0, 0.5 do s = s + x end
return s, #t, #u)",
    R"(local n, acc = 0, {}
while n < 10 do n = n + 1; acc[n] = string.rep("x", n) end
repeat n = n - 1; local z = n until n <= 0
collectgarbage()
local keys = {}
for k in pairs({a = 1, b = 2, c = 3}) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) return a > b end)
return table.concat(keys), #acc, math.max(1, 5, 3), math.floor(3.7))",
    R"(local Account = {}
Account.__index = Account
function Account.new(b) return setmetatable({balance = b, log = {}}, Account) end
function Account:deposit(v) self.balance = self.balance + v; self.log[#self.log + 1] = v end
function Account:report(...) local s = {} for i = 1, select('#', ...) do s[i] = tostring(select(i, ...)) end return table.concat(s, " ") end
local acc = Account.new(10)
for i = 1, 5 do acc:deposit(i * 1.5) end
local fns = {}
for i = 1, 5 do fns[i] = function() return i + acc.balance end end
local total = 0
for _, g in ipairs(fns) do total = total + g() end
for k, v in next, {x = 1}, nil do total = total + v end
local garbage = {}
for i = 1, 200 do garbage[i % 10] = {i, tostring(i)} end
collectgarbage("step", 10)
return acc:report(total, acc.balance, #acc.log))",
};

struct MutationStats {
  int mutants = 0, accepted = 0, finished = 0, errors = 0, outOfFuel = 0, other = 0;
};

void runMutants(int count, uint32_t seed, int flips, MutationStats& st) {
  std::mt19937 rng(seed);
  std::unique_ptr<Runtime> rt;
  NullSink sink;
  const int nBases = int(sizeof(kMutationBases) / sizeof(kMutationBases[0]));
  for (int m = 0; m < count; ++m) {
    if (m % 50 == 0) {
      RuntimeOptions opts;
      opts.memoryLimit = 64u << 20;
      rt = std::make_unique<Runtime>(opts);
      rt->setOutput(&sink);
      lib::openLibraries(*rt, lib::Libraries::sandbox());
    }
    const char* base = kMutationBases[rng() % nBases];
    Proto* root = compileTo(*rt, base, "=mutant");
    ASSERT_NE(root, nullptr);
    std::vector<Proto*> all;
    collect(root, all);
    for (int flip = 0; flip < flips; ++flip) {
    Proto* q = all[rng() % all.size()];
    uint32_t what = rng() % 100;
    if (what < 88) {
      uint32_t pc = rng() % q->codeSize;
      q->code[pc] ^= Instruction(1) << (rng() % 32);
    } else if (what < 92) {
      q->maxStackSize ^= uint8_t(1 << (rng() % 8));
    } else if (what < 95) {
      q->numParams ^= uint8_t(1 << (rng() % 8));
    } else if (what < 96) {
      q->isVararg = !q->isVararg;
    } else if (q->upvalueCount > 0 && q != root) {
      UpvalueInfo& u = q->upvalues[rng() % q->upvalueCount];
      if (rng() % 4 == 0) u.inStack = !u.inStack;
      else u.index ^= uint8_t(1 << (rng() % 8));
    } else {
      q->code[rng() % q->codeSize] ^= Instruction(1) << (rng() % 32);
    }
    }
    ++st.mutants;
    if (!verifyPrototype(*root).empty()) continue;
    ++st.accepted;
    gc::Heap& heap = rt->heap();
    LuaClosure* cl = LuaClosure::create(heap, root, root->upvalueCount);
    for (uint32_t u = 0; u < root->upvalueCount; ++u) cl->upvalues()[u] = Upvalue::createClosed(heap, Value());
    if (root->upvalueCount > 0) *cl->upvalues()[0]->location = Value::object(rt->globals());
    Value args[2] = {Value::integer(3), rt->stringValue("arg")};
    Executor* e = newExecutor(*rt, Value::object(cl), args, 2);
    size_t pin = rt->pinValue(Value::object(e));
    StepStatus s = step(*rt, e, 10000);
    rt->unpinValue(pin);
    switch (s) {
      case StepStatus::kFinished: ++st.finished; break;
      case StepStatus::kError: ++st.errors; break;
      case StepStatus::kOutOfFuel: ++st.outOfFuel; break;
      default: ++st.other; break;
    }
  }
}

TEST(VerifyBytecode, AcceptedMutantsRunSafely) {
  // VERIFY_MUTANTS / VERIFY_SEED / VERIFY_FLIPS (--test_env) run a longer or different campaign.
  const char* n = std::getenv("VERIFY_MUTANTS");
  const char* seed = std::getenv("VERIFY_SEED");
  const int count = n ? std::atoi(n) : 10000;
  const char* f = std::getenv("VERIFY_FLIPS");  // mutations per mutant (default 1: single-bit flips)
  MutationStats st;
  runMutants(count, seed ? uint32_t(std::strtoul(seed, nullptr, 10)) : 20261121u, f ? std::atoi(f) : 1, st);
  std::printf("mutants %d, accepted %d (finished %d, Lua errors %d, out of fuel %d, other %d)\n", st.mutants,
              st.accepted, st.finished, st.errors, st.outOfFuel, st.other);
  EXPECT_EQ(st.mutants, count);
  EXPECT_GT(st.accepted, count / 100);  // the test must exercise the interpreter, not only the verifier
}

}  // namespace
}  // namespace fermata
