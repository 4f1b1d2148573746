/* The screen engine: the stack of screens and its one key loop, moving and scrolling, the
 * notice, the top line, the hint line, the card view and the editor, written once for every
 * screen (as tig's view.c is for its views). */
#include "ui_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- moving ---------------------------------------------------------------------------------- */

bool ui_pos_move(ui_pos *p, int action)
{
    size_t *at = p->list ? &p->sel : &p->top;
    size_t max = p->list ? (p->n ? p->n - 1 : 0) : (p->n > p->page ? p->n - p->page : 0);
    size_t page = p->page ? p->page : 1;
    if (!p->list)
        page = page > 1 ? page - 1 : 1; /* a page keeps a line of the last one */
    switch (action) {
    case UI_A_MOVE_DOWN:
        *at = *at < max ? *at + 1 : max;
        break;
    case UI_A_MOVE_UP:
        *at = *at > 0 ? *at - 1 : 0;
        break;
    case UI_A_MOVE_PAGE_DOWN:
        *at = *at + page < max ? *at + page : max;
        break;
    case UI_A_MOVE_PAGE_UP:
        *at = *at > page ? *at - page : 0;
        break;
    case UI_A_MOVE_FIRST:
        *at = 0;
        break;
    case UI_A_MOVE_LAST:
        *at = max;
        break;
    default:
        return false;
    }
    return true;
}

void ui_pos_follow(ui_pos *p, size_t n, size_t visible)
{
    if (visible == 0)
        visible = 1;
    p->n = n;
    p->page = visible;
    if (n == 0) {
        p->sel = p->top = 0;
        return;
    }
    if (p->sel >= n)
        p->sel = n - 1;
    if (p->sel < p->top)
        p->top = p->sel;
    if (p->sel >= p->top + visible)
        p->top = p->sel - visible + 1;
    if (p->top + visible > n)
        p->top = n > visible ? n - visible : 0;
}

void ui_pos_clamp(ui_pos *p, size_t n, size_t page)
{
    p->n = n;
    p->page = page;
    size_t max = n > page ? n - page : 0;
    if (p->top > max)
        p->top = max;
}

/* ---- the stack and the loop ----------------------------------------------------------------- */

static ui_frame *S_top(ui *u)
{
    return u->nframes ? &u->frames[u->nframes - 1] : NULL;
}

bool ui_push(ui *u, const ui_screen_ops *ops, void *ctx)
{
    if (u->nframes == UI_MAX_SCREENS)
        return false;
    ui_frame *f = &u->frames[u->nframes++];
    memset(f, 0, sizeof *f);
    f->ops = ops;
    f->ctx = ctx;
    return true;
}

/* Pops the screen on top; its close() runs with the screen below on top, so what it reports
 * (a notice) goes to that one. */
static void S_pop(ui *u)
{
    ui_frame f = u->frames[--u->nframes];
    if (f.ops->close)
        f.ops->close(f.ctx, u);
}

void ui_close_screens(ui *u)
{
    while (u->nframes)
        S_pop(u);
}

static void S_present(void)
{
    wnoutrefresh(stdscr);
    doupdate();
}

/* One key for the screen on top: its request, then what the engine does for every screen. */
static void S_dispatch(ui *u, ui_frame *f, int key, int action)
{
    u->nkeys++;
    if (key == UI_KEY_QUIT) {
        f->ops->request(f->ctx, u, UI_A_NONE, key);
        S_pop(u);
        return;
    }
    if (action != UI_A_NONE && key != UI_KEY_NONE)
        f->notice[0] = '\0';
    int r = f->ops->request(f->ctx, u, action, key);
    if (r == UI_PASS) {
        ui_pos *p = f->ops->pos ? f->ops->pos(f->ctx) : NULL;
        if (p)
            ui_pos_move(p, action);
    } else if (r == UI_LEAVE) {
        f->leave = true; /* popped when on top: a screen it opened goes first */
    } else if (r == UI_QUIT) {
        while (u->nframes)
            S_pop(u);
    }
}

void ui_run(ui *u)
{
    bool help = false;
    ui_pos help_pos = {0};
    while (u->nframes) {
        ui_frame *f = S_top(u);
        if (f->leave) {
            S_pop(u);
            continue;
        }
        const ui_keymap *km = f->ops->keymap(f->ctx);
        ui_erase(u);
        bool small = ui_too_small();
        if (small) {
            ui_too_small_draw(u);
        } else {
            f->ops->draw(f->ctx, u);
            if (help)
                ui_help_draw(u, km, &help_pos);
        }
        S_present();
        if (!small && f->ops->idle && f->ops->idle(f->ctx, u))
            continue;

        int wait = f->ops->wait_ms ? f->ops->wait_ms(f->ctx, u) : -1;
        int key = ui_read_key(u, wait);
        if (key == UI_KEY_RESIZE || key == UI_KEY_UNKNOWN)
            continue; /* the size is read again when drawing; a key of no screen is dropped */
        if (key == UI_KEY_REDRAW) {
            clearok(curscr, TRUE);
            continue;
        }
        if (help && key != UI_KEY_NONE) {
            if (key != UI_KEY_INTR && key != UI_KEY_QUIT) {
                if (!ui_pos_move(&help_pos, ui_keymap_action(ui_keymap_get(UI_KM_HELP), key)))
                    help = false;
                continue;
            }
            help = false;
        }
        if (key == UI_KEY_QUIT) {
            while (u->nframes)
                S_dispatch(u, S_top(u), key, UI_A_NONE);
            return;
        }
        km = f->ops->keymap(f->ctx);
        int action = ui_keymap_action(km, key);
        if (small && key != UI_KEY_NONE && key != UI_KEY_INTR && key != 'q')
            continue;
        if (action == UI_A_HELP && !small) {
            help = true;
            help_pos = (ui_pos){0};
            continue;
        }
        S_dispatch(u, f, key, action);
    }
}

