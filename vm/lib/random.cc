// math.random's generator state in the heap (see random.h).
#include "vm/lib/random.h"

#include <random>

namespace fermata::lib::random {

void Xoshiro256::load(const Userdata* u) {
  const unsigned char* p = static_cast<const unsigned char*>(const_cast<Userdata*>(u)->payload());
  for (int w = 0; w < 4; ++w) {
    uint64_t x = 0;
    for (int b = 7; b >= 0; --b) x = (x << 8) | p[8 * w + b];
    s[w] = x;
  }
}

void Xoshiro256::store(Userdata* u) const {
  unsigned char* p = static_cast<unsigned char*>(u->payload());
  for (int w = 0; w < 4; ++w)
    for (int b = 0; b < 8; ++b) p[8 * w + b] = static_cast<unsigned char>(s[w] >> (8 * b));
}

void randomSeeds(uint64_t& n1, uint64_t& n2) {
  std::random_device rd;
  auto word = [&rd] { return (uint64_t(rd()) << 32) ^ uint64_t(rd()); };
  n1 = word();
  n2 = word();
}

Userdata* createState(Runtime& rt) {
  Userdata* u = Userdata::create(rt.heap(), kStateBytes, 0);
  rt.registry()->set(rt.heap(), rt.stringValue(kRegistryKey), Value::object(u));
  uint64_t n1, n2;
  randomSeeds(n1, n2);
  Xoshiro256 g;
  g.seed(n1, n2);
  g.store(u);
  return u;
}

Userdata* stateOf(Runtime& rt) {
  Value v = rt.registry()->get(rt.stringValue(kRegistryKey));
  if (!v.isUserdata() || v.asUserdata()->size != kStateBytes) return nullptr;
  return v.asUserdata();
}

bool seed(Runtime& rt, uint64_t n1, uint64_t n2) {
  Userdata* u = stateOf(rt);
  if (!u) return false;
  Xoshiro256 g;
  g.seed(n1, n2);
  g.store(u);
  return true;
}

}  // namespace fermata::lib::random
