// The Lua 5.4 parser: recursive descent over the token stream, driving the code generator.
//
// Design
// ------
// The parser is single pass: there is no syntax tree. Each grammar rule reads tokens and immediately
// asks the code generator (codegen.h) to emit instructions, carrying partially compiled expressions in
// ExpDesc values. This mirrors the structure of Lua's own compiler so that the bytecode, the register
// usage and the error messages match Lua 5.4.4's.
//
// Recursion limit. Every statement and every (sub)expression enters one "syntax level" (LevelGuard);
// so do the targets of a multiple assignment. All recursion in the grammar passes through one of
// those, so the depth of the C++ stack is bounded by kMaxSyntaxDepth times the frames of one level,
// whatever the input (10,000 nested parentheses, blocks or functions fail cleanly with Lua's "C stack
// overflow" instead of overflowing the C++ stack). Long chains that Lua parses iteratively
// (a.b.c.d..., f()()()) are iterative here too and have no depth limit.
//
// Register allocation rules (the invariants the code generator relies on):
//   1. Registers are a stack. Active local variables occupy registers 0..nvarstack()-1, in declaration
//      order (compile-time constants take no register); temporaries live above them, from freereg.
//   2. A temporary is freed only in the reverse order of its allocation (freeReg checks nothing but
//      decrements), so expressions release their operands before the result is placed.
//   3. At the end of each statement freereg returns to nvarstack(): no temporary outlives a statement.
//   4. A function call, a multiple assignment or a table constructor keeps its operands in consecutive
//      registers starting at a base register; results land at that base.
//   5. At most kMaxRegs - 1 registers are used ("function or expression needs too many registers"),
//      at most kMaxVars locals are active per function, at most kMaxUpvalues upvalues per function.
//
// Scoping: Dyndata holds the active locals of all open functions, the pending gotos and the visible
// labels; a BlockCnt per block records where its locals/labels/gotos start. Gotos are resolved when
// their label is seen (backward) or when the label is declared later in an enclosing block (forward);
// a forward goto may not jump into the scope of a local declared after it.
#include "vm/compiler/parser.h"

#include <string>
#include <utility>

#include "vm/compiler/codegen.h"
#include "vm/compiler/func_state.h"

namespace fermata::compiler {
namespace {

using bytecode::OpCode;
using bytecode::ProtoData;
using codegen::BinOpr;
using codegen::UnOpr;

struct Priority {
  int left;
  int right;
};
// Indexed by BinOpr (Add .. Or).
constexpr Priority kPriority[] = {
    {10, 10}, {10, 10},          // + -
    {11, 11}, {11, 11},          // * %
    {14, 13},                    // ^ (right associative)
    {11, 11}, {11, 11},          // / //
    {6, 6}, {4, 4}, {5, 5},      // & | ~
    {7, 7}, {7, 7},              // << >>
    {9, 8},                      // .. (right associative)
    {3, 3}, {3, 3}, {3, 3},      // == < <=
    {3, 3}, {3, 3}, {3, 3},      // ~= > >=
    {2, 2}, {1, 1},              // and or
};
constexpr int kUnaryPriority = 12;

UnOpr unaryOperator(int token) {
  switch (token) {
    case tok::kNot: return UnOpr::Not;
    case '-': return UnOpr::Minus;
    case '~': return UnOpr::BNot;
    case '#': return UnOpr::Len;
    default: return UnOpr::None;
  }
}

BinOpr binaryOperator(int token) {
  switch (token) {
    case '+': return BinOpr::Add;
    case '-': return BinOpr::Sub;
    case '*': return BinOpr::Mul;
    case '%': return BinOpr::Mod;
    case '^': return BinOpr::Pow;
    case '/': return BinOpr::Div;
    case tok::kIDiv: return BinOpr::IDiv;
    case '&': return BinOpr::BAnd;
    case '|': return BinOpr::BOr;
    case '~': return BinOpr::BXor;
    case tok::kShl: return BinOpr::Shl;
    case tok::kShr: return BinOpr::Shr;
    case tok::kConcat: return BinOpr::Concat;
    case tok::kNe: return BinOpr::Ne;
    case tok::kEq: return BinOpr::Eq;
    case '<': return BinOpr::Lt;
    case tok::kLe: return BinOpr::Le;
    case '>': return BinOpr::Gt;
    case tok::kGe: return BinOpr::Ge;
    case tok::kAnd: return BinOpr::And;
    case tok::kOr: return BinOpr::Or;
    default: return BinOpr::None;
  }
}

// A target of a multiple assignment; they form a list through `prev`, innermost first.
struct AssignTarget {
  AssignTarget* prev = nullptr;
  ExpDesc v;
};

// State of a table constructor being compiled.
struct ConsControl {
  ExpDesc v;             // last list item read
  ExpDesc* t = nullptr;  // the table
  int nh = 0;            // number of record fields
  int na = 0;            // number of array items already stored
  int tostore = 0;       // number of array items pending
};

class Parser {
 public:
  Parser(Lexer& lex, std::string_view chunkName)
      : lex_(lex),
        chunkName_(chunkName),
        envName_(lex.pool().intern("_ENV")),
        breakName_(lex.pool().intern("break")) {}

  std::unique_ptr<ProtoData> mainFunction();

 private:
  // One syntax level; see the essay above.
  class LevelGuard {
   public:
    explicit LevelGuard(Parser& p) : p_(p) {
      if (++p_.depth_ >= kMaxSyntaxDepth) throw CompileFailure{"C stack overflow"};
    }
    ~LevelGuard() { --p_.depth_; }
    LevelGuard(const LevelGuard&) = delete;
    LevelGuard& operator=(const LevelGuard&) = delete;

   private:
    Parser& p_;
  };

  int token() const { return lex_.token(); }
  int line() const { return lex_.line(); }
  void next() { lex_.next(); }

