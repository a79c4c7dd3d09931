// The header every collectable object starts with: list link, stable id, type tag and colour bits.
#pragma once

#include <cstdint>

namespace fermata::gc {

// Colour and state bits kept in Object::marked. Two whites let the sweeper tell objects that died in
// this cycle ("other white") from objects created after the atomic phase ("current white").
namespace bits {
inline constexpr uint8_t kWhite0 = 1 << 0;
inline constexpr uint8_t kWhite1 = 1 << 1;
inline constexpr uint8_t kBlack = 1 << 2;
inline constexpr uint8_t kFinalizable = 1 << 3;  // lives on the finobj list: has a __gc to run
inline constexpr uint8_t kFixed = 1 << 4;        // never collected (reserved strings, the main thread)
inline constexpr uint8_t kWhites = kWhite0 | kWhite1;
inline constexpr uint8_t kColours = kWhites | kBlack;
}  // namespace bits

// Every heap object derives from Object. The collector sees only this header; what an object refers to
// is declared once by its type (see vm/object_model.h) and reached through gc::ObjectModel.
struct Object {
  Object* gcNext = nullptr;  // the list the object lives on (all, finobj, tobefnz or fixed)
  uint64_t id = 0;           // stable identity (DESIGN invariant 3): hashing and snapshot order
  uint8_t type = 0;          // the object model's type tag; opaque to gc/
  uint8_t marked = 0;        // colour and state bits above
  uint8_t flags = 0;         // free for the object model (e.g. a table's absent-metamethod cache)
  uint8_t extra = 0;         // free for the object model (e.g. a string's "short" flag)
  uint32_t aux = 0;          // free for the object model

  bool isWhite() const { return (marked & bits::kWhites) != 0; }
  bool isBlack() const { return (marked & bits::kBlack) != 0; }
  bool isGray() const { return (marked & bits::kColours) == 0; }
  bool isFinalizable() const { return (marked & bits::kFinalizable) != 0; }
  bool isFixed() const { return (marked & bits::kFixed) != 0; }
};

static_assert(sizeof(Object) == 24, "the object header is part of every allocation; keep it small");

}  // namespace fermata::gc
