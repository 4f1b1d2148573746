#define _GNU_SOURCE /* MADV_HUGEPAGE, MADV_DONTNEED */
#include "base/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* x86-64's and arm64's huge page (with 4 KiB pages) */
enum { S_HUGE = 2 << 20 };

void vg_mem_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t page = S_HUGE;
    uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t b = ((uintptr_t)p + len) & ~(page - 1);
    if (p && a < b) /* pointer arithmetic, not a cast back from the integer */
        (void)madvise((char *)p + (a - (uintptr_t)p), b - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

void *vg_mem_realloc(void *old, size_t keep, size_t *size)
{
    if (*size < S_HUGE / 2)
        return realloc(old, *size ? *size : 1);
    if (*size > SIZE_MAX - S_HUGE)
        return NULL;
    size_t len = (*size + S_HUGE - 1) & ~(size_t)(S_HUGE - 1);
    void *p = aligned_alloc(S_HUGE, len);
    if (!p)
        return NULL;
    vg_mem_huge(p, len);
    if (old) {
        if (keep)
            memcpy(p, old, keep);
        free(old);
    }
    *size = len;
    return p;
}

void *vg_mem_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p && n && size <= SIZE_MAX / n)
        vg_mem_huge(p, n * size);
    return p;
}

size_t vg_mem_discard(void *p, size_t len)
{
#ifdef MADV_DONTNEED
    long sz = sysconf(_SC_PAGESIZE);
    const uintptr_t page = sz > 0 ? (uintptr_t)sz : 4096;
    uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t b = ((uintptr_t)p + len) & ~(page - 1);
    if (!p || a >= b)
        return 0;
    (void)madvise((char *)p + (a - (uintptr_t)p), b - a, MADV_DONTNEED);
    return b - (uintptr_t)p;
#else
    (void)p;
    (void)len;
    return 0;
#endif
}
