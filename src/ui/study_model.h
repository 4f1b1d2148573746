/* The study screen's model: a thin adapter between the two front ends (the study screen,
 * src/ui/study.c, and the plain line mode of src/cli/cmd_study.c) and the core's session
 * (include/vgrev/session.h), which decides everything: the queue, journaled answers, undo of
 * answers, buries and suspensions, leeches, study ahead, cram, the session and day limits,
 * reading an edited deck again, when the next card is due. The model only remembers the card
 * shown now and when the next learning card comes back, and puts a card in the shape the
 * screens draw. Times are Unix seconds. The model borrows the decks (and their names), the
 * store and the scheduler, which must outlive it. */
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

enum { STUDY_LEECH_LAPSES = VG_SESSION_LEECH_LAPSES };

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

/* Opens the session (vg_session_open with opts; cram sets opts.cram, and store may then be
 * NULL). decks[] is copied by the session; what it points to is borrowed. */
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

/* Makes the next waiting learning card the current one (study ahead, vg_session_ahead). */
void study_model_ahead(study_model *m, int64_t now);

/* The interval each rating would give the current card, in seconds (out[0] is Again); -1 when
 * an answer changes no schedule (cram). */
void study_model_intervals(const study_model *m, int64_t now, int64_t out[4]);

/* Answers the current card (rating 1..4): durable when this returns VG_OK. *leech is set when
 * the answer was the card's 8th lapse and the card is suspended now. Compacts the progress
 * when its journal has grown large (a failure there is left for the session's end). */
vg_status study_model_answer(study_model *m, int rating, int64_t now, bool *leech, vg_error *err);

/* Buries the current card until the next day, or suspends it. */
vg_status study_model_bury(study_model *m, int64_t now, vg_error *err);
vg_status study_model_suspend(study_model *m, vg_error *err);

/* Undoes the last answer, bury or suspend; VG_NOT_FOUND when there is nothing to undo. *what
 * and *rating say what was undone. */
vg_status study_model_undo(study_model *m, study_undone *what, int *rating, vg_error *err);

/* How many steps study_model_undo can take back. */
size_t study_model_undo_depth(const study_model *m);

/* What the session did (answers, Again, distinct cards), for the summary. */
void study_model_summary(const study_model *m, vg_session_summary *out);

/* When the next card is due after the session (vg_session_next_due): `now` when a card is
 * left now; 0 when nothing is scheduled. */
int64_t study_model_next_due(study_model *m, int64_t now);

/* Deck `index` was read again (after an edit): the session takes `deck` in its place and
 * keeps its undo history for the cards still there (vg_session_rebind). The caller frees the
 * old deck afterwards; on failure the model keeps the old one. */
vg_status study_model_replace_deck(study_model *m, size_t index, const vg_deck *deck, int64_t now,
                                   vg_error *err);

#endif
