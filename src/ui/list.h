/* The browser of `vgrev list` on a terminal (issue 7): a deck's sections with their counts,
 * a section's cards with their state, a card rendered as in the study screen, incremental
 * search of fronts and backs, suspending, editing, and study sessions of a section or of the
 * search results through the study screen.
 *
 * Progress: the browser starts on whatever store it is given (read-only for `vgrev list`)
 * and asks the host for a writable one at the first change (S, or s to study): the lock is
 * taken then, as `vgrev study` takes it, and held until the browser ends. When another vgrev
 * holds it, the browser stays read-only and says so at each change attempted. */
#ifndef VG_UI_LIST_H
#define VG_UI_LIST_H

#include <stdint.h>

#include "ui/ui.h"
#include "vgrev/deck.h"
#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/session.h"
#include "vgrev/store.h"

typedef struct ui_list_host {
    const char *deck_name; /* the name the deck's progress records carry */
    const vg_sched *sched;
    /* The sessions' options: the daily limits and the local time's offset (for the day's
     * rollover and the dates shown); the browser sets the time and what to study. */
    vg_session_opts session;
    /* Reads the deck's file again (after an edit); *out is the caller's to free then. */
    vg_status (*load_deck)(void *ctx, vg_deck **out, vg_error *err);
    /* Makes *store writable, taking its lock (VG_LOCKED when another vgrev holds it), and
     * prints nothing (the screen is up): in place when the file is what *store was read
     * from, or by opening it again into a new *store (the old one is then the browser's to
     * free). */
    vg_status (*open_store)(void *ctx, vg_store **store, vg_error *err);
    void *ctx;
} ui_list_host;

/* Runs the browser until the user leaves. *deck and *store stay the caller's to free with
 * vg_deck_free and vg_store_free, but the browser may replace either: after an edit *deck is
 * the deck read again (the old one freed), and at the first change *store is the writable
 * store (the old one freed). On leaving, a writable store that changed has its journal
 * folded into the snapshot (vg_store_save); one that did not writes nothing. Returns VG_OK, or the
 * error that ended the browser. */
vg_status ui_list_run(ui *u, const ui_list_host *host, vg_deck **deck, vg_store **store,
                      vg_error *err);

#endif
