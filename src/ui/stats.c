/* The stats screen: the text of vg_stats_format, made again when the width changes, painted
 * line by line from the first line shown (and the first column, for wide charts). Layout: the
 * deck and "Statistics" on the top line, a rule, the text, a line of key hints. Below 10 rows
 * the rule goes. A key costs the lines on the screen: the text is made once per width. */
#include "ui/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/buf.h"
#include "vgrev/report.h"
#include "vgrev/utf8.h"

#define S_N(a) (sizeof(a) / sizeof *(a))

typedef struct S_stats {
    char *title;
    const vg_stats *st;
    vg_buf text;   /* the lines, each ending in '\n' */
    size_t *lines; /* where each starts */
    size_t nlines, cap;
    int text_w; /* the width the text was made for; 0: not made */
    int widest; /* columns of the widest line */
    ui_pos pos; /* over the lines */
    int left;   /* the first column shown */
    bool *quit; /* set when the user asked to quit altogether */
    vg_stats copy;
    /* The simulation is computed from this session on `r` (borrowed; NULL: no `r`), or shown
     * instead of the numbers (sim). */
    const vg_session *ses;
    uint64_t seed;
    vg_sim_result *sim;
    /* A card's page instead (ui_card_info_push): its record, borrowed while it is shown. */
    const vg_sched *sched;
    const vg_record *rec;
    vg_time now;
    int32_t utc_offset;
} S_stats;

/* The text for a width: the day, then the parts of vg_stats_format. */
static void S_make(S_stats *s, int width)
{
    vg_buf_clear(&s->text);
    if (s->sched) {
        vg_card_info_format(s->sched, s->rec, s->now, s->utc_offset, width > 0 ? (size_t)width : 1,
                            &s->text);
    } else if (s->sim) {
        vg_sim_format(s->sim, width > 0 ? (size_t)width : 1, &s->text);
    } else {
        vg_report_today(s->st, &s->text);
        vg_stats_format(s->st, width > 0 ? (size_t)width : 1, &s->text);
    }
    s->nlines = 0;
    s->widest = 0;
    const char *t = vg_buf_str(&s->text);
    for (size_t i = 0; i < s->text.len;) {
        const char *nl = memchr(t + i, '\n', s->text.len - i);
        size_t end = nl ? (size_t)(nl - t) : s->text.len;
        if (s->nlines == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 128;
            size_t *l = realloc(s->lines, cap * sizeof *l);
            if (!l)
                break;
            s->lines = l;
            s->cap = cap;
        }
        s->lines[s->nlines++] = i;
        int w = ui_width(t + i, end - i);
        if (w > s->widest)
            s->widest = w;
        i = end + 1;
    }
    s->text_w = width;
}

/* What a character of the text is: a bar or shade (U+2580-U+259F), a line of a chart's axes,
 * the "none" dot, or text. */
static ui_role S_role(uint32_t cp)
{
    if (cp >= 0x2580 && cp <= 0x259F)
        return UI_R_BAR;
    if ((cp >= 0x2500 && cp <= 0x257F) || cp == 0x00B7)
        return UI_R_RULE;
    return UI_R_NORMAL;
}

/* One line from column `left`, in runs of one role; a title (a line that does not start with
 * a space) in bold. */
static void S_paint(S_stats *s, ui *u, const char *line, size_t len, int y, int x, int w)
{
    bool title = len > 0 && line[0] != ' ';
    size_t i = 0;
    int col = 0;
    /* Skip the columns left of the window (a wide character cut in two is left out). */
    while (i < len && col < s->left) {
        uint32_t cp;
        size_t n = vg_utf8_decode(line + i, len - i, &cp);
        int cw = vg_char_width(cp);
        col += cw > 0 ? cw : 0;
        i += n;
    }
    int at = col - s->left;
    while (i < len && at < w) {
        uint32_t cp;
        size_t start = i;
        vg_utf8_decode(line + i, len - i, &cp);
        ui_role role = title ? UI_R_STRONG : S_role(cp);
        while (i < len) {
            size_t n = vg_utf8_decode(line + i, len - i, &cp);
            if ((title ? UI_R_STRONG : S_role(cp)) != role)
                break;
            i += n;
        }
        at += ui_put(u, y, x + at, w - at, line + start, i - start, role, 0);
    }
}

static const ui_keymap *S_keymap(void *ctx)
{
    const S_stats *s = ctx;
    return ui_keymap_get(s->sched || s->sim ? UI_KM_STATS_PAGE : UI_KM_STATS);
}

