#define _GNU_SOURCE /* MADV_HUGEPAGE */
#include "base/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

void vg_mem_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t page = (uintptr_t)2 << 20; /* x86-64's and arm64's (4 KiB pages) */
    uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t b = ((uintptr_t)p + len) & ~(page - 1);
    if (p && a < b) /* pointer arithmetic, not a cast back from the integer */
        (void)madvise((char *)p + (a - (uintptr_t)p), b - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

void *vg_mem_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p && n && size <= SIZE_MAX / n)
        vg_mem_huge(p, n * size);
    return p;
}
