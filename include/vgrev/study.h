/* A study session as the front ends see it (session module): a thin adapter between the two
 * front ends (the study screen, src/ui/study.c, and the plain line mode of src/cli/cmd_study.c) and
 * the core's session (include/vgrev/session.h), which decides everything: the queue, journaled
 * answers, undo of answers, buries and suspensions, leeches, study ahead, cram, the session and day
 * limits, reading an edited deck again, when the next card is due. The model only remembers the
 * card shown now and when the next learning card comes back, and puts a card in the shape the
 * screens draw. Times are Unix seconds. The model borrows the decks (and their names), the
 * store and the scheduler, which must outlive it. */
#ifndef VGREV_STUDY_H
#define VGREV_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/report.h"
#include "vgrev/sched.h"
#include "vgrev/session.h"
#include "vgrev/store.h"

typedef struct vg_study vg_study;

typedef struct vg_study_counts {
    size_t new_cards, learning, due; /* left for today, the current card included */
    bool cram;
    size_t cram_left; /* cram: cards still to show */
} vg_study_counts;

/* A card as the screens see it: borrowed from its deck. */
typedef struct vg_study_card {
    const vg_deck *deck;
    size_t deck_index; /* which of the session's decks */
    const vg_card *card;
    vg_card_state state;
    int32_t lapses;
    bool leech; /* lapses at or above the leech threshold (vg_session_is_leech) */
} vg_study_card;

/* What vg_study_undo took back. */
typedef enum vg_study_undone {
    VG_STUDY_UNDID_ANSWER, /* rating in *rating */
    VG_STUDY_UNDID_BURY,
    VG_STUDY_UNDID_SUSPEND,
} vg_study_undone;

/* Opens the session (vg_session_open with opts; cram sets opts.cram, and store may then be
 * NULL). decks[] is copied by the session; what it points to is borrowed. */
vg_status vg_study_new(const vg_session_deck *decks, size_t ndecks, vg_store *store,
                       const vg_sched *sched, const vg_session_opts *opts, bool cram,
                       vg_study **out, vg_error *err);
/* Frees the model and its session (without saving: see vg_study_save). NULL is fine. */
void vg_study_free(vg_study *m);

/* Writes the progress snapshot (vg_session_save); nothing to do in cram. */
vg_status vg_study_save(vg_study *m, vg_error *err);

void vg_study_count(vg_study *m, int64_t now, vg_study_counts *out);

/* Fills r->held (what today's limits hold back at r->end) and the local offsets at r->end
 * and r->next_due, for the summary's wording. */
void vg_study_limits(vg_study *m, vg_study_report *r);

/* The card to show at `now`; false when none is left for now (see vg_study_next_wait). */
bool vg_study_current(vg_study *m, int64_t now, vg_study_card *out);

/* After vg_study_current returned false: when the next learning card comes back today,
 * or 0 when nothing more comes today. */
int64_t vg_study_next_wait(const vg_study *m);

/* Makes the next waiting learning card the current one (study ahead, vg_session_ahead). */
void vg_study_ahead(vg_study *m, int64_t now);

/* The interval each rating would give the current card, in seconds (out[0] is Again); -1 when
 * an answer changes no schedule (cram). */
void vg_study_intervals(const vg_study *m, int64_t now, int64_t out[4]);

/* Answers the current card (rating 1..4): durable when this returns VG_OK. *leech is set when
 * the answer was the card's 8th lapse and the card is suspended now. */
vg_status vg_study_answer(vg_study *m, int rating, int64_t now, bool *leech, vg_error *err);

/* The same, keeping ms, the time from showing the card to the answer (the ui measures it;
 * VG_MS_NONE when it did not). */
vg_status vg_study_answer_ms(vg_study *m, int rating, int32_t ms, int64_t now, bool *leech,
                             vg_error *err);

/* What an answer leaves for a quiet moment: the progress compacted when its journal has grown
 * large (started in the background). Call it once the next card is shown, so that it never
 * delays it; it does nothing more until the next answer. A failure there fails no answer (they are
 * in the journal) and is reported by vg_study_save_warning: true when there is such a warning to
 * show. */
bool vg_study_idle(vg_study *m);

/* True once when saves start failing (the progress snapshot cannot be written: a full disk, a
 * read-only folder), with the reason in *out; again only after a save has succeeded and a
 * later one fails. Answers stay safe in the journal meanwhile: show it as a warning. */
bool vg_study_save_warning(vg_study *m, vg_error *out);

/* Buries the current card until the next day, or suspends it. */
vg_status vg_study_bury(vg_study *m, int64_t now, vg_error *err);
vg_status vg_study_suspend(vg_study *m, vg_error *err);

/* Undoes the last answer, bury or suspend; VG_NOT_FOUND when there is nothing to undo. *what
 * and *rating say what was undone. */
vg_status vg_study_undo(vg_study *m, vg_study_undone *what, int *rating, vg_error *err);

/* How many steps vg_study_undo can take back. */
size_t vg_study_undo_depth(const vg_study *m);

/* What the session did (answers, Again, distinct cards), for the summary. */
void vg_study_summary(const vg_study *m, vg_session_summary *out);

/* When the next card is due after the session (vg_session_next_due): `now` when a card is
 * left now; 0 when nothing is scheduled. */
int64_t vg_study_next_due(vg_study *m, int64_t now);

/* Deck `index` was read again (after an edit): the session takes `deck` in its place and
 * keeps its undo history for the cards still there (vg_session_rebind). The caller frees the
 * old deck afterwards; on failure the model keeps the old one. */
vg_status vg_study_replace_deck(vg_study *m, size_t index, const vg_deck *deck, int64_t now,
                                vg_error *err);

#endif
