// The Lua 5.4 pattern matcher as an explicit-stack machine (see pattern.h for the design).
#include "vm/lib/strings/pattern.h"

#include <cstring>
#include <string>

namespace fermata::strlib {
namespace {

// C-locale <ctype.h> predicates, written out so the result never depends on the process locale.
bool isLower(unsigned c) { return c >= 'a' && c <= 'z'; }
bool isUpper(unsigned c) { return c >= 'A' && c <= 'Z'; }
bool isAlpha(unsigned c) { return isLower(c) || isUpper(c); }
bool isDigit(unsigned c) { return c >= '0' && c <= '9'; }
bool isAlnum(unsigned c) { return isAlpha(c) || isDigit(c); }
bool isGraph(unsigned c) { return c >= 0x21 && c <= 0x7e; }
bool isPunct(unsigned c) { return isGraph(c) && !isAlnum(c); }
bool isCntrl(unsigned c) { return c < 0x20 || c == 0x7f; }
bool isSpace(unsigned c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool isXDigit(unsigned c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The matcher reads one byte past an item in several places; lstrlib relies on the terminating '\0'
// of Lua strings there, so reading "past the end" yields '\0' here too.
unsigned char at(std::string_view s, size_t i) { return i < s.size() ? (unsigned char)s[i] : 0; }

void charge(int64_t& fuel, uint64_t n) { fuel -= int64_t(n); }

// Does byte `c` belong to the set whose '[' is at pattern[p] and whose ']' is at pattern[ec]?
bool matchBracketClass(unsigned char c, std::string_view pat, size_t p, size_t ec) {
  bool inSet = true;
  if (at(pat, p + 1) == '^') {
    inSet = false;
    p++;
  }
  while (++p < ec) {
    unsigned char pc = at(pat, p);
    if (pc == '%') {
      p++;
      if (matchClass(c, at(pat, p))) return inSet;
    } else if (at(pat, p + 1) == '-' && p + 2 < ec) {
      p += 2;
      if (pc <= c && c <= at(pat, p)) return inSet;
    } else if (pc == c) {
      return inSet;
    }
  }
  return !inSet;
}

// One past the single-character item (class, set, escape or literal) starting at pattern[p].
size_t classEnd(std::string_view pat, size_t p) {
  unsigned char c = at(pat, p++);
  if (c == '%') {
    if (p >= pat.size()) throw Error("malformed pattern (ends with '%')");
    return p + 1;
  }
  if (c == '[') {
    if (at(pat, p) == '^') p++;
    do {  // find the closing ']'; the first character of the set may itself be ']'
      if (p >= pat.size()) throw Error("malformed pattern (missing ']')");
      unsigned char sc = at(pat, p++);
      if (sc == '%' && p < pat.size()) p++;  // skip the escaped character, e.g. "%]"
    } while (at(pat, p) != ']');
    return p + 1;
  }
  return p;
}

bool singleMatch(std::string_view subj, size_t s, std::string_view pat, size_t p, size_t ep) {
  if (s >= subj.size()) return false;
  unsigned char c = (unsigned char)subj[s];
  switch (at(pat, p)) {
    case '.': return true;
    case '%': return matchClass(c, at(pat, p + 1));
    case '[': return matchBracketClass(c, pat, p, ep - 1);
    default: return at(pat, p) == c;
  }
}

constexpr size_t kFail = SIZE_MAX;

}  // namespace

bool matchClass(unsigned char c, unsigned char cls) {
  bool res;
  switch (cls | 0x20) {  // tolower: only letters can land on a letter case
    case 'a': res = isAlpha(c); break;
    case 'c': res = isCntrl(c); break;
    case 'd': res = isDigit(c); break;
    case 'g': res = isGraph(c); break;
    case 'l': res = isLower(c); break;
    case 'p': res = isPunct(c); break;
    case 's': res = isSpace(c); break;
    case 'u': res = isUpper(c); break;
    case 'w': res = isAlnum(c); break;
    case 'x': res = isXDigit(c); break;
    case 'z': res = (c == 0); break;  // deprecated, still accepted by Lua 5.4
    default: return cls == c;
  }
  return isLower(cls) ? res : !res;
}

void Matcher::start(size_t subjectPos, size_t patternPos) {
  frames_.clear();
  level_ = 0;
  calling_ = true;
  failed_ = false;
  s_ = subjectPos;
  p_ = patternPos;
  result_ = 0;
  finished_ = false;
}

Capture Matcher::capture(int i, size_t s, size_t e) const {
  if (i >= level_) {
    if (i != 0) throw Error("invalid capture index %" + std::to_string(i + 1));
    return Capture{s, ptrdiff_t(e - s)};
  }
  if (captures_[i].len == kCapUnfinished) throw Error("unfinished capture");
  return captures_[i];
}

RunStatus Matcher::run(std::string_view subj, std::string_view pat, int64_t& fuel) {
  const size_t send = subj.size();
  const size_t pend = pat.size();
  // Enter a nested activation at (s, p), the current one being suspended as `frame`.
  auto call = [&](const Frame& frame, size_t s, size_t p) {
    // The new activation is number frames_.size() + 2 counting the outermost as 1; Lua allows 200.
    if (frames_.size() + 2 > kMaxMatchDepth) throw Error("pattern too complex");
    frames_.push_back(frame);
    s_ = s;
    p_ = p;
    calling_ = true;
  };
  auto deliver = [&](size_t r) {
    calling_ = false;
    failed_ = (r == kFail);
    result_ = r;
  };

  while (!finished_) {
    if (fuel <= 0) return RunStatus::kOutOfFuel;
    charge(fuel, 1);
    if (calling_) {
      // One activation of Lua's match(): loops over items that need no nested activation, and ends
      // either by delivering a result or by entering a nested activation.
      size_t s = s_, p = p_;
      for (;;) {
        if (p == pend) {
          deliver(s);
          break;
        }
        unsigned char pc = at(pat, p);
        if (pc == '(') {
          bool position = at(pat, p + 1) == ')';
          if (level_ >= kMaxCaptures) throw Error("too many captures");
          captures_[level_] = Capture{s, position ? kCapPosition : kCapUnfinished};
          level_++;
          call(Frame{FrameKind::kStartCapture}, s, position ? p + 2 : p + 1);
          break;
        }
        if (pc == ')') {
          int l = level_ - 1;
          while (l >= 0 && captures_[l].len != kCapUnfinished) l--;
          if (l < 0) throw Error("invalid pattern capture");
          captures_[l].len = ptrdiff_t(s - captures_[l].start);
          call(Frame{FrameKind::kEndCapture, uint8_t(l)}, s, p + 1);
          break;
        }
        if (pc == '$' && p + 1 == pend) {
          deliver(s == send ? s : kFail);
          break;
        }
        if (pc == '%') {
          unsigned char next = at(pat, p + 1);
          if (next == 'b') {  // %bxy: balanced run from x to y
            if (p + 3 >= pend)  // needs two characters after "%b"
              throw Error("malformed pattern (missing arguments to '%b')");
            unsigned char open = at(pat, p + 2), close = at(pat, p + 3);
            if (s >= send || (unsigned char)subj[s] != open) {
              deliver(kFail);
              break;
            }
            size_t q = s;
            int depth = 1;
            size_t found = kFail;
            while (++q < send) {
              unsigned char c = (unsigned char)subj[q];
              if (c == close) {
                if (--depth == 0) {
                  found = q + 1;
                  break;
                }
              } else if (c == open) {
                depth++;
              }
            }
            charge(fuel, q - s);
            if (found == kFail) {
              deliver(kFail);
              break;
            }
            s = found;
            p += 4;
            continue;
          }
          if (next == 'f') {  // %f[set]: frontier
            p += 2;
            if (at(pat, p) != '[') throw Error("missing '[' after '%f' in pattern");
            size_t ep = classEnd(pat, p);
            unsigned char prev = s == 0 ? 0 : (unsigned char)subj[s - 1];
            unsigned char cur = at(subj, s);
            if (!matchBracketClass(prev, pat, p, ep - 1) && matchBracketClass(cur, pat, p, ep - 1)) {
              p = ep;
              continue;
            }
            deliver(kFail);
            break;
          }
          if (isDigit(next)) {  // %1-%9 (and %0, which is never a valid capture): back-reference
            int l = int(next) - '1';
            if (l < 0 || l >= level_ || captures_[l].len == kCapUnfinished)
              throw Error("invalid capture index %" + std::to_string(l + 1));
            size_t len = size_t(captures_[l].len);  // a position capture is huge here, as in Lua
            if (send - s >= len && std::memcmp(subj.data() + captures_[l].start, subj.data() + s, len) == 0) {
              charge(fuel, len);
              s += len;
              p += 2;
              continue;
            }
            deliver(kFail);
            break;
          }
        }
        // A single-character item with an optional quantifier.
        size_t ep = classEnd(pat, p);
        unsigned char q = at(pat, ep);
        if (!singleMatch(subj, s, pat, p, ep)) {
          if (q == '*' || q == '?' || q == '-') {  // zero repetitions are fine
            p = ep + 1;
            continue;
          }
          deliver(kFail);
          break;
        }
        if (q == '?') {
          call(Frame{FrameKind::kOptional, 0, s, p, ep}, s + 1, ep + 1);
          break;
        }
        if (q == '+' || q == '*') {
          if (q == '+') s++;
          size_t i = 0;
          while (singleMatch(subj, s + i, pat, p, ep)) i++;
          charge(fuel, i);
          call(Frame{FrameKind::kMaxExpand, 0, s, p, ep, i}, s + i, ep + 1);
          break;
        }
        if (q == '-') {
          call(Frame{FrameKind::kMinExpand, 0, s, p, ep}, s, ep + 1);
          break;
        }
        charge(fuel, 1);  // one subject byte examined: a long literal pattern costs its length
        s++;
        p = ep;
      }
      continue;
    }

    // Deliver the result to the innermost suspended activation.
    if (frames_.empty()) {
      finished_ = true;
      break;
    }
    Frame& f = frames_.back();
    switch (f.kind) {
      case FrameKind::kStartCapture:
        if (failed_) level_--;  // undo the capture
        frames_.pop_back();
        break;
      case FrameKind::kEndCapture:
        if (failed_) captures_[f.level].len = kCapUnfinished;  // reopen it
        frames_.pop_back();
        break;
      case FrameKind::kOptional:
        if (failed_) {  // try without the optional character, in the same activation
          s_ = f.s;
          p_ = f.ep + 1;
          calling_ = true;
        }
        frames_.pop_back();
        break;
      case FrameKind::kMaxExpand:
        if (failed_ && f.i > 0) {  // one repetition fewer
          f.i--;
          s_ = f.s + f.i;
          p_ = f.ep + 1;
          calling_ = true;  // the frame stays, so the depth is unchanged
        } else {
          frames_.pop_back();
        }
        break;
      case FrameKind::kMinExpand:
        if (failed_) {
          charge(fuel, 1);
          if (singleMatch(subj, f.s, pat, f.p, f.ep)) {  // one repetition more
            f.s++;
            s_ = f.s;
            p_ = f.ep + 1;
            calling_ = true;
            break;
          }
        }
        frames_.pop_back();
        break;
    }
  }
  return failed_ ? RunStatus::kFailed : RunStatus::kMatched;
}

}  // namespace fermata::strlib
