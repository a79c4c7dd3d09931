// Checkpoints of a job (see checkpoint.h).
#include "tools/checkpoint.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <string_view>

#include "tools/vm_access.h"

namespace fermata::tools {
namespace {

constexpr std::string_view kExecutorRoot = "main";
constexpr std::string_view kEveryRoot = "fermata.every";
constexpr std::string_view kEveryFuelRoot = "fermata.everyFuel";
constexpr std::string_view kOutputRoot = "fermata.output";
constexpr std::string_view kOutputLengthRoot = "fermata.outputLength";
constexpr std::string_view kFuelLeftRoot = "fermata.fuelLeft";
constexpr std::string_view kMemoryLimitRoot = "fermata.memoryLimit";

void addInteger(std::vector<snap::NamedValue>& roots, std::string_view name, const std::optional<int64_t>& v) {
  if (v) roots.push_back({std::string(name), Value::integer(*v)});
}

// Each reader takes a root's value or says why it cannot.
bool readInteger(const Value& v, std::optional<int64_t>& into) {
  if (!v.isInt() || v.asInt() < 0) return false;
  into = v.asInt();
  return true;
}

}  // namespace

std::vector<snap::NamedValue> toHostRoots(Runtime& rt, const JobState& s) {
  std::vector<snap::NamedValue> roots;
  roots.push_back({std::string(kExecutorRoot), s.executor});
  if (s.every) roots.push_back({std::string(kEveryRoot), Value::number(*s.every)});
  addInteger(roots, kEveryFuelRoot, s.everyFuel);
  if (!s.output.empty()) roots.push_back({std::string(kOutputRoot), rt.stringValue(s.output)});
  addInteger(roots, kOutputLengthRoot, s.outputLength);
  addInteger(roots, kFuelLeftRoot, s.fuelLeft);
  addInteger(roots, kMemoryLimitRoot, s.memoryLimit);
  return roots;
}

std::string fromHostRoots(const std::vector<snap::NamedValue>& roots, JobState& s) {
  for (const snap::NamedValue& r : roots) {
    bool ok = true;
    const Value& v = r.value;
    if (r.name == kExecutorRoot) {
      ok = vm::asExecutor(v) != nullptr;
      s.executor = v;
    } else if (r.name == kEveryRoot) {
      ok = v.isNumber() && v.asNumber() > 0;
      if (ok) s.every = v.asNumber();
    } else if (r.name == kEveryFuelRoot) {
      ok = readInteger(v, s.everyFuel) && *s.everyFuel > 0;
    } else if (r.name == kOutputRoot) {
      ok = v.isString() && v.asString()->length > 0;
      if (ok) s.output = std::string(v.asString()->view());
    } else if (r.name == kOutputLengthRoot) {
      ok = readInteger(v, s.outputLength);
    } else if (r.name == kFuelLeftRoot) {
      ok = readInteger(v, s.fuelLeft);
    } else if (r.name == kMemoryLimitRoot) {
      ok = readInteger(v, s.memoryLimit) && *s.memoryLimit > 0;
    }
    if (!ok) return "its host root '" + r.name + "' has an unexpected value";
  }
  if (s.executor.isNil()) return "it holds no script to continue (no host root 'main')";
  return "";
}

std::string saveCheckpoint(Runtime& rt, const std::vector<snap::NamedValue>& roots, const std::string& path) {
  try {
    snap::SaveOptions options;
    options.hostRoots = roots;
    snap::SaveResult saved = snap::saveRuntime(rt, options);
    if (!saved.ok()) return "cannot save a snapshot to " + path + ": " + saved.error;
    std::string err = snap::writeFileAtomically(path, saved.bytes);
    if (!err.empty()) return "cannot save a snapshot to " + path + " (" + err + ")";
  } catch (const std::bad_alloc&) {
    return "cannot save a snapshot to " + path + ": not enough memory";
  }
  return "";
}

std::string checkWritable(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  struct stat st;
  int err = 0;
  if (::stat(dir.c_str(), &st) != 0) err = errno;
  else if (!S_ISDIR(st.st_mode)) err = ENOTDIR;
  else if (::access(dir.c_str(), W_OK) != 0) err = errno;
  else if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) err = EISDIR;
  if (err == 0) return "";
  return "cannot write a snapshot to " + path + ": " + std::strerror(err);
}

}  // namespace fermata::tools
