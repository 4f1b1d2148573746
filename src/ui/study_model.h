/* What the study screen and the plain line mode ask of a study session: the card to show,
 * the counts, the intervals of the four buttons, and the actions on the card.
 *
 * TEMPORARY: until the core's session (include/vgrev/session.h) is on main this is a small
 * stand-in that queues every card of the decks as new and moves it with the scheduler,
 * so the screens can be built and tested. It is replaced by the real session; nothing else
 * depends on its internals. Times are Unix seconds. */
#ifndef VG_STUDY_MODEL_H
#define VG_STUDY_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/deck.h"
#include "vgrev/error.h"

typedef struct study_model study_model;

typedef struct study_model_opts {
    const char *section; /* only cards of sections whose title contains this; NULL for all */
    size_t new_limit;    /* new cards in the session (0: the default, 20) */
    bool cram;           /* show the cards without changing their schedule */
    bool sm2;            /* SM-2 instead of FSRS */
} study_model_opts;

typedef struct study_counts {
    size_t new_cards, learning, due; /* still to show, the current card included */
    size_t answered;                 /* answers given in this session */
} study_counts;

/* A card as the screens see it: borrowed from its deck. */
typedef struct study_card {
    const vg_deck *deck;
    size_t deck_index; /* which of the session's decks */
    const vg_card *card;
    bool is_new;
} study_card;

/* The decks stay the caller's and must outlive the model (see study_model_replace_deck). */
vg_status study_model_new(vg_deck *const *decks, size_t ndecks, const study_model_opts *opts,
                          int64_t now, study_model **out, vg_error *err);
void study_model_free(study_model *m);

void study_model_counts(const study_model *m, study_counts *out);

/* The card to show at `now`; false when none is due (see study_model_next_wait). */
bool study_model_current(study_model *m, int64_t now, study_card *out);

/* When the next card waiting in learning comes back (0: none waits). */
int64_t study_model_next_wait(const study_model *m);

/* Makes the earliest waiting card due now (study ahead). */
void study_model_ahead(study_model *m, int64_t now);

/* The interval each rating would give the current card, in seconds (out[0] is Again). */
void study_model_intervals(const study_model *m, int64_t now, int64_t out[4]);

/* Answers the current card (rating 1..4). *leech is set when the answer made the card a
 * leech (its 8th lapse) and suspended it. */
vg_status study_model_answer(study_model *m, int rating, int64_t now, bool *leech, vg_error *err);

/* Buries the current card until tomorrow, or suspends it. */
vg_status study_model_bury(study_model *m, int64_t now, vg_error *err);
vg_status study_model_suspend(study_model *m, vg_error *err);

/* Undoes the last answer, bury or suspend; false when there is nothing to undo. */
bool study_model_undo(study_model *m, vg_error *err);

/* The earliest time any card of the decks is due after the session (0: none). Walks the
 * cards: for the end of the session only. */
int64_t study_model_next_due(const study_model *m, int64_t now);

/* The deck at `index` was read again (after an edit): the model takes `deck` in place of the
 * old one, which the caller may free afterwards. Cards keep their progress by id; a card
 * whose id vanished leaves the session. */
vg_status study_model_replace_deck(study_model *m, size_t index, vg_deck *deck, vg_error *err);

#endif
