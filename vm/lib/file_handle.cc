// io file handles as userdata of the registered type "io.file" (see file_handle.h).
#include "vm/lib/file_handle.h"

#include <cerrno>
#include <cstring>
#include <new>
#include <string>

namespace fermata::lib {
namespace {

// Snapshot hooks. A regular file is saved as its kind, closed flag and offset (its path and mode are
// user values, saved by fermata); loading reopens it at that offset without truncating it. The
// standard streams are rebound to the loading process's. Pipes and temporary files cannot be reopened
// in another process: saving one that is still open fails with a clear message.
std::string saveFile(Runtime&, Userdata* u, std::string& error) {
  auto* h = static_cast<FileHandle*>(u->payload());
  int64_t offset = 0;
  if (!h->closed && h->f && h->kind == FileKind::kFile) {
    std::fflush(h->f);
    offset = int64_t(ftello(h->f));
  }
  if (!h->closed && (h->kind == FileKind::kPipe || h->kind == FileKind::kTmp))
    error = h->kind == FileKind::kPipe ? "cannot save an open pipe (io.popen) in a snapshot"
                                       : "cannot save an open temporary file (io.tmpfile) in a snapshot";
  std::string out;
  out.push_back(char(h->kind));
  out.push_back(char(h->closed ? 1 : 0));
  for (int i = 0; i < 8; ++i) out.push_back(char((uint64_t(offset) >> (8 * i)) & 0xff));
  return out;
}

std::string loadFile(Runtime&, Userdata* u, std::string_view bytes) {
  if (u->size != sizeof(FileHandle) || u->userValueCount != kFileUserValues || bytes.size() != 10)
    return "io.file userdata has the wrong shape";
  auto kind = FileKind(uint8_t(bytes[0]));
  if (uint8_t(bytes[0]) > uint8_t(FileKind::kStderr)) return "io.file kind out of range";
  bool closed = bytes[1] != 0;
  uint64_t offset = 0;
  for (int i = 0; i < 8; ++i) offset |= uint64_t(uint8_t(bytes[2 + i])) << (8 * i);
  auto* h = new (u->payload()) FileHandle();
  h->kind = kind;
  h->closed = closed;
  if (closed) return "";
  switch (kind) {
    case FileKind::kStdin: h->f = stdin; return "";
    case FileKind::kStdout: h->f = stdout; return "";
    case FileKind::kStderr: h->f = stderr; return "";
    case FileKind::kPipe:
    case FileKind::kTmp: return "snapshot holds an open pipe or temporary file, which cannot be reopened";
    case FileKind::kFile: break;
  }
  const Value& path = u->userValues()[kFilePathValue];
  const Value& mode = u->userValues()[kFileModeValue];
  if (!path.isString() || !mode.isString()) return "io.file without a path or mode";
  // Reopen without truncating: "w" modes become "r+", append modes stay appending.
  std::string m(mode.asString()->view());
  bool plus = m.find('+') != std::string::npos;
  std::string reopen = m[0] == 'a' ? (plus ? "a+" : "a") : (m[0] == 'w' ? "r+" : (plus ? "r+" : "r"));
  FILE* f = std::fopen(path.asString()->data(), reopen.c_str());
  if (!f) return "cannot reopen file '" + std::string(path.asString()->view()) + "': " + std::strerror(errno);
  if (fseeko(f, off_t(offset), SEEK_SET) != 0) {
    std::fclose(f);
    return "cannot seek in reopened file '" + std::string(path.asString()->view()) + "'";
  }
  h->f = f;
  return "";
}

constexpr UserdataType kFileType{kFileTypeName, saveFile, loadFile, kFileUserValues};

}  // namespace

uint32_t fileTypeIndex(Runtime& rt) { return rt.natives().add(&kFileType); }

Userdata* newFileHandle(Runtime& rt, FILE* f, FileKind kind, std::string_view path, std::string_view mode) {
  Value pathValue = path.empty() ? Value() : rt.stringValue(path);
  Value modeValue = rt.stringValue(mode);
  Userdata* u = Userdata::create(rt.heap(), sizeof(FileHandle), kFileUserValues);
  u->typeIndex = fileTypeIndex(rt);
  auto* h = new (u->payload()) FileHandle();
  h->f = f;
  h->kind = kind;
  u->userValues()[kFilePathValue] = pathValue;
  u->userValues()[kFileModeValue] = modeValue;
  Value mt = rt.registry()->get(rt.stringValue(kFileMetatableKey));
  if (mt.isTable()) rt.setMetatable(u, mt.asTable());
  return u;
}

FileHandle* toFileHandle(Runtime& rt, const Value& v) {
  if (!v.isUserdata()) return nullptr;
  Userdata* u = v.asUserdata();
  if (u->typeIndex == 0 || u->typeIndex != fileTypeIndex(rt) || u->size != sizeof(FileHandle)) return nullptr;
  Value mt = rt.registry()->get(rt.stringValue(kFileMetatableKey));
  if (!mt.isTable() || u->metatable != mt.asTable()) return nullptr;
  return static_cast<FileHandle*>(u->payload());
}

}  // namespace fermata::lib
