// Large buffers: ask the kernel for transparent huge pages before first touch.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace xtdo::kernel {

/// Advise the kernel to back the whole 2 MiB pages inside [p, p + bytes) with
/// transparent huge pages (Linux, where THP is in `madvise` mode). Call it right
/// after allocating a large buffer and before writing to it: the first writes then
/// fault in 2 MiB at a time instead of 4 KiB, which for a fresh N-row column is
/// most of the cost of filling it. A no-op elsewhere or for small buffers; the
/// contents are unaffected.
inline void advise_huge(void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kPage = std::uintptr_t{2} << 20;
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t begin = (a + kPage - 1) & ~(kPage - 1);
  const std::uintptr_t end = (a + bytes) & ~(kPage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace xtdo::kernel
