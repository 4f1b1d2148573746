/* The browser (see list.h). Its views form a stack, one screen state each, under one
 * dispatcher:
 *   SECTIONS  the deck's sections: counts, and a line of each one's intro (or its fronts)
 *   CARDS     a section's cards, or the search results: state, due, stability, lapses
 *   CARD      one card rendered as the study screen shows it, front and back; scrolls
 * Layout, top to bottom: the title and counts; a rule (the card's state in CARD); the column
 * heads; the list; a notice or the search prompt; the key hints. Below 10 rows the rule, the
 * heads and the notice row go, and a notice or the prompt takes the hints' row.
 * A key costs work in what is on the screen, not in the deck: counts are kept per section
 * and refreshed after a change, rows are made only for the rows shown, and a search finds
 * the matches the screen shows at each key and the rest between keys. This file holds the model and
 * the keys; list_act.c the changes, list_draw.c the drawing (list_int.h). */
#include "list_int.h"

#include <stdlib.h>
#include <string.h>

#include "vgrev/render.h"
#include "vgrev/report.h"
#include "vgrev/utf8.h"

list_view list_mkview(list_kind kind, bool results, size_t section, size_t sel, size_t card)
{
    list_view v = {kind, results, section, card, {0}};
    v.pos.sel = sel;
    v.pos.list = kind != V_CARD;
    return v;
}

const vg_deck *list_deck(const list_browser *b)
{
    return *b->deckp;
}

list_view *list_top(list_browser *b)
{
    return &b->views[b->nviews - 1];
}

/* The keymap of the view on top, or of the search prompt while typing. */
const ui_keymap *list_keymap(void *ctx)
{
    list_browser *b = ctx;
    if (b->typing)
        return ui_keymap_get(UI_KM_SEARCH);
    static const int maps[] = {
        [V_SECTIONS] = UI_KM_SECTIONS, [V_CARDS] = UI_KM_CARDS, [V_CARD] = UI_KM_CARD};
    return ui_keymap_get(maps[list_top(b)->kind]);
}

int64_t list_now(const list_browser *b)
{
    return ui_now(b->u);
}

void list_fail(list_browser *b, const vg_error *err)
{
    if (!b->failed)
        b->fatal = *err;
    b->failed = true;
}

void list_nomem(list_browser *b)
{
    vg_error err;
    vg_error_set(&err, VG_NOMEM, NULL, 0, 0, NULL);
    list_fail(b, &err);
}

/* ---- text ----------------------------------------------------------------------------------- */

void list_section_title(const vg_deck *deck, size_t i, vg_buf *out)
{
    const vg_section *sec = &deck->sections[i];
    if (*sec->title)
        vg_render_title(sec->title, out);
    else
        vg_buf_adds(out, "(before the first section)");
}

/* "5. Solutions to ...": the number every command knows the section by. */
void list_section_label(const list_browser *b, size_t i, vg_buf *out)
{
    const char *num = i < b->nums.n ? b->nums.of[i] : "";
    if (*num) {
        vg_render_sanitize(num, strlen(num), out);
        vg_buf_adds(out, ". ");
    }
    list_section_title(*b->deckp, i, out);
}

/* ---- the model: session, counts, summaries --------------------------------------------------- */

void list_count_section(list_browser *b, size_t i)
{
    vg_session_counts(b->ses, 0, i, list_now(b), &b->counts[i]);
}

void list_count_total(list_browser *b)
{
    memset(&b->total, 0, sizeof b->total);
    for (size_t i = 0; i < list_deck(b)->nsections; i++) {
        b->total.cards += b->counts[i].cards;
        b->total.new_cards += b->counts[i].new_cards;
        b->total.learning += b->counts[i].learning;
        b->total.due += b->counts[i].due;
        b->total.suspended += b->counts[i].suspended;
    }
}

/* A session over the deck and the store (the browser's, for the states and counts). */
bool list_open_session(list_browser *b)
{
    vg_session_deck sd = {list_deck(b), b->h->deck_name};
    vg_session_opts o = b->h->session;
    o.now = list_now(b);
    vg_error err;
    vg_error_clear(&err);
    if (vg_session_open(&sd, 1, *b->storep, b->h->sched, &o, &b->ses, &err) != VG_OK) {
        list_fail(b, &err);
        return false;
    }
    for (size_t i = 0; i < list_deck(b)->nsections; i++)
        list_count_section(b, i);
    list_count_total(b);
    return true;
}

/* Builds what depends on the deck alone: count slots, summaries, the number column. */
bool list_deck_changed(list_browser *b)
{
    const vg_deck *deck = list_deck(b);
    size_t n = deck->nsections;
    free(b->counts);
    free(b->sum_off);
    free(b->sum_len);
    vg_section_numbers_release(&b->nums);
    b->counts = calloc(n ? n : 1, sizeof *b->counts);
    b->sum_off = malloc((n ? n : 1) * sizeof *b->sum_off);
    b->sum_len = calloc(n ? n : 1, sizeof *b->sum_len);
    if (!b->counts || !b->sum_off || !b->sum_len ||
        vg_section_numbers_init(&b->nums, deck) != VG_OK) {
        list_nomem(b);
        return false;
    }
    vg_buf_clear(&b->summary);
    b->numw = 0;
    for (size_t i = 0; i < n; i++) {
        int w = (int)vg_text_width(b->nums.of[i], strlen(b->nums.of[i]));
        if (w && w + 1 > b->numw)
            b->numw = w + 1;
        b->sum_off[i] = SIZE_MAX;
    }
    ui_card_view_forget(&b->cv);
    vg_search_reset(&b->search, deck);
    return true;
}

