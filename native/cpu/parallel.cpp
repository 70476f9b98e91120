#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define WGAN_PAUSE() _mm_pause()
#else
#define WGAN_PAUSE() std::this_thread::yield()
#endif

namespace wgan {

namespace {

std::atomic<int> gThreads{0};  // 0: not set yet, use all cores

// Blocks per thread of parallelBlocks: enough that one slow block (a core taken by another process) does not
// hold up the loop, few enough that each still pays for its scheduling.
constexpr int kBlocksPerThread = 4;

// How long a worker spins for the next loop before it parks, and the caller for the loop's end before it waits:
// a step's loops follow each other within microseconds to a few hundred of them (a small model's serial
// stretches: its tiny products and bookkeeping), and a parked thread takes 10-50 us to wake (the toy demo ran
// slower on two threads than on one with 20 us). A time, not a count of pauses: one pause takes 10 ns on this
// machine's cores and 140 cycles on Skylake's.
constexpr auto kSpinTime = std::chrono::microseconds(200);

// Spins until done() or until kSpinTime has passed (the caller then blocks on its condition).
template <class Done>
void spinUntil(Done done) {
  const auto until = std::chrono::steady_clock::now() + kSpinTime;
  do {
    for (int i = 0; i < 64; ++i) {
      if (done()) return;
      WGAN_PAUSE();
    }
  } while (std::chrono::steady_clock::now() < until);
}

// Workers started once and parked between loops. One loop runs on the pool at a time; a loop started while
// it is busy (another trainer's thread) or from inside a loop body runs on its caller alone. Which thread runs
// an item never changes what it computes, so results do not depend on the scheduling.
class Pool {
 public:
  // Runs body(i), i < count, on the caller and `helpers` workers, or returns false where the pool is busy.
  bool run(int count, int helpers, const std::function<void(int)>& body) {
    if (tInsideLoop) return false;
    std::unique_lock<std::mutex> caller(callers_, std::try_to_lock);
    if (!caller.owns_lock()) return false;
    if (static_cast<int>(workers_.size()) != helpers) resize(helpers);
    {
      std::lock_guard<std::mutex> lock(m_);
      body_ = &body;
      count_ = count;
      next_.store(0, std::memory_order_relaxed);
      finished_.store(0, std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    std::exception_ptr error;  // the caller's items finish even after one threw, so the loop can end
    tInsideLoop = true;
    drain(body, count, &error);
    tInsideLoop = false;
    // Until the workers are out of the loop too: waiting on done_ for that costs a futex round trip (~10 us).
    spinUntil([&] { return finished_.load(std::memory_order_acquire) == count && active_.load(std::memory_order_acquire) == 0; });
    std::unique_lock<std::mutex> lock(m_);
    done_.wait(lock, [&] { return finished_.load(std::memory_order_acquire) == count; });
    body_ = nullptr;  // workers that wake from now on skip this loop
    done_.wait(lock, [&] { return active_.load() == 0; });
    if (error) std::rethrow_exception(error);
    return true;
  }

 private:
  // Runs items until none is left; an item that throws is recorded in `error` (a worker's, without one, ends the
  // process as an exception in any thread does).
  void drain(const std::function<void(int)>& body, int count, std::exception_ptr* error = nullptr) {
    for (int i = next_.fetch_add(1); i < count; i = next_.fetch_add(1)) {
      try {
        body(i);
      } catch (...) {
        if (!error) throw;
        if (!*error) *error = std::current_exception();
      }
      if (finished_.fetch_add(1, std::memory_order_acq_rel) + 1 == count) {
        std::lock_guard<std::mutex> lock(m_);
        done_.notify_all();
      }
    }
  }

  void work() {
    tInsideLoop = true;
    unsigned long long seen = generation_.load(std::memory_order_acquire);
    for (;;) {
      spinUntil([&] { return generation_.load(std::memory_order_acquire) != seen || stop_.load(); });
      const std::function<void(int)>* body;
      int count;
      {
        std::unique_lock<std::mutex> lock(m_);
        wake_.wait(lock, [&] { return stop_.load() || generation_.load() != seen; });
        if (stop_.load()) return;
        seen = generation_.load();
        if (!body_) continue;
        body = body_;
        count = count_;
        ++active_;
      }
      drain(*body, count);
      std::lock_guard<std::mutex> lock(m_);
      if (active_.fetch_sub(1) == 1) done_.notify_all();
    }
  }

  void resize(int helpers) {
    stop_.store(true);
    { std::lock_guard<std::mutex> lock(m_); }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    stop_.store(false);
    for (int w = 0; w < helpers; ++w) workers_.emplace_back([this] { work(); });
  }

  static thread_local bool tInsideLoop;
  std::mutex callers_, m_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  const std::function<void(int)>* body_ = nullptr;
  int count_ = 0;
  std::atomic<int> active_{0};  // workers inside the current loop
  std::atomic<int> next_{0}, finished_{0};
  std::atomic<unsigned long long> generation_{0};
  std::atomic<bool> stop_{false};
};

thread_local bool Pool::tInsideLoop = false;

// Never destroyed: its parked workers end with the process.
Pool& pool() {
  static Pool* p = new Pool();
  return *p;
}

}  // namespace

int hardwareThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

int threadCount() {
  const int t = gThreads.load();
  return t > 0 ? t : hardwareThreads();
}

void setThreadCount(int threads) { gThreads.store(threads); }

void parallelFor(int count, const std::function<void(int)>& body) {
  const int threads = threadCount();
  if (std::min(threads, count) <= 1 || !pool().run(count, threads - 1, body))
    for (int i = 0; i < count; ++i) body(i);
}

void parallelBlocks(long long count, long long grain, const std::function<void(long long, long long)>& body) {
  if (count <= 0) return;
  const int threads = threadCount();
  long long parts = std::min<long long>(count / std::max(grain, 1LL), static_cast<long long>(kBlocksPerThread) * threads);
  if (threads <= 1 || parts <= 1) return body(0, count);
  if (parts > threads) parts -= parts % threads;  // 3 blocks on 2 threads take as long as 4
  parallelFor(static_cast<int>(parts), [&](int p) { body(count * p / parts, count * (p + 1) / parts); });
}

}  // namespace wgan
