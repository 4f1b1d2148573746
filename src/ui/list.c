/* The browser (see list.h). Its views form a stack, one screen state each, under one
 * dispatcher:
 *   SECTIONS  the deck's sections: counts, and a line of each one's intro (or its fronts)
 *   CARDS     a section's cards, or the search results: state, due, stability, lapses
 *   CARD      one card rendered as the study screen shows it, front and back; scrolls
 * Layout, top to bottom: the title and counts; a rule (the card's state in CARD); the column
 * heads; the list; a notice or the search prompt; the key hints. Below 10 rows the rule, the
 * heads and the notice row go, and a notice or the prompt takes the hints' row.
 * A key costs work in what is on the screen, not in the deck: counts are kept per section
 * and refreshed after a change, rows are made only for the rows shown, and the text that
 * search looks through is built once, at the first search. */
#include "ui/list.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/stats.h"
#include "ui/study.h"
#include "ui/study_model.h"
#include "vgrev/buf.h"
#include "vgrev/render.h"
#include "vgrev/search.h"
#include "vgrev/session.h"
#include "vgrev/time.h"
#include "vgrev/utf8.h"

#define S_N(a) (sizeof(a) / sizeof *(a))

/* ---- the state ------------------------------------------------------------------------------ */

typedef enum S_kind { V_SECTIONS, V_CARDS, V_CARD } S_kind;

typedef struct S_view {
    S_kind kind;
    bool results;   /* CARDS: the search results rather than a section's cards */
    size_t section; /* CARDS of a section */
    size_t card;    /* CARD: its index in the deck */
    ui_pos pos;     /* a list: the selected item and the first shown; CARD: the body's lines */
} S_view;

static S_view S_mkview(S_kind kind, bool results, size_t section, size_t sel, size_t card)
{
    S_view v = {kind, results, section, card, {0}};
    v.pos.sel = sel;
    v.pos.list = kind != V_CARD;
    return v;
}

enum { S_MAX_VIEWS = 8 };

typedef struct S_browser {
    ui *u;
    const ui_list_host *h;
    vg_deck **deckp;
    vg_store **storep;
    vg_session *ses;
    bool writable;
    bool failed; /* fatal: the browser ends with this error */
    vg_error fatal;

    vg_counts *counts; /* per section */
    vg_counts total;
    vg_buf summary; /* per section: its intro, or its fronts, on one line */
    size_t *sum_off;
    vg_section_numbers nums; /* what the sections are called by (vg_section_numbers_init) */
    int numw;                /* columns of the widest section number with its '.' */

    S_view views[S_MAX_VIEWS];
    size_t nviews;
    ui_card_view cv;

    /* search */
    bool typing;
    vg_buf query, old_query; /* as typed; before the prompt opened */
    size_t search_base;      /* the stack depth under the results view */
    vg_search search;

    vg_buf row; /* scratch for one row */
} S_browser;

static const vg_deck *S_deck(const S_browser *b)
{
    return *b->deckp;
}

static S_view *S_top(S_browser *b)
{
    return &b->views[b->nviews - 1];
}

/* The keymap of the view on top, or of the search prompt while typing. */
static const ui_keymap *S_keymap(void *ctx)
{
    S_browser *b = ctx;
    if (b->typing)
        return ui_keymap_get(UI_KM_SEARCH);
    static const int maps[] = {
        [V_SECTIONS] = UI_KM_SECTIONS, [V_CARDS] = UI_KM_CARDS, [V_CARD] = UI_KM_CARD};
    return ui_keymap_get(maps[S_top(b)->kind]);
}

static int64_t S_now(const S_browser *b)
{
    return ui_now(b->u);
}

static void S_fail(S_browser *b, const vg_error *err)
{
    if (!b->failed)
        b->fatal = *err;
    b->failed = true;
}

static void S_nomem(S_browser *b)
{
    vg_error err;
    vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
    S_fail(b, &err);
}

/* ---- text ----------------------------------------------------------------------------------- */

static void S_section_title(const vg_deck *deck, size_t i, vg_buf *out)
{
    const vg_section *sec = &deck->sections[i];
    if (*sec->title)
        vg_render_title(sec->title, out);
    else
        vg_buf_adds(out, "(before the first section)");
}

/* "5. Solutions to ...": the number every command knows the section by. */
static void S_section_label(const S_browser *b, size_t i, vg_buf *out)
{
    const char *num = i < b->nums.n ? b->nums.of[i] : "";
    if (*num) {
        vg_render_sanitize(num, strlen(num), out);
        vg_buf_adds(out, ". ");
    }
    S_section_title(*b->deckp, i, out);
}

/* ---- the model: session, counts, summaries --------------------------------------------------- */

static void S_count_section(S_browser *b, size_t i)
{
    vg_session_counts(b->ses, 0, i, S_now(b), &b->counts[i]);
}

static void S_count_total(S_browser *b)
{
    memset(&b->total, 0, sizeof b->total);
    for (size_t i = 0; i < S_deck(b)->nsections; i++) {
        b->total.cards += b->counts[i].cards;
        b->total.new_cards += b->counts[i].new_cards;
        b->total.learning += b->counts[i].learning;
        b->total.due += b->counts[i].due;
        b->total.suspended += b->counts[i].suspended;
    }
}

/* A session over the deck and the store (the browser's, for the states and counts). */
static bool S_open_session(S_browser *b)
{
    vg_session_deck sd = {S_deck(b), b->h->deck_name};
    vg_session_opts o = b->h->session;
    o.now = S_now(b);
    vg_error err;
    vg_error_clear(&err);
    if (vg_session_open(&sd, 1, *b->storep, b->h->sched, &o, &b->ses, &err) != VG_OK) {
        S_fail(b, &err);
        return false;
    }
    for (size_t i = 0; i < S_deck(b)->nsections; i++)
        S_count_section(b, i);
    S_count_total(b);
    return true;
}

/* Builds what depends on the deck alone: count slots, summaries, the number column. */
static bool S_deck_changed(S_browser *b)
{
    const vg_deck *deck = S_deck(b);
    size_t n = deck->nsections;
    free(b->counts);
    free(b->sum_off);
    vg_section_numbers_release(&b->nums);
    b->counts = calloc(n ? n : 1, sizeof *b->counts);
    b->sum_off = calloc(n + 1, sizeof *b->sum_off);
    if (!b->counts || !b->sum_off || vg_section_numbers_init(&b->nums, deck) != VG_OK) {
        S_nomem(b);
        return false;
    }
    vg_buf_clear(&b->summary);
    b->numw = 0;
    vg_buf one = VG_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const vg_section *sec = &deck->sections[i];
        int w = (int)vg_text_width(b->nums.of[i], strlen(b->nums.of[i]));
        if (w && w + 1 > b->numw)
            b->numw = w + 1;
        b->sum_off[i] = b->summary.len;
        vg_buf_clear(&one);
        vg_render_inline(&sec->intro, &one);
        if (one.len) {
            vg_buf_add(&b->summary, one.data, one.len);
        } else {
            /* No intro: what the section asks about, as far as a line can show. */
            for (size_t c = 0; c < sec->ncards && b->summary.len - b->sum_off[i] < 400; c++) {
                if (c)
                    vg_buf_adds(&b->summary, " · ");
                vg_render_inline(&deck->cards[sec->first_card + c].front, &b->summary);
            }
        }
    }
    b->sum_off[n] = b->summary.len;
    vg_buf_release(&one);
    ui_card_view_forget(&b->cv);
    vg_search_reset(&b->search, deck);
    if (b->summary.failed) {
        S_nomem(b);
        return false;
    }
    return true;
}

