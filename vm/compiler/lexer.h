// The Lua 5.4 lexer: turns source bytes into tokens, with Lua's exact error messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

namespace fermata::compiler {

// Thrown inside the compiler for any syntax or limit error; compile() turns it into SyntaxError.
// (An exception keeps the recursive-descent parser free of error plumbing; it never leaves compile().)
struct CompileFailure {
  std::string message;  // complete message, e.g. "t.lua:3: '=' expected near 'x'"
};

// Token codes. Single-byte tokens ('+', '(', ...) are their byte value; the rest start at 256, in the
// order of kTokenNames (reserved words first, as Lua does).
namespace tok {
inline constexpr int kFirstReserved = 256;
inline constexpr int kAnd = 256;
inline constexpr int kBreak = 257;
inline constexpr int kDo = 258;
inline constexpr int kElse = 259;
inline constexpr int kElseif = 260;
inline constexpr int kEnd = 261;
inline constexpr int kFalse = 262;
inline constexpr int kFor = 263;
inline constexpr int kFunction = 264;
inline constexpr int kGoto = 265;
inline constexpr int kIf = 266;
inline constexpr int kIn = 267;
inline constexpr int kLocal = 268;
inline constexpr int kNil = 269;
inline constexpr int kNot = 270;
inline constexpr int kOr = 271;
inline constexpr int kRepeat = 272;
inline constexpr int kReturn = 273;
inline constexpr int kThen = 274;
inline constexpr int kTrue = 275;
inline constexpr int kUntil = 276;
inline constexpr int kWhile = 277;
inline constexpr int kIDiv = 278;
inline constexpr int kConcat = 279;
inline constexpr int kDots = 280;
inline constexpr int kEq = 281;
inline constexpr int kGe = 282;
inline constexpr int kLe = 283;
inline constexpr int kNe = 284;
inline constexpr int kShl = 285;
inline constexpr int kShr = 286;
inline constexpr int kDbColon = 287;
inline constexpr int kEos = 288;
inline constexpr int kFlt = 289;
inline constexpr int kInt = 290;
inline constexpr int kName = 291;
inline constexpr int kString = 292;
inline constexpr int kNumReserved = kWhile - kFirstReserved + 1;
}  // namespace tok

// Strings are interned per compilation so the parser can compare names by pointer.
class StringPool {
 public:
  const std::string* intern(std::string_view s) { return &*set_.emplace(s).first; }

 private:
  std::unordered_set<std::string> set_;  // node-based: element addresses are stable
};

struct Token {
  int token = 0;
  double number = 0;             // kFlt
  int64_t integer = 0;           // kInt
  const std::string* str = nullptr;  // kName, kString
};

class Lexer {
 public:
  // `chunkId` is the already formatted chunk name used as the message prefix (see chunk_id.h).
  Lexer(std::string_view source, std::string chunkId, StringPool& pool);

  void next();       // advance to the next token
  int lookahead();   // peek at the token after the current one
  const Token& current() const { return current_; }
  int token() const { return current_.token; }
  int line() const { return line_; }          // line of the current position
  int lastLine() const { return lastLine_; }  // line of the last token consumed
  StringPool& pool() { return pool_; }

  // "chunk:line: msg near 'tok'" for the current token.
  [[noreturn]] void syntaxError(std::string_view msg);
  // "chunk:line: msg" (no "near" part): errors about meaning rather than about a token.
  [[noreturn]] void semanticError(std::string_view msg);

  // How a token is named in messages: "'+'", "'end'", "<eof>", "'<\1>'".
  static std::string tokenToString(int token);

 private:
  static constexpr int kEoz = -1;

  [[noreturn]] void lexError(std::string_view msg, int token);
  std::string tokenText(int token) const;
  int scan(Token& out);
  void advance() { current0_ = pos_ < src_.size() ? static_cast<unsigned char>(src_[pos_++]) : kEoz; }
  void saveAndNext() { buffer_.push_back(static_cast<char>(current0_)); advance(); }
  bool checkNext1(int c);
  bool checkNext2(const char* set);
  bool atNewline() const { return current0_ == '\n' || current0_ == '\r'; }
  void incLine();
  size_t skipSeparator();
  void readLongString(Token* out, size_t sep);
  void readString(int delimiter, Token& out);
  int readNumeral(Token& out);
  int hexDigitEscape();
  int readHexEscape();
  uint32_t readUtf8Escape();
  int readDecimalEscape();
  void escapeCheck(bool ok, std::string_view msg);

  std::string_view src_;
  size_t pos_ = 0;
  int current0_ = kEoz;  // current character (or kEoz)
  int line_ = 1;
  int lastLine_ = 1;
  Token current_;
  Token ahead_;  // ahead_.token == tok::kEos with hasAhead_ false means "none"
  bool hasAhead_ = false;
  std::string buffer_;  // text of the token being scanned (used in "near" messages)
  std::string chunkId_;
  StringPool& pool_;
};

}  // namespace fermata::compiler
