// The CPU thread count (default: all cores) and parallel loops over independent work items, on a pool of
// threadCount() - 1 workers started once (and restarted when the count changes).
#pragma once
#include <functional>

namespace wgan {

void setThreadCount(int threads);
int threadCount();
int hardwareThreads();

// Runs body(i) for i in [0, count) on up to threadCount() threads; returns when all are done.
void parallelFor(int count, const std::function<void(int)>& body);

// The values of an element-wise loop worth a block of their own (1-3 us of one core): fewer run on the caller
// alone. Handing a block to a spinning worker costs about 1 us (cpu/parallel.cpp); 2^15 left a small model's
// Adam and activations on one thread (the toy demo: 9.9 s on two threads where 2^13 takes 8.9, 2^12 9.6).
constexpr long long kElementGrain = 1 << 13;

// Runs body(begin, end) over contiguous blocks covering [0, count), a few per thread so that uneven blocks even
// out, none under `grain` items (a count under two grains is one block, on the caller), and a multiple of the
// thread count where there are more blocks than threads. The split decides only which thread runs an item, never
// what it computes.
void parallelBlocks(long long count, long long grain, const std::function<void(long long, long long)>& body);

// The grain of a loop over items of `itemSize` values each: kElementGrain values, at least one item.
inline long long grainOf(long long itemSize) { return itemSize >= kElementGrain ? 1 : kElementGrain / (itemSize > 0 ? itemSize : 1); }

}  // namespace wgan