/* The card of a list's item. */
static size_t S_item_card(const S_browser *b, const S_view *v, size_t i)
{
    if (v->results)
        return b->search.matches[i];
    return S_deck(b)->sections[v->section].first_card + i;
}

static size_t S_items(const S_browser *b, const S_view *v)
{
    switch (v->kind) {
    case V_SECTIONS:
        return S_deck(b)->nsections;
    case V_CARDS:
        return v->results ? b->search.nmatches : S_deck(b)->sections[v->section].ncards;
    default:
        return 0;
    }
}

/* The card the current view is about: the selected one of a list, the one shown. */
static bool S_current_card(S_browser *b, size_t *card)
{
    S_view *v = S_top(b);
    if (v->kind == V_CARD) {
        *card = v->card;
        return true;
    }
    if (v->kind == V_CARDS && v->pos.sel < S_items(b, v)) {
        *card = S_item_card(b, v, v->pos.sel);
        return true;
    }
    return false;
}

/* ---- search ------------------------------------------------------------------------------------
 */

/* The matches of the query. Typing one more character only narrows the matches of the query
 * before it, so refine looks at those alone. */
static void S_search_run(S_browser *b, bool refine)
{
    vg_error err;
    if (vg_search_run(&b->search, b->query.data, b->query.len, refine, &err) != VG_OK)
        S_fail(b, &err);
}

/* The results view in the stack, or NULL. */
static S_view *S_results_view(S_browser *b)
{
    for (size_t i = 0; i < b->nviews; i++)
        if (b->views[i].kind == V_CARDS && b->views[i].results)
            return &b->views[i];
    return NULL;
}

static void S_push(S_browser *b, S_view v)
{
    if (b->nviews < S_MAX_VIEWS)
        b->views[b->nviews++] = v;
}

static void S_search_start(S_browser *b)
{
    /* A new search replaces the results of the last one (and what was opened from them). */
    S_view *r = S_results_view(b);
    if (r)
        b->nviews = (size_t)(r - b->views);
    b->search_base = b->nviews;
    vg_buf_clear(&b->old_query);
    if (b->query.len)
        vg_buf_add(&b->old_query, b->query.data, b->query.len);
    vg_buf_clear(&b->query);
    vg_search_clear(&b->search);
    b->typing = true;
    ui_notice_clear(b->u);
    S_push(b, S_mkview(V_CARDS, true, 0, 0, 0));
    vg_error err;
    if (vg_search_build(&b->search, &err) != VG_OK)
        S_fail(b, &err);
}

static void S_search_end(S_browser *b, bool keep)
{
    b->typing = false;
    if (keep && b->query.len) {
        if (b->search.nmatches == 0) {
            ui_notice(b->u, UI_R_NOTICE, "No card matches \u201c%s\u201d.", vg_buf_str(&b->query));
            b->nviews = b->search_base;
        }
        return;
    }
    /* Cancelled: back to where the search started, with the search before it. */
    b->nviews = b->search_base;
    vg_buf_clear(&b->query);
    if (b->old_query.len)
        vg_buf_add(&b->query, b->old_query.data, b->old_query.len);
    vg_search_clear(&b->search);
    if (b->query.len)
        S_search_run(b, false);
}

static void S_type(S_browser *b, int key)
{
    if (key >= 0xD800 && key <= 0xDFFF)
        return;
    char enc[4];
    size_t n = vg_utf8_encode((uint32_t)key, enc);
    if (b->query.len + n > 200)
        return;
    vg_buf_add(&b->query, enc, n);
    S_search_run(b, true);
    S_top(b)->pos.sel = S_top(b)->pos.top = 0;
}

static void S_erase(S_browser *b)
{
    if (b->query.len == 0) {
        S_search_end(b, false);
        return;
    }
    /* Back over one character (with the continuation bytes of its UTF-8). */
    size_t n = b->query.len - 1;
    while (n > 0 && ((unsigned char)b->query.data[n] & 0xC0) == 0x80)
        n--;
    b->query.len = n;
    b->query.data[n] = '\0';
    vg_search_clear(&b->search);
    S_search_run(b, false);
    S_top(b)->pos.sel = S_top(b)->pos.top = 0;
}

/* n and N: the next match from here. In the results (and a card opened from them) that is
 * the next result; elsewhere the next matching card in deck order, shown in its section. */
static void S_jump(S_browser *b, int dir)
{
    if (!b->query.len) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "No search yet: / searches the fronts and backs.");
        return;
    }
    if (!vg_search_active(&b->search))
        S_search_run(b, false);
    if (b->search.nmatches == 0) {
        ui_notice(b->u, UI_R_NOTICE, "No card matches \u201c%s\u201d.", vg_buf_str(&b->query));
        return;
    }
    const vg_deck *deck = S_deck(b);
    S_view *v = S_top(b);
    S_view *list = v->kind == V_CARD && b->nviews > 1 ? v - 1 : v;
    size_t k;
    bool wrapped = false;
    if (v->kind != V_SECTIONS && list->results) {
        size_t n = b->search.nmatches;
        if (dir > 0) {
            wrapped = list->pos.sel + 1 >= n;
            k = wrapped ? 0 : list->pos.sel + 1;
        } else {
            wrapped = list->pos.sel == 0 || list->pos.sel >= n;
            k = wrapped ? n - 1 : list->pos.sel - 1;
        }
        list->pos.sel = k;
        if (v->kind == V_CARD) {
            v->card = b->search.matches[k];
            v->pos.top = 0;
        }
    } else {
        size_t from;
        bool strict = true;
        if (v->kind == V_SECTIONS) {
            from = v->pos.sel < deck->nsections ? deck->sections[v->pos.sel].first_card : 0;
            strict = false;
        } else if (v->kind == V_CARD) {
            from = v->card;
        } else {
            from = S_items(b, v) ? S_item_card(b, v, v->pos.sel)
                                 : deck->sections[v->section].first_card;
            strict = S_items(b, v) > 0;
        }
        k = vg_search_from(&b->search, from, dir, strict, &wrapped);
        size_t card = b->search.matches[k];
        size_t sec = deck->cards[card].section;
        b->views[0].pos.sel = sec;
        S_view cards = S_mkview(V_CARDS, false, sec, card - deck->sections[sec].first_card, 0);
        if (v->kind == V_SECTIONS) {
            S_push(b, cards);
        } else if (v->kind == V_CARDS) {
            if (v->section != sec)
                cards.pos.top = 0;
            else
                cards.pos.top = v->pos.top;
            *v = cards;
        } else {
            if (list->kind == V_CARDS && !list->results)
                *list = cards;
            v->card = card;
            v->pos.top = 0;
        }
    }
    ui_notice(b->u, UI_R_NOTICE, "Match %zu of %zu%s", k + 1, b->search.nmatches,
              wrapped ? (dir > 0 ? ", from the top again." : ", from the end again.") : ".");
}

