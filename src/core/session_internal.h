/* Private to src/core/session*.c. */
#ifndef VG_SESSION_INTERNAL_H
#define VG_SESSION_INTERNAL_H

#include "vgrev/session.h"

/* Where an item stands in the queue. */
enum S_class {
    Q_NONE, /* not studied in this session (left out by opts.include) */
    Q_SUSPENDED,
    Q_BURIED,
    Q_NEW,
    Q_LEARN, /* learning or relearning */
    Q_DUE,   /* review, due before the day ends */
    Q_LATER, /* review, due after */
    Q_NCLASSES
};

typedef struct vg_item {
    vg_session_card pub; /* first: a vg_session_card * is a vg_item * */
    size_t order;        /* position in deck order: the new queue's key, every tie's breaker */
    uint32_t version;    /* heap entries with another version are stale */
    unsigned char cls;   /* enum S_class */
    bool included;
} vg_item;

typedef struct vg_hent {
    vg_time key;
    size_t order;
    size_t item;
    uint32_t version;
} vg_hent;

typedef struct vg_heap {
    vg_hent *a;
    size_t n, cap;
} vg_heap;

typedef struct vg_undo {
    size_t item;
    vg_time t;
    int rating;
    vg_sched_card prev;
    bool counted_new, counted_review;
} vg_undo;

struct vg_session {
    const vg_session_deck *decks_in;
    vg_session_deck *decks; /* copies of the names */
    size_t ndecks;
    vg_store *store;
    const vg_sched *sched;
    vg_session_opts opts;

    vg_item *items;
    size_t nitems;
    size_t *first; /* first item of each deck */

    vg_heap learn, review, fresh; /* keyed by due, due, order */
    size_t counts[Q_NCLASSES];
    vg_time day_start, day_end;
    size_t new_today, reviews_today;
    size_t front; /* an undone card shown first; SIZE_MAX when none */

    vg_undo *undo;
    size_t nundo, capundo;

    vg_relink *relinks;
    size_t nrelinks;
    vg_record **orphans;
    size_t norphans;
    char **strings; /* old fronts kept for the relink report */
    size_t nstrings;
};

/* session_link.c: binds items to records, carries records over, lists orphans. */
vg_status vg_session_link(vg_session *s, vg_error *err);

#endif
