/* A study session: decks + progress + scheduler + the time -> the queue of cards to show, and
 * everything a study screen does with it (answer, undo, bury, suspend, leeches, study ahead,
 * cram, an edited deck read again). DESIGN §4, §5, §7. The study screen and the plain line
 * mode (src/ui, src/cli) only show what this module decides.
 *
 * The core has no clock: every call that depends on the time takes `now` (Unix seconds, UTC),
 * and the local time's offset from UTC comes with the options, for the day's rollover at 04:00
 * local time.
 *
 * Queue order at any moment: learning cards due now, then review cards due today (until the
 * next 04:00), up to the reviews-per-day limit, then new cards in deck order up to the
 * new-card limit (per day, or per session with opts.new_session_limit), then learning cards
 * due within the learn-ahead window.
 *
 * Cost: vg_session_open and vg_session_rebind walk every card once (and each record's log);
 * so do vg_session_counts (one section) and vg_session_save (a snapshot). Every other call
 * costs O(log n) amortised, or O(1): nothing in the answer path walks all cards (DESIGN §7).
 *
 * Undo: answers, buries and suspensions go on one stack and come back in the reverse order
 * they were done. Each change and each undo is a journal line, synced before the call returns,
 * so an undone answer, bury or suspension stays undone after a crash. The stack itself lives
 * in memory: a new session starts with nothing to undo.
 *
 * Identity (DESIGN §2): vg_session_open binds each deck card to its record by (deck name, id);
 * carries a renamed deck's records over; relinks a record to a card whose front was edited
 * (see docs/progress-format.md, "Cards whose front changed"); lists the records left over. On a
 * writable store the relinks go to the journal.
 *
 * Ownership: the session borrows the decks, the store and the scheduler, which must outlive it
 * (a deck given to vg_session_rebind replaces the old one, which the caller may then free);
 * vg_session_free() frees what the session allocated. Pointers it returns are borrowed, and
 * vg_session_card pointers stay valid until vg_session_rebind or vg_session_free. */
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

enum {
    VG_SESSION_LEECH_LAPSES = 8 /* the default of vg_session_opts.leech_lapses */
};

/* The tag a leech gets (Anki's), whatever leech_action is: `vgrev study --tag leech`. */
#define VG_SESSION_LEECH_TAG "leech"

typedef struct vg_session_opts {
    vg_time now;        /* the time of opening: the study day starts from it */
    int32_t utc_offset; /* seconds east of UTC of local time (e.g. 3600 for UTC+1) */
    /* The study days: today's bounds, limits and buries. days.offset_at NULL means the fixed
     * utc_offset above; days.start_hour is day_starts_at (default 4, Anki's 04:00). */
    vg_days days;
    unsigned new_per_day;     /* new cards introduced per study day */
    unsigned reviews_per_day; /* review cards answered per study day */
    /* With new_session_limit, at most new_per_session new cards in this session (`vgrev study
     * --new N`), however many earlier sessions introduced today: it replaces new_per_day. */
    bool new_session_limit;
    unsigned new_per_session;
    int32_t learn_ahead; /* seconds: show a learning card early when nothing else is left */
    /* Study ahead (`vgrev study --ahead N`): review cards due this many seconds after the
     * day's end are due today too; answering them is an early review the scheduler sees as
     * such (fewer elapsed days). 0: none. */
    vg_time review_ahead;
    /* An answer that gives a card this many lapses, or this many plus a multiple of half of
     * it (8: 8, 12, 16, ...), tags it leech and suspends it, in the same undo step; 0: never. */
    unsigned leech_lapses;
    /* leech_action: tag: a leech is only tagged (vg_session_is_leech), never suspended. */
    bool leech_tag;
    /* An answer buries the card's siblings (the other cards of its note, vg_card.note) that
     * are new or due before the day's end, until the next study day, in the same undo step
     * (bury_siblings, default true; never in cram). */
    bool bury_siblings;
    /* Cram: every card opts.include takes, in deck order, once each; Again shows the card
     * again at the end. Schedules are left as they are: no store change, ever (the store may
     * be NULL; given one, cards bound by deck and id show their states). Bury and suspend only
     * skip the card. */
    bool cram;
    /* A reader's session (statistics): cards are bound to their records and their states
     * read, but no queue is built (nothing is ever due, vg_session_next gives nothing): the
     * day's placing of every card is skipped. */
    bool no_queue;
    /* Which cards to study (e.g. one section); NULL = all. Cards left out are still bound to
     * their records (for identity and counts), just never queued. */
    bool (*include)(size_t deck, const vg_card *card, void *ctx);
    void *include_ctx;
    /* Whether a deck by this name still exists (in the user's deck folder): its records are
     * its own, never taken as a renamed deck's (identity rule 2), so two decks with equal
     * cards (one CSV imported under two names) keep separate progress. NULL: only the
     * session's own decks count as existing. */
    bool (*deck_exists)(const char *name, void *ctx);
    void *deck_exists_ctx;
} vg_session_opts;

