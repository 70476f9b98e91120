// A rank's share of a global batch in a data-parallel run (README "Scaling out"): rank r takes a contiguous
// block of rows; the first (batch mod ranks) ranks take one row more than the others, so the shares differ by
// at most one row and the largest is rank 0's. The one place the split is computed: the iteration and
// the TypeScript that hands each rank its rows (trainer.shard()) both read it.
#pragma once
#include <string>

#include "errors.h"

namespace wgan {

struct Shard {
  int offset;  // the block's first row in the global batch
  int rows;
};

// `what` names the batch in the error when some rank would get no rows (batch < ranks).
inline Shard shardOf(int batch, int rank, int ranks, const char* what) {
  if (batch < ranks)
    fail(ErrorCode::InvalidArgument, std::string(what) + ": the batch of " + std::to_string(batch) + " is smaller than the " +
                                         std::to_string(ranks) + " ranks: each rank needs at least one row");
  const int base = batch / ranks, extra = batch % ranks;
  return {rank * base + (rank < extra ? rank : extra), base + (rank < extra ? 1 : 0)};
}

}  // namespace wgan
