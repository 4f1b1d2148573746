/* The study screen (issue 6): front, back, the four answer buttons, undo, bury, suspend, edit,
 * the countdown while learning cards wait, and the summary at the end. The session itself
 * (what to show, what an answer does) is the model's; this file only shows it and takes keys.
 * The summary's words are the core's (vg_study_report, include/vgrev/report.h), shared with
 * the plain line mode of src/cli. */
#ifndef VG_UI_STUDY_H
#define VG_UI_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vgrev/study.h"
#include "ui/ui.h"
#include "vgrev/buf.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/report.h"

typedef struct ui_study_opts {
    const char *title; /* the top line's name of what is studied (the deck's title) */
    /* Reads deck `index` of the session again after `e` edited its file and hands it to the
     * model (vg_study_replace_deck); on failure the old deck stays. */
    vg_status (*reload)(void *ctx, size_t index, vg_error *err);
    void *ctx;
    const char *hint; /* a notice shown until the first key (NULL: none) */
} ui_study_opts;

/* Runs the study screen until the session ends or the user quits; fills *stats. */
void ui_study_run(ui *u, vg_study *m, const ui_study_opts *opts, vg_study_report *stats);

/* Pushes the study screen over m on the screen stack (opts is copied, its title too); when it
 * is popped, done(ctx, u, stats) runs (may be NULL) with the screen below on top. m must
 * outlive the screen. False when out of memory or the stack is full. */
bool ui_study_push(ui *u, vg_study *m, const ui_study_opts *opts,
                   void (*done)(void *ctx, ui *u, const vg_study_report *st), void *ctx);

#endif
