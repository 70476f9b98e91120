#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace wgan {

namespace {
int gThreads = 0;  // 0: not set yet, use all cores
}

int hardwareThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

int threadCount() { return gThreads > 0 ? gThreads : hardwareThreads(); }

void setThreadCount(int threads) { gThreads = threads; }

void parallelFor(int count, const std::function<void(int)>& body) {
  const int workers = std::min(threadCount(), count);
  if (workers <= 1) {
    for (int i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<int> next{0};
  auto drain = [&] {
    for (int i = next++; i < count; i = next++) body(i);
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(drain);
  drain();
  for (auto& t : pool) t.join();
}

}  // namespace wgan
