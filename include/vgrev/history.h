/* Review histories: the input of `vgrev replay`.
 *
 * A history is YAML or JSON (JSON is YAML's flow style):
 *
 *   cards:
 *     - id: "What is the vanishing gradient problem? > Definition"
 *       reviews:
 *         - {t: 2026-01-02T03:04:05Z, rating: 3}
 *         - {t: "2026-01-02T03:14:05+01:00", rating: 1}
 *
 * `t` is an ISO-8601 time (see vg_time_parse), `rating` 1 (again), 2 (hard), 3 (good) or
 * 4 (easy). Reviews of a card are in time order (equal times allowed); card ids are unique.
 * Other keys of the top mapping and of cards are ignored, so that a file holding more than
 * the logs (a progress file: version, deck, front, state) replays as it is; a review takes
 * `t` and `rating` only.
 * Every problem is reported as file:line:col (1-based, byte columns): malformed YAML, a wrong
 * shape or type, an unknown or duplicate key, a bad rating or time, a time going backwards, a
 * duplicate id. */
#ifndef VGREV_HISTORY_H
#define VGREV_HISTORY_H

#include <stddef.h>

#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/time.h"

typedef struct vg_history_review {
    vg_time t;
    vg_rating rating;
    unsigned line; /* 1-based line of the review in the file */
} vg_history_review;

typedef struct vg_history_card {
    const char *id; /* NUL-terminated (may also hold NULs: use id_len); owned by the history */
    size_t id_len;
    unsigned line; /* 1-based line of the card */
    const vg_history_review *reviews;
    size_t n_reviews;
} vg_history_card;

typedef struct vg_history {
    vg_history_card *cards;
    size_t n_cards;
    size_t n_reviews;       /* over all cards */
    vg_history_review *all; /* private: every review; cards point into it */
    void *arena;            /* private: the ids */
} vg_history;

/* Parses data[0..len) (no NUL needed). `file` names the input in messages ("<stdin>" for
 * standard input). On success stores a new history in *out, which the caller releases with
 * vg_history_free, and returns VG_OK. On failure returns VG_PARSE (bad input) or VG_NOMEM with
 * err filled, and sets *out to NULL. */
vg_status vg_history_parse(const char *data, size_t len, const char *file, vg_history **out,
                           vg_error *err);

/* Frees h and everything it holds; h may be NULL. */
void vg_history_free(vg_history *h);

#endif
