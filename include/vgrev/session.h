/* A study session: decks + progress + scheduler + the time -> the queue of cards to show, and
 * the changes a study screen makes (answer, undo, bury, suspend). DESIGN §4, §5, §7.
 *
 * The core has no clock: every call that depends on the time takes `now` (Unix seconds, UTC),
 * and the local time's offset from UTC comes with the options, for the day's rollover at 04:00
 * local time.
 *
 * Queue order at any moment: learning cards due now, then review cards due today (until the
 * next 04:00), up to the reviews-per-day limit, then new cards in deck order up to the
 * new-per-day limit, then learning cards due within the learn-ahead window. Answering, undoing,
 * burying and suspending cost O(log n): no call after vg_session_open walks all the cards
 * (DESIGN §7), except the counts for `vgrev list` and vg_session_save.
 *
 * Identity (DESIGN §2): vg_session_open binds each deck card to its record by (deck name, id);
 * carries a renamed deck's records over; relinks a record to a card whose front was edited
 * (see docs/progress-format.md, "Cards whose front changed"); lists the records left over. On a
 * writable store the relinks go to the journal.
 *
 * Ownership: the session borrows the decks, the store and the scheduler, which must outlive it;
 * vg_session_free() frees what the session allocated. Pointers it returns are borrowed. */
#ifndef VGREV_SESSION_H
#define VGREV_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/store.h"
#include "vgrev/time.h"

typedef struct vg_session vg_session;

/* A deck in a session, with the name its records carry (its file name without ".md"). */
typedef struct vg_session_deck {
    const vg_deck *deck;
    const char *name;
} vg_session_deck;

typedef struct vg_session_opts {
    vg_time now;              /* the time of opening: the study day starts from it */
    int32_t utc_offset;       /* seconds east of UTC of local time (e.g. 3600 for UTC+1) */
    unsigned new_per_day;     /* new cards introduced per study day */
    unsigned reviews_per_day; /* review cards answered per study day */
    int32_t learn_ahead;      /* seconds: show a learning card early when nothing else is left */
    /* Which cards to study (e.g. one section); NULL = all. Cards left out are still bound to
     * their records (for identity and counts), just never queued. */
    bool (*include)(size_t deck, const vg_card *card, void *ctx);
    void *include_ctx;
} vg_session_opts;

/* Defaults: 20 new and 200 reviews per day, learn-ahead 20 minutes, UTC, all cards. */
void vg_session_opts_default(vg_session_opts *o, vg_time now);

/* A card as the session sees it. */
typedef struct vg_session_card {
    size_t deck;         /* index into the decks given to vg_session_open */
    const vg_card *card; /* borrowed from that deck */
    vg_record *rec;      /* its progress; NULL until the card has any */
} vg_session_card;

/* A record moved to another card when the session opened. */
typedef struct vg_relink {
    const vg_session_card *to; /* the card it now belongs to */
    char old_id[VG_CARD_ID_LEN + 1];
    const char *old_deck;  /* the deck name it had (owned by the store) */
    const char *old_front; /* the front it had (owned by the session) */
    unsigned distance;     /* edit distance between the fronts (0: same front) */
    bool moved_deck;       /* it came from a deck of another name (a renamed file) */
} vg_relink;

/* Binds, relinks and builds the queue. Records whose cached state is stale, or was computed by
 * another scheduler (vg_store_scheduler differs from vg_session_sched_tag), are replayed first.
 * *out is freed with vg_session_free(). */
vg_status vg_session_open(const vg_session_deck *decks, size_t ndecks, vg_store *store,
                          const vg_sched *sched, const vg_session_opts *opts, vg_session **out,
                          vg_error *err);

void vg_session_free(vg_session *s);

/* Writes the snapshot and empties the journal (compaction); call when the session ends. On a
 * read-only store: VG_USAGE. */
vg_status vg_session_save(vg_session *s, vg_error *err);

/* Compacts when the journal has grown past its bound; meant for idle moments (between
 * keypresses), since a snapshot write walks every record. */
vg_status vg_session_idle(vg_session *s, vg_error *err);

/* The card to show at `now`, or NULL when none is left for now; then *wake (if not NULL) is the
 * time the next learning card becomes due, or 0 when nothing more comes today. The same card
 * comes back until it is answered, buried or suspended. */
const vg_session_card *vg_session_next(vg_session *s, vg_time now, vg_time *wake);

/* Answers a card with a rating (1 Again .. 4 Easy) at `now`: schedules it, appends the answer to
 * the journal and syncs it before returning. On error nothing changed. */
vg_status vg_session_answer(vg_session *s, const vg_session_card *card, int rating, vg_time now,
                            vg_error *err);

/* Undoes the last answer (several levels): removes it from the log (journaled), restores the
 * card's state and puts the card first in the queue. *card (may be NULL) gets that card.
 * VG_NOT_FOUND when there is nothing to undo. */
vg_status vg_session_undo(vg_session *s, const vg_session_card **card, vg_error *err);

/* How many answers vg_session_undo can take back. */
size_t vg_session_undo_depth(const vg_session *s);

/* Hides the card until the next day's rollover. */
vg_status vg_session_bury(vg_session *s, const vg_session_card *card, vg_time now, vg_error *err);

/* Suspends (on) or unsuspends a card: suspended cards are never queued. */
vg_status vg_session_suspend(vg_session *s, const vg_session_card *card, bool on, vg_error *err);

/* The scheduler's state of a card (New when it has no progress). */
void vg_session_card_state(const vg_session *s, const vg_session_card *card, vg_sched_card *out);

/* The session's card for a deck card; NULL when out of range. */
const vg_session_card *vg_session_card_at(const vg_session *s, size_t deck, size_t card);

typedef struct vg_counts {
    size_t cards;     /* cards in the section */
    size_t new_cards; /* never reviewed, not suspended */
    size_t learning;  /* in learning or relearning, not suspended */
    size_t due;       /* review cards due before the next rollover, not suspended or buried */
    size_t suspended;
} vg_counts;

/* Counts of a section (for `vgrev list`) at `now`. Walks the section's cards. */
void vg_session_counts(const vg_session *s, size_t deck, size_t section, vg_time now,
                       vg_counts *out);

/* What is left in today's queue at `now`: learning cards due today, reviews within the daily
 * limit, new cards within the daily limit (the numbers a study screen shows). */
void vg_session_remaining(vg_session *s, vg_time now, size_t *new_cards, size_t *learning,
                          size_t *due);

/* Records moved at opening, and records left with no card in the session's decks. */
const vg_relink *vg_session_relinks(const vg_session *s, size_t *n);
vg_record *const *vg_session_orphans(const vg_session *s, size_t *n);

/* The start of the study day that contains t: the last 04:00 local time at or before t. */
vg_time vg_session_day_start(vg_time t, int32_t utc_offset);

/* A tag naming the scheduler and its parameters ("fsrs 1a2b..." / "sm2 ..."): cached states
 * are valid only for the tag that computed them. Needs 40 bytes. */
void vg_session_sched_tag(const vg_sched *sched, char out[40]);

/* Levenshtein distance between two UTF-8 strings in characters, with whitespace runs folded to
 * one space and the ends trimmed; any value above `limit` is returned as limit + 1. Exposed
 * for tests. */
unsigned vg_session_edit_distance(const char *a, const char *b, unsigned limit);

#endif
