/* The study screen's model: what the study screen and the plain line mode of src/cli ask of a
 * study session. It runs the core's session (include/vgrev/session.h: the queue, the journaled
 * answers, undo, bury, suspend) and adds what both front ends need on top of it:
 * - the card shown now and the intervals of its four buttons (vg_sched_preview);
 * - leeches: an answer that makes a card's 8th lapse suspends it (and undo takes both back);
 * - undo of bury and suspend as well as of answers, in the order they were done;
 * - study ahead: the next waiting learning card now;
 * - cram: every selected card in deck order, without a store and without touching schedules
 *   (Again shows the card again at the end);
 * - reading a deck again after an edit (a new session over the same store);
 * - when the next card is due, for the summary.
 * Times are Unix seconds. The model borrows the decks (and their names), the store and the
 * scheduler, which must outlive it. */
#ifndef VG_STUDY_MODEL_H
#define VG_STUDY_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/session.h"
#include "vgrev/store.h"

enum { STUDY_LEECH_LAPSES = 8 };

typedef struct study_model study_model;

typedef struct study_counts {
    size_t new_cards, learning, due; /* left for today, the current card included */
    bool cram;
    size_t cram_left; /* cram: cards still to show */
} study_counts;

/* A card as the screens see it: borrowed from its deck. */
typedef struct study_card {
    const vg_deck *deck;
    size_t deck_index; /* which of the session's decks */
    const vg_card *card;
    vg_card_state state;
    int32_t lapses;
} study_card;

/* What study_model_undo took back. */
typedef enum study_undone {
    STUDY_UNDID_ANSWER, /* rating in *rating */
    STUDY_UNDID_BURY,
    STUDY_UNDID_SUSPEND,
} study_undone;

/* Opens the session (vg_session_open with opts) or, with cram, a list of the cards opts
 * includes (store may then be NULL). decks[] is copied; what it points to is borrowed. */
vg_status study_model_new(const vg_session_deck *decks, size_t ndecks, vg_store *store,
                          const vg_sched *sched, const vg_session_opts *opts, bool cram,
                          study_model **out, vg_error *err);
/* Frees the model and its session (without saving: see study_model_save). NULL is fine. */
void study_model_free(study_model *m);

/* Writes the progress snapshot (vg_session_save); nothing to do in cram. */
vg_status study_model_save(study_model *m, vg_error *err);

void study_model_counts(study_model *m, int64_t now, study_counts *out);

/* The card to show at `now`; false when none is left for now (see study_model_next_wait). */
bool study_model_current(study_model *m, int64_t now, study_card *out);

/* After study_model_current returned false: when the next learning card comes back today,
 * or 0 when nothing more comes today. */
int64_t study_model_next_wait(const study_model *m);

/* Makes the next waiting learning card the current one (study ahead). */
void study_model_ahead(study_model *m);

/* The interval each rating would give the current card, in seconds (out[0] is Again); -1 when
 * an answer changes no schedule (cram). */
void study_model_intervals(const study_model *m, int64_t now, int64_t out[4]);

/* Answers the current card (rating 1..4): durable when this returns. *leech is set when the
 * answer was the card's 8th lapse and the card is suspended now. */
vg_status study_model_answer(study_model *m, int rating, int64_t now, bool *leech, vg_error *err);

/* Buries the current card until the next day, or suspends it. */
vg_status study_model_bury(study_model *m, int64_t now, vg_error *err);
vg_status study_model_suspend(study_model *m, vg_error *err);

/* Undoes the last answer, bury or suspend; VG_NOT_FOUND when there is nothing to undo. *what
 * and *rating say what was undone. */
vg_status study_model_undo(study_model *m, study_undone *what, int *rating, vg_error *err);

/* When the next card is due after the session: `now` when cards are left today, else the
 * earliest due time of a card that is not suspended (new cards count from the next day);
 * 0 when nothing is scheduled. Walks the cards: for the end of a session only. */
int64_t study_model_next_due(study_model *m, int64_t now);

/* Deck `index` was read again (after an edit): the model opens its session again over `deck`
 * (same store, same options; the undo history is dropped). The caller frees the old deck
 * afterwards; on failure the model keeps the old one. */
vg_status study_model_replace_deck(study_model *m, size_t index, const vg_deck *deck, int64_t now,
                                   vg_error *err);

#endif