void ui_leave(ui *u)
{
    ui_frame *f = S_top(u);
    if (f)
        f->leave = true;
}

/* ---- the notice ------------------------------------------------------------------------------ */

void ui_notice(ui *u, ui_role role, const char *fmt, ...)
{
    ui_frame *f = S_top(u);
    if (!f)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->notice, sizeof f->notice, fmt, ap);
    va_end(ap);
    f->notice_role = role;
}

void ui_notice_clear(ui *u)
{
    ui_frame *f = S_top(u);
    if (f)
        f->notice[0] = '\0';
}

const char *ui_notice_get(const ui *u, ui_role *role)
{
    const ui_frame *f = u->nframes ? &u->frames[u->nframes - 1] : NULL;
    if (!f || !f->notice[0])
        return NULL;
    if (role)
        *role = f->notice_role;
    return f->notice;
}

/* ---- lines every screen draws ---------------------------------------------------------------- */

void ui_draw_hints(ui *u, int y, const ui_keymap *km, int omit)
{
    const char *pairs[32];
    char keys[16][8];
    size_t n = ui_keymap_hints(km, omit, pairs, keys, 16);
    if (n)
        ui_hints(u, y, pairs, n);
}

void ui_draw_hints_by(ui *u, int y, const ui_keymap *km, ui_hint_word_fn *fn, void *ctx)
{
    const char *pairs[32];
    char keys[16][8];
    size_t n = ui_keymap_hints_by(km, fn, ctx, pairs, keys, 16);
    if (n)
        ui_hints(u, y, pairs, n);
}

void ui_draw_center(ui *u, int y, const char *text, ui_role role)
{
    int cols = ui_cols(u);
    int w = ui_width(text, strlen(text));
    if (w > cols)
        ui_put_cut(u, y, 0, cols, text, role);
    else
        ui_puts(u, y, (cols - w) / 2, cols, text, role);
}

int ui_margin(const ui *u)
{
    return ui_cols(u) >= 40 ? 1 : 0;
}

int ui_text_width(const ui *u)
{
    int cols = ui_cols(u);
    int margin = cols >= 40 ? 2 : 1;
    int w = cols - 2 * margin;
    return w > 80 ? 80 : w;
}

void ui_count_parts(const ui *u, size_t new_cards, size_t learning, size_t due,
                    ui_part parts[UI_COUNT_PARTS], char num[3][24])
{
    snprintf(num[0], sizeof num[0], "%zu", new_cards);
    snprintf(num[1], sizeof num[1], "%zu", learning);
    snprintf(num[2], sizeof num[2], "%zu", due);
    bool words = ui_cols(u) >= 50;
    const ui_part p[UI_COUNT_PARTS] = {
        {words ? "New " : "", UI_R_DIM},      {num[0], UI_R_NEW},   {" · ", UI_R_DIM},
        {words ? "Learning " : "", UI_R_DIM}, {num[1], UI_R_LEARN}, {" · ", UI_R_DIM},
        {words ? "Due " : "", UI_R_DIM},      {num[2], UI_R_DUE},
    };
    memcpy(parts, p, sizeof p);
}

void ui_draw_top(ui *u, const char *title, const ui_part *parts, size_t n, bool keep_parts)
{
    int cols = ui_cols(u);
    int margin = ui_margin(u);
    int cw = 0;
    for (size_t i = 0; i < n; i++)
        cw += ui_width(parts[i].text, strlen(parts[i].text));
    int x = cols - cw - margin;
    if (x < 0)
        x = 0;
    bool room = x - margin - 2 >= 6;
    if (!room && !keep_parts) {
        ui_put_cut(u, 0, margin, cols - 2 * margin, title, UI_R_TITLE);
        return;
    }
    if (room && title)
        ui_put_cut(u, 0, margin, x - margin - 2, title, UI_R_TITLE);
    for (size_t i = 0; i < n && x < cols; i++)
        x += ui_puts(u, 0, x, cols - x, parts[i].text, parts[i].role);
}

/* ---- the card view -------------------------------------------------------------------------- */

