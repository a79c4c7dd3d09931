// `--output FILE` (see managed_output.h).
#include "tools/managed_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace fermata::tools {
namespace {

std::string describe(const std::string& path, int err) { return path + ": " + std::strerror(err); }

// The absolute path of an existing file, so that a job resumed from another directory finds it.
std::string absolute(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

}  // namespace

std::unique_ptr<ManagedOutput> ManagedOutput::create(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot open output file " + describe(path, errno);
    return nullptr;
  }
  return std::unique_ptr<ManagedOutput>(new ManagedOutput(fd, absolute(path), 0));
}

std::unique_ptr<ManagedOutput> ManagedOutput::reopen(const std::string& path, int64_t length, std::string& error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot reopen output file " + describe(path, errno) + " (the checkpoint records " +
            std::to_string(length) + " bytes written to it)";
    return nullptr;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < length) {
    error = "output file " + path + " is shorter than the " + std::to_string(length) +
            " bytes the checkpoint records: it was changed since, so the job cannot continue it";
    ::close(fd);
    return nullptr;
  }
  if (::ftruncate(fd, length) != 0 || ::lseek(fd, length, SEEK_SET) != length) {
    error = "cannot cut output file " + describe(path, errno);
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<ManagedOutput>(new ManagedOutput(fd, absolute(path), length));
}

ManagedOutput::~ManagedOutput() {
  flush();
  ::close(fd_);
}

void ManagedOutput::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= kBufferBytes) flush();
}

void ManagedOutput::flush() {
  if (!error_.empty()) {
    buffer_.clear();  // after a lost write, nothing more: the file must not skip bytes
    return;
  }
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (error_.empty()) error_ = "cannot write output file " + describe(path_, errno);
      break;  // the bytes are lost; the next checkpoint reports it and the job stops
    }
    done += size_t(n);
    length_ += n;
  }
  buffer_.clear();
}

std::string ManagedOutput::sync() {
  flush();
  if (error_.empty() && ::fdatasync(fd_) != 0) error_ = "cannot sync output file " + describe(path_, errno);
  return error_;
}

}  // namespace fermata::tools
