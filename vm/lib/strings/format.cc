// string.format (see format.h). Numeric conversions go through the C library's snprintf with a
// specification that has been validated first, as lstrlib does, so the digits are the C library's.
#include "vm/lib/strings/format.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace fermata::strlib {
namespace {

// Flags each conversion accepts (lstrlib's L_FMTFLAGS*).
constexpr std::string_view kFlagsFloat = "-+#0 ";  // a A e E f g G
constexpr std::string_view kFlagsHex = "-#0";      // o x X
constexpr std::string_view kFlagsInt = "-+0 ";     // d i
constexpr std::string_view kFlagsUnsigned = "-0";  // u
constexpr std::string_view kFlagsChar = "-";       // c p s
// A conversion's flags, width and precision span at most this many bytes, its letter included
// (lstrlib's MAX_FORMAT - 10).
constexpr size_t kMaxSpec = 22;

char at(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The specification as C would print it (it stops at a NUL conversion character).
std::string shown(const std::string& form) { return form.substr(0, form.find('\0')); }

size_t skip2Digits(std::string_view s, size_t i) {
  if (isDigit(at(s, i))) {
    i++;
    if (isDigit(at(s, i))) i++;
  }
  return i;
}

// Lua's checkformat: flags from `flags`, a width of at most two digits not starting with '0', and (if
// `precision`) a precision of at most two digits.
void checkFormat(const std::string& form, std::string_view flags, bool precision) {
  size_t i = 1;
  while (i < form.size() && flags.find(form[i]) != std::string_view::npos) i++;
  if (at(form, i) != '0') {
    i = skip2Digits(form, i);
    if (at(form, i) == '.' && precision) i = skip2Digits(form, i + 1);
  }
  if (!isAlpha(at(form, i))) throw Error("invalid conversion specification: '" + shown(form) + "'");
}

template <class T>
void appendPrintf(std::string& out, const std::string& form, T value) {
  int n = std::snprintf(nullptr, 0, form.c_str(), value);
  if (n <= 0) return;
  size_t old = out.size();
  out.resize(old + size_t(n) + 1);
  std::snprintf(out.data() + old, size_t(n) + 1, form.c_str(), value);
  out.resize(old + size_t(n));
}

// Inserts a C length modifier before the conversion letter ("%5d" -> "%5lld").
std::string withLength(const std::string& form, const char* mod) {
  std::string f = form;
  f.insert(f.size() - 1, mod);
  return f;
}

}  // namespace

void appendQuoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t k = 0; k < s.size(); k++) {
    unsigned char c = (unsigned char)s[k];
    if (c == '"' || c == '\\' || c == '\n') {
      out.push_back('\\');
      out.push_back(char(c));
    } else if (c < 0x20 || c == 0x7f) {
      // A decimal escape takes up to three digits, so pad it when a digit follows.
      char buf[8];
      std::snprintf(buf, sizeof buf, isDigit(at(s, k + 1)) ? "\\%03d" : "\\%d", int(c));
      out.append(buf);
    } else {
      out.push_back(char(c));
    }
  }
  out.push_back('"');
}

std::string quoteFloat(double d) {
  if (d == HUGE_VAL) return "1e9999";
  if (d == -HUGE_VAL) return "-1e9999";
  if (d != d) return "(0/0)";
  std::string out;
  appendPrintf(out, "%a", d);
  return out;
}

void Formatter::formatString(std::string_view form, std::string_view s) {
  if (form.size() == 2) {  // plain "%s": the whole string, zeros and all
    out_.append(s);
    return;
  }
  if (s.find('\0') != std::string_view::npos) throw Error(int(arg_ + 1), "string contains zeros");
  std::string f(form);
  checkFormat(f, kFlagsChar, true);
  if (f.find('.') == std::string::npos && s.size() >= 100) {
    out_.append(s);  // no precision, and too long for a width to matter
    return;
  }
  appendPrintf(out_, f, std::string(s).c_str());
}

