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
    uint32_t answered;   /* answers this session gave the card (for the summary) */
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

/* One step of the undo stack. */
typedef struct vg_undo {
    size_t item;
    vg_time t;           /* an answer: the review's time; a bury or suspension: when it was done */
    vg_time day;         /* the start of the study day the answer was counted in */
    vg_time prev_buried; /* a bury: buried_until before it */
    vg_sched_card prev;  /* an answer: the state before it */
    size_t cram_pos;     /* cram: where the list stood before */
    int rating;
    unsigned char kind;  /* vg_action_kind */
    bool leech;          /* the answer suspended the card */
    bool leech_tagged;   /* the answer gave the card the leech tag */
    bool counted_new;    /* the answer introduced a new card (today's and the session's count) */
    bool counted_review; /* the answer was the card's first review today */
    bool cram_appended;  /* cram: Again put the card at the end of the list */
    bool sibling;        /* a bury of a sibling: part of the answer under it on the stack */
} vg_undo;

struct vg_session {
    vg_session_deck *decks; /* copies of the names */
    size_t ndecks;
    vg_store *store; /* NULL in a cram session without progress */
    const vg_sched *sched;
    vg_session_opts opts;

    vg_item *items;
    size_t nitems;
    size_t *first;   /* first item of each deck */
    vg_item **bound; /* by vg_record_index: the item each record is bound to, or NULL */
    size_t nbound;

    vg_heap learn, review, fresh; /* keyed by due, due, order */
    vg_heap buried;               /* keyed by when the card is due after its bury */
    size_t counts[Q_NCLASSES];
    vg_time day_start, day_end;
    size_t new_today, reviews_today;
    size_t front; /* a card to show first (undone, or studied ahead); SIZE_MAX when none */

    vg_undo *undo;
    size_t nundo, capundo;
    vg_session_summary done; /* .new_cards also counts against opts.new_per_session */

    size_t *cram; /* cram: the list of items to show, and the position in it */
    size_t ncram, capcram, cram_pos;

    vg_relink *relinks;
    size_t nrelinks, caprelinks;
    vg_record **orphans;
    size_t norphans, caporphans;
    char **strings; /* old fronts kept for the relink report */
    size_t nstrings, capstrings;
};

/* session/identity.c: binds items to records, carries records over, lists orphans. */
vg_status vg_session_link(vg_session *s, vg_error *err);
/* The item rec is bound to in s, or NULL; binding one (false when out of memory). */
vg_item *vg_session_bound(const vg_session *s, const vg_record *rec);
bool vg_session_bind(vg_session *s, const vg_record *rec, vg_item *it);
/* Brings the section and front each bound record shows to readers up to date with its card
 * (whitespace, a section's numbering): done before a snapshot is written rather than at
 * opening, where it would read every string of the deck and the file (false: out of memory). */
bool vg_session_describe(vg_session *s);

/* session/queue.c, for session/actions.c: the card's state (New without a record); puts an item
 * (back) in the class and heap its state says at `now` (false when out of memory); rolls the day
 * over when `now` left it (false when out of memory). */
void vg_session_state(const vg_session *s, const vg_item *it, vg_sched_card *out);
bool vg_session_place(vg_session *s, size_t item, vg_time now);
bool vg_session_roll(vg_session *s, vg_time now);
vg_item *vg_session_item(const vg_session *s, const vg_session_card *card);
/* Appends an item to the cram list; false when out of memory. */
bool vg_session_cram_push(vg_session *s, size_t item);

#endif
