/* Private to src/core/stats and its tests. */
#ifndef VG_STATS_INT_H
#define VG_STATS_INT_H

#include <stddef.h>

/* From how many cards vg_stats_compute replays the logs on two threads (tests set it to compare
 * the two ways). */
extern size_t vg_stats_thread_min;

#endif
