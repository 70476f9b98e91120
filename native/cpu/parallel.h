// The CPU thread count (default: all cores) and a parallel loop over independent work items, on a pool of
// threadCount() - 1 workers started once (and restarted when the count changes).
#pragma once
#include <functional>

namespace wgan {

void setThreadCount(int threads);
int threadCount();
int hardwareThreads();

// Runs body(i) for i in [0, count) on up to threadCount() threads; returns when all are done.
void parallelFor(int count, const std::function<void(int)>& body);

}  // namespace wgan
