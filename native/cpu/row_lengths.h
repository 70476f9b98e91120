// Row lengths (in floats) of the buffers the AVX-512 kernels walk row by row: the blocked and the Winograd
// convolutions' columns, tiles and outputs.
#pragma once

namespace wgan::cpu {

// v rounded up to a multiple of `to` (whole panels of the product kernel).
inline int roundUp(int v, int to) { return (v + to - 1) / to * to; }

// The smallest row length of at least `floats` that is an odd number of 64-byte cache lines: rows read one after
// another then fall in different cache sets (with an even number, rows a power of two of lines long share a few
// sets).
inline int oddLines(int floats) {
  const int lines = (floats + 15) / 16;
  return (lines | 1) * 16;
}

}  // namespace wgan::cpu
