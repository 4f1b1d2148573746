/* Painting: roles and styles to attributes, text clipped by display width, styled lines,
 * the help overlay and the "window too small" notice. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "vgrev/text.h"
#include "vgrev/utf8.h"

/* ---- colours ------------------------------------------------------------------------------ */

typedef struct S_look {
    short fg;     /* a curses colour, or -1 for none */
    attr_t color; /* attributes with colours */
    attr_t mono;  /* attributes without */
} S_look;

/* A calm palette on the terminal's own background: colour marks meaning, not decoration. */
static const S_look S_looks[UI_R_COUNT] = {
    [UI_R_NORMAL] = {-1, A_NORMAL, A_NORMAL},
    [UI_R_DIM] = {-1, A_DIM, A_DIM},
    [UI_R_STRONG] = {-1, A_BOLD, A_BOLD},
    [UI_R_TITLE] = {-1, A_BOLD, A_BOLD},
    [UI_R_NEW] = {COLOR_BLUE, A_BOLD, A_NORMAL},
    [UI_R_LEARN] = {COLOR_RED, A_BOLD, A_NORMAL},
    [UI_R_DUE] = {COLOR_GREEN, A_BOLD, A_NORMAL},
    [UI_R_BAR] = {COLOR_GREEN, A_NORMAL, A_BOLD},
    [UI_R_BAR_OFF] = {-1, A_DIM, A_DIM},
    [UI_R_RULE] = {-1, A_DIM, A_DIM},
    [UI_R_KEY] = {-1, A_BOLD, A_BOLD},
    [UI_R_AGAIN] = {COLOR_RED, A_BOLD, A_BOLD},
    [UI_R_HARD] = {COLOR_YELLOW, A_BOLD, A_BOLD},
    [UI_R_GOOD] = {COLOR_GREEN, A_BOLD, A_BOLD},
    [UI_R_EASY] = {COLOR_BLUE, A_BOLD, A_BOLD},
    [UI_R_NOTICE] = {COLOR_YELLOW, A_NORMAL, A_BOLD},
    [UI_R_ERROR] = {COLOR_RED, A_BOLD, A_BOLD | A_REVERSE},
    [UI_R_SELECT] = {-1, A_REVERSE, A_REVERSE},
};

void ui_colors_init(ui *u)
{
    const char *no_color = getenv("NO_COLOR");
    u->color = has_colors() && !(no_color && *no_color) && start_color() != ERR;
    if (u->color && use_default_colors() == ERR)
        assume_default_colors(COLOR_WHITE, COLOR_BLACK);
    short next = 1;
    for (int r = 0; r < UI_R_COUNT; r++) {
        u->attr[r] = u->color ? S_looks[r].color : S_looks[r].mono;
        u->pair[r] = 0;
        if (u->color && S_looks[r].fg >= 0 && next < COLOR_PAIRS) {
            init_pair(next, S_looks[r].fg, -1);
            u->pair[r] = next++;
        }
    }
    u->code_pair = u->math_pair = u->cloze_pair = 0;
    if (u->color && next + 1 < COLOR_PAIRS) {
        init_pair(next, COLOR_YELLOW, -1);
        u->code_pair = next++;
        init_pair(next, COLOR_CYAN, -1);
        u->math_pair = next++;
    }
    if (u->color && next < COLOR_PAIRS) {
        init_pair(next, COLOR_MAGENTA, -1);
        u->cloze_pair = next++;
    }
}

static void S_set_attr(ui *u, ui_role role, unsigned style)
{
    attr_t a = u->attr[role];
    short pair = u->pair[role];
    if (style & VG_STYLE_BOLD)
        a |= A_BOLD;
    if (style & VG_STYLE_ITALIC)
        a |= A_ITALIC;
    if (style & VG_STYLE_LINK)
        a |= A_UNDERLINE;
    if (style & UI_STYLE_SELECTED)
        a |= A_REVERSE;
    if (style & UI_STYLE_MATCH)
        a |= A_BOLD | A_UNDERLINE;
    if (style & VG_STYLE_CODE) {
        if (u->code_pair)
            pair = u->code_pair;
        else
            a |= A_REVERSE;
    } else if ((style & VG_STYLE_MATH) && u->math_pair) {
        pair = u->math_pair;
    }
    if (style & VG_STYLE_CLOZE) { /* a deletion, hidden or revealed: bold and coloured */
        a |= u->cloze_pair ? A_BOLD : A_BOLD | A_UNDERLINE;
        if (u->cloze_pair)
            pair = u->cloze_pair;
    }
    wattr_set(stdscr, a, pair, NULL);
}

/* ---- text ----------------------------------------------------------------------------------- */

