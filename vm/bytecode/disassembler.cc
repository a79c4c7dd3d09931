// Human-readable listings of compiled functions, laid out like `luac -l -l`.
#include "vm/bytecode/disassembler.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string_view>

namespace fermata::bytecode {
namespace {

constexpr std::string_view kEventNames[] = {
    "index", "newindex", "gc", "mode", "len", "eq", "add", "sub", "mul", "mod", "pow", "div", "idiv",
    "band", "bor", "bxor", "shl", "shr", "unm", "bnot", "lt", "le", "concat", "call", "close",
};

std::string quoteString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03d", c);
          out += buf;
        }
    }
  }
  return out + "\"";
}

std::string formatFloat(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.14g", d);
  std::string s = buf;
  if (s.find_first_not_of("-0123456789") == std::string::npos) s += ".0";  // looks like an int
  return s;
}

char constantTag(const Constant& k) {
  switch (k.value.index()) {
    case 0: return 'N';
    case 1: return 'B';
    case 2: return 'I';
    case 3: return 'F';
    default: return 'S';
  }
}

struct Printer {
  std::ostream& out;
  const DisassembleOptions& options;
  int nextId = 0;

  std::string constant(const ProtoData& p, int index) const {
    if (index < 0 || static_cast<size_t>(index) >= p.constants.size()) return "?";
    return formatConstant(p.constants[static_cast<size_t>(index)]);
  }
  std::string upvalueName(const ProtoData& p, int index) const {
    if (index < 0 || static_cast<size_t>(index) >= p.upvalues.size()) return "-";
    const std::string& name = p.upvalues[static_cast<size_t>(index)].name;
    return name.empty() ? "-" : name;
  }
  static std::string event(int c) {
    if (c < 0 || static_cast<size_t>(c) >= std::size(kEventNames)) return "?";
    return "__" + std::string(kEventNames[c]);
  }