/* ---- changes: the lock, suspending, editing, studying -----------------------------------------
 */

/* Makes the progress writable, taking the lock, at the first change. */
static bool S_writable(S_browser *b, const char *what)
{
    if (b->writable)
        return true;
    vg_store *store = NULL;
    vg_error err;
    vg_error_clear(&err);
    vg_status st = b->h->open_store(b->h->ctx, &store, &err);
    if (st != VG_OK) {
        /* The store's message names the holder first: "in use by another vgrev (pid 12,
         * vgrev study); one vgrev at a time ...". The first part is what fits a row. */
        char *semi = strchr(err.msg, ';');
        if (st == VG_LOCKED && semi)
            *semi = '\0';
        if (st == VG_LOCKED)
            ui_notice(b->u, UI_R_ERROR, "Read-only: progress %s.", err.msg);
        else
            ui_notice(b->u, UI_R_ERROR, "Cannot %s: %s", what, err.msg);
        return false;
    }
    /* The writable store was read again from the disk: states and counts start from it. */
    vg_session_free(b->ses);
    b->ses = NULL;
    vg_store_free(*b->storep);
    *b->storep = store;
    b->writable = true;
    return S_open_session(b);
}

static void S_suspend(S_browser *b)
{
    size_t card;
    if (!S_current_card(b, &card)) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "Open a section (Enter) to suspend one of its cards.");
        return;
    }
    if (!S_writable(b, "suspend"))
        return;
    const vg_session_card *sc = vg_session_card_at(b->ses, 0, card);
    bool on = !(sc->rec && sc->rec->suspended);
    vg_error err;
    vg_error_clear(&err);
    if (vg_session_suspend(b->ses, sc, on, &err) != VG_OK) {
        ui_notice(b->u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    S_count_section(b, sc->card->section);
    S_count_total(b);
    ui_notice(b->u, UI_R_NOTICE, "%s",
              on ? "Suspended: not studied until unsuspended (S again)." : "Unsuspended.");
}

/* What identifies a view across a reload of the deck: its section's title, its card's id. */
typedef struct S_mark {
    char *title;
    char id[VG_CARD_ID_LEN + 1];
} S_mark;

static void S_mark_views(S_browser *b, S_mark marks[S_MAX_VIEWS])
{
    const vg_deck *deck = S_deck(b);
    memset(marks, 0, S_MAX_VIEWS * sizeof *marks);
    for (size_t i = 0; i < b->nviews; i++) {
        S_view *v = &b->views[i];
        size_t sec = v->kind == V_SECTIONS ? v->pos.sel : v->section;
        if (v->kind != V_CARD && !v->results && sec < deck->nsections)
            marks[i].title = strdup(deck->sections[sec].title);
        size_t card = v->kind == V_CARD ? v->card : SIZE_MAX;
        if (v->kind == V_CARDS && v->pos.sel < S_items(b, v))
            card = S_item_card(b, v, v->pos.sel);
        if (card < deck->ncards)
            memcpy(marks[i].id, deck->cards[card].id, sizeof marks[i].id);
    }
}

static void S_free_marks(S_mark marks[S_MAX_VIEWS])
{
    for (size_t i = 0; i < S_MAX_VIEWS; i++)
        free(marks[i].title);
}

static size_t S_find_section(const vg_deck *deck, const char *title, size_t fallback)
{
    for (size_t i = 0; title && i < deck->nsections; i++)
        if (!strcmp(deck->sections[i].title, title))
            return i;
    return deck->nsections ? (fallback < deck->nsections ? fallback : deck->nsections - 1) : 0;
}

/* After the deck was read again: every view finds its section and card again; a card view
 * whose card is gone closes (with what was opened from it). */
static void S_restore_views(S_browser *b, S_mark marks[S_MAX_VIEWS])
{
    const vg_deck *deck = S_deck(b);
    if (b->query.len)
        S_search_run(b, false);
    size_t keep = b->nviews;
    for (size_t i = 0; i < b->nviews; i++) {
        S_view *v = &b->views[i];
        const vg_card *card = marks[i].id[0] ? vg_deck_find(deck, marks[i].id) : NULL;
        size_t ci = card ? (size_t)(card - deck->cards) : SIZE_MAX;
        if (v->kind == V_SECTIONS) {
            v->pos.sel = S_find_section(deck, marks[i].title, v->pos.sel);
        } else if (v->kind == V_CARDS && !v->results) {
            v->section = S_find_section(deck, marks[i].title, v->section);
            if (ci < deck->ncards && deck->cards[ci].section == v->section)
                v->pos.sel = ci - deck->sections[v->section].first_card;
        } else if (v->kind == V_CARDS) {
            for (size_t k = 0; ci < deck->ncards && k < b->search.nmatches; k++)
                if (b->search.matches[k] == ci)
                    v->pos.sel = k;
        } else if (ci < deck->ncards) {
            v->card = ci;
        } else if (keep > i) {
            keep = i;
        }
        if (deck->nsections == 0 && i > 0 && keep > i)
            keep = i;
    }
    S_free_marks(marks);
    b->nviews = keep;
}

/* The deck was read again into fresh (the old one is freed here). */
static void S_swap_deck(S_browser *b, vg_deck *fresh)
{
    S_mark marks[S_MAX_VIEWS];
    S_mark_views(b, marks);
    vg_session_free(b->ses);
    b->ses = NULL;
    vg_deck_free(*b->deckp);
    *b->deckp = fresh;
    if (S_deck_changed(b) && S_open_session(b))
        S_restore_views(b, marks);
    else
        S_free_marks(marks);
}

static void S_edit(S_browser *b)
{
    const vg_deck *deck = S_deck(b);
    unsigned line = 1;
    size_t card;
    S_view *v = S_top(b);
    if (S_current_card(b, &card))
        line = deck->cards[card].line;
    else if (v->kind == V_SECTIONS && v->pos.sel < deck->nsections)
        line = deck->sections[v->pos.sel].line;
    else if (v->kind == V_CARDS && !v->results)
        line = deck->sections[v->section].line;
    if (!ui_edit_deck(b->u, deck->file, line, "browse"))
        return;
    vg_deck *fresh = NULL;
    vg_error err;
    vg_error_clear(&err);
    if (b->h->load_deck(b->h->ctx, &fresh, &err) != VG_OK) {
        char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
        vg_error_format(&err, msg, sizeof msg);
        ui_notice(b->u, UI_R_ERROR, "Kept the deck as it was: %s", msg);
        return;
    }
    S_swap_deck(b, fresh);
    ui_notice(b->u, UI_R_NOTICE, "%s", "Reloaded the deck.");
}

/* The cards a study session from the browser takes: a section (by title, which survives an
 * edit during the session) or the search results (by id). */
typedef struct S_set {
    vg_deck **deckp;
    const char *title; /* NULL: the ids */
    char (*ids)[VG_CARD_ID_LEN + 1];
    size_t nids;
} S_set;

static int S_id_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

static bool S_in_set(size_t deck, const vg_card *card, void *ctx)
{
    const S_set *set = ctx;
    (void)deck;
    if (set->title)
        return !strcmp((*set->deckp)->sections[card->section].title, set->title);
    return bsearch(card->id, set->ids, set->nids, sizeof *set->ids, S_id_cmp) != NULL;
}

/* A study session opened from the browser: its model and its set of cards live until the
 * study screen is popped. */
typedef struct S_study_ctx {
    S_browser *b;
    study_model *m;
    S_set set;
    char *section_title;
} S_study_ctx;

static void S_study_ctx_free(S_study_ctx *c)
{
    study_model_free(c->m);
    free(c->set.ids);
    free(c->section_title);
    free(c);
}

/* The study screen's `e`: the deck is read again, for the session and for the browser. */
static vg_status S_study_reload(void *ctx, size_t index, vg_error *err)
{
    S_study_ctx *c = ctx;
    S_browser *b = c->b;
    (void)index;
    vg_deck *fresh = NULL;
    vg_status st = b->h->load_deck(b->h->ctx, &fresh, err);
    if (st != VG_OK)
        return st;
    S_mark marks[S_MAX_VIEWS];
    S_mark_views(b, marks);
    vg_deck *old = *b->deckp;
    *b->deckp = fresh; /* the section of the set is looked up in the deck being opened */
    st = study_model_replace_deck(c->m, 0, fresh, S_now(b), err);
    if (st != VG_OK) {
        *b->deckp = old;
        vg_deck_free(fresh);
        S_free_marks(marks);
        return st;
    }
    vg_deck_free(old);
    /* The browser's views find their places in the new deck now; its counts wait for the
     * session opened after the study. */
    if (S_deck_changed(b))
        S_restore_views(b, marks);
    else
        S_free_marks(marks);
    return VG_OK;
}

/* The study screen was popped: the browser is on top again. */
static void S_study_done(void *ctx, ui *u, const ui_study_stats *st)
{
    S_study_ctx *c = ctx;
    S_browser *b = c->b;
    vg_error err;
    vg_error_clear(&err);
    if (study_model_save(c->m, &err) != VG_OK)
        ui_notice(u, UI_R_ERROR, "%s", err.msg);
    else if (st->answers)
        ui_notice(u, UI_R_NOTICE, "Studied %zu card%s: %zu answer%s, %zu Again.", st->cards,
                  st->cards == 1 ? "" : "s", st->answers, st->answers == 1 ? "" : "s", st->again);
    else
        ui_notice(u, UI_R_NOTICE, "%s", "No card was answered.");
    S_study_ctx_free(c);
    if (!S_open_session(b))
        ui_leave(u);
}

/* Opens the study screen over the set; false (with a notice) when there is nothing to study. */
static bool S_study_open(S_browser *b, S_study_ctx *c, const char *title)
{
    /* One session at a time binds the records: the browser's waits for the study's. */
    vg_session_free(b->ses);
    b->ses = NULL;
    int64_t now = S_now(b);
    vg_session_deck sd = {S_deck(b), b->h->deck_name};
    vg_session_opts so = b->h->session;
    so.now = now;
    so.learn_ahead = 0; /* as `vgrev study`: a countdown offers to study ahead */
    so.include = S_in_set;
    so.include_ctx = &c->set;
    vg_error err;
    vg_error_clear(&err);
    if (study_model_new(&sd, 1, *b->storep, b->h->sched, &so, false, &c->m, &err) != VG_OK) {
        ui_notice(b->u, UI_R_ERROR, "%s", err.msg);
        return false;
    }
    study_card first;
    if (!study_model_current(c->m, now, &first) && !study_model_next_wait(c->m)) {
        char when[48];
        int64_t next = study_model_next_due(c->m, now);
        ui_format_when(next, now, when, sizeof when);
        ui_notice(b->u, UI_R_NOTICE, "Nothing to study here right now%s%s.",
                  next ? "; the next cards are due " : "", next ? when : "");
        return false;
    }
    ui_study_opts o = {title, S_study_reload, c};
    if (!ui_study_push(b->u, c->m, &o, S_study_done, c)) {
        S_nomem(b);
        return false;
    }
    return true;
}

static void S_study(S_browser *b)
{
    const vg_deck *deck = S_deck(b);
    S_view *v = S_top(b);
    S_view *list = v->kind == V_CARD && b->nviews > 1 ? v - 1 : v;
    S_study_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        S_nomem(b);
        return;
    }
    c->b = b;
    c->set.deckp = b->deckp;
    vg_buf title = VG_BUF_INIT;
    size_t ncards;
    if (list->kind == V_CARDS && list->results) {
        ncards = b->search.nmatches;
        c->set.ids = malloc((ncards ? ncards : 1) * sizeof *c->set.ids);
        if (!c->set.ids) {
            S_nomem(b);
            S_study_ctx_free(c);
            return;
        }
        for (size_t i = 0; i < ncards; i++)
            memcpy(c->set.ids[i], deck->cards[b->search.matches[i]].id, sizeof *c->set.ids);
        c->set.nids = ncards;
        qsort(c->set.ids, c->set.nids, sizeof *c->set.ids, S_id_cmp);
        vg_buf_printf(&title, "Search \u201c%s\u201d", vg_buf_str(&b->query));
    } else {
        size_t sec = list->kind == V_SECTIONS ? list->pos.sel : list->section;
        ncards = 0;
        if (sec < deck->nsections) {
            ncards = deck->sections[sec].ncards;
            /* A copy: the title survives an edit during the session. */
            c->section_title = strdup(deck->sections[sec].title);
            c->set.title = c->section_title;
            S_section_label(b, sec, &title);
            if (!c->section_title)
                ncards = 0, S_nomem(b);
        }
    }
    if (ncards == 0) {
        if (!b->failed)
            ui_notice(b->u, UI_R_NOTICE, "%s", "No cards here to study.");
        S_study_ctx_free(c);
    } else if (!S_writable(b, "study")) {
        S_study_ctx_free(c);
    } else if (!S_study_open(b, c, vg_buf_str(&title))) {
        S_study_ctx_free(c); /* its session before the browser's opens again */
        S_open_session(b);
    }
    vg_buf_release(&title);
}

