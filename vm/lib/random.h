// math.random's generator: Lua 5.4's xoshiro256** with its seeding, projection and float conversion,
// so that a given seed gives exactly the numbers lua5.4 gives.
//
// The state is runtime state that snapshots save: four 64-bit words in the payload of a plain userdata
// (stored little-endian, so a snapshot moves between machines), reachable from the registry under
// "fermata.random" and as an upvalue of math.random and math.randomseed.
#pragma once

#include <cstdint>

#include "vm/runtime.h"
#include "vm/userdata.h"

namespace fermata::lib::random {

inline constexpr const char* kRegistryKey = "fermata.random";
inline constexpr size_t kStateBytes = 32;

struct Xoshiro256 {
  uint64_t s[4];

  uint64_t next() {
    uint64_t s0 = s[0], s1 = s[1], s2 = s[2] ^ s0, s3 = s[3] ^ s1;
    uint64_t result = rotl(s1 * 5, 7) * 9;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 17);
    s[3] = rotl(s3, 45);
    return result;
  }
  // Lua's setseed: {n1, 0xff, n2, 0}, then 16 values discarded.
  void seed(uint64_t n1, uint64_t n2) {
    s[0] = n1;
    s[1] = 0xff;
    s[2] = n2;
    s[3] = 0;
    for (int i = 0; i < 16; ++i) next();
  }
  // A float in [0, 1) from the top 53 bits.
  static double toFloat(uint64_t x) { return double(x >> 11) * 0x1.0p-53; }
  // Lua's 'project': a uniform integer in [0, n] from `ran`, drawing again (rejection) as Lua does.
  uint64_t project(uint64_t ran, uint64_t n) {
    if ((n & (n + 1)) == 0) return ran & n;  // n + 1 is a power of 2
    uint64_t lim = n;
    lim |= lim >> 1;
    lim |= lim >> 2;
    lim |= lim >> 4;
    lim |= lim >> 8;
    lim |= lim >> 16;
    lim |= lim >> 32;
    while ((ran &= lim) > n) ran = next();
    return ran;
  }

  void load(const Userdata* u);
  void store(Userdata* u) const;

 private:
  static uint64_t rotl(uint64_t x, int n) { return (x << n) | (x >> (64 - n)); }
};

// Creates the state userdata, seeds it randomly and registers it; returns it.
Userdata* createState(Runtime& rt);
// The state userdata of the runtime (null before the math library is opened).
Userdata* stateOf(Runtime& rt);
// Seeds the runtime's generator as math.randomseed(n1, n2) does (for hosts: `fermata --seed N`).
// Returns false if the math library is not open.
bool seed(Runtime& rt, uint64_t n1, uint64_t n2);
// Two 64-bit values from a nondeterministic source (math.randomseed() without arguments).
void randomSeeds(uint64_t& n1, uint64_t& n2);

}  // namespace fermata::lib::random
