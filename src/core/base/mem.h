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

/* calloc(n, size), with vg_mem_huge when it is big. */
void *vg_mem_calloc(size_t n, size_t size);

#endif
