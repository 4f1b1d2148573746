/* The study screen (issue 6): front, back, the four answer buttons, undo, bury, suspend, edit,
 * the countdown while learning cards wait, and the summary at the end. The session itself
 * (what to show, what an answer does) is the model's; this file only shows it and takes keys.
 * The summary text is shared with the plain line mode of src/cli. */
#ifndef VG_UI_STUDY_H
#define VG_UI_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/study_model.h"
#include "ui/ui.h"
#include "vgrev/buf.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"

typedef struct ui_study_opts {
    const char *title; /* the top line's name of what is studied (the deck's title) */
    /* Reads deck `index` of the session again after `e` edited its file and hands it to the
     * model (study_model_replace_deck); on failure the old deck stays. */
    vg_status (*reload)(void *ctx, size_t index, vg_error *err);
    void *ctx;
} ui_study_opts;

/* What a session did, for the summary. */
typedef struct ui_study_stats {
    size_t cards;   /* distinct cards answered */
    size_t answers; /* answers given (undone ones not counted) */
    size_t again;   /* of them, Again */
    int64_t start, end;
    int64_t next_due; /* when the next card is due after the session; 0: none */
    bool finished;    /* every card due was studied (not stopped early) */
    bool cram;        /* schedules were left as they were */
} ui_study_stats;

/* Runs the study screen until the session ends or the user quits; fills *stats. */
void ui_study_run(ui *u, study_model *m, const ui_study_opts *opts, ui_study_stats *stats);

/* Pushes the study screen over m on the screen stack (opts is copied, its title too); when it
 * is popped, done(ctx, u, stats) runs (may be NULL) with the screen below on top. m must
 * outlive the screen. False when out of memory or the stack is full. */
bool ui_study_push(ui *u, study_model *m, const ui_study_opts *opts,
                   void (*done)(void *ctx, ui *u, const ui_study_stats *st), void *ctx);

/* The summary's heading ("Session done. Well studied!", "Session stopped.", "Nothing to study
 * right now.") and its lines of plain text ("Cards studied   12", ...; only when the next cards
 * are due when nothing was studied), each ending in '\n'. */
const char *ui_study_heading(const ui_study_stats *s);
void ui_study_summary(const ui_study_stats *s, vg_buf *out);

/* Short labels: a wait ("9:41", "1:02:03"), and a time to come relative to now ("now",
 * "in 10 minutes", "in 3 days"). Button intervals are vg_sched_format_interval's. */
void ui_format_clock(int64_t secs, char *buf, size_t size);
void ui_format_when(int64_t t, int64_t now, char *buf, size_t size);

#endif