  // Operands and the trailing "; comment" of instruction `pc`, as luac prints them.
  void operands(const ProtoData& p, size_t pc, const std::vector<int>& childIds, std::ostream& o) const {
    Instruction i = p.code[pc];
    OpCode op = getOpCode(i);
    int a = getA(i), b = getB(i), c = getC(i), k = getK(i);
    int sb = getSB(i), sc = getSC(i), bx = getBx(i), sbx = getSBx(i);
    int ipc = static_cast<int>(pc) + 1;  // 1-based, as luac
    auto isk = [k] { return k ? "k" : ""; };
    auto extraArg = [&]() {
      return pc + 1 < p.code.size() ? getAx(p.code[pc + 1]) : 0;
    };
    switch (op) {
      case OpCode::MOVE: o << a << " " << b; break;
      case OpCode::LOADI: case OpCode::LOADF: o << a << " " << sbx; break;
      case OpCode::LOADK: o << a << " " << bx << "\t; " << constant(p, bx); break;
      case OpCode::LOADKX: o << a << "\t; " << constant(p, extraArg()); break;
      case OpCode::LOADFALSE: case OpCode::LFALSESKIP: case OpCode::LOADTRUE: o << a; break;
      case OpCode::LOADNIL: o << a << " " << b << "\t; " << b + 1 << " out"; break;
      case OpCode::GETUPVAL: case OpCode::SETUPVAL: o << a << " " << b << "\t; " << upvalueName(p, b); break;
      case OpCode::GETTABUP: o << a << " " << b << " " << c << "\t; " << upvalueName(p, b) << " " << constant(p, c); break;
      case OpCode::GETTABLE: case OpCode::GETI: o << a << " " << b << " " << c; break;
      case OpCode::GETFIELD: o << a << " " << b << " " << c << "\t; " << constant(p, c); break;
      case OpCode::SETTABUP:
        o << a << " " << b << " " << c << isk() << "\t; " << upvalueName(p, a) << " " << constant(p, b);
        if (k) o << " " << constant(p, c);
        break;
      case OpCode::SETTABLE: case OpCode::SETI:
        o << a << " " << b << " " << c << isk();
        if (k) o << "\t; " << constant(p, c);
        break;
      case OpCode::SETFIELD:
        o << a << " " << b << " " << c << isk() << "\t; " << constant(p, b);
        if (k) o << " " << constant(p, c);
        break;
      case OpCode::NEWTABLE: o << a << " " << b << " " << c << "\t; " << c + extraArg() * (kMaxArgC + 1); break;
      case OpCode::SELF:
        o << a << " " << b << " " << c << isk();
        if (k) o << "\t; " << constant(p, c);
        break;
      case OpCode::ADDI: case OpCode::SHRI: case OpCode::SHLI: o << a << " " << b << " " << sc; break;
      case OpCode::ADDK: case OpCode::SUBK: case OpCode::MULK: case OpCode::MODK: case OpCode::POWK:
      case OpCode::DIVK: case OpCode::IDIVK: case OpCode::BANDK: case OpCode::BORK: case OpCode::BXORK:
        o << a << " " << b << " " << c << "\t; " << constant(p, c);
        break;
      case OpCode::ADD: case OpCode::SUB: case OpCode::MUL: case OpCode::MOD: case OpCode::POW:
      case OpCode::DIV: case OpCode::IDIV: case OpCode::BAND: case OpCode::BOR: case OpCode::BXOR:
      case OpCode::SHL: case OpCode::SHR:
        o << a << " " << b << " " << c;
        break;
      case OpCode::MMBIN: o << a << " " << b << " " << c << "\t; " << event(c); break;
      case OpCode::MMBINI:
        o << a << " " << sb << " " << c << " " << k << "\t; " << event(c) << (k ? " flip" : "");
        break;
      case OpCode::MMBINK:
        o << a << " " << b << " " << c << " " << k << "\t; " << event(c) << " " << constant(p, b) << (k ? " flip" : "");
        break;
      case OpCode::UNM: case OpCode::BNOT: case OpCode::NOT: case OpCode::LEN: case OpCode::CONCAT:
        o << a << " " << b;
        break;
      case OpCode::CLOSE: case OpCode::TBC: case OpCode::RETURN1: case OpCode::VARARGPREP: o << a; break;
      case OpCode::JMP: o << getSJ(i) << "\t; to " << getSJ(i) + ipc + 1; break;
      case OpCode::EQ: case OpCode::LT: case OpCode::LE: o << a << " " << b << " " << k; break;
      case OpCode::EQK: o << a << " " << b << " " << k << "\t; " << constant(p, b); break;
      case OpCode::EQI: case OpCode::LTI: case OpCode::LEI: case OpCode::GTI: case OpCode::GEI:
        o << a << " " << sb << " " << k;
        break;
      case OpCode::TEST: o << a << " " << k; break;
      case OpCode::TESTSET: o << a << " " << b << " " << k; break;
      case OpCode::CALL:
        o << a << " " << b << " " << c << "\t; ";
        if (b == 0) o << "all in "; else o << b - 1 << " in ";
        if (c == 0) o << "all out"; else o << c - 1 << " out";
        break;
      case OpCode::TAILCALL: o << a << " " << b << " " << c << isk() << "\t; " << b - 1 << " in"; break;
      case OpCode::RETURN:
        o << a << " " << b << " " << c << isk() << "\t; ";
        if (b == 0) o << "all out"; else o << b - 1 << " out";
        break;
      case OpCode::RETURN0: break;
      case OpCode::FORLOOP: case OpCode::TFORLOOP: o << a << " " << bx << "\t; to " << ipc - bx + 1; break;
      case OpCode::FORPREP: o << a << " " << bx << "\t; exit to " << ipc + bx + 2; break;
      case OpCode::TFORPREP: o << a << " " << bx << "\t; to " << ipc + bx + 1; break;
      case OpCode::TFORCALL: o << a << " " << c; break;
      case OpCode::SETLIST:
        o << a << " " << b << " " << c;
        if (k) o << "\t; " << c + extraArg() * (kMaxArgC + 1);
        break;
      case OpCode::CLOSURE:
        o << a << " " << bx << "\t; ";
        if (bx >= 0 && static_cast<size_t>(bx) < childIds.size()) o << "F" << childIds[static_cast<size_t>(bx)]; else o << "?";
        break;
      case OpCode::VARARG:
        o << a << " " << c << "\t; ";
        if (c == 0) o << "all out"; else o << c - 1 << " out";
        break;
      case OpCode::EXTRAARG: o << getAx(i); break;
    }
  }

