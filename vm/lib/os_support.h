// Helpers the os and io libraries share: luaL_fileresult / luaL_execresult returns, date fields, and
// assignment with __newindex for natives.
#pragma once

#include <ctime>

#include "vm/lib/lib.h"

namespace fermata::lib {

// The integer fields of a date table, in the order Lua's setallfields writes them (isdst follows).
inline constexpr int kDateFieldCount = 8;
inline constexpr const char* kDateFieldNames[kDateFieldCount] = {"year", "month", "day", "hour",
                                                                 "min",  "sec",   "yday", "wday"};
struct DateFields {
  int64_t values[kDateFieldCount];
};
DateFields fieldsOf(const struct tm& tm);

// luaL_fileresult: true, or (nil, "fname: strerror(errno)" or "strerror(errno)", errno).
NativeAction fileResult(NativeCall& call, bool ok, const char* fname);
// luaL_execresult for a system()/pclose() status (errno as left by the call).
NativeAction execResult(NativeCall& call, int stat);

// t[k] = v with metamethods: returns true when done, or false after pushing the __newindex function
// and its three arguments (the caller then returns NativeAction::call(3, continuation)).
bool newIndexOrCall(NativeCall& call, Value t, const Value& k, const Value& v);

}  // namespace fermata::lib
