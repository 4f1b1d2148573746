/* The browser's changes: the progress's lock at the first change, suspending, editing (and
 * finding every view's place again in the deck read again), a study session of a section or
 * of the search results, and the stats screen (see list_int.h). */
#include "list_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/stats.h"
#include "ui/study.h"
#include "vgrev/study.h"
#include "vgrev/render.h"
#include "vgrev/report.h"

/* ---- changes: the lock, suspending, editing, studying -----------------------------------------
 */

/* Makes the progress writable, taking the lock, at the first change. */
bool list_writable(list_browser *b, const char *what)
{
    if (b->writable)
        return true;
    vg_store *store = *b->storep;
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
    b->writable = true;
    if (store == *b->storep) /* locked in place: the file was what the session shows */
        return true;
    /* The writable store was read again from the disk: states and counts start from it. */
    vg_session_free(b->ses);
    b->ses = NULL;
    vg_store_free(*b->storep);
    *b->storep = store;
    return list_open_session(b);
}

void list_suspend(list_browser *b)
{
    size_t card;
    if (!list_current_card(b, &card)) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "Open a section (Enter) to suspend one of its cards.");
        return;
    }
    if (!list_writable(b, "suspend"))
        return;
    const vg_session_card *sc = vg_session_card_at(b->ses, 0, card);
    bool on = !(sc->rec && sc->rec->suspended);
    vg_error err;
    vg_error_clear(&err);
    if (vg_session_suspend(b->ses, sc, on, &err) != VG_OK) {
        ui_notice(b->u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    list_count_section(b, sc->card->section);
    list_count_total(b);
    ui_notice(b->u, UI_R_NOTICE, "%s",
              on ? "Suspended: not studied until unsuspended (S again)." : "Unsuspended.");
}

void list_forget(list_browser *b)
{
    size_t card;
    if (!list_current_card(b, &card)) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "Open a section (Enter) to reset one of its cards.");
        return;
    }
    const vg_session_card *sc = vg_session_card_at(b->ses, 0, card);
    if (!sc->rec || !sc->rec->nreviews) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "This card is new already.");
        return;
    }
    if (b->reset_armed != card + 1) {
        b->reset_armed = card + 1;
        ui_notice(b->u, UI_R_NOTICE, "%s",
                  "Reset this card to new? Its review log is kept. R again resets it.");
        return;
    }
    b->reset_armed = 0;
    if (!list_writable(b, "reset"))
        return;
    sc = vg_session_card_at(b->ses, 0, card); /* the session may be a new one, writable */
    vg_error err;
    vg_error_clear(&err);
    if (vg_session_forget(b->ses, sc, list_now(b), &err) != VG_OK) {
        ui_notice(b->u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    list_count_section(b, sc->card->section);
    list_count_total(b);
    ui_notice(b->u, UI_R_NOTICE, "%s", "Reset: the card is new again (its log is kept).");
}

void list_unbury(list_browser *b)
{
    size_t card;
    if (!list_current_card(b, &card)) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "Open a section (Enter) to unbury one of its cards.");
        return;
    }
    const vg_session_card *sc = vg_session_card_at(b->ses, 0, card);
    if (!sc->rec || sc->rec->buried_until <= list_now(b)) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "This card is not buried.");
        return;
    }
    if (!list_writable(b, "unbury"))
        return;
    sc = vg_session_card_at(b->ses, 0, card); /* the session may be a new one, writable */
    vg_error err;
    vg_error_clear(&err);
    if (vg_session_unbury(b->ses, sc, list_now(b), &err) != VG_OK) {
        ui_notice(b->u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    list_count_section(b, sc->card->section);
    list_count_total(b);
    ui_notice(b->u, UI_R_NOTICE, "%s", "Unburied: it can be studied today.");
}

/* What identifies a view across a reload of the deck: its section's title, its card's id. */
typedef struct S_mark {
    char *title;
    char id[VG_CARD_ID_LEN + 1];
} S_mark;

static void S_mark_views(list_browser *b, S_mark marks[LIST_MAX_VIEWS])
{
    const vg_deck *deck = list_deck(b);
    memset(marks, 0, LIST_MAX_VIEWS * sizeof *marks);
    for (size_t i = 0; i < b->nviews; i++) {
        list_view *v = &b->views[i];
        size_t sec = v->kind == V_SECTIONS ? v->pos.sel : v->section;
        if (v->kind != V_CARD && !v->results && sec < deck->nsections)
            marks[i].title = strdup(deck->sections[sec].title);
        size_t card = v->kind == V_CARD ? v->card : SIZE_MAX;
        if (v->kind == V_CARDS && v->pos.sel < list_items(b, v))
            card = list_item_card(b, v, v->pos.sel);
        if (card < deck->ncards)
            memcpy(marks[i].id, deck->cards[card].id, sizeof marks[i].id);
    }
}

static void S_free_marks(S_mark marks[LIST_MAX_VIEWS])
{
    for (size_t i = 0; i < LIST_MAX_VIEWS; i++)
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
static void S_restore_views(list_browser *b, S_mark marks[LIST_MAX_VIEWS])
{
    const vg_deck *deck = list_deck(b);
    if (b->query.len) {
        list_search_run(b, false);
        list_search_finish(b);
    }
    size_t keep = b->nviews;
    for (size_t i = 0; i < b->nviews; i++) {
        list_view *v = &b->views[i];
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
static void S_swap_deck(list_browser *b, vg_deck *fresh)
{
    S_mark marks[LIST_MAX_VIEWS];
    S_mark_views(b, marks);
    vg_session_free(b->ses);
    b->ses = NULL;
    vg_deck_free(*b->deckp);
    *b->deckp = fresh;
    if (list_deck_changed(b) && list_open_session(b))
        S_restore_views(b, marks);
    else
        S_free_marks(marks);
}

void list_edit(list_browser *b)
{
    const vg_deck *deck = list_deck(b);
    unsigned line = 1;
    size_t card;
    list_view *v = list_top(b);
    if (list_current_card(b, &card))
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
    list_browser *b;
    vg_study *m;
    S_set set;
    char *section_title;
} S_study_ctx;

static void S_study_ctx_free(S_study_ctx *c)
{
    vg_study_free(c->m);
    free(c->set.ids);
    free(c->section_title);
    free(c);
}

/* The study screen's `e`: the deck is read again, for the session and for the browser. */
static vg_status S_study_reload(void *ctx, size_t index, vg_error *err)
{
    S_study_ctx *c = ctx;
    list_browser *b = c->b;
    (void)index;
    vg_deck *fresh = NULL;
    vg_status st = b->h->load_deck(b->h->ctx, &fresh, err);
    if (st != VG_OK)
        return st;
    S_mark marks[LIST_MAX_VIEWS];
    S_mark_views(b, marks);
    vg_deck *old = *b->deckp;
    *b->deckp = fresh; /* the section of the set is looked up in the deck being opened */
    st = vg_study_replace_deck(c->m, 0, fresh, list_now(b), err);
    if (st != VG_OK) {
        *b->deckp = old;
        vg_deck_free(fresh);
        S_free_marks(marks);
        return st;
    }
    vg_deck_free(old);
    /* The browser's views find their places in the new deck now; its counts wait for the
     * session opened after the study. */
    if (list_deck_changed(b))
        S_restore_views(b, marks);
    else
        S_free_marks(marks);
    return VG_OK;
}

/* The study screen was popped: the browser is on top again. */
static void S_study_done(void *ctx, ui *u, const vg_study_report *st)
{
    S_study_ctx *c = ctx;
    list_browser *b = c->b;
    vg_error err;
    vg_error_clear(&err);
    if (vg_study_save(c->m, &err) != VG_OK)
        ui_notice(u, UI_R_ERROR, "%s", err.msg);
    else if (st->answers)
        ui_notice(u, UI_R_NOTICE, "Studied %zu card%s: %zu answer%s, %zu Again.", st->cards,
                  st->cards == 1 ? "" : "s", st->answers, st->answers == 1 ? "" : "s", st->again);
    else
        ui_notice(u, UI_R_NOTICE, "%s", "No card was answered.");
    S_study_ctx_free(c);
    if (!list_open_session(b))
        ui_leave(u);
}

/* Opens the study screen over the set; false (with a notice) when there is nothing to study. */
static bool S_study_open(list_browser *b, S_study_ctx *c, const char *title)
{
    /* One session at a time binds the records: the browser's waits for the study's. */
    vg_session_free(b->ses);
    b->ses = NULL;
    int64_t now = list_now(b);
    vg_session_deck sd = {list_deck(b), b->h->deck_name};
    vg_session_opts so = b->h->session;
    so.now = now;
    so.include = S_in_set;
    so.include_ctx = &c->set;
    vg_error err;
    vg_error_clear(&err);
    if (vg_study_new(&sd, 1, *b->storep, b->h->sched, &so, false, &c->m, &err) != VG_OK) {
        ui_notice(b->u, UI_R_ERROR, "%s", err.msg);
        return false;
    }
    vg_study_card first;
    if (!vg_study_current(c->m, now, &first) && !vg_study_next_wait(c->m)) {
        char when[96];
        int64_t next = vg_study_next_due(c->m, now);
        vg_days days = vg_session_days(&so);
        vg_report_next(next, now, vg_days_offset(&days, next), vg_days_offset(&days, now), when,
                       sizeof when);
        ui_notice(b->u, UI_R_NOTICE, "Nothing to study here now%s%s.", next ? "; next cards " : "",
                  next ? when : "");
        return false;
    }
    ui_study_opts o = {title, S_study_reload, c, NULL};
    if (!ui_study_push(b->u, c->m, &o, S_study_done, c)) {
        list_nomem(b);
        return false;
    }
    return true;
}

void list_study(list_browser *b)
{
    const vg_deck *deck = list_deck(b);
    list_view *v = list_top(b);
    list_view *list = v->kind == V_CARD && b->nviews > 1 ? v - 1 : v;
    S_study_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        list_nomem(b);
        return;
    }
    c->b = b;
    c->set.deckp = b->deckp;
    vg_buf title = VG_BUF_INIT;
    size_t ncards;
    if (list->kind == V_CARDS && list->results) {
        list_search_finish(b);
        ncards = b->search.nmatches;
        c->set.ids = malloc((ncards ? ncards : 1) * sizeof *c->set.ids);
        if (!c->set.ids) {
            list_nomem(b);
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
            list_section_label(b, sec, &title);
            if (!c->section_title)
                ncards = 0, list_nomem(b);
        }
    }
    if (ncards == 0) {
        if (!b->failed)
            ui_notice(b->u, UI_R_NOTICE, "%s", "No cards here to study.");
        S_study_ctx_free(c);
    } else if (!list_writable(b, "study")) {
        S_study_ctx_free(c);
    } else if (!S_study_open(b, c, vg_buf_str(&title))) {
        S_study_ctx_free(c); /* its session before the browser's opens again */
        list_open_session(b);
    }
    vg_buf_release(&title);
}

/* The stats screen over the browser's session; Ctrl-C there quits the browser too. */
void list_card_info(list_browser *b)
{
    size_t card;
    if (!list_current_card(b, &card)) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "Open a section (Enter) to see a card's history.");
        return;
    }
    const vg_session_card *sc = vg_session_card_at(b->ses, 0, card);
    vg_buf title = VG_BUF_INIT;
    char sib[VG_SIBLING_NAME];
    const char *name = vg_card_sibling_name(sc->card, sib);
    if (*name) { /* a sibling's front_src ends in 0x1F and its name: its front says more */
        vg_render_inline(&sc->card->front, &title);
        vg_buf_printf(&title, " (%s)", name);
    } else {
        vg_render_title(sc->card->front_src, &title);
    }
    if (!ui_card_info_push(b->u, vg_buf_str(&title), vg_session_scheduler(b->ses), sc->rec,
                           list_now(b), vg_session_options(b->ses)->utc_offset))
        list_nomem(b);
    vg_buf_release(&title);
}

void list_stats(list_browser *b)
{
    vg_stats st;
    vg_error err;
    vg_error_clear(&err);
    if (vg_stats_compute(b->ses, 0, list_now(b), &st, &err) != VG_OK) {
        ui_notice(b->u, UI_R_ERROR, "%s", err.msg);
        return;
    }
    const vg_deck *deck = list_deck(b);
    vg_buf title = VG_BUF_INIT;
    vg_render_title(vg_deck_name(deck), &title);
    if (!ui_stats_push(b->u, vg_buf_str(&title), &st, b->ses, VG_SIM_SEED, NULL))
        list_nomem(b);
    vg_buf_release(&title);
}