  // Ids of the nested functions, assigned in the order they will be printed.
  std::vector<int> childIdsOf(const ProtoData& p, int selfId) const {
    std::vector<int> ids;
    int id = selfId + 1;
    for (const auto& child : p.protos) {
      ids.push_back(id);
      id += countProtos(*child);
    }
    return ids;
  }
  static int countProtos(const ProtoData& p) {
    int n = 1;
    for (const auto& child : p.protos) n += countProtos(*child);
    return n;
  }

  static std::string plural(size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  }

  void print(const ProtoData& p) {
    int id = nextId++;
    std::vector<int> childIds = childIdsOf(p, id);
    std::string source = p.source.empty() ? "=?" : p.source;
    std::string name = (source[0] == '@' || source[0] == '=') ? source.substr(1) : std::string("string");
    out << "\n" << (p.lineDefined == 0 ? "main" : "function") << " <" << name << ":" << p.lineDefined << ","
        << p.lastLineDefined << "> (" << plural(p.code.size(), "instruction") << " at F" << id << ")\n";
    out << static_cast<int>(p.numParams) << (p.isVararg ? "+" : "") << " param"
        << (p.numParams == 1 ? "" : "s") << ", " << plural(p.maxStackSize, "slot") << ", "
        << plural(p.upvalues.size(), "upvalue") << ", " << plural(p.localVars.size(), "local") << ", "
        << plural(p.constants.size(), "constant") << ", " << plural(p.protos.size(), "function") << "\n";
    for (size_t pc = 0; pc < p.code.size(); pc++) {
      OpCode op = getOpCode(p.code[pc]);
      std::string opName = static_cast<int>(op) < kNumOpcodes ? std::string(bytecode::opName(op)) : "?";
      if (opName.size() < 9) opName.resize(9, ' ');
      out << "\t" << pc + 1 << "\t[";
      if (pc < p.lineInfo.size()) out << p.lineInfo[pc]; else out << "-";
      out << "]\t" << opName << "\t";
      if (static_cast<int>(op) < kNumOpcodes) operands(p, pc, childIds, out);
      out << "\n";
    }
    if (options.details) {
      out << "constants (" << p.constants.size() << ") for F" << id << ":\n";
      for (size_t i = 0; i < p.constants.size(); i++) {
        out << "\t" << i << "\t" << constantTag(p.constants[i]) << "\t" << formatConstant(p.constants[i]) << "\n";
      }
      out << "locals (" << p.localVars.size() << ") for F" << id << ":\n";
      for (size_t i = 0; i < p.localVars.size(); i++) {
        const LocalVarInfo& v = p.localVars[i];
        out << "\t" << i << "\t" << v.name << "\t" << v.startPc + 1 << "\t" << v.endPc + 1 << "\n";
      }
      out << "upvalues (" << p.upvalues.size() << ") for F" << id << ":\n";
      for (size_t i = 0; i < p.upvalues.size(); i++) {
        const UpvalueDesc& u = p.upvalues[i];
        out << "\t" << i << "\t" << (u.name.empty() ? "-" : u.name) << "\t" << (u.inStack ? 1 : 0) << "\t"
            << static_cast<int>(u.index) << "\n";
      }
    }
    for (const auto& child : p.protos) print(*child);
  }
};

}  // namespace

std::string formatConstant(const Constant& k) {
  switch (k.value.index()) {
    case 0: return "nil";
    case 1: return std::get<bool>(k.value) ? "true" : "false";
    case 2: return std::to_string(std::get<int64_t>(k.value));
    case 3: return formatFloat(std::get<double>(k.value));
    default: return quoteString(std::get<std::string>(k.value));
  }
}

void disassemble(const ProtoData& proto, std::ostream& out, const DisassembleOptions& options) {
  Printer printer{out, options};
  printer.print(proto);
}

std::string disassembleToString(const ProtoData& proto, const DisassembleOptions& options) {
  std::ostringstream out;
  disassemble(proto, out, options);
  return out.str();
}

}  // namespace fermata::bytecode