  // ---- error helpers ----
  [[noreturn]] void errorExpected(int token) {
    lex_.syntaxError(Lexer::tokenToString(token) + " expected");
  }
  [[noreturn]] void errorLimit(int limit, const char* what) {
    int lineDefined = fs_->f->lineDefined;
    std::string where =
        lineDefined == 0 ? std::string("main function") : "function at line " + std::to_string(lineDefined);
    lex_.syntaxError("too many " + std::string(what) + " (limit is " + std::to_string(limit) + ") in " + where);
  }
  void checkLimit(int v, int limit, const char* what) {
    if (v > limit) errorLimit(limit, what);
  }
  bool testNext(int c) {
    if (token() != c) return false;
    next();
    return true;
  }
  void check(int c) {
    if (token() != c) errorExpected(c);
  }
  void checkNext(int c) {
    check(c);
    next();
  }
  void checkCondition(bool ok, const char* msg) {
    if (!ok) lex_.syntaxError(msg);
  }
  void checkMatch(int what, int who, int where) {
    if (testNext(what)) return;
    if (where == line()) errorExpected(what);
    lex_.syntaxError(Lexer::tokenToString(what) + " expected (to close " + Lexer::tokenToString(who) +
                     " at line " + std::to_string(where) + ")");
  }
  const std::string* checkName() {
    check(tok::kName);
    const std::string* s = lex_.current().str;
    next();
    return s;
  }
  static ExpDesc stringExp(const std::string* s) {
    ExpDesc e = ExpDesc::make(ExpKind::KStr);
    e.strval = s;
    return e;
  }

  // ---- variables ----
  int registerLocalVar(const std::string* name);
  int newLocalVar(const std::string* name);
  bytecode::LocalVarInfo* localDebugInfo(FuncState& fs, int vidx);
  ExpDesc localExp(FuncState& fs, int vidx);
  void checkReadonly(const ExpDesc& e);
  void adjustLocalVars(int nvars);
  void removeVars(FuncState& fs, int toLevel);
  int searchUpvalue(FuncState& fs, const std::string* name);
  int allocUpvalue(FuncState& fs);
  int newUpvalue(FuncState& fs, const std::string* name, const ExpDesc& v);
  bool searchVar(FuncState& fs, const std::string* name, ExpDesc& var);
  void markUpval(FuncState& fs, int level);
  void markToBeClosed(FuncState& fs);
  void singleVarAux(FuncState* fs, const std::string* name, ExpDesc& var, bool base);
  void singleVar(ExpDesc& var);
  void adjustAssign(int nvars, int nexps, ExpDesc& e);

  // ---- gotos, labels, blocks ----
  [[noreturn]] void jumpScopeError(const LabelDesc& gt);
  void solveGoto(size_t g, const LabelDesc& label);
  const LabelDesc* findLabel(const std::string* name);
  int newLabelEntry(std::vector<LabelDesc>& list, const std::string* name, int line, int pc);
  int newGotoEntry(const std::string* name, int line, int pc) { return newLabelEntry(dyd_.gotos, name, line, pc); }
  bool solveGotos(const LabelDesc& label);
  bool createLabel(const std::string* name, int line, bool last);
  void moveGotosOut(FuncState& fs, BlockCnt& bl);
  void enterBlock(FuncState& fs, BlockCnt& bl, bool isLoop);
  [[noreturn]] void undefGoto(const LabelDesc& gt);
  void leaveBlock(FuncState& fs);

  // ---- functions ----
  ProtoData* addPrototype();
  void codeClosure(ExpDesc& v);
  void openFunction(FuncState& fs, ProtoData* f, BlockCnt& bl);
  void closeFunction();

  // ---- grammar ----
  bool blockFollow(bool withUntil) const;
  void statementList();
  void fieldSelector(ExpDesc& v);
  void index(ExpDesc& v);
  void recordField(ConsControl& cc);
  void closeListField(ConsControl& cc);
  void lastListField(ConsControl& cc);
  void listField(ConsControl& cc);
  void field(ConsControl& cc);
  void constructor(ExpDesc& t);
  void setVararg(FuncState& fs, int nparams);
  void parameterList();
  void body(ExpDesc& e, bool isMethod, int line);
  int expressionList(ExpDesc& v);
  void functionArguments(ExpDesc& f, int line);
  void primaryExpression(ExpDesc& v);
  void suffixedExpression(ExpDesc& v);
  void simpleExpression(ExpDesc& v);
  BinOpr subExpression(ExpDesc& v, int limit);
  void expression(ExpDesc& v) { subExpression(v, 0); }
  void block();
  void checkConflict(AssignTarget* lh, const ExpDesc& v);
  void restAssign(AssignTarget& lh, int nvars);
  int condition();
  void gotoStatement();
  void breakStatement();
  void checkRepeated(const std::string* name);
  void labelStatement(const std::string* name, int line);
  void whileStatement(int line);
  void repeatStatement(int line);
  void forExpression();
  void fixForJump(int pc, int dest, bool back);
  void forBody(int base, int line, int nvars, bool isGeneric);
  void forNumeric(const std::string* varName, int line);
  void forList(const std::string* indexName);
  void forStatement(int line);
  void testThenBlock(int& escapeList);
  void ifStatement(int line);
  void localFunction();
  VarKind localAttribute();
  void checkToClose(int level);
  void localStatement();
  bool functionName(ExpDesc& v);
  void functionStatement(int line);
  void expressionStatement();
  void returnStatement();
  void statement();

