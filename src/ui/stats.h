/* The stats screen (issue 7): the numbers and charts of include/vgrev/stats.h, whose text
 * functions make the lines, painted in a scrollable view (block characters as bars, titles in
 * bold). Shown by `vgrev stats` on a terminal and by the browser's `t`. */
#ifndef VG_UI_STATS_H
#define VG_UI_STATS_H

#include <stdbool.h>

#include "ui/ui.h"
#include "vgrev/simulate.h"
#include "vgrev/stats.h"

/* Runs the screen over st until the user leaves: title is the deck's (already sanitized).
 * j/k, the arrows, the pages, g/G scroll; h/l and Left/Right move along lines wider than the
 * window; r opens the desired-retention simulation of deck 0 of ses (borrowed; NULL: no
 * simulation) with `seed`. With sim (copied), the simulation's screen alone. Returns true
 * when the user asked to quit altogether (Ctrl-C, or the end of a test script), false after q
 * or Esc. */
bool ui_stats_run(ui *u, const char *title, const vg_stats *st, const vg_session *ses,
                  uint64_t seed, const vg_sim_result *sim);

/* Pushes the screen on the stack (title and *st are copied; ses is borrowed while it is
 * shown, NULL for no simulation); *quit (may be NULL) is set when the user asks to quit
 * altogether. False when out of memory or the stack is full. */
bool ui_stats_push(ui *u, const char *title, const vg_stats *st, const vg_session *ses,
                   uint64_t seed, bool *quit);

/* Pushes the simulation's screen (vg_sim_format): title and *sim are copied. */
bool ui_retention_push(ui *u, const char *title, const vg_sim_result *sim, bool *quit);

/* Pushes a card's page (vg_card_info_format) on the same screen: rec (NULL: no progress) and
 * sched are borrowed until the screen is left; title is copied (already sanitized). */
bool ui_card_info_push(ui *u, const char *title, const vg_sched *sched, const vg_record *rec,
                       vg_time now, int32_t utc_offset);

#endif
