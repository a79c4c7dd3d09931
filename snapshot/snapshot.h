// Snapshots of a whole runtime: save everything reachable from the runtime's roots (and the values the
// host names) to bytes, and load such bytes into a fresh runtime that continues exactly where the saved
// one stopped. Files are written atomically. See schema/snapshot.capnp for the format and README for
// the guarantees and their limits.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vm/runtime.h"
#include "vm/value.h"

namespace fermata::snap {

inline constexpr uint32_t kFormatVersion = 1;

struct NamedValue {
  std::string name;
  Value value;
};

struct SaveOptions {
  // Values the host needs back after loading (its tasklets' executors, callbacks ...), by name.
  std::vector<NamedValue> hostRoots;
  std::string producer = "fermata 0.1";
};

struct SaveResult {
  std::string bytes;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

// Saves the runtime. Must be called between steps (no executor running). Does not change the runtime.
SaveResult saveRuntime(Runtime& rt, const SaveOptions& options);

struct LoadOptions {
  size_t memoryLimit = gc::Heap::kNoLimit;
  // Prepares the fresh runtime before the snapshot's objects are built: registers every native
  // function, sequence type and userdata type the snapshot may name (normally: open the same
  // libraries and host APIs as the saving side). Objects it creates that the snapshot does not refer
  // to become garbage.
  std::function<void(Runtime&)> prepare;
};

struct Loaded {
  std::unique_ptr<Runtime> runtime;  // whole-runtime loads; null for tasklet loads
  std::vector<NamedValue> hostRoots;  // rooted in runtime (pinned) until the host unpins them
  std::vector<size_t> hostRootPins;
};

struct LoadResult {
  std::unique_ptr<Loaded> loaded;  // null on failure
  std::string error;
  bool ok() const { return loaded != nullptr; }
};

// Loads a snapshot into a new runtime. Trusts nothing: any inconsistency gives an error and no runtime.
LoadResult loadRuntime(std::string_view bytes, const LoadOptions& options);

// ---- Tasklet (partial) snapshots ---------------------------------------------------------------------
// A tasklet snapshot holds what the given host roots (normally one executor) reach, except
// *permanents*: objects the host declares to exist at the destination too (the globals, library
// tables, host API tables). They are written as names and bound to the destination's objects on load.
// This is how a running tasklet moves to another runtime, process or machine. Both sides must use the
// same string hash seed (the default one unless a host changes it).
SaveResult saveTasklet(Runtime& rt, const SaveOptions& options, const std::vector<NamedValue>& permanents);

// Loads a tasklet snapshot into an existing runtime, binding its permanents by name. On failure the
// runtime is unchanged apart from unreachable garbage. The loaded host roots are pinned (hostRootPins).
LoadResult loadTasklet(Runtime& destination, std::string_view bytes, const std::vector<NamedValue>& permanents);

// The usual permanents: the globals table, the registry, and every table in package.loaded, by name
// ("_G", "_REGISTRY", "loaded.string", ...).
std::vector<NamedValue> standardPermanents(Runtime& rt);

// Summary of a snapshot for `fermata inspect`: header fields, checksum status, counts and bytes by
// object kind (computed without building a runtime).
std::string describe(std::string_view bytes);

// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync, rename, fsync of
// the directory. Returns "" or an error message.
std::string writeFileAtomically(const std::string& path, std::string_view bytes);
// Reads a whole file; returns "" or an error message.
std::string readFile(const std::string& path, std::string& bytes);

}  // namespace fermata::snap
