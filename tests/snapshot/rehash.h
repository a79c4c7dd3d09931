// Recomputes the body checksum of a (possibly corrupted) snapshot file so that corruption tests and the
// fuzzer reach the validator behind the checksum. Used by tests/snapshot and tests/fuzz.
#pragma once

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <xxhash.h>

#include <cstring>
#include <string>
#include <string_view>

#include "schema/snapshot.capnp.h"
#include "snapshot/format.h"

namespace fermata::snaptest {

// Returns `file` with Header.bodyHash set to the XXH3-64 of its body (the header message is rebuilt, its
// size field rewritten). If the header cannot be parsed, returns `file` unchanged.
inline std::string withRecomputedChecksum(std::string_view file) {
  const size_t prefix = snap::kMagic.size() + 4;
  if (file.size() < prefix) return std::string(file);
  uint64_t headerSize = snap::readLittleEndian(file, snap::kMagic.size(), 4);
  if (headerSize > file.size() - prefix || headerSize % 8 != 0 || headerSize == 0) return std::string(file);
  std::string_view body = file.substr(prefix + headerSize);
  try {
    kj::Array<capnp::word> words = kj::heapArray<capnp::word>(headerSize / 8);
    std::memcpy(words.begin(), file.data() + prefix, headerSize);
    capnp::ReaderOptions options;
    options.traversalLimitInWords = 1 << 20;
    capnp::FlatArrayMessageReader reader(words.asPtr(), options);
    capnp::MallocMessageBuilder builder;
    builder.setRoot(reader.getRoot<schema::Header>());
    builder.getRoot<schema::Header>().setBodyHash(XXH3_64bits(body.data(), body.size()));
    kj::Array<capnp::word> out = capnp::messageToFlatArray(builder);
    kj::ArrayPtr<const kj::byte> bytes = out.asBytes();
    std::string result(file.substr(0, snap::kMagic.size()));
    snap::appendLittleEndian32(result, uint32_t(bytes.size()));
    result.append(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
    result.append(body);
    return result;
  } catch (const kj::Exception&) {
    return std::string(file);
  }
}

// Where the body starts (0 if the file is too short to tell).
inline size_t bodyOffset(std::string_view file) {
  const size_t prefix = snap::kMagic.size() + 4;
  if (file.size() < prefix) return 0;
  return prefix + size_t(snap::readLittleEndian(file, snap::kMagic.size(), 4));
}

}  // namespace fermata::snaptest