int ui_width(const char *s, size_t len)
{
    return (int)vg_text_width(s, len);
}

void ui_erase(ui *u)
{
    (void)u;
    wattr_set(stdscr, A_NORMAL, 0, NULL);
    werase(stdscr);
}

int ui_put(ui *u, int y, int x, int maxw, const char *s, size_t len, ui_role role, unsigned style)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS || maxw <= 0)
        return 0;
    if (maxw > COLS - x)
        maxw = COLS - x;
    S_set_attr(u, role, style);
    wmove(stdscr, y, x);
    int used = 0;
    size_t i = 0, start = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = vg_utf8_decode(s + i, len - i, &cp);
        int w = vg_char_width(cp);
        if (w < 0) {
            /* Never a control character on the screen, whatever the caller passed. */
            if (i > start)
                waddnstr(stdscr, s + start, (int)(i - start));
            start = i + n;
        } else if (used + w > maxw) {
            break;
        }
        if (w > 0)
            used += w;
        i += n;
    }
    if (i > start)
        waddnstr(stdscr, s + start, (int)(i - start));
    wattr_set(stdscr, A_NORMAL, 0, NULL);
    return used;
}

int ui_puts(ui *u, int y, int x, int maxw, const char *s, ui_role role)
{
    return ui_put(u, y, x, maxw, s, strlen(s), role, VG_STYLE_PLAIN);
}

void ui_fill(ui *u, int y, int x, int w, const char *ch, ui_role role)
{
    size_t len = strlen(ch);
    int cw = ui_width(ch, len);
    if (cw <= 0)
        return;
    for (int i = 0; i + cw <= w; i += cw)
        ui_put(u, y, x + i, cw, ch, len, role, VG_STYLE_PLAIN);
}

void ui_paint_lines(ui *u, const vg_lines *lines, size_t first, int y, int x, int h, int w,
                    ui_role role)
{
    for (int row = 0; row < h && first + (size_t)row < lines->nlines; row++) {
        const vg_line *line = &lines->lines[first + (size_t)row];
        int col = 0;
        for (size_t r = 0; r < line->nruns && col < w; r++) {
            const vg_run *run = &line->runs[r];
            col += ui_put(u, y + row, x + col, w - col, run->text, run->len, role, run->style);
        }
    }
}

int ui_put_cut(ui *u, int y, int x, int maxw, const char *s, ui_role role)
{
    size_t len = strlen(s);
    if (ui_width(s, len) <= maxw)
        return ui_put(u, y, x, maxw, s, len, role, 0);
    if (maxw < 1)
        return 0;
    int n = ui_put(u, y, x, maxw - 1, s, len, role, 0);
    return n + ui_puts(u, y, x + n, 1, "…", role);
}

/* The end of s's first row at maxw columns: after the last space that fits, or at the column
 * limit when a word is wider than a row. *next is where the next row starts. */
static size_t S_row_end(const char *s, size_t len, int maxw, size_t *next)
{
    size_t i = 0, space = 0;
    bool have_space = false;
    int w = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = vg_utf8_decode(s + i, len - i, &cp);
        int cw = vg_char_width(cp);
        if (cw > 0 && w + cw > maxw)
            break;
        if (cp == ' ') {
            space = i;
            have_space = true;
        }
        w += cw > 0 ? cw : 0;
        i += n;
    }
    if (i == len) {
        *next = len;
        return len;
    }
    if (have_space && space > 0) {
        *next = space + 1;
        return space;
    }
    if (i == 0) /* not even one character fits */
        i = len;
    *next = i;
    return i;
}

int ui_wrap_rows(const char *s, int maxw)
{
    size_t len = strlen(s), pos = 0, next = 0;
    int rows = 0;
    while (pos < len && maxw > 0) {
        S_row_end(s + pos, len - pos, maxw, &next);
        pos += next;
        rows++;
    }
    return rows ? rows : 1;
}

void ui_put_wrapped(ui *u, int y, int x, int maxw, int nrows, const char *s, ui_role role)
{
    size_t len = strlen(s), pos = 0, next = 0;
    for (int r = 0; r < nrows && pos < len && maxw > 0; r++) {
        size_t end = S_row_end(s + pos, len - pos, maxw, &next);
        if (r == nrows - 1 && pos + end < len) {
            ui_put_cut(u, y + r, x, maxw, s + pos, role); /* the last row left: cut, with … */
            return;
        }
        ui_put(u, y + r, x, maxw, s + pos, end, role, 0);
        pos += next;
    }
}

