// How the per-group bodies of kernels/ run their loops over a group of m values (a normalisation's sample or
// channel, a sample of the penalty): SerialLoops in one thread and in order (the CPU backend; its normalisations
// run PlaneLoops, cpu/normalize.cpp), or the CUDA backend's BlockLoops over the threads of one block
// (cuda/cuda_device.cu). A body written against forEach / sums / lead() runs unchanged on all of them.
#pragma once
#include "../common/hd.h"

namespace wgan {

// N sums taken in one pass over a group (or a sample).
template <int N>
struct Sums {
  static constexpr int size = N;
  double v[N];
  WGAN_HD double operator[](int i) const { return v[i]; }
  WGAN_HD Sums& operator+=(const Sums& o) {
    for (int i = 0; i < N; ++i) v[i] += o.v[i];
    return *this;
  }
};

// A position in a group with its memory offset already known: k < m and the offset of its value.
struct Element {
  long long offset;
  int k;
};

// A group's loops in one thread, in order: forEach(m, f) calls f(k) for k < m; sums(m, f) adds up the
// Sums that f(k) returns; lead() is the one thread that writes a group's single results.
struct SerialLoops {
  template <class F>
  WGAN_HD void forEach(int m, F f) const {
    for (int k = 0; k < m; ++k) f(k);
  }
  template <class F>
  WGAN_HD auto sums(int m, F f) const -> decltype(f(0)) {
    decltype(f(0)) total{};
    for (int k = 0; k < m; ++k) total += f(k);
    return total;
  }
  WGAN_HD bool lead() const { return true; }
};

}  // namespace wgan
