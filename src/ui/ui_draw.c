/* Painting: roles and styles to attributes, text clipped by display width, styled lines,
 * the help overlay, the "window too small" notice, and the dispatcher of screens. */
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
    u->code_pair = u->math_pair = 0;
    if (u->color && next + 1 < COLOR_PAIRS) {
        init_pair(next, COLOR_YELLOW, -1);
        u->code_pair = next++;
        init_pair(next, COLOR_CYAN, -1);
        u->math_pair = next++;
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
    if (style & VG_STYLE_CODE) {
        if (u->code_pair)
            pair = u->code_pair;
        else
            a |= A_REVERSE;
    } else if ((style & VG_STYLE_MATH) && u->math_pair) {
        pair = u->math_pair;
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

/* ---- key tables ------------------------------------------------------------------------------ */

int ui_key_action(const ui_key *keys, size_t n, int key)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i].key == key)
            return keys[i].action;
    return UI_ACT_NONE;
}

const char *ui_key_name(const ui_key *keys, size_t n, int action)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i].action == action)
            return keys[i].name;
    return NULL;
}

/* ---- the help overlay -------------------------------------------------------------------------
 */

enum { S_HELP_MAX = 64, S_LABEL_MAX = 48 };

typedef struct S_help_row {
    char label[S_LABEL_MAX]; /* the keys of one action: "Space/Enter" */
    const char *help;
} S_help_row;

/* Help lines in the table's order; a row without help joins the line before it. */
static size_t S_help_rows(const ui_key *keys, size_t n, S_help_row *rows)
{
    size_t nrows = 0;
    S_help_row *r = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!keys[i].help) {
            if (r) {
                size_t len = strlen(r->label);
                snprintf(r->label + len, sizeof r->label - len, "/%s", keys[i].name);
            }
            continue;
        }
        r = NULL;
        if (!*keys[i].help || nrows == S_HELP_MAX)
            continue;
        r = &rows[nrows++];
        r->help = keys[i].help;
        snprintf(r->label, sizeof r->label, "%s", keys[i].name);
    }
    return nrows;
}

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

/* Draws the overlay; *top is clamped to the rows there are. Returns the rows shown. */
static int S_draw_help(ui *u, const char *title, const ui_key *keys, size_t n, size_t *top)
{
    S_help_row rows[S_HELP_MAX];
    size_t nrows = S_help_rows(keys, n, rows);
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
    if (nrows <= (size_t)body)
        *top = 0;
    else if (*top > nrows - (size_t)body)
        *top = nrows - (size_t)body;

    char head[96];
    snprintf(head, sizeof head, " %s ", title);
    int hw = ui_width(head, strlen(head));
    ui_puts(u, y, x + (w - hw > 0 ? (w - hw) / 2 : 0), w, head, UI_R_STRONG);
    if (label_w > w / 2)
        label_w = w / 2;
    for (int i = 0; i < body && *top + (size_t)i < nrows; i++) {
        const S_help_row *r = &rows[*top + (size_t)i];
        ui_puts(u, y + 2 + i, x + 2, label_w, r->label, UI_R_KEY);
        ui_put_cut(u, y + 2 + i, x + 2 + label_w + 3, w - label_w - 7, r->help, UI_R_NORMAL);
    }
    const char *foot =
        nrows > (size_t)body ? " j/k scroll · any other key closes " : " any key closes ";
    int fw = ui_width(foot, strlen(foot));
    if (h >= 2)
        ui_puts(u, y + h - 1, x + (w - fw > 0 ? (w - fw) / 2 : 0), w, foot, UI_R_DIM);
    return body;
}

/* ---- too small ----------------------------------------------------------------------------- */

static bool S_too_small(void)
{
    return COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
}

static void S_draw_too_small(ui *u)
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

/* ---- the dispatcher ------------------------------------------------------------------------- */

static void S_present(ui *u)
{
    (void)u;
    wnoutrefresh(stdscr);
    doupdate();
}

static bool S_is_scroll(int key)
{
    return key == 'j' || key == 'k' || key == UI_KEY_UP || key == UI_KEY_DOWN ||
           key == UI_KEY_PGUP || key == UI_KEY_PGDN || key == UI_KEY_HOME || key == UI_KEY_END;
}

static void S_scroll(size_t *top, int key, int page)
{
    size_t step = page > 1 ? (size_t)page - 1 : 1;
    switch (key) {
    case 'j':
    case UI_KEY_DOWN:
        *top += 1;
        break;
    case 'k':
    case UI_KEY_UP:
        *top = *top > 0 ? *top - 1 : 0;
        break;
    case UI_KEY_PGDN:
        *top += step;
        break;
    case UI_KEY_PGUP:
        *top = *top > step ? *top - step : 0;
        break;
    case UI_KEY_HOME:
        *top = 0;
        break;
    case UI_KEY_END:
        *top = (size_t)-1 / 2;
        break; /* clamped when drawn */
    default:
        break;
    }
}

void ui_run(ui *u, const ui_screen *screen, void *ctx)
{
    bool help = false;
    size_t help_top = 0;
    int help_rows = 0;
    for (;;) {
        size_t nkeys;
        const ui_key *keys = screen->keys(ctx, &nkeys);
        ui_erase(u);
        bool small = S_too_small();
        if (small) {
            S_draw_too_small(u);
        } else {
            screen->draw(ctx, u);
            if (help)
                help_rows = S_draw_help(u, screen->title, keys, nkeys, &help_top);
        }
        S_present(u);

        int wait = screen->wait_ms ? screen->wait_ms(ctx, u) : -1;
        int key = ui_read_key(u, wait);
        if (key == UI_KEY_RESIZE)
            continue; /* the size is read again when drawing */
        if (key == UI_KEY_REDRAW) {
            clearok(curscr, TRUE);
            continue;
        }
        if (help && key != UI_KEY_NONE) {
            if (key != UI_KEY_INTR && key != UI_KEY_QUIT) {
                if (S_is_scroll(key))
                    S_scroll(&help_top, key, help_rows);
                else
                    help = false;
                continue;
            }
            help = false;
        }
        keys = screen->keys(ctx, &nkeys);
        int action = ui_key_action(keys, nkeys, key);
        if (small && key != UI_KEY_NONE && key != UI_KEY_INTR && key != UI_KEY_QUIT && key != 'q')
            continue;
        if (action == UI_ACT_HELP && !small) {
            help = true;
            help_top = 0;
            continue;
        }
        if (screen->key(ctx, u, key, action) == UI_LEAVE || key == UI_KEY_QUIT)
            return;
    }
}