/* Defaults: 20 new and 200 reviews per day, no session limit, learn-ahead 20 minutes, leeches
 * at 8 lapses, UTC, all cards, no cram. */
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
 * store may be NULL only with opts->cram. *out is freed with vg_session_free(). */
vg_status vg_session_open(const vg_session_deck *decks, size_t ndecks, vg_store *store,
                          const vg_sched *sched, const vg_session_opts *opts, vg_session **out,
                          vg_error *err);

void vg_session_free(vg_session *s);

/* Deck `index` was read again (after `e` edited its file): the session studies `deck` in its
 * place from now on. The records are bound again (an edited front takes its card's progress
 * along, journaled as at opening), the queue is rebuilt at `now`, and the undo history, the
 * summary's counts and the cram list are kept for every card that is still there (found by
 * its record, or by id). Every vg_session_card pointer given out before is invalid afterwards.
 * Walks all cards, like vg_session_open: once per edit, never per answer. On failure the
 * session goes on with the old deck. */
vg_status vg_session_rebind(vg_session *s, size_t index, const vg_deck *deck, vg_time now,
                            vg_error *err);

/* Writes the snapshot and empties the journal (compaction); call when the session ends. On a
 * read-only store: VG_USAGE. In cram: nothing to do. */
vg_status vg_session_save(vg_session *s, vg_error *err);

/* Meant for idle moments (between keypresses): collects a background snapshot that ended (its
 * error, when it failed), and starts one when the journal has grown past its cap
 * (vg_store_journal_full). Never writes a snapshot itself: that is vg_session_save's, when the
 * session ends. */
vg_status vg_session_idle(vg_session *s, vg_error *err);

/* The card to show at `now`, or NULL when none is left for now; then *wake (if not NULL) is the
 * time the next learning card becomes due, or 0 when no learning card waits. The same card
 * comes back until it is answered, buried or suspended. */
const vg_session_card *vg_session_next(vg_session *s, vg_time now, vg_time *wake);

/* Study ahead: when no card is due at `now`, makes the learning card that comes back first the
 * next card (vg_session_next returns it until it is dealt with). Returns the next card, or
 * NULL when no learning card waits either. */
const vg_session_card *vg_session_ahead(vg_session *s, vg_time now);

/* When the next card is due: `now` when vg_session_next has a card now; else the earliest of
 * the next learning card, the next review (from the next day when today's review limit is
 * reached), the end of a bury, and the next day's start when new cards wait for it; 0 when
 * nothing is scheduled (and always in cram). Suspended cards and cards left out by
 * opts.include do not count. */
vg_time vg_session_next_due(vg_session *s, vg_time now);

/* The interval each rating would give the card at `now`, in seconds (out[0] for Again); -1 in
 * cram, where an answer changes no schedule. */
void vg_session_intervals(const vg_session *s, const vg_session_card *card, vg_time now,
                          int64_t out[4]);

