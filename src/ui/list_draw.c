/* The browser's drawing (see list.c for the layout): the top line, the rule, the column heads,
 * the rows of a list, the card view, the search prompt, the notice and the hints. */
#include "list_int.h"

#include <stdio.h>
#include <string.h>

#include "vgrev/render.h"
#include "vgrev/report.h"
#include "vgrev/time.h"
#include "vgrev/utf8.h"

#define S_N(a) (sizeof(a) / sizeof *(a))

/* ---- drawing ------------------------------------------------------------------------------------
 */

/* s[0..len) in at most maxw columns, cut with "…"; the part [hl, hl+hlen) stands out. */
static int S_put(list_browser *b, int y, int x, int maxw, const char *s, size_t len, ui_role role,
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
static void S_draw_top(list_browser *b, const char *title, const vg_counts *c, const char *right)
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
static void S_cell(list_browser *b, int y, int x, int w, const char *text, ui_role role,
                   unsigned style)
{
    int tw = ui_width(text, strlen(text));
    if (tw > w)
        ui_put_cut(b->u, y, x, w, text, role);
    else
        ui_put(b->u, y, x + w - tw, tw, text, strlen(text), role, style);
}

static void S_draw_heads(list_browser *b, int y, int x_text, const char *text_head,
                         const S_col *cols, size_t n, const bool *on, int x_cols)
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
static unsigned S_row_start(list_browser *b, int y, bool sel, bool marker)
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

static void S_draw_sections(list_browser *b, const S_frame *f)
{
    ui *u = b->u;
    const vg_deck *deck = list_deck(b);
    list_view *v = list_top(b);
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
        list_section_title(deck, i, &b->row);
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
            size_t len;
            const char *sum = list_summary(b, i, &len);
            S_put(b, y + 1, x_title, f->cols - margin - x_title, sum, len, UI_R_DIM, style, -1, 0);
        }
    }
}

/* A card's state as the lists show it (vg_report_card_state), and its colour. */
static const char *S_state(const list_browser *b, const vg_session_card *sc, vg_sched_card *st,
                           ui_role *role)
{
    static const ui_role roles[] = {
        [VG_SHOWN_SUSPENDED] = UI_R_DIM, [VG_SHOWN_BURIED] = UI_R_DIM,
        [VG_SHOWN_NEW] = UI_R_NEW,       [VG_SHOWN_LEARNING] = UI_R_LEARN,
        [VG_SHOWN_DUE] = UI_R_DUE,       [VG_SHOWN_LATER] = UI_R_NORMAL,
    };
    vg_shown_state kind;
    const char *word =
        vg_report_card_state(b->ses, sc, list_now(b), b->h->session.utc_offset, st, &kind);
    *role = roles[kind];
    return word;
}

static void S_draw_card_row(list_browser *b, int y, size_t ci, bool sel, const list_view *v,
                            int x_text, int x_cols, const bool *on)
{
    const vg_deck *deck = list_deck(b);
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
        char sib[VG_SIBLING_NAME];
        const char *name = vg_card_sibling_name(card, sib);
        if (*name)
            vg_buf_printf(&b->row, " (%s)", name);
        S_put(b, y, x_text, tw, vg_buf_str(&b->row), b->row.len, UI_R_NORMAL, style, -1, 0);
    }
    const vg_session_card *sc = vg_session_card_at(b->ses, 0, ci);
    vg_sched_card st;
    ui_role role;
    const char *state = S_state(b, sc, &st, &role);
    char due[24] = "-", stab[24] = "-", lapses[24];
    if (st.state != VG_CARD_NEW) {
        vg_report_due(st.due, list_now(b), b->h->session.utc_offset, false, due, sizeof due);
        vg_sched_format_interval((int64_t)(st.stability * VG_TIME_DAY + 0.5), stab, sizeof stab);
    }
    /* A leech is marked beside its lapses (Anki's "leech" tag). */
    snprintf(lapses, sizeof lapses, "%d%s", (int)st.lapses,
             vg_session_is_leech(b->ses, sc) ? " L" : "");
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

/* "12 matches", or "12 matches so far" while the search goes on. */
static void S_count(const list_browser *b, char *out, size_t size)
{
    size_t n = b->search.nmatches;
    snprintf(out, size, "%zu match%s%s", n, n == 1 ? "" : "es",
             vg_search_done(&b->search) ? "" : " so far");
}

