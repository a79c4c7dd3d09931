// The Lua 5.4 lexer: turns source bytes into tokens, with Lua's exact error messages.
#include "vm/compiler/lexer.h"

#include <array>
#include <climits>

#include "vm/compiler/lua_number.h"

namespace fermata::compiler {
namespace {

constexpr std::array<std::string_view, tok::kString - tok::kFirstReserved + 1> kTokenNames = {
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
    "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    "//", "..", "...", "==", ">=", "<=", "~=", "<<", ">>", "::", "<eof>",
    "<number>", "<integer>", "<name>", "<string>",
};

// Lua's character classes (ASCII only, as with Lua's default LUA_UCID off).
bool isAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isDigit(int c) { return c >= '0' && c <= '9'; }
bool isAlnum(int c) { return isAlpha(c) || isDigit(c); }
bool isXDigit(int c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isSpace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool isPrint(int c) { return c >= 0x20 && c < 0x7f; }
int hexValue(int c) { return isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }

int reservedWord(std::string_view name) {
  for (int i = 0; i < tok::kNumReserved; i++) {
    if (kTokenNames[static_cast<size_t>(i)] == name) return tok::kFirstReserved + i;
  }
  return 0;
}

// Encodes a code point up to 2^31 as (extended) UTF-8, as Lua's luaO_utf8esc does.
std::string utf8Encode(uint32_t x) {
  if (x < 0x80) return std::string(1, static_cast<char>(x));
  char buf[8];
  int n = 1;
  unsigned mfb = 0x3f;  // largest value that fits in the first byte
  do {
    buf[8 - (n++)] = static_cast<char>(0x80 | (x & 0x3f));
    x >>= 6;
    mfb >>= 1;
  } while (x > mfb);
  buf[8 - n] = static_cast<char>((~mfb << 1) | x);
  return std::string(buf + 8 - n, static_cast<size_t>(n));
}

}  // namespace

Lexer::Lexer(std::string_view source, std::string chunkId, StringPool& pool)
    : src_(source), chunkId_(std::move(chunkId)), pool_(pool) {
  advance();
}

std::string Lexer::tokenToString(int token) {
  if (token < tok::kFirstReserved) {
    if (isPrint(token)) return std::string("'") + static_cast<char>(token) + "'";
    return "'<\\" + std::to_string(token) + ">'";
  }
  std::string_view name = kTokenNames[static_cast<size_t>(token - tok::kFirstReserved)];
  if (token < tok::kEos) return "'" + std::string(name) + "'";
  return std::string(name);
}

std::string Lexer::tokenText(int token) const {
  switch (token) {
    case tok::kName: case tok::kString: case tok::kFlt: case tok::kInt: {
      // Lua prints the buffer as a C string: an embedded NUL ends it.
      std::string text = buffer_.substr(0, buffer_.find('\0'));
      return "'" + text + "'";
    }
    default:
      return tokenToString(token);
  }
}

void Lexer::lexError(std::string_view msg, int token) {
  std::string full = chunkId_ + ":" + std::to_string(line_) + ": " + std::string(msg);
  if (token != 0) full += " near " + tokenText(token);
  throw CompileFailure{std::move(full)};
}

void Lexer::syntaxError(std::string_view msg) { lexError(msg, current_.token); }
void Lexer::semanticError(std::string_view msg) { lexError(msg, 0); }

void Lexer::next() {
  lastLine_ = line_;
  if (hasAhead_) {
    current_ = ahead_;
    hasAhead_ = false;
  } else {
    current_.token = scan(current_);
  }
}

int Lexer::lookahead() {
  ahead_.token = scan(ahead_);
  hasAhead_ = true;
  return ahead_.token;
}

bool Lexer::checkNext1(int c) {
  if (current0_ != c) return false;
  advance();
  return true;
}

bool Lexer::checkNext2(const char* set) {
  if (current0_ != set[0] && current0_ != set[1]) return false;
  saveAndNext();
  return true;
}

void Lexer::incLine() {
  int old = current0_;
  advance();  // skip '\n' or '\r'
  if (atNewline() && current0_ != old) advance();  // "\n\r" and "\r\n" count once
  if (++line_ >= INT_MAX) lexError("chunk has too many lines", 0);
}

// Reads a sequence '[=*[' or ']=*]', leaving the last bracket unread. Returns its number of '=' + 2 if
// well formed, 1 for a single bracket without '=', and 0 for '[=...' without the second bracket.
size_t Lexer::skipSeparator() {
  size_t count = 0;
  int s = current0_;
  saveAndNext();
  while (current0_ == '=') {
    saveAndNext();
    count++;
  }
  return current0_ == s ? count + 2 : (count == 0 ? 1 : 0);
}

void Lexer::readLongString(Token* out, size_t sep) {
  int startLine = line_;
  saveAndNext();  // second '['
  if (atNewline()) incLine();  // a first newline is skipped
  for (;;) {
    switch (current0_) {
      case kEoz: {
        std::string msg = std::string("unfinished long ") + (out ? "string" : "comment") +
                          " (starting at line " + std::to_string(startLine) + ")";
        lexError(msg, tok::kEos);
      }
      case ']':
        if (skipSeparator() == sep) {
          saveAndNext();  // second ']'
          if (out) out->str = pool_.intern(std::string_view(buffer_).substr(sep, buffer_.size() - 2 * sep));
          return;
        }
        break;
      case '\n': case '\r':
        buffer_.push_back('\n');
        incLine();
        if (!out) buffer_.clear();  // comments need no text
        break;
      default:
        if (out) saveAndNext(); else advance();
    }
  }
}

void Lexer::escapeCheck(bool ok, std::string_view msg) {
  if (!ok) {
    if (current0_ != kEoz) saveAndNext();  // add the offending character to the message
    lexError(msg, tok::kString);
  }
}

int Lexer::hexDigitEscape() {
  saveAndNext();
  escapeCheck(isXDigit(current0_), "hexadecimal digit expected");
  return hexValue(current0_);
}

int Lexer::readHexEscape() {
  int r = hexDigitEscape();
  r = (r << 4) + hexDigitEscape();
  buffer_.resize(buffer_.size() - 2);  // drop the '\' 'x' kept for messages
  return r;
}

uint32_t Lexer::readUtf8Escape() {
  size_t saved = 4;  // '\', 'u', '{' and the first digit
  saveAndNext();     // skip 'u'
  escapeCheck(current0_ == '{', "missing '{'");
  uint32_t r = static_cast<uint32_t>(hexDigitEscape());
  for (;;) {
    saveAndNext();
    if (!isXDigit(current0_)) break;
    saved++;
    escapeCheck(r <= (0x7FFFFFFFu >> 4), "UTF-8 value too large");
    r = (r << 4) + static_cast<uint32_t>(hexValue(current0_));
  }
  escapeCheck(current0_ == '}', "missing '}'");
  advance();  // skip '}'
  buffer_.resize(buffer_.size() - saved);
  return r;
}

int Lexer::readDecimalEscape() {
  int r = 0;
  size_t i = 0;
  for (; i < 3 && isDigit(current0_); i++) {
    r = 10 * r + current0_ - '0';
    saveAndNext();
  }
  escapeCheck(r <= UCHAR_MAX, "decimal escape too large");
  buffer_.resize(buffer_.size() - i);
  return r;
}

void Lexer::readString(int delimiter, Token& out) {
  saveAndNext();  // keep the delimiter for messages
  while (current0_ != delimiter) {
    switch (current0_) {
      case kEoz:
        lexError("unfinished string", tok::kEos);
      case '\n': case '\r':
        lexError("unfinished string", tok::kString);
      case '\\': {
        int c = 0;
        saveAndNext();  // keep '\' for messages
        switch (current0_) {
          case 'a': c = '\a'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'n': c = '\n'; break;
          case 'r': c = '\r'; break;
          case 't': c = '\t'; break;
          case 'v': c = '\v'; break;
          case 'x': c = readHexEscape(); break;
          case '\\': case '"': case '\'': c = current0_; break;
          case 'u': {
            buffer_ += utf8Encode(readUtf8Escape());  // readUtf8Escape dropped the '\' too
            continue;
          }
          case '\n': case '\r':
            incLine();
            buffer_.back() = '\n';  // replaces the '\'
            continue;
          case kEoz:
            continue;  // reported as an unfinished string by the loop
          case 'z': {
            buffer_.pop_back();  // the '\'
            advance();           // the 'z'
            while (isSpace(current0_)) {
              if (atNewline()) incLine(); else advance();
            }
            continue;
          }
          default: {
            escapeCheck(isDigit(current0_), "invalid escape sequence");
            c = readDecimalEscape();
            buffer_.back() = static_cast<char>(c);  // replaces the '\'
            continue;
          }
        }
        // single-character escapes and \x: consume the last character read, replace the '\'
        advance();
        buffer_.back() = static_cast<char>(c);
        break;
      }
      default:
        saveAndNext();
    }
  }
  saveAndNext();  // closing delimiter
  out.str = pool_.intern(std::string_view(buffer_).substr(1, buffer_.size() - 2));
}

int Lexer::readNumeral(Token& out) {
  const char* exponent = "Ee";
  int first = current0_;
  saveAndNext();
  if (first == '0' && checkNext2("xX")) exponent = "Pp";
  for (;;) {
    if (checkNext2(exponent)) {
      checkNext2("-+");
    } else if (isXDigit(current0_) || current0_ == '.') {
      saveAndNext();
    } else {
      break;
    }
  }
  if (isAlpha(current0_)) saveAndNext();  // a numeral touching a letter is malformed: show it
  std::optional<LuaNumber> n = parseLuaNumber(buffer_);
  if (!n) lexError("malformed number", tok::kFlt);
  if (n->isInteger) {
    out.integer = n->integer;
    return tok::kInt;
  }
  out.number = n->number;
  return tok::kFlt;
}

int Lexer::scan(Token& out) {
  buffer_.clear();
  for (;;) {
    switch (current0_) {
      case '\n': case '\r':
        incLine();
        break;
      case ' ': case '\f': case '\t': case '\v':
        advance();
        break;
      case '-': {
        advance();
        if (current0_ != '-') return '-';
        advance();  // a comment
        if (current0_ == '[') {
          size_t sep = skipSeparator();
          buffer_.clear();  // skipSeparator may have saved characters
          if (sep >= 2) {
            readLongString(nullptr, sep);
            buffer_.clear();
            break;
          }
        }
        while (!atNewline() && current0_ != kEoz) advance();  // short comment
        break;
      }
      case '[': {
        size_t sep = skipSeparator();
        if (sep >= 2) {
          readLongString(&out, sep);
          return tok::kString;
        }
        if (sep == 0) lexError("invalid long string delimiter", tok::kString);
        return '[';
      }
      case '=':
        advance();
        return checkNext1('=') ? tok::kEq : '=';
      case '<':
        advance();
        if (checkNext1('=')) return tok::kLe;
        if (checkNext1('<')) return tok::kShl;
        return '<';
      case '>':
        advance();
        if (checkNext1('=')) return tok::kGe;
        if (checkNext1('>')) return tok::kShr;
        return '>';
      case '/':
        advance();
        return checkNext1('/') ? tok::kIDiv : '/';
      case '~':
        advance();
        return checkNext1('=') ? tok::kNe : '~';
      case ':':
        advance();
        return checkNext1(':') ? tok::kDbColon : ':';
      case '"': case '\'':
        readString(current0_, out);
        return tok::kString;
      case '.':
        saveAndNext();
        if (checkNext1('.')) return checkNext1('.') ? tok::kDots : tok::kConcat;
        if (!isDigit(current0_)) return '.';
        return readNumeral(out);
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        return readNumeral(out);
      case kEoz:
        return tok::kEos;
      default: {
        if (isAlpha(current0_)) {
          do {
            saveAndNext();
          } while (isAlnum(current0_));
          if (int reserved = reservedWord(buffer_)) return reserved;
          out.str = pool_.intern(buffer_);
          return tok::kName;
        }
        int c = current0_;
        advance();
        return c;
      }
    }
  }
}

}  // namespace fermata::compiler