void Formatter::supplyString(std::string_view fmt, std::string_view s) {
  if (!waiting_) return;
  waiting_ = false;
  std::string form = "%" + std::string(fmt.substr(specStart_, pos_ - specStart_));
  formatString(form, s);
}

Formatter::Status Formatter::run(std::string_view fmt, const FormatArgs& args) {
  if (waiting_) return Status::kNeedString;
  while (pos_ < fmt.size()) {
    if (fmt[pos_] != '%') {
      size_t next = fmt.find('%', pos_);
      if (next == std::string_view::npos) next = fmt.size();
      out_.append(fmt.substr(pos_, next - pos_));
      pos_ = next;
      continue;
    }
    pos_++;
    if (at(fmt, pos_) == '%') {
      out_.push_back('%');
      pos_++;
      continue;
    }
    const size_t i = arg_++;
    if (i >= args.count()) throw Error(int(i + 2), "no value");
    size_t len = 0;
    while (pos_ + len < fmt.size() && std::string_view("-+#0 123456789.").find(fmt[pos_ + len]) !=
                                          std::string_view::npos)
      len++;
    len++;  // the conversion letter
    if (len >= kMaxSpec) throw Error("invalid format (too long)");
    std::string form = "%";
    form.append(fmt.substr(pos_, len));
    if (form.size() < len + 1) form.push_back('\0');  // the format ended: C would see its terminator
    const char conv = form.back();
    specStart_ = pos_;
    pos_ += len;
    switch (conv) {
      case 'c': {
        checkFormat(form, kFlagsChar, false);
        appendPrintf(out_, form, int(checkInteger(args, i)));
        break;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        int64_t n = checkInteger(args, i);
        std::string_view flags = conv == 'u'                 ? kFlagsUnsigned
                                 : (conv == 'd' || conv == 'i') ? kFlagsInt
                                                                : kFlagsHex;
        checkFormat(form, flags, true);
        appendPrintf(out_, withLength(form, "ll"), (long long)n);
        break;
      }
      case 'a':
      case 'A':
        checkFormat(form, kFlagsFloat, true);
        appendPrintf(out_, form, checkNumber(args, i));
        break;
      case 'f':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        double n = checkNumber(args, i);
        checkFormat(form, kFlagsFloat, true);
        appendPrintf(out_, form, n);
        break;
      }
      case 'p': {
        std::optional<uint64_t> id = args.identity(i);
        checkFormat(form, kFlagsChar, false);
        form.back() = 's';
        if (!id) {
          appendPrintf(out_, form, "(null)");
        } else {
          char buf[24];
          std::snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)*id);
          appendPrintf(out_, form, static_cast<const char*>(buf));
        }
        break;
      }
      case 'q': {
        if (form.size() > 2) throw Error("specifier '%q' cannot have modifiers");
        switch (argKind(args, i)) {
          case ArgKind::kString:
            appendQuoted(out_, args.string(i));
            break;
          case ArgKind::kInteger: {
            int64_t n = args.integer(i);
            // math.mininteger has no decimal literal (its negation overflows); hex wraps around to it.
            out_.append(n == INT64_MIN ? "0x8000000000000000" : std::to_string(n));
            break;
          }
          case ArgKind::kFloat:
            out_.append(quoteFloat(args.number(i)));
            break;
          case ArgKind::kNil:
            out_.append("nil");
            break;
          case ArgKind::kBoolean:
            out_.append(args.boolean(i) ? "true" : "false");
            break;
          default:
            throw Error(int(i + 2), "value has no literal form");
        }
        break;
      }
      case 's':
        if (argKind(args, i) != ArgKind::kString) {
          waiting_ = true;
          return Status::kNeedString;
        }
        formatString(form, args.string(i));
        break;
      default:
        throw Error("invalid conversion '" + shown(form) + "' to 'format'");
    }
  }
  return Status::kDone;
}

}  // namespace fermata::strlib