static void S_draw_cards(list_browser *b, const S_frame *f)
{
    ui *u = b->u;
    list_view *v = list_top(b);
    size_t n = list_items(b, v);
    vg_buf_clear(&b->row);
    if (v->results) {
        char right[48];
        if (b->query.len == 0)
            right[0] = '\0';
        else
            S_count(b, right, sizeof right);
        vg_buf_printf(&b->row, "Search \u201c");
        vg_render_sanitize(b->query.data ? b->query.data : "", b->query.len, &b->row);
        vg_buf_adds(&b->row, "\u201d");
        S_draw_top(b, vg_buf_str(&b->row), NULL, right);
    } else {
        list_section_label(b, v->section, &b->row);
        S_draw_top(b, vg_buf_str(&b->row), &b->counts[v->section], NULL);
    }
    size_t visible = (size_t)(f->y1 - f->y0);
    b->rows = visible;
    ui_pos_follow(&v->pos, n, visible);
    if (n == 0) {
        const char *msg = !v->results                   ? "No cards in this section."
                          : b->query.len == 0           ? "Type to search the fronts and backs."
                          : !vg_search_done(&b->search) ? "Searching\u2026"
                          : b->typing                   ? "No card matches yet."
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
        S_draw_card_row(b, f->y0 + (int)r, list_item_card(b, v, i), i == v->pos.sel, v, x_text,
                        x_cols, on);
    }
}

static void S_draw_card(list_browser *b, const S_frame *f)
{
    ui *u = b->u;
    const vg_deck *deck = list_deck(b);
    list_view *v = list_top(b);
    const vg_card *card = &deck->cards[v->card];
    ui_card_view_update(&b->cv, u, deck, card);
    /* The top line: the section, and where the card is in its list. */
    list_view *list = b->nviews > 1 ? v - 1 : v;
    char pos[64] = "";
    size_t n = list_items(b, list);
    if (list->kind == V_CARDS && list->pos.sel < n)
        snprintf(pos, sizeof pos, "%s%zu of %zu", list->results ? "match " : "", list->pos.sel + 1,
                 n);
    vg_buf_clear(&b->row);
    list_section_label(b, card->section, &b->row);
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
            vg_report_due(st.due, list_now(b), b->h->session.utc_offset, true, due, sizeof due);
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
static void S_draw_prompt(list_browser *b, int y)
{
    ui *u = b->u;
    int cols = ui_cols(u);
    int margin = ui_margin(u);
    ui_fill(u, y, 0, cols, " ", UI_R_NORMAL);
    char right[48] = "";
    if (b->query.len)
        S_count(b, right, sizeof right);
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

/* The footer offers only what applies: unsuspend on a suspended card, unbury on a buried
 * one, no edit where the deck cannot be edited. */
static const char *S_hint_word(int action, const char *word, void *ctx)
{
    list_browser *b = ctx;
    size_t card;
    const vg_record *rec = NULL;
    if (list_current_card(b, &card))
        rec = vg_session_card_at(b->ses, 0, card)->rec;
    switch (action) {
    case UI_A_EDIT:
        return list_deck(b) && ui_editable(list_deck(b)->file) ? word : NULL;
    case UI_A_TOGGLE_SUSPEND:
        return rec && rec->suspended ? "unsuspend" : word;
    case UI_A_UNBURY:
        return rec && rec->buried_until > list_now(b) ? word : NULL;
    default:
        return word;
    }
}

void list_draw(void *ctx, ui *u)
{
    list_browser *b = ctx;
    S_frame f;
    f.rows = ui_rows(u);
    f.cols = ui_cols(u);
    f.big = f.rows >= 10;
    list_view *v = list_top(b);
    f.head_y = f.big && v->kind != V_CARD ? 2 : -1;
    f.y0 = f.big ? (v->kind == V_CARD ? 2 : 3) : 1;
    f.y1 = f.big ? f.rows - 2 : f.rows - 1;
    /* A notice wraps onto up to three rows above the hints; the list gives them up. */
    ui_role role;
    const char *notice = b->typing ? NULL : ui_notice_get(u, &role);
    int margin = ui_margin(u);
    int notice_rows = 1;
    if (notice && f.big) {
        notice_rows = ui_wrap_rows(notice, f.cols - 2 * margin);
        notice_rows = notice_rows > 3 ? 3 : notice_rows;
        if (f.y1 - (notice_rows - 1) - f.y0 >= 2)
            f.y1 -= notice_rows - 1;
        else
            notice_rows = 1;
    }
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

    int hint_y = f.rows - 1, note_y = f.big ? f.rows - 1 - notice_rows : f.rows - 1;
    if (b->typing) {
        S_draw_prompt(b, note_y);
        if (f.big)
            ui_draw_hints(u, hint_y, ui_keymap_get(UI_KM_SEARCH), UI_A_NONE);
        return;
    }
    if (notice) {
        for (int r = 0; r < notice_rows; r++)
            ui_fill(u, note_y + r, 0, f.cols, " ", UI_R_NORMAL);
        if (f.big)
            ui_put_wrapped(u, note_y, margin, f.cols - 2 * margin, notice_rows, notice, role);
        else
            ui_put_cut(u, note_y, margin, f.cols - 2 * margin, notice, role);
    }
    if (f.big || !notice)
        ui_draw_hints_by(u, hint_y, list_keymap(b), S_hint_word, b);
}