void ui_card_view_init(ui_card_view *cv)
{
    cv->card = NULL;
    cv->w = 0;
    vg_lines_init(&cv->head);
    vg_lines_init(&cv->back);
}

void ui_card_view_release(ui_card_view *cv)
{
    vg_lines_release(&cv->head);
    vg_lines_release(&cv->back);
    cv->card = NULL;
}

void ui_card_view_forget(ui_card_view *cv)
{
    cv->card = NULL;
}

void ui_card_view_update(ui_card_view *cv, ui *u, const vg_deck *deck, const vg_card *card)
{
    int w = ui_text_width(u);
    if (card && cv->card == card && cv->w == w)
        return;
    ui_card_view_release(cv);
    if (!card)
        return;
    vg_heading h;
    if (vg_card_heading(deck, card, &h) == VG_OK)
        vg_render_rich(vg_heading_rich(&h), (size_t)w, &cv->head);
    vg_heading_release(&h);
    vg_render_rich(&card->back, (size_t)w, &cv->back);
    cv->card = card;
    cv->w = w;
}

size_t ui_card_view_lines(const ui_card_view *cv, bool back)
{
    return cv->head.nlines + (back ? 1 + cv->back.nlines : 0);
}

void ui_card_view_paint(const ui_card_view *cv, ui *u, size_t top, int y0, int h, bool back)
{
    int w = ui_text_width(u);
    int x = (ui_cols(u) - w) / 2;
    size_t n = ui_card_view_lines(cv, back);
    for (int r = 0; r < h && top + (size_t)r < n; r++) {
        size_t i = top + (size_t)r;
        int y = y0 + r;
        if (i < cv->head.nlines) {
            /* The titles dim, the front (bold runs) plain. */
            const vg_line *line = &cv->head.lines[i];
            int col = 0;
            for (size_t k = 0; k < line->nruns && col < w; k++) {
                const vg_run *run = &line->runs[k];
                ui_role role = (run->style & VG_STYLE_BOLD) ? UI_R_NORMAL : UI_R_DIM;
                col += ui_put(u, y, x + col, w - col, run->text, run->len, role, run->style);
            }
        } else if (i == cv->head.nlines) {
            ui_fill(u, y, x, w, "─", UI_R_RULE);
        } else {
            ui_paint_lines(u, &cv->back, i - cv->head.nlines - 1, y, x, 1, w, UI_R_NORMAL);
        }
    }
}

void ui_draw_scroll_mark(ui *u, const ui_pos *p, int hint_y, int x_end, int y0, int h)
{
    if (p->n <= p->page)
        return;
    size_t max = p->n - p->page;
    if (hint_y >= 0) {
        const char *more = p->top == 0 ? "↓ more: j/PgDn" : p->top >= max ? "↑ k/PgUp" : "↑↓ j/k";
        int mw = ui_width(more, strlen(more));
        ui_puts(u, hint_y, x_end - mw, mw, more, UI_R_DIM);
        return;
    }
    int cols = ui_cols(u);
    if (p->top > 0)
        ui_puts(u, y0, cols - 1, 1, "↑", UI_R_DIM);
    if (p->top < max)
        ui_puts(u, y0 + h - 1, cols - 1, 1, "↓", UI_R_DIM);
}

/* ---- the editor ----------------------------------------------------------------------------- */

bool ui_editable(const char *file)
{
    return file && strncmp(file, "built-in:", 9) != 0;
}

void ui_set_copy_builtin(ui *u, ui_copy_fn *fn)
{
    u->copy_builtin = fn;
}

bool ui_edit_deck(ui *u, const char *file, unsigned line, const char *verb)
{
    char *copy = NULL;
    if (!ui_editable(file)) {
        if (!u->copy_builtin) {
            ui_notice(u, UI_R_NOTICE,
                      "The built-in deck is part of vgrev and cannot be edited; %s a notebook "
                      "file of your own to edit its cards.",
                      verb);
            return false;
        }
        /* A file written in the user's folder: only on a second press in a row. */
        if (!u->copy_offer || u->copy_offer != u->nkeys - 1) {
            u->copy_offer = u->nkeys;
            ui_notice(u, UI_R_NOTICE, "%s",
                      "The built-in deck cannot be edited. Press the edit key again to copy it "
                      "into your decks as a file of your own, with its progress, and edit that.");
            return false;
        }
        u->copy_offer = 0;
        bool existed = false;
        vg_error err;
        vg_error_clear(&err);
        if (u->copy_builtin(&copy, &existed, &err) != VG_OK) {
            char msg[VG_ERROR_FILE_MAX + VG_ERROR_MSG_MAX + 32];
            vg_error_format(&err, msg, sizeof msg);
            ui_notice(u, UI_R_ERROR, "Could not copy the built-in deck: %s", msg);
            return false;
        }
        file = copy;
    }
    int status = ui_edit(u, file, line);
    free(copy);
    if (status == 127 || status < 0) {
        ui_notice(u, UI_R_ERROR, "%s", "Could not run the editor: set $EDITOR.");
        return false;
    }
    return true;
}