const char *list_summary(list_browser *b, size_t i, size_t *len)
{
    if (b->sum_off[i] == SIZE_MAX) {
        size_t at = b->summary.len;
        vg_report_section_line(list_deck(b), i, &b->summary);
        if (b->summary.failed) {
            list_nomem(b);
            *len = 0;
            return "";
        }
        b->sum_off[i] = at;
        b->sum_len[i] = b->summary.len - at;
    }
    *len = b->sum_len[i];
    return b->summary.data + b->sum_off[i];
}

/* The card of a list's item. */
size_t list_item_card(const list_browser *b, const list_view *v, size_t i)
{
    if (v->results)
        return b->search.matches[i];
    return list_deck(b)->sections[v->section].first_card + i;
}

size_t list_items(const list_browser *b, const list_view *v)
{
    switch (v->kind) {
    case V_SECTIONS:
        return list_deck(b)->nsections;
    case V_CARDS:
        return v->results ? b->search.nmatches : list_deck(b)->sections[v->section].ncards;
    default:
        return 0;
    }
}

/* The card the current view is about: the selected one of a list, the one shown. */
bool list_current_card(list_browser *b, size_t *card)
{
    list_view *v = list_top(b);
    if (v->kind == V_CARD) {
        *card = v->card;
        return true;
    }
    if (v->kind == V_CARDS && v->pos.sel < list_items(b, v)) {
        *card = list_item_card(b, v, v->pos.sel);
        return true;
    }
    return false;
}

/* ---- search ------------------------------------------------------------------------------------
 */

/* The matches of the query, as far as the screen shows them: a key costs what is shown, not
 * the deck; the rest is found between keys (list_search_tick). Typing one more character only
 * narrows the matches of the query before it, so refine looks at those alone. */
void list_search_run(list_browser *b, bool refine)
{
    vg_error err;
    if (vg_search_start(&b->search, b->query.data, b->query.len, refine, &err) != VG_OK)
        list_fail(b, &err);
    else
        list_search_tick(b, false);
}

/* A slice of work: at a key, only as far as the rows of the results view (and a page more). */
void list_search_tick(list_browser *b, bool all)
{
    list_view *r = NULL;
    for (size_t i = 0; i < b->nviews; i++)
        if (b->views[i].kind == V_CARDS && b->views[i].results)
            r = &b->views[i];
    size_t want = (r ? r->pos.top : 0) + 2 * (b->rows ? b->rows : LIST_ROWS_GUESS);
    if (all)
        want = SIZE_MAX;
    vg_error err;
    if (vg_search_more(&b->search, want, LIST_SEARCH_WORK, &err) != VG_OK)
        list_fail(b, &err);
}

/* All the matches (what n, N, studying the results and the count after Enter need). */
void list_search_finish(list_browser *b)
{
    vg_error err;
    if (vg_search_more(&b->search, SIZE_MAX, SIZE_MAX, &err) != VG_OK)
        list_fail(b, &err);
}

/* The results view in the stack, or NULL. */
static list_view *S_results_view(list_browser *b)
{
    for (size_t i = 0; i < b->nviews; i++)
        if (b->views[i].kind == V_CARDS && b->views[i].results)
            return &b->views[i];
    return NULL;
}

void list_push(list_browser *b, list_view v)
{
    if (b->nviews < LIST_MAX_VIEWS)
        b->views[b->nviews++] = v;
}

static void S_search_start(list_browser *b)
{
    /* A new search replaces the results of the last one (and what was opened from them). */
    list_view *r = S_results_view(b);
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
    list_push(b, list_mkview(V_CARDS, true, 0, 0, 0));
}

static void S_search_end(list_browser *b, bool keep)
{
    b->typing = false;
    if (keep && b->query.len) {
        /* Whether anything matches at all; the count goes on between keys. */
        if (b->search.nmatches == 0)
            list_search_finish(b);
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
        list_search_run(b, false);
}

static void S_type(list_browser *b, int key)
{
    if (key >= 0xD800 && key <= 0xDFFF)
        return;
    char enc[4];
    size_t n = vg_utf8_encode((uint32_t)key, enc);
    if (b->query.len + n > 200)
        return;
    vg_buf_add(&b->query, enc, n);
    list_top(b)->pos.sel = list_top(b)->pos.top = 0;
    list_search_run(b, true);
}

static void S_erase(list_browser *b)
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
    list_top(b)->pos.sel = list_top(b)->pos.top = 0;
    list_search_run(b, false);
}

