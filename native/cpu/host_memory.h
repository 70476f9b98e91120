// The CPU device's memory: zeroed buffers that cost resident memory only where they are written. Buffers of
// 64 KiB and more are mapped from the OS and unmapped when released; glibc's calloc would serve them from its
// heap once its dynamic mmap threshold has grown past them (after the first large free), clearing every page
// (so a buffer planned but never written, such as a generator's unused gradient levels, becomes resident) and
// keeping the pages after free. Smaller ones come from calloc.
#pragma once
#include <cstddef>

namespace wgan::cpu {

void* allocateZeroed(size_t bytes);  // throws std::bad_alloc when the memory cannot be had
void release(void* p);

}  // namespace wgan::cpu