/* Answers a card with a rating (1 Again .. 4 Easy) at `now`: schedules it, appends the answer to
 * the journal and syncs it before returning. When the answer is the card's leech_lapses-th
 * lapse, the card is suspended too (see vg_session_last: .leech). On error nothing changed.
 * In cram: only the card shown can be answered; nothing is written. */
vg_status vg_session_answer(vg_session *s, const vg_session_card *card, int rating, vg_time now,
                            vg_error *err);

/* The same, keeping the answer time: ms from showing the card to the answer (capped at 60 s;
 * VG_MS_NONE when not measured). vg_session_answer keeps none. */
vg_status vg_session_answer_ms(vg_session *s, const vg_session_card *card, int rating, int32_t ms,
                               vg_time now, vg_error *err);

/* Hides the card until the next day's rollover (in cram: skips it). */
vg_status vg_session_bury(vg_session *s, const vg_session_card *card, vg_time now, vg_error *err);

/* Forgets a card (the browser's reset): it is New again from `now`, its log kept for its
 * history (vg_store_forget). Not an undo step. Journaled. */
vg_status vg_session_forget(vg_session *s, const vg_session_card *card, vg_time now, vg_error *err);

/* Unburies a buried card (the browser): it is queued again at once. Not an undo step; a card
 * not buried at `now` is left as it is. Journaled. */
vg_status vg_session_unbury(vg_session *s, const vg_session_card *card, vg_time now, vg_error *err);

/* Suspends (on) or unsuspends a card: suspended cards are never queued (in cram: suspending
 * skips the card). A call that changes nothing is not an undo step. */
vg_status vg_session_suspend(vg_session *s, const vg_session_card *card, bool on, vg_error *err);

typedef enum vg_action_kind {
    VG_ACTION_ANSWER,
    VG_ACTION_BURY,
    VG_ACTION_SUSPEND,
    VG_ACTION_UNSUSPEND,
} vg_action_kind;

/* One step of the undo stack. */
typedef struct vg_session_action {
    vg_action_kind kind;
    const vg_session_card *card;
    int rating; /* an answer's: 1..4 */
    bool leech; /* the answer made the card a leech and suspended it */
} vg_session_action;

/* The step vg_session_undo would take back next; false when there is none. */
bool vg_session_last(const vg_session *s, vg_session_action *out);

/* Takes back the last answer, bury or suspension (several levels, in the reverse order):
 * journaled; an answer's log entry goes and the card's state comes back, a leech is
 * unsuspended, a bury or suspension is lifted. The card comes first in the queue again.
 * *undone (may be NULL) says what was undone. VG_NOT_FOUND when there is nothing to undo.
 * On an error the step stays on the stack (a leech's undo may have unsuspended the card
 * already: then the step that is left is the answer alone). */
vg_status vg_session_undo(vg_session *s, vg_session_action *undone, vg_error *err);

/* How many steps vg_session_undo can take back. */
size_t vg_session_undo_depth(const vg_session *s);

/* What this session did, for its summary. Undone answers do not count. */
typedef struct vg_session_summary {
    size_t answers;   /* answers given */
    size_t again;     /* of them, Again */
    size_t cards;     /* distinct cards answered */
    size_t new_cards; /* of them, cards seen for the first time (0 in cram) */
} vg_session_summary;

void vg_session_summarize(const vg_session *s, vg_session_summary *out);

/* Today (the study day that contains now): the new cards introduced (first review today) and
 * the review cards answered, among the cards this session studies, earlier sessions and this
 * one together; either pointer may be NULL. The counts come from the review logs. */
void vg_session_today(vg_session *s, vg_time now, size_t *new_cards, size_t *reviews);

/* Whether this is a cram session, and how many cards it still has to show (repeats of Again
 * included). */
bool vg_session_cram(const vg_session *s);
size_t vg_session_cram_left(const vg_session *s);

/* The scheduler's state of a card (New when it has no progress). */
void vg_session_card_state(const vg_session *s, const vg_session_card *card, vg_sched_card *out);

