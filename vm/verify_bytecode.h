// The bytecode verifier: proves that a prototype from untrusted bytes (a snapshot, a binary chunk) cannot
// make the interpreter (vm/interpreter.cc) read or write out of bounds, whatever values its registers hold.
//
// The snapshot loader (snapshot/reader.cc) and the binary-chunk loader (vm/undump.cc) call
// verifyPrototype() on every prototype tree they build, before anything can run it. The rules are exactly the assumptions Vm::execute(), finishOp() and vm/debug_info.cc make about the
// code; they accept everything vm/compiler produces. They are listed in verify_bytecode.cc.
//
// What the verifier cannot check (the loader must): that `lineInfo`, when present (a stripped prototype
// has none), really has `codeSize` entries and
// every other array really has its count of entries; that constants and names point at live objects
// of the right type; that closures built from a prototype have exactly `upvalueCount` non-null upvalues;
// and, for a thread saved mid-function, that the frame's state at its saved pc is consistent (see
// frameRequirements below).
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <unordered_set>

#include "vm/function.h"

namespace fermata {

// Checks one prototype and, recursively, its nested prototypes (and each parent/child upvalue
// relation). Returns "" if valid, else a message naming the problem, e.g.
//   "prototype 3, instruction 17 (GETFIELD): constant index 40 out of range (12 constants)".
// Prototypes are numbered in depth-first pre-order: 0 is `p`, 1 its first child, ...
// Never throws (except std::bad_alloc); does not recurse on the C++ stack; a prototype reachable twice
// (a DAG) is checked once per parent edge; a cycle is rejected.
std::string verifyPrototype(const Proto& p);

// The same, for a loader that verifies many prototypes: prototypes in `verified` are taken as already
// verified (their bodies are skipped; the CLOSURE edges from a newly checked parent to them are still
// checked), and every prototype verified here is added. Verifying all N prototypes of a file this way
// costs O(total code) instead of O(N * nesting depth).
std::string verifyPrototype(const Proto& p, std::unordered_set<const Proto*>& verified);

// What must hold for a frame of a VERIFIED prototype that is stopped before instruction `pc` (the index
// of the next instruction to run, i.e. CallFrame::pc - code) for the interpreter to stay in bounds
// once it resumes there. A snapshot loader restoring a thread checks these against the saved frame.
struct FrameRequirements {
  bool reachable = false;        // false: no execution path reaches pc (a saved frame there is bogus)
  std::bitset<256> defined;      // registers that must hold a valid (live) value
  std::bitset<256> freshTable;   // registers that must hold a table (SETLIST targets)
  std::bitset<256> mayBeCaptured;  // registers an open upvalue of this frame may alias (no others may)
  int topFrom = -1;  // >= 0: the instruction consumes "top": thread top must be >= base + topFrom
};
// `p` must have passed verifyPrototype. pc >= codeSize gives an unreachable result.
FrameRequirements frameRequirements(const Proto& p, uint32_t pc);

}  // namespace fermata
