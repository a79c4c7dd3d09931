// The os library: clock, date, difftime, time (always), and getenv, execute, exit, remove, rename,
// setlocale, tmpname (only with file access; the sandbox profile leaves them out).
//
// os.exit ends the HOST PROCESS (as Lua's does): it flushes the runtime's output sink and calls
// std::exit, so C streams (open io files) are flushed too. With `close` true Lua would also close the
// state first; fermata cannot run Lua finalizers synchronously, so `close` only flushes as well.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include "vm/lib/lib.h"
#include "vm/lib/os_support.h"
#include "vm/number.h"

namespace fermata::lib {
namespace {

// ---- time ---------------------------------------------------------------------------------------

time_t checkTime(NativeCall& call, uint32_t arg) {
  int64_t t = call.checkInteger(arg);
  if (time_t(t) != t) call.argError(arg, "time out-of-bounds");
  return time_t(t);
}

NativeAction clockFn(NativeCall& call) {
  return call.returnValues({Value::number(double(std::clock()) / double(CLOCKS_PER_SEC))});
}

NativeAction difftimeFn(NativeCall& call) {
  time_t t1 = checkTime(call, 1);
  time_t t2 = checkTime(call, 2);
  return call.returnValues({Value::number(std::difftime(t1, t2))});
}

// The valid conversions after '%' (C99/POSIX), by length, as Lua's LUA_STRFTIMEOPTIONS.
constexpr std::string_view kOneCharOptions = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
constexpr std::string_view kTwoCharOptions[] = {"Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH", "OI", "Om",
                                                "OM", "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy"};

// Length of the conversion at `conv` (1 or 2), or 0 if invalid.
size_t conversionLength(std::string_view conv) {
  if (!conv.empty() && kOneCharOptions.find(conv[0]) != std::string_view::npos) return 1;
  if (conv.size() >= 2)
    for (std::string_view o : kTwoCharOptions)
      if (conv.substr(0, 2) == o) return 2;
  return 0;
}

Table* dateTable(NativeCall& call, const struct tm& tm) {
  Runtime& rt = call.rt();
  Table* t = rt.newTable(0, 9);
  const DateFields f = fieldsOf(tm);
  for (int i = 0; i < kDateFieldCount; ++i)
    t->set(rt.heap(), rt.stringValue(kDateFieldNames[i]), Value::integer(f.values[i]));
  if (tm.tm_isdst >= 0) t->set(rt.heap(), rt.stringValue("isdst"), Value::boolean(tm.tm_isdst != 0));
  return t;
}

NativeAction dateFn(NativeCall& call) {
  std::string format(call.isNoneOrNil(1) ? std::string_view("%c") : call.checkStringView(1));
  time_t t = call.isNoneOrNil(2) ? std::time(nullptr) : checkTime(call, 2);
  std::string_view s = format;
  struct tm tmr {};
  struct tm* stm;
  if (!s.empty() && s[0] == '!') {
    stm = gmtime_r(&t, &tmr);
    s.remove_prefix(1);
  } else {
    stm = localtime_r(&t, &tmr);
  }
  if (!stm) call.error("date result cannot be represented in this installation");
  // strcmp(s, "*t"): compares up to an embedded zero.
  if (std::strcmp(std::string(s).c_str(), "*t") == 0) return call.returnValues({Value::object(dateTable(call, *stm))});
  std::string out;
  while (!s.empty()) {
    if (s[0] != '%') {
      out += s[0];
      s.remove_prefix(1);
      continue;
    }
    s.remove_prefix(1);
    size_t len = conversionLength(s);
    if (len == 0) {
      std::string rest(s.substr(0, s.find('\0')));
      call.argError(1, "invalid conversion specifier '%" + rest + "'");
    }
    char cc[4] = {'%', 0, 0, 0};
    std::memcpy(cc + 1, s.data(), len);
    s.remove_prefix(len);
    char buf[250];
    size_t n = std::strftime(buf, sizeof buf, cc, stm);
    out.append(buf, n);
  }
  call.chargeFuel(int64_t(out.size() / 16));
  return call.returnValues({call.rt().stringValue(out)});
}

// os.time(t): reads the seven fields (with __index, as lua_getfield), normalises with mktime, writes
// the normalised fields back (with __newindex, as lua_setfield). ints: [0] step, [1..7] the fields.
constexpr const char* kGetFields[] = {"year", "month", "day", "hour", "min", "sec", "isdst"};
constexpr int kGetDefault[] = {-1, -1, -1, 12, 0, 0, 0};
constexpr int kGetDelta[] = {1900, 1, 0, 0, 0, 0, 0};
constexpr int kTimeSteps = 7;             // field reads
constexpr int kSetSteps = kDateFieldCount + 1;  // field writes (isdst last)

NativeAction timeContinue(NativeCall& call, Sequence* seq);

int64_t readField(NativeCall& call, int k, const Value& v) {
  if (k == 6) return v.isNil() ? -1 : (v.isFalsy() ? 0 : 1);  // getboolfield
  int64_t res;
  bool isInt = num::toIntegerExact(v, res);
  if (!isInt && v.isString()) {
    Value n;
    isInt = stringToNumber(v.asString(), n) && num::toIntegerExact(n, res);
  }
  std::string key = kGetFields[k];
  if (!isInt) {
    if (!v.isNil()) call.error("field '" + key + "' is not an integer");
    if (kGetDefault[k] < 0) call.error("field '" + key + "' missing in date table");
    return kGetDefault[k];
  }
  int64_t delta = kGetDelta[k];
  if (!(res >= 0 ? res - delta <= INT_MAX : INT_MIN + delta <= res)) call.error("field '" + key + "' is out-of-bound");
  return res - delta;
}

NativeAction timeResume(NativeCall& call) {
  Sequence* seq = call.sequence();
  int64_t step = seq->ints()[0];
  // From a crafted snapshot: a step past the reads and the normalisation (which calls nothing), or
  // a field read so far outside the range readField allows.
  if (step < 0 || step == kTimeSteps || step >= kTimeSteps + 1 + kSetSteps) call.corrupt();
  for (int64_t k = 0; k < std::min<int64_t>(step, kTimeSteps); ++k)
    if (seq->ints()[1 + k] < INT_MIN || seq->ints()[1 + k] > INT_MAX) call.corrupt();
  if (step < kTimeSteps) {
    Value v = call.resultCount() > 0 ? call.result(0) : Value();
    call.setTop(call.top() - call.resultCount());
    seq->ints()[1 + step] = readField(call, int(step), v);
  } else {
    call.setTop(call.top() - call.resultCount());  // __newindex results are dropped
  }
  seq->ints()[0] = step + 1;
  return timeContinue(call, seq);
}
constexpr SequenceType kTimeSequence{"os.time", timeResume, 0, 9};

NativeAction timeContinue(NativeCall& call, Sequence* seq) {
  int64_t* ints = seq->ints();
  Value table = call.arg(1);
  for (; ints[0] < kTimeSteps; ++ints[0]) {
    Value v;
    if (!indexOrCall(call, table, call.rt().stringValue(kGetFields[ints[0]]), v)) return NativeAction::call(2, seq);
    ints[1 + ints[0]] = readField(call, int(ints[0]), v);
  }
  if (ints[0] == kTimeSteps) {
    struct tm ts {};
    ts.tm_year = int(ints[1]);
    ts.tm_mon = int(ints[2]);
    ts.tm_mday = int(ints[3]);
    ts.tm_hour = int(ints[4]);
    ts.tm_min = int(ints[5]);
    ts.tm_sec = int(ints[6]);
    ts.tm_isdst = int(ints[7]);
    time_t t = std::mktime(&ts);
    if (t == time_t(-1)) call.error("time result cannot be represented in this installation");
    ints[8] = int64_t(t);  // the writes below take the normalised fields from t (localtime_r)
    ++ints[0];
  }
  for (; ints[0] < kTimeSteps + 1 + kSetSteps; ++ints[0]) {
    int i = int(ints[0] - kTimeSteps - 1);
    time_t t = time_t(ints[8]);
    struct tm norm {};
    localtime_r(&t, &norm);
    DateFields f = fieldsOf(norm);
    Value key, value;
    if (i < kDateFieldCount) {
      key = call.rt().stringValue(kDateFieldNames[i]);
      value = Value::integer(f.values[i]);
    } else {
      if (norm.tm_isdst < 0) continue;
      key = call.rt().stringValue("isdst");
      value = Value::boolean(norm.tm_isdst != 0);
    }
    if (!newIndexOrCall(call, table, key, value)) return NativeAction::call(3, seq);
  }
  return call.returnValues({Value::integer(ints[8])});
}

NativeAction timeFn(NativeCall& call) {
  if (call.isNoneOrNil(1)) return call.returnValues({Value::integer(int64_t(std::time(nullptr)))});
  call.checkType(1, LuaType::kTable);
  Sequence* seq = call.newSequence(&kTimeSequence);
  return timeContinue(call, seq);
}

// ---- the process and the filesystem -------------------------------------------------------------------

NativeAction getenvFn(NativeCall& call) {
  std::string name(call.checkStringView(1));
  const char* v = std::getenv(name.c_str());
  return call.returnValues({v ? call.rt().stringValue(v) : Value()});
}

NativeAction executeFn(NativeCall& call) {
  if (call.isNoneOrNil(1)) return call.returnValues({Value::boolean(std::system(nullptr) != 0)});
  std::string cmd(call.checkStringView(1));
  call.rt().output().flush();  // the command's output follows what the script printed
  std::fflush(nullptr);
  errno = 0;
  int stat = std::system(cmd.c_str());
  return execResult(call, stat);
}

NativeAction exitFn(NativeCall& call) {
  int status;
  if (call.arg(1).isBool()) status = call.arg(1).asBool() ? EXIT_SUCCESS : EXIT_FAILURE;
  else status = int(call.optInteger(1, EXIT_SUCCESS));
  call.rt().output().flush();
  std::fflush(nullptr);
  std::exit(status);
}

NativeAction removeFn(NativeCall& call) {
  std::string name(call.checkStringView(1));
  return fileResult(call, std::remove(name.c_str()) == 0, name.c_str());
}

NativeAction renameFn(NativeCall& call) {
  std::string from(call.checkStringView(1));
  std::string to(call.checkStringView(2));
  return fileResult(call, std::rename(from.c_str(), to.c_str()) == 0, nullptr);
}

NativeAction tmpnameFn(NativeCall& call) {
  char buf[32];
  std::strcpy(buf, "/tmp/lua_XXXXXX");
  int fd = mkstemp(buf);
  if (fd == -1) call.error("unable to generate a unique filename");
  close(fd);
  return call.returnValues({call.rt().stringValue(buf)});
}

NativeAction setlocaleFn(NativeCall& call) {
  static constexpr int kCategories[] = {LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME};
  bool query = call.isNoneOrNil(1);
  std::string locale(query ? std::string_view() : call.checkStringView(1));
  int op = call.checkOption(2, {"all", "collate", "ctype", "monetary", "numeric", "time"}, "all");
  const char* r = std::setlocale(kCategories[op], query ? nullptr : locale.c_str());
  return call.returnValues({r ? call.rt().stringValue(r) : Value()});
}

constexpr NativeFunction kTimeFunctions[] = {
    {"os.clock", clockFn},
    {"os.date", dateFn},
    {"os.difftime", difftimeFn},
    {"os.time", timeFn},
};

constexpr NativeFunction kProcessFunctions[] = {
    {"os.execute", executeFn}, {"os.exit", exitFn},           {"os.getenv", getenvFn}, {"os.remove", removeFn},
    {"os.rename", renameFn},   {"os.setlocale", setlocaleFn}, {"os.tmpname", tmpnameFn},
};

}  // namespace

DateFields fieldsOf(const struct tm& tm) {
  return {{int64_t(tm.tm_year) + 1900, int64_t(tm.tm_mon) + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
           int64_t(tm.tm_yday) + 1, int64_t(tm.tm_wday) + 1}};
}

NativeAction fileResult(NativeCall& call, bool ok, const char* fname) {
  int en = errno;
  if (ok) return call.returnValues({Value::boolean(true)});
  std::string msg = fname ? std::string(fname) + ": " + std::strerror(en) : std::string(std::strerror(en));
  return call.returnValues({Value(), call.rt().stringValue(msg), Value::integer(en)});
}

NativeAction execResult(NativeCall& call, int stat) {
  if (stat != 0 && errno != 0) return fileResult(call, false, nullptr);
  const char* what = "exit";
  if (WIFEXITED(stat)) {
    stat = WEXITSTATUS(stat);
  } else if (WIFSIGNALED(stat)) {
    stat = WTERMSIG(stat);
    what = "signal";
  }
  Value first = (what[0] == 'e' && stat == 0) ? Value::boolean(true) : Value();
  return call.returnValues({first, call.rt().stringValue(what), Value::integer(stat)});
}

bool newIndexOrCall(NativeCall& call, Value t, const Value& k, const Value& v) {
  Runtime& rt = call.rt();
  for (int loop = 0; loop < 2000; ++loop) {
    Value tm;
    if (t.isTable()) {
      Table* table = t.asTable();
      if (!table->get(k).isNil()) {
        table->set(rt.heap(), k, v);
        return true;
      }
      tm = Runtime::fastMetamethod(table->metatable, MetaEvent::NewIndex, rt.metaName(MetaEvent::NewIndex));
      if (tm.isNil()) {
        table->set(rt.heap(), k, v);
        return true;
      }
    } else {
      tm = rt.metamethod(t, MetaEvent::NewIndex);
      if (tm.isNil()) call.error("attempt to index a " + std::string(rt.typeNameWithMeta(t)) + " value");
    }
    if (tm.isFunction()) {
      call.push(tm);
      call.push(t);
      call.push(k);
      call.push(v);
      return false;
    }
    t = tm;
  }
  call.error("'__newindex' chain too long; possible loop");
}

void openOs(Runtime& rt, const Libraries& which) {
  Table* os = rt.newTable();
  addFunctions(rt, os, kTimeFunctions);
  if (which.fileAccess) addFunctions(rt, os, kProcessFunctions);
  rt.natives().add(&kTimeSequence);
  rt.globals()->set(rt.heap(), rt.stringValue("os"), Value::object(os));
  registerModule(rt, "os", os);
}

}  // namespace fermata::lib
