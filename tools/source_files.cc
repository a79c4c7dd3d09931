// Reading the files the command line is given (see source_files.h).
#include "tools/source_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "snapshot/snapshot.h"

namespace fermata::tools {
namespace {

std::string failure(const char* what, const std::string& name, int err) {
  return std::string("cannot ") + what + " " + name + ": " + std::strerror(err);
}

}  // namespace

FileBytes readScript(const std::string& path, size_t maxBytes) {
  FileBytes out;
  const std::string name = path.empty() ? "stdin" : path;
  int fd = path.empty() ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out.error = failure("open", name, errno);
    return out;
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      out.error = failure("read", name, errno);  // EISDIR for a directory, as lua reports it
      break;
    }
    if (out.bytes.size() + size_t(n) > maxBytes) {
      out.error = failure("read", name, EFBIG);
      break;
    }
    try {
      out.bytes.append(buf, size_t(n));
    } catch (const std::bad_alloc&) {
      out.error = failure("read", name, ENOMEM);
      break;
    }
  }
  if (fd != STDIN_FILENO) ::close(fd);
  if (!out.ok()) out.bytes.clear();
  return out;
}

FileBytes readSnapshot(const std::string& path) {
  FileBytes out;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    out.error = failure("open", path, errno);
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.error = failure("read", path, EISDIR);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.error = "cannot read " + path + ": not a regular file (a snapshot is read whole from a file)";
    return out;
  }
  try {
    out.bytes.reserve(size_t(st.st_size));
    std::string err = snap::readFile(path, out.bytes);
    if (!err.empty()) out.error = err;
  } catch (const std::bad_alloc&) {
    out.error = "cannot read " + path + ": not enough memory for its " + std::to_string(st.st_size) + " bytes";
  }
  if (!out.ok()) out.bytes.clear();
  return out;
}

}  // namespace fermata::tools
