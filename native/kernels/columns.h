// A block of columns copied between two row-major matrices, scaled: what the ACGAN head (core/acgan_head.h)
// uses to read a critic's score and logits columns and to place their seeds. Shared by both backends, with
// its launcher table (core/layer_kernels.h).
#pragma once
#include "../common/hd.h"

namespace wgan {

// Where a block of `cols` columns starts in a matrix of `width` columns.
struct ColumnBlock {
  int width, offset;
};

// Element i of rows × cols: to[r, to.offset + j] = alpha · from[r, from.offset + j].
WGAN_HD void copyColumnAt(long long i, int cols, const float* from, ColumnBlock src, float* to, ColumnBlock dst,
                          float alpha) {
  const long long r = i / cols;
  const int j = static_cast<int>(i % cols);
  to[r * dst.width + dst.offset + j] = alpha * from[r * src.width + src.offset + j];
}

struct ColumnKernels {
  void (*copy)(void* queue, int rows, int cols, const float* from, ColumnBlock src, float* to, ColumnBlock dst, float alpha);
};

}  // namespace wgan
