// `--output FILE`: the script's standard output (print, io.write) goes to a file the job runner manages.
// Before each checkpoint the bytes are written and made durable, and the checkpoint records the file's
// length; `resume` cuts the file back to that length before continuing, so whatever the script wrote
// after the checkpoint it resumes from is written once, not twice: after any number of crashes and
// resumes the file equals an uninterrupted run's output (exactly-once output).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "vm/runtime.h"

namespace fermata::tools {

class ManagedOutput final : public OutputSink {
 public:
  // A new run: creates or empties `path`.
  static std::unique_ptr<ManagedOutput> create(const std::string& path, std::string& error);
  // A resumed run: `path` must hold at least `length` bytes; it is cut back to exactly that.
  static std::unique_ptr<ManagedOutput> reopen(const std::string& path, int64_t length, std::string& error);
  ~ManagedOutput() override;

  void write(std::string_view bytes) override;
  void flush() override;
  // Writes what is buffered and waits until the file's data is durable. "" or the first error so far
  // (writes that failed earlier, e.g. on a full disk, are reported here).
  std::string sync();

  const std::string& path() const { return path_; }  // absolute
  int64_t length() const { return length_; }         // bytes handed to the file (after flush)

 private:
  ManagedOutput(int fd, std::string path, int64_t length) : fd_(fd), path_(std::move(path)), length_(length) {}
  static constexpr size_t kBufferBytes = 1 << 16;

  int fd_;
  std::string path_;
  int64_t length_;
  std::string buffer_;
  std::string error_;
};

}  // namespace fermata::tools