/* Deck `index` of the session (the one vg_session_rebind gave, after an edit); NULL when out
 * of range. */
const vg_deck *vg_session_deck_at(const vg_session *s, size_t index);

/* The session's card for a deck card; NULL when out of range. */
const vg_session_card *vg_session_card_at(const vg_session *s, size_t deck, size_t card);

/* Every card once, in the order that reads the progress records from first to last (a big
 * store's records lie by id, where deck order jumps to a page of its own for each card): for k
 * from 0 below vg_session_walk_len(), the card at k, or NULL for a place to skip. The order of
 * a walk over every card's record. */
size_t vg_session_walk_len(const vg_session *s);
const vg_session_card *vg_session_walk_at(const vg_session *s, size_t k);

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
 * limit, new cards within the day's (or the session's) limit: the numbers a study screen
 * shows. All 0 in cram (see vg_session_cram_left). */
void vg_session_remaining(vg_session *s, vg_time now, size_t *new_cards, size_t *learning,
                          size_t *due);

/* What today's limits hold back at `now`: cards that would be studied today but for a limit
 * (0 in cram). New cards are capped by the new-card limit and, as in Anki, by what is left of
 * the review limit (new_by_reviews says that cap is the lower one). */
typedef struct vg_session_held {
    size_t reviews;        /* due reviews beyond reviews_per_day */
    size_t new_cards;      /* new cards beyond the new-card limit (or the review limit's cap) */
    unsigned review_limit; /* reviews_per_day */
    unsigned new_limit;    /* new_per_day, or new_per_session with new_session_limit */
    bool new_session;      /* the new-card limit is the session's (--new N) */
    bool new_by_reviews;   /* the review limit left fewer new cards than the new-card limit */
} vg_session_held;
void vg_session_held_back(vg_session *s, vg_time now, vg_session_held *out);

/* The decks (with the session's copies of their names; *n gets their count), the scheduler
 * and the options the session was opened with. Borrowed from the session. */
const vg_session_deck *vg_session_decks(const vg_session *s, size_t *n);
const vg_sched *vg_session_scheduler(const vg_session *s);
const vg_session_opts *vg_session_options(const vg_session *s);

/* Records moved at opening, and records left with no card in the session's decks. */
const vg_relink *vg_session_relinks(const vg_session *s, size_t *n);
vg_record *const *vg_session_orphans(const vg_session *s, size_t *n);

/* The start of the study day that contains t: the last 04:00 local time at or before t. */
vg_time vg_session_day_start(vg_time t, int32_t utc_offset);

/* The calendar of o (its days, with utc_offset as the zone when days.offset_at is NULL), and
 * the start of the study day of t and of the next one under it. */
vg_days vg_session_days(const vg_session_opts *o);

/* Whether the answer that brings a card to `lapses` lapses makes it a leech (again) under a
 * threshold (0: never): Anki's rule, at the threshold and every half threshold after it. */
bool vg_session_leech_at(unsigned threshold, int32_t lapses);

/* Whether a card is a leech: its record has the leech tag, which an answer adds at the
 * threshold and every half threshold after (the mark of `list` and of the study screen). */
bool vg_session_is_leech(const vg_session *s, const vg_session_card *card);
vg_time vg_session_day_begin(const vg_session_opts *o, vg_time t);
vg_time vg_session_day_next(const vg_session_opts *o, vg_time t);

/* A tag naming the scheduler and its parameters ("fsrs 1a2b..." / "sm2 ..."): cached states
 * are valid only for the tag that computed them. Needs 40 bytes. */
void vg_session_sched_tag(const vg_sched *sched, char out[40]);

/* Levenshtein distance between two UTF-8 strings in characters, with whitespace runs folded to
 * one space and the ends trimmed; any value above `limit` is returned as limit + 1. Exposed
 * for tests. */
unsigned vg_session_edit_distance(const char *a, const char *b, unsigned limit);

#endif
