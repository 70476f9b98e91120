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

// The values of an element-wise loop worth a block of their own (a few microseconds of one core): fewer run on
// the caller alone, as waking the pool would cost more than it saves.
constexpr long long kElementGrain = 1 << 15;

// Runs body(begin, end) over contiguous blocks covering [0, count), a few per thread so that uneven blocks even
// out, none under `grain` items (a count under two grains is one block, on the caller). The split decides only
// which thread runs an item, never what it computes.
void parallelBlocks(long long count, long long grain, const std::function<void(long long, long long)>& body);

// The grain of a loop over items of `itemSize` values each: kElementGrain values, at least one item.
inline long long grainOf(long long itemSize) { return itemSize >= kElementGrain ? 1 : kElementGrain / (itemSize > 0 ? itemSize : 1); }

}  // namespace wgan