/* The stats screen over the browser's session; Ctrl-C there quits the browser too. */
static void S_stats(S_browser *b)
{
    vg_stats st;
    vg_error err;
    vg_error_clear(&err);
    if (vg_stats_compute(b->ses, 0, S_now(b), &st, &err) != VG_OK) {
        ui_notice(b->u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    const vg_deck *deck = S_deck(b);
    vg_buf title = VG_BUF_INIT;
    vg_render_title(vg_deck_name(deck), &title);
    if (!ui_stats_push(b->u, vg_buf_str(&title), &st, NULL))
        S_nomem(b);
    vg_buf_release(&title);
}

/* ---- drawing ------------------------------------------------------------------------------------
 */

/* s[0..len) in at most maxw columns, cut with "…"; the part [hl, hl+hlen) stands out. */
static int S_put(S_browser *b, int y, int x, int maxw, const char *s, size_t len, ui_role role,
                 unsigned style, long hl, size_t hlen)
{
    if (maxw <= 0)
        return 0;
    int w = ui_width(s, len);
    bool cut = w > maxw;
    int room = cut ? maxw - 1 : maxw;
    int used = 0;
    size_t parts[3][2] = {{0, len}, {len, 0}, {len, 0}};
    if (hl >= 0 && (size_t)hl + hlen <= len && hlen) {
        parts[0][1] = (size_t)hl;
        parts[1][0] = (size_t)hl;
        parts[1][1] = hlen;
        parts[2][0] = (size_t)hl + hlen;
        parts[2][1] = len - (size_t)hl - hlen;
    }
    for (int p = 0; p < 3 && used < room; p++) {
        if (!parts[p][1])
            continue;
        unsigned st = style | (p == 1 ? UI_STYLE_MATCH : 0);
        int pw = ui_width(s + parts[p][0], parts[p][1]);
        int n = ui_put(b->u, y, x + used, room - used, s + parts[p][0], parts[p][1], role, st);
        used += n;
        if (n < pw)
            break;
    }
    if (cut)
        used += ui_put(b->u, y, x + used, 1, "…", strlen("…"), role, style);
    return used;
}

/* The top line: a title on the left and counts (or a word) on the right. */
static void S_draw_top(S_browser *b, const char *title, const vg_counts *c, const char *right)
{
    ui_part parts[UI_COUNT_PARTS];
    char num[3][24];
    if (c) {
        ui_count_parts(b->u, c->new_cards, c->learning, c->due, parts, num);
        ui_draw_top(b->u, title, parts, UI_COUNT_PARTS, false);
    } else {
        parts[0] = (ui_part){right, UI_R_DIM};
        ui_draw_top(b->u, title, parts, 1, false);
    }
}

/* Columns on the right of a list: each has a head and a width, and a priority: the narrower
 * the window, the fewer columns, the least important going first. */
typedef struct S_col {
    const char *head;
    int w;
    int prio;
} S_col;

static const S_col S_section_cols[] = {
    {"Cards", 5, 4}, {"New", 5, 2}, {"Learn", 5, 3}, {"Due", 5, 1}, {"Susp", 5, 5},
};
static const S_col S_card_cols[] = {
    {"State", 10, 1},
    {"Due", 10, 2},
    {"Stability", 9, 3},
    {"Lapses", 6, 4},
};

/* Which columns of priority up to max_prio fit while the text before them keeps min_text
 * columns; returns their width with a space before each. */
static int S_fit(const S_col *cols, size_t n, int avail, int min_text, int max_prio, bool *on)
{
    int used = 0;
    for (size_t i = 0; i < n; i++)
        on[i] = false;
    for (int prio = 1; prio <= max_prio; prio++) {
        for (size_t i = 0; i < n; i++) {
            if (cols[i].prio != prio)
                continue;
            if (avail - used - cols[i].w - 1 < min_text)
                return used;
            on[i] = true;
            used += cols[i].w + 1;
        }
    }
    return used;
}

/* Right-aligned text in a column. */
static void S_cell(S_browser *b, int y, int x, int w, const char *text, ui_role role,
                   unsigned style)
{
    int tw = ui_width(text, strlen(text));
    if (tw > w)
        ui_put_cut(b->u, y, x, w, text, role);
    else
        ui_put(b->u, y, x + w - tw, tw, text, strlen(text), role, style);
}

static void S_draw_heads(S_browser *b, int y, int x_text, const char *text_head, const S_col *cols,
                         size_t n, const bool *on, int x_cols)
{
    ui_puts(b->u, y, x_text, x_cols - x_text, text_head, UI_R_DIM);
    int x = x_cols;
    for (size_t i = 0; i < n; i++) {
        if (!on[i])
            continue;
        S_cell(b, y, x + 1, cols[i].w, cols[i].head, UI_R_DIM, 0);
        x += cols[i].w + 1;
    }
}

/* The reverse background of the selected row, and its marker (on the first row of an item). */
static unsigned S_row_start(S_browser *b, int y, bool sel, bool marker)
{
    if (!sel)
        return 0;
    ui_fill(b->u, y, 0, ui_cols(b->u), " ", UI_R_SELECT);
    if (marker)
        ui_puts(b->u, y, 0, 1, "▸", UI_R_SELECT);
    return UI_STYLE_SELECTED;
}

typedef struct S_frame {
    int rows, cols;
    bool big;   /* room for the rule, the heads and a notice row */
    int head_y; /* -1: none */
    int y0, y1; /* the list or body: rows [y0, y1) */
} S_frame;

static void S_draw_sections(S_browser *b, const S_frame *f)
{
    ui *u = b->u;
    const vg_deck *deck = S_deck(b);
    S_view *v = S_top(b);
    vg_buf_clear(&b->row);
    vg_render_title(vg_deck_name(deck), &b->row);
    S_draw_top(b, vg_buf_str(&b->row), &b->total, NULL);
    if (deck->nsections == 0) {
        ui_draw_center(u, f->y0 + (f->y1 - f->y0) / 2, "This deck has no cards.", UI_R_DIM);
        return;
    }
    int item_h = f->rows >= 12 ? 2 : 1;
    size_t visible = (size_t)((f->y1 - f->y0) / item_h);
    ui_pos_follow(&v->pos, deck->nsections, visible);
    int margin = ui_margin(u);
    int x_num = 2, x_title = 2 + (b->numw ? b->numw + 1 : 0);
    bool on[S_N(S_section_cols)];
    int avail = f->cols - margin - x_title;
    int min_title = avail / 2 < 24 ? avail / 2 : 24;
    int cw = S_fit(S_section_cols, S_N(S_section_cols), avail, min_title, 5, on);
    int x_cols = f->cols - margin - cw;
    if (f->head_y >= 0)
        S_draw_heads(b, f->head_y, x_title, "Section", S_section_cols, S_N(S_section_cols), on,
                     x_cols);
    for (size_t r = 0; r < visible && v->pos.top + r < deck->nsections; r++) {
        size_t i = v->pos.top + r;
        int y = f->y0 + (int)r * item_h;
        bool sel = i == v->pos.sel;
        unsigned style = S_row_start(b, y, sel, true);
        if (item_h == 2)
            S_row_start(b, y + 1, sel, false);
        if (*b->nums.of[i]) {
            vg_buf_clear(&b->row);
            vg_render_sanitize(b->nums.of[i], strlen(b->nums.of[i]), &b->row);
            vg_buf_addc(&b->row, '.');
            S_cell(b, y, x_num, b->numw, vg_buf_str(&b->row), UI_R_DIM, style);
        }
        vg_buf_clear(&b->row);
        S_section_title(deck, i, &b->row);
        S_put(b, y, x_title, x_cols - x_title - 1, b->row.data, b->row.len, UI_R_STRONG, style, -1,
              0);
        const vg_counts *k = &b->counts[i];
        const size_t vals[] = {k->cards, k->new_cards, k->learning, k->due, k->suspended};
        const ui_role roles[] = {UI_R_NORMAL, UI_R_NEW, UI_R_LEARN, UI_R_DUE, UI_R_NORMAL};
        int x = x_cols;
        for (size_t c = 0; c < S_N(S_section_cols); c++) {
            if (!on[c])
                continue;
            char num[24];
            snprintf(num, sizeof num, "%zu", vals[c]);
            S_cell(b, y, x + 1, S_section_cols[c].w, num, vals[c] ? roles[c] : UI_R_DIM, style);
            x += S_section_cols[c].w + 1;
        }
        if (item_h == 2) {
            size_t off = b->sum_off[i], len = b->sum_off[i + 1] - off;
            S_put(b, y + 1, x_title, f->cols - margin - x_title, b->summary.data + off, len,
                  UI_R_DIM, style, -1, 0);
        }
    }
}

/* "2026-03-05", or the time alone for today ("14:05"); local time. */
static void S_format_due(const S_browser *b, int64_t due, bool full, char *buf, size_t size)
{
    int64_t off = b->h->session.utc_offset;
    int64_t day = vg_time_day(due + off), today = vg_time_day(S_now(b) + off);
    int64_t secs = due + off - day * VG_TIME_DAY;
    int64_t y;
    unsigned m, d;
    vg_time_civil_from_days(day, &y, &m, &d);
    if (full)
        snprintf(buf, size, "%04lld-%02u-%02u %02d:%02d", (long long)y, m, d, (int)(secs / 3600),
                 (int)(secs / 60 % 60));
    else if (day == today)
        snprintf(buf, size, "%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60));
    else
        snprintf(buf, size, "%04lld-%02u-%02u", (long long)y, m, d);
}

/* A card's state as the lists show it: suspended and buried before the scheduler's word. */
static const char *S_state(const S_browser *b, const vg_session_card *sc, vg_sched_card *st,
                           ui_role *role)
{
    int64_t now = S_now(b);
    vg_session_card_state(b->ses, sc, st);
    if (sc->rec && sc->rec->suspended) {
        *role = UI_R_DIM;
        return "suspended";
    }
    if (sc->rec && sc->rec->buried_until > now) {
        *role = UI_R_DIM;
        return "buried";
    }
    switch (st->state) {
    case VG_CARD_NEW:
        *role = UI_R_NEW;
        break;
    case VG_CARD_LEARNING:
    case VG_CARD_RELEARNING:
        *role = UI_R_LEARN;
        break;
    default:
        *role = st->due < vg_session_day_start(now, b->h->session.utc_offset) + VG_TIME_DAY
                    ? UI_R_DUE
                    : UI_R_NORMAL;
        break;
    }
    return vg_card_state_name(st->state);
}

static void S_draw_card_row(S_browser *b, int y, size_t ci, bool sel, const S_view *v, int x_text,
                            int x_cols, const bool *on)
{
    const vg_deck *deck = S_deck(b);
    const vg_card *card = &deck->cards[ci];
    unsigned style = S_row_start(b, y, sel, true);
    if (v->results && b->numw) {
        vg_buf_clear(&b->row);
        const char *num = b->nums.of[card->section];
        if (*num) {
            vg_render_sanitize(num, strlen(num), &b->row);
            vg_buf_addc(&b->row, '.');
        }
        S_cell(b, y, 2, b->numw, vg_buf_str(&b->row), UI_R_DIM, style);
    }
    int tw = x_cols - x_text - 1;
    if (*card->subsection && tw >= 12) {
        /* "Derivatives › Definition": the subsection, dim, in at most half the room. */
        vg_buf_clear(&b->row);
        vg_render_title(card->subsection, &b->row);
        int used = S_put(b, y, x_text, tw / 2 - 3, b->row.data, b->row.len, UI_R_DIM, style, -1, 0);
        used += ui_put(b->u, y, x_text + used, 3, " \u203a ", strlen(" \u203a "), UI_R_DIM, style);
        x_text += used;
        tw -= used;
    }
    if (v->results && vg_search_active(&b->search)) {
        /* The front with the match standing out, or, when the match is in the back, the
         * front and a piece of the back around it. */
        size_t flen, blen, at, qlen = vg_search_query_len(&b->search);
        bool in_back;
        bool found = vg_search_locate(&b->search, ci, &at, &in_back);
        const char *front = vg_search_part(&b->search, ci, false, &flen);
        const char *back = vg_search_part(&b->search, ci, true, &blen);
        if (!in_back) {
            S_put(b, y, x_text, tw, front, flen, UI_R_NORMAL, style, (long)at, qlen);
        } else {
            int fw = ui_width(front, flen);
            int fmax = fw < tw / 2 ? fw : tw / 2;
            if (tw - fmax - 3 < 6)
                fmax = tw; /* no room for a piece of the back: the front alone */
            int used = S_put(b, y, x_text, fmax, front, flen, UI_R_NORMAL, style, -1, 0);
            int room = tw - used - 3;
            if (room >= 6 && found) {
                /* Up to a third of the room before the match, from the start of a word. */
                size_t start = at;
                int before = 0;
                while (start > 0 && before < room / 3) {
                    size_t p = start - 1;
                    while (p > 0 && ((unsigned char)back[p] & 0xC0) == 0x80)
                        p--;
                    before += ui_width(back + p, start - p);
                    start = p;
                }
                while (start > 0 && start < at && back[start - 1] != ' ') {
                    uint32_t cp;
                    start += vg_utf8_decode(back + start, blen - start, &cp);
                }
                int x = x_text + used;
                x += ui_put(b->u, y, x, 3, start ? " …" : " ", start ? strlen(" …") : 1, UI_R_DIM,
                            style);
                S_put(b, y, x, x_cols - 1 - x, back + start, blen - start, UI_R_DIM, style,
                      (long)(at - start), qlen);
            }
        }
    } else {
        vg_buf_clear(&b->row);
        vg_render_inline(&card->front, &b->row);
        S_put(b, y, x_text, tw, vg_buf_str(&b->row), b->row.len, UI_R_NORMAL, style, -1, 0);
    }
    const vg_session_card *sc = vg_session_card_at(b->ses, 0, ci);
    vg_sched_card st;
    ui_role role;
    const char *state = S_state(b, sc, &st, &role);
    char due[24] = "-", stab[24] = "-", lapses[24];
    if (st.state != VG_CARD_NEW) {
        S_format_due(b, st.due, false, due, sizeof due);
        vg_sched_format_interval((int64_t)(st.stability * VG_TIME_DAY + 0.5), stab, sizeof stab);
    }
    snprintf(lapses, sizeof lapses, "%d", (int)st.lapses);
    const char *vals[] = {state, due, stab, lapses};
    const ui_role roles[] = {role, UI_R_NORMAL, UI_R_NORMAL, st.lapses ? UI_R_LEARN : UI_R_DIM};
    int x = x_cols;
    for (size_t c = 0; c < S_N(S_card_cols); c++) {
        if (!on[c])
            continue;
        S_cell(b, y, x + 1, S_card_cols[c].w, vals[c], roles[c], style);
        x += S_card_cols[c].w + 1;
    }
}

static void S_draw_cards(S_browser *b, const S_frame *f)
{
    ui *u = b->u;
    S_view *v = S_top(b);
    size_t n = S_items(b, v);
    vg_buf_clear(&b->row);
    if (v->results) {
        char right[48];
        if (b->query.len == 0)
            right[0] = '\0';
        else
            snprintf(right, sizeof right, "%zu match%s", n, n == 1 ? "" : "es");
        vg_buf_printf(&b->row, "Search \u201c");
        vg_render_sanitize(b->query.data ? b->query.data : "", b->query.len, &b->row);
        vg_buf_adds(&b->row, "\u201d");
        S_draw_top(b, vg_buf_str(&b->row), NULL, right);
    } else {
        S_section_label(b, v->section, &b->row);
        S_draw_top(b, vg_buf_str(&b->row), &b->counts[v->section], NULL);
    }
    size_t visible = (size_t)(f->y1 - f->y0);
    ui_pos_follow(&v->pos, n, visible);
    if (n == 0) {
        const char *msg = !v->results         ? "No cards in this section."
                          : b->query.len == 0 ? "Type to search the fronts and backs."
                          : b->typing         ? "No card matches yet."
                                              : "No card matches.";
        ui_draw_center(u, f->y0 + (f->y1 - f->y0) / 2, msg, UI_R_DIM);
        return;
    }
    int margin = ui_margin(u);
    int x_text = 2 + (v->results && b->numw ? b->numw + 1 : 0);
    bool on[S_N(S_card_cols)];
    int avail = f->cols - margin - x_text;
    int min_text = avail / 2 < 24 ? avail / 2 : 24;
    /* The results: state and due only, so a match in the back has room to show. */
    int cw = S_fit(S_card_cols, S_N(S_card_cols), avail, min_text, v->results ? 2 : 4, on);
    int x_cols = f->cols - margin - cw;
    if (f->head_y >= 0)
        S_draw_heads(b, f->head_y, x_text, "Card", S_card_cols, S_N(S_card_cols), on, x_cols);
    for (size_t r = 0; r < visible && v->pos.top + r < n; r++) {
        size_t i = v->pos.top + r;
        S_draw_card_row(b, f->y0 + (int)r, S_item_card(b, v, i), i == v->pos.sel, v, x_text, x_cols,
                        on);
    }
}

static void S_draw_card(S_browser *b, const S_frame *f)
{
    ui *u = b->u;
    const vg_deck *deck = S_deck(b);
    S_view *v = S_top(b);
    const vg_card *card = &deck->cards[v->card];
    ui_card_view_update(&b->cv, u, deck, card);
    /* The top line: the section, and where the card is in its list. */
    S_view *list = b->nviews > 1 ? v - 1 : v;
    char pos[64] = "";
    size_t n = S_items(b, list);
    if (list->kind == V_CARDS && list->pos.sel < n)
        snprintf(pos, sizeof pos, "%s%zu of %zu", list->results ? "match " : "", list->pos.sel + 1,
                 n);
    vg_buf_clear(&b->row);
    S_section_label(b, card->section, &b->row);
    S_draw_top(b, vg_buf_str(&b->row), NULL, pos);

    /* The state under it: "review · due 2026-03-05 14:05 · stability 3d · lapses 0 · 4 reviews" */
    const vg_session_card *sc = vg_session_card_at(b->ses, 0, v->card);
    vg_sched_card st;
    ui_role role;
    const char *state = S_state(b, sc, &st, &role);
    int y0 = f->y0;
    if (f->big) {
        vg_buf_clear(&b->row);
        vg_buf_adds(&b->row, state);
        if (st.state != VG_CARD_NEW) {
            char due[40], stab[24];
            S_format_due(b, st.due, true, due, sizeof due);
            vg_sched_format_interval((int64_t)(st.stability * VG_TIME_DAY + 0.5), stab,
                                     sizeof stab);
            vg_buf_printf(&b->row, " · due %s · stability %s", due, stab);
        }
        size_t reviews = sc->rec ? sc->rec->nreviews : 0;
        vg_buf_printf(&b->row, " · lapses %d · %zu review%s", (int)st.lapses, reviews,
                      reviews == 1 ? "" : "s");
        int margin = ui_margin(u);
        ui_put_cut(u, 1, margin, f->cols - 2 * margin, vg_buf_str(&b->row), UI_R_DIM);
        if (f->rows >= 12)
            y0++;
    }
    size_t body_h = (size_t)(f->y1 - y0 > 0 ? f->y1 - y0 : 1);
    ui_pos_clamp(&v->pos, ui_card_view_lines(&b->cv, true), body_h);
    ui_card_view_paint(&b->cv, u, v->pos.top, y0, (int)body_h, true);
    /* Where the scroll stands, when the card is longer than the window. */
    if (!ui_notice_get(u, NULL)) {
        int w = ui_text_width(u);
        ui_draw_scroll_mark(u, &v->pos, f->big ? f->rows - 2 : -1, (f->cols - w) / 2 + w, y0,
                            (int)body_h);
    }
}

/* "/query" with a cursor, and the number of matches on the right. */
static void S_draw_prompt(S_browser *b, int y)
{
    ui *u = b->u;
    int cols = ui_cols(u);
    int margin = ui_margin(u);
    ui_fill(u, y, 0, cols, " ", UI_R_NORMAL);
    char right[48] = "";
    if (b->query.len)
        snprintf(right, sizeof right, "%zu match%s", b->search.nmatches,
                 b->search.nmatches == 1 ? "" : "es");
    int rw = ui_width(right, strlen(right));
    int room = cols - 2 * margin - 1 - 1 - (rw ? rw + 2 : 0);
    if (room < 4) {
        rw = 0;
        room = cols - 2 * margin - 2;
    }
    /* The end of a query too long for the row: what is being typed stays in view. */
    vg_buf_clear(&b->row);
    vg_render_sanitize(b->query.data ? b->query.data : "", b->query.len, &b->row);
    const char *q = vg_buf_str(&b->row);
    size_t len = b->row.len;
    while (len && ui_width(q, len) > room) {
        uint32_t cp;
        size_t step = vg_utf8_decode(q, len, &cp);
        q += step;
        len -= step;
    }
    int x = margin;
    x += ui_puts(u, y, x, 1, "/", UI_R_KEY);
    x += ui_put(u, y, x, room, q, len, UI_R_NORMAL, 0);
    ui_fill(u, y, x, 1, " ", UI_R_SELECT);
    if (rw)
        ui_puts(u, y, cols - margin - rw, rw, right, UI_R_DIM);
}

static void S_draw(void *ctx, ui *u)
{
    S_browser *b = ctx;
    S_frame f;
    f.rows = ui_rows(u);
    f.cols = ui_cols(u);
    f.big = f.rows >= 10;
    S_view *v = S_top(b);
    f.head_y = f.big && v->kind != V_CARD ? 2 : -1;
    f.y0 = f.big ? (v->kind == V_CARD ? 2 : 3) : 1;
    f.y1 = f.big ? f.rows - 2 : f.rows - 1;
    if (f.big && v->kind != V_CARD)
        ui_fill(u, 1, 0, f.cols, "─", UI_R_RULE);
    switch (v->kind) {
    case V_SECTIONS:
        S_draw_sections(b, &f);
        break;
    case V_CARDS:
        S_draw_cards(b, &f);
        break;
    default:
        S_draw_card(b, &f);
        break;
    }

    int hint_y = f.rows - 1, note_y = f.big ? f.rows - 2 : f.rows - 1;
    if (b->typing) {
        S_draw_prompt(b, note_y);
        if (f.big)
            ui_draw_hints(u, hint_y, ui_keymap_get(UI_KM_SEARCH), UI_A_NONE);
        return;
    }
    ui_role role;
    const char *notice = ui_notice_get(u, &role);
    if (notice) {
        int margin = ui_margin(u);
        ui_fill(u, note_y, 0, f.cols, " ", UI_R_NORMAL);
        ui_put_cut(u, note_y, margin, f.cols - 2 * margin, notice, role);
    }
    if (f.big || !notice)
        ui_draw_hints(u, hint_y, S_keymap(b), UI_A_NONE);
}

/* ---- keys ------------------------------------------------------------------------------------ */

static void S_open(S_browser *b)
{
    S_view *v = S_top(b);
    size_t n = S_items(b, v);
    if (v->kind == V_CARD || n == 0)
        return;
    if (v->kind == V_SECTIONS)
        S_push(b, S_mkview(V_CARDS, false, v->pos.sel, 0, 0));
    else
        S_push(b, S_mkview(V_CARD, false, 0, 0, S_item_card(b, v, v->pos.sel)));
}

static ui_pos *S_pos(void *ctx)
{
    S_browser *b = ctx;
    return &S_top(b)->pos;
}

static int S_prompt_request(S_browser *b, int action, int key)
{
    switch (action) {
    case UI_A_QUIT:
        return UI_LEAVE;
    case UI_A_ACCEPT:
        S_search_end(b, true);
        break;
    case UI_A_CANCEL:
        S_search_end(b, false);
        break;
    case UI_A_ERASE:
        S_erase(b);
        break;
    case UI_A_MOVE_DOWN:
    case UI_A_MOVE_UP:
    case UI_A_MOVE_PAGE_DOWN:
    case UI_A_MOVE_PAGE_UP:
        return UI_PASS;
    default:
        if (key >= ' ' && key < UI_KEY_BASE)
            S_type(b, key);
        break;
    }
    return b->failed ? UI_LEAVE : UI_HANDLED;
}

static int S_request(void *ctx, ui *u, int action, int key)
{
    S_browser *b = ctx;
    if (key == UI_KEY_QUIT)
        return UI_LEAVE;
    if (key == UI_KEY_NONE)
        return UI_HANDLED;
    if (b->typing)
        return S_prompt_request(b, action, key);
    switch (action) {
    case UI_A_MOVE_DOWN:
    case UI_A_MOVE_UP:
    case UI_A_MOVE_PAGE_DOWN:
    case UI_A_MOVE_PAGE_UP:
    case UI_A_MOVE_FIRST:
    case UI_A_MOVE_LAST:
        return UI_PASS;
    case UI_A_OPEN:
        S_open(b);
        break;
    case UI_A_BACK:
        if (b->nviews == 1)
            return UI_LEAVE;
        b->nviews--;
        break;
    case UI_A_QUIT:
        return UI_LEAVE;
    case UI_A_SEARCH:
        S_search_start(b);
        break;
    case UI_A_FIND_NEXT:
    case UI_A_FIND_PREV:
        S_jump(b, action == UI_A_FIND_NEXT ? 1 : -1);
        break;
    case UI_A_STUDY:
        S_study(b);
        break;
    case UI_A_TOGGLE_SUSPEND:
        S_suspend(b);
        break;
    case UI_A_EDIT:
        S_edit(b);
        break;
    case UI_A_STATS:
        S_stats(b);
        break;
    default:
        if (key != UI_KEY_INTR)
            ui_notice(u, UI_R_DIM, "%s", "? lists the keys.");
        break;
    }
    return b->failed ? UI_LEAVE : UI_HANDLED;
}

/* ---- the run ------------------------------------------------------------------------------------
 */

vg_status ui_list_run(ui *u, const ui_list_host *host, vg_deck **deck, vg_store **store,
                      vg_error *err)
{
    S_browser b;
    memset(&b, 0, sizeof b);
    vg_search_init(&b.search, *deck);
    b.u = u;
    b.h = host;
    b.deckp = deck;
    b.storep = store;
    b.writable = vg_store_writable(*store);
    b.views[0] = S_mkview(V_SECTIONS, false, 0, 0, 0);
    b.nviews = 1;
    ui_card_view_init(&b.cv);
    if (S_deck_changed(&b) && S_open_session(&b)) {
        static const ui_screen_ops ops = {S_draw, S_request, S_keymap, S_pos, NULL, NULL};
        if (ui_push(u, &ops, &b))
            ui_run(u);
    }
    vg_status st = VG_OK;
    if (b.failed) {
        st = b.fatal.status;
        if (err)
            *err = b.fatal;
    }
    vg_session_free(b.ses);
    /* The journal holds every change already; this folds it into the snapshot. */
    if (st == VG_OK && b.writable)
        st = vg_store_save(*store, err);
    ui_card_view_release(&b.cv);
    free(b.counts);
    free(b.sum_off);
    vg_section_numbers_release(&b.nums);
    vg_search_release(&b.search);
    vg_buf_release(&b.summary);
    vg_buf_release(&b.query);
    vg_buf_release(&b.old_query);
    vg_buf_release(&b.row);
    return st;
}
