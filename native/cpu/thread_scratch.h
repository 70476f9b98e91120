// Scratch memory of the calling thread that outlives the call (a warm call allocates nothing): for the Winograd
// transforms' windows and the Winograd weight gradient's transposed blocks, each used within one parallel body.
#pragma once

#include <cstddef>
#include <vector>

namespace wgan::cpu {

// `floats` of scratch for the calling thread, kept and grown across calls; valid until its next call.
inline float* threadScratch(size_t floats) {
  thread_local std::vector<float> scratch;
  if (scratch.size() < floats) scratch.resize(floats);
  return scratch.data();
}

}  // namespace wgan::cpu
