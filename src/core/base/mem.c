#define _GNU_SOURCE /* MADV_HUGEPAGE */
#include "base/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

void vg_mem_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
    enum { HUGE = 2 << 20 }; /* x86-64's and arm64's (4 KiB pages) huge page */
    if (!p || len < VG_MEM_HUGE_MIN)
        return;
    /* The whole huge pages inside the range: advice covers whole pages of the mapping. */
    uintptr_t a = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
    uintptr_t b = ((uintptr_t)p + len) & ~(uintptr_t)(HUGE - 1);
    if (a < b)
        (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
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