/* n and N: the next match from here. In the results (and a card opened from them) that is
 * the next result; elsewhere the next matching card in deck order, shown in its section. */
static void S_jump(list_browser *b, int dir)
{
    if (!b->query.len) {
        ui_notice(b->u, UI_R_NOTICE, "%s", "No search yet: / searches the fronts and backs.");
        return;
    }
    if (!vg_search_active(&b->search))
        list_search_run(b, false);
    list_search_finish(b);
    if (b->search.nmatches == 0) {
        ui_notice(b->u, UI_R_NOTICE, "No card matches \u201c%s\u201d.", vg_buf_str(&b->query));
        return;
    }
    const vg_deck *deck = list_deck(b);
    list_view *v = list_top(b);
    list_view *list = v->kind == V_CARD && b->nviews > 1 ? v - 1 : v;
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
            from = list_items(b, v) ? list_item_card(b, v, v->pos.sel)
                                    : deck->sections[v->section].first_card;
            strict = list_items(b, v) > 0;
        }
        k = vg_search_from(&b->search, from, dir, strict, &wrapped);
        size_t card = b->search.matches[k];
        size_t sec = deck->cards[card].section;
        b->views[0].pos.sel = sec;
        list_view cards =
            list_mkview(V_CARDS, false, sec, card - deck->sections[sec].first_card, 0);
        if (v->kind == V_SECTIONS) {
            list_push(b, cards);
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

/* ---- keys ------------------------------------------------------------------------------------ */

static void S_open(list_browser *b)
{
    list_view *v = list_top(b);
    size_t n = list_items(b, v);
    if (v->kind == V_CARD || n == 0)
        return;
    if (v->kind == V_SECTIONS)
        list_push(b, list_mkview(V_CARDS, false, v->pos.sel, 0, 0));
    else
        list_push(b, list_mkview(V_CARD, false, 0, 0, list_item_card(b, v, v->pos.sel)));
}

static ui_pos *S_pos(void *ctx)
{
    list_browser *b = ctx;
    return &list_top(b)->pos;
}

/* A search not done yet goes on as soon as no key is waiting. */
static int S_wait(void *ctx, ui *u)
{
    (void)u;
    list_browser *b = ctx;
    return vg_search_done(&b->search) ? -1 : 0;
}

static int S_prompt_request(list_browser *b, int action, int key)
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
    list_browser *b = ctx;
    if (key == UI_KEY_QUIT)
        return UI_LEAVE;
    if (key == UI_KEY_NONE) {
        /* A tick: the search goes on where it stopped. */
        if (!vg_search_done(&b->search))
            list_search_tick(b, true);
        return b->failed ? UI_LEAVE : UI_HANDLED;
    }
    if (b->typing)
        return S_prompt_request(b, action, key);
    if (action != UI_A_RESET)
        b->reset_armed = 0; /* a reset needs two R in a row */
    switch (action) {
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
        list_study(b);
        break;
    case UI_A_TOGGLE_SUSPEND:
        list_suspend(b);
        break;
    case UI_A_EDIT:
        list_edit(b);
        break;
    case UI_A_STATS:
        list_stats(b);
        break;
    case UI_A_RESET:
        list_forget(b);
        break;
    case UI_A_UNBURY:
        list_unbury(b);
        break;
    case UI_A_CARD_INFO:
        list_card_info(b);
        break;
    case UI_A_NONE:
        if (key != UI_KEY_INTR)
            ui_notice(u, UI_R_DIM, "%s", "? lists the keys.");
        break;
    default:
        return UI_PASS; /* moving: the engine's */
    }
    return b->failed ? UI_LEAVE : UI_HANDLED;
}

/* ---- the run ------------------------------------------------------------------------------------
 */

vg_status ui_list_run(ui *u, const ui_list_host *host, vg_deck **deck, vg_store **store,
                      vg_error *err)
{
    list_browser b;
    memset(&b, 0, sizeof b);
    vg_search_init(&b.search, *deck);
    b.u = u;
    b.h = host;
    b.deckp = deck;
    b.storep = store;
    b.writable = vg_store_writable(*store);
    b.views[0] = list_mkview(V_SECTIONS, false, 0, 0, 0);
    b.nviews = 1;
    ui_card_view_init(&b.cv);
    if (list_deck_changed(&b) && list_open_session(&b)) {
        static const ui_screen_ops ops = {.draw = list_draw,
                                          .request = S_request,
                                          .keymap = list_keymap,
                                          .pos = S_pos,
                                          .wait_ms = S_wait};
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
    if (st == VG_OK && b.writable && vg_store_changed(*store))
        st = vg_store_save(*store, err);
    ui_card_view_release(&b.cv);
    free(b.counts);
    free(b.sum_off);
    free(b.sum_len);
    vg_section_numbers_release(&b.nums);
    vg_search_release(&b.search);
    vg_buf_release(&b.summary);
    vg_buf_release(&b.query);
    vg_buf_release(&b.old_query);
    vg_buf_release(&b.row);
    return st;
}