static void S_draw(void *ctx, ui *u)
{
    S_stats *s = ctx;
    int rows = ui_rows(u), cols = ui_cols(u), margin = ui_margin(u);
    int w = cols - margin - 1; /* the last column is the scroll arrows' */
    if (s->text_w != w)
        S_make(s, w);
    const char *right = s->sched     ? "Card info"
                        : s->sim     ? "Retention"
                        : cols >= 40 ? "Statistics"
                                     : "Stats";
    const ui_part part = {right, UI_R_DIM};
    ui_draw_top(u, s->title, &part, 1, false);
    bool big = rows >= 10;
    int y0 = big ? 2 : 1, y1 = rows - 1;
    if (big)
        ui_fill(u, 1, 0, cols, "─", UI_R_RULE);
    size_t body = (size_t)(y1 - y0 > 0 ? y1 - y0 : 1);
    ui_pos_clamp(&s->pos, s->nlines, body);
    int maxleft = s->widest > w ? s->widest - w : 0;
    if (s->left > maxleft)
        s->left = maxleft;
    const char *t = vg_buf_str(&s->text);
    for (size_t r = 0; r < body && s->pos.top + r < s->nlines; r++) {
        size_t k = s->pos.top + r;
        size_t start = s->lines[k];
        size_t end = k + 1 < s->nlines ? s->lines[k + 1] - 1 : s->text.len;
        S_paint(s, u, t + start, end - start, y0 + (int)r, margin, w);
    }
    /* Where the scroll stands, in the right margin's column. */
    ui_draw_scroll_mark(u, &s->pos, -1, 0, y0, (int)body);
    ui_draw_hints(u, rows - 1, S_keymap(s), maxleft ? UI_A_NONE : UI_A_SCROLL_RIGHT);
}

static ui_pos *S_pos(void *ctx)
{
    S_stats *s = ctx;
    return &s->pos;
}

/* r: the simulation of the session's deck at the screen's time, on a screen of its own. */
static void S_retention(S_stats *s, ui *u)
{
    if (!s->ses || s->sched || s->sim)
        return;
    vg_sim_input in;
    vg_sim_result r;
    vg_error err;
    vg_error_clear(&err);
    if (vg_sim_input_from_session(s->ses, 0, s->st->now, &in, &err) != VG_OK ||
        vg_sim_retentions(&in, s->seed, &r, &err) != VG_OK)
        ui_notice(u, UI_R_ERROR, "%s", err.msg);
    else
        ui_retention_push(u, s->title, &r, s->quit);
    vg_sim_input_release(&in);
}

static int S_request(void *ctx, ui *u, int action, int key)
{
    S_stats *s = ctx;
    if (key == UI_KEY_QUIT) {
        if (s->quit)
            *s->quit = true;
        return UI_LEAVE;
    }
    switch (action) {
    case UI_A_MOVE_FIRST:
        s->left = 0;
        return UI_PASS;
    case UI_A_SCROLL_RIGHT:
        s->left += 8;
        break;
    case UI_A_SCROLL_LEFT:
        s->left = s->left > 8 ? s->left - 8 : 0;
        break;
    case UI_A_RETENTION:
        S_retention(s, u);
        break;
    case UI_A_BACK:
        return UI_LEAVE;
    case UI_A_QUIT:
        if (s->quit)
            *s->quit = true;
        return UI_QUIT;
    default:
        return UI_PASS;
    }
    return UI_HANDLED;
}

static void S_close(void *ctx, ui *u)
{
    S_stats *s = ctx;
    (void)u;
    vg_buf_release(&s->text);
    free(s->sim);
    free(s->lines);
    free(s->title);
    free(s);
}

/* A pager with its title; NULL when out of memory. */
static S_stats *S_new(const char *title)
{
    S_stats *s = calloc(1, sizeof *s);
    char *t = strdup(title);
    if (!s || !t) {
        free(s);
        free(t);
        return NULL;
    }
    s->title = t;
    return s;
}

/* Pushes the pager s, or frees it when that fails. */
static bool S_push(ui *u, S_stats *s)
{
    static const ui_screen_ops ops = {
        .draw = S_draw, .request = S_request, .keymap = S_keymap, .pos = S_pos, .close = S_close};
    if (ui_push(u, &ops, s))
        return true;
    S_close(s, u);
    return false;
}

bool ui_stats_push(ui *u, const char *title, const vg_stats *st, const vg_session *ses,
                   uint64_t seed, bool *quit)
{
    S_stats *s = S_new(title);
    if (!s)
        return false;
    s->copy = *st;
    s->st = &s->copy;
    s->ses = ses;
    s->seed = seed;
    s->quit = quit;
    return S_push(u, s);
}

bool ui_retention_push(ui *u, const char *title, const vg_sim_result *sim, bool *quit)
{
    S_stats *s = S_new(title);
    if (!s)
        return false;
    s->sim = malloc(sizeof *s->sim);
    if (!s->sim) {
        S_close(s, u);
        return false;
    }
    *s->sim = *sim;
    s->quit = quit;
    return S_push(u, s);
}

bool ui_card_info_push(ui *u, const char *title, const vg_sched *sched, const vg_record *rec,
                       vg_time now, int32_t utc_offset)
{
    S_stats *s = S_new(title);
    if (!s)
        return false;
    s->sched = sched;
    s->rec = rec;
    s->now = now;
    s->utc_offset = utc_offset;
    return S_push(u, s);
}

bool ui_stats_run(ui *u, const char *title, const vg_stats *st, const vg_session *ses,
                  uint64_t seed, const vg_sim_result *sim)
{
    bool quit = false;
    if (sim ? ui_retention_push(u, title, sim, &quit)
            : ui_stats_push(u, title, st, ses, seed, &quit))
        ui_run(u);
    return quit;
}
