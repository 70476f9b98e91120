#include "host_memory.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace wgan::cpu {

namespace {

// AddressSanitizer sees overflows of heap buffers only: its builds (npm run sanitize) take every buffer from calloc.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kMappedFrom = SIZE_MAX;
#else
constexpr size_t kMappedFrom = size_t{64} << 10;
#endif
// Each buffer is preceded by a header saying how it was obtained; 64 bytes keep mapped buffers 64-byte aligned.
struct Header {
  size_t total;  // bytes mapped (header included), 0 for calloc'd memory
};
constexpr size_t kHeaderBytes = 64;
static_assert(sizeof(Header) <= kHeaderBytes);

}  // namespace

void* allocateZeroed(size_t bytes) {
  if (bytes > SIZE_MAX - kHeaderBytes) throw std::bad_alloc();
  const size_t total = bytes + kHeaderBytes;
  char* base;
  if (bytes >= kMappedFrom) {
    void* mapped = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc();
    base = static_cast<char*>(mapped);
    reinterpret_cast<Header*>(base)->total = total;
  } else {
    base = static_cast<char*>(std::calloc(1, total));
    if (!base) throw std::bad_alloc();
  }
  return base + kHeaderBytes;
}

void release(void* p) {
  if (!p) return;
  char* base = static_cast<char*>(p) - kHeaderBytes;
  const size_t total = reinterpret_cast<Header*>(base)->total;
  if (total) munmap(base, total);
  else std::free(base);
}

}  // namespace wgan::cpu
