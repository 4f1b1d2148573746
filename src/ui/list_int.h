/* Private to the browser: its state, and what its three files share. list.c has the
 * browser's model (the session, the counts, the views, the search) and its keys; list_act.c
 * what changes things (the lock, suspending, editing, studying, the stats screen); list_draw.c
 * the drawing. */
#ifndef VG_UI_LIST_INT_H
#define VG_UI_LIST_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/list.h"
#include "ui/ui.h"
#include "vgrev/buf.h"
#include "vgrev/search.h"
#include "vgrev/session.h"

typedef enum list_kind { V_SECTIONS, V_CARDS, V_CARD } list_kind;

typedef struct list_view {
    list_kind kind;
    bool results;   /* CARDS: the search results rather than a section's cards */
    size_t section; /* CARDS of a section */
    size_t card;    /* CARD: its index in the deck */
    ui_pos pos;     /* a list: the selected item and the first shown; CARD: the body's lines */
} list_view;

enum {
    LIST_MAX_VIEWS = 8,
    LIST_ROWS_GUESS = 50, /* the rows of a list before the first draw */
    /* the work of a search at a key or a tick (vg_search_more): about 1 ms here */
    LIST_SEARCH_WORK = 2 * 1024 * 1024,
};

typedef struct list_browser {
    ui *u;
    const ui_list_host *h;
    vg_deck **deckp;
    vg_store **storep;
    vg_session *ses;
    bool writable;
    bool failed; /* fatal: the browser ends with this error */
    vg_error fatal;
    size_t reset_armed; /* 1 + the card a first R asked about; 0: none */

    vg_counts *counts; /* per section */
    vg_counts total;
    vg_buf summary; /* per section: its intro, or its fronts, on one line (list_summary) */
    size_t *sum_off, *sum_len; /* where each is in summary; SIZE_MAX: not made yet */
    vg_section_numbers nums;   /* what the sections are called by (vg_section_numbers_init) */
    int numw;                  /* columns of the widest section number with its '.' */

    list_view views[LIST_MAX_VIEWS];
    size_t nviews;
    ui_card_view cv;

    /* search */
    bool typing;
    vg_buf query, old_query; /* as typed; before the prompt opened */
    size_t search_base;      /* the stack depth under the results view */
    vg_search search;
    size_t rows; /* the rows of the list at the last draw */

    vg_buf row; /* scratch for one row */
} list_browser;

/* A view of kind; a list starts with item sel selected. */
list_view list_mkview(list_kind kind, bool results, size_t section, size_t sel, size_t card);

const vg_deck *list_deck(const list_browser *b);
list_view *list_top(list_browser *b);
int64_t list_now(const list_browser *b);

/* The keymap of the view on top, or of the search prompt while typing. */
const ui_keymap *list_keymap(void *ctx);

/* A fatal error: the browser ends with it. */
void list_fail(list_browser *b, const vg_error *err);
void list_nomem(list_browser *b);

/* A section's title ("(before the first section)" for the cards before the first one), and
 * with its number ("5. Solutions to ..."). Appended to out. */
void list_section_title(const vg_deck *deck, size_t i, vg_buf *out);
void list_section_label(const list_browser *b, size_t i, vg_buf *out);

/* The counts of section i again, and the deck's total from the sections'. */
void list_count_section(list_browser *b, size_t i);
void list_count_total(list_browser *b);

/* Opens the browser's session over the deck and the store, and counts; false (fatal) when
 * it cannot. */
bool list_open_session(list_browser *b);

/* Makes what depends on the deck alone again (after a reload); false (fatal) when out of
 * memory. */
bool list_deck_changed(list_browser *b);
/* Section i's summary line, made when first shown (a big deck has thousands); "" when memory
 * ran out. */
const char *list_summary(list_browser *b, size_t i, size_t *len);

/* The items of a list view, and the card of item i. */
size_t list_items(const list_browser *b, const list_view *v);
size_t list_item_card(const list_browser *b, const list_view *v, size_t i);

/* The card the view on top is about (the one shown, or the selected one of a list). */
bool list_current_card(list_browser *b, size_t *card);

/* Starts the search for the query (refine: only over the matches of the query before) and
 * finds the matches the results view shows; list_search_tick goes on for a slice of work (as
 * far as the rows shown, or with all as far as the slice goes), list_search_finish to the end. */
void list_search_run(list_browser *b, bool refine);
void list_search_tick(list_browser *b, bool all);
void list_search_finish(list_browser *b);

/* Pushes a view on the browser's own stack of views (ignored when it is full). */
void list_push(list_browser *b, list_view v);

/* The actions of list_act.c. */
bool list_writable(list_browser *b, const char *what);
void list_suspend(list_browser *b);
void list_edit(list_browser *b);
void list_study(list_browser *b);
void list_stats(list_browser *b);

/* Resets the selected card ("forget": New again, its log kept; journaled), at the second R in
 * a row. */
void list_forget(list_browser *b);

/* Unburies the selected card (journaled). */
void list_unbury(list_browser *b);

/* The selected card's page (its review log and forgetting curve, ui_card_info_push). */
void list_card_info(list_browser *b);

/* The screen's draw() (list_draw.c). */
void list_draw(void *ctx, ui *u);

#endif