void ui_hints(ui *u, int y, const char *const *pairs, size_t n)
{
    int cols = COLS;
    int w = 0;
    size_t fit = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        int pw = ui_width(pairs[i], strlen(pairs[i])) + 1 +
                 ui_width(pairs[i + 1], strlen(pairs[i + 1])) + (i ? 3 : 0);
        if (w + pw > cols)
            break;
        w += pw;
        fit = i + 2;
    }
    if (fit == 0) {
        if (n)
            ui_puts(u, y, 0, cols, pairs[0], UI_R_KEY);
        return;
    }
    int x = (cols - w) / 2;
    for (size_t i = 0; i < fit; i += 2) {
        if (i)
            x += 3;
        x += ui_puts(u, y, x, cols - x, pairs[i], UI_R_KEY);
        x += 1;
        x += ui_puts(u, y, x, cols - x, pairs[i + 1], UI_R_DIM);
    }
}

/* ---- the help overlay ------------------------------------------------------------------- */

enum { S_HELP_MAX = 64 };

static void S_box(ui *u, int y, int x, int h, int w)
{
    for (int row = y; row < y + h; row++)
        ui_fill(u, row, x, w, " ", UI_R_NORMAL);
    if (h < 2 || w < 2)
        return;
    ui_puts(u, y, x, 1, "┌", UI_R_RULE);
    ui_fill(u, y, x + 1, w - 2, "─", UI_R_RULE);
    ui_puts(u, y, x + w - 1, 1, "┐", UI_R_RULE);
    for (int row = y + 1; row < y + h - 1; row++) {
        ui_puts(u, row, x, 1, "│", UI_R_RULE);
        ui_puts(u, row, x + w - 1, 1, "│", UI_R_RULE);
    }
    ui_puts(u, y + h - 1, x, 1, "└", UI_R_RULE);
    ui_fill(u, y + h - 1, x + 1, w - 2, "─", UI_R_RULE);
    ui_puts(u, y + h - 1, x + w - 1, 1, "┘", UI_R_RULE);
}

void ui_help_draw(ui *u, const ui_keymap *km, ui_pos *p)
{
    ui_help_line rows[S_HELP_MAX];
    size_t nrows = ui_keymap_help(km, rows, S_HELP_MAX);
    int label_w = 0, help_w = 0;
    for (size_t i = 0; i < nrows; i++) {
        int lw = ui_width(rows[i].label, strlen(rows[i].label));
        int hw = ui_width(rows[i].help, strlen(rows[i].help));
        label_w = lw > label_w ? lw : label_w;
        help_w = hw > help_w ? hw : help_w;
    }
    int w = label_w + 3 + help_w + 4, h = (int)nrows + 4;
    if (w > COLS)
        w = COLS;
    if (h > LINES)
        h = LINES;
    int y = (LINES - h) / 2, x = (COLS - w) / 2;
    S_box(u, y, x, h, w);
    int body = h - 4 > 0 ? h - 4 : 0;
    ui_pos_clamp(p, nrows, (size_t)body);

    char head[96];
    snprintf(head, sizeof head, " %s ", km->title);
    int hw = ui_width(head, strlen(head));
    ui_puts(u, y, x + (w - hw > 0 ? (w - hw) / 2 : 0), w, head, UI_R_STRONG);
    if (label_w > w / 2)
        label_w = w / 2;
    for (int i = 0; i < body && p->top + (size_t)i < nrows; i++) {
        const ui_help_line *r = &rows[p->top + (size_t)i];
        ui_puts(u, y + 2 + i, x + 2, label_w, r->label, UI_R_KEY);
        ui_put_cut(u, y + 2 + i, x + 2 + label_w + 3, w - label_w - 7, r->help, UI_R_NORMAL);
    }
    const char *foot =
        nrows > (size_t)body ? " j/k scroll · any other key closes " : " any key closes ";
    int fw = ui_width(foot, strlen(foot));
    if (h >= 2)
        ui_puts(u, y + h - 1, x + (w - fw > 0 ? (w - fw) / 2 : 0), w, foot, UI_R_DIM);
}

/* ---- too small ----------------------------------------------------------------------------- */

bool ui_too_small(void)
{
    return COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
}

void ui_too_small_draw(ui *u)
{
    const char *msg = COLS >= 16 ? "window too small" : COLS >= 9 ? "too small" : "small";
    int w = ui_width(msg, strlen(msg));
    int y = LINES / 2 - (LINES >= 2 ? 1 : 0);
    ui_puts(u, y, COLS > w ? (COLS - w) / 2 : 0, COLS, msg, UI_R_STRONG);
    char need[32];
    snprintf(need, sizeof need, "%dx%d at least", UI_MIN_COLS, UI_MIN_ROWS);
    w = ui_width(need, strlen(need));
    if (LINES >= 2 && COLS >= w)
        ui_puts(u, y + 1, (COLS - w) / 2, COLS, need, UI_R_DIM);
}
