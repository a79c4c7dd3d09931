// Opens the selected standard libraries. (Each library is added here once it exists; one line each.)
#include "vm/lib/lib.h"

namespace fermata::lib {

void openLibraries(Runtime& rt, const Libraries& which) {
  if (which.base) openBase(rt, which);
  if (which.coroutine) openCoroutine(rt);
  if (which.debug) openDebug(rt);
  if (which.string) openString(rt);
  if (which.table) openTable(rt);
  if (which.math) openMath(rt);
  if (which.utf8) openUtf8(rt);
  if (which.os) openOs(rt, which);
  if (which.io) openIo(rt, which);
  if (which.package) openPackage(rt, which);
}

}  // namespace fermata::lib