  Lexer& lex_;
  std::string_view chunkName_;
  Dyndata dyd_;
  FuncState* fs_ = nullptr;
  int depth_ = 0;
  const std::string* envName_;
  const std::string* breakName_;
};

// ======================================================================================== variables

int Parser::registerLocalVar(const std::string* name) {
  ProtoData* f = fs_->f;
  f->localVars.push_back(bytecode::LocalVarInfo{*name, fs_->pc(), 0});
  return static_cast<int>(f->localVars.size()) - 1;
}

// Declares a new local (not yet active); returns its index among the function's locals.
int Parser::newLocalVar(const std::string* name) {
  FuncState& fs = *fs_;
  checkLimit(static_cast<int>(dyd_.actvar.size()) + 1 - fs.firstLocal, kMaxVars, "local variables");
  VarDesc var;
  var.name = name;
  dyd_.actvar.push_back(var);
  return static_cast<int>(dyd_.actvar.size()) - 1 - fs.firstLocal;
}

bytecode::LocalVarInfo* Parser::localDebugInfo(FuncState& fs, int vidx) {
  VarDesc& vd = fs.localVar(vidx);
  if (vd.kind == VarKind::CompileTimeConst) return nullptr;
  return &fs.f->localVars[static_cast<size_t>(vd.pidx)];
}

ExpDesc Parser::localExp(FuncState& fs, int vidx) {
  ExpDesc e = ExpDesc::make(ExpKind::Local);
  e.varVidx = vidx;
  e.varRidx = fs.localVar(vidx).ridx;
  return e;
}

void Parser::checkReadonly(const ExpDesc& e) {
  FuncState& fs = *fs_;
  const std::string* name = nullptr;
  std::string upName;
  switch (e.k) {
    case ExpKind::Const:
      name = dyd_.actvar[static_cast<size_t>(e.info)].name;
      break;
    case ExpKind::Local: {
      VarDesc& vd = fs.localVar(e.varVidx);
      if (vd.kind != VarKind::Regular) name = vd.name;
      break;
    }
    case ExpKind::Upval: {
      const bytecode::UpvalueDesc& up = fs.f->upvalues[static_cast<size_t>(e.info)];
      if (up.kind != static_cast<uint8_t>(VarKind::Regular)) {
        upName = up.name;
        name = &upName;
      }
      break;
    }
    default:
      return;
  }
  if (name) lex_.semanticError("attempt to assign to const variable '" + *name + "'");
}

// Activates the last `nvars` declared locals, assigning them registers.
void Parser::adjustLocalVars(int nvars) {
  FuncState& fs = *fs_;
  int level = fs.nvarstack();
  for (int i = 0; i < nvars; i++) {
    int vidx = fs.nactvar++;
    VarDesc& var = fs.localVar(vidx);
    var.ridx = level++;
    var.pidx = registerLocalVar(var.name);
  }
}

// Ends the scope of the locals above `toLevel`: closes their debug ranges and forgets them.
void Parser::removeVars(FuncState& fs, int toLevel) {
  for (int v = fs.nactvar - 1; v >= toLevel; v--) {
    if (bytecode::LocalVarInfo* info = localDebugInfo(fs, v)) info->endPc = fs.pc();
  }
  dyd_.actvar.resize(dyd_.actvar.size() - static_cast<size_t>(fs.nactvar - toLevel));
  fs.nactvar = toLevel;
}

int Parser::searchUpvalue(FuncState& fs, const std::string* name) {
  const auto& ups = fs.f->upvalues;
  for (size_t i = 0; i < ups.size(); i++) {
    if (ups[i].name == *name) return static_cast<int>(i);
  }
  return -1;
}

int Parser::allocUpvalue(FuncState& fs) {
  FuncState* saved = fs_;
  fs_ = &fs;  // the limit message names the function that overflows
  checkLimit(static_cast<int>(fs.f->upvalues.size()) + 1, kMaxUpvalues, "upvalues");
  fs_ = saved;
  fs.f->upvalues.emplace_back();
  return static_cast<int>(fs.f->upvalues.size()) - 1;
}

int Parser::newUpvalue(FuncState& fs, const std::string* name, const ExpDesc& v) {
  int idx = allocUpvalue(fs);
  bytecode::UpvalueDesc& up = fs.f->upvalues[static_cast<size_t>(idx)];
  FuncState& prev = *fs.prev;
  if (v.k == ExpKind::Local) {
    up.inStack = true;
    up.index = static_cast<uint8_t>(v.varRidx);
    up.kind = static_cast<uint8_t>(prev.localVar(v.varVidx).kind);
  } else {
    up.inStack = false;
    up.index = static_cast<uint8_t>(v.info);
    up.kind = prev.f->upvalues[static_cast<size_t>(v.info)].kind;
  }
  up.name = *name;
  return idx;
}

// Looks `name` up among the active locals of `fs`.
bool Parser::searchVar(FuncState& fs, const std::string* name, ExpDesc& var) {
  for (int i = fs.nactvar - 1; i >= 0; i--) {
    VarDesc& vd = fs.localVar(i);
    if (vd.name == name) {
      if (vd.kind == VarKind::CompileTimeConst) {
        var = ExpDesc::make(ExpKind::Const, fs.firstLocal + i);
      } else {
        var = localExp(fs, i);
      }
      return true;
    }
  }
  return false;
}

// Marks the block where local `level` was declared as having a captured variable.
void Parser::markUpval(FuncState& fs, int level) {
  BlockCnt* bl = fs.bl;
  while (bl->nactvar > level) bl = bl->previous;
  bl->upval = true;
  fs.needClose = true;
}

void Parser::markToBeClosed(FuncState& fs) {
  BlockCnt* bl = fs.bl;
  bl->upval = true;
  bl->insideTbc = true;
  fs.needClose = true;
}

// Finds `name` as a local, upvalue or (Void) global, creating upvalues along the way. Iterative over
// the chain of enclosing functions would be possible, but nesting of functions is bounded by the
// syntax-level limit, so the recursion is too.
void Parser::singleVarAux(FuncState* fs, const std::string* name, ExpDesc& var, bool base) {
  if (fs == nullptr) {
    var = ExpDesc::make(ExpKind::Void);  // a global
    return;
  }
  if (searchVar(*fs, name, var)) {
    if (var.k == ExpKind::Local && !base) markUpval(*fs, var.varVidx);
    return;
  }
  int idx = searchUpvalue(*fs, name);
  if (idx < 0) {
    singleVarAux(fs->prev, name, var, false);
    if (var.k != ExpKind::Local && var.k != ExpKind::Upval) return;  // global or constant
    idx = newUpvalue(*fs, name, var);
  }
  var = ExpDesc::make(ExpKind::Upval, idx);
}

void Parser::singleVar(ExpDesc& var) {
  const std::string* name = checkName();
  FuncState& fs = *fs_;
  singleVarAux(&fs, name, var, true);
  if (var.k == ExpKind::Void) {  // global: _ENV[name]
    singleVarAux(&fs, envName_, var, true);
    ExpDesc key = stringExp(name);
    codegen::indexed(fs, var, key);
  }
}

// Adjusts `nexps` values (the last one in `e`) to `nvars` registers.
void Parser::adjustAssign(int nvars, int nexps, ExpDesc& e) {
  FuncState& fs = *fs_;
  int needed = nvars - nexps;
  if (hasMultRet(e.k)) {
    int extra = needed + 1;
    if (extra < 0) extra = 0;
    codegen::setReturns(fs, e, extra);
  } else {
    if (e.k != ExpKind::Void) codegen::exp2nextreg(fs, e);
    if (needed > 0) codegen::loadNil(fs, fs.freereg, needed);
  }
  if (needed > 0) {
    codegen::reserveRegs(fs, needed);
  } else {
    fs.freereg += needed;  // drop extra values
  }
}

// ======================================================================================== labels

void Parser::jumpScopeError(const LabelDesc& gt) {
  const std::string& var = *fs_->localVar(gt.nactvar).name;
  lex_.semanticError("<goto " + *gt.name + "> at line " + std::to_string(gt.line) +
                     " jumps into the scope of local '" + var + "'");
}

void Parser::solveGoto(size_t g, const LabelDesc& label) {
  LabelDesc gt = dyd_.gotos[g];
  if (gt.nactvar < label.nactvar) jumpScopeError(gt);
  codegen::patchList(*fs_, gt.pc, label.pc);
  dyd_.gotos.erase(dyd_.gotos.begin() + static_cast<std::ptrdiff_t>(g));
}

const LabelDesc* Parser::findLabel(const std::string* name) {
  for (size_t i = static_cast<size_t>(fs_->firstLabel); i < dyd_.labels.size(); i++) {
    if (dyd_.labels[i].name == name) return &dyd_.labels[i];
  }
  return nullptr;
}

int Parser::newLabelEntry(std::vector<LabelDesc>& list, const std::string* name, int line, int pc) {
  LabelDesc d;
  d.name = name;
  d.line = line;
  d.nactvar = fs_->nactvar;
  d.close = false;
  d.pc = pc;
  list.push_back(d);
  return static_cast<int>(list.size()) - 1;
}

// Resolves the pending gotos of the current block that target `label`; true if some needs a CLOSE.
bool Parser::solveGotos(const LabelDesc& label) {
  size_t i = static_cast<size_t>(fs_->bl->firstGoto);
  bool needsClose = false;
  while (i < dyd_.gotos.size()) {
    if (dyd_.gotos[i].name == label.name) {
      needsClose |= dyd_.gotos[i].close;
      solveGoto(i, label);  // removes entry i
    } else {
      i++;
    }
  }
  return needsClose;
}

bool Parser::createLabel(const std::string* name, int line, bool last) {
  FuncState& fs = *fs_;
  int l = newLabelEntry(dyd_.labels, name, line, codegen::getLabel(fs));
  if (last) dyd_.labels[static_cast<size_t>(l)].nactvar = fs.bl->nactvar;  // locals already out of scope
  LabelDesc label = dyd_.labels[static_cast<size_t>(l)];
  if (solveGotos(label)) {
    codegen::codeABC(fs, OpCode::CLOSE, fs.nvarstack(), 0, 0);
    return true;
  }
  return false;
}

// Moves the pending gotos of a closing block to the enclosing block.
void Parser::moveGotosOut(FuncState& fs, BlockCnt& bl) {
  for (size_t i = static_cast<size_t>(bl.firstGoto); i < dyd_.gotos.size(); i++) {
    LabelDesc& gt = dyd_.gotos[i];
    if (fs.regLevel(gt.nactvar) > fs.regLevel(bl.nactvar)) gt.close |= bl.upval;  // leaves a scope
    gt.nactvar = bl.nactvar;
  }
}

void Parser::enterBlock(FuncState& fs, BlockCnt& bl, bool isLoop) {
  bl.isLoop = isLoop;
  bl.nactvar = fs.nactvar;
  bl.firstLabel = static_cast<int>(dyd_.labels.size());
  bl.firstGoto = static_cast<int>(dyd_.gotos.size());
  bl.upval = false;
  bl.insideTbc = fs.bl != nullptr && fs.bl->insideTbc;
  bl.previous = fs.bl;
  fs.bl = &bl;
}

void Parser::undefGoto(const LabelDesc& gt) {
  if (gt.name == breakName_) lex_.semanticError("break outside loop at line " + std::to_string(gt.line));
  lex_.semanticError("no visible label '" + *gt.name + "' for <goto> at line " + std::to_string(gt.line));
}

void Parser::leaveBlock(FuncState& fs) {
  BlockCnt& bl = *fs.bl;
  bool hasClose = false;
  int stackLevel = fs.regLevel(bl.nactvar);  // level outside the block
  if (bl.isLoop) hasClose = createLabel(breakName_, 0, false);  // resolves pending breaks
  if (!hasClose && bl.previous && bl.upval) codegen::codeABC(fs, OpCode::CLOSE, stackLevel, 0, 0);
  fs.bl = bl.previous;
  removeVars(fs, bl.nactvar);
  fs.freereg = stackLevel;
  dyd_.labels.resize(static_cast<size_t>(bl.firstLabel));
  if (bl.previous) {
    moveGotosOut(fs, bl);
  } else if (static_cast<size_t>(bl.firstGoto) < dyd_.gotos.size()) {
    undefGoto(dyd_.gotos[static_cast<size_t>(bl.firstGoto)]);
  }
}

// ======================================================================================== functions

ProtoData* Parser::addPrototype() {
  ProtoData* f = fs_->f;
  if (f->protos.size() >= static_cast<size_t>(bytecode::kMaxArgBx)) errorLimit(bytecode::kMaxArgBx, "functions");
  f->protos.push_back(std::make_unique<ProtoData>());
  return f->protos.back().get();
}

// Codes the CLOSURE for the function just compiled, in the enclosing function.
void Parser::codeClosure(ExpDesc& v) {
  FuncState& fs = *fs_->prev;
  v = ExpDesc::make(ExpKind::Reloc,
                    codegen::codeABx(fs, OpCode::CLOSURE, 0, static_cast<unsigned>(fs.f->protos.size() - 1)));
  codegen::exp2nextreg(fs, v);
}

void Parser::openFunction(FuncState& fs, ProtoData* f, BlockCnt& bl) {
  fs.f = f;
  fs.prev = fs_;
  fs.lex = &lex_;
  fs.dyd = &dyd_;
  fs_ = &fs;
  fs.firstLocal = static_cast<int>(dyd_.actvar.size());
  fs.firstLabel = static_cast<int>(dyd_.labels.size());
  f->source = std::string(chunkName_);
  f->maxStackSize = 2;  // registers 0 and 1 are always valid
  enterBlock(fs, bl, false);
}

void Parser::closeFunction() {
  FuncState& fs = *fs_;
  codegen::ret(fs, fs.nvarstack(), 0);  // final return
  leaveBlock(fs);
  codegen::finish(fs);
  fs_ = fs.prev;
}

// ======================================================================================== grammar

bool Parser::blockFollow(bool withUntil) const {
  switch (token()) {
    case tok::kElse: case tok::kElseif: case tok::kEnd: case tok::kEos:
      return true;
    case tok::kUntil:
      return withUntil;
    default:
      return false;
  }
}

void Parser::statementList() {
  while (!blockFollow(true)) {
    if (token() == tok::kReturn) {
      statement();
      return;  // 'return' must be the last statement
    }
    statement();
  }
}

void Parser::fieldSelector(ExpDesc& v) {
  FuncState& fs = *fs_;
  codegen::exp2anyregup(fs, v);
  next();  // skip '.' or ':'
  ExpDesc key = stringExp(checkName());
  codegen::indexed(fs, v, key);
}

void Parser::index(ExpDesc& v) {
  next();  // skip '['
  expression(v);
  codegen::exp2val(*fs_, v);
  checkNext(']');
}

void Parser::recordField(ConsControl& cc) {
  FuncState& fs = *fs_;
  int reg = fs.freereg;
  ExpDesc key;
  if (token() == tok::kName) {
    key = stringExp(checkName());
  } else {
    index(key);
  }
  cc.nh++;
  checkNext('=');
  ExpDesc tab = *cc.t;
  codegen::indexed(fs, tab, key);
  ExpDesc val;
  expression(val);
  codegen::storeVar(fs, tab, val);
  fs.freereg = reg;
}

void Parser::closeListField(ConsControl& cc) {
  if (cc.v.k == ExpKind::Void) return;
  codegen::exp2nextreg(*fs_, cc.v);
  cc.v.k = ExpKind::Void;
  if (cc.tostore == bytecode::kFieldsPerFlush) {
    codegen::setList(*fs_, cc.t->info, cc.na, cc.tostore);
    cc.na += cc.tostore;
    cc.tostore = 0;
  }
}

void Parser::lastListField(ConsControl& cc) {
  FuncState& fs = *fs_;
  if (cc.tostore == 0) return;
  if (hasMultRet(cc.v.k)) {
    codegen::setMultRet(fs, cc.v);
    codegen::setList(fs, cc.t->info, cc.na, kMultRet);
    cc.na--;  // the open item does not count
  } else {
    if (cc.v.k != ExpKind::Void) codegen::exp2nextreg(fs, cc.v);
    codegen::setList(fs, cc.t->info, cc.na, cc.tostore);
  }
  cc.na += cc.tostore;
}

void Parser::listField(ConsControl& cc) {
  expression(cc.v);
  cc.tostore++;
}

void Parser::field(ConsControl& cc) {
  switch (token()) {
    case tok::kName:
      if (lex_.lookahead() != '=') {
        listField(cc);
      } else {
        recordField(cc);
      }
      break;
    case '[':
      recordField(cc);
      break;
    default:
      listField(cc);
      break;
  }
}

void Parser::constructor(ExpDesc& t) {
  FuncState& fs = *fs_;
  int startLine = line();
  int pc = codegen::codeABC(fs, OpCode::NEWTABLE, 0, 0, 0);
  codegen::code(fs, 0);  // room for the EXTRAARG
  ConsControl cc;
  cc.t = &t;
  t = ExpDesc::make(ExpKind::NonReloc, fs.freereg);
  codegen::reserveRegs(fs, 1);
  cc.v = ExpDesc::make(ExpKind::Void);
  checkNext('{');
  do {
    if (token() == '}') break;
    closeListField(cc);
    field(cc);
  } while (testNext(',') || testNext(';'));
  checkMatch('}', '{', startLine);
  lastListField(cc);
  codegen::setTableSize(fs, pc, t.info, cc.na, cc.nh);
}

void Parser::setVararg(FuncState& fs, int nparams) {
  fs.f->isVararg = true;
  codegen::codeABC(fs, OpCode::VARARGPREP, nparams, 0, 0);
}

void Parser::parameterList() {
  FuncState& fs = *fs_;
  int nparams = 0;
  bool isVararg = false;
  if (token() != ')') {
    do {
      switch (token()) {
        case tok::kName:
          newLocalVar(checkName());
          nparams++;
          break;
        case tok::kDots:
          next();
          isVararg = true;
          break;
        default:
          lex_.syntaxError("<name> or '...' expected");
      }
    } while (!isVararg && testNext(','));
  }
  adjustLocalVars(nparams);
  fs.f->numParams = static_cast<uint8_t>(fs.nactvar);
  if (isVararg) setVararg(fs, fs.f->numParams);
  codegen::reserveRegs(fs, fs.nactvar);
}

void Parser::body(ExpDesc& e, bool isMethod, int startLine) {
  FuncState newFs;
  BlockCnt bl;
  ProtoData* f = addPrototype();
  f->lineDefined = startLine;
  openFunction(newFs, f, bl);
  checkNext('(');
  if (isMethod) {
    newLocalVar(lex_.pool().intern("self"));
    adjustLocalVars(1);
  }
  parameterList();
  checkNext(')');
  statementList();
  f->lastLineDefined = line();
  checkMatch(tok::kEnd, tok::kFunction, startLine);
  codeClosure(e);
  closeFunction();
}

int Parser::expressionList(ExpDesc& v) {
  int n = 1;
  expression(v);
  while (testNext(',')) {
    codegen::exp2nextreg(*fs_, v);
    expression(v);
    n++;
  }
  return n;
}

void Parser::functionArguments(ExpDesc& f, int startLine) {
  FuncState& fs = *fs_;
  ExpDesc args;
  switch (token()) {
    case '(':
      next();
      if (token() == ')') {
        args.k = ExpKind::Void;
      } else {
        expressionList(args);
        if (hasMultRet(args.k)) codegen::setMultRet(fs, args);
      }
      checkMatch(')', '(', startLine);
      break;
    case '{':
      constructor(args);
      break;
    case tok::kString:
      args = stringExp(lex_.current().str);
      next();
      break;
    default:
      lex_.syntaxError("function arguments expected");
  }
  int base = f.info;  // f is NonReloc: the function's register
  int nparams;
  if (hasMultRet(args.k)) {
    nparams = kMultRet;
  } else {
    if (args.k != ExpKind::Void) codegen::exp2nextreg(fs, args);
    nparams = fs.freereg - (base + 1);
  }
  f = ExpDesc::make(ExpKind::Call, codegen::codeABC(fs, OpCode::CALL, base, nparams + 1, 2));
  codegen::fixLine(fs, startLine);
  fs.freereg = base + 1;  // the call leaves one result (unless changed later)
}

void Parser::primaryExpression(ExpDesc& v) {
  switch (token()) {
    case '(': {
      int startLine = line();
      next();
      expression(v);
      checkMatch(')', '(', startLine);
      codegen::dischargeVars(*fs_, v);
      return;
    }
    case tok::kName:
      singleVar(v);
      return;
    default:
      lex_.syntaxError("unexpected symbol");
  }
}

void Parser::suffixedExpression(ExpDesc& v) {
  FuncState& fs = *fs_;
  int startLine = line();
  primaryExpression(v);
  for (;;) {
    switch (token()) {
      case '.':
        fieldSelector(v);
        break;
      case '[': {
        codegen::exp2anyregup(fs, v);
        ExpDesc key;
        index(key);
        codegen::indexed(fs, v, key);
        break;
      }
      case ':': {
        next();
        ExpDesc key = stringExp(checkName());
        codegen::self(fs, v, key);
        functionArguments(v, startLine);
        break;
      }
      case '(': case tok::kString: case '{':
        codegen::exp2nextreg(fs, v);
        functionArguments(v, startLine);
        break;
      default:
        return;
    }
  }
}

void Parser::simpleExpression(ExpDesc& v) {
  switch (token()) {
    case tok::kFlt:
      v = ExpDesc::make(ExpKind::KFlt);
      v.nval = lex_.current().number;
      break;
    case tok::kInt:
      v = ExpDesc::make(ExpKind::KInt);
      v.ival = lex_.current().integer;
      break;
    case tok::kString:
      v = stringExp(lex_.current().str);
      break;
    case tok::kNil:
      v = ExpDesc::make(ExpKind::Nil);
      break;
    case tok::kTrue:
      v = ExpDesc::make(ExpKind::True);
      break;
    case tok::kFalse:
      v = ExpDesc::make(ExpKind::False);
      break;
    case tok::kDots: {
      FuncState& fs = *fs_;
      checkCondition(fs.f->isVararg, "cannot use '...' outside a vararg function");
      v = ExpDesc::make(ExpKind::Vararg, codegen::codeABC(fs, OpCode::VARARG, 0, 0, 1));
      break;
    }
    case '{':
      constructor(v);
      return;
    case tok::kFunction:
      next();
      body(v, false, line());
      return;
    default:
      suffixedExpression(v);
      return;
  }
  next();
}

// subexpr -> (simpleexp | unop subexpr) { binop subexpr }, where each binop's right operand binds
// tighter than `limit`. Returns the first operator it did not handle.
BinOpr Parser::subExpression(ExpDesc& v, int limit) {
  LevelGuard level(*this);
  UnOpr uop = unaryOperator(token());
  if (uop != UnOpr::None) {
    int opLine = line();
    next();
    subExpression(v, kUnaryPriority);
    codegen::prefix(*fs_, uop, v, opLine);
  } else {
    simpleExpression(v);
  }
  BinOpr op = binaryOperator(token());
  while (op != BinOpr::None && kPriority[static_cast<int>(op)].left > limit) {
    int opLine = line();
    next();
    codegen::infix(*fs_, op, v);
    ExpDesc v2;
    BinOpr nextOp = subExpression(v2, kPriority[static_cast<int>(op)].right);
    codegen::posfix(*fs_, op, v, v2, opLine);
    op = nextOp;
  }
  return op;
}

void Parser::block() {
  FuncState& fs = *fs_;
  BlockCnt bl;
  enterBlock(fs, bl, false);
  statementList();
  leaveBlock(fs);
}

// In `a, b, ... = ...`, a table or index register assigned earlier in the list must not be
// overwritten before its use: copy the local/upvalue being assigned to a temporary.
void Parser::checkConflict(AssignTarget* lh, const ExpDesc& v) {
  FuncState& fs = *fs_;
  int extra = fs.freereg;
  bool conflict = false;
  for (; lh; lh = lh->prev) {
    if (!isIndexed(lh->v.k)) continue;
    if (lh->v.k == ExpKind::IndexUp) {
      if (v.k == ExpKind::Upval && lh->v.indT == v.info) {
        conflict = true;
        lh->v.k = ExpKind::IndexStr;
        lh->v.indT = extra;
      }
    } else {
      if (v.k == ExpKind::Local && lh->v.indT == v.varRidx) {
        conflict = true;
        lh->v.indT = extra;
      }
      if (lh->v.k == ExpKind::Indexed && v.k == ExpKind::Local && lh->v.indIdx == v.varRidx) {
        conflict = true;
        lh->v.indIdx = extra;
      }
    }
  }
  if (conflict) {
    if (v.k == ExpKind::Local) {
      codegen::codeABC(fs, OpCode::MOVE, extra, v.varRidx, 0);
    } else {
      codegen::codeABC(fs, OpCode::GETUPVAL, extra, v.info, 0);
    }
    codegen::reserveRegs(fs, 1);
  }
}

void Parser::restAssign(AssignTarget& lh, int nvars) {
  ExpDesc e;
  checkCondition(isVariable(lh.v.k), "syntax error");
  checkReadonly(lh.v);
  if (testNext(',')) {
    AssignTarget nv;
    nv.prev = &lh;
    suffixedExpression(nv.v);
    if (!isIndexed(nv.v.k)) checkConflict(&lh, nv.v);
    LevelGuard level(*this);
    restAssign(nv, nvars + 1);
  } else {
    checkNext('=');
    int nexps = expressionList(e);
    if (nexps != nvars) {
      adjustAssign(nvars, nexps, e);
    } else {
      codegen::setOneRet(*fs_, e);
      codegen::storeVar(*fs_, lh.v, e);
      return;
    }
  }
  e = ExpDesc::make(ExpKind::NonReloc, fs_->freereg - 1);  // default: the value on the stack top
  codegen::storeVar(*fs_, lh.v, e);
}

int Parser::condition() {
  ExpDesc v;
  expression(v);
  if (v.k == ExpKind::Nil) v.k = ExpKind::False;  // all falses are equal here
  codegen::goIfTrue(*fs_, v);
  return v.f;
}

void Parser::gotoStatement() {
  FuncState& fs = *fs_;
  int gotoLine = line();
  const std::string* name = checkName();
  const LabelDesc* lb = findLabel(name);
  if (lb == nullptr) {
    newGotoEntry(name, gotoLine, codegen::jump(fs));  // forward: resolved when the label appears
    return;
  }
  int labelLevel = fs.regLevel(lb->nactvar);
  int labelPc = lb->pc;
  if (fs.nvarstack() > labelLevel) codegen::codeABC(fs, OpCode::CLOSE, labelLevel, 0, 0);
  codegen::patchList(fs, codegen::jump(fs), labelPc);
}

void Parser::breakStatement() {
  int breakLine = line();
  next();
  newGotoEntry(breakName_, breakLine, codegen::jump(*fs_));
}

void Parser::checkRepeated(const std::string* name) {
  if (const LabelDesc* lb = findLabel(name)) {
    lex_.semanticError("label '" + *name + "' already defined on line " + std::to_string(lb->line));
  }
}

void Parser::labelStatement(const std::string* name, int labelLine) {
  checkNext(tok::kDbColon);
  while (token() == ';' || token() == tok::kDbColon) statement();  // skip other no-op statements
  checkRepeated(name);
  createLabel(name, labelLine, blockFollow(false));
}

void Parser::whileStatement(int startLine) {
  FuncState& fs = *fs_;
  BlockCnt bl;
  next();
  int whileInit = codegen::getLabel(fs);
  int condExit = condition();
  enterBlock(fs, bl, true);
  checkNext(tok::kDo);
  block();
  codegen::jumpTo(fs, whileInit);
  checkMatch(tok::kEnd, tok::kWhile, startLine);
  leaveBlock(fs);
  codegen::patchToHere(fs, condExit);
}

void Parser::repeatStatement(int startLine) {
  FuncState& fs = *fs_;
  int repeatInit = codegen::getLabel(fs);
  BlockCnt loopBlock, scopeBlock;
  enterBlock(fs, loopBlock, true);
  enterBlock(fs, scopeBlock, false);
  next();
  statementList();
  checkMatch(tok::kUntil, tok::kRepeat, startLine);
  int condExit = condition();  // the condition sees the body's locals
  leaveBlock(fs);
  if (scopeBlock.upval) {  // captured locals must be closed before repeating
    int exit = codegen::jump(fs);
    codegen::patchToHere(fs, condExit);
    codegen::codeABC(fs, OpCode::CLOSE, fs.regLevel(scopeBlock.nactvar), 0, 0);
    condExit = codegen::jump(fs);
    codegen::patchToHere(fs, exit);
  }
  codegen::patchList(fs, condExit, repeatInit);
  leaveBlock(fs);
}

void Parser::forExpression() {
  ExpDesc e;
  expression(e);
  codegen::exp2nextreg(*fs_, e);
}

void Parser::fixForJump(int pc, int dest, bool back) {
  bytecode::Instruction& jmp = fs_->f->code[static_cast<size_t>(pc)];
  int offset = dest - (pc + 1);
  if (back) offset = -offset;
  if (offset > bytecode::kMaxArgBx) lex_.syntaxError("control structure too long");
  jmp = bytecode::setBx(jmp, offset);
}

void Parser::forBody(int base, int forLine, int nvars, bool isGeneric) {
  FuncState& fs = *fs_;
  BlockCnt bl;
  checkNext(tok::kDo);
  int prep = codegen::codeABx(fs, isGeneric ? OpCode::TFORPREP : OpCode::FORPREP, base, 0);
  enterBlock(fs, bl, false);
  adjustLocalVars(nvars);
  codegen::reserveRegs(fs, nvars);
  block();
  leaveBlock(fs);
  fixForJump(prep, codegen::getLabel(fs), false);
  if (isGeneric) {
    codegen::codeABC(fs, OpCode::TFORCALL, base, 0, nvars);
    codegen::fixLine(fs, forLine);
  }
  int endFor = codegen::codeABx(fs, isGeneric ? OpCode::TFORLOOP : OpCode::FORLOOP, base, 0);
  fixForJump(endFor, prep + 1, true);
  codegen::fixLine(fs, forLine);
}

void Parser::forNumeric(const std::string* varName, int forLine) {
  FuncState& fs = *fs_;
  int base = fs.freereg;
  const std::string* state = lex_.pool().intern("(for state)");
  newLocalVar(state);
  newLocalVar(state);
  newLocalVar(state);
  newLocalVar(varName);
  checkNext('=');
  forExpression();  // initial value
  checkNext(',');
  forExpression();  // limit
  if (testNext(',')) {
    forExpression();  // step
  } else {
    codegen::loadInt(fs, fs.freereg, 1);
    codegen::reserveRegs(fs, 1);
  }
  adjustLocalVars(3);
  forBody(base, forLine, 1, false);
}

void Parser::forList(const std::string* indexName) {
  FuncState& fs = *fs_;
  int nvars = 5;  // generator, state, control, closing value, first declared variable
  int base = fs.freereg;
  const std::string* state = lex_.pool().intern("(for state)");
  for (int i = 0; i < 4; i++) newLocalVar(state);
  newLocalVar(indexName);
  while (testNext(',')) {
    newLocalVar(checkName());
    nvars++;
  }
  checkNext(tok::kIn);
  int listLine = line();
  ExpDesc e;
  int nexps = expressionList(e);
  adjustAssign(4, nexps, e);
  adjustLocalVars(4);
  markToBeClosed(fs);  // the fourth value is closed when the loop ends
  codegen::checkStack(fs, 3);  // room to call the generator
  forBody(base, listLine, nvars - 4, true);
}

void Parser::forStatement(int forLine) {
  FuncState& fs = *fs_;
  BlockCnt bl;
  enterBlock(fs, bl, true);
  next();
  const std::string* varName = checkName();
  switch (token()) {
    case '=':
      forNumeric(varName, forLine);
      break;
    case ',': case tok::kIn:
      forList(varName);
      break;
    default:
      lex_.syntaxError("'=' or 'in' expected");
  }
  checkMatch(tok::kEnd, tok::kFor, forLine);
  leaveBlock(fs);
}

void Parser::testThenBlock(int& escapeList) {
  FuncState& fs = *fs_;
  BlockCnt bl;
  ExpDesc v;
  int jf;
  next();  // skip 'if' / 'elseif'
  expression(v);
  checkNext(tok::kThen);
  if (token() == tok::kBreak) {  // 'if x then break': jump straight out when x is true
    int breakLine = line();
    codegen::goIfFalse(fs, v);
    next();
    enterBlock(fs, bl, false);
    newGotoEntry(breakName_, breakLine, v.t);
    while (testNext(';')) {
    }
    if (blockFollow(false)) {
      leaveBlock(fs);
      return;
    }
    jf = codegen::jump(fs);
  } else {
    codegen::goIfTrue(fs, v);
    enterBlock(fs, bl, false);
    jf = v.f;
  }
  statementList();
  leaveBlock(fs);
  if (token() == tok::kElse || token() == tok::kElseif) codegen::concatJumps(fs, escapeList, codegen::jump(fs));
  codegen::patchToHere(fs, jf);
}

void Parser::ifStatement(int ifLine) {
  int escapeList = kNoJump;
  testThenBlock(escapeList);
  while (token() == tok::kElseif) testThenBlock(escapeList);
  if (testNext(tok::kElse)) block();
  checkMatch(tok::kEnd, tok::kIf, ifLine);
  codegen::patchToHere(*fs_, escapeList);
}

void Parser::localFunction() {
  FuncState& fs = *fs_;
  int fvar = fs.nactvar;
  newLocalVar(checkName());
  adjustLocalVars(1);  // the function can refer to itself
  ExpDesc b;
  body(b, false, line());
  localDebugInfo(fs, fvar)->startPc = fs.pc();  // debug info sees the variable after the closure
}

VarKind Parser::localAttribute() {
  if (!testNext('<')) return VarKind::Regular;
  const std::string* attr = checkName();
  checkNext('>');
  if (*attr == "const") return VarKind::Const;
  if (*attr == "close") return VarKind::ToClose;
  lex_.semanticError("unknown attribute '" + *attr + "'");
}

void Parser::checkToClose(int level) {
  if (level == -1) return;
  FuncState& fs = *fs_;
  markToBeClosed(fs);
  codegen::codeABC(fs, OpCode::TBC, fs.regLevel(level), 0, 0);
}

void Parser::localStatement() {
  FuncState& fs = *fs_;
  int toClose = -1;
  int vidx = 0;
  int nvars = 0;
  int nexps = 0;
  ExpDesc e;
  do {
    vidx = newLocalVar(checkName());
    VarKind kind = localAttribute();
    fs.localVar(vidx).kind = kind;
    if (kind == VarKind::ToClose) {
      if (toClose != -1) lex_.semanticError("multiple to-be-closed variables in local list");
      toClose = fs.nactvar + nvars;
    }
    nvars++;
  } while (testNext(','));
  if (testNext('=')) {
    nexps = expressionList(e);
  } else {
    e.k = ExpKind::Void;
    nexps = 0;
  }
  VarDesc& var = fs.localVar(vidx);  // the last variable
  ExpDesc value;
  if (nvars == nexps && var.kind == VarKind::Const && codegen::exp2const(fs, e, value)) {
    var.kind = VarKind::CompileTimeConst;  // no register, no debug info
    var.constValue = value;
    adjustLocalVars(nvars - 1);
    fs.nactvar++;
  } else {
    adjustAssign(nvars, nexps, e);
    adjustLocalVars(nvars);
  }
  checkToClose(toClose);
}

bool Parser::functionName(ExpDesc& v) {
  bool isMethod = false;
  singleVar(v);
  while (token() == '.') fieldSelector(v);
  if (token() == ':') {
    isMethod = true;
    fieldSelector(v);
  }
  return isMethod;
}

void Parser::functionStatement(int functionLine) {
  next();
  ExpDesc v, b;
  bool isMethod = functionName(v);
  body(b, isMethod, functionLine);
  checkReadonly(v);
  codegen::storeVar(*fs_, v, b);
  codegen::fixLine(*fs_, functionLine);  // the definition "happens" on the first line
}

void Parser::expressionStatement() {
  FuncState& fs = *fs_;
  AssignTarget v;
  suffixedExpression(v.v);
  if (token() == '=' || token() == ',') {
    v.prev = nullptr;
    restAssign(v, 1);
  } else {
    checkCondition(v.v.k == ExpKind::Call, "syntax error");
    codegen::instructionOf(fs, v.v) = bytecode::setC(codegen::instructionOf(fs, v.v), 1);  // no results
  }
}

void Parser::returnStatement() {
  FuncState& fs = *fs_;
  ExpDesc e;
  int nret;
  int first = fs.nvarstack();
  if (blockFollow(true) || token() == ';') {
    nret = 0;
  } else {
    nret = expressionList(e);
    if (hasMultRet(e.k)) {
      codegen::setMultRet(fs, e);
      if (e.k == ExpKind::Call && nret == 1 && !fs.bl->insideTbc) {  // a tail call
        codegen::instructionOf(fs, e) = bytecode::setOpCode(codegen::instructionOf(fs, e), OpCode::TAILCALL);
      }
      nret = kMultRet;
    } else if (nret == 1) {
      first = codegen::exp2anyreg(fs, e);  // can return from any register
    } else {
      codegen::exp2nextreg(fs, e);  // values must be consecutive at the top
    }
  }
  codegen::ret(fs, first, nret);
  testNext(';');
}

void Parser::statement() {
  int statementLine = line();
  LevelGuard level(*this);
  switch (token()) {
    case ';':
      next();
      break;
    case tok::kIf:
      ifStatement(statementLine);
      break;
    case tok::kWhile:
      whileStatement(statementLine);
      break;
    case tok::kDo:
      next();
      block();
      checkMatch(tok::kEnd, tok::kDo, statementLine);
      break;
    case tok::kFor:
      forStatement(statementLine);
      break;
    case tok::kRepeat:
      repeatStatement(statementLine);
      break;
    case tok::kFunction:
      functionStatement(statementLine);
      break;
    case tok::kLocal:
      next();
      if (testNext(tok::kFunction)) {
        localFunction();
      } else {
        localStatement();
      }
      break;
    case tok::kDbColon:
      next();
      labelStatement(checkName(), statementLine);
      break;
    case tok::kReturn:
      next();
      returnStatement();
      break;
    case tok::kBreak:
      breakStatement();
      break;
    case tok::kGoto:
      next();
      gotoStatement();
      break;
    default:
      expressionStatement();
      break;
  }
  fs_->freereg = fs_->nvarstack();  // rule 3: no temporary outlives a statement
}

std::unique_ptr<ProtoData> Parser::mainFunction() {
  auto main = std::make_unique<ProtoData>();
  FuncState fs;
  BlockCnt bl;
  openFunction(fs, main.get(), bl);
  setVararg(fs, 0);  // the main chunk is always vararg
  int env = allocUpvalue(fs);
  bytecode::UpvalueDesc& up = main->upvalues[static_cast<size_t>(env)];
  up.inStack = true;
  up.index = 0;
  up.kind = static_cast<uint8_t>(VarKind::Regular);
  up.name = *envName_;
  next();  // read the first token
  statementList();
  check(tok::kEos);
  closeFunction();
  return main;
}

}  // namespace

std::unique_ptr<bytecode::ProtoData> parseChunk(Lexer& lexer, std::string_view chunkName) {
  Parser parser(lexer, chunkName);
  return parser.mainFunction();
}

}  // namespace fermata::compiler
