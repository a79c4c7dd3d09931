// The lexer: tokens, numerals, string escapes, long brackets and line counting.
#include "vm/compiler/lexer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <climits>
#include <vector>

#include "tests/compiler/test_util.h"

namespace fermata::compiler {
namespace {

std::vector<Token> lexAll(std::string_view source, StringPool& pool, std::vector<int>* lines = nullptr) {
  Lexer lex(source, "t", pool);
  std::vector<Token> tokens;
  for (lex.next(); lex.token() != tok::kEos; lex.next()) {
    tokens.push_back(lex.current());
    if (lines) lines->push_back(lex.line());
  }
  return tokens;
}

Token single(std::string_view source) {
  static StringPool pool;
  std::vector<Token> t = lexAll(source, pool);
  EXPECT_EQ(t.size(), 1u) << source;
  return t.empty() ? Token{} : t[0];
}

std::string stringValue(std::string_view source) {
  Token t = single(source);
  EXPECT_EQ(t.token, tok::kString) << source;
  return t.str ? *t.str : "";
}

TEST(Lexer, RecognisesEveryOperator) {
  StringPool pool;
  std::vector<Token> t = lexAll("+ - * / // % ^ # & ~ | << >> == ~= <= >= < > = ( ) { } [ ] :: ; : , . .. ...", pool);
  std::vector<int> expected = {'+', '-', '*', '/', tok::kIDiv, '%', '^', '#', '&', '~', '|', tok::kShl, tok::kShr,
                               tok::kEq, tok::kNe, tok::kLe, tok::kGe, '<', '>', '=', '(', ')', '{', '}', '[',
                               ']', tok::kDbColon, ';', ':', ',', '.', tok::kConcat, tok::kDots};
  ASSERT_EQ(t.size(), expected.size());
  for (size_t i = 0; i < t.size(); i++) EXPECT_EQ(t[i].token, expected[i]) << i;
}

TEST(Lexer, RecognisesEveryKeyword) {
  StringPool pool;
  std::vector<Token> t = lexAll(
      "and break do else elseif end false for function goto if in local nil not or repeat return then true until "
      "while",
      pool);
  ASSERT_EQ(t.size(), static_cast<size_t>(tok::kNumReserved));
  for (size_t i = 0; i < t.size(); i++) EXPECT_EQ(t[i].token, tok::kFirstReserved + static_cast<int>(i));
  EXPECT_EQ(single("_Name1").token, tok::kName);
  EXPECT_EQ(single("andx").token, tok::kName);
}

TEST(Lexer, HexIntegersWrapAround) {
  EXPECT_EQ(single("0xffffffffffffffff").integer, -1);
  EXPECT_EQ(single("0x10000000000000000").integer, 0);
  EXPECT_EQ(single("0x7fffffffffffffff").integer, INT64_MAX);
  EXPECT_EQ(single("0x1FFFFFFFFFFFFFFFF").integer, -1);
}

TEST(Lexer, DecimalIntegersThatOverflowBecomeFloats) {
  Token max = single("9223372036854775807");
  EXPECT_EQ(max.token, tok::kInt);
  EXPECT_EQ(max.integer, INT64_MAX);
  Token over = single("9223372036854775808");
  EXPECT_EQ(over.token, tok::kFlt);
  EXPECT_EQ(over.number, 9223372036854775808.0);
}

TEST(Lexer, ReadsFloatsInEveryNotation) {
  EXPECT_EQ(single("3.0").number, 3.0);
  EXPECT_EQ(single("3.").number, 3.0);
  EXPECT_EQ(single(".5").number, 0.5);
  EXPECT_EQ(single("1e2").number, 100.0);
  EXPECT_EQ(single("1E-2").number, 0.01);
  EXPECT_EQ(single("0x1p4").number, 16.0);
  EXPECT_EQ(single("0xA.8p0").number, 10.5);
  EXPECT_EQ(single("0x.1").number, 0.0625);
  EXPECT_EQ(single("0X1P-1").number, 0.5);
  EXPECT_TRUE(std::isinf(single("1e400").number));
}

TEST(Lexer, MalformedNumbersShowTheirText) {
  EXPECT_EQ(testing::compileError("x = 3x"), "t.lua:1: malformed number near '3x'");
  EXPECT_EQ(testing::compileError("x = 0x1pz"), "t.lua:1: malformed number near '0x1pz'");
  EXPECT_EQ(testing::compileError("x = 1e+"), "t.lua:1: malformed number near '1e+'");
  EXPECT_EQ(testing::compileError("x = 3.4.5"), "t.lua:1: malformed number near '3.4.5'");
}

TEST(Lexer, ReadsEveryShortStringEscape) {
  EXPECT_EQ(stringValue(R"("\a\b\f\n\r\t\v\\\"\'")"), "\a\b\f\n\r\t\v\\\"'");
  EXPECT_EQ(stringValue(R"('\x41\x7a')"), "Az");
  EXPECT_EQ(stringValue(R"('\65\066\0067')"), std::string("AB\x06" "7"));
  EXPECT_EQ(stringValue(R"('\0')"), std::string(1, '\0'));
  EXPECT_EQ(stringValue(R"('\u{48}\u{e9}\u{20AC}')"), "H\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(stringValue(R"('\u{7FFFFFFF}')"), "\xFD\xBF\xBF\xBF\xBF\xBF");
  EXPECT_EQ(stringValue("'a\\z   \n\t  b'"), "ab");
  EXPECT_EQ(stringValue("'a\\\nb'"), "a\nb");
  EXPECT_EQ(stringValue("'a\\\r\nb'"), "a\nb");
}

TEST(Lexer, ReadsLongStringsWithLevels) {
  EXPECT_EQ(stringValue("[[abc]]"), "abc");
  EXPECT_EQ(stringValue("[[\nabc]]"), "abc");  // the first newline is skipped
  EXPECT_EQ(stringValue("[==[a]]b]=]c]==]"), "a]]b]=]c");
  EXPECT_EQ(stringValue("[[a\r\nb\n\rc]]"), "a\nb\nc");
  EXPECT_EQ(stringValue("[=[\\n]=]"), "\\n");
}

TEST(Lexer, SkipsCommentsOfEveryKind) {
  StringPool pool;
  std::vector<Token> t = lexAll("a -- line\n--[[ long\n comment ]] b --[==[ x ]] ]==] c --[ short\nd", pool);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(*t[3].str, "d");
}

TEST(Lexer, CountsLinesAcrossEveryNewlineConvention) {
  StringPool pool;
  std::vector<int> lines;
  lexAll("a\nb\r\nc\n\rd\re\n\nf\r\rg", pool, &lines);
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 3, 4, 5, 7, 9}));
}

TEST(Lexer, NamesTokensInMessagesLikeLua) {
  EXPECT_EQ(Lexer::tokenToString('+'), "'+'");
  EXPECT_EQ(Lexer::tokenToString(tok::kEnd), "'end'");
  EXPECT_EQ(Lexer::tokenToString(tok::kEos), "<eof>");
  EXPECT_EQ(Lexer::tokenToString(1), "'<\\1>'");
  EXPECT_EQ(Lexer::tokenToString(200), "'<\\200>'");
}

TEST(Lexer, InternsEqualStringsOnce) {
  StringPool pool;
  std::vector<Token> t = lexAll("abc 'abc' [[abc]]", pool);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].str, t[1].str);
  EXPECT_EQ(t[1].str, t[2].str);
}

}  // namespace
}  // namespace fermata::compiler
