/* Big tables: advice to the kernel on how to back them. Private to the core. */
#ifndef VG_MEM_H
#define VG_MEM_H

#include <stddef.h>

/* Asks for [p, p + len) to be backed by huge pages where the kernel has them (Linux's transparent
 * huge pages in their "madvise" mode): a table of a million cards then costs a page fault per
 * 2 MiB filled, not per 4 KiB, which on a virtual machine is most of a start-up's system time.
 * Only advice, for the whole huge pages inside the range: nothing when it holds none, on other
 * systems, or when refused. */
void vg_mem_huge(void *p, size_t len);

/* Moves the block at old (NULL: none; its first keep bytes kept) to one of at least *size bytes,
 * freed with free(); NULL when out of memory (old is then untouched). From 1 MiB on, the block
 * starts on a huge page and is rounded up to whole ones (*size grows to what it holds), all
 * advised as vg_mem_huge (malloc's block would leave its first megabytes to 4 KiB pages; the
 * rounding costs at most the huge page the end is in); below 1 MiB, it is realloc. */
void *vg_mem_realloc(void *old, size_t keep, size_t *size);

/* calloc(n, size), with vg_mem_huge when it is big. */
void *vg_mem_calloc(size_t n, size_t size);

/* Gives the memory of the whole pages inside [p, p + len) back to the system: what a caller
 * will not read again (they read as zeros if it does), in a block it owns. Returns the length
 * of the prefix of the range that is behind the last page given back (0: none), where the
 * next call on what follows should start. */
size_t vg_mem_discard(void *p, size_t len);

#endif
