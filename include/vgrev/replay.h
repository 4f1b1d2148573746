/* Replaying review histories through the scheduler, as JSON lines (`vgrev replay`).
 *
 * For every review one line is appended:
 *   {"id":"…","t":"2026-01-02T03:04:05Z","rating":3,"state":"learning","stability":2.3065,
 *    "difficulty":2.11810397,"due":"2026-01-02T03:14:05Z","scheduled_days":0}
 * `state` is the card's state after the review (learning, review or relearning); for SM-2,
 * `stability` is the interval I(n) in days and `difficulty` the E-Factor. Numbers are the
 * shortest decimals that read back as the same doubles (as JavaScript prints them). */
#ifndef VGREV_REPLAY_H
#define VGREV_REPLAY_H

#include <stddef.h>

#include "vgrev/buf.h"
#include "vgrev/error.h"
#include "vgrev/history.h"
#include "vgrev/sched.h"

/* Replays one card from New and appends its lines to out. Returns VG_OK, or VG_NOMEM when out
 * ran out of memory (err filled). */
vg_status vg_replay_card(const vg_sched *s, const vg_history_card *c, vg_buf *out, vg_error *err);

/* Replays every card of h in order (see vg_replay_card). */
vg_status vg_replay(const vg_sched *s, const vg_history *h, vg_buf *out, vg_error *err);

/* Appends s[0..len) as a JSON string with its quotes: '"', '\\' and control characters are
 * escaped, invalid UTF-8 becomes U+FFFD. */
void vg_json_add_string(vg_buf *b, const char *s, size_t len);

/* Appends v as a JSON number: the shortest of %.15g..%.17g that reads back as v, with '.' as
 * the decimal point whatever the locale; null when v is not finite. */
void vg_json_add_double(vg_buf *b, double v);

#endif
