// The host side of the Philox streams: a key (the seed) and a counter that advances past every draw.
// Its whole state is two integers, saved in checkpoints so a resumed run draws the same numbers.
#pragma once
#include <cmath>
#include <cstdint>

#include "../kernels/philox.h"

namespace wgan {

class Rng {
 public:
  explicit Rng(uint64_t seed, uint64_t counter = 0) : key_(seed), counter_(counter) {}

  void uniform(float* out, long long n, float lo = 0.f, float hi = 1.f) {
    for (long long i = 0; i < n; ++i) out[i] = lo + (hi - lo) * philoxUniformAt(key_, counter_, i);
    advance(n);
  }
  void normal(float* out, long long n) {
    for (long long i = 0; i < n; ++i) out[i] = philoxNormalAt(key_, counter_, i);
    advance(n);
  }
  uint64_t key() const { return key_; }
  uint64_t counter() const { return counter_; }
  void setState(uint64_t key, uint64_t counter) { key_ = key; counter_ = counter; }

 private:
  void advance(long long n) { counter_ += static_cast<uint64_t>((n + 3) / 4); }
  uint64_t key_, counter_;
};

// PyTorch's default for Linear and Conv weights and biases: U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
inline void fanInUniform(Rng& rng, float* p, long long count, int fanIn) {
  const float bound = 1.f / std::sqrt(static_cast<float>(fanIn));
  rng.uniform(p, count, -bound, bound);
}

}  // namespace wgan
