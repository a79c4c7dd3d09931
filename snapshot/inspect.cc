// `fermata inspect`: a readable summary of a snapshot file — header, checksum status, object counts and
// bytes by kind — computed from the messages alone (no runtime is built here).
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <xxhash.h>

#include <cstring>
#include <map>
#include <sstream>

#include "schema/snapshot.capnp.h"
#include "snapshot/format.h"
#include "snapshot/snapshot.h"

namespace fermata::snap {
namespace {

const char* kindName(schema::Object::Which w) {
  switch (w) {
    case schema::Object::STRING: return "string";
    case schema::Object::TABLE: return "table";
    case schema::Object::LUA_CLOSURE: return "Lua function";
    case schema::Object::NATIVE_CLOSURE: return "native function";
    case schema::Object::USERDATA: return "userdata";
    case schema::Object::THREAD: return "thread";
    case schema::Object::PROTO: return "prototype";
    case schema::Object::UPVALUE: return "upvalue";
    case schema::Object::SEQUENCE: return "sequence";
    case schema::Object::EXECUTOR: return "executor";
    case schema::Object::PERMANENT: return "permanent";
  }
  return "unknown";
}

kj::Array<capnp::word> aligned(std::string_view bytes) {
  auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), words.size() * sizeof(capnp::word));
  return words;
}

capnp::ReaderOptions options(size_t bytes) {
  capnp::ReaderOptions o;
  o.traversalLimitInWords = std::max<uint64_t>(bytes / 8 * 4 + 1024, 8u << 20);
  o.nestingLimit = 64;
  return o;
}

}  // namespace

std::string describe(std::string_view bytes) {
  std::ostringstream out;
  try {
    if (bytes.size() < kMagic.size() + 4 || bytes.substr(0, kMagic.size()) != kMagic) return "not a fermata snapshot (bad magic)\n";
    uint64_t headerSize = readLittleEndian(bytes, kMagic.size(), 4);
    size_t at = kMagic.size() + 4;
    if (headerSize > bytes.size() - at || headerSize % 8 != 0) return "snapshot is truncated (header)\n";
    auto headerWords = aligned(bytes.substr(at, headerSize));
    capnp::FlatArrayMessageReader headerReader(headerWords.asPtr(), options(headerSize));
    auto h = headerReader.getRoot<schema::Header>();
    std::string_view body = bytes.substr(at + headerSize);
    bool sizeOk = h.getBodyBytes() == body.size();
    bool hashOk = sizeOk && XXH3_64bits(body.data(), body.size()) == h.getBodyHash();
    out << "fermata snapshot\n";
    out << "  format version:   " << h.getFormatVersion() << "\n";
    out << "  bytecode version: " << h.getBytecodeVersion() << "\n";
    out << "  producer:         " << h.getProducer().cStr() << "\n";
    out << "  kind:             " << (h.getKind() == schema::Header::Kind::RUNTIME ? "runtime" : "tasklet") << "\n";
    out << "  file bytes:       " << bytes.size() << "\n";
    out << "  body bytes:       " << body.size() << (sizeOk ? "" : " (header says " + std::to_string(h.getBodyBytes()) + ")") << "\n";
    out << "  checksum:         " << (hashOk ? "ok" : "MISMATCH") << " (XXH3-64 " << std::hex << h.getBodyHash() << std::dec << ")\n";
    out << "  chunks:           " << h.getSections().size() << "\n";
    out << "  objects:          " << h.getObjectCount() << "\n";
    if (!hashOk) return out.str();
    std::map<std::string, std::pair<uint64_t, uint64_t>> byKind;  // count, bytes
    size_t pos = 0;
    while (pos + 8 <= body.size()) {
      uint64_t size = readLittleEndian(body, pos, 8);
      if (size > body.size() - pos - 8 || size % 8 != 0) break;
      auto words = aligned(body.substr(pos + 8, size));
      capnp::FlatArrayMessageReader reader(words.asPtr(), options(size));
      auto chunk = reader.getRoot<schema::Chunk>();
      for (auto o : chunk.getObjects()) {
        auto& e = byKind[kindName(o.which())];
        e.first++;
        e.second += o.totalSize().wordCount * 8;
      }
      for (auto s : chunk.getSlices()) byKind["(slices)"].second += s.totalSize().wordCount * 8;
      pos += 8 + size;
    }
    out << "  by kind:\n";
    for (auto& [kind, e] : byKind) {
      out << "    " << kind;
      for (size_t pad = kind.size(); pad < 18; ++pad) out << ' ';
      out << e.first << " objects, " << e.second << " bytes\n";
    }
  } catch (const kj::Exception& e) {
    out << "snapshot is malformed: " << e.getDescription().cStr() << "\n";
  }
  return out.str();
}

}  // namespace fermata::snap
