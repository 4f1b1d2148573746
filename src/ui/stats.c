/* The stats screen: the text of vg_stats_format, made again when the width changes, painted
 * line by line from the first line shown (and the first column, for wide charts). Layout: the
 * deck and "Statistics" on the top line, a rule, the text, a line of key hints. Below 10 rows
 * the rule goes. A key costs the lines on the screen: the text is made once per width. */
#include "ui/stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgrev/buf.h"
#include "vgrev/utf8.h"

#define S_N(a) (sizeof(a) / sizeof *(a))

enum S_action {
    A_DOWN = 1,
    A_UP,
    A_PGDN,
    A_PGUP,
    A_TOP,
    A_BOTTOM,
    A_LEFT,
    A_RIGHT,
    A_BACK,
    A_QUIT
};

static const ui_key S_keys_table[] = {
    {'j', A_DOWN, "j", "scroll a line"},
    {UI_KEY_DOWN, A_DOWN, "Down", NULL},
    {'k', A_UP, "k", NULL},
    {UI_KEY_UP, A_UP, "Up", NULL},
    {UI_KEY_PGDN, A_PGDN, "PgDn", "scroll a page"},
    {UI_KEY_PGUP, A_PGUP, "PgUp", NULL},
    {' ', A_PGDN, "Space", NULL},
    {'g', A_TOP, "g", "the top or the end"},
    {UI_KEY_HOME, A_TOP, "Home", NULL},
    {'G', A_BOTTOM, "G", NULL},
    {UI_KEY_END, A_BOTTOM, "End", NULL},
    {'l', A_RIGHT, "l", "along lines wider than the window"},
    {UI_KEY_RIGHT, A_RIGHT, "Right", NULL},
    {'h', A_LEFT, "h", NULL},
    {UI_KEY_LEFT, A_LEFT, "Left", NULL},
    {'?', UI_ACT_HELP, "?", "this help"},
    {'q', A_BACK, "q", "back"},
    {UI_KEY_ESC, A_BACK, "Esc", NULL},
    {'t', A_BACK, "t", NULL},
    {UI_KEY_INTR, A_QUIT, "Ctrl-C", "quit"},
};

typedef struct S_stats {
    const char *title;
    const vg_stats *st;
    vg_buf text;   /* the lines, each ending in '\n' */
    size_t *lines; /* where each starts */
    size_t nlines, cap;
    int text_w;  /* the width the text was made for; 0: not made */
    int widest;  /* columns of the widest line */
    size_t top;  /* the first line shown */
    int left;    /* the first column shown */
    size_t page; /* lines in a page at the last draw */
    bool quit;
} S_stats;

/* The text for a width: the day, then the parts of vg_stats_format. */
static void S_make(S_stats *s, int width)
{
    vg_buf_clear(&s->text);
    int64_t y;
    unsigned m, d;
    vg_time_civil_from_days(vg_time_day(s->st->today + s->st->utc_offset), &y, &m, &d);
    vg_buf_printf(&s->text, "Today: %04" PRId64 "-%02u-%02u (days start at 04:00 local time)\n\n",
                  y, m, d);
    vg_stats_format(s->st, width > 0 ? (size_t)width : 1, &s->text);
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

static int S_margin(const ui *u)
{
    return ui_cols(u) >= 40 ? 1 : 0;
}

static void S_draw(void *ctx, ui *u)
{
    S_stats *s = ctx;
    int rows = ui_rows(u), cols = ui_cols(u), margin = S_margin(u);
    int w = cols - margin - 1; /* the last column is the scroll arrows' */
    if (s->text_w != w)
        S_make(s, w);
    const char *right = cols >= 40 ? "Statistics" : "Stats";
    int rw = ui_width(right, strlen(right));
    if (cols - 2 * margin - rw - 2 >= 6) {
        ui_put_cut(u, 0, margin, cols - 2 * margin - rw - 2, s->title, UI_R_TITLE);
        ui_puts(u, 0, cols - margin - rw, rw, right, UI_R_DIM);
    } else {
        ui_put_cut(u, 0, margin, cols - 2 * margin, s->title, UI_R_TITLE);
    }
    bool big = rows >= 10;
    int y0 = big ? 2 : 1, y1 = rows - 1;
    if (big)
        ui_fill(u, 1, 0, cols, "─", UI_R_RULE);
    size_t body = (size_t)(y1 - y0 > 0 ? y1 - y0 : 1);
    s->page = body;
    size_t max = s->nlines > body ? s->nlines - body : 0;
    if (s->top > max)
        s->top = max;
    int maxleft = s->widest > w ? s->widest - w : 0;
    if (s->left > maxleft)
        s->left = maxleft;
    const char *t = vg_buf_str(&s->text);
    for (size_t r = 0; r < body && s->top + r < s->nlines; r++) {
        size_t k = s->top + r;
        size_t start = s->lines[k];
        size_t end = k + 1 < s->nlines ? s->lines[k + 1] - 1 : s->text.len;
        S_paint(s, u, t + start, end - start, y0 + (int)r, margin, w);
    }
    /* Where the scroll stands, in the right margin's column. */
    if (s->top > 0)
        ui_puts(u, y0, cols - 1, 1, "↑", UI_R_DIM);
    if (s->top < max)
        ui_puts(u, y1 - 1, cols - 1, 1, "↓", UI_R_DIM);
    static const char *const hints[] = {"j/k", "scroll", "q", "back", "?", "help"};
    static const char *const wide[] = {"j/k", "scroll", "h/l", "wide lines",
                                       "q",   "back",   "?",   "help"};
    if (maxleft)
        ui_hints(u, rows - 1, wide, S_N(wide));
    else
        ui_hints(u, rows - 1, hints, S_N(hints));
}

static const ui_key *S_keys(void *ctx, size_t *n)
{
    (void)ctx;
    *n = S_N(S_keys_table);
    return S_keys_table;
}

static int S_key(void *ctx, ui *u, int key, int action)
{
    S_stats *s = ctx;
    (void)u;
    if (key == UI_KEY_QUIT) {
        s->quit = true;
        return UI_LEAVE;
    }
    size_t page = s->page > 1 ? s->page - 1 : 1;
    switch (action) {
    case A_DOWN:
        s->top++;
        break;
    case A_UP:
        s->top = s->top ? s->top - 1 : 0;
        break;
    case A_PGDN:
        s->top += page;
        break;
    case A_PGUP:
        s->top = s->top > page ? s->top - page : 0;
        break;
    case A_TOP:
        s->top = 0;
        s->left = 0;
        break;
    case A_BOTTOM:
        s->top = s->nlines; /* clamped when drawn */
        break;
    case A_RIGHT:
        s->left += 8;
        break;
    case A_LEFT:
        s->left = s->left > 8 ? s->left - 8 : 0;
        break;
    case A_BACK:
        return UI_LEAVE;
    case A_QUIT:
        s->quit = true;
        return UI_LEAVE;
    default:
        break;
    }
    return UI_STAY;
}

bool ui_stats_run(ui *u, const char *title, const vg_stats *st)
{
    S_stats s;
    memset(&s, 0, sizeof s);
    s.title = title;
    s.st = st;
    static const ui_screen screen = {"Keys: statistics", S_draw, S_key, S_keys, NULL};
    ui_run(u, &screen, &s);
    vg_buf_release(&s.text);
    free(s.lines);
    return s.quit;
}
